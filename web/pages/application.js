// application.js — one application for the caseworker, #/staff/applications/{no}:
// GET /api/v1/applications/{no}. Shows the application's data, the applicant's personal data
// masked (显示完整信息 refetches with ?reveal=true, which the server records in the audit log;
// 隐藏 goes back to the masked copy without asking again), the verification results with their
// evidence (a failed check in red with the dataset, the event date and the evidence row's line;
// an unknown one in orange with its open investigation task), and the decision:
// POST /api/v1/applications/{no}/decision — 批准登记 confirms in a dialog, 不予登记 asks for the
// reason the applicant will be told. After the decision the registration number is shown.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDescriptions,
    ElDescriptionsItem,
    ElDialog,
    ElForm,
    ElFormItem,
    ElInput,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { codeName, regionName } from '../refdata.js';
import { statusTag } from './status.js';
import { revealAsk, revealReason } from './reveal.js';
import { FlagsPanel } from './flags.js';
import {
    OPEN_STATUSES,
    channelName,
    checksTags,
    deadlineTag,
    formatTime,
    identityTag,
} from './queue.js';

const RESULT_TAG = { pass: 'success', fail: 'danger', unknown: 'warning' };

// The code table of a field in `details` / `person`, when it has one.
const CODED = {
    id_type: 'id_type',
    ethnicity: 'ethnicity',
    education: 'education',
    hukou_type: 'hukou_type',
    health: 'health',
    register_basis: 'register_basis',
    unemployment_reason: 'unemployment_reason',
};
const REGIONS = new Set(['residence_region', 'hukou_region', 'register_region', 'job_region']);

const yesNo = (v) => t(v ? 'common.yes' : 'common.no');

// A field of the application as text for people: codes and regions named, lists joined.
function show(key, value) {
    if (value === undefined || value === null || value === '') return '';
    if (typeof value === 'boolean') return yesNo(value);
    if (key === 'sex') return t('sex.' + value);
    if (key === 'difficulty_categories' && Array.isArray(value)) {
        return value.map((c) => codeName('difficulty_category', c)).join('、');
    }
    if (key === 'disability_grade') return t('form.grade', { n: value });
    if (key === 'job_intent' && typeof value === 'object') {
        const parts = [];
        if (value.occupation) parts.push(value.occupation);
        if (value.region) parts.push(regionName(value.region));
        if (value.salary_min !== undefined && value.salary_min !== null) {
            parts.push(t('detail.salaryFrom', { n: value.salary_min }));
        }
        return parts.join(' · ');
    }
    if (CODED[key]) return codeName(CODED[key], value);
    if (REGIONS.has(key) && /^\d{6,9}$/.test(String(value))) return regionName(value);
    if (Array.isArray(value)) return value.join('、');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
}

// The label of a field: the form's own label when it has one.
function label(key) {
    const k = 'form.' + key;
    const s = t(k);
    return s === k ? key : s;
}

