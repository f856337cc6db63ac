// router.js — the hash route as reactive state, shared by app.js and the pages.
//
// A route is the part of location.hash after '#': a path and an optional query, e.g.
// '/staff/applications?status=pending_review&overdue=true'. `route.path` has no trailing slash
// ('/' when empty); `route.query` is a plain object of strings. go() adds a history entry (the
// back button returns), replace() does not. Query values are URL-encoded here, so callers pass
// plain strings.

import { reactive } from 'vue';

export const route = reactive(parse(location.hash));

function parse(hash) {
    const raw = hash.replace(/^#/, '');
    const q = raw.indexOf('?');
    const path = (q < 0 ? raw : raw.slice(0, q)).replace(/\/+$/, '') || '/';
    const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
    return { path, query };
}

// '/status' + {no: 'X'} → '/status?no=X'; empty and null values are left out.
export function href(path, query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
        if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    return s ? `${path}?${s}` : path;
}

function sync() {
    const r = parse(location.hash);
    route.path = r.path;
    route.query = r.query;
}

window.addEventListener('hashchange', () => {
    sync();
    window.scrollTo(0, 0);
});

export function go(path, query) {
    location.hash = '#' + href(path, query);
}

export function replace(path, query) {
    history.replaceState(null, '', '/#' + href(path, query));
    sync();
}
