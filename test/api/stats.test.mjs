// stats.test.mjs — the statistics of issue 10 as a black box, on generated data (`ureg gen`
// with a year of history under the development clock): every figure and breakdown of
// GET /api/v1/stats/monthly against an independent count of the raw rows read with the
// database's own shell (sqlite3 / psql), the identities of §6 over the simulated year, the
// cut-off-day periods and the quarter, the employed count and the rate, the freeze and the
// recount after a late exit, a reverted exit and a corrected date, the CSV and XLSX forms, and
// the bad requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, assertError, DEMO_USERS, PG, psql } from './helpers.mjs';
import { readXlsx } from './xlsx.mjs';
import { formFor } from './idgen.mjs';

const NOW = '2026-03-02T09:00:00';
const MONTHS = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09',
    '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
let srv, stats, dir, db;

// Rows of a query, columns split on '|', with the backend's own shell.
function sql(query) {
    const out = PG ? psql(db, query)
        : execFileSync('sqlite3', ['-batch', db, '.timeout 5000', query], { encoding: 'utf8', maxBuffer: 1 << 26 })
            .trim();
    return out ? out.split('\n').map((l) => l.split('|')) : [];
}
const exec = (query) => (PG ? psql(db, query)
    : execFileSync('sqlite3', ['-batch', db, '.timeout 5000', query], { encoding: 'utf8' }));

// Every registration with what the report counts by, straight from the tables.
function rawRecords() {
    return sql(`SELECT r.id, r.registration_no, r.scope_region, r.register_region, r.registered_on,
        COALESCE(r.exit_date, ''), COALESCE(r.exit_reason, ''), r.ui_benefit, r.served_as,
        r.difficulty, p.sex, p.education, p.id_type, p.hukou_region, p.residence_region,
        p.birth_ym, a.unemployed_since,
        COALESCE(NULLIF(pf.unemployment_reason, ''), a.unemployment_reason)
        FROM registration r JOIN person p ON p.id = r.person_id
        JOIN application a ON a.id = r.application_id
        LEFT JOIN profile pf ON pf.registration_id = r.id ORDER BY r.id`).map((c) => ({
        id: Number(c[0]), no: c[1], scope: c[2], register: c[3], reg: c[4], exit: c[5],
        reason: c[6], ui: Number(c[7]) !== 0, served: c[8], difficulty: JSON.parse(c[9]),
        sex: c[10], education: c[11], idType: c[12], hukou: c[13], residence: c[14],
        birthYm: c[15], since: c[16], ureason: c[17],
    }));
}

let regionNames;
function regionName(code) {
    regionNames ??= new Map(sql('SELECT code, name, level FROM region WHERE level <= 3').map((c) => [c[0], c]));
    return regionNames.get(code);
}

// The jurisdiction prefix of a 6-digit code: 110000 → 11, 110100 → 1101, 110101 → 110101.
const prefix = (code) => (code.endsWith('0000') ? code.slice(0, 2)
    : code.endsWith('00') ? code.slice(0, 4) : code);

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
// The days of month report YYYY-MM with cut-off day d (0: the calendar month).
function bounds(period, d = 0) {
    const [y, m] = period.split('-').map(Number);
    if (!d) return [`${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(lastDay(y, m))}`];
    const py = m === 1 ? y - 1 : y, pm = m === 1 ? 12 : m - 1;
    const start = new Date(Date.UTC(py, pm - 1, d + 1)).toISOString().slice(0, 10);
    return [start, `${y}-${pad(m)}-${pad(d)}`];
}
// YYYY-MM-DD plus n months, clamped to the month's end.
function addMonths(day, n) {
    let [y, m, d] = day.split('-').map(Number);
    m += n;
    y += Math.floor((m - 1) / 12);
    m = ((m - 1) % 12) + 1;
    return `${y}-${pad(m)}-${pad(Math.min(d, lastDay(y, m)))}`;
}
function ageBand(ym, end) {
    if (!/^\d{4}-\d{2}$/.test(ym)) return 'unknown';
    const [by, bm] = ym.split('-').map(Number), [ey, em] = end.split('-').map(Number);
    const age = ey - by - (em < bm ? 1 : 0);
    if (age < 16) return 'under16';
    return age <= 24 ? '16-24' : age <= 34 ? '25-34' : age <= 44 ? '35-44' : age <= 54 ? '45-54'
        : '55+';
}
const durBand = (since, end) => (end < addMonths(since, 6) ? 'under6'
    : end <= addMonths(since, 12) ? '6-12' : 'over12');
