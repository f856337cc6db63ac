// staff.test.mjs — staff accounts at 等保 level 3 (issue 12): the password policy, change and
// admin reset, a lockout whose delay grows (per account and per client address), idle and
// absolute session timeouts (the development clock, a server restarted at a later UREG_NOW),
// logout everywhere, and the second factor (TOTP, RFC 6238) from enrolment to login, replay
// refused, required per role.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, DEMO_USERS, assertError } from './helpers.mjs';
import { totp } from './totp.mjs';

const T0 = Date.parse('2026-03-02T00:00:00+08:00') / 1000; // startServer's default UREG_NOW

// UREG_NOW for T0 + s seconds (China Standard Time).
function at(s) {
    const d = new Date((T0 + s + 8 * 3600) * 1000);
    return d.toISOString().slice(0, 19);
}

// A client of `url` carrying c's cookies and CSRF token (the same browser, a restarted server).
function carry(c, url) {
    const n = api(url);
    for (const [k, v] of c.cookies) n.cookies.set(k, v);
    n.csrf = c.csrf;
    return n;
}

test('totp() of totp.mjs matches RFC 6238 appendix B (SHA-1, last 6 of 8 digits)', () => {
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
    assert.equal(totp(seed, 59), '287082');
    assert.equal(totp(seed, 1111111109), '081804');
    assert.equal(totp(seed, 2000000000), '279037');
});

test('password change: the old one is checked, the policy and the history apply, the other sessions end',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const me = api(srv.url);
        const other = api(srv.url);
        await me.login('caseworker', DEMO_USERS.caseworker.password);
        await other.login('caseworker', DEMO_USERS.caseworker.password);
        const change = (o, n) => me.post('/api/v1/session/password',
            { old_password: o, new_password: n });
        const old = DEMO_USERS.caseworker.password;
        assertError(await change('not-it', 'Valid-Pass-2026x'), 403, 'password_wrong', 'old_password');
        assertError(await change(old, 'Sh0rt-pass'), 400, 'password_weak', 'new_password');
        assertError(await change(old, 'alllowercaseletters'), 400, 'password_classes', 'new_password');
        assertError(await change(old, 'my-CASEWORKER-2026'), 400, 'password_contains_username',
            'new_password');
        assertError(await change(old, old), 400, 'password_reused', 'new_password');
        const ok = await change(old, 'Valid-Pass-2026x');
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal((await me.get('/api/v1/session')).status, 200); // this session stays
        assertError(await other.get('/api/v1/session'), 401, 'unauthenticated'); // others end
        assertError(await api(srv.url).login('caseworker', old), 401, 'login_failed');
        assert.equal((await api(srv.url).login('caseworker', 'Valid-Pass-2026x')).status, 200);
        // On to a third: fine; back to an earlier one: refused (the history, 5 by default).
        
        const third = await change('Valid-Pass-2026x', 'Another-Pass-2026y');
        assert.equal(third.status, 200, JSON.stringify(third.body));
        assertError(await change('Another-Pass-2026y', 'Valid-Pass-2026x'), 400, 'password_reused',
            'new_password');
        // Audited without the passwords.
        const au = api(srv.url);
        await au.login('auditor', DEMO_USERS.auditor.password);
        const log = await au.get('/api/v1/audit?object_type=user&object_id=caseworker&limit=100');
        const acts = log.body.items.map((e) => e.action);
        assert.ok(acts.includes('user.password_change_refused'), acts.join());
        assert.equal(acts.filter((a) => a === 'user.password_change').length, 2);
        assert.doesNotMatch(JSON.stringify(log.body), /Valid-Pass|Another-Pass|case-demo/);
    });

