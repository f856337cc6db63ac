// exitpanel.js — exits (注销, 人社厅发〔2020〕3号 §5 ¶2) for the caseworker and the supervisor.
//
//   ExitPanel {reg, onChanged}   on the case page (registration.js): the exit in force with its
//       reason, day, source, evidence and whether the person was told (§5: 以适当方式予以告知,
//       except 移居境外、被判刑收监执行、死亡及无法取得联系 — notified null); the supervisor's
//       撤销注销 with a required reason (POST .../exit/revert). An active registration shows its
//       open proposals (confirm with an optional note, dismiss with a note: caseworker) and the
//       caseworker's form to record an exit (POST .../exit): the reasons a caseworker may apply
//       (by_caseworker in the exit_reason code table, src/rules/exit.c), the 24 subkind, the day,
//       the evidence the reason rests on, a note (required for 90). An error the server names a
//       field for is shown on that field (evidence.KEY on the evidence field); nothing is saved.
//   ExitsPage {query}   #/staff/exits?status=open|confirmed|dismissed: the exit proposals of the
//       caller's region (GET /api/v1/exit-proposals), each with its registration's link, reason,
//       source, evidence and, for a caseworker, confirm / dismiss.
// The server stays the authority: the lists here only choose what the form offers.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDatePicker,
    ElDescriptions,
    ElDescriptionsItem,
    ElDialog,
    ElForm,
    ElFormItem,
    ElInput,
    ElInputNumber,
    ElOption,
    ElRadio,
    ElRadioButton,
    ElRadioGroup,
    ElSelect,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { codeName, codes, codeLabel, loadCodes } from '../refdata.js';
import { session } from '../session.js';
import { go } from '../router.js';
import { caseHref } from './registrations.js';

// The rule of each exit reason comes with its code table (GET /api/v1/codes/exit_reason, from
// src/rules/exit.c): by_caseworker (31 and 32 are the follow-up batch's, 22 is never applied),
// and the evidence key a caseworker's exit must carry (none for 90, whose note says the reason).
const evidenceKey = (code) => codes('exit_reason').find((c) => c.code === code)?.evidence ?? null;
const isEvidenceKey = (k) => codes('exit_reason').some((c) => c.evidence === k);
const SUBKINDS = ['school', 'military', 'emigration'];
const DATASETS = ['insurance', 'employment_filings', 'business_licences', 'pensions', 'deaths',
    'custody', 'ssc_holders'];
const STATUS_TAG = { open: 'warning', confirmed: 'success', dismissed: 'info' };

const role = () => session.user?.role ?? '';

// "11 被用人单位录用或招聘", with the 24 subkind ("（入学）").
export function reasonText(code, subkind) {
    const name = codeName('exit_reason', code);
    return subkind ? `${name}（${t('exit.sub.' + subkind)}）` : name;
}

export const sourceText = (source) => (source ? t('exit.src.' + source) : '—');