function hukouClass(r) {
    if (['hkmotw_residence', 'hkmo_permit', 'tw_permit'].includes(r.idType)) return 'hmt';
    if (!r.hukou || !regionName(r.hukou)) return 'unknown';
    return r.hukou.startsWith(prefix(r.register)) ? 'local' : 'nonlocal';
}
// docs/statistics.md "Urban and rural": a street by its name, else as its county; a county by
// its name; a city without counties (东莞) urban; anything else unknown.
let streets, cityless;
function countyClass(name) {
    if (name.endsWith('林区') || name.endsWith('特区')) return 'rural';
    return name.endsWith('区') || name.endsWith('市') ? 'urban' : 'rural';
}
function urbanClass(code) {
    // The streets people live in, and the cities whose children are all streets.
    streets ??= new Map(sql(`SELECT code, name, parent FROM region WHERE level = 4
        AND code IN (SELECT residence_region FROM person)`).map((c) => [c[0], c]));
    cityless ??= new Set(sql(`SELECT c.code FROM region c WHERE c.level = 2
        AND EXISTS (SELECT 1 FROM region k WHERE k.parent = c.code)
        AND NOT EXISTS (SELECT 1 FROM region k WHERE k.parent = c.code AND k.level <> 4)`)
        .map((c) => c[0]));
    const street = streets.get(code);
    if (street) {
        const [, name, parent] = street;
        if (name.endsWith('街道')) return 'urban';
        if (name.endsWith('乡') || name.endsWith('苏木')) return 'rural';
        const p = regionName(parent);
        return p && Number(p[2]) === 3 ? countyClass(p[1]) : 'unknown';
    }
    const row = regionName(code);
    if (!row) return 'unknown';
    const [, name, level] = row;
    if (Number(level) === 3) return countyClass(name);
    return Number(level) === 2 && cityless.has(code) ? 'urban' : 'unknown';
}
const inc = (o, k, n = 1) => { o[k] = (o[k] ?? 0) + n; };

// The whole report of `region` for [start, end], counted here from the raw rows.
function recount(records, region, start, end) {
    const p = region === '000000' ? '' : prefix(region); // 000000: the whole country
    const mine = records.filter((r) => r.scope.startsWith(p));
    const o = { opening: 0, new: 0, exits: {}, closing: 0, by_sex: {}, by_age: {},
        by_education: {}, by_unemployment_reason: {}, by_duration: {}, by_difficulty: {},
        by_served_as: {}, by_hukou: {}, by_residence: {}, difficulty_any: 0, ui_benefit: 0 };
    for (const r of mine) {
        if (r.reg < start && (!r.exit || r.exit >= start)) o.opening++;
        if (r.reg >= start && r.reg <= end) o.new++;
        if (r.exit && r.exit >= start && r.exit <= end) inc(o.exits, r.reason);
        if (!(r.reg <= end && (!r.exit || r.exit > end))) continue;
        o.closing++;
        inc(o.by_sex, r.sex || 'unknown');
        inc(o.by_age, ageBand(r.birthYm, end));
        inc(o.by_education, r.education || 'unknown');
        inc(o.by_unemployment_reason, r.ureason || 'unknown');
        inc(o.by_duration, durBand(r.since, end));
        for (const d of r.difficulty) inc(o.by_difficulty, d);
        if (r.difficulty.length) o.difficulty_any++;
        if (r.ui) o.ui_benefit++;
        inc(o.by_served_as, r.served || 'none');
        inc(o.by_hukou, hukouClass(r));
        inc(o.by_residence, urbanClass(r.residence));
    }
    return o;
}
const nonzero = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));

// A session cookie for fetch() of a file (the api() client reads bodies as text).
async function cookieOf(user, password) {
    const r = await fetch(new URL('/api/v1/session', srv.url), { method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user, password }) });
    assert.equal(r.status, 200);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

