// report_duckdb.mjs — the baseline of bench/report.sh: the monthly report of `ureg report
// monthly` (src/app/stats.c, rules in src/rules/stats.c and docs/statistics.md) as SQL in DuckDB
// (2 threads), over the raw records exported from the same store, and its agreement with ureg's
// JSON.
//
//   node bench/report_duckdb.mjs RECORDS.csv REGIONS.csv REGION START END OUT.json [UREG.json]
//
// RECORDS.csv: one row per registration with the raw columns the report counts by (bench/
// report.sh exports them with the database's own shell); REGIONS.csv: the region table (code,
// name, level, parent). Both are loaded into DuckDB tables first (timed apart: "load"), then one
// query per figure group counts the report of REGION for [START, END] ("query"): opening, new,
// exits by reason, closing, every breakdown of the closing stock (the bands and classes written
// again here in SQL from the rules, not taken from ureg), and the regions below with "direct".
// With UREG.json, every figure of the two reports is compared; exit status 3 when one differs.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';

const [recs, regs, region, start, end, out, theirs] = process.argv.slice(2);
if (!recs || !regs || !region || !start || !end || !out) {
    console.error('usage: node bench/report_duckdb.mjs RECORDS.csv REGIONS.csv REGION START END OUT.json [UREG.json]');
    process.exit(1);
}
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
const rows = async (q) => (await c.runAndReadAll(q)).getRows();
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

let t0 = performance.now();
// An empty field reads as NULL: back to '' as the store has it.
await c.run(`CREATE TABLE rec AS SELECT COALESCE(COLUMNS(*), '')
    FROM read_csv(${lit(recs)}, header = true, all_varchar = true)`);
await c.run(`CREATE TABLE region AS SELECT code, name, CAST(level AS INTEGER) AS level, parent
    FROM read_csv(${lit(regs)}, header = true, all_varchar = true)`);
const loadMs = performance.now() - t0;
const [[nRec]] = await rows('SELECT count(*) FROM rec');

// The jurisdiction prefix of a region row: 2, 4, 6 or 9 characters by level (rules/region).
const plen = (lv) => `CASE ${lv} WHEN 1 THEN 2 WHEN 2 THEN 4 WHEN 3 THEN 6 WHEN 4 THEN 9 END`;
const [[scopeLen]] = await rows(`SELECT ${plen('level')} FROM region WHERE code = ${lit(region)}`);
const scope = region.slice(0, Number(scopeLen));
const S = lit(start), E = lit(end);
const ey = Number(end.slice(0, 4)), em = Number(end.slice(5, 7));

t0 = performance.now();
// The records of the scope, with their roles in the period and the region below holding them
// ('' when registered at the region itself).
await c.run(`CREATE TEMP TABLE kid AS SELECT code, substr(code, 1, ${plen('level')}) AS prefix
    FROM region WHERE parent = ${lit(region)}`);
await c.run(`CREATE TEMP TABLE mine AS SELECT rec.*, COALESCE(kid.code, '') AS kid,
    registered_on < ${S} AND (exit_date = '' OR exit_date >= ${S}) AS is_opening,
    registered_on BETWEEN ${S} AND ${E} AS is_new,
    exit_date <> '' AND exit_date BETWEEN ${S} AND ${E} AS is_exit,
    registered_on <= ${E} AND (exit_date = '' OR exit_date > ${E}) AS is_closing
    FROM rec LEFT JOIN kid ON starts_with(rec.scope_region, kid.prefix)
    WHERE starts_with(rec.scope_region, ${lit(scope)})`);
const zero = () => ({ opening: 0, new: 0, exits: {}, exits_total: 0, closing: 0 });
const byKid = new Map((await rows('SELECT code FROM kid ORDER BY code')).map(([k]) => [k, zero()]));
byKid.set('', zero());
const rep = zero();
for (const [k, o, n, cl] of await rows(`SELECT kid, count(*) FILTER (is_opening),
        count(*) FILTER (is_new), count(*) FILTER (is_closing) FROM mine GROUP BY kid`))
    for (const t of [rep, byKid.get(k)]) {
        t.opening += Number(o);
        t.new += Number(n);
        t.closing += Number(cl);
    }