// An exit's or a proposal's evidence in words: the dataset record (its event day and where it
// is: file and line, or import number and line), the self-report, the follow-up counter with the
// contacts behind it, or the caseworker's evidence; any other key as key: value.
export function evidenceText(ev) {
    const e = ev && typeof ev === 'object' ? ev : {};
    const parts = [];
    const done = new Set(['source', 'generated', 'contact_ids', 'last_contact_id', 'contact_id']);
    if (e.counter) {
        parts.push(e.counter === 'refusals'
            ? t('exit.ev.refusals', { n: e.refusals ?? e.contacts ?? '' })
            : t('exit.ev.unreachable', { n: e.months ?? '', since: e.unreachable_since ?? '' }));
        if (e.contact_dates?.length) parts.push(t('fu.behind', { dates: e.contact_dates.join('、') }));
        ['counter', 'refusals', 'months', 'unreachable_since', 'contact_dates', 'contacts']
            .forEach((k) => done.add(k));
    } else if (e.source === 'self_report') {
        parts.push(t('exit.ev.selfReport', { date: e.reported_on ?? '', employer: e.employer ?? '' }));
        done.add('reported_on').add('employer');
    } else if (DATASETS.includes(e.source)) {
        parts.push(t('exit.ev.record', { source: t('exit.ds.' + e.source), date: e.event_date ?? '' }));
        if (e.line && e.file) parts.push(t('exit.ev.fileLine', { file: e.file, line: e.line }));
        else if (e.line && e.import_id) parts.push(t('exit.ev.importLine', { id: e.import_id, line: e.line }));
        ['event_date', 'line', 'file', 'import_id'].forEach((k) => done.add(k));
    } else if (typeof e.contacts === 'number') {
        parts.push(t('exit.ev.contacts', { n: e.contacts }));
        done.add('contacts');
    }
    for (const [k, v] of Object.entries(e)) {
        if (done.has(k) || v === '' || v === null || typeof v === 'object') continue;
        const known = isEvidenceKey(k);
        parts.push((known ? t('exit.evk.' + k) : k) + '：' + v);
    }
    if (e.generated) parts.push(t('exit.ev.generated'));
    return parts.length ? parts.join('；') : '—';
}

// Whether the person was told: null — not owed (§5's exceptions), false — owed, true — sent.
function notifiedTag(n) {
    const [type, key] = n === true ? ['success', 'exit.notified.yes']
        : n === false ? ['warning', 'exit.notified.pending'] : ['info', 'exit.notified.none'];
    return h(ElTag, { type, size: 'small', disableTransitions: true, 'data-testid': 'exit-notified' },
        () => t(key));
}

const alert = (text, type = 'error') =>
    text ? h(ElAlert, { type, title: text, closable: false, showIcon: true, class: 'form-error' }) : null;

// --- proposals: the table and the confirm / dismiss dialog --------------------------------------

function dialogState() {
    return reactive({ open: false, kind: '', id: 0, note: '', error: '', noteError: '', busy: false });
}

function proposalDialog(d, reload) {
    async function send() {
        d.busy = true;
        d.error = '';
        d.noteError = '';
        try {
            await post(`/api/v1/exit-proposals/${d.id}/${d.kind}`, d.note ? { note: d.note } : {});
            d.open = false;
            await reload();
        } catch (e) {
            if (e.field === 'note') d.noteError = e.message;
            else d.error = e.message;
        } finally {
            d.busy = false;
        }
    }
    return h(ElDialog, { modelValue: d.open, 'onUpdate:modelValue': (v) => (d.open = v),
        title: t(d.kind === 'confirm' ? 'exit.confirmTitle' : 'exit.dismissTitle'), width: '32rem' }, {
        default: () => [
            alert(d.error),
            h('p', { class: 'hint' }, t(d.kind === 'confirm' ? 'exit.confirmHint' : 'exit.dismissHint')),
            h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() }, () =>
                h(ElFormItem, { label: t(d.kind === 'confirm' ? 'exit.noteOptional' : 'exit.noteRequired'),
                    error: d.noteError, 'data-field': 'note' }, () =>
                    h(ElInput, { type: 'textarea', rows: 3, modelValue: d.note, 'data-testid': 'proposal-note',
                        'onUpdate:modelValue': (v) => { d.note = v; d.noteError = ''; } }))),
        ],
        footer: () => [
            h(ElButton, { onClick: () => (d.open = false) }, () => t('case.cancel')),
            h(ElButton, { type: d.kind === 'confirm' ? 'danger' : 'primary', loading: d.busy,
                'data-testid': 'proposal-send', onClick: send }, () => t(d.kind === 'confirm'
                ? 'exit.confirm' : 'exit.dismiss')),
        ],
    });
}

