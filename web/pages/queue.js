// queue.js — the caseworker's queue, #/staff/applications: GET /api/v1/applications, sorted by
// deadline (earliest first), scoped by the server to the caseworker's region. Filters (status,
// overdue only) live in the route's query so a reload or the back button keeps them; pages
// follow the server's cursor (`next`), and the cursors already seen allow going back.
// Names come masked from the server. Also the helpers the application page shares: the
// deadline countdown, the summary of the checks, the channel names, time formatting.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElCheckbox,
    ElOption,
    ElSelect,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { go, href } from '../router.js';
import { statusTag } from './status.js';
import { OPEN_STATUSES, STATUSES } from '../vocab.js';

const PAGE_SIZE = 20;
export { OPEN_STATUSES };

// "2026-03-02T09:30:00+08:00" → "2026-03-02 09:30"; anything else as it is.
export function formatTime(s) {
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(s ?? '');
    return m ? `${m[1]} ${m[2]}` : (s ?? '');
}

// Whether the applicant's identity was verified: by an identity provider (its name) or at the
// counter; else "not verified" (an online application without a real-name assertion).
export function identityTag(verified, provider, attrs = {}) {
    const label = !verified
        ? t('identity.unverified')
        : provider === 'counter'
          ? t('identity.counter')
          : t('identity.verified', { provider });
    return h(
        ElTag,
        { type: verified ? 'success' : 'warning', disableTransitions: true, ...attrs },
        () => label,
    );
}

export function channelName(c) {
    return c ? t('channel.' + c) : '';
}

// The countdown to the deadline in working days, for an application still open; null once
// it is decided. Red when overdue, orange with two days or less left.
export function deadlineTag(app) {
    if (!OPEN_STATUSES.has(app.status) || typeof app.workdays_left !== 'number') return null;
    const n = app.workdays_left;
    let type = 'success';
    let text;
    if (app.overdue) {
        type = 'danger';
        text = n < 0 ? t('deadline.overdue', { n: -n }) : t('deadline.due');
    } else if (n <= 0) {
        type = 'warning';
        text = t('deadline.today');
    } else {
        if (n <= 2) type = 'warning';
        text = t('deadline.left', { n });
    }
    return h(
        ElTag,
        {
            type,
            effect: app.overdue ? 'dark' : 'light',
            disableTransitions: true,
            class: 'countdown',
        },
        () => text,
    );
}

// pass / fail / unknown counts as tags; "not yet checked" when there are none.
export function checksTags(checks) {
    const c = checks ?? {};
    const tags = [
        ['pass', 'success'],
        ['fail', 'danger'],
        ['unknown', 'warning'],
    ]
        .filter(([k]) => c[k] > 0)
        .map(([k, type]) =>
            h(ElTag, { type, size: 'small', disableTransitions: true, class: 'check-' + k }, () =>
                t('checks.' + k, { n: c[k] }),
            ),
        );
    if (!tags.length) {
        tags.push(
            h(ElTag, { type: 'info', size: 'small', disableTransitions: true }, () =>
                t('checks.none'),
            ),
        );
    }
    return h('span', { class: 'checks' }, tags);
}