for (const [k, reason, n] of await rows(`SELECT kid, exit_reason, count(*) FROM mine WHERE is_exit
        GROUP BY kid, exit_reason`))
    for (const t of [rep, byKid.get(k)]) {
        t.exits[reason] = (t.exits[reason] ?? 0) + Number(n);
        t.exits_total += Number(n);
    }
// The closing stock with each breakdown's key.
await c.run(`CREATE TEMP TABLE stock AS SELECT m.*,
    CASE WHEN sex = '' THEN 'unknown' ELSE sex END AS k_sex,
    CASE WHEN education = '' THEN 'unknown' ELSE education END AS k_education,
    COALESCE(NULLIF(profile_reason, ''), NULLIF(application_reason, ''), 'unknown') AS k_reason,
    CASE WHEN served_as = '' THEN 'none' ELSE served_as END AS k_served,
    CASE WHEN NOT regexp_full_match(birth_ym, '[0-9]{4}-[0-9]{2}')
              OR CAST(substr(birth_ym, 6, 2) AS INTEGER) NOT BETWEEN 1 AND 12
              OR CAST(substr(birth_ym, 1, 4) AS INTEGER) < 1 THEN 'unknown'
         ELSE (WITH a(age) AS (SELECT ${ey} - CAST(substr(birth_ym, 1, 4) AS INTEGER)
                 - CASE WHEN ${em} < CAST(substr(birth_ym, 6, 2) AS INTEGER) THEN 1 ELSE 0 END)
               SELECT CASE WHEN age < 0 THEN 'unknown' WHEN age < 16 THEN 'under16'
                 WHEN age <= 24 THEN '16-24' WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44'
                 WHEN age <= 54 THEN '45-54' ELSE '55+' END FROM a) END AS k_age,
    CASE WHEN TRY_CAST(unemployed_since AS DATE) IS NULL THEN 'unknown'
         WHEN DATE ${E} < CAST(unemployed_since AS DATE) + INTERVAL 6 MONTH THEN 'under6'
         WHEN DATE ${E} <= CAST(unemployed_since AS DATE) + INTERVAL 12 MONTH THEN '6-12'
         ELSE 'over12' END AS k_duration,
    CASE WHEN id_type IN ('hkmotw_residence', 'hkmo_permit', 'tw_permit') THEN 'hmt'
         WHEN h.code IS NULL THEN 'unknown'
         WHEN g.code IS NOT NULL AND starts_with(hukou_region, substr(g.code, 1, ${plen('g.level')}))
             THEN 'local'
         ELSE 'nonlocal' END AS k_hukou,
    CASE WHEN rr.code IS NULL THEN 'unknown'
         WHEN rr.level = 4 AND suffix(rr.name, '街道') THEN 'urban'
         WHEN rr.level = 4 AND (suffix(rr.name, '乡') OR suffix(rr.name, '苏木')) THEN 'rural'
         WHEN rr.level = 4 AND (rp.level IS DISTINCT FROM 3) THEN 'unknown'
         WHEN (CASE WHEN rr.level = 4 THEN rp.name ELSE rr.name END) SIMILAR TO '.*(林区|特区)'
             AND rr.level IN (3, 4) THEN 'rural'
         WHEN rr.level IN (3, 4) THEN CASE WHEN suffix(CASE WHEN rr.level = 4 THEN rp.name ELSE rr.name END, '区')
             OR suffix(CASE WHEN rr.level = 4 THEN rp.name ELSE rr.name END, '市') THEN 'urban' ELSE 'rural' END
         WHEN rr.level = 2 AND rr.code IN (SELECT parent FROM region GROUP BY parent
             HAVING count(*) > 0 AND bool_and(level = 4)) THEN 'urban'
         ELSE 'unknown' END AS k_residence,
    regexp_extract_all(difficulty, '"([^"]+)"', 1) AS k_difficulty
    FROM mine m
    LEFT JOIN region h ON h.code = m.hukou_region
    LEFT JOIN region g ON g.code = m.register_region
    LEFT JOIN region rr ON rr.code = m.residence_region
    LEFT JOIN region rp ON rp.code = rr.parent
    WHERE m.is_closing`);
