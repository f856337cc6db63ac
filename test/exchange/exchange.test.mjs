// exchange.test.mjs — the national exchange end to end (issue 11; notice §7, 附件3): one
// national hub and three local systems on loopback port-0 servers, the hub behind a relay so
// it can be stopped and started again. Applications filed nationally reach exactly one local
// each (longest prefix wins); results arrive nationally and the worker sees them; a local is
// killed with SIGKILL mid-download and mid-upload and restarted; the hub is stopped while the
// locals keep deciding; duplicated, reordered, tampered, expired and replayed messages. At the
// end: no application lost or duplicated, every result present once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, assertError, openApi } from '../api/helpers.mjs';
import { freshId, formFor } from '../api/idgen.mjs';
import {
    cli, deathOf, envelope, keygen, nationalApps, privateKey, relay, send, staffOf, startHub, startLocal,
    waitFor,
} from './xhelpers.mjs';

// The three locals: L1 owns 东城区 only, L2 the rest of Beijing, L3 Shanghai.
const LOCALS = [
    { id: 'L1', regions: '110101', region: '110101', name: '东城区' },
    { id: 'L2', regions: '11', region: '110105', name: '朝阳区' },
    { id: 'L3', regions: '31', region: '310101', name: '黄浦区' },
];

// New clients of a restarted local system (its sessions live in its database).
async function relogin(l) {
    l.cw = api(l.srv.url);
    assert.equal((await l.cw.login('cw', 'case-pass-2026')).status, 200);
    l.sup = api(l.srv.url);
    assert.equal((await l.sup.login('sup', 'super-pass-2026')).status, 200);
}

const formIn = (region, over = {}) =>
    formFor(freshId(region === '310101' ? '310101' : '110101'), {
        register_region: region, residence_region: region, ...over,
    });