// The proposals `items` as a table; withCase adds the registration's link.
function proposalTable(items, d, withCase, busy) {
    const open = (kind, row) => Object.assign(d, { open: true, kind, id: row.id, note: '', error: '',
        noteError: '' });
    const col = (label, fn, extra = {}) => h(ElTableColumn, { label, ...extra }, { default: ({ row }) => fn(row) });
    return h(ElTable, { data: items, rowKey: 'id', size: 'small', border: true, 'data-testid': 'exit-proposals',
        emptyText: busy ? t('queue.loading') : t('exit.noProposals') }, () => [
        withCase ? col(t('case.title'), (r) => h('a', { href: caseHref(r.registration_no), class: 'mono',
            'data-testid': 'proposal-case' }, r.registration_no), { minWidth: 160 }) : null,
        col(t('exit.reason'), (r) => reasonText(r.reason_code, r.subkind), { minWidth: 120 }),
        col(t('exit.date'), (r) => r.date, { width: 100 }),
        col(t('exit.source'), (r) => sourceText(r.source), { width: 100 }),
        col(t('exit.evidence'), (r) => h('span', { 'data-testid': 'proposal-evidence' }, evidenceText(r.evidence)),
            { minWidth: 180 }),
        col(t('exit.proposedAt'), (r) => (r.proposed_at ?? '').slice(0, 10), { width: 100 }),
        col(t('exit.status'), (r) => h(ElTag, { type: STATUS_TAG[r.status], size: 'small', disableTransitions: true,
            'data-testid': 'proposal-status' }, () => t('exit.st.' + r.status)), { width: 90 }),
        col(t('exit.decision'), (r) => {
            if (r.status !== 'open') {
                return [(r.decided_at ?? '').slice(0, 10), r.decision_note ? '：' + r.decision_note : ''].join('');
            }
            if (role() !== 'caseworker') return '—';
            return [
                h(ElButton, { size: 'small', type: 'danger', 'data-testid': 'proposal-confirm',
                    onClick: () => open('confirm', r) }, () => t('exit.confirm')),
                h(ElButton, { size: 'small', 'data-testid': 'proposal-dismiss',
                    onClick: () => open('dismiss', r) }, () => t('exit.dismiss')),
            ];
        }, { width: 160, fixed: 'right' }),
    ]);
}

// --- the case page's panel --------------------------------------------------------------------

const emptyExit = () => ({ reason_code: '', subkind: '', date: '', evidence: '', note: '' });

// The POST body of the exit form: the evidence under the reason's key (a number for 13).
function exitBody(f) {
    const body = { reason_code: f.reason_code, date: f.date, note: f.note };
    if (f.reason_code === '24') body.subkind = f.subkind;
    const key = evidenceKey(f.reason_code);
    body.evidence = {};
    if (key && f.evidence !== '' && f.evidence !== null && f.evidence !== undefined)
        body.evidence[key] = key === 'monthly_income' ? Number(f.evidence) : f.evidence;
    return body;
}

// The form's prop for a server field: evidence.KEY → evidence.
const propOf = (field) => (field?.startsWith('evidence') ? 'evidence' : field);

