// audit.js — the auditor's export of the audit log, #/staff/audit: entries by id with their
// place in the hash chain and their hash (GET /api/v1/audit/export, a page of at most 10 000),
// shown as a table, and downloaded as CSV (GET /api/v1/audit/export.csv, the same range) or as
// JSON. Every export is itself an audited act. Whether the chain is intact is for
// `ureg audit verify` on the server (docs/security.md).

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput, ElTable, ElTableColumn }
    from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { href } from '../router.js';

const SHOWN = 200; // rows shown in the table; the downloads hold the whole page

export const AuditPage = {
    name: 'AuditPage',
    setup() {
        const form = reactive({ from_id: '1', to_id: '', limit: '1000' });
        const state = reactive({ busy: false, error: '', rows: [], next: null, json: '' });
        const query = () => ({ from_id: form.from_id.trim(), to_id: form.to_id.trim(),
            limit: form.limit.trim() });

        async function load() {
            state.busy = true;
            state.error = '';
            try {
                const r = await get(href('/api/v1/audit/export', query()));
                state.rows = r.items.slice(0, SHOWN);
                state.next = r.next_from_id;
                const blob = new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' });
                if (state.json) URL.revokeObjectURL(state.json);
                state.json = URL.createObjectURL(blob);
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        const input = (key) => h(ElInput, { modelValue: form[key], name: key, inputmode: 'numeric',
            'onUpdate:modelValue': (v) => (form[key] = v) });
        const col = (prop, label, width) => h(ElTableColumn, { prop, label: t(label), width });

        return () => h(ElCard, { shadow: 'never', class: 'audit-card' }, {
            header: () => h('h1', { class: 'card-title' }, t('audit.title')),
            default: () => [
                h('p', { class: 'hint' }, t('audit.hint')),
                h(ElForm, { inline: true, onSubmit: (ev) => {
                    ev.preventDefault();
                    load();
                } }, () => [
                    h(ElFormItem, { label: t('audit.from') }, () => input('from_id')),
                    h(ElFormItem, { label: t('audit.to') }, () => input('to_id')),
                    h(ElFormItem, { label: t('audit.limit') }, () => input('limit')),
                    h(ElButton, { type: 'primary', nativeType: 'submit', loading: state.busy,
                        'data-testid': 'audit-load' }, () => t('audit.load')),
                    h(ElButton, { tag: 'a', href: href('/api/v1/audit/export.csv', query()),
                        'data-testid': 'audit-csv' }, () => t('audit.csv')),
                    state.json ? h(ElButton, { tag: 'a', href: state.json, download: 'audit-log.json',
                        'data-testid': 'audit-json' }, () => t('audit.json')) : null,
                ]),
                state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false,
                    showIcon: true }) : null,
                state.next ? h('p', { class: 'hint' }, t('audit.more', { next: state.next })) : null,
                h(ElTable, { data: state.rows, size: 'small', 'data-testid': 'audit-table',
                    emptyText: t('audit.empty') }, () => [
                    col('id', 'audit.id', 70), col('seq', 'audit.seq', 70), col('at', 'audit.at', 210),
                    col('actor', 'audit.actor', 140), col('action', 'audit.action', 200),
                    col('object_type', 'audit.objectType', 120), col('object_id', 'audit.objectId'),
                    h(ElTableColumn, { label: t('audit.hash'), width: 160 }, {
                        default: ({ row }) => h('code', { title: row.hash }, (row.hash ?? '').slice(0, 16)),
                    }),
                ]),
            ],
        });
    },
};
