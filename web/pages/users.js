// users.js — the admin's account resets, #/staff/users: set a user's password (the password
// policy applies; the user's sessions end and a login lock is lifted) and remove a user's
// second factor (a lost phone). POST /api/v1/users/{username}/password and .../totp/reset.

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { post } from '../api.js';

export const UsersPage = {
    name: 'UsersPage',
    setup() {
        const form = reactive({ username: '', new_password: '' });
        const state = reactive({ busy: false, msg: null });
        const path = (tail) => `/api/v1/users/${encodeURIComponent(form.username.trim())}/${tail}`;

        async function run(fn) {
            if (!form.username.trim()) {
                state.msg = { type: 'error', text: t('users.usernameRequired') };
                return;
            }
            state.busy = true;
            try {
                state.msg = { type: 'success', text: await fn() };
            } catch (e) {
                state.msg = { type: 'error', text: e.message };
            } finally {
                state.busy = false;
            }
        }
        const resetPassword = () => run(async () => {
            const r = await post(path('password'), { new_password: form.new_password });
            form.new_password = '';
            return t('users.passwordReset', { n: r.sessions_ended });
        });
        const resetTotp = () => run(async () => {
            await post(path('totp/reset'));
            return t('users.totpReset');
        });

        const input = (key, attrs = {}) => h(ElInput, { modelValue: form[key], name: key,
            'onUpdate:modelValue': (v) => (form[key] = v), ...attrs });
        return () => h(ElCard, { shadow: 'never', class: 'account-card' }, {
            header: () => h('h1', { class: 'card-title' }, t('users.title')),
            default: () => h(ElForm, { labelPosition: 'top', onSubmit: (ev) => {
                ev.preventDefault();
                resetPassword();
            } }, () => [
                h('p', { class: 'hint' }, t('users.hint')),
                h(ElFormItem, { label: t('login.username') }, () => input('username',
                    { autocomplete: 'off' })),
                h(ElFormItem, { label: t('users.newPassword') }, () => input('new_password',
                    { type: 'password', showPassword: true, autocomplete: 'new-password' })),
                state.msg ? h(ElAlert, { type: state.msg.type, title: state.msg.text, closable: false,
                    showIcon: true, class: 'form-error', 'data-testid': 'users-result' }) : null,
                h(ElButton, { type: 'primary', nativeType: 'submit', loading: state.busy },
                    () => t('users.resetPassword')),
                h(ElButton, { onClick: resetTotp, loading: state.busy, 'data-testid': 'totp-reset' },
                    () => t('users.resetTotp')),
            ]),
        });
    },
};
