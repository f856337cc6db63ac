// import.test.mjs — `ureg import SOURCE FILE` and `ureg compare` as a black box (CONTRACT.md):
// counts, the reject file with line numbers and reasons, encodings, exit statuses, idempotent
// re-import, and verification by comparison seen through the API (notice §3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServer, api, tempDir, DEMO_USERS, freshDb } from './helpers.mjs';
import { idNumber } from './idgen.mjs';

// The counts line of `ureg import`.
function counts(stdout) {
    const m = /^read (\d+), loaded (\d+), duplicates (\d+), rejected (\d+)$/m.exec(stdout);
    assert.ok(m, stdout);
    return { read: +m[1], loaded: +m[2], duplicates: +m[3], rejected: +m[4] };
}

const A = idNumber('110101', '1990-05-17', 11);
const B = idNumber('310104', '1985-12-30', 22);

test('import loads good rows, writes rejects with line and reason, and re-import adds nothing', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    const file = join(dir, 'insurance.csv');
    const badCheck = A.slice(0, 17) + (A[17] === '0' ? '1' : '0');
    writeFileSync(file, '\uFEFF' + [
        'id_number,event_date,employer',
        `${A},202601,"Acme, Ltd"`,        // 2: loaded (a contribution month)
        `${badCheck},2026-01-01,x`,        // 3: id_checksum
        `${B},2026-02-30,x`,               // 4: event_date_invalid
        `${B},2026-01-01`,                 // 5: csv_fields
        '110101900517111,2026-01-01,x',    // 6: id_first_generation
        `${B},2026/1/5,单位`,               // 7: loaded
        `${A},202601,"Acme, Ltd"`,         // 8: the same as line 2
    ].join('\r\n') + '\r\n');

    const r = await runCli(['import', 'insurance', file], { db });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(counts(r.stdout), { read: 7, loaded: 2, duplicates: 1, rejected: 4 });
    assert.match(r.stdout, new RegExp(`rejects: ${file}\\.rejects\\.csv`));
    assert.equal(r.stderr, ''); // no progress line: stderr is not a terminal

    const rejects = readFileSync(`${file}.rejects.csv`, 'utf8');
    assert.equal(rejects, '\uFEFF' + [
        'line,reason,id_number,event_date,employer',
        `3,id_checksum,${badCheck},2026-01-01,x`,
        `4,event_date_invalid,${B},2026-02-30,x`,
        `5,csv_fields,${B},2026-01-01`,
        '6,id_first_generation,110101900517111,2026-01-01,x',
    ].join('\n') + '\n');

    const again = await runCli(['import', 'insurance', file], { db });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(counts(again.stdout), { read: 7, loaded: 0, duplicates: 3, rejected: 4 });
    assert.match(again.stdout, /imported before \(import 1,/);

    // The same rows are another dataset's records when imported as another source.
    const other = await runCli(['import', 'employment_filings', file], { db });
    assert.deepEqual(counts(other.stdout).loaded, 2);
});

test('GB18030 files are read and rejects come out as UTF-8; --rejects and --encoding', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    const file = join(dir, 'deaths.csv');
    // 张三 in GB18030 is D5 C5 C8 FD.
    const zhangSan = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
    writeFileSync(file, Buffer.concat([
        Buffer.from(`id_number,event_date,name\n${A},2025-03-01,`), zhangSan,
        Buffer.from(`\n${B},not-a-date,`), zhangSan, Buffer.from('\n'),
    ]));
    const rejects = join(dir, 'out', 'r.csv');
    const missingDir = await runCli(['import', 'deaths', file, '--rejects', rejects], { db });
    assert.equal(missingDir.code, 1);
    assert.match(missingDir.stderr, /rejects_file_unwritable/);

    const elsewhere = join(dir, 'r.csv');
    const r = await runCli(['import', 'deaths', file, '--rejects', elsewhere], { db });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(gb18030\)/);
    assert.deepEqual(counts(r.stdout), { read: 2, loaded: 1, duplicates: 0, rejected: 1 });
    assert.ok(!existsSync(`${file}.rejects.csv`));
    assert.match(readFileSync(elsewhere, 'utf8'), new RegExp(`\\n3,event_date_invalid,${B},not-a-date,张三\\n$`));

    // Forcing UTF-8 on GB18030 bytes stops at the first bad byte, as a user error.
    const forced = await runCli(['import', 'deaths', file, '--encoding', 'utf8', '--rejects', elsewhere], { db });
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /csv_encoding .*line 2/);
    assert.match(forced.stdout, /read 0, loaded 0/);
});

