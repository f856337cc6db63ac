// report.test.mjs — the report page (#/staff/report) in a browser, on generated data (one server
// for the file, restarted once on the same database twenty minutes later, and one statistician's
// page logged in once, its problems checked after each test): a statistician opens it, the
// three ECharts charts are drawn (a canvas each), switching the region and the period shows the
// other report, and the XLSX link downloads the form; a chosen breakdown is drawn with the
// report's own numbers, the checks' details pass per region, the employed count gives the rate;
// a period is submitted (frozen) from the page, records change afterwards through the API (two
// late exits, a reverted exit), and the recount shows the differences and names those records.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { readXlsx } from '../api/xlsx.mjs';
import { launch, watch } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
// The browser's own month (not the server's development clock) is the first period asked.
const FUTURE = { method: 'GET', path: '/api/v1/stats/monthly', status: 400 };
// A report not submitted yet: the recount answers 404 report_not_submitted, and the page says so.
const NOT_SUBMITTED = { method: 'GET', path: '/api/v1/stats/reports/recount', status: 404 };
const EXPECTED = [NOT_LOGGED_IN, FUTURE, NOT_SUBMITTED];
let srv, browser, context, page, problems;

before(async () => {
    const first = await startServer({ now: '2026-03-02T09:00:00' });
    await first.stopKeep();
    const r = await first.run(['gen', '--people', '400', '--region', '110000', '--from', '2025-06']);
    assert.equal(r.code, 0, r.stderr);
    srv = await startServer({ reuse: first, now: '2026-03-02T09:00:00' });
    browser = await launch();
    context = await browser.newContext({ viewport: DESKTOP });
    context.setDefaultTimeout(10000);
    page = await context.newPage();
    problems = watch(page, { expect: EXPECTED });
    await page.goto(srv.url + '/#/staff/login');
    await page.getByLabel('用户名').fill('statistician');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.statistician.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('user-name').waitFor();
});
after(async () => {
    await context?.close();
    await browser?.close();
    await srv?.stop();
});

// Run fn on the shared page; the page's problems (browser.mjs watch()) fail the test, and are
// named when a step times out, since they are usually why it did.
const onPage = (fn) => async () => {
    try {
        await fn();
    } catch (e) {
        if (problems.length) e.message += '\nbrowser problems:\n  ' + problems.join('\n  ');
        throw e;
    }
    assert.deepEqual(problems.splice(0), []);
};

// Open the report page (of the server now running).
async function openReport() {
    await page.goto(srv.url + '/#/staff/report');
    await page.getByTestId('report-page').waitFor();
}

// Ask for `period` of `region` on the page and wait until it is shown.
async function show(region, period, shown) {
    await page.getByTestId('rp-region').fill(region);
    await page.getByTestId('rp-period').fill(period);
    await page.getByTestId('rp-load').click();
    await page.getByText(`${shown} ${period}`).waitFor();
}

// What ECharts holds for the chart in element `id`: its series and category axis.
const chartOf = (id) => page.evaluate(async (el) => {
    const echarts = await import('/vendor/echarts.esm.min.mjs');
    const o = echarts.getInstanceByDom(document.getElementById(el)).getOption();
    return { series: o.series.map((x) => ({ name: x.name, data: x.data })), x: o.xAxis[0].data };
}, id);

test('a statistician sees the charts, switches region and period, downloads the XLSX',
    onPage(async () => {
        await openReport();
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

test('a chosen breakdown is drawn, the checks pass per region, the employed count gives the rate',
    onPage(async () => {
        await show('110000', '2026-01', '北京市');
        const want = await page.evaluate(async () =>
            (await (await fetch('/api/v1/stats/monthly?period=2026-01&region=110000')).json()));

        // The breakdown: sex first, then the age bands chosen from the select.
        await page.getByTestId('rp-chart-breakdown').locator('canvas').first().waitFor();
        let c = await chartOf('rp-chart-breakdown');
        assert.equal(c.series.length, 1);
        assert.deepEqual(c.series[0].data, Object.values(want.by_sex));
        assert.deepEqual(c.x, Object.keys(want.by_sex).map((k) => ({ M: '男', F: '女' })[k] ?? '不详'));
        await page.getByTestId('rp-breakdown').locator('.el-select').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '按年龄段' }).click();
        await page.locator('[data-breakdown="by_age"]').waitFor();
        c = await chartOf('rp-chart-breakdown');
        assert.equal(c.series.length, 1);
        assert.equal(c.series[0].name, '按年龄段');
        assert.deepEqual(c.series[0].data, Object.values(want.by_age));
        assert.equal(c.x[Object.keys(want.by_age).indexOf('55+')], '55岁及以上');
        // Names from a code table: the unemployment reasons.
        await page.getByTestId('rp-breakdown').locator('.el-select').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '按失业原因' }).click();
        await page.locator('[data-breakdown="by_unemployment_reason"]').waitFor();
        c = await chartOf('rp-chart-breakdown');
        assert.deepEqual(c.series[0].data, Object.values(want.by_unemployment_reason));
        assert.ok(c.x.every((name, i) => name !== Object.keys(want.by_unemployment_reason)[i]),
            `reasons named, not bare codes: ${c.x}`);

        // The checks: every row of the API's answer is on the page with its result.
        const check = await page.evaluate(async () =>
            (await (await fetch('/api/v1/stats/check?period=2026-01&region=110000')).json()));
        assert.equal(check.ok, true);
        assert.equal(await page.getByTestId('rp-check').textContent(), '一致性校验通过');
        const rows = page.getByTestId('rp-check-table').locator('tbody tr');
        assert.equal(await rows.count(), check.checks.length);
        for (const k of check.checks)
            assert.equal(await page.getByTestId(`rp-ck-${k.check}-${k.region}`).textContent(), '通过');
        const text = await page.getByTestId('rp-check-table').textContent();
        for (const s of ['期末 = 期初 + 新增 − 注销', '本期期末 = 下期期初', '下级地区合计 = 本地区',
            '2026-01 → 2026-02', `${want.opening} + ${want.new} − ${want.exits_total} → ${want.closing}`])
            assert.ok(text.includes(s), `${s} in ${text}`);

        // The employed count: no rate until it is entered, then the server's rate.
        assert.equal(await page.getByTestId('rp-rate-value').textContent(), '未录入从业人员数');
        await page.getByTestId('rp-employed').locator('input').fill('98765');
        await page.getByTestId('rp-employed-save').click();
        const u = want.urban_unemployed;
        const rate = (Math.round((u * 10000) / (98765 + u)) / 100).toFixed(2);
        await page.getByTestId('rp-rate-value').filter({ hasText: `${rate}%` }).waitFor();
    }));

