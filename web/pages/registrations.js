// registrations.js — registered people for the caseworker:
//   RegistrationsPage  #/staff/registrations: GET /api/v1/registrations, the caller's region,
//                      newest first, filtered by caseworker (only mine), tier, category,
//                      served-as marker and overdue first contact. Filters live in the route's
//                      query (a reload or the back button keeps them); pages follow `next`.
//   DueCard            the caseworker's due list on the workbench: GET /api/v1/due?caseworker=me,
//                      first contacts (人社厅发〔2020〕79号: within 5 working days) and service
//                      follow-ups, earliest first, overdue ones in red; each opens the case.
// Names come masked from the server. Also the small helpers the case page shares.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElCheckbox,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { go, href } from '../router.js';
import { codeName } from '../refdata.js';
import { CodeSelect } from '../fields.js';

const PAGE_SIZE = 20;

export const caseHref = (no) => '#/staff/registrations/' + encodeURIComponent(no);

// The first contact's state as a tag: done (green), overdue (red), due by a day (orange).
export function firstContactTag(fc) {
    if (!fc || (!fc.due && !fc.done_on)) return null;
    const attrs = { size: 'small', disableTransitions: true, class: 'first-contact' };
    if (fc.done_on) {
        return h(ElTag, { ...attrs, type: 'success' }, () =>
            t('reg.firstDone', { date: fc.done_on }),
        );
    }
    if (fc.overdue) {
        return h(ElTag, { ...attrs, type: 'danger', effect: 'dark' }, () =>
            t('reg.firstOverdue', { date: fc.due }),
        );
    }
    return h(ElTag, { ...attrs, type: 'warning' }, () => t('reg.firstDue', { date: fc.due }));
}

const errorAlert = (text) =>
    text
        ? h(ElAlert, { type: 'error', title: text, closable: false, showIcon: true, class: 'form-error' })
        : null;

