// gen.test.mjs — `ureg gen` as a black box (CONTRACT.md): deterministic synthetic people and the
// matching reference datasets, which `ureg import` loads without a rejected row before
// `ureg compare`; option errors; the demo's people loaded once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServer, api, tempDir, DEMO_USERS, freshDb } from './helpers.mjs';

const NOW = { UREG_NOW: '2026-03-02T09:00:00' };
const SOURCES = ['ssc_holders', 'insurance', 'employment_filings', 'business_licences',
    'pensions', 'deaths', 'custody'];

const gen = (db, args) => runCli(['gen', ...args], { db, dev: true, env: NOW });

// The counts `gen` prints, as numbers.
function counts(stdout) {
    const num = (re) => {
        const m = re.exec(stdout);
        assert.ok(m, `${re} in ${stdout}`);
        return m.slice(1).map(Number);
    };
    const [people] = num(/^people: (\d+) /m);
    const [apps, online, counter, national] =
        num(/^applications: (\d+) \(online (\d+), counter (\d+), national (\d+)\)$/m);
    const [approved, rejected, pending, overdue] =
        num(/^decisions: approved (\d+), rejected (\d+), pending_review (\d+) \(overdue (\d+)\)$/m);
    const [registrations] = num(/^registrations: (\d+)$/m);
    const rows = {};
    for (const s of SOURCES) [rows[s]] = num(new RegExp(` ${s}\\.csv (\\d+)`));
    return { people, apps, online, counter, national, approved, rejected, pending, overdue,
        registrations, rows };
}

test('the same seed gives the same files and counts in two databases', async (t) => {
    const dir = tempDir(t);
    const a = await gen(freshDb(dir, 'a'), ['--people', '2000', '--seed', '7', '--out',
        join(dir, 'out1')]);
    assert.equal(a.code, 0, a.stderr);
    const b = await gen(freshDb(dir, 'b'), ['--people', '2000', '--seed', '7', '--out',
        join(dir, 'out2')]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(a.stdout.replaceAll('out1', 'outN'), b.stdout.replaceAll('out2', 'outN'));

    const n = counts(a.stdout);
    assert.equal(n.people, 2000);
    assert.equal(n.apps, 2000);
    assert.equal(n.online + n.counter + n.national, 2000);
    assert.equal(n.approved + n.rejected + n.pending, 2000);
    assert.equal(n.registrations, n.approved);
    assert.ok(n.online > n.counter && n.counter > n.national && n.national > 0, a.stdout);
    assert.ok(n.approved > 0 && n.pending > 0 && n.rejected > 0, a.stdout);

    for (const s of SOURCES) {
        const f1 = readFileSync(join(dir, 'out1', `${s}.csv`));
        const f2 = readFileSync(join(dir, 'out2', `${s}.csv`));
        assert.ok(f1.equals(f2), `${s}.csv differs`);
        const lines = f1.toString('utf8').split('\n');
        assert.equal(lines.at(-1), ''); // ends with a newline
        assert.match(lines[0], /^id_number,event_date(,|$)/);
        assert.equal(lines.length - 2, n.rows[s], s);
    }
    assert.ok(n.rows.ssc_holders > 1800 && n.rows.insurance > 2000, a.stdout);

    // Another seed gives other people.
    const c = await gen(freshDb(dir, 'c'), ['--people', '2000', '--seed', '8', '--out',
        join(dir, 'out3')]);
    assert.equal(c.code, 0, c.stderr);
    assert.ok(!readFileSync(join(dir, 'out3', 'ssc_holders.csv'))
        .equals(readFileSync(join(dir, 'out1', 'ssc_holders.csv'))));
});

test('the datasets import without rejected rows and compare finds a few contradictions',
    async (t) => {
        const dir = tempDir(t);
        const db = freshDb(dir, 'a');
        const out = join(dir, 'out');
        const g = await gen(db, ['--people', '1500', '--seed', '3', '--out', out]);
        assert.equal(g.code, 0, g.stderr);
        const n = counts(g.stdout);
        assert.ok(n.approved > 0 && n.pending > 0, g.stdout);
        for (const s of SOURCES) {
            const r = await runCli(['import', s, join(out, `${s}.csv`)],
                { db, dev: true, env: NOW });
            assert.equal(r.code, 0, `${s}: ${r.stderr}`);
            assert.match(r.stdout, new RegExp(`read ${n.rows[s]}, loaded ${n.rows[s]},`), s);
            assert.match(r.stdout, /rejected 0\b/, s);
        }
        const cmp = await runCli(['compare'], { db, dev: true, env: NOW });
        assert.equal(cmp.code, 0, cmp.stderr);
        const m = /checked (\d+) .*fail (\d+), unknown (\d+)/.exec(cmp.stdout);
        assert.ok(m, cmp.stdout);
        const [checked, fail] = [Number(m[1]), Number(m[2])];
        assert.equal(checked, n.pending + n.approved); // pending applications + registrations
        assert.ok(fail > 0 && fail < checked / 10, cmp.stdout); // a few percent
    });

test('bad options are user errors naming what is wrong', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'a');
    const cases = [
        [['--people', '0'], /gen_people_invalid/],
        [['--people', 'many'], /gen_people_invalid/],
        [['--people', '5', '--from', '2026-04'], /gen_from_invalid/],
        [['--people', '5', '--region', '999999'], /region_invalid 999999/],
        [['--people', '5', '--region', '810000'], /region_invalid/],
        [['--people', '5', '--out', '/proc/ureg-none/x'], /gen_out_unwritable/],
    ];
    for (const [args, re] of cases) {
        const r = await gen(db, args);
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, re, args.join(' '));
    }
    const usage = await gen(db, []);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /usage: ureg gen --people N/);
    const help = await runCli(['help']);
    assert.match(help.stdout, /gen --people N \[--seed S\] \[--region CODE\] \[--from YYYY-MM\]/);
    assert.match(help.stdout, /Registrations come with contact histories \(issue 9/);
});

