// idcheck.test.mjs — web/idcheck.js (the browser's check while the applicant types) agrees with
// src/rules/idnum.c (the server's rule, through `ureg id check`) on every vector of
// test/vectors/idnum.tsv: both give the expected answer, the same error, and for a valid
// mainland-form number the same birth date and sex. Every document type is covered, with both
// sides of each rule.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../api/helpers.mjs';
import { checkIdNumber, derivedFromId, MAINLAND_FORM } from '../../web/idcheck.js';

const TODAY = '2026-03-02';
const TYPES = ['resident_id', 'ssc', 'hkmotw_residence', 'hkmo_permit', 'tw_permit'];

// The i18n key idcheck.js returns for each error code of src/base/errors.def.
const KEY_OF_CODE = {
    id_empty: 'id.empty',
    id_type_unknown: 'id.type',
    id_length: 'id.length',
    id_first_generation: 'id.firstGen',
    id_charset: 'id.charset',
    id_area: 'id.area',
    id_area_hkmotw: 'id.areaHkmotw',
    id_birth_date: 'id.birthDate',
    id_birth_future: 'id.birthFuture',
    id_birth_too_early: 'id.birthEarly',
    id_checksum: 'id.checksum',
    id_permit_prefix: 'id.permitPrefix',
    id_permit_format: 'id.permitFormat',
};

const vectors = readFileSync(new URL('../vectors/idnum.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
        const [type, number, want, why] = l.split('\t');
        return { type, number, want, why };
    });

// The server's answers for one type's numbers, in order.
async function serverCheck(type, numbers) {
    const r = await runCli(['id', 'check', '--type', type], {
        dev: true,
        env: { UREG_NOW: TODAY },
        input: numbers.map((n) => `${n}\n`).join(''),
    });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(out.length, numbers.length);
    return out;
}

test('the vectors cover every document type, valid and invalid', () => {
    for (const t of TYPES) {
        const mine = vectors.filter((v) => v.type === t);
        assert.ok(mine.some((v) => v.want === 'ok'), `${t}: a valid number`);
        assert.ok(mine.filter((v) => v.want !== 'ok').length >= 3, `${t}: invalid numbers`);
    }
    for (const v of vectors) {
        assert.ok(TYPES.includes(v.type), v.type);
        assert.ok(v.want === 'ok' || v.want in KEY_OF_CODE, v.want);
    }
    for (const code of Object.keys(KEY_OF_CODE).filter((c) => c !== 'id_type_unknown')) {
        assert.ok(vectors.some((v) => v.want === code), `a vector for ${code}`);
    }
});

test('server and browser give the expected answer for every vector', async () => {
    const wrong = [];
    for (const t of TYPES) {
        const mine = vectors.filter((v) => v.type === t);
        const server = await serverCheck(t, mine.map((v) => v.number));
        mine.forEach((v, i) => {
            const s = server[i];
            const sAnswer = s.valid ? 'ok' : s.error;
            const js = checkIdNumber(t, v.number, TODAY);
            const jsAnswer = js === null ? 'ok' : js;
            const label = `${t} ${JSON.stringify(v.number)} (${v.why})`;
            if (sAnswer !== v.want) wrong.push(`server ${label}: ${sAnswer}, want ${v.want}`);
            const wantKey = v.want === 'ok' ? 'ok' : KEY_OF_CODE[v.want];
            if (jsAnswer !== wantKey) wrong.push(`idcheck.js ${label}: ${jsAnswer}, want ${wantKey}`);
            if (s.valid && MAINLAND_FORM.has(t)) {
                const d = derivedFromId(t, v.number);
                if (!d || d.birth_date !== s.birth_date || d.sex !== s.sex) {
                    wrong.push(`birth/sex ${label}: js ${JSON.stringify(d)}, server ` +
                        `${s.birth_date} ${s.sex}`);
                }
            }
        });
    }
    assert.deepEqual(wrong, []);
});

test('an unknown document type is refused by both', async () => {
    assert.equal(checkIdNumber('passport', 'E12345678', TODAY), 'id.type');
    const r = await runCli(['id', 'check', '--type', 'passport'], { input: 'E12345678\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /id_type_unknown/);
});
