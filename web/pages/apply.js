// apply.js — the online application, #/apply: the form (appform.js) posting to
// POST /api/v1/public/applications without a login. Once accepted, the page shows the
// application number, the query code (the server shows it this once; the applicant must keep
// it), the deadline, and a link to the status page with both filled in.

import { h, reactive } from 'vue';
import { ElButton, ElCard } from 'element-plus';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { PublicLayout } from './layout.js';
import { ApplicationForm, Receipt } from './appform.js';

export const ApplyPage = {
    name: 'ApplyPage',
    setup() {
        const state = reactive({ result: null });

        function submitted(answer) {
            state.result = answer;
            window.scrollTo(0, 0);
        }

        function receipt(r) {
            const statusLink = '#' + href('/status', { no: r.application_no, code: r.query_code });
            return h(ElCard, { shadow: 'never' }, () =>
                h(Receipt, { result: r }, () => [
                    h(
                        ElButton,
                        {
                            tag: 'a',
                            href: statusLink,
                            type: 'primary',
                            'data-testid': 'status-link',
                        },
                        () => t('receipt.status'),
                    ),
                    h(ElButton, { tag: 'a', href: '#/' }, () => t('nav.back')),
                ]),
            );
        }

        function form() {
            return h(
                ElCard,
                { shadow: 'never', class: 'form-card' },
                {
                    header: () => [
                        h('h1', { class: 'card-title' }, t('apply.title')),
                        h('p', { class: 'card-lead' }, t('apply.intro')),
                    ],
                    default: () =>
                        h(ApplicationForm, {
                            endpoint: '/api/v1/public/applications',
                            realname: true,
                            onSubmitted: submitted,
                        }),
                },
            );
        }

        return () =>
            h(PublicLayout, { width: 'form' }, () =>
                state.result ? receipt(state.result) : form(),
            );
    },
};
