// session.js — who is logged in, as far as this tab knows.
//
// `session.user` is null until login() or restore() succeeds. The server is the authority:
// restore() asks GET /api/v1/session once, when a staff page is first opened (applicant pages
// never ask); a 401 means "not logged in". `session.checked` turns true once the answer is in,
// so staff pages do not flash the login form for a user who is in fact logged in.

import { reactive } from 'vue';
import { request, csrf } from './api.js';

export const session = reactive({ user: null, checked: false });

let restoring = null;

// Ask the server once; later calls share the same answer.
export function restore() {
    restoring ??= ask();
    return restoring;
}

async function ask() {
    let user = null;
    let token = null;
    try {
        const data = await request('GET', '/api/v1/session');
        user = data?.user ?? null;
        token = data?.csrf_token ?? null;
    } catch {
        // 401 (no session), or the server cannot be reached: the login page will say more.
    }
    // A login that finished while we were asking is newer than this answer.
    if (session.checked) return;
    session.user = user;
    // The server hands the token back with the user; keep ours should one ever not.
    if (token || !user) csrf.set(token);
    session.checked = true;
}

// Rejects with the ApiError of a failed login (login_failed, login_throttled, totp_required,
// totp_invalid, ...). `totpCode`: the second factor's code, when the user has one.
export async function login(username, password, totpCode) {
    const body = { username, password };
    if (totpCode) body.totp_code = totpCode;
    const data = await request('POST', '/api/v1/session', body);
    csrf.set(data.csrf_token);
    session.user = data.user;
    session.checked = true;
}

// Forgets the session locally even when the server cannot be reached.
export async function logout() {
    try {
        await request('DELETE', '/api/v1/session');
    } finally {
        csrf.set(null);
        session.user = null;
    }
}