test('user errors exit 1 and say what is wrong', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'u');
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, `id_number,event_date\n${A},2025-01-01\n`);
    const header = join(dir, 'header.csv');
    writeFileSync(header, `身份证号,日期\n${A},2025-01-01\n`);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, `id_number,event_date\n${A},2025-01-01\n"${B},2025-01-01\n`);
    const cases = [
        [['import', 'pension', ok], /dataset_source_unknown/],
        [['import', 'insurance', join(dir, 'none.csv')], /dataset_file_unreadable/],
        [['import', 'insurance', dir], /dataset_file_unreadable/],
        [['import', 'insurance', header], /csv_header/],
        [['import', 'insurance'], /^usage: ureg import SOURCE FILE/],
        [['import', 'insurance', ok, '--encoding', 'latin1'], /--encoding is utf8 or gb18030/],
        [['import', 'insurance', ok, '--rejects', ok], /rejects_file_unwritable/],
        [['import', 'insurance', broken], /csv_quote .*line 3/],
    ];
    for (const [args, want] of cases) {
        const r = await runCli(args, { db });
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, want, args.join(' '));
    }
    assert.equal(readFileSync(ok, 'utf8'), `id_number,event_date\n${A},2025-01-01\n`);
    // The broken file's rows before the bad line are loaded; importing it again adds nothing.
    const again = await runCli(['import', 'insurance', broken], { db });
    assert.equal(again.code, 1);
    assert.deepEqual(counts(again.stdout), { read: 1, loaded: 0, duplicates: 1, rejected: 0 });
    assert.match(again.stderr, /fix line 3 and import the file again/);
});

test('a new application is compared at once and `ureg compare` adds no second task', async () => {
    const srv = await startServer({ now: '2026-03-02T09:30:00' });
    try {
        const me = idNumber('110101', '1988-08-08', 41);
        const ssc = join(srv.dir, 'ssc.csv');
        writeFileSync(ssc, `id_number,event_date\n${me},2012-06-01\n`);
        const ins = join(srv.dir, 'ins.csv');
        // Joblessness since 2026-01-15; a contribution for February 2026 contradicts it.
        writeFileSync(ins, `id_number,event_date,employer\n${me},202512,甲公司\n${me},202602,乙公司\n`);
        for (const [source, file] of [['ssc_holders', ssc], ['insurance', ins]]) {
            const r = await srv.run(['import', source, file]);
            assert.equal(r.code, 0, r.stderr);
        }
        const pub = api(srv.url);
        const a = await pub.post('/api/v1/public/applications', {
            id_type: 'resident_id', id_number: me, name: '王小明', phone: '13812345678',
            residence_region: '110101', residence_address: '北京市东城区东华门街道示例胡同1号',
            register_region: '110101', register_basis: 'residence',
            unemployed_since: '2026-01-15', unemployment_reason: '20', commitment: true,
        });
        assert.equal(a.status, 201, JSON.stringify(a.body));

        const cw = api(srv.url);
        assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const g = await cw.get(`/api/v1/applications/${a.body.application_no}`);
        assert.equal(g.status, 200, JSON.stringify(g.body));
        const by = Object.fromEntries(g.body.verifications.map((v) => [v.check, v]));
        assert.deepEqual(Object.keys(by).sort(),
            ['custody', 'death', 'employment', 'identity', 'pension']);
        assert.equal(by.identity.result, 'pass');
        assert.equal(by.identity.source, 'ssc_holders');
        assert.equal(by.employment.result, 'fail');
        assert.equal(by.employment.source, 'insurance');
        assert.deepEqual(by.employment.evidence, {
            source: 'insurance', event_date: '2026-02-01', line: 3, extra: '乙公司',
            import_id: 2, basis: 'event_after_unemployed_since',
        });
        for (const k of ['pension', 'death', 'custody']) {
            assert.equal(by[k].result, 'unknown', k);
            assert.equal(by[k].evidence.basis, 'dataset_not_loaded', k);
        }
        const open = g.body.tasks.filter((x) => x.status === 'open').map((x) => x.check).sort();
        assert.deepEqual(open, ['custody', 'death', 'pension']);

        // The demo data holds other applications and registrations: compare checks every
        // pending application, five checks each (registrations are compared for exits,
        // compare.test.mjs); a second run opens no task, the unknown ones being open already.
        const compare = async () => {
            const c = await srv.run(['compare']);
            assert.equal(c.code, 0, c.stderr);
            const m = /^checked (\d+) \(applications (\d+), registrations (\d+)\): pass (\d+), fail (\d+), unknown (\d+), tasks opened (\d+), tasks closed (\d+)$/m.exec(c.stdout);
            assert.ok(m, c.stdout);
            const [checked, apps, regs, pass, fail, unknown, opened] = m.slice(1).map(Number);
            assert.ok(apps >= 1, c.stdout);
            assert.equal(checked, apps + regs);
            assert.equal(pass + fail + unknown, 5 * apps);
            return opened;
        };
        await compare();
        assert.equal(await compare(), 0);
        const g2 = await cw.get(`/api/v1/applications/${a.body.application_no}`);
        assert.equal(g2.body.tasks.length, 3);
        const by2 = Object.fromEntries(g2.body.verifications.map((v) => [v.check, v.result]));
        assert.deepEqual(by2, { identity: 'pass', employment: 'fail', pension: 'unknown',
            death: 'unknown', custody: 'unknown' });

        const help = await srv.run(['help']);
        assert.match(help.stdout, /import SOURCE FILE/);
        assert.match(help.stdout, /exits 11 12 21 25 26 applied or proposed as exit_policy says/);
    } finally {
        await srv.stop();
    }
});
