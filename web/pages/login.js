// login.js — staff login, #/staff/login: POST /api/v1/session through session.login(). A
// failure shows the server's message for its code (login_failed, login_throttled, ...) as is.
// On success the router (app.js) moves on to the workbench.

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { login } from '../session.js';
import { PublicLayout } from './layout.js';

export const LoginPage = {
    name: 'LoginPage',
    emits: ['done'],
    setup(props, { emit }) {
        const form = reactive({ username: '', password: '' });
        const state = reactive({ busy: false, error: '' });

        async function submit() {
            state.error = '';
            if (!form.username.trim() || !form.password) {
                state.error = t('login.required');
                return;
            }
            state.busy = true;
            try {
                await login(form.username.trim(), form.password);
                form.password = '';
                emit('done');
            } catch (e) {
                state.error = e.message;
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
