// audit.test.mjs — the audit log as a hash chain with signed heads (issue 12): `ureg audit
// verify` finds an entry edited, deleted or inserted directly in the database by someone who
// bypasses the append-only triggers as an attacker with the database file (SQLite: the
// shell's `.dbconfig enable_trigger off`) or a superuser (PostgreSQL:
// session_replication_role = replica) would; concurrent writers on many connections still form
// one chain; the server signs the head at intervals and when it stops; the auditor exports the
// log as CSV and JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, api, runCli, DEMO_USERS, PG, psql, tempDir, assertError } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

// Run SQL on the server's database past the triggers, as the attacker would; returns rows
// as text (columns split by '|').
function attack(db, sql) {
    if (PG) return psql(db, `SET session_replication_role = replica; ${sql}`);
    return execFileSync('sqlite3', ['-batch', db, '.timeout 5000', '.dbconfig enable_trigger off',
        sql], { encoding: 'utf8' }).replace(/^\s*enable_trigger\s+off\n/, '').trim();
}

async function verify(srv) {
    const r = await srv.run(['audit', 'verify']);
    return { code: r.code, lines: r.stdout.trim().split('\n'), stderr: r.stderr };
}

// A server whose key file lives in the test's directory (on PostgreSQL the default would be
// var/ureg.key under the working directory).
async function server(t, opts = {}) {
    const dir = tempDir(t);
    const srv = await startServer({ ...opts, env: { UREG_KEY_FILE: join(dir, 'ureg.key') } });
    t.after(() => srv.stop());
    return srv;
}

test('audit verify: intact after use; names the entry edited, deleted or inserted past the triggers',
    async (t) => {
        const srv = await server(t);
        const c = api(srv.url);
        await c.login('admin', DEMO_USERS.admin.password);
        await c.post('/api/v1/session', { username: 'caseworker', password: 'wrong-password' });
        let v = await verify(srv);
        assert.equal(v.code, 0, v.lines.join('\n') + v.stderr);
        assert.match(v.lines.at(-1), /^audit log intact: (\d+) entries, head seq \1,/);

        const signed = await srv.run(['audit', 'sign']);
        assert.equal(signed.code, 0, signed.stderr);
        const head = Number(/seq (\d+)/.exec(signed.stdout)[1]);
        assert.ok(head >= 10, signed.stdout);
        v = await verify(srv);
        assert.match(v.lines.at(-1), new RegExp(`1 signed heads, last signed seq ${head} `));

        // Edit: one field of entry 5; the verification names it, and only it.
        const orig = attack(srv.db, 'SELECT object_id FROM audit_log WHERE id = 5');
        attack(srv.db, "UPDATE audit_log SET object_id = 'forged' WHERE id = 5");
        v = await verify(srv);
        assert.equal(v.code, 1);
        assert.equal(v.lines[0],
            'changed: entry 5 (seq 5) changed: its hash does not match its content and the entry before it');
        assert.match(v.lines.at(-1), /^audit log NOT intact: 1 problem/);
        attack(srv.db, `UPDATE audit_log SET object_id = '${orig}' WHERE id = 5`);
        assert.equal((await verify(srv)).code, 0);

        // The stored hash changed instead: the same entry is named.
        const hash7 = attack(srv.db, 'SELECT hash FROM audit_log WHERE id = 7');
        attack(srv.db, "UPDATE audit_log SET hash = 'ab' || substr(hash, 3) WHERE id = 7");
        v = await verify(srv);
        assert.equal(v.code, 1);
        assert.match(v.lines[0], /^changed: entry 7 \(seq 7\) changed/);
        attack(srv.db, "UPDATE audit_log SET hash = NULL WHERE id = 7"); // not even a hash
        v = await verify(srv);
        assert.match(v.lines[0], /^changed: entry 7 \(seq 7\) changed/);
        attack(srv.db, `UPDATE audit_log SET hash = '${hash7}' WHERE id = 7`);
        assert.equal((await verify(srv)).code, 0);

        // Delete: entry 8 (its place, seq 8, is named, with its neighbours).
        const row = attack(srv.db, 'SELECT id, at, actor, action, object_type, object_id, remote,'
            + ' detail, seq, hash, COALESCE(CAST(actor_id AS TEXT), \'NULL\') FROM audit_log WHERE id = 8');
        assert.ok(row.startsWith('8|'), row);
        attack(srv.db, 'DELETE FROM audit_log WHERE id = 8');
        v = await verify(srv);
        assert.equal(v.code, 1);
        assert.equal(v.lines[0], 'removed: entry seq 8 removed (between entry 7 and entry 9)');

        // Insert: a row without a place, and one at a place the chain never gave out.
        attack(srv.db, "INSERT INTO audit_log (at, actor, action, object_type, object_id)"
            + " VALUES ('2026-03-02T09:00:00+08:00', 'admin', 'user.create', 'user', '99')");
        attack(srv.db, `INSERT INTO audit_log (at, actor, action, seq, hash) VALUES`
            + ` ('2026-03-02T09:00:00+08:00', 'admin', 'user.delete', ${head + 1000}, '${'0'.repeat(64)}')`);
        v = await verify(srv);
        assert.equal(v.code, 1);
        const ids = attack(srv.db, "SELECT id FROM audit_log WHERE action IN ('user.create', 'user.delete')"
            + " AND actor = 'admin' AND remote = '' ORDER BY id").split('\n');
        assert.ok(v.lines.includes(`inserted: entry ${ids[0]} inserted: it has no place in the chain (no seq or hash)`),
            v.lines.join('\n'));
        assert.ok(v.lines.includes(`inserted: entry ${ids[1]} inserted: its place seq ${head + 1000}`
            + ` is past the chain's head seq ${head}`), v.lines.join('\n'));
        assert.equal(v.lines[0], 'removed: entry seq 8 removed (between entry 7 and entry 9)');
        assert.match(v.lines.at(-1), /^audit log NOT intact: 3 problem/);
        // Put back what was deleted (as it was) and take out what was inserted: intact again.
        const [id, at, actor, action, otype, oid, remote, detail, seq, hash, actorId] = row.split('|');
        attack(srv.db, `DELETE FROM audit_log WHERE id IN (${ids.join(',')});`
            + ' INSERT INTO audit_log (id, at, actor_id, actor, action, object_type, object_id, remote,'
            + ` detail, seq, hash) VALUES (${id}, '${at}', ${actorId}, '${actor}', '${action}', '${otype}', '${oid}',`
            + ` '${remote}', '${detail}', ${seq}, '${hash}')`);
        v = await verify(srv);
        assert.equal(v.code, 0, v.lines.join('\n'));
    });

