// compare.test.mjs — `ureg compare` over registrations (issue 9, notice §5 ¶2) as a black box:
// every registry-backed exit reason (11 from insurance and from an employment filing, 12, 21,
// 25, 26) with its evidence, from loaded datasets and from a fresh `--file` streamed without
// loading it; auto and propose as exit_policy says; idempotence; a run killed half-way and run
// again; the compact verification history; the reject file; refusals of a wrong header and a
// wrong source that change nothing; months passing under the development clock (UREG_NOW).
// Registrations are made on 2026-03-02 through the API; the rows are read back with SQL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS, PG, psql } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

// Rows of one query as arrays of strings, on either backend.
function sql(db, q) {
    const out = PG ? psql(db, q)
        : execFileSync('sqlite3', ['-separator', '|', db, q], { encoding: 'utf8' }).trim();
    return out === '' ? [] : out.split('\n').map((l) => l.split('|'));
}

let seq = 500;
async function register(srv, cw) {
    seq += 2;
    const id = idNumber('110101', '1986-07-21', seq);
    const a = await api(srv.url).post('/api/v1/public/applications', formFor(id));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const [[rid]] = sql(srv.db,
        `SELECT id FROM registration WHERE registration_no = '${d.body.registration_no}'`);
    return { id, reg: Number(rid), reg_no: d.body.registration_no };
}

async function pendingApplication(srv) {
    seq += 2;
    const id = idNumber('110101', '1986-07-21', seq);
    const a = await api(srv.url).post('/api/v1/public/applications', formFor(id));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const [[aid]] = sql(srv.db,
        `SELECT id FROM application WHERE application_no = '${a.body.application_no}'`);
    return Number(aid);
}

function exitsOf(db, reg) {
    return sql(db, `SELECT reason_code, exit_date, source, evidence FROM exit_event
        WHERE registration_id = ${reg} AND reverted_at IS NULL`)
        .map(([reason, date, source, ev]) => ({ reason, date, source, evidence: JSON.parse(ev) }));
}

function statusOf(db, reg) {
    return sql(db, `SELECT status, exit_reason FROM registration WHERE id = ${reg}`)[0];
}

function csv(path, header, rows) {
    writeFileSync(path, [header, ...rows].join('\n') + '\n');
    return path;
}

function countsOf(stdout) {
    const m = /^registrations with a record that ends them (\d+): exits applied (\d+), proposed (\d+), proposals already open (\d+), skipped (\d+)$/m.exec(stdout);
    assert.ok(m, stdout);
    const [found, applied, proposed, kept, skipped] = m.slice(1).map(Number);
    return { found, applied, proposed, kept, skipped };
}

const HDR = 'id_number,event_date,detail';

