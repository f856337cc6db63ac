// applications.test.mjs — the registration lifecycle over HTTP (issue: application,
// verification by comparison, decision, applicant feedback): every intake rule and error,
// the one-open-case rule (409) including under concurrency, jurisdiction, CSRF, decisions and
// the applicant's status page. The server's clock is fixed at 2026-03-02 (a Monday).

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

let seq = 100;
// A valid form for a person born 1990-05-17 registering in 东城区 (110101).
function form(over = {}) {
    seq += 2;
    return formFor(idNumber('110101', '1990-05-17', seq), over);
}

async function login(user) {
    const c = api(srv.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

test('an online application gets its number, a query code and the 7-working-day deadline', async () => {
    const r = await api(srv.url).post('/api/v1/public/applications', form());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.application_no, /^11010120260302\d{6}$/);
    assert.match(r.body.query_code, /^[A-Z2-9]{10}$/);
    // Mon 2026-03-02 + 7 working days: Mar 3, 4, 5, 6, 9, 10, 11.
    assert.equal(r.body.deadline, '2026-03-11');
    const s = await api(srv.url).get(
        `/api/v1/public/applications/${r.body.application_no}?query_code=${r.body.query_code}`);
    assert.equal(s.status, 200);
    assert.deepEqual(s.body, { application_no: r.body.application_no, status: 'pending_review',
        deadline: '2026-03-11', decision_reason: null, registration_no: null,
        identity_verified: false, set_aside: false });
    assertError(await api(srv.url).get(
        `/api/v1/public/applications/${r.body.application_no}?query_code=WRONGCODE2`), 404,
    'not_found');
    assertError(await api(srv.url).get(
        `/api/v1/public/applications/${r.body.application_no}`), 404, 'not_found');
});

test('every intake rule has its own error code and names its field', async () => {
    const c = api(srv.url);
    const cases = [
        [{ commitment: false }, 'commitment_required', 'commitment'],
        [{ commitment: 'true' }, 'field_invalid', 'commitment'],
        [{ id_number: '110101199005171230' }, 'id_checksum', 'id_number'],
        [{ id_number: '110101900517123' }, 'id_first_generation', 'id_number'],
        [{ id_type: 'passport' }, 'id_type_unknown', 'id_type'],
        [{ id_number: idNumber('110101', '2010-03-03', 11) }, 'under_minimum_age', 'id_number'],
        [{ birth_date: '1990-05-18' }, 'birth_date_mismatch', 'birth_date'],
        [{ sex: 'M', id_number: idNumber('110101', '1990-05-17', 12) }, 'sex_mismatch', 'sex'],
        [{ register_region: '110000' }, 'register_region_level', 'register_region'],
        [{ register_region: '999999' }, 'region_invalid', 'register_region'],
        [{ residence_region: '11010' }, 'region_format', 'residence_region'],
        [{ unemployment_reason: '99' }, 'code_invalid', 'unemployment_reason'],
        [{ register_basis: 'friend' }, 'code_invalid', 'register_basis'],
        [{ unemployed_since: '2026-03-03' }, 'unemployed_since_future', 'unemployed_since'],
        [{ unemployed_since: '2026-02-30' }, 'date_invalid', 'unemployed_since'],
        [{ phone: '12345' }, 'phone_invalid', 'phone'],
        [{ name: '' }, 'field_required', 'name'],
    ];
    for (const [over, code, field] of cases) {
        const r = await c.post('/api/v1/public/applications', form(over));
        assertError(r, 400, code, field);
    }
    const missing = form();
    delete missing.residence_address;
    assertError(await c.post('/api/v1/public/applications', missing), 400, 'field_required',
        'residence_address');
});

test('the 16th birthday is the first day an application is accepted', async () => {
    const c = api(srv.url);
    // Today is 2026-03-02: born 2010-03-02 is 16 today; born 2010-03-03 is not yet.
    const ok = await c.post('/api/v1/public/applications',
        form({ id_number: idNumber('110101', '2010-03-02', 21), unemployment_reason: '90' }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assertError(await c.post('/api/v1/public/applications',
        form({ id_number: idNumber('110101', '2010-03-03', 21) })), 400, 'under_minimum_age',
        'id_number');
});

test('a household registration (户籍) elsewhere is never a reason to refuse', async () => {
    const r = await api(srv.url).post('/api/v1/public/applications', form({
        id_number: idNumber('440305', '1988-08-08', 33), hukou_region: '440305',
        hukou_address: '广东省深圳市南山区', register_basis: 'residence' }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('港澳台 residents apply with their documents', async () => {
    const c = api(srv.url);
    const permit = await c.post('/api/v1/public/applications', form({ id_type: 'hkmo_permit',
        id_number: 'H12345678', birth_date: '1985-01-02', sex: 'F', name: '陈美玲' }));
    assert.equal(permit.status, 201, JSON.stringify(permit.body));
    const residence = await c.post('/api/v1/public/applications', form({
        id_type: 'hkmotw_residence', id_number: idNumber('830000', '1992-02-02', 5) }));
    assert.equal(residence.status, 201, JSON.stringify(residence.body));
    const tw = await c.post('/api/v1/public/applications', form({ id_type: 'tw_permit',
        id_number: '12345678', birth_date: '1980-06-06', sex: 'M' }));
    assert.equal(tw.status, 201, JSON.stringify(tw.body));
    // A permit carries no birth date: without one the age rule cannot be checked.
    assertError(await c.post('/api/v1/public/applications', form({ id_type: 'tw_permit',
        id_number: '87654321' })), 400, 'field_required', 'birth_date');
    // The renewal count does not make another person.
    const again = await c.post('/api/v1/public/applications', form({ id_type: 'hkmo_permit',
        id_number: 'H1234567802', birth_date: '1985-01-02', sex: 'F', name: '陈美玲' }));
    assertError(again, 409, 'application_pending', 'id_number');
    assert.equal(again.body.error.ref, permit.body.application_no);
});

test('one person, one open case: a second application gets 409 naming the first', async () => {
    const c = api(srv.url);
    const first = form();
    const a = await c.post('/api/v1/public/applications', first);
    assert.equal(a.status, 201);
    const b = await c.post('/api/v1/public/applications', { ...first, phone: '13900000000' });
    assertError(b, 409, 'application_pending', 'id_number');
    assert.equal(b.body.error.ref, a.body.application_no);
    // The social security card carries the same number: the same person.
    const ssc = await c.post('/api/v1/public/applications', { ...first, id_type: 'ssc' });
    assertError(ssc, 409, 'application_pending', 'id_number');
    // Lower-case x names the same person as X.
});

test('many parallel submissions of the same person: exactly one wins', async () => {
    const f = form();
    const results = await Promise.all(Array.from({ length: 24 },
        () => api(srv.url).post('/api/v1/public/applications', f)));
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    assert.equal(won.length, 1, results.map((r) => r.status).join(','));
    assert.equal(lost.length, 23);
    for (const r of lost) assert.equal(r.body.error.ref, won[0].body.application_no);
});

test('approve creates the registration; the applicant sees status and number', async () => {
    const cw = await login('caseworker');
    const a = (await api(srv.url).post('/api/v1/public/applications', form())).body;
    const d = await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.status, 'approved');
    assert.match(d.body.registration_no, /^1101012026\d{8}$/);
    const s = await api(srv.url).get(
        `/api/v1/public/applications/${a.application_no}?query_code=${a.query_code}`);
    assert.equal(s.body.status, 'approved');
    assert.equal(s.body.registration_no, d.body.registration_no);
    assertError(await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'reject', reason: 'x' }), 409, 'application_decided');
});

test('an active registration blocks a new application, naming the registration', async () => {
    const cw = await login('caseworker');
    const f = form();
    const a = (await api(srv.url).post('/api/v1/public/applications', f)).body;
    const d = await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'approve' });
    const again = await api(srv.url).post('/api/v1/public/applications', f);
    assertError(again, 409, 'already_registered', 'id_number');
    assert.equal(again.body.error.ref, d.body.registration_no);
});

test('reject needs a reason; the applicant sees it and may apply again', async () => {
    const cw = await login('caseworker');
    const f = form();
    const a = (await api(srv.url).post('/api/v1/public/applications', f)).body;
    assertError(await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'reject' }), 400, 'field_required', 'reason');
    assertError(await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'maybe' }), 400, 'field_invalid', 'decision');
    const r = await cw.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'reject', reason: '经比对，您在失业期间有社会保险缴费记录' });
    assert.equal(r.status, 200);
    assert.equal(r.body.registration_no, null);
    const s = await api(srv.url).get(
        `/api/v1/public/applications/${a.application_no}?query_code=${a.query_code}`);
    assert.equal(s.body.status, 'rejected');
    assert.equal(s.body.decision_reason, '经比对，您在失业期间有社会保险缴费记录');
    const again = await api(srv.url).post('/api/v1/public/applications', f);
    assert.equal(again.status, 201);
});

