// browser.mjs — shared set-up of the browser tests: Debian's chromium driven by playwright-core,
// and a watcher that turns everything a user would not see but a developer should into a test
// failure: uncaught exceptions, console errors (Content-Security-Policy violations are reported
// there), and HTTP errors the test did not announce.
//
//   const browser = await launch();
//   const page = await browser.newPage();
//   const problems = watch(page, {
//       expect: [{ method: 'GET', path: '/api/v1/session', status: 401 }],
//   });
//   ...
//   assert.deepEqual(problems, []);
//
// Screenshots go to test-results/ui/ (ignored by git) so a failure can be looked at.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const SHOTS = join(process.cwd(), 'test-results', 'ui');

export function launch() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
    });
}

// Save a full-page PNG as test-results/ui/NAME.png; returns the path.
export async function screenshot(page, name) {
    mkdirSync(SHOTS, { recursive: true });
    const file = join(SHOTS, name + '.png');
    await page.screenshot({ path: file, fullPage: true });
    return file;
}

// Collect the page's problems into the returned array. `expect` lists HTTP answers >= 400 that
// the test provokes on purpose ({method, path, status}); any other is a problem. Chromium logs
// every such answer as "Failed to load resource: ... status of N"; those console lines are left
// to the response check, which knows which ones were expected.
export function watch(page, { expect = [] } = {}) {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (msg) => {
        if (msg.type() !== 'error' && !/Content.Security.Policy/i.test(msg.text())) return;
        if (/^Failed to load resource: the server responded with a status/.test(msg.text())) return;
        problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location().url})`);
    });
    page.on('requestfailed', (req) => {
        // A reload or navigation aborts what is still in flight; that is not a fault.
        if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
        if (res.status() < 400) return;
        const method = res.request().method();
        const path = new URL(res.url()).pathname;
        const ok = expect.some(
            (e) => e.method === method && e.path === path && e.status === res.status(),
        );
        if (!ok) problems.push(`HTTP ${res.status()} for ${method} ${path}`);
    });
    return problems;
}

// Run fn(page) in a fresh context of `browser` (a new user agent: no cookies, no storage) at
// `viewport`. The page's problems (watch() above; `expect` lists the answers the test expects)
// fail the test, and are named when a step times out, since they are usually why it did.
export async function withPage(browser, viewport, expect, fn) {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(10000);
    const page = await context.newPage();
    const problems = watch(page, { expect });
    try {
        await fn(page);
    } catch (e) {
        if (problems.length) e.message += '\nbrowser problems:\n  ' + problems.join('\n  ');
        throw e;
    } finally {
        await context.close();
    }
    assert.deepEqual(problems, []);
}
