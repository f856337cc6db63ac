// restart.test.mjs — PostgreSQL faults as a black box (issue 7, "Faults"): the database
// restarted under a stream of online submissions; start-up with a wrong URL, a refused
// connection or a missing database.
//
// Runs only inside scripts/pg-test.sh (make test does that): $UREG_TEST_PG names the cluster and
// $UREG_TEST_PG_CTL runs pg_ctl on it. Outside it the file fails, it never skips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, runCli, psql, PG, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';

const CTL = process.env.UREG_TEST_PG_CTL;
if (!PG || !CTL) {
    throw new Error('test/pg needs UREG_TEST_PG and UREG_TEST_PG_CTL: run it through ' +
        'scripts/pg-test.sh (make test does)');
}
const ctl = (...args) => execFileSync(CTL, args, { stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
function form() {
    seq += 1;
    // Distinct people: birth dates spread over 1970-1999 and sequence numbers.
    const day = new Date(Date.UTC(1970, 0, 1) + (seq % 10000) * 86400000);
    const birth = day.toISOString().slice(0, 10);
    return formFor(idNumber('110101', birth, 100 + Math.floor(seq / 10000)));
}

test('a PostgreSQL restart under load: 503s while down, no 201 lost, then back by itself',
    async (t) => {
        const srv = await startServer({ now: '2026-03-02T09:30:00' });
        const c = api(srv.url);
        const staff = api(srv.url);
        assert.equal((await staff.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const accepted = [];
        const statuses = new Map();
        let running = true;
        const client = async () => {
            while (running) {
                let r;
                try {
                    r = await c.post('/api/v1/public/applications', form());
                } catch (e) {
                    statuses.set('fetch_error', (statuses.get('fetch_error') ?? 0) + 1);
                    continue;
                }
                statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
                if (r.status === 201) accepted.push(r.body.application_no);
                else {
                    assert.equal(r.status, 503, JSON.stringify(r.body));
                    assert.equal(r.body.error.code, 'db_unavailable');
                    await sleep(20);
                }
            }
        };
        const clients = Array.from({ length: 8 }, client);

        await sleep(1500);
        const before = accepted.length;
        assert.ok(before > 0, 'submissions succeed before the restart');
        ctl('stop', '-m', 'fast');
        // While the server is down the health check says so.
        await sleep(300);
        const down = await c.get('/healthz');
        assert.equal(down.status, 503);
        assert.equal(down.body.error.code, 'db_unavailable');
        // A signed-in caseworker gets 503 too, not 401: the session is not lost.
        const queue = await staff.get('/api/v1/applications');
        assert.equal(queue.status, 503, JSON.stringify(queue.body));
        const duringDown = accepted.length;
        await sleep(700);
        assert.equal(accepted.length, duringDown, 'no 201 while the database is down');
        ctl('start');
        // Back without restarting ureg: wait for the next accepted submission.
        for (let i = 0; i < 200 && accepted.length === duringDown; i++) await sleep(50);
        assert.ok(accepted.length > duringDown, 'submissions succeed again after the restart');
        await sleep(1000);
        running = false;
        await Promise.all(clients);
        assert.equal((await c.get('/healthz')).status, 200);
        assert.equal((await staff.get('/api/v1/applications')).status, 200);

        // Every 201 is in the database (and the server never crashed: it still answers).
        const rows = new Set(psql(srv.db, 'SELECT application_no FROM application').split('\n'));
        const lost = accepted.filter((no) => !rows.has(no));
        assert.deepEqual(lost, [], `of ${accepted.length} accepted`);
        t.diagnostic(`accepted ${accepted.length} (${before} before the stop), ` +
            `statuses ${JSON.stringify([...statuses])}, rows ${rows.size}`);
        assert.ok((statuses.get(503) ?? 0) > 0, `some requests met the outage: ${[...statuses]}`);
        assert.equal(statuses.get('fetch_error'), undefined);
        await srv.stop();
    });

test('start-up without a usable database is one line on stderr and exit status 1', async () => {
    const u = new URL(PG);
    const missing = new URL(PG);
    missing.pathname = '/ureg_no_such_database';
    const refused = new URL(PG);
    refused.port = '1'; // nothing listens on port 1 of the loopback
    const cases = [
        [missing.toString(), /database "ureg_no_such_database" does not exist/],
        [refused.toString(), /cannot connect to PostgreSQL .*127\.0\.0\.1:1/],
        ['postgresql://[bad', /cannot connect to PostgreSQL \(bad URL\)/],
        [`postgresql://${u.host}/postgres?sslmode=nonsense`, /cannot connect to PostgreSQL/],
    ];
    for (const [db, re] of cases) {
        for (const args of [['init'], ['serve', '--listen', '127.0.0.1:0']]) {
            const r = await runCli(args, { db });
            assert.equal(r.code, 1, `${db} ${args[0]}: ${r.stderr}`);
            assert.match(r.stderr, re, db);
            assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        }
    }
});
