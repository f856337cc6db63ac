// listadmin.js — 清单管理, #/staff/lists?kind=policy|service|agency: admins and supervisors keep
// the policy, service and agency lists of their region and the regions below (GET/POST
// /api/v1/policies, /services-catalog, /agencies; PUT and DELETE on /{id}). Nothing is edited
// in place: 修改 writes a new version from its 生效日期 (today when left empty), 停止公布 a
// retirement from its day, and 历史 shows every version newest first with who recorded it and
// why. Errors from the server are shown on their field. The table shows each entry's latest
// version and its status today (生效中, 已停止公布, 待生效).

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDatePicker,
    ElDialog,
    ElForm,
    ElFormItem,
    ElInput,
    ElTabPane,
    ElTable,
    ElTableColumn,
    ElTabs,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post, put, request } from '../api.js';
import { route, replace } from '../router.js';
import { CodeSelect, RegionPicker } from '../fields.js';
import { codeName } from '../refdata.js';
import { session } from '../session.js';
import { LIST_KINDS } from '../vocab.js';
import { LIST_FIELDS, entryTitle, fieldLabel } from './lists.js';
import { formatTime } from './queue.js';

export const STAFF_PATH = {
    policy: '/api/v1/policies',
    service: '/api/v1/services-catalog',
    agency: '/api/v1/agencies',
};
const LONG = new Set(['content', 'conditions', 'target']);
const STATUS_TAG = { in_force: 'success', retired: 'info', scheduled: 'warning' };

// 经办项目 typed as one text: split on 、 , ， ; ； and new lines.
const splitItems = (s) => String(s ?? '').split(/[、,，;；\n]+/).map((x) => x.trim()).filter(Boolean);

function blankForm(kind) {
    const f = { region: [], kind: 'pes', valid_from: '', note: '' };
    for (const k of LIST_FIELDS[kind]) f[k] = '';
    return f;
}

