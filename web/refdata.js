// refdata.js — the reference data the forms and pages show: code tables
// (GET /api/v1/codes/{table}) and administrative divisions (GET /api/v1/regions?parent=CODE).
//
// Both are fetched once per page load and kept: code tables are a few dozen rows, a region's
// children at most a few hundred. Lookups are reactive, so a label rendered before its table
// arrives fills in when it does. A failed fetch is forgotten, so the next use tries again.
//
// Region codes: province XX0000, city XXXX00, county XXXXXX, street 9 digits (data/regions.csv).
// A code's path from the province down is found from its prefixes, checked against the real
// tree (a county's parent can be a placeholder city such as 429000 省直辖县级行政区划).

import { reactive } from 'vue';
import { get } from './api.js';
import { lang } from './i18n.js';

const codeTables = reactive({}); // table → [{code, name_zh, name_en}]
const codeLoads = new Map();

// Load a code table (once); resolves to its items.
export function loadCodes(table) {
    if (!codeLoads.has(table)) {
        const p = get(`/api/v1/codes/${encodeURIComponent(table)}`).then(
            (data) => (codeTables[table] = data?.items ?? []),
            (e) => {
                codeLoads.delete(table);
                throw e;
            },
        );
        codeLoads.set(table, p);
    }
    return codeLoads.get(table);
}

// The items of a loaded table ([] until it is loaded; call loadCodes first).
export function codes(table) {
    return codeTables[table] ?? [];
}

export function codeLabel(item) {
    return (lang.value === 'en' ? item.name_en : item.name_zh) || item.name_zh || item.code;
}

// The name of `code` in `table` in the current language; the code itself while the table
// loads or when the code is not in it. Starts the load if needed.
export function codeName(table, code) {
    if (code === undefined || code === null || code === '') return '';
    if (!codeTables[table]) loadCodes(table).catch(() => {});
    const item = codes(table).find((c) => c.code === String(code));
    return item ? codeLabel(item) : String(code);
}

// --- regions ----------------------------------------------------------------------------------

const ROOT = '';
const regionChildren = reactive({}); // parent code ('' for the provinces) → [{code,name,level}]
const regionLoads = new Map();

export function loadRegions(parent = ROOT) {
    if (!regionLoads.has(parent)) {
        const path = parent
            ? `/api/v1/regions?parent=${encodeURIComponent(parent)}`
            : '/api/v1/regions';
        const p = get(path).then(
            (data) => (regionChildren[parent] = data?.items ?? []),
            (e) => {
                regionLoads.delete(parent);
                throw e;
            },
        );
        regionLoads.set(parent, p);
    }
    return regionLoads.get(parent);
}

// The ancestors a code may have, from the province down, ending with the code itself.
function candidates(code) {
    const c = String(code);
    const all = [c.slice(0, 2) + '0000', c.slice(0, 4) + '00', c.slice(0, 6), c];
    return [...new Set(all.filter((a) => a.length <= c.length))];
}

// Resolves to the path of `code` from its province, [{code, name, level}, ...], or null when
// the code is not in the tree.
export async function regionPath(code) {
    if (!/^\d{6}(\d{3})?$/.test(String(code ?? ''))) return null;
    const path = [];
    let parent = ROOT;
    for (const c of candidates(code)) {
        const items = await loadRegions(parent);
        const item = items.find((i) => i.code === c);
        if (!item) {
            // A prefix that is no real level (e.g. no city between province and county).
            if (c !== String(code)) continue;
            return null;
        }
        path.push(item);
        parent = item.code;
    }
    return path.length && path[path.length - 1].code === String(code) ? path : null;
}

// Placeholder levels that add nothing to a name: 北京市 市辖区 东城区 reads 北京市 东城区.
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const regionNames = reactive({}); // code → full name, once known

// The full name of a region code ("北京市 东城区"); the code itself until it is known or when it
// is not a region. Starts the lookup if needed.
export function regionName(code) {
    if (!code) return '';
    const c = String(code);
    if (!(c in regionNames)) {
        regionNames[c] = c;
        regionPath(c)
            .then((p) => {
                if (p) {
                    regionNames[c] = p
                        .filter((r, i) => i === p.length - 1 || !PLACEHOLDERS.has(r.name))
                        .map((r) => r.name)
                        .join(' ');
                }
            })
            .catch(() => delete regionNames[c]);
    }
    return regionNames[c];
}
