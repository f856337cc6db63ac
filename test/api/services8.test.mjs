// services8.test.mjs — issue 8's closure over HTTP: a job referral in one click from the
// matches (人社厅发〔2020〕3号 §4(三)) with its follow-up day on the due list until its result
// (回访求职结果: hired, interviewed, rejected, no show) is recorded, one result in force and its
// correction; the refusals (a vacancy closed, unknown, past its validity; another region's
// registration; bad codes and dates) changing nothing; the lists handed (§4(二)) naming every
// entry's version in force that day for the person's region, with the agency list's export.
// The server's clock is fixed at 2026-03-02 (a Monday); a referral is followed up within 10
// working days (policy referral_followup_workdays): by Monday 2026-03-16.

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

async function login(user) {
    const c = api(srv.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

function vacancy(over = {}) {
    return {
        title: '超市营业员', employer: '北京某某商贸有限公司', occupation: '4-01-02-01',
        region: '110101', salary_min: 4500, salary_max: 6000, openings: 3,
        valid_until: '2026-06-30', requirements: { skills: ['收银'] }, ...over,
    };
}

let seq = 900;
// An approved registration in 东城区 (110101) wanting occupation 4-01-02-01.
async function registered(cw) {
    seq += 2;
    const form = formFor(idNumber('110101', '1987-05-06', seq), {
        job_intent: { occupation: '4-01-02-01', region: '110101', salary_min: 4000 }, skills: '收银',
    });
    const a = await api(srv.url).post('/api/v1/public/applications', form);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return d.body.registration_no;
}

const services = async (c, reg) => (await c.get(`/api/v1/registrations/${reg}`)).body.services;
const dueFor = async (c, id) => (await c.get('/api/v1/due?limit=500')).body.items
    .find((i) => i.kind === 'service_followup' && i.ref_id === id);

test('a matched vacancy is referred in one click and its result takes it off the due list', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw);
    const job = (await cw.post('/api/v1/jobs', vacancy({ title: '一键推荐岗位' }))).body.id;
    const m = await cw.get(`/api/v1/registrations/${reg}/job-matches`);
    assert.ok(m.body.items.some((i) => i.job_id === job), JSON.stringify(m.body));

    const r = await cw.post(`/api/v1/registrations/${reg}/referrals`,
        { job_id: job, content: '一键推荐岗位（北京某某商贸有限公司）' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ['followup_due', 'id', 'job_id']);
    assert.equal(r.body.job_id, job);
    assert.equal(r.body.followup_due, '2026-03-16'); // 10 working days after Monday 2 March
    // A service record of type job_referral linked to the vacancy, audited.
    const s = (await services(cw, reg)).find((x) => x.id === r.body.id);
    assert.equal(s.type, 'job_referral');
    assert.deepEqual(s.link, { kind: 'vacancy', id: job });
    assert.equal(s.date, '2026-03-02');
    assert.equal(s.followup_due, '2026-03-16');
    const audit = await (await login('auditor')).get(
        `/api/v1/audit?object_type=registration&object_id=${reg}`);
    assert.ok(audit.body.items.some((e) => e.action === 'registration.service'
        && e.detail.type === 'job_referral' && e.detail.service_id === r.body.id),
        JSON.stringify(audit.body));
    // On the due list until the result.
    const due = await dueFor(cw, r.body.id);
    assert.equal(due?.due_on, '2026-03-16', JSON.stringify(due));
    assert.equal(due.registration_no, reg);
    let list = (await cw.get(`/api/v1/registrations/${reg}/referrals`)).body;
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].id, r.body.id);
    assert.equal(list.items[0].job.title, '一键推荐岗位');
    assert.equal(list.items[0].job_id, job);
    assert.equal(list.items[0].result, null);
    assert.equal(list.items[0].overdue, false);

    const res = await cw.post(`/api/v1/registrations/${reg}/referrals/${r.body.id}/result`,
        { result: 'interviewed', note: '已面试，等待通知' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body, { id: res.body.id, referral_id: r.body.id, result: 'interviewed' });
    assert.equal(await dueFor(cw, r.body.id), undefined);
    const rs = (await services(cw, reg)).find((x) => x.id === res.body.id);
    assert.equal(rs.type, 'referral_result');
    assert.equal(rs.outcome, 'interviewed');
    assert.equal(rs.content, '已面试，等待通知');
    assert.deepEqual(rs.link, { kind: 'service', id: r.body.id });
    list = (await cw.get(`/api/v1/registrations/${reg}/referrals`)).body;
    assert.equal(list.items[0].result.result, 'interviewed');
    assert.equal(list.items[0].result.id, res.body.id);

    // One result in force: a second is refused; a correction replaces it.
    assertError(await cw.post(`/api/v1/registrations/${reg}/referrals/${r.body.id}/result`,
        { result: 'hired' }), 409, 'referral_has_result', 'id');
    const fix = await cw.post(`/api/v1/registrations/${reg}/referrals/${r.body.id}/result`,
        { result: 'hired', corrects: res.body.id });
    assert.equal(fix.status, 201, JSON.stringify(fix.body));
    list = (await cw.get(`/api/v1/registrations/${reg}/referrals`)).body;
    assert.equal(list.items[0].result.result, 'hired');
    assert.equal(list.items[0].result.id, fix.body.id);
    assert.equal((await services(cw, reg)).find((x) => x.id === res.body.id).corrected, true);
    assert.equal(await dueFor(cw, r.body.id), undefined);
});

