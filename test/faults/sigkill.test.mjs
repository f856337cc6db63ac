// sigkill.test.mjs — a crash under load (issue 12, "Faults"): online submissions in flight,
// `kill -9` of the server, a restart on the same database. Every 201 a client received is in
// the store and complete; nothing is half-written: the queue, the applicant's status page and
// the application's own page agree on every application, each carries all its verification
// results, and no application is stored that no client sent. Runs on SQLite, and on
// PostgreSQL under scripts/pg-test.sh (make test runs both); on SQLite the file also passes
// PRAGMA integrity_check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, PG, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CLIENTS = 8;

let seq = 0;
function form() {
    seq += 1;
    const day = new Date(Date.UTC(1975, 0, 1) + (seq % 9000) * 86400000);
    return formFor(idNumber('110101', day.toISOString().slice(0, 10), 500 + Math.floor(seq / 9000)));
}

// Every application number of the caseworker's queue, all pages.
async function queue(staff) {
    const items = new Map();
    let cursor = null;
    for (;;) {
        const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const r = await staff.get(`/api/v1/applications?limit=100${q}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        for (const it of r.body.items) items.set(it.application_no, it);
        if (!r.body.next) return items;
        cursor = r.body.next;
    }
}

test('kill -9 under load: every 201 is stored and complete, nothing half-written', async (t) => {
    const srv = await startServer({ now: '2026-03-02T09:30:00' });
    const staff = api(srv.url);
    assert.equal((await staff.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const before = await queue(staff);

    const accepted = new Map(); // application_no → query_code
    let sent = 0;
    let running = true;
    const statuses = new Map();
    const client = async () => {
        const c = api(srv.url);
        while (running) {
            sent += 1;
            let r;
            try {
                r = await c.post('/api/v1/public/applications', form());
            } catch {
                statuses.set('no_answer', (statuses.get('no_answer') ?? 0) + 1);
                continue; // the server died under this request: its fate is unknown
            }
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            assert.equal(r.status, 201, JSON.stringify(r.body));
            accepted.set(r.body.application_no, r.body.query_code);
        }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    // Let the load run, then kill the server while submissions are in flight.
    for (let i = 0; i < 200 && accepted.size < 150; i++) await sleep(25);
    process.kill(srv.pid, 'SIGKILL');
    await srv.stopKeep(); // waits for the exit, keeps the database
    running = false;
    await Promise.all(clients);
    assert.ok(accepted.size > 0, 'submissions were accepted before the kill');
    t.diagnostic(`sent ${sent}, accepted ${accepted.size}, ${JSON.stringify([...statuses])}`);

    if (!PG) {
        const ic = execFileSync('sqlite3', [srv.db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
        assert.equal(ic.trim(), 'ok');
    }

    const again = await startServer({ reuse: srv, now: '2026-03-02T09:31:00' });
    t.after(() => again.stop());
    const staff2 = api(again.url);
    assert.equal((await staff2.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const after = await queue(staff2);
    const added = [...after.keys()].filter((no) => !before.has(no));

    // Every 201 is stored...
    const lost = [...accepted.keys()].filter((no) => !after.has(no));
    assert.deepEqual(lost, [], `of ${accepted.size} accepted`);
    // ...and nothing else but what was in flight at the kill (at most one per client).
    assert.ok(added.length >= accepted.size && added.length <= accepted.size + CLIENTS,
        `${added.length} new applications for ${accepted.size} receipts`);

    // Nothing half-written: each new application is whole in the queue, on its own page and,
    // for the receipts, on the applicant's status page, all saying the same status.
    const pub = api(again.url);
    let checks = null;
    for (const no of added) {
        const item = after.get(no);
        const n = item.checks.pass + item.checks.fail + item.checks.unknown;
        checks ??= n;
        assert.ok(n > 0 && n === checks, `${no}: ${JSON.stringify(item.checks)}`);
        const page = await staff2.get(`/api/v1/applications/${no}`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.equal(page.body.status, item.status);
        assert.equal(page.body.verifications.length, n);
        assert.ok(page.body.person.name.length > 0);
        if (accepted.has(no)) {
            const st = await pub.get(`/api/v1/public/applications/${no}?query_code=` +
                encodeURIComponent(accepted.get(no)));
            assert.equal(st.status, 200, JSON.stringify(st.body));
            assert.equal(st.body.status, item.status);
        }
    }
    // And the store takes submissions again.
    const r = await pub.post('/api/v1/public/applications', form());
    assert.equal(r.status, 201, JSON.stringify(r.body));
});
