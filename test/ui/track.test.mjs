// track.test.mjs — a caseworker serves a registered 就业困难人员 in the browser: recognises the
// category with its evidence, opens an assistance plan with herself as the designated
// caseworker, adds a dated plan step, sees it on her due list, records a start-up loan and moves
// it a step; a wrong move is not offered and a bad date gets its error on the field; from the
// workbench's due list she opens the case page, which shows the services and unmasks the person
// only with a stated reason. Fails on any
// console error or unexpected HTTP error (browser.mjs). Runs on SQLite and, under UREG_TEST_PG,
// on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 860 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };

let srv, browser, regNo;

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    browser = await launch();
    const cw = api(srv.url);
    assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const a = await api(srv.url).post('/api/v1/public/applications',
        formFor(idNumber('110101', '1970-02-11', 611)));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    regNo = d.body.registration_no;
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

const dialog = (page) => page.locator('.el-dialog:visible');

// In the open dialog: pick `name` in the select with data-testid `testid`.
async function pick(page, testid, name) {
    await dialog(page).getByTestId(testid).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
}

async function typeDate(page, testid, value) {
    const input = dialog(page).getByTestId(testid).locator('input');
    await input.fill(value);
    await input.press('Enter');
}

async function newItem(page, kind, fill) {
    await page.getByTestId('track-new').click();
    await dialog(page).getByTestId('track-form').waitFor();
    await pick(page, 'track-kind', kind);
    await fill();
    await dialog(page).getByTestId('track-save').click();
    await dialog(page).waitFor({ state: 'hidden' });
}

const row = (page, text) => page.locator('[data-testid="track-table"] .el-table__row', { hasText: text });

test('a caseworker recognises, plans, schedules a step, tracks a loan', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN,
        { method: 'POST', path: `/api/v1/registrations/${regNo}/items`, status: 400 }],
    async (page) => {
        await page.goto(`${srv.url}/#/staff/registrations/${regNo}/services`);
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('track-reg-no').filter({ hasText: regNo }).waitFor();
        await page.getByText('尚无服务事项').waitFor();

        await newItem(page, '就业困难人员认定', async () => {
            await pick(page, 'track-code', '大龄失业人员');
            await dialog(page).getByTestId('track-evidence').fill('身份证明（56周岁）');
        });
        await row(page, '就业困难人员认定').getByText('已认定', { exact: true }).waitFor();

        await newItem(page, '个人帮扶计划', async () => {
            await dialog(page).getByTestId('track-subject').fill('一对一帮扶计划');
            await dialog(page).getByTestId('track-caseworker').fill('caseworker');
        });
        await row(page, '一对一帮扶计划').getByText('执行中', { exact: true }).waitFor();

        // A step due next week, under the plan; a date in the future is refused on its field.
        await page.getByTestId('track-new').click();
        await pick(page, 'track-kind', '帮扶计划步骤');
        await dialog(page).getByTestId('track-subject').fill('职业指导面谈');
        await pick(page, 'track-code', '职业指导');
        await pick(page, 'track-parent', '一对一帮扶计划');
        await typeDate(page, 'track-due', '2026-03-06');
        await typeDate(page, 'track-on', '2026-03-05');
        await dialog(page).getByTestId('track-save').click();
        await dialog(page).getByText('日期不能晚于今天').waitFor();
        await typeDate(page, 'track-on', '2026-03-02');
        await dialog(page).getByTestId('track-save').click();
        await dialog(page).waitFor({ state: 'hidden' });
        await row(page, '职业指导面谈').getByText('待办', { exact: true }).waitFor();

        await newItem(page, '创业担保贷款', async () => {
            await dialog(page).getByTestId('track-subject').fill('个人创业担保贷款');
            await dialog(page).getByTestId('track-amount').locator('input').fill('150000');
        });
        const loan = row(page, '个人创业担保贷款');
        await loan.getByText('已申请', { exact: true }).waitFor();
        // Only the moves the loan may make are offered: 已审核 or 未通过, never 已放款.
        await loan.getByRole('button', { name: '已审核' }).waitFor();
        await loan.getByRole('button', { name: '未通过' }).waitFor();
        assert.equal(await loan.getByRole('button', { name: '已放款' }).count(), 0);
        await loan.getByRole('button', { name: '已审核' }).click();
        await dialog(page).getByTestId('step-form').waitFor();
        await dialog(page).getByTestId('step-note').fill('材料齐全');
        await dialog(page).getByTestId('step-save').click();
        await dialog(page).waitFor({ state: 'hidden' });
        await loan.locator('.el-tag', { hasText: '已审核' }).waitFor();
        await loan.getByRole('button', { name: '已担保' }).waitFor();
        await screenshot(page, 'track-services');

        // The workbench's due list shows the plan step (due 2026-03-06), with the person's name
        // masked; its link opens the case page, which shows the same services.
        await page.goto(`${srv.url}/#/staff`);
        const step = page.getByTestId('due-item').filter({ hasText: '服务事项下一步' });
        await step.getByText('2026-03-06').waitFor();
        await step.getByText('王**').waitFor();
        await step.getByTestId('due-link').filter({ hasText: regNo }).click();
        await page.getByTestId('track-card').locator('.el-table__row',
            { hasText: '职业指导面谈' }).waitFor();
        // On the case page the person is masked; unmasking asks for the reason first.
        await page.getByTestId('person-name').filter({ hasText: '王**' }).waitFor();
        await page.getByTestId('reveal').click();
        await page.getByTestId('reveal-confirm').click();
        await page.getByText('请填写查看完整信息的理由').waitFor();
        await page.getByTestId('reveal-reason').fill('帮扶计划电话沟通');
        await page.getByTestId('reveal-confirm').click();
        await page.getByTestId('person-name').filter({ hasText: '王小明' }).waitFor();
    }));
