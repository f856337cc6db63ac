// counter.js — 窗口受理, #/staff/applications/new: a caseworker fills in the application form
// (appform.js, the same component as the online page) for an applicant at the counter, posting
// to POST /api/v1/applications (counter channel). The accepting agency is chosen from the
// public agency list of the caseworker's region (GET /api/v1/public/agencies?region=R), the
// caseworker's own agency first; the place of registration starts as the caseworker's region
// when that is a county. The receipt's query code is for the applicant to take home.

import { h, onMounted, reactive } from 'vue';
import { ElButton, ElCard } from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { session } from '../session.js';
import { regionPath } from '../refdata.js';
import { ApplicationForm, Receipt } from './appform.js';

export const CounterPage = {
    name: 'CounterPage',
    setup() {
        const state = reactive({ ready: false, agencies: [], initial: {}, result: null, round: 0 });

        onMounted(async () => {
            const user = session.user;
            const initial = {};
            let agencies = [];
            try {
                if (user?.region) {
                    const data = await get(
                        `/api/v1/public/agencies?region=${encodeURIComponent(user.region)}`,
                    );
                    agencies = (data?.items ?? []).map((a) => ({ id: a.id, name: a.name }));
                }
            } catch {
                // Without the list the form still asks; the server checks the agency anyway.
            }
            if (user?.agency_id && !agencies.some((a) => a.id === user.agency_id)) {
                agencies.unshift({
                    id: user.agency_id,
                    name: t('counter.ownAgency', { id: user.agency_id }),
                });
            }
            if (user?.agency_id) initial.agency_id = user.agency_id;
            try {
                const path = user?.region ? await regionPath(user.region) : null;
                if (path && path[path.length - 1].level === 3) {
                    initial.register_region = path.map((r) => r.code);
                }
            } catch {
                // Left empty; the caseworker picks it.
            }
            state.agencies = agencies;
            state.initial = initial;
            state.ready = true;
        });

        function another() {
            state.result = null;
            state.round++;
            window.scrollTo(0, 0);
        }

        function receipt(r) {
            const detail = '#/staff/applications/' + encodeURIComponent(r.application_no);
            return h(ElCard, { shadow: 'never', class: 'counter-card' }, () =>
                h(Receipt, { result: r, counter: true }, () => [
                    h(ElButton, { tag: 'a', href: detail, type: 'primary' }, () =>
                        t('counter.open'),
                    ),
                    h(ElButton, { onClick: another }, () => t('counter.another')),
                    h(ElButton, { tag: 'a', href: '#/staff/applications' }, () =>
                        t('counter.toQueue'),
                    ),
                ]),
            );
        }

        return () => {
            if (state.result) return receipt(state.result);
            return h(
                ElCard,
                { shadow: 'never', class: 'counter-card form-card' },
                {
                    header: () => [
                        h('h1', { class: 'card-title' }, t('counter.title')),
                        h('p', { class: 'card-lead' }, t('counter.intro')),
                    ],
                    default: () =>
                        state.ready
                            ? h(ApplicationForm, {
                                  key: state.round,
                                  endpoint: '/api/v1/applications',
                                  agencies: state.agencies,
                                  initial: state.initial,
                                  onSubmitted: (r) => {
                                      state.result = r;
                                      window.scrollTo(0, 0);
                                  },
                              })
                            : h('div', { class: 'loading-block', 'aria-busy': 'true' }),
                },
            );
        };
    },
};
