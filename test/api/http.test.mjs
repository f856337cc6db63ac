// http.test.mjs — the HTTP API of the foundation, against the real binary on a free port:
// health, the error shape, limits, security headers, login, sessions, CSRF, bearer tokens,
// throttling, the public lists and graceful shutdown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertError, DEMO_USERS } from './helpers.mjs';

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.stop();
});

test('GET /healthz answers ok when the store answers', async () => {
    const r = await api(srv.url).get('/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok' });
});

test('every response carries the security headers; API responses are not cached', async () => {
    for (const path of ['/healthz', '/', '/api/v1/nope', '/vendor/element-plus.css']) {
        const r = await api(srv.url).get(path);
        const h = r.headers;
        assert.match(h.get('content-security-policy'), /default-src 'self'/, path);
        assert.match(h.get('content-security-policy'), /frame-ancestors 'none'/, path);
        assert.equal(h.get('x-content-type-options'), 'nosniff', path);
        assert.equal(h.get('x-frame-options'), 'DENY', path);
    }
    const r = await api(srv.url).get('/api/v1/public/agencies');
    assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('unknown route 404, wrong method 405 with Allow, both in the contract error shape', async () => {
    const c = api(srv.url);
    assertError(await c.get('/api/v1/nothing-here'), 404, 'not_found');
    const r = await c.request('PUT', '/api/v1/session', { body: {} });
    assertError(r, 405, 'method_not_allowed');
    assert.match(r.headers.get('allow'), /POST/);
    assert.match(r.headers.get('allow'), /DELETE/);
});

test('malformed JSON is 400, a non-JSON body 415, an oversized body 413', async () => {
    const c = api(srv.url);
    assertError(await c.request('POST', '/api/v1/session', {
        raw: '{"username": ', headers: { 'Content-Type': 'application/json' } }), 400,
        'invalid_json');
    assertError(await c.request('POST', '/api/v1/session', {
        raw: 'username=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
        415, 'unsupported_media_type');
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    assertError(await c.request('POST', '/api/v1/session', {
        raw: big, headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
});

test('errors speak English on request', async () => {
    const r = await api(srv.url).get('/api/v1/nothing?lang=en');
    assert.equal(r.body.error.message, 'Not found');
    const zh = await api(srv.url).get('/api/v1/nothing');
    assert.equal(zh.body.error.message, '未找到');
});

test('login returns the user and a CSRF token and sets an HttpOnly SameSite=Strict cookie', async () => {
    const c = api(srv.url);
    const r = await c.login('caseworker', DEMO_USERS.caseworker.password);
    assert.equal(r.status, 200);
    assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(r.body.user).sort(),
        ['agency_id', 'password_change_required', 'region', 'region_name', 'role',
            'totp_enrolment_required', 'username']);
    assert.equal(r.body.user.region_name, '北京市 东城区');
    assert.equal(r.body.user.role, 'caseworker');
    assert.equal(r.body.user.region, '110101');
    const cookie = r.headers.getSetCookie().join('\n');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const me = await c.get('/api/v1/session');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, 'caseworker');
});

test('a missing field names it; a wrong password and an unknown user look the same', async () => {
    const c = api(srv.url);
    assertError(await c.post('/api/v1/session', { username: 'caseworker' }), 400,
        'field_required', 'password');
    const wrong = await c.login('supervisor', 'not-the-password');
    const unknown = await c.login('no-such-user', 'not-the-password');
    assertError(wrong, 401, 'login_failed');
    assertError(unknown, 401, 'login_failed');
    assert.deepEqual(wrong.body, unknown.body);
});

test('staff routes need a session: 401 without, 403 for the wrong role', async () => {
    assertError(await api(srv.url).get('/api/v1/session'), 401, 'unauthenticated');
    const c = api(srv.url);
    await c.login('caseworker', DEMO_USERS.caseworker.password);
    assertError(await c.get('/api/v1/audit'), 403, 'forbidden');
});

test('state-changing cookie requests need the CSRF token; logout ends the session', async () => {
    const c = api(srv.url);
    await c.login('supervisor', DEMO_USERS.supervisor.password);
    const token = c.csrf;
    c.csrf = null;
    assertError(await c.del('/api/v1/session'), 403, 'csrf_token_invalid');
    assertError(await c.request('DELETE', '/api/v1/session',
        { headers: { 'X-CSRF-Token': 'f'.repeat(64) } }), 403, 'csrf_token_invalid');
    c.csrf = token;
    const cookies = new Map(c.cookies);
    const out = await c.logout();
    assert.equal(out.status, 200);
    // The old cookie, replayed, is dead.
    const replay = api(srv.url);
    for (const [k, v] of cookies) replay.cookies.set(k, v);
    assertError(await replay.get('/api/v1/session'), 401, 'unauthenticated');
});

test('bearer tokens authenticate machine clients without a CSRF token', async () => {
    const t = await srv.run(['token', 'add', '--username', 'auditor', '--label', 'test']);
    assert.equal(t.code, 0, t.stderr);
    const token = t.stdout.trim();
    assert.match(token, /^[0-9a-f]{64}$/);
    const c = api(srv.url);
    const r = await c.get('/api/v1/session', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    assert.equal(r.body.user.username, 'auditor');
    assert.equal(r.body.csrf_token, undefined);
    const audit = await c.get('/api/v1/audit?limit=5',
        { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(audit.status, 200);
    assert.ok(audit.body.items.length > 0);
    assertError(await c.get('/api/v1/session',
        { headers: { Authorization: `Bearer ${'0'.repeat(64)}` } }), 401, 'unauthenticated');
});

test('logins and failed logins are in the audit log, with who, when, what, from where', async () => {
    const c = api(srv.url);
    await c.login('statistician', 'wrong-password');
    await c.login('statistician', DEMO_USERS.statistician.password);
    const admin = api(srv.url);
    await admin.login('admin', DEMO_USERS.admin.password);
    const r = await admin.get('/api/v1/audit?object_type=user&object_id=statistician');
    assert.equal(r.status, 200);
    const actions = r.body.items.map((e) => e.action);
    assert.ok(actions.includes('session.login_failed'));
    assert.ok(actions.includes('session.login'));
    for (const e of r.body.items) {
        assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
        assert.equal(e.remote, '127.0.0.1');
    }
    // Nothing secret is recorded.
    assert.doesNotMatch(JSON.stringify(r.body), /stats-demo-2026|wrong-password/);
});

test('five failed logins lock the username, even for the right password', async () => {
    const c = api(srv.url);
    for (let i = 0; i < 5; i++) assertError(await c.login('auditor', `guess-${i}`), 401, 'login_failed');
    assertError(await c.login('auditor', DEMO_USERS.auditor.password), 429, 'login_throttled');
});

test('the public agency list is filtered by region and below', async () => {
    const c = api(srv.url);
    const dc = await c.get('/api/v1/public/agencies?region=110101');
    assert.equal(dc.status, 200);
    assert.ok(dc.body.items.length >= 3);
    for (const a of dc.body.items) {
        assert.ok(a.region.startsWith('110101'), a.region);
        for (const k of ['id', 'name', 'region', 'address', 'phone', 'items']) assert.ok(k in a);
    }
    const kinds = new Set(dc.body.items.map((a) => a.kind));
    assert.ok(kinds.has('street') && kinds.has('disabled') && kinds.has('pes'));
    const bj = await c.get('/api/v1/public/agencies?region=110000');
    assert.ok(bj.body.items.length > dc.body.items.length);
    const sh = await c.get('/api/v1/public/agencies?region=310000');
    assert.deepEqual(sh.body.items, []);
    assertError(await c.get('/api/v1/public/agencies?region=12345'), 400, 'region_format', 'region');
    assertError(await c.get('/api/v1/public/agencies?region=999999'), 400, 'region_invalid',
        'region');
});

test('code tables and regions are public reference data', async () => {
    const c = api(srv.url);
    const r = await c.get('/api/v1/codes/unemployment_reason');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((e) => e.code),
        ['10', '20', '21', '22', '23', '24', '31', '32', '33', '40', '50', '60', '70', '90']);
    assertError(await c.get('/api/v1/codes/no_such_table'), 404, 'not_found');
    const p = await c.get('/api/v1/regions');
    assert.equal(p.body.items.length, 34);
    const bj = await c.get('/api/v1/regions?parent=110100');
    assert.ok(bj.body.items.some((x) => x.code === '110101' && x.name === '东城区'));
});

test('the web UI is served from the binary with an ETag', async () => {
    const c = api(srv.url);
    const r = await c.get('/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/html/);
    const etag = r.headers.get('etag');
    assert.ok(etag);
    const again = await c.get('/', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const vue = await c.get('/vendor/vue.esm-browser.prod.js');
    assert.equal(vue.status, 200);
    assert.match(vue.headers.get('content-type'), /javascript/);
});

test('SIGTERM shuts the server down gracefully with exit status 0', async () => {
    const own = await startServer({ demo: false });
    await own.stop();
    // stop() resolved: the process is gone. A second server on the same database starts fine.
    const again = await startServer({ demo: false });
    assert.equal((await api(again.url).get('/healthz')).status, 200);
    await again.stop();
});
