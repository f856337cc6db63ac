// quality.test.mjs — the data-quality and timeliness bulletin of issue 10 (notice §6 通报, §8) as
// a black box, on generated data (`ureg gen` with history under the development clock) into
// which known defects are written with the database's own shell: every figure of
// GET /api/v1/stats/quality for each region below against a count of the raw rows here, the
// score and the ranking, the period under way, the scoping and bad-request errors, and the
// CSV/XLSX forms (API and CLI).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, assertError, DEMO_USERS, PG, psql } from './helpers.mjs';
import { readXlsx } from './xlsx.mjs';

const NOW = '2026-03-02T09:00:00';
const TODAY = '2026-03-02';
const LIMIT_MINUTES = 60; // policy exchange_download_minutes (default)
let srv, stats, dir, db;

function sql(query) {
    const out = PG ? psql(db, query)
        : execFileSync('sqlite3', ['-batch', db, '.timeout 5000', query], { encoding: 'utf8', maxBuffer: 1 << 26 })
            .trim();
    return out ? out.split('\n').map((l) => l.split('|')) : [];
}
const exec = (query) => (PG ? psql(db, query)
    : execFileSync('sqlite3', ['-batch', db, '.timeout 5000', query], { encoding: 'utf8' }));

// Unix seconds of a China Standard Time moment.
const unix = (s) => Math.floor(Date.parse(`${s}+08:00`) / 1000);
const prefix = (code) => (code.endsWith('0000') ? code.slice(0, 2)
    : code.endsWith('00') ? code.slice(0, 4) : code);
// A sealed "" (store/pii: base64url without padding of a 24-byte nonce and a 16-byte tag) is
// ceil(40 * 4 / 3) = 54 characters long; a plaintext row (key_version 0) holds ''.
const SEALED_EMPTY = 'A'.repeat(Math.ceil((40 * 4) / 3));

// Write known defects into the generated records (ids picked by residue, so every district
// gets some).
function writeDefects() {
    const apps = sql(`SELECT a.id, a.application_no FROM application a
        WHERE a.status = 'approved' ORDER BY a.id`);
    const t = (s) => unix(s);
    const outbox = [];
    apps.forEach(([, no], i) => {
        if (i % 9 === 0) outbox.push(`('decision', '${no}', '{}', 'pending', 3, 'hub away', ${t('2026-02-27T10:00:00')}, NULL)`);
        if (i % 9 === 1) outbox.push(`('decision', '${no}', '{}', 'pending', 0, '', ${t('2026-02-28T23:30:00')}, NULL)`);
        if (i % 9 === 2) outbox.push(`('decision', '${no}', '{}', 'succeeded', 1, '', ${t('2026-02-10T10:00:00')}, ${t('2026-02-10T10:00:05')})`);
        if (i % 9 === 3) outbox.push(`('decision', '${no}', '{}', 'rejected', 1, 'x_unknown', ${t('2026-02-11T10:00:00')}, ${t('2026-02-11T10:00:05')})`);
        if (i % 9 === 4) outbox.push(`('exit', '${no}', '{}', 'succeeded', 2, '', ${t('2026-02-20T10:00:00')}, ${t('2026-03-01T08:00:00')})`);
        if (i % 9 === 5) outbox.push(`('exit', '${no}', '{}', 'pending', 0, '', ${t('2026-03-02T07:00:00')}, NULL)`);
    });
    exec(`
        UPDATE person SET education = '' WHERE id % 17 = 0;
        UPDATE person SET education = 'zz' WHERE id % 19 = 0;
        UPDATE person SET residence_region = '999999' WHERE id % 31 = 0;
        UPDATE person SET residence_region = '' WHERE id % 37 = 0;
        UPDATE person SET phone = '${SEALED_EMPTY}' WHERE id % 41 = 0 AND key_version > 0;
        UPDATE application SET unemployment_reason = '99' WHERE id % 23 = 0;
        UPDATE application SET unemployment_reason = '' WHERE id % 29 = 0;
        UPDATE profile SET unemployment_reason = '' WHERE registration_id IN
            (SELECT r.id FROM registration r WHERE r.application_id % 23 = 0 OR r.application_id % 29 = 0);
        UPDATE application SET deadline = '2000-01-03' WHERE id % 9 = 0 AND decided_at IS NOT NULL;
        UPDATE application SET deadline = '2026-02-10' WHERE id % 2 = 0 AND decided_at IS NULL;
        UPDATE registration SET first_contact_on = NULL WHERE id % 13 = 0;
        UPDATE registration SET next_contact_due = '2026-01-15' WHERE id % 11 = 0;
        UPDATE registration SET next_contact_due = '2026-02-27' WHERE id % 7 = 0 AND id % 11 <> 0;
        UPDATE registration SET next_contact_due = '2026-03-10' WHERE id % 5 = 0 AND id % 7 <> 0 AND id % 11 <> 0;
        UPDATE exit_event SET evidence = '{}' WHERE id % 5 = 0;
        UPDATE exit_event SET evidence = '' WHERE id % 6 = 0;
        INSERT INTO exchange_outbox (kind, application_no, body, status, attempts, last_error,
            created_at, sent_at) VALUES ${outbox.join(',\n')};`);
    return outbox.length;
}

