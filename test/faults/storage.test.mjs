// storage.test.mjs — the store under faults (issue 12, "Faults"): a full disk, another
// process's lock, a read-only database. Each time a write gets the contract's JSON error with
// a code the client can act on (507 storage_full, 503 db_busy / db_read_only), never a crash
// or a 500; reads go on; nothing is half-written (SQLite: PRAGMA integrity_check; both: every
// 201 before and during the fault is stored, a refused submission can be sent again); and
// writes resume by themselves when the fault is gone.
//
// Runs on SQLite, and on PostgreSQL under scripts/pg-test.sh (make test runs both):
//   disk full   SQLite: the database on a small tmpfs the test mounts; PostgreSQL: the
//               database in a tablespace on such a tmpfs (its WAL stays on the cluster's disk:
//               a full WAL disk is a PANIC and a restart of PostgreSQL, outside ureg's reach).
//   lock        SQLite: a sqlite3 process holding BEGIN IMMEDIATE; PostgreSQL: a psql session
//               holding LOCK TABLE serial IN EXCLUSIVE MODE (ureg waits 10 s, then db_busy).
//   read-only   SQLite: the database directory bind-mounted read-only (as root; chmod
//               otherwise); PostgreSQL: the database set to default_transaction_read_only.
//               `ureg init` and `ureg serve` refuse with db_read_only and exit 1, and start
//               and write once it is writable again. (A file that turns read-only under a
//               running server cannot be made here: a remount read-only is refused while the
//               server holds the file open for writing.)
// Mounting needs root (CI runs as root): without it the disk-full test is skipped and says
// why, and the read-only test uses file modes instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, runCli, freshDb, tempDir, psql, assertError, PG, DEMO_USERS }
    from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';

const ROOT = process.getuid() === 0;
let serveSeq = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
function form() {
    seq += 1;
    const day = new Date(Date.UTC(1972, 0, 1) + (seq % 9000) * 86400000);
    return formFor(idNumber('110101', day.toISOString().slice(0, 10), 700 + (process.pid % 100)));
}

function mount(...args) {
    execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
function umount(dir) {
    try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
    } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    }
}

// Fill the file system holding `dir` with one file until it refuses a byte; returns its path.
function fill(dir) {
    const path = join(dir, 'filler');
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    try {
        for (;;) writeSync(fd, chunk);
    } catch (e) {
        assert.equal(e.code, 'ENOSPC');
    }
    const small = Buffer.alloc(512, 0x5a);
    try {
        for (;;) writeSync(fd, small);
    } catch (e) {
        assert.equal(e.code, 'ENOSPC');
    }
    closeSync(fd);
    return path;
}

