// notify.test.mjs — the exit notification (notice §5: 注销 … 并以适当方式予以告知) sent by
// `ureg serve`'s own sender through the SMS-gateway notifier, to a real HTTP server in this
// process that plays the gateway and records every request (docs/operations.md "The SMS
// gateway"). An exit that is told reaches the gateway exactly once, with the person's phone, the
// notification's text, the sign and the bearer token; a 500 and a timeout are failed attempts,
// not retried before their backoff (the dev clock stands still), and retried once the clock has
// moved past it (a second server on the same database); the untold reasons (24 emigration, 25,
// 26) send nothing; the registration's exit.notified becomes true; the number's decryption is
// audited (person.reveal by system:notify, shown on the applicant's data-usage page); neither a
// phone number nor the token appears in ureg's log; the token is masked by `ureg config show`; a
// bad sms configuration stops `ureg notify run`. Runs on SQLite and, under UREG_TEST_PG, on
// PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS, PG, psql } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

const TOKEN = 'gw-token-4f1c9a7e5b2d8c30';
const SIGN = '东城区人社局';

// Rows of one query as arrays of strings, on either backend.
function sql(db, q) {
    const out = PG ? psql(db, q)
        : execFileSync('sqlite3', ['-separator', '|', db, q], { encoding: 'utf8' }).trim();
    return out === '' ? [] : out.split('\n').map((l) => l.split('|'));
}

// The gateway: every request recorded as {auth, type, body}; the answer for a phone is the next
// of plan[phone] ('fail': 500, 'hang': no answer until the end, 'refuse': 200 not accepted),
// else 200 {"accepted": true}.
const requests = [];
const plan = new Map();
const hanging = [];
const gateway = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d) => (data += d)).on('end', () => {
        let body = null;
        try {
            body = JSON.parse(data);
        } catch {
            body = { unreadable: data };
        }
        requests.push({ method: req.method, url: req.url, auth: req.headers.authorization,
            type: req.headers['content-type'], body });
        const next = plan.get(body.phone)?.shift();
        if (next === 'hang') {
            hanging.push(res);
            return;
        }
        const [status, answer] = next === 'fail' ? [500, { error: 'internal' }]
            : [200, { accepted: true, message_id: `m${requests.length}` }];
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
    });
});

let gwUrl, dir, srv, cw, env;
let seq = 700;

async function login(url, user) {
    const c = api(url);
    const r = await c.login(user, DEMO_USERS[user].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
}

// A new registration in 东城区 with its own phone number, approved by the caseworker.
async function registration() {
    seq += 2;
    const phone = `139${String(10000000 + seq).slice(-8)}`;
    const form = formFor(idNumber('110101', '1985-11-03', seq), { phone });
    const a = await api(srv.url).post('/api/v1/public/applications', form);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return { reg: d.body.registration_no, phone, no: a.body.application_no,
        code: a.body.query_code };
}

async function exitWith(reg, reason_code, evidence, subkind) {
    const body = { reason_code, date: '2026-03-02', evidence, ...(subkind ? { subkind } : {}) };
    const r = await cw.post(`/api/v1/registrations/${reg}/exit`, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
}

const sentTo = (phone) => requests.filter((r) => r.body.phone === phone);
const row = (reg) => {
    const rows = sql(srv.db, `SELECT n.id, n.channel, n.status, n.attempts,
        COALESCE(n.last_error, ''), n.text FROM notification n
        JOIN registration r ON r.id = n.registration_id WHERE r.registration_no = '${reg}'`);
    return rows.map(([id, channel, status, attempts, error, text]) =>
        ({ id: Number(id), channel, status, attempts: Number(attempts), error, text }));
};
const exitOf = async (reg) => (await cw.get(`/api/v1/registrations/${reg}`)).body.exit;
const notified = async (reg) => (await exitOf(reg)).notified;

// Wait until cond() holds (the sender runs every second), at most ms.
async function until(cond, ms = 8000) {
    const end = Date.now() + ms;
    while (!(await cond())) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 100));
    }
    return true;
}

const serve = (now, reuse = null) => startServer({ now, env, reuse });

const told = {}, untold = [];