// The raw rows the bulletin counts, with the code tables and regions from the database.
function raw() {
    const codes = new Set(sql(`SELECT tbl || ':' || code FROM code_entry
        WHERE tbl IN ('education', 'unemployment_reason')`).map((c) => c[0]));
    const regions = new Set(sql('SELECT code FROM region').map((c) => c[0]));
    const regs = sql(`SELECT r.scope_region, r.registered_on, COALESCE(r.exit_date, ''),
        p.education, p.residence_region, p.key_version, length(p.phone), p.phone = '',
        a.unemployment_reason, COALESCE(pf.unemployment_reason, ''),
        COALESCE(r.first_contact_due, ''), COALESCE(r.first_contact_on, ''),
        COALESCE(r.next_contact_due, '')
        FROM registration r JOIN person p ON p.id = r.person_id
        JOIN application a ON a.id = r.application_id
        LEFT JOIN profile pf ON pf.registration_id = r.id`).map((c) => ({
        scope: c[0], reg: c[1], exit: c[2], education: c[3], residence: c[4],
        phoneEmpty: Number(c[5]) === 0 ? ['1', 't', 'true'].includes(c[7])
            : Number(c[6]) === SEALED_EMPTY.length,
        reason: c[9] || c[8], fcDue: c[10], fcOn: c[11], nextDue: c[12],
    }));
    const apps = sql(`SELECT scope_region, status, accepted_on, deadline, COALESCE(decided_at, '')
        FROM application`).map((c) => ({ scope: c[0], status: c[1], accepted: c[2],
        deadline: c[3], decided: c[4].slice(0, 10) }));
    const exits = sql(`SELECT scope_region, exit_date, evidence, COALESCE(reverted_at, '')
        FROM exit_event`).map((c) => ({ scope: c[0], date: c[1], evidence: c[2] ?? '',
        reverted: c[3] }));
    const outbox = sql(`SELECT a.scope_region, o.status, o.created_at, COALESCE(o.sent_at, -1)
        FROM exchange_outbox o JOIN application a ON a.application_no = o.application_no`)
        .map((c) => ({ scope: c[0], status: c[1], created: Number(c[2]), sent: Number(c[3]) }));
    return { codes, regions, regs, apps, exits, outbox };
}

const FIELDS = ['education', 'unemployment_reason', 'phone', 'residence_region'];
const WEIGHTS = { fields: 25, decisions: 20, first_contact: 15, followup: 15, exit_evidence: 10,
    upload: 15 };
const rateBp = (n, d) => (d <= 0 || n <= 0 ? 0 : Math.floor((Math.min(n, d) * 20000 + d) / (2 * d)));
const pct = (bp) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;

