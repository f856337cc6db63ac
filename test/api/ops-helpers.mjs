// ops-helpers.mjs — reading what `ureg migrate` prints, for test/api/dbops.test.mjs and test/pg/migrate.test.mjs.

// Parse the table of `ureg migrate`: {table: {rowsFrom, sumFrom, rowsTo, sumTo}}.
export function copyTable(stdout) {
    const out = {};
    for (const line of stdout.split('\n').slice(1)) {
        const m = /^(\w+)\s+(\d+) ([0-9a-f]{64})\s+(\d+) ([0-9a-f]{64})/.exec(line);
        if (m) out[m[1]] = { rowsFrom: +m[2], sumFrom: m[3], rowsTo: +m[4], sumTo: m[5] };
    }
    return out;
}

// The seconds and total rows of the summary line "copied N tables, R rows (...) in S s".
export function copySummary(stdout) {
    const m = /copied (\d+) tables, (\d+) rows \(schema (\d+) -> (\d+)\) in ([\d.]+) s/.exec(stdout);
    return m ? { tables: +m[1], rows: +m[2], seconds: +m[5] } : null;
}
