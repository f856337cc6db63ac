// flags.test.mjs — false information in the browser (notice §5 ¶1): an application whose
// person has a social-insurance contribution for the month of applying is flagged at intake; the
// caseworker sees the flag with its evidence on the application page, confirms it and records a
// credit entry; the supervisor finds it on #/staff/flags, submits it to the 人社信用体系 and
// exports the submitted records (CSV with BOM, JSON). Fails on any console error or unexpected
// HTTP error (browser.mjs). Runs on SQLite and, under UREG_TEST_PG, on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 860 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
const ME = idNumber('110101', '1984-04-04', 71);

let srv, browser, appNo;

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    browser = await launch();
    const ins = join(srv.dir, 'ins.csv');
    writeFileSync(ins, `id_number,event_date,employer\n${ME},202602,甲公司\n${ME},202603,甲公司\n`);
    const r = await srv.run(['import', 'insurance', ins]);
    assert.equal(r.code, 0, r.stderr);
    const a = await api(srv.url).post('/api/v1/public/applications', formFor(ME));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    appNo = a.body.application_no;
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

const dialog = (page) => page.locator('.el-dialog:visible');

async function login(page, user) {
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS[user].password);
    await page.getByRole('button', { name: '登录' }).click();
}

async function say(page, text) {
    await dialog(page).locator('textarea').fill(text);
    await dialog(page).getByTestId('flag-send').click();
    await dialog(page).waitFor({ state: 'hidden' });
}

test('a flagged application: the caseworker confirms, the supervisor submits and exports', async () => {
    const facts = '申请时承诺处于失业状态，社会保险缴费记录显示申请当月在职缴费。';
    await withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${srv.url}/#/staff/applications/${appNo}`);
        await login(page, 'caseworker');
        const panel = page.getByTestId('flags-panel');
        await panel.getByText('社会保险缴费 2026-03-01（申请当月有缴费）').waitFor();
        await panel.getByTestId('flag-status').filter({ hasText: '待复核' }).waitFor();
        await screenshot(page, 'flags-application');
        await panel.getByTestId('flag-confirm').click();
        await say(page, '用人单位确认申请时在职');
        await panel.getByTestId('flag-status').filter({ hasText: '确认不实' }).waitFor();
        await panel.getByText('caseworker: 用人单位确认申请时在职').waitFor();
        await panel.getByTestId('credit-new').click();
        await say(page, facts);
        await panel.getByText(facts).waitFor();
        await panel.getByText('草稿').waitFor();
        assert.equal(await panel.getByTestId('credit-submit').count(), 0); // the supervisor's
    });
    await withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${srv.url}/#/staff/flags`);
        await login(page, 'supervisor');
        await page.getByTestId('flags-empty').waitFor(); // no open flag left
        await page.getByTestId('flags-status').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '确认不实' }).click();
        const row = page.getByTestId('flags-table').locator('.el-table__row', { hasText: appNo });
        await row.getByText('王**').waitFor();
        await row.getByTestId('credit-submit').click();
        await row.getByText('已报送').waitFor();
        await screenshot(page, 'flags-supervisor');
        await page.getByTestId('credit-export-csv').waitFor();
        const got = await page.evaluate(async () => {
            const csv = await fetch('/api/v1/credit-records/export.csv');
            const bytes = new Uint8Array(await csv.arrayBuffer());
            const json = await (await fetch('/api/v1/credit-records/export.json')).json();
            return { status: csv.status, bom: [...bytes.slice(0, 3)],
                text: new TextDecoder().decode(bytes.slice(3)), json };
        });
        assert.equal(got.status, 200);
        assert.deepEqual(got.bom, [0xef, 0xbb, 0xbf]);
        assert.ok(got.text.includes(`${appNo},,employment,insurance,2026-03-01,${facts},submitted`),
            got.text);
        assert.equal(got.json.items.length, 1);
        assert.equal(got.json.items[0].facts, facts);
        assert.equal(got.json.items[0].decided_by, 'supervisor');
    });
});
