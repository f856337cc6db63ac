// helpers.mjs — the harness of the black-box tests (test/api/, test/ui/): it runs the real
// binary named by $UREG_BIN against a fresh database in a temporary directory, starts
// `ureg serve` on a free port, and gives tests an HTTP client that keeps cookies and the CSRF
// token like a browser does.
//
//   import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
//   const srv = await startServer();            // init + demo + serve, --dev, UREG_NOW=2026-03-02
//   const c = api(srv.url);
//   await c.login('caseworker', DEMO_USERS.caseworker.password);
//   const r = await c.get('/api/v1/session');   // {status, headers, body (JSON or text)}
//   await srv.run(['workdays', 'add', '2026-03-02', '7']);  // {code, stdout, stderr}
//   await srv.stop();
//   const dir = tempDir(t);                     // a temporary directory removed after test t
//   assertError(r, 400, 'field_invalid', 'status');  // the contract's error shape
//   const oa = await openApi(srv.url);          // the server's OpenAPI document, and
//   oa.check('GET', '/api/v1/session', r);      // r's body checked against its schema there
//
// Every server started here is killed when the test process exits, even after a failure.
// Set UREG_KEEP_TMP=1 to keep the temporary directories for a look at the database afterwards.
//
// Backends: with $UREG_TEST_PG set (postgresql://…/postgres, the admin database of the
// throwaway cluster scripts/pg-test.sh starts), every database a test asks for through
// freshDb() — startServer's too — is a new PostgreSQL database on that cluster; without it, a
// SQLite file in the test's directory. `make test` runs the suites both ways. A cluster that
// cannot be reached fails the test (psql throws), it is never skipped.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Ajv2020 from 'ajv/dist/2020.js';

// The logins `ureg demo` creates (it prints them too). Passwords are demo-only.
export const DEMO_USERS = {
    admin: { password: 'admin-demo-2026', role: 'admin' },
    caseworker: { password: 'case-demo-2026', role: 'caseworker' },
    supervisor: { password: 'super-demo-2026', role: 'supervisor' },
    statistician: { password: 'stats-demo-2026', role: 'statistician' },
    auditor: { password: 'audit-demo-2026', role: 'auditor' },
    caseworker2: { password: 'case2-demo-2026', role: 'caseworker' }, // 西城区, another region
};

