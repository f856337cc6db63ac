// idcheck.js — document numbers and phone numbers checked in the browser while the applicant
// types, so mistakes show at once. It mirrors src/rules/idnum.c (the server stays the authority
// and checks everything again):
//   - resident_id, ssc, hkmotw_residence: the 18-character form of GB 11643-1999 — 17 digits and
//     a check character (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum
//     mod 11 indexes "10X98765432"), a birth date YYYYMMDD that exists, not before 1900 and not
//     after today, sequence odd for men and even for women. Only the province part of the area
//     is checked (numbers keep abolished county codes); residence permits for Hong Kong, Macao
//     and Taiwan residents have the areas 810000, 820000, 830000; a 15-digit number is the
//     retired first generation.
//   - hkmo_permit: H or M, 8 digits, an optional 2-digit renewal count.
//   - tw_permit: 8 digits.
// Every check returns null when the value is good, else the i18n key of the message.

export const MAINLAND_FORM = new Set(['resident_id', 'ssc', 'hkmotw_residence']);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

// The check character of the first 17 digits (a string), or null if they are not 17 digits.
export function checkChar(first17) {
    if (!/^\d{17}$/.test(first17)) return null;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
    return CHECK_CHARS[sum % 11];
}

// Provincial codes of GB/T 2260 that can be the area of a resident identity card number.
function mainlandProvince(p) {
    return (
        (p >= 11 && p <= 15) ||
        (p >= 21 && p <= 23) ||
        (p >= 31 && p <= 37) ||
        (p >= 41 && p <= 46) ||
        (p >= 50 && p <= 54) ||
        (p >= 61 && p <= 65)
    );
}

const hkmotwArea = (s) => /^8[1-3]0000/.test(s);

function pad(n, w) {
    return String(n).padStart(w, '0');
}

// Today as 'YYYY-MM-DD' in the browser's clock.
export function todayIso() {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
}

function realDate(y, m, d) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

// The number as the server stores it: blanks trimmed, letters upper-case.
export function normalise(s) {
    return String(s ?? '')
        .replace(/^[ \t]+|[ \t]+$/g, '')
        .toUpperCase();
}

// Check `value` as a number of document type `type`; `today` is 'YYYY-MM-DD'.
export function checkIdNumber(type, value, today = todayIso()) {
    const s = normalise(value);
    if (!s) return 'id.empty';
    if (!/^[0-9A-Z]+$/.test(s)) return 'id.charset';
    if (type === 'hkmo_permit') {
        if (s[0] !== 'H' && s[0] !== 'M') return 'id.permitPrefix';
        if (!/^.\d*$/.test(s)) return 'id.permitFormat';
        return s.length === 9 || s.length === 11 ? null : 'id.length';
    }
    if (type === 'tw_permit') {
        if (!/^\d+$/.test(s)) return 'id.permitFormat';
        return s.length === 8 ? null : 'id.length';
    }
    if (!MAINLAND_FORM.has(type)) return 'id.type';
    if (!/^\d*[\dX]$/.test(s)) return 'id.charset';
    if (s.length === 15 && /^\d+$/.test(s) && type !== 'hkmotw_residence') return 'id.firstGen';
    if (s.length !== 18) return 'id.length';

    const province = Number(s.slice(0, 2));
    if (type === 'resident_id' && !mainlandProvince(province)) return 'id.area';
    if (type === 'hkmotw_residence' && !hkmotwArea(s)) return 'id.areaHkmotw';
    if (type === 'ssc' && !mainlandProvince(province) && !hkmotwArea(s)) {
        return province >= 81 && province <= 83 ? 'id.areaHkmotw' : 'id.area';
    }

    const y = Number(s.slice(6, 10));
    const m = Number(s.slice(10, 12));
    const d = Number(s.slice(12, 14));
    if (!realDate(y, m, d)) return 'id.birthDate';
    const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
    if (birth < '1900-01-01') return 'id.birthEarly';
    if (birth > today) return 'id.birthFuture';
    if (checkChar(s.slice(0, 17)) !== s[17]) return 'id.checksum';
    return null;
}

// Birth date and sex carried by a valid mainland-form number, else null.
export function derivedFromId(type, value) {
    if (!MAINLAND_FORM.has(type) || checkIdNumber(type, value)) return null;
    const s = normalise(value);
    return {
        birth_date: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
        sex: Number(s[16]) % 2 ? 'M' : 'F',
    };
}

// A phone the applicant can be reached on: a mainland mobile (11 digits starting 13-19), a
// landline with its area code (010-12345678), or an international number for Hong Kong,
// Macao and Taiwan applicants (+852 ...). Spaces and dashes between digits are allowed.
export function checkPhone(value) {
    const s = String(value ?? '').trim();
    if (!s) return 'phone.empty';
    const compact = s.replace(/[\s-]/g, '');
    if (/^1[3-9]\d{9}$/.test(compact)) return null;
    if (/^0\d{9,11}$/.test(compact)) return null;
    if (/^\+\d{7,15}$/.test(compact)) return null;
    return 'phone.format';
}
