// track.test.mjs — tracked services of a registration (notice §4(三)–(七)): training and
// start-up referrals, a 创业担保贷款 through its five steps, recognition of a 就业困难人员 category
// with evidence, an assistance plan with a designated caseworker and dated steps that fall due
// and become overdue as days pass (development clock), policy applications and the hand-over
// to the insurance agency; every bad input gets its error and changes nothing; another region's
// registration is 404; every write is audited. Runs on SQLite and, under UREG_TEST_PG, on
// PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertError, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv, cw;
let seq = 300;

async function login(url, user) {
    const c = api(url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

// A new registration in 东城区 (110101), approved today by the caseworker.
async function registration(c = cw, url = srv.url) {
    seq += 2;
    const a = await api(url).post('/api/v1/public/applications',
        formFor(idNumber('110101', '1988-04-09', seq)));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await c.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return d.body.registration_no;
}

const items = (reg) => cw.get(`/api/v1/registrations/${reg}/items`);
const open = (reg, body, c = cw) => c.post(`/api/v1/registrations/${reg}/items`, body);
const move = (reg, id, body, c = cw) =>
    c.post(`/api/v1/registrations/${reg}/items/${id}/steps`, body);

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    cw = await login(srv.url, 'caseworker');
});
after(async () => {
    await srv?.stop();
});

