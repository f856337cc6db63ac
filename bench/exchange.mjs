// exchange.mjs — the national exchange's benchmark (bench/exchange.sh runs it): one hub and
// three local systems on loopback, SQLite files in a temporary directory.
//
//   baseline  N online submissions straight to one local system (its own intake), C at a time
//   routed    N national submissions to the hub, C at a time, spread over the three locals'
//             regions; each is routed, held, downloaded by its local, taken through the local
//             intake (a national-channel application) and acknowledged
// Printed: submissions/s of both, the routed run's end-to-end rate (first submission at the hub
// to the last acknowledgement) and the p50/p99/max time from a national submission to its
// acknowledgement (the hub's submitted_ms and acked_ms: the local has committed the application
// to its queue before it acknowledges, so this is an upper bound of submission → local queue).

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { idNumber, formFor } from '../test/api/idgen.mjs';

const N = Number(process.argv[2] || 2000);
const C = Number(process.argv[3] || 16);
const INTERVAL = process.env.EXCHANGE_INTERVAL_MS || '50';
const BIN = process.env.UREG_BIN || 'build/ureg';
const dir = mkdtempSync(join(tmpdir(), 'ureg-bench-exchange-'));
const children = [];
process.on('exit', () => {
    for (const c of children) c.kill('SIGKILL');
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
});

const run = (args, input) =>
    execFileSync(BIN, args, { input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

function serve(db, args) {
    const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...args], {
        stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (l) => {
            const m = /^listening on (http:\/\/\S+)$/.exec(l.trim());
            return m ? resolve(m[1]) : reject(new Error(l));
        });
        child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
    });
}

// Distinct valid document numbers: birth days from 1970 on, sequences 1..999.
let k = 0;
function nextId() {
    const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(k / 499) * 86400000);
    const seq = (k % 499) * 2 + 1;
    k++;
    return idNumber('110101', day.toISOString().slice(0, 10), seq);
}

async function submitAll(url, forms) {
    let next = 0, failed = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: C }, async () => {
        while (next < forms.length) {
            const f = forms[next++];
            const r = await fetch(`${url}/api/v1/public/applications`, {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(f),
            });
            await r.arrayBuffer();
            if (r.status !== 201) failed++;
        }
    }));
    return { seconds: (performance.now() - t0) / 1000, failed };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
    const locals = [
        { id: 'L1', prefix: '110101', region: '110101' },
        { id: 'L2', prefix: '110102', region: '110102' },
        { id: 'L3', prefix: '31', region: '310101' },
    ];
    const hubDb = join(dir, 'hub.db');
    run(['exchange', 'keygen', '--out', join(dir, 'hub.key')]);
    run(['--db', hubDb, 'init']);
    const hubPub = readFileSync(join(dir, 'hub.key.pub'), 'utf8').trim();
    for (const l of locals) {
        l.db = join(dir, `${l.id}.db`);
        l.key = join(dir, `${l.id}.key`);
        const pub = run(['exchange', 'keygen', '--out', l.key]);
        run(['--db', hubDb, 'exchange', 'register', '--system', l.id, '--regions', l.prefix, '--public-key', pub]);
        run(['--db', l.db, 'init']);
        run(['--db', l.db, 'exchange', 'register', '--system', 'national', '--public-key', hubPub]);
    }
    const hub = await serve(hubDb, ['--role', 'national', '--key', join(dir, 'hub.key')]);
    for (const l of locals) {
        l.url = await serve(l.db, ['--national', hub, '--system-id', l.id, '--key', l.key,
            '--exchange-interval-ms', INTERVAL]);
    }
    console.log(`bench: ${N} submissions, ${C} at a time, exchange interval ${INTERVAL} ms, SQLite, work dir ${dir}`);

    const base = await submitAll(locals[0].url, Array.from({ length: N }, () => formFor(nextId())));
    console.log(`baseline  local online intake (L1):  ${(N / base.seconds).toFixed(0)} submissions/s` +
        ` (${base.seconds.toFixed(2)} s, ${base.failed} failed)`);

    const forms = Array.from({ length: N }, (_, i) => {
        const region = locals[i % 3].region;
        return formFor(nextId(), { register_region: region, residence_region: region });
    });
    const t0 = Date.now();
    const routed = await submitAll(hub, forms);
    console.log(`national  hub submissions:           ${(N / routed.seconds).toFixed(0)} submissions/s` +
        ` (${routed.seconds.toFixed(2)} s, ${routed.failed} failed)`);
    for (;;) {
        const left = Number(sql(hubDb, 'SELECT COUNT(*) FROM exchange_case WHERE acked_at IS NULL'));
        if (left === 0) break;
        if (Date.now() - t0 > 600000) throw new Error(`${left} not acknowledged after 10 minutes`);
        await new Promise((r) => setTimeout(r, 100));
    }
    const rows = sql(hubDb, 'SELECT submitted_ms, acked_ms FROM exchange_case').split('\n')
        .map((l) => l.split('|').map(Number));
    const first = Math.min(...rows.map((r) => r[0])), last = Math.max(...rows.map((r) => r[1]));
    const lat = rows.map((r) => r[1] - r[0]).sort((a, b) => a - b);
    let taken = 0;
    for (const l of locals)
        taken += Number(sql(l.db, "SELECT COUNT(*) FROM application WHERE channel = 'national'"));
    console.log(`routed    end to end, three locals:  ${(rows.length / ((last - first) / 1000)).toFixed(0)} applications/s` +
        ` (${rows.length} routed, ${taken} in the local queues)`);
    console.log(`latency   national submission → acknowledged local commit: p50 ${pct(lat, 50)} ms,` +
        ` p99 ${pct(lat, 99)} ms, max ${lat[lat.length - 1]} ms`);
    if (taken !== N || rows.length !== N) {
        console.error('bench: applications lost or duplicated');
        process.exitCode = 1;
    }
}

main().then(() => process.exit(process.exitCode ?? 0), (e) => {
    console.error(e);
    process.exit(2);
});
