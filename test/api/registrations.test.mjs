// registrations.test.mjs — serving a registered person over HTTP (issue 8's core): the
// registration with its whole history (CONTRACT.md's shape), masking and audited reveal, the
// region's list with its filters and paging, the profile with tier, categories and the served-as
// marker (人社厅发〔2020〕79号), service records with corrections and follow-ups, contacts, the
// proactive first contact within 5 working days and the due list; every bad input gets its error
// and changes nothing; another region's registration is 404. The server's clock is fixed at
// 2026-03-02 (a Monday), so the first contact is due on Monday 2026-03-09.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertError, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv;
before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
});
after(async () => {
    await srv?.stop();
});

let seq = 300;
function form(over = {}) {
    seq += 2;
    return formFor(idNumber('110101', '1988-04-12', seq), { name: '欧阳娜娜', ...over });
}

async function login(user, url = srv.url) {
    const c = api(url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

// Submit and approve an application; resolves to {reg_no, application_no}.
async function register(cw, over = {}, url = srv.url) {
    const a = await api(url).post('/api/v1/public/applications', form(over));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return { reg_no: d.body.registration_no, application_no: a.body.application_no };
}

test('the registration has CONTRACT.md\'s shape, its application, profile and first contact', async () => {
    const cw = await login('caseworker');
    const { reg_no, application_no } = await register(cw, {
        skills: '会计、出纳', job_intent: { occupation: '2-06-01', region: '110101', salary_min: 6000 },
        training_intent: true,
    });
    const r = await cw.get(`/api/v1/registrations/${reg_no}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const b = r.body;
    assert.equal(b.registration_no, reg_no);
    assert.equal(b.status, 'active');
    assert.equal(b.registered_at, '2026-03-02');
    assert.equal(b.person.masked, true);
    assert.notEqual(b.person.name, '欧阳娜娜');
    assert.doesNotMatch(JSON.stringify(b), /欧阳娜娜|13812345678/);
    assert.deepEqual(b.services, []);
    assert.deepEqual(b.contacts, []);
    assert.deepEqual(b.plans, []);
    assert.deepEqual(b.policy_applications, []);
    assert.equal(b.exit, null);
    assert.equal(b.application.application_no, application_no);
    assert.equal(b.application.channel, 'online');
    assert.equal(b.application.accepted_on, '2026-03-02');
    assert.equal(b.profile.unemployment_reason, '20');
    assert.equal(b.profile.skills, '会计、出纳');
    assert.deepEqual(b.profile.job_intent,
        { occupation: '2-06-01', region: '110101', salary_min: 6000, salary_max: 0 });
    assert.equal(b.profile.training_intent, true);
    assert.equal(b.tier, null);
    assert.equal(b.tier_policy, null);
    assert.equal(b.served_as, '');
    assert.equal(b.caseworker.username, 'caseworker');
    // 79号: first contact within 5 working days: Mar 3, 4, 5, 6, 9.
    assert.deepEqual(b.first_contact, { due: '2026-03-09', done_on: null, overdue: false });
});

test('reveal unmasks with a stated reason, needs the case permission and is audited without personal data', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    // As for an application (issue 12): no reason, no unmasking, and nothing read.
    assertError(await cw.get(`/api/v1/registrations/${reg_no}?reveal=true`), 400,
        'reveal_reason_required', 'reason');
    assert.equal((await cw.get(`/api/v1/registrations/${reg_no}`)).status, 200); // masked
    const reason = encodeURIComponent('核对登记人员联系方式');
    const r = await cw.get(`/api/v1/registrations/${reg_no}?reveal=true&reason=${reason}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.person.masked, false);
    assert.equal(r.body.person.name, '欧阳娜娜');
    assert.equal(r.body.person.phone, '13812345678');
    const au = await login('auditor');
    const audit = await au.get(`/api/v1/audit?object_type=registration&object_id=${reg_no}`);
    const actions = audit.body.items.map((e) => `${e.action}:${e.actor}`);
    assert.ok(actions.includes('person.reveal:caseworker'), actions.join());
    const reveal = audit.body.items.find((e) => e.action === 'person.reveal');
    assert.equal(reveal.detail.reason, '核对登记人员联系方式');
    assert.ok(Number.isInteger(reveal.detail.person_id) && reveal.detail.person_id > 0);
    // The masked read of the case page is audited too (person.read), as an application's is.
    assert.ok(actions.includes('person.read:caseworker'), actions.join());
    assert.doesNotMatch(JSON.stringify(audit.body), /欧阳娜娜|13812345678/);
    assertError(await login('statistician').then((s) => s.get(`/api/v1/registrations/${reg_no}`)),
        403, 'forbidden');
});

test('another region\'s registration is 404 for every route, and nothing changes', async () => {
    const cw = await login('caseworker');
    const other = await login('caseworker2'); // 西城区
    const { reg_no } = await register(cw);
    const before = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assertError(await other.get(`/api/v1/registrations/${reg_no}`), 404, 'not_found');
    assertError(await other.get(`/api/v1/registrations/${reg_no}?reveal=true&reason=x`), 404,
        'not_found');
    assertError(await other.put(`/api/v1/registrations/${reg_no}/profile`, { tier: 'ready' }),
        404, 'not_found');
    assertError(await other.post(`/api/v1/registrations/${reg_no}/services`,
        { type: 'career_guidance', date: '2026-03-02' }), 404, 'not_found');
    assertError(await other.post(`/api/v1/registrations/${reg_no}/contacts`,
        { date: '2026-03-02', method: 'phone', result: 'reached' }), 404, 'not_found');
    assertError(await cw.get('/api/v1/registrations/1101012026999999'), 404, 'not_found');
    const list = await other.get('/api/v1/registrations?limit=100');
    assert.ok(!list.body.items.some((i) => i.registration_no === reg_no));
    const due = await other.get('/api/v1/due');
    assert.ok(!due.body.items.some((i) => i.registration_no === reg_no));
    assert.deepEqual((await cw.get(`/api/v1/registrations/${reg_no}`)).body, before);
});

test('the profile, tier, categories and served-as marker change; the audit names the fields', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    const edit = {
        unemployment_reason: '21', skills: '叉车', certificates: '特种设备作业人员证',
        skill_level: '4',
        job_intent: { occupation: '4-02-03-01', region: '110100', salary_min: 5000,
            salary_max: 7000 },
        training_intent: true, startup_intent: false, explained_on: '2026-03-02',
        tier: 'guidance', categories: ['job_seeking', 'training'], served_as: 'graduate',
        difficulty_categories: ['40'],
    };
    const p = await cw.put(`/api/v1/registrations/${reg_no}/profile`, edit);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.changed, 14);
    const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b.profile.unemployment_reason, '21');
    assert.equal(b.profile.skill_level, '4');
    assert.deepEqual(b.profile.job_intent, edit.job_intent);
    assert.equal(b.profile.explained_on, '2026-03-02');
    assert.equal(b.tier, 'guidance');
    assert.deepEqual(b.categories, ['job_seeking', 'training']);
    assert.equal(b.served_as, 'graduate');
    assert.deepEqual(b.difficulty_categories, ['40']);
    // The tier's policy (分级): contact interval and offered services, from the database.
    assert.equal(b.tier_policy.contact_days, 30);
    assert.ok(b.tier_policy.services.includes('career_guidance'));
    // Sending the same again changes nothing and audits nothing more.
    assert.equal((await cw.put(`/api/v1/registrations/${reg_no}/profile`, edit)).body.changed, 0);
    // Only what is sent changes.
    const t = await cw.put(`/api/v1/registrations/${reg_no}/profile`, { tier: 'training' });
    assert.equal(t.body.changed, 1);
    const b2 = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b2.tier, 'training');
    assert.equal(b2.profile.skills, '叉车');
    const au = await login('auditor');
    const audit = await au.get(`/api/v1/audit?object_type=registration&object_id=${reg_no}`);
    const prof = audit.body.items.filter((e) => e.action === 'registration.profile');
    assert.equal(prof.length, 2);
    assert.ok(prof[0].detail.changed.includes('skills'));
    assert.deepEqual(prof[1].detail.changed, ['tier']);
    assert.doesNotMatch(JSON.stringify(audit.body), /叉车|特种设备/);
});

