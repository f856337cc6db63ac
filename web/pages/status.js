// status.js — an applicant checks an application, #/status: application number + query code →
// GET /api/v1/public/applications/{no}?query_code=Q (CONTRACT.md). A wrong pair answers 404,
// shown as the server's message; nothing else about the application is revealed.

import { h, reactive } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDescriptions,
    ElDescriptionsItem,
    ElForm,
    ElFormItem,
    ElInput,
} from 'element-plus';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { PublicLayout } from './layout.js';

export const StatusPage = {
    name: 'StatusPage',
    setup() {
        const form = reactive({ no: '', code: '' });
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
                state.error = e.message;
            } finally {
                state.busy = false;
            }
        }

        function result(r) {
            const item = (label, value) =>
                value ? h(ElDescriptionsItem, { label }, () => value) : null;
            return h(ElDescriptions, { title: t('status.result'), column: 1, border: true }, () =>
                [
                    item(t('status.no'), r.application_no),
                    item(t('status.status'), t('status.s.' + r.status)),
                    item(t('status.deadline'), r.deadline),
                    item(t('status.regNo'), r.registration_no),
                    item(t('status.reason'), r.decision_reason),
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
                            ? h('div', { class: 'status-result' }, result(state.result))
                            : null,
                    ],
                }),
            );
    },
};
