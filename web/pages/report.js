// report.js — #/staff/report, 统计报表 (issue 10, notice §6): the monthly or quarterly report of
// a region counted from the records (GET /api/v1/stats/monthly), with Apache ECharts charts of
// the stock over time (GET /api/v1/stats/series), the exits by reason, the regions below side
// by side and a breakdown of the closing stock the user chooses (reportcharts.js); the
// consistency checks with their details (GET /api/v1/stats/check, reportchecks.js); the
// 城镇登记失业率 with the employed count entered here (reportrate.js); the submitted report and
// its recount (reportfreeze.js); and the form as XLSX or CSV.
// Statisticians and supervisors (the stats permission); others see the server's refusal.

import { h, nextTick, onMounted, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { session } from '../session.js';
import { BreakdownChart, drawReport } from './reportcharts.js';
import { ChecksPanel } from './reportchecks.js';
import { FreezePanel } from './reportfreeze.js';
import { RatePanel } from './reportrate.js';

function lastMonth() {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
}

export const ReportPage = {
    name: 'ReportPage',
    setup() {
        const state = reactive({ period: lastMonth(), region: session.user?.region || '',
            report: null, check: null, breakdown: 'by_sex', error: '', busy: false });
        async function load() {
            state.busy = true;
            try {
                const q = `period=${encodeURIComponent(state.period)}&region=${encodeURIComponent(state.region)}`;
                const report = await get(`/api/v1/stats/monthly?${q}`);
                const [check, series] = await Promise.all([get(`/api/v1/stats/check?${q}`),
                    get(`/api/v1/stats/series?${q}&n=12`)]);
                Object.assign(state, { report, check, error: '' });
                await nextTick();
                await drawReport(report, series);
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
        // Region code → name, for the checks' rows.
        const names = () => Object.fromEntries([[state.report.region, state.report.region_name],
            ...state.report.regions.map((c) => [c.region, c.name])]);
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
                        state.report.partial ? h('span', { class: 'rp-note' }, t('rp.partial')) : null,
                    ]) : null,
                    h('div', { id: 'rp-chart-stock', class: 'rp-chart', 'data-testid': 'rp-chart-stock' }),
                    h('div', { id: 'rp-chart-exits', class: 'rp-chart', 'data-testid': 'rp-chart-exits' }),
                    h('div', { id: 'rp-chart-regions', class: 'rp-chart', 'data-testid': 'rp-chart-regions' }),
                    state.report ? h(BreakdownChart, { report: state.report, modelValue: state.breakdown,
                        'onUpdate:modelValue': (v) => (state.breakdown = v) }) : null,
                    state.report ? h(RatePanel, { report: state.report, onSaved: load }) : null,
                    state.check && state.report ? h(ChecksPanel, { check: state.check, names: names() }) : null,
                    state.report ? h(FreezePanel, { report: state.report }) : null,
                ],
            });
    },
};
