// track.js — a registered person's tracked services (notice §4(三)–(七)) for the caseworker:
// training and start-up referrals, 创业担保贷款 through its steps, 就业困难人员 recognition, the
// assistance plan and its dated steps, 公益性岗位, policy applications, the hand-over of an
// unemployment-insurance claim.
//
//   TrackPanel {no}   the items of registration `no` with their steps; 新增服务事项 opens a form,
//                     each item's next statuses (the server's `next`) are buttons that open a
//                     step form. GET/POST /api/v1/registrations/{no}/items[/{id}/steps].
//   TrackPage {no}    #/staff/registrations/{no}/services: the panel on its own page (the case
//                     page, registration.js, shows the same panel). What falls due is on the
//                     workbench's due list (GET /api/v1/due, kind tracked_item).
//
// Dates default to the server's today (the list's `today`: the development clock in tests).
// What a kind must carry (amount, category, plan, due date, caseworker, evidence) mirrors
// rules/track.c's table; the server checks it again and its error lands on the field.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElDatePicker,
    ElDialog,
    ElForm,
    ElFormItem,
    ElInput,
    ElInputNumber,
    ElOption,
    ElSelect,
    ElTable,
    ElTableColumn,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { codes, codeLabel, loadCodes } from '../refdata.js';
import { TRACK_KINDS } from '../vocab.js';

const STEP_TYPES = ['counselling', 'training', 'job_referral', 'public_welfare_post', 'other'];

// The fields a kind shows beyond kind, subject, date and note (rules/track.c's needs).
const NEEDS = {
    startup_loan: ['amount'],
    difficulty_recognition: ['category', 'evidence'],
    assistance_plan: ['caseworker'],
    plan_step: ['parent', 'step', 'due'],
};
const needs = (kind, what) => (NEEDS[kind] ?? []).includes(what);

const kindName = (k) => t('track.kind.' + k);
const statusName = (s) => t('track.st.' + s);

function blankItem(today) {
    return {
        kind: '',
        subject: '',
        code: '',
        on: today,
        due_on: '',
        amount: null,
        parent_id: null,
        caseworker: '',
        evidence: '',
        note: '',
    };
}

// The request body of the new-item form: only what the kind uses.
function itemBody(f) {
    const b = { kind: f.kind, on: f.on };
    if (f.subject) b.subject = f.subject;
    if (f.note) b.note = f.note;
    if (f.due_on) b.due_on = f.due_on;
    if (needs(f.kind, 'amount') && f.amount !== null) b.amount = f.amount;
    if (needs(f.kind, 'category') || needs(f.kind, 'step')) b.code = f.code;
    if (needs(f.kind, 'parent') && f.parent_id) b.parent_id = f.parent_id;
    if (needs(f.kind, 'caseworker')) b.caseworker = f.caseworker;
    if (needs(f.kind, 'evidence')) b.detail = { evidence: f.evidence };
    return b;
}

// (Wrapped: the date picker does not pass a test id on to its input.)
const dateInput = (model, key, testid) =>
    h('span', { 'data-testid': testid }, [
        h(ElDatePicker, {
            modelValue: model[key],
            'onUpdate:modelValue': (v) => (model[key] = v ?? ''),
            type: 'date',
            valueFormat: 'YYYY-MM-DD',
            format: 'YYYY-MM-DD',
            placeholder: 'YYYY-MM-DD',
            class: 'date-input',
        }),
    ]);

const textInput = (model, key, testid, attrs = {}) =>
    h(ElInput, {
        modelValue: model[key],
        'onUpdate:modelValue': (v) => (model[key] = v),
        'data-testid': testid,
        ...attrs,
    });

function select(model, key, testid, options) {
    return h(
        ElSelect,
        {
            modelValue: model[key],
            'onUpdate:modelValue': (v) => (model[key] = v),
            'data-testid': testid,
            placeholder: t('form.pick'),
        },
        () => options.map(([value, label]) => h(ElOption, { value, label })),
    );
}

// One form item, with the server's error under it when it names this field.
const formItem = (state, field, labelKey, control) =>
    h(
        ElFormItem,
        { label: t(labelKey), error: state.errorField === field ? state.error : '' },
        () => control,
    );

