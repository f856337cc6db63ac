// api.js — the one way the web UI talks to the server.
//
// `request(method, path, body)` sends JSON, sends the session's CSRF token on every
// state-changing request (CONTRACT.md: X-CSRF-Token), and resolves to the parsed JSON body
// (null for an empty body). Any non-2xx answer rejects with an ApiError carrying the contract
// error shape {code, message, field} and the HTTP status; a network failure rejects with
// code "network". The session cookie itself is HttpOnly: the browser sends it, we never see it.
// The CSRF token lives in sessionStorage so a reload keeps it and closing the tab forgets it.

import { acceptLanguage, t } from './i18n.js';

const CSRF_KEY = 'ureg.csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export class ApiError extends Error {
    constructor(status, code, message, field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field ?? null;
    }
}

export const csrf = {
    get() {
        try {
            return sessionStorage.getItem(CSRF_KEY);
        } catch {
            return null;
        }
    },
    set(token) {
        try {
            if (token) sessionStorage.setItem(CSRF_KEY, token);
            else sessionStorage.removeItem(CSRF_KEY);
        } catch {
            // Without storage the token is lost on reload; the next login sets a new one.
        }
    },
};

export async function request(method, path, body) {
    const headers = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    if (!SAFE_METHODS.has(method)) {
        const token = csrf.get();
        if (token) headers['X-CSRF-Token'] = token;
    }

    let res;
    try {
        res = await fetch(path, init);
    } catch {
        throw new ApiError(0, 'network', t('error.network'), null);
    }

    const text = await res.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = null;
        }
    }
    if (res.ok) return data;

    const e = data && typeof data.error === 'object' ? data.error : null;
    throw new ApiError(
        res.status,
        e?.code ?? 'http_' + res.status,
        e?.message || t('error.unknown', { status: res.status }),
        e?.field,
    );
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = (path, body) => request('PUT', path, body ?? {});
export const del = (path) => request('DELETE', path);