export const ExitPanel = {
    name: 'ExitPanel',
    props: { reg: { type: Object, required: true } },
    emits: ['changed'],
    setup(props, { emit }) {
        const s = reactive({ form: null, errors: {}, error: '', busy: false, ready: false,
            revert: null, revertError: '', revertFieldError: '' });
        const d = dialogState();
        const base = () => `/api/v1/registrations/${encodeURIComponent(props.reg.registration_no)}`;
        const changed = async () => emit('changed');
        // The panel is drawn once the reasons' rules are here (or failed to come: codes then).
        loadCodes('exit_reason').catch(() => {}).finally(() => (s.ready = true));

        async function submitExit() {
            s.errors = {};
            s.error = '';
            s.busy = true;
            try {
                await post(base() + '/exit', exitBody(s.form));
                s.form = null;
                await changed();
            } catch (e) {
                if (e.field) s.errors = { [propOf(e.field)]: e.message };
                else s.error = e.message;
            } finally {
                s.busy = false;
            }
        }

        async function submitRevert() {
            s.revertError = '';
            s.revertFieldError = '';
            s.busy = true;
            try {
                await post(base() + '/exit/revert', { reason: s.revert.reason });
                s.revert = null;
                await changed();
            } catch (e) {
                if (e.field === 'reason') s.revertFieldError = e.message;
                else s.revertError = e.message;
            } finally {
                s.busy = false;
            }
        }

        // A form item bound to s.form[prop], its error from the server's field.
        function item(prop, label, control) {
            const f = s.form;
            return h(ElFormItem, { label, error: s.errors[prop] ?? '', 'data-field': prop }, () => control({
                modelValue: f[prop],
                'onUpdate:modelValue': (v) => {
                    f[prop] = v;
                    if (s.errors[prop]) s.errors = {};
                    if (prop === 'reason_code') { f.evidence = ''; f.subkind = ''; }
                },
            }));
        }
        const date = (a) => h(ElDatePicker, { ...a, type: 'date', valueFormat: 'YYYY-MM-DD', format: 'YYYY-MM-DD',
            placeholder: 'YYYY-MM-DD', class: 'date-input' });

        function exitForm() {
            const f = s.form;
            const key = evidenceKey(f.reason_code);
            const reasons = codes('exit_reason').filter((c) => c.by_caseworker);
            const evidence = key === 'monthly_income'
                ? (a) => h(ElInputNumber, { ...a, min: 0, step: 100, modelValue: a.modelValue === '' ? undefined : a.modelValue })
                : key === 'pension_start' ? date : (a) => h(ElInput, { ...a, name: 'evidence' });
            return h('div', { class: 'record-form', 'data-testid': 'exit-form' }, [
                h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() }, () => [
                    item('reason_code', t('exit.reason'), (a) => h(ElSelect, { ...a, placeholder: t('form.pick'),
                        popperClass: 'code-popper' }, () => reasons.map((c) =>
                        h(ElOption, { value: c.code, label: `${c.code} ${codeLabel(c)}` })))),
                    f.reason_code === '24' ? item('subkind', t('exit.subkind'), (a) =>
                        h(ElRadioGroup, { ...a, class: 'choice-group' }, () => SUBKINDS.map((k) =>
                            h(ElRadio, { value: k }, () => t('exit.sub.' + k))))) : null,
                    item('date', t('exit.date'), date),
                    key ? item('evidence', t('exit.evk.' + key), evidence) : null,
                    item('note', t(f.reason_code === '90' ? 'exit.noteLocal' : 'exit.note'), (a) =>
                        h(ElInput, { ...a, type: 'textarea', rows: 2, name: 'note' })),
                ]),
                f.reason_code ? h('p', { class: 'hint' }, t('exit.notifyHint')) : null,
                alert(s.error),
                h(ElButton, { type: 'danger', loading: s.busy, onClick: submitExit, 'data-testid': 'exit-submit' },
                    () => t('exit.submit')),
                h(ElButton, { onClick: () => (s.form = null) }, () => t('case.cancel')),
            ]);
        }

        function current(r) {
            const x = r.exit;
            const row = (label, value, testid) => h(ElDescriptionsItem, { label }, () =>
                h('span', { 'data-testid': testid }, value === '' || value == null ? '—' : value));
            return [
                h(ElDescriptions, { column: 2, border: true, class: 'detail-table', 'data-testid': 'exit-current' }, () => [
                    row(t('exit.reason'), reasonText(x.reason_code, x.subkind), 'exit-reason'),
                    row(t('exit.date'), x.date, 'exit-date'),
                    row(t('exit.source'), sourceText(x.source), 'exit-source'),
                    h(ElDescriptionsItem, { label: t('exit.notified') }, () => notifiedTag(x.notified)),
                    row(t('exit.evidence'), evidenceText(x.evidence), 'exit-evidence'),
                    row(t('exit.note'), x.note, 'exit-note'),
                ]),
                role() === 'supervisor' && !s.revert
                    ? h(ElButton, { type: 'warning', class: 'exit-revert', 'data-testid': 'exit-revert',
                        onClick: () => { s.revert = { reason: '' }; s.revertError = ''; s.revertFieldError = ''; } },
                    () => t('exit.revert'))
                    : null,
                s.revert ? h('div', { class: 'record-form', 'data-testid': 'revert-form' }, [
                    h('p', { class: 'hint' }, t('exit.revertHint')),
                    h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() }, () =>
                        h(ElFormItem, { label: t('exit.revertReason'), error: s.revertFieldError, 'data-field': 'reason' },
                            () => h(ElInput, { type: 'textarea', rows: 2, modelValue: s.revert.reason,
                                'onUpdate:modelValue': (v) => { s.revert.reason = v; s.revertFieldError = ''; } }))),
                    alert(s.revertError),
                    h(ElButton, { type: 'warning', loading: s.busy, onClick: submitRevert, 'data-testid': 'revert-submit' },
                        () => t('exit.revert')),
                    h(ElButton, { onClick: () => (s.revert = null) }, () => t('case.cancel')),
                ]) : null,
            ];
        }

        return () => {
            const r = props.reg;
            const proposals = r.exit_proposals ?? [];
            const caseworker = role() === 'caseworker';
            if (!s.ready || (r.status === 'active' && !proposals.length && !caseworker)) return null;
            return h(ElCard, { shadow: 'never', class: 'detail-card', 'data-testid': 'exit-panel' }, {
                header: () => h('div', { class: 'card-head' }, [
                    h('h2', { class: 'card-title' }, t('exit.title')),
                    r.status === 'active' && caseworker && !s.form
                        ? h(ElButton, { size: 'small', type: 'danger', plain: true, 'data-testid': 'exit-new',
                            onClick: () => { s.errors = {}; s.error = ''; s.form = emptyExit(); } }, () => t('exit.new'))
                        : null,
                ]),
                default: () => r.status === 'exited' && r.exit ? current(r) : [
                    proposals.length ? [
                        h('h3', { class: 'sub-title' }, t('exit.openProposals')),
                        proposalTable(proposals, d, false, false),
                    ] : null,
                    s.form ? exitForm() : null,
                    proposalDialog(d, changed),
                ],
            });
        };
    },
};

