// consult.js — consultation (notice §8: 公开线下服务机构和线上服务途径 … 做好与12333等咨询服务渠道
// 的衔接): the 12333 hotline, the public employment service agencies with their phones and
// addresses, and the online routes, from GET /api/v1/public/consultation?region=CODE. On the
// national hub the agencies are the lists the local systems published. Shown on the landing
// page and under a status answer (with the application's register region when known).

import { h, reactive, watch } from 'vue';
import { ElCard, ElTable, ElTableColumn } from 'element-plus';
import { lang, t } from '../i18n.js';
import { get } from '../api.js';

export const ConsultCard = {
    name: 'ConsultCard',
    props: { region: { type: String, default: '' } },
    setup(props) {
        const state = reactive({ data: null, error: '' });
        async function load() {
            try {
                const q = props.region ? `?region=${encodeURIComponent(props.region)}` : '';
                state.data = await get(`/api/v1/public/consultation${q}`);
                state.error = '';
            } catch (e) {
                state.error = e.message;
            }
        }
        watch(() => props.region, load, { immediate: true });

        return () => {
            const d = state.data;
            return h(ElCard, { class: 'info-card consult', shadow: 'never', 'data-testid': 'consult' }, {
                header: () => h('h2', t('consult.title')),
                default: () => [
                    h('p', { class: 'consult-hotline' }, [
                        t('consult.hotline'),
                        ' ',
                        h('strong', { 'data-testid': 'hotline' }, d?.hotline ?? '12333'),
                    ]),
                    state.error ? h('p', { class: 'muted' }, state.error) : null,
                    d && d.agencies.length
                        ? h(ElTable, { data: d.agencies, size: 'small', 'data-testid': 'consult-agencies' }, () => [
                              h(ElTableColumn, { prop: 'name', label: t('consult.agency') }),
                              h(ElTableColumn, { prop: 'phone', label: t('consult.phone'), width: 140 }),
                              h(ElTableColumn, { prop: 'address', label: t('consult.address') }),
                          ])
                        : null,
                    d
                        ? h('div', { class: 'consult-online' }, [
                              h('h3', t('consult.online')),
                              h('ul', d.online.map((o) =>
                                  h('li', h('a', { href: o.url }, lang.value === 'en' ? o.name_en : o.name_zh)))),
                          ])
                        : null,
                ],
            });
        };
    },
};
