// exit.test.mjs — exits (注销, notice §5 ¶2) as a caseworker and a supervisor work them: every
// reason a caseworker applies with its evidence, the notification exceptions (24 emigration, 25,
// 26 owe none: notified null), bad input refused with its field and nothing written, the revert by
// a supervisor only (and refused when the person has applied again since), the proposals'
// routes, and another region's registration 404. Runs on SQLite and, under UREG_TEST_PG, on
// PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertError, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv, cw, sup;
let seq = 500;

async function login(url, user) {
    const c = api(url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

// A new registration in 东城区 (110101), approved by the caseworker; its form is returned too.
async function registration() {
    seq += 2;
    const form = formFor(idNumber('110101', '1988-04-09', seq));
    const a = await api(srv.url).post('/api/v1/public/applications', form);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return { reg: d.body.registration_no, form };
}

const exit = (reg, body, c = cw) => c.post(`/api/v1/registrations/${reg}/exit`, body);
const view = (reg, c = cw) => c.get(`/api/v1/registrations/${reg}`);

before(async () => {
    // The server's own sender (notify_interval) waits a day: the last test sends with
    // `ureg notify run`, the cron way; test/api/notify.test.mjs covers the server's sender.
    srv = await startServer({ now: '2026-03-02T09:30:00', args: ['--notify-interval', '86400'] });
    cw = await login(srv.url, 'caseworker');
    sup = await login(srv.url, 'supervisor');
    const r = await srv.run(['policy', 'income', '110101', '1100']);
    assert.equal(r.code, 0, r.stderr);
});
after(async () => {
    await srv?.stop();
});

// Every reason a caseworker applies, its evidence, and whether the person is told.
const CASES = [
    ['11', '', { employer: '北京某科技有限公司' }, false],
    ['12', '', { business: '个体工商户营业执照 92110101MA0000000X' }, false],
    ['13', '', { monthly_income: 3000 }, false],
    ['14', '', { post: '社区公益性岗位' }, false],
    ['21', '', { pension_start: '2026-02-01' }, false],
    ['23', '', { certificate: '劳动能力鉴定结论书 2026-001' }, false],
    ['24', 'school', { document: '录取通知书' }, false],
    ['24', 'military', { document: '入伍通知书' }, false],
    ['24', 'emigration', { document: '出境定居证明' }, null],
    ['25', '', { document: '判决书' }, null],
    ['26', '', { document: '死亡证明' }, null],
    ['90', '', {}, false],
];

for (const [code, subkind, evidence, notified] of CASES) {
    test(`exit ${code}${subkind ? ' ' + subkind : ''}: evidence kept, notified ${notified}`,
        async () => {
            const { reg } = await registration();
            const body = { reason_code: code, date: '2026-03-02', note: code === '90' ? '本地规定' : '',
                evidence };
            if (subkind) body.subkind = subkind;
            const r = await exit(reg, body);
            assert.equal(r.status, 200, JSON.stringify(r.body));
            assert.equal(r.body.reason_code, code);
            assert.equal(r.body.date, '2026-03-02');
            assert.deepEqual(r.body.evidence, evidence);
            assert.equal(r.body.notified, notified);
            const v = await view(reg);
            assert.equal(v.status, 200);
            assert.equal(v.body.status, 'exited');
            assert.equal(v.body.exit.reason_code, code);
            assert.equal(v.body.exit.notified, notified);
            assert.deepEqual(v.body.exit.evidence, evidence);
            assert.equal(v.body.exit.subkind, subkind);
            assert.equal(v.body.exit.source, 'caseworker');
            assert.deepEqual(v.body.exit_proposals, []);
            assertError(await exit(reg, body), 409, 'registration_exited');
        });
}

test('bad input names its field and writes nothing', async () => {
    const { reg } = await registration();
    const bad = [
        [{ date: '2026-03-02' }, 400, 'field_required', 'reason_code'],
        [{ reason_code: '11' }, 400, 'field_required', 'date'],
        [{ reason_code: '11', date: '2026-02-30', evidence: { employer: 'x' } }, 400,
            'field_invalid', 'date'],
        [{ reason_code: '11', date: '2026-03-02' }, 400, 'exit_evidence_required',
            'evidence.employer'],
        [{ reason_code: '24', date: '2026-03-02', evidence: { document: 'x' } }, 400,
            'exit_subkind_invalid'],
        [{ reason_code: '22', date: '2026-03-02' }, 400, 'exit_reason_age'],
        [{ reason_code: '31', date: '2026-03-02' }, 400, 'exit_reason_batch_only'],
        [{ reason_code: '13', date: '2026-03-02', evidence: { monthly_income: 900 } }, 400,
            'income_below_threshold'],
        [{ reason_code: '11', date: '2026-03-02', evidence: 'x' }, 400, 'field_invalid',
            'evidence'],
    ];
    for (const [body, status, code, field] of bad) {
        const r = await exit(reg, body);
        assert.equal(r.status, status, JSON.stringify([body, r.body]));
        assert.equal(r.body.error.code, code, JSON.stringify([body, r.body]));
        if (field) assert.equal(r.body.error.field, field, JSON.stringify([body, r.body]));
    }
    const v = await view(reg);
    assert.equal(v.body.status, 'active');
    assert.equal(v.body.exit, null);
});

test('a supervisor reverts an exit; a caseworker may not; a second revert is 404', async () => {
    const { reg } = await registration();
    assert.equal((await exit(reg, { reason_code: '11', date: '2026-03-02',
        evidence: { employer: '某公司' } })).status, 200);
    assertError(await cw.post(`/api/v1/registrations/${reg}/exit/revert`, { reason: '误操作' }),
        403, 'forbidden');
    assertError(await sup.post(`/api/v1/registrations/${reg}/exit/revert`, {}), 400,
        'field_required', 'reason');
    const r = await sup.post(`/api/v1/registrations/${reg}/exit/revert`, { reason: '用人单位信息有误' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const v = await view(reg);
    assert.equal(v.body.status, 'active');
    assert.equal(v.body.exit, null);
    assertError(await sup.post(`/api/v1/registrations/${reg}/exit/revert`, { reason: '再次' }),
        404, 'not_found');
    // Active again: it can be exited again, and reverted again.
    assert.equal((await exit(reg, { reason_code: '90', date: '2026-03-02', note: '本地规定' }))
        .status, 200);
    assert.equal((await sup.post(`/api/v1/registrations/${reg}/exit/revert`,
        { reason: '复核' })).status, 200);
    const audit = await srv.run(['audit', 'show', '--type', 'registration', '--id', reg]);
    if (audit.code === 0) assert.match(audit.stdout, /registration\.exit_revert/);
});

test('the revert is refused when the person has applied again since the exit', async () => {
    const { reg, form } = await registration();
    assert.equal((await exit(reg, { reason_code: '14', date: '2026-03-02',
        evidence: { post: '公益性岗位' } })).status, 200);
    const again = await api(srv.url).post('/api/v1/public/applications', form);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assertError(await sup.post(`/api/v1/registrations/${reg}/exit/revert`, { reason: '误' }), 409,
        'exit_revert_reopened', 'registration');
    assert.equal((await view(reg)).body.status, 'exited');
});

test('proposals: listed in the region, an unknown one 404, bad status refused', async () => {
    const r = await cw.get('/api/v1/exit-proposals?status=open');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(Array.isArray(r.body.items));
    assertError(await cw.get('/api/v1/exit-proposals?status=maybe'), 400, 'field_invalid',
        'status');
    assertError(await cw.post('/api/v1/exit-proposals/999999/confirm', {}), 404, 'not_found');
    assertError(await cw.post('/api/v1/exit-proposals/999999/dismiss', { note: 'x' }), 404,
        'not_found');
    assertError(await cw.post('/api/v1/exit-proposals/1/dismiss', {}), 400, 'field_required',
        'note');
});

test('another region: the exit and the revert are 404 and change nothing', async () => {
    const { reg } = await registration();
    const other = await login(srv.url, 'caseworker2');
    assertError(await exit(reg, { reason_code: '90', date: '2026-03-02', note: 'x' }, other), 404,
        'not_found');
    assertError(await other.get(`/api/v1/exit-proposals?registration=${reg}`), 404, 'not_found');
    assert.equal((await view(reg)).body.status, 'active');
});

test('ureg notify run sends the owed notifications once (log notifier); exempt ones stay null',
    async () => {
        const { reg } = await registration();
        const { reg: exempt } = await registration();
        assert.equal((await exit(reg, { reason_code: '14', date: '2026-03-02',
            evidence: { post: '公益性岗位' } })).status, 200);
        assert.equal((await exit(exempt, { reason_code: '26', date: '2026-03-02',
            evidence: { document: '死亡证明' } })).status, 200);
        assert.equal((await view(reg)).body.exit.notified, false);
        const first = await srv.run(['notify', 'run']);
        assert.equal(first.code, 0, first.stderr);
        const m = first.stdout.match(/sent (\d+), failed (\d+)/);
        assert.ok(m && Number(m[1]) >= 1 && m[2] === '0', first.stdout);
        assert.doesNotMatch(first.stderr, /110101\d{12}/); // no ID number in the log line
        assert.equal((await view(reg)).body.exit.notified, true);
        const note = (await view(reg)).body.exit.notification;
        assert.deepEqual([note.channel, note.status, note.attempts], ['log', 'sent', 1]);
        assert.equal((await view(exempt)).body.exit.notified, null);
        assert.equal((await view(exempt)).body.exit.notification, null);
        const second = await srv.run(['notify', 'run']);
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stdout, /sent 0, failed 0/);
    });
