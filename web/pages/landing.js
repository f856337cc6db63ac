// landing.js — the applicant's front page: what 失业登记 is, who may apply, what to bring, the
// written promise and the deadline (人社厅发〔2020〕3号 §1–§3), the ways in, and the public
// lists of §4(二) (#/lists).
// Static text only; every sentence lives in i18n.js.

import { h } from 'vue';
import { ElButton, ElCard } from 'element-plus';
import { t } from '../i18n.js';
import { PublicLayout, link } from './layout.js';
import { ConsultCard } from './consult.js';

function section(titleKey, body) {
    return h(ElCard, { class: 'info-card', shadow: 'never' }, {
        header: () => h('h2', t(titleKey)),
        default: () => body,
    });
}

function list(keys) {
    return h('ul', keys.map((k) => h('li', t(k))));
}

export const LandingPage = {
    name: 'LandingPage',
    setup() {
        return () =>
            h(PublicLayout, null, () => [
                h('section', { class: 'hero' }, [
                    h('h1', t('landing.title')),
                    h('p', { class: 'lead' }, t('landing.lead')),
                    h('div', { class: 'hero-actions' }, [
                        h(
                            ElButton,
                            { tag: 'a', href: '#/apply', type: 'primary', size: 'large' },
                            () => t('landing.apply'),
                        ),
                        h(ElButton, { tag: 'a', href: '#/status', size: 'large' }, () =>
                            t('landing.status'),
                        ),
                        h(
                            ElButton,
                            { tag: 'a', href: '#/lists', size: 'large', 'data-testid': 'to-lists' },
                            () => t('landing.lists'),
                        ),
                    ]),
                ]),
                h('div', { class: 'info-grid' }, [
                    section(
                        'landing.who.title',
                        list([
                            'landing.who.age',
                            'landing.who.state',
                            'landing.who.place',
                            'landing.who.hkmotw',
                        ]),
                    ),
                    section(
                        'landing.docs.title',
                        list(['landing.docs.mainland', 'landing.docs.hkmotw']),
                    ),
                    section('landing.promise.title', h('p', t('landing.promise.text'))),
                    section('landing.time.title', h('p', t('landing.time.text'))),
                    section('landing.channels.title', h('p', t('landing.channels.text'))),
                    section('landing.listsCard.title', [
                        h('p', t('landing.listsCard.text')),
                        h('p', [
                            link('/lists?tab=policy', t('lists.kind.policy')),
                            ' · ',
                            link('/lists?tab=service', t('lists.kind.service')),
                            ' · ',
                            link('/lists?tab=agency', t('lists.kind.agency')),
                        ]),
                    ]),
                ]),
                h(ConsultCard),
                h('p', { class: 'staff-entry' }, link('/staff/login', t('landing.staff'))),
            ]);
    },
};
