// pii.test.mjs — personal data at rest as a black box (issue 12, DESIGN.md "Personal data at
// rest"): a stolen database file (SQLite: the file and its WAL; PostgreSQL: every table's rows
// as a dump reads them) holds none of the document numbers, phones, names or sensitive details
// of the people taken in, while the API still shows them (masked, or revealed); the key file is
// required, checked and never replaced; `ureg key rotate` re-encrypts everything, resumably.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, chmodSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, api, runCli, freshDb, tempDir, psql, PG, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';
import { totp, T0 } from './totp.mjs';

// Known people: each has a document number, a phone, a name and details found nowhere else.
const PEOPLE = [
    { id: idNumber('110101', '1988-04-12', 301), name: '欧阳震华', phone: '13912340001',
        employer: '甲乙丙特种玻璃有限公司', address: '北京市东城区景山前街七号院' },
    { id: idNumber('110101', '1979-11-03', 302), name: '司马相如', phone: '13912340002',
        employer: '丁戊己精密铸造厂', address: '北京市东城区王府井北口八号楼' },
    { id: idNumber('110101', '1995-02-27', 303), name: '上官婉儿', phone: '13912340003',
        employer: '庚辛壬文化传媒中心', address: '北京市东城区东四十条九号' },
];

function formOf(p) {
    return formFor(p.id, {
        name: p.name, phone: p.phone, residence_address: p.address, hukou_address: p.address,
        health: 'disabled', disability_grade: '2', last_employer: p.employer,
    });
}

// What a thief of the database gets: the SQLite file and its WAL as bytes, or on PostgreSQL
// the text of every row of every table (what pg_dump would write).
function rawDatabase(srv) {
    if (!PG) {
        const parts = [srv.db, `${srv.db}-wal`].filter(existsSync).map((f) => readFileSync(f));
        return Buffer.concat(parts);
    }
    const tables = psql(srv.db,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split('\n');
    // Every row of every table as text, as pg_dump would write it (psql's own buffer: the
    // region table alone is megabytes).
    return Buffer.concat(tables.map((t) => execFileSync('psql',
        ['-qAtX', '-v', 'ON_ERROR_STOP=1', '-d', srv.db, '-c', `SELECT x::text FROM "${t}" x`],
        { maxBuffer: 1 << 30 })));
}

function assertNoneIn(raw, people, what) {
    for (const p of people)
        for (const v of [p.id, p.phone, p.name, p.employer, p.address, p.id.slice(0, 14)])
            assert.equal(raw.indexOf(Buffer.from(v, 'utf8')), -1, `${what}: ${v} found`);
}

async function login(srv, user) {
    const c = api(srv.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200);
    return c;
}

test('a stolen database holds no document number, phone, name or detail of the people taken in',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const nos = [];
        for (const p of PEOPLE) {
            const r = await api(srv.url).post('/api/v1/public/applications', formOf(p));
            assert.equal(r.status, 201, JSON.stringify(r.body));
            nos.push(r.body.application_no);
        }
        // The same people in a reference dataset, loaded while the server runs.
        const csv = join(srv.dir, 'insurance.csv');
        writeFileSync(csv, 'id_number,event_date\n' +
            PEOPLE.map((p) => `${p.id},202512`).join('\n') + '\n');
        const imp = await srv.run(['import', 'insurance', csv]);
        assert.equal(imp.code, 0, imp.stderr);
        assert.match(imp.stdout, /loaded 3,/);

        // The staff still see them: masked, revealed with a reason, and compared.
        const cw = await login(srv, 'caseworker');
        const g = await cw.get(`/api/v1/applications/${nos[0]}`);
        assert.equal(g.status, 200);
        assert.equal(g.body.person.name, '欧***');
        assert.equal(g.body.person.phone, '139****0001');
        const rv = await cw.get(`/api/v1/applications/${nos[0]}?reveal=true&reason=核对身份`);
        assert.equal(rv.status, 200, JSON.stringify(rv.body));
        assert.equal(rv.body.person.id_number, PEOPLE[0].id);
        assert.equal(rv.body.person.name, PEOPLE[0].name);
        assert.equal(rv.body.person.residence_address, PEOPLE[0].address);
        assert.equal(rv.body.details.last_employer, PEOPLE[0].employer);
        assert.equal(rv.body.details.health, 'disabled');
        const cmp = await srv.run(['compare']);
        assert.equal(cmp.code, 0, cmp.stderr);
        const again = await cw.get(`/api/v1/applications/${nos[1]}`);
        const employment = again.body.verifications.find((v) => v.check === 'employment');
        assert.equal(employment?.source, 'insurance', JSON.stringify(again.body.verifications));
        // The one-open-case rule still holds through the blind index.
        const dup = await api(srv.url).post('/api/v1/public/applications', formOf(PEOPLE[2]));
        assert.equal(dup.status, 409, JSON.stringify(dup.body));

        // Staff second factors: one confirmed (caseworker), one being enrolled (supervisor).
        const e = await cw.post('/api/v1/session/totp', {});
        assert.equal(e.status, 200, JSON.stringify(e.body));
        assert.equal((await cw.post('/api/v1/session/totp/confirm', { code: totp(e.body.secret, T0) }))
            .status, 200);
        const sup = await login(srv, 'supervisor');
        const pending = await sup.post('/api/v1/session/totp', {});
        assert.equal(pending.status, 200, JSON.stringify(pending.body));
        const secrets = [e.body.secret, pending.body.secret];
        const assertNoSecret = (raw, what) => {
            for (const v of secrets)
                assert.equal(raw.indexOf(Buffer.from(v)), -1, `${what}: TOTP secret ${v} found`);
        };

        assertNoneIn(rawDatabase(srv), PEOPLE, 'while serving');
        assertNoSecret(rawDatabase(srv), 'while serving');
        await srv.stopKeep();
        assertNoneIn(rawDatabase(srv), PEOPLE, 'after a checkpoint');
        assertNoSecret(rawDatabase(srv), 'after a checkpoint');
    });