test('every registry-backed reason, loaded and fresh, auto and propose, idempotent, over months',
    async () => {
        const srv = await startServer({ now: '2026-03-02T10:00:00' });
        try {
            const cw = api(srv.url);
            assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
            const hired = await register(srv, cw);    // insurance 2026-04 in a fresh file: 11
            const filed = await register(srv, cw);    // an employment filing, loaded: 11
            const shop = await register(srv, cw);     // a business licence, loaded: 12, proposed
            const pension = await register(srv, cw);  // pension drawn before registering: 21
            const jailed = await register(srv, cw);   // custody from 2026-05-01: 25, in May
            const died = await register(srv, cw);     // death on 2026-04-05: 26
            const still = await register(srv, cw);    // contributions before only: stays active
            const bad = await register(srv, cw);      // only a bad row after: stays active
            const dir = srv.dir;
            const load = async (source, rows) => {
                const f = csv(join(dir, `${source}.csv`), HDR, rows);
                const r = await srv.run(['import', source, f]);
                assert.equal(r.code, 0, r.stderr);
            };
            await load('employment_filings', [`${filed.id},2026-04-08,hire`, `${filed.id},2026-02-01,end`]);
            await load('business_licences', [`${shop.id},2026-04-09,individual`]);
            await load('pensions', [`${pension.id},2026-01-10,110101`]);
            await load('custody', [`${jailed.id},2026-05-01,x`]);
            await load('deaths', [`${died.id},2026-04-05,x`]);
            const fresh = csv(join(dir, 'ins.csv'), HDR, [
                `${hired.id},2026-02,acme`,
                `${hired.id},2026-03,acme`,   // the registration month: not after
                `${hired.id},2026-04,acme`,   // line 4: the earliest after
                `${hired.id},2026-05,acme`,
                `${still.id},2026-01,acme`,
                `${still.id},2026-02,acme`,
                `${bad.id},2026-13,acme`,     // line 8: event_date_invalid
                `${bad.id.slice(0, 17)}${bad.id[17] === '0' ? '1' : '0'},2026-04,acme`, // id_checksum
            ]);
            assert.equal((await srv.run(['policy', 'exit', '12', 'propose'])).code, 0);
            const april = { env: { UREG_NOW: '2026-04-10T09:00:00' } };
            const exitRows = () => Number(sql(srv.db, 'SELECT count(*) FROM exit_event')[0][0]);
            const before = exitRows();

            // A wrong header and a wrong source are refused before anything changes.
            const wrong = csv(join(dir, 'wrong.csv'), 'id,date', [`${hired.id},2026-04`]);
            const r1 = await srv.run(['compare', '--file', `insurance=${wrong}`], april);
            assert.equal(r1.code, 1);
            assert.match(r1.stderr, /csv_header/);
            assert.match(r1.stderr, /wrong\.csv/);
            const r2 = await srv.run(['compare', '--file', `ssc_holders=${fresh}`], april);
            assert.equal(r2.code, 1);
            assert.match(r2.stderr, /dataset_source_unknown/);
            const r3 = await srv.run(['compare', '--file', `insurance=${fresh}`, '--file',
                `custody=${wrong}`], april);
            assert.equal(r3.code, 1, 'one bad file of two: nothing is done');
            assert.equal(exitRows(), before);
            assert.equal(statusOf(srv.db, hired.reg)[0], 'active');

            // April: everything dated up to 2026-04-10 is found; custody is still in the future.
            const r = await srv.run(['compare', '--file', `insurance=${fresh}`], april);
            assert.equal(r.code, 0, r.stderr);
            assert.deepEqual(countsOf(r.stdout),
                { found: 5, applied: 4, proposed: 1, kept: 0, skipped: 0 });
            assert.match(r.stdout, /file insurance=.*ins\.csv: read 8, rejected 2, rows of registered people 6/);
            const rejects = readFileSync(`${fresh}.rejects.csv`, 'utf8');
            assert.match(rejects, /^\uFEFFline,reason,id_number,event_date,detail\n/);
            assert.match(rejects, /\n8,event_date_invalid,/);
            assert.match(rejects, /\n9,id_checksum,/);

            assert.deepEqual(exitsOf(srv.db, hired.reg), [{ reason: '11', date: '2026-04-01',
                source: 'compare',
                evidence: { source: 'insurance', event_date: '2026-04-01', line: 4, file: 'ins.csv' } }]);
            const [f] = exitsOf(srv.db, filed.reg);
            assert.equal(f.reason, '11');
            assert.equal(f.date, '2026-04-08');
            assert.equal(f.evidence.source, 'employment_filings');
            assert.equal(f.evidence.line, 2);
            assert.ok(f.evidence.import_id > 0);
            const [p] = exitsOf(srv.db, pension.reg);
            assert.equal(p.reason, '21');
            assert.equal(p.date, '2026-03-02', 'an exit is never before the registration');
            assert.equal(p.evidence.event_date, '2026-01-10');
            const [d] = exitsOf(srv.db, died.reg);
            assert.equal(d.reason, '26');
            assert.equal(d.date, '2026-04-05');
            assert.deepEqual(statusOf(srv.db, died.reg), ['exited', '26']);
            // 12 is on propose: an open proposal with its evidence, the registration active.
            assert.deepEqual(exitsOf(srv.db, shop.reg), []);
            assert.equal(statusOf(srv.db, shop.reg)[0], 'active');
            const props = sql(srv.db, `SELECT reason_code, exit_date, source, status, evidence
                FROM exit_proposal WHERE registration_id = ${shop.reg}`);
            assert.equal(props.length, 1);
            assert.deepEqual(props[0].slice(0, 4), ['12', '2026-04-09', 'compare', 'open']);
            assert.equal(JSON.parse(props[0][4]).source, 'business_licences');
            for (const k of [jailed, still, bad]) {
                assert.deepEqual(exitsOf(srv.db, k.reg), [], k.id);
                assert.equal(statusOf(srv.db, k.reg)[0], 'active');
            }
            // Notifications: 11, 21 are told; 26 is not (rules/exit).
            const notes = (reg) => Number(sql(srv.db, `SELECT count(*) FROM notification
                WHERE registration_id = ${reg}`)[0][0]);
            assert.equal(notes(hired.reg), 1);
            assert.equal(notes(died.reg), 0);

            // The same run again changes nothing: the proposal is kept, no row is added.
            const tables = ['exit_event', 'exit_proposal', 'notification', 'verification', 'task'];
            const snapshot = () => tables.map((t) => sql(srv.db, `SELECT count(*) FROM ${t}`)[0][0]);
            const s1 = snapshot();
            const again = await srv.run(['compare', '--file', `insurance=${fresh}`], april);
            assert.equal(again.code, 0, again.stderr);
            assert.deepEqual(countsOf(again.stdout),
                { found: 1, applied: 0, proposed: 0, kept: 1, skipped: 0 });
            assert.deepEqual(snapshot(), s1);

            // May: the custody record has happened.
            const may = await srv.run(['compare'], { env: { UREG_NOW: '2026-05-10T09:00:00' } });
            assert.equal(may.code, 0, may.stderr);
            assert.deepEqual(countsOf(may.stdout),
                { found: 2, applied: 1, proposed: 0, kept: 1, skipped: 0 });
            const [j] = exitsOf(srv.db, jailed.reg);
            assert.equal(j.reason, '25');
            assert.equal(j.date, '2026-05-01');
            assert.equal(notes(jailed.reg), 0);
            assert.equal(statusOf(srv.db, still.reg)[0], 'active');
        } finally {
            await srv.stop();
        }
    });