// The figures of the records whose scope_region starts with p, counted here.
function count(R, p, start, asOf, T) {
    const f = { records: 0, records_with_defects: 0, missing: {}, invalid: {}, decided: 0,
        decided_late: 0, pending_overdue: 0, first_contact_overdue: 0, followup_overdue: 0,
        exits: 0, exits_without_evidence: 0, results_unsent: 0, results_rejected: 0,
        results_sent: 0 };
    for (const k of FIELDS) f.missing[k] = 0;
    for (const k of ['education', 'unemployment_reason', 'residence_region']) f.invalid[k] = 0;
    for (const r of R.regs) {
        if (!r.scope.startsWith(p) || r.reg > asOf || (r.exit && r.exit <= asOf)) continue;
        f.records++;
        const bad = [];
        const code = (k, tbl, v) => {
            if (!v) { f.missing[k]++; bad.push(k); } else if (!R.codes.has(`${tbl}:${v}`)) {
                f.invalid[k]++; bad.push(k);
            }
        };
        code('education', 'education', r.education);
        code('unemployment_reason', 'unemployment_reason', r.reason);
        if (r.phoneEmpty) { f.missing.phone++; bad.push('phone'); }
        if (!r.residence) { f.missing.residence_region++; bad.push('r'); } else if (!R.regions.has(r.residence)) {
            f.invalid.residence_region++; bad.push('r');
        }
        if (bad.length) f.records_with_defects++;
        if (r.fcDue && r.fcDue < asOf && !(r.fcOn && r.fcOn <= asOf)) f.first_contact_overdue++;
        if (r.nextDue && r.nextDue < asOf) f.followup_overdue++;
    }
    for (const a of R.apps) {
        if (!a.scope.startsWith(p) || a.accepted > asOf) continue;
        if (['approved', 'rejected'].includes(a.status) && a.decided >= start && a.decided <= asOf) {
            f.decided++;
            if (a.decided > a.deadline) f.decided_late++;
        }
        if (a.deadline < asOf && (!a.decided || a.decided > asOf)) f.pending_overdue++;
    }
    for (const e of R.exits) {
        if (!e.scope.startsWith(p) || e.reverted || e.date < start || e.date > asOf) continue;
        f.exits++;
        if (['', '{}', '[]', 'null'].includes(e.evidence)) f.exits_without_evidence++;
    }
    const from = unix(`${start}T00:00:00`), late = T - LIMIT_MINUTES * 60;
    for (const o of R.outbox) {
        if (!o.scope.startsWith(p) || o.created > T) continue;
        if (o.created < late && (o.status === 'pending' || o.sent > T)) f.results_unsent++;
        if (o.status === 'rejected' && o.sent >= from && o.sent <= T) f.results_rejected++;
        if (o.status === 'succeeded' && o.sent >= from && o.sent <= T) f.results_sent++;
    }
    const ratios = {
        fields: [f.records_with_defects, f.records],
        decisions: [f.decided_late + f.pending_overdue, f.decided + f.pending_overdue],
        first_contact: [f.first_contact_overdue, f.records],
        followup: [f.followup_overdue, f.records],
        exit_evidence: [f.exits_without_evidence, f.exits],
        upload: [f.results_unsent + f.results_rejected,
            f.results_unsent + f.results_rejected + f.results_sent],
    };
    f.rates_percent = {};
    let sum = 0;
    for (const [k, [n, d]] of Object.entries(ratios)) {
        f.rates_percent[k] = pct(rateBp(n, d));
        sum += WEIGHTS[k] * rateBp(n, d);
    }
    f.scoreBp = 10000 - Math.floor((sum + 50) / 100);
    f.score = pct(f.scoreBp);
    return f;
}

const figures = (o) => Object.fromEntries(Object.entries(o)
    .filter(([k]) => !['rank', 'region', 'name', 'scoreBp'].includes(k)));

async function cookieOf(user, password) {
    const r = await fetch(new URL('/api/v1/session', srv.url), { method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user, password }) });
    assert.equal(r.status, 200);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

let nOutbox;
before(async () => {
    const first = await startServer({ now: NOW });
    await first.stopKeep();
    ({ dir, db } = first);
    const r = await first.run(['gen', '--people', '400', '--seed', '52', '--region', '110000',
        '--from', '2025-11']);
    assert.equal(r.code, 0, r.stderr);
    nOutbox = writeDefects();
    srv = await startServer({ reuse: first, now: NOW });
    stats = api(srv.url);
    await stats.login('statistician', DEMO_USERS.statistician.password);
});
after(() => srv?.stop());