export const ListAdminPage = {
    name: 'ListAdminPage',
    setup() {
        const state = reactive({
            kind: LIST_KINDS.includes(route.query.kind) ? route.query.kind : 'policy',
            items: null,
            error: '',
            dialog: '', // '' | 'add' | 'change' | 'retire' | 'history'
            entry: null,
            form: blankForm('policy'),
            errors: {},
            formError: '',
            busy: false,
        });

        async function load() {
            state.error = '';
            try {
                state.items = (await get(STAFF_PATH[state.kind]))?.items ?? [];
            } catch (e) {
                state.items = [];
                state.error = e.message;
            }
        }
        watch(() => state.kind, () => {
            replace('/staff/lists', { kind: state.kind });
            state.items = null;
            load();
        });
        load();

        function open(dialog, entry = null) {
            state.dialog = dialog;
            state.entry = entry;
            state.errors = {};
            state.formError = '';
            const f = blankForm(state.kind);
            const latest = entry?.versions?.[0];
            if (latest && dialog === 'change') {
                for (const k of LIST_FIELDS[state.kind]) {
                    f[k] = k === 'items' ? (latest.items ?? []).join('、') : (latest[k] ?? '');
                }
            }
            state.form = f;
        }

        function body() {
            const f = state.form;
            const b = { note: f.note || undefined, valid_from: f.valid_from || undefined };
            if (state.dialog === 'retire') return b;
            for (const k of LIST_FIELDS[state.kind]) b[k] = k === 'items' ? splitItems(f.items) : f[k];
            if (state.dialog === 'add') {
                b.region = f.region.length ? f.region[f.region.length - 1] : undefined;
                if (state.kind === 'agency') b.kind = f.kind;
            }
            return b;
        }

        async function save() {
            state.busy = true;
            state.errors = {};
            state.formError = '';
            const path = STAFF_PATH[state.kind];
            try {
                if (state.dialog === 'add') await post(path, body());
                else if (state.dialog === 'change') await put(`${path}/${state.entry.id}`, body());
                else await request('DELETE', `${path}/${state.entry.id}`, body());
                state.dialog = '';
                await load();
            } catch (e) {
                if (e.field) state.errors = { [e.field]: e.message };
                else state.formError = e.message;
            } finally {
                state.busy = false;
            }
        }

        function item(prop, label, control) {
            return h(ElFormItem, { label, prop, error: state.errors[prop] || '', 'data-field': prop },
                () => control);
        }

        function text(prop) {
            return h(ElInput, {
                modelValue: state.form[prop],
                'onUpdate:modelValue': (v) => (state.form[prop] = v),
                type: LONG.has(prop) ? 'textarea' : 'text',
                autosize: LONG.has(prop) ? { minRows: 2, maxRows: 6 } : undefined,
                placeholder: prop === 'items' ? t('la.itemsHint') : undefined,
            });
        }

        function dayField() {
            return item('valid_from', t('la.validFrom'), h(ElDatePicker, {
                modelValue: state.form.valid_from,
                'onUpdate:modelValue': (v) => (state.form.valid_from = v ?? ''),
                type: 'date',
                valueFormat: 'YYYY-MM-DD',
                placeholder: t('la.validFromHint'),
                class: 'wide',
            }));
        }

        function formFields() {
            const kind = state.kind;
            const rows = [];
            if (state.dialog === 'add') {
                rows.push(item('region', t('lists.region'), h(RegionPicker, {
                    modelValue: state.form.region,
                    anyLevel: true,
                    radioChooses: true,
                    'onUpdate:modelValue': (p) => (state.form.region = p ?? []),
                })));
                if (kind === 'agency') {
                    rows.push(item('kind', t('lists.agency.kind'), h(CodeSelect, {
                        table: 'agency_kind',
                        clearable: false,
                        modelValue: state.form.kind,
                        'onUpdate:modelValue': (v) => (state.form.kind = v),
                    })));
                }
            }
            if (state.dialog !== 'retire') {
                for (const f of LIST_FIELDS[kind]) rows.push(item(f, fieldLabel(kind, f), text(f)));
            }
            rows.push(dayField());
            rows.push(item('note', t('la.note'), text('note')));
            return rows;
        }

        function history() {
            const e = state.entry;
            if (!e) return null;
            return h('ol', { class: 'la-history', 'data-testid': 'history' }, e.versions.map((v) =>
                h('li', { class: 'la-version' }, [
                    h('p', { class: 'la-version-head' }, [
                        h('strong', t('la.version', { n: v.version })), ' ',
                        t('lists.since', { date: v.valid_from }), ' ',
                        v.retired ? h(ElTag, { type: 'info', size: 'small', disableTransitions: true },
                            () => t('la.retiredTag')) : null,
                    ]),
                    h('p', { class: 'la-version-text' }, LIST_FIELDS[state.kind].map((f) =>
                        `${fieldLabel(state.kind, f)}：${f === 'items' ? (v.items ?? []).join('、') : v[f]}`)
                        .join('；')),
                    h('p', { class: 'la-version-meta' }, [
                        t('la.recorded', { by: v.recorded_by, at: formatTime(v.recorded_at) }),
                        v.note ? ` — ${v.note}` : '',
                    ]),
                ])));
        }

        function dialog() {
            const d = state.dialog;
            const title = d ? t('la.' + d) + ' · ' + t('lists.kind.' + state.kind) : '';
            return h(ElDialog, {
                modelValue: !!d,
                'onUpdate:modelValue': (v) => { if (!v) state.dialog = ''; },
                title,
                width: 'min(640px, 96vw)',
                appendToBody: true,
                class: 'la-dialog',
            }, {
                default: () => d === 'history' ? history() : [
                    state.formError
                        ? h(ElAlert, { type: 'error', title: state.formError, closable: false,
                            class: 'form-error' })
                        : null,
                    d === 'retire' ? h('p', t('la.retireText', { name: entryTitle(state.kind,
                        state.entry?.versions?.[0] ?? {}) })) : null,
                    h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() },
                        () => formFields()),
                ],
                footer: () => d === 'history' ? null : [
                    h(ElButton, { onClick: () => (state.dialog = '') }, () => t('la.cancel')),
                    h(ElButton, { type: d === 'retire' ? 'danger' : 'primary', loading: state.busy,
                        onClick: save, 'data-testid': 'la-save' }, () => t('la.save.' + d)),
                ],
            });
        }

        function statusTag(s) {
            return h(ElTag, { type: STATUS_TAG[s], disableTransitions: true, size: 'small' },
                () => t('la.status.' + s));
        }

        function table() {
            if (state.error) return h(ElAlert, { type: 'error', title: state.error, closable: false });
            const kind = state.kind;
            return h(ElTable, { data: state.items ?? [], class: 'la-table', emptyText: t('lists.empty'),
                rowKey: 'id' }, () => [
                h(ElTableColumn, { label: fieldLabel(kind, LIST_FIELDS[kind][0]), minWidth: 200 },
                    { default: ({ row }) => h('span', { class: 'la-name' }, entryTitle(kind, row.versions[0])) }),
                h(ElTableColumn, { label: t('lists.region'), minWidth: 140 },
                    { default: ({ row }) => row.region_name || row.region }),
                kind === 'agency' ? h(ElTableColumn, { label: t('lists.agency.kind'), minWidth: 120 },
                    { default: ({ row }) => codeName('agency_kind', row.kind) }) : null,
                h(ElTableColumn, { label: t('la.statusCol'), width: 110 },
                    { default: ({ row }) => statusTag(row.status) }),
                h(ElTableColumn, { label: t('la.latest'), width: 200 },
                    { default: ({ row }) => t('la.latestText', { n: row.versions[0].version,
                        date: row.versions[0].valid_from }) }),
                h(ElTableColumn, { label: t('la.actions'), minWidth: 230 }, { default: ({ row }) => [
                    h(ElButton, { size: 'small', onClick: () => open('change', row),
                        'data-testid': 'la-change' }, () => t('la.change')),
                    h(ElButton, { size: 'small', type: 'danger', plain: true,
                        disabled: row.versions[0].retired, onClick: () => open('retire', row),
                        'data-testid': 'la-retire' }, () => t('la.retire')),
                    h(ElButton, { size: 'small', onClick: () => open('history', row),
                        'data-testid': 'la-history' }, () => t('la.history')),
                ] }),
            ]);
        }

        return () =>
            h(ElCard, { shadow: 'never', class: 'la' }, {
                header: () => h('div', { class: 'la-head' }, [
                    h('h1', { class: 'card-title' }, t('la.title')),
                    h('span', { class: 'la-scope' }, t('la.scope', {
                        region: session.user?.region_name || session.user?.region || '' })),
                    h(ElButton, { type: 'primary', onClick: () => open('add'), 'data-testid': 'la-add' },
                        () => t('la.add')),
                ]),
                default: () => [
                    h(ElTabs, {
                        modelValue: state.kind,
                        'onUpdate:modelValue': (v) => (state.kind = v),
                    }, () => LIST_KINDS.map((k) => h(ElTabPane, { name: k, label: t('lists.kind.' + k) }))),
                    table(),
                    dialog(),
                ],
            });
    },
};