// A fresh temporary directory, removed when test `t` (node:test's context) ends.
export function tempDir(t) {
    const dir = mkdtempSync(join(tmpdir(), 'ureg-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

// Assert that response `r` is the contract's error: that status, a body of {error} alone with
// that code, a non-empty message, and that field (null when the error names none).
export function assertError(r, status, code, field = null) {
    const body = JSON.stringify(r.body);
    assert.equal(r.status, status, body);
    assert.deepEqual(Object.keys(r.body), ['error'], body);
    assert.equal(r.body.error.code, code, body);
    assert.equal(typeof r.body.error.message, 'string', body);
    assert.ok(r.body.error.message.length > 0, body);
    assert.equal(r.body.error.field ?? null, field, body);
}

const START_TIMEOUT_MS = 15000;

// The PostgreSQL cluster of this run, or null for SQLite.
export const PG = process.env.UREG_TEST_PG || null;

// Run SQL through psql against the database `url`; returns its unaligned output (rows one a
// line, columns split by '|'). Throws when psql fails.
export function psql(url, sql) {
    return execFileSync('psql', ['-qAtX', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
}

// Write a new master key (64 hex digits, mode 0600) to `path` unless a file is there.
export function writeKeyFile(path) {
    try {
        writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
        if (e.code !== 'EEXIST') throw e;
    }
    return path;
}

// On PostgreSQL the key file (CONTRACT.md: var/ureg.key for a URL) is one per test process, in
// $TMPDIR, named through UREG_KEY_FILE so that no test touches the checkout's var/ureg.key.
if (PG && !process.env.UREG_KEY_FILE) {
    process.env.UREG_KEY_FILE = writeKeyFile(join(tmpdir(), `ureg-test-${process.pid}.key`));
    process.on('exit', () => rmSync(process.env.UREG_KEY_FILE, { force: true }));
}

let dbSeq = 0;
// A new, empty database for `ureg --db`: `dir/name.db` on SQLite, with its key file
// `dir/ureg.key` beside it (the default path), or a freshly created database on the PostgreSQL
// cluster (same name stem, unique per process) with the process's key file above.
export function freshDb(dir, name = 'ureg') {
    if (!PG) {
        writeKeyFile(join(dir, 'ureg.key'));
        return join(dir, `${name}.db`);
    }
    const db = `ureg_${process.pid}_${++dbSeq}_${name.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase();
    psql(PG, `CREATE DATABASE ${db}`);
    const u = new URL(PG);
    u.pathname = `/${db}`;
    return u.toString();
}

const STOP_TIMEOUT_MS = 5000;

const live = new Set();
process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
});

function binary() {
    const bin = process.env.UREG_BIN;
    if (!bin) throw new Error('UREG_BIN is not set: run the tests through `make api` / `make ui`');
    return bin;
}

// Run `ureg [--db DB] [--dev] ARGS...` to completion; `input` (string) goes to stdin.
// Resolves to {code, stdout, stderr}; never rejects on a non-zero exit, tests check the code.
export function runCli(args, { db, dev = false, env = {}, input } = {}) {
    const argv = [...(db ? ['--db', db] : []), ...(dev ? ['--dev'] : []), ...args];
    return new Promise((resolve, reject) => {
        const child = spawn(binary(), argv, {
            env: { ...process.env, ...env },
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
        child.on('error', reject);
        // A death by signal reads like a shell's status: 128 + the signal number.
        child.on('close', (code, signal) =>
            resolve({ code: code ?? 128 + (constants.signals[signal] ?? 0), stdout, stderr }),
        );
        child.stdin.on('error', () => {}); // the binary may exit without reading its input
        child.stdin.end(input ?? '');
    });
}

// Start a server on a fresh database. Options:
//   dev   pass --dev and UREG_NOW=now (default true)
//   now   the simulated date/time for --dev (default '2026-03-02')
//   demo  load the demo agencies, users and people first (default true)
//   env   extra environment for every command (UREG_RATE_SUBMIT and UREG_RATE_STATUS default
//         to 'off' here: set them to test the limits)
//   args  extra arguments of `ureg serve` (['--metrics-interval', '1'])
//   globalArgs  global options before the command (['--log-format', 'json'])
// Resolves to {url, port, db, dir, pid, run(args, {input, env}), stderr(), stop()}; stop()
// sends SIGTERM and resolves to the process's {code, signal}.
//   reuse an earlier server's {dir} to serve its database again (no init, no demo): for tests
//         that move the clock on between two servers
export async function startServer({ dev = true, now = '2026-03-02', demo = true, env = {},
    reuse = null, args = [], globalArgs = [] } = {}) {
    const dir = reuse ? reuse.dir : mkdtempSync(join(tmpdir(), 'ureg-test-'));
    const db = reuse ? reuse.db : freshDb(dir);
    // The suites submit hundreds of applications from one address: the per-address limits of
    // the public routes are off unless a test sets them (edge.test.mjs does).
    const baseEnv = { UREG_RATE_SUBMIT: 'off', UREG_RATE_STATUS: 'off', ...env,
        ...(dev && now ? { UREG_NOW: now } : {}) };
    const run = (args, opts = {}) =>
        runCli(args, { db, dev, env: { ...baseEnv, ...opts.env }, input: opts.input });
    const cleanup = () => {
        if (!process.env.UREG_KEEP_TMP && !keep) rmSync(dir, { recursive: true, force: true });
    };
    let keep = false;

    for (const step of reuse ? [] : demo ? [['init'], ['demo']] : [['init']]) {
        const r = await run(step).catch((e) => {
            cleanup();
            throw e;
        });
        if (r.code !== 0) {
            cleanup();
            throw new Error(`ureg ${step[0]} exited ${r.code}:\n${r.stderr}${r.stdout}`);
        }
    }

    const argv = ['--db', db, ...(dev ? ['--dev'] : []), ...globalArgs, 'serve', '--listen',
        '127.0.0.1:0', ...args];
    const child = spawn(binary(), argv, {
        env: { ...process.env, ...baseEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let errText = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (errText += d));
    // 'exit' may not follow an 'error' (a binary that cannot be started): either ends the wait.
    const exited = new Promise((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })).on('error', resolve));

    let url;
    try {
        url = await new Promise((resolve, reject) => {
            const fail = (why) => reject(new Error(`ureg serve ${why}:\n${errText}`));
            const timer = setTimeout(() => fail('did not report its address in time'),
                START_TIMEOUT_MS);
            // CONTRACT.md: the first line on stdout is `listening on http://HOST:PORT`. Later
            // lines are drained so a chatty server never blocks on a full pipe.
            const lines = createInterface({ input: child.stdout });
            let first = true;
            lines.on('line', (line) => {
                if (!first) return;
                first = false;
                clearTimeout(timer);
                const m = /^listening on (http:\/\/\S+:(\d+))$/.exec(line.trim());
                if (m) resolve(m[1]);
                else fail(`printed an unexpected first line ${JSON.stringify(line)}`);
            });
            child.on('error', (e) => {
                clearTimeout(timer);
                reject(e);
            });
            child.on('exit', (code, signal) => {
                clearTimeout(timer);
                fail(`exited (${code ?? signal}) before listening`);
            });
        });
    } catch (e) {
        child.kill('SIGKILL');
        await exited;
        live.delete(child);
        cleanup();
        throw e;
    }

    let stopped = null;
    const stop = () => {
        stopped ??= (async () => {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
                const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
                await exited;
                clearTimeout(timer);
            }
            live.delete(child);
            cleanup();
            return exited;
        })();
        return stopped;
    };

    return {
        url,
        port: Number(new URL(url).port),
        pid: child.pid,
        db,
        dir,
        run,
        stderr: () => errText,
        stop,
        // Stop but keep the directory, for a later startServer({reuse: srv}).
        stopKeep: () => {
            keep = true;
            return stop();
        },
    };
}

// A small HTTP client for one user agent: keeps the cookies the server sets and the CSRF token
// of the last login, and sends that token on every state-changing request. Every method
// resolves to {status, headers, body} with body parsed as JSON when the server says it is JSON.
export function api(baseUrl) {
    const jar = new Map();
    let csrfToken = null;

    function storeCookies(res) {
        for (const line of res.headers.getSetCookie()) {
            const [pair, ...attrs] = line.split(';');
            const eq = pair.indexOf('=');
            if (eq < 1) continue;
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            const expired = attrs.some((a) => {
                const [k, v = ''] = a.split('=').map((s) => s.trim());
                if (/^max-age$/i.test(k)) return Number(v) <= 0;
                if (/^expires$/i.test(k)) return Date.parse(v) <= Date.now();
                return false;
            });
            if (expired || value === '') jar.delete(name);
            else jar.set(name, value);
        }
    }

    async function request(method, path, { body, headers = {}, raw } = {}) {
        const h = { Accept: 'application/json', ...headers };
        if (jar.size) h.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        if (csrfToken && !['GET', 'HEAD'].includes(method) && !('X-CSRF-Token' in h)) {
            h['X-CSRF-Token'] = csrfToken;
        }
        let payload;
        if (raw !== undefined) payload = raw;
        else if (body !== undefined) {
            payload = JSON.stringify(body);
            h['Content-Type'] ??= 'application/json';
        }
        const res = await fetch(new URL(path, baseUrl), {
            method,
            headers: h,
            body: payload,
            redirect: 'manual',
        });
        storeCookies(res);
        const text = await res.text();
        let parsed = text;
        if ((res.headers.get('content-type') || '').includes('json') && text) {
            parsed = JSON.parse(text);
        }
        return { status: res.status, headers: res.headers, body: parsed };
    }

    return {
        request,
        get: (path, opts) => request('GET', path, opts),
        post: (path, body, opts) => request('POST', path, { ...opts, body }),
        put: (path, body, opts) => request('PUT', path, { ...opts, body }),
        del: (path, opts) => request('DELETE', path, opts),
        // POST /api/v1/session; keeps the token on success. Resolves to the response either way.
        async login(username, password) {
            const r = await request('POST', '/api/v1/session', { body: { username, password } });
            if (r.status === 200) csrfToken = r.body.csrf_token;
            return r;
        },
        async logout() {
            const r = await request('DELETE', '/api/v1/session');
            csrfToken = null;
            return r;
        },
        get csrf() {
            return csrfToken;
        },
        set csrf(v) {
            csrfToken = v;
        },
        cookies: jar,
    };
}

// The server's OpenAPI document (GET /api/v1/openapi.json) and a checker of real answers
// against it: check(method, path, r) finds the operation whose path template matches `path`
// (its query string ignored), the response for r.status (exact, else "4XX"/"5XX"), the media
// type r carries, and validates r.body against that schema (JSON Schema 2020-12, ajv). It
// fails when any of these is missing, so an undocumented answer fails too. `seen` holds the
// "METHOD /template" of every operation checked, for tests that must cover the table.
export async function openApi(baseUrl) {
    const res = await fetch(new URL('/api/v1/openapi.json', baseUrl));
    assert.equal(res.status, 200);
    const doc = await res.json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'openapi.json');
    const pointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const templates = Object.keys(doc.paths).map((t) => ({
        t,
        re: new RegExp('^' + t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g,
            '[^/]+') + '$'),
    }));
    const compiled = new Map();
    const seen = new Set();
    function check(method, path, r) {
        const bare = path.split('?')[0];
        const m = method.toLowerCase();
        const hit = templates.find(({ t, re }) => re.test(bare) && doc.paths[t][m]);
        assert.ok(hit, `no operation in the OpenAPI document for ${method} ${bare}`);
        const op = doc.paths[hit.t][m];
        const code = String(r.status);
        const key = code in op.responses ? code : `${code[0]}XX`;
        assert.ok(op.responses[key], `${method} ${hit.t}: status ${code} is not documented`);
        const type = (r.headers.get('content-type') || '').split(';')[0].trim();
        const media = op.responses[key].content?.[type];
        assert.ok(media, `${method} ${hit.t} ${code}: media type ${type} is not documented`);
        const ref = `openapi.json#/paths/${pointer(hit.t)}/${m}/responses/${key}/content/` +
            `${pointer(type)}/schema`;
        if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
        const validate = compiled.get(ref);
        const ok = validate(r.body);
        assert.ok(ok, `${method} ${path} ${code} does not match its schema: ` +
            `${ajv.errorsText(validate.errors)}\n${JSON.stringify(r.body).slice(0, 500)}`);
        seen.add(`${method.toUpperCase()} ${hit.t}`);
    }
    return { doc, check, seen };
}
