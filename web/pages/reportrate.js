// reportrate.js — the 城镇登记失业率 on the report page (issue 10, §6): 城镇登记失业人员 (counted
// from the records, residence urban), the 城镇从业人员 count — the one figure typed in, per region
// and period, by the stats roles (PUT /api/v1/stats/employed) — and the rate the server computes
// from both (urban_rate_percent, two decimals; none until the count is entered).

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElInputNumber } from 'element-plus';
import { t } from '../i18n.js';
import { put } from '../api.js';

// Props: report (the monthly object shown). Emits `saved` once the count is stored, so the page
// counts again and shows the rate.
export const RatePanel = {
    name: 'RatePanel',
    props: { report: Object },
    emits: ['saved'],
    setup(props, { emit }) {
        const s = reactive({ employed: null, error: '', busy: false });
        watch(() => props.report, (r) => {
            s.employed = r?.employed ?? null;
            s.error = '';
        }, { immediate: true });
        async function save() {
            s.busy = true;
            s.error = '';
            try {
                await put('/api/v1/stats/employed', { period: props.report.period,
                    region: props.report.region, employed: s.employed });
                emit('saved');
            } catch (e) {
                s.error = e.message;
            } finally {
                s.busy = false;
            }
        }
        return () => {
            const r = props.report;
            if (!r) return null;
            return h('div', { class: 'rp-rate', 'data-testid': 'rp-rate' }, [
                h('div', { class: 'rp-section-head' }, [h('h2', { class: 'rp-h2' }, t('rp.rate.title'))]),
                s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false,
                    'data-testid': 'rp-rate-error' }) : null,
                h('div', { class: 'rp-figs' }, [
                    h('div', { class: 'rp-fig' }, [h('span', t('rp.rate.urban')),
                        h('strong', { 'data-testid': 'rp-urban' }, String(r.urban_unemployed))]),
                    h('label', { class: 'rp-fig' }, [h('span', t('rp.rate.employed')),
                        h(ElInputNumber, { modelValue: s.employed, min: 0, max: 1000000000, step: 1,
                            stepStrictly: true, controls: false, class: 'rp-input',
                            'aria-label': t('rp.rate.employed'), 'data-testid': 'rp-employed',
                            'onUpdate:modelValue': (v) => (s.employed = v) })]),
                    h(ElButton, { size: 'small', loading: s.busy, disabled: s.employed === null,
                        onClick: save, 'data-testid': 'rp-employed-save' }, () => t('rp.rate.save')),
                    h('div', { class: 'rp-fig' }, [h('span', t('rp.rate.rate')),
                        h('strong', { 'data-testid': 'rp-rate-value' }, r.urban_rate_percent === null
                            ? t('rp.rate.none') : `${r.urban_rate_percent}%`)]),
                ]),
            ]);
        };
    },
};
