// replica.test.mjs — the read replica (issue 7): with `--db-read` naming a real hot standby of
// the primary (scripts/pg-standby.sh: pg_basebackup -R, streaming on loopback), the queue is
// read from the standby and writes and the GET after a POST go to the primary. Which server
// answered is proven by pausing WAL replay on the standby: an application committed on the
// primary meanwhile is missing from the queue but there when fetched by number, and appears in
// the queue once replay resumes. With the standby stopped, reads fall back to the primary.
//
// Runs only inside scripts/pg-test.sh (make test does that), as every file of test/pg/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startServer, api, psql, DEMO_USERS, PG } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';

if (!PG) throw new Error('test/pg needs UREG_TEST_PG: run it through scripts/pg-test.sh');

const NOW = '2026-03-02T09:30:00';
const SCRIPT = fileURLToPath(new URL('../../scripts/pg-standby.sh', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Start the standby; resolves to {url, ctl, stop()}. It is removed when stdin closes, which
// also happens if this process dies.
async function startStandby() {
    const child = spawn(SCRIPT, ['--hold'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const vars = {};
    const lines = createInterface({ input: child.stdout });
    await new Promise((resolve, reject) => {
        lines.on('line', (line) => {
            const m = /^(UREG_TEST_PG_STANDBY(?:_CTL)?)=(.*)$/.exec(line);
            if (m) vars[m[1]] = m[2];
            if (vars.UREG_TEST_PG_STANDBY && vars.UREG_TEST_PG_STANDBY_CTL) resolve();
        });
        child.on('exit', (code) => reject(new Error(`pg-standby.sh exited ${code}`)));
    });
    process.on('exit', () => child.kill('SIGTERM'));
    return {
        url: vars.UREG_TEST_PG_STANDBY,
        ctl: (...args) => execFileSync(vars.UREG_TEST_PG_STANDBY_CTL, args, { stdio: 'ignore' }),
        stop: async () => {
            child.stdin.end();
            await exited;
        },
    };
}

// The same database name on another server.
function onServer(serverUrl, db) {
    const u = new URL(serverUrl);
    u.pathname = new URL(db).pathname;
    return u.toString();
}

// Wait until the standby has replayed everything the primary has written so far.
async function caughtUp(primary, standby) {
    const lsn = psql(primary, 'SELECT pg_current_wal_lsn()');
    for (let i = 0; i < 200; i++) {
        if (psql(standby, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`) === 't') return;
        await sleep(50);
    }
    throw new Error('the standby did not catch up within 10 s');
}

let person = 0;
function form() {
    person += 1;
    return formFor(idNumber('110101', '1971-07-07', person * 2 + 1));
}

// Every application number in the caseworker's queue.
async function queueNos(c) {
    const nos = new Set();
    let cursor = null;
    do {
        const r = await c.get(`/api/v1/applications?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        for (const it of r.body.items) nos.add(it.application_no);
        cursor = r.body.next;
    } while (cursor);
    return nos;
}

test('queue reads come from the hot standby, writes and reads after writes from the primary',
    async (t) => {
        const standby = await startStandby();
        t.after(() => standby.stop());
        const first = await startServer({ now: NOW }); // init + demo on the primary
        await first.stopKeep();
        const primaryDb = first.db;
        const standbyDb = onServer(standby.url, primaryDb);
        await caughtUp(primaryDb, standbyDb);
        const srv = await startServer({ reuse: first, now: NOW,
            env: { UREG_DB_READ: standbyDb } });
        t.after(() => srv.stop());

        const c = api(srv.url);
        assert.equal((await c.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const a = await api(srv.url).post('/api/v1/public/applications', form());
        assert.equal(a.status, 201, JSON.stringify(a.body));
        await caughtUp(primaryDb, standbyDb);
        assert.ok((await queueNos(c)).has(a.body.application_no));

        // Replay paused: the standby stops at this point while the primary goes on.
        psql(standbyDb, 'SELECT pg_wal_replay_pause()');
        const b = await api(srv.url).post('/api/v1/public/applications', form());
        assert.equal(b.status, 201, JSON.stringify(b.body));
        const no = b.body.application_no;
        // The GET after the POST is the primary's: there. The queue is the standby's: not yet.
        assert.equal((await c.get(`/api/v1/applications/${no}`)).status, 200);
        const paused = await queueNos(c);
        assert.ok(paused.has(a.body.application_no));
        assert.ok(!paused.has(no), 'the queue was answered by the standby, which lacks it');
        assert.equal(psql(primaryDb,
            `SELECT COUNT(*) FROM application WHERE application_no = '${no}'`), '1');
        // The applicant's status query misses on the standby and is answered by the primary.
        const s = await api(srv.url).get(
            `/api/v1/public/applications/${no}?query_code=${b.body.query_code}`);
        assert.equal(s.status, 200, JSON.stringify(s.body));
        const wrong = await api(srv.url).get(`/api/v1/public/applications/${no}?query_code=X`);
        assert.equal(wrong.status, 404);
        assert.equal((await api(srv.url).get('/api/v1/public/agencies?region=110000')).status,
            200);
        // A write still works while the standby lags: the decision goes to the primary.
        const d = await c.post(`/api/v1/applications/${a.body.application_no}/decision`,
            { decision: 'reject', reason: 'test' });
        assert.equal(d.status, 200, JSON.stringify(d.body));

        psql(standbyDb, 'SELECT pg_wal_replay_resume()');
        await caughtUp(primaryDb, standbyDb);
        assert.ok((await queueNos(c)).has(no), 'replay resumed: the standby has it too');

        // The standby gone: reads fall back to the primary, logged, and see new writes at once.
        standby.ctl('stop', '-m', 'fast');
        const e = await api(srv.url).post('/api/v1/public/applications', form());
        assert.equal(e.status, 201, JSON.stringify(e.body));
        const fallback = await queueNos(c);
        assert.ok(fallback.has(e.body.application_no));
        assert.match(srv.stderr(), /event=replica_unavailable action=read_primary/);
        assert.equal((await api(srv.url).get('/healthz')).status, 200);
    });
