// workbench.js — the staff frame after login, #/staff: a header (system name, the user, role
// and region, language toggle, logout), the side menu of the work areas and the welcome card.
// Work areas other than 工作台 arrive in later releases and are shown disabled, marked 即将上线.
// No figures are shown until there are real ones to show.

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
import { LangToggle } from './layout.js';

// The work areas, in menu order; `ready` ones can be opened.
const MENU = [
    { key: 'home', label: 'wb.menu.home', ready: true },
    { key: 'intake', label: 'wb.menu.intake' },
    { key: 'people', label: 'wb.menu.people' },
    { key: 'followup', label: 'wb.menu.followup' },
    { key: 'stats', label: 'wb.menu.stats' },
];

export const WorkbenchPage = {
    name: 'WorkbenchPage',
    emits: ['logout'],
    setup(props, { emit }) {
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
                        ? h('span', { class: 'wb-region' }, `${t('wb.region')} ${user.region_name || user.region}`)
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

        function menu() {
            return h(ElMenu, { defaultActive: 'home', class: 'wb-menu' }, () =>
                MENU.map((m) =>
                    h(ElMenuItem, { index: m.key, disabled: !m.ready }, () => [
                        h('span', t(m.label)),
                        m.ready ? null : soonTag(),
                    ]),
                ),
            );
        }

        function welcome(user) {
            const text = t('wb.welcomeText', {
                role: t('role.' + user.role),
                region: user.region_name || user.region || '',
            });
            return h(ElCard, { shadow: 'never', class: 'welcome' }, {
                header: () =>
                    h('h1', { class: 'card-title' }, t('wb.welcome', { name: user.username })),
                default: () => h('p', text),
            });
        }

        return () => {
            const user = session.user;
            if (!user) return null;
            return h(ElContainer, { class: 'wb', direction: 'vertical' }, () => [
                header(user),
                h(ElContainer, null, () => [
                    h(ElAside, { class: 'wb-aside', width: 'auto' }, () => menu()),
                    h(ElMain, { class: 'wb-main' }, () => welcome(user)),
                ]),
            ]);
        };
    },
};