test('bad profile input gets a clear error and changes nothing', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    const before = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    const cases = [
        [{ tier: 'gold' }, 'code_invalid', 'tier'],
        [{ served_as: 'tourist' }, 'code_invalid', 'served_as'],
        [{ unemployment_reason: '99' }, 'code_invalid', 'unemployment_reason'],
        [{ skill_level: '6' }, 'code_invalid', 'skill_level'],
        [{ categories: ['astronaut'] }, 'code_invalid', 'categories'],
        [{ categories: 'training' }, 'field_invalid', 'categories'],
        [{ categories: ['training', 'training'] }, 'field_invalid', 'categories'],
        [{ job_intent: { occupation: '会计' } }, 'occupation_invalid', 'job_intent.occupation'],
        [{ job_intent: { region: '999999' } }, 'region_invalid', 'job_intent.region'],
        [{ job_intent: { salary_min: 8000, salary_max: 5000 } }, 'field_invalid',
            'job_intent.salary_max'],
        [{ job_intent: { salary_min: -1 } }, 'field_invalid', 'job_intent.salary_min'],
        [{ explained_on: '2026-03-03' }, 'date_in_future', 'explained_on'],
        [{ explained_on: '2026-03-01' }, 'date_before_registration', 'explained_on'],
        [{ explained_on: '2026-02-30' }, 'date_invalid', 'explained_on'],
        // 刑满释放人员 (72) is on Guangdong's list, not on the national set Beijing uses.
        [{ difficulty_categories: ['72'] }, 'difficulty_category_invalid', 'difficulty_categories'],
        [{ training_intent: 'yes' }, 'field_invalid', 'training_intent'],
        [{ caseworker_id: 999999 }, 'caseworker_unknown', 'caseworker_id'],
        // a valid change together with a bad one: nothing of it is written
        [{ skills: '焊工', tier: 'gold' }, 'code_invalid', 'tier'],
    ];
    for (const [body, code, field] of cases) {
        assertError(await cw.put(`/api/v1/registrations/${reg_no}/profile`, body), 400, code,
            field);
    }
    // The 西城 caseworker is not of this region: not a caseworker to designate here.
    const other = await login('caseworker2');
    const otherId = (await other.get('/api/v1/session')).body.user;
    assert.ok(otherId);
    assertError(await cw.request('PUT', `/api/v1/registrations/${reg_no}/profile`,
        { raw: '{"tier": ', headers: { 'Content-Type': 'application/json' } }), 400,
    'invalid_json');
    assert.deepEqual((await cw.get(`/api/v1/registrations/${reg_no}`)).body, before);
});