test('every figure of every district equals a count of the raw rows; ranked worst first',
    async () => {
        const R = raw();
        assert.ok(R.regs.length > 300, `${R.regs.length} registrations`);
        assert.ok(nOutbox > 30, `${nOutbox} outbox rows`);
        const cases = [
            // a past month: as of its last day, T at that day's end
            { period: '2026-02', start: '2026-02-01', asOf: '2026-02-28', T: unix('2026-02-28T23:59:59'), partial: false },
            { period: '2026-01', start: '2026-01-01', asOf: '2026-01-31', T: unix('2026-01-31T23:59:59'), partial: false },
            // the month under way: as of today, T now
            { period: '2026-03', start: '2026-03-01', asOf: TODAY, T: unix(NOW), partial: true },
        ];
        for (const c of cases) {
            const r = await stats.get(`/api/v1/stats/quality?period=${c.period}&region=110000`);
            assert.equal(r.status, 200, JSON.stringify(r.body));
            const got = r.body;
            assert.equal(got.region, '110000');
            assert.equal(got.as_of, c.asOf);
            assert.equal(got.partial, c.partial);
            assert.deepEqual(got.weights, WEIGHTS);
            assert.equal(got.upload_limit_minutes, LIMIT_MINUTES);
            const want = count(R, '11', c.start, c.asOf, c.T);
            assert.deepEqual(got.total, figures(want), `${c.period} total`);
            // 北京市's only child is its 市辖区: the bulletin ranks the 16 districts.
            const districts = sql("SELECT code FROM region WHERE parent = '110100' AND level = 3")
                .map((x) => x[0]);
            assert.deepEqual(got.regions.map((x) => x.region).sort(), districts.sort());
            const wantRanked = districts.map((code) => ({ code, f: count(R, prefix(code), c.start, c.asOf, c.T) }))
                .sort((a, b) => a.f.scoreBp - b.f.scoreBp || (a.code < b.code ? -1 : 1));
            assert.deepEqual(got.regions.map((x) => x.region), wantRanked.map((x) => x.code),
                `${c.period}: worst first`);
            got.regions.forEach((x, i) => {
                assert.equal(x.rank, i + 1);
                assert.deepEqual(figures(x), figures(wantRanked[i].f), `${c.period} ${x.region}`);
            });
            // The defects written show up, and the ranking is not a tie throughout.
            if (c.period === '2026-02') {
                for (const k of ['records_with_defects', 'decided_late', 'pending_overdue',
                    'first_contact_overdue', 'followup_overdue', 'exits_without_evidence',
                    'results_unsent', 'results_rejected', 'results_sent'])
                    assert.ok(got.total[k] > 0, `${k} > 0`);
                for (const k of FIELDS) assert.ok(got.total.missing[k] > 0, `missing ${k}`);
                assert.ok(new Set(got.regions.map((x) => x.score)).size > 3);
                // The stock the bulletin checks is the monthly report's closing stock.
                const m = await stats.get('/api/v1/stats/monthly?period=2026-02&region=110000');
                assert.equal(got.total.records, m.body.closing);
            }
        }
        // A district's bulletin ranks its streets; its records registered at the district
        // itself are "direct".
        const d = await stats.get('/api/v1/stats/quality?period=2026-02&region=110101');
        assert.equal(d.status, 200);
        assert.deepEqual(d.body.total, figures(count(R, '110101', '2026-02-01', '2026-02-28',
            unix('2026-02-28T23:59:59'))));
        const streets = d.body.regions.reduce((a, x) => a + x.records, 0);
        assert.equal(streets + d.body.direct.records, d.body.total.records);
    });

test('scoping and bad requests get a clear error', async () => {
    assertError(await stats.get('/api/v1/stats/quality?period=2026-04&region=110000'), 400,
        'period_in_future', 'period');
    assertError(await stats.get('/api/v1/stats/quality?period=2026-13&region=110000'), 400,
        'period_invalid', 'period');
    assertError(await stats.get('/api/v1/stats/quality?region=110000'), 400, 'field_required',
        'period');
    assertError(await stats.get('/api/v1/stats/quality?period=2026-02&region=119999'), 400,
        'region_invalid', 'region');
    assertError(await stats.get('/api/v1/stats/quality/export?period=2026-02&format=pdf'), 400,
        'field_invalid', 'format');
    // A supervisor sees the bulletin of its region; a district's statistician only its own.
    const sup = api(srv.url);
    await sup.login('supervisor', DEMO_USERS.supervisor.password);
    const own = await sup.get('/api/v1/stats/quality?period=2026-02');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.region, '110000');
    const agency = await srv.run(['agency', 'add', '--name', '东城区统计', '--region', '110101']);
    assert.equal(agency.code, 0, agency.stderr);
    const pw = join(dir, 'pw');
    execFileSync('sh', ['-c', `printf 'county-quality-2026' > ${pw}`]);
    const user = await srv.run(['user', 'add', '--username', 'dcquality', '--password-file', pw,
        '--role', 'statistician', '--agency', agency.stdout.trim()]);
    assert.equal(user.code, 0, user.stderr);
    const county = api(srv.url);
    await county.login('dcquality', 'county-quality-2026');
    assert.equal((await county.get('/api/v1/stats/quality?period=2026-02')).body.region, '110101');
    assertError(await county.get('/api/v1/stats/quality?period=2026-02&region=110102'), 403,
        'report_region_outside_jurisdiction', 'region');
    assertError(await county.get('/api/v1/stats/quality/export?period=2026-02&region=110000&format=csv'),
        403, 'report_region_outside_jurisdiction', 'region');
    const cw = api(srv.url);
    await cw.login('caseworker', DEMO_USERS.caseworker.password);
    assert.equal((await cw.get('/api/v1/stats/quality?period=2026-02&region=110101')).status, 403);
});

