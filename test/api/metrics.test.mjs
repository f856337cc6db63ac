// metrics.test.mjs — GET /metrics: the Prometheus text format (HELP and TYPE before each family,
// escaped labels, cumulative histogram buckets ending in le="+Inf" equal to _count), counters
// that move by exactly the requests made between two scrapes, the application and batch-run
// gauges, and who may read it (loopback by default; --metrics-allow; --metrics-token).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, api, assertError } from './helpers.mjs';
import { idNumber } from './idgen.mjs';

// Parse an exposition into {types: name → type, helps: name → text, samples: key → value}
// where key is `name{k="v",...}` with the labels sorted; fails on a malformed line, a sample
// before its family's TYPE, or a family declared twice.
function parse(text) {
    const types = new Map();
    const helps = new Map();
    const samples = new Map();
    const order = [];
    for (const line of text.split('\n')) {
        if (line === '') continue;
        let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
        if (m) {
            const map = m[1] === 'HELP' ? helps : types;
            assert.ok(!map.has(m[2]), `${m[1]} ${m[2]} twice`);
            if (m[1] === 'TYPE') assert.match(m[3], /^(counter|gauge|histogram)$/, line);
            map.set(m[2], m[3]);
            continue;
        }
        m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        assert.ok(m, `malformed line: ${JSON.stringify(line)}`);
        const labels = [];
        const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
        let lm;
        let at = 0;
        while (m[2] !== undefined && at < m[2].length && (lm = re.exec(m[2]))) {
            labels.push([lm[1], lm[2]]);
            at = re.lastIndex;
        }
        assert.equal(at, m[2]?.length ?? 0, `bad labels in ${line}`);
        const family = types.has(m[1]) ? m[1] : m[1].replace(/_(bucket|sum|count)$/, '');
        assert.ok(types.has(family), `sample before its TYPE: ${line}`);
        assert.ok(helps.has(family), `sample without HELP: ${line}`);
        const key = `${m[1]}{${labels.sort().map(([k, v]) => `${k}="${v}"`).join(',')}}`;
        const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
        assert.ok(!Number.isNaN(value), line);
        samples.set(key, value);
        order.push({ name: m[1], labels, value });
    }
    // Histograms: per label set, buckets cumulative, +Inf last and equal to _count.
    for (const [name, type] of types) {
        if (type !== 'histogram') continue;
        const groups = new Map();
        for (const s of order.filter((o) => o.name === `${name}_bucket`)) {
            const rest = s.labels.filter(([k]) => k !== 'le');
            const g = JSON.stringify(rest);
            if (!groups.has(g)) groups.set(g, { rest, buckets: [] });
            groups.get(g).buckets.push([s.labels.find(([k]) => k === 'le')[1], s.value]);
        }
        for (const { rest, buckets } of groups.values()) {
            for (let i = 1; i < buckets.length; i++) {
                assert.ok(buckets[i][1] >= buckets[i - 1][1], `${name} buckets not cumulative`);
                assert.ok(buckets[i][0] === '+Inf' || Number(buckets[i][0]) >
                    Number(buckets[i - 1][0]), `${name} bounds not ascending`);
            }
            assert.equal(buckets.at(-1)[0], '+Inf', `${name}: last bucket is not +Inf`);
            const lk = rest.sort().map(([k, v]) => `${k}="${v}"`).join(',');
            assert.equal(samples.get(`${name}_count{${lk}}`), buckets.at(-1)[1], name);
            assert.ok(samples.has(`${name}_sum{${lk}}`), `${name}_sum missing`);
        }
    }
    return { types, helps, samples };
}

const val = (m, key) => m.samples.get(key) ?? 0;
const req = (route, method, status) =>
    `ureg_http_requests_total{method="${method}",route="${route}",status="${status}"}`;
const dur = (route, method) =>
    `ureg_http_request_duration_seconds_count{method="${method}",route="${route}"}`;

let srv;
before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00', args: ['--metrics-interval', '1'] });
});
after(async () => {
    await srv?.stop();
});

async function scrape(c = api(srv.url)) {
    const r = await c.get('/metrics');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    return parse(r.body);
}

