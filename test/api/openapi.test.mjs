// openapi.test.mjs — the OpenAPI 3.1 document the server generates from its route table: it
// validates against the OpenAPI 3.1 schema (@seriousme/openapi-schema-validator), names every
// route of `ureg routes` with its permission, and every route's real answers (successes and
// errors) match the schemas it gives for them (helpers.mjs openApi().check).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startServer, api, openApi, DEMO_USERS } from './helpers.mjs';
import { idNumber, formFor } from './idgen.mjs';

let srv;
let oa;
before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    oa = await openApi(srv.url);
});
after(async () => {
    await srv?.stop();
});

let seq = 500;
function form(over = {}) {
    seq += 2;
    return formFor(idNumber('110101', '1988-08-08', seq), over);
}

test('the document is valid OpenAPI 3.1', async () => {
    const v = new Validator();
    const res = await v.validate(oa.doc);
    assert.equal(res.valid, true, JSON.stringify(res.errors, null, 1)?.slice(0, 2000));
    assert.equal(v.version, '3.1');
    // `ureg openapi` prints the same document.
    const cli = await srv.run(['openapi']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), oa.doc);
});

test('every route of the table is an operation, with its permission', async () => {
    const md = (await srv.run(['routes'])).stdout;
    const rows = md.split('\n').filter((l) => /^\| (GET|POST|PUT|DELETE|PATCH) /.test(l));
    assert.ok(rows.length >= 15, md);
    for (const row of rows) {
        const [method, path, perm] = row.split('|').slice(1, 4).map((s) => s.trim()
            .replace(/`/g, ''));
        const op = oa.doc.paths[path]?.[method.toLowerCase()];
        assert.ok(op, `${method} ${path} missing from the document`);
        assert.equal(op['x-permission'], perm, `${method} ${path}`);
        if (perm === 'public') assert.deepEqual(op.security, [], path);
        else assert.ok(op.security.length > 0, path);
        assert.ok(op.responses['4XX'], `${method} ${path}: no error response`);
    }
    const ops = Object.values(oa.doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    assert.equal(ops, rows.length, 'the document has exactly the table\'s operations');
    // The error object of CONTRACT.md, its codes from base/errors.def.
    const err = oa.doc.components.schemas.Error;
    assert.deepEqual(err.required, ['error']);
    assert.deepEqual(err.properties.error.required, ['code', 'message', 'field']);
    assert.ok(err.properties.error.properties.code.enum.includes('field_invalid'));
    // The queue's paging: cursor and limit in, `next` out.
    const list = oa.doc.paths['/api/v1/applications'].get;
    assert.deepEqual(list.parameters.map((p) => p.name), ['status', 'overdue', 'cursor', 'limit']);
    assert.ok(oa.doc.components.schemas.Queue.required.includes('next'));
});

test('every route answers as its schemas say, successes and errors', async () => {
    const pub = api(srv.url);
    const call = async (c, method, path, body) => {
        const r = await c.request(method, path, body === undefined ? {} : { body });
        oa.check(method, path, r);
        return r;
    };

    await call(pub, 'GET', '/healthz');
    await call(pub, 'GET', '/api/v1/version');
    await call(pub, 'GET', '/api/v1/openapi.json');
    const m = await call(pub, 'GET', '/metrics');
    assert.equal(m.status, 200);
    await call(pub, 'GET', '/api/v1/public/agencies?region=110000');
    await call(pub, 'GET', '/api/v1/public/agencies?region=12');
    await call(pub, 'GET', '/api/v1/codes/unemployment_reason');
    await call(pub, 'GET', '/api/v1/codes/no_such_table');
    await call(pub, 'GET', '/api/v1/regions');
    await call(pub, 'GET', '/api/v1/regions?parent=110000');

    const sent = await call(pub, 'POST', '/api/v1/public/applications', form());
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const { application_no: no, query_code: qc } = sent.body;
    await call(pub, 'POST', '/api/v1/public/applications', form({ commitment: false }));
    await call(pub, 'GET', `/api/v1/public/applications/${no}?query_code=${qc}`);
    await call(pub, 'GET', `/api/v1/public/applications/${no}?query_code=WRONG`);

    await call(pub, 'GET', '/api/v1/session'); // 401
    await call(pub, 'POST', '/api/v1/session', { username: 'caseworker', password: 'wrong-pass' });
    const cw = api(srv.url);
    const login = await cw.login('caseworker', DEMO_USERS.caseworker.password);
    oa.check('POST', '/api/v1/session', login);
    await call(cw, 'GET', '/api/v1/session');

    const counter = await call(cw, 'POST', '/api/v1/applications', form());
    assert.equal(counter.status, 201, JSON.stringify(counter.body));
    const q = await call(cw, 'GET', '/api/v1/applications?limit=2');
    assert.ok(q.body.items.length > 0);
    await call(cw, 'GET', '/api/v1/applications?status=bogus');
    await call(cw, 'GET', `/api/v1/applications/${no}`);
    await call(cw, 'GET', '/api/v1/applications/N000000000000');
    const d = await call(cw, 'POST', `/api/v1/applications/${no}/decision`, {
        decision: 'approve',
    });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    await call(cw, 'POST', `/api/v1/applications/${counter.body.application_no}/decision`, {
        decision: 'reject',
        reason: '材料不全',
    });
    await call(cw, 'POST', `/api/v1/applications/${no}/decision`, { decision: 'maybe' });
    // The registration just made, its profile, services, contacts, the list and the due list.
    const reg = d.body.registration_no;
    await call(cw, 'GET', `/api/v1/registrations/${reg}`);
    await call(cw, 'GET', `/api/v1/registrations/${reg}?reveal=true`);
    await call(cw, 'GET', '/api/v1/registrations/1101012026999999'); // 404
    await call(cw, 'GET', '/api/v1/registrations?limit=2');
    await call(cw, 'GET', '/api/v1/registrations?tier=gold'); // 400
    await call(cw, 'PUT', `/api/v1/registrations/${reg}/profile`, { tier: 'ready' });
    await call(cw, 'PUT', `/api/v1/registrations/${reg}/profile`, { tier: 'gold' }); // 400
    const svc = await call(cw, 'POST', `/api/v1/registrations/${reg}/services`,
        { type: 'lists_handed', date: '2026-03-02', followup_due: '2026-03-09' });
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    await call(cw, 'POST', `/api/v1/registrations/${reg}/services`,
        { type: 'lists_handed', date: '2099-01-01' }); // 400
    await call(cw, 'POST', `/api/v1/registrations/${reg}/contacts`,
        { date: '2026-03-02', method: 'phone', result: 'unreachable' });
    await call(cw, 'POST', `/api/v1/registrations/${reg}/contacts`,
        { date: '2026-03-02', method: 'email', result: 'reached' }); // 400
    const due = await call(cw, 'GET', '/api/v1/due?caseworker=me');
    assert.ok(due.body.items.some((i) => i.registration_no === reg));
    await call(cw, 'GET', '/api/v1/due?agency=x'); // 400
    await call(cw, 'GET', `/api/v1/registrations/${reg}`);
    await call(cw, 'GET', '/api/v1/audit'); // 403: caseworkers do not read the audit log

    const au = api(srv.url);
    assert.equal((await au.login('auditor', DEMO_USERS.auditor.password)).status, 200);
    await call(au, 'GET', '/api/v1/audit?limit=5');
    await call(au, 'GET', `/api/v1/audit?object_type=application&object_id=${no}`);
    await call(cw, 'DELETE', '/api/v1/session');

    const all = Object.entries(oa.doc.paths).flatMap(([t, item]) =>
        Object.keys(item).map((mm) => `${mm.toUpperCase()} ${t}`));
    assert.deepEqual([...oa.seen].sort(), all.sort(), 'every operation was exercised');
});
