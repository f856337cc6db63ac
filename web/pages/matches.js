// matches.js — a registered person's job matches (notice §4(三)): GET
// /api/v1/registrations/{reg_no}/job-matches, the vacancies open today best first, each with its
// score and the reasons that make it (occupation, place, pay, skills). MatchesPanel is a
// self-contained component taking the registration number, for the case page; MatchesPage shows
// it alone at #/staff/registrations/{no}/matches. Referring the person to a vacancy in one click
// comes with the referral records (not here yet).

import { h, reactive, watch } from 'vue';
import { ElAlert, ElCard, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';

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
    props: { regNo: { type: String, required: true } },
    setup(props) {
        const st = reactive({ loading: true, error: null, items: [], intent: null });
        async function load() {
            st.loading = true;
            st.error = null;
            try {
                const r = await get(
                    `/api/v1/registrations/${encodeURIComponent(props.regNo)}/job-matches`,
                );
                st.items = r.items;
                st.intent = r.intent;
            } catch (e) {
                st.error = e.message;
                st.items = [];
            } finally {
                st.loading = false;
            }
        }
        watch(() => props.regNo, load, { immediate: true });
        return () =>
            h(ElCard, { class: 'matches-panel', 'data-testid': 'matches' }, {
                header: () => h('h2', t('match.title')),
                default: () => [
                    st.error ? h(ElAlert, { type: 'error', title: st.error, closable: false }) : null,
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
                    ]),
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