before(async () => {
    await new Promise((r) => gateway.listen(0, '127.0.0.1', r));
    gwUrl = `http://127.0.0.1:${gateway.address().port}/v1/sms/send`;
    dir = mkdtempSync(join(tmpdir(), 'ureg-notify-'));
    writeFileSync(join(dir, 'sms.token'), `${TOKEN}\n`, { mode: 0o600 });
    env = { UREG_NOTIFY_CHANNEL: 'sms', UREG_SMS_URL: gwUrl,
        UREG_SMS_TOKEN_FILE: join(dir, 'sms.token'), UREG_SMS_SIGN: SIGN,
        UREG_SMS_TIMEOUT_MS: '500', UREG_NOTIFY_INTERVAL: '1' };
    srv = await serve('2026-03-02T09:30:00');
    cw = await login(srv.url, 'caseworker');
});
after(async () => {
    await srv?.stop();
    for (const res of hanging) res.destroy();
    gateway.close();
    rmSync(dir, { recursive: true, force: true });
});

test('an exit that is told reaches the gateway once, with the phone, the text and the token',
    async () => {
        told.ok = await registration();
        await exitWith(told.ok.reg, '14', { post: '社区公益性岗位' });
        assert.ok(await until(async () => (await notified(told.ok.reg)) === true),
            'exit.notified did not become true');
        const got = sentTo(told.ok.phone);
        assert.equal(got.length, 1, JSON.stringify(requests));
        const [n] = row(told.ok.reg);
        assert.deepEqual([n.channel, n.status, n.attempts, n.error], ['sms', 'sent', 1, '']);
        assert.equal(got[0].method, 'POST');
        assert.equal(got[0].url, '/v1/sms/send');
        assert.equal(got[0].auth, `Bearer ${TOKEN}`);
        assert.match(got[0].type, /^application\/json/);
        assert.deepEqual(got[0].body, { id: `ureg-notification-${n.id}`, phone: told.ok.phone,
            text: n.text, sign: SIGN });
        assert.match(n.text, /您的失业登记已于2026-03-02注销（.+）/);
        // The case page's view of the record: channel, text and delivery status.
        const note = (await exitOf(told.ok.reg)).notification;
        assert.deepEqual({ ...note, sent_at: typeof note.sent_at }, { channel: 'sms', text: n.text,
            status: 'sent', attempts: 1, last_error: null, sent_at: 'string',
            next_attempt_at: null });
        // The number's decryption for the send is audited like any read of personal data, and
        // the applicant sees it on the data-usage page.
        const usage = await api(srv.url).get(
            `/api/v1/public/applications/${told.ok.no}/data-usage?query_code=${told.ok.code}`);
        assert.equal(usage.status, 200, JSON.stringify(usage.body));
        const reads = usage.body.items.filter((i) => i.reader === 'system:notify');
        assert.equal(reads.length, 1, JSON.stringify(usage.body));
        assert.deepEqual([reads[0].action, reads[0].reason, reads[0].registration_no],
            ['reveal', '告知注销 exit notification', told.ok.reg]);
    });

test('a 500 and a timeout are failed attempts, not retried before their backoff', async () => {
    told.fail = await registration();
    told.hang = await registration();
    plan.set(told.fail.phone, ['fail']);
    plan.set(told.hang.phone, ['hang']);
    await exitWith(told.fail.reg, '11', { employer: '北京某科技有限公司' });
    await exitWith(told.hang.reg, '24', { document: '录取通知书' }, 'school');
    assert.ok(await until(() => row(told.fail.reg)[0]?.status === 'failed' &&
        row(told.hang.reg)[0]?.status === 'failed'), JSON.stringify([row(told.fail.reg),
        row(told.hang.reg)]));
    assert.deepEqual(row(told.fail.reg).map((n) => [n.channel, n.attempts, n.error]),
        [['sms', 1, 'gateway http 500']]);
    assert.deepEqual(row(told.hang.reg).map((n) => [n.channel, n.attempts, n.error]),
        [['sms', 1, 'gateway unreachable or timed out']]);
    for (const [k, error] of [['fail', 'gateway http 500'],
        ['hang', 'gateway unreachable or timed out']]) {
        const x = await exitOf(told[k].reg);
        assert.equal(x.notified, false);
        assert.deepEqual([x.notification.status, x.notification.attempts,
            x.notification.last_error], ['failed', 1, error]);
        // 60 s after the first failure, by the dev clock (09:30:00 + 60 s, UTC+8).
        assert.equal(new Date(x.notification.next_attempt_at).toISOString(),
            '2026-03-02T01:31:00.000Z');
    }
    // The next attempt is 60 s ahead and the dev clock stands still: the next passes (one a
    // second) send nothing.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(sentTo(told.fail.phone).length, 1);
    assert.equal(sentTo(told.hang.phone).length, 1);
    assert.equal(sentTo(told.ok.phone).length, 1); // and the one sent is never sent again
});