test('audit verify: a tail cut off with the chain row rewound is caught by the signed head; a forged signature too',
    async (t) => {
        const srv = await server(t);
        const c = api(srv.url);
        await c.login('auditor', DEMO_USERS.auditor.password);
        const s = await srv.run(['audit', 'sign']);
        const head = Number(/seq (\d+)/.exec(s.stdout)[1]);
        attack(srv.db, `DELETE FROM audit_log WHERE seq = ${head}; UPDATE audit_chain SET seq = ${head - 1}`);
        let v = await verify(srv);
        assert.equal(v.code, 1);
        assert.equal(v.lines[0], `removed: entries up to seq ${head} removed: a signed head covers`
            + ` them but the chain ends at seq ${head - 1}`);
        attack(srv.db, `UPDATE audit_signature SET signature = '${'1'.repeat(128)}'`);
        v = await verify(srv);
        assert.equal(v.lines[0], `signature: signed head at seq ${head}: the signature does not`
            + ' check with the audit public key (forged or changed)');
        // With the right public key given, from a copy without the key file, the same.
        const key = await srv.run(['audit', 'key']);
        assert.match(key.stdout, /^[0-9a-f]{64}\n$/);
        const other = await srv.run(['audit', 'verify', '--public-key', key.stdout.trim()]);
        assert.equal(other.code, 1);
        const wrong = await srv.run(['audit', 'verify', '--public-key', 'zz']);
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, /--public-key wants 64 hex digits/);
    });

