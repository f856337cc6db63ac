// dbops.test.mjs — whole databases for operators: `ureg backup` while the server takes
// submissions is one consistent snapshot, `ureg restore` brings it back into an empty database
// only, and `ureg migrate` copies a database with per-table counts and checksums that agree.
// Backup and restore are SQLite's, so these run in the SQLite pass of the suite (the PostgreSQL
// pass runs the round trip SQLite → PostgreSQL → SQLite of test/pg/migrate.test.mjs instead, and the
// refusal of `backup` on a postgresql:// database here).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync }
    from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, api, runCli, DEMO_USERS, PG } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';
import { copyTable } from './ops-helpers.mjs';

function tempDir(t) {
    const dir = mkdtempSync(join(tmpdir(), 'ureg-ops-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

// One value from a SQLite file, read with the sqlite3 shell (independent of ureg).
function sql(db, query) {
    return execFileSync('sqlite3', ['-batch', db, query], { encoding: 'utf8' }).trim();
}

let person = 0;
// A valid online application of a new person in 东城区 (birth dates vary: 500 numbers a day).
function form() {
    person += 1;
    const birth = new Date(Date.UTC(1975, 0, 1) + Math.floor(person / 400) * 86400000)
        .toISOString().slice(0, 10);
    return formFor(idNumber('110101', birth, (person % 400) * 2 + 1));
}

const SQLITE_ONLY = { skip: PG ? 'SQLite backup: runs in the SQLite pass' : false };

test('a backup taken while submissions commit is one consistent snapshot; restore brings it back',
    SQLITE_ONLY, async (t) => {
        const dir = tempDir(t);
        const srv = await startServer({ now: '2026-03-02T09:30:00' });
        t.after(() => srv.stop());
        const g = await srv.run(['gen', '--people', '400', '--seed', '5']);
        assert.equal(g.code, 0, g.stderr);

        // Four writers submit until told to stop; each 201 is noted with its number.
        const acked = [];
        let stop = false;
        const writer = async () => {
            while (!stop) {
                const r = await api(srv.url).post('/api/v1/public/applications', form());
                assert.equal(r.status, 201, JSON.stringify(r.body));
                acked.push(r.body.application_no);
            }
        };
        const writers = [writer(), writer(), writer(), writer()];
        while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));
        const before = acked.length;
        const bk = join(dir, 'backup.db');
        const b = await srv.run(['backup', bk]);
        const after = acked.length;
        while (acked.length < after + 40) await new Promise((r) => setTimeout(r, 20));
        stop = true;
        await Promise.all(writers);
        assert.equal(b.code, 0, b.stderr);
        assert.match(b.stdout, /^backup of .* written to .*backup\.db \(schema \d+\)$/m);
        assert.ok(!existsSync(`${bk}.partial`));

        assert.equal(sql(bk, 'PRAGMA integrity_check'), 'ok');
        assert.equal(sql(bk, 'PRAGMA foreign_key_check'), '');
        // Each submission commits its application and its audit entry together: in a snapshot
        // both or neither are there, for every one of them.
        const submitted = Number(sql(bk,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'"));
        const joined = Number(sql(bk, "SELECT COUNT(*) FROM audit_log l JOIN application a" +
            " ON a.application_no = l.object_id WHERE l.action = 'application.submit'"));
        assert.equal(joined, submitted);
        // Every 201 before the backup began is in it; what came after it finished is not.
        assert.ok(submitted >= before && submitted <= after, `${before} ≤ ${submitted} ≤ ${after}`);
        const inBackup = new Set(sql(bk, "SELECT object_id FROM audit_log" +
            " WHERE action = 'application.submit'").split('\n'));
        for (const no of acked.slice(0, before)) assert.ok(inBackup.has(no), no);
        for (const no of acked.slice(after)) assert.ok(!inBackup.has(no), no);
        const live = Number(sql(srv.db, 'SELECT COUNT(*) FROM application'));
        assert.equal(live, Number(sql(bk, 'SELECT COUNT(*) FROM application')) +
            acked.length - submitted);

        // Restore into a new database: the same counts and checksums as the backup.
        const dir2 = tempDir(t);
        const restored = join(dir2, 'ureg.db');
        // The copies are the same ciphertext: they are read with the source's key file.
        const key = { UREG_KEY_FILE: process.env.UREG_KEY_FILE || join(dirname(srv.db), 'ureg.key') };
        const r = await runCli(['restore', bk], { db: restored, env: key });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^restored .* \(schema \d+\)$/m);
        const m1 = await runCli(['migrate', '--from', bk, '--to', join(dir, 'c1.db')], { env: key });
        const m2 = await runCli(['migrate', '--from', restored, '--to', join(dir, 'c2.db')],
            { env: key });
        assert.equal(m1.code, 0, m1.stderr);
        assert.equal(m2.code, 0, m2.stderr);
        assert.deepEqual(copyTable(m2.stdout), copyTable(m1.stdout));
        assert.equal(copyTable(m1.stdout).application.rowsFrom,
            Number(sql(bk, 'SELECT COUNT(*) FROM application')));

        // A server on the restored database has the applications acknowledged before the backup.
        const srv2 = await startServer({ reuse: { dir: dir2, db: restored }, now: '2026-03-02T09:30:00',
            env: key });
        t.after(() => srv2.stopKeep());
        const c = api(srv2.url);
        assert.equal((await c.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const got = await c.get(`/api/v1/applications/${acked[0]}`);
        assert.equal(got.status, 200, JSON.stringify(got.body));
        const late = await c.get(`/api/v1/applications/${acked.at(-1)}`);
        assert.equal(late.status, 404);
    });

// The highest migration number below `version` (numbers may have gaps).
function previousMigration(version) {
    const migrations = new URL('../../src/store/migrations/', import.meta.url);
    return Math.max(...readdirSync(migrations).map((f) => parseInt(f, 10))
        .filter((v) => v < version));
}

// The SQLite text of migration `version` (its shared and .sqlite.sql files).
function migrationText(version) {
    const migrations = new URL('../../src/store/migrations/', import.meta.url);
    const prefix = String(version).padStart(3, '0') + '_';
    return readdirSync(migrations).filter((f) => f.startsWith(prefix) && !f.endsWith('.pg.sql'))
        .map((f) => readFileSync(new URL(f, migrations), 'utf8')).join('\n');
}

// SQL that undoes migration `version` on SQLite: drops what its files create, forgets its row.
// (A migration that creates nothing, such as one rebuilding a table in place, can run again.)
function undoLastMigration(version) {
    const migrations = new URL('../../src/store/migrations/', import.meta.url);
    const prefix = String(version).padStart(3, '0') + '_';
    const files = readdirSync(migrations)
        .filter((f) => f.startsWith(prefix) && !f.endsWith('.pg.sql'));
    assert.ok(files.length > 0, `migration ${version} has a file`);
    const drops = [];
    for (const f of files) {
        const text = readFileSync(new URL(f, migrations), 'utf8');
        for (const m of text.matchAll(/CREATE (?:UNIQUE )?(TABLE|INDEX) (?:IF NOT EXISTS )?(\w+)/g))
            drops.push(`DROP ${m[1]} IF EXISTS ${m[2]};`);
        for (const m of text.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g))
            drops.push(`ALTER TABLE ${m[1]} DROP COLUMN ${m[2]};`);
    }
    // Tables before their indexes are dropped with them; drop indexes first, then tables and
    // added columns (a column cannot go while an index names it).
    drops.sort((a, b) => (a.includes(' INDEX ') ? 0 : 1) - (b.includes(' INDEX ') ? 0 : 1));
    return drops.join(' ') + ` DELETE FROM schema_migrations WHERE version = ${version}`;
}

test('backup and restore refuse what they must, with the contract exit codes', async (t) => {
    // Every database here is a SQLite file named explicitly, in both passes.
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    assert.equal((await runCli(['init'], { db })).code, 0);
    const bk = join(dir, 'bk.db');
    assert.equal((await runCli(['backup', bk], { db })).code, 0);

    // An existing backup file is never overwritten.
    const again = await runCli(['backup', bk], { db });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /backup_target_exists/);
    // A database that has something in it is never restored over.
    const over = await runCli(['restore', bk], { db });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /target_not_empty/);
    // Not a ureg database: a text file, and an SQLite file without the schema.
    writeFileSync(join(dir, 'junk.db'), 'this is not a database, it is text\n'.repeat(200));
    const junk = await runCli(['restore', join(dir, 'junk.db')], { db: join(dir, 'n1.db') });
    assert.equal(junk.code, 1, junk.stderr);
    assert.match(junk.stderr, /not_a_ureg_database/);
    sql(join(dir, 'other.db'), 'CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    const other = await runCli(['restore', join(dir, 'other.db')], { db: join(dir, 'n2.db') });
    assert.equal(other.code, 1, other.stderr);
    assert.match(other.stderr, /not_a_ureg_database/);
    assert.ok(!existsSync(join(dir, 'n1.db')) && !existsSync(join(dir, 'n2.db')));
    // A schema newer than the binary is refused; an older one is migrated up.
    const version = Number(sql(bk, 'SELECT MAX(version) FROM schema_migrations'));
    copyFileSync(bk, join(dir, 'newer.db'));
    sql(join(dir, 'newer.db'),
        "INSERT INTO schema_migrations VALUES (999, '999_future.sql', '2030-01-01')");
    const newer = await runCli(['restore', join(dir, 'newer.db')], { db: join(dir, 'n3.db') });
    assert.equal(newer.code, 1, newer.stderr);
    assert.match(newer.stderr, /schema_newer_than_binary/);
    copyFileSync(bk, join(dir, 'older.db'));
    // An older file: the last migration undone (its tables and indexes dropped, its row gone).
    sql(join(dir, 'older.db'), undoLastMigration(version));
    const older = await runCli(['restore', join(dir, 'older.db')], { db: join(dir, 'n4.db') });
    assert.equal(older.code, 0, older.stderr);
    assert.match(older.stdout,
        new RegExp(`schema ${previousMigration(version)}, migrated to ${version}\\)`));
    assert.equal(sql(join(dir, 'n4.db'), 'SELECT MAX(version) FROM schema_migrations'),
        String(version));
    // A missing backup file, and a PostgreSQL database (its own tools do that).
    const missing = await runCli(['restore', join(dir, 'none.db')], { db: join(dir, 'n5.db') });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /io_error/);
    const pg = await runCli(['backup', join(dir, 'pg.db')],
        { db: PG ?? 'postgresql://127.0.0.1:1/ureg' });
    assert.equal(pg.code, 1);
    assert.match(pg.stderr, /backup_sqlite_only.*pg_dump \/ pg_basebackup: see docs\/operations\.md/);
    const usage = await runCli(['backup'], { db });
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /usage: ureg backup FILE/);
});