test('admin reset: the user\'s sessions end, the lock is lifted; only admins, 404 for nobody',
    async (t) => {
        const srv = await startServer();
        t.after(() => srv.stop());
        const cw = api(srv.url);
        await cw.login('caseworker', DEMO_USERS.caseworker.password);
        const intruder = api(srv.url);
        for (let i = 0; i < 5; i++) await intruder.login('caseworker', `guess-${i}`);
        assertError(await intruder.login('caseworker', DEMO_USERS.caseworker.password), 429,
            'login_throttled');
        const admin = api(srv.url);
        await admin.login('admin', DEMO_USERS.admin.password);
        const weak = await admin.post('/api/v1/users/caseworker/password', { new_password: 'short' });
        assertError(weak, 400, 'password_weak', 'new_password');
        const r = await admin.post('/api/v1/users/caseworker/password',
            { new_password: 'Reset-By-Admin-2026' });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(r.body, { status: 'reset', sessions_ended: 1 });
        assertError(await cw.get('/api/v1/session'), 401, 'unauthenticated');
        assert.equal((await api(srv.url).login('caseworker', 'Reset-By-Admin-2026')).status, 200);
        assertError(await admin.post('/api/v1/users/nobody/password',
            { new_password: 'Reset-By-Admin-2026' }), 404, 'not_found');
        const sup = api(srv.url);
        await sup.login('supervisor', DEMO_USERS.supervisor.password);
        assertError(await sup.post('/api/v1/users/caseworker/password',
            { new_password: 'Reset-By-Super-2026' }), 403, 'forbidden');
    });

test('lockout: after 5 failures the account is locked 60 s, then 120 s, then 240 s (Retry-After)',
    async (t) => {
        let srv = await startServer();
        t.after(() => srv.stop());
        let c = api(srv.url);
        for (let i = 0; i < 5; i++) assertError(await c.login('statistician', `no-${i}`), 401, 'login_failed');
        let r = await c.login('statistician', DEMO_USERS.statistician.password);
        assertError(r, 429, 'login_throttled');
        assert.equal(r.headers.get('retry-after'), '60');
        for (const [when, wait] of [[61, '120'], [61 + 121, '240']]) {
            await srv.stopKeep();
            srv = await startServer({ reuse: srv, now: at(when) });
            c = api(srv.url);
            assertError(await c.login('statistician', 'still-wrong'), 401, 'login_failed');
            r = await c.login('statistician', DEMO_USERS.statistician.password);
            assertError(r, 429, 'login_throttled');
            assert.equal(r.headers.get('retry-after'), wait);
        }
        // A locked account refuses the right password; the refusals are not counted as failures,
        // so waiting out the lock is enough.
        await srv.stopKeep();
        srv = await startServer({ reuse: srv, now: at(61 + 121 + 241) });
        assert.equal((await api(srv.url).login('statistician', DEMO_USERS.statistician.password)).status,
            200);
    });

test('lockout per client address: many usernames from one address lock the address', async (t) => {
    let srv = await startServer();
    t.after(() => srv.stop());
    assert.equal((await srv.run(['policy', 'set', 'throttle_addr_max', '3'])).code, 0);
    await srv.stopKeep();
    srv = await startServer({ reuse: srv });
    const c = api(srv.url);
    for (const u of ['nobody1', 'nobody2', 'nobody3']) assertError(await c.login(u, 'x-wrong-pw'), 401,
        'login_failed');
    const r = await c.login('auditor', DEMO_USERS.auditor.password); // another, valid account
    assertError(r, 429, 'login_throttled');
    assert.equal(r.headers.get('retry-after'), '60');
});

test('sessions end after 120 s idle or 300 s in all, whichever comes first', async (t) => {
    let srv = await startServer();
    t.after(() => srv.stop());
    assert.equal((await srv.run(['policy', 'set', 'session_idle', '120'])).code, 0);
    assert.equal((await srv.run(['policy', 'set', 'session_ttl', '300'])).code, 0);
    await srv.stopKeep();
    srv = await startServer({ reuse: srv, now: at(0) });
    let a = api(srv.url);
    await a.login('caseworker', DEMO_USERS.caseworker.password);
    const step = async (s) => {
        await srv.stopKeep();
        srv = await startServer({ reuse: srv, now: at(s) });
        a = carry(a, srv.url);
    };
    await step(100);
    assert.equal((await a.get('/api/v1/session')).status, 200);
    await step(210); // 110 s after the last request: still within the idle timeout
    assert.equal((await a.get('/api/v1/session')).status, 200);
    let b = api(srv.url);
    await b.login('supervisor', DEMO_USERS.supervisor.password);
    await step(301); // a's 300 s are over although it was active 91 s ago
    b = carry(b, srv.url);
    assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
    assert.equal((await b.get('/api/v1/session')).status, 200);
    await step(422); // b idle for 121 s, though its 300 s run to 510
    b = carry(b, srv.url);
    assertError(await b.get('/api/v1/session'), 401, 'unauthenticated');
});

