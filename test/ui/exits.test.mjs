// exits.test.mjs — exits (注销, 人社厅发〔2020〕3号 §5 ¶2) in the browser (issue 9): three people
// registered on 2026-03-02; 11 set to propose (`ureg policy exit 11 propose`); on 2026-04-20 (the
// development clock) `ureg compare --file insurance=...` finds contributions from 2026-04 for two
// of them and proposes exit 11 for each. The caseworker works the due list (the overdue first
// contact opens the case, whose exit panel shows the proposal and its evidence), confirms one
// proposal on 注销建议 (#/staff/exits, reached from 跟踪回访) and sees the exit on the case page
// (reason, source, evidence, 待告知); dismisses the other on its case page (the note the server
// requires shown on its field first); records an exit 24 emigration on the third (the server's
// field errors on 具体情形 and on the evidence, then 无需告知). The supervisor reverts the
// confirmed exit (the required reason on its field first) and sees the registration active
// again. Fails on any console error or unexpected HTTP error (browser.mjs). Runs on SQLite and,
// under UREG_TEST_PG, on PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, DEMO_USERS } from '../api/helpers.mjs';
import { idNumber, formFor } from '../api/idgen.mjs';
import { launch, screenshot, withPage } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NOT_LOGGED_IN = { method: 'GET', path: '/api/v1/session', status: 401 };

let srv, browser;
const people = {}; // hired, second, emigrant → {id, no}
const proposals = {}; // hired, second → proposal id

async function login(user) {
    const c = api(srv.url);
    assert.equal((await c.login(user, DEMO_USERS[user].password)).status, 200);
    return c;
}

async function staffLogin(page, user) {
    await page.goto(`${srv.url}/#/staff/login`);
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_USERS[user].password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('user-name').waitFor();
}

async function fillDate(scope, field, day) {
    const input = scope.locator(`[data-field="${field}"] input`);
    await input.fill(day);
    await input.press('Enter');
}

const fieldError = (scope, field) => scope.locator(`[data-field="${field}"] .el-form-item__error`);