test('a service is recorded, corrected by a new record, and the correction shows', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    const s1 = await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'lists_handed', date: '2026-03-02', content: '发放政策清单、服务清单和机构清单',
        outcome: '已签收',
    });
    assert.equal(s1.status, 201, JSON.stringify(s1.body));
    const s2 = await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'career_guidance', date: '2026-03-02', content: '职业指导一次',
    });
    assert.equal(s2.status, 201);
    // The correction names the record it corrects; the old one is kept and shows as corrected.
    const fix = await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'jobsearch_coaching', date: '2026-03-02', content: '求职技巧指导', corrects: s2.body.id,
    });
    assert.equal(fix.status, 201, JSON.stringify(fix.body));
    const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.deepEqual(b.services.map((s) => s.id), [fix.body.id, s2.body.id, s1.body.id]);
    const old = b.services.find((s) => s.id === s2.body.id);
    assert.equal(old.corrected, true);
    assert.equal(old.corrected_by, fix.body.id);
    assert.equal(old.type, 'career_guidance');
    const neu = b.services.find((s) => s.id === fix.body.id);
    assert.equal(neu.corrects, s2.body.id);
    assert.equal(neu.corrected, false);
    assert.equal(neu.recorded_by, 'caseworker');
    assert.equal(b.services.find((s) => s.id === s1.body.id).outcome, '已签收');
    // A record is corrected once: correct the newest of the chain.
    assertError(await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'career_guidance', date: '2026-03-02', corrects: s2.body.id,
    }), 409, 'already_corrected', 'corrects');
    // Another registration's record cannot be corrected from here.
    const other = await register(cw);
    assertError(await cw.post(`/api/v1/registrations/${other.reg_no}/services`, {
        type: 'career_guidance', date: '2026-03-02', corrects: s1.body.id,
    }), 400, 'field_invalid', 'corrects');
    const au = await login('auditor');
    const audit = await au.get(`/api/v1/audit?object_type=registration&object_id=${reg_no}`);
    const svc = audit.body.items.filter((e) => e.action === 'registration.service');
    assert.equal(svc.length, 3);
    assert.equal(svc[2].detail.corrects, s2.body.id);
    assert.doesNotMatch(JSON.stringify(audit.body), /求职技巧指导|已签收/);
});