test('logout everywhere ends every session of the user, and only that user\'s', async (t) => {
    const srv = await startServer();
    t.after(() => srv.stop());
    const one = api(srv.url);
    const two = api(srv.url);
    const someone = api(srv.url);
    await one.login('caseworker', DEMO_USERS.caseworker.password);
    await two.login('caseworker', DEMO_USERS.caseworker.password);
    await someone.login('supervisor', DEMO_USERS.supervisor.password);
    const r = await one.post('/api/v1/session/logout-all', {});
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'logged_out', sessions_ended: 2 });
    assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
    assertError(await one.get('/api/v1/session'), 401, 'unauthenticated');
    assertError(await two.get('/api/v1/session'), 401, 'unauthenticated');
    assert.equal((await someone.get('/api/v1/session')).status, 200);
});

test('TOTP: enrol, confirm, then login needs the code; a code is taken once; an admin resets it',
    async (t) => {
        const srv = await startServer(); // the clock stands at T0
        t.after(() => srv.stop());
        const c = api(srv.url);
        await c.login('caseworker', DEMO_USERS.caseworker.password);
        assertError(await c.post('/api/v1/session/totp/confirm', { code: '123456' }), 409,
            'totp_not_pending');
        const e = await c.post('/api/v1/session/totp', {});
        assert.equal(e.status, 200, JSON.stringify(e.body));
        assert.match(e.body.secret, /^[A-Z2-7]{32}$/);
        assert.equal(e.body.otpauth_uri, `otpauth://totp/ureg:caseworker?secret=${e.body.secret}`
            + '&issuer=ureg&algorithm=SHA1&digits=6&period=30');
        const secret = e.body.secret;
        const wrong = totp(secret, T0) === '000000' ? '111111' : '000000';
        assertError(await c.post('/api/v1/session/totp/confirm', { code: wrong }), 401,
            'totp_invalid', 'code');
        assert.equal((await c.post('/api/v1/session/totp/confirm', { code: totp(secret, T0) })).status,
            200);
        const s = api(srv.url);
        const login = (code) => s.request('POST', '/api/v1/session', { body: {
            username: 'caseworker', password: DEMO_USERS.caseworker.password,
            ...(code ? { totp_code: code } : {}) } });
        assertError(await login(null), 401, 'totp_required', 'totp_code');
        assertError(await login(wrong), 401, 'totp_invalid', 'totp_code');
        // The confirmation used this step's code: it is not taken again, the next step's is.
        assertError(await login(totp(secret, T0)), 401, 'totp_invalid', 'totp_code');
        const ok = await login(totp(secret, T0, 1));
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assertError(await login(totp(secret, T0, 1)), 401, 'totp_invalid', 'totp_code'); // replay
        assertError(await login(totp(secret, T0, 2)), 401, 'totp_invalid', 'totp_code'); // too far
        // The wrong codes counted as failed logins: with the two above and the replays, five.
        const admin = api(srv.url);
        await admin.login('admin', DEMO_USERS.admin.password);
        assert.equal((await admin.post('/api/v1/users/caseworker/totp/reset', {})).status, 200);
        assert.equal((await admin.post('/api/v1/users/caseworker/password',
            { new_password: 'After-Reset-2026z' })).status, 200); // lifts the lock too
        const plain = await api(srv.url).login('caseworker', 'After-Reset-2026z');
        assert.equal(plain.status, 200, JSON.stringify(plain.body));
    });

test('a role that requires a second factor: a limited session until one is enrolled', async (t) => {
    const srv = await startServer({ args: ['--totp-roles', 'supervisor,auditor'] });
    t.after(() => srv.stop());
    const c = api(srv.url);
    const r = await c.login('supervisor', DEMO_USERS.supervisor.password);
    assert.equal(r.status, 200);
    assert.equal(r.body.user.totp_enrolment_required, true);
    assertError(await c.get('/api/v1/applications'), 403, 'totp_enrolment_required');
    const e = await c.post('/api/v1/session/totp', {});
    assert.equal((await c.post('/api/v1/session/totp/confirm', { code: totp(e.body.secret, T0) }))
        .status, 200);
    assert.equal((await c.get('/api/v1/applications')).status, 200); // the same session, now full
    assert.equal((await c.get('/api/v1/session')).body.user.totp_enrolment_required, false);
    const cw = await api(srv.url).login('caseworker', DEMO_USERS.caseworker.password);
    assert.equal(cw.body.user.totp_enrolment_required, false); // not a listed role
});