before(async () => {
    srv = await startServer({ now: '2026-03-02T09:30:00' });
    const cw = await login('caseworker');
    let seq = 931;
    for (const k of ['hired', 'second', 'emigrant']) {
        const id = idNumber('110101', '1984-10-12', (seq += 2));
        const a = await api(srv.url).post('/api/v1/public/applications', formFor(id));
        assert.equal(a.status, 201, JSON.stringify(a.body));
        const d = await cw.post(`/api/v1/applications/${a.body.application_no}/decision`,
            { decision: 'approve' });
        assert.equal(d.status, 200, JSON.stringify(d.body));
        people[k] = { id, no: d.body.registration_no };
    }
    const pol = await srv.run(['policy', 'exit', '11', 'propose']);
    assert.equal(pol.code, 0, pol.stderr);
    // Seven weeks later: contributions from April for two of the three.
    await srv.stopKeep();
    srv = await startServer({ now: '2026-04-20T09:30:00', reuse: srv });
    const file = join(srv.dir, 'ins.csv');
    writeFileSync(file, ['id_number,event_date,detail', `${people.hired.id},2026-03,acme`,
        `${people.hired.id},2026-04,acme`, `${people.second.id},2026-04,acme`].join('\n') + '\n');
    const run = await srv.run(['compare', '--file', `insurance=${file}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /exits applied 0, proposed 2,/);
    const open = (await (await login('caseworker')).get('/api/v1/exit-proposals?status=open')).body.items;
    for (const k of ['hired', 'second']) {
        const p = open.find((x) => x.registration_no === people[k].no);
        assert.ok(p, k);
        proposals[k] = p.id;
    }
    browser = await launch();
});

after(async () => {
    await browser?.close();
    await srv?.stop();
});

test('months pass: the caseworker works the due list and confirms, dismisses and records exits', () =>
    withPage(browser, DESKTOP, [
        NOT_LOGGED_IN,
        { method: 'POST', path: `/api/v1/exit-proposals/${proposals.second}/dismiss`, status: 400 },
        { method: 'POST', path: `/api/v1/registrations/${people.emigrant.no}/exit`, status: 400 },
    ], async (page) => {
        await staffLogin(page, 'caseworker');
        // The due list: the first contact (5 working days after 03-02) is overdue.
        const due = page.getByTestId('due-item').filter({ hasText: people.hired.no })
            .filter({ hasText: '首次主动联系' });
        await due.waitFor();
        assert.match(await due.innerText(), /已逾期/);
        await due.getByTestId('due-link').click();
        const panel = page.getByTestId('exit-panel');
        const row = panel.locator('.el-table__row');
        await row.waitFor();
        const text = await row.innerText();
        assert.match(text, /被用人单位录用或招聘/);
        assert.match(text, /信息比对/);
        assert.match(text, /2026-04-01/);
        assert.match(await row.getByTestId('proposal-evidence').innerText(),
            /社会保险缴费记录 2026-04-01；文件 ins\.csv 第 3 行/);

        // 跟踪回访 → 注销建议: both open proposals; confirm the first with a note.
        await page.getByTestId('menu-followup').click();
        await page.getByTestId('fu-exits').click();
        await page.waitForURL(/#\/staff\/exits/);
        const list = page.getByTestId('exit-proposals');
        const hiredRow = list.locator('.el-table__row', { hasText: people.hired.no });
        await hiredRow.waitFor();
        await list.locator('.el-table__row', { hasText: people.second.no }).waitFor();
        await screenshot(page, 'exits-page-1280');
        await hiredRow.getByTestId('proposal-confirm').click();
        await page.getByTestId('proposal-note').fill('电话核实已入职');
        await page.getByTestId('proposal-send').click();
        await hiredRow.waitFor({ state: 'detached' });
        await page.getByTestId('exits-confirmed').click();
        await page.waitForURL(/status=confirmed/);
        const done = list.locator('.el-table__row', { hasText: people.hired.no });
        await done.waitFor();
        assert.match(await done.innerText(), /已确认注销/);

        // The case page: the exit in force.
        await done.getByTestId('proposal-case').click();
        await page.getByTestId('exit-current').waitFor();
        assert.equal(await page.getByTestId('exit-reason').innerText(), '被用人单位录用或招聘');
        assert.equal(await page.getByTestId('exit-date').innerText(), '2026-04-01');
        assert.equal(await page.getByTestId('exit-source').innerText(), '确认注销建议');
        assert.match(await page.getByTestId('exit-evidence').innerText(), /社会保险缴费记录 2026-04-01/);
        assert.equal(await page.getByTestId('exit-notified').innerText(), '待告知');
        assert.equal(await page.getByTestId('exit-note').innerText(), '电话核实已入职');
        await page.getByText('已注销', { exact: true }).waitFor();
        assert.equal(await page.getByTestId('exit-revert').count(), 0); // a supervisor's
        assert.equal(await page.getByTestId('new-contact').count(), 0);
        await screenshot(page, 'exit-case-1280');

        // The second proposal, dismissed on its case page: the note is required.
        await page.goto(`${srv.url}/#/staff/registrations/${people.second.no}`);
        const second = page.getByTestId('exit-panel').locator('.el-table__row');
        await second.getByTestId('proposal-dismiss').click();
        await page.getByTestId('proposal-send').click();
        const dialog = page.locator('.el-dialog');
        await fieldError(dialog, 'note').waitFor();
        await page.getByTestId('proposal-note').fill('缴费为补缴，本人仍未就业');
        await page.getByTestId('proposal-send').click();
        await second.waitFor({ state: 'detached' });
        await page.getByText('登记有效', { exact: true }).waitFor();

        // The third: exit 24 emigration recorded by the caseworker.
        await page.goto(`${srv.url}/#/staff/registrations/${people.emigrant.no}`);
        await page.getByTestId('exit-new').click();
        const form = page.getByTestId('exit-form');
        await form.locator('[data-field="reason_code"] .el-select').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '移居境外' }).click();
        await fillDate(form, 'date', '2026-04-15');
        await form.getByTestId('exit-submit').click();
        await fieldError(form, 'subkind').waitFor();
        await form.locator('[data-field="subkind"]').getByText('移居境外', { exact: true }).click();
        await form.getByTestId('exit-submit').click();
        await fieldError(form, 'evidence').waitFor();
        await fieldError(form, 'subkind').waitFor({ state: 'detached' });
        await form.locator('[data-field="evidence"] input').fill('出境定居证明 2026-0415');
        await form.getByTestId('exit-submit').click();
        await page.getByTestId('exit-current').waitFor();
        assert.equal(await page.getByTestId('exit-reason').innerText(), '入学、应征服兵役或移居境外（移居境外）');
        assert.equal(await page.getByTestId('exit-source').innerText(), '经办人员录入');
        assert.equal(await page.getByTestId('exit-evidence').innerText(), '证明材料：出境定居证明 2026-0415');
        assert.equal(await page.getByTestId('exit-notified').innerText(), '无需告知');
    }));

test('the supervisor reverts the confirmed exit with a reason; the registration is active again', () =>
    withPage(browser, DESKTOP, [
        NOT_LOGGED_IN,
        { method: 'POST', path: `/api/v1/registrations/${people.hired.no}/exit/revert`, status: 400 },
    ], async (page) => {
        await staffLogin(page, 'supervisor');
        await page.goto(`${srv.url}/#/staff/registrations/${people.hired.no}`);
        await page.getByTestId('exit-revert').click();
        const form = page.getByTestId('revert-form');
        await form.getByTestId('revert-submit').click();
        await fieldError(form, 'reason').waitFor();
        await form.locator('[data-field="reason"] textarea').fill('缴费单位为劳务派遣补录，核实未就业');
        await form.getByTestId('revert-submit').click();
        await page.getByText('登记有效', { exact: true }).waitFor();
        assert.equal(await page.getByTestId('exit-panel').count(), 0);
        const v = await (await login('supervisor')).get(`/api/v1/registrations/${people.hired.no}`);
        assert.equal(v.body.status, 'active');
        assert.equal(v.body.exit, null);
        await screenshot(page, 'exit-reverted-1280');
    }));