// A TOTP secret in clear, as every one was before migration 045, written into the database.
function plantClearSecret(srv, username, secret) {
    const sql = `UPDATE app_user SET totp_secret = '${secret}', totp_pending = NULL,`
        + ` totp_last_step = 0, totp_key_version = 0 WHERE username = '${username}'`;
    if (PG) psql(srv.db, sql);
    else execFileSync('sqlite3', ['-batch', srv.db, '.timeout 5000', sql]);
}

test('TOTP secrets written in clear are encrypted at the next start; key rotate re-encrypts them',
    async (t) => {
        const first = await startServer();
        await first.stopKeep();
        const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
        plantClearSecret(first, 'caseworker', secret);
        assert.notEqual(rawDatabase(first).indexOf(Buffer.from(secret)), -1, 'planted in clear');
        const srv = await startServer({ reuse: first });
        t.after(() => srv.stop());
        const stored = () => {
            const q = "SELECT totp_key_version || ' ' || totp_secret FROM app_user"
                + " WHERE username = 'caseworker'";
            return PG ? psql(srv.db, q)
                : execFileSync('sqlite3', ['-batch', srv.db, '.timeout 5000', q], { encoding: 'utf8' })
                    .trim();
        };
        assert.match(stored(), /^1 [A-Za-z0-9_-]{80,}$/, 'sealed under key version 1 at the start');
        assert.ok(!stored().includes(secret));
        const s = api(srv.url);
        const loginWith = (code) => s.request('POST', '/api/v1/session', { body: {
            username: 'caseworker', password: DEMO_USERS.caseworker.password, totp_code: code } });
        const ok = await loginWith(totp(secret, T0));
        assert.equal(ok.status, 200, JSON.stringify(ok.body)); // the same secret, decrypted
        const auditor = await login(srv, 'auditor');
        const log = await auditor.get('/api/v1/audit?object_type=key&object_id=pii');
        assert.deepEqual(log.body.items.map((i) => [i.action, i.detail.users]),
            [['key.encrypt_totp', 1]]);

        const rot = await srv.run(['key', 'rotate']);
        assert.equal(rot.code, 0, rot.stderr);
        assert.match(rot.stdout, /^key version 1 -> 2: .*; staff second factors 1$/m);
        assert.match(stored(), /^2 [A-Za-z0-9_-]{80,}$/, 'sealed under key version 2');
        // Still the same secret under the new key: the next step's code logs in.
        const again = await loginWith(totp(secret, T0, 1));
        assert.equal(again.status, 200, JSON.stringify(again.body));
        const after = await auditor.get('/api/v1/audit?object_type=key&object_id=pii');
        assert.deepEqual(after.body.items.map((i) => [i.action, i.detail.users]),
            [['key.encrypt_totp', 1], ['key.rotate', 1]]);
        // The raw file: on SQLite after the VACUUM operations.md asks for after a conversion
        // (SQLite keeps freed pages).
        await srv.stopKeep();
        if (!PG) execFileSync('sqlite3', ['-batch', srv.db, 'VACUUM']);
        assert.equal(rawDatabase(srv).indexOf(Buffer.from(secret)), -1, 'the secret in the raw file');
    });