test('migrate copies a database with equal counts and checksums and refuses a non-empty target',
    SQLITE_ONLY, async (t) => {
        const dir = tempDir(t);
        const a = join(dir, 'a.db');
        const b = join(dir, 'b.db');
        const env = { UREG_NOW: '2026-03-02T09:00:00' };
        for (const step of [['init'], ['demo'], ['gen', '--people', '300', '--seed', '9']]) {
            const r = await runCli(step, { db: a, dev: true, env });
            assert.equal(r.code, 0, r.stderr);
        }
        const m = await runCli(['migrate', '--from', a, '--to', b]);
        assert.equal(m.code, 0, m.stderr);
        assert.equal(m.stderr, ''); // no progress lines when stderr is not a terminal
        const tables = copyTable(m.stdout);
        assert.ok(Object.keys(tables).length >= 19, m.stdout);
        for (const [name, row] of Object.entries(tables)) {
            assert.equal(row.rowsTo, row.rowsFrom, name);
            assert.equal(row.sumTo, row.sumFrom, name);
            assert.equal(row.rowsFrom, Number(sql(a, `SELECT COUNT(*) FROM ${name}`)), name);
        }
        assert.equal(tables.application.rowsFrom, 600); // 300 people, two applications each
        assert.match(m.stdout, /copied \d+ tables, \d+ rows \(schema \d+ -> \d+\) in [\d.]+ s/);

        const again = await runCli(['migrate', '--from', a, '--to', b]);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /target_not_empty/);
        const forced = await runCli(['migrate', '--from', a, '--to', b, '--force']);
        assert.equal(forced.code, 0, forced.stderr);
        assert.deepEqual(copyTable(forced.stdout), tables);
        const self = await runCli(['migrate', '--from', a, '--to', a]);
        assert.equal(self.code, 1);
        const usage = await runCli(['migrate', '--from', a]);
        assert.equal(usage.code, 1);
        assert.match(usage.stderr, /usage: ureg migrate --from URL --to URL \[--force\]/);
        const missing = await runCli(['migrate', '--from', join(dir, 'none.db'), '--to', b,
            '--force']);
        assert.equal(missing.code, 2);
    });

test('a migration numbered below the highest applied one still runs (branches land out of order)',
    async (t) => {
        const dir = tempDir(t);
        const db = join(dir, 'gap.db');
        assert.equal((await runCli(['init'], { db })).code, 0);
        const latest = Number(sql(db, 'SELECT MAX(version) FROM schema_migrations'));
        // The highest one below the last that only creates (an ALTER TABLE cannot be undone here).
        let below = previousMigration(latest);
        while (/ALTER TABLE/.test(migrationText(below))) below = previousMigration(below);
        sql(db, undoLastMigration(below)); // as if `below` had landed after `latest`
        assert.equal(sql(db, `SELECT COUNT(*) FROM schema_migrations WHERE version = ${below}`), '0');
        const again = await runCli(['init'], { db });
        assert.equal(again.code, 0, again.stderr);
        assert.equal(sql(db, `SELECT COUNT(*) FROM schema_migrations WHERE version = ${below}`), '1');
        assert.equal(sql(db, 'SELECT MAX(version) FROM schema_migrations'), String(latest));
    });
