// followup.js — 跟踪回访 (issue 9, 人社厅发〔2020〕3号 §5 ¶1 每月至少进行1次跟踪调查), #/staff/followup
// (?scope=mine|agency|all): the one due list (GET /api/v1/due, the same list as the workbench's
// due card) for the caseworker, their agency or the whole region, overdue first in red, with
// each registration's link to its case page, where the contact is recorded and the counters are
// shown. Nothing here is a second due list: the filter is the route's caseworker / agency.
// 注销建议 leads to the exit proposals (#/staff/exits, exitpanel.js).

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElCard, ElRadioButton, ElRadioGroup, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { caseHref } from './registrations.js';

export const FollowupPage = {
    name: 'FollowupPage',
    props: { query: { type: Object, default: () => ({}) } },
    setup(props) {
        const state = reactive({ data: null, busy: false, error: '' });
        const scope = () => props.query.scope ?? 'mine';

        async function load() {
            state.busy = true;
            state.error = '';
            const q = scope() === 'mine' ? '?caseworker=me&limit=500'
                : scope() === 'agency' ? `?agency=${session.user?.agency_id ?? 0}&limit=500` : '?limit=500';
            try {
                state.data = await get('/api/v1/due' + q);
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        watch(() => props.query.scope, load, { immediate: true });

        const col = (prop, label, fn, extra = {}) =>
            h(ElTableColumn, { prop, label, ...extra }, fn ? { default: ({ row }) => fn(row) } : null);

        return () => {
            const d = state.data;
            const items = d ? [...d.items].sort((a, b) => (b.overdue - a.overdue) || a.due_on.localeCompare(b.due_on)) : [];
            return h(ElCard, { shadow: 'never', 'data-testid': 'followup-page' }, {
                header: () => h('div', { class: 'due-head' }, [
                    h('h1', { class: 'card-title' }, t('fu.title')),
                    d ? h('span', { 'data-testid': 'followup-summary' }, t('due.summary', { overdue: d.overdue, due: d.due })) : null,
                    h(ElRadioGroup, { modelValue: scope(), size: 'small',
                        'onUpdate:modelValue': (v) => go('/staff/followup', { scope: v }) }, () => [
                        h(ElRadioButton, { value: 'mine', 'data-testid': 'fu-mine' }, () => t('fu.mine')),
                        h(ElRadioButton, { value: 'agency', 'data-testid': 'fu-agency' }, () => t('fu.agency')),
                        h(ElRadioButton, { value: 'all', 'data-testid': 'fu-all' }, () => t('fu.all')),
                    ]),
                    h(ElButton, { size: 'small', onClick: load }, () => t('queue.refresh')),
                    h(ElButton, { size: 'small', tag: 'a', href: '#/staff/exits', 'data-testid': 'fu-exits' },
                        () => t('exit.link')),
                ]),
                default: () => [
                    h('p', { class: 'field-hint' }, t('fu.intro')),
                    state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false, showIcon: true }) : null,
                    h(ElTable, { data: items, size: 'small', border: true, 'data-testid': 'followup-table',
                        emptyText: state.busy ? t('queue.loading') : t('due.empty') }, () => [
                        col('due_on', t('fu.next'), (r) => h(ElTag, { size: 'small', disableTransitions: true,
                            type: r.overdue ? 'danger' : 'warning', effect: r.overdue ? 'dark' : 'light' },
                            () => (r.overdue ? t('due.overdue') + ' ' : '') + r.due_on)),
                        col('kind', t('sr.kind'), (r) => t('due.kind.' + r.kind)),
                        col('registration_no', t('case.title'), (r) => h('a', { href: caseHref(r.registration_no),
                            class: 'mono', 'data-testid': 'followup-link' }, r.registration_no)),
                        col('name_masked', t('case.person'), (r) => r.name_masked),
                        col('caseworker', t('fu.caseworker'), (r) => r.caseworker ?? '—'),
                    ]),
                ],
            });
        };
    },
};
