// reportcharts.js — the report page's Apache ECharts charts (issue 10): the stock over time, the
// exits by reason, the regions below side by side, and the breakdown of the closing stock the
// user chooses (BreakdownChart). Each chart is drawn into a <div> with an id; an instance is
// kept per id and replaced when Vue renders a new element, so redrawing is cheap.
//
// A breakdown is one of the monthly object's by_* tallies (docs/statistics.md "Breakdowns"):
// band → count over the closing stock. Codes are named from the code tables (refdata), bands
// from i18n (rp.band.*); a key in neither is shown as it is.

import { h, nextTick, onMounted, watch } from 'vue';
import { ElOption, ElSelect } from 'element-plus';
import * as echarts from 'echarts';
import { lang, t } from '../i18n.js';
import { codeName, loadCodes } from '../refdata.js';

const charts = new Map();

// Draw `option` into the element with id `id` (nothing when it is not on the page).
export function draw(id, option) {
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

// The three charts of a report `r` and its series `series` (GET /api/v1/stats/series), once the
// exit reasons' names are loaded (a failed load leaves the codes).
export async function drawReport(r, series) {
    await loadCodes('exit_reason').catch(() => {});
    const items = series?.items ?? [];
    draw('rp-chart-stock', {
        tooltip: {}, legend: {},
        xAxis: { type: 'category', data: items.map((i) => i.period) },
        yAxis: { type: 'value' },
        series: [
            { name: t('rp.closing'), type: 'line', data: items.map((i) => i.closing) },
            { name: t('rp.new'), type: 'bar', data: items.map((i) => i.new) },
            { name: t('rp.exits'), type: 'bar', data: items.map((i) => i.exits) },
        ],
    });
    draw('rp-chart-exits', {
        tooltip: {},
        series: [{ type: 'pie', data: Object.entries(r.exits).map(([k, v]) =>
            ({ name: codeName('exit_reason', k), value: v })) }],
    });
    draw('rp-chart-regions', {
        tooltip: {}, legend: {},
        xAxis: { type: 'category', data: r.regions.map((c) => c.name) },
        yAxis: { type: 'value' },
        series: ['opening', 'new', 'exits_total', 'closing'].map((k) => ({
            name: t(`rp.${k}`), type: 'bar', data: r.regions.map((c) => c[k]) })),
    });
}

// The breakdowns a user can choose: the monthly object's key, and the code table naming its
// bands (null: the bands are named by rp.band.KEY.BAND).
export const BREAKDOWNS = [
    { key: 'by_sex', table: null },
    { key: 'by_age', table: null },
    { key: 'by_education', table: 'education' },
    { key: 'by_unemployment_reason', table: 'unemployment_reason' },
    { key: 'by_duration', table: null },
    { key: 'by_difficulty', table: 'difficulty_category' },
    { key: 'by_served_as', table: 'served_as' },
    { key: 'by_hukou', table: null },
    { key: 'by_residence', table: null },
];

// The label of `band` in breakdown `b`.
function bandName(b, band) {
    const own = `rp.band.${b.key}.${band}`;
    if (t(own) !== own) return t(own);
    if (band === 'other' || band === 'unknown' || band === 'none') return t(`rp.band.${band}`);
    return b.table ? codeName(b.table, band) : band;
}

// The chosen breakdown of `report` as a bar chart, with its select. Props: report (the monthly
// object), modelValue / onUpdate:modelValue (the breakdown key).
export const BreakdownChart = {
    name: 'BreakdownChart',
    props: { report: Object, modelValue: String },
    emits: ['update:modelValue'],
    setup(props, { emit }) {
        const chosen = () => BREAKDOWNS.find((b) => b.key === props.modelValue) ?? BREAKDOWNS[0];
        async function redraw() {
            const b = chosen(), tally = props.report?.[b.key];
            if (!tally) return;
            // Names from a code table: wait for it, so the first drawing is not of bare codes.
            if (b.table) await loadCodes(b.table).catch(() => {});
            await nextTick();
            const bands = Object.keys(tally);
            draw('rp-chart-breakdown', {
                tooltip: {},
                grid: { containLabel: true },
                xAxis: { type: 'category', data: bands.map((k) => bandName(b, k)),
                    axisLabel: { interval: 0, rotate: bands.length > 6 ? 30 : 0 } },
                yAxis: { type: 'value', name: t('rp.persons') },
                series: [{ name: t(`rp.bd.${b.key}`), type: 'bar', data: bands.map((k) => tally[k]),
                    label: { show: true, position: 'top' } }],
            });
        }
        onMounted(redraw);
        watch(() => [props.report, props.modelValue, lang.value], redraw);
        return () => h('div', { class: 'rp-breakdown', 'data-testid': 'rp-breakdown' }, [
            h('div', { class: 'rp-section-head' }, [
                h('h2', { class: 'rp-h2' }, t('rp.breakdown')),
                h(ElSelect, { modelValue: chosen().key, class: 'rp-select',
                    'onUpdate:modelValue': (v) => emit('update:modelValue', v),
                    'data-testid': 'rp-breakdown-pick' }, () => BREAKDOWNS.map((b) =>
                    h(ElOption, { value: b.key, label: t(`rp.bd.${b.key}`) }))),
                h('span', { class: 'rp-note' }, t(chosen().key === 'by_difficulty' ? 'rp.breakdownOfMany'
                    : 'rp.breakdownOf', { n: props.report?.closing ?? '' })),
            ]),
            h('div', { id: 'rp-chart-breakdown', class: 'rp-chart', 'data-testid': 'rp-chart-breakdown',
                'data-breakdown': chosen().key }),
        ]);
    },
};
