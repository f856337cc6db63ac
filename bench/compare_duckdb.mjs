// compare_duckdb.mjs — the baseline of bench/compare.sh: the join of `ureg compare --file
// insurance=...` as SQL in DuckDB (2 threads). For every active registration (exported by
// `ureg compare --export-registrations`), the earliest contribution month that starts after its
// registration date and not after today (rules/compare: a month YYYY-MM is its first day), written
// as CSV registration_id,event_date. With a third argument, the agreement with ureg's result
// file of the same shape: rows in both, only in one, only in the other.
//
//   node bench/compare_duckdb.mjs REGS.csv INSURANCE.csv TODAY OUT.csv [UREG.csv]
import { DuckDBInstance } from '@duckdb/node-api';

const [regs, ins, today, out, theirs] = process.argv.slice(2);
if (!regs || !ins || !today || !out) {
    console.error('usage: node bench/compare_duckdb.mjs REGS.csv INSURANCE.csv TODAY OUT.csv [UREG.csv]');
    process.exit(1);
}
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
const t0 = performance.now();
// Dates: YYYY-MM-DD as is, the month forms YYYY-MM and YYYYMM as their first day.
const day = (col) => `CASE WHEN length(${col}) = 7 THEN CAST(${col} || '-01' AS DATE)
    WHEN length(${col}) = 6 THEN CAST(substr(${col}, 1, 4) || '-' || substr(${col}, 5, 2) || '-01' AS DATE)
    ELSE CAST(${col} AS DATE) END`;
await c.run(`COPY (
    SELECT r.registration_id, strftime(min(${day('i.event_date')}), '%Y-%m-%d') AS event_date
    FROM read_csv('${regs}', header = true, columns = {'registration_id': 'BIGINT',
        'id_number': 'VARCHAR', 'registered_on': 'DATE'}) r
    JOIN read_csv('${ins}', header = true, columns = {'id_number': 'VARCHAR',
        'event_date': 'VARCHAR', 'insurance_type': 'VARCHAR', 'region': 'VARCHAR'}) i
      ON i.id_number = r.id_number
    WHERE ${day('i.event_date')} > r.registered_on AND ${day('i.event_date')} <= DATE '${today}'
    GROUP BY r.registration_id ORDER BY r.registration_id
) TO '${out}' (HEADER, DELIMITER ',')`);
const ms = performance.now() - t0;
const n = (await c.runAndReadAll(`SELECT count(*) FROM read_csv('${out}', header = true)`)).getRows()[0][0];
console.log(`duckdb: ${n} registrations matched in ${(ms / 1000).toFixed(2)} s (join and CSV write)`);
if (theirs) {
    const q = `WITH a AS (SELECT * FROM read_csv('${out}', header = true, all_varchar = true)),
        b AS (SELECT * FROM read_csv('${theirs}', header = true, all_varchar = true))
        SELECT (SELECT count(*) FROM a JOIN b USING (registration_id, event_date)),
               (SELECT count(*) FROM a ANTI JOIN b USING (registration_id, event_date)),
               (SELECT count(*) FROM b ANTI JOIN a USING (registration_id, event_date))`;
    const [both, onlyDuck, onlyUreg] = (await c.runAndReadAll(q)).getRows()[0].map(Number);
    console.log(`agreement: ${both} rows in both, ${onlyDuck} only in duckdb's, ${onlyUreg} only in ureg's`);
    if (onlyDuck || onlyUreg) process.exitCode = 3;
}
