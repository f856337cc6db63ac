// layout.js — pieces every page shares: the language toggle and the frame of the public pages
// (a top bar with the system name, the language toggle and the staff entrance).
//
// Components here and in the other pages are written with render functions (h), not template
// strings: Vue compiles templates with `new Function`, which the server's Content-Security-Policy
// (no 'unsafe-eval') forbids.

import { h } from 'vue';
import { ElButton } from 'element-plus';
import { t, toggleLang } from '../i18n.js';

export const LangToggle = {
    name: 'LangToggle',
    setup() {
        return () =>
            h(
                ElButton,
                {
                    class: 'lang-toggle',
                    'data-testid': 'lang-toggle',
                    size: 'small',
                    round: true,
                    title: t('lang.switchTitle'),
                    onClick: toggleLang,
                },
                () => t('lang.switch'),
            );
    },
};

// A plain link that the hash router picks up; `to` is a route such as '/apply'.
export function link(to, text, attrs = {}) {
    return h('a', { href: '#' + to, ...attrs }, text);
}

export const PublicLayout = {
    name: 'PublicLayout',
    // narrow: one small card (login, status); width 'form': the application form.
    props: { narrow: Boolean, width: String },
    setup(props, { slots }) {
        return () =>
            h('div', { class: 'public' }, [
                h('header', { class: 'public-bar' }, [
                    h('a', { class: 'brand', href: '#/' }, [
                        h('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }),
                        h('span', t('app.name')),
                    ]),
                    h('nav', { class: 'public-nav' }, [
                        link('/staff/login', t('nav.staff'), { class: 'staff-link' }),
                        h(LangToggle),
                    ]),
                ]),
                h(
                    'main',
                    {
                        class: [
                            'public-main',
                            props.narrow && 'narrow',
                            props.width === 'form' && 'form-width',
                        ],
                    },
                    slots.default?.(),
                ),
                h('footer', { class: 'public-foot' }, t('landing.source')),
            ]);
    },
};