test('after an admin reset the next session may only change the password, then it is a full one',
    async (t) => {
        const srv = await startServer({ args: ['--totp-roles', 'supervisor'] });
        t.after(() => srv.stop());
        const admin = api(srv.url);
        await admin.login('admin', DEMO_USERS.admin.password);
        for (const who of ['caseworker', 'supervisor'])
            assert.equal((await admin.post(`/api/v1/users/${who}/password`,
                { new_password: 'Reset-By-Admin-2026' })).status, 200);
        const c = api(srv.url);
        const r = await c.login('caseworker', 'Reset-By-Admin-2026');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.user.password_change_required, true);
        assert.equal(r.body.user.totp_enrolment_required, false);
        assertError(await c.get('/api/v1/applications'), 403, 'password_change_required');
        assertError(await c.post('/api/v1/session/totp', {}), 403, 'password_change_required');
        assertError(await c.post('/api/v1/applications', {}), 403, 'password_change_required');
        assert.equal((await c.get('/api/v1/session')).body.user.password_change_required, true);
        // The same password again is refused (the history), a new one lifts the limit.
        assertError(await c.post('/api/v1/session/password', { old_password: 'Reset-By-Admin-2026',
            new_password: 'Reset-By-Admin-2026' }), 400, 'password_reused', 'new_password');
        assert.equal((await c.post('/api/v1/session/password', {
            old_password: 'Reset-By-Admin-2026', new_password: 'Chosen-By-Me-2026' })).status, 200);
        assert.equal((await c.get('/api/v1/session')).body.user.password_change_required, false);
        assert.equal((await c.get('/api/v1/applications')).status, 200); // the same session
        const again = await api(srv.url).login('caseworker', 'Chosen-By-Me-2026');
        assert.equal(again.body.user.password_change_required, false);
        // A role that also requires a second factor: the password first, then the enrolment.
        const s = api(srv.url);
        const sr = await s.login('supervisor', 'Reset-By-Admin-2026');
        assert.equal(sr.body.user.password_change_required, true);
        assert.equal(sr.body.user.totp_enrolment_required, true);
        assertError(await s.post('/api/v1/session/totp', {}), 403, 'password_change_required');
        assert.equal((await s.post('/api/v1/session/password', {
            old_password: 'Reset-By-Admin-2026', new_password: 'Chosen-By-Sup-2026' })).status, 200);
        assertError(await s.get('/api/v1/applications'), 403, 'totp_enrolment_required');
        const e = await s.post('/api/v1/session/totp', {});
        assert.equal(e.status, 200, JSON.stringify(e.body));
        // The user's own change never limits: a changed password is not a reset.
        const own = await api(srv.url).login('caseworker', 'Chosen-By-Me-2026');
        assert.equal(own.status, 200);
        assert.equal(own.body.user.password_change_required, false);
        // The login's audit entry says the session was limited to the change.
        const auditor = api(srv.url);
        await auditor.login('auditor', DEMO_USERS.auditor.password);
        const log = await auditor.get('/api/v1/audit?object_type=user&object_id=caseworker');
        assert.equal(log.status, 200, JSON.stringify(log.body));
        assert.deepEqual(log.body.items.filter((i) => i.action === 'session.login')
            .map((i) => i.detail.must_change_password), [true, false, false]);
    });

test('ureg user password: the operator\'s reset, with the same forced change', async (t) => {
    const srv = await startServer();
    t.after(() => srv.stop());
    const c = api(srv.url);
    assert.equal((await c.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const weak = await srv.run(['user', 'password', '--username', 'caseworker', '--password-file',
        '-'], { input: 'short\n' });
    assert.equal(weak.code, 1, weak.stdout);
    assert.match(weak.stderr, /password_weak|at least/);
    const r = await srv.run(['user', 'password', '--username', 'caseworker', '--password-file',
        '-'], { input: 'Operator-Reset-2026\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'password of caseworker reset: 1 session ended; the next login must'
        + ' change it\n');
    assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
    const n = api(srv.url);
    const l = await n.login('caseworker', 'Operator-Reset-2026');
    assert.equal(l.body.user.password_change_required, true);
    assertError(await n.get('/api/v1/registrations'), 403, 'password_change_required');
    const none = await srv.run(['user', 'password', '--username', 'nobody', '--password-file', '-'],
        { input: 'Operator-Reset-2026\n' });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /nobody/);
});