test('the key file: required outside --dev, created by init with mode 0600, checked, never replaced',
    async (t) => {
        const dir = tempDir(t);
        const db = PG ? freshDb(dir, 'keys') : join(dir, 'keys.db');
        const key = join(dir, 'own.key');
        const env = { UREG_KEY_FILE: key };
        // Without the file nothing starts, outside --dev.
        const none = await runCli(['demo'], { db, env });
        assert.equal(none.code, 1);
        assert.match(none.stderr, /key file .*own\.key is missing/);
        assert.ok(!existsSync(key));
        // init makes it.
        const init = await runCli(['init'], { db, env });
        assert.equal(init.code, 0, init.stderr);
        assert.equal(statSync(key).mode & 0o777, 0o600);
        assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);
        const demo = await runCli(['demo'], { db, env });
        assert.equal(demo.code, 0, demo.stderr);
        const count = () => PG ? psql(db, 'SELECT COUNT(*), MAX(id) FROM audit_log')
            : createHash('sha256').update(readFileSync(db)).digest('hex');
        const before = count();

        // Readable by the group: refused.
        chmodSync(key, 0o640);
        const mode = await runCli(['serve', '--listen', '127.0.0.1:0'], { db, env });
        assert.equal(mode.code, 1);
        assert.match(mode.stderr, /key file .*own\.key must be mode 0600/);
        chmodSync(key, 0o600);
        // Another key, or a corrupt file: refused, nothing written, the file left as it is.
        const good = readFileSync(key);
        copyFileSync(key, join(dir, 'good.key'));
        writeFileSync(key, 'f'.repeat(64) + '\n');
        for (const args of [['init'], ['demo'], ['key', 'rotate']]) {
            const r = await runCli(args, { db, env });
            assert.equal(r.code, 1, `${args}: ${r.stderr}`);
            assert.match(r.stderr, /key file \S+ does not match this database/);
        }
        assert.equal(readFileSync(key, 'utf8'), 'f'.repeat(64) + '\n');
        writeFileSync(key, 'not a key\n');
        const corrupt = await runCli(['demo'], { db, env });
        assert.equal(corrupt.code, 1);
        assert.match(corrupt.stderr, /key file .*own\.key is not 64 hexadecimal digits/);
        assert.equal(count(), before);
        // A database written under a key whose file is lost: init does not make a new key.
        const lost = await runCli(['init'], { db, env: { UREG_KEY_FILE: join(dir, 'new.key') } });
        assert.equal(lost.code, 1);
        assert.match(lost.stderr, /key file \S+ does not match this database/);
        assert.ok(!existsSync(join(dir, 'new.key')));
        writeFileSync(key, good, { mode: 0o600 });
        assert.equal((await runCli(['demo'], { db, env })).code, 0);
    });

test('reveal needs a stated reason; every read is audited and the applicant sees who read and why',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const p = { id: idNumber('110101', '1990-06-01', 311), name: '诸葛明月', phone: '13912340011',
            employer: '某单位', address: '北京市东城区某地' };
        const receipt = (await api(srv.url).post('/api/v1/public/applications', formOf(p))).body;
        const no = receipt.application_no;
        const usage = (code = receipt.query_code) =>
            api(srv.url).get(`/api/v1/public/applications/${no}/data-usage?query_code=${code}`);
        // Nobody has read it yet.
        const empty = await usage();
        assert.equal(empty.status, 200);
        assert.deepEqual(empty.body, { items: [] });

        const cw = await login(srv, 'caseworker');
        const base = `/api/v1/applications/${no}`;
        for (const q of ['?reveal=true', '?reveal=true&reason=', '?reveal=true&reason=%20%20',
            `?reveal=true&reason=${'长'.repeat(201)}`]) {
            const r = await cw.get(base + encodeURI(q).replace(/%25/g, '%'));
            assert.equal(r.status, 400, q);
            assert.equal(r.body.error.code, 'reveal_reason_required');
            assert.equal(r.body.error.field, 'reason');
            assert.doesNotMatch(JSON.stringify(r.body), /诸葛明月/);
        }
        assert.equal((await usage()).body.items.length, 0); // refused reveals read nothing
        const masked = await cw.get(base);
        assert.equal(masked.status, 200);
        assert.equal(masked.body.person.name, '诸***');
        const reason = '核对失业登记身份信息';
        const shown = await cw.get(`${base}?reveal=true&reason=${encodeURIComponent(reason)}`);
        assert.equal(shown.status, 200);
        assert.equal(shown.body.person.name, p.name);
        assert.equal(shown.body.person.masked, false);
        const okReason = '长'.repeat(200);
        assert.equal((await cw.get(`${base}?reveal=true&reason=${encodeURIComponent(okReason)}`))
            .status, 200);

        const u = await usage();
        assert.equal(u.status, 200);
        assert.equal(u.body.items.length, 3);
        const [last, second, first] = u.body.items;
        assert.deepEqual({ ...first, at: undefined }, { at: undefined, reader: 'caseworker',
            agency: first.agency, action: 'read', reason: null, application_no: no,
            registration_no: null });
        assert.ok(first.agency.length > 0, JSON.stringify(first));
        assert.equal(second.action, 'reveal');
        assert.equal(second.reason, reason);
        assert.equal(last.reason, okReason);
        assert.match(first.at, /^2026-03-02T\d\d:\d\d:\d\d\+08:00$/);
        // The audit log has the same entries, for the auditor.
        const admin = await login(srv, 'admin');
        const audit = await admin.get(`/api/v1/audit?object_type=application&object_id=${no}`);
        const reads = audit.body.items.filter((e) => e.action.startsWith('person.'));
        assert.ok(reads.every((e) => Number.isInteger(e.detail.person_id) && e.detail.person_id > 0));
        assert.deepEqual(reads.map((e) => `${e.action}:${e.actor}:${e.detail.reason ?? ''}`),
            ['person.read:caseworker:', `person.reveal:caseworker:${reason}`,
                `person.reveal:caseworker:${okReason}`]);
        // Once registered, the case page's reads are the applicant's to see as well.
        const d = await cw.post(`${base}/decision`, { decision: 'approve' });
        assert.equal(d.status, 200, JSON.stringify(d.body));
        const regNo = d.body.registration_no;
        assert.equal((await cw.get(`/api/v1/registrations/${regNo}?reveal=true&reason=` +
            encodeURIComponent('电话回访前核对'))).status, 200);
        const after = (await usage()).body.items;
        assert.deepEqual(after.slice(0, 1).map((i) => [i.action, i.reason, i.application_no,
            i.registration_no]), [['reveal', '电话回访前核对', null, regNo]]);
        // A wrong query code, or none, is 404 as for the status.
        assert.equal((await usage('WRONG0000')).status, 404);
        assert.equal((await api(srv.url).get(`/api/v1/public/applications/${no}/data-usage`))
            .status, 404);
    });

