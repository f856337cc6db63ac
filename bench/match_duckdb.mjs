// match_duckdb.mjs — the baseline of bench/match.sh: the ranking of rules/match written as SQL
// in DuckDB (2 threads) over the inputs `ureg match run --export DIR` wrote (people.csv,
// jobs.csv), the top N per person by (score desc, salary_max desc, job id asc), written as the
// same CSV as `ureg match run --out`. Then, with a third argument, the agreement of the two
// result files: rows equal (registration_no, rank, job_id, score), people whose whole list is
// equal, and rows whose score at that rank is equal.
//
//   node bench/match_duckdb.mjs DIR OUT.csv [UREG.csv] [TOP]
//
// The SQL keeps the rule's parts as rules/match.h states them: occupation 40 inside the
// intent, else 30/20/10 by the levels shared (another major group: no candidate; no coded
// intent: 0 and every vacancy of the province), place 30/20/10 by 6/4/2 leading digits (another
// province: no candidate), pay 20/10/0 against the intended minimum (10 when either states
// none), skills 5 a shared word up to 10. Skill words are split as rules/match splits them
// (its separators, ASCII lower-cased, each kept once) and turned into bit masks over the words
// the vacancies name, so a pair costs integer arithmetic only. People of the same profile (place,
// occupation, intended pay, skill words) are ranked once: their lists are equal by the rule, and
// the naive form (every person against every candidate vacancy, about 1.5e10 pairs at 1,000,000
// people) did not finish on the 2-core machine (docs/scale.md).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [dir, out, theirs, topArg] = process.argv.slice(2);
const TOP = Number(topArg || 10);
if (!dir || !out) {
    console.error('usage: node bench/match_duckdb.mjs DIR OUT.csv [UREG.csv] [TOP]');
    process.exit(1);
}
const SEP = "'[ \\t,;/()|+\\r\\n、，；（）　／]+'";
const words = (col) => `list_distinct(list_filter(regexp_split_to_array(lower(coalesce(${col}, '')), ${SEP}),
    x -> x <> '' AND strlen(x) <= 63))`;

const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
const run = (sql) => c.run(sql);
const t0 = performance.now();
await run(`CREATE TABLE j0 AS SELECT * FROM read_csv('${dir}/jobs.csv', header = true,
    columns = {'job_id': 'BIGINT', 'occupation': 'VARCHAR', 'region': 'VARCHAR',
               'salary_min': 'BIGINT', 'salary_max': 'BIGINT', 'skills': 'VARCHAR'})`);
await run(`CREATE TABLE p0 AS SELECT * FROM read_csv('${dir}/people.csv', header = true,
    columns = {'registration_no': 'VARCHAR', 'register_region': 'VARCHAR',
               'intent_occupation': 'VARCHAR', 'intent_region': 'VARCHAR',
               'intent_salary_min': 'BIGINT', 'skills': 'VARCHAR'})`);
// The words the vacancies name, numbered (a person's other words cannot be shared).
await run(`CREATE TABLE w AS SELECT word, (row_number() OVER (ORDER BY word)) - 1 AS bit
    FROM (SELECT DISTINCT unnest(${words('skills')}) AS word FROM j0)`);
const nWords = Number((await c.runAndReadAll('SELECT count(*) FROM w')).getRows()[0][0]);
if (nWords > 63) throw new Error(`${nWords} distinct skill words: more than one bit mask holds`);
const mask = (table, key) => `(SELECT ${key}, coalesce(sum(1::BIGINT << w.bit), 0)::BIGINT AS m
    FROM (SELECT ${key}, unnest(${words('skills')}) AS word FROM ${table}) x JOIN w USING (word)
    GROUP BY ${key})`;
// Occupation levels as integers: l1 the major group, l2..l4 the two-digit parts (depth d).
const levels = (col) => `CAST(substr(${col}, 1, 1) AS INTEGER) AS l1,
    TRY_CAST(substr(${col}, 3, 2) AS INTEGER) AS l2, TRY_CAST(substr(${col}, 6, 2) AS INTEGER) AS l3,
    TRY_CAST(substr(${col}, 9, 2) AS INTEGER) AS l4, (length(${col}) + 2) // 3 AS d`;
await run(`CREATE TABLE j AS SELECT j0.job_id, j0.salary_max, ${levels('occupation')},
    CAST(region AS INTEGER) AS county, CAST(region AS INTEGER) // 100 AS city,
    CAST(region AS INTEGER) // 10000 AS prov, coalesce(k.m, 0) AS m
    FROM j0 LEFT JOIN ${mask('j0', 'job_id')} k USING (job_id)
    WHERE regexp_full_match(occupation, '[1-9](-[0-9]{2}){0,3}') AND regexp_full_match(region, '[0-9]{6}')`);
await run(`CREATE TABLE p AS SELECT p1.*, coalesce(k.m, 0) AS m FROM (
    SELECT registration_no, greatest(coalesce(intent_salary_min, 0), 0) AS want,
        CASE WHEN regexp_full_match(coalesce(intent_occupation, ''), '[1-8](-[0-9]{2}){0,3}')
             THEN intent_occupation ELSE '' END AS occ,
        CAST(CASE WHEN regexp_full_match(coalesce(intent_region, ''), '[0-9]{6}') THEN intent_region
             ELSE register_region END AS INTEGER) AS place
    FROM p0) p1 LEFT JOIN ${mask('p0', 'registration_no')} k USING (registration_no)`);
