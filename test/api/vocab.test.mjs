// vocab.test.mjs — the web UI's status and channel lists (web/vocab.js) are the server's:
// word for word the lists of src/rules/vocab.def (which a unit test holds to the schema's CHECK
// lists), and the running server accepts each listed status as a queue filter and nothing else.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STATUSES, OPEN_STATUSES, CHANNELS, TRACK_KINDS, LIST_KINDS } from '../../web/vocab.js';
import { startServer, api, DEMO_USERS } from './helpers.mjs';

const def = readFileSync(fileURLToPath(new URL('../../src/rules/vocab.def', import.meta.url)), 'utf8');

// The words of one macro of vocab.def, in file order: [[name, ...other arguments]].
function defRows(macro) {
    const re = new RegExp(`^${macro}\\(\\w+, "([a-z_]+)"(?:, (\\d))?\\)$`, 'gm');
    return [...def.matchAll(re)].map((m) => [m[1], m[2]]);
}

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.stop();
});

test('the UI lists the statuses and channels of vocab.def, in its order', () => {
    const statuses = defRows('APP_STATUS');
    assert.ok(statuses.length >= 6);
    assert.deepEqual(STATUSES, statuses.map(([name]) => name));
    assert.deepEqual([...OPEN_STATUSES], statuses.filter(([, open]) => open === '1').map(([n]) => n));
    assert.deepEqual(CHANNELS, defRows('CHANNEL').map(([name]) => name));
    assert.deepEqual(TRACK_KINDS, defRows('TRACK_KIND').map(([name]) => name));
    assert.deepEqual(LIST_KINDS, defRows('LIST_KIND').map(([name]) => name));
});

test('the server accepts exactly the UI statuses as a queue filter', async () => {
    const c = api(srv.url);
    const r = await c.login('caseworker', DEMO_USERS.caseworker.password);
    assert.equal(r.status, 200);
    for (const s of STATUSES) {
        const q = await c.get(`/api/v1/applications?status=${s}`);
        assert.equal(q.status, 200, `${s}: ${JSON.stringify(q.body)}`);
    }
    for (const s of ['pending', 'Approved', 'active']) {
        const q = await c.get(`/api/v1/applications?status=${s}`);
        assert.equal(q.status, 400, s);
        assert.equal(q.body.error.field, 'status');
    }
});

// The exit form of the UI (web/pages/exitpanel.js) takes who may apply a reason and its evidence
// key from the exit_reason code table: the rule of src/rules/exit.c (§5 ¶2, issue 9), here
// written out once more as the notice has it.
test('the exit_reason code table carries each reason\'s rule', async () => {
    const r = await api(srv.url).get('/api/v1/codes/exit_reason');
    assert.equal(r.status, 200);
    const rule = Object.fromEntries(r.body.items.map((c) => [c.code,
        [c.by_caseworker, c.by_batch, c.evidence, c.notify]]));
    assert.deepEqual(rule, {
        11: [true, true, 'employer', true], 12: [true, true, 'business', true],
        13: [true, false, 'monthly_income', true], 14: [true, false, 'post', true],
        21: [true, true, 'pension_start', true], 22: [false, false, null, false],
        23: [true, false, 'certificate', true], 24: [true, false, 'document', true],
        25: [true, true, 'document', false], 26: [true, true, 'document', false],
        31: [false, true, null, true], 32: [false, true, null, false], 90: [true, false, null, true],
    });
    const other = await api(srv.url).get('/api/v1/codes/education');
    assert.equal(other.status, 200);
    assert.ok(other.body.items.length > 0 && other.body.items.every((c) => !('by_caseworker' in c)));
});
