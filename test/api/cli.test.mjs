// cli.test.mjs — the command line of CONTRACT.md, run as a black box against fresh databases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, freshDb } from './helpers.mjs';

test('help lists every command of the table and version prints one line', async () => {
    const h = await runCli(['help']);
    assert.equal(h.code, 0);
    for (const cmd of ['init', 'serve', 'demo', 'agency add', 'user add', 'id check',
        'workdays add', 'workdays is', 'calendar import', 'help', 'version']) {
        assert.ok(h.stdout.includes(cmd), `help mentions ${cmd}`);
    }
    const v = await runCli(['version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^ureg \d+\.\d+\.\d+\n$/);
});

test('an unknown command is a user error (exit 1)', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown command/);
});

test('id check writes one JSON object per input line', async () => {
    const input = [
        '11010519491231002X',     // GB 11643's own example: female, 1949-12-31
        '11010519491231002x',     // lower-case x accepted
        '110105194912310021',     // wrong check character
        '110105491231002',        // 15 digits: first generation
        '810000199001011231',     // 港澳台 residence permit shape, wrong check char
        'H12345678',              // 港澳 permit
        'H1234567801',            // with renewal count
        '12345678',               // 台湾 permit
        '991234199001011234',     // no such province
    ].join('\n') + '\n';
    const r = await runCli(['id', 'check'], { input });
    assert.equal(r.code, 0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.length, 9);
    assert.deepEqual(rows[0], { input: '11010519491231002X', valid: true, error: null,
        birth_date: '1949-12-31', sex: 'F' });
    assert.equal(rows[1].valid, true);
    assert.equal(rows[2].error, 'id_checksum');
    assert.equal(rows[3].error, 'id_first_generation');
    assert.equal(rows[4].error, 'id_checksum');
    assert.equal(rows[5].valid, true);
    assert.equal(rows[6].valid, true);
    assert.equal(rows[7].valid, true);
    assert.equal(rows[8].error, 'id_area');
    for (const row of rows) {
        assert.deepEqual(Object.keys(row).slice(0, 3), ['input', 'valid', 'error']);
    }
});

test('workdays add and is follow the holiday and make-up calendar', async () => {
    const cases = [
        [['workdays', 'add', '2025-09-30', '7'], '2025-10-16'], // across 国庆+中秋 2025
        [['workdays', 'add', '2026-02-13', '1'], '2026-02-14'], // 2026-02-14 is a 调休 Saturday
        [['workdays', 'add', '2026-02-14', '1'], '2026-02-24'], // then 春节 Feb 15-23
        [['workdays', 'is', '2026-02-14'], 'workday'],
        [['workdays', 'is', '2026-02-16'], 'restday'],
        [['workdays', 'is', '2026-11-28'], 'restday'],          // an ordinary Saturday
        [['workdays', 'is', '2020-02-01'], 'restday'],          // make-up day cancelled in 2020
    ];
    for (const [args, want] of cases) {
        const r = await runCli(['--db', '/nonexistent/none.db', ...args]);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout.trim(), want, args.join(' '));
    }
    const bad = await runCli(['workdays', 'add', '2026-02-30', '1']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /date_invalid/);
    const zero = await runCli(['workdays', 'add', '2026-03-02', '0']);
    assert.equal(zero.code, 1);
});

test('a deadline past the last known year is answered with a warning', async () => {
    const r = await runCli(['--db', '/nonexistent/none.db', 'workdays', 'add', '2026-12-28', '7']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), '2027-01-06');
    assert.match(r.stderr, /warning/);
});

