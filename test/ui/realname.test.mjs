// realname.test.mjs — real-name verification in the browser (issue 12), the blocking attack
// as a person meets it: someone files an unverified online application with the person's ID
// number first; the person verifies their identity on the online form (the demo's development
// identity provider) and submits, and their application is accepted; the earlier one's status
// page says it was set aside; the caseworker's queue and application page show which
// application is verified. Fails on console errors, CSP violations and unexpected HTTP errors.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer, DEMO_USERS } from '../api/helpers.mjs';
import { formFor, idNumber } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';
import { field, fillForm } from './appform.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
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

test('a verified online application sets aside the one filed first in the same name', async () => {
    const idNo = idNumber('110101', '1990-05-17', 777);
    // The attacker, by API, with the victim's number and their own phone.
    const attack = await api(srv.url).post('/api/v1/public/applications',
        formFor(idNo, { phone: '13900000000' }));
    assert.equal(attack.status, 201);
    let realNo;

    await withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + '/#/apply');
        await fillForm(page, idNo);
        await page.getByTestId('realname-verify').click();
        await page.getByTestId('realname-done').waitFor();
        assert.match(await page.getByTestId('realname-done').innerText(), /dev-idp/);
        await field(page, 'commitment').locator('.el-checkbox').click();
        const answer = page.waitForResponse((r) => r.request().method() === 'POST' &&
            new URL(r.url()).pathname === '/api/v1/public/applications');
        await page.getByTestId('submit-application').click();
        const res = await answer;
        assert.equal(res.status(), 201);
        const sent = JSON.parse(res.request().postData());
        assert.ok(sent.identity_token, 'the form sent the assertion');
        realNo = (await res.json()).application_no;
        assert.equal((await page.getByTestId('receipt-identity').innerText()).trim(), '已通过');
        assert.match(await page.getByTestId('receipt-set-aside').innerText(),
            new RegExp(attack.body.application_no));
        await screenshot(page, 'realname-receipt-390');
    });

    // The attacker's status page: set aside, and why.
    await withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + `/#/status?no=${attack.body.application_no}` +
            `&code=${attack.body.query_code}`);
        await page.getByTestId('status-result').waitFor();
        assert.equal((await page.getByTestId('app-status').innerText()).trim(), '已撤回');
        await page.getByTestId('status-set-aside').waitFor();
        assert.match(await page.getByTestId('status-set-aside').innerText(), /实名认证/);
    });

    // The caseworker sees which one is verified.
    await withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.goto(srv.url + '/#/staff/applications');
        const row = page.locator('.el-table__row', { hasText: realNo });
        await row.waitFor();
        assert.equal((await row.getByTestId('queue-identity').innerText()).trim(),
            '已实名（dev-idp）');
        assert.equal(await page.locator('.el-table__row', { hasText: attack.body.application_no })
            .count(), 0);
        await page.goto(srv.url + `/#/staff/applications/${attack.body.application_no}`);
        await page.getByTestId('detail-set-aside').waitFor();
        assert.equal((await page.getByTestId('detail-set-aside').innerText()).trim(), realNo);
        assert.equal((await page.getByTestId('detail-identity').innerText()).trim(), '未实名认证');
        assert.match(await page.getByTestId('decided-reason').innerText(), /实名认证/);
        await screenshot(page, 'realname-set-aside-detail');
    });
});
