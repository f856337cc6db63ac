// lists.test.mjs — the public lists of the notice §4(二) and 附件4 (issue 8): the policy list
// (政策清单), the service list (服务清单) and the public employment service agency list
// (公共就业服务机构清单). The public reads them without logging in, by region ("this region and
// below"), text and day; supervisors and admins keep them for their region with history (a
// change or a retirement is a new version, every list reads "as in force on day D"), every
// change audited; bad input changes nothing; the agency list exports as XLSX and CSV in the
// 附件4 layout. Server clock 2026-03-02 (--dev).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, assertError, DEMO_USERS } from './helpers.mjs';
import { readXlsx } from './xlsx.mjs';

let srv;
let sup; // supervisor of 北京市 (110000)
let sh; // a supervisor of 上海市 (310000), made here
let pub;

const POLICY = {
    region: '110101',
    name: '一次性求职创业补贴',
    target: '登记失业的高校毕业生',
    content: '按规定发放一次性求职创业补贴',
    conditions: '已进行失业登记，毕业年度内有求职意愿',
    accepting_agency: '东城区公共就业服务中心',
};

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    pub = api(srv.url);
    sup = api(srv.url);
    assert.equal((await sup.login('supervisor', DEMO_USERS.supervisor.password)).status, 200);
    const ag = await srv.run(['agency', 'add', '--name', '上海市公共就业服务中心', '--region',
        '310000']);
    assert.equal(ag.code, 0, ag.stderr);
    const pw = join(srv.dir, 'pw');
    writeFileSync(pw, 'shanghai-demo-2026\n');
    const u = await srv.run(['user', 'add', '--username', 'shsup', '--password-file', pw,
        '--role', 'supervisor', '--agency', ag.stdout.trim()]);
    assert.equal(u.code, 0, u.stderr);
    sh = api(srv.url);
    assert.equal((await sh.login('shsup', 'shanghai-demo-2026')).status, 200);
});
after(async () => {
    await srv?.stop();
});

const names = (r) => r.body.items.map((i) => i.name ?? i.item);

test('the public reads the three lists without logging in, by region and below', async () => {
    const p = await pub.get('/api/v1/public/policies?region=110000');
    assert.equal(p.status, 200);
    assert.equal(p.body.on, '2026-03-02');
    assert.deepEqual(names(p), ['失业保险金', '职业培训补贴', '创业担保贷款']);
    const benefit = p.body.items[0];
    assert.equal(benefit.region, '110000');
    assert.equal(benefit.region_name, '北京市');
    assert.match(benefit.conditions, /缴纳失业保险费满一年/);
    assert.match(benefit.accepting_agency, /社会保险经办机构/);
    assert.equal(benefit.version, 1);
    assert.equal(benefit.valid_from, '2026-03-02');
    const s = await pub.get('/api/v1/public/services');
    assert.deepEqual(names(s), ['政策法规咨询', '职业介绍', '职业指导']);
    for (const k of ['item', 'target', 'content']) assert.ok(s.body.items[0][k], k);

    // 东城区 and below: its own agencies and the street's, not 北京市's nor 西城区's.
    const dc = await pub.get('/api/v1/public/agencies?region=110101');
    assert.deepEqual(names(dc), ['东城区公共就业服务中心', '东城区残疾人就业服务中心',
        '东华门街道社区服务中心就业服务站']);
    const first = dc.body.items[0];
    assert.deepEqual(first.items, ['失业登记', '职业介绍', '职业指导', '政策咨询']);
    assert.match(first.hours, /周一至周五/);
    assert.equal(first.kind, 'pes');
    assert.equal(first.region_name, '北京市 东城区');
    // A region's policies: 东城区 has none of its own (the demo's are 北京市's).
    assert.deepEqual((await pub.get('/api/v1/public/policies?region=110101')).body.items, []);
    assert.deepEqual((await pub.get('/api/v1/public/agencies?region=120000')).body.items, []);
});

