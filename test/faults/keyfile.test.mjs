// keyfile.test.mjs — a corrupt master key file (issue 12, "Faults"), against the CLI contract
// (CONTRACT.md: `--key-file FILE`, default $UREG_KEY_FILE, then ureg.key beside a SQLite
// database; `ureg init` creates it with mode 0600 when missing; never in the database).
//
// In the default run on both backends (`make api`, and again under scripts/pg-test.sh). It was
// written before the key file was merged and kept behind a switch until then; since the merge
// its two failures were the refusal messages not naming the file when the key in it did not
// match the database (app__key_check now names it).
//
// What must hold: a key file that is empty, cut short, not a regular file, readable by others
// (not 0600), or missing (outside --dev) stops `ureg serve` and `ureg init` with exit status 1
// and a message naming the file — never a start, a crash (status 2, a signal) or a new key
// written over the old one; a key file replaced by another valid key (a different key) is
// refused too, at the start or, at the latest, as a clear JSON error on the first personal
// datum read, never garbage; with the original file back, the server starts and shows what
// was stored before, unchanged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync,
    writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer, api, runCli, freshDb, tempDir, PG, DEMO_USERS } from '../api/helpers.mjs';
import { freshId, formFor } from '../api/idgen.mjs';


// init, a submission, stopped: the database, the key file and what was submitted.
async function setUp(t) {
    const dir = tempDir(t);
    const db = freshDb(dir, 'keyed');
    const key = join(dir, 'master.key');
    const init = await runCli(['--key-file', key, 'init'], { db });
    assert.equal(init.code, 0, init.stderr);
    const st = statSync(key, { throwIfNoEntry: false });
    assert.ok(st, '`ureg --key-file FILE init` creates the key file');
    assert.ok(st.isFile() && st.size > 0, 'a non-empty regular file');
    assert.equal(st.mode & 0o777, 0o600, 'mode 0600');
    const good = readFileSync(key);
    const srvDir = join(dir, 'srv');
    mkdirSync(srvDir);
    const env = { UREG_KEY_FILE: key };
    const demo = await runCli(['demo'], { db, env });
    assert.equal(demo.code, 0, demo.stderr);
    const srv = await startServer({ reuse: { dir: srvDir, db }, dev: false, env });
    const id = freshId();
    const r = await api(srv.url).post('/api/v1/public/applications', formFor(id));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await srv.stopKeep();
    return { dir, db, key, good, id, no: r.body.application_no };
}

// `ureg --key-file KEY serve` and `init` must refuse: status 1, the file named, no start.
async function assertRefused(s, what) {
    for (const args of [['serve', '--listen', '127.0.0.1:0'], ['init']]) {
        const r = await runCli(['--key-file', s.key, ...args], { db: s.db });
        assert.equal(r.code, 1, `${what}, ${args[0]}: status ${r.code}\n${r.stdout}${r.stderr}`);
        assert.doesNotMatch(r.stdout, /listening on/, what);
        assert.ok(r.stderr.includes(s.key), `${what}, ${args[0]}: names the key file:\n${r.stderr}`);
    }
}

// The original key back: the server starts and shows the stored application, unchanged.
async function assertRecovers(t, s) {
    rmSync(s.key, { recursive: true, force: true });
    writeFileSync(s.key, s.good, { mode: 0o600 });
    chmodSync(s.key, 0o600);
    const srvDir = join(s.dir, `srv-${Date.now()}`);
    mkdirSync(srvDir);
    const srv = await startServer({ reuse: { dir: srvDir, db: s.db }, dev: false,
        env: { UREG_KEY_FILE: s.key } });
    t.after(() => srv.stop());
    const staff = api(srv.url);
    assert.equal((await staff.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const r = await staff.get(`/api/v1/applications/${s.no}?reveal=true&reason=${encodeURIComponent('key file fault test')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.person.id_number, s.id);
    assert.deepEqual(readFileSync(s.key), s.good, 'the key file was never rewritten');
}

test('a corrupt key file stops serve and init with status 1 naming it; the good one works',
    async (t) => {
        const s = await setUp(t);
        const cases = [
            ['empty', () => truncateSync(s.key, 0)],
            ['cut short', () => truncateSync(s.key, Math.floor(s.good.length / 2))],
            ['readable by others', () => chmodSync(s.key, 0o644)],
            ['a directory', () => {
                rmSync(s.key);
                mkdirSync(s.key);
            }],
            ['missing (no --dev)', () => rmSync(s.key)],
        ];
        for (const [what, corrupt] of cases) {
            writeFileSync(s.key, s.good, { mode: 0o600 });
            chmodSync(s.key, 0o600);
            corrupt();
            await assertRefused(s, what);
            if (what.startsWith('missing')) {
                const st = statSync(s.key, { throwIfNoEntry: false });
                assert.ok(!st, 'serve does not make a new key in place of a missing one');
            }
            rmSync(s.key, { recursive: true, force: true });
        }
        await assertRecovers(t, s);
    });

test('another valid-looking key in place of the right one is refused, never garbage',
    async (t) => {
        const s = await setUp(t);
        // A key of the same length and shape: the same bytes where the file is text (hex,
        // base64, a header), random bytes in place of the key material.
        const other = Buffer.from(s.good);
        const text = /^[\x20-\x7e\r\n]*$/.test(s.good.toString('latin1'));
        const alphabet = '0123456789abcdef';
        for (let i = 0; i < other.length; i++) {
            const c = String.fromCharCode(other[i]);
            if (!text) other[i] = randomBytes(1)[0];
            else if (/[0-9a-f]/.test(c)) other[i] = alphabet.charCodeAt(randomBytes(1)[0] % 16);
        }
        assert.notDeepEqual(other, s.good);
        writeFileSync(s.key, other, { mode: 0o600 });
        chmodSync(s.key, 0o600);
        const srvDir = join(s.dir, 'srv-other');
        mkdirSync(srvDir);
        let srv = null;
        try {
            srv = await startServer({ reuse: { dir: srvDir, db: s.db }, dev: false,
                env: { UREG_KEY_FILE: s.key } });
        } catch (e) {
            // Refused at the start: the message names the key file.
            assert.match(String(e.message), /exited \(1\) before listening/, e.message);
            assert.ok(String(e.message).includes(s.key), e.message);
        }
        if (srv) {
            // Started: then the first personal datum read is a clear error, never garbage.
            const staff = api(srv.url);
            const login = await staff.login('caseworker', DEMO_USERS.caseworker.password);
            if (login.status === 200) {
                const r = await staff.get(`/api/v1/applications/${s.no}?reveal=true&reason=${encodeURIComponent('key file fault test')}`);
                assert.ok(r.status >= 400, `read with the wrong key: ${JSON.stringify(r.body)}`);
                assert.deepEqual(Object.keys(r.body), ['error']);
            }
            await srv.stopKeep();
        }
        await assertRecovers(t, s);
    });

test('init makes the key file beside a SQLite database when none is named',
    async (t) => {
        if (PG) return; // the default location beside the file is SQLite's
        const dir = tempDir(t);
        const db = join(dir, 'u.db');
        const r = await runCli(['init'], { db, env: { UREG_KEY_FILE: '' } });
        assert.equal(r.code, 0, r.stderr);
        const st = statSync(join(dir, 'ureg.key'), { throwIfNoEntry: false });
        assert.ok(st && st.isFile() && (st.mode & 0o777) === 0o600, 'ureg.key, mode 0600');
        assert.ok(!readFileSync(db).includes(readFileSync(join(dir, 'ureg.key'))),
            'the key is not in the database file');
    });
