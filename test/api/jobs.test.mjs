// jobs.test.mjs — vacancies and job matching over HTTP and the CLI (issue 8, notice §4(三)):
// entering a vacancy and every bad input (unknown occupation, pay range, validity, another
// region) changing nothing, jurisdiction (404 outside), listing and paging, closing, the CSV
// import (UTF-8 with BOM, GB18030, rejects with lines), and a registration's ranked matches with
// their reasons, scores and order, a vacancy past its validity never offered. The server's clock
// is fixed at 2026-03-02 (a Monday).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, assertError, DEMO_USERS, tempDir } from './helpers.mjs';
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
        valid_until: '2026-06-30', requirements: { education_min: '30', skills: ['收银', '电脑'],
            text: '能适应倒班' }, ...over,
    };
}

let seq = 700;
// An approved registration in 东城区 whose form carries this job intent and these skills.
async function registered(cw, intent, skills) {
    seq += 2;
    const form = formFor(idNumber('110101', '1988-04-09', seq), { job_intent: intent, skills });
    const a = await api(srv.url).post('/api/v1/public/applications', form);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return d.body.registration_no;
}

async function count(c, query = '') {
    const r = await c.get(`/api/v1/jobs?limit=100${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.length;
}

test('a caseworker enters a vacancy and reads it back, offered today', async () => {
    const cw = await login('caseworker');
    const r = await cw.post('/api/v1/jobs', vacancy());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(Number.isInteger(r.body.id));
    const g = await cw.get(`/api/v1/jobs/${r.body.id}`);
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.equal(g.body.title, '超市营业员');
    assert.equal(g.body.occupation, '4-01-02-01');
    assert.equal(g.body.region, '110101');
    assert.match(g.body.region_name, /东城区/);
    assert.equal(g.body.salary_min, 4500);
    assert.equal(g.body.salary_max, 6000);
    assert.equal(g.body.openings, 3);
    assert.equal(g.body.valid_from, '2026-03-02'); // defaults to today
    assert.equal(g.body.valid_until, '2026-06-30');
    assert.deepEqual(g.body.requirements, { education_min: '30', skills: '收银、电脑', text: '能适应倒班' });
    assert.equal(g.body.status, 'open');
    assert.equal(g.body.offered, true);
    const audit = await (await login('auditor')).get(`/api/v1/audit?object_type=job&object_id=${r.body.id}`);
    assert.equal(audit.body.items[0].action, 'jobs.create');
});

test('bad vacancies get a clear error naming the field and change nothing', async () => {
    const cw = await login('caseworker');
    const before = await count(cw);
    assertError(await cw.post('/api/v1/jobs', vacancy({ occupation: '9-01-01-01' })), 400,
        'occupation_invalid', 'occupation');
    assertError(await cw.post('/api/v1/jobs', vacancy({ occupation: '营业员' })), 400,
        'occupation_invalid', 'occupation');
    assertError(await cw.post('/api/v1/jobs', vacancy({ occupation: '4-1-02' })), 400,
        'occupation_invalid', 'occupation');
    assertError(await cw.post('/api/v1/jobs', vacancy({ salary_min: 7000, salary_max: 6000 })), 400,
        'salary_range_invalid', 'salary_min');
    assertError(await cw.post('/api/v1/jobs', vacancy({ salary_max: -1 })), 400,
        'salary_range_invalid', 'salary_max');
    assertError(await cw.post('/api/v1/jobs', vacancy({ valid_until: '2026-03-01' })), 400,
        'job_validity_invalid', 'valid_until');
    assertError(await cw.post('/api/v1/jobs', vacancy({ valid_from: '2026-05-01', valid_until: '2026-04-01' })),
        400, 'job_validity_invalid', 'valid_until');
    assertError(await cw.post('/api/v1/jobs', vacancy({ valid_until: '2026-02-30' })), 400,
        'date_invalid', 'valid_until');
    assertError(await cw.post('/api/v1/jobs', vacancy({ region: '110102' })), 403,
        'outside_jurisdiction', 'region');
    assertError(await cw.post('/api/v1/jobs', vacancy({ region: '999999' })), 400,
        'region_invalid', 'region');
    assertError(await cw.post('/api/v1/jobs', vacancy({ title: '' })), 400, 'field_required', 'title');
    assertError(await cw.post('/api/v1/jobs', vacancy({ openings: 0 })), 400, 'field_invalid', 'openings');
    assertError(await cw.post('/api/v1/jobs', vacancy({ requirements: { education_min: '77' } })), 400,
        'code_invalid', 'education_min');
    assert.equal(await count(cw), before);
    // A statistician may not enter vacancies.
    assertError(await (await login('statistician')).post('/api/v1/jobs', vacancy()), 403, 'forbidden');
});

test('another region\'s vacancy is not found, for reading and for closing', async () => {
    const cw = await login('caseworker');
    const id = (await cw.post('/api/v1/jobs', vacancy({ title: '东城保洁员', occupation: '4-09' }))).body.id;
    const other = await login('caseworker2');
    assertError(await other.get(`/api/v1/jobs/${id}`), 404, 'not_found');
    assertError(await other.post(`/api/v1/jobs/${id}/close`, { status: 'closed', reason: 'x' }), 404,
        'not_found');
    assert.ok(!(await other.get('/api/v1/jobs?limit=100')).body.items.some((j) => j.id === id));
    assert.equal((await cw.get(`/api/v1/jobs/${id}`)).body.status, 'open');
    assertError(await cw.get('/api/v1/jobs/0'), 404, 'not_found');
    assertError(await cw.get('/api/v1/jobs/abc'), 404, 'not_found');
});

test('the list filters and pages, newest first', async () => {
    const cw = await login('caseworker');
    const ids = [];
    for (let i = 0; i < 5; i++) {
        ids.push((await cw.post('/api/v1/jobs', vacancy({ title: `分页测试岗位${i}`, occupation: '6-29-01-01' }))).body.id);
    }
    const p1 = await cw.get('/api/v1/jobs?occupation=6-29&limit=3');
    assert.equal(p1.status, 200, JSON.stringify(p1.body));
    assert.deepEqual(p1.body.items.map((j) => j.id), ids.slice(2).reverse());
    assert.ok(p1.body.next);
    const p2 = await cw.get(`/api/v1/jobs?occupation=6-29&limit=3&cursor=${p1.body.next}`);
    assert.deepEqual(p2.body.items.map((j) => j.id), ids.slice(0, 2).reverse());
    assert.equal(p2.body.next, null);
    assert.equal((await cw.get('/api/v1/jobs?q=分页测试岗位3')).body.items.length, 1);
    assertError(await cw.get('/api/v1/jobs?state=gone'), 400, 'field_invalid', 'state');
    assertError(await cw.get('/api/v1/jobs?limit=101'), 400, 'field_invalid', 'limit');
});

test('a closed vacancy is no longer offered and cannot be closed twice', async () => {
    const cw = await login('caseworker');
    const id = (await cw.post('/api/v1/jobs', vacancy({ title: '将关闭的岗位' }))).body.id;
    assertError(await cw.post(`/api/v1/jobs/${id}/close`, { status: 'open', reason: 'x' }), 400,
        'field_invalid', 'status');
    assertError(await cw.post(`/api/v1/jobs/${id}/close`, { status: 'closed' }), 400,
        'field_required', 'reason');
    const r = await cw.post(`/api/v1/jobs/${id}/close`, { status: 'withdrawn', reason: '用人单位撤回' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const g = await cw.get(`/api/v1/jobs/${id}`);
    assert.equal(g.body.status, 'withdrawn');
    assert.equal(g.body.offered, false);
    assert.equal(g.body.close_reason, '用人单位撤回');
    assertError(await cw.post(`/api/v1/jobs/${id}/close`, { status: 'closed', reason: 'x' }), 409,
        'job_not_open');
    assert.ok(!(await cw.get('/api/v1/jobs?offered=true&limit=100')).body.items.some((j) => j.id === id));
    assert.ok((await cw.get('/api/v1/jobs?state=withdrawn&limit=100')).body.items.some((j) => j.id === id));
});

test('matches rank by occupation, place, pay and skills, with the reasons', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw, { occupation: '2-02-10-03', region: '110101', salary_min: 8000 },
        '焊接、电工、Java');
    const mk = async (over) => (await cw.post('/api/v1/jobs', vacancy({ title: '匹配测试', ...over }))).body.id;
    const exact = await mk({ occupation: '2-02-10-03', salary_max: 9000, requirements: { skills: 'java、焊接' } });
    const minor = await mk({ occupation: '2-02-10-01', salary_max: 7000 }); // same 小类, pay within 20 %
    const middle = await mk({ occupation: '2-02-11-01', salary_max: 5000, requirements: { skills: '电工' } });
    const major = await mk({ occupation: '2-05', salary_max: 8000 });
    const unrelated = await mk({ occupation: '6-29-01-01', salary_max: 20000 });
    const r = await cw.get(`/api/v1/registrations/${reg}/job-matches`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got = r.body.items.filter((m) => [exact, minor, middle, major, unrelated].includes(m.job_id));
    // the major group with its pay met (60) outranks the middle group below the pay (55)
    assert.deepEqual(got.map((m) => m.job_id), [exact, minor, major, middle]);
    assert.deepEqual(got.map((m) => m.score), [40 + 30 + 20 + 10, 30 + 30 + 10, 10 + 30 + 20, 20 + 30 + 0 + 5]);
    assert.deepEqual(got[0].reasons.map((x) => x.code),
        ['occupation_exact', 'place_same_county', 'pay_meets_intent', 'skills_shared']);
    assert.deepEqual(got[0].reasons[3].skills, ['焊接', 'java']);
    assert.deepEqual(got[1].reasons.map((x) => x.code),
        ['occupation_same_minor', 'place_same_county', 'pay_near_intent', 'skills_none']);
    assert.equal(got[3].reasons[0].code, 'occupation_same_middle');
    assert.equal(got[3].reasons[2].code, 'pay_below_intent');
    assert.deepEqual(got[3].reasons[3].skills, ['电工']);
    assert.equal(got[2].reasons[0].code, 'occupation_same_major');
    assert.equal(got[0].job.title, '匹配测试');
    assert.deepEqual(r.body.intent, { occupation: '2-02-10-03', place: '110101', salary_min: 8000 });
    // best first overall
    const scores = r.body.items.map((m) => m.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.ok(r.body.items.length <= 10);
    assert.equal((await cw.get(`/api/v1/registrations/${reg}/job-matches?limit=2`)).body.items.length, 2);
    assertError(await cw.get(`/api/v1/registrations/${reg}/job-matches?limit=0`), 400, 'field_invalid', 'limit');
    // closing the best one takes it out of the matches at once
    await cw.post(`/api/v1/jobs/${exact}/close`, { status: 'closed', reason: '已招满' });
    const after = await cw.get(`/api/v1/registrations/${reg}/job-matches`);
    assert.ok(!after.body.items.some((m) => m.job_id === exact));
    assert.equal(after.body.items[0].job_id, minor);
});

test('another region\'s registration has no matches to show: 404', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw, { occupation: '4-01', region: '110101', salary_min: 3000 }, '');
    assertError(await (await login('caseworker2')).get(`/api/v1/registrations/${reg}/job-matches`), 404,
        'not_found');
    assertError(await cw.get('/api/v1/registrations/1101012026999999/job-matches'), 404, 'not_found');
    assertError(await api(srv.url).get(`/api/v1/registrations/${reg}/job-matches`), 401, 'unauthenticated');
});

test('a vacancy past its validity is not offered nor matched', async () => {
    const cw = await login('caseworker');
    const reg = await registered(cw, { occupation: '4-03-02-01', region: '110101', salary_min: 4000 }, '烹饪');
    const short = (await cw.post('/api/v1/jobs', vacancy({ title: '短期岗位', occupation: '4-03-02-01',
        valid_until: '2026-03-05' }))).body.id;
    const long = (await cw.post('/api/v1/jobs', vacancy({ title: '长期岗位', occupation: '4-03-02-01' }))).body.id;
    const now = await cw.get(`/api/v1/registrations/${reg}/job-matches`);
    assert.deepEqual(now.body.items.slice(0, 2).map((m) => m.job_id).sort(), [short, long].sort());
    // The same database a week later.
    await srv.stopKeep();
    srv = await startServer({ now: '2026-03-09T09:30:00', reuse: srv });
    const cw2 = await login('caseworker');
    const later = await cw2.get(`/api/v1/registrations/${reg}/job-matches`);
    assert.equal(later.status, 200, JSON.stringify(later.body));
    assert.ok(!later.body.items.some((m) => m.job_id === short));
    assert.equal(later.body.items[0].job_id, long);
    assert.equal((await cw2.get(`/api/v1/jobs/${short}`)).body.offered, false);
    assert.ok(!(await cw2.get('/api/v1/jobs?offered=true&limit=100')).body.items.some((j) => j.id === short));
});

const HEADER = 'title,employer,occupation,region,salary_min,salary_max,valid_until,skills';

// The server keeps an index of the open vacancies in memory (app/match.c) and answers a match
// without reading the vacancies: every change must reach the next match, whoever made it.
test('a vacancy entered, imported by another process, or closed is seen by the next match', async (t) => {
    const cw = await login('caseworker');
    const reg = await registered(cw, { occupation: '3-02-03-01', region: '110101', salary_min: 4000 },
        '索引测试技能');
    const top = async () => {
        const r = await cw.get(`/api/v1/registrations/${reg}/job-matches`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.items;
    };
    const before = await top(); // the index is built now
    assert.ok(before.every((m) => m.score < 100));
    const best = { occupation: '3-02-03-01', region: '110101', salary_min: 4000, salary_max: 5000,
        requirements: { skills: '索引测试技能' } };
    const a = (await cw.post('/api/v1/jobs', vacancy({ title: '索引岗位甲', openings: 4, ...best }))).body.id;
    let got = await top();
    assert.equal(got[0].job_id, a);
    assert.equal(got[0].score, 40 + 30 + 20 + 5);
    assert.deepEqual([got[0].job.title, got[0].job.employer, got[0].job.salary_min, got[0].job.salary_max,
        got[0].job.openings, got[0].job.valid_until, got[0].job.region],
    ['索引岗位甲', '北京某某商贸有限公司', 4000, 5000, 4, '2026-06-30', '110101']);
    // another process (the CLI on the same database) imports a better-paid one
    const file = join(tempDir(t), 'one.csv');
    writeFileSync(file, HEADER + '\n索引岗位乙,某公司,3-02-03-01,110101,4000,5200,2026-06-30,索引测试技能\n');
    const r = await srv.run(['jobs', 'import', file]);
    assert.equal(r.code, 0, r.stderr);
    got = await top();
    assert.deepEqual(got.slice(0, 2).map((m) => m.job.title), ['索引岗位乙', '索引岗位甲']);
    const b = got[0].job_id;
    // closed: gone at once, and the one below moves up
    assert.equal((await cw.post(`/api/v1/jobs/${b}/close`, { status: 'closed', reason: '已招满' })).status, 200);
    got = await top();
    assert.ok(!got.some((m) => m.job_id === b));
    assert.equal(got[0].job_id, a);
    assert.equal((await cw.post(`/api/v1/jobs/${a}/close`, { status: 'withdrawn', reason: '撤回' })).status, 200);
    assert.deepEqual((await top()).map((m) => m.job_id), before.map((m) => m.job_id));
});


test('the CSV upload loads good rows and reports each bad one by line', async () => {
    const cw = await login('caseworker');
    const before = await count(cw, '&q=导入');
    const csv = '\ufeff' + [HEADER,
        '导入岗位甲,某公司,4-02-01-01,110101,4000,5000,2026-12-31,驾驶',
        '导入岗位乙,某公司,9-99,110101,4000,5000,2026-12-31,',
        '导入岗位丙,某公司,4-02-01-01,110101,6000,5000,2026-12-31,',
        '"导入岗位丁，含逗号",某公司,4-02,110101,4000,5000,2026-12-31,"驾驶,叉车"',
        '导入岗位戊,某公司,4-02,110102,4000,5000,2026-12-31,',
        '导入岗位己,某公司,4-02,110101,4000,5000,2026-01-31,'].join('\r\n') + '\r\n';
    const r = await cw.post('/api/v1/jobs/import',
        { filename: 'vacancies.csv', content_base64: Buffer.from(csv).toString('base64') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.read, 6);
    assert.equal(r.body.loaded, 2);
    assert.equal(r.body.rejected, 4);
    assert.deepEqual(r.body.rejects, [
        { line: 3, code: 'occupation_invalid', field: 'occupation' },
        { line: 4, code: 'salary_range_invalid', field: 'salary_min' },
        { line: 6, code: 'outside_jurisdiction', field: 'region' },
        { line: 7, code: 'job_validity_invalid', field: 'valid_until' },
    ]);
    assert.equal(await count(cw, '&q=导入'), before + 2);
    const d = (await cw.get('/api/v1/jobs?q=含逗号')).body.items[0];
    assert.equal(d.title, '导入岗位丁，含逗号');
    assert.equal(d.requirements.skills, '驾驶,叉车');
    assert.equal(d.source, 'import:vacancies.csv');
    // A header with an unknown column, or without a required one, loads nothing.
    const bad = await cw.post('/api/v1/jobs/import', { content_base64: Buffer.from(
        'title,employer,occupation,region,salary_min,salary_max,valid_until,colour\n').toString('base64') });
    assertError(bad, 400, 'csv_header');
    assertError(await cw.post('/api/v1/jobs/import', { content_base64: '@@@' }), 400, 'field_invalid',
        'content_base64');
    assert.equal(await count(cw, '&q=导入'), before + 2);
});

test('ureg jobs import reads GB18030, writes the rejects with their lines, prints counts', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'jobs-gbk.csv');
    const text = [HEADER + ',openings',
        'GB岗位一,广州某厂,6-18-01-01,110105,5000,7000,2026-09-30,焊接,2',
        'GB岗位二,广州某厂,6-18-01-01,110105,5000,7000,2026-09-30,焊接,x',
        'GB岗位三,广州某厂,6-18,120101,5000,7000,2026-09-30,,1'].join('\n') + '\n';
    writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text }));
    const r = await srv.run(['jobs', 'import', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /read 3, loaded 2, rejected 1/);
    const rejects = readFileSync(`${file}.rejects.csv`, 'utf8');
    assert.match(rejects, /^\ufeffline,reason,field,message\n3,field_invalid,openings,/);
    const cw = await login('caseworker'); // 东城: sees neither (朝阳区, 天津市)
    assert.equal(await count(cw, '&q=GB岗位'), 0);
    const sup = await login('supervisor');
    const seen = (await sup.get('/api/v1/jobs?q=GB岗位&limit=100')).body.items;
    assert.deepEqual(seen.map((j) => [j.title, j.region, j.openings]), [['GB岗位一', '110105', 2]]);
    const missing = await srv.run(['jobs', 'import', join(dir, 'absent.csv')]);
    assert.equal(missing.code, 1);
});