test('the verification history of a pending application keeps changes only', async () => {
    const srv = await startServer({ now: '2026-03-02T10:00:00', demo: false });
    try {
        const app = await pendingApplication(srv);
        const rows = () => sql(srv.db, `SELECT check_name, result FROM verification
            WHERE application_id = ${app} ORDER BY id`);
        assert.equal(rows().length, 5, 'intake checks once');
        for (let i = 0; i < 2; i++) {
            const r = await srv.run(['compare']);
            assert.equal(r.code, 0, r.stderr);
        }
        assert.equal(rows().length, 5, 'unchanged checks add no row');
        // A death record changes the death check (and its evidence): one row more.
        const deaths = csv(join(srv.dir, 'deaths.csv'), HDR, []);
        const imp = await srv.run(['import', 'deaths', deaths]);
        assert.equal(imp.code, 0, imp.stderr);
        const r = await srv.run(['compare']);
        assert.equal(r.code, 0, r.stderr);
        const after = rows();
        assert.equal(after.length, 6);
        assert.deepEqual(after[5], ['death', 'pass']); // unknown → pass: the dataset is loaded
    } finally {
        await srv.stop();
    }
});

test('a run killed half-way is finished by the next and changes nothing after', async () => {
    const big = await startServer({ now: '2026-03-02T10:00:00' });
    try {
        const cw = api(big.url);
        assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const people = [];
        for (let i = 0; i < 12; i++) people.push(await register(big, cw));
        // A file with many rows of other people around ours, so that the run takes a while.
        const rows = [];
        for (let k = 0; k < 200000; k++) rows.push(`${idNumber('110102', '1970-01-01', 2 * (k % 450) + 1)},2026-0${1 + (k % 3)},x`);
        people.forEach((p, i) => rows.splice(i * 1000, 0, `${p.id},2026-04,new`));
        const file = csv(join(big.dir, 'ins.csv'), HDR, rows);
        const env = { ...process.env, UREG_NOW: '2026-04-10T09:00:00' };
        const child = spawn(process.env.UREG_BIN, ['--db', big.db, '--dev', 'compare', '--batch', '1',
            '--file', `insurance=${file}`], { env, stdio: 'ignore' });
        const exited = new Promise((r) => child.on('exit', r)); // also if it ends before the kill
        await new Promise((r) => setTimeout(r, 150));
        child.kill('SIGKILL');
        await exited;
        const r = await big.run(['compare', '--file', `insurance=${file}`],
            { env: { UREG_NOW: '2026-04-10T09:00:00' } });
        assert.equal(r.code, 0, r.stderr);
        for (const p of people) {
            const e = exitsOf(big.db, p.reg);
            assert.equal(e.length, 1, p.id);
            assert.equal(e[0].reason, '11');
            assert.equal(e[0].date, '2026-04-01');
        }
        const third = await big.run(['compare', '--file', `insurance=${file}`],
            { env: { UREG_NOW: '2026-04-10T09:00:00' } });
        assert.equal(third.code, 0, third.stderr);
        assert.deepEqual(countsOf(third.stdout),
            { found: 0, applied: 0, proposed: 0, kept: 0, skipped: 0 });
    } finally {
        await big.stop();
    }
});

