// login.test.mjs — the web UI in headless Chromium against the real binary: the applicant
// landing page (on a phone-sized screen), the language switch both ways and its memory, the
// staff login, the workbench, logout, and a wrong password. Each test fails on any console
// error, uncaught exception, CSP violation or unexpected HTTP error (browser.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_USERS } from '../api/helpers.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
// A staff page asks for the session first: 401 by contract before login; so does a wrong
// password. The applicant pages never ask.
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };
const LOGIN_FAILED = { method: 'POST', path: '/api/v1/session', status: 401 };

let srv;
let browser;

before(async () => {
    srv = await startServer();
    browser = await launch();
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

const heading = (page, name) => page.getByRole('heading', { name, exact: true });
const isSession = (method) => (r) =>
    r.request().method() === method && new URL(r.url()).pathname === '/api/v1/session';

test('landing page reads on a phone and switches language both ways, remembering it', () =>
    withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + '/');
        await heading(page, '失业登记').waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
        await page.getByRole('link', { name: '在线申请' }).waitFor();
        await page.getByRole('link', { name: '查询办理进度' }).waitFor();
        await page.getByText('7个工作日内办结').waitFor();
        // Nothing sticks out sideways at 390px.
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `page is ${width}px wide on a ${PHONE.width}px screen`);
        await screenshot(page, 'landing-390');

        await page.getByTestId('lang-toggle').click();
        await heading(page, 'Unemployment registration').waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.getByRole('link', { name: 'Apply online' }).waitFor();

        await page.reload();
        await heading(page, 'Unemployment registration').waitFor();

        await page.getByTestId('lang-toggle').click();
        await heading(page, '失业登记').waitFor();
        await page.reload();
        await heading(page, '失业登记').waitFor();

        // The landing page leads to the online form (test/ui/journey.test.mjs fills it in).
        await page.getByRole('link', { name: '在线申请' }).click();
        await heading(page, '在线申请失业登记').waitFor();
        assert.equal(await page.locator('form').count(), 1);

    }));

test('caseworker logs in, sees the workbench, keeps the session on reload and logs out', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(srv.url + '/');
        await page.getByRole('link', { name: '工作人员入口' }).click();
        await heading(page, '工作人员登录').waitFor();

        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();

        await page.getByTestId('user-name').waitFor();
        assert.equal(await page.getByTestId('user-name').textContent(), 'caseworker');
        await heading(page, '欢迎，caseworker').waitFor();
        await page.getByText('经办人员', { exact: true }).waitFor();
        assert.equal(new URL(page.url()).hash, '#/staff');
        // 工作台, 申请受理, 登记人员, 岗位, 跟踪回访, 虚假信息核查 and 我的账号; 审计日志, 账号管理,
        // 清单管理, 统计报表 and 全国平台对接 are not a caseworker's.
        const items = page.locator('.el-menu-item');
        assert.equal(await items.count(), 7);
        assert.equal(await page.getByTestId('menu-audit').count(), 0);
        // 跟踪回访 and 虚假信息核查 are open since issue 9, 统计报表 (issue 10) is a supervisor's and a
        // statistician's: nothing is announced as coming any more
        assert.equal(await page.locator('.el-menu-item.is-disabled').count(), 0);
        assert.equal(await page.getByText('即将上线').count(), 0);
        await screenshot(page, 'workbench-1280');

        await page.reload();
        await page.getByTestId('user-name').waitFor();

        await page.getByTestId('lang-toggle').click();
        await page.getByRole('button', { name: 'Log out' }).waitFor();
        await page.getByText('Caseworker', { exact: true }).waitFor();
        await page.getByTestId('lang-toggle').click();

        const gone = page.waitForResponse(isSession('DELETE'));
        await page.getByTestId('logout').click();
        assert.ok((await gone).status() < 300, 'DELETE /api/v1/session succeeds');
        await heading(page, '工作人员登录').waitFor();

        // The session is gone on the server too: the workbench sends us back to the login.
        await page.goto(srv.url + '/#/staff');
        await heading(page, '工作人员登录').waitFor();
        assert.equal(new URL(page.url()).hash, '#/staff/login');

    }));

test('a wrong password shows the server error message and stays on the login page', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN, LOGIN_FAILED], async (page) => {
        // The server serves the UI for paths under /staff/ too.
        await page.goto(srv.url + '/staff/');
        await heading(page, '工作人员登录').waitFor();

        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill('not-the-password');
        const answer = page.waitForResponse(isSession('POST'));
        await page.getByRole('button', { name: '登录' }).click();
        const res = await answer;
        assert.equal(res.status(), 401);
        const body = await res.json();
        assert.equal(body.error.code, 'login_failed');

        const alert = page.getByTestId('login-error');
        await alert.waitFor();
        assert.equal((await alert.innerText()).trim(), body.error.message);
        assert.equal(await page.getByTestId('user-name').count(), 0);

    }));