export const ApplicationPage = {
    name: 'ApplicationPage',
    props: { no: { type: String, required: true } },
    setup(props) {
        const state = reactive({
            app: null,
            loadError: '',
            masked: null, // the masked person, kept while the full one is shown
            revealing: false,
            revealError: '',
            revealAsk: false, // the reason field is open
            revealReason: '',
            dialog: '', // '' | 'approve' | 'reject'
            reason: '',
            reasonError: '',
            deciding: false,
            decideError: '',
            decided: null, // the decision's answer {status, registration_no}
        });

        const base = () => `/api/v1/applications/${encodeURIComponent(props.no)}`;

        async function load() {
            state.loadError = '';
            try {
                state.app = await get(base());
                state.masked = null;
            } catch (e) {
                state.loadError = e.message;
            }
        }

        watch(() => props.no, load, { immediate: true });

        // Unmasking needs a stated reason (issue 12): asked first, sent with the request, kept in
        // the audit log and shown to the applicant on the status page.
        async function reveal() {
            const reason = revealReason(state);
            if (!reason) return;
            state.revealing = true;
            state.revealError = '';
            try {
                const full = await get(
                    base() + '?reveal=true&reason=' + encodeURIComponent(reason),
                );
                state.revealAsk = false;
                state.revealReason = '';
                state.masked = state.app.person;
                state.app = { ...state.app, person: full.person };
            } catch (e) {
                state.revealError = e.message;
            } finally {
                state.revealing = false;
            }
        }

        function hide() {
            if (state.masked) state.app = { ...state.app, person: state.masked };
            state.masked = null;
        }

        function openDialog(kind) {
            state.dialog = kind;
            state.reason = '';
            state.reasonError = '';
            state.decideError = '';
        }

        async function decide() {
            const kind = state.dialog;
            const reason = state.reason.trim();
            if (kind === 'reject' && !reason) {
                state.reasonError = t('decision.reasonRequired');
                return;
            }
            state.deciding = true;
            state.decideError = '';
            try {
                const body = { decision: kind };
                if (reason) body.reason = reason;
                state.decided = await post(base() + '/decision', body);
                state.dialog = '';
                // Back to the masked copy: showing the full one again is another audited read.
                await load();
            } catch (e) {
                if (e.field === 'reason') state.reasonError = e.message;
                else state.decideError = e.message;
            } finally {
                state.deciding = false;
            }
        }

        // --- parts ------------------------------------------------------------------------

        const desc = (items, attrs = {}) =>
            h(ElDescriptions, { column: 2, border: true, class: 'detail-table', ...attrs }, () =>
                items.filter(Boolean),
            );
        const row = (labelText, value, attrs = {}) =>
            h(ElDescriptionsItem, { label: labelText, ...attrs }, () =>
                value === '' || value === null || value === undefined ? '—' : value,
            );

        function head(a) {
            return h('div', { class: 'detail-head' }, [
                h('div', { class: 'detail-title' }, [
                    h(
                        'a',
                        { href: '#/staff/applications', class: 'back-link' },
                        '← ' + t('detail.back'),
                    ),
                    h('h1', { class: 'card-title' }, [
                        t('detail.title') + ' ',
                        h('span', { class: 'mono', 'data-testid': 'detail-no' }, a.application_no),
                    ]),
                ]),
                h('div', { class: 'detail-tags' }, [
                    statusTag(a.status, { size: 'large', 'data-testid': 'detail-status' }),
                    deadlineTag(a),
                ]),
            ]);
        }

        function summary(a) {
            return desc([
                row(t('queue.channel'), channelName(a.channel)),
                row(
                    t('queue.identity'),
                    identityTag(a.identity_verified, a.identity_provider, {
                        'data-testid': 'detail-identity',
                    }),
                ),
                a.set_aside_for
                    ? row(
                          t('identity.setAsideFor'),
                          h('span', { class: 'mono', 'data-testid': 'detail-set-aside' },
                              a.set_aside_for),
                      )
                    : null,
                a.national_no ? row(t('status.nationalNo'), a.national_no) : null,
                row(t('queue.submitted'), formatTime(a.submitted_at)),
                row(t('queue.deadline'), a.deadline),
                row(t('queue.region'), a.register_region_name || regionName(a.register_region)),
            ]);
        }

        function person(a) {
            const p = a.person ?? {};
            const masked = p.masked !== false;
            const fields = [
                'name',
                'id_type',
                'id_number',
                'sex',
                'birth_date',
                'phone',
                'residence_region',
                'residence_address',
                'hukou_region',
            ];
            const extra = Object.keys(p).filter(
                (k) => k !== 'masked' && !fields.includes(k) && p[k] !== '' && p[k] !== null,
            );
            return h(
                ElCard,
                { shadow: 'never', class: 'detail-card', 'data-testid': 'person-card' },
                {
                    header: () =>
                        h('div', { class: 'card-head' }, [
                            h('h2', t('detail.person')),
                            h('span', { class: 'card-head-actions' }, [
                                h(
                                    ElTag,
                                    {
                                        type: masked ? 'info' : 'warning',
                                        disableTransitions: true,
                                        size: 'small',
                                    },
                                    () => t(masked ? 'detail.masked' : 'detail.unmasked'),
                                ),
                                masked
                                    ? h(
                                          ElButton,
                                          {
                                              size: 'small',
                                              loading: state.revealing,
                                              onClick: reveal,
                                              'data-testid': 'reveal',
                                          },
                                          () => t('detail.reveal'),
                                      )
                                    : h(
                                          ElButton,
                                          { size: 'small', onClick: hide, 'data-testid': 'hide' },
                                          () => t('detail.hide'),
                                      ),
                            ]),
                        ]),
                    default: () => [
                        state.revealError
                            ? h(ElAlert, {
                                  type: 'error',
                                  title: state.revealError,
                                  closable: false,
                                  class: 'form-error',
                              })
                            : null,
                        state.revealAsk && masked ? revealAsk(state, reveal) : null,
                        desc([
                            ...fields.map((k) => row(label(k), show(k, p[k]))),
                            ...extra.map((k) => row(label(k), show(k, p[k]))),
                        ]),
                        h('p', { class: 'field-hint' }, t('detail.revealNote')),
                    ],
                },
            );
        }

        function application(a) {
            const top = [
                ['register_basis', a.register_basis],
                ['unemployed_since', a.unemployed_since],
                ['unemployment_reason', a.unemployment_reason],
                ['ui_benefit', a.ui_benefit],
                ['difficulty_categories', a.difficulty_categories],
            ];
            const details = Object.entries(a.details ?? {}).filter(
                ([k, v]) => !top.some(([tk]) => tk === k) && v !== null && v !== '',
            );
            return h(
                ElCard,
                { shadow: 'never', class: 'detail-card' },
                {
                    header: () => h('h2', t('detail.application')),
                    default: () =>
                        desc(
                            [
                                ...top.map(([k, v]) => row(label(k), show(k, v))),
                                ...details.map(([k, v]) => row(label(k), show(k, v))),
                            ],
                            { column: 1, class: 'detail-table one-column' },
                        ),
                },
            );
        }

        // A dataset's name for people, with the code the operator imported it under.
        function dataset(name, importId) {
            if (!name) return '—';
            const k = 'source.' + name;
            const label = t(k) === k ? name : t(k);
            const batch = importId ? ' · ' + t('evidence.import', { n: importId }) : '';
            return [label + ' ', h('span', { class: 'mono' }, `(${name})`), batch];
        }

        function basis(b) {
            if (!b) return '';
            const k = 'basis.' + b;
            return t(k) === k ? b : t(k);
        }

        function evidence(v, tasks) {
            const ev = v.evidence ?? {};
            const shown = new Set(['source', 'event_date', 'line', 'extra', 'import_id', 'basis']);
            const rest = Object.entries(ev).filter(
                ([k, val]) => !shown.has(k) && val !== '' && val !== null,
            );
            const pair = (k, val) => [h('dt', k), h('dd', val)];
            if (v.result === 'fail') {
                return h('div', { class: 'evidence fail', 'data-testid': 'evidence-fail' }, [
                    h('div', { class: 'evidence-lead' }, basis(ev.basis) || t('evidence.failLead')),
                    h('dl', [
                        ...pair(
                            t('evidence.dataset'),
                            dataset(ev.source || v.source, ev.import_id),
                        ),
                        ...pair(t('evidence.eventDate'), ev.event_date || '—'),
                        ...pair(
                            t('evidence.line'),
                            ev.line !== undefined && ev.line !== null
                                ? t('evidence.lineNo', { n: ev.line })
                                : '—',
                        ),
                        ...(ev.extra ? pair(t('evidence.extra'), ev.extra) : []),
                        ...rest.flatMap(([k, val]) => pair(k, show(k, val))),
                    ]),
                ]);
            }
            if (v.result === 'unknown') {
                const mine = tasks.filter((x) => x.check === v.check);
                return h('div', { class: 'evidence unknown', 'data-testid': 'evidence-unknown' }, [
                    h('div', { class: 'evidence-lead' }, [
                        ev.basis ? basis(ev.basis) + '。' : '',
                        t('evidence.unknownLead'),
                    ]),
                    mine.length
                        ? h(
                              'ul',
                              mine.map((x) =>
                                  h(
                                      'li',
                                      t('evidence.task', {
                                          id: x.id,
                                          status: taskStatus(x.status),
                                      }),
                                  ),
                              ),
                          )
                        : h('div', t('evidence.noTask')),
                ]);
            }
            // A match: what was found, in one line (the dataset is named above it).
            const parts = [basis(ev.basis)];
            if (ev.line !== undefined && ev.line !== null)
                parts.push(t('evidence.lineNo', { n: ev.line }));
            if (ev.event_date) parts.push(ev.event_date);
            const text = parts.filter(Boolean).join(' · ');
            return text ? h('div', { class: 'evidence pass' }, text) : null;
        }

        function sourceName(name) {
            const k = 'source.' + name;
            return t(k) === k ? name : t(k);
        }

        function taskStatus(s) {
            const k = 'task.' + s;
            const v = t(k);
            return v === k ? s : v;
        }

        function verifications(a) {
            const list = a.verifications ?? [];
            const tasks = a.tasks ?? [];
            const checked = new Set(list.map((v) => v.check));
            const loose = tasks.filter((x) => !checked.has(x.check));
            return h(
                ElCard,
                { shadow: 'never', class: 'detail-card', 'data-testid': 'verifications' },
                {
                    header: () => h('h2', t('detail.verifications')),
                    default: () => [
                        list.length
                            ? h(
                                  'ul',
                                  { class: 'checks-list' },
                                  list.map((v) =>
                                      h(
                                          'li',
                                          {
                                              class: ['check-item', 'is-' + v.result],
                                              'data-check': v.check,
                                          },
                                          [
                                              h('div', { class: 'check-line' }, [
                                                  h('strong', t('check.' + v.check)),
                                                  h(
                                                      ElTag,
                                                      {
                                                          type: RESULT_TAG[v.result] ?? 'info',
                                                          disableTransitions: true,
                                                          effect:
                                                              v.result === 'pass'
                                                                  ? 'light'
                                                                  : 'dark',
                                                      },
                                                      () => t('result.' + v.result),
                                                  ),
                                                  h(
                                                      'span',
                                                      { class: 'check-meta' },
                                                      [
                                                          v.source
                                                              ? t('evidence.source', {
                                                                    s: sourceName(v.source),
                                                                })
                                                              : '',
                                                          v.checked_at
                                                              ? t('evidence.checkedAt', {
                                                                    at: formatTime(v.checked_at),
                                                                })
                                                              : '',
                                                      ]
                                                          .filter(Boolean)
                                                          .join(' · '),
                                                  ),
                                              ]),
                                              evidence(v, tasks),
                                          ],
                                      ),
                                  ),
                              )
                            : h('p', { class: 'muted' }, t('detail.noChecks')),
                        loose.length
                            ? h('div', { class: 'evidence unknown' }, [
                                  h('div', t('detail.tasks')),
                                  h(
                                      'ul',
                                      loose.map((x) =>
                                          h(
                                              'li',
                                              `${t('check.' + x.check)}：` +
                                                  t('evidence.task', {
                                                      id: x.id,
                                                      status: taskStatus(x.status),
                                                  }),
                                          ),
                                      ),
                                  ),
                              ])
                            : null,
                    ],
                },
            );
        }

        function decision(a) {
            const open = OPEN_STATUSES.has(a.status);
            const regNo = a.registration_no || state.decided?.registration_no;
            const body = [];
            if (a.status === 'approved' || (state.decided && regNo)) {
                body.push(
                    h('div', { class: 'decided approved', 'data-testid': 'decided' }, [
                        h('div', { class: 'decided-title' }, t('decision.approved')),
                        h('div', [
                            t('status.regNo') + '：',
                            h(
                                'span',
                                { class: 'mono big', 'data-testid': 'registration-no' },
                                regNo ?? '—',
                            ),
                        ]),
                    ]),
                );
            } else if (a.status === 'rejected') {
                body.push(
                    h('div', { class: 'decided rejected', 'data-testid': 'decided' }, [
                        h('div', { class: 'decided-title' }, t('decision.rejected')),
                        h('div', t('decision.reasonShown', { r: a.decision_reason || '—' })),
                    ]),
                );
            } else if (!open) {
                body.push(h('p', { class: 'muted' }, t('status.s.' + a.status)));
                if (a.decision_reason)
                    body.push(
                        h(
                            'p',
                            { class: 'muted', 'data-testid': 'decided-reason' },
                            a.decision_reason,
                        ),
                    );
            }
            if (a.decision_reason && a.status === 'approved') {
                body.push(h('p', { class: 'muted' }, t('decision.note', { r: a.decision_reason })));
            }
            if (open) {
                const c = a.verifications ?? [];
                const count = (r) => c.filter((v) => v.result === r).length;
                const fails = count('fail');
                const unknown = count('unknown');
                body.push(
                    h('div', { class: 'decision-checks' }, [
                        h('span', t('queue.checks') + '：'),
                        checksTags({ pass: count('pass'), fail: fails, unknown }),
                    ]),
                    fails || unknown
                        ? h(ElAlert, {
                              type: fails ? 'error' : 'warning',
                              title: t(fails ? 'decision.hasFail' : 'decision.hasUnknown'),
                              closable: false,
                              showIcon: true,
                              class: 'decision-warning',
                          })
                        : null,
                    h('p', { class: 'muted' }, t('decision.lead')),
                    h('div', { class: 'decision-buttons' }, [
                        h(
                            ElButton,
                            {
                                type: 'success',
                                size: 'large',
                                onClick: () => openDialog('approve'),
                                'data-testid': 'approve',
                            },
                            () => t('decision.approve'),
                        ),
                        h(
                            ElButton,
                            {
                                type: 'danger',
                                size: 'large',
                                plain: true,
                                onClick: () => openDialog('reject'),
                                'data-testid': 'reject',
                            },
                            () => t('decision.reject'),
                        ),
                    ]),
                );
            }
            return h(
                ElCard,
                { shadow: 'never', class: 'detail-card decision-card' },
                {
                    header: () => h('h2', t('detail.decision')),
                    default: () => body,
                },
            );
        }

        function dialog(a) {
            const kind = state.dialog;
            const reject = kind === 'reject';
            return h(
                ElDialog,
                {
                    modelValue: !!kind,
                    'onUpdate:modelValue': (v) => {
                        if (!v) state.dialog = '';
                    },
                    title: kind ? t('decision.' + kind) : '',
                    width: 'min(480px, 94vw)',
                    appendToBody: true,
                    class: 'decision-dialog',
                },
                {
                    default: () => [
                        h(
                            'p',
                            t(reject ? 'decision.rejectLead' : 'decision.approveLead', {
                                no: a.application_no,
                            }),
                        ),
                        h(
                            ElForm,
                            { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() },
                            () =>
                                h(
                                    ElFormItem,
                                    {
                                        label: t(
                                            reject ? 'decision.reason' : 'decision.noteOptional',
                                        ),
                                        error: state.reasonError,
                                        required: reject,
                                    },
                                    () =>
                                        h(ElInput, {
                                            modelValue: state.reason,
                                            'onUpdate:modelValue': (v) => {
                                                state.reason = v;
                                                state.reasonError = '';
                                            },
                                            type: 'textarea',
                                            rows: 3,
                                            maxlength: 500,
                                            showWordLimit: true,
                                            name: 'reason',
                                            'data-testid': 'decision-reason',
                                        }),
                                ),
                        ),
                        state.decideError
                            ? h(ElAlert, {
                                  type: 'error',
                                  title: state.decideError,
                                  closable: false,
                                  showIcon: true,
                              })
                            : null,
                    ],
                    footer: () => [
                        h(ElButton, { onClick: () => (state.dialog = '') }, () =>
                            t('common.cancel'),
                        ),
                        h(
                            ElButton,
                            {
                                type: reject ? 'danger' : 'success',
                                loading: state.deciding,
                                onClick: decide,
                                'data-testid': 'confirm-decision',
                            },
                            () => t(reject ? 'decision.confirmReject' : 'decision.confirmApprove'),
                        ),
                    ],
                },
            );
        }

        return () => {
            if (state.loadError) {
                return h(ElCard, { shadow: 'never' }, () => [
                    h(ElAlert, {
                        type: 'error',
                        title: state.loadError,
                        closable: false,
                        showIcon: true,
                        class: 'form-error',
                    }),
                    h(ElButton, { tag: 'a', href: '#/staff/applications' }, () => t('detail.back')),
                ]);
            }
            const a = state.app;
            if (!a) return h('div', { class: 'loading-block', 'aria-busy': 'true' });
            return h('div', { class: 'detail' }, [
                h(ElCard, { shadow: 'never', class: 'detail-card' }, () => [head(a), summary(a)]),
                h('div', { class: 'detail-grid' }, [
                    h('div', { class: 'detail-main' }, [person(a), application(a)]),
                    h('div', { class: 'detail-side' }, [decision(a), verifications(a)]),
                ]),
                h(FlagsPanel, { applicationNo: a.application_no }),
                dialog(a),
            ]);
        };
    },
};
