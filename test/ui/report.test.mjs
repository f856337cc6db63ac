// report.test.mjs — the report page (#/staff/report) in a browser: a statistician opens it on
// generated data, the three ECharts charts are drawn (a canvas each), switching the region and
// the period shows the other report, and the XLSX link downloads the form.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, DEMO_USERS } from '../api/helpers.mjs';
import { readXlsx } from '../api/xlsx.mjs';
import { launch, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
// The browser's own month (not the server's development clock) is the first period asked.
const FUTURE = { method: 'GET', path: '/api/v1/stats/monthly', status: 400 };
let srv, browser;

before(async () => {
    const first = await startServer({ now: '2026-03-02T09:00:00' });
    await first.stopKeep();
    const r = await first.run(['gen', '--people', '400', '--region', '110000', '--from', '2025-06']);
    assert.equal(r.code, 0, r.stderr);
    srv = await startServer({ reuse: first, now: '2026-03-02T09:00:00' });
    browser = await launch();
});
after(async () => {
    await browser?.close();
    await srv?.stop();
});

test('a statistician sees the charts, switches region and period, downloads the XLSX', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN, FUTURE], async (page) => {
        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('statistician');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.statistician.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('user-name').waitFor();
        await page.goto(srv.url + '/#/staff/report');
        await page.getByTestId('report-page').waitFor();
        await page.getByTestId('rp-period').fill('2026-01');
        await page.getByTestId('rp-load').click();
        await page.getByText('北京市 2026-01').waitFor();
        for (const id of ['rp-chart-stock', 'rp-chart-exits', 'rp-chart-regions'])
            await page.getByTestId(id).locator('canvas').first().waitFor();
        const api = await (await fetch(new URL('/api/v1/session', srv.url))).status;
        assert.equal(api, 401); // the page's own cookie is not this fetch's
        const shown = Number(await page.getByTestId('rp-closing').textContent());
        assert.ok(shown > 0);

        await page.getByTestId('rp-region').fill('110101');
        await page.getByTestId('rp-period').fill('2025-12');
        await page.getByTestId('rp-load').click();
        await page.getByText('北京市 东城区 2025-12').waitFor();
        await page.getByTestId('rp-check').waitFor();
        const want = await page.evaluate(async () =>
            (await (await fetch('/api/v1/stats/monthly?period=2025-12&region=110101')).json()).closing);
        assert.equal(Number(await page.getByTestId('rp-closing').textContent()), want);

        const [download] = await Promise.all([page.waitForEvent('download'),
            page.getByTestId('rp-xlsx').click()]);
        const book = readXlsx(readFileSync(await download.path()));
        assert.equal(book.cell('A1'), '登记失业人员统计报表');
        assert.equal(book.rows.find((r) => r && r[0] === '期末登记失业人员')[2], want);
    }));
