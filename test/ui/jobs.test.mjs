// jobs.test.mjs — vacancies and matches through the web UI, in headless Chromium against the
// real binary (server clock 2026-03-02): a caseworker of 东城区 adds a vacancy on #/staff/jobs
// (a bad occupation code is shown on its field first), sees it listed, imports a CSV file with
// one bad line, and then finds the vacancy ranked first, with its reasons, for a registered
// person whose job intent it fits (#/staff/registrations/NO/matches). Fails on console errors,
// CSP violations and unexpected HTTP errors (browser.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS, tempDir } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
const BAD_JOB = { method: 'POST', path: '/api/v1/jobs', status: 400 };

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

test('a caseworker adds a vacancy and sees it ranked first for a person it fits', async (t) => {
    // A registered person of 东城区 who wants work as 2-02-10-03 in 东城区 for 8000 a month.
    const cw = api(srv.url);
    assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    const form = formFor(idNumber('110101', '1987-06-15', 911),
        { job_intent: { occupation: '2-02-10-03', region: '110101', salary_min: 8000 }, skills: '焊接、Java' });
    const a = await api(srv.url).post('/api/v1/public/applications', form);
    const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`, { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const reg = d.body.registration_no;
    const csv = join(tempDir(t), 'vacancies.csv');
    writeFileSync(csv, '\ufefftitle,employer,occupation,region,salary_min,salary_max,valid_until\n'
        + '导入的岗位,某公司,4-01,110101,3000,4000,2026-12-31\n坏行,某公司,99,110101,3000,4000,2026-12-31\n');

    await withPage(browser, DESKTOP, [NOT_LOGGED_IN, BAD_JOB], async (page) => {
        await page.goto(srv.url + '/#/staff/jobs');
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByRole('heading', { name: '岗位信息', exact: true }).waitFor();

        await page.getByTestId('job-add').click();
        const f = (prop) => page.locator(`[data-field="${prop}"] input`);
        await f('title').fill('焊接工程师（界面测试）');
        await f('employer').fill('北京示例制造有限公司');
        await f('occupation').fill('2-02-10');
        await f('region').fill('110101');
        await f('salary_min').fill('7000');
        await f('salary_max').fill('9500');
        await f('valid_until').fill('2026-09-30');
        await f('skills').fill('焊接、Java');
        await f('occupation').fill('9-99');
        await page.getByTestId('job-save').click();
        await page.locator('[data-field="occupation"] .el-form-item__error').waitFor();
        await f('occupation').fill('2-02-10-03');
        await page.getByTestId('job-save').click();
        await page.getByTestId('jobs-table').getByText('焊接工程师（界面测试）').waitFor();

        await page.getByTestId('job-import').setInputFiles(csv);
        const result = page.getByTestId('job-import-result');
        await result.getByText('读取 2 行，导入 1 行，拒收 1 行').waitFor();
        await result.getByText('第 3 行：occupation_invalid occupation').waitFor();
        await page.getByTestId('jobs-table').getByText('导入的岗位').waitFor();

        await page.goto(srv.url + `/#/staff/registrations/${reg}/matches`);
        const panel = page.getByTestId('matches');
        const first = panel.locator('.el-table__row').first();
        await first.getByText('焊接工程师（界面测试）').waitFor();
        await first.getByTestId('match-score').getByText('100').waitFor();
        await first.getByText('职业与意向一致 +40').waitFor();
        await first.getByText('同一区县 +30').waitFor();
        await first.getByText('薪酬达到期望 +20').waitFor();
        await first.getByText('技能相符（焊接、java） +10').waitFor();
        await panel.getByTestId('matches-intent').getByText('2-02-10-03', { exact: false }).waitFor();
        await screenshot(page, 'matches');
    });
});