test('the reasons that are not told (24 emigration, 25, 26) send nothing', async () => {
    for (const [code, evidence, subkind] of [['24', { document: '出境定居证明' }, 'emigration'],
        ['25', { document: '判决书' }], ['26', { document: '死亡证明' }]]) {
        const r = await registration();
        await exitWith(r.reg, code, evidence, subkind);
        const x = await exitOf(r.reg);
        assert.equal(x.notified, null);
        assert.equal(x.notification, null);
        assert.deepEqual(row(r.reg), []);
        untold.push(r);
    }
    // No row, nothing to send; the last test checks the gateway saw none of them after both
    // servers' passes.
});

test('after the backoff (the clock moved on) the failed ones are sent, each once more', async () => {
    const stopped = await srv.stopKeep();
    assert.deepEqual(stopped, { code: 0, signal: null }); // SIGTERM stops the sender cleanly
    const logs = [srv.stderr()];
    srv = await serve('2026-03-02T09:35:00', srv);
    cw = await login(srv.url, 'caseworker');
    assert.ok(await until(async () => (await notified(told.fail.reg)) === true &&
        (await notified(told.hang.reg)) === true), JSON.stringify(requests.map((r) => r.body.id)));
    for (const k of ['fail', 'hang']) {
        assert.equal(sentTo(told[k].phone).length, 2, k);
        assert.deepEqual(row(told[k].reg).map((n) => [n.status, n.attempts, n.error]),
            [['sent', 2, '']], k);
        // The same request id on both attempts: a gateway can drop a resend.
        const ids = sentTo(told[k].phone).map((r) => r.body.id);
        assert.equal(ids[0], ids[1]);
    }
    assert.equal(sentTo(told.ok.phone).length, 1); // never twice
    for (const r of untold) assert.deepEqual(sentTo(r.phone), []);
    // `ureg notify run` (cron) beside the server: nothing is due any more.
    const cron = await srv.run(['notify', 'run']);
    assert.equal(cron.code, 0, cron.stderr);
    assert.match(cron.stdout, /notifications sent 0, failed 0/);

    // The log says what failed and why, and never a phone number or the token.
    logs.push(srv.stderr(), cron.stderr);
    const log = logs.join('\n');
    if (process.env.NOTIFY_TEST_SHOW_LOG) console.log(log);
    assert.match(log, /event=notification_failed .*reason="gateway http 500"/);
    assert.match(log, /event=notification_sent id=\d+ exit_id=\d+ channel=sms status=200/);
    for (const r of [...Object.values(told), ...untold]) assert.ok(!log.includes(r.phone), r.phone);
    assert.ok(!log.includes(TOKEN));
});

test('sms without a URL or with an unreadable token file stops at start, status 1', async () => {
    for (const [over, what] of [[{ UREG_SMS_URL: '' }, /sms_url/],
        [{ UREG_SMS_TOKEN_FILE: join(dir, 'missing.token') }, /sms_token_file .*missing\.token/]]) {
        const r = await srv.run(['notify', 'run'], { env: { ...env, ...over } });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, what);
        assert.equal(r.stdout, '');
    }
    const bad = await srv.run(['notify', 'run'], { env: { UREG_SMS_URL: 'ftp://x' } });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /UREG_SMS_URL: must be the gateway's URL/);
});

test('`ureg config show` masks the gateway token', async () => {
    const r = await srv.run(['config', 'show'], { env: { UREG_SMS_TOKEN: TOKEN } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^sms_token = \*{8} {2}# env UREG_SMS_TOKEN$/m);
    assert.match(r.stdout, /^notify_channel = sms /m);
    assert.ok(!r.stdout.includes(TOKEN));
});
