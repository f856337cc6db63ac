// handover.js — 提供清单 on the case page (人社厅发〔2020〕3号 §4(二), 附件4): one action records that
// the policy, service and agency lists were handed to the person (POST
// /api/v1/registrations/{no}/lists-handed: a lists_handed service record naming every entry and
// its version in force that day for the person's region), then shows what was named and offers
// the person's copy of the agency list: XLSX and CSV downloads in the 附件4 layout and the public
// list page, which prints. ListsHandover emits `changed` after the record, so the case page
// reloads its timeline.

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { post } from '../api.js';

const KINDS = ['policy', 'service', 'agency'];

export const ListsHandover = {
    name: 'ListsHandover',
    props: { regNo: { type: String, required: true } },
    emits: ['changed'],
    setup(props, { emit }) {
        const st = reactive({ lists: [...KINDS], note: '', busy: false, error: '', done: null });
        async function hand() {
            st.error = '';
            st.busy = true;
            try {
                st.done = await post(
                    `/api/v1/registrations/${encodeURIComponent(props.regNo)}/lists-handed`,
                    { lists: st.lists, note: st.note });
                st.note = '';
                emit('changed');
            } catch (e) {
                st.error = e.message;
            } finally {
                st.busy = false;
            }
        }

        function summary(d) {
            return h('div', { 'data-testid': 'handed' }, [
                h('p', t('handover.done', { date: d.date })),
                h('ul', { class: 'handed-lists' }, Object.entries(d.lists).map(([kind, entries]) =>
                    h('li', { 'data-testid': `handed-${kind}` }, [
                        h('strong', t('handover.kind.' + kind) + ' '),
                        entries.length
                            ? entries.map((e) => `${e.name}（v${e.version}）`).join('、')
                            : t('handover.empty'),
                    ]))),
                d.agency_export ? h('p', { class: 'handed-export' }, [
                    h('a', { href: d.agency_export.xlsx, download: '', 'data-testid': 'handed-xlsx' },
                        t('handover.xlsx')),
                    ' · ',
                    h('a', { href: d.agency_export.csv, download: '', 'data-testid': 'handed-csv' },
                        t('handover.csv')),
                    ' · ',
                    h('a', { href: `#/lists?tab=agency&region=${encodeURIComponent(d.region)}`,
                        target: '_blank', rel: 'noopener', 'data-testid': 'handed-print' },
                    t('handover.print')),
                ]) : null,
            ]);
        }

        return () => h(ElCard, { shadow: 'never', class: 'detail-card', 'data-testid': 'handover' }, {
            header: () => h('h2', { class: 'card-title' }, t('handover.title')),
            default: () => [
                h('p', { class: 'muted' }, t('handover.lead')),
                h(ElCheckboxGroup, { modelValue: st.lists, 'onUpdate:modelValue': (v) => (st.lists = v),
                    'data-testid': 'handover-lists' }, () => KINDS.map((k) =>
                    h(ElCheckbox, { value: k, label: k }, () => t('handover.kind.' + k)))),
                h(ElInput, { modelValue: st.note, name: 'handover-note', placeholder: t('handover.note'),
                    class: 'handover-note', 'onUpdate:modelValue': (v) => (st.note = v) }),
                st.error ? h(ElAlert, { type: 'error', title: st.error, closable: false,
                    'data-testid': 'handover-error' }) : null,
                h(ElButton, { type: 'primary', loading: st.busy, onClick: hand,
                    'data-testid': 'hand-lists' }, () => t('handover.button')),
                st.done ? summary(st.done) : null,
            ],
        });
    },
};
