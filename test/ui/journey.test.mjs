// journey.test.mjs — the registration lifecycle through the web UI, in headless Chromium against
// the real binary (server clock 2026-03-02, a Monday): an applicant applies online on a phone
// (390 px) and gets an application number and a query code; a caseworker of 东城区 (110101)
// finds the application in the queue, opens it, shows the full personal data and approves it;
// the applicant's status page then says 已登记 with the registration number and lists who read
// the applicant's personal data and why (issue 12). Also: the written
// promise must be ticked, a rule only the server knows is shown on its field, and a wrong query
// code is "not found". Every step fails on console errors, uncaught exceptions, CSP violations
// and unexpected HTTP errors (browser.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber } from '../api/idgen.mjs'; // GB 11643, computed apart from UI and server
import { launch, screenshot, withPage } from './browser.mjs';
import { assertValue, field, fillForm, pickOption, pickRegion, typeDate } from './appform.mjs';

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

const heading = (page, name) => page.getByRole('heading', { name, exact: true });
const fieldError = (page, prop) => field(page, prop).locator('.el-form-item__error');
const isPost = (path) => (r) =>
    r.request().method() === 'POST' && new URL(r.url()).pathname === path;

// Nothing sticks out sideways on the phone.
async function assertFits(page) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width}px wide on a ${PHONE.width}px screen`);
}

test('apply online, approve at the workbench, see 已登记 with the registration number', async () => {
    const idNo = idNumber('110101', '1990-05-17', 123);
    let applicationNo;
    let queryCode;
    let registrationNo;

    // 1. The applicant, on a phone.
    await withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + '/#/apply');
        await heading(page, '在线申请失业登记').waitFor();
        await assertFits(page);

        await fillForm(page, idNo);
        await assertFits(page);

        // Without the written promise nothing is sent and the promise says why.
        let posted = 0;
        page.on('request', (r) => {
            if (r.method() === 'POST' && r.url().endsWith('/api/v1/public/applications')) posted++;
        });
        await page.getByTestId('submit-application').click();
        await fieldError(page, 'commitment').waitFor();
        assert.equal(
            (await fieldError(page, 'commitment').innerText()).trim(),
            '请阅读并勾选书面承诺',
        );
        assert.equal(await page.locator('.el-form-item.is-error').count(), 1);
        assert.equal(posted, 0);
        await field(page, 'commitment').getByText('本人承诺所填信息真实').waitFor();
        await screenshot(page, 'apply-form-390');

        await field(page, 'commitment').locator('.el-checkbox').click();
        await fieldError(page, 'commitment').waitFor({ state: 'detached' });
        const answer = page.waitForResponse(isPost('/api/v1/public/applications'));
        await page.getByTestId('submit-application').click();
        const res = await answer;
        assert.equal(res.status(), 201);
        const body = await res.json();
        assert.equal(body.deadline, '2026-03-11'); // 7 working days after Mon 2026-03-02

        await heading(page, '申请已提交').waitFor();
        applicationNo = (await page.getByTestId('application-no').innerText()).trim();
        queryCode = (await page.getByTestId('query-code').innerText()).trim();
        assert.equal(applicationNo, body.application_no);
        assert.equal(queryCode, body.query_code);
        assert.match(applicationNo, /^110101\d{14}$/);
        assert.equal((await page.getByTestId('deadline').innerText()).trim(), '2026-03-11');
        await page.getByText('查询码只显示这一次').waitFor();
        await assertFits(page);
        await screenshot(page, 'apply-receipt-390');

        // The status link carries both: the page asks at once.
        await page.getByTestId('status-link').click();
        await page.getByTestId('status-result').waitFor();
        assert.equal((await page.getByTestId('app-status').innerText()).trim(), '待审核');
        assert.equal(await page.getByTestId('registration-no').count(), 0);
    });

    // Monthly comparison data arrives: the card holders know the person (identity: pass), and
    // social insurance has a contribution after the day the applicant says work ended
    // (employment: fail, on line 2 of the file); the other checks have no data (unknown).
    const ssc = join(srv.dir, 'ssc.csv');
    const ins = join(srv.dir, 'insurance.csv');
    writeFileSync(ssc, `id_number,event_date\n${idNo},2015-06-01\n`);
    writeFileSync(
        ins,
        `id_number,event_date,employer\n${idNo},2026-02-10,北京示例商贸有限公司\n`,
    );
    for (const [source, file] of [
        ['ssc_holders', ssc],
        ['insurance', ins],
    ]) {
        const r = await srv.run(['import', source, file]);
        assert.equal(r.code, 0, r.stderr);
    }
    const compared = await srv.run(['compare']);
    assert.equal(compared.code, 0, compared.stderr);

    // 2. The caseworker of 东城区, at a desk.
    await withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(srv.url + '/#/staff/applications');
        await heading(page, '工作人员登录').waitFor();
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();

        // The login continues to the queue it interrupted.
        await heading(page, '申请受理').waitFor();
        const link = page.getByTestId('queue-link').filter({ hasText: applicationNo });
        await link.waitFor();
        const row = page.locator('.el-table__row', { has: link });
        await row.getByText('王**').waitFor();
        await row.getByText('剩余 7 个工作日').waitFor();
        await row.getByText('待审核').waitFor();
        await row.getByText('相符 1').waitFor();
        await row.getByText('不符 1').waitFor();
        await row.getByText('待核实 3').waitFor();

        await link.click();
        await page.getByTestId('detail-no').filter({ hasText: applicationNo }).waitFor();
        const person = page.getByTestId('person-card');
        await person.getByText('王**').waitFor();
        assert.equal(await person.getByText(idNo).count(), 0);

        // Full details on request with a stated reason (the server audits both), hidden again.
        await page.getByTestId('reveal').click();
        await page.getByPlaceholder('查看理由（必填，将告知申请人）').fill('审核失业登记申请');
        await page.getByTestId('reveal-confirm').click();
        await person.getByText(idNo).waitFor();
        await person.getByText('王小明').waitFor();
        // The failed check in red with its evidence; the unknown ones with their tasks.
        const checks = page.getByTestId('verifications');
        const fail = checks.locator('[data-check="employment"]');
        await fail.getByText('不符', { exact: true }).waitFor();
        const evidence = fail.getByTestId('evidence-fail');
        for (const text of ['社会保险参保登记', '2026-02-10', '第 2 行', '北京示例商贸有限公司']) {
            await evidence.getByText(text).waitFor();
        }
        assert.equal(await checks.locator('[data-check="identity"]').getByText('相符').count(), 1);
        const unknown = checks.getByTestId('evidence-unknown');
        assert.equal(await unknown.count(), 3);
        await unknown
            .first()
            .getByText(/调查任务 #\d+（待调查）/)
            .waitFor();
        await page.getByText('有比对不符的项目').waitFor();
        await screenshot(page, 'application-1280');
        await page.getByTestId('hide').click();
        await person.getByText('王**').waitFor();

        const decided = page.waitForResponse(
            isPost(`/api/v1/applications/${applicationNo}/decision`),
        );
        await page.getByTestId('approve').click();
        await page.getByTestId('confirm-decision').click();
        const res = await decided;
        assert.equal(res.status(), 200);
        const body = await res.json();
        assert.equal(body.status, 'approved');
        await page.getByTestId('registration-no').waitFor();
        registrationNo = (await page.getByTestId('registration-no').innerText()).trim();
        assert.equal(registrationNo, body.registration_no);
        assert.match(registrationNo, /^1101012026\d{8}$/);
        // The page shows the decision's answer at once and the reloaded application after it
        // (the reload is a read of personal data, audited: a write, slower under load).
        await page.getByTestId('detail-status').filter({ hasText: '已登记' }).waitFor();
        assert.equal((await page.getByTestId('detail-status').innerText()).trim(), '已登记');
        assert.equal(await page.getByTestId('approve').count(), 0);
        await screenshot(page, 'application-approved-1280');
    });

    // 3. The applicant again, a new browser: number and code typed in.
    await withPage(browser, PHONE, [], async (page) => {
        await page.goto(srv.url + '/#/status');
        await page.getByLabel('申请编号').fill(applicationNo);
        await page.getByLabel('查询码').fill(queryCode);
        await page.getByRole('button', { name: '查询' }).click();
        await page.getByTestId('status-result').waitFor();
        assert.equal((await page.getByTestId('app-status').innerText()).trim(), '已登记');
        assert.equal(
            (await page.getByTestId('registration-no').innerText()).trim(),
            registrationNo,
        );
        // My personal data usage: the caseworker's reads, the unmasking with its reason.
        const usage = page.getByTestId('data-usage');
        await usage.getByText('我的个人信息使用记录').waitFor();
        await usage.getByText('审核失业登记申请').waitFor();
        await usage.getByText('查看完整信息', { exact: true }).waitFor();
        assert.ok((await usage.getByText('查看（已遮蔽）', { exact: true }).count()) >= 1);
        await assertFits(page);
        await screenshot(page, 'status-approved-390');
    });
});

test('a rule only the server knows is shown on the field it names', () =>
    withPage(
        browser, PHONE,
        [{ method: 'POST', path: '/api/v1/public/applications', status: 400 }],
        async (page) => {
            await page.goto(srv.url + '/#/apply');
            await heading(page, '在线申请失业登记').waitFor();
            await fillForm(page, idNumber('110101', '1990-05-17', 125));
            // 香港特别行政区 has no counties below it in the region list, so the picker lets it be
            // chosen; registration needs a county-level place, which the server checks.
            await pickRegion(page, 'register_region', ['香港特别行政区']);
            await field(page, 'commitment').locator('.el-checkbox').click();

            const answer = page.waitForResponse(isPost('/api/v1/public/applications'));
            await page.getByTestId('submit-application').click();
            const res = await answer;
            assert.equal(res.status(), 400);
            const { error } = await res.json();
            assert.equal(error.field, 'register_region');

            await fieldError(page, 'register_region').waitFor();
            assert.equal(
                (await fieldError(page, 'register_region').innerText()).trim(),
                error.message,
            );
            await page.getByTestId('form-error').waitFor();
            // Choosing again clears the server's complaint; the form stays as filled.
            await pickRegion(page, 'register_region', ['北京市', '市辖区', '东城区']);
            await fieldError(page, 'register_region').waitFor({ state: 'detached' });
            assert.equal(await page.getByLabel('姓名').inputValue(), '王小明');
        },
    ));

test('a wrong query code finds nothing and says so', async () => {
    const r = await fetch(srv.url + '/api/v1/public/applications', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
            id_type: 'resident_id',
            id_number: idNumber('110101', '1985-11-02', 201),
            name: '李娜',
            phone: '13912345678',
            residence_region: '110101',
            residence_address: '东城区示例路2号',
            register_region: '110101',
            register_basis: 'hukou',
            unemployed_since: '2026-02-01',
            unemployment_reason: '20',
            commitment: true,
        }),
    });
    assert.equal(r.status, 201);
    const { application_no: no } = await r.json();
    const path = `/api/v1/public/applications/${no}`;

    await withPage(browser, PHONE, [{ method: 'GET', path, status: 404 }], async (page) => {
        await page.goto(srv.url + '/#/status');
        await page.getByLabel('申请编号').fill(no);
        await page.getByLabel('查询码').fill('WRONGCODE2');
        const answer = page.waitForResponse((x) => new URL(x.url()).pathname === path);
        await page.getByRole('button', { name: '查询' }).click();
        assert.equal((await answer).status(), 404);
        const alert = page.getByTestId('status-error');
        await alert.waitFor();
        assert.equal((await alert.innerText()).trim(), '未找到该申请，请核对申请编号和查询码');
        assert.equal(await page.getByTestId('status-result').count(), 0);
    });
});

test('a caseworker takes an application at the counter for a Hong Kong permit holder', () =>
    withPage(browser, DESKTOP, [NOT_LOGGED_IN], async (page) => {
        await page.goto(srv.url + '/#/staff/login');
        await page.getByLabel('用户名').fill('caseworker');
        await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS.caseworker.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('menu-intake').click();
        await heading(page, '申请受理').waitFor();
        await page.getByTestId('counter-intake').click();
        await heading(page, '窗口受理').waitFor();

        // The caseworker's own agency and county are filled in.
        await assertValue(
            field(page, 'register_region').locator('input'),
            '北京市 / 市辖区 / 东城区',
        );
        await field(page, 'agency_id').getByText('东城区公共就业服务中心').waitFor();

        await pickOption(page, 'id_type', '港澳居民来往内地通行证');
        await field(page, 'id_number').locator('input').fill('H12345678');
        await page.getByLabel('姓名').fill('陈大文');
        await page.getByLabel('联系电话').fill('+852 91234567');
        await pickRegion(page, 'residence_region', ['北京市', '市辖区', '东城区']);
        await page.getByLabel('常住地详细地址').fill('东城区示例路3号');
        await field(page, 'register_basis').getByText('常住地', { exact: true }).click();
        await typeDate(page, 'unemployed_since', '2026-02-01');
        await pickOption(page, 'unemployment_reason', '从用人单位失业');
        await field(page, 'commitment').locator('.el-checkbox').click();

        // A travel permit carries no birth date: the form asks for it before sending.
        await page.getByTestId('submit-application').click();
        await fieldError(page, 'birth_date').waitFor();
        assert.equal(
            (await fieldError(page, 'birth_date').innerText()).trim(),
            '通行证号码不含出生日期，请填写出生日期',
        );
        await typeDate(page, 'birth_date', '1980-03-04');

        const answer = page.waitForResponse(isPost('/api/v1/applications'));
        await page.getByTestId('submit-application').click();
        assert.equal((await answer).status(), 201);
        const no = (await page.getByTestId('application-no').innerText()).trim();
        await page.getByTestId('query-code').waitFor();
        await page.getByRole('link', { name: '查看申请' }).click();
        await page.getByTestId('detail-no').filter({ hasText: no }).waitFor();
        await page.locator('.detail-table').getByText('窗口受理', { exact: true }).waitFor();
        await page.getByTestId('person-card').getByText('港澳居民来往内地通行证').waitFor();
    }));
