// realname.test.mjs — real-name verification of the online channel (issue 12): identity
// assertions of a configured provider (signed here with a key the test makes), the development
// provider under --dev, and the blocking attack — an unverified application filed in someone
// else's name must not keep that person's verified application out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { startServer, api, assertError, runCli, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

const NOW = '2026-03-02T09:30:00';
const NOW_S = Date.parse('2026-03-02T09:30:00+08:00') / 1000; // UREG_NOW is China time
const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const PUB = keys.publicKey.export({ format: 'jwk' }).x; // base64url of the raw 32 bytes

let srv; // a provider "test-idp" configured with PUB
let dev; // --dev, no provider configured: the development provider
before(async () => {
    [srv, dev] = await Promise.all([
        startServer({ now: NOW, args: ['--idp-name', 'test-idp', '--idp-public-key', PUB,
            '--idp-audience', 'ureg-test'] }),
        startServer({ now: NOW }),
    ]);
});
after(async () => {
    await Promise.all([srv?.stop(), dev?.stop()]);
});

const b64u = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

// A JWS EdDSA token over `claims` (laid over valid ones), signed with `key`.
function token(claims = {}, { key = keys.privateKey, header = { alg: 'EdDSA', typ: 'JWT' } } = {}) {
    const c = { iss: 'test-idp', aud: 'ureg-test', iat: NOW_S - 10, exp: NOW_S + 300,
        id_type: 'resident_id', ...claims };
    const input = `${b64u(header)}.${b64u(c)}`;
    return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

let seq = 300;
function person() {
    seq += 2;
    return idNumber('110101', '1988-02-29', seq);
}

async function staff(server, user = 'caseworker') {
    const c = api(server.url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200);
    return c;
}

const submit = (server, id, tok, over = {}) => api(server.url).post('/api/v1/public/applications',
    formFor(id, { ...(tok ? { identity_token: tok } : {}), ...over }));

test('a valid assertion makes a verified application; the caseworker sees it in the queue and on its page', async () => {
    const id = person();
    const r = await submit(srv, id, token({ id_number: id }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.identity_verified, true);
    assert.equal(r.body.set_aside, null);
    const u = await submit(srv, person(), null);
    assert.equal(u.status, 201);
    assert.equal(u.body.identity_verified, false);

    const c = await staff(srv);
    const q = await c.get('/api/v1/applications?limit=100');
    const mine = q.body.items.find((i) => i.application_no === r.body.application_no);
    const theirs = q.body.items.find((i) => i.application_no === u.body.application_no);
    assert.equal(mine.identity_verified, true);
    assert.equal(mine.identity_provider, 'test-idp');
    assert.equal(theirs.identity_verified, false);
    assert.equal(theirs.identity_provider, null);
    const g = await c.get(`/api/v1/applications/${r.body.application_no}`);
    assert.equal(g.body.identity_verified, true);
    assert.equal(g.body.identity_provider, 'test-idp');
    assert.equal(g.body.set_aside_for, null);
});

test('forged, expired, foreign and mismatched assertions are refused and nothing is stored', async () => {
    const id = person();
    const cases = [
        [token({ id_number: id }, { key: otherKeys.privateKey }), 'identity_token_invalid'],
        [token({ id_number: id, iss: 'other-idp' }), 'identity_token_invalid'],
        [token({ id_number: id, aud: 'another-service' }), 'identity_token_invalid'],
        [token({ id_number: id }, { header: { alg: 'none' } }), 'identity_token_invalid'],
        [token({ id_number: id, iat: NOW_S - 100, exp: NOW_S + 7200 }), 'identity_token_invalid'],
        [token({ id_number: id, iat: NOW_S - 900, exp: NOW_S - 600 }), 'identity_token_expired'],
        [token({ id_number: id, iat: NOW_S + 600, exp: NOW_S + 900 }), 'identity_token_expired'],
        [token({ id_number: person() }), 'identity_mismatch'],
        [token({ id_number: id }).slice(0, -4) + 'AAAA', 'identity_token_invalid'],
        ['not.a.token', 'identity_token_invalid'],
    ];
    for (const [tok, code] of cases) {
        assertError(await submit(srv, id, tok), 400, code, 'identity_token');
    }
    // A token whose claims were changed after signing (another person's number) fails too.
    const [h, , s] = token({ id_number: id }).split('.');
    const claims = b64u({ iss: 'test-idp', aud: 'ureg-test', iat: NOW_S, exp: NOW_S + 60,
        id_type: 'resident_id', id_number: id });
    assertError(await submit(srv, id, `${h}.${claims}.${s}`), 400, 'identity_token_invalid',
        'identity_token');
    // None of them took the person's open case: a clean submission goes through.
    assert.equal((await submit(srv, id, token({ id_number: id }))).status, 201);
});

test('the blocking attack: a verified application sets aside the unverified one filed in the same name', async () => {
    const victim = person();
    // The attacker knows the victim's ID number and files first, without verification.
    const attack = await submit(srv, victim, null, { phone: '13900000000', name: '李四' });
    assert.equal(attack.status, 201);
    // Before the fix this was 409 application_pending naming the attacker's number.
    const real = await submit(srv, victim, token({ id_number: victim }));
    assert.equal(real.status, 201, JSON.stringify(real.body));
    assert.equal(real.body.identity_verified, true);
    assert.equal(real.body.set_aside, attack.body.application_no);

    // The attacker's status page says it was set aside, and why; no other number is shown.
    const s = await api(srv.url).get(`/api/v1/public/applications/${attack.body.application_no}` +
        `?query_code=${attack.body.query_code}`);
    assert.equal(s.status, 200);
    assert.equal(s.body.status, 'withdrawn');
    assert.equal(s.body.set_aside, true);
    assert.match(s.body.decision_reason, /实名认证/);
    assert.ok(!JSON.stringify(s.body).includes(real.body.application_no));
    const v = await api(srv.url).get(`/api/v1/public/applications/${real.body.application_no}` +
        `?query_code=${real.body.query_code}`);
    assert.equal(v.body.status, 'pending_review');
    assert.equal(v.body.identity_verified, true);

    // The caseworker sees both: the set-aside one names its replacement; it is audited.
    const c = await staff(srv);
    const g = await c.get(`/api/v1/applications/${attack.body.application_no}`);
    assert.equal(g.body.status, 'withdrawn');
    assert.equal(g.body.set_aside_for, real.body.application_no);
    const q = await c.get('/api/v1/applications?limit=100');
    assert.ok(q.body.items.some((i) => i.application_no === real.body.application_no));
    assert.ok(!q.body.items.some((i) => i.application_no === attack.body.application_no));
    const au = await staff(srv, 'auditor');
    const log = await au.get(`/api/v1/audit?object_type=application&object_id=${attack.body.application_no}`);
    const entry = log.body.items.find((e) => e.action === 'application.set_aside');
    assert.ok(entry, JSON.stringify(log.body));
    assert.deepEqual(entry.detail, { reason: 'identity_verified_application',
        for: real.body.application_no, provider: 'test-idp' });

    // The verified application can be decided as usual.
    const d = await c.post(`/api/v1/applications/${real.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
});

test('an unverified application never displaces a verified one, nor a verified one another', async () => {
    const id = person();
    const first = await submit(srv, id, token({ id_number: id }));
    assert.equal(first.status, 201);
    const attack = await submit(srv, id, null);
    assertError(attack, 409, 'application_pending', 'id_number');
    const again = await submit(srv, id, token({ id_number: id }));
    assertError(again, 409, 'application_pending', 'id_number');
    const s = await api(srv.url).get(`/api/v1/public/applications/${first.body.application_no}` +
        `?query_code=${first.body.query_code}`);
    assert.equal(s.body.status, 'pending_review');
});

test('the counter is real-name too: an application accepted there sets aside an unverified online one', async () => {
    const id = person();
    const attack = await submit(srv, id, null);
    assert.equal(attack.status, 201);
    const c = await staff(srv);
    const r = await c.post('/api/v1/applications', formFor(id));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.identity_verified, true);
    assert.equal(r.body.set_aside, attack.body.application_no);
    const g = await c.get(`/api/v1/applications/${r.body.application_no}`);
    assert.equal(g.body.identity_provider, 'counter');
});

test('the development provider issues assertions under --dev only', async () => {
    const id = person();
    const t = await api(dev.url).post('/api/v1/dev/idp/token', { id_type: 'resident_id', id_number: id });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal(t.body.provider, 'dev-idp');
    assert.equal(t.body.expires_in, 600);
    const r = await submit(dev, id, t.body.token);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.identity_verified, true);
    // The CLI gives the same kind of token.
    const id2 = person();
    const cli = await dev.run(['idp', 'token', '--id-type', 'resident_id', '--id-number', id2]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal((await submit(dev, id2, cli.stdout.trim())).body.identity_verified, true);
    // A dev token means nothing to a server with a real provider, and the route is not there.
    assertError(await submit(srv, id2, cli.stdout.trim()), 400, 'identity_token_invalid',
        'identity_token');
    assertError(await api(srv.url).post('/api/v1/dev/idp/token',
        { id_type: 'resident_id', id_number: id }), 404, 'not_found');
    // Without --dev the CLI refuses.
    const refused = await runCli(['idp', 'token', '--id-type', 'resident_id', '--id-number', id],
        { db: srv.db });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--dev/);
});

test('policy online_accept_unverified 0 refuses unverified online applications', async () => {
    const s = await startServer({ now: NOW, args: ['--idp-name', 'test-idp', '--idp-public-key',
        PUB, '--idp-audience', 'ureg-test'] });
    try {
        const p = await s.run(['policy', 'set', 'online_accept_unverified', '0']);
        assert.equal(p.code, 0, p.stderr);
        await s.stopKeep();
        const s2 = await startServer({ reuse: s, now: NOW, args: ['--idp-name', 'test-idp',
            '--idp-public-key', PUB, '--idp-audience', 'ureg-test'] });
        try {
            const id = person();
            assertError(await submit(s2, id, null), 400, 'identity_verification_required',
                'identity_token');
            assert.equal((await submit(s2, id, token({ id_number: id }))).status, 201);
            // The counter is not affected.
            const c = await staff(s2);
            assert.equal((await c.post('/api/v1/applications', formFor(person()))).status, 201);
        } finally {
            await s2.stop();
        }
    } finally {
        await s.stop(); // already stopped: a no-op, s2 removed the directory
    }
});

test('a provider misconfigured is refused at start', async () => {
    const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--idp-name', 'x'], { db: srv.db });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /idp-public-key/);
    const k = await runCli(['serve', '--listen', '127.0.0.1:0', '--idp-name', 'x',
        '--idp-public-key', 'not-a-key'], { db: srv.db });
    assert.equal(k.code, 1);
});
