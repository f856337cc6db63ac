// openapi.test.mjs — the OpenAPI 3.1 document the server generates from its route table: it
// validates against the OpenAPI 3.1 schema (@seriousme/openapi-schema-validator), names every
// route of `ureg routes` with its permission, and every route's real answers (successes and
// errors) match the schemas it gives for them (helpers.mjs openApi().check).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startServer, api, openApi, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv;
let oa;
before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    oa = await openApi(srv.url);
});
after(async () => {
    await srv?.stop();
});

let seq = 500;
function form(over = {}) {
    seq += 2;
    return formFor(idNumber('110101', '1988-08-08', seq), over);
}

test('the document is valid OpenAPI 3.1', async () => {
    const v = new Validator();
    const res = await v.validate(oa.doc);
    assert.equal(res.valid, true, JSON.stringify(res.errors, null, 1)?.slice(0, 2000));
    assert.equal(v.version, '3.1');
    // `ureg openapi` prints the same document.
    const cli = await srv.run(['openapi']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), oa.doc);
});

test('every route of the table is an operation, with its permission', async () => {
    const md = (await srv.run(['routes'])).stdout;
    const rows = md.split('\n').filter((l) => /^\| (GET|POST|PUT|DELETE|PATCH) /.test(l));
    assert.ok(rows.length >= 15, md);
    for (const row of rows) {
        const [method, path, perm] = row.split('|').slice(1, 4).map((s) => s.trim()
            .replace(/`/g, ''));
        const op = oa.doc.paths[path]?.[method.toLowerCase()];
        assert.ok(op, `${method} ${path} missing from the document`);
        assert.equal(op['x-permission'], perm, `${method} ${path}`);
        if (perm === 'public') assert.deepEqual(op.security, [], path);
        else assert.ok(op.security.length > 0, path);
        assert.ok(op.responses['4XX'], `${method} ${path}: no error response`);
    }
    const ops = Object.values(oa.doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    assert.equal(ops, rows.length, 'the document has exactly the table\'s operations');
    // The error object of CONTRACT.md, its codes from base/errors.def.
    const err = oa.doc.components.schemas.Error;
    assert.deepEqual(err.required, ['error']);
    assert.deepEqual(err.properties.error.required, ['code', 'message', 'field']);
    assert.ok(err.properties.error.properties.code.enum.includes('field_invalid'));
    // The queue's paging: cursor and limit in, `next` out.
    const list = oa.doc.paths['/api/v1/applications'].get;
    assert.deepEqual(list.parameters.map((p) => p.name), ['status', 'overdue', 'cursor', 'limit']);
    assert.ok(oa.doc.components.schemas.Queue.required.includes('next'));
});

test('every route answers as its schemas say, successes and errors', async () => {
    const pub = api(srv.url);
    const call = async (c, method, path, body) => {
        const r = await c.request(method, path, body === undefined ? {} : { body });
        oa.check(method, path, r);
        return r;
    };

    await call(pub, 'GET', '/healthz');
    await call(pub, 'GET', '/api/v1/version');
    await call(pub, 'GET', '/api/v1/openapi.json');
    const m = await call(pub, 'GET', '/metrics');
    assert.equal(m.status, 200);
    await call(pub, 'GET', '/api/v1/public/agencies?region=110000');
    await call(pub, 'GET', '/api/v1/public/agencies?region=12');
    await call(pub, 'GET', '/api/v1/codes/unemployment_reason');
    await call(pub, 'GET', '/api/v1/codes/no_such_table');
    await call(pub, 'GET', '/api/v1/regions');
    await call(pub, 'GET', '/api/v1/regions?parent=110000');

    // The development identity provider (the server runs with --dev), then a verified
    // submission and a refused assertion.
    const idf = form();
    const tok = await call(pub, 'POST', '/api/v1/dev/idp/token',
        { id_type: idf.id_type, id_number: idf.id_number });
    assert.equal(tok.status, 200, JSON.stringify(tok.body));
    await call(pub, 'POST', '/api/v1/dev/idp/token', { id_type: 'passport', id_number: 'X1' });
    const verified = await call(pub, 'POST', '/api/v1/public/applications',
        { ...idf, identity_token: tok.body.token });
    assert.equal(verified.status, 201, JSON.stringify(verified.body));
    await call(pub, 'POST', '/api/v1/public/applications',
        { ...form(), identity_token: tok.body.token }); // another person: identity_mismatch

    const sent = await call(pub, 'POST', '/api/v1/public/applications', form());
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const { application_no: no, query_code: qc } = sent.body;
    await call(pub, 'POST', '/api/v1/public/applications', form({ commitment: false }));
    await call(pub, 'GET', `/api/v1/public/applications/${no}?query_code=${qc}`);
    await call(pub, 'GET', `/api/v1/public/applications/${no}?query_code=WRONG`);

    await call(pub, 'GET', '/api/v1/session'); // 401
    await call(pub, 'POST', '/api/v1/session', { username: 'caseworker', password: 'wrong-pass' });
    const cw = api(srv.url);
    const login = await cw.login('caseworker', DEMO_USERS.caseworker.password);
    oa.check('POST', '/api/v1/session', login);
    await call(cw, 'GET', '/api/v1/session');

    const counter = await call(cw, 'POST', '/api/v1/applications', form());
    assert.equal(counter.status, 201, JSON.stringify(counter.body));
    const q = await call(cw, 'GET', '/api/v1/applications?limit=2');
    assert.ok(q.body.items.length > 0);
    await call(cw, 'GET', '/api/v1/applications?status=bogus');
    await call(cw, 'GET', `/api/v1/applications/${no}`);
    await call(cw, 'GET', `/api/v1/applications/${no}?reveal=true`); // 400: no reason
    await call(cw, 'GET', `/api/v1/applications/${no}?reveal=true&reason=check`);
    await call(cw, 'GET', '/api/v1/applications/N000000000000');
    const usage = await call(pub, 'GET', `/api/v1/public/applications/${no}/data-usage?query_code=${qc}`);
    assert.equal(usage.body.items.length, 2, JSON.stringify(usage.body)); // the view and the reveal
    await call(pub, 'GET', `/api/v1/public/applications/${no}/data-usage?query_code=WRONG`);
    const d = await call(cw, 'POST', `/api/v1/applications/${no}/decision`, {
        decision: 'approve',
    });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    await call(cw, 'POST', `/api/v1/applications/${counter.body.application_no}/decision`, {
        decision: 'reject',
        reason: '材料不全',
    });
    await call(cw, 'POST', `/api/v1/applications/${no}/decision`, { decision: 'maybe' });
    const reg = d.body.registration_no;
    const item = await call(cw, 'POST', `/api/v1/registrations/${reg}/items`,
        { kind: 'training_referral', subject: '电工培训', on: '2026-03-02' });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    await call(cw, 'POST', `/api/v1/registrations/${reg}/items`, { kind: 'nonsense', on: 'x' });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/items/${item.body.id}/steps`,
        { status: 'enrolled', on: '2026-03-02' });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/items/${item.body.id}/steps`,
        { status: 'referred', on: '2026-03-02' });
    await call(cw, 'GET', `/api/v1/registrations/${reg}/items`);
    // The registration just made, its profile, services, contacts, the list and the due list.
    await call(cw, 'GET', `/api/v1/registrations/${reg}`);
    await call(cw, 'GET', `/api/v1/registrations/${reg}?reveal=true`); // 400: no reason
    await call(cw, 'GET', `/api/v1/registrations/${reg}?reveal=true&reason=%E6%A0%B8%E5%AF%B9`);
    await call(cw, 'GET', '/api/v1/registrations/1101012026999999'); // 404
    await call(cw, 'GET', '/api/v1/registrations?limit=2');
    await call(cw, 'GET', '/api/v1/registrations?tier=gold'); // 400
    await call(cw, 'PUT', `/api/v1/registrations/${reg}/profile`, { tier: 'ready' });
    await call(cw, 'PUT', `/api/v1/registrations/${reg}/profile`, { tier: 'gold' }); // 400
    const svc = await call(cw, 'POST', `/api/v1/registrations/${reg}/services`,
        { type: 'lists_handed', date: '2026-03-02', followup_due: '2026-03-09' });
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    await call(cw, 'POST', `/api/v1/registrations/${reg}/services`,
        { type: 'lists_handed', date: '2099-01-01' }); // 400
    await call(cw, 'POST', `/api/v1/registrations/${reg}/contacts`,
        { date: '2026-03-02', method: 'phone', result: 'unreachable' });
    // issue 9: the applicant's self-report (201, and a 400 and a 404)
    const sr = await call(pub, 'POST', `/api/v1/public/applications/${no}/self-report`,
        { query_code: qc, kind: 'employed', date: '2026-03-02', employer: '某某公司' });
    assert.equal(sr.status, 201, JSON.stringify(sr.body));
    await call(pub, 'POST', `/api/v1/public/applications/${no}/self-report`,
        { query_code: qc, kind: 'employed', date: '2026-03-02' });
    await call(pub, 'POST', `/api/v1/public/applications/${no}/self-report`,
        { query_code: 'WRONG', kind: 'training', date: '2026-03-02' });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/contacts`,
        { date: '2026-03-02', method: 'email', result: 'reached' }); // 400
    const due = await call(cw, 'GET', '/api/v1/due?caseworker=me');
    assert.ok(due.body.items.some((i) => i.registration_no === reg));
    await call(cw, 'GET', '/api/v1/due?agency=x'); // 400
    await call(cw, 'GET', `/api/v1/registrations/${reg}`);
    await call(cw, 'GET', '/api/v1/audit'); // 403: caseworkers do not read the audit log

    const au = api(srv.url);
    assert.equal((await au.login('auditor', DEMO_USERS.auditor.password)).status, 200);
    await call(au, 'GET', '/api/v1/audit?limit=5');
    await call(au, 'GET', `/api/v1/audit?object_type=application&object_id=${no}`);
    await call(au, 'GET', '/api/v1/audit/export?limit=3');
    await call(au, 'GET', '/api/v1/audit/export?limit=0'); // 400
    await call(au, 'GET', '/api/v1/audit/export.csv?to_id=3');
    await call(cw, 'GET', '/api/v1/audit/export.csv'); // 403
    // Staff accounts: password change (a refusal), second-factor enrolment (a wrong code),
    // the admin's resets, logout everywhere.
    await call(au, 'POST', '/api/v1/session/password', { old_password: 'wrong', new_password: 'x' });
    await call(au, 'POST', '/api/v1/session/totp', {});
    await call(au, 'POST', '/api/v1/session/totp/confirm', { code: '000000' });
    const ad = api(srv.url);
    assert.equal((await ad.login('admin', DEMO_USERS.admin.password)).status, 200);
    await call(ad, 'POST', '/api/v1/users/nobody/password', { new_password: 'Nobody-Pass-2026' });
    await call(ad, 'POST', '/api/v1/users/statistician/totp/reset', {});
    await call(cw, 'POST', '/api/v1/users/statistician/totp/reset', {}); // 403
    await call(au, 'POST', '/api/v1/session/logout-all', {});
    // The exchange (issue 11) on a local system without a hub; the hub's side is
    // test/exchange/, which checks its answers against these schemas too.
    await call(pub, 'GET', '/api/v1/public/consultation?region=110101');
    await call(pub, 'GET', '/api/v1/public/consultation?region=1');
    await call(pub, 'POST', '/api/v1/exchange', { header: {}, message: {} }); // 404: not a hub
    const sup = api(srv.url);
    assert.equal((await sup.login('supervisor', DEMO_USERS.supervisor.password)).status, 200);
    const xs = await call(sup, 'GET', '/api/v1/exchange/status');
    // issue 9: exits: an exit, a refused one, its revert; the proposals.
    await call(cw, 'POST', `/api/v1/registrations/${reg}/exit`,
        { reason_code: '14', date: '2026-03-02', evidence: { post: '公益性岗位' } });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/exit`, { reason_code: '22' });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/exit/revert`, { reason: 'x' }); // 403
    await call(sup, 'POST', `/api/v1/registrations/${reg}/exit/revert`, { reason: '误操作' });
    await call(cw, 'GET', '/api/v1/exit-proposals?status=open');
    await call(cw, 'GET', '/api/v1/exit-proposals?status=maybe');
    await call(cw, 'POST', '/api/v1/exit-proposals/999999/confirm', {});
    await call(cw, 'POST', '/api/v1/exit-proposals/999999/dismiss', {});
    // issue 10: statistics
    const sq = 'period=2026-02&region=110000';
    assert.equal((await call(sup, 'GET', `/api/v1/stats/monthly?${sq}`)).status, 200);
    await call(sup, 'GET', '/api/v1/stats/monthly?period=2030-01&region=110000'); // 400
    await call(sup, 'GET', `/api/v1/stats/monthly/export?${sq}&format=csv`);
    assert.equal((await call(sup, 'GET', `/api/v1/stats/check?${sq}`)).status, 200);
    assert.equal((await call(sup, 'GET', `/api/v1/stats/series?${sq}&n=3`)).status, 200);
    await call(sup, 'GET', `/api/v1/stats/reports/recount?${sq}`); // 404: not submitted
    assert.equal((await call(sup, 'POST', '/api/v1/stats/reports',
        { period: '2026-02', region: '110000' })).status, 201);
    assert.equal((await call(sup, 'GET', `/api/v1/stats/reports/recount?${sq}`)).status, 200);
    assert.equal((await call(sup, 'PUT', '/api/v1/stats/employed',
        { period: '2026-02', region: '110000', employed: 10 })).status, 200);
    await call(sup, 'PUT', '/api/v1/stats/employed', { period: '2026-02' }); // 400
    assert.equal((await call(sup, 'GET', `/api/v1/stats/quality?${sq}`)).status, 200);
    await call(sup, 'GET', '/api/v1/stats/quality?period=2030-01&region=110000'); // 400
    await call(sup, 'GET', `/api/v1/stats/quality/export?${sq}&format=csv`);
    assert.equal(xs.body.role, 'local');
    const xreg = await call(ad, 'POST', '/api/v1/exchange/systems', {
        system_id: 'national', public_key: Buffer.alloc(32, 7).toString('base64') });
    assert.equal(xreg.status, 200, JSON.stringify(xreg.body));
    await call(ad, 'POST', '/api/v1/exchange/systems', { system_id: 'x', public_key: 'short' });
    await call(ad, 'GET', '/api/v1/exchange/systems');
    await call(cw, 'GET', '/api/v1/exchange/systems'); // 403
    // Vacancies and matches (jobs.test.mjs has the behaviour; here the shapes).
    const job = await call(cw, 'POST', '/api/v1/jobs', { title: '营业员', employer: '某商店',
        occupation: '4-01-02-01', region: '110101', salary_min: 4000, salary_max: 5000,
        valid_until: '2026-12-31', requirements: '能倒班' });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    await call(cw, 'POST', '/api/v1/jobs', { title: 'x' });
    await call(cw, 'GET', '/api/v1/jobs?limit=1&offered=true');
    await call(cw, 'GET', `/api/v1/jobs/${job.body.id}`);
    await call(cw, 'GET', '/api/v1/jobs/999999');
    await call(cw, 'POST', '/api/v1/jobs/import', { content_base64: Buffer.from(
        'title,employer,occupation,region,salary_min,salary_max,valid_until\n'
        + '甲,乙,4-01,110101,1,2,2026-12-31\n甲,乙,9,110101,1,2,2026-12-31\n').toString('base64') });
    const m2 = await call(cw, 'GET', `/api/v1/registrations/${d.body.registration_no}/job-matches`);
    assert.equal(m2.status, 200, JSON.stringify(m2.body));
    await call(cw, 'GET', '/api/v1/registrations/nope/job-matches');
    // issue 8: closure — a referral in one click, its result, the lists handed (services8.test.mjs).
    const rno = d.body.registration_no;
    const ref = await call(cw, 'POST', `/api/v1/registrations/${rno}/referrals`, { job_id: job.body.id });
    assert.equal(ref.status, 201, JSON.stringify(ref.body));
    await call(cw, 'POST', `/api/v1/registrations/${rno}/referrals`, { job_id: 999999 });
    await call(cw, 'GET', `/api/v1/registrations/${rno}/referrals`);
    await call(cw, 'GET', '/api/v1/registrations/nope/referrals');
    const rr = await call(cw, 'POST', `/api/v1/registrations/${rno}/referrals/${ref.body.id}/result`,
        { result: 'interviewed' });
    assert.equal(rr.status, 201, JSON.stringify(rr.body));
    await call(cw, 'POST', `/api/v1/registrations/${rno}/referrals/${ref.body.id}/result`,
        { result: 'hired' });
    assert.equal((await call(cw, 'GET', `/api/v1/registrations/${rno}/referrals`)).status, 200);
    const lh = await call(cw, 'POST', `/api/v1/registrations/${rno}/lists-handed`, {});
    assert.equal(lh.status, 201, JSON.stringify(lh.body));
    await call(cw, 'POST', `/api/v1/registrations/${rno}/lists-handed`, { lists: ['x'] });
    await call(cw, 'POST', `/api/v1/jobs/${job.body.id}/close`, { status: 'closed', reason: '招满' });
    await call(cw, 'POST', `/api/v1/jobs/${job.body.id}/close`, { status: 'closed', reason: '招满' });
    await call(cw, 'DELETE', '/api/v1/session');

    // The public lists and the staff's lists (issue 8).
    await call(pub, 'GET', '/api/v1/public/policies?region=110000&q=%E5%A4%B1');
    await call(pub, 'GET', '/api/v1/public/policies?on=2026-02-30');
    await call(pub, 'GET', '/api/v1/public/services');
    await call(pub, 'GET', '/api/v1/public/agencies.csv?region=110101');
    await call(pub, 'GET', '/api/v1/public/agencies.csv?region=1');
    await call(pub, 'GET', '/api/v1/public/agencies.xlsx?region=110101');
    const lists = [
        ['/api/v1/policies', { region: '110101', name: '政策', target: '对象', content: '内容',
            conditions: '条件', accepting_agency: '机构' }],
        ['/api/v1/services-catalog', { region: '110101', item: '项目', target: '对象',
            content: '内容' }],
        ['/api/v1/agencies', { region: '110101', kind: 'pes', name: '服务站', address: '地址',
            phone: '010-12333', items: ['失业登记'], hours: '9:00-17:00' }],
    ];
    for (const [path, body] of lists) {
        const add = await call(sup, 'POST', path, body);
        assert.equal(add.status, 201, JSON.stringify(add.body));
        await call(sup, 'POST', path, { ...body, region: '999999' });
        await call(sup, 'GET', `${path}?region=110101`);
        await call(sup, 'GET', `${path}/${add.body.id}`);
        await call(sup, 'GET', `${path}/999999`);
        const { region, ...rest } = body;
        assert.ok(region);
        assert.equal((await call(sup, 'PUT', `${path}/${add.body.id}`, rest)).status, 200);
        await call(sup, 'PUT', `${path}/${add.body.id}`, { ...rest, valid_from: '2000-01-01' });
        assert.equal((await call(sup, 'DELETE', `${path}/${add.body.id}`)).status, 200);
        await call(sup, 'DELETE', `${path}/${add.body.id}`);
    }

    // issue 9: false information — the routes answer as described (no flag in this data).
    const fcw = api(srv.url);
    assert.equal((await fcw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    assert.equal((await call(fcw, 'GET', '/api/v1/flags?flag_status=open')).status, 200);
    await call(fcw, 'GET', '/api/v1/flags?flag_status=bogus');
    await call(fcw, 'POST', '/api/v1/flags/999999/review', { decision: 'confirm' });
    await call(fcw, 'POST', '/api/v1/flags/999999/credit-records', { facts: '事实' });
    await call(sup, 'POST', '/api/v1/credit-records/999999/submit');
    await call(sup, 'POST', '/api/v1/credit-records/999999/withdraw', { reason: '撤回' });
    assert.equal((await call(sup, 'GET', '/api/v1/credit-records/export.csv')).status, 200);
    assert.equal((await call(sup, 'GET', '/api/v1/credit-records/export.json')).status, 200);

    const all = Object.entries(oa.doc.paths).flatMap(([t, item]) =>
        Object.keys(item).map((mm) => `${mm.toUpperCase()} ${t}`));
    assert.deepEqual([...oa.seen].sort(), all.sort(), 'every operation was exercised');
});
