#!/usr/bin/env node
// gen_holidays.mjs — write data/holidays.csv (holidays and make-up working days) to stdout.
//
//   node tools/gen_holidays.mjs [FROM TO] > data/holidays.csv      (default 2020 2026)
//
// Source: the npm package chinese-days (MIT, https://github.com/vsme/chinese-days), file
// dist/chinese-days.json, whose keys are
//   holidays : date -> "English,中文,n"  days off, including the weekend days inside a span
//   workdays : date -> "English,中文,n"  make-up working days (调休上班), tagged with their festival
//   inLieuDays: weekdays turned into rest days by a swap — a subset of holidays, not needed here.
// The package transcribes the State Council General Office notices (国务院办公厅关于20XX年部分
// 节假日安排的通知); the notices are authoritative and are named in the CSV header below. Every
// year 2020–2026 was checked by hand against its notice, and test/unit/test_workday.c carries an
// independent table typed from the notices.
//
// What this script adds to the package's data:
// - official festival names (清明节, 端午节, 中秋节 rather than the package's short forms);
// - one name for a combined span (国庆节、中秋节): the package names each day after one festival,
//   so a run of consecutive holiday days carrying two festivals gets the combined name, and so do
//   the make-up days of either festival in that year. 2020 needs an explicit entry (COMBINED):
//   Mid-Autumn fell on Oct 1 and the package tags the whole span National Day, while the notice
//   (国办发明电〔2019〕16号, item 六) reads "国庆节、中秋节：10月1日至8日放假调休".
// A year with no rows in the package is an error: a year is "known" to ureg exactly when the file
// has at least one row dated in it, so an empty year must not be written silently.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'chinese-days');

// Package zh name -> [official zh, en].
const NAMES = {
  元旦: ['元旦', "New Year's Day"],
  春节: ['春节', 'Spring Festival'],
  清明: ['清明节', 'Qingming Festival'],
  劳动节: ['劳动节', 'Labour Day'],
  端午: ['端午节', 'Dragon Boat Festival'],
  中秋: ['中秋节', 'Mid-Autumn Festival'],
  国庆节: ['国庆节', 'National Day'],
};

// Spans the notice names as two festivals but the package tags as one (see above).
const COMBINED = [{ year: 2020, festivals: ['国庆节', '中秋'] }]; // package names

// The notices behind each year, for the CSV header.
const NOTICES = {
  2020: '国办发明电〔2019〕16号 (2019-11-21); Spring Festival extended to Feb 2 (so the Feb 1 make-up day lapsed) by 国办发明电〔2020〕1号 (2020-01-27)',
  2021: '国办发明电〔2020〕27号 (2020-11-25)',
  2022: '国办发明电〔2021〕11号 (2021-10-25)',
  2023: '国办发明电〔2022〕16号 (2022-12-08); its 元旦 span starts 2022-12-31',
  2024: '国办发明电〔2023〕7号 (2023-10-25)',
  2025: '国办发明电〔2024〕12号 (2024-11-12)',
  2026: 'notice of 2025-11-04 (gov.cn/zhengce/zhengceku/202511/content_7047091.htm)',
};

function usage(msg) {
  process.stderr.write(`gen_holidays: ${msg}\nusage: node tools/gen_holidays.mjs [FROM TO]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 0 && args.length !== 2) usage('give both FROM and TO, or neither');
const from = args.length ? Number(args[0]) : 2020;
const to = args.length ? Number(args[1]) : 2026;
if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 9999 || from > to)
  usage('FROM and TO are years, FROM <= TO');

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const data = JSON.parse(readFileSync(join(pkgDir, 'dist', 'chinese-days.json'), 'utf8'));

const yearOf = (d) => Number(d.slice(0, 4));
const inRange = (d) => yearOf(d) >= from && yearOf(d) <= to;
const dayNo = (d) => Date.parse(d + 'T00:00:00Z') / 86400000;

function festival(value, date) {
  const zh = value.split(',')[1];
  if (!NAMES[zh]) throw new Error(`${date}: unknown festival name "${value}"`);
  return zh;
}

// rows: {date, kind, fest}
const rows = [];
for (const [kind, key] of [['holiday', 'holidays'], ['workday', 'workdays']])
  for (const [date, value] of Object.entries(data[key]))
    if (inRange(date)) rows.push({ date, kind, fest: festival(value, date) });
rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

for (let y = from; y <= to; y++)
  if (!rows.some((r) => yearOf(r.date) === y))
    usage(`chinese-days ${pkg.version} has no schedule for ${y}`);

// Combined spans: per year, the set of festivals sharing one run of consecutive holiday days.
const combined = new Map(); // `${year}:${fest}` -> [festivals in date order]
const holidays = rows.filter((r) => r.kind === 'holiday');
for (let i = 0; i < holidays.length; ) {
  let j = i + 1;
  while (j < holidays.length && dayNo(holidays[j].date) === dayNo(holidays[j - 1].date) + 1) j++;
  const fests = [...new Set(holidays.slice(i, j).map((r) => r.fest))];
  if (fests.length > 1)
    for (const f of fests) combined.set(`${yearOf(holidays[i].date)}:${f}`, fests);
  i = j;
}
for (const c of COMBINED) for (const f of c.festivals) combined.set(`${c.year}:${f}`, c.festivals);

function names(r) {
  const fests = combined.get(`${yearOf(r.date)}:${r.fest}`) || [r.fest];
  return [
    fests.map((f) => NAMES[f][0]).join('、'),
    fests.map((f) => NAMES[f][1]).join(' and '),
  ];
}

const out = [];
out.push('# Public holidays and make-up working days (调休上班) of mainland China, one row per day.');
out.push(`# Years ${from}-${to}. A year is known to ureg when this file has at least one row dated in it`);
out.push('# (every year has holidays); past the known years deadlines are counted by weekends alone.');
out.push('# kind: holiday = day off (weekend days inside a holiday span are listed too);');
out.push('#       workday = a Saturday or Sunday declared a working day.');
out.push('# Source: 国务院办公厅关于<year>年部分节假日安排的通知:');
for (let y = from; y <= to; y++) if (NOTICES[y]) out.push(`#   ${y}: ${NOTICES[y]}`);
out.push(`# Transcribed by npm chinese-days ${pkg.version} (MIT); generated by tools/gen_holidays.mjs.`);
out.push('date,kind,name_zh,name_en');
for (const r of rows) {
  const [zh, en] = names(r);
  out.push(`${r.date},${r.kind},${zh},${en}`);
}
process.stdout.write(out.join('\n') + '\n');
