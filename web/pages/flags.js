// flags.js — false information (notice §5 ¶1: 对提供虚假信息骗取失业保险待遇、就业创业扶持政策的，
// 纳入人社信用体系) for the caseworker and the supervisor.
//
//   FlagsPanel {applicationNo | registrationNo}   the flags of one case with their evidence
//       (the dataset, the event date, why), the review (确认不实 / 排除 with a note: caseworker),
//       and the case's credit records (录入信用记录 on a confirmed flag: caseworker; 提交 and
//       撤回 with a reason: supervisor). Mounted by the application page and the case page.
//   FlagsPage   #/staff/flags: the open flags of the caller's region (or another status), each
//       with its panel actions and a link to its application; the supervisor's exports of the
//       submitted credit records (CSV, JSON).
// GET /api/v1/flags, POST /api/v1/flags/{id}/review, POST /api/v1/flags/{id}/credit-records,
// POST /api/v1/credit-records/{id}/submit|withdraw, GET /api/v1/credit-records/export.csv|json.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDialog,
    ElForm,
    ElFormItem,
    ElInput,
    ElOption,
    ElSelect,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { session } from '../session.js';
import { href } from '../router.js';

const STATUS_TAG = { open: 'danger', confirmed: 'warning', dismissed: 'info' };
const CREDIT_TAG = { draft: 'info', submitted: 'danger', withdrawn: '' };
const role = () => session.user?.role ?? '';

// The dialog state shared by the actions: kind review | credit | withdraw.
function dialogState() {
    return reactive({ open: false, kind: '', id: 0, decision: '', text: '', error: '', busy: false });
}

// Run an action's request, then reload; its error stays in the dialog.
async function act(d, fn, reload) {
    d.busy = true;
    d.error = '';
    try {
        await fn();
        d.open = false;
        await reload();
    } catch (e) {
        d.error = e.message;
    } finally {
        d.busy = false;
    }
}

function evidenceText(f) {
    const e = f.evidence ?? {};
    return t('flag.evidence', {
        source: t('flag.src.' + e.source),
        date: e.event_date ?? '',
        basis: t('flag.basis.' + e.basis),
    });
}

// The buttons of one flag for the caller's role.
function flagActions(f, d) {
    const open = (kind, decision) => () =>
        Object.assign(d, { open: true, kind, id: f.id, decision, text: '', error: '' });
    const live = (f.credits ?? []).some((c) => c.status !== 'withdrawn');
    const out = [];
    if (role() === 'caseworker' && f.status === 'open') {
        out.push(h(ElButton, { size: 'small', type: 'danger', 'data-testid': 'flag-confirm',
            onClick: open('review', 'confirm') }, () => t('flag.confirm')));
        out.push(h(ElButton, { size: 'small', 'data-testid': 'flag-dismiss',
            onClick: open('review', 'dismiss') }, () => t('flag.dismiss')));
    }
    if (role() === 'caseworker' && f.status === 'confirmed' && !live)
        out.push(h(ElButton, { size: 'small', type: 'primary', 'data-testid': 'credit-new',
            onClick: open('credit', '') }, () => t('flag.creditNew')));
    return out;
}

// The credit records of one flag, with the supervisor's buttons.
function credits(f, d, reload) {
    const list = f.credits ?? [];
    if (!list.length) return null;
    return h('ul', { class: 'flag-credits' }, list.map((c) =>
        h('li', { 'data-testid': 'credit-' + c.id }, [
            h(ElTag, { type: CREDIT_TAG[c.status], size: 'small' }, () => t('credit.st.' + c.status)),
            ' ', c.facts, ' — ', t('credit.by', { by: c.recorded_by, decided: c.decided_by ?? '—' }),
            role() === 'supervisor' && c.status === 'draft'
                ? h(ElButton, { size: 'small', type: 'danger', 'data-testid': 'credit-submit',
                    onClick: () => act(d, () => post(`/api/v1/credit-records/${c.id}/submit`), reload) },
                () => t('credit.submit'))
                : null,
            role() === 'supervisor' && c.status !== 'withdrawn'
                ? h(ElButton, { size: 'small', 'data-testid': 'credit-withdraw',
                    onClick: () => Object.assign(d, { open: true, kind: 'withdraw', id: c.id, text: '', error: '' }) },
                () => t('credit.withdraw'))
                : null,
        ])));
}

