// exchange.js — #/staff/exchange, 全国平台对接 (notice §7–§8): the timeliness of the exchange
// with the national platform, from GET /api/v1/exchange/status. On the national hub, one row
// per local system: applications waiting for download and those waiting longer than the
// download limit (服务响应逾期), decisions past their deadline and rejected uploads (反馈数据不准
// 及更新不及时), results received, last seen. On a local system, its own backlog: the upload
// outbox and the last exchange with the hub. Supervisors and statisticians (the stats
// permission); others see the server's refusal.

import { h, onMounted, reactive } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDescriptions,
    ElDescriptionsItem,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';

const num = (n, warn) =>
    h(ElTag, { type: n > 0 && warn ? 'danger' : 'info', disableTransitions: true }, () => String(n));

function hubView(v) {
    return [
        h('p', t('xc.hub.intro', { minutes: v.download_limit_minutes })),
        h(ElTable, { data: v.systems, 'data-testid': 'xc-systems' }, () => [
            h(ElTableColumn, { prop: 'system_id', label: t('xc.system') }),
            h(ElTableColumn, { label: t('xc.regions') }, { default: ({ row }) => row.regions.join(', ') }),
            h(ElTableColumn, { label: t('xc.waiting') }, { default: ({ row }) => num(row.waiting_download, false) }),
            h(ElTableColumn, { label: t('xc.late') }, { default: ({ row }) => num(row.late_download, true) }),
            h(ElTableColumn, { label: t('xc.open') }, { default: ({ row }) => num(row.open, false) }),
            h(ElTableColumn, { label: t('xc.overdue') }, { default: ({ row }) => num(row.overdue, true) }),
            h(ElTableColumn, { label: t('xc.results') }, { default: ({ row }) => String(row.results) }),
            h(ElTableColumn, { label: t('xc.rejected') }, { default: ({ row }) => num(row.rejected, true) }),
            h(ElTableColumn, { label: t('xc.lastSeen') }, { default: ({ row }) => row.last_seen_at ?? t('xc.never') }),
        ]),
    ];
}

function localView(v) {
    const item = (label, value, id) =>
        h(ElDescriptionsItem, { label }, () => h('span', { 'data-testid': id }, value ?? '—'));
    return [
        h(ElAlert, {
            type: !v.national_url ? 'info' : v.connected ? 'success' : 'warning',
            title: !v.national_url ? t('xc.alone') : v.connected ? t('xc.connected') : t('xc.disconnected'),
            closable: false,
            showIcon: true,
            'data-testid': 'xc-connection',
        }),
        h(ElDescriptions, { column: 1, border: true, class: 'xc-local' }, () => [
            item(t('xc.system'), v.system_id || '—', 'xc-system'),
            item(t('xc.hubUrl'), v.national_url, 'xc-hub'),
            item(t('xc.pending'), String(v.outbox.pending), 'xc-pending'),
            item(t('xc.oldest'), v.outbox.oldest_pending_at, 'xc-oldest'),
            item(t('xc.uploaded'), String(v.outbox.succeeded), 'xc-uploaded'),
            item(t('xc.rejectedUploads'), String(v.outbox.rejected), 'xc-rejected'),
            item(t('xc.lastSuccess'), v.last_success_at, 'xc-last-success'),
            item(t('xc.lastError'), v.last_error ? `${v.last_error} (${v.failures})` : null, 'xc-last-error'),
        ]),
    ];
}

export const ExchangePage = {
    name: 'ExchangePage',
    setup() {
        const state = reactive({ view: null, error: '', busy: false });
        async function load() {
            state.busy = true;
            try {
                state.view = await get('/api/v1/exchange/status');
                state.error = '';
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        onMounted(load);
        return () =>
            h(ElCard, { shadow: 'never', 'data-testid': 'exchange-page' }, {
                header: () =>
                    h('div', { class: 'card-head' }, [
                        h('h1', { class: 'card-title' },
                            state.view?.role === 'national' ? t('xc.hub.title') : t('xc.local.title')),
                        h(ElButton, { size: 'small', loading: state.busy, onClick: load }, () => t('xc.refresh')),
                    ]),
                default: () => [
                    state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false }) : null,
                    state.view ? (state.view.role === 'national' ? hubView(state.view) : localView(state.view)) : null,
                ],
            });
    },
};
