// csp.test.mjs — the web UI's assets as the binary serves them, the Content-Security-Policy
// that guards them, and the other security headers as a browser meets them (nosniff, frame
// ancestors: another site cannot frame the UI, referrer policy, opener policy). The page's only inline script is the import map; the policy allows it by
// its sha256 hash (computed by the server from the page it serves) and allows nothing else
// inline and no eval. A hash that does not match breaks the UI in every browser: this test
// says so first, in plain words.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { startServer } from '../api/helpers.mjs';
import { launch, withPage } from './browser.mjs';

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.stop();
});

function directives(csp) {
    const map = new Map();
    for (const part of csp.split(';')) {
        const [name, ...values] = part.trim().split(/\s+/);
        if (name) map.set(name.toLowerCase(), values);
    }
    return map;
}

test('the policy allows the served import map by hash and nothing inline or eval', async () => {
    const res = await fetch(srv.url + '/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp, 'the page carries a Content-Security-Policy header');

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    const inline = scripts.filter(([, , body]) => body.trim() !== '');
    assert.equal(inline.length, 1, 'one inline script: the import map');
    assert.match(inline[0][1], /type="importmap"/);
    const hash = createHash('sha256').update(inline[0][2]).digest('base64');

    const d = directives(csp);
    const scriptSrc = d.get('script-src');
    assert.ok(scriptSrc, 'script-src is set');
    assert.ok(scriptSrc.includes(`'sha256-${hash}'`), `script-src allows 'sha256-${hash}'`);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), 'no unsafe-inline scripts');
    assert.ok(!scriptSrc.includes("'unsafe-eval'"), 'no eval');
    assert.deepEqual(d.get('default-src'), ["'self'"]);
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
});

test('every module and style sheet the page loads is served same-origin', async () => {
    const html = await (await fetch(srv.url + '/')).text();
    const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)[1]);
    const urls = [
        ...Object.values(map.imports),
        ...[...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]),
        '/app.js',
        '/api.js',
        '/i18n.js',
        '/session.js',
    ];
    for (const u of new Set(urls)) {
        assert.ok(u.startsWith('/') && !u.startsWith('//'), `${u} is same-origin`);
        const res = await fetch(srv.url + u);
        assert.equal(res.status, 200, `GET ${u}`);
        const type = res.headers.get('content-type') || '';
        if (/\.m?js$/.test(u)) assert.match(type, /javascript/, `${u} is served as JavaScript`);
        if (/\.css$/.test(u)) assert.match(type, /text\/css/, `${u} is served as CSS`);
        await res.arrayBuffer();
    }
});

test('in a browser: the headers arrive, the page runs under them, another site cannot frame it', async () => {
    const browser = await launch();
    // A page of another origin (another port) that tries to frame ureg's staff login.
    const evil = createServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<!doctype html><iframe id="f" src="${srv.url}/#/staff/login"></iframe>`);
    });
    await new Promise((r) => evil.listen(0, '127.0.0.1', r));
    try {
        await withPage(browser, { width: 1280, height: 800 },
            [{ method: 'GET', path: '/api/v1/session', status: 401 }], async (page) => {
                const res = await page.goto(srv.url + '/#/staff/login');
                const h = res.headers();
                assert.equal(h['x-content-type-options'], 'nosniff');
                assert.equal(h['x-frame-options'], 'DENY');
                assert.equal(h['referrer-policy'], 'no-referrer');
                assert.equal(h['cross-origin-opener-policy'], 'same-origin');
                assert.match(h['content-security-policy'], /frame-ancestors 'none'/);
                await page.getByLabel('用户名').waitFor(); // the UI runs under its policy
            });
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${evil.address().port}/`);
        await page.waitForTimeout(1000);
        const frame = page.frames().find((f) => f !== page.mainFrame());
        assert.ok(frame, 'the iframe exists');
        // Blocked by frame-ancestors / X-Frame-Options: the frame never shows ureg's UI.
        const shown = await frame.locator('input').count().catch(() => 0);
        assert.equal(shown, 0, 'the login form must not render inside a foreign frame');
        assert.match(frame.url(), /^chrome-error:/, 'the browser refused to frame the page');
        await context.close();
    } finally {
        evil.close();
        await browser.close();
    }
});