function actionDialog(d, reload) {
    const title = d.kind === 'review' ? t('flag.' + d.decision)
        : d.kind === 'credit' ? t('flag.creditNew') : t('credit.withdraw');
    const label = d.kind === 'review' ? t('flag.note') : d.kind === 'credit' ? t('credit.facts')
        : t('credit.reason');
    const send = () => act(d, () => {
        if (d.kind === 'review')
            return post(`/api/v1/flags/${d.id}/review`, { decision: d.decision, note: d.text });
        if (d.kind === 'credit')
            return post(`/api/v1/flags/${d.id}/credit-records`, { facts: d.text });
        return post(`/api/v1/credit-records/${d.id}/withdraw`, { reason: d.text });
    }, reload);
    return h(ElDialog, { modelValue: d.open, 'onUpdate:modelValue': (v) => (d.open = v), title,
        width: '32rem' }, {
        default: () => [
            d.error ? h(ElAlert, { type: 'error', title: d.error, closable: false }) : null,
            h(ElForm, { labelPosition: 'top' }, () => h(ElFormItem, { label }, () =>
                h(ElInput, { type: 'textarea', rows: 4, modelValue: d.text, 'data-testid': 'flag-text',
                    'onUpdate:modelValue': (v) => (d.text = v) }))),
        ],
        footer: () => [
            h(ElButton, { onClick: () => (d.open = false) }, () => t('flag.cancel')),
            h(ElButton, { type: 'primary', loading: d.busy, 'data-testid': 'flag-send',
                onClick: send }, () => t('flag.send')),
        ],
    });
}

function flagTable(s, d, reload, withCase) {
    return h(ElTable, { data: s.items, rowKey: 'id', 'data-testid': 'flags-table' }, () => [
        withCase ? h(ElTableColumn, { label: t('flag.case'), minWidth: 200 }, {
            default: ({ row }) => h('a', { href: href('/staff/applications/' + row.application_no) },
                [row.application_no, ' ', row.name]),
        }) : null,
        h(ElTableColumn, { label: t('flag.check'), width: 120 },
            { default: ({ row }) => t('flag.check.' + row.check) }),
        h(ElTableColumn, { label: t('flag.evidenceCol'), minWidth: 220 },
            { default: ({ row }) => evidenceText(row) }),
        h(ElTableColumn, { label: t('flag.status'), width: 110 }, {
            default: ({ row }) => h(ElTag, { type: STATUS_TAG[row.status], 'data-testid': 'flag-status' },
                () => t('flag.st.' + row.status)),
        }),
        h(ElTableColumn, { label: t('flag.review'), minWidth: 220 }, {
            default: ({ row }) => [
                row.reviewed_by ? h('div', [row.reviewed_by, ': ', row.note]) : null,
                ...flagActions(row, d),
                credits(row, d, reload),
            ],
        }),
    ]);
}

// Load state `s` from GET /api/v1/flags?{query}.
function loader(s, query) {
    return async () => {
        try {
            s.items = (await get('/api/v1/flags?' + new URLSearchParams(query()).toString())).items;
            s.error = '';
        } catch (e) {
            s.error = e.message;
        }
    };
}

export const FlagsPanel = {
    name: 'FlagsPanel',
    props: { applicationNo: String, registrationNo: String },
    setup(props) {
        const s = reactive({ items: [], error: '' });
        const d = dialogState();
        const reload = loader(s, () => props.applicationNo
            ? { application_no: props.applicationNo } : { registration_no: props.registrationNo });
        watch(() => [props.applicationNo, props.registrationNo], reload, { immediate: true });
        return () => s.items.length || s.error
            ? h(ElCard, { shadow: 'never', class: 'detail-card', 'data-testid': 'flags-panel' }, {
                header: () => h('h2', t('flag.title')),
                default: () => [
                    s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false }) : null,
                    h('p', { class: 'hint' }, t('flag.hint')),
                    flagTable(s, d, reload, false),
                    actionDialog(d, reload),
                ],
            })
            : null;
    },
};

export const FlagsPage = {
    name: 'FlagsPage',
    setup() {
        const s = reactive({ items: [], error: '', status: 'open' });
        const d = dialogState();
        const reload = loader(s, () => ({ flag_status: s.status }));
        watch(() => s.status, reload, { immediate: true });
        return () => h(ElCard, { shadow: 'never', 'data-testid': 'flags-page' }, {
            header: () => h('h1', t('flag.pageTitle')),
            default: () => [
                h('p', { class: 'hint' }, t('flag.hint')),
                h(ElSelect, { modelValue: s.status, 'onUpdate:modelValue': (v) => (s.status = v),
                    'data-testid': 'flags-status' }, () => ['open', 'confirmed', 'dismissed'].map((v) =>
                    h(ElOption, { value: v, label: t('flag.st.' + v) }))),
                role() === 'supervisor' ? h('span', { class: 'flag-export' }, [
                    h('a', { href: '/api/v1/credit-records/export.csv', 'data-testid': 'credit-export-csv',
                        download: 'credit-records.csv' }, t('credit.exportCsv')), ' ',
                    h('a', { href: '/api/v1/credit-records/export.json', 'data-testid': 'credit-export-json',
                        download: 'credit-records.json' }, t('credit.exportJson')),
                ]) : null,
                s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false }) : null,
                s.items.length ? flagTable(s, d, reload, true)
                    : h('p', { 'data-testid': 'flags-empty' }, t('flag.none')),
                actionDialog(d, reload),
            ],
        });
    },
};
