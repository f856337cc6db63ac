// services8.test.mjs — issue 8's closure in the browser: a caseworker profiles a registered
// person on the case page (job intent, skills, tier), hands over the lists (提供清单: the record
// names the lists and their versions, the agency list's downloads are offered), refers the best
// matched vacancy in one click, sees the follow-up on the workbench's due list, records the
// result (回访求职结果) and sees the follow-up gone; a vacancy closed meanwhile gets its clear
// error. The agency list link handed to the person opens on a phone-size screen (the public
// lists on a phone are test/ui/lists.test.mjs's). Fails on any console error or unexpected
// HTTP error (browser.mjs). Runs on SQLite and, under UREG_TEST_PG, on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };

let srv, browser, regNo, jobId, closedId;
let printLink = ''; // the agency list link handed, for the phone

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    browser = await launch();
    const cw = api(srv.url);
    assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    // Registered with no job intent: the caseworker profiles the person in the browser.
    const a = await api(srv.url).post('/api/v1/public/applications',
        formFor(idNumber('110101', '1986-07-21', 815), { job_intent: null, skills: '' }));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
        { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    regNo = d.body.registration_no;
    const vacancy = (title, over = {}) => cw.post('/api/v1/jobs', {
        title, employer: '北京东城示例超市', occupation: '4-01-02-01', region: '110101',
        salary_min: 5000, salary_max: 6500, openings: 2, valid_until: '2026-06-30',
        requirements: { skills: ['收银'] }, ...over,
    });
    const j = await vacancy('收银员（示例）');
    assert.equal(j.status, 201, JSON.stringify(j.body));
    jobId = j.body.id;
    const c = await vacancy('理货员（示例）', { salary_max: 5200 });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    closedId = c.body.id;
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

const matchRow = (page, title) =>
    page.getByTestId('matches').locator('.el-table__row', { hasText: title });

async function pickCode(page, field, name) {
    await page.locator(`[data-field="${field}"] .el-select`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
}

test('a caseworker profiles, hands over the lists, refers in one click and records the result', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN,
        { method: 'POST', path: `/api/v1/registrations/${regNo}/referrals`, status: 409 }],
    async (page) => {
        await page.goto(`${srv.url}/#/staff/registrations/${regNo}`);
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('case-no').filter({ hasText: regNo }).waitFor();

        // Profile (§4(一)): job intent, skills, tier.
        await page.locator('input[name="occupation"]').fill('4-01-02-01');
        await page.locator('input[name="region"]').fill('110101');
        await page.locator('input[name="skills"]').fill('收银、理货');
        await pickCode(page, 'tier', '可直接就业');
        await page.getByTestId('save-profile').click();
        await page.getByText(/已保存/).first().waitFor();
        await page.getByTestId('case-tier').filter({ hasText: '可直接就业' }).waitFor();

        // 提供清单: the record names the lists; the agency list's copies are offered.
        await page.getByTestId('hand-lists').click();
        const handed = page.getByTestId('handed');
        await handed.getByTestId('handed-policy').filter({ hasText: '失业保险金（v1）' }).waitFor();
        await handed.getByTestId('handed-agency').filter({ hasText: '东城区公共就业服务中心（v1）' })
            .waitFor();
        assert.equal(await handed.getByTestId('handed-xlsx').getAttribute('href'),
            '/api/v1/public/agencies.xlsx?region=110101');
        assert.equal(await handed.getByTestId('handed-csv').getAttribute('href'),
            '/api/v1/public/agencies.csv?region=110101');
        const printHref = await handed.getByTestId('handed-print').getAttribute('href');
        assert.equal(printHref, '#/lists?tab=agency&region=110101');
        await page.getByTestId('timeline-service').filter({ hasText: '提供政策、服务和机构清单' })
            .filter({ hasText: /政策清单 \d+ 项：#\d+ v1/ }).waitFor();

        // The profile ranks the vacancies; one click refers the person to the best one.
        await matchRow(page, '收银员（示例）').waitFor();
        await screenshot(page, 'services8-matches');
        await matchRow(page, '收银员（示例）').getByTestId('refer').click();
        await page.getByTestId('refer-msg').filter({ hasText: '2026-03-16' }).waitFor();
        await matchRow(page, '收银员（示例）').getByTestId('referred').waitFor();
        const ref = page.getByTestId('referral').filter({ hasText: '收银员（示例）' });
        await ref.getByTestId('referral-due').filter({ hasText: '应于 2026-03-16 回访' }).waitFor();
        await page.getByTestId('timeline-service').filter({ hasText: '职业介绍（推荐岗位）' })
            .filter({ hasText: '应于 2026-03-16 回访' }).waitFor();

        // A vacancy closed meanwhile: the click gets the server's clear error, nothing recorded.
        const cw = api(srv.url);
        await cw.login('caseworker', DEMO_USERS.caseworker.password);
        const cl = await cw.post(`/api/v1/jobs/${closedId}/close`, { status: 'closed', reason: '已招满' });
        assert.equal(cl.status, 200, JSON.stringify(cl.body));
        await matchRow(page, '理货员（示例）').getByTestId('refer').click();
        await page.getByTestId('refer-error').filter({ hasText: '该岗位已关闭、撤回或超过有效期' }).waitFor();
        assert.equal(await page.getByTestId('referral').count(), 1);

        // The follow-up is on the workbench's due list until the result is recorded.
        await page.goto(`${srv.url}/#/staff`);
        const due = page.getByTestId('due-item').filter({ hasText: regNo })
            .filter({ hasText: '服务回访' });
        await due.waitFor();
        await due.getByTestId('due-link').click();
        await page.getByTestId('case-no').filter({ hasText: regNo }).waitFor();
        await page.getByTestId('referral').getByTestId('record-result').click();
        const form = page.getByTestId('result-form');
        await form.getByText('已面试待定').click();
        await form.getByTestId('submit-result').click();
        await page.getByTestId('referral-result').filter({ hasText: '已面试待定 2026-03-02' }).waitFor();
        await page.getByTestId('timeline-service').filter({ hasText: '回访求职结果' }).waitFor();
        await screenshot(page, 'services8-result');

        await page.goto(`${srv.url}/#/staff`);
        await page.getByTestId('due-card').waitFor();
        await page.getByTestId('due-item').first().waitFor();
        assert.equal(await page.getByTestId('due-item').filter({ hasText: regNo })
            .filter({ hasText: '服务回访' }).count(), 0);
        // What the server holds: one referral to the vacancy, its result interviewed.
        const refs = (await cw.get(`/api/v1/registrations/${regNo}/referrals`)).body.items;
        assert.deepEqual(refs.map((r) => [r.job_id, r.result?.result]), [[jobId, 'interviewed']]);
        printLink = printHref;
    }));

test('the agency list handed opens on a phone for the person', () =>
    withPage(browser, PHONE, [], async (page) => {
        assert.ok(printLink, 'the first test gave the link');
        await page.goto(`${srv.url}/${printLink}`);
        await page.getByText('东城区公共就业服务中心').first().waitFor();
        assert.equal(await page.getByText('西城区公共就业服务中心').count(), 0);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= PHONE.width, `page is ${wide} px wide`);
    }));