export const TrackPanel = {
    name: 'TrackPanel',
    props: { no: { type: String, required: true } },
    setup(props) {
        const state = reactive({
            items: [],
            today: '',
            loadError: '',
            adding: false,
            form: blankItem(''),
            moving: null, // the item a step is being recorded for
            step: { status: '', on: '', note: '', due_on: '' },
            error: '',
            errorField: '',
            saving: false,
        });
        const base = () => `/api/v1/registrations/${encodeURIComponent(props.no)}/items`;

        async function load() {
            state.loadError = '';
            try {
                const data = await get(base());
                state.items = data.items;
                state.today = data.today;
            } catch (e) {
                state.loadError = e.message;
            }
        }
        watch(() => props.no, load, { immediate: true });
        loadCodes('difficulty_category').catch(() => {});

        function fail(e) {
            state.error = e.message;
            state.errorField = e.field ?? '';
        }

        async function save(path, body, done) {
            state.saving = true;
            state.error = '';
            state.errorField = '';
            try {
                await post(path, body);
                done();
                await load();
            } catch (e) {
                fail(e);
            } finally {
                state.saving = false;
            }
        }

        function openNew() {
            state.form = blankItem(state.today);
            state.error = '';
            state.adding = true;
        }

        function openStep(item, status) {
            state.moving = item;
            state.step = { status, on: state.today, note: '', due_on: '' };
            state.error = '';
        }

        const addItem = () => save(base(), itemBody(state.form), () => (state.adding = false));
        const addStep = () => {
            const s = state.step;
            const body = { status: s.status, on: s.on };
            if (s.note) body.note = s.note;
            if (s.due_on) body.due_on = s.due_on;
            save(`${base()}/${state.moving.id}/steps`, body, () => (state.moving = null));
        };

        // --- parts ------------------------------------------------------------------------

        const errorAlert = () =>
            state.error && !state.errorField
                ? h(ElAlert, { type: 'error', title: state.error, closable: false })
                : null;

        function kindFields(f) {
            const plans = state.items.filter((i) => i.kind === 'assistance_plan' && !i.closed_on);
            return [
                needs(f.kind, 'amount')
                    ? formItem(
                          state,
                          'amount',
                          'track.amount',
                          h(ElInputNumber, {
                              modelValue: f.amount,
                              'onUpdate:modelValue': (v) => (f.amount = v),
                              min: 1,
                              step: 10000,
                              'data-testid': 'track-amount',
                          }),
                      )
                    : null,
                needs(f.kind, 'category')
                    ? formItem(
                          state,
                          'code',
                          'track.code',
                          select(
                              f,
                              'code',
                              'track-code',
                              codes('difficulty_category').map((c) => [c.code, codeLabel(c)]),
                          ),
                      )
                    : null,
                needs(f.kind, 'step')
                    ? formItem(
                          state,
                          'code',
                          'track.code',
                          select(
                              f,
                              'code',
                              'track-code',
                              STEP_TYPES.map((s) => [s, t('track.step.' + s)]),
                          ),
                      )
                    : null,
                needs(f.kind, 'parent')
                    ? formItem(
                          state,
                          'parent_id',
                          'track.plan',
                          select(
                              f,
                              'parent_id',
                              'track-parent',
                              plans.map((p) => [p.id, p.subject]),
                          ),
                      )
                    : null,
                needs(f.kind, 'caseworker')
                    ? formItem(
                          state,
                          'caseworker',
                          'track.caseworker',
                          textInput(f, 'caseworker', 'track-caseworker'),
                      )
                    : null,
                needs(f.kind, 'evidence')
                    ? formItem(
                          state,
                          'detail.evidence',
                          'track.evidence',
                          textInput(f, 'evidence', 'track-evidence'),
                      )
                    : null,
            ];
        }

        function newDialog() {
            const f = state.form;
            return h(
                ElDialog,
                {
                    modelValue: state.adding,
                    'onUpdate:modelValue': (v) => (state.adding = v),
                    title: t('track.new'),
                    width: 'min(560px, 95vw)',
                },
                {
                    default: () =>
                        h(ElForm, { labelPosition: 'top', 'data-testid': 'track-form' }, () => [
                            formItem(
                                state,
                                'kind',
                                'track.kind',
                                select(
                                    f,
                                    'kind',
                                    'track-kind',
                                    TRACK_KINDS.map((k) => [k, kindName(k)]),
                                ),
                            ),
                            formItem(
                                state,
                                'subject',
                                'track.subject',
                                textInput(f, 'subject', 'track-subject'),
                            ),
                            ...kindFields(f),
                            formItem(state, 'on', 'track.on', dateInput(f, 'on', 'track-on')),
                            formItem(
                                state,
                                'due_on',
                                'track.due',
                                dateInput(f, 'due_on', 'track-due'),
                            ),
                            formItem(state, 'note', 'track.note', textInput(f, 'note', 'track-note')),
                            errorAlert(),
                        ]),
                    footer: () =>
                        h(
                            ElButton,
                            {
                                type: 'primary',
                                loading: state.saving,
                                onClick: addItem,
                                'data-testid': 'track-save',
                            },
                            () => t('track.open'),
                        ),
                },
            );
        }

        function stepDialog() {
            const s = state.step;
            return h(
                ElDialog,
                {
                    modelValue: state.moving !== null,
                    'onUpdate:modelValue': (v) => (v ? null : (state.moving = null)),
                    title: t('track.advance'),
                    width: 'min(480px, 95vw)',
                },
                {
                    default: () =>
                        h(ElForm, { labelPosition: 'top', 'data-testid': 'step-form' }, () => [
                            h(ElFormItem, { label: t('track.to') }, () =>
                                h(ElTag, { disableTransitions: true }, () => statusName(s.status)),
                            ),
                            formItem(state, 'on', 'track.on', dateInput(s, 'on', 'step-on')),
                            formItem(state, 'due_on', 'track.due', dateInput(s, 'due_on', 'step-due')),
                            formItem(state, 'note', 'track.note', textInput(s, 'note', 'step-note')),
                            formItem(state, 'status', 'track.status', null),
                            errorAlert(),
                        ]),
                    footer: () =>
                        h(
                            ElButton,
                            {
                                type: 'primary',
                                loading: state.saving,
                                onClick: addStep,
                                'data-testid': 'step-save',
                            },
                            () => t('track.advance'),
                        ),
                },
            );
        }

        const statusCell = (it) => [
            h(ElTag, { type: it.closed_on ? 'info' : 'primary', disableTransitions: true }, () =>
                statusName(it.status),
            ),
            it.overdue
                ? h(ElTag, { type: 'danger', disableTransitions: true, class: 'ml' }, () =>
                      t('track.overdue'),
                  )
                : null,
        ];
        const stepsCell = (it) =>
            it.steps.map((s) => statusName(s.status) + ' ' + s.on).join(' → ');
        const nextCell = (it) =>
            it.next.map((st) =>
                h(
                    ElButton,
                    { size: 'small', onClick: () => openStep(it, st), 'data-testid': `next-${it.id}-${st}` },
                    () => statusName(st),
                ),
            );

        function table() {
            if (!state.items.length) return h('p', { class: 'muted' }, t('track.none'));
            const col = (labelKey, cell, attrs = {}) =>
                h(ElTableColumn, { label: t(labelKey), ...attrs }, { default: ({ row }) => cell(row) });
            return h(ElTable, { data: state.items, rowKey: 'id', 'data-testid': 'track-table' }, () => [
                col('track.kind', (it) => kindName(it.kind), { width: 150 }),
                col('track.subject', (it) => it.subject || codeNameOf(it)),
                col('track.status', statusCell, { width: 150 }),
                col('track.due', (it) => it.due_on ?? '—', { width: 110 }),
                col('track.steps', stepsCell),
                col('track.advance', nextCell, { width: 220 }),
            ]);
        }

        function codeNameOf(it) {
            const c = codes('difficulty_category').find((x) => x.code === it.code);
            return c ? codeLabel(c) : it.code;
        }

        return () =>
            h(
                ElCard,
                { shadow: 'never', class: 'detail-card', 'data-testid': 'track-card' },
                {
                    header: () =>
                        h('div', { class: 'card-head' }, [
                            h('h2', t('track.title')),
                            h(
                                ElButton,
                                { size: 'small', type: 'primary', onClick: openNew, 'data-testid': 'track-new' },
                                () => t('track.new'),
                            ),
                        ]),
                    default: () => [
                        state.loadError
                            ? h(ElAlert, { type: 'error', title: state.loadError, closable: false })
                            : table(),
                        newDialog(),
                        stepDialog(),
                    ],
                },
            );
    },
};

export const TrackPage = {
    name: 'TrackPage',
    props: { no: { type: String, required: true } },
    setup(props) {
        return () =>
            h('div', { class: 'page' }, [
                h('h1', { class: 'card-title' }, [
                    t('track.page') + ' ',
                    h('span', { class: 'mono', 'data-testid': 'track-reg-no' }, props.no),
                ]),
                h(TrackPanel, { no: props.no }),
            ]);
    },
};
