// xhelpers.mjs — the exchange tests' tools: one national hub and local systems on loopback
// port-0 servers (test/api/helpers.mjs startServer), their keys, a TCP relay in front of the hub
// (so the hub can be stopped and started again on a new port while the locals keep its URL),
// and messages signed here, independently of the server's code, for the adversarial cases
// (Ed25519 over the BLAKE2b-512 digest of the body, as docs/api.md describes the wire).

import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { api, runCli, startServer } from '../api/helpers.mjs';

// Poll fn() until it returns a truthy value (returned), or fail after `ms`.
export async function waitFor(what, fn, ms = 20000, every = 50) {
    const until = Date.now() + ms;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, every));
    }
}

// `ureg exchange keygen --out dir/name.key`; resolves to {file, pub}.
export async function keygen(dir, name) {
    const file = join(dir, `${name}.key`);
    const r = await runCli(['exchange', 'keygen', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const pub = r.stdout.trim();
    assert.equal(readFileSync(`${file}.pub`, 'utf8').trim(), pub);
    assert.equal(Buffer.from(pub, 'base64').length, 32);
    return { file, pub };
}

// A node KeyObject for a libsodium secret key file (base64 of seed ‖ public key).
export function privateKey(file) {
    const raw = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    assert.equal(raw.length, 64);
    const b64url = (b) => b.toString('base64url');
    return createPrivateKey({
        key: { kty: 'OKP', crv: 'Ed25519', d: b64url(raw.subarray(0, 32)), x: b64url(raw.subarray(32)) },
        format: 'jwk',
    });
}

export const digestOf = (body) => createHash('blake2b512').update(body).digest('base64');

// The Signature header of `body` by `keyId` with `key`, valid from created to expires.
export function signatureOf(body, keyId, key, created, expires) {
    const signing = `(created): ${created}\n(expires): ${expires}\ndigest: BLAKE-512=${digestOf(body)}`;
    const sig = sign(null, Buffer.from(signing), key).toString('base64');
    return `keyId="${keyId}",algorithm="ed25519",created=${created},expires=${expires},` +
        `headers="(created) (expires) digest",signature="${sig}"`;
}

export const newId = () => randomBytes(16).toString('hex');

// A message envelope after the DCI conventions.
export function envelope({ action, sender, receiver = 'national', message, count = 0, id = newId() }) {
    return {
        header: {
            version: '1.0.0', message_id: id, message_ts: new Date().toISOString().slice(0, 19),
            action, sender_id: sender, receiver_id: receiver, total_count: count,
            is_msg_encrypted: false,
        },
        message: { transaction_id: newId(), ...message },
    };
}

// POST a body (string) to the hub's exchange endpoint with a Signature header.
export async function postMessage(hubUrl, body, signature) {
    const res = await fetch(new URL('/api/v1/exchange', hubUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(signature ? { Signature: signature } : {}) },
        body,
    });
    const text = await res.text();
    return { status: res.status, signature: res.headers.get('signature'), text, body: JSON.parse(text) };
}

// Sign and send a message as `sender` with `key`; `at` shifts created (seconds from now).
export async function send(hubUrl, env, sender, key, { at = 0, ttl = 120, tamper } = {}) {
    const body = JSON.stringify(env);
    const now = Math.floor(Date.now() / 1000) + at;
    const sig = signatureOf(body, sender, key, now, now + ttl);
    return postMessage(hubUrl, tamper ? tamper(body) : body, sig);
}

// A TCP relay on a free loopback port to `target` (host:port), retargetable; while `down`
// it closes every connection at once, like a host whose service is stopped.
export async function relay() {
    let target = null;
    const socks = new Set();
    const server = createServer((client) => {
        socks.add(client);
        client.on('close', () => socks.delete(client));
        client.on('error', () => {});
        if (!target) return client.destroy();
        const up = connect(target.port, target.host);
        up.on('error', () => client.destroy());
        client.on('error', () => up.destroy());
        client.pipe(up).pipe(client);
        socks.add(up);
        up.on('close', () => socks.delete(up));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    return {
        url: `http://127.0.0.1:${server.address().port}`,
        to(url) {
            const u = new URL(url);
            target = { host: u.hostname, port: Number(u.port) };
        },
        down() {
            target = null;
            for (const s of socks) s.destroy();
        },
        close: () => new Promise((r) => {
            for (const s of socks) s.destroy();
            server.close(r);
        }),
    };
}

// Wait until the server's process has ended by itself (a failpoint's SIGKILL), then collect
// its exit: resolves to {code, signal}. Never signals it.
export async function deathOf(srv, ms = 20000) {
    await waitFor(`process ${srv.pid} to end`, () => {
        try {
            process.kill(srv.pid, 0);
            return false;
        } catch {
            return true;
        }
    }, ms);
    return srv.stopKeep();
}

// Run `ureg ARGS` on a server's database; asserts exit 0 and resolves to stdout.
export async function cli(srv, args, input) {
    const r = await srv.run(args, { input });
    assert.equal(r.code, 0, `ureg ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
}

// The hub: `serve --role national --key FILE` on a fresh database (or `reuse` one).
export function startHub(key, { reuse } = {}) {
    return startServer({
        demo: false, now: null, reuse,
        args: ['--role', 'national', '--key', key.file],
    });
}

// A local system with its hub at `nationalUrl`, quick exchange timings for the tests.
export function startLocal(id, key, nationalUrl, { reuse, env = {} } = {}) {
    return startServer({
        demo: false, now: null, reuse, env,
        args: ['--national', nationalUrl, '--system-id', id, '--key', key.file,
            '--exchange-interval-ms', '100', '--exchange-retry-ms', '50',
            '--exchange-retry-max-ms', '500'],
    });
}

// A local system's own agency and caseworker (and supervisor); resolves to logged-in clients.
export async function staffOf(srv, region, name) {
    const agency = await cli(srv, ['agency', 'add', '--name', `${name}公共就业服务中心`, '--region',
        region, '--address', `${name}示例路1号`, '--phone', '010-6512333']);
    await cli(srv, ['user', 'add', '--username', 'cw', '--password-file', '-', '--role',
        'caseworker', '--agency', agency], 'case-pass-2026\n');
    await cli(srv, ['user', 'add', '--username', 'sup', '--password-file', '-', '--role',
        'supervisor', '--agency', agency], 'super-pass-2026\n');
    const cw = api(srv.url);
    assert.equal((await cw.login('cw', 'case-pass-2026')).status, 200);
    const sup = api(srv.url);
    assert.equal((await sup.login('sup', 'super-pass-2026')).status, 200);
    return { agency: Number(agency), cw, sup };
}

// Every application of a local's queue with a national number, by status (all pages).
export async function nationalApps(client) {
    const out = [];
    for (const status of ['pending_review', 'approved', 'rejected']) {
        let cursor = null;
        do {
            const q = `/api/v1/applications?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
            const r = await client.get(q);
            assert.equal(r.status, 200, JSON.stringify(r.body));
            out.push(...r.body.items.filter((i) => i.national_no));
            cursor = r.body.next;
        } while (cursor);
    }
    return out;
}