test('ureg key rotate re-encrypts everything, resumes after a kill, and the data stays readable',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const nos = [];
        for (const p of PEOPLE) {
            const r = await api(srv.url).post('/api/v1/public/applications', formOf(p));
            assert.equal(r.status, 201);
            nos.push(r.body.application_no);
        }
        const versions = () => PG
            ? psql(srv.db, 'SELECT key_version, COUNT(*) FROM person GROUP BY 1 ORDER BY 1')
            : null;
        // Killed half-way: batches of 10 rows with a pause between them (--dev only).
        const child = (await import('node:child_process')).spawn(process.env.UREG_BIN,
            ['--db', srv.db, '--dev', 'key', 'rotate', '--batch', '10'],
            { env: { ...process.env, UREG_ROTATE_PAUSE_MS: '100' }, stdio: 'ignore' });
        const closed = new Promise((r) => child.on('close', r)); // also if it ends before the kill
        await new Promise((r) => setTimeout(r, 700));
        child.kill('SIGKILL');
        await closed;
        // The server keeps working meanwhile: a new application, read back.
        const more = { id: idNumber('110101', '1991-07-07', 399), name: '慕容复兴',
            phone: '13912340099', employer: '某公司', address: '北京市东城区某街' };
        const r = await api(srv.url).post('/api/v1/public/applications', formOf(more));
        assert.equal(r.status, 201, JSON.stringify(r.body));
        nos.push(r.body.application_no);

        const resumed = await srv.run(['key', 'rotate']);
        assert.equal(resumed.code, 0, resumed.stderr);
        const m = /^key version 2 \(rotation resumed\): people (\d+), applications (\d+) re-encrypted/m
            .exec(resumed.stdout);
        assert.ok(m, resumed.stdout);
        // Only what the killed run left: fewer than the 300 demo people and ours.
        assert.ok(Number(m[1]) > 0 && Number(m[1]) < 304, resumed.stdout);
        const next = await srv.run(['key', 'rotate']);
        assert.equal(next.code, 0, next.stderr);
        assert.match(next.stdout, /^key version 2 -> 3: people 304, applications 304 re-encrypted/m);
        if (PG) assert.equal(versions(), '3|304');

        const cw = await login(srv, 'caseworker');
        for (const [i, p] of [...PEOPLE, more].entries()) {
            const g = await cw.get(`/api/v1/applications/${nos[i]}?reveal=true&reason=check`);
            assert.equal(g.status, 200, JSON.stringify(g.body));
            assert.equal(g.body.person.id_number, p.id);
            assert.equal(g.body.person.name, p.name);
            assert.equal(g.body.details.last_employer, p.employer);
        }
        // The one-open-case rule still finds them.
        assert.equal((await api(srv.url).post('/api/v1/public/applications', formOf(PEOPLE[0])))
            .status, 409);
        const admin = await login(srv, 'admin');
        const audit = await admin.get('/api/v1/audit?object_type=key&object_id=pii');
        assert.deepEqual(audit.body.items.map((e) => [e.detail.from, e.detail.to, e.detail.resumed]),
            [[2, 2, true], [2, 3, false]]);
    });
