// quality.test.mjs — the data-quality bulletin page (#/staff/quality) in a browser: a supervisor
// follows the report page's link, sees the regions below ranked worst first with the scores the
// API gives, and downloads the bulletin as XLSX.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, DEMO_USERS } from '../api/helpers.mjs';
import { readXlsx } from '../api/xlsx.mjs';
import { launch, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
// The browser's own month (not the server's development clock) is the first period asked.
const FUTURE_REPORT = { method: 'GET', path: '/api/v1/stats/monthly', status: 400 };
const FUTURE = { method: 'GET', path: '/api/v1/stats/quality', status: 400 };
let srv, browser;

before(async () => {
    const first = await startServer({ now: '2026-03-02T09:00:00' });
    await first.stopKeep();
    const r = await first.run(['gen', '--people', '300', '--region', '110000', '--from', '2025-12']);
    assert.equal(r.code, 0, r.stderr);
    srv = await startServer({ reuse: first, now: '2026-03-02T09:00:00' });
    browser = await launch();
});
after(async () => {
    await browser?.close();
    await srv?.stop();
});

test('a supervisor sees the ranking of the districts and downloads the XLSX', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN, FUTURE_REPORT, FUTURE], async (page) => {
        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('supervisor');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.supervisor.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('user-name').waitFor();
        await page.goto(srv.url + '/#/staff/report');
        await page.getByTestId('rp-quality').click();
        await page.getByTestId('quality-page').waitFor();
        await page.getByTestId('qa-period').fill('2026-02');
        await page.getByTestId('qa-load').click();
        await page.getByTestId('qa-shown').getByText('北京市 2026-02').waitFor();
        const want = await page.evaluate(async () =>
            (await (await fetch('/api/v1/stats/quality?period=2026-02&region=110000')).json()));
        assert.equal(want.regions.length, 16);
        for (const i of [1, 2, 16]) {
            const g = want.regions[i - 1];
            assert.equal(await page.getByTestId(`qa-name-${i}`).textContent(), g.name);
            assert.equal(await page.getByTestId(`qa-score-${i}`).textContent(), g.score);
        }
        assert.ok(Number(want.regions[0].score) <= Number(want.regions[15].score));
        await page.getByTestId('qa-formula').waitFor();

        const [download] = await Promise.all([page.waitForEvent('download'),
            page.getByTestId('qa-xlsx').click()]);
        const book = readXlsx(readFileSync(await download.path()));
        assert.equal(book.cell('A1'), '失业登记数据质量和办理时效通报');
        const rows = book.rows.filter((r) => r && typeof r[0] === 'number');
        assert.deepEqual(rows.map((r) => r[2]), want.regions.map((g) => g.region));
        assert.ok(book.rows.filter(Boolean).map((r) => r[0]).includes('填报人：supervisor'));
    }));