test('a referral refused: closed or unknown vacancy, another region, bad input; nothing written', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw);
    const before = (await services(cw, reg)).length;
    const closed = (await cw.post('/api/v1/jobs', vacancy({ title: '已关闭岗位' }))).body.id;
    const c = await cw.post(`/api/v1/jobs/${closed}/close`, { status: 'closed', reason: '已招满' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const url = `/api/v1/registrations/${reg}/referrals`;
    assertError(await cw.post(url, { job_id: closed }), 409, 'job_not_open', 'job_id');
    assertError(await cw.post(url, { job_id: 987654 }), 400, 'job_unknown', 'job_id');
    assertError(await cw.post(url, {}), 400, 'field_required', 'job_id');
    assertError(await cw.post(url, { job_id: 'x' }), 400, 'field_invalid', 'job_id');
    const open = (await cw.post('/api/v1/jobs', vacancy({ title: '开放岗位' }))).body.id;
    assertError(await cw.post(url, { job_id: open, date: '2026-03-03' }), 400, 'date_in_future',
        'date');
    assertError(await cw.post(url, { job_id: open, date: '2026-03-01' }), 400,
        'date_before_registration', 'date');
    assertError(await cw.post(url, { job_id: open, followup_due: '2026-03-01' }), 400,
        'followup_before_service', 'followup_due');
    // Another region's caseworker: the registration is not found, for referring and reading.
    const other = await login('caseworker2');
    assertError(await other.post(url, { job_id: open }), 404, 'not_found');
    assertError(await other.get(url), 404, 'not_found');
    // The generic services route holds the same rules.
    const gen = `/api/v1/registrations/${reg}/services`;
    assertError(await cw.post(gen, { type: 'job_referral', date: '2026-03-02',
        link: { kind: 'vacancy', id: closed } }), 409, 'job_not_open', 'link_id');
    assertError(await cw.post(gen, { type: 'job_referral', date: '2026-03-02',
        link: { kind: 'vacancy', id: 987654 } }), 400, 'job_unknown', 'link_id');
    assertError(await cw.post(gen, { type: 'referral_result', date: '2026-03-02',
        outcome: '面试了' }), 400, 'code_invalid', 'outcome');
    assert.equal((await services(cw, reg)).length, before);

    // A result needs a referral of this person and a code of referral_result.
    const ok = await cw.post(url, { job_id: open });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const rurl = `${url}/${ok.body.id}/result`;
    assertError(await cw.post(rurl, {}), 400, 'field_required', 'result');
    assertError(await cw.post(rurl, { result: 'maybe' }), 400, 'code_invalid', 'result');
    assertError(await cw.post(rurl, { result: 'hired', date: '2026-03-03' }), 400,
        'date_in_future', 'date');
    assertError(await cw.post(`${url}/987654/result`, { result: 'hired' }), 404, 'not_found');
    assertError(await cw.post(`${url}/abc/result`, { result: 'hired' }), 404, 'not_found');
    assertError(await other.post(rurl, { result: 'hired' }), 404, 'not_found');
    const note = await cw.post(gen, { type: 'other', date: '2026-03-02', content: '电话沟通' });
    assertError(await cw.post(`${url}/${note.body.id}/result`, { result: 'hired' }), 404,
        'not_found');
    // Only a result follows a referral up; a result only follows a referral.
    assertError(await cw.post(gen, { type: 'other', date: '2026-03-02',
        link: { kind: 'service', id: ok.body.id } }), 400, 'referral_link_invalid', 'link_id');
    assertError(await cw.post(gen, { type: 'referral_result', date: '2026-03-02',
        outcome: 'hired', link: { kind: 'service', id: note.body.id } }), 400,
    'referral_link_invalid', 'link_id');
    assert.equal((await services(cw, reg)).length, before + 2);
    assert.ok(await dueFor(cw, ok.body.id));
});

