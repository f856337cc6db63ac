// migrate.test.mjs — `ureg migrate` between the backends (issue 7): a SQLite database with the
// demo and generated people goes to PostgreSQL and back, checksums equal at every step, and a
// server on the PostgreSQL copy answers the caseworker's queue exactly as one on the original,
// and takes new applications (ids continue past the copied ones). Runs only inside
// scripts/pg-test.sh (make test does that), as every file of test/pg/; SQLite to SQLite copies
// are tested in test/api/dbops.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, runCli, freshDb, psql, DEMO_USERS, PG } from '../api/helpers.mjs';
import { idNumber } from '../api/idgen.mjs';
import { copyTable, copySummary } from '../api/ops-helpers.mjs';

if (!PG) throw new Error('test/pg needs UREG_TEST_PG: run it through scripts/pg-test.sh');

const NOW = '2026-03-02T09:30:00';

function tempDir(t) {
    const dir = mkdtempSync(join(tmpdir(), 'ureg-pgops-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

// Every item of the caller's queue with that status ('' for the default), page after page.
async function queue(url, user, status) {
    const c = api(url);
    assert.equal((await c.login(user, DEMO_USERS[user].password)).status, 200);
    const items = [];
    let cursor = null;
    do {
        const r = await c.get(`/api/v1/applications?limit=100&status=${status}` +
            (cursor ? `&cursor=${cursor}` : ''));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        items.push(...r.body.items);
        cursor = r.body.next;
    } while (cursor);
    return items;
}

function assertSameCopy(m, what) {
    assert.equal(m.code, 0, `${what}: ${m.stderr}`);
    const tables = copyTable(m.stdout);
    assert.ok(Object.keys(tables).length >= 19, m.stdout);
    for (const [name, row] of Object.entries(tables)) {
        assert.equal(row.rowsTo, row.rowsFrom, `${what} ${name}`);
        assert.equal(row.sumTo, row.sumFrom, `${what} ${name}`);
    }
    return tables;
}

test('SQLite → PostgreSQL → SQLite keeps every row, and a server on the copy answers the same',
    async (t) => {
        const dir = tempDir(t);
        const orig = join(dir, 'orig.db');
        const env = { UREG_NOW: NOW };
        for (const step of [['init'], ['demo'],
            ['gen', '--people', '1500', '--seed', '21', '--out', join(dir, 'sets')],
            ['import', 'insurance', join(dir, 'sets', 'insurance.csv')], ['compare']]) {
            const r = await runCli(step, { db: orig, dev: true, env });
            assert.equal(r.code, 0, `${step[0]}: ${r.stderr}`);
        }
        // Text the copy must carry exactly: quotes, backslashes, commas, braces, the word NULL
        // beside a real NULL and an empty string, a line break, Chinese.
        execFileSync('sqlite3', [orig, "INSERT INTO agency (name, region, kind, address, phone," +
            " items, created_at) VALUES ('引号\"反斜杠\\逗号,{括号}', '110101', 'street', 'NULL'," +
            " '', '[\"a,b\"]', 'line1' || char(10) || 'line2')"]);
        const pg = freshDb(dir, 'copy');
        const back = join(dir, 'back.db');

        const there = await runCli(['migrate', '--from', orig, '--to', pg]);
        const t1 = assertSameCopy(there, 'to PostgreSQL');
        const again = await runCli(['migrate', '--from', pg, '--to', back]);
        const t2 = assertSameCopy(again, 'back to SQLite');
        // The same rows on all three: the checksums are computed alike on both engines.
        assert.deepEqual(t2, t1);
        for (const name of ['person', 'application', 'registration', 'verification',
            'audit_log', 'ref_record']) assert.ok(t1[name].rowsFrom > 0, name);
        assert.equal(psql(pg, "SELECT address, phone = '', created_at FROM agency" +
            " WHERE name LIKE '引号%'"), 'NULL|t|line1\nline2');
        assert.equal(psql(pg, "SELECT COUNT(*) FROM region WHERE parent IS NULL"),
            execFileSync('sqlite3', [orig, 'SELECT COUNT(*) FROM region WHERE parent IS NULL'],
                { encoding: 'utf8' }).trim());
        assert.equal(execFileSync('sqlite3', [back, "SELECT name FROM agency WHERE name LIKE" +
            " '引号%'"], { encoding: 'utf8' }).trim(), '引号"反斜杠\\逗号,{括号}');
        const s1 = copySummary(there.stdout);
        const s2 = copySummary(again.stdout);
        console.log(`# round trip: ${s1.rows} rows in ${s1.tables} tables; SQLite→PG ` +
            `${s1.seconds} s, PG→SQLite ${s2.seconds} s; application checksum ` +
            `${t1.application.sumFrom.slice(0, 16)}…, ref_record ${t1.ref_record.rowsFrom} rows`);

        // A second copy onto the filled PostgreSQL database is refused, and --force redoes it.
        const refused = await runCli(['migrate', '--from', orig, '--to', pg]);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /target_not_empty/);
        const forced = await runCli(['migrate', '--from', back, '--to', pg, '--force']);
        assert.deepEqual(assertSameCopy(forced, 'forced'), t1);

        // Servers on the original and on the PostgreSQL copy: the same queues, item for item.
        const a = await startServer({ reuse: { dir, db: orig }, now: NOW });
        t.after(() => a.stopKeep());
        const b = await startServer({ reuse: { dir, db: pg }, now: NOW });
        t.after(() => b.stopKeep());
        let compared = 0;
        for (const user of ['caseworker', 'supervisor']) {
            for (const status of ['', 'pending_review', 'approved', 'rejected']) {
                const qa = await queue(a.url, user, status);
                assert.deepEqual(await queue(b.url, user, status), qa, `${user} ${status}`);
                compared += qa.length;
            }
        }
        assert.ok(compared > 500, `${compared} queue items compared`);
        console.log(`# round trip: ${compared} queue items equal on the original and the copy`);
        // New writes on the copy take ids past the copied ones (sequences set by migrate).
        const r = await api(b.url).post('/api/v1/public/applications', {
            id_type: 'resident_id', id_number: idNumber('110101', '1969-09-09', 777),
            name: '赵迁移', phone: '13912345678', residence_region: '110101',
            residence_address: '北京市东城区示例胡同3号', register_region: '110101',
            register_basis: 'residence', unemployed_since: '2026-01-15',
            unemployment_reason: '20', commitment: true,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const c = api(b.url);
        assert.equal((await c.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        assert.equal((await c.get(`/api/v1/applications/${r.body.application_no}`)).status, 200);
        const added = await runCli(['agency', 'add', '--name', '新机构', '--region', '110101'],
            { db: pg });
        assert.equal(added.code, 0, added.stderr);
        assert.equal(Number(added.stdout), t1.agency.rowsFrom + 1);
    });
