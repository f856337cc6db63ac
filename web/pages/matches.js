// matches.js — a registered person's job matches (notice §4(三)): GET
// /api/v1/registrations/{reg_no}/job-matches, the vacancies open today best first, each with its
// score and the reasons that make it (occupation, place, pay, skills). MatchesPanel is a
// self-contained component taking the registration number, for the case page; MatchesPage shows
// it alone at #/staff/registrations/{no}/matches. 推荐 refers the person to a vacancy in one click
// (POST .../referrals: a job_referral service record with its follow-up day, on the due list
// until its result); the referrals below list every referral with its vacancy, follow-up day and
// result (回访求职结果), and 记录结果 records the result (POST .../referrals/{id}/result). The panel
// emits `changed` after a write, so the case page reloads its timeline.

import { h, reactive, watch } from 'vue';
import { ElAlert, ElButton, ElCard, ElInput, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { codeName } from '../refdata.js';
import { CodeRadios } from '../fields.js';

// A reason object → its label, e.g. "职业一致 +40".
export function reasonText(r) {
    const label = t('match.reason.' + r.code);
    const extra = r.skills && r.skills.length ? `（${r.skills.join('、')}）` : '';
    return `${label}${extra} +${r.points}`;
}

function pay(job) {
    return job.salary_max ? `${job.salary_min}–${job.salary_max}` : t('jobs.payNotStated');
}

export const MatchesPanel = {
    name: 'MatchesPanel',
    // `intent`: any text that changes when the person's job intent or skills do (the case page
    // passes them), so a saved profile ranks again.
    props: { regNo: { type: String, required: true }, intent: { type: String, default: '' } },
    emits: ['changed'],
    setup(props, { emit }) {
        const st = reactive({ loading: true, error: null, items: [], intent: null, referrals: [],
            busy: false, actionError: '', actionMsg: '', form: null, formErrors: {}, today: '' });
        const base = () => `/api/v1/registrations/${encodeURIComponent(props.regNo)}`;
        async function loadReferrals() {
            try {
                const r = await get(base() + '/referrals');
                st.referrals = r.items;
                st.today = r.today; // the server's day: the result's default date
            } catch (e) {
                st.error = e.message;
            }
        }
        async function load() {
            st.loading = true;
            st.error = null;
            try {
                const r = await get(base() + '/job-matches');
                st.items = r.items;
                st.intent = r.intent;
            } catch (e) {
                st.error = e.message;
                st.items = [];
            } finally {
                st.loading = false;
            }
            await loadReferrals();
        }
        watch(() => [props.regNo, props.intent], load, { immediate: true });

        // The referral in force to vacancy `jobId`, if any.
        const referralOf = (jobId) => st.referrals.find((r) => r.job_id === jobId);

        async function refer(row) {
            st.actionError = '';
            st.actionMsg = '';
            st.busy = true;
            try {
                const r = await post(base() + '/referrals', { job_id: row.job_id,
                    content: `${row.job.title}（${row.job.employer}）` });
                st.actionMsg = t('refer.done', { title: row.job.title, date: r.followup_due });
                await loadReferrals();
                emit('changed');
            } catch (e) {
                st.actionError = e.message;
            } finally {
                st.busy = false;
            }
        }

        function openResult(r) {
            st.formErrors = {};
            st.actionError = '';
            st.form = { id: r.id, result: '', date: st.today, note: '' };
        }

        async function submitResult() {
            const f = st.form;
            st.formErrors = {};
            st.actionError = '';
            st.busy = true;
            try {
                await post(`${base()}/referrals/${f.id}/result`,
                    { result: f.result, date: f.date, note: f.note });
                st.form = null;
                await loadReferrals();
                emit('changed');
            } catch (e) {
                if (e.field) st.formErrors = { [e.field]: e.message };
                else st.actionError = e.message;
            } finally {
                st.busy = false;
            }
        }

        function referCell(row) {
            const r = referralOf(row.job_id);
            if (r) {
                return h(ElTag, { type: 'success', disableTransitions: true, 'data-testid': 'referred' },
                    () => t('refer.referred', { date: r.date }));
            }
            return h(ElButton, { size: 'small', type: 'primary', loading: st.busy,
                'data-testid': 'refer', onClick: () => refer(row) }, () => t('refer.button'));
        }

        function resultForm() {
            const f = st.form;
            const err = (k) => (st.formErrors[k]
                ? h('div', { class: 'field-error', 'data-field-error': k }, st.formErrors[k]) : null);
            return h('div', { class: 'record-form', 'data-testid': 'result-form' }, [
                h('label', t('refer.result')),
                h(CodeRadios, { table: 'referral_result', modelValue: f.result,
                    'onUpdate:modelValue': (v) => (f.result = v) }),
                err('result'),
                h('label', t('case.date')),
                h(ElInput, { modelValue: f.date, name: 'result-date', placeholder: 'YYYY-MM-DD',
                    'onUpdate:modelValue': (v) => (f.date = v) }),
                err('date'),
                h('label', t('case.note')),
                h(ElInput, { modelValue: f.note, name: 'result-note',
                    'onUpdate:modelValue': (v) => (f.note = v) }),
                err('note'),
                h(ElButton, { type: 'primary', loading: st.busy, onClick: submitResult,
                    'data-testid': 'submit-result' }, () => t('case.record')),
                h(ElButton, { onClick: () => (st.form = null) }, () => t('case.cancel')),
            ]);
        }

        function referral(r) {
            return h('li', { class: 'timeline-item', 'data-testid': 'referral',
                'data-referral-id': String(r.id) }, [
                h('span', { class: 'tl-date' }, r.date),
                h('span', { class: 'tl-type' }, r.job ? `${r.job.title}（${r.job.employer}）` : r.content),
                r.result
                    ? h(ElTag, { size: 'small', type: r.result.result === 'hired' ? 'success' : 'info',
                        disableTransitions: true, 'data-testid': 'referral-result' },
                    () => `${codeName('referral_result', r.result.result)} ${r.result.date}`)
                    : h(ElTag, { size: 'small', type: r.overdue ? 'danger' : 'warning',
                        disableTransitions: true, 'data-testid': 'referral-due' },
                    () => t(r.overdue ? 'refer.overdue' : 'refer.due', { date: r.followup_due })),
                r.result ? (r.result.note ? h('span', { class: 'tl-text' }, r.result.note) : null)
                    : h(ElButton, { size: 'small', link: true, type: 'primary',
                        'data-testid': 'record-result', onClick: () => openResult(r) },
                    () => t('refer.record')),
            ]);
        }

        return () =>
            h(ElCard, { class: 'matches-panel', 'data-testid': 'matches' }, {
                header: () => h('h2', t('match.title')),
                default: () => [
                    st.error ? h(ElAlert, { type: 'error', title: st.error, closable: false }) : null,
                    st.actionError ? h(ElAlert, { type: 'error', title: st.actionError, closable: false,
                        'data-testid': 'refer-error' }) : null,
                    st.actionMsg ? h(ElAlert, { type: 'success', title: st.actionMsg, closable: false,
                        'data-testid': 'refer-msg' }) : null,
                    st.intent
                        ? h('p', { class: 'matches-intent', 'data-testid': 'matches-intent' },
                              t('match.intent', {
                                  occupation: st.intent.occupation ?? t('match.noOccupation'),
                                  place: st.intent.place,
                                  pay: st.intent.salary_min || t('jobs.payNotStated'),
                              }))
                        : null,
                    h(ElTable, { data: st.items, 'empty-text': st.loading ? t('match.loading') : t('match.none'),
                        'row-key': 'job_id' }, () => [
                        h(ElTableColumn, { label: t('match.score'), width: 80 }, {
                            default: ({ row }) => h(ElTag, { type: row.score >= 80 ? 'success' : 'info',
                                'data-testid': 'match-score' }, () => String(row.score)),
                        }),
                        h(ElTableColumn, { label: t('jobs.title') }, {
                            default: ({ row }) => h('div', { 'data-testid': 'match-job' }, [
                                h('strong', row.job.title), h('div', row.job.employer)]),
                        }),
                        h(ElTableColumn, { label: t('jobs.occupation'), width: 120 },
                            { default: ({ row }) => row.job.occupation }),
                        h(ElTableColumn, { label: t('jobs.region') },
                            { default: ({ row }) => row.job.region_name }),
                        h(ElTableColumn, { label: t('jobs.pay'), width: 130 },
                            { default: ({ row }) => pay(row.job) }),
                        h(ElTableColumn, { label: t('match.reasons') }, {
                            default: ({ row }) => h('ul', { class: 'match-reasons' },
                                row.reasons.map((r) => h('li', reasonText(r)))),
                        }),
                        h(ElTableColumn, { label: t('refer.column'), width: 130 },
                            { default: ({ row }) => referCell(row) }),
                    ]),
                    h('h3', { class: 'sub-title' }, t('refer.title')),
                    st.form ? resultForm() : null,
                    st.referrals.length
                        ? h('ul', { class: 'timeline', 'data-testid': 'referrals' }, st.referrals.map(referral))
                        : h('p', { class: 'muted' }, t('refer.none')),
                ],
            });
    },
};

export const MatchesPage = {
    name: 'MatchesPage',
    props: { no: { type: String, required: true } },
    setup(props) {
        return () => h('section', { class: 'matches-page' }, [
            h('h1', t('match.pageTitle', { no: props.no })),
            h(MatchesPanel, { regNo: props.no }),
        ]);
    },
};
