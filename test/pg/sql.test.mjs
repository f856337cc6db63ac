// sql.test.mjs — every SQL constant of src/store/*.c prepares on PostgreSQL.
//
// The API suites run the statements they reach on both backends; this catches the ones no test
// reaches yet (a new query written and tried on SQLite only). The constants are read from the
// source as the compiler sees them (adjacent string literals joined, #define'd fragments such
// as a column list expanded) and sent as `PREPARE p AS ...` to a database `ureg init` migrated,
// so the server parses them, resolves every name and infers every parameter type, as
// PQprepare does. Transaction control and the backend's own statements are left out.
// Runs only inside scripts/pg-test.sh (make test does that).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freshDb, psql, runCli, PG } from '../api/helpers.mjs';

if (!PG) throw new Error('test/pg needs UREG_TEST_PG: run it through scripts/pg-test.sh');

const STORE = new URL('../../src/store/', import.meta.url).pathname;
const STRING = /"((?:[^"\\]|\\.)*)"/g;

// The SQL constants of one C file: [{name, sql}].
function constants(src) {
    const macros = new Map();
    // A fragment may start on the line after its name (clang-format's `\` continuation).
    for (const m of src.matchAll(/#define (\w+)\s+(?:\\\s*)?((?:"(?:[^"\\]|\\.)*"\s*\\?\s*)+)/g)) {
        macros.set(m[1], [...m[2].matchAll(STRING)].map((s) => s[1]).join(''));
    }
    const out = [];
    const re = /static const char (SQL_\w+)\[\]\s*=\s*((?:\s*(?:"(?:[^"\\]|\\.)*"|\w+))+)\s*;/g;
    for (const m of src.matchAll(re)) {
        const sql = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"|(\w+)/g)]
            .map((p) => (p[1] !== undefined ? p[1] : macros.get(p[2]) ?? ''))
            .join('')
            .replace(/\\"/g, '"');
        out.push({ name: m[1], sql });
    }
    return out;
}

test('every SQL constant of the store prepares on PostgreSQL', async () => {
    const db = freshDb(tmpdir(), 'sql'); // a PostgreSQL database: no directory needed
    const init = await runCli(['init'], { db });
    assert.equal(init.code, 0, init.stderr);
    // TRUNCATE and ALTER (copy.c's --force scripts) are utility statements PREPARE refuses;
    // constants named *_SQLITE are SQLite's dialect (sqlite_master, pragma functions).
    const skip = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|CREATE TABLE|TRUNCATE|ALTER)\b|pg_advisory|pg_database/;
    let n = 0;
    const failed = [];
    for (const file of readdirSync(STORE).filter((f) => f.endsWith('.c')).sort()) {
        for (const { name, sql } of constants(readFileSync(join(STORE, file), 'utf8'))) {
            if (skip.test(sql.trim()) || name.endsWith('_SQLITE')) continue;
            n++;
            try {
                psql(db, `PREPARE p AS ${sql}`);
            } catch (e) {
                failed.push(`${file} ${name}: ${String(e.stderr || e.message).trim()}`);
            }
        }
    }
    assert.ok(n > 40, `found ${n} SQL constants`); // the extraction itself works
    assert.deepEqual(failed, []);
});
