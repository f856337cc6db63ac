// i18n.test.mjs — the web UI's messages (web/i18n.js) stay complete in both languages: Chinese
// and English have the same keys with the same {placeholders}, no text is empty, and every key
// the UI's modules ask for by a literal t('...'), and every message key web/idcheck.js returns,
// exists. A key added in one language only would show its bare name on the other's screens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

register('./vendor-hooks.mjs', import.meta.url);
const WEB = new URL('../../web/', import.meta.url).pathname;
const { messages } = await import(join(WEB, 'i18n.js'));

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// The UI's own modules: web/*.js and web/pages/*.js.
function webSources() {
    const files = [];
    for (const dir of ['', 'pages/']) {
        for (const f of readdirSync(join(WEB, dir))) {
            if (f.endsWith('.js')) files.push({ name: dir + f, text: readFileSync(join(WEB, dir, f), 'utf8') });
        }
    }
    return files;
}

test('zh and en have the same keys', () => {
    assert.deepEqual(Object.keys(messages).sort(), ['en', 'zh']);
    const zh = Object.keys(messages.zh);
    const en = Object.keys(messages.en);
    assert.ok(zh.length > 100, `${zh.length} keys`);
    assert.deepEqual(zh.filter((k) => !(k in messages.en)), [], 'in zh, not in en');
    assert.deepEqual(en.filter((k) => !(k in messages.zh)), [], 'in en, not in zh');
});

test('each key has non-empty text and the same placeholders in both languages', () => {
    for (const [k, zh] of Object.entries(messages.zh)) {
        const en = messages.en[k];
        assert.equal(typeof zh, 'string', k);
        assert.equal(typeof en, 'string', k);
        assert.ok(zh.trim() && en.trim(), k);
        assert.deepEqual(placeholders(en), placeholders(zh), k);
    }
});

test('every literal key the UI asks for exists', () => {
    const missing = [];
    let n = 0;
    for (const { name, text } of webSources()) {
        for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) {
            const key = m[1];
            n++;
            // A key ending in '.' is a prefix completed at run time (t('status.s.' + s)).
            const ok = key.endsWith('.')
                ? Object.keys(messages.zh).some((k) => k.startsWith(key))
                : key in messages.zh;
            if (!ok) missing.push(`${name}: ${key}`);
        }
        if (name === 'idcheck.js') {
            for (const m of text.matchAll(/return '([a-zA-Z]+\.[a-zA-Z]+)'/g)) {
                n++;
                if (!(m[1] in messages.zh)) missing.push(`${name}: ${m[1]}`);
            }
        }
    }
    assert.ok(n > 100, `${n} keys found in web/`);
    assert.deepEqual(missing, []);
});
