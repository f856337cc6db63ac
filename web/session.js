// session.js — who is logged in, as far as this tab knows.
//
// `session.user` is null until login() or restore() succeeds. The server is the authority:
// restore() asks GET /api/v1/session on page load, and any 401 from it means "not logged in".
// `session.checked` turns true once that first answer is in, so staff pages do not flash the
// login form for a user who is in fact logged in.

import { reactive } from 'vue';
import { request, csrf } from './api.js';

export const session = reactive({ user: null, checked: false });

export async function restore() {
    try {
        const data = await request('GET', '/api/v1/session');
        session.user = data?.user ?? null;
        // A server may hand the token back here too; keep ours otherwise (same session).
        if (data?.csrf_token) csrf.set(data.csrf_token);
    } catch (e) {
        session.user = null;
        if (e.status === 401) csrf.set(null);
    } finally {
        session.checked = true;
    }
}

// Rejects with the ApiError of a failed login (login_failed, login_throttled, ...).
export async function login(username, password) {
    const data = await request('POST', '/api/v1/session', { username, password });
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