test('usage errors: --file without SOURCE=PATH', async () => {
    const srv = await startServer({ now: '2026-03-02T10:00:00', demo: false });
    try {
        for (const bad of ['insurance', '=x.csv', 'insurance=']) {
            const r = await srv.run(['compare', '--file', bad]);
            assert.equal(r.code, 1, bad);
            assert.match(r.stderr, /usage/i, bad);
        }
        const r = await srv.run(['compare', '--file', 'insurance=/nonexistent.csv']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /dataset_file_unreadable/);
    } finally {
        await srv.stop();
    }
});

// The rows a compare run writes for its exits, comparable across two stores: an exit's id is
// named by its registration (PostgreSQL's sequence skips the ids of a transaction rolled back).
function exitRowsOf(db) {
    const exits = sql(db, `SELECT id, registration_id, scope_region, reason_code, subkind, exit_date,
        source, evidence, note, notify, COALESCE(decided_by, 0) FROM exit_event ORDER BY id`);
    const reg = new Map(exits.map(([id, r]) => [id, `reg ${r}`]));
    const named = (id) => reg.get(String(id)) ?? `unknown exit ${id}`;
    return {
        exits: exits.map(([, ...rest]) => rest),
        regs: sql(db, `SELECT id, status, COALESCE(exit_reason, ''), COALESCE(exit_date, ''),
            COALESCE(exit_note, ''), COALESCE(exit_notified, -1) FROM registration ORDER BY id`),
        notes: sql(db, `SELECT exit_id, registration_id, scope_region, channel, text, status
            FROM notification ORDER BY id`).map(([id, ...rest]) => [named(id), ...rest]),
        outbox: sql(db, `SELECT kind, application_no, body, status FROM exchange_outbox
            WHERE kind = 'exit' ORDER BY id`),
        audit: sql(db, `SELECT actor, action, object_type, object_id, detail FROM audit_log
            WHERE action = 'registration.exit' ORDER BY seq`).map((r) => {
            const d = JSON.parse(r[4]);
            return [...r.slice(0, 4), { ...d, exit_id: named(d.exit_id) }];
        }),
    };
}

