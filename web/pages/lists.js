// lists.js — the public lists of 人社厅发〔2020〕3号 §4(二) and 附件4, #/lists: the policy list
// (GET /api/v1/public/policies), the service list (/public/services) and the public employment
// service agency list (/public/agencies), read without logging in. One tab per list; the region
// filter ("this region and below", any level from the province down) and the search text live
// in the route's query (?tab=policy|service|agency&region=CODE&q=TEXT), so a link or a reload
// shows the same. The agency list downloads as XLSX or CSV in the 附件4 layout. Phone first:
// one card per entry. Also the field labels the staff's list pages share (LIST_FIELDS).

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElCard, ElEmpty, ElInput, ElTabPane, ElTabs, ElTag } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { route, replace } from '../router.js';
import { RegionPicker } from '../fields.js';
import { regionPath } from '../refdata.js';
import { PublicLayout } from './layout.js';
import { LIST_KINDS } from '../vocab.js';

// The fields of each list in the API's names, as the server's app/lists.c table has them.
export const LIST_FIELDS = {
    policy: ['name', 'target', 'content', 'conditions', 'accepting_agency'],
    service: ['item', 'target', 'content'],
    agency: ['name', 'address', 'phone', 'items', 'hours'],
};
// The public route of each list.
export const PUBLIC_PATH = {
    policy: '/api/v1/public/policies',
    service: '/api/v1/public/services',
    agency: '/api/v1/public/agencies',
};

export const fieldLabel = (kind, f) => t(`lists.${kind}.${f}`);

// The title of an entry: its name, or a service's item.
export const entryTitle = (kind, e) => (kind === 'service' ? e.item : e.name);

function query(state, extra = {}) {
    const qs = new URLSearchParams();
    if (state.region) qs.set('region', state.region);
    if (state.q) qs.set('q', state.q);
    for (const [k, v] of Object.entries(extra)) qs.set(k, v);
    const s = qs.toString();
    return s ? `?${s}` : '';
}

// One field of an entry as a row of the card.
function fieldRow(kind, f, e) {
    let value = e[f];
    if (f === 'items') {
        value = h('span', { class: 'list-tags' }, (e.items ?? []).map((i) =>
            h(ElTag, { size: 'small', disableTransitions: true }, () => i)));
    } else if (f === 'phone') {
        value = h('a', { href: `tel:${String(e.phone).replace(/[^0-9+]/g, '')}` }, e.phone);
    }
    if (f === 'name' || f === 'item' || value === '' || value == null) return null;
    return [h('dt', fieldLabel(kind, f)), h('dd', { 'data-field': f }, value)];
}

function entryCard(kind, e) {
    return h(ElCard, { class: 'list-entry', shadow: 'never', 'data-testid': 'list-entry' }, {
        header: () => [
            h('h3', { class: 'list-entry-title' }, entryTitle(kind, e)),
            h('span', { class: 'list-entry-region' }, e.region_name || e.region),
        ],
        default: () => [
            h('dl', { class: 'list-fields' }, LIST_FIELDS[kind].flatMap((f) => fieldRow(kind, f, e) ?? [])),
            h('p', { class: 'list-since' }, t('lists.since', { date: e.valid_from })),
        ],
    });
}

export const ListsPage = {
    name: 'ListsPage',
    setup() {
        const q0 = route.query;
        const state = reactive({
            tab: LIST_KINDS.includes(q0.tab) ? q0.tab : 'policy',
            region: /^\d{6}$/.test(q0.region ?? '') ? q0.region : '',
            regionPath: [],
            q: q0.q ?? '',
            typed: q0.q ?? '',
            items: null,
            error: '',
            busy: false,
        });
        let seq = 0;

        async function load() {
            const mine = ++seq;
            state.busy = true;
            state.error = '';
            try {
                const data = await get(PUBLIC_PATH[state.tab] + query(state));
                if (mine === seq) state.items = data?.items ?? [];
            } catch (e) {
                if (mine === seq) {
                    state.items = [];
                    state.error = e.message;
                }
            } finally {
                if (mine === seq) state.busy = false;
            }
        }

        function sync() {
            replace('/lists', { tab: state.tab, region: state.region, q: state.q });
        }

        if (state.region) {
            regionPath(state.region).then((p) => {
                if (p) state.regionPath = p.map((r) => r.code);
            });
        }
        watch(() => [state.tab, state.region, state.q], () => {
            sync();
            load();
        });
        load();

        function search() {
            state.q = state.typed.trim();
        }

        function filters() {
            return h('div', { class: 'list-filters' }, [
                h('div', { class: 'list-region', 'data-testid': 'list-region' }, h(RegionPicker, {
                    modelValue: state.regionPath,
                    anyLevel: true,
                    radioChooses: true,
                    placeholder: t('lists.regionAll'),
                    'onUpdate:modelValue': (p) => {
                        state.regionPath = p ?? [];
                        state.region = p?.length ? p[p.length - 1] : '';
                    },
                })),
                h('div', { class: 'list-search', 'data-testid': 'list-search' }, h(ElInput, {
                    modelValue: state.typed,
                    'onUpdate:modelValue': (v) => (state.typed = v),
                    placeholder: t('lists.search'),
                    clearable: true,
                    onKeyup: (ev) => ev.key === 'Enter' && search(),
                    onClear: () => {
                        state.typed = '';
                        search();
                    },
                })),
                h(ElButton, { type: 'primary', onClick: search, 'data-testid': 'list-search-go' },
                    () => t('lists.searchBtn')),
            ]);
        }

        function downloads() {
            if (state.tab !== 'agency') return null;
            return h('p', { class: 'list-downloads' }, [
                h(ElButton, { tag: 'a', href: `/api/v1/public/agencies.xlsx${query(state)}`,
                    download: '', 'data-testid': 'export-xlsx' }, () => t('lists.export.xlsx')),
                h(ElButton, { tag: 'a', href: `/api/v1/public/agencies.csv${query(state)}`,
                    download: '', 'data-testid': 'export-csv' }, () => t('lists.export.csv')),
            ]);
        }

        function results() {
            if (state.error) return h(ElAlert, { type: 'error', title: state.error, closable: false });
            if (state.items === null) return null;
            if (!state.items.length) return h(ElEmpty, { description: t('lists.empty') });
            return h('div', { class: 'list-entries', 'aria-busy': String(state.busy) }, [
                h('p', { class: 'list-count', 'data-testid': 'list-count' },
                    t('lists.count', { n: state.items.length })),
                ...state.items.map((e) => entryCard(state.tab, e)),
            ]);
        }

        return () =>
            h(PublicLayout, null, () => [
                h('h1', { class: 'list-title' }, t('lists.title')),
                h('p', { class: 'lead' }, t('lists.lead')),
                h(ElTabs, {
                    modelValue: state.tab,
                    'onUpdate:modelValue': (v) => (state.tab = v),
                    class: 'list-tabs',
                }, () => LIST_KINDS.map((k) => h(ElTabPane, { name: k, label: t('lists.kind.' + k) }))),
                filters(),
                downloads(),
                results(),
            ]);
    },
};