test('the public searches the texts with ?q=', async () => {
    const r = await pub.get(`/api/v1/public/policies?q=${encodeURIComponent('贷款')}`);
    assert.deepEqual(names(r), ['创业担保贷款']);
    const byItem = await pub.get(`/api/v1/public/agencies?q=${encodeURIComponent('残疾人')}`);
    assert.deepEqual(names(byItem), ['东城区残疾人就业服务中心']);
    const none = await pub.get(`/api/v1/public/services?q=${encodeURIComponent('100%_')}`);
    assert.deepEqual(none.body.items, [], 'LIKE wildcards in q are taken literally');
    const addr = await pub.get(`/api/v1/public/agencies?region=110102&q=${encodeURIComponent('西城区示例')}`);
    assert.deepEqual(names(addr), ['西城区公共就业服务中心']);
});

test('bad public queries get clear errors', async () => {
    assertError(await pub.get('/api/v1/public/policies?region=12345'), 400, 'region_format',
        'region');
    assertError(await pub.get('/api/v1/public/services?region=999999'), 400, 'region_invalid',
        'region');
    assertError(await pub.get('/api/v1/public/agencies?on=2026-02-30'), 400, 'date_invalid', 'on');
    assertError(await pub.get('/api/v1/public/policies?on=yesterday'), 400, 'date_invalid', 'on');
    assertError(await pub.get(`/api/v1/public/policies?q=${'x'.repeat(101)}`), 400,
        'field_invalid', 'q');
});

// The versions of a staff read, newest first: [version, valid_from, retired].
const versions = (e) => e.versions.map((v) => [v.version, v.valid_from, v.retired]);