before(async () => {
    const first = await startServer({ now: NOW });
    await first.stopKeep();
    ({ dir, db } = first);
    const r = await first.run(['gen', '--people', '1500', '--seed', '10', '--region', '110000',
        '--from', '2025-03']);
    assert.equal(r.code, 0, r.stderr);
    srv = await startServer({ reuse: first, now: NOW });
    stats = api(srv.url);
    await stats.login('statistician', DEMO_USERS.statistician.password);
});
after(() => srv?.stop());

test('every month of the simulated year equals a recount of the raw records, breakdowns too',
    async () => {
        const records = rawRecords();
        assert.ok(records.length > 1000, `${records.length} registrations generated`);
        assert.ok(records.some((r) => r.exit), 'the history has exits');
        let exitsSeen = 0;
        for (const region of ['110000', '110101', '110105']) {
            for (const period of MONTHS) {
                const r = await stats.get(`/api/v1/stats/monthly?period=${period}&region=${region}`);
                assert.equal(r.status, 200, JSON.stringify(r.body));
                const [start, end] = bounds(period);
                const want = recount(records, region, start, end);
                const got = r.body;
                const what = `${region} ${period}`;
                assert.equal(got.period, period);
                assert.equal(got.region, region);
                assert.deepEqual([got.start, got.end], [start, end], what);
                for (const k of ['opening', 'new', 'closing', 'difficulty_any', 'ui_benefit'])
                    assert.equal(got[k], want[k], `${what} ${k}`);
                assert.deepEqual(got.exits, want.exits, `${what} exits`);
                for (const k of ['by_sex', 'by_education', 'by_unemployment_reason',
                    'by_difficulty', 'by_served_as'])
                    assert.deepEqual(got[k], want[k], `${what} ${k}`);
                for (const k of ['by_age', 'by_duration', 'by_hukou', 'by_residence'])
                    assert.deepEqual(nonzero(got[k]), want[k], `${what} ${k}`);
                assert.equal(got.long_term, want.by_duration.over12 ?? 0);
                assert.equal(got.urban_unemployed, want.by_residence.urban ?? 0);
                // §6: closing = opening + new − exits.
                const exits = Object.values(got.exits).reduce((a, b) => a + b, 0);
                assert.equal(got.exits_total, exits);
                assert.equal(got.closing, got.opening + got.new - exits, what);
                assert.equal(got.identity_ok, true);
                exitsSeen += exits;
            }
        }
        assert.ok(exitsSeen > 0, 'some months have exits');
    });

test('closing is the next opening, and the regions below sum to the region', async () => {
    let prev = null;
    for (const period of MONTHS) {
        const r = (await stats.get(`/api/v1/stats/monthly?period=${period}&region=110000`)).body;
        if (prev) assert.equal(r.opening, prev.closing, `${period} opens with the last closing`);
        prev = r;
        for (const k of ['opening', 'new', 'closing', 'exits_total']) {
            const below = r.regions.reduce((a, c) => a + c[k], 0) + r.direct[k];
            assert.equal(below, r[k], `${period} ${k}: the regions below`);
        }
        const c = await stats.get(`/api/v1/stats/check?period=${period}&region=110000`);
        assert.equal(c.status, 200);
        assert.equal(c.body.ok, true, JSON.stringify(c.body.checks.filter((x) => !x.ok)));
        assert.deepEqual(new Set(c.body.checks.map((x) => x.check)),
            new Set(['identity', 'regions_below_sum', 'closing_is_next_opening']));
    }
});

test('a quarter is its three months; the series gives the stock over time', async () => {
    const q = (await stats.get('/api/v1/stats/monthly?period=2025-Q4&region=110000')).body;
    const m = [];
    for (const p of ['2025-10', '2025-11', '2025-12'])
        m.push((await stats.get(`/api/v1/stats/monthly?period=${p}&region=110000`)).body);
    assert.deepEqual([q.start, q.end], ['2025-10-01', '2025-12-31']);
    assert.equal(q.opening, m[0].opening);
    assert.equal(q.closing, m[2].closing);
    assert.equal(q.new, m[0].new + m[1].new + m[2].new);
    assert.equal(q.exits_total, m[0].exits_total + m[1].exits_total + m[2].exits_total);
    const s = await stats.get('/api/v1/stats/series?period=2026-02&region=110000&n=12');
    assert.equal(s.status, 200);
    assert.deepEqual(s.body.items.map((i) => i.period), MONTHS);
    const feb = (await stats.get('/api/v1/stats/monthly?period=2026-02&region=110000')).body;
    assert.deepEqual(s.body.items[11], { period: '2026-02', opening: feb.opening, new: feb.new,
        exits: feb.exits_total, closing: feb.closing });
});