test('another region\'s caseworker gets 404 on read, list and decision', async () => {
    const a = (await api(srv.url).post('/api/v1/public/applications', form())).body;
    const xc = await login('caseworker2'); // 西城区 110102
    assertError(await xc.get(`/api/v1/applications/${a.application_no}`), 404, 'not_found');
    assertError(await xc.post(`/api/v1/applications/${a.application_no}/decision`,
        { decision: 'approve' }), 404, 'not_found');
    const list = await xc.get('/api/v1/applications?limit=100');
    assert.equal(list.status, 200);
    assert.ok(!list.body.items.some((i) => i.application_no === a.application_no));
    // The city-level supervisor sees it.
    const sup = await login('supervisor');
    assert.equal((await sup.get(`/api/v1/applications/${a.application_no}`)).status, 200);
    // A caseworker cannot accept at the counter for another region.
    const cw = await login('caseworker');
    assertError(await cw.post('/api/v1/applications', form({ register_region: '110102' })), 403,
        'outside_jurisdiction', 'register_region');
});

test('counter applications need the CSRF token and are recorded as counter', async () => {
    const cw = await login('caseworker');
    const token = cw.csrf;
    cw.csrf = null;
    assertError(await cw.post('/api/v1/applications', form()), 403, 'csrf_token_invalid');
    cw.csrf = token;
    const r = await cw.post('/api/v1/applications', form());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const g = await cw.get(`/api/v1/applications/${r.body.application_no}`);
    assert.equal(g.body.channel, 'counter');
    // The public cannot use the counter route.
    assertError(await api(srv.url).post('/api/v1/applications', form()), 401, 'unauthenticated');
});

