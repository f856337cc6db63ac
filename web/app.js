// app.js — the web UI's entry: hash routing, the staff-session guard and the Element Plus locale.
//
// Routes (location.hash; router.js keeps path and query):
//   #/                          applicant landing page (also anything unknown)
//   #/apply                     online application form
//   #/status?no=N&code=Q        check an application's progress (both optional)
//   #/lists?tab=T&region=R&q=Q  the policy, service and agency lists (§4(二), 附件4), public
//   #/staff/login               staff login
//   #/staff                     staff workbench
//   #/staff/applications        the queue (?status=S&overdue=true)
//   #/staff/applications/new    窗口受理: the application form at the counter
//   #/staff/applications/{no}   one application: data, checks, decision
//   #/staff/flags               false-information flags and credit records (flags.js)
//   #/staff/exits?status=S      exit proposals to confirm or dismiss (exitpanel.js)
//   #/staff/registrations/{no}/services   a registration's tracked services (track.js)
//   #/staff/exchange            全国平台对接: the exchange's timeliness (hub) or backlog (local)
//   #/staff/report              统计报表: the monthly report with its charts (issue 10)
//   #/staff/quality?period=P&region=R   数据质量通报: the data-quality bulletin and ranking
//   #/staff/lists?kind=K        清单管理: keep the three lists (admin, supervisor)
//   #/staff/jobs                vacancies: list, add, close, import CSV
//   #/staff/registrations/{no}/matches   a registered person's job matches with the reasons
//   #/staff/registrations       registered people (?mine=true&tier=T&category=C&served_as=S&overdue=true)
//   #/staff/registrations/{no}  one registration: person, profile, tier, services, contacts
// Every #/staff route but the login needs a session, else goes to the login.
//   #/staff/account             one's own account: password, second factor, logout everywhere
//   #/staff/users               (admin) reset a user's password or second factor
//   #/staff/audit               (auditor, admin) the audit log's export
// Every #/staff route but the login needs a session, else goes to the login; a session whose
// role requires a second factor not yet enrolled goes to #/staff/account until it is.
// The server also serves this page for paths under /staff/ and /apply/; such a path is turned
// into the matching hash route on load so bookmarks of either form work.

import { createApp, h, watchEffect } from 'vue';
import { ElConfigProvider } from 'element-plus';
import { elementLocale, applyDocumentLang } from './i18n.js';
import { session, restore } from './session.js';
import { route, go, href, replace } from './router.js';
import { LandingPage } from './pages/landing.js';
import { ApplyPage } from './pages/apply.js';
import { StatusPage } from './pages/status.js';
import { LoginPage } from './pages/login.js';
import { StaffLayout, WorkbenchHome } from './pages/workbench.js';
import { QueuePage } from './pages/queue.js';
import { CounterPage } from './pages/counter.js';
import { ApplicationPage } from './pages/application.js';
import { TrackPage } from './pages/track.js';
import { FlagsPage } from './pages/flags.js';
import { AccountPage } from './pages/account.js';
import { UsersPage } from './pages/users.js';
import { AuditPage } from './pages/audit.js';
import { ExchangePage } from './pages/exchange.js';
import { ReportPage } from './pages/report.js';
import { QualityPage } from './pages/quality.js';
import { ListsPage } from './pages/lists.js';
import { ListAdminPage } from './pages/listadmin.js';
import { JobsPage } from './pages/jobs.js';
import { MatchesPage } from './pages/matches.js';
import { RegistrationsPage } from './pages/registrations.js';
import { RegistrationPage } from './pages/registration.js';
import { SelfReportPage } from './pages/selfreport.js';
import { FollowupPage } from './pages/followup.js';
import { ExitsPage } from './pages/exitpanel.js';

const PUBLIC = {
    '/': LandingPage,
    '/apply': ApplyPage,
    '/status': StatusPage,
    '/lists': ListsPage,
    '/self-report': SelfReportPage, // issue 9
};

