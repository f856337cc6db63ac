// match_duckdb.mjs — the baseline of bench/match.sh: the ranking of rules/match written as SQL
// in DuckDB (2 threads) over the inputs `ureg match run --export DIR` wrote (people.csv,
// jobs.csv), the top N per person by (score desc, salary_max desc, job id asc), written as the
// same CSV as `ureg match run --out`. Then, with a third argument, the agreement of the two
// result files: rows equal (registration_no, rank, job_id, score), people whose whole list is
// equal, and rows whose score at that rank is equal (in DuckDB too, not timed). With --compare,
// only the agreement of OUT.csv (made before) with each UREG.csv. TOP (environment): N, 10.
//
//   node bench/match_duckdb.mjs DIR OUT.csv [UREG.csv ...]
//   node bench/match_duckdb.mjs --compare OUT.csv UREG.csv ...
//
// The SQL keeps the rule's parts as rules/match.h states them: occupation 40 inside the
// intent, else 30/20/10 by the levels shared (another major group: no candidate; no coded
// intent: 0 and every vacancy of the province), place 30/20/10 by 6/4/2 leading digits (another
// province: no candidate), pay 20/10/0 against the intended minimum (10 when either states
// none), skills 5 a shared word up to 10. Skill words are split as rules/match splits them
// (its separators, ASCII lower-cased, each kept once) and turned into bit masks over the words
// the vacancies name, so a pair costs integer arithmetic only. People of the same profile (place,
// occupation, intended pay, skill words) are ranked once: their lists are equal by the rule.
// Candidates come from equi-joins of a profile's (occupation prefix, region prefix) keys with
// the vacancies' lists of the same keys, each cut to the ten best paid of a skill bucket (why
// that is exact: the comment at table jl); the candidates are scored with the whole rule and the
// top N kept by row_number() in the rule's order. The first baseline (every person against every
// vacancy of the same major group, about 1.5e10 pairs at 1,000,000 people) and the second (the
// same per distinct profile) did not finish on the 2-core machine (docs/scale.md).
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, out, ...theirs] = process.argv.slice(2);
const TOP = Number(process.env.TOP || 10);
if (!dir || !out) {
    console.error('usage: node bench/match_duckdb.mjs DIR|--compare OUT.csv [UREG.csv ...]');
    process.exit(1);
}

// The agreement of two result files (registration_no, rank, job_id, score first), row for row.
async function agreement(conn, mine, other) {
    const src = (f) => `(SELECT registration_no, rank, job_id, score FROM read_csv('${f}',
        header = true, types = {'registration_no': 'VARCHAR'}) WHERE rank <= ${TOP})`;
    const row = (await conn.runAndReadAll(`WITH a AS ${src(mine)}, b AS ${src(other)},
        j AS (SELECT coalesce(a.registration_no, b.registration_no) AS reg,
                     a.job_id = b.job_id AND a.score = b.score AS same, a.score = b.score AS same_score,
                     a.rank IS NOT NULL AS in_a, b.rank IS NOT NULL AS in_b
              FROM a FULL JOIN b USING (registration_no, rank))
        SELECT count(*) FILTER (WHERE same), greatest(count(*) FILTER (WHERE in_a), count(*) FILTER (WHERE in_b)),
               count(DISTINCT reg), count(DISTINCT reg) FILTER (WHERE NOT coalesce(same, false)),
               count(*) FILTER (WHERE same_score), count(*) FILTER (WHERE in_b) FROM j`)).getRows()[0].map(Number);
    const [same, rows, people, peopleDiff, sameScore, nb] = row;
    const pct = (x, n) => (n ? (100 * x / n).toFixed(3) : '100.000');
    console.log(`agreement with ${other}: rows ${same}/${rows} (${pct(same, rows)} %), `
        + `people with identical lists ${people - peopleDiff}/${people} (${pct(people - peopleDiff, people)} %), `
        + `scores at each rank ${sameScore}/${nb} (${pct(sameScore, nb)} %)`);
}