// --- #/staff/exits ------------------------------------------------------------------------------

export const ExitsPage = {
    name: 'ExitsPage',
    props: { query: { type: Object, default: () => ({}) } },
    setup(props) {
        const s = reactive({ items: [], busy: false, error: '' });
        const d = dialogState();
        const status = () => props.query.status ?? 'open';

        async function load() {
            s.busy = true;
            s.error = '';
            try {
                const [data] = await Promise.all([
                    get('/api/v1/exit-proposals?status=' + encodeURIComponent(status())),
                    loadCodes('exit_reason').catch(() => {}),
                ]);
                s.items = data.items;
            } catch (e) {
                s.error = e.message;
            } finally {
                s.busy = false;
            }
        }
        watch(() => props.query.status, load, { immediate: true });

        return () => h(ElCard, { shadow: 'never', 'data-testid': 'exits-page' }, {
            header: () => h('div', { class: 'card-head' }, [
                h('h1', { class: 'card-title' }, t('exit.pageTitle')),
                h('span', { class: 'card-head-actions' }, [h(ElRadioGroup, { modelValue: status(), size: 'small',
                    'onUpdate:modelValue': (v) => go('/staff/exits', { status: v }) }, () =>
                    ['open', 'confirmed', 'dismissed'].map((v) =>
                        h(ElRadioButton, { value: v, 'data-testid': 'exits-' + v }, () => t('exit.st.' + v)))),
                h(ElButton, { size: 'small', onClick: load }, () => t('queue.refresh')),
                h('a', { href: '#/staff/followup', class: 'back-link' }, t('fu.title'))]),
            ]),
            default: () => [
                h('p', { class: 'field-hint' }, t('exit.pageHint')),
                alert(s.error),
                proposalTable(s.items, d, true, s.busy),
                proposalDialog(d, load),
            ],
        });
    },
};