test('the application is masked by default; reveal is audited', async () => {
    const f = form({ name: '欧阳娜娜' });
    const a = (await api(srv.url).post('/api/v1/public/applications', f)).body;
    const cw = await login('caseworker');
    const g = await cw.get(`/api/v1/applications/${a.application_no}`);
    assert.equal(g.status, 200);
    assert.equal(g.body.person.masked, true);
    assert.equal(g.body.person.name, '欧***');
    assert.equal(g.body.person.id_number, `${f.id_number.slice(0, 6)}********${f.id_number.slice(14)}`);
    assert.equal(g.body.person.phone, '138****5678');
    assert.equal(g.body.deadline, '2026-03-11');
    assert.equal(g.body.overdue, false);
    assert.equal(g.body.workdays_left, 7);
    assert.ok(Array.isArray(g.body.verifications));
    // Unmasking needs a stated reason (issue 12).
    assertError(await cw.get(`/api/v1/applications/${a.application_no}?reveal=true`), 400,
        'reveal_reason_required', 'reason');
    const rv = await cw.get(`/api/v1/applications/${a.application_no}?reveal=true&reason=${
        encodeURIComponent('核对身份')}`);
    assert.equal(rv.body.person.name, '欧阳娜娜');
    assert.equal(rv.body.person.id_number, f.id_number);
    const admin = await login('admin');
    const audit = await admin.get(
        `/api/v1/audit?object_type=application&object_id=${a.application_no}`);
    const actions = audit.body.items.map((e) => `${e.action}:${e.actor}`);
    assert.ok(actions.includes('application.submit:public'), actions.join());
    assert.ok(actions.includes('person.reveal:caseworker'), actions.join());
    assert.doesNotMatch(JSON.stringify(audit.body), /欧阳娜娜|13812345678/);
});

test('the queue is in deadline order with masked names and a cursor', async () => {
    const cw = await login('caseworker');
    const first = await cw.get('/api/v1/applications?limit=3');
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 3);
    assert.ok(first.body.next);
    for (const i of first.body.items) {
        assert.equal(i.status, 'pending_review');
        assert.doesNotMatch(i.name_masked, /小明/);
        assert.ok(i.register_region.startsWith('110101'));
    }
    const second = await cw.get(`/api/v1/applications?limit=3&cursor=${encodeURIComponent(first.body.next)}`);
    assert.equal(second.status, 200);
    assert.ok(second.body.items.length > 0, 'the cursor leads to a second page');
    assert.ok(second.body.items.length <= 3);
    const seen = new Set(first.body.items.map((i) => i.application_no));
    for (const i of second.body.items) assert.ok(!seen.has(i.application_no), i.application_no);
    const all = [...first.body.items, ...second.body.items];
    for (let k = 1; k < all.length; k++) assert.ok(all[k - 1].deadline <= all[k].deadline);
    assertError(await cw.get('/api/v1/applications?status=nonsense'), 400, 'field_invalid',
        'status');
});

test('past the deadline an application is flagged overdue', async () => {
    const own = await startServer({ now: '2026-03-02T10:00:00' });
    const a = (await api(own.url).post('/api/v1/public/applications', form())).body;
    await own.stopKeep();
    const later = await startServer({ now: '2026-03-12T10:00:00', reuse: own });
    try {
        const c = api(later.url);
        await c.login('caseworker', DEMO_USERS.caseworker.password);
        const list = await c.get('/api/v1/applications?overdue=true');
        const row = list.body.items.find((i) => i.application_no === a.application_no);
        assert.ok(row, JSON.stringify(list.body));
        assert.equal(row.overdue, true);
        assert.equal(row.workdays_left, -1);
    } finally {
        await later.stop();
    }
});

test('the review deadline is a policy: 3 working days per 人社厅发〔2020〕79号', async () => {
    const own = await startServer({ now: '2026-03-02T10:00:00' });
    const set = await own.run(['policy', 'set', 'review_workdays', '3']);
    assert.equal(set.code, 0, set.stderr);
    await own.stopKeep();
    const later = await startServer({ now: '2026-03-02T10:00:00', reuse: own });
    try {
        const r = await api(later.url).post('/api/v1/public/applications', form());
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.equal(r.body.deadline, '2026-03-05');
        const bad = await later.run(['policy', 'set', 'review_workdays', '0']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /field_invalid/);
    } finally {
        await later.stop();
    }
});