test('a cut-off day makes the 21st-to-20th months, counted the same way', async () => {
    const records = rawRecords();
    const set = await srv.run(['policy', 'set', 'stats_cutoff_day', '20']);
    assert.equal(set.code, 0, set.stderr);
    try {
        let prev = null;
        for (const period of ['2025-11', '2025-12', '2026-01', '2026-02']) {
            const r = await srv.run(['report', 'monthly', '--period', period, '--region',
                '110000']);
            assert.equal(r.code, 0, r.stderr);
            const got = JSON.parse(r.stdout);
            const [start, end] = bounds(period, 20);
            assert.deepEqual([got.start, got.end, got.cutoff_day], [start, end, 20]);
            const want = recount(records, '110000', start, end);
            assert.deepEqual([got.opening, got.new, got.exits, got.closing],
                [want.opening, want.new, want.exits, want.closing], period);
            if (prev) assert.equal(got.opening, prev.closing);
            prev = got;
        }
        assert.equal(bounds('2026-01', 20)[0], '2025-12-21');
    } finally {
        assert.equal((await srv.run(['policy', 'set', 'stats_cutoff_day', '0'])).code, 0);
    }
});

test('bad requests get a clear error and change nothing', async () => {
    assertError(await stats.get('/api/v1/stats/monthly?period=2026-04&region=110000'), 400,
        'period_in_future', 'period');
    assertError(await stats.get('/api/v1/stats/monthly?period=2026-13&region=110000'), 400,
        'period_invalid', 'period');
    assertError(await stats.get('/api/v1/stats/monthly?region=110000'), 400, 'field_required',
        'period');
    assertError(await stats.get('/api/v1/stats/monthly?period=2026-01&region=119999'), 400,
        'region_invalid', 'region');
    assertError(await stats.get('/api/v1/stats/monthly?period=2026-01&region=11010'), 400,
        'region_format', 'region');
    // The month under way is counted so far and says so.
    const part = await stats.get('/api/v1/stats/monthly?period=2026-03&region=110000');
    assert.equal(part.status, 200);
    assert.equal(part.body.partial, true);
    // A statistician of 东城区 sees 东城区 and not 西城区; a caseworker sees no report.
    const agency = await srv.run(['agency', 'add', '--name', '东城区统计', '--region', '110101']);
    assert.equal(agency.code, 0, agency.stderr);
    const pw = join(dir, 'pw');
    execFileSync('sh', ['-c', `printf 'county-stats-2026' > ${pw}`]);
    const user = await srv.run(['user', 'add', '--username', 'dcstats', '--password-file', pw,
        '--role', 'statistician', '--agency', agency.stdout.trim()]);
    assert.equal(user.code, 0, user.stderr);
    const county = api(srv.url);
    await county.login('dcstats', 'county-stats-2026');
    assert.equal((await county.get('/api/v1/stats/monthly?period=2026-01')).body.region, '110101');
    assertError(await county.get('/api/v1/stats/monthly?period=2026-01&region=110102'), 403,
        'report_region_outside_jurisdiction', 'region');
    assertError(await county.get('/api/v1/stats/monthly?period=2026-01&region=110000'), 403,
        'report_region_outside_jurisdiction', 'region');
    const cw = api(srv.url);
    await cw.login('caseworker', DEMO_USERS.caseworker.password);
    assert.equal((await cw.get('/api/v1/stats/monthly?period=2026-01&region=110101')).status, 403);
});

