// followup.test.mjs — the monthly follow-up in the browser (issue 9): months pass on the
// development clock (registered 2026-03-02, two refused contacts in March and April, the server
// served again on 2026-05-20 and `ureg followup run` as of that day); the caseworker finds the
// overdue monthly follow-up on the workbench's due list, opens the case, sees the counters with
// the contacts behind them (2 of 3 refusals), records a reached contact from the case page's
// contact form and sees the counters reset and the next contact due a month later, also on the
// 跟踪回访 page; the applicant, on a phone, goes from the status page to the self-report page and
// reports a job found. Fails on any console error or unexpected HTTP error (browser.mjs). Runs on
// SQLite and, under UREG_TEST_PG, on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };

let srv, browser, reg;

async function caseworker() {
    const cw = api(srv.url);
    assert.equal((await cw.login('caseworker', DEMO_USERS.caseworker.password)).status, 200);
    return cw;
}

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    const a = await api(srv.url).post('/api/v1/public/applications',
        formFor(idNumber('110101', '1979-08-08', 915)));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await (await caseworker()).post(
        `/api/v1/applications/${a.body.application_no}/decision`, { decision: 'approve' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    reg = { no: d.body.registration_no, app: a.body.application_no, code: a.body.query_code };
    // Two and a half months later.
    await srv.stopKeep();
    srv = await startServer({ now: '2026-05-20T09:30:00', reuse: srv });
    const cw = await caseworker();
    for (const date of ['2026-03-10', '2026-04-10']) {
        const r = await cw.post(`/api/v1/registrations/${reg.no}/contacts`,
            { date, method: 'phone', result: 'refused', note: '不愿参加招聘会' });
        assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const run = await srv.run(['followup', 'run']);
    assert.equal(run.code, 0, run.stderr);
    browser = await launch();
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

test('months pass: the caseworker works the due list, records a contact and sees the counters', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(`${srv.url}/#/staff/login`);
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        const due = page.getByTestId('due-item').filter({ hasText: reg.no })
            .filter({ hasText: '每月跟踪联系' });
        await due.waitFor();
        assert.match(await due.innerText(), /已逾期/);
        assert.match(await due.innerText(), /2026-05-10/); // 04-10 + 30 days
        await due.getByTestId('due-link').click();

        const counters = page.getByTestId('counters');
        await counters.waitFor();
        assert.equal((await counters.getByTestId('counter-refusals-value').innerText()).trim(), '2 / 3');
        assert.match(await counters.getByTestId('counter-refusals').innerText(), /2026-03-10、2026-04-10/);
        assert.match(await counters.getByTestId('counter-next').innerText(), /2026-05-10.*已逾期/);
        await screenshot(page, 'followup-counters-1280');

        await page.getByTestId('new-contact').click();
        const form = page.getByTestId('contact-form');
        const dateInput = form.locator('[data-field="date"] input');
        await dateInput.fill('2026-05-20');
        await dateInput.press('Enter');
        await form.getByText('已联系上').click();
        await form.locator('[data-field="note"] input').fill('已找到意向岗位，下周面试');
        await form.getByTestId('submit-contact').click();
        await form.waitFor({ state: 'detached' });
        await page.getByTestId('counter-refusals-value').filter({ hasText: '0 / 3' }).waitFor();
        assert.match(await page.getByTestId('counter-next').innerText(), /2026-06-19/);
        assert.doesNotMatch(await page.getByTestId('counter-next').innerText(), /已逾期/);
        await page.getByTestId('timeline-contact').filter({ hasText: '已找到意向岗位' }).waitFor();

        // 跟踪回访: the same due list, now due on 06-19 and not overdue
        await page.goto(`${srv.url}/#/staff/followup`);
        const row = page.locator('[data-testid="followup-table"] .el-table__row', { hasText: reg.no });
        await row.filter({ hasText: '每月跟踪联系' }).waitFor();
        assert.match(await row.filter({ hasText: '每月跟踪联系' }).innerText(), /2026-06-19/);
        await page.getByTestId('fu-agency').click();
        await page.waitForURL(/scope=agency/);
        await row.filter({ hasText: '每月跟踪联系' }).waitFor();
        await screenshot(page, 'followup-page-1280');
    }));

test('on a phone the applicant reports a job found from the status page', () =>
    withPage(browser, PHONE, [], async (page) => {
        await page.goto(`${srv.url}/#/status?no=${reg.app}&code=${reg.code}`);
        await page.getByTestId('self-report-link').click();
        await page.getByTestId('sr-submit').waitFor();
        await page.getByText('已就业').click();
        await page.locator('[data-field="employer"] input').fill('北京某某科技有限公司');
        const dateInput = page.locator('[data-field="date"] input');
        await dateInput.fill('2026-05-18');
        await dateInput.press('Enter');
        await page.getByTestId('sr-submit').click();
        await page.getByTestId('sr-done').waitFor();
        assert.match(await page.getByTestId('sr-done').innerText(), /经办人员核实后/);
        await screenshot(page, 'selfreport-390');
        const v = await (await caseworker()).get(`/api/v1/registrations/${reg.no}`);
        const c = v.body.contacts.find((x) => x.method === 'self_report');
        assert.deepEqual({ k: c.report_kind, e: c.employer, d: c.date },
            { k: 'employed', e: '北京某某科技有限公司', d: '2026-05-18' });
    }));