test('bad service input gets a clear error and writes nothing', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    const ok = { type: 'career_guidance', date: '2026-03-02' };
    const cases = [
        [{ ...ok, type: 'haircut' }, 'code_invalid', 'type'],
        [{ date: '2026-03-02' }, 'field_required', 'type'],
        [{ type: 'career_guidance' }, 'field_required', 'date'],
        [{ ...ok, date: '2026-03-03' }, 'date_in_future', 'date'],
        [{ ...ok, date: '2026-03-01' }, 'date_before_registration', 'date'],
        [{ ...ok, date: '2026-02-30' }, 'field_invalid', 'date'],
        [{ ...ok, followup_due: '2026-03-01' }, 'followup_before_service', 'followup_due'],
        [{ ...ok, link: { kind: 'planet', id: 1 } }, 'code_invalid', 'link_kind'],
        [{ ...ok, link: { kind: 'vacancy' } }, 'field_required', 'link_id'],
        [{ ...ok, link: 'vacancy' }, 'field_invalid', 'link'],
        [{ ...ok, link: { kind: 'service', id: 999999 } }, 'field_invalid', 'link_id'],
        [{ ...ok, corrects: 999999 }, 'field_invalid', 'corrects'],
        [{ ...ok, corrects: 0 }, 'field_invalid', 'corrects'],
        [{ ...ok, content: 'x\u0001' }, 'field_invalid', 'content'],
        [{ ...ok, content: 7 }, 'field_invalid', 'content'],
    ];
    for (const [body, code, field] of cases) {
        assertError(await cw.post(`/api/v1/registrations/${reg_no}/services`, body), 400, code,
            field);
    }
    assertError(await cw.request('POST', `/api/v1/registrations/${reg_no}/services`,
        { raw: 'not json', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_json');
    const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.deepEqual(b.services, []);
    // A caseworker's CSRF token is required; a statistician may not record.
    const st = await login('statistician');
    assertError(await st.post(`/api/v1/registrations/${reg_no}/services`, ok), 403, 'forbidden');
    const token = cw.csrf;
    cw.csrf = null;
    assertError(await cw.post(`/api/v1/registrations/${reg_no}/services`, ok), 403,
        'csrf_token_invalid');
    cw.csrf = token;
});

test('contacts are recorded and validated; a reached contact closes the first contact', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    for (const [body, code, field] of [
        [{ date: '2026-03-02', method: 'email', result: 'reached' }, 'code_invalid', 'method'],
        [{ date: '2026-03-02', method: 'phone', result: 'maybe' }, 'code_invalid', 'result'],
        [{ date: '2026-03-02', result: 'reached' }, 'field_required', 'method'],
        [{ date: '2026-03-03', method: 'phone', result: 'reached' }, 'date_in_future', 'date'],
        [{ date: '2026-03-01', method: 'phone', result: 'reached' }, 'date_before_registration',
            'date'],
        [{ method: 'phone', result: 'reached' }, 'field_required', 'date'],
    ]) {
        assertError(await cw.post(`/api/v1/registrations/${reg_no}/contacts`, body), 400, code,
            field);
    }
    const miss = await cw.post(`/api/v1/registrations/${reg_no}/contacts`,
        { date: '2026-03-02', method: 'phone', result: 'unreachable', note: '无人接听' });
    assert.equal(miss.status, 201, JSON.stringify(miss.body));
    let b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b.first_contact.done_on, null, 'an unreachable call is not the first contact');
    let due = (await cw.get('/api/v1/due?caseworker=me')).body;
    assert.ok(due.items.some((i) => i.registration_no === reg_no && i.kind === 'first_contact'));
    const hit = await cw.post(`/api/v1/registrations/${reg_no}/contacts`,
        { date: '2026-03-02', method: 'visit', result: 'reached', note: '上门走访' });
    assert.equal(hit.status, 201);
    b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b.first_contact.done_on, '2026-03-02');
    assert.deepEqual(b.contacts.map((c) => [c.id, c.method, c.result]),
        [[hit.body.id, 'visit', 'reached'], [miss.body.id, 'phone', 'unreachable']]);
    assert.equal(b.contacts[1].note, '无人接听');
    due = (await cw.get('/api/v1/due?caseworker=me')).body;
    assert.ok(!due.items.some((i) => i.registration_no === reg_no && i.kind === 'first_contact'));
    // issue 9: the monthly follow-up is due 30 days after the last contact
    assert.ok(due.items.some((i) => i.registration_no === reg_no && i.kind === 'monthly_followup' &&
        i.due_on === '2026-04-01'));
});