test('the lists handed name every entry in force that day for the person\'s region', async () => {
    const cw = await login('caseworker');
    const sup = await login('supervisor');
    const reg = await registered(cw);
    // A policy of 东城区 (the person's) and one of 西城区 (not theirs), beside the city's demo lists.
    const dc = await sup.post('/api/v1/policies', { region: '110101', name: '东城区求职补贴',
        target: '登记失业人员', content: '按规定发放', conditions: '已登记', accepting_agency: '东城区' });
    assert.equal(dc.status, 201, JSON.stringify(dc.body));
    const xc = await sup.post('/api/v1/policies', { region: '110102', name: '西城区求职补贴',
        target: '登记失业人员', content: '按规定发放', conditions: '已登记', accepting_agency: '西城区' });
    assert.equal(xc.status, 201, JSON.stringify(xc.body));

    const url = `/api/v1/registrations/${reg}/lists-handed`;
    const r = await cw.post(url, {});
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const b = r.body;
    assert.equal(b.date, '2026-03-02');
    assert.equal(b.region, '110101');
    const pol = b.lists.policy.map((e) => [e.id, e.version]);
    assert.ok(pol.some(([id, v]) => id === dc.body.id && v === 1), JSON.stringify(b));
    assert.ok(!pol.some(([id]) => id === xc.body.id), JSON.stringify(b));
    assert.ok(b.lists.policy.some((e) => e.name === '失业保险金')); // 北京市's, above the county
    assert.ok(b.lists.service.length >= 3);
    const agencies = b.lists.agency.map((e) => e.name);
    for (const n of ['北京市公共就业服务中心', '东城区公共就业服务中心', '东华门街道社区服务中心就业服务站']) {
        assert.ok(agencies.includes(n), JSON.stringify(agencies));
    }
    assert.ok(!agencies.includes('西城区公共就业服务中心'));
    assert.deepEqual(b.agency_export, { xlsx: '/api/v1/public/agencies.xlsx?region=110101',
        csv: '/api/v1/public/agencies.csv?region=110101' });
    const csv = await fetch(srv.url + b.agency_export.csv);
    assert.equal(csv.status, 200);
    assert.match(await csv.text(), /东城区公共就业服务中心/);
    // The record names the lists and each entry's version.
    const s = (await services(cw, reg)).find((x) => x.id === b.id);
    assert.equal(s.type, 'lists_handed');
    assert.match(s.content, new RegExp(`政策清单 ${b.lists.policy.length} 项：.*#${dc.body.id} v1`));
    assert.match(s.content, /服务清单 \d+ 项/);
    assert.match(s.content, /机构清单 \d+ 项/);
    assert.match(s.content, /2026-03-02 在用版本/);

    // A change in force today is a new version; handing over again names it.
    const put = await sup.put(`/api/v1/policies/${dc.body.id}`, { name: '东城区求职补贴',
        target: '登记失业人员', content: '每人1000元', conditions: '已登记', accepting_agency: '东城区' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const again = await cw.post(url, { lists: ['policy'], note: '补发新版' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.deepEqual(Object.keys(again.body.lists), ['policy']);
    assert.equal(again.body.agency_export, undefined);
    assert.ok(again.body.lists.policy.some((e) => e.id === dc.body.id && e.version === 2));
    const s2 = (await services(cw, reg)).find((x) => x.id === again.body.id);
    assert.match(s2.content, new RegExp(`#${dc.body.id} v2`));
    assert.doesNotMatch(s2.content, /服务清单/);
    assert.equal(s2.outcome, '补发新版');

    const n = (await services(cw, reg)).length;
    assertError(await cw.post(url, { lists: ['bogus'] }), 400, 'field_invalid', 'lists');
    assertError(await cw.post(url, { lists: [] }), 400, 'field_invalid', 'lists');
    assertError(await cw.post(url, { lists: ['policy', 'policy'] }), 400, 'field_invalid', 'lists');
    assertError(await cw.post(url, { date: '2026-03-03' }), 400, 'date_in_future', 'date');
    assertError(await (await login('caseworker2')).post(url, {}), 404, 'not_found');
    assert.equal((await services(cw, reg)).length, n);
});

test('a referral not followed up by its day is overdue; a vacancy past its validity is refused', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw);
    const short = (await cw.post('/api/v1/jobs', vacancy({ title: '短期岗位',
        valid_until: '2026-03-05' }))).body.id;
    const r = await cw.post(`/api/v1/registrations/${reg}/referrals`, { job_id: short });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // The same database on Tuesday 17 March: the follow-up (16 March) is overdue.
    await srv.stopKeep();
    srv = await startServer({ now: '2026-03-17T09:30:00', reuse: srv });
    const cw2 = await login('caseworker');
    const due = await dueFor(cw2, r.body.id);
    assert.equal(due?.overdue, true, JSON.stringify(due));
    const list = (await cw2.get(`/api/v1/registrations/${reg}/referrals`)).body;
    assert.equal(list.today, '2026-03-17');
    assert.equal(list.items[0].overdue, true);
    assertError(await cw2.post(`/api/v1/registrations/${reg}/referrals`, { job_id: short }), 409,
        'job_not_open', 'job_id');
    // The result can still be recorded late, dated the day it was learnt.
    const res = await cw2.post(`/api/v1/registrations/${reg}/referrals/${r.body.id}/result`,
        { result: 'no_show', date: '2026-03-17' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(await dueFor(cw2, r.body.id), undefined);
});