// /staff/... and /apply/... without a hash: move onto the hash route at /.
if (!location.hash) {
    const p = location.pathname;
    if (p.startsWith('/staff')) replace('/staff');
    else if (p.startsWith('/apply')) replace('/apply');
}

// The page inside the staff frame for a #/staff path.
function staffPage(path) {
    if (path === '/staff/account' || session.user?.totp_enrolment_required ||
        session.user?.password_change_required)
        return h(AccountPage, { onLogout: () => go('/staff/login') });
    if (path === '/staff/users') return h(UsersPage);
    if (path === '/staff/audit') return h(AuditPage);
    if (path === '/staff/followup') return h(FollowupPage, { query: route.query }); // issue 9
    if (path === '/staff/exits') return h(ExitsPage, { query: route.query }); // issue 9
    if (path === '/staff/applications') return h(QueuePage, { query: route.query });
    if (path === '/staff/applications/new') return h(CounterPage);
    const tr = /^\/staff\/registrations\/([^/]+)\/services$/.exec(path);
    if (tr) {
        const no = decodeURIComponent(tr[1]);
        return h(TrackPage, { key: no, no });
    }
    if (path === '/staff/exchange') return h(ExchangePage);
    if (path === '/staff/report') return h(ReportPage);
    if (path === '/staff/quality') return h(QualityPage, { query: route.query });
    if (path === '/staff/lists') return h(ListAdminPage);
    if (path === '/staff/jobs') return h(JobsPage);
    if (path === '/staff/flags') return h(FlagsPage); // issue 9: false information
    const mm = /^\/staff\/registrations\/([^/]+)\/matches$/.exec(path);
    if (mm) {
        const no = decodeURIComponent(mm[1]);
        return h(MatchesPage, { key: no, no });
    }
    const m = /^\/staff\/applications\/([^/]+)$/.exec(path);
    if (m) {
        const no = decodeURIComponent(m[1]);
        return h(ApplicationPage, { key: no, no });
    }
    if (path === '/staff/registrations') return h(RegistrationsPage, { query: route.query });
    const r = /^\/staff\/registrations\/([^/]+)$/.exec(path);
    if (r) {
        const no = decodeURIComponent(r[1]);
        return h(RegistrationPage, { key: no, no });
    }
    return h(WorkbenchHome);
}

// Where a staff route sent to the login was going; the login continues there.
let afterLogin = null;

// Off the login page once there is a user (called by the guard and by the login page, whichever
// comes first; the second finds the route already changed).
function leaveLogin() {
    if (route.path !== '/staff/login') return;
    const target = afterLogin ?? '/staff';
    afterLogin = null;
    replace(target);
}

const Root = {
    name: 'UregApp',
    setup() {
        // The staff guard: once the session is known, staff pages need a user and the login
        // page is skipped for one who has it.
        watchEffect(() => {
            // Applicants never need the staff session: ask the server only on a staff route.
            if (!session.checked) {
                // (Called outside the effect, so what restore() reads is not tracked here.)
                if (route.path.startsWith('/staff')) Promise.resolve().then(restore);
                return;
            }
            const r = route.path;
            const staffOnly = r.startsWith('/staff') && r !== '/staff/login';
            if (staffOnly && !session.user) {
                afterLogin = href(r, route.query);
                replace('/staff/login');
            } else if (r === '/staff/login' && session.user) leaveLogin();
        });

        function page() {
            const r = route.path;
            if (r === '/staff/login') return h(LoginPage, { onDone: leaveLogin });
            if (r.startsWith('/staff')) {
                if (!session.user) return h('div', { class: 'loading', 'aria-busy': 'true' });
                return h(StaffLayout, { onLogout: () => go('/staff/login') }, () => staffPage(r));
            }
            // The key remounts a public page when its route changes (e.g. a new status query).
            return h(PUBLIC[r] ?? LandingPage, { key: href(r, route.query) });
        }

        return () => h(ElConfigProvider, { locale: elementLocale.value }, () => page());
    },
};

watchEffect(applyDocumentLang);
createApp(Root).mount('#app');