test('a first_contact service also closes the first contact', async () => {
    const cw = await login('caseworker');
    const { reg_no } = await register(cw);
    const s = await cw.post(`/api/v1/registrations/${reg_no}/services`,
        { type: 'first_contact', date: '2026-03-02', content: '电话联系，介绍服务' });
    assert.equal(s.status, 201);
    const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b.first_contact.done_on, '2026-03-02');
});

test('the due list: per caseworker and agency, first contacts and service follow-ups', async () => {
    const cw = await login('caseworker');
    const me = (await cw.get('/api/v1/session')).body.user;
    const { reg_no } = await register(cw);
    const all = (await cw.get('/api/v1/due')).body;
    assert.equal(all.today, '2026-03-02');
    const item = all.items.find((i) => i.registration_no === reg_no);
    assert.deepEqual(item, {
        kind: 'first_contact', registration_no: reg_no, name_masked: '欧***',
        due_on: '2026-03-09', overdue: false, ref_id: null, caseworker: 'caseworker',
        agency_id: me.agency_id,
    });
    assert.ok((await cw.get(`/api/v1/due?agency=${me.agency_id}`)).body.items
        .some((i) => i.registration_no === reg_no));
    assert.ok(!(await cw.get(`/api/v1/due?agency=${me.agency_id + 1000}`)).body.items
        .some((i) => i.registration_no === reg_no));
    for (let k = 1; k < all.items.length; k++) {
        assert.ok(all.items[k - 1].due_on <= all.items[k].due_on);
    }
    assert.equal(all.due + all.overdue, all.items.length);
    // A job referral with a follow-up day (回访求职结果) is due until its result is recorded.
    // The vacancy linked is one offered today (issue 8: closure; test/api/services8.test.mjs).
    const job = (await cw.post('/api/v1/jobs', {
        title: '推荐岗位', employer: '某单位', occupation: '4-01', region: '110101',
        salary_min: 0, salary_max: 0, valid_until: '2026-06-30',
    })).body.id;
    const ref = await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'job_referral', date: '2026-03-02', content: '推荐岗位', followup_due: '2026-03-16',
        link: { kind: 'vacancy', id: job },
    });
    assert.equal(ref.status, 201, JSON.stringify(ref.body));
    let due = (await cw.get('/api/v1/due?caseworker=me')).body;
    const f = due.items.find((i) => i.kind === 'service_followup' && i.ref_id === ref.body.id);
    assert.ok(f, JSON.stringify(due));
    assert.equal(f.due_on, '2026-03-16');
    const res = await cw.post(`/api/v1/registrations/${reg_no}/services`, {
        type: 'referral_result', date: '2026-03-02', outcome: 'interviewed',
        link: { kind: 'service', id: ref.body.id },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    due = (await cw.get('/api/v1/due?caseworker=me')).body;
    assert.ok(!due.items.some((i) => i.ref_id === ref.body.id));
    const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
    assert.equal(b.services.find((s) => s.id === ref.body.id).followed_up_by, res.body.id);
    assert.deepEqual(b.services.find((s) => s.id === ref.body.id).link, { kind: 'vacancy', id: job });
    assertError(await cw.get('/api/v1/due?caseworker=nobody'), 400, 'field_invalid',
        'caseworker');
    assertError(await cw.get('/api/v1/due?agency=x'), 400, 'field_invalid', 'agency');
    assertError(await cw.get('/api/v1/due?limit=0'), 400, 'field_invalid', 'limit');
    // Another caseworker's list does not show this person.
    const other = await login('caseworker2');
    assert.ok(!(await other.get('/api/v1/due?caseworker=me')).body.items
        .some((i) => i.registration_no === reg_no));
});