test('a period submitted from the page is frozen; the recount names the records changed since',
    onPage(async () => {
        // 东城区's caseworker: registrations active before December, and one of them exited in
        // January (reason 90) before the submission.
        const cw = api(srv.url);
        assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
        const list = await cw.get('/api/v1/registrations?limit=100');
        assert.equal(list.status, 200, JSON.stringify(list.body));
        const old = list.body.items.filter((r) => r.registered_at < '2025-12-01');
        assert.ok(old.length >= 3, 'generated registrations before December in 东城区');
        const [a, b, c] = old.map((r) => r.registration_no);
        let r = await cw.post(`/api/v1/registrations/${b}/exit`, { reason_code: '90',
            date: '2026-01-15', note: '本地规定', evidence: {} });
        assert.equal(r.status, 200, JSON.stringify(r.body));

        await show('110101', '2026-01', '北京市 东城区');
        await page.getByTestId('rp-not-submitted').waitFor();
        await page.getByTestId('rp-freeze-open').click();
        await page.getByTestId('rp-freeze-confirm').click();
        await page.getByTestId('rp-recount-same').filter({ hasText: '复核一致' }).waitFor();
        assert.match(await page.getByTestId('rp-frozen-at').textContent(), /已于 2026-03-02T09:00:00/);

        // Twenty minutes later (the sessions are still alive): two exits dated in January
        // decided now (11 and 12), and the January exit reverted by the supervisor.
        await srv.stopKeep();
        srv = await startServer({ reuse: srv, now: '2026-03-02T09:20:00' });
        const cw2 = api(srv.url), sup = api(srv.url);
        await cw2.login('caseworker', DEMO_USERS.caseworker.password);
        await sup.login('supervisor', DEMO_USERS.supervisor.password);
        r = await cw2.post(`/api/v1/registrations/${a}/exit`, { reason_code: '11', date: '2026-01-20',
            evidence: { employer: '北京某科技有限公司' } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        r = await cw2.post(`/api/v1/registrations/${c}/exit`, { reason_code: '12', date: '2026-01-25',
            evidence: { business: '个体工商户营业执照 92110101MA0000000X' } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        r = await sup.post(`/api/v1/registrations/${b}/exit/revert`, { reason: '注销有误' });
        assert.equal(r.status, 200, JSON.stringify(r.body));

        await openReport();
        await show('110101', '2026-01', '北京市 东城区');
        await page.getByTestId('rp-recount-same').filter({ hasText: '复核与报送不一致' }).waitFor();
        const diff = async (k) => page.getByTestId(`rp-diff-${k}`).textContent();
        assert.deepEqual([await diff('opening'), await diff('new'), await diff('exits_total'),
            await diff('closing'), await diff('exit-11'), await diff('exit-12'), await diff('exit-90')],
        ['0', '0', '+1', '-1', '+1', '+1', '-1']);
        const cause = async (no) => page.getByTestId(`rp-cause-${no}`).textContent();
        assert.equal(await cause(a), '报送后办理的注销');
        assert.equal(await cause(c), '报送后办理的注销');
        assert.equal(await cause(b), '注销被撤销');
        const rows = await page.getByTestId('rp-recount-records').locator('tbody tr').allTextContents();
        assert.equal(rows.length, 3, rows.join('\n'));
        assert.ok(rows.some((t) => t.includes(b) && t.includes('减少') && t.includes('注销')), rows.join('\n'));
        // The page shows the server's recount.
        const now = await page.evaluate(async () => (await (await fetch(
            '/api/v1/stats/reports/recount?period=2026-01&region=110101')).json()));
        assert.equal(now.records_total, 3);
        assert.equal(await page.getByTestId('rp-closing').textContent(), String(now.recount.closing));
    }));