test('a supervisor adds, changes and retires a policy; every day reads what was in force', async () => {
    const add = await sup.post('/api/v1/policies', POLICY);
    assert.equal(add.status, 201, JSON.stringify(add.body));
    assert.deepEqual(Object.keys(add.body).sort(), ['id', 'retired', 'valid_from', 'version']);
    assert.equal(add.body.version, 1);
    assert.equal(add.body.valid_from, '2026-03-02');
    const id = add.body.id;
    const dc = async (on) =>
        (await pub.get(`/api/v1/public/policies?region=110101${on ? `&on=${on}` : ''}`)).body.items;
    assert.deepEqual((await dc()).map((p) => [p.id, p.name, p.version]), [[id, POLICY.name, 1]]);
    // Not in force before it was added.
    assert.deepEqual(await dc('2026-03-01'), []);

    const changed = { ...POLICY, content: '每人一次性补贴2000元', valid_from: '2026-03-10',
        note: '标准调整' };
    delete changed.region;
    const put = await sup.put(`/api/v1/policies/${id}`, changed);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body, { id, version: 2, valid_from: '2026-03-10', retired: false });
    // Today still the first text; from the 10th the new one.
    assert.equal((await dc())[0].content, POLICY.content);
    assert.equal((await dc('2026-03-09'))[0].version, 1);
    const tenth = (await dc('2026-03-10'))[0];
    assert.deepEqual([tenth.version, tenth.content, tenth.valid_from], [2, '每人一次性补贴2000元',
        '2026-03-10']);

    const del = await sup.request('DELETE', `/api/v1/policies/${id}`, {
        body: { valid_from: '2026-03-20', note: '政策到期' },
    });
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.deepEqual(del.body, { id, version: 3, valid_from: '2026-03-20', retired: true });
    assert.equal((await dc('2026-03-19'))[0].version, 2);
    assert.deepEqual(await dc('2026-03-20'), []);
    assertError(await sup.del(`/api/v1/policies/${id}`, {}), 409, 'list_entry_retired');

    // The staff read shows the whole history, newest first, and the status of today.
    const one = await sup.get(`/api/v1/policies/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.status, 'in_force');
    assert.equal(one.body.in_force, 1);
    assert.deepEqual(versions(one.body), [[3, '2026-03-20', true], [2, '2026-03-10', false],
        [1, '2026-03-02', false]]);
    assert.equal(one.body.versions[0].content, '每人一次性补贴2000元', 'a retirement repeats the text');
    assert.equal(one.body.versions[1].note, '标准调整');
    assert.equal(one.body.versions[2].recorded_by, 'supervisor');
    const later = await sup.get(`/api/v1/policies/${id}?on=2026-03-25`);
    assert.equal(later.body.status, 'retired');
    const list = await sup.get('/api/v1/policies?region=110101');
    assert.deepEqual(list.body.items.map((e) => e.id), [id]);
    const all = await sup.get('/api/v1/policies');
    assert.equal(all.body.items.length, 4);

    // Every change is in the audit log, without the texts.
    const au = api(srv.url);
    assert.equal((await au.login('auditor', DEMO_USERS.auditor.password)).status, 200);
    const log = await au.get(`/api/v1/audit?object_type=policy&object_id=${id}`);
    assert.deepEqual(log.body.items.map((e) => [e.action, e.actor, e.detail.version]), [
        ['list.create', 'supervisor', 1], ['list.change', 'supervisor', 2],
        ['list.retire', 'supervisor', 3]]);
    assert.ok(!JSON.stringify(log.body).includes('2000元'));
});

test('a change takes effect today by default, and the next day reads it without ?on', async () => {
    const add = await sup.post('/api/v1/services-catalog', {
        region: '110102', item: '就业援助', target: '就业困难人员', content: '一对一帮扶',
    });
    assert.equal(add.status, 201, JSON.stringify(add.body));
    const id = add.body.id;
    const put = await sup.put(`/api/v1/services-catalog/${id}`, {
        item: '就业援助', target: '就业困难人员', content: '一对一帮扶，优先推荐公益性岗位',
    });
    assert.deepEqual(put.body, { id, version: 2, valid_from: '2026-03-02', retired: false });
    const today = await pub.get('/api/v1/public/services?region=110102');
    assert.deepEqual(today.body.items.map((s) => [s.id, s.version, s.content]),
        [[id, 2, '一对一帮扶，优先推荐公益性岗位']]);
    const before = await pub.get('/api/v1/public/services?region=110102&on=2026-03-01');
    assert.deepEqual(before.body.items, []);
});

test('bad input gets a clear error and changes nothing', async () => {
    const count = async () => (await sup.get('/api/v1/policies')).body.items
        .reduce((n, e) => n + e.versions.length, 0);
    const n0 = await count();
    const without = (k) => Object.fromEntries(Object.entries(POLICY).filter(([x]) => x !== k));
    for (const k of ['name', 'target', 'content', 'conditions', 'accepting_agency', 'region']) {
        assertError(await sup.post('/api/v1/policies', without(k)), 400, 'field_required', k);
    }
    assertError(await sup.post('/api/v1/policies', { ...POLICY, region: '999999' }), 400,
        'region_invalid', 'region');
    assertError(await sup.post('/api/v1/policies', { ...POLICY, region: '1101' }), 400,
        'region_format', 'region');
    assertError(await sup.post('/api/v1/policies', { ...POLICY, valid_from: '2026-02-30' }), 400,
        'field_invalid', 'valid_from');
    assertError(await sup.post('/api/v1/policies', { ...POLICY, valid_from: '2026-03-01' }), 400,
        'valid_from_in_past', 'valid_from');
    assertError(await sup.post('/api/v1/policies', { ...POLICY, name: 5 }), 400, 'field_invalid',
        'name');
    assertError(await sup.post('/api/v1/policies', { ...POLICY, name: '长'.repeat(201) }), 400,
        'field_invalid', 'name');
    // Another region: 上海's supervisor cannot put a policy on 北京's list ...
    assertError(await sh.post('/api/v1/policies', POLICY), 403, 'region_outside_jurisdiction',
        'region');
    // ... and 北京's entries do not exist for it.
    const id = (await sup.get('/api/v1/policies')).body.items[0].id;
    const body = without('region');
    assertError(await sh.get(`/api/v1/policies/${id}`), 404, 'not_found');
    assertError(await sh.put(`/api/v1/policies/${id}`, body), 404, 'not_found');
    assertError(await sh.del(`/api/v1/policies/${id}`), 404, 'not_found');
    assert.deepEqual((await sh.get('/api/v1/policies')).body.items, []);
    assertError(await sh.get('/api/v1/policies?region=110000'), 403, 'region_outside_jurisdiction',
        'region');
    assertError(await sup.put('/api/v1/policies/999999', body), 404, 'not_found');
    assertError(await sup.put('/api/v1/policies/abc', body), 404, 'not_found');
    // A change before the latest version's day.
    const future = await sup.post('/api/v1/policies', { ...POLICY, valid_from: '2026-04-01' });
    assert.equal(future.status, 201);
    const n1 = await count();
    assertError(await sup.put(`/api/v1/policies/${future.body.id}`,
        { ...body, valid_from: '2026-03-15' }), 400, 'valid_from_before_latest', 'valid_from');
    assertError(await sup.del(`/api/v1/policies/${future.body.id}`), 400,
        'valid_from_before_latest', 'valid_from');
    const sched = await sup.get(`/api/v1/policies/${future.body.id}`);
    assert.equal(sched.body.status, 'scheduled');
    assert.equal(sched.body.in_force, null);
    // Who may: not caseworkers, not the public.
    const cw = api(srv.url);
    assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    assertError(await cw.post('/api/v1/policies', POLICY), 403, 'forbidden');
    assertError(await cw.get('/api/v1/policies'), 403, 'forbidden');
    assertError(await pub.post('/api/v1/policies', POLICY), 401, 'unauthenticated');
    assert.equal(await count(), n1);
    assert.equal(n1, n0 + 1);
});

test('the agency list: an agency added, changed and taken off the list; its users stay', async () => {
    const ag = {
        region: '110101001', kind: 'community', name: '示例社区就业服务站',
        address: '东华门街道示例社区1号', phone: '010-65550000',
        items: ['失业登记', '职业介绍'], hours: '周一至周五 9:00-17:00',
    };
    for (const k of ['name', 'address', 'phone', 'items']) {
        const b = { ...ag };
        delete b[k];
        assertError(await sup.post('/api/v1/agencies', b), 400, 'field_required', k);
    }
    assertError(await sup.post('/api/v1/agencies', { ...ag, kind: 'bank' }), 400,
        'agency_kind_invalid', 'kind');
    for (const items of [[], ['失业登记', '失业登记'], ['长'.repeat(16)], '失业登记', [3]]) {
        assertError(await sup.post('/api/v1/agencies', { ...ag, items }), 400, 'items_invalid',
            'items');
    }
    const add = await sup.post('/api/v1/agencies', ag);
    assert.equal(add.status, 201, JSON.stringify(add.body));
    const id = add.body.id;
    const street = async (on = '') => (await pub.get(`/api/v1/public/agencies?region=110101001${on}`))
        .body.items;
    const listed = (await street()).find((a) => a.id === id);
    assert.deepEqual([listed.name, listed.kind, listed.hours, listed.items], [ag.name, 'community',
        ag.hours, ag.items]);
    // The list's id is the agency id: a user can belong to it.
    const pw = join(srv.dir, 'pw2');
    writeFileSync(pw, 'community-demo-2026\n');
    const u = await srv.run(['user', 'add', '--username', 'sq', '--password-file', pw, '--role',
        'caseworker', '--agency', String(id)]);
    assert.equal(u.code, 0, u.stderr);

    const put = await sup.put(`/api/v1/agencies/${id}`, { ...ag, name: '示例社区党群服务中心就业站',
        hours: '周一至周六 9:00-17:00', region: '310000', kind: 'pes' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const now = (await street()).find((a) => a.id === id);
    assert.deepEqual([now.name, now.hours, now.region, now.kind, now.version],
        ['示例社区党群服务中心就业站', '周一至周六 9:00-17:00', '110101001', 'community', 2],
        'region and kind of an entry never change');
    const del = await sup.del(`/api/v1/agencies/${id}`);
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.ok(!(await street()).some((a) => a.id === id));
    assert.deepEqual(await street('&on=2026-03-01'), [], 'nothing was listed before the demo day');
    const staff = await sup.get(`/api/v1/agencies/${id}`);
    assert.deepEqual(versions(staff.body), [[3, '2026-03-02', true], [2, '2026-03-02', false],
        [1, '2026-03-02', false]]);
    assert.equal(staff.body.status, 'retired');
    // Off the list, still an agency: its caseworker logs in.
    assert.equal((await api(srv.url).login('sq', 'community-demo-2026')).status, 200);
    // The admin keeps the lists too.
    const admin = api(srv.url);
    assert.equal((await admin.login('admin', DEMO_USERS.admin.password)).status, 200);
    const back = await admin.put(`/api/v1/agencies/${id}`, ag);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.ok((await street()).some((a) => a.id === id && a.version === 4));
});

test('the agency list exports as CSV (UTF-8 with BOM) in the 附件4 layout', async () => {
    const r = await fetch(new URL('/api/v1/public/agencies.csv?region=110101', srv.url));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="agencies-110101\.csv"/);
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines[0], '公共就业服务机构清单,,,,,,');
    assert.equal(lines[1], '序号,所在地区,机构名称,办公地址,联系电话,经办项目,办公时间');
    assert.equal(lines[2], '1,北京市 东城区,东城区公共就业服务中心,东城区示例街2号,010-12333,' +
        '失业登记、职业介绍、职业指导、政策咨询,周一至周五 9:00-12:00、13:30-17:00（法定节假日除外）');
    assert.match(lines[4], /^3,北京市 东城区 东华门街道,东华门街道社区服务中心就业服务站,/);
    assert.equal(lines.at(-1), '', 'every line ends in CRLF');
    const q = await (await fetch(new URL(`/api/v1/public/agencies.csv?q=${encodeURIComponent('西城')}`,
        srv.url))).text();
    assert.equal(q.split('\r\n').length, 4, q);
    const bad = await pub.get('/api/v1/public/agencies.csv?region=999999');
    assertError(bad, 400, 'region_invalid', 'region');
});

test('the agency list exports as XLSX: title row, the 附件4 columns, one row per agency', async () => {
    const r = await fetch(new URL('/api/v1/public/agencies.xlsx?region=110000', srv.url));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(r.headers.get('content-disposition'), /filename="agencies-110000\.xlsx"/);
    const book = readXlsx(Buffer.from(await r.arrayBuffer()));
    assert.equal(book.cell('A1'), '公共就业服务机构清单');
    assert.deepEqual(book.merges, ['A1:G1']);
    assert.deepEqual(book.rows[1], ['序号', '所在地区', '机构名称', '办公地址', '联系电话',
        '经办项目', '办公时间']);
    const json = (await pub.get('/api/v1/public/agencies?region=110000')).body.items;
    assert.equal(book.rows.length, 2 + json.length);
    json.forEach((a, i) => {
        const row = book.rows[2 + i];
        assert.equal(row[0], i + 1, 'the serial number is a number');
        assert.deepEqual(row.slice(1), [a.region_name, a.name, a.address, a.phone,
            a.items.join('、'), a.hours]);
    });
    assert.equal(book.cell('C3'), '北京市公共就业服务中心');
    // A day before anything was listed: the title and the header alone.
    const old = readXlsx(Buffer.from(await (await fetch(new URL(
        '/api/v1/public/agencies.xlsx?region=110101001&on=2026-03-01', srv.url))).arrayBuffer()));
    assert.equal(old.rows.length, 2);
    assert.equal(old.cell('B2'), '所在地区');
});

test('a later day reads the list of that day without ?on', async () => {
    await srv.stopKeep();
    srv = await startServer({ reuse: srv, now: '2026-03-21T08:00:00' });
    const c = api(srv.url);
    const dc = await c.get('/api/v1/public/policies?region=110101');
    assert.equal(dc.body.on, '2026-03-21');
    assert.deepEqual(dc.body.items, [], 'the policy retired on the 20th is gone');
    const bj = await c.get('/api/v1/public/policies?region=110000');
    assert.equal(bj.body.items.length, 3);
});
