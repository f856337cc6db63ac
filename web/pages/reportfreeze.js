// reportfreeze.js — the submitted (frozen) report and its recount on the report page (issue 10,
// §6): for the period and region shown, GET /api/v1/stats/reports/recount tells whether the
// report was submitted (404 report_not_submitted: not yet) and, when it was, counts again and
// answers the figures as submitted, as counted now, their differences, and the records whose
// role changed with the cause the history gives (late_exit, exit_reverted, late_registration,
// registration_date_corrected, exit_date_corrected, date_corrected). 报送 submits the report
// (POST /api/v1/stats/reports) after a confirmation; the server allows it to the stats roles
// (statistician, supervisor) and refuses a second submission (409). The frozen copy never
// changes; a recount is shown beside it, never instead of it.

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElDialog, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { codeName } from '../refdata.js';

const FIGURES = ['opening', 'new', 'exits_total', 'closing'];

// The differences as table rows: each figure, then each exit reason that moved.
function diffRows(r) {
    const rows = FIGURES.map((k) => ({ key: k, label: t(`rp.${k}`), then: r.frozen[k],
        now: r.recount[k], diff: r.differences[k] }));
    for (const [code, d] of Object.entries(r.differences.exits ?? {}))
        rows.push({ key: `exit-${code}`, label: `${t('rp.exits')}：${codeName('exit_reason', code)}`,
            then: r.frozen.exits?.[code] ?? 0, now: r.recount.exits?.[code] ?? 0, diff: d });
    return rows;
}

const signed = (n) => (n > 0 ? `+${n}` : String(n));

// Props: report (the monthly object shown; its period and region are the ones frozen or
// recounted). Emits `submitted` after a successful submission.
export const FreezePanel = {
    name: 'FreezePanel',
    props: { report: Object },
    emits: ['submitted'],
    setup(props, { emit }) {
        const s = reactive({ recount: null, notSubmitted: false, error: '', busy: false,
            confirm: false, confirmError: '' });
        const q = () => `period=${encodeURIComponent(props.report.period)}` +
            `&region=${encodeURIComponent(props.report.region)}`;
        async function load() {
            s.recount = null;
            s.notSubmitted = false;
            s.error = '';
            if (!props.report) return;
            s.busy = true;
            try {
                s.recount = await get(`/api/v1/stats/reports/recount?${q()}`);
            } catch (e) {
                if (e.code === 'report_not_submitted') s.notSubmitted = true;
                else s.error = e.message;
            } finally {
                s.busy = false;
            }
        }
        async function submit() {
            s.busy = true;
            s.confirmError = '';
            try {
                await post('/api/v1/stats/reports', { period: props.report.period,
                    region: props.report.region });
                s.confirm = false;
                emit('submitted');
                await load();
            } catch (e) {
                s.confirmError = e.message;
            } finally {
                s.busy = false;
            }
        }
        watch(() => props.report, load, { immediate: true });

        const col = (label, cell, width) => h(ElTableColumn, { label: t(label), width },
            { default: ({ row }) => cell(row) });
        const dialog = () => h(ElDialog, { modelValue: s.confirm, title: t('rp.fz.confirmTitle'),
            width: '30rem', 'onUpdate:modelValue': (v) => (s.confirm = v) }, {
            default: () => [
                s.confirmError ? h(ElAlert, { type: 'error', title: s.confirmError, closable: false,
                    'data-testid': 'rp-freeze-error' }) : null,
                h('p', t('rp.fz.confirmText', { region: props.report.region_name,
                    period: props.report.period, closing: props.report.closing })),
                props.report.partial ? h(ElAlert, { type: 'warning', closable: false,
                    title: t('rp.fz.partial') }) : null,
            ],
            footer: () => [
                h(ElButton, { onClick: () => (s.confirm = false) }, () => t('rp.fz.cancel')),
                h(ElButton, { type: 'primary', loading: s.busy, onClick: submit,
                    'data-testid': 'rp-freeze-confirm' }, () => t('rp.fz.submit')),
            ],
        });
        function recountView(r) {
            return [
                h('p', { 'data-testid': 'rp-frozen-at' }, t('rp.fz.frozenAt', { at: r.frozen_at })),
                h(ElTag, { type: r.same ? 'success' : 'warning', 'data-testid': 'rp-recount-same' },
                    () => (r.same ? t('rp.fz.same') : t('rp.fz.differs'))),
                h(ElButton, { size: 'small', class: 'rp-gap', loading: s.busy, onClick: load,
                    'data-testid': 'rp-recount' }, () => t('rp.fz.recount')),
                h(ElTable, { data: diffRows(r), size: 'small', class: 'rp-gap-top',
                    'data-testid': 'rp-diff-table' }, () => [
                    col('rp.fz.figure', (x) => x.label),
                    col('rp.fz.then', (x) => String(x.then), 120),
                    col('rp.fz.now', (x) => String(x.now), 120),
                    col('rp.fz.diff', (x) => h('span', { class: x.diff ? 'rp-diff' : '',
                        'data-testid': `rp-diff-${x.key}` }, signed(x.diff)), 100),
                ]),
                r.records.length ? h('div', { class: 'rp-gap-top' }, [
                    h('p', { class: 'rp-note' }, r.records_total > r.records.length
                        ? t('rp.fz.recordsSome', { n: r.records.length, total: r.records_total })
                        : t('rp.fz.records', { n: r.records_total })),
                    h(ElTable, { data: r.records, size: 'small', 'data-testid': 'rp-recount-records' },
                        () => [
                            col('rp.rc.registration', (x) => x.registration_no, 200),
                            col('rp.rc.role', (x) => t(`rp.rc.role.${x.role}`), 90),
                            col('rp.rc.change', (x) => t(`rp.rc.change.${x.change}`), 90),
                            col('rp.rc.cause', (x) => h('span', { 'data-testid': `rp-cause-${x.registration_no}` },
                                t(`rp.rc.cause.${x.cause}`))),
                            col('rp.rc.reason', (x) => (x.reason ? codeName('exit_reason', x.reason) : '')),
                            col('rp.rc.registeredOn', (x) => x.registered_on, 110),
                            col('rp.rc.exitDate', (x) => x.exit_date, 110),
                        ]),
                ]) : null,
            ];
        }
        return () => {
            if (!props.report) return null;
            return h('div', { class: 'rp-freeze', 'data-testid': 'rp-freeze' }, [
                h('div', { class: 'rp-section-head' }, [h('h2', { class: 'rp-h2' }, t('rp.fz.title'))]),
                s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false }) : null,
                s.notSubmitted ? h('div', [
                    h('span', { 'data-testid': 'rp-not-submitted' }, t('rp.fz.notSubmitted')),
                    h(ElButton, { type: 'primary', size: 'small', class: 'rp-gap',
                        'data-testid': 'rp-freeze-open', onClick: () => {
                            s.confirmError = '';
                            s.confirm = true;
                        } }, () => t('rp.fz.submit')),
                ]) : null,
                s.recount ? recountView(s.recount) : null,
                dialog(),
            ]);
        };
    },
};
