// login.js — staff login, #/staff/login: POST /api/v1/session through session.login(). A
// failure shows the server's message for its code (login_failed, login_throttled, ...) as is.
// A user with a second factor is asked for the authenticator's code when the server answers
// totp_required: the code field appears and the login is sent again with it. On success the
// router (app.js) moves on to the workbench.

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { login } from '../session.js';
import { PublicLayout } from './layout.js';

export const LoginPage = {
    name: 'LoginPage',
    emits: ['done'],
    setup(props, { emit }) {
        const form = reactive({ username: '', password: '', code: '' });
        const state = reactive({ busy: false, error: '', needCode: false });

        async function submit() {
            state.error = '';
            if (!form.username.trim() || !form.password) {
                state.error = t('login.required');
                return;
            }
            if (state.needCode && !/^[0-9]{6}$/.test(form.code.trim())) {
                state.error = t('login.codeRequired');
                return;
            }
            state.busy = true;
            try {
                await login(form.username.trim(), form.password, state.needCode ? form.code.trim() : '');
                form.password = '';
                form.code = '';
                emit('done');
            } catch (e) {
                if (e.code === 'totp_required') {
                    state.needCode = true;
                    state.error = '';
                } else {
                    state.error = e.message;
                }
            } finally {
                state.busy = false;
            }
        }

        const input = (key, attrs) =>
            h(ElInput, {
                modelValue: form[key],
                'onUpdate:modelValue': (v) => (form[key] = v),
                name: key,
                ...attrs,
            });

        return () =>
            h(PublicLayout, { narrow: true }, () =>
                h(ElCard, { class: 'login-card', shadow: 'never' }, {
                    header: () => h('h1', { class: 'card-title' }, t('login.title')),
                    default: () =>
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
                                h(ElFormItem, { label: t('login.username') }, () =>
                                    input('username', { autocomplete: 'username' }),
                                ),
                                h(ElFormItem, { label: t('login.password') }, () =>
                                    input('password', {
                                        type: 'password',
                                        autocomplete: 'current-password',
                                        showPassword: true,
                                    }),
                                ),
                                state.needCode
                                    ? h(ElFormItem, { label: t('login.code') }, () =>
                                          input('code', {
                                              autocomplete: 'one-time-code',
                                              inputmode: 'numeric',
                                              maxlength: 6,
                                              'data-testid': 'login-code',
                                          }),
                                      )
                                    : null,
                                state.error
                                    ? h(ElAlert, {
                                          type: 'error',
                                          title: state.error,
                                          closable: false,
                                          showIcon: true,
                                          class: 'form-error',
                                          'data-testid': 'login-error',
                                      })
                                    : null,
                                h(
                                    ElButton,
                                    {
                                        type: 'primary',
                                        nativeType: 'submit',
                                        loading: state.busy,
                                        class: 'wide',
                                    },
                                    () => t('login.submit'),
                                ),
                            ],
                        ),
                }),
            );
    },
};