test('a county region and a month: every application registers there', async () => {
    const srv = await startServer({ now: '2026-03-02T09:00:00' });
    try {
        const r = await srv.run(['gen', '--people', '300', '--seed', '11', '--region', '110105',
            '--from', '2026-01']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /applications 2026-01-01 to 2026-03-01/);
        assert.doesNotMatch(r.stdout, /datasets in/); // no --out, no files
        const n = counts(r.stdout + SOURCES.map((s) => ` ${s}.csv 0`).join(''));
        assert.equal(n.people, 300);
        assert.equal(n.apps, 300);
        assert.equal(n.approved + n.rejected + n.pending, 300);
        assert.equal(n.registrations, n.approved);
        assert.ok(n.approved > 0, r.stdout); // else `mine === n.approved` below proves nothing
        // The city-level supervisor sees them: all in 朝阳区 (110105), applied from January on.
        const c = api(srv.url);
        assert.equal((await c.login('supervisor', DEMO_USERS.supervisor.password)).status, 200);
        let cursor = '';
        let mine = 0;
        for (;;) {
            const q = await c.get(`/api/v1/applications?status=approved&limit=100${
                cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            assert.equal(q.status, 200, JSON.stringify(q.body));
            for (const i of q.body.items) {
                if (!i.register_region.startsWith('110105')) {
                    assert.match(i.register_region, /^11010[12]/); // the demo's people
                    continue;
                }
                mine++;
                assert.match(i.application_no, /^110105202(60[1-2]|60301)/);
            }
            if (!q.body.next) break;
            cursor = q.body.next;
        }
        assert.equal(mine, n.approved);
    } finally {
        await srv.stop();
    }
});

test('demo loads its synthetic people once, visible to the district caseworker', async () => {
    const srv = await startServer({ now: '2026-03-02T09:00:00' });
    try {
        const c = api(srv.url);
        assert.equal((await c.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const approved = async () => {
            const seen = [];
            let cursor = '';
            for (;;) {
                const r = await c.get(`/api/v1/applications?status=approved&limit=100${
                    cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
                assert.equal(r.status, 200, JSON.stringify(r.body));
                seen.push(...r.body.items);
                if (!r.body.next) return seen;
                cursor = r.body.next;
            }
        };
        const before = await approved();
        assert.ok(before.length > 50, `${before.length} approved in 110101`);
        for (const i of before) assert.ok(i.register_region.startsWith('110101'));
        const again = await srv.run(['demo']);
        assert.equal(again.code, 0, again.stderr);
        assert.equal((await approved()).length, before.length);
    } finally {
        await srv.stop();
    }
});