test('a training referral is followed from referred to completed, one step at a time', async () => {
    const reg = await registration();
    const r = await open(reg, { kind: 'training_referral', subject: '电工中级培训班', on: '2026-03-02',
        note: '推荐至区职业技能培训中心', detail: { provider: '东城区职业技能培训中心' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assertError(await move(reg, r.body.id, { status: 'completed', on: '2026-03-02' }), 409,
        'status_move_invalid', 'status');
    assert.equal((await move(reg, r.body.id, { status: 'enrolled', on: '2026-03-02' })).status, 200);
    assert.equal((await move(reg, r.body.id, { status: 'completed', on: '2026-03-02',
        note: '结业' })).status, 200);
    assertError(await move(reg, r.body.id, { status: 'dropped', on: '2026-03-02' }), 409,
        'status_move_invalid', 'status');
    const list = await items(reg);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const it = list.body.items[0];
    assert.equal(it.kind, 'training_referral');
    assert.equal(it.status, 'completed');
    assert.equal(it.closed_on, '2026-03-02');
    assert.equal(it.overdue, false);
    assert.deepEqual(it.detail, { provider: '东城区职业技能培训中心' });
    assert.deepEqual(it.steps.map((s) => s.status), ['referred', 'enrolled', 'completed']);
    assert.deepEqual(it.next, []);
    assert.equal(it.steps[2].note, '结业');
});

test('a start-up guarantee loan goes applied → reviewed → guaranteed → granted → repaid', async () => {
    const reg = await registration();
    assertError(await open(reg, { kind: 'startup_loan', subject: '创业担保贷款', on: '2026-03-02' }),
        400, 'field_required', 'amount');
    assertError(await open(reg, { kind: 'startup_loan', subject: '创业担保贷款', on: '2026-03-02',
        amount: 0 }), 400, 'field_invalid', 'amount');
    const r = await open(reg, { kind: 'startup_loan', subject: '创业担保贷款', on: '2026-03-02',
        amount: 200000, detail: { bank: '北京银行东城支行' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual((await items(reg)).body.items[0].next, ['reviewed', 'rejected']);
    // No skipping a step, no going back.
    assertError(await move(reg, r.body.id, { status: 'granted', on: '2026-03-02' }), 409,
        'status_move_invalid', 'status');
    for (const status of ['reviewed', 'guaranteed', 'granted', 'repaid'])
        assert.equal((await move(reg, r.body.id, { status, on: '2026-03-02' })).status, 200, status);
    const it = (await items(reg)).body.items[0];
    assert.equal(it.amount, 200000);
    assert.deepEqual(it.steps.map((s) => s.status),
        ['applied', 'reviewed', 'guaranteed', 'granted', 'repaid']);
    assertError(await move(reg, r.body.id, { status: 'rejected', on: '2026-03-02' }), 409,
        'status_move_invalid', 'status');
});

test('bad input gets its error, names its field and changes nothing', async () => {
    const reg = await registration();
    const cases = [
        [{ kind: 'astrology', subject: 'x', on: '2026-03-02' }, 'field_invalid', 'kind'],
        [{ subject: 'x', on: '2026-03-02' }, 'field_required', 'kind'],
        [{ kind: 'training_referral', on: '2026-03-02' }, 'field_required', 'subject'],
        [{ kind: 'training_referral', subject: 'x' }, 'field_required', 'on'],
        [{ kind: 'training_referral', subject: 'x', on: '2026-02-30' }, 'date_invalid', 'on'],
        [{ kind: 'training_referral', subject: 'x', on: '2026-03-03' }, 'date_in_future', 'on'],
        [{ kind: 'training_referral', subject: 'x', on: '2026-03-01' }, 'date_before_registration',
            'on'],
        [{ kind: 'training_referral', subject: 'x', on: '2026-03-02', detail: [1] },
            'field_invalid', 'detail'],
        [{ kind: 'training_referral', subject: 'x', on: '2026-03-02', amount: 5 }, 'field_invalid',
            'amount'],
        [{ kind: 'difficulty_recognition', code: '99', on: '2026-03-02',
            detail: { evidence: '残疾证' } }, 'field_invalid', 'code'],
        [{ kind: 'difficulty_recognition', code: '20', on: '2026-03-02' }, 'field_required',
            'detail.evidence'],
        [{ kind: 'plan_step', subject: '职业指导', code: 'counselling', on: '2026-03-02',
            due_on: '2026-03-09' }, 'field_required', 'parent_id'],
        [{ kind: 'assistance_plan', subject: '帮扶计划', on: '2026-03-02' }, 'field_required',
            'caseworker'],
        [{ kind: 'assistance_plan', subject: '帮扶计划', on: '2026-03-02',
            caseworker: 'caseworker2' }, 'field_invalid', 'caseworker'], // another region's
        [{ kind: 'assistance_plan', subject: '帮扶计划', on: '2026-03-02',
            caseworker: 'supervisor' }, 'field_invalid', 'caseworker'], // not a caseworker
    ];
    for (const [body, code, field] of cases)
        assertError(await open(reg, body), 400, code, field);
    assert.deepEqual((await items(reg)).body.items, []);
    assertError(await open('110101202699999999', { kind: 'training_referral', subject: 'x',
        on: '2026-03-02' }), 404, 'not_found');
});

test('another region sees no such registration, and cannot write to it', async () => {
    const reg = await registration();
    const r = await open(reg, { kind: 'policy_application', subject: '一次性创业补贴',
        on: '2026-03-02' });
    assert.equal(r.status, 201);
    const other = await login(srv.url, 'caseworker2');
    assertError(await other.get(`/api/v1/registrations/${reg}/items`), 404, 'not_found');
    assertError(await open(reg, { kind: 'training_referral', subject: 'x', on: '2026-03-02' },
        other), 404, 'not_found');
    assertError(await move(reg, r.body.id, { status: 'approved', on: '2026-03-02' }, other), 404,
        'not_found');
    const due = await other.get('/api/v1/due');
    assert.equal(due.status, 200);
    assert.ok(!due.body.items.some((i) => i.registration_no === reg));
    // Nor does an item id of another registration move through this one.
    const mine = await registration();
    assertError(await move(mine, r.body.id, { status: 'approved', on: '2026-03-02' }), 404,
        'not_found');
    assert.equal((await items(reg)).body.items[0].status, 'received');
    assert.deepEqual((await cw.get(`/api/v1/registrations/${reg}`)).body.policy_applications
        .map((i) => [i.subject, i.status]), [['一次性创业补贴', 'received']]);
});

test('recognition, plan and steps: due, overdue as days pass, a plan closes after its steps',
    async () => {
        const own = await startServer({ now: '2026-03-02T09:30:00' });
        const c = await login(own.url, 'caseworker');
        const reg = await registration(c, own.url);
        assert.equal((await open(reg, { kind: 'difficulty_recognition', code: '20', on: '2026-03-02',
            detail: { evidence: '残疾人证 11010119880409xxxx' } }, c)).status, 201);
        const plan = await open(reg, { kind: 'assistance_plan', subject: '就业困难人员个人帮扶计划',
            on: '2026-03-02', caseworker: 'caseworker' }, c);
        assert.equal(plan.status, 201, JSON.stringify(plan.body));
        const step = await open(reg, { kind: 'plan_step', subject: '一对一职业指导',
            code: 'counselling', on: '2026-03-02', due_on: '2026-03-09', parent_id: plan.body.id },
        c);
        assert.equal(step.status, 201, JSON.stringify(step.body));
        const post = await open(reg, { kind: 'plan_step', subject: '公益性岗位安置',
            code: 'public_welfare_post', on: '2026-03-02', due_on: '2026-03-01',
            parent_id: plan.body.id }, c);
        assertError(post, 400, 'due_before_date', 'due_on');
        // Not a plan: a step cannot hang under another step.
        assertError(await open(reg, { kind: 'plan_step', subject: 'x', code: 'other',
            on: '2026-03-02', due_on: '2026-03-09', parent_id: step.body.id }, c), 400,
        'field_invalid', 'parent_id');

        // The plan step is on the designated caseworker's due list (GET /api/v1/due), beside the
        // person's first contact; the plan itself has no due date.
        const tracked = (d) => d.body.items.filter((i) => i.kind === 'tracked_item')
            .map((i) => [i.registration_no, i.ref_id, i.due_on, i.overdue]);
        let due = await c.get('/api/v1/due?caseworker=me');
        assert.equal(due.status, 200, JSON.stringify(due.body));
        assert.deepEqual(tracked(due), [[reg, step.body.id, '2026-03-09', false]]);
        assert.ok(due.body.items.some((i) => i.kind === 'first_contact' && i.registration_no === reg));
        await own.stopKeep();

        const later = await startServer({ now: '2026-03-16T09:00:00', reuse: own });
        try {
            const l = await login(later.url, 'caseworker');
            due = await l.get('/api/v1/due?caseworker=me');
            assert.deepEqual(tracked(due), [[reg, step.body.id, '2026-03-09', true]]);
            // Closing the plan while a step is open is refused; the step done, it closes.
            assertError(await move(reg, plan.body.id, { status: 'closed', on: '2026-03-16' }, l),
                409, 'plan_steps_open', 'status');
            assertError(await move(reg, step.body.id, { status: 'done', on: '2026-03-01' }, l), 400,
                'date_before_registration', 'on');
            assert.equal((await move(reg, step.body.id, { status: 'done', on: '2026-03-16',
                note: '已完成职业指导' }, l)).status, 200);
            assert.equal((await move(reg, plan.body.id, { status: 'closed', on: '2026-03-16' }, l))
                .status, 200);
            assert.deepEqual(tracked(await l.get('/api/v1/due?caseworker=me')), []);
            const list = (await l.get(`/api/v1/registrations/${reg}/items`)).body.items;
            assert.deepEqual(list.map((i) => [i.kind, i.status]), [['plan_step', 'done'],
                ['assistance_plan', 'closed'], ['difficulty_recognition', 'recognised']]);
            assert.equal(list[0].parent_id, plan.body.id);
            // The registration's history carries them: the plan with its step, all the items.
            const view = (await l.get(`/api/v1/registrations/${reg}`)).body;
            assert.deepEqual(view.plans.map((i) => [i.kind, i.status]),
                [['plan_step', 'done'], ['assistance_plan', 'closed']]);
            assert.deepEqual(view.items.map((i) => i.id), list.map((i) => i.id));
            assert.deepEqual(view.policy_applications, []);
            // A step dated before the item's last step is refused.
            const rec = list[2];
            assertError(await move(reg, rec.id, { status: 'revoked', on: '2026-03-01' }, l), 400,
                'date_before_registration', 'on');
            const audit = await login(later.url, 'auditor');
            const log = await audit.get(`/api/v1/audit?object_type=registration&object_id=${reg}`);
            assert.equal(log.status, 200);
            const actions = log.body.items.map((e) => e.action);
            assert.equal(actions.filter((a) => a === 'track.open').length, 3); // refused ones: none
            assert.equal(actions.filter((a) => a === 'track.move').length, 2);
        } finally {
            await later.stop();
        }
    });

test('a step cannot be dated before the previous one', async () => {
    const own = await startServer({ now: '2026-03-02T09:30:00' });
    const c = await login(own.url, 'caseworker');
    const reg = await registration(c, own.url);
    await own.stopKeep();
    const later = await startServer({ now: '2026-03-20T09:00:00', reuse: own });
    try {
        const l = await login(later.url, 'caseworker');
        const h = await open(reg, { kind: 'ui_handover', subject: '东城区社会保险事业管理中心',
            on: '2026-03-10' }, l);
        assert.equal(h.status, 201, JSON.stringify(h.body));
        assertError(await move(reg, h.body.id, { status: 'accepted', on: '2026-03-09' }, l), 400,
            'date_before_last_step', 'on');
        assert.equal((await move(reg, h.body.id, { status: 'accepted', on: '2026-03-10' }, l))
            .status, 200);
    } finally {
        await later.stop();
    }
});
