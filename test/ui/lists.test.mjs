// lists.test.mjs — the public lists (人社厅发〔2020〕3号 §4(二), 附件4) in headless Chromium against
// the real binary (server clock 2026-03-02): an applicant on a phone (390 px) goes from the
// landing page to the lists, searches the policies, filters the agencies by region and
// downloads the agency list as XLSX and CSV (read back cell by cell); a supervisor adds a
// policy, changes it and retires it on 清单管理, and after each step the public page shows the
// version in force (and the staff page the history). Every step fails on console errors,
// uncaught exceptions, CSP violations and unexpected HTTP errors (browser.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, DEMO_USERS } from '../api/helpers.mjs';
import { readXlsx } from '../api/xlsx.mjs';
import { launch, screenshot, watch, withPage } from './browser.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };

let srv;
let browser;

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    browser = await launch();
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

const entries = (page) => page.getByTestId('list-entry');
const titles = (page) => page.locator('.list-entry-title').allInnerTexts();

// Choose a region in the cascader under `root` (RegionPicker anyLevel radioChooses): a click on
// a level's name opens its children, its radio button chooses it; a county is chosen by its
// name.
async function pickRegion(page, root, names) {
    const node = (name) => page.locator('.el-cascader-node:visible', { hasText: name }).first();
    await root.locator('.el-cascader').click();
    for (const name of names.slice(0, -1)) await node(name).locator('.el-cascader-node__label').click();
    const last = node(names.at(-1));
    if (await last.locator('.el-radio').count() && names.length < 3) await last.locator('.el-radio').click();
    else await last.locator('.el-cascader-node__label').click();
    const open = page.locator('.el-cascader__dropdown:visible');
    await open.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => page.keyboard.press('Escape'));
    await open.waitFor({ state: 'hidden' });
    assert.equal(await root.locator('.el-cascader input').inputValue(), names.join(' / '));
}

async function waitTitles(page, want) {
    await page.waitForFunction(
        (w) => JSON.stringify([...document.querySelectorAll('.list-entry-title')]
            .map((e) => e.textContent)) === JSON.stringify(w),
        want,
    );
    assert.deepEqual(await titles(page), want);
}

test('an applicant reads the lists on a phone: search, region filter, downloads', async () => {
    await withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + '/');
        await page.getByTestId('to-lists').click();
        await page.getByRole('heading', { name: '政策清单、服务清单和公共就业服务机构清单' }).waitFor();
        await waitTitles(page, ['失业保险金', '职业培训补贴', '创业担保贷款']);
        const benefit = entries(page).first();
        assert.match(await benefit.locator('[data-field="conditions"]').innerText(),
            /缴纳失业保险费满一年/);
        // Nothing wider than the phone.
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `page is ${width}px wide`);

        await page.getByTestId('list-search').locator('input').fill('贷款');
        await page.getByTestId('list-search-go').click();
        await waitTitles(page, ['创业担保贷款']);
        assert.match(page.url(), /q=%E8%B4%B7%E6%AC%BE/);

        await page.getByRole('tab', { name: '服务清单' }).click();
        await page.getByText('没有符合条件的条目').waitFor(); // the search still applies
        await page.getByTestId('list-search').locator('input').fill('');
        await page.getByTestId('list-search-go').click();
        await waitTitles(page, ['政策法规咨询', '职业介绍', '职业指导']);

        await page.getByRole('tab', { name: '公共就业服务机构清单' }).click();
        await waitTitles(page, ['北京市公共就业服务中心', '东城区公共就业服务中心',
            '东城区残疾人就业服务中心', '东华门街道社区服务中心就业服务站', '西城区公共就业服务中心']);
        await pickRegion(page, page.getByTestId('list-region'), ['北京市', '市辖区', '东城区']);
        await waitTitles(page, ['东城区公共就业服务中心', '东城区残疾人就业服务中心',
            '东华门街道社区服务中心就业服务站']);
        const first = entries(page).first();
        assert.equal(await first.locator('[data-field="phone"] a').getAttribute('href'),
            'tel:01012333');
        assert.match(await first.locator('[data-field="hours"]').innerText(), /周一至周五/);
        assert.equal(await first.locator('[data-field="items"] .el-tag').count(), 4);
        await screenshot(page, 'lists-phone-agencies');

        // The downloads carry the filter: 东城区's three agencies.
        const [xlsx] = await Promise.all([page.waitForEvent('download'),
            page.getByTestId('export-xlsx').click()]);
        assert.equal(xlsx.suggestedFilename(), 'agencies-110101.xlsx');
        const book = readXlsx(readFileSync(await xlsx.path()));
        assert.equal(book.cell('A1'), '公共就业服务机构清单');
        assert.deepEqual(book.rows[1], ['序号', '所在地区', '机构名称', '办公地址', '联系电话',
            '经办项目', '办公时间']);
        assert.deepEqual(book.rows.slice(2).map((r) => [r[0], r[2]]), [
            [1, '东城区公共就业服务中心'], [2, '东城区残疾人就业服务中心'],
            [3, '东华门街道社区服务中心就业服务站']]);
        const [csv] = await Promise.all([page.waitForEvent('download'),
            page.getByTestId('export-csv').click()]);
        const text = readFileSync(await csv.path());
        assert.deepEqual([...text.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
        assert.equal(text.toString('utf8').split('\r\n').length, 6, 'title, header, 3 rows, end');
    });
});