// Every breakdown in one statement: (breakdown, key, count).
const dims = { by_sex: 'k_sex', by_age: 'k_age', by_education: 'k_education',
    by_unemployment_reason: 'k_reason', by_duration: 'k_duration', by_served_as: 'k_served',
    by_hukou: 'k_hukou', by_residence: 'k_residence' };
const parts = Object.entries(dims).map(([d, col]) => `SELECT '${d}', ${col}, count(*) FROM stock GROUP BY ${col}`);
parts.push("SELECT 'by_difficulty', d, count(*) FROM (SELECT unnest(k_difficulty) AS d FROM stock) GROUP BY d");
parts.push("SELECT 'n', 'stock_counted', count(*) FROM stock");
parts.push("SELECT 'n', 'difficulty_any', count(*) FROM stock WHERE len(k_difficulty) > 0");
parts.push("SELECT 'n', 'ui_benefit', count(*) FROM stock WHERE ui_benefit NOT IN ('', '0')");
for (const d of [...Object.keys(dims), 'by_difficulty']) rep[d] = {};
for (const [d, k, n] of await rows(parts.join(' UNION ALL ')))
    if (d === 'n') rep[k] = Number(n);
    else rep[d][k] = Number(n);
rep.long_term = rep.by_duration.over12 ?? 0;
rep.urban_unemployed = rep.by_residence.urban ?? 0;
rep.regions = [...byKid].filter(([k]) => k !== '').map(([k, t]) => ({ region: k, ...t }));
rep.direct = byKid.get('');
const queryMs = performance.now() - t0;
writeFileSync(out, JSON.stringify(rep));
console.log(`duckdb: ${nRec} records loaded in ${(loadMs / 1000).toFixed(3)} s; report of ${region} ` +
    `${start}..${end} (${rep.closing} in stock) counted in ${(queryMs / 1000).toFixed(3)} s`);

if (theirs) {
    const u = JSON.parse(readFileSync(theirs, 'utf8'));
    const nz = (o) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== 0));
    const same = (a, b) => JSON.stringify(Object.entries(nz(a)).sort()) === JSON.stringify(Object.entries(nz(b)).sort());
    let n = 0;
    const diffs = [];
    const cmp = (what, a, b) => {
        n++;
        const ok = typeof a === 'object' ? same(a, b) : a === b;
        if (!ok) diffs.push(`${what}: duckdb ${JSON.stringify(a)}, ureg ${JSON.stringify(b)}`);
    };
    const counts = ['opening', 'new', 'exits', 'exits_total', 'closing'];
    for (const k of [...counts, 'stock_counted', 'by_sex', 'by_age', 'by_education',
        'by_unemployment_reason', 'by_duration', 'long_term', 'by_difficulty', 'difficulty_any',
        'ui_benefit', 'by_served_as', 'by_hukou', 'by_residence', 'urban_unemployed'])
        cmp(k, rep[k], u[k]);
    const theirKids = new Map((u.regions ?? []).map((r) => [r.region, r]));
    cmp('regions below (count)', rep.regions.length, theirKids.size);
    for (const r of rep.regions)
        for (const k of counts) cmp(`${r.region} ${k}`, r[k], theirKids.get(r.region)?.[k]);
    for (const k of counts) cmp(`direct ${k}`, rep.direct[k], u.direct?.[k]);
    console.log(`agreement: ${n - diffs.length} of ${n} figures equal` +
        (diffs.length ? `; differ: ${diffs.slice(0, 20).join('; ')}` : ''));
    if (diffs.length) process.exitCode = 3;
}
