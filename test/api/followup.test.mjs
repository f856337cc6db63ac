// followup.test.mjs — the monthly follow-up (issue 9, notice §5 ¶1-2) over months simulated with
// the development clock: the counters of GET /api/v1/registrations/{no} (refusals in a row,
// months unreachable, the contacts behind them, the next contact's day) and their resets,
// `ureg followup run` applying the counter exits 31 (3 refusals) and 32 (6 months unreachable)
// with their evidence, 5 vs 6 months and 2 vs 3 refusals, idempotence (a second run changes
// nothing), resumption after a kill, the monthly_followup items of the one due list, and the
// applicant's self-report with the query code (employed opens an exit proposal, reason 11).
// Runs on SQLite and, under UREG_TEST_PG, on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, assertError, DEMO_USERS, freshDb, runCli } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv;
before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
});
after(async () => {
    await srv?.stop();
});

// Stop the server and serve its database again with the clock at `now`.
async function moveClock(now) {
    await srv.stopKeep();
    srv = await startServer({ now, reuse: srv });
}

let seq = 700;
function form(over = {}) {
    seq += 2;
    return formFor(idNumber('110101', '1985-06-20', seq), { name: '司马青', ...over });
}

async function login(user) {
    const c = api(srv.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

async function register() {
    const cw = await login('caseworker');
    const a = await api(srv.url).post('/api/v1/public/applications', form());
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return { no: d.body.registration_no, app: a.body.application_no, code: a.body.query_code };
}

async function contact(no, date, result, method = 'phone') {
    const cw = await login('caseworker');
    const r = await cw.post(`/api/v1/registrations/${no}/contacts`, { date, method, result });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
}

async function view(no) {
    const cw = await login('caseworker');
    const r = await cw.get(`/api/v1/registrations/${no}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
}

// `ureg followup run` as of `now`; resolves to its counts.
async function followup(now, args = []) {
    const r = await srv.run(['followup', 'run', ...args], { env: { UREG_NOW: now } });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const m = /^checked (\d+)( \(resumed\))?: exits (\d+), exit proposals (\d+), due dates corrected (\d+), follow-ups due (\d+) \(overdue (\d+)\)/m
        .exec(r.stdout);
    assert.ok(m, r.stdout);
    return { checked: +m[1], resumed: !!m[2], exits: +m[3], proposals: +m[4], corrected: +m[5],
        due: +m[6], overdue: +m[7] };
}

test('months pass: the counters, their resets, exits 31 and 32 at 3 refusals and 6 months, idempotence', async () => {
    const A = await register(); // refuses
    const B = await register(); // unreachable
    const C = await register(); // refuses twice, then reached
    let v = await view(A.no);
    assert.deepEqual(
        { m: v.counters.unreachable_months, s: v.counters.unreachable_since, r: v.counters.refusals,
            due: v.counters.next_contact_due, o: v.counters.overdue },
        { m: 0, s: null, r: 0, due: '2026-04-01', o: false }); // registered 03-02 + 30 days
    assert.deepEqual(v.counters.thresholds, { refusals: 3, unreachable_months: 6 });

    await moveClock('2026-03-10T10:00:00');
    const a1 = await contact(A.no, '2026-03-10', 'refused');
    const b1 = await contact(B.no, '2026-03-10', 'unreachable');
    await contact(C.no, '2026-03-10', 'refused');
    await moveClock('2026-04-10T10:00:00');
    const a2 = await contact(A.no, '2026-04-10', 'refused');
    const b2 = await contact(B.no, '2026-04-10', 'unreachable');
    await contact(C.no, '2026-04-09', 'refused');
    v = await view(A.no);
    assert.equal(v.counters.refusals, 2);
    assert.deepEqual(v.counters.refusal_contacts.map((c) => c.id), [a1, a2]);
    assert.equal(v.counters.next_contact_due, '2026-05-10');
    v = await view(B.no);
    assert.equal(v.counters.unreachable_since, '2026-03-10');
    assert.equal(v.counters.unreachable_months, 1);
    assert.deepEqual(v.counters.unreachable_contacts,
        [{ id: b1, date: '2026-03-10' }, { id: b2, date: '2026-04-10' }]);
    assert.equal(v.counters.refusals, 0);
    // two refusals: nothing due yet (the demo's generated people have their own histories, so
    // the run's counts are not asserted here: the registrations' states are)
    let k = await followup('2026-04-10T12:00:00');
    assert.equal((await view(A.no)).status, 'active');

    await moveClock('2026-05-10T10:00:00');
    const a3 = await contact(A.no, '2026-05-10', 'refused');
    await contact(C.no, '2026-04-20', 'reached'); // the reset …
    await contact(C.no, '2026-05-10', 'refused'); // … so this is the first again
    assert.equal((await view(C.no)).counters.refusals, 1);
    assert.equal((await view(A.no)).counters.refusals, 3);
    k = await followup('2026-05-10T12:00:00');
    assert.ok(k.exits >= 1);
    v = await view(A.no);
    assert.equal(v.status, 'exited');
    assert.equal(v.exit.reason_code, '31');
    assert.equal(v.exit.date, '2026-05-10');
    assert.equal(v.counters.refusals, 3); // derived: the exit changed no contact
    // an exited registration takes no self-report
    const late = await api(srv.url).post(`/api/v1/public/applications/${A.app}/self-report`,
        { query_code: A.code, kind: 'training', date: '2026-05-10' });
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.equal((await view(C.no)).status, 'active');

    // B: 5 months since 03-10 on 08-09, 6 on 08-10 (a reached or refused contact would reset)
    await moveClock('2026-08-09T10:00:00');
    assert.equal((await view(B.no)).counters.unreachable_months, 4); // 03-10 → 08-09
    await followup('2026-08-09T12:00:00');
    assert.equal((await view(B.no)).status, 'active');
    await moveClock('2026-09-09T10:00:00');
    v = await view(B.no);
    assert.equal(v.counters.unreachable_months, 5);
    await followup('2026-09-09T12:00:00');
    assert.equal((await view(B.no)).status, 'active'); // 5 months: not yet
    await moveClock('2026-09-10T10:00:00');
    assert.equal((await view(B.no)).counters.unreachable_months, 6);
    k = await followup('2026-09-10T12:00:00');
    assert.ok(k.exits >= 1);
    v = await view(B.no);
    assert.equal(v.exit.reason_code, '32');
    assert.equal(v.exit.date, '2026-09-10');
    assert.equal(v.exit.notified, null); // 无法取得联系: not told (notice §5 ¶2)

    // a second run changes nothing
    k = await followup('2026-09-10T12:00:00');
    assert.equal(k.exits, 0);
    assert.equal(k.proposals, 0);
    assert.equal(k.corrected, 0);

    // the one due list: C's monthly follow-up, overdue since 06-09 (05-10 + 30)
    const cw = await login('caseworker');
    const due = await cw.get('/api/v1/due?caseworker=me&limit=500');
    assert.equal(due.status, 200, JSON.stringify(due.body));
    const items = due.body.items.filter((i) => i.kind === 'monthly_followup');
    const c = items.find((i) => i.registration_no === C.no);
    assert.ok(c, JSON.stringify(due.body.items));
    assert.equal(c.due_on, '2026-06-09');
    assert.equal(c.overdue, true);
    assert.ok(!items.some((i) => i.registration_no === A.no || i.registration_no === B.no),
        'exited registrations leave the due list');
    // recording the contact moves it on at once
    await contact(C.no, '2026-09-10', 'reached');
    const due2 = await cw.get('/api/v1/due?caseworker=me&limit=500');
    const c2 = due2.body.items.find((i) => i.kind === 'monthly_followup' && i.registration_no === C.no);
    assert.equal(c2.due_on, '2026-10-10');
    assert.equal(c2.overdue, false);
    // a tier's interval: intensive is every 14 days
    const p = await cw.put(`/api/v1/registrations/${C.no}/profile`, { tier: 'intensive' });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal((await view(C.no)).counters.next_contact_due, '2026-09-24');
    const due3 = await cw.get('/api/v1/due?caseworker=me&limit=500');
    assert.equal(due3.body.items.find((i) => i.kind === 'monthly_followup' &&
        i.registration_no === C.no).due_on, '2026-09-24');
});

test('a self-report with the query code is a reached contact; employed opens an exit proposal (11)', async () => {
    await moveClock('2026-10-01T10:00:00');
    const D = await register();
    const pub = api(srv.url);
    const url = `/api/v1/public/applications/${D.app}/self-report`;
    let r = await pub.post(url, { query_code: D.code, kind: 'job_search', date: '2026-10-01',
        note: '投递简历3份' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.exit_proposal_id, null);
    const cid = r.body.contact_id;
    let v = await view(D.no);
    const c = v.contacts.find((x) => x.id === cid);
    assert.deepEqual({ m: c.method, r: c.result, k: c.report_kind, n: c.note },
        { m: 'self_report', r: 'reached', k: 'job_search', n: '投递简历3份' });
    assert.equal(v.counters.next_contact_due, '2026-10-31');
    assert.equal(v.first_contact.done_on, '2026-10-01');

    // bad input changes nothing
    const before = v.contacts.length;
    assertError(await pub.post(url, { query_code: 'WRONGCODE', kind: 'training', date: '2026-10-01' }),
        404, 'not_found');
    assertError(await pub.post(url, { query_code: D.code, kind: 'holiday', date: '2026-10-01' }),
        400, 'code_invalid', 'kind');
    assertError(await pub.post(url, { query_code: D.code, kind: 'employed', date: '2026-10-01' }),
        400, 'field_required', 'employer');
    assertError(await pub.post(url, { query_code: D.code, kind: 'training', date: '2026-10-01',
        employer: 'X' }), 400, 'field_invalid', 'employer');
    const fut = await pub.post(url, { query_code: D.code, kind: 'training', date: '2026-10-02' });
    assert.equal(fut.status, 400, JSON.stringify(fut.body));
    assert.equal(fut.body.error.field, 'date');
    const early = await pub.post(url, { query_code: D.code, kind: 'training', date: '2026-09-30' });
    assert.equal(early.status, 400, JSON.stringify(early.body));
    assert.equal(early.body.error.field, 'date');
    assertError(await pub.post(`/api/v1/public/applications/NOPE/self-report`,
        { query_code: D.code, kind: 'training', date: '2026-10-01' }), 404, 'not_found');
    assert.equal((await view(D.no)).contacts.length, before);

    r = await pub.post(url, { query_code: D.code, kind: 'employed', date: '2026-10-01',
        employer: '北京某某科技有限公司' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(Number.isInteger(r.body.exit_proposal_id) && r.body.exit_proposal_id > 0);
    v = await view(D.no);
    assert.equal(v.status, 'active'); // a proposal: the caseworker confirms or dismisses it
    const e = v.contacts.find((x) => x.id === r.body.contact_id);
    assert.equal(e.report_kind, 'employed');
    assert.equal(e.employer, '北京某某科技有限公司');
    // reporting employed again keeps the one open proposal
    const again = await pub.post(url, { query_code: D.code, kind: 'employed', date: '2026-10-01',
        employer: '北京某某科技有限公司' });
    assert.equal(again.status, 201);
    assert.equal(again.body.exit_proposal_id, r.body.exit_proposal_id);
    // audited, without personal data
    const au = await login('auditor');
    const log = await au.get(`/api/v1/audit?object_type=registration&object_id=${D.no}`);
    assert.equal(log.status, 200, JSON.stringify(log.body));
    const acts = log.body.items.map((x) => x.action);
    assert.equal(acts.filter((x) => x === 'registration.self_report').length, 3, JSON.stringify(acts));
    assert.doesNotMatch(JSON.stringify(log.body), /北京某某科技/);
});

test('a reached self-report resets refusals (one refusal a day)', async () => {
    await moveClock('2026-10-05T10:00:00');
    const E = await register();
    await contact(E.no, '2026-10-05', 'refused');
    await contact(E.no, '2026-10-05', 'refused'); // one day: one refusal
    assert.equal((await view(E.no)).counters.refusals, 1);
    const pub = api(srv.url);
    const url = `/api/v1/public/applications/${E.app}/self-report`;
    assert.equal((await pub.post(url, { query_code: E.code, kind: 'training', date: '2026-10-05' })).status, 201);
    assert.equal((await view(E.no)).counters.refusals, 0); // reached on the same day wins
});

// A store of `people` generated people (contact histories included) as of `now`.
async function genStore(dir, name, people, now) {
    const db = freshDb(dir, name);
    const env = { UREG_NOW: now };
    for (const args of [['init'], ['gen', '--people', String(people), '--seed', '5', '--region', '110105']]) {
        const r = await runCli(args, { db, dev: true, env });
        assert.equal(r.code, 0, r.stderr + r.stdout);
    }
    return db;
}

function parseRun(stdout) {
    const m = /^checked (\d+)( \(resumed\))?: exits (\d+), exit proposals (\d+), due dates corrected (\d+)/m.exec(stdout);
    assert.ok(m, stdout);
    return { checked: +m[1], resumed: !!m[2], exits: +m[3], proposals: +m[4], corrected: +m[5] };
}

test('a killed run resumes and ends where an uninterrupted one does; a third run changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ureg-followup-'));
    try {
        // gen's histories end half a year before the run: the people gen left in a spell of
        // unreachable attempts or refusals (its own counter exits are in the history) are due now
        const now = '2026-12-01T08:00:00';
        const env = { UREG_NOW: now };
        const ref = await genStore(dir, 'ref', 3000, '2026-06-01T08:00:00');
        const full = await runCli(['followup', 'run', '--batch', '5'], { db: ref, dev: true, env });
        assert.equal(full.code, 0, full.stderr);
        const want = parseRun(full.stdout);
        assert.ok(want.exits > 10, full.stdout); // gen's unreachable and refusing people
        assert.ok(want.checked > 1000, full.stdout);

        // kill a run part-way (batches of 1: thousands of commits) and resume it. A quiet
        // machine can finish the run in a quarter of a second, so the kill's delay adapts: a
        // run that ended before the kill halves it, a kill before the first batch (nothing to
        // resume) doubles it; each try on a fresh store
        const bin = process.env.UREG_BIN;
        let cut;
        let delay = 200;
        let resumed = false;
        for (let attempt = 0; attempt < 8 && !resumed; attempt++) {
            cut = await genStore(dir, `cut${attempt}`, 3000, '2026-06-01T08:00:00');
            const child = spawn(bin, ['--db', cut, '--dev', 'followup', 'run', '--batch', '1'],
                { env: { ...process.env, ...env }, stdio: 'ignore' });
            // listened for at once: a run that ends before the kill must not leave the wait hanging
            const closed = new Promise((res) => child.on('close', (code, sig) => res(sig || code)));
            await new Promise((res) => setTimeout(res, delay));
            child.kill('SIGKILL');
            const killed = await closed;
            const again = await runCli(['followup', 'run', '--batch', '5'], { db: cut, dev: true, env });
            assert.equal(again.code, 0, again.stderr);
            const got = parseRun(again.stdout);
            if (killed !== 'SIGKILL') {
                // the run ended on its own: this was a second run, which changes nothing
                assert.equal(killed, 0);
                assert.deepEqual({ e: got.exits, p: got.proposals, c: got.corrected, r: got.resumed },
                    { e: 0, p: 0, c: 0, r: false });
                delay = Math.max(1, Math.floor(delay / 2));
                continue;
            }
            // killed, resumed or not (killed before its first batch): ends where the full run did
            resumed = got.resumed;
            assert.equal(got.checked, want.checked, again.stdout);
            assert.equal(got.exits, want.exits);
            assert.equal(got.proposals, want.proposals);
            assert.equal(got.corrected, want.corrected);
            if (!resumed) delay *= 2;
        }
        assert.ok(resumed, 'no try killed the run between two batches');
        for (const db of [ref, cut]) {
            const third = parseRun((await runCli(['followup', 'run'], { db, dev: true, env })).stdout);
            assert.deepEqual({ e: third.exits, p: third.proposals, c: third.corrected, r: third.resumed },
                { e: 0, p: 0, c: 0, r: false });
            assert.equal(third.checked, want.checked - want.exits);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test('followup run refuses a bad --batch', async () => {
    const r = await srv.run(['followup', 'run', '--batch', '0']);
    assert.notEqual(r.code, 0);
});