// Fill the form field `prop` of the open dialog.
const dialogField = (page, prop) => page.locator(`.la-dialog [data-field="${prop}"]`);

let visit = 0;
async function publicPolicies(page) {
    // A new query string each time: the same URL with a hash would not load the page again.
    await page.goto(`${srv.url}/?visit=${++visit}#/lists?tab=policy&region=110101`);
    await page.waitForFunction(() => document.querySelector('.list-entries, .el-empty'));
    return titles(page);
}

test('a supervisor adds, changes and retires a policy; the public page follows', async () => {
    // The empty form is sent once on purpose: the server names the missing field.
    const expect = [NOT_LOGGED_IN, { method: 'POST', path: '/api/v1/policies', status: 400 }];
    await withPage(browser, DESKTOP, expect, async (page) => {
        const reader = await page.context().browser().newContext({ viewport: PHONE });
        const pub = await reader.newPage();
        const pubProblems = watch(pub);
        assert.deepEqual(await publicPolicies(pub), []);

        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('supervisor');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.supervisor.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-lists').click();
        await page.getByRole('heading', { name: '清单管理' }).waitFor();
        await page.locator('.la-name', { hasText: '失业保险金' }).waitFor();

        // Add: region, the five fields.
        await page.getByTestId('la-add').click();
        await pickRegion(page, dialogField(page, 'region'), ['北京市', '市辖区', '东城区']);
        await page.getByTestId('la-save').click(); // nothing filled: the server names the field
        await dialogField(page, 'name').locator('.el-form-item__error', { hasText: '缺少必填项' })
            .waitFor();
        await dialogField(page, 'name').locator('input').fill('一次性求职创业补贴');
        await dialogField(page, 'target').locator('textarea').fill('登记失业的高校毕业生');
        await dialogField(page, 'content').locator('textarea').fill('按规定发放一次性求职创业补贴');
        await dialogField(page, 'conditions').locator('textarea').fill('已进行失业登记');
        await dialogField(page, 'accepting_agency').locator('input').fill('东城区公共就业服务中心');
        await page.getByTestId('la-save').click();
        const row = page.locator('.el-table__row', { hasText: '一次性求职创业补贴' });
        await row.getByText('生效中').waitFor();
        assert.deepEqual(await publicPolicies(pub), ['一次性求职创业补贴']);

        // Change: a new version from today.
        await row.getByTestId('la-change').click();
        const content = dialogField(page, 'content').locator('textarea');
        assert.equal(await content.inputValue(), '按规定发放一次性求职创业补贴');
        await content.fill('每人一次性补贴2000元');
        await dialogField(page, 'note').locator('input').fill('标准调整');
        await page.getByTestId('la-save').click();
        await row.getByText('第2版，2026-03-02 起').waitFor();
        await publicPolicies(pub);
        assert.equal(await pub.locator('[data-field="content"]').innerText(), '每人一次性补贴2000元');

        // Retire from today: off the public page, the history kept.
        await row.getByTestId('la-retire').click();
        await page.getByTestId('la-save').click();
        await row.getByText('已停止公布').waitFor();
        assert.deepEqual(await publicPolicies(pub), []);
        await row.getByTestId('la-history').click();
        const versions = page.getByTestId('history').locator('.la-version');
        await versions.nth(2).waitFor();
        assert.equal(await versions.count(), 3);
        assert.match(await versions.nth(0).innerText(), /第3版[\s\S]*停止公布/);
        assert.match(await versions.nth(1).innerText(), /每人一次性补贴2000元[\s\S]*标准调整/);
        assert.match(await versions.nth(2).innerText(), /按规定发放一次性求职创业补贴[\s\S]*supervisor/);
        await screenshot(page, 'lists-admin-history');
        await reader.close();
        assert.deepEqual(pubProblems, []);
    });
});

test('caseworkers have no 清单管理 in their menu', async () => {
    await withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-intake').waitFor();
        assert.equal(await page.getByTestId('menu-lists').count(), 0);
    });
});
