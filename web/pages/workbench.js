// workbench.js — the staff frame after login: StaffLayout is a header (system name, the user,
// role and region, language toggle, logout) and the side menu of the work areas around the
// page of the current route; WorkbenchHome (#/staff) is the welcome card and the caseworker's due
// list (registrations.js DueCard). 工作台, 申请受理 (#/staff/applications) and 登记人员
// (#/staff/registrations) are open; the other work areas arrive in later releases and are shown
// disabled, marked 即将上线. No figures are shown until there are real ones to show.

import { h } from 'vue';
import {
    ElAside,
    ElButton,
    ElCard,
    ElContainer,
    ElHeader,
    ElMain,
    ElMenu,
    ElMenuItem,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { session, logout } from '../session.js';
import { go, route } from '../router.js';
import { LangToggle } from './layout.js';
import { DueCard } from './registrations.js';

// The work areas, in menu order; those with a route can be opened; `roles` limits an area to
// the roles whose permissions the server grants for it (清单管理: PERM_CATALOG).
const MENU = [
    { key: 'home', label: 'wb.menu.home', to: '/staff' },
    { key: 'intake', label: 'wb.menu.intake', to: '/staff/applications' },
    { key: 'lists', label: 'wb.menu.lists', to: '/staff/lists', roles: ['admin', 'supervisor'] },
    { key: 'people', label: 'wb.menu.people', to: '/staff/registrations' },
    { key: 'jobs', label: 'wb.menu.jobs', to: '/staff/jobs' },
    // 注销建议 (#/staff/exits) is part of 跟踪回访: its page, not a menu entry of its own.
    { key: 'followup', label: 'wb.menu.followup', to: '/staff/followup', also: ['/staff/exits'] },
    { key: 'stats', label: 'wb.menu.stats', to: '/staff/report', roles: ['supervisor', 'statistician'] },
    { key: 'audit', label: 'wb.menu.audit', to: '/staff/audit', roles: ['auditor', 'admin'] },
    { key: 'users', label: 'wb.menu.users', to: '/staff/users', roles: ['admin'] },
    { key: 'account', label: 'wb.menu.account', to: '/staff/account' },
    // Only for the roles the server lets read it (the stats permission).
    { key: 'exchange', label: 'wb.menu.exchange', to: '/staff/exchange',
        roles: ['supervisor', 'statistician'] },
    // issue 9: false information
    { key: 'flags', label: 'wb.menu.flags', to: '/staff/flags', roles: ['caseworker', 'supervisor'] },
];

// The menu entry of the current route: the longest `to` the path starts with.
function activeKey(path) {
    let best = MENU[0];
    for (const m of MENU) {
        if (m.to && (path === m.to || path.startsWith(m.to + '/')) && m.to.length > best.to.length)
            best = m;
        if (m.also?.some((p) => path === p || path.startsWith(p + '/'))) return m.key;
    }
    return best.key;
}

export const StaffLayout = {
    name: 'StaffLayout',
    emits: ['logout'],
    setup(props, { emit, slots }) {
        async function onLogout() {
            try {
                await logout();
            } catch {
                // The local session is gone either way (session.logout); the server's expires.
            }
            emit('logout');
        }

        function header(user) {
            const role = t('role.' + user.role);
            return h(ElHeader, { class: 'wb-header', height: 'auto' }, () => [
                h('div', { class: 'brand' }, [
                    h('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }),
                    h('span', t('app.name')),
                    h('span', { class: 'brand-short' }, t('app.short')),
                ]),
                h('div', { class: 'wb-user' }, [
                    h('span', { class: 'wb-username', 'data-testid': 'user-name' }, user.username),
                    h(ElTag, { size: 'small', disableTransitions: true }, () => role),
                    user.region
                        ? h(
                              'span',
                              { class: 'wb-region' },
                              `${t('wb.region')} ${user.region_name || user.region}`,
                          )
                        : null,
                    h(LangToggle),
                    h(ElButton, { size: 'small', 'data-testid': 'logout', onClick: onLogout }, () =>
                        t('wb.logout'),
                    ),
                ]),
            ]);
        }

        function soonTag() {
            const attrs = { size: 'small', type: 'info', class: 'soon', disableTransitions: true };
            return h(ElTag, attrs, () => t('wb.soon'));
        }

        const visibleMenu = () =>
            MENU.filter((m) => !m.roles || m.roles.includes(session.user?.role));

        function menu() {
            const onSelect = (key) => {
                const m = MENU.find((x) => x.key === key);
                if (m?.to) go(m.to);
            };
            return h(
                ElMenu,
                { defaultActive: activeKey(route.path), class: 'wb-menu', onSelect },
                () =>
                    visibleMenu().map((m) =>
                        h(
                            ElMenuItem,
                            { index: m.key, disabled: !m.to, 'data-testid': 'menu-' + m.key },
                            () => [h('span', t(m.label)), m.to ? null : soonTag()],
                        ),
                    ),
            );
        }

        return () => {
            const user = session.user;
            if (!user) return null;
            return h(ElContainer, { class: 'wb', direction: 'vertical' }, () => [
                header(user),
                h(ElContainer, null, () => [
                    h(ElAside, { class: 'wb-aside', width: 'auto' }, () => menu()),
                    h(ElMain, { class: 'wb-main' }, () => slots.default?.()),
                ]),
            ]);
        };
    },
};

export const WorkbenchHome = {
    name: 'WorkbenchHome',
    setup() {
        function welcome(user) {
            const text = t('wb.welcomeText', {
                role: t('role.' + user.role),
                region: user.region_name || user.region || '',
            });
            return h(
                ElCard,
                { shadow: 'never', class: 'welcome' },
                {
                    header: () =>
                        h('h1', { class: 'card-title' }, t('wb.welcome', { name: user.username })),
                    default: () => [
                        h('p', text),
                        h('p', { class: 'welcome-actions' }, [
                            h(
                                ElButton,
                                { tag: 'a', href: '#/staff/applications', type: 'primary' },
                                () => t('wb.toQueue'),
                            ),
                            h(ElButton, { tag: 'a', href: '#/staff/applications/new' }, () =>
                                t('queue.counter'),
                            ),
                            h(ElButton, { tag: 'a', href: '#/staff/registrations' }, () =>
                                t('wb.toPeople'),
                            ),
                            serves(user)
                                ? h(ElButton, { tag: 'a', href: '#/staff/exits', 'data-testid': 'wb-exits' },
                                    () => t('exit.link'))
                                : null,
                        ]),
                    ],
                },
            );
        }

        // The due list is the caseworker's (and a supervisor's, for the region's people).
        const serves = (u) => u.role === 'caseworker' || u.role === 'supervisor';
        return () =>
            session.user
                ? h('div', { class: 'wb-home' }, [
                      welcome(session.user),
                      serves(session.user) ? h(DueCard) : null,
                  ])
                : null;
    },
};
