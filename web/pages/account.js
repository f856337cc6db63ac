// account.js — the staff user's own account, #/staff/account: change the password (the
// server's password policy decides, its message is shown as is), enrol a second factor
// (POST /api/v1/session/totp gives the secret and the otpauth:// URI, shown as text to type or
// paste into an authenticator app; a code from the app confirms it), and log out everywhere.
// A user whose role requires a second factor lands here until one is enrolled, and a user whose
// password an administrator reset until it is changed (app.js).

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { session } from '../session.js';

// An alert for a result: {type, text} or nothing.
function note(msg, testid) {
    return msg?.text
        ? h(ElAlert, { type: msg.type, title: msg.text, closable: false, showIcon: true,
              class: 'form-error', 'data-testid': testid })
        : null;
}

function field(form, key, label, attrs = {}) {
    return h(ElFormItem, { label }, () =>
        h(ElInput, { modelValue: form[key], 'onUpdate:modelValue': (v) => (form[key] = v),
            name: key, ...attrs }));
}

const PasswordCard = {
    name: 'PasswordCard',
    setup() {
        const form = reactive({ old_password: '', new_password: '', again: '' });
        const state = reactive({ busy: false, msg: null });
        async function submit() {
            if (form.new_password !== form.again) {
                state.msg = { type: 'error', text: t('account.mismatch') };
                return;
            }
            state.busy = true;
            try {
                await post('/api/v1/session/password', { old_password: form.old_password,
                    new_password: form.new_password });
                Object.assign(form, { old_password: '', new_password: '', again: '' });
                state.msg = { type: 'success', text: t('account.changed') };
                // A session limited to this change (an admin's reset) is a full one now.
                if (session.user?.password_change_required) {
                    const data = await restoreUser();
                    if (data) session.user = data;
                }
            } catch (e) {
                state.msg = { type: 'error', text: e.message };
            } finally {
                state.busy = false;
            }
        }
        const pw = { type: 'password', showPassword: true };
        return () => h(ElCard, { shadow: 'never', class: 'account-card' }, {
            header: () => h('h2', { class: 'card-title' }, t('account.password')),
            default: () => h(ElForm, { labelPosition: 'top', onSubmit: (ev) => {
                ev.preventDefault();
                submit();
            } }, () => [
                session.user?.password_change_required
                    ? h(ElAlert, { type: 'warning', title: t('account.mustChange'), closable: false,
                          showIcon: true, 'data-testid': 'password-change-required' })
                    : null,
                h('p', { class: 'hint' }, t('account.policy')),
                field(form, 'old_password', t('account.old'), { ...pw, autocomplete: 'current-password' }),
                field(form, 'new_password', t('account.new'), { ...pw, autocomplete: 'new-password' }),
                field(form, 'again', t('account.again'), { ...pw, autocomplete: 'new-password' }),
                note(state.msg, 'password-result'),
                h(ElButton, { type: 'primary', nativeType: 'submit', loading: state.busy },
                    () => t('account.change')),
            ]),
        });
    },
};

const TotpCard = {
    name: 'TotpCard',
    setup() {
        const form = reactive({ code: '' });
        const state = reactive({ busy: false, msg: null, secret: '', uri: '', done: false });
        async function begin() {
            state.busy = true;
            try {
                const r = await post('/api/v1/session/totp');
                state.secret = r.secret;
                state.uri = r.otpauth_uri;
                state.msg = null;
            } catch (e) {
                state.msg = { type: 'error', text: e.message };
            } finally {
                state.busy = false;
            }
        }
        async function confirm() {
            state.busy = true;
            try {
                await post('/api/v1/session/totp/confirm', { code: form.code.trim() });
                state.done = true;
                state.secret = state.uri = form.code = '';
                state.msg = { type: 'success', text: t('account.totpOn') };
                // A limited session is a full one now: ask the server again.
                const data = await restoreUser();
                if (data) session.user = data;
            } catch (e) {
                state.msg = { type: 'error', text: e.message };
            } finally {
                state.busy = false;
            }
        }
        return () => h(ElCard, { shadow: 'never', class: 'account-card' }, {
            header: () => h('h2', { class: 'card-title' }, t('account.totp')),
            default: () => [
                h('p', { class: 'hint' }, t('account.totpHint')),
                session.user?.totp_enrolment_required
                    ? h(ElAlert, { type: 'warning', title: t('account.totpRequired'), closable: false,
                          showIcon: true, 'data-testid': 'totp-required' })
                    : null,
                state.secret
                    ? h('div', { class: 'totp-secret' }, [
                          h('p', t('account.secret')),
                          h('code', { 'data-testid': 'totp-secret' }, state.secret),
                          h('p', t('account.uri')),
                          h('code', { class: 'totp-uri', 'data-testid': 'totp-uri' }, state.uri),
                          h(ElForm, { labelPosition: 'top', onSubmit: (ev) => {
                              ev.preventDefault();
                              confirm();
                          } }, () => [
                              field(form, 'code', t('account.code'), { inputmode: 'numeric',
                                  maxlength: 6, autocomplete: 'one-time-code',
                                  'data-testid': 'totp-code' }),
                              h(ElButton, { type: 'primary', nativeType: 'submit', loading: state.busy },
                                  () => t('account.confirm')),
                          ]),
                      ])
                    : h(ElButton, { onClick: begin, loading: state.busy, 'data-testid': 'totp-begin' },
                          () => t('account.totpBegin')),
                note(state.msg, 'totp-result'),
            ],
        });
    },
};

// GET /api/v1/session again, for the user object after a change on the server.
async function restoreUser() {
    const r = await get('/api/v1/session');
    return r?.user ?? null;
}

export const AccountPage = {
    name: 'AccountPage',
    emits: ['logout'],
    setup(props, { emit }) {
        const state = reactive({ msg: null });
        async function everywhere() {
            try {
                await post('/api/v1/session/logout-all');
                session.user = null;
                emit('logout');
            } catch (e) {
                state.msg = { type: 'error', text: e.message };
            }
        }
        return () => h('div', { class: 'account' }, [
            h('h1', { class: 'page-title' }, t('account.title')),
            h(PasswordCard),
            h(TotpCard),
            h(ElCard, { shadow: 'never', class: 'account-card' }, {
                header: () => h('h2', { class: 'card-title' }, t('account.sessions')),
                default: () => [
                    h('p', { class: 'hint' }, t('account.everywhereHint')),
                    h(ElButton, { type: 'danger', plain: true, onClick: everywhere,
                        'data-testid': 'logout-all' }, () => t('account.everywhere')),
                    note(state.msg, 'sessions-result'),
                ],
            }),
        ]);
    },
};
