// status.js — an applicant checks an application, #/status: application number + query code →
// GET /api/v1/public/applications/{no}?query_code=Q (CONTRACT.md). A wrong pair answers 404,
// shown as "not found, check both"; nothing else about the application is revealed.
// #/status?no=N&code=Q (the link on the receipt) fills both in and asks at once.
// Below the result, "my personal data usage" (issue 12): who read the applicant's personal data,
// when and why, from GET /api/v1/public/applications/{no}/data-usage?query_code=Q.

import { h, onMounted, reactive } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDescriptions,
    ElDescriptionsItem,
    ElForm,
    ElFormItem,
    ElInput,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { route } from '../router.js';
import { PublicLayout } from './layout.js';
import { ConsultCard } from './consult.js';

// Element Plus tag colours of the application statuses.
export const STATUS_TAG = {
    submitted: 'info',
    verifying: 'info',
    pending_review: 'warning',
    approved: 'success',
    rejected: 'danger',
    withdrawn: 'info',
};

export function statusTag(status, attrs = {}) {
    return h(
        ElTag,
        { type: STATUS_TAG[status] ?? 'info', disableTransitions: true, ...attrs },
        () => t('status.s.' + status),
    );
}

export const StatusPage = {
    name: 'StatusPage',
    setup() {
        const form = reactive({ no: route.query.no ?? '', code: route.query.code ?? '' });
        const state = reactive({ busy: false, error: '', result: null, usage: null });

        async function submit() {
            state.error = '';
            state.result = null;
            state.usage = null;
            const no = form.no.trim();
            const code = form.code.trim();
            if (!no || !code) {
                state.error = t('status.required');
                return;
            }
            state.busy = true;
            const path = `/api/v1/public/applications/${encodeURIComponent(no)}`;
            const query = `?query_code=${encodeURIComponent(code)}`;
            try {
                state.result = await get(path + query);
                // The national hub's answer (it carries local_no) has no data-usage record: the
                // local system that decides holds the person's data and its reads.
                state.usage = 'local_no' in state.result
                    ? null
                    : (await get(path + '/data-usage' + query)).items;
            } catch (e) {
                state.error = e.status === 404 ? t('status.notFound') : e.message;
            } finally {
                state.busy = false;
            }
        }

        onMounted(() => {
            if (form.no && form.code) submit();
        });

        function result(r) {
            const item = (label, value) =>
                value ? h(ElDescriptionsItem, { label }, () => value) : null;
            return h(ElDescriptions, { title: t('status.result'), column: 1, border: true }, () =>
                [
                    item(t('status.no'), r.application_no),
                    r.national_no && r.national_no !== r.application_no
                        ? item(t('status.nationalNo'), r.national_no)
                        : null,
                    item(t('status.localNo'), r.local_no),
                    item(t('status.status'), statusTag(r.status, { 'data-testid': 'app-status' })),
                    item(t('status.deadline'), r.deadline),
                    item(
                        t('status.regNo'),
                        r.registration_no
                            ? h(
                                  'span',
                                  { class: 'mono', 'data-testid': 'registration-no' },
                                  r.registration_no,
                              )
                            : null,
                    ),
                    item(t('status.reason'), r.decision_reason),
                    item(
                        t('status.identity'),
                        t(r.identity_verified ? 'status.identityYes' : 'status.identityNo'),
                    ),
                    r.set_aside
                        ? h(ElDescriptionsItem, { label: t('status.setAside') }, () =>
                              h(ElAlert, {
                                  type: 'warning',
                                  title: t('status.setAsideText'),
                                  closable: false,
                                  showIcon: true,
                                  'data-testid': 'status-set-aside',
                              }),
                          )
                        : null,
                ].filter(Boolean),
            );
        }

        // Who read my personal data: one row a read, newest first.
        function usage(items) {
            const col = (prop, label, fn) =>
                h(ElTableColumn, { prop, label }, fn ? { default: ({ row }) => fn(row) } : null);
            return h('div', { class: 'status-usage', 'data-testid': 'data-usage' }, [
                h('h2', { class: 'card-subtitle' }, t('status.usage.title')),
                h('p', { class: 'field-hint' }, t('status.usage.intro')),
                items.length === 0
                    ? h('p', { 'data-testid': 'data-usage-none' }, t('status.usage.none'))
                    : h(ElTable, { data: items, size: 'small', border: true }, () => [
                          col('at', t('status.usage.at'), (r) => r.at.replace('T', ' ').slice(0, 19)),
                          col('agency', t('status.usage.reader'), (r) =>
                              [r.agency, r.reader].filter(Boolean).join(' · '),
                          ),
                          col('action', t('status.usage.action'), (r) =>
                              t('status.usage.a.' + r.action),
                          ),
                          col('reason', t('status.usage.reason'), (r) => r.reason ?? '—'),
                      ]),
            ]);
        }

        return () =>
            h(PublicLayout, { narrow: true }, () =>
                h(ElCard, { shadow: 'never' }, {
                    header: () => h('h1', { class: 'card-title' }, t('status.title')),
                    default: () => [
                        h('p', t('status.intro')),
                        h(
                            ElForm,
                            {
                                labelPosition: 'top',
                                onSubmit: (ev) => {
                                    ev.preventDefault();
                                    submit();
                                },
                            },
                            () => [
                                h(ElFormItem, { label: t('status.no') }, () =>
                                    h(ElInput, {
                                        modelValue: form.no,
                                        'onUpdate:modelValue': (v) => (form.no = v),
                                        name: 'application_no',
                                        autocomplete: 'off',
                                    }),
                                ),
                                h(ElFormItem, { label: t('status.code') }, () =>
                                    h(ElInput, {
                                        modelValue: form.code,
                                        'onUpdate:modelValue': (v) => (form.code = v),
                                        name: 'query_code',
                                        autocomplete: 'off',
                                    }),
                                ),
                                state.error
                                    ? h(ElAlert, {
                                          type: 'error',
                                          title: state.error,
                                          closable: false,
                                          showIcon: true,
                                          class: 'form-error',
                                          'data-testid': 'status-error',
                                      })
                                    : null,
                                h(
                                    ElButton,
                                    { type: 'primary', nativeType: 'submit', loading: state.busy },
                                    () => t('status.submit'),
                                ),
                            ],
                        ),
                        state.result
                            ? h(
                                  'div',
                                  { class: 'status-result', 'data-testid': 'status-result' },
                                  result(state.result),
                              )
                            : null,
                        // issue 9: a registered applicant reports job search and employment
                        state.result && state.result.registration_no && !('local_no' in state.result)
                            ? h('p', { class: 'welcome-actions' }, h('a', {
                                  href: '#/self-report?no=' + encodeURIComponent(form.no.trim()) +
                                      '&code=' + encodeURIComponent(form.code.trim()),
                                  'data-testid': 'self-report-link',
                              }, t('sr.link')))
                            : null,
                        state.result
                            ? h(ConsultCard, { region: state.result.register_region ?? '' })
                            : null,
                        state.result && state.usage ? usage(state.usage) : null,
                    ],
                }),
            );
    },
};