if (dir === '--compare') {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    for (const f of theirs) await agreement(conn, out, f);
    process.exit(0);
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
// Occupation levels as integers: l1 the major group, l2..l4 the two-digit parts (depth d), and
// the prefix of each depth as one number (o2 = l1*100+l2, ...), the keys of the lists below.
const levels = (col) => `CAST(substr(${col}, 1, 1) AS INTEGER) AS l1,
    TRY_CAST(substr(${col}, 3, 2) AS INTEGER) AS l2, TRY_CAST(substr(${col}, 6, 2) AS INTEGER) AS l3,
    TRY_CAST(substr(${col}, 9, 2) AS INTEGER) AS l4, (length(${col}) + 2) // 3 AS d`;
const prefixes = `l1 AS o1, l1 * 100 + l2 AS o2, (l1 * 100 + l2) * 100 + l3 AS o3,
    ((l1 * 100 + l2) * 100 + l3) * 100 + l4 AS o4`;
await run(`CREATE TABLE j AS SELECT *, ${prefixes} FROM (
    SELECT j0.job_id, j0.salary_max, ${levels('occupation')},
    CAST(region AS INTEGER) AS county, CAST(region AS INTEGER) // 100 AS city,
    CAST(region AS INTEGER) // 10000 AS prov, coalesce(k.m, 0) AS m
    FROM j0 LEFT JOIN ${mask('j0', 'job_id')} k USING (job_id)
    WHERE regexp_full_match(occupation, '[1-9](-[0-9]{2}){0,3}') AND regexp_full_match(region, '[0-9]{6}'))`);
await run(`CREATE TABLE p AS SELECT p1.*, coalesce(k.m, 0) AS m FROM (
    SELECT registration_no, greatest(coalesce(intent_salary_min, 0), 0) AS want,
        CASE WHEN regexp_full_match(coalesce(intent_occupation, ''), '[1-8](-[0-9]{2}){0,3}')
             THEN intent_occupation ELSE '' END AS occ,
        CAST(CASE WHEN regexp_full_match(coalesce(intent_region, ''), '[0-9]{6}') THEN intent_region
             WHEN regexp_full_match(coalesce(register_region, ''), '[0-9]{6}') THEN register_region
             END AS INTEGER) AS place
    FROM p0) p1 LEFT JOIN ${mask('p0', 'registration_no')} k USING (registration_no)`);
await run(`CREATE TABLE pp AS SELECT registration_no, want, m, place AS county, place // 100 AS city,
    place // 10000 AS prov, CASE WHEN occ = '' THEN 0 ELSE CAST(substr(occ, 1, 1) AS INTEGER) END AS l1,
    coalesce(TRY_CAST(substr(occ, 3, 2) AS INTEGER), -1) AS l2,
    coalesce(TRY_CAST(substr(occ, 6, 2) AS INTEGER), -1) AS l3,
    coalesce(TRY_CAST(substr(occ, 9, 2) AS INTEGER), -1) AS l4,
    CASE WHEN occ = '' THEN 0 ELSE (length(occ) + 2) // 3 END AS d
    FROM p WHERE place IS NOT NULL`);
// People with the same profile (place, occupation levels, intended pay, skill words) have the
// same list: rank each distinct profile once (a level the code lacks is -1, never compared:
// the depth test comes first), then give every person the list of their profile.
await run(`CREATE TABLE prof AS SELECT row_number() OVER () AS pid, *, ${prefixes} FROM (
    SELECT DISTINCT want, m, county, city, prov, l1, l2, l3, l4, d FROM pp)`);
await run(`CREATE TABLE pp2 AS SELECT pp.registration_no, prof.pid FROM pp
    JOIN prof USING (want, m, county, city, prov, l1, l2, l3, l4, d)`);
const nProfiles = Number((await c.runAndReadAll('SELECT count(*) FROM prof')).getRows()[0][0]);
const tLoad = performance.now();
// The lists: every vacancy under each (occupation prefix of depth od = 0..its depth, region
// prefix of level rl = 1 province, 2 city, 3 county) key; od 0 is "any occupation".
const key = (t) => `CASE od WHEN 0 THEN 0 WHEN 1 THEN ${t}.o1 WHEN 2 THEN ${t}.o2 WHEN 3 THEN ${t}.o3
    ELSE ${t}.o4 END AS okey, CASE rl WHEN 1 THEN ${t}.prov WHEN 2 THEN ${t}.city ELSE ${t}.county END AS rkey`;
const dl = `(SELECT od, rl FROM range(0, 5) a(od), range(1, 4) b(rl))`;
// Candidates without scoring every pair: in one list, vacancies of the same skill bucket for
// the person (shared words 0, 1, 2+) and both paid (salary_max > 0) or both unpaid score in
// the order of salary_max (pay points rise with it; occupation and place points are at least
// the list's, so a vacancy ahead of another in the same list never scores less): a vacancy
// below the tenth of its (list, bucket, paid) group has ten better ones and is not in the
// person's top ten. So the top ten of every such group of every list of the person's intent
// and place hold the person's top ten, exactly. First per skill mask of the vacancy (a bucket
// is a function of it), then per mask the people have.
await run(`CREATE TABLE jl AS SELECT * FROM (
    SELECT x.od, ${key('j')}, x.rl, j.job_id, j.salary_max, j.m, j.salary_max > 0 AS paid,
        j.l1, j.l2, j.l3, j.l4, j.d, j.county, j.city
    FROM j JOIN ${dl} x ON x.od <= j.d)
    QUALIFY row_number() OVER (PARTITION BY od, okey, rl, rkey, m, paid
                               ORDER BY salary_max DESC, job_id) <= ${TOP}`);
await run(`CREATE TABLE top_l AS SELECT * FROM (
    SELECT pm.m AS pm, least(bit_count(pm.m & jl.m), 2) AS b, jl.* FROM jl, (SELECT DISTINCT m FROM prof) pm)
    QUALIFY row_number() OVER (PARTITION BY pm, od, okey, rl, rkey, b, paid
                               ORDER BY salary_max DESC, job_id) <= ${TOP}`);
// common levels c (1..4: the same major group is assured by the key), then the score
const common = `CASE WHEN least(p.d, t.d) < 2 OR p.l2 <> t.l2 THEN 1
    WHEN least(p.d, t.d) < 3 OR p.l3 <> t.l3 THEN 2
    WHEN least(p.d, t.d) < 4 OR p.l4 <> t.l4 THEN 3 ELSE 4 END`;
await run(`CREATE TABLE top AS
    WITH tiers AS (
        SELECT p.*, x.od, ${key('p')}, x.rl FROM prof p JOIN ${dl} x
            ON x.od <= p.d AND (x.od >= 1 OR p.d = 0)),
    scored AS (
        SELECT DISTINCT p.pid, t.job_id, t.salary_max,
            (CASE WHEN p.d = 0 THEN 0 WHEN ${common} = p.d THEN 40 WHEN ${common} = 3 THEN 30
                  WHEN ${common} = 2 THEN 20 ELSE 10 END)
            + CASE WHEN t.county = p.county THEN 30 WHEN t.city = p.city THEN 20 ELSE 10 END
            + CASE WHEN p.want <= 0 OR t.salary_max <= 0 THEN 10 WHEN t.salary_max >= p.want THEN 20
                   WHEN t.salary_max * 5 >= p.want * 4 THEN 10 ELSE 0 END
            + least(bit_count(p.m & t.m) * 5, 10) AS score
        FROM tiers p JOIN top_l t
            ON t.pm = p.m AND t.od = p.od AND t.okey = p.okey AND t.rl = p.rl AND t.rkey = p.rkey)
    SELECT pid, job_id, score, row_number() OVER (PARTITION BY pid
        ORDER BY score DESC, salary_max DESC, job_id) AS rank
    FROM scored QUALIFY rank <= ${TOP}`);
await run(`COPY (SELECT pp2.registration_no, top.rank, top.job_id, top.score
    FROM pp2 JOIN top USING (pid) ORDER BY registration_no, rank) TO '${out}' (HEADER, DELIMITER ',')`);
const tEnd = performance.now();
const nPeople = Number((await c.runAndReadAll('SELECT count(*) FROM p')).getRows()[0][0]);
console.log(`duckdb: load ${((tLoad - t0) / 1000).toFixed(2)} s, rank ${((tEnd - tLoad) / 1000).toFixed(2)} s, `
    + `total ${((tEnd - t0) / 1000).toFixed(2)} s (${nPeople} people, ${nProfiles} distinct profiles, 2 threads)`);

for (const f of theirs) await agreement(c, out, f);
