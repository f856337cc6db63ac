// pii.test.mjs — personal data at rest as a black box (issue 12, DESIGN.md "Personal data at
// rest"): a stolen database file (SQLite: the file and its WAL; PostgreSQL: every table's rows
// as a dump reads them) holds none of the document numbers, phones, names or sensitive details
// of the people taken in, while the API still shows them (masked, or revealed); the key file is
// required, checked and never replaced; `ureg key rotate` re-encrypts everything, resumably.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, chmodSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, api, runCli, freshDb, tempDir, psql, PG, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

// Known people: each has a document number, a phone, a name and details found nowhere else.
const PEOPLE = [
    { id: idNumber('110101', '1988-04-12', 301), name: '欧阳震华', phone: '13912340001',
        employer: '甲乙丙特种玻璃有限公司', address: '北京市东城区景山前街七号院' },
    { id: idNumber('110101', '1979-11-03', 302), name: '司马相如', phone: '13912340002',
        employer: '丁戊己精密铸造厂', address: '北京市东城区王府井北口八号楼' },
    { id: idNumber('110101', '1995-02-27', 303), name: '上官婉儿', phone: '13912340003',
        employer: '庚辛壬文化传媒中心', address: '北京市东城区东四十条九号' },
];

function formOf(p) {
    return formFor(p.id, {
        name: p.name, phone: p.phone, residence_address: p.address, hukou_address: p.address,
        health: 'disabled', disability_grade: '2', last_employer: p.employer,
    });
}

// What a thief of the database gets: the SQLite file and its WAL as bytes, or on PostgreSQL
// the text of every row of every table (what pg_dump would write).
function rawDatabase(srv) {
    if (!PG) {
        const parts = [srv.db, `${srv.db}-wal`].filter(existsSync).map((f) => readFileSync(f));
        return Buffer.concat(parts);
    }
    const tables = psql(srv.db,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split('\n');
    const text = tables.map((t) => psql(srv.db, `SELECT COALESCE(string_agg(x::text, E'\\n'), '')
        FROM "${t}" x`)).join('\n');
    return Buffer.from(text, 'utf8');
}

function assertNoneIn(raw, people, what) {
    for (const p of people)
        for (const v of [p.id, p.phone, p.name, p.employer, p.address, p.id.slice(0, 14)])
            assert.equal(raw.indexOf(Buffer.from(v, 'utf8')), -1, `${what}: ${v} found`);
}

async function login(srv, user) {
    const c = api(srv.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200);
    return c;
}

test('a stolen database holds no document number, phone, name or detail of the people taken in',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const nos = [];
        for (const p of PEOPLE) {
            const r = await api(srv.url).post('/api/v1/public/applications', formOf(p));
            assert.equal(r.status, 201, JSON.stringify(r.body));
            nos.push(r.body.application_no);
        }
        // The same people in a reference dataset, loaded while the server runs.
        const csv = join(srv.dir, 'insurance.csv');
        writeFileSync(csv, 'id_number,event_date\n' +
            PEOPLE.map((p) => `${p.id},202512`).join('\n') + '\n');
        const imp = await srv.run(['import', 'insurance', csv]);
        assert.equal(imp.code, 0, imp.stderr);
        assert.match(imp.stdout, /loaded 3,/);

        // The staff still see them: masked, revealed with a reason, and compared.
        const cw = await login(srv, 'caseworker');
        const g = await cw.get(`/api/v1/applications/${nos[0]}`);
        assert.equal(g.status, 200);
        assert.equal(g.body.person.name, '欧***');
        assert.equal(g.body.person.phone, '139****0001');
        const rv = await cw.get(`/api/v1/applications/${nos[0]}?reveal=true&reason=核对身份`);
        assert.equal(rv.status, 200, JSON.stringify(rv.body));
        assert.equal(rv.body.person.id_number, PEOPLE[0].id);
        assert.equal(rv.body.person.name, PEOPLE[0].name);
        assert.equal(rv.body.person.residence_address, PEOPLE[0].address);
        assert.equal(rv.body.details.last_employer, PEOPLE[0].employer);
        assert.equal(rv.body.details.health, 'disabled');
        const cmp = await srv.run(['compare']);
        assert.equal(cmp.code, 0, cmp.stderr);
        const again = await cw.get(`/api/v1/applications/${nos[1]}`);
        const employment = again.body.verifications.find((v) => v.check === 'employment');
        assert.equal(employment?.source, 'insurance', JSON.stringify(again.body.verifications));
        // The one-open-case rule still holds through the blind index.
        const dup = await api(srv.url).post('/api/v1/public/applications', formOf(PEOPLE[2]));
        assert.equal(dup.status, 409, JSON.stringify(dup.body));

        assertNoneIn(rawDatabase(srv), PEOPLE, 'while serving');
        await srv.stopKeep();
        assertNoneIn(rawDatabase(srv), PEOPLE, 'after a checkpoint');
    });

test('the key file: required outside --dev, created by init with mode 0600, checked, never replaced',
    async (t) => {
        const dir = tempDir(t);
        const db = PG ? freshDb(dir, 'keys') : join(dir, 'keys.db');
        const key = join(dir, 'own.key');
        const env = { UREG_KEY_FILE: key };
        // Without the file nothing starts, outside --dev.
        const none = await runCli(['demo'], { db, env });
        assert.equal(none.code, 1);
        assert.match(none.stderr, /key file .*own\.key is missing/);
        assert.ok(!existsSync(key));
        // init makes it.
        const init = await runCli(['init'], { db, env });
        assert.equal(init.code, 0, init.stderr);
        assert.equal(statSync(key).mode & 0o777, 0o600);
        assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);
        const demo = await runCli(['demo'], { db, env });
        assert.equal(demo.code, 0, demo.stderr);
        const count = () => PG ? psql(db, 'SELECT COUNT(*), MAX(id) FROM audit_log')
            : createHash('sha256').update(readFileSync(db)).digest('hex');
        const before = count();

        // Readable by the group: refused.
        chmodSync(key, 0o640);
        const mode = await runCli(['serve', '--listen', '127.0.0.1:0'], { db, env });
        assert.equal(mode.code, 1);
        assert.match(mode.stderr, /key file .*own\.key must be mode 0600/);
        chmodSync(key, 0o600);
        // Another key, or a corrupt file: refused, nothing written, the file left as it is.
        const good = readFileSync(key);
        copyFileSync(key, join(dir, 'good.key'));
        writeFileSync(key, 'f'.repeat(64) + '\n');
        for (const args of [['init'], ['demo'], ['key', 'rotate']]) {
            const r = await runCli(args, { db, env });
            assert.equal(r.code, 1, `${args}: ${r.stderr}`);
            assert.match(r.stderr, /key file does not match this database/);
        }
        assert.equal(readFileSync(key, 'utf8'), 'f'.repeat(64) + '\n');
        writeFileSync(key, 'not a key\n');
        const corrupt = await runCli(['demo'], { db, env });
        assert.equal(corrupt.code, 1);
        assert.match(corrupt.stderr, /key file .*own\.key is not 64 hexadecimal digits/);
        assert.equal(count(), before);
        // A database written under a key whose file is lost: init does not make a new key.
        const lost = await runCli(['init'], { db, env: { UREG_KEY_FILE: join(dir, 'new.key') } });
        assert.equal(lost.code, 1);
        assert.match(lost.stderr, /key file does not match this database/);
        assert.ok(!existsSync(join(dir, 'new.key')));
        writeFileSync(key, good, { mode: 0o600 });
        assert.equal((await runCli(['demo'], { db, env })).code, 0);
    });