export const RegistrationsPage = {
    name: 'RegistrationsPage',
    props: { query: { type: Object, default: () => ({}) } },
    setup(props) {
        const state = reactive({ items: [], next: null, cursors: [null], busy: false, error: '' });

        const filters = () => ({
            mine: props.query.mine === 'true',
            tier: props.query.tier ?? '',
            category: props.query.category ?? '',
            served_as: props.query.served_as ?? '',
            overdue: props.query.overdue === 'true',
        });

        async function load(cursor) {
            const f = filters();
            const path = href('/api/v1/registrations', {
                caseworker: f.mine ? 'me' : '',
                tier: f.tier,
                category: f.category,
                served_as: f.served_as,
                overdue: f.overdue ? 'true' : '',
                cursor,
                limit: PAGE_SIZE,
            });
            state.busy = true;
            state.error = '';
            try {
                const data = await get(path);
                state.items = data?.items ?? [];
                state.next = data?.next ?? null;
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }

        watch(
            () => JSON.stringify(filters()),
            () => {
                state.cursors = [null];
                load(null);
            },
            { immediate: true },
        );

        function setFilter(change) {
            const f = { ...filters(), ...change };
            go('/staff/registrations', {
                mine: f.mine ? 'true' : '',
                tier: f.tier,
                category: f.category,
                served_as: f.served_as,
                overdue: f.overdue ? 'true' : '',
            });
        }

        function toolbar() {
            const f = filters();
            const select = (key, table, placeholder) =>
                h(CodeSelect, {
                    table,
                    modelValue: f[key],
                    'onUpdate:modelValue': (v) => setFilter({ [key]: v ?? '' }),
                    placeholder: t(placeholder),
                    class: 'reg-filter',
                    'data-testid': 'filter-' + key,
                });
            const check = (key, label) =>
                h(
                    ElCheckbox,
                    {
                        modelValue: f[key],
                        'onUpdate:modelValue': (v) => setFilter({ [key]: v }),
                        border: true,
                        'data-testid': 'filter-' + key,
                    },
                    () => t(label),
                );
            return h('div', { class: 'queue-toolbar' }, [
                select('tier', 'tier', 'reg.allTiers'),
                select('category', 'client_category', 'reg.allCategories'),
                select('served_as', 'served_as', 'reg.allServedAs'),
                check('mine', 'reg.mine'),
                check('overdue', 'reg.overdueOnly'),
                h(ElButton, { onClick: () => load(state.cursors[state.cursors.length - 1]) }, () =>
                    t('queue.refresh'),
                ),
            ]);
        }

        function table() {
            const col = (attrs, cell) =>
                h(ElTableColumn, attrs, cell ? { default: ({ row }) => cell(row) } : undefined);
            return h(
                ElTable,
                {
                    data: state.items,
                    rowKey: 'registration_no',
                    emptyText: state.busy ? t('queue.loading') : t('reg.empty'),
                    class: 'queue-table',
                    rowClassName: ({ row }) => (row.overdue ? 'row-overdue' : ''),
                    onRowClick: (row, column, ev) => {
                        if (!ev?.target?.closest?.('a')) go(caseHref(row.registration_no).slice(1));
                    },
                },
                () => [
                    col({ label: t('reg.no'), minWidth: 180 }, (r) =>
                        h(
                            'a',
                            {
                                href: caseHref(r.registration_no),
                                class: 'mono',
                                'data-testid': 'reg-link',
                            },
                            r.registration_no,
                        ),
                    ),
                    col({ label: t('queue.name'), prop: 'name_masked', minWidth: 90 }),
                    col({ label: t('reg.registered'), prop: 'registered_at', minWidth: 110 }),
                    col({ label: t('reg.caseworker'), minWidth: 100 }, (r) => r.caseworker ?? ''),
                    col({ label: t('reg.tier'), minWidth: 110 }, (r) =>
                        r.tier ? codeName('tier', r.tier) : '—',
                    ),
                    col({ label: t('reg.categories'), minWidth: 150 }, (r) =>
                        (r.categories ?? []).map((c) => codeName('client_category', c)).join('、'),
                    ),
                    col({ label: t('reg.servedAs'), minWidth: 140 }, (r) =>
                        r.served_as ? codeName('served_as', r.served_as) : '',
                    ),
                    col({ label: t('reg.firstContact'), minWidth: 190 }, (r) =>
                        firstContactTag({
                            due: r.first_contact_due,
                            done_on: r.first_contact_done_on || null,
                            overdue: r.overdue,
                        }),
                    ),
                ],
            );
        }

        function pager() {
            const page = state.cursors.length;
            return h('div', { class: 'queue-pager' }, [
                h(
                    ElButton,
                    {
                        disabled: page < 2 || state.busy,
                        onClick: () => {
                            state.cursors.pop();
                            load(state.cursors[state.cursors.length - 1]);
                        },
                    },
                    () => t('queue.prev'),
                ),
                h('span', { class: 'page-no' }, t('queue.page', { n: page })),
                h(
                    ElButton,
                    {
                        disabled: !state.next || state.busy,
                        onClick: () => {
                            state.cursors.push(state.next);
                            load(state.next);
                        },
                    },
                    () => t('queue.next'),
                ),
            ]);
        }

        return () =>
            h(
                ElCard,
                { shadow: 'never', class: 'queue-card' },
                {
                    header: () => h('h1', { class: 'card-title' }, t('reg.title')),
                    default: () => [
                        toolbar(),
                        errorAlert(state.error),
                        h('div', { 'aria-busy': state.busy ? 'true' : 'false' }, table()),
                        pager(),
                    ],
                },
            );
    },
};

export const DueCard = {
    name: 'DueCard',
    setup() {
        const state = reactive({ data: null, busy: false, error: '' });

        async function load() {
            state.busy = true;
            state.error = '';
            try {
                state.data = await get('/api/v1/due?caseworker=me');
            } catch (e) {
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }
        load();

        function item(i) {
            return h(
                'li',
                { class: ['due-item', i.overdue ? 'due-overdue' : ''], 'data-testid': 'due-item' },
                [
                    h(
                        ElTag,
                        {
                            size: 'small',
                            type: i.overdue ? 'danger' : 'warning',
                            effect: i.overdue ? 'dark' : 'light',
                            disableTransitions: true,
                        },
                        () => (i.overdue ? t('due.overdue') : t('due.dueOn', { date: i.due_on })),
                    ),
                    h('span', { class: 'due-kind' }, t('due.kind.' + i.kind)),
                    h(
                        'a',
                        {
                            href: caseHref(i.registration_no),
                            class: 'mono',
                            'data-testid': 'due-link',
                        },
                        i.registration_no,
                    ),
                    h('span', { class: 'due-name' }, i.name_masked),
                    i.overdue ? h('span', { class: 'due-date' }, i.due_on) : null,
                ],
            );
        }

        return () => {
            const d = state.data;
            return h(
                ElCard,
                { shadow: 'never', class: 'due-card', 'data-testid': 'due-card' },
                {
                    header: () =>
                        h('div', { class: 'due-head' }, [
                            h('h2', { class: 'card-title' }, t('due.title')),
                            d ? h('span', t('due.summary', { overdue: d.overdue, due: d.due })) : null,
                            h(ElButton, { size: 'small', onClick: load }, () => t('queue.refresh')),
                        ]),
                    default: () => [
                        errorAlert(state.error),
                        d && d.items.length
                            ? h('ul', { class: 'due-list' }, d.items.map(item))
                            : h('p', { class: 'muted' }, state.busy ? t('queue.loading') : t('due.empty')),
                    ],
                },
            );
        };
    },
};