test('concurrent writers on many connections form one chain; the server signs at intervals and when it stops',
    async (t) => {
        const dir = tempDir(t);
        const env = { UREG_KEY_FILE: join(dir, 'ureg.key') };
        const first = await startServer({ env });
        t.after(() => first.stop());
        const set = await first.run(['policy', 'set', 'audit_sign_entries', '25']);
        assert.equal(set.code, 0, set.stderr);
        await first.stopKeep();
        const live = await startServer({ reuse: first, env });
        t.after(() => live.stop());
        // Submissions (group commit), logins and failed logins (their own transactions) at once.
        const jobs = [];
        for (let i = 0; i < 60; i++) {
            const c = api(live.url);
            jobs.push(c.post('/api/v1/public/applications',
                formFor(idNumber('110101', '19900101', 100 + i))));
            jobs.push(c.post('/api/v1/session', { username: 'supervisor',
                password: i % 3 ? DEMO_USERS.supervisor.password : 'wrong-password' }));
        }
        const res = await Promise.all(jobs);
        assert.equal(res.filter((r) => r.status === 201).length, 60);
        // Signed by the server's signer (after 25 entries; it looks every second).
        let sigs = 0;
        for (let i = 0; i < 50 && sigs === 0; i++) {
            await new Promise((r) => setTimeout(r, 100));
            sigs = Number(attack(live.db, 'SELECT COUNT(*) FROM audit_signature'));
        }
        assert.ok(sigs >= 1, 'the signer signed a head after 25 entries');
        const stopped = await live.stopKeep();
        assert.equal(stopped.code, 0);
        const last = await runCli(['audit', 'verify'], { db: live.db, dev: true, env });
        assert.equal(last.code, 0, last.stdout + last.stderr);
        const m = /intact: (\d+) entries, head seq (\d+), (\d+) signed heads, last signed seq (\d+) \(0 entries/
            .exec(last.stdout);
        assert.ok(m, last.stdout); // signed at stop: nothing after the last signed head
        assert.equal(m[1], m[2]);
        const rows = Number(attack(live.db, 'SELECT COUNT(*) FROM audit_log'));
        assert.equal(rows, Number(m[1]));
        assert.ok(rows >= 120, `${rows} entries`);
        const seqs = attack(live.db, 'SELECT MIN(seq), MAX(seq), COUNT(DISTINCT seq) FROM audit_log');
        assert.equal(seqs, `1|${rows}|${rows}`);
    });

test('the auditor exports the log as CSV and JSON (audited); others may not', async (t) => {
    const srv = await server(t);
    const au = api(srv.url);
    await au.login('auditor', DEMO_USERS.auditor.password);
    const j = await au.get('/api/v1/audit/export?from_id=1&to_id=5');
    assert.equal(j.status, 200, JSON.stringify(j.body));
    assert.equal(j.body.items.length, 5);
    assert.deepEqual(j.body.items.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.match(j.body.items[0].hash, /^[0-9a-f]{64}$/);
    assert.equal(j.body.items[0].action, 'refdata.load');
    const csv = await au.get('/api/v1/audit/export.csv?to_id=3');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="audit-log.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'id,seq,at,actor_id,actor,action,object_type,object_id,remote,detail,hash');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^1,1,[^,]+,,system:init,refdata\.load,/);
    assert.equal(j.body.next_from_id, null);
    const page = await au.get('/api/v1/audit/export?limit=2');
    assert.deepEqual(page.body.items.map((e) => e.id), [1, 2]);
    assert.equal(page.body.next_from_id, 3);
    const log = await au.get('/api/v1/audit?object_type=audit_log&object_id=');
    assert.equal(log.status, 200);
    assert.deepEqual(log.body.items.map((e) => [e.action, e.actor, e.detail.format]),
        [['audit.export', 'auditor', 'json'], ['audit.export', 'auditor', 'csv'],
            ['audit.export', 'auditor', 'json']]);
    assertError(await au.get('/api/v1/audit/export?limit=10001'), 400, 'field_invalid', 'limit');
    assertError(await au.get('/api/v1/audit/export.csv?from_id=x'), 400, 'field_invalid', 'from_id');
    const cw = api(srv.url);
    await cw.login('caseworker', DEMO_USERS.caseworker.password);
    assertError(await cw.get('/api/v1/audit/export'), 403, 'forbidden');
    assertError(await cw.get('/api/v1/audit/export.csv'), 403, 'forbidden');
});