test('the national exchange: hub and three locals', { timeout: 240000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ureg-exchange-'));
    const keys = { hub: await keygen(dir, 'hub') };
    for (const l of LOCALS) keys[l.id] = await keygen(dir, l.id);
    const front = await relay();
    let hub = await startHub(keys.hub);
    front.to(hub.url);
    const locals = {};
    const filed = new Map(); // national_no → {local, query_code, region}
    const decided = new Map(); // application_no (local) → {local, status, registration_no}
    const pub = api(front.url);
    let hubAdmin;

    t.after(async () => {
        for (const l of Object.values(locals)) await l.srv.stop();
        await hub.stop();
        await front.close();
        rmSync(dir, { recursive: true, force: true });
    });

    await t.test('operators register the systems and their keys', async () => {
        for (const l of LOCALS) {
            const out = await cli(hub, ['exchange', 'register', '--system', l.id, '--regions',
                l.regions, '--public-key', keys[l.id].pub]);
            assert.match(out, new RegExp(`registered ${l.id}`));
        }
        // A bad key or prefix is refused and changes nothing.
        const bad = await hub.run(['exchange', 'register', '--system', 'LX', '--regions', '44',
            '--public-key', 'not-a-key']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /public_key_invalid/);
        const badRegion = await hub.run(['exchange', 'register', '--system', 'LX', '--regions',
            '44x', '--public-key', keys.L1.pub]);
        assert.equal(badRegion.code, 1);
        for (const l of LOCALS) {
            const srv = await startLocal(l.id, keys[l.id], front.url);
            await cli(srv, ['exchange', 'register', '--system', 'national', '--public-key',
                keys.hub.pub]);
            locals[l.id] = { ...l, srv, ...(await staffOf(srv, l.region, l.name)) };
        }
        const status = JSON.parse(await cli(hub, ['exchange', 'status', '--role', 'national']));
        assert.deepEqual(status.registry.map((s) => [s.system_id, s.regions]),
            [['L1', ['110101']], ['L2', ['11']], ['L3', ['31']]]);
    });

    await t.test('national submissions reach exactly one local each, longest prefix first', async () => {
        const check = await openApi(front.url);
        for (const l of LOCALS) {
            for (let i = 0; i < 4; i++) {
                const r = await pub.post('/api/v1/public/applications', formIn(l.region));
                assert.equal(r.status, 201, JSON.stringify(r.body));
                check.check('POST', '/api/v1/public/applications', r);
                assert.match(r.body.application_no, /^N\d{15}$/);
                filed.set(r.body.application_no, { local: l.id, query_code: r.body.query_code,
                    region: l.region });
            }
        }
        // A region no local system serves is refused with the field named.
        assertError(await pub.post('/api/v1/public/applications', formIn('440106')), 422,
            'no_local_system', 'register_region');
        // The same rules as intake: a broken form is refused at the hub.
        assertError(await pub.post('/api/v1/public/applications', formIn('110101', {
            commitment: false })), 400, 'commitment_required', 'commitment');
        for (const l of LOCALS) {
            const mine = [...filed].filter(([, f]) => f.local === l.id).map(([no]) => no).sort();
            const got = await waitFor(`${l.id}'s queue`, async () => {
                const apps = await nationalApps(locals[l.id].cw);
                return apps.length >= mine.length ? apps : null;
            });
            assert.deepEqual(got.map((a) => a.national_no).sort(), mine);
            const one = await locals[l.id].cw.get(`/api/v1/applications/${got[0].application_no}`);
            assert.equal(one.body.national_no, got[0].national_no);
            assert.equal(one.body.channel, 'national');
            for (const a of got) {
                assert.equal(a.channel, 'national');
                assert.equal(a.status, 'pending_review');
                assert.equal(a.register_region, l.region);
            }
        }
        // The hub shows each as accepted locally, with the local number and deadline.
        for (const [no, f] of filed) {
            const r = await waitFor(`${no} acknowledged`, async () => {
                const s = await pub.get(`/api/v1/public/applications/${no}?query_code=${f.query_code}`);
                return s.body.status === 'pending_review' ? s : null;
            });
            check.check('GET', `/api/v1/public/applications/${no}`, r);
            assert.equal(r.body.national_no, no);
            assert.match(r.body.local_no, new RegExp(`^${f.region}\\d{14}$`));
            f.local_no = r.body.local_no;
        }
        assertError(await pub.get(`/api/v1/public/applications/${[...filed.keys()][0]}?query_code=WRONG`),
            404, 'not_found');
    });

    await t.test('decisions and the locals\' own channels reach the national status query', async () => {
        for (const l of LOCALS) {
            const apps = await nationalApps(locals[l.id].cw);
            for (const [i, a] of apps.entries()) {
                const body = i === 0 ? { decision: 'reject', reason: '已就业' } : { decision: 'approve' };
                const r = await locals[l.id].cw.post(`/api/v1/applications/${a.application_no}/decision`, body);
                assert.equal(r.status, 200, JSON.stringify(r.body));
                decided.set(a.application_no, { local: l.id, status: r.body.status,
                    registration_no: r.body.registration_no });
            }
            // A counter application of the local itself is uploaded too.
            const c = await locals[l.id].cw.post('/api/v1/applications', formIn(l.region));
            assert.equal(c.status, 201, JSON.stringify(c.body));
            const d = await locals[l.id].cw.post(`/api/v1/applications/${c.body.application_no}/decision`,
                { decision: 'approve' });
            assert.equal(d.status, 200);
            decided.set(c.body.application_no, { local: l.id, status: 'approved',
                registration_no: d.body.registration_no, query_code: c.body.query_code });
        }
        for (const [no, f] of filed) {
            const want = decided.get(f.local_no);
            const r = await waitFor(`${no}'s result`, async () => {
                const s = await pub.get(`/api/v1/public/applications/${no}?query_code=${f.query_code}`);
                return s.body.status === want.status ? s : null;
            });
            assert.equal(r.body.registration_no, want.registration_no);
            if (want.status === 'rejected') assert.equal(r.body.decision_reason, '已就业');
        }
        for (const [no, d] of decided) {
            if (!d.query_code) continue;
            const r = await waitFor(`${no} at the hub`, async () => {
                const s = await pub.get(`/api/v1/public/applications/${no}?query_code=${d.query_code}`);
                return s.status === 200 ? s : null;
            });
            assert.equal(r.body.status, 'approved');
            assert.equal(r.body.registration_no, d.registration_no);
            assert.equal(r.body.national_no, null);
        }
        // The agency lists the locals published are served publicly at national level.
        const ag = await waitFor('published agencies', async () => {
            const r = await pub.get('/api/v1/public/agencies');
            return r.body.items.length === 3 ? r : null;
        });
        assert.deepEqual(ag.body.items.map((i) => i.region).sort(), ['110101', '110105', '310101']);
        const sh = await pub.get('/api/v1/public/agencies?region=310000');
        assert.deepEqual(sh.body.items.map((i) => i.name), ['黄浦区公共就业服务中心']);
        const consult = await pub.get('/api/v1/public/consultation?region=110105');
        assert.equal(consult.body.hotline, '12333');
        assert.deepEqual(consult.body.agencies.map((a) => a.phone), ['010-6512333']);
    });

    await t.test('messages: duplicated, reordered, tampered, expired, replayed, foreign', async () => {
        const key = privateKey(keys.L1.file);
        const result = (over) => ({
            seq: 1000, application_no: '11010120261201999999', national_no: null,
            register_region: '110101', channel: 'counter', status: 'approved',
            decision_reason: null, registration_no: '110101202699999999',
            decided_at: '2026-12-01T10:00:00+08:00', deadline: '2026-12-10',
            query_code_hash: 'x', ...over,
        });
        const upload = (results, id) => envelope({ action: 'upload', sender: 'L1', id,
            count: results.length, message: { results } });

        // Duplicated: the same signed message twice is acknowledged twice, applied once.
        const env = upload([result({})]);
        const a = await send(front.url, env, 'L1', key);
        assert.equal(a.status, 200, a.text);
        assert.equal(a.body.message.ack_status, 'ACK');
        assert.equal(a.body.message.correlation_id, env.header.message_id);
        assert.equal(a.body.header.action, 'on-upload');
        assert.equal(a.body.header.sender_id, 'national');
        assert.match(a.signature, /^keyId="national",algorithm="ed25519",created=\d+,expires=\d+,/);
        assert.deepEqual(a.body.message.results.map((r) => r.status), ['succeeded']);
        const b = await send(front.url, env, 'L1', key);
        assert.equal(b.status, 200);
        assert.deepEqual(b.body, a.body); // the stored answer, not a second application

        // Reordered: an older result (seq 999) arriving after seq 1000 changes nothing.
        const older = await send(front.url, upload([result({ seq: 999, status: 'rejected',
            registration_no: null, decision_reason: 'old' })]), 'L1', key);
        assert.equal(older.body.message.results[0].status, 'succeeded');
        // (the worker sees status approved with the newer registration number below)

        // Replayed: the same message_id with another body is refused.
        const replay = await send(front.url, upload([result({ seq: 1001 })], env.header.message_id),
            'L1', key);
        assert.equal(replay.status, 409);
        assert.equal(replay.body.message.ack_status, 'NACK');
        assert.equal(replay.body.message.error.code, 'message_replayed');

        // Tampered: a body changed after signing.
        const tampered = await send(front.url, upload([result({ seq: 1002 })]), 'L1', key, {
            tamper: (s) => s.replace('110101202699999999', '110101202699999998') });
        assert.equal(tampered.status, 401);
        assert.equal(tampered.body.message.error.code, 'signature_invalid');

        // Expired, and from the future beyond the skew.
        const expired = await send(front.url, upload([result({ seq: 1003 })]), 'L1', key,
            { at: -3600 });
        assert.equal(expired.status, 401);
        assert.equal(expired.body.message.error.code, 'message_expired');
        const future = await send(front.url, upload([result({ seq: 1004 })]), 'L1', key,
            { at: 3600 });
        assert.equal(future.body.message.error.code, 'message_expired');
        const long = await send(front.url, upload([result({ seq: 1005 })]), 'L1', key,
            { ttl: 86400 });
        assert.equal(long.body.message.error.code, 'message_expired');

        // Another system's name on L1's signature; an unregistered key; no signature.
        const impostor = await send(front.url, envelope({ action: 'upload', sender: 'L2',
            message: { results: [] } }), 'L1', key);
        assert.equal(impostor.body.message.error.code, 'signature_invalid');
        const stranger = await keygen(dir, 'stranger');
        const unknown = await send(front.url, upload([result({ seq: 1006 })]), 'LZ',
            privateKey(stranger.file));
        assert.equal(unknown.status, 401);
        assert.equal(unknown.body.message.error.code, 'unknown_sender');
        const bare = await fetch(new URL('/api/v1/exchange', front.url), { method: 'POST',
            headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(env) });
        assert.equal(bare.status, 401);

        // Unknown application, foreign region, another system's national case: item rejections.
        const someL2 = [...filed].find(([, f]) => f.local === 'L2')[0];
        const items = await send(front.url, upload([
            result({ seq: 1010, national_no: 'N209901010000001' }),
            result({ seq: 1011, register_region: '310101', application_no: '31010120261201999999' }),
            result({ seq: 1012, national_no: someL2, register_region: '110105' }),
            result({ seq: 1013, application_no: '11010120261201999997', status: 'bogus' }),
        ]), 'L1', key);
        assert.equal(items.status, 200, items.text);
        assert.deepEqual(items.body.message.results.map((r) => [r.status, r.reason_code]), [
            ['rejected', 'unknown_application'], ['rejected', 'foreign_region'],
            ['rejected', 'foreign_region'], ['rejected', 'message_header_invalid']]);
        // Acknowledgements: another system's case, and a number the hub never issued.
        const acks = await send(front.url, envelope({ action: 'ack', sender: 'L1', count: 2,
            message: { items: [
                { national_no: someL2, status: 'succeeded', application_no: '11010520261201000001' },
                { national_no: 'N209901010000002', status: 'succeeded', application_no: 'x' },
            ] } }), 'L1', key);
        assert.deepEqual(acks.body.message.items.map((i) => [i.status, i.reason_code]),
            [['rejected', 'foreign_region'], ['rejected', 'unknown_application']]);
        const l2case = await pub.get(`/api/v1/public/applications/${someL2}?query_code=${filed.get(someL2).query_code}`);
        assert.equal(l2case.body.local_no, filed.get(someL2).local_no); // untouched
        // A download in the name of the hub's receiver id of another system is refused.
        const wrongReceiver = await send(front.url, envelope({ action: 'download', sender: 'L1',
            receiver: 'L2', message: { cursor: 0, limit: 10 } }), 'L1', key);
        assert.equal(wrongReceiver.body.message.error.code, 'message_header_invalid');

        // The national timeliness view counts L1's rejected items.
        const admin = api(front.url);
        await cli(hub, ['agency', 'add', '--name', '人社部就业促进司', '--region', '110000']);
        await cli(hub, ['user', 'add', '--username', 'nsup', '--password-file', '-', '--role',
            'supervisor', '--agency', '1'], 'national-pass-2026\n');
        assert.equal((await admin.login('nsup', 'national-pass-2026')).status, 200);
        hubAdmin = admin;
        const view = await admin.get('/api/v1/exchange/status');
        assert.equal(view.status, 200);
        const l1 = view.body.systems.find((s) => s.system_id === 'L1');
        assert.equal(l1.rejected, 6);
        assert.ok(l1.last_seen_at);
        assert.equal(view.body.systems.find((s) => s.system_id === 'L3').rejected, 0);
    });

    await t.test('a national application the local refuses shows its reason nationally', async () => {
        const l = locals.L3;
        const form = formIn('310101');
        const c = await l.cw.post('/api/v1/applications', form);
        assert.equal(c.status, 201);
        const n = await pub.post('/api/v1/public/applications', { ...form, phone: '13900001111' });
        assert.equal(n.status, 201); // the hub cannot know: the local's one-open-case rule decides
        const s = await waitFor('the refusal at the hub', async () => {
            const r = await pub.get(`/api/v1/public/applications/${n.body.application_no}?query_code=${n.body.query_code}`);
            return r.body.status === 'rejected' ? r : null;
        });
        assert.equal(s.body.decision_reason, '该证件已有办理中的失业登记申请');
        assert.equal(s.body.local_no, null);
        assert.equal(s.body.registration_no, null);
        const d = await l.cw.post(`/api/v1/applications/${c.body.application_no}/decision`, { decision: 'approve' });
        assert.equal(d.status, 200);
        decided.set(c.body.application_no, { local: 'L3', status: 'approved',
            registration_no: d.body.registration_no, query_code: c.body.query_code });
        // The local's agency list is published again when it changes.
        await cli(l.srv, ['agency', 'add', '--name', '外滩街道就业服务站', '--region', '310101002',
            '--kind', 'street', '--phone', '021-63212333']);
        const ag = await waitFor('the new agency at the hub', async () => {
            const r = await pub.get('/api/v1/public/agencies?region=310101');
            return r.body.items.length === 2 ? r : null;
        });
        assert.deepEqual(ag.body.items.map((i) => i.phone).sort(), ['010-6512333', '021-63212333']);
    });

    await t.test('a local killed with SIGKILL mid-download loses and duplicates nothing', async () => {
        const l = locals.L1;
        await l.srv.stopKeep();
        l.srv = await startLocal('L1', keys.L1, front.url, { reuse: l.srv,
            env: { UREG_EXCHANGE_FAIL: 'after_intake' } });
        const mine = [];
        for (let i = 0; i < 3; i++) {
            const r = await pub.post('/api/v1/public/applications', formIn('110101'));
            assert.equal(r.status, 201);
            filed.set(r.body.application_no, { local: 'L1', query_code: r.body.query_code,
                region: '110101' });
            mine.push(r.body.application_no);
        }
        // It commits the first application of the page and dies before acknowledging.
        const exit = await deathOf(l.srv);
        assert.equal(exit.signal, 'SIGKILL');
        l.srv = await startLocal('L1', keys.L1, front.url, { reuse: l.srv });
        await relogin(l);
        const cw = l.cw;
        const apps = await waitFor('L1 took the three', async () => {
            const got = (await nationalApps(cw)).filter((a) => mine.includes(a.national_no));
            return got.length >= 3 ? got : null;
        });
        assert.deepEqual(apps.map((a) => a.national_no).sort(), [...mine].sort());
        for (const no of mine) {
            const r = await waitFor(`${no} acknowledged`, async () => {
                const s = await pub.get(`/api/v1/public/applications/${no}?query_code=${filed.get(no).query_code}`);
                return s.body.status === 'pending_review' ? s : null;
            });
            filed.get(no).local_no = r.body.local_no;
            const d = await cw.post(`/api/v1/applications/${r.body.local_no}/decision`, { decision: 'approve' });
            assert.equal(d.status, 200);
            decided.set(r.body.local_no, { local: 'L1', status: 'approved',
                registration_no: d.body.registration_no });
        }
    });

    await t.test('a local killed with SIGKILL mid-upload sends again with no second effect', async () => {
        const l = locals.L2;
        await l.srv.stopKeep();
        l.srv = await startLocal('L2', keys.L2, front.url, { reuse: l.srv,
            env: { UREG_EXCHANGE_FAIL: 'after_upload' } });
        const cw = api(l.srv.url);
        await cw.login('cw', 'case-pass-2026');
        const nos = [];
        for (let i = 0; i < 2; i++) {
            const r = await pub.post('/api/v1/public/applications', formIn('110105'));
            filed.set(r.body.application_no, { local: 'L2', query_code: r.body.query_code,
                region: '110105' });
            nos.push(r.body.application_no);
        }
        for (const no of nos) {
            const s = await waitFor(`${no} at L2`, async () => {
                const r = await pub.get(`/api/v1/public/applications/${no}?query_code=${filed.get(no).query_code}`);
                return r.body.status === 'pending_review' ? r : null;
            });
            filed.get(no).local_no = s.body.local_no;
        }
        for (const no of nos) {
            const local = filed.get(no).local_no;
            // The first upload kills it: a later decision may meet a dead server.
            const d = await cw.post(`/api/v1/applications/${local}/decision`, { decision: 'approve' })
                .catch(() => null);
            if (d?.status !== 200) break;
            decided.set(local, { local: 'L2', status: 'approved', registration_no: d.body.registration_no });
        }
        const exit = await deathOf(l.srv);
        assert.equal(exit.signal, 'SIGKILL');
        l.srv = await startLocal('L2', keys.L2, front.url, { reuse: l.srv });
        await relogin(l);
        // Whatever the kill left undecided is decided now.
        for (const no of nos) {
            const local = filed.get(no).local_no;
            if (decided.has(local)) continue;
            // A decision committed just before the kill may have lost only its answer.
            const seen = await l.cw.get(`/api/v1/applications/${local}`);
            if (seen.body.status === 'approved') {
                decided.set(local, { local: 'L2', status: 'approved',
                    registration_no: seen.body.registration_no });
                continue;
            }
            const d = await l.cw.post(`/api/v1/applications/${local}/decision`, { decision: 'approve' });
            assert.equal(d.status, 200, JSON.stringify(d.body));
            decided.set(local, { local: 'L2', status: 'approved', registration_no: d.body.registration_no });
        }
        await waitFor('L2 outbox drained', async () => {
            const r = await l.sup.get('/api/v1/exchange/status');
            return r.body.outbox.pending === 0 ? r : null;
        });
    });

    await t.test('the hub stopped for a while: locals keep deciding and catch up', async () => {
        const l = locals.L3;
        const before = await l.sup.get('/api/v1/exchange/status');
        assert.equal(before.status, 200);
        assert.equal(before.body.role, 'local');
        await hub.stopKeep();
        front.down();
        const c = await l.cw.post('/api/v1/applications', formIn('310101'));
        assert.equal(c.status, 201);
        const d = await l.cw.post(`/api/v1/applications/${c.body.application_no}/decision`, { decision: 'approve' });
        assert.equal(d.status, 200);
        decided.set(c.body.application_no, { local: 'L3', status: 'approved',
            registration_no: d.body.registration_no, query_code: c.body.query_code });
        const waiting = await waitFor('L3 sees the hub down', async () => {
            const r = await l.sup.get('/api/v1/exchange/status');
            const o = r.body.outbox;
            return r.body.failures >= 2 && o.pending === 1 && o.max_attempts >= 2 ? r : null;
        });
        assert.equal(waiting.body.connected, false);
        assert.equal(waiting.body.last_error, 'national_unreachable');
        assert.ok(waiting.body.oldest_pending_at ?? waiting.body.outbox.oldest_pending_at);
        hub = await startHub(keys.hub, { reuse: hub });
        front.to(hub.url);
        await waitFor('L3 caught up', async () => {
            const r = await l.sup.get('/api/v1/exchange/status');
            return r.body.outbox.pending === 0 && r.body.connected ? r : null;
        });
        const s = await pub.get(`/api/v1/public/applications/${c.body.application_no}?query_code=${c.body.query_code}`);
        assert.equal(s.body.registration_no, d.body.registration_no);
    });

    await t.test('at the end nothing is lost or duplicated, every result present once', async () => {
        for (const l of LOCALS) {
            const apps = await nationalApps(locals[l.id].cw);
            const nos = apps.map((a) => a.national_no);
            assert.equal(new Set(nos).size, nos.length, `${l.id} holds a national number twice`);
            const want = [...filed].filter(([, f]) => f.local === l.id).map(([no]) => no).sort();
            assert.deepEqual([...nos].sort(), want);
        }
        for (const [no, f] of filed) {
            const s = await pub.get(`/api/v1/public/applications/${no}?query_code=${f.query_code}`);
            const want = decided.get(f.local_no);
            assert.ok(want, `${no} was decided`);
            assert.equal(s.body.status, want.status, no);
            assert.equal(s.body.registration_no, want.registration_no, no);
        }
        const view = await hubAdmin.get('/api/v1/exchange/status');
        for (const l of LOCALS) {
            const row = view.body.systems.find((s) => s.system_id === l.id);
            const mine = [...decided.values()].filter((d) => d.local === l.id).length;
            // L1's extra result is the adversarial test's local-channel case 110101...999999.
            assert.equal(row.results, mine + (l.id === 'L1' ? 1 : 0), l.id);
            assert.equal(row.waiting_download, 0);
            assert.equal(row.open, 0);
            const own = await locals[l.id].sup.get('/api/v1/exchange/status');
            assert.equal(own.body.outbox.pending, 0);
            assert.equal(own.body.outbox.rejected, 0);
            assert.equal(own.body.outbox.succeeded, mine);
            // Each side records when it last heard from the other.
            const st = JSON.parse(await cli(locals[l.id].srv, ['exchange', 'status']));
            assert.equal(st.registry[0].system_id, 'national');
            assert.ok(st.registry[0].last_seen_at);
            assert.ok(row.last_seen_at);
        }
    });
});