test('counters move by exactly the requests made between two scrapes', async () => {
    const c = api(srv.url);
    // Counts are cached for --metrics-interval (1 s): wait so the first scrape is fresh.
    await new Promise((r) => setTimeout(r, 1100));
    const a = await scrape(c);
    for (let i = 0; i < 3; i++) assert.equal((await c.get('/api/v1/version')).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await c.get('/api/v1/codes/nope')).status, 404);
    assert.equal((await c.get('/api/v1/applications/N1?secret=x')).status, 401);
    assert.equal((await c.get('/api/v1/nothing')).status, 404);
    const form = {
        id_type: 'resident_id', id_number: idNumber('110101', '1985-03-03', 777), name: '赵六',
        phone: '13700000000', residence_region: '110101', residence_address: '东城区示例3号',
        register_region: '110101', register_basis: 'residence', unemployed_since: '2026-01-05',
        unemployment_reason: '20', commitment: true,
    };
    assert.equal((await c.post('/api/v1/public/applications', form)).status, 201);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await scrape(c);

    const delta = (key) => val(b, key) - val(a, key);
    assert.equal(delta(req('/api/v1/version', 'GET', '200')), 3);
    assert.equal(delta(dur('/api/v1/version', 'GET')), 3);
    assert.equal(delta(req('/api/v1/codes/{table}', 'GET', '404')), 2);
    // The pattern, never the path or the query.
    assert.equal(delta(req('/api/v1/applications/{no}', 'GET', '401')), 1);
    assert.equal(delta(req('unmatched', 'any', '404')), 1);
    assert.equal(delta(req('/api/v1/public/applications', 'POST', '201')), 1);
    assert.equal(delta(req('/metrics', 'GET', '200')), 1, 'the first scrape, counted once done');
    for (const key of b.samples.keys()) assert.doesNotMatch(key, /N1|secret/);
    // The submission went through one group commit.
    assert.equal(delta('ureg_group_commit_items_total{}'), 1);
    assert.ok(delta('ureg_group_commit_batches_total{}') >= 1);
    assert.equal(delta('ureg_group_commit_batch_size_count{}'),
        delta('ureg_group_commit_batches_total{}'));
    assert.equal(delta('ureg_group_commit_commit_seconds_count{}'),
        delta('ureg_group_commit_batches_total{}'));
    assert.equal(val(b, 'ureg_group_commit_queue_depth{}'), 0);
    // And is one more application waiting for a decision.
    assert.equal(delta('ureg_applications_pending{}'), 1);
    assert.ok(delta('ureg_applications{status="pending_review"}') +
        delta('ureg_applications{status="verifying"}') +
        delta('ureg_applications{status="submitted"}') === 1);
    // The pool: 16 connections, none taken between requests.
    assert.equal(val(b, 'ureg_db_pool_size{}'), 16);
    assert.ok(delta('ureg_db_pool_acquired_total{}') >= 1);
    assert.equal(b.types.get('ureg_db_pool_waits_total'), 'counter');
    assert.equal(b.types.get('ureg_http_request_duration_seconds'), 'histogram');
});

test('applications past their deadline and the last batch runs come from the store', async () => {
    // The demo's pending applications of 2026-03-02; a month later they are past their deadline.
    // A second server on the same database (SQLite in WAL mode: both may run).
    const later = await startServer({ reuse: srv, now: '2026-04-15T10:00:00',
        args: ['--metrics-interval', '1'] });
    try {
        const m = await scrape(api(later.url));
        assert.ok(val(m, 'ureg_applications_pending{}') > 0);
        assert.equal(val(m, 'ureg_applications_past_deadline{}'),
            val(m, 'ureg_applications_pending{}'), 'six weeks on, every pending one is late');
        // A compare run as a separate process shows in the audit log, hence here.
        const cmp = await later.run(['compare']);
        assert.equal(cmp.code, 0, cmp.stderr);
        await new Promise((r) => setTimeout(r, 1100));
        const n = await scrape(api(later.url));
        assert.ok(val(n, 'ureg_batch_last_run_timestamp_seconds{batch="compare"}') > 0);
        assert.ok(n.samples.has('ureg_batch_last_run_duration_seconds{batch="compare"}'));
        assert.equal(val(n, 'ureg_batch_last_run_count{batch="compare",count="applications"}'),
            val(n, 'ureg_applications_pending{}'));
        // gen ran in `ureg demo`.
        assert.ok(val(n, 'ureg_batch_last_run_count{batch="gen",count="people"}') > 0);
        // The Grafana dashboard in docs/ asks only for series that exist.
        const dash = JSON.parse(readFileSync(new URL('../../docs/grafana-ureg.json',
            import.meta.url), 'utf8'));
        const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr));
        assert.ok(exprs.length >= 10);
        for (const name of exprs.join(' ').match(/ureg_[a-z_]+/g)) {
            const family = n.types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
            assert.ok(n.types.has(family), `the dashboard asks for ${name}, which is not served`);
        }
    } finally {
        await later.stopKeep(); // the directory is srv's
    }
});

test('a client outside --metrics-allow is refused with 403; the metrics token opens it', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const own = await startServer({ demo: false,
        args: ['--metrics-allow', '10.0.0.0/8,fd00::/8'], env: { UREG_METRICS_TOKEN: token } });
    try {
        const c = api(own.url);
        assertError(await c.get('/metrics'), 403, 'forbidden');
        assertError(await c.get('/metrics', { headers: { Authorization: 'Bearer wrong-token' } }),
            403, 'forbidden');
        assertError(await c.get('/metrics', {
            headers: { Authorization: `Bearer ${token}x` } }), 403, 'forbidden');
        const ok = await c.get('/metrics', { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(ok.status, 200);
        const m = parse(ok.body);
        assert.equal(val(m, req('/metrics', 'GET', '403')), 3);
        assert.doesNotMatch(own.stderr(), new RegExp(token));
    } finally {
        await own.stop();
    }
    // Loopback alone, no token: refused when loopback is not in the list.
    const v6 = await startServer({ demo: false, args: ['--metrics-allow', '::1/128'] });
    try {
        assertError(await api(v6.url).get('/metrics'), 403, 'forbidden');
    } finally {
        await v6.stop();
    }
    // A malformed range stops start-up with a message.
    const bad = await srv.run(['serve', '--listen', '127.0.0.1:0', '--metrics-allow', '10.1.2.3/8']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /--metrics-allow/);
});
