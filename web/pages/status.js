// status.js — an applicant checks an application, #/status: application number + query code →
// GET /api/v1/public/applications/{no}?query_code=Q (CONTRACT.md). A wrong pair answers 404,
// shown as "not found, check both"; nothing else about the application is revealed.
// #/status?no=N&code=Q (the link on the receipt) fills both in and asks at once.

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
        const state = reactive({ busy: false, error: '', result: null });

        async function submit() {
            state.error = '';
            state.result = null;
            const no = form.no.trim();
            const code = form.code.trim();
            if (!no || !code) {
                state.error = t('status.required');
                return;
            }
            state.busy = true;
            try {
                state.result = await get(
                    `/api/v1/public/applications/${encodeURIComponent(no)}` +
                        `?query_code=${encodeURIComponent(code)}`,
                );
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
                        state.result
                            ? h(ConsultCard, { region: state.result.register_region ?? '' })
                            : null,
                    ],
                }),
            );
    },
};