test('the bulletin as a form: CSV with a BOM, XLSX with its cells, and from the CLI', async () => {
    const q = (await stats.get('/api/v1/stats/quality?period=2026-02&region=110000')).body;
    const worst = q.regions[0];
    const cookie = await cookieOf('statistician', DEMO_USERS.statistician.password);
    const csv = await fetch(new URL('/api/v1/stats/quality/export?period=2026-02&region=110000&format=csv',
        srv.url), { headers: { Cookie: cookie } });
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(csv.headers.get('content-disposition'), /quality-110000-2026-02\.csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.match(lines[0], /^失业登记数据质量和办理时效通报,/);
    assert.match(lines[1], /^填报地区：北京市（110000）/);
    assert.match(lines[2], /^统计期：2026-02（2026-02-01 至 2026-02-28）/);
    const head = lines[4].split(',');
    assert.deepEqual(head.slice(0, 5), ['排名', '地区', '代码', '得分', '在册人数']);
    const first = lines[5].split(',');
    assert.deepEqual(first.slice(0, 5), ['1', worst.name, worst.region, worst.score,
        String(worst.records)]);

    const x = await fetch(new URL('/api/v1/stats/quality/export?period=2026-02&region=110000&format=xlsx',
        srv.url), { headers: { Cookie: cookie } });
    assert.equal(x.status, 200);
    const book = readXlsx(Buffer.from(await x.arrayBuffer()));
    assert.equal(book.cell('A1'), '失业登记数据质量和办理时效通报');
    assert.deepEqual(book.rows[4].slice(0, 4), ['排名', '地区', '代码', '得分']);
    const rows = book.rows.filter((r) => r && typeof r[0] === 'number');
    assert.equal(rows.length, q.regions.length);
    rows.forEach((r, i) => {
        const g = q.regions[i];
        assert.deepEqual(r.slice(0, 15), [i + 1, g.name, g.region, g.score, g.records,
            g.records_with_defects, g.rates_percent.fields, g.decided, g.decided_late,
            g.pending_overdue, g.first_contact_overdue, g.followup_overdue, g.exits,
            g.exits_without_evidence, g.results_unsent + g.results_rejected]);
    });
    const total = book.rows.find((r) => r && r[1] === '合计');
    assert.equal(total[4], q.total.records);
    const texts = book.rows.filter(Boolean).map((r) => r[0]);
    assert.ok(texts.includes('填报人：statistician'));
    assert.ok(texts.includes('填报日期：2026-03-02'));
    assert.ok(texts.some((t) => typeof t === 'string' && t.startsWith('得分 = 100')));

    const out = join(dir, 'q.xlsx');
    const cli = await srv.run(['report', 'quality', '--period', '2026-02', '--region', '110000',
        '--format', 'xlsx', '--out', out]);
    assert.equal(cli.code, 0, cli.stderr);
    const book2 = readXlsx(readFileSync(out));
    assert.equal(book2.rows.find((r) => r && r[1] === '合计')[4], q.total.records);
    assert.ok(book2.rows.filter(Boolean).map((r) => r[0]).includes('填报人：system:report quality'));
    const js = await srv.run(['report', 'quality', '--period', '2026-02', '--region', '110000']);
    assert.equal(js.code, 0, js.stderr);
    const j = JSON.parse(js.stdout);
    assert.deepEqual(j.total, q.total);
    assert.deepEqual(j.regions, q.regions);
    const bad = await srv.run(['report', 'quality', '--period', '2026-05', '--region', '110000']);
    assert.equal(bad.code, 1);
});
