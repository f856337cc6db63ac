// app.js — the web UI's entry: hash routing, the staff-session guard and the Element Plus locale.
//
// Routes (location.hash):
//   #/             applicant landing page (also anything unknown)
//   #/apply        online application (opens in a later release)
//   #/status       check an application's progress
//   #/staff/login  staff login
//   #/staff        staff workbench; needs a session, else goes to the login
// The server also serves this page for paths under /staff/ and /apply/; such a path is turned
// into the matching hash route on load so bookmarks of either form work.

import { createApp, h, ref, watchEffect } from 'vue';
import { ElConfigProvider } from 'element-plus';
import { elementLocale, applyDocumentLang } from './i18n.js';
import { session, restore } from './session.js';
import { LandingPage } from './pages/landing.js';
import { ApplyPage } from './pages/apply.js';
import { StatusPage } from './pages/status.js';
import { LoginPage } from './pages/login.js';
import { WorkbenchPage } from './pages/workbench.js';

const PUBLIC = { '/': LandingPage, '/apply': ApplyPage, '/status': StatusPage };

function currentRoute() {
    const r = location.hash.replace(/^#/, '').replace(/\/+$/, '');
    return r || '/';
}

function go(route) {
    location.hash = '#' + route;
}

function replace(route) {
    history.replaceState(null, '', '/#' + route);
    routeRef.value = route;
}

// /staff/... and /apply/... without a hash: move onto the hash route at /.
if (!location.hash) {
    const p = location.pathname;
    if (p.startsWith('/staff')) history.replaceState(null, '', '/#/staff');
    else if (p.startsWith('/apply')) history.replaceState(null, '', '/#/apply');
}

const routeRef = ref(currentRoute());
window.addEventListener('hashchange', () => {
    routeRef.value = currentRoute();
    window.scrollTo(0, 0);
});

const Root = {
    name: 'UregApp',
    setup() {
        // The staff guard: once the session is known, the workbench needs a user and the login
        // page is skipped for one who has it.
        watchEffect(() => {
            // Applicants never need the staff session: ask the server only on a staff route.
            if (!session.checked) {
                // (Called outside the effect, so what restore() reads is not tracked here.)
                if (routeRef.value.startsWith('/staff')) Promise.resolve().then(restore);
                return;
            }
            const r = routeRef.value;
            const staffOnly = r.startsWith('/staff') && r !== '/staff/login';
            if (staffOnly && !session.user) replace('/staff/login');
            else if (r === '/staff/login' && session.user) replace('/staff');
        });

        function page() {
            const r = routeRef.value;
            if (r === '/staff/login') return h(LoginPage, { onDone: () => go('/staff') });
            if (r.startsWith('/staff')) {
                if (!session.user) return h('div', { class: 'loading', 'aria-busy': 'true' });
                return h(WorkbenchPage, { onLogout: () => go('/staff/login') });
            }
            return h(PUBLIC[r] ?? LandingPage);
        }

        return () => h(ElConfigProvider, { locale: elementLocale.value }, () => page());
    },
};

watchEffect(applyDocumentLang);
createApp(Root).mount('#app');
