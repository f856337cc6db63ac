// report.js — #/staff/report, 统计报表 (issue 10, notice §6): the monthly or quarterly report of
// a region counted from the records (GET /api/v1/stats/monthly), with Apache ECharts charts of
// the stock over time (GET /api/v1/stats/series), the exits by reason and the regions below side
// by side; the consistency checks (GET /api/v1/stats/check) and the form as XLSX or CSV.
// Statisticians and supervisors (the stats permission); others see the server's refusal.

import { h, nextTick, onMounted, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElInput, ElTag } from 'element-plus';
import * as echarts from 'echarts';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { session } from '../session.js';

function lastMonth() {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
}

const charts = new Map();
function draw(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    let c = charts.get(id);
    if (!c || c.getDom() !== el) {
        c?.dispose();
        c = echarts.init(el);
        charts.set(id, c);
    }
    c.setOption(option, true);
}

export const ReportPage = {
    name: 'ReportPage',
    setup() {
        const state = reactive({ period: lastMonth(), region: session.user?.region || '',
            report: null, check: null, error: '', busy: false });
        async function load() {
            state.busy = true;
            try {
                const q = `period=${encodeURIComponent(state.period)}&region=${encodeURIComponent(state.region)}`;
                state.report = await get(`/api/v1/stats/monthly?${q}`);
                state.check = await get(`/api/v1/stats/check?${q}`);
                const series = await get(`/api/v1/stats/series?${q}&n=12`);
                state.error = '';
                await nextTick();
                const r = state.report;
                draw('rp-chart-stock', { tooltip: {}, legend: {},
                    xAxis: { type: 'category', data: series.items.map((i) => i.period) },
                    yAxis: { type: 'value' },
                    series: [
                        { name: t('rp.closing'), type: 'line', data: series.items.map((i) => i.closing) },
                        { name: t('rp.new'), type: 'bar', data: series.items.map((i) => i.new) },
                        { name: t('rp.exits'), type: 'bar', data: series.items.map((i) => i.exits) },
                    ] });
                draw('rp-chart-exits', { tooltip: {}, series: [{ type: 'pie',
                    data: Object.entries(r.exits).map(([k, v]) => ({ name: k, value: v })) }] });
                draw('rp-chart-regions', { tooltip: {}, legend: {},
                    xAxis: { type: 'category', data: r.regions.map((c) => c.name) },
                    yAxis: { type: 'value' },
                    series: ['opening', 'new', 'exits_total', 'closing'].map((k) => ({
                        name: t(`rp.${k}`), type: 'bar', data: r.regions.map((c) => c[k]) })) });
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        onMounted(load);
        const fig = (key, v) => h('div', { class: 'rp-fig' }, [h('span', t(`rp.${key}`)),
            h('strong', { 'data-testid': `rp-${key}` }, String(v))]);
        const href = (fmt) => `/api/v1/stats/monthly/export?period=${encodeURIComponent(state.period)}` +
            `&region=${encodeURIComponent(state.region)}&format=${fmt}`;
        return () =>
            h(ElCard, { shadow: 'never', 'data-testid': 'report-page' }, {
                header: () => h('div', { class: 'card-head' }, [
                    h('h1', { class: 'card-title' }, t('rp.title')),
                    h(ElInput, { modelValue: state.period, 'onUpdate:modelValue': (v) => (state.period = v),
                        class: 'rp-input', 'data-testid': 'rp-period', placeholder: 'YYYY-MM' }),
                    h(ElInput, { modelValue: state.region, 'onUpdate:modelValue': (v) => (state.region = v),
                        class: 'rp-input', 'data-testid': 'rp-region' }),
                    h(ElButton, { type: 'primary', loading: state.busy, onClick: load,
                        'data-testid': 'rp-load' }, () => t('rp.load')),
                    h('a', { href: href('xlsx'), download: '', 'data-testid': 'rp-xlsx' }, 'XLSX'),
                    h('a', { href: href('csv'), download: '', 'data-testid': 'rp-csv' }, 'CSV'),
                    h('a', { href: '#/staff/quality', 'data-testid': 'rp-quality' }, t('rp.quality')),
                ]),
                default: () => [
                    state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false,
                        'data-testid': 'rp-error' }) : null,
                    state.report ? h('div', { class: 'rp-figs' }, [
                        h('span', { 'data-testid': 'rp-shown' },
                            `${state.report.region_name} ${state.report.period}`),
                        fig('opening', state.report.opening), fig('new', state.report.new),
                        fig('exits_total', state.report.exits_total), fig('closing', state.report.closing),
                        state.check ? h(ElTag, { type: state.check.ok ? 'success' : 'danger',
                            'data-testid': 'rp-check' }, () => (state.check.ok ? t('rp.checkOk') : t('rp.checkBad'))) : null,
                    ]) : null,
                    h('div', { id: 'rp-chart-stock', class: 'rp-chart', 'data-testid': 'rp-chart-stock' }),
                    h('div', { id: 'rp-chart-exits', class: 'rp-chart', 'data-testid': 'rp-chart-exits' }),
                    h('div', { id: 'rp-chart-regions', class: 'rp-chart', 'data-testid': 'rp-chart-regions' }),
                ],
            });
    },
};
