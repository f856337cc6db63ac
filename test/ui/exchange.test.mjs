// exchange.test.mjs — the exchange's pages in the browser (issue 11, notice §7–§8): on the
// national hub the public pages name 12333 and the agencies the local system published, the
// status page shows a national application's progress with its local number, and the national
// supervisor's 全国平台对接 page lists the local system's timeliness; on the local system the
// supervisor's page shows its backlog and the link to the hub.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from '../api/helpers.mjs';
import { freshId, formFor } from '../api/idgen.mjs';
import { cli, keygen, staffOf, startHub, startLocal, waitFor } from '../exchange/xhelpers.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 800 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
let dir, hub, local, browser, filed;

before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ureg-ui-exchange-'));
    const hk = await keygen(dir, 'hub');
    const lk = await keygen(dir, 'L1');
    hub = await startHub(hk);
    await cli(hub, ['exchange', 'register', '--system', 'L1', '--regions', '1101', '--public-key', lk.pub]);
    await cli(hub, ['agency', 'add', '--name', '人社部就业促进司', '--region', '110000']);
    await cli(hub, ['user', 'add', '--username', 'nsup', '--password-file', '-', '--role',
        'supervisor', '--agency', '1'], 'national-pass-2026\n');
    local = await startLocal('L1', lk, hub.url);
    await cli(local, ['exchange', 'register', '--system', 'national', '--public-key', hk.pub]);
    await staffOf(local, '110101', '东城区');
    const pub = api(hub.url);
    const r = await pub.post('/api/v1/public/applications', formFor(freshId()));
    assert.equal(r.status, 201);
    filed = r.body;
    await waitFor('the local took it', async () => {
        const s = await pub.get(`/api/v1/public/applications/${filed.application_no}?query_code=${filed.query_code}`);
        return s.body.status === 'pending_review';
    });
    await waitFor('the agency list published', async () =>
        (await pub.get('/api/v1/public/agencies')).body.items.length === 1);
    browser = await launch();
});

after(async () => {
    await browser?.close();
    await local?.stop();
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
});

test('the national status page shows the progress, 12333 and the registering agency', () =>
    withPage(browser, DESKTOP, [], async (page) => {
        await page.goto(`${hub.url}/#/`);
        const consult = page.getByTestId('consult');
        await consult.getByText('东城区公共就业服务中心').waitFor();
        assert.equal(await consult.getByTestId('hotline').textContent(), '12333');
        await page.goto(`${hub.url}/#/status?no=${filed.application_no}&code=${filed.query_code}`);
        const result = page.getByTestId('status-result');
        await result.getByText('待审核').or(result.getByText('审核中')).first().waitFor();
        await result.getByText(/^110101\d{14}$/).waitFor(); // the local number
        const card = page.getByTestId('consult');
        await card.getByText('010-6512333').waitFor();
        await card.getByText('东城区示例路1号').waitFor();
        await screenshot(page, 'exchange-national-status');
    }));

test('the national supervisor sees each local system\'s timeliness', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${hub.url}/#/staff/login`);
        await page.getByLabel('用户名').fill('nsup');
        await page.getByLabel('密码', { exact: true }).fill('national-pass-2026');
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-exchange').click();
        const table = page.getByTestId('xc-systems');
        await table.getByText('L1').waitFor();
        await table.getByText('1101').waitFor();
        await page.getByText('各地系统办理时效').waitFor();
        await screenshot(page, 'exchange-national-timeliness');
    }));

test('the local supervisor sees the backlog and the link to the hub', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${local.url}/#/staff/login`);
        await page.getByLabel('用户名').fill('sup');
        await page.getByLabel('密码', { exact: true }).fill('super-pass-2026');
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-exchange').click();
        await page.getByTestId('xc-connection').getByText('联通正常').waitFor();
        assert.equal(await page.getByTestId('xc-pending').textContent(), '0');
        assert.equal(await page.getByTestId('xc-system').textContent(), 'L1');
        await screenshot(page, 'exchange-local-backlog');
    }));

test('the local caseworker\'s queue carries the national number into the application', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${local.url}/#/staff/login`);
        await page.getByLabel('用户名').fill('cw');
        await page.getByLabel('密码', { exact: true }).fill('case-pass-2026');
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-intake').click();
        const nat = page.getByTestId('queue-national-no');
        await nat.waitFor();
        assert.equal(await nat.textContent(), filed.application_no);
        await page.getByTestId('queue-link').first().click();
        await page.getByText(filed.application_no).waitFor();
        await page.getByText('全国申请编号').waitFor();
        await screenshot(page, 'exchange-local-queue-national');
    }));