// A database of ours (init + demo) on `url`, served; with the caseworker logged in.
async function serve(db, dir) {
    for (const step of [['init'], ['demo']]) {
        const r = await runCli(step, { db, dev: true, env: { UREG_NOW: '2026-03-02T09:30:00' } });
        assert.equal(r.code, 0, r.stderr);
    }
    const srv = await startServer({ reuse: { dir, db }, now: '2026-03-02T09:30:00' });
    const staff = api(srv.url);
    assert.equal((await staff.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    return { srv, staff, pub: api(srv.url) };
}

// Submit until an answer other than 201 (at most `max` tries); the 201s go to `accepted`.
async function submitUntilRefused(pub, accepted, max) {
    for (let i = 0; i < max; i++) {
        const r = await pub.post('/api/v1/public/applications', form());
        if (r.status !== 201) return r;
        accepted.push(r.body.application_no);
    }
    return null;
}

async function assertStored(staff, accepted) {
    for (const no of accepted) {
        const r = await staff.get(`/api/v1/applications/${no}`);
        assert.equal(r.status, 200, `${no}: ${JSON.stringify(r.body)}`);
        assert.ok(r.body.verifications.length > 0, no);
    }
}

test('disk full: 507 storage_full, reads go on, no corruption, writes resume', {
    skip: ROOT ? false : 'needs root to mount a small tmpfs (CI runs as root)',
}, async (t) => {
    const dir = tempDir(t);
    chmodSync(dir, 0o755); // the PostgreSQL server (user postgres) reaches the tablespace
    const mnt = join(dir, 'small');
    mkdirSync(mnt);
    mount('-t', 'tmpfs', '-o', `size=${PG ? 48 : 16}m,mode=0755`, 'tmpfs', mnt);
    let db;
    let ts = null;
    const srvDir = join(dir, 'srv');
    mkdirSync(srvDir);
    if (PG) {
        execFileSync('chown', ['postgres:postgres', mnt]);
        mkdirSync(join(mnt, 'pg'));
        execFileSync('chown', ['postgres:postgres', join(mnt, 'pg')]);
        ts = `ureg_full_${process.pid}`;
        psql(PG, `CREATE TABLESPACE ${ts} LOCATION '${join(mnt, 'pg')}'`);
        const u = new URL(PG);
        u.pathname = `/${ts}`;
        db = u.toString();
        psql(PG, `CREATE DATABASE ${ts} TABLESPACE ${ts}`);
    } else {
        db = join(mnt, 'ureg.db');
    }
    let srv;
    try {
        const s = await serve(db, srvDir);
        srv = s.srv;
        const { staff, pub } = s;
        const accepted = [];
        assert.equal(await submitUntilRefused(pub, accepted, 5), null);

        const filler = fill(mnt);
        const refused = await submitUntilRefused(pub, accepted, 2000);
        assert.ok(refused, `the disk filled up, yet ${accepted.length} submissions went in`);
        assertError(refused, 507, 'storage_full');
        t.diagnostic(`${accepted.length} accepted before the first 507`);
        // The server is up and reads answer; a refused submission is refused again, whole.
        assert.equal((await pub.get('/healthz')).status, 200);
        assert.equal((await staff.get('/api/v1/applications?limit=5')).status, 200);
        const again = await pub.post('/api/v1/public/applications', form());
        assert.ok([201, 507].includes(again.status), JSON.stringify(again.body));
        if (again.status === 201) accepted.push(again.body.application_no);
        if (!PG) {
            const ic = execFileSync('sqlite3', ['-readonly', db, 'PRAGMA integrity_check'],
                { encoding: 'utf8' });
            assert.equal(ic.trim(), 'ok');
        }

        rmSync(filler);
        // Space is back: the very next submission is stored, without a restart.
        const back = await pub.post('/api/v1/public/applications', form());
        assert.equal(back.status, 201, JSON.stringify(back.body));
        accepted.push(back.body.application_no);
        await assertStored(staff, accepted);
        await srv.stop();
        srv = null;
        if (!PG) {
            const ic = execFileSync('sqlite3', [db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
            assert.equal(ic.trim(), 'ok');
        }
    } finally {
        if (srv) await srv.stop();
        if (ts) {
            psql(PG, `DROP DATABASE IF EXISTS ${ts}`);
            psql(PG, `DROP TABLESPACE IF EXISTS ${ts}`);
        }
        umount(mnt);
    }
});

// Start `cmd args` with a pipe on stdin; resolves once its stdout has shown `ready`.
async function holder(cmd, args, script, ready) {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
    child.stdin.write(script);
    for (let i = 0; i < 200 && !out.includes(ready); i++) await sleep(25);
    assert.ok(out.includes(ready), `${cmd} did not take the lock: ${out}`);
    return {
        release: async (tail) => {
            const exited = new Promise((r) => child.on('exit', r));
            child.stdin.end(tail);
            await exited;
        },
    };
}

test('another process holds the write lock: 503 db_busy after the wait, then writes resume',
    async (t) => {
        const dir = tempDir(t);
        const db = freshDb(dir, 'locked');
        const { srv, staff, pub } = await serve(db, dir);
        t.after(() => srv.stop());
        const accepted = [];
        assert.equal(await submitUntilRefused(pub, accepted, 3), null);

        const lock = PG
            ? await holder('psql', ['-qAtX', '-d', db],
                'BEGIN;\nLOCK TABLE serial IN EXCLUSIVE MODE;\nSELECT \'locked\';\n', 'locked')
            : await holder('sqlite3', [db], 'BEGIN IMMEDIATE;\nSELECT \'locked\';\n', 'locked');
        const f = form();
        const started = Date.now();
        const r = await pub.post('/api/v1/public/applications', f);
        const waited = Date.now() - started;
        assertError(r, 503, 'db_busy');
        t.diagnostic(`db_busy after ${waited} ms`);
        // Reads do not wait for the writer's lock.
        assert.equal((await staff.get('/api/v1/applications?limit=5')).status, 200);
        assert.equal((await pub.get('/healthz')).status, 200);

        await lock.release(PG ? 'COMMIT;\n' : 'COMMIT;\n');
        // Released: the refused submission went nowhere, so the same form is accepted now.
        const back = await pub.post('/api/v1/public/applications', f);
        assert.equal(back.status, 201, JSON.stringify(back.body));
        accepted.push(back.body.application_no);
        await assertStored(staff, accepted);
        if (!PG) {
            const ic = execFileSync('sqlite3', [db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
            assert.equal(ic.trim(), 'ok');
        }
    });

test('a read-only database: a clear refusal, reads where they can, and back when writable',
    async (t) => {
        const dir = tempDir(t);
        if (PG) {
            // PostgreSQL: the database set read-only (default_transaction_read_only) refuses
            // ureg's start the way a read-only SQLite file does; reset, and it starts and
            // writes again.
            const db = freshDb(dir, 'ro');
            const first = await serve(db, dir);
            const accepted = [];
            assert.equal(await submitUntilRefused(first.pub, accepted, 2), null);
            await first.srv.stopKeep();
            const name = new URL(db).pathname.slice(1);
            psql(PG, `ALTER DATABASE ${name} SET default_transaction_read_only = on`);
            try {
                for (const args of [['init'], ['serve', '--listen', '127.0.0.1:0']]) {
                    const r = await runCli(args, { db });
                    assert.equal(r.code, 1, `${args[0]}: ${r.stdout}${r.stderr}`);
                    assert.match(r.stderr, /db_read_only/);
                    assert.doesNotMatch(r.stderr, /internal_error|io_error/);
                }
            } finally {
                psql(PG, `ALTER DATABASE ${name} RESET default_transaction_read_only`);
            }
            const back = await serve2(dir, db);
            t.after(() => back.srv.stop());
            const r = await back.pub.post('/api/v1/public/applications', form());
            assert.equal(r.status, 201, JSON.stringify(r.body));
            accepted.push(r.body.application_no);
            await assertStored(back.staff, accepted);
            return;
        }
        // SQLite: the directory of the file read-only, by a read-only bind mount as root (root
        // ignores file modes) or by modes otherwise.
        const data = join(dir, 'data');
        mkdirSync(data);
        const db = join(data, 'ureg.db');
        const first = await serve(db, data);
        const accepted = [];
        assert.equal(await submitUntilRefused(first.pub, accepted, 2), null);
        await first.srv.stopKeep();
        let view = data;
        let restore;
        let back = null;
        if (ROOT) {
            view = join(dir, 'view');
            mkdirSync(view);
            mount('--bind', data, view);
            mount('-o', 'remount,bind,ro', view);
            restore = () => mount('-o', 'remount,bind,rw', view);
        } else {
            chmodSync(db, 0o444);
            chmodSync(data, 0o555);
            restore = () => {
                chmodSync(data, 0o755);
                chmodSync(db, 0o644);
            };
        }
        try {
            const vdb = join(view, 'ureg.db');
            for (const args of [['init'], ['serve', '--listen', '127.0.0.1:0']]) {
                const r = await runCli(args, { db: vdb });
                assert.equal(r.code, 1, `${args[0]}: ${r.stdout}${r.stderr}`);
                assert.match(r.stderr, /read-only/);
                assert.match(r.stderr, /db_read_only/);
                assert.doesNotMatch(r.stderr, /io_error|internal/);
            }
            restore();
            restore = null;
            back = await serve2(dir, vdb);
            const r = await back.pub.post('/api/v1/public/applications', form());
            assert.equal(r.status, 201, JSON.stringify(r.body));
            accepted.push(r.body.application_no);
            await assertStored(back.staff, accepted);
            await back.srv.stop();
            back = null;
            const ic = execFileSync('sqlite3', [vdb, 'PRAGMA integrity_check'],
                { encoding: 'utf8' });
            assert.equal(ic.trim(), 'ok');
        } finally {
            if (back) await back.srv.stop();
            if (restore) restore();
            if (ROOT) umount(view);
        }
    });

// Serve an existing database again (no init, no demo), with the caseworker logged in; `parent`
// gets the directory its stop() removes (never a mount point).
async function serve2(parent, db) {
    const dir = join(parent, `srv-${++serveSeq}`);
    mkdirSync(dir);
    const srv = await startServer({ reuse: { dir, db }, now: '2026-03-02T09:50:00' });
    const staff = api(srv.url);
    assert.equal((await staff.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    return { srv, staff, pub: api(srv.url) };
}