test('the list filters by caseworker, tier, category and marker, and pages newest first', async () => {
    const cw = await login('caseworker');
    const a = await register(cw);
    const b = await register(cw);
    await cw.put(`/api/v1/registrations/${a.reg_no}/profile`,
        { tier: 'intensive', categories: ['difficulty'], served_as: 'migrant_allowance' });
    const find = async (q) => (await cw.get(`/api/v1/registrations?${q}`)).body.items
        .map((i) => i.registration_no);
    assert.ok((await find('limit=100')).includes(a.reg_no));
    assert.ok((await find('caseworker=me&limit=100')).includes(b.reg_no));
    assert.deepEqual((await find('tier=intensive&limit=100')).filter((n) => n === a.reg_no ||
        n === b.reg_no), [a.reg_no]);
    assert.deepEqual((await find('category=difficulty&limit=100')).filter((n) => n === a.reg_no ||
        n === b.reg_no), [a.reg_no]);
    assert.deepEqual((await find('served_as=migrant_allowance&limit=100'))
        .filter((n) => n === a.reg_no || n === b.reg_no), [a.reg_no]);
    const row = (await cw.get('/api/v1/registrations?tier=intensive&limit=100')).body.items
        .find((i) => i.registration_no === a.reg_no);
    assert.equal(row.tier, 'intensive');
    assert.deepEqual(row.categories, ['difficulty']);
    assert.equal(row.served_as, 'migrant_allowance');
    assert.equal(row.caseworker, 'caseworker');
    assert.equal(row.first_contact_due, '2026-03-09');
    assert.equal(row.overdue, false);
    assert.equal(row.name_masked, '欧***'); // decrypted, then masked: never the stored text
    // Paging: newest first, `next` continues, every row once.
    const seen = [];
    let cursor = null;
    for (let k = 0; k < 50; k++) {
        const page = await cw.get(`/api/v1/registrations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 2);
        seen.push(...page.body.items.map((i) => i.registration_no));
        cursor = page.body.next;
        if (!cursor) break;
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.indexOf(b.reg_no) < seen.indexOf(a.reg_no), 'newest first');
    for (const [q, field] of [['tier=gold', 'tier'], ['category=x', 'category'],
        ['served_as=x', 'served_as'], ['caseworker=abc', 'caseworker'], ['cursor=abc', 'cursor'],
        ['limit=101', 'limit']]) {
        assertError(await cw.get(`/api/v1/registrations?${q}`), 400,
            field === 'limit' || field === 'caseworker' || field === 'cursor' ? 'field_invalid'
                : 'code_invalid', field);
    }
});

test('past 5 working days without contact the first contact is overdue', async () => {
    const own = await startServer({ now: '2026-03-02T10:00:00' });
    let reg;
    try {
        const cw = await login('caseworker', own.url);
        reg = (await register(cw, {}, own.url)).reg_no;
        const done = (await register(cw, {}, own.url)).reg_no;
        assert.equal((await cw.post(`/api/v1/registrations/${done}/contacts`,
            { date: '2026-03-02', method: 'phone', result: 'reached' })).status, 201);
        await own.stopKeep();
        const later = await startServer({ now: '2026-03-10T10:00:00', reuse: own });
        try {
            const c = await login('caseworker', later.url);
            const b = (await c.get(`/api/v1/registrations/${reg}`)).body;
            assert.deepEqual(b.first_contact, { due: '2026-03-09', done_on: null, overdue: true });
            const list = (await c.get('/api/v1/registrations?overdue=true&limit=100')).body.items;
            assert.ok(list.some((i) => i.registration_no === reg && i.overdue));
            assert.ok(!list.some((i) => i.registration_no === done));
            const due = (await c.get('/api/v1/due')).body;
            const item = due.items.find((i) => i.registration_no === reg);
            assert.equal(item.overdue, true);
            assert.ok(due.overdue >= 1);
            // Recording the contact takes the person off the due list.
            assert.equal((await c.post(`/api/v1/registrations/${reg}/contacts`,
                { date: '2026-03-10', method: 'phone', result: 'reached' })).status, 201);
            assert.ok(!(await c.get('/api/v1/due')).body.items
                .some((i) => i.registration_no === reg && i.kind === 'first_contact'));
        } finally {
            await later.stop();
        }
    } finally {
        await own.stop();
    }
});

test('the first-contact deadline is a policy (first_contact_workdays)', async () => {
    const own = await startServer({ now: '2026-03-02T10:00:00' });
    try {
        const set = await own.run(['policy', 'set', 'first_contact_workdays', '3']);
        assert.equal(set.code, 0, set.stderr);
        assert.notEqual((await own.run(['policy', 'set', 'first_contact_workdays', '0'])).code, 0);
        await own.stopKeep();
        const later = await startServer({ now: '2026-03-02T10:00:00', reuse: own });
        try {
            const cw = await login('caseworker', later.url);
            const { reg_no } = await register(cw, {}, later.url);
            const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
            assert.equal(b.first_contact.due, '2026-03-05');
        } finally {
            await later.stop();
        }
    } finally {
        await own.stop();
    }
});

test('a tier\'s contact interval and services are policy values (ureg policy tier)', async () => {
    const own = await startServer({ now: '2026-03-02T10:00:00' });
    try {
        const set = await own.run(['policy', 'tier', 'intensive', '--contact-days', '7',
            '--services', 'assistance_plan,counselling']);
        assert.equal(set.code, 0, set.stderr);
        const bad = await own.run(['policy', 'tier', 'gold', '--contact-days', '7']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /tier/);
        const badSvc = await own.run(['policy', 'tier', 'ready', '--contact-days', '7',
            '--services', 'haircut']);
        assert.equal(badSvc.code, 1);
        const cw = await login('caseworker', own.url);
        const { reg_no } = await register(cw, {}, own.url);
        await cw.put(`/api/v1/registrations/${reg_no}/profile`, { tier: 'intensive' });
        const b = (await cw.get(`/api/v1/registrations/${reg_no}`)).body;
        assert.deepEqual(b.tier_policy, { contact_days: 7, services: ['assistance_plan',
            'counselling'] });
        const shown = await own.run(['policy', 'show']);
        assert.match(shown.stdout, /intensive\s+7/);
    } finally {
        await own.stop();
    }
});

test('code tables: the national 失业原因, GB/T 4658 in full, forms take the new codes', async () => {
    const pub = api(srv.url);
    const reasons = (await pub.get('/api/v1/codes/unemployment_reason')).body.items;
    assert.deepEqual(reasons.map((e) => e.code),
        ['10', '20', '21', '22', '23', '24', '31', '32', '33', '40', '50', '60', '70', '90']);
    const edu = (await pub.get('/api/v1/codes/education')).body.items.map((e) => e.code);
    assert.equal(edu.length, 40);
    for (const c of ['21', '31', '47', '83']) assert.ok(edu.includes(c), c);
    for (const t of ['service_type', 'tier', 'client_category', 'served_as', 'contact_method',
        'contact_result', 'skill_level', 'link_kind']) {
        const r = await pub.get(`/api/v1/codes/${t}`);
        assert.equal(r.status, 200, t);
        assert.ok(r.body.items.length >= 3, t);
    }
    // A form (or an import from another system) carrying the second-level codes is accepted.
    const cw = await login('caseworker');
    const r = await cw.post('/api/v1/applications',
        form({ education: '21', unemployment_reason: '33' }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // 就业困难人员 categories by the register region's province: Guangdong's 72 in Beijing is not.
    assertError(await api(srv.url).post('/api/v1/public/applications',
        form({ difficulty_categories: ['72'] })), 400, 'difficulty_category_invalid',
    'difficulty_categories');
    const gd = formFor(idNumber('440106', '1985-02-03', 17), {
        register_region: '440106', residence_region: '440106', residence_address: '广州市天河区示例路1号',
        difficulty_categories: ['72', '74'],
    });
    const g = await api(srv.url).post('/api/v1/public/applications', gd);
    assert.equal(g.status, 201, JSON.stringify(g.body));
    assertError(await api(srv.url).post('/api/v1/public/applications',
        formFor(idNumber('440106', '1985-02-03', 19), { ...gd, id_number: idNumber('440106',
            '1985-02-03', 19), difficulty_categories: ['90'] })), 400,
    'difficulty_category_invalid', 'difficulty_categories');
});
