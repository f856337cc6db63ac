// quality.js — #/staff/quality?period=P&region=R, 数据质量通报 (issue 10, notice §6: 对辖区内各地市
// 数据上报情况和数据质量进行通报; §8: 服务响应逾期、反馈数据不准及更新不及时): the bulletin of a region
// (GET /api/v1/stats/quality) with the regions below ranked worst first by their score, each
// with its figures (records with missing or invalid fields, decisions late or pending past the
// deadline, first contacts and follow-ups overdue, exits without evidence, results not uploaded),
// the region's total, and the form as XLSX or CSV. Statisticians and supervisors (the stats
// permission); others see the server's refusal. Linked from the report page.

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElCard, ElInput, ElTable, ElTableColumn } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { session } from '../session.js';

function lastMonth() {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
}

// The columns after rank, name and score: [label key, value of a row].
const COLUMNS = [
    ['qa.records', (r) => r.records],
    ['qa.defects', (r) => `${r.records_with_defects} (${r.rates_percent.fields}%)`],
    ['qa.decidedLate', (r) => `${r.decided_late} / ${r.decided}`],
    ['qa.pendingOverdue', (r) => r.pending_overdue],
    ['qa.firstContact', (r) => r.first_contact_overdue],
    ['qa.followup', (r) => r.followup_overdue],
    ['qa.noEvidence', (r) => `${r.exits_without_evidence} / ${r.exits}`],
    ['qa.unsent', (r) => r.results_unsent + r.results_rejected],
];

export const QualityPage = {
    name: 'QualityPage',
    props: { query: { type: Object, default: () => ({}) } },
    setup(props) {
        const state = reactive({ period: props.query.period || lastMonth(),
            region: props.query.region || session.user?.region || '', q: null, error: '',
            busy: false });
        async function load() {
            state.busy = true;
            try {
                state.q = await get(`/api/v1/stats/quality?period=${encodeURIComponent(state.period)}` +
                    `&region=${encodeURIComponent(state.region)}`);
                state.error = '';
            } catch (e) {
                state.q = null;
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        watch(() => [props.query.period, props.query.region], () => {
            if (props.query.period) state.period = props.query.period;
            if (props.query.region) state.region = props.query.region;
            load();
        }, { immediate: true });
        const href = (fmt) => `/api/v1/stats/quality/export?period=${encodeURIComponent(state.period)}` +
            `&region=${encodeURIComponent(state.region)}&format=${fmt}`;
        const table = (rows) => h(ElTable, { data: rows, size: 'small', 'data-testid': 'qa-table',
            rowKey: 'region' }, () => [
            h(ElTableColumn, { prop: 'rank', label: t('qa.rank'), width: 60 }),
            h(ElTableColumn, { label: t('qa.region') }, {
                default: ({ row }) => h('span', { 'data-testid': `qa-name-${row.rank}` }, row.name) }),
            h(ElTableColumn, { label: t('qa.score'), width: 80 }, {
                default: ({ row }) => h('strong', { 'data-testid': `qa-score-${row.rank}` }, row.score) }),
            ...COLUMNS.map(([key, value]) => h(ElTableColumn, { label: t(key) },
                { default: ({ row }) => String(value(row)) })),
        ]);
        return () =>
            h(ElCard, { shadow: 'never', 'data-testid': 'quality-page' }, {
                header: () => h('div', { class: 'card-head' }, [
                    h('h1', { class: 'card-title' }, t('qa.title')),
                    h(ElInput, { modelValue: state.period, 'onUpdate:modelValue': (v) => (state.period = v),
                        class: 'rp-input', 'data-testid': 'qa-period', placeholder: 'YYYY-MM' }),
                    h(ElInput, { modelValue: state.region, 'onUpdate:modelValue': (v) => (state.region = v),
                        class: 'rp-input', 'data-testid': 'qa-region' }),
                    h(ElButton, { type: 'primary', loading: state.busy, onClick: load,
                        'data-testid': 'qa-load' }, () => t('qa.load')),
                    h('a', { href: href('xlsx'), download: '', 'data-testid': 'qa-xlsx' }, 'XLSX'),
                    h('a', { href: href('csv'), download: '', 'data-testid': 'qa-csv' }, 'CSV'),
                    h('a', { href: '#/staff/report' }, t('qa.back')),
                ]),
                default: () => [
                    state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false,
                        'data-testid': 'qa-error' }) : null,
                    state.q ? h('p', { 'data-testid': 'qa-shown' }, t('qa.shown', {
                        name: state.q.region_name, period: state.q.period, as_of: state.q.as_of,
                        score: state.q.total.score })) : null,
                    state.q ? table(state.q.regions) : null,
                    state.q ? h('p', { class: 'muted', 'data-testid': 'qa-formula' }, t('qa.formula', {
                        weights: Object.entries(state.q.weights).map(([k, w]) => `${t(`qa.w.${k}`)} ${w}%`)
                            .join(t('qa.sep')) })) : null,
                ],
            });
    },
};
