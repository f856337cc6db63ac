// xlsx.mjs — read back the cells of an XLSX file in tests, with node's zlib alone: the ZIP
// central directory gives each part, xl/sharedStrings.xml the texts, xl/worksheets/sheet1.xml
// the cells. Enough for the workbooks ureg writes (libxlsxwriter: deflated or stored parts,
// shared strings, numbers); not a general reader.
//
//   const book = readXlsx(buffer);
//   book.cell('A1')      // '公共就业服务机构清单'
//   book.rows            // [['公共就业服务机构清单'], ['序号', ...], [1, '北京市 东城区', ...]]
//   book.merges          // ['A1:G1']

import { inflateRawSync } from 'node:zlib';

// The parts of a ZIP archive: name → Buffer (inflated).
export function unzip(buf) {
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
        if (buf.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error('not a ZIP file: no end of central directory');
    const count = buf.readUInt16LE(eocd + 10);
    let p = buf.readUInt32LE(eocd + 16);
    const parts = new Map();
    for (let n = 0; n < count; n++) {
        if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
        const method = buf.readUInt16LE(p + 10);
        const size = buf.readUInt32LE(p + 20);
        const nameLen = buf.readUInt16LE(p + 28);
        const extraLen = buf.readUInt16LE(p + 30);
        const commentLen = buf.readUInt16LE(p + 32);
        const local = buf.readUInt32LE(p + 42);
        const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
        const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(data, data + size);
        parts.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
        p += 46 + nameLen + extraLen + commentLen;
    }
    return parts;
}

const unescape = (s) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
        .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

// Column letters → 0-based index ('A' → 0, 'AA' → 26).
function colIndex(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
}

export function readXlsx(buf) {
    const parts = unzip(buf);
    const ss = parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
    const strings = [...ss.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
    const sheet = parts.get('xl/worksheets/sheet1.xml')?.toString('utf8');
    if (!sheet) throw new Error('no xl/worksheets/sheet1.xml');
    const cells = new Map();
    const rows = [];
    for (const m of sheet.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const [, col, row, attrs, inner = ''] = m;
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        const type = /t="(\w+)"/.exec(attrs)?.[1];
        let value = null;
        if (type === 's') value = strings[Number(v)];
        else if (type === 'inlineStr') value = unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(inner)?.[1] ?? '');
        else if (type === 'str') value = unescape(v ?? '');
        else if (v !== undefined) value = Number(v);
        cells.set(col + row, value);
        const r = Number(row) - 1;
        rows[r] ??= [];
        rows[r][colIndex(col)] = value;
    }
    const merges = [...sheet.matchAll(/<mergeCell ref="([A-Z0-9:]+)"\/>/g)].map((m) => m[1]);
    return { cell: (ref) => cells.get(ref), rows, merges, parts };
}
