// sql.test.mjs — every SQL constant of src/store/*.c prepares on PostgreSQL.
//
// The API suites run the statements they reach on both backends; this catches the ones no test
// reaches yet (a new query written and tried on SQLite only). The constants are read from the
// source as the compiler sees them (preprocessed: adjacent string literals joined, #define'd
// fragments expanded) and sent as `PREPARE p AS ...` to a database `ureg init` migrated,
// so the server parses them, resolves every name and infers every parameter type, as
// PQprepare does. Transaction control and the backend's own statements are left out.
// Runs only inside scripts/pg-test.sh (make test does that).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freshDb, psql, runCli, PG } from '../api/helpers.mjs';

if (!PG) throw new Error('test/pg needs UREG_TEST_PG: run it through scripts/pg-test.sh');

const STORE = new URL('../../src/store/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

// The SQL constants of one C file, as the compiler sees them: the file is run through the C
// preprocessor (`cc -E`, so #define'd fragments, function-like ones included, are expanded and
// comments gone), then each `static const char SQL_x[] =` initialiser is read by a linear scan
// of adjacent string literals. Returns [{name, sql}]; throws naming a constant whose initialiser
// is anything else, so a new form of constant fails here rather than being skipped.
function constants(file) {
    const cflags = execFileSync('pkg-config', ['--cflags', 'libpq', 'sqlite3', 'jansson', 'libsodium'], { encoding: 'utf8' }).trim();
    const src = execFileSync('sh', ['-c', `cc -E -P -D_GNU_SOURCE -Isrc ${cflags} "$0"`, file], {
        cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20,
    });
    const out = [];
    for (const m of src.matchAll(/static const char (SQL_\w+)\[\]\s*=/g)) {
        const parts = [];
        let i = m.index + m[0].length;
        for (;;) {
            while (/\s/.test(src[i] ?? '')) i++;
            if (src[i] === ';') break;
            if (src[i] !== '"') throw new Error(`${m[1]}: not a string literal at ${JSON.stringify(src.slice(i, i + 30))}`);
            let j = i + 1;
            while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
            parts.push(src.slice(i + 1, j));
            i = j + 1;
        }
        out.push({ name: m[1], sql: parts.join('').replace(/\\"/g, '"') });
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
        for (const { name, sql } of constants(join(STORE, file))) {
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
