// reportchecks.js — the consistency checks of §6 on the report page (GET /api/v1/stats/check):
// one row per check and region with its figures and 通过 / 未通过 — the identity closing =
// opening + new − exits for the region and each region below, the closing against the next
// period's opening, the regions below (plus the records registered at the region itself)
// against the region — and the records that break the identity (an exit dated before its
// registration), as the server lists them.

import { h } from 'vue';
import { ElTable, ElTableColumn, ElTag } from 'element-plus';
import { t } from '../i18n.js';

// What a check compared, in words: the figures of its row.
function detail(c) {
    if (c.check === 'identity')
        return t('rp.ck.identityDetail', { opening: c.opening, new: c.new, exits: c.exits,
            closing: c.closing });
    if (c.check === 'closing_is_next_opening')
        return t('rp.ck.nextDetail', { closing: c.closing, next: c.next_period,
            opening: c.next_opening });
    if (c.check === 'regions_below_sum') {
        const f = (o) => `${o.opening} / ${o.new} / ${o.exits_total} / ${o.closing}`;
        return t('rp.ck.sumDetail', { below: f(c.below), total: f(c.region_total) });
    }
    return '';
}

// Props: check (the answer of /stats/check), names (region code → name, from the report).
export const ChecksPanel = {
    name: 'ChecksPanel',
    props: { check: Object, names: Object },
    setup(props) {
        const col = (label, cell, width) => h(ElTableColumn, { label: t(label), width },
            { default: ({ row }) => cell(row) });
        return () => {
            const c = props.check;
            if (!c) return null;
            const name = (code) => props.names?.[code] ? `${props.names[code]}（${code}）` : code;
            const period = (row) => (row.check === 'closing_is_next_opening'
                ? `${c.period} → ${row.next_period}` : c.period);
            return h('div', { class: 'rp-checks', 'data-testid': 'rp-checks' }, [
                h('div', { class: 'rp-section-head' }, [
                    h('h2', { class: 'rp-h2' }, t('rp.checks')),
                    h(ElTag, { type: c.ok ? 'success' : 'danger', 'data-testid': 'rp-check' },
                        () => (c.ok ? t('rp.checkOk') : t('rp.checkBad'))),
                ]),
                h(ElTable, { data: c.checks, size: 'small', 'data-testid': 'rp-check-table',
                    rowClassName: ({ row }) => (row.ok ? '' : 'rp-row-bad') }, () => [
                    col('rp.ck.check', (r) => t(`rp.ck.${r.check}`), 200),
                    col('rp.ck.region', (r) => name(r.region), 200),
                    col('rp.ck.period', period, 150),
                    col('rp.ck.detail', detail),
                    col('rp.ck.result', (r) => h(ElTag, { type: r.ok ? 'success' : 'danger',
                        size: 'small', 'data-testid': `rp-ck-${r.check}-${r.region}` },
                    () => (r.ok ? t('rp.ck.pass') : t('rp.ck.fail'))), 100),
                ]),
                c.records.length ? h('div', { 'data-testid': 'rp-check-records' }, [
                    h('p', { class: 'rp-note' }, t('rp.ck.records')),
                    h(ElTable, { data: c.records, size: 'small' }, () => [
                        col('rp.rc.registration', (r) => r.registration_no),
                        col('rp.rc.registeredOn', (r) => r.registered_on),
                        col('rp.rc.exitDate', (r) => r.exit_date),
                        col('rp.ck.problem', (r) => t(`rp.ck.${r.problem}`)),
                    ]),
                ]) : null,
            ]);
        };
    },
};