test('the employed count gives the 城镇登记失业率', async () => {
    assertError(await stats.put('/api/v1/stats/employed', { period: '2026-01', region: '110000',
        employed: -1 }), 400, 'field_invalid', 'employed');
    const r = await stats.put('/api/v1/stats/employed', { period: '2026-01', region: '110000',
        employed: 98765 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const rep = (await stats.get('/api/v1/stats/monthly?period=2026-01&region=110000')).body;
    assert.equal(rep.employed, 98765);
    const u = rep.urban_unemployed;
    assert.ok(u > 0);
    assert.equal(rep.urban_rate_percent, (Math.round((u * 10000) / (98765 + u)) / 100).toFixed(2));
    const other = (await stats.get('/api/v1/stats/monthly?period=2026-02&region=110000')).body;
    assert.equal(other.employed, null);
    assert.equal(other.urban_rate_percent, null);
});

test('a submitted report is frozen; a recount names the records that changed and why',
    async () => {
        const region = '110101', period = '2026-01';
        const f = await stats.post('/api/v1/stats/reports', { period, region });
        assert.equal(f.status, 201, JSON.stringify(f.body));
        assertError(await stats.post('/api/v1/stats/reports', { period, region }), 409,
            'report_already_submitted', 'period');
        const same = await stats.get(`/api/v1/stats/reports/recount?period=${period}&region=${region}`);
        assert.equal(same.status, 200, JSON.stringify(same.body));
        assert.equal(same.body.same, true, JSON.stringify(same.body.records));
        assertError(await stats.get(`/api/v1/stats/reports/recount?period=2025-12&region=${region}`),
            404, 'report_not_submitted', 'period');

        // After the submission: a late exit dated in January, a January exit reverted, and a
        // January registration whose date is corrected into February.
        const recs = rawRecords().filter((r) => r.scope.startsWith(region));
        const active = recs.find((r) => !r.exit && r.reg < '2026-01-01');
        const exited = recs.find((r) => r.exit >= '2026-01-01' && r.exit <= '2026-01-31');
        const newOne = recs.find((r) => r.reg >= '2026-01-05' && r.reg <= '2026-01-31' &&
            (!r.exit || r.exit > '2026-02-10'));
        assert.ok(active && exited && newOne, 'the generated month has each kind of record');
        const late = "'2026-03-02T10:00:00+08:00'";
        exec(`UPDATE registration SET status = 'exited', exit_reason = '11',
                exit_date = '2026-01-20' WHERE id = ${active.id};
            INSERT INTO exit_event (registration_id, scope_region, reason_code, exit_date, source,
                notify, decided_at) VALUES (${active.id}, '${active.scope}', '11', '2026-01-20',
                'caseworker', 1, ${late});
            UPDATE exit_event SET reverted_at = ${late}, revert_reason = 'test'
                WHERE registration_id = ${exited.id} AND reverted_at IS NULL;
            UPDATE registration SET status = 'active', exit_reason = NULL, exit_date = NULL
                WHERE id = ${exited.id};
            UPDATE registration SET registered_on = '2026-02-03' WHERE id = ${newOne.id};`);

        const r = await stats.get(`/api/v1/stats/reports/recount?period=${period}&region=${region}`);
        assert.equal(r.status, 200);
        assert.equal(r.body.same, false);
        assert.equal(r.body.frozen.closing, f.body.closing);
        assert.equal(r.body.differences.new, -1);
        assert.equal(r.body.differences.closing, r.body.recount.closing - f.body.closing);
        assert.equal(r.body.differences.closing, -1); // −1 late exit, +1 revert, −1 moved out
        const by = (no, role) => r.body.records.find((x) => x.registration_no === no &&
            x.role === role);
        assert.deepEqual(
            [by(active.no, 'exit')?.change, by(active.no, 'exit')?.cause, by(active.no, 'exit')?.reason],
            ['added', 'late_exit', '11']);
        assert.deepEqual([by(exited.no, 'exit')?.change, by(exited.no, 'exit')?.cause],
            ['removed', 'exit_reverted']);
        assert.deepEqual([by(newOne.no, 'new')?.change, by(newOne.no, 'new')?.cause],
            ['removed', 'registration_date_corrected']);
        assert.equal(r.body.records_total, r.body.records.length);
        // The frozen report itself never changes.
        const again = await stats.get(`/api/v1/stats/reports/recount?period=${period}&region=${region}`);
        assert.deepEqual(again.body.frozen, f.body);
    });

test('the report as a statistics form: CSV with a BOM and XLSX with its cells', async () => {
    const rep = (await stats.get('/api/v1/stats/monthly?period=2025-12&region=110000')).body;
    const cookie = await cookieOf('statistician', DEMO_USERS.statistician.password);
    const csv = await fetch(new URL('/api/v1/stats/monthly/export?period=2025-12&region=110000&format=csv',
        srv.url), { headers: { Cookie: cookie } });
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '登记失业人员统计报表,,');
    assert.match(lines[1], /^填报地区：北京市（110000）/);
    assert.match(lines[2], /^统计期：2025-12（2025-12-01 至 2025-12-31）/);
    assert.ok(lines.includes(`期末登记失业人员,,${rep.closing}`), lines.join('\n'));
    assert.ok(lines.includes(`期初登记失业人员,,${rep.opening}`));

    const x = await fetch(new URL('/api/v1/stats/monthly/export?period=2025-12&region=110000&format=xlsx',
        srv.url), { headers: { Cookie: cookie } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-disposition'), /report-110000-2025-12\.xlsx/);
    const book = readXlsx(Buffer.from(await x.arrayBuffer()));
    assert.equal(book.cell('A1'), '登记失业人员统计报表');
    assert.equal(book.cell('A4'), '计量单位：人');
    assert.deepEqual(book.rows[4], ['项目', '分组', '人数']);
    const row = (item, group = '') => book.rows.find((r) => r && r[0] === item &&
        (r[1] ?? '') === group);
    assert.equal(row('期初登记失业人员')[2], rep.opening);
    assert.equal(row('本期新增登记失业人员')[2], rep.new);
    assert.equal(row('本期注销登记', '合计')[2], rep.exits_total);
    assert.equal(row('期末登记失业人员')[2], rep.closing);
    assert.equal(row('期末：性别', '合计')[2], rep.closing);
    assert.equal(row('期末：性别', 'F')[2], rep.by_sex.F);
    assert.equal(row('期末：失业时长', '12个月以上（长期失业）')[2], rep.long_term);
    const last = book.rows.filter(Boolean).map((r) => r[0]);
    assert.ok(last.includes('填报人：statistician'), last.slice(-3).join('|'));
    assert.ok(last.some((t) => /^填报日期：2026-03-02$/.test(t)));
    // The same form from the command line.
    const out = join(dir, 'r.xlsx');
    const cli = await srv.run(['report', 'monthly', '--period', '2025-12', '--region', '110000',
        '--format', 'xlsx', '--out', out]);
    assert.equal(cli.code, 0, cli.stderr);
    const book2 = readXlsx(readFileSync(out));
    assert.equal(book2.rows.find((r) => r && r[0] === '期末登记失业人员')[2], rep.closing);
    assert.equal(book2.rows.filter(Boolean).map((r) => r[0]).includes('填报人：system:report monthly'),
        true);
    // Without --region (CONTRACT.md: optional) the command reports the smallest region holding
    // every registration: here all are in Beijing.
    const whole = await srv.run(['report', 'monthly', '--period', '2025-12']);
    assert.equal(whole.code, 0, whole.stderr);
    const wj = JSON.parse(whole.stdout);
    assert.match(wj.region, /^11[0-9]{4}$/);
    assert.equal(wj.closing, wj.opening + wj.new - Object.values(wj.exits).reduce((x, y) => x + y, 0));
});

test('without --region over several provinces the command reports the whole country', async () => {
    // A few people registered in 广东 beside Beijing's: no province holds every registration.
    const g = await srv.run(['gen', '--people', '40', '--seed', '11', '--region', '440000',
        '--from', '2025-10']);
    assert.equal(g.code, 0, g.stderr);
    streets = undefined; // their residences may be streets not seen yet
    const records = rawRecords();
    assert.ok(records.some((r) => r.scope.startsWith('44')), 'registrations in 广东');
    const period = '2026-02', [start, end] = bounds(period);
    const run = await srv.run(['report', 'monthly', '--period', period]);
    assert.equal(run.code, 0, run.stderr);
    const got = JSON.parse(run.stdout);
    assert.deepEqual([got.region, got.region_name], ['000000', '全国']);
    const want = recount(records, '000000', start, end);
    for (const k of ['opening', 'new', 'closing', 'difficulty_any', 'ui_benefit'])
        assert.equal(got[k], want[k], k);
    assert.deepEqual(got.exits, want.exits);
    for (const k of ['by_sex', 'by_education', 'by_unemployment_reason', 'by_difficulty',
        'by_served_as'])
        assert.deepEqual(got[k], want[k], k);
    for (const k of ['by_age', 'by_duration', 'by_hukou', 'by_residence'])
        assert.deepEqual(nonzero(got[k]), want[k], k);
    // The regions below are the provinces, each as its own report.
    assert.equal(got.regions.length, 34);
    for (const code of ['110000', '440000']) {
        const below = got.regions.find((r) => r.region === code);
        const own = JSON.parse((await srv.run(['report', 'monthly', '--period', period,
            '--region', code])).stdout);
        assert.deepEqual([below.opening, below.new, below.closing, below.exits],
            [own.opening, own.new, own.closing, own.exits], code);
        assert.ok(own.closing > 0, `${code} has a stock`);
    }
    for (const k of ['opening', 'new', 'closing', 'exits_total'])
        assert.equal(got.regions.reduce((a, r) => a + r[k], 0) + got.direct[k], got[k], k);
    // Named by its code, the same report; a staff user cannot ask for it.
    const named = JSON.parse((await srv.run(['report', 'monthly', '--period', period, '--region',
        '000000'])).stdout);
    assert.equal(named.closing, got.closing);
    assertError(await stats.get(`/api/v1/stats/monthly?period=${period}&region=000000`), 400,
        'region_invalid', 'region');
});

// The closing stock counts by keys copied onto the registration (migration 056): they must
// follow their sources when these change after the registration, through the real write paths.
test('the report follows a person and a profile changed after the registration, as a recount does',
    async () => {
        const region = '110101', period = '2026-01';
        const [start, end] = bounds(period);
        const cw = api(srv.url);
        await cw.login('caseworker', DEMO_USERS.caseworker.password);
        const report = async () => {
            const r = await stats.get(`/api/v1/stats/monthly?period=${period}&region=${region}`);
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return r.body;
        };
        const before = await report();
        // A registration in January's closing stock, exited in February, of a resident with no
        // other registration or application in course: the person applies again today.
        const [old] = sql(`SELECT r.registration_no, r.person_id, p.education, p.residence_region
            FROM registration r JOIN person p ON p.id = r.person_id
            WHERE r.scope_region LIKE '${region}%' AND r.registered_on <= '${end}'
            AND r.exit_date BETWEEN '2026-02-01' AND '2026-02-28' AND p.id_type = 'resident_id'
            AND NOT EXISTS (SELECT 1 FROM registration o WHERE o.person_id = r.person_id
                AND o.id <> r.id)
            AND NOT EXISTS (SELECT 1 FROM application o WHERE o.person_id = r.person_id
                AND o.status IN ('submitted', 'verifying', 'pending_review'))
            ORDER BY r.id LIMIT 1`);
        assert.ok(old, 'the generated data has such a registration');
        const [oldNo, personId, oldEdu, oldRes] = old;
        const why = encodeURIComponent('再次申请登记核对');
        const seen = await cw.get(`/api/v1/registrations/${oldNo}?reveal=true&reason=${why}`);
        assert.equal(seen.status, 200, JSON.stringify(seen.body));
        const newEdu = oldEdu === '21' ? '31' : '21';
        const newRes = oldRes.startsWith('110105') ? '110101' : '110105';
        const a = await api(srv.url).post('/api/v1/public/applications', formFor(
            seen.body.person.id_number, { name: seen.body.person.name, education: newEdu,
                residence_region: newRes, register_region: newRes,
                unemployed_since: '2026-02-20' }));
        assert.equal(a.status, 201, JSON.stringify(a.body));
        assert.deepEqual(sql(`SELECT education, residence_region FROM person WHERE id = ${personId}`),
            [[newEdu, newRes]]);
        // An active registration of that stock whose reason a caseworker sets on the profile.
        const [act] = sql(`SELECT r.registration_no,
            COALESCE(NULLIF(pf.unemployment_reason, ''), a.unemployment_reason)
            FROM registration r JOIN application a ON a.id = r.application_id
            LEFT JOIN profile pf ON pf.registration_id = r.id
            WHERE r.scope_region LIKE '${region}%' AND r.registered_on <= '${end}'
            AND r.exit_date IS NULL ORDER BY r.id LIMIT 1`);
        assert.ok(act);
        const newReason = act[1] === '21' ? '20' : '21';
        const p = await cw.put(`/api/v1/registrations/${act[0]}/profile`,
            { unemployment_reason: newReason });
        assert.equal(p.status, 200, JSON.stringify(p.body));

        const got = await report();
        const want = recount(rawRecords(), region, start, end);
        for (const k of ['opening', 'new', 'closing', 'difficulty_any', 'ui_benefit'])
            assert.equal(got[k], want[k], k);
        for (const k of ['by_sex', 'by_education', 'by_unemployment_reason', 'by_difficulty',
            'by_served_as'])
            assert.deepEqual(got[k], want[k], k);
        for (const k of ['by_age', 'by_duration', 'by_hukou', 'by_residence'])
            assert.deepEqual(nonzero(got[k]), want[k], k);
        // And the changes did move a record: one education from the old code to the new, one
        // reason likewise.
        const moved = (k, from, to) => {
            assert.equal(got[k][from] ?? 0, (before[k][from] ?? 0) - 1, `${k} ${from}`);
            assert.equal(got[k][to] ?? 0, (before[k][to] ?? 0) + 1, `${k} ${to}`);
        };
        moved('by_education', oldEdu || 'unknown', newEdu);
        moved('by_unemployment_reason', act[1] || 'unknown', newReason);
        assert.equal(got.closing, before.closing);
    });

test('birth months of people encrypted before migration 050 are filled once at the next start',
    async () => {
        // As 050 left such rows: birth_ym empty beside an encrypted birth date, the pass pending.
        const before = new Map(sql("SELECT id, birth_ym FROM person WHERE birth_ym <> ''"
            + ' AND key_version > 0 ORDER BY id LIMIT 300'));
        assert.ok(before.size >= 300);
        const ids = [...before.keys()].join(',');
        // Migration 056 copied the empty month onto their registrations: the pass fills both.
        exec(`UPDATE person SET birth_ym = '' WHERE id IN (${ids});`
            + ` UPDATE registration SET stat_birth_ym = '' WHERE person_id IN (${ids});`
            + " DELETE FROM meta WHERE key = 'stats_birth_ym_backfill';");
        await srv.stopKeep();
        srv = await startServer({ reuse: srv, now: NOW });
        stats = api(srv.url);
        await stats.login('statistician', DEMO_USERS.statistician.password);
        const after = new Map(sql(`SELECT id, birth_ym FROM person WHERE id IN (${ids})`));
        assert.deepEqual(after, before, 'each month back from the decrypted birth date');
        assert.deepEqual(sql(`SELECT r.id FROM registration r JOIN person p ON p.id = r.person_id
            WHERE p.id IN (${ids}) AND r.stat_birth_ym <> p.birth_ym`), []);
        assert.deepEqual(sql("SELECT value FROM meta WHERE key = 'stats_birth_ym_backfill'"),
            [['done']]);
        const auditor = api(srv.url);
        await auditor.login('auditor', DEMO_USERS.auditor.password);
        const log = await auditor.get('/api/v1/audit?object_type=key&object_id=pii');
        assert.deepEqual(log.body.items.filter((i) => i.action === 'key.backfill_birth_ym')
            .map((i) => i.detail.people), [300]);
        // Done once: a further start changes nothing and audits nothing more.
        await srv.stopKeep();
        srv = await startServer({ reuse: srv, now: NOW });
        stats = api(srv.url);
        const auditor2 = api(srv.url);
        await auditor2.login('auditor', DEMO_USERS.auditor.password);
        const log2 = await auditor2.get('/api/v1/audit?object_type=key&object_id=pii');
        assert.equal(log2.body.items.filter((i) => i.action === 'key.backfill_birth_ym').length, 1);
    });