test('calendar import loads next year without a rebuild, all or nothing', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    assert.equal((await runCli(['init'], { db })).code, 0);
    // A 2027 schedule (test data, not the real one): Jan 1 off, Jan 2-3 weekend, Jan 4 off,
    // Saturday Jan 9 a make-up working day.
    const good = join(dir, 'h2027.csv');
    writeFileSync(good, '# test schedule\ndate,kind,name_zh,name_en\n' +
        '2027-01-01,holiday,元旦,New Year\n2027-01-04,holiday,元旦,New Year\n' +
        '2027-01-09,workday,元旦,New Year\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,kind,name_zh,name_en\n2027-05-01,holiday,劳动节,Labour Day\n' +
        '2027-13-01,holiday,x,x\n');
    const b = await runCli(['calendar', 'import', bad], { db });
    assert.equal(b.code, 1);
    assert.match(b.stderr, /line 3/);
    // Nothing of the bad file was stored: 2027 is still unknown.
    const before = await runCli(['workdays', 'add', '2026-12-31', '1'], { db });
    assert.equal(before.stdout.trim(), '2027-01-01');
    assert.match(before.stderr, /warning/);

    const g = await runCli(['calendar', 'import', good], { db });
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /imported 3 rows/);
    const after = await runCli(['workdays', 'add', '2026-12-31', '2'], { db });
    assert.equal(after.stdout.trim(), '2027-01-06'); // Jan 5, then Jan 6
    assert.doesNotMatch(after.stderr, /warning/);
    const sat = await runCli(['workdays', 'is', '2027-01-09'], { db });
    assert.equal(sat.stdout.trim(), 'workday');
});

test('agency add and user add print ids; bad input is a user error that says why', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    assert.equal((await runCli(['init'], { db })).code, 0);
    const a = await runCli(['agency', 'add', '--name', '东城区公共就业服务中心', '--region', '110101',
        '--kind', 'pes', '--address', '东城区', '--phone', '010-12333'], { db });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^\d+\n$/);
    const id = a.stdout.trim();

    const badRegion = await runCli(['agency', 'add', '--name', 'x', '--region', '123456'], { db });
    assert.equal(badRegion.code, 1);
    assert.match(badRegion.stderr, /region_invalid/);
    const badKind = await runCli(['agency', 'add', '--name', 'x', '--region', '110101',
        '--kind', 'bank'], { db });
    assert.equal(badKind.code, 1);
    assert.match(badKind.stderr, /agency_kind_invalid/);

    const pw = join(dir, 'pw');
    writeFileSync(pw, 'a long password\n');
    const u = await runCli(['user', 'add', '--username', 'wang', '--password-file', pw,
        '--role', 'caseworker', '--agency', id], { db });
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /^\d+\n$/);
    const dup = await runCli(['user', 'add', '--username', 'wang', '--password-file', pw,
        '--role', 'caseworker', '--agency', id], { db });
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /user_exists/);
    const role = await runCli(['user', 'add', '--username', 'zhao', '--password-file', pw,
        '--role', 'root', '--agency', id], { db });
    assert.equal(role.code, 1);
    assert.match(role.stderr, /role_invalid/);
    const usage = await runCli(['user', 'add', '--username', 'zhao'], { db });
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /usage/);
});

test('init is safe to run twice and demo is idempotent', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    for (let i = 0; i < 2; i++) {
        const r = await runCli(['init'], { db });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /regions/);
    }
    const d1 = await runCli(['demo'], { db });
    const d2 = await runCli(['demo'], { db });
    assert.equal(d1.code, 0, d1.stderr);
    assert.equal(d2.code, 0, d2.stderr);
    assert.match(d1.stdout, /caseworker/);
    assert.match(d2.stdout, /0 agencies and users created/);
});

test('UREG_NOW is honoured only with --dev', async () => {
    // 2031 lies past the shipped calendar: the warning shows the clock was moved.
    const withDev = await runCli(['--dev', 'id', 'check'], { input: '11010520300101001X\n',
        env: { UREG_NOW: '2031-01-01' } });
    const row = JSON.parse(withDev.stdout);
    assert.notEqual(row.error, 'id_birth_future'); // born 2030 is not in the future in 2031
    const noDev = await runCli(['id', 'check'], { input: '11010520300101001X\n',
        env: { UREG_NOW: '2031-01-01' } });
    assert.match(noDev.stderr, /UREG_NOW is ignored without --dev/);
    assert.equal(JSON.parse(noDev.stdout).error, 'id_birth_future');
});

test('docs/api.md is generated from the route table and up to date', async () => {
    const r = await runCli(['routes']);
    assert.equal(r.code, 0);
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    assert.ok(doc.includes(r.stdout.trim()),
        'docs/api.md differs from `ureg routes`: run `make docs`');
});