export const QueuePage = {
    name: 'QueuePage',
    props: { query: { type: Object, default: () => ({}) } },
    setup(props) {
        // cursors[i] is the cursor that fetched page i (null for the first).
        const state = reactive({ items: [], next: null, cursors: [null], busy: false, error: '' });

        const filters = () => ({
            status: STATUSES.includes(props.query.status) ? props.query.status : '',
            overdue: props.query.overdue === 'true',
        });

        async function load(cursor) {
            const f = filters();
            const path = href('/api/v1/applications', {
                status: f.status,
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
            () => [props.query.status, props.query.overdue],
            () => {
                state.cursors = [null];
                load(null);
            },
            { immediate: true },
        );

        function setFilter(change) {
            const f = { ...filters(), ...change };
            go('/staff/applications', { status: f.status, overdue: f.overdue ? 'true' : '' });
        }

        function nextPage() {
            if (!state.next) return;
            state.cursors.push(state.next);
            load(state.next);
        }

        function prevPage() {
            if (state.cursors.length < 2) return;
            state.cursors.pop();
            load(state.cursors[state.cursors.length - 1]);
        }

        const open = (no) => go('/staff/applications/' + encodeURIComponent(no));

        function toolbar() {
            const f = filters();
            return h('div', { class: 'queue-toolbar' }, [
                h(
                    ElSelect,
                    {
                        // ElSelect shows '' as "nothing chosen": 'all' stands for no filter.
                        modelValue: f.status || 'all',
                        'onUpdate:modelValue': (v) =>
                            setFilter({ status: v === 'all' ? '' : (v ?? '') }),
                        class: 'status-filter',
                        'data-testid': 'status-filter',
                        ariaLabel: t('queue.status'),
                    },
                    () => [
                        h(ElOption, { value: 'all', label: t('queue.allStatuses') }),
                        ...STATUSES.map((s) =>
                            h(ElOption, { value: s, label: t('status.s.' + s) }),
                        ),
                    ],
                ),
                h(
                    ElCheckbox,
                    {
                        modelValue: f.overdue,
                        'onUpdate:modelValue': (v) => setFilter({ overdue: v }),
                        'data-testid': 'overdue-filter',
                        border: true,
                    },
                    () => t('queue.overdueOnly'),
                ),
                h(ElButton, { onClick: () => load(state.cursors[state.cursors.length - 1]) }, () =>
                    t('queue.refresh'),
                ),
                h('span', { class: 'spacer' }),
                h(
                    ElButton,
                    {
                        type: 'primary',
                        tag: 'a',
                        href: '#/staff/applications/new',
                        'data-testid': 'counter-intake',
                    },
                    () => t('queue.counter'),
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
                    rowKey: 'application_no',
                    emptyText: state.busy ? t('queue.loading') : t('queue.empty'),
                    class: 'queue-table',
                    rowClassName: ({ row }) => (row.overdue ? 'row-overdue' : ''),
                    onRowClick: (row, column, ev) => {
                        if (!ev?.target?.closest?.('a')) open(row.application_no);
                    },
                },
                () => [
                    col({ label: t('queue.no'), minWidth: 200 }, (r) => [
                        h(
                            'a',
                            {
                                href:
                                    '#/staff/applications/' + encodeURIComponent(r.application_no),
                                class: 'mono',
                                'data-testid': 'queue-link',
                            },
                            r.application_no,
                        ),
                        // 全国统一服务入口: the national number under the local one.
                        r.national_no
                            ? h('div', { class: 'mono muted', 'data-testid': 'queue-national-no' },
                                  r.national_no)
                            : null,
                    ]),
                    col({ label: t('queue.name'), prop: 'name_masked', minWidth: 90 }),
                    col(
                        { label: t('queue.region'), minWidth: 130 },
                        (r) => r.register_region_name || r.register_region,
                    ),
                    col({ label: t('queue.channel'), minWidth: 80 }, (r) => channelName(r.channel)),
                    col({ label: t('queue.identity'), minWidth: 120 }, (r) =>
                        identityTag(r.identity_verified, r.identity_provider, {
                            'data-testid': 'queue-identity',
                        }),
                    ),
                    col({ label: t('queue.submitted'), minWidth: 140 }, (r) =>
                        formatTime(r.submitted_at),
                    ),
                    col({ label: t('queue.status'), minWidth: 100 }, (r) => statusTag(r.status)),
                    col({ label: t('queue.deadline'), minWidth: 240 }, (r) =>
                        h('div', { class: 'deadline-cell' }, [
                            h('span', r.deadline),
                            deadlineTag(r),
                        ]),
                    ),
                    col({ label: t('queue.checks'), minWidth: 190 }, (r) => checksTags(r.checks)),
                ],
            );
        }

        function pager() {
            const page = state.cursors.length;
            return h('div', { class: 'queue-pager' }, [
                h(ElButton, { disabled: page < 2 || state.busy, onClick: prevPage }, () =>
                    t('queue.prev'),
                ),
                h('span', { class: 'page-no' }, t('queue.page', { n: page })),
                h(
                    ElButton,
                    {
                        disabled: !state.next || state.busy,
                        onClick: nextPage,
                        'data-testid': 'next-page',
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
                    header: () => h('h1', { class: 'card-title' }, t('queue.title')),
                    default: () => [
                        toolbar(),
                        state.error
                            ? h(ElAlert, {
                                  type: 'error',
                                  title: state.error,
                                  closable: false,
                                  showIcon: true,
                                  class: 'form-error',
                              })
                            : null,
                        h('div', { 'aria-busy': state.busy ? 'true' : 'false' }, table()),
                        pager(),
                    ],
                },
            );
    },
};
