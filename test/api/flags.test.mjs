// flags.test.mjs — false information (notice §5 ¶1, issue 9 part D) as a black box: a promise
// shown untrue on the day of applying raises a flag (at intake and by `ureg compare`), an ended
// job does not, a pension does, one open flag however often compare runs; the caseworker's
// review, the credit record's lifecycle (caseworker records, supervisor submits or withdraws),
// its export (CSV with BOM, JSON), the audit without personal data, and scope (404).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS, assertError } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

// Everyone applies on 2026-03-02 claiming unemployment since 2026-01-15 (formFor).
const P1 = idNumber('110101', '1988-08-08', 51); // contribution for March 2026: employed
const P2 = idNumber('110101', '1987-07-07', 52); // filing before U, contribution for January
const P3 = idNumber('110101', '1960-02-02', 53); // pension since 2025-12-01
const P4 = idNumber('110101', '1986-06-06', 54); // filing 2026-02-10, loaded after applying
const P5 = idNumber('110101', '1985-05-05', 55); // contributions March..June, loaded in June

async function rawGet(url, path, username) {
    const login = await fetch(new URL('/api/v1/session', url), {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_USERS[username].password }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(new URL(path, url), { headers: { Cookie: cookie } });
    return { status: res.status, type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        bytes: Buffer.from(await res.arrayBuffer()) };
}

async function load(srv, source, name, text) {
    const f = join(srv.dir, name);
    writeFileSync(f, text);
    const r = await srv.run(['import', source, f]);
    assert.equal(r.code, 0, r.stderr);
}

async function apply(pub, id) {
    const a = await pub.post('/api/v1/public/applications', formFor(id));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    return a.body.application_no;
}

async function flagsOf(cw, no) {
    const r = await cw.get(`/api/v1/flags?application_no=${no}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items;
}

test('flags: intake, compare, ended job, pension, idempotence, review, credit record, export, scope', async () => {
    const srv = await startServer({ now: '2026-03-02T09:30:00' });
    try {
        await load(srv, 'insurance', 'ins.csv', 'id_number,event_date,employer\n' +
            `${P1},202602,甲公司\n${P1},202603,甲公司\n${P2},202601,乙公司\n`);
        await load(srv, 'employment_filings', 'emp.csv', `id_number,event_date\n${P2},2025-06-01\n`);
        await load(srv, 'pensions', 'pen.csv', `id_number,event_date\n${P3},2025-12-01\n`);
        const pub = api(srv.url);
        const no1 = await apply(pub, P1), no2 = await apply(pub, P2), no3 = await apply(pub, P3);
        const no4 = await apply(pub, P4), no5 = await apply(pub, P5);

        const cw = api(srv.url);
        assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);

        // Intake: the March contribution (202603 = 2026-03-01) covers the application day.
        const f1 = await flagsOf(cw, no1);
        assert.equal(f1.length, 1);
        assert.equal(f1[0].check, 'employment');
        assert.equal(f1[0].status, 'open');
        assert.deepEqual(f1[0].evidence, { source: 'insurance', event_date: '2026-03-01',
            basis: 'contribution_for_application_month', applied_on: '2026-03-02',
            unemployed_since: '2026-01-15' });
        assert.equal(f1[0].registration_no, null);
        assert.notEqual(f1[0].name, '王小明');
        assert.match(f1[0].name, /^王\*/);
        // An ended job (filing before U, contribution for U's month): no flag.
        assert.deepEqual(await flagsOf(cw, no2), []);
        // Pension received before applying.
        const f3 = await flagsOf(cw, no3);
        assert.equal(f3.length, 1);
        assert.equal(f3[0].check, 'pension');
        assert.equal(f3[0].evidence.event_date, '2025-12-01');
        assert.equal(f3[0].evidence.basis, 'pension_before_application');
        assert.deepEqual(await flagsOf(cw, no4), []);

        // `ureg compare` after a filing dated between U and the application day is loaded.
        await load(srv, 'employment_filings', 'emp2.csv', `id_number,event_date\n${P4},2026-02-10\n`);
        for (let i = 0; i < 2; i++) assert.equal((await srv.run(['compare'])).code, 0);
        const f4 = await flagsOf(cw, no4);
        assert.equal(f4.length, 1, JSON.stringify(f4));
        assert.equal(f4[0].evidence.source, 'employment_filings');
        assert.equal(f4[0].evidence.event_date, '2026-02-10');
        assert.equal((await flagsOf(cw, no1)).length, 1, 'compare raises no second flag');
        assert.deepEqual(await flagsOf(cw, no2), []);

        // Months later: contributions March..June loaded in June; compare as of 2026-06-10
        // still finds the one for the month of applying (read again below June's).
        await load(srv, 'insurance', 'ins2.csv', 'id_number,event_date\n' +
            `${P5},202603\n${P5},202604\n${P5},202605\n${P5},202606\n`);
        const later = await srv.run(['compare'], { env: { UREG_NOW: '2026-06-10T10:00:00' } });
        assert.equal(later.code, 0, later.stderr);
        const f5 = await flagsOf(cw, no5);
        assert.equal(f5.length, 1, JSON.stringify(f5));
        assert.equal(f5[0].evidence.event_date, '2026-03-01');

        // The workbench list: open flags of the region, newest first.
        const open = await cw.get('/api/v1/flags?flag_status=open');
        assert.equal(open.status, 200);
        assert.deepEqual(open.body.items.map((f) => f.application_no).sort(),
            [no1, no3, no4, no5].sort());
        assertError(await cw.get('/api/v1/flags?flag_status=nope'), 400, 'field_invalid', 'flag_status');

        // Scope: another district's caseworker sees none of them and gets 404.
        const cw2 = api(srv.url);
        assert.equal((await cw2.login('caseworker2', DEMO_USERS.caseworker2.password)).status, 200);
        assert.deepEqual((await cw2.get('/api/v1/flags')).body.items, []);
        assertError(await cw2.post(`/api/v1/flags/${f1[0].id}/review`, { decision: 'confirm' }),
            404, 'not_found');
        assertError(await cw2.post(`/api/v1/flags/${f1[0].id}/credit-records`, { facts: 'x' }),
            404, 'not_found');

        // Review.
        const sup = api(srv.url);
        assert.equal((await sup.login('supervisor', DEMO_USERS.supervisor.password)).status, 200);
        assertError(await sup.post(`/api/v1/flags/${f1[0].id}/review`, { decision: 'confirm' }),
            403, 'forbidden');
        assertError(await cw.post(`/api/v1/flags/${f1[0].id}/credit-records`, { facts: 'x' }),
            409, 'conflict', 'status');
        assertError(await cw.post(`/api/v1/flags/${f3[0].id}/review`, { decision: 'dismiss' }),
            400, 'field_required', 'note');
        assertError(await cw.post(`/api/v1/flags/${f3[0].id}/review`, { decision: 'maybe' }),
            400, 'field_invalid', 'decision');
        const dis = await cw.post(`/api/v1/flags/${f3[0].id}/review`,
            { decision: 'dismiss', note: '待遇记录属同名他人，已核实' });
        assert.deepEqual(dis.body, { id: f3[0].id, status: 'dismissed' });
        const conf = await cw.post(`/api/v1/flags/${f1[0].id}/review`,
            { decision: 'confirm', note: '单位确认申请时在职' });
        assert.equal(conf.status, 200, JSON.stringify(conf.body));
        assertError(await cw.post(`/api/v1/flags/${f1[0].id}/review`, { decision: 'dismiss', note: 'x' }),
            409, 'conflict', 'status');
        const after = (await flagsOf(cw, no1))[0];
        assert.equal(after.status, 'confirmed');
        assert.equal(after.reviewed_by, 'caseworker');
        assert.equal(after.note, '单位确认申请时在职');
        // A dismissed flag is not raised again for the same evidence; a confirmed one stays one.
        assert.equal((await srv.run(['compare'])).code, 0);
        assert.deepEqual((await flagsOf(cw, no3)).map((f) => f.status), ['dismissed']);
        assert.deepEqual((await flagsOf(cw, no1)).map((f) => f.status), ['confirmed']);

        // Credit record lifecycle.
        assertError(await cw.post(`/api/v1/flags/${f1[0].id}/credit-records`, {}), 400, 'field_required', 'facts');
        const facts = '申请失业登记时承诺处于失业状态，社会保险缴费记录显示申请当月在职缴费。';
        const cr = await cw.post(`/api/v1/flags/${f1[0].id}/credit-records`, { facts });
        assert.equal(cr.status, 201, JSON.stringify(cr.body));
        assert.equal(cr.body.status, 'draft');
        assertError(await cw.post(`/api/v1/flags/${f1[0].id}/credit-records`, { facts }),
            409, 'conflict', 'flag_id');
        assertError(await cw.post(`/api/v1/credit-records/${cr.body.id}/submit`), 403, 'forbidden');
        assertError(await cw.get('/api/v1/credit-records/export.json'), 403, 'forbidden');
        const sub = await sup.post(`/api/v1/credit-records/${cr.body.id}/submit`);
        assert.deepEqual(sub.body, { id: cr.body.id, status: 'submitted' });
        assertError(await sup.post(`/api/v1/credit-records/${cr.body.id}/submit`), 409, 'conflict', 'status');
        const panel = (await flagsOf(cw, no1))[0].credits;
        assert.equal(panel.length, 1);
        assert.equal(panel[0].status, 'submitted');
        assert.equal(panel[0].recorded_by, 'caseworker');
        assert.equal(panel[0].decided_by, 'supervisor');

        // Export: CSV UTF-8 with BOM, a title row, the header, one row; JSON the same record.
        const csv = await rawGet(srv.url, '/api/v1/credit-records/export.csv', 'supervisor');
        assert.equal(csv.status, 200);
        assert.match(csv.type, /^text\/csv/);
        assert.match(csv.disposition, /credit-records\.csv/);
        assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
        const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
        assert.equal(lines.length, 3, lines.join('\n'));
        assert.match(lines[1], /^序号,记录编号,申请编号,失业登记编号,核查项,证据来源,证据日期,失信事实,状态/);
        const cells = lines[2].split(',');
        assert.deepEqual(cells.slice(0, 5), ['1', String(cr.body.id), no1, '', 'employment']);
        assert.deepEqual(cells.slice(5, 9), ['insurance', '2026-03-01', facts, 'submitted']);
        assert.equal(cells[9], 'caseworker');
        assert.equal(cells[11], 'supervisor');
        assert.ok(!lines.join('').includes(P1), 'no national id number in the export');
        const js = await sup.get('/api/v1/credit-records/export.json');
        assert.equal(js.status, 200);
        assert.equal(js.body.items.length, 1);
        const item = js.body.items[0];
        assert.equal(item.application_no, no1);
        assert.equal(item.facts, facts);
        assert.equal(item.evidence.source, 'insurance');
        assert.notEqual(item.exported_at, null, 'the CSV export stamped it');

        // Withdraw: a reason is required; a withdrawn record leaves the export; a new draft may
        // then be recorded on the flag.
        assertError(await sup.post(`/api/v1/credit-records/${cr.body.id}/withdraw`, {}),
            400, 'field_required', 'reason');
        const wd = await sup.post(`/api/v1/credit-records/${cr.body.id}/withdraw`, { reason: '复核后撤回' });
        assert.deepEqual(wd.body, { id: cr.body.id, status: 'withdrawn' });
        assert.deepEqual((await sup.get('/api/v1/credit-records/export.json')).body.items, []);
        const again = await cw.post(`/api/v1/flags/${f1[0].id}/credit-records`, { facts: '重新录入' });
        assert.equal(again.status, 201);

        // Approved: the flag shows the registration.
        const d = await cw.post(`/api/v1/applications/${no4}/decision`, { decision: 'approve' });
        assert.equal(d.status, 200, JSON.stringify(d.body));
        const reg = d.body.registration_no;
        const byReg = await cw.get(`/api/v1/flags?registration_no=${reg}`);
        assert.equal(byReg.body.items.length, 1);
        assert.equal(byReg.body.items[0].application_no, no4);

        // Audit: the entries name ids and checks, never the person.
        const aud = api(srv.url);
        assert.equal((await aud.login('auditor', DEMO_USERS.auditor.password)).status, 200);
        const log = await aud.get('/api/v1/audit?limit=1000');
        const mine = log.body.items.filter((e) => /^(flag|credit)\./.test(e.action));
        assert.deepEqual([...new Set(mine.map((e) => e.action))].sort(),
            ['credit.create', 'credit.export', 'credit.submit', 'credit.withdraw', 'flag.raise',
                'flag.review']);
        const text = JSON.stringify(mine);
        for (const p of [P1, P3, P4, P5, '王小明', '13812345678']) assert.ok(!text.includes(p), p);
    } finally {
        await srv.stop();
    }
});