await run(`CREATE TABLE pp AS SELECT registration_no, want, m, place AS county, place // 100 AS city,
    place // 10000 AS prov, CASE WHEN occ = '' THEN 0 ELSE CAST(substr(occ, 1, 1) AS INTEGER) END AS l1,
    coalesce(TRY_CAST(substr(occ, 3, 2) AS INTEGER), -1) AS l2,
    coalesce(TRY_CAST(substr(occ, 6, 2) AS INTEGER), -1) AS l3,
    coalesce(TRY_CAST(substr(occ, 9, 2) AS INTEGER), -1) AS l4,
    CASE WHEN occ = '' THEN 0 ELSE (length(occ) + 2) // 3 END AS d
    FROM p`);
// People with the same profile (place, occupation levels, intended pay, skill words) have the
// same list: rank each distinct profile once (a level the code lacks is -1, never compared:
// the depth test comes first), then give every person the list of their profile.
await run(`CREATE TABLE prof AS SELECT row_number() OVER () AS pid, * FROM (
    SELECT DISTINCT want, m, county, city, prov, l1, l2, l3, l4, d FROM pp)`);
await run(`CREATE TABLE pp2 AS SELECT pp.registration_no, prof.pid FROM pp
    JOIN prof USING (want, m, county, city, prov, l1, l2, l3, l4, d)`);
const nProfiles = Number((await c.runAndReadAll('SELECT count(*) FROM prof')).getRows()[0][0]);
const tLoad = performance.now();
// common levels c (1..4: same major group assured by the join), then the score; the key
// packs (score, salary_max, 2^24-1-job_id) so that max(key, N) is the top N in rank order.
const common = `CASE WHEN least(p.d, j.d) < 2 OR p.l2 <> j.l2 THEN 1
    WHEN least(p.d, j.d) < 3 OR p.l3 <> j.l3 THEN 2
    WHEN least(p.d, j.d) < 4 OR p.l4 <> j.l4 THEN 3 ELSE 4 END`;
await run(`CREATE TABLE top AS
    WITH cand AS (
        SELECT p.pid, j.job_id, j.salary_max, p.d, ${common} AS c, p.county, p.city,
               p.want, p.m AS pm, j.county AS jc, j.city AS jcity, j.m AS jm
        FROM prof p JOIN j ON j.prov = p.prov AND j.l1 = p.l1 WHERE p.d > 0
        UNION ALL
        SELECT p.pid, j.job_id, j.salary_max, 0, 0, p.county, p.city, p.want, p.m,
               j.county, j.city, j.m
        FROM prof p JOIN j ON j.prov = p.prov WHERE p.d = 0),
    scored AS (
        SELECT pid, job_id,
            (CASE WHEN d = 0 THEN 0 WHEN c = d THEN 40 WHEN c = 3 THEN 30 WHEN c = 2 THEN 20 ELSE 10 END)
            + CASE WHEN jc = county THEN 30 WHEN jcity = city THEN 20 ELSE 10 END
            + CASE WHEN want <= 0 OR salary_max <= 0 THEN 10 WHEN salary_max >= want THEN 20
                   WHEN salary_max * 5 >= want * 4 THEN 10 ELSE 0 END
            + least(bit_count(pm & jm) * 5, 10) AS score, salary_max
        FROM cand)
    SELECT pid, max((score::BIGINT << 44) | (salary_max::BIGINT << 24)
                    | (16777215 - job_id), ${TOP}) AS keys
    FROM scored GROUP BY pid`);
await run(`COPY (SELECT registration_no, rank, 16777215 - (k & 16777215) AS job_id, k >> 44 AS score
    FROM (SELECT pp2.registration_no, unnest(top.keys) AS k, generate_subscripts(top.keys, 1) AS rank
          FROM pp2 JOIN top USING (pid))
    ORDER BY registration_no, rank) TO '${out}' (HEADER, DELIMITER ',')`);
const tEnd = performance.now();
const nPeople = Number((await c.runAndReadAll('SELECT count(*) FROM p')).getRows()[0][0]);
console.log(`duckdb: load ${((tLoad - t0) / 1000).toFixed(2)} s, rank ${((tEnd - tLoad) / 1000).toFixed(2)} s, `
    + `total ${((tEnd - t0) / 1000).toFixed(2)} s (${nPeople} people, ${nProfiles} distinct profiles, 2 threads)`);

if (theirs) {
    // registration_no,rank → "job_id,score" for each file
    const read = (f) => {
        const m = new Map();
        for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
            if (!line) continue;
            const [reg, rank, job, score] = line.split(',');
            if (Number(rank) <= TOP) m.set(`${reg},${rank}`, [job, score]);
        }
        return m;
    };
    const a = read(out), b = read(theirs);
    let same = 0, sameScore = 0;
    const peopleDiff = new Set(), people = new Set();
    for (const [k, v] of b) {
        people.add(k.split(',')[0]);
        const w = a.get(k);
        if (w && w[0] === v[0] && w[1] === v[1]) same++;
        else peopleDiff.add(k.split(',')[0]);
        if (w && w[1] === v[1]) sameScore++;
    }
    for (const k of a.keys()) if (!b.has(k)) peopleDiff.add(k.split(',')[0]);
    for (const k of a.keys()) people.add(k.split(',')[0]);
    const pct = (x, n) => (n ? (100 * x / n).toFixed(3) : '100.000');
    console.log(`agreement: rows ${same}/${Math.max(a.size, b.size)} (${pct(same, Math.max(a.size, b.size))} %), `
        + `people with identical lists ${people.size - peopleDiff.size}/${people.size} `
        + `(${pct(people.size - peopleDiff.size, people.size)} %), scores at each rank ${sameScore}/${b.size} `
        + `(${pct(sameScore, b.size)} %)`);
}
