// appform.mjs — driving the application form (web/pages/appform.js) in the browser tests:
// its fields by their data-field, the region cascader, selects and dates, and one filled-in
// online form for a person registering in 北京市 东城区. Shared by journey.test.mjs and
// realname.test.mjs.

import assert from 'node:assert/strict';

export const field = (page, prop) => page.locator(`[data-field="${prop}"]`);

// Choose a region in the cascader of form field `prop`, one level name after another.
export async function pickRegion(page, prop, names) {
    await field(page, prop).locator('.el-cascader').click();
    for (const name of names) {
        await page.locator('.el-cascader-node:visible', { hasText: name }).first().click();
    }
    await page.locator('.el-cascader__dropdown').first().waitFor({ state: 'hidden' });
}

export async function pickOption(page, prop, name) {
    await field(page, prop).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
}

export async function typeDate(page, prop, value) {
    const input = field(page, prop).locator('input');
    await input.fill(value);
    await input.press('Enter');
    await page.keyboard.press('Escape');
}

// Fill every required field (and a few optional ones) of the online form for a person born
// 1990-05-17 registering in 北京市 东城区; the promise is left for the caller.
export async function fillForm(page, idNo) {
    await field(page, 'id_number').locator('input').fill(idNo);
    await page.getByLabel('姓名').fill('王小明');
    await page.getByLabel('联系电话').fill('13812345678');
    // The number carries birth date and sex: they fill themselves in.
    await assertValue(field(page, 'birth_date').locator('input'), '1990-05-17');
    assert.ok(await field(page, 'sex').getByRole('radio', { name: '男' }).isChecked());
    await pickOption(page, 'education', '大学本科教育');

    await pickRegion(page, 'residence_region', ['北京市', '市辖区', '东城区']);
    await page.getByLabel('常住地详细地址').fill('东华门街道示例胡同1号');

    await pickRegion(page, 'register_region', ['北京市', '市辖区', '东城区']);
    await field(page, 'register_basis').getByText('常住地', { exact: true }).click();
    await typeDate(page, 'unemployed_since', '2026-01-15');
    await pickOption(page, 'unemployment_reason', '从用人单位失业');
    await page.getByLabel('原工作单位').fill('北京示例商贸有限公司');

    await page.getByLabel('意向工种（岗位）').fill('仓库管理员');
    await field(page, 'training_intent').click();
}

export async function assertValue(locator, expected) {
    for (let i = 0; i < 50; i++) {
        if ((await locator.inputValue()) === expected) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await locator.inputValue(), expected);
}

