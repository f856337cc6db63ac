// config.test.mjs — the configuration file, its precedence (file < environment < flags), its
// errors (FILE:LINE, exit 1 before anything runs) and `ureg config show`, run as a black box.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCli, tempDir } from './helpers.mjs';

// The test harness names a key file through UREG_KEY_FILE on PostgreSQL (helpers.mjs); the
// defaults shown here are those without it (an empty variable counts as unset).
const NO_KEY_ENV = { UREG_KEY_FILE: '' };

// `ureg config show` as {key: {value, source}}.
function shown(stdout) {
    const out = {};
    for (const line of stdout.split('\n')) {
        const m = /^([a-z_]+) = (.*?)  # (.*)$/.exec(line);
        if (m) out[m[1]] = { value: m[2], source: m[3] };
    }
    return out;
}

test('file < environment < flags, each value with where it comes from', async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, 'ureg.conf');
    writeFileSync(conf, `# test\ndb = ${dir}/file.db\nthreads = 3\n\nlog_level = warn  # quiet\n`);
    const r = await runCli(['--config', conf, '--db', join(dir, 'flag.db'), 'config', 'show'],
        { env: { UREG_THREADS: '5', UREG_DB: join(dir, 'env.db'), UREG_LISTEN: '', ...NO_KEY_ENV } });
    assert.equal(r.code, 0, r.stderr);
    const s = shown(r.stdout);
    assert.deepEqual(s.db, { value: join(dir, 'flag.db'), source: 'flag --db' });
    assert.deepEqual(s.threads, { value: '5', source: 'env UREG_THREADS' });
    assert.deepEqual(s.log_level, { value: 'warn', source: `${conf}:5` });
    assert.deepEqual(s.listen, { value: '127.0.0.1:8080', source: 'default' }); // empty env: unset
    assert.deepEqual(s.key_file, { value: join(dir, 'ureg.key'), source: 'default' });
    // $UREG_CONFIG names the file when --config does not.
    const e = await runCli(['config', 'show'], { env: { UREG_CONFIG: conf } });
    assert.equal(e.code, 0, e.stderr);
    assert.deepEqual(shown(e.stdout).db, { value: `${dir}/file.db`, source: `${conf}:2` });
});

test('a bad key or value stops start-up with FILE:LINE and exit 1, touching nothing', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'never.db');
    const cases = [
        [`db = ${db}\ncolour = blue\n`, /^(.*):2: unknown key "colour"/],
        [`db = ${db}\nthreads = many\n`, /^(.*):2: threads: must be a whole number/],
        [`db = ${db}\nlisten = 8080\n`, /^(.*):2: listen: must be HOST:PORT/],
        [`db = ${db}\nsecure_cookies = yes\n`, /^(.*):2: secure_cookies: must be true or false/],
        [`db = ${db}\nlog_level = loud\n`, /^(.*):2: log_level: must be debug, info/],
        [`db = ${db}\ndb = ${db}\n`, /^(.*):2: db is set twice \(first on line 1\)/],
        [`db = ${db}\nthreads\n`, /^(.*):2: expected `key = value`/],
    ];
    for (const [text, re] of cases) {
        const conf = join(dir, 'bad.conf');
        writeFileSync(conf, text);
        const r = await runCli(['--config', conf, 'init']);
        assert.equal(r.code, 1, text);
        const m = re.exec(r.stderr);
        assert.ok(m, `${JSON.stringify(text)}: ${r.stderr}`);
        assert.equal(m[1], conf);
        assert.equal(r.stdout, '');
    }
    assert.ok(!existsSync(db), 'no command ran');
    // A file named by --config or $UREG_CONFIG must exist.
    const missing = join(dir, 'missing.conf');
    for (const r of [await runCli(['--config', missing, 'init']),
        await runCli(['init'], { env: { UREG_CONFIG: missing } })]) {
        assert.equal(r.code, 1);
        assert.match(r.stderr, /missing\.conf: No such file or directory/);
    }
    // The environment and the flags are held to the same checks.
    const env = await runCli(['--db', db, 'init'], { env: { UREG_THREADS: '-2' } });
    assert.equal(env.code, 1);
    assert.match(env.stderr, /^ureg: \$UREG_THREADS: must be a whole number/);
    const flag = await runCli(['--db', db, 'serve', '--threads', 'x']);
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /^ureg: --threads: must be a whole number/);
    const glob = await runCli(['--db', db, '--log-level', 'shout', 'init']);
    assert.equal(glob.code, 1);
    assert.match(glob.stderr, /^ureg: --log-level: must be debug, info/);
    assert.ok(!existsSync(db), 'no command ran');
    // help and version need no configuration: they work beside a broken file.
    writeFileSync(join(dir, 'bad.conf'), 'colour = blue\n');
    for (const cmd of ['help', 'version']) {
        const r = await runCli(['--config', join(dir, 'bad.conf'), cmd]);
        assert.equal(r.code, 0, r.stderr);
    }
});

test('config show masks passwords; config example is a valid file at the defaults', async (t) => {
    const dir = tempDir(t);
    const r = await runCli(['--db', 'postgresql://ureg:hunter2@db.example/ureg', 'config', 'show'],
        { env: NO_KEY_ENV });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(shown(r.stdout).db.value, 'postgresql://ureg:********@db.example/ureg');
    assert.doesNotMatch(r.stdout, /hunter2/);
    const ex = await runCli(['config', 'example']);
    assert.equal(ex.code, 0, ex.stderr);
    const conf = join(dir, 'example.conf');
    writeFileSync(conf, ex.stdout);
    const s = await runCli(['--config', conf, 'config', 'show'], { env: NO_KEY_ENV });
    assert.equal(s.code, 0, s.stderr);
    const keys = Object.keys(shown(s.stdout));
    assert.ok(keys.length >= 6);
    for (const k of keys) {
        assert.equal(shown(s.stdout)[k].source, 'default', k);
        assert.match(ex.stdout, new RegExp(`^# ${k} = `, 'm'), `the example documents ${k}`);
    }
    // The manual and `ureg help` carry every key too.
    const man = await runCli(['help', '--man']);
    const help = await runCli(['help']);
    for (const k of keys) {
        assert.match(man.stdout, new RegExp(`^\\\\fB${k}\\\\fR = `, 'm'), k);
        assert.match(help.stdout, new RegExp(`^  ${k} = `, 'm'), k);
    }
});

test('serve takes listen from the file when --listen is absent', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'u.db');
    const conf = join(dir, 'ureg.conf');
    writeFileSync(conf, `db = ${db}\nlisten = 127.0.0.1:0\nthreads = 2\n`);
    const init = await runCli(['--config', conf, 'init']);
    assert.equal(init.code, 0, init.stderr);
    const child = spawn(process.env.UREG_BIN, ['--config', conf, 'serve'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const first = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening line')), 15000);
        createInterface({ input: child.stdout }).once('line', (l) => {
            clearTimeout(timer);
            resolve(l);
        });
    });
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
    assert.ok(m && m[2] !== '0' && m[2] !== '8080', first);
    const h = await fetch(`${m[1]}/healthz`);
    assert.equal(h.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
});