test('hundreds of exits written a batch at once: the rows of one exit at a time, the audit chain intact; a batch failing midway leaves none of its rows and the next run finishes',
    async () => {
        const opts = { now: '2026-06-01T08:00:00' };
        const [bulk, single] = [await startServer(opts), await startServer(opts)];
        try {
            for (const s of [bulk, single]) {
                const g = await s.run(['gen', '--people', '500', '--seed', '3', '--no-history']);
                assert.equal(g.code, 0, g.stderr);
            }
            // Every other active registration has a contribution the month after it began.
            const regs = join(bulk.dir, 'regs.csv');
            assert.equal((await bulk.run(['compare', '--export-registrations', regs])).code, 0);
            const rows = readFileSync(regs, 'utf8').trim().split('\n').slice(1)
                .map((l) => l.split(','))
                .filter(([rid, , on]) => Number(rid) % 2 === 0 && on < '2026-10-01')
                .map(([, id, on]) => {
                    const [y, m] = on.split('-').map(Number);
                    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
                    return `${id},${next},acme`;
                });
            assert.ok(rows.length > 150, String(rows.length));
            const file = csv(join(bulk.dir, 'ins.csv'), HDR, rows);
            const dec = { env: { UREG_NOW: '2026-12-01T09:00:00' } };

            // The reference: a loaded dataset (a death of nobody registered) makes compare look at
            // every registration and write each exit on its own.
            const deaths = csv(join(single.dir, 'deaths.csv'), HDR, [`${idNumber('110102', '1950-01-01', 1)},2026-01-05,x`]);
            assert.equal((await single.run(['import', 'deaths', deaths])).code, 0);
            const one = await single.run(['compare', '--registrations-only', '--file', `insurance=${file}`], dec);
            assert.equal(one.code, 0, one.stderr);

            // A trigger makes the third batch's 10th exit fail: its batch writes nothing.
            const batch = 40;
            const failAt = rows.length > 0 && Number(sql(bulk.db, `SELECT id FROM registration
                WHERE status = 'active' AND id % 2 = 0 AND registered_on < '2026-10-01'
                ORDER BY id LIMIT 1 OFFSET ${2 * batch + 9}`)[0][0]);
            const trigger = PG
                ? [`CREATE FUNCTION t_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                    RAISE EXCEPTION 'fail'; END $$`,
                    `CREATE TRIGGER t_fail BEFORE INSERT ON notification FOR EACH ROW
                    WHEN (NEW.registration_id = ${failAt}) EXECUTE FUNCTION t_fail()`]
                : [`CREATE TRIGGER t_fail BEFORE INSERT ON notification
                    WHEN NEW.registration_id = ${failAt} BEGIN SELECT RAISE(ABORT, 'fail'); END`];
            const counts = [`SELECT count(*) FROM exit_event`, 'SELECT count(*) FROM notification',
                `SELECT count(*) FROM exchange_outbox WHERE kind = 'exit'`,
                `SELECT count(*) FROM audit_log WHERE action = 'registration.exit'`,
                `SELECT count(*) FROM registration WHERE status = 'exited'`];
            const countAll = () => counts.map((q) => Number(sql(bulk.db, q)[0][0]));
            const base = countAll(); // gen's own exits
            const [[lastExit]] = sql(bulk.db, 'SELECT COALESCE(MAX(id), 0) FROM exit_event');
            for (const t of trigger) sql(bulk.db, t);
            const failed = await bulk.run(['compare', '--registrations-only', '--batch', String(batch),
                '--file', `insurance=${file}`], dec);
            assert.notEqual(failed.code, 0, failed.stdout);
            // the two batches before, whole; nothing of the third
            assert.deepEqual(countAll(), base.map((n) => n + 2 * batch));
            const exitRegs = sql(bulk.db, `SELECT registration_id FROM exit_event
                WHERE id > ${lastExit}`).map(([r]) => Number(r));
            assert.equal(exitRegs.length, 2 * batch);
            assert.ok(exitRegs.every((r) => r < failAt));
            assert.equal((await bulk.run(['audit', 'verify'])).code, 0);

            sql(bulk.db, 'DROP TRIGGER t_fail' + (PG ? ' ON notification' : ''));
            const rest = await bulk.run(['compare', '--registrations-only', '--batch', String(batch),
                '--file', `insurance=${file}`], dec);
            assert.equal(rest.code, 0, rest.stderr);
            const c1 = countsOf(one.stdout), c2 = countsOf(rest.stdout);
            assert.equal(c1.applied, rows.length);
            assert.equal(c2.applied + 2 * batch, rows.length);
            assert.deepEqual(exitRowsOf(bulk.db), exitRowsOf(single.db));
            const v = await bulk.run(['audit', 'verify']);
            assert.equal(v.code, 0, v.stderr + v.stdout);
            const again = await bulk.run(['compare', '--registrations-only', '--file', `insurance=${file}`], dec);
            assert.deepEqual(countsOf(again.stdout), { found: 0, applied: 0, proposed: 0, kept: 0, skipped: 0 });
        } finally {
            await bulk.stop();
            await single.stop();
        }
    });
