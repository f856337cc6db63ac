// ops.test.mjs — running the server as an operator does: JSON log lines with a request id on
// every line of a request and in its X-Request-Id header, a log file reopened on SIGHUP (for
// logrotate), and a SIGTERM under load that loses no acknowledged submission and exits 0.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, tempDir } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function form(birth, seq) {
    return formFor(idNumber('110101', birth, seq));
}

test('--log-format json: one valid JSON object a line, the request id on it and in the header',
    async () => {
        const srv = await startServer({ globalArgs: ['--log-format', 'json'] });
        const c = api(srv.url);
        const mine = await c.get('/api/v1/version', { headers: { 'X-Request-Id': 'ops-test.42_a' } });
        assert.equal(mine.headers.get('x-request-id'), 'ops-test.42_a');
        const invalid = ['x'.repeat(65), 'has space', 'semi;colon', '中文'];
        const given = [];
        for (const id of invalid) {
            const r = await c.get('/api/v1/version', {
                headers: { 'X-Request-Id': encodeURI(id) === id ? id : encodeURI(id) } });
            const got = r.headers.get('x-request-id');
            assert.match(got, /^[0-9a-f]{32}$/, `replaced: ${id}`);
            given.push(got);
        }
        const none = await c.get('/api/v1/public/applications/N1?query_code=SECRETQC123');
        assert.equal(none.status, 404);
        const noneId = none.headers.get('x-request-id');
        assert.match(noneId, /^[0-9a-f]{32}$/);
        assert.notEqual(noneId, given[0]);
        await c.post('/api/v1/session', { username: 'caseworker', password: 'not-the-password' });
        await srv.stop();

        const lines = srv.stderr().split('\n').filter((l) => l !== '');
        assert.ok(lines.length >= 6);
        const objs = lines.map((l) => {
            const o = JSON.parse(l); // throws on a line that is not JSON
            for (const k of ['ts', 'level', 'component', 'event'])
                assert.equal(typeof o[k], 'string', `${k} in ${l}`);
            assert.match(o.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
            return o;
        });
        const byId = (id) => objs.filter((o) => o.request_id === id);
        const line = byId('ops-test.42_a');
        assert.equal(line.length, 1);
        assert.equal(line[0].event, 'request');
        assert.equal(line[0].path, '/api/v1/version');
        assert.equal(line[0].status, 200); // numbers as numbers
        for (const id of [...given, noneId]) assert.equal(byId(id).length, 1, id);
        assert.equal(byId(noneId)[0].path, '/api/v1/public/applications/{no}');
        // Nothing secret: no query string, no password, no document number.
        const all = srv.stderr();
        assert.doesNotMatch(all, /SECRETQC123|not-the-password|N1\b/);
        assert.ok(objs.some((o) => o.event === 'listening'));
    });

test('--log-file: lines go to the file, SIGHUP reopens it after a rotation', async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'ureg.log');
    const srv = await startServer({ globalArgs: ['--log-file', path] });
    try {
        const c = api(srv.url);
        await c.get('/api/v1/version', { headers: { 'X-Request-Id': 'before-rotate' } });
        await sleep(100);
        renameSync(path, `${path}.1`);
        process.kill(srv.pid, 'SIGHUP');
        for (let i = 0; i < 50 && !existsSync(path); i++) await sleep(20);
        await c.get('/api/v1/version', { headers: { 'X-Request-Id': 'after-rotate' } });
        await sleep(100);
        const old = readFileSync(`${path}.1`, 'utf8');
        const now = readFileSync(path, 'utf8');
        assert.match(old, /path=\/api\/v1\/version .*request_id=before-rotate/);
        assert.match(now, /event=log_reopened/);
        assert.match(now, /path=\/api\/v1\/version .*request_id=after-rotate/);
        assert.doesNotMatch(now, /before-rotate/);
        assert.equal(srv.stderr(), '', 'nothing on stderr with a log file');
        // The server is still serving after SIGHUP.
        assert.equal((await c.get('/healthz')).status, 200);
    } finally {
        const { code } = await srv.stop();
        assert.equal(code, 0);
    }
});

test('SIGTERM during concurrent submissions: every 201 is stored, exit status 0', async (t) => {
    const now = '2026-03-02T09:30:00';
    const srv = await startServer({ now });
    const N = 120;
    let firstAnswer;
    let killedAt = Infinity;
    const answered = new Promise((r) => (firstAnswer = r));
    const results = await Promise.all(
        Array.from({ length: N }, async (_, i) => {
            // Spread the people over birth dates: at most 999 sequence numbers each.
            const birth = `1980-0${1 + (i % 9)}-1${i % 10}`;
            try {
                const r = await api(srv.url).post('/api/v1/public/applications',
                    form(birth, 100 + 2 * i));
                firstAnswer();
                return { status: r.status, body: r.body, after: Date.now() > killedAt };
            } catch (e) {
                firstAnswer();
                return { status: 0, error: String(e.cause?.code ?? e) };
            }
        }).concat([answered.then(() => {
            killedAt = Date.now();
            process.kill(srv.pid, 'SIGTERM');
            return null;
        })]),
    );
    const { code, signal } = await srv.stopKeep();
    assert.equal(signal, null);
    assert.equal(code, 0, srv.stderr());
    const got = results.filter((r) => r && r.status === 201);
    const refused = results.filter((r) => r && r.status === 0);
    const other = results.filter((r) => r && r.status !== 201 && r.status !== 0);
    assert.deepEqual(other, [], 'answers are 201 or no answer at all');
    assert.ok(got.length >= 1, 'some submissions were acknowledged before the stop');
    assert.equal(got.length + refused.length, N);
    // SIGTERM went out at the first answer, with the other submissions in flight: the stop
    // finished them (typically ~100 of 120 answered after the signal).
    assert.ok(got.some((r) => r.after), 'requests in flight at SIGTERM were finished');

    // A new server on the same database: every acknowledged application is there.
    const again = await startServer({ reuse: srv, now });
    try {
        const c = api(again.url);
        for (const { body } of got) {
            const r = await c.get(`/api/v1/public/applications/${body.application_no}` +
                `?query_code=${body.query_code}`);
            assert.equal(r.status, 200, `${body.application_no} acknowledged but not stored`);
        }
    } finally {
        await again.stop();
    }
    t.diagnostic(`acknowledged ${got.length} of ${N} (${got.filter((r) => r.after).length} ` +
        `after the SIGTERM), ${refused.length} refused or cut by the stop`);
});
