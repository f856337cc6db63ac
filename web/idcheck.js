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

// A phone the applicant can be reached on (mirrors intake_check_phone in src/rules/intake.c):
// a mainland mobile, 1[3-9] and 9 more digits, optionally after +86; a mainland fixed line,
// area code (010 and 02X have 3 digits, the others 4) then 7 or 8 digits, optionally
// separated by '-'; +852 / +853 and 8 digits (Hong Kong, Macao) or +886 and 8-9 digits
// (Taiwan), the first digit 2-9. One space or '-' may follow a country code.
export function checkPhone(value) {
    const s = String(value ?? '').trim();
    if (!s) return 'phone.empty';
    const mobile = (x) => /^1[3-9]\d{9}$/.test(x);
    const fixed = (x) => /^(0[12]\d|0[3-9]\d{2})-?[1-9]\d{6,7}$/.test(x) && !/^01[1-9]/.test(x);
    const cc = (x, n) => x.slice(n).replace(/^[ -]/, '');
    let ok;
    if (s.startsWith('+86')) ok = mobile(cc(s, 3));
    else if (s.startsWith('+852') || s.startsWith('+853')) ok = /^[2-9]\d{7}$/.test(cc(s, 4));
    else if (s.startsWith('+886')) ok = /^[2-9]\d{7,8}$/.test(cc(s, 4));
    else if (s[0] === '1') ok = mobile(s);
    else if (s[0] === '0') ok = fixed(s);
    else ok = false;
    return ok ? null : 'phone.format';
}

// A name (mirrors intake_check_name): at most 50 characters, letters — Chinese characters
// (CJK unified ideographs and their extensions, 〇) and Latin letters — with single separators
// (space, the middle dots · ‧ ・, hyphen, apostrophe, full stop) between them; ". " is allowed
// ("J. Smith") and a name may end with a full stop but not start with any separator.
const NAME_SEP = new Set([0x20, 0xb7, 0x2027, 0x30fb, 0x2d, 0x27, 0x2e]);

function nameLetter(cp) {
    if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return true;
    if (cp >= 0xc0 && cp <= 0x24f) return cp !== 0xd7 && cp !== 0xf7;
    return (
        cp === 0x3007 ||
        (cp >= 0x3400 && cp <= 0x4dbf) ||
        (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0x20000 && cp <= 0x2fa1f) ||
        (cp >= 0x30000 && cp <= 0x323af)
    );
}

export function checkName(value) {
    const cps = [...String(value ?? '').trim()].map((c) => c.codePointAt(0));
    if (!cps.length) return 'name.empty';
    if (cps.length > 50) return 'name.long';
    let prev = 0;
    for (let i = 0; i < cps.length; i++) {
        const cp = cps[i];
        if (NAME_SEP.has(cp)) {
            if (i === 0) return 'name.format';
            if (NAME_SEP.has(prev) && !(prev === 0x2e && cp === 0x20)) return 'name.format';
        } else if (!nameLetter(cp)) {
            return 'name.format';
        }
        prev = cp;
    }
    if (NAME_SEP.has(prev) && prev !== 0x2e) return 'name.format';
    return null;
}
