// apply.js — the online application, #/apply. The form (附件1) arrives in a later release; until
// then the page says so and points to the counter, rather than showing a form that goes nowhere.

import { h } from 'vue';
import { ElButton, ElResult } from 'element-plus';
import { t } from '../i18n.js';
import { PublicLayout } from './layout.js';

export const ApplyPage = {
    name: 'ApplyPage',
    setup() {
        return () =>
            h(PublicLayout, { narrow: true }, () =>
                h(ElResult, { icon: 'info', title: t('apply.title'), subTitle: t('apply.soon') }, {
                    extra: () =>
                        h(ElButton, { tag: 'a', href: '#/' }, () => t('nav.back')),
                }),
            );
    },
};
