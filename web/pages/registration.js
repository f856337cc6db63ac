// registration.js — one registered person for the caseworker, #/staff/registrations/{no}:
// GET /api/v1/registrations/{no}. Shows the person masked (显示完整信息 refetches with
// ?reveal=true, recorded in the audit log), the application it came from, the first contact due
// (人社厅发〔2020〕79号), the profile form (§4(一): reason, skills, job intent, intents, rules
// explained; the tier and categories, the served-as marker, 就业困难人员 categories, saved with
// PUT .../profile: only what changed is sent), and the timeline of services and contacts,
// newest first, with the forms to record a service (POST .../services; 更正 on a record opens
// the same form naming the record it corrects) and a contact (POST .../contacts). An error the
// server names a field for is shown on that field; nothing is saved then. The exit, its proposals
// and its revert are exitpanel.js's ExitPanel.

import { h, reactive, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCard,
    ElCol,
    ElDatePicker,
    ElDescriptions,
    ElDescriptionsItem,
    ElForm,
    ElFormItem,
    ElInput,
    ElInputNumber,
    ElRow,
    ElSwitch,
    ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post, put } from '../api.js';
import { codeName, regionName } from '../refdata.js';
import { CodeRadios, CodeSelect } from '../fields.js';
import { channelName, formatTime } from './queue.js';
import { firstContactTag } from './registrations.js';
import { TrackPanel } from './track.js';
import { revealAsk, revealReason } from './reveal.js';
import { MatchesPanel } from './matches.js';
import { FlagsPanel } from './flags.js';
import { ListsHandover } from './handover.js'; /* issue 8: closure */
import { ExitPanel } from './exitpanel.js'; /* issue 9: exits */

// "Today" in China Standard Time, the server's calendar (docs/decisions.md).
function todayCst() {
    return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

// The editable profile fields of a registration as the form holds them.
function profileForm(r) {
    const p = r.profile ?? {};
    const j = p.job_intent ?? {};
    return {
        unemployment_reason: p.unemployment_reason ?? '',
        skills: p.skills ?? '',
        certificates: p.certificates ?? '',
        skill_level: p.skill_level ?? '',
        occupation: j.occupation ?? '',
        region: j.region ?? '',
        salary_min: j.salary_min ?? 0,
        salary_max: j.salary_max ?? 0,
        training_intent: !!p.training_intent,
        startup_intent: !!p.startup_intent,
        explained_on: p.explained_on ?? '',
        tier: r.tier ?? '',
        categories: [...(r.categories ?? [])],
        served_as: r.served_as ?? '',
        difficulty_categories: [...(r.difficulty_categories ?? [])],
    };
}

// The PUT body: only the members that differ from what was loaded.
function profileChanges(form, orig) {
    const body = {};
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    for (const k of ['unemployment_reason', 'skills', 'certificates', 'skill_level',
        'training_intent', 'startup_intent', 'tier', 'categories', 'served_as',
        'difficulty_categories']) {
        if (!same(form[k], orig[k])) body[k] = form[k] ?? '';
    }
    if (!same(form.explained_on, orig.explained_on)) body.explained_on = form.explained_on || null;
    const job = {};
    for (const k of ['occupation', 'region']) if (form[k] !== orig[k]) job[k] = form[k] ?? '';
    for (const k of ['salary_min', 'salary_max']) {
        if (form[k] !== orig[k]) job[k] = Number(form[k] ?? 0);
    }
    if (Object.keys(job).length) body.job_intent = job;
    return body;
}

// Server field names → the form's props.
const FIELD_PROP = {
    'job_intent.occupation': 'occupation',
    'job_intent.region': 'region',
    'job_intent.salary_min': 'salary_min',
    'job_intent.salary_max': 'salary_max',
    link_kind: 'link',
    link_id: 'link',
};
const propOf = (field) => FIELD_PROP[field] ?? field;

const emptyService = () => ({ type: '', date: todayCst(), content: '', outcome: '',
    followup_due: '', corrects: null });
const emptyContact = () => ({ date: todayCst(), method: 'phone', result: '', note: '' });

export const RegistrationPage = {
    name: 'RegistrationPage',
    props: { no: { type: String, required: true } },
    setup(props) {
        const state = reactive({
            reg: null,
            loadError: '',
            masked: null,
            revealError: '',
            revealAsk: false, // the reason field is open
            revealReason: '',
            revealing: false,
            form: null,
            orig: null,
            profileErrors: {},
            profileMsg: '',
            profileError: '',
            saving: false,
            service: null, // the open service form, or null
            serviceErrors: {},
            serviceError: '',
            contact: null,
            contactErrors: {},
            contactError: '',
            busy: false,
        });

        const base = () => `/api/v1/registrations/${encodeURIComponent(props.no)}`;

        async function load() {
            state.loadError = '';
            try {
                const r = await get(base());
                state.reg = r;
                state.masked = null;
                state.form = profileForm(r);
                state.orig = profileForm(r);
            } catch (e) {
                state.loadError = e.message;
            }
        }
        watch(() => props.no, load, { immediate: true });

        // Unmasking asks for a stated reason first (reveal.js), as on the application page.
        async function reveal() {
            const reason = revealReason(state);
            if (!reason) return;
            state.revealing = true;
            try {
                const full = await get(base() + '?reveal=true&reason=' + encodeURIComponent(reason));
                state.revealAsk = false;
                state.revealReason = '';
                state.masked = state.reg.person;
                state.reg = { ...state.reg, person: full.person };
            } catch (e) {
                state.revealError = e.message;
            } finally {
                state.revealing = false;
            }
        }

        function hide() {
            if (state.masked) state.reg = { ...state.reg, person: state.masked };
            state.masked = null;
        }

        async function saveProfile() {
            state.profileErrors = {};
            state.profileError = '';
            state.profileMsg = '';
            const body = profileChanges(state.form, state.orig);
            state.saving = true;
            try {
                const r = await put(base() + '/profile', body);
                await load();
                state.profileMsg = t('case.saved', { n: r?.changed ?? 0 });
            } catch (e) {
                if (e.field) state.profileErrors = { [propOf(e.field)]: e.message };
                else state.profileError = e.message;
            } finally {
                state.saving = false;
            }
        }

        async function submitService() {
            const s = state.service;
            state.serviceErrors = {};
            state.serviceError = '';
            const body = { type: s.type, date: s.date, content: s.content, outcome: s.outcome };
            if (s.followup_due) body.followup_due = s.followup_due;
            if (s.corrects) body.corrects = s.corrects;
            state.busy = true;
            try {
                await post(base() + '/services', body);
                state.service = null;
                await load();
            } catch (e) {
                if (e.field) state.serviceErrors = { [propOf(e.field)]: e.message };
                else state.serviceError = e.message;
            } finally {
                state.busy = false;
            }
        }

        async function submitContact() {
            const c = state.contact;
            state.contactErrors = {};
            state.contactError = '';
            state.busy = true;
            try {
                await post(base() + '/contacts', { ...c });
                state.contact = null;
                await load();
            } catch (e) {
                if (e.field) state.contactErrors = { [e.field]: e.message };
                else state.contactError = e.message;
            } finally {
                state.busy = false;
            }
        }

        function correct(s) {
            state.contact = null;
            state.serviceErrors = {};
            state.serviceError = '';
            state.service = {
                type: s.type,
                date: s.date,
                content: s.content,
                outcome: s.outcome,
                followup_due: s.followup_due ?? '',
                corrects: s.id,
            };
        }

        // --- parts ------------------------------------------------------------------------

        const alert = (text, type = 'error') =>
            text ? h(ElAlert, { type, title: text, closable: false, showIcon: true, class: 'form-error' }) : null;
        const desc = (items) =>
            h(ElDescriptions, { column: 2, border: true, class: 'detail-table' }, () =>
                items.filter(Boolean),
            );
        const row = (label, value) =>
            h(ElDescriptionsItem, { label }, () =>
                value === '' || value === null || value === undefined ? '—' : value,
            );

        // A form item bound to `model[prop]`, its error from `errors`.
        function item(model, errors, prop, labelKey, control, opts = {}) {
            return h(
                ElFormItem,
                { label: t(labelKey), error: errors[prop] ?? '', 'data-field': prop, ...opts },
                () => control({
                    modelValue: model[prop],
                    'onUpdate:modelValue': (v) => (model[prop] = v),
                }),
            );
        }
        const text = (attrs, extra = {}) => h(ElInput, { ...attrs, ...extra });
        const date = (attrs, extra = {}) =>
            h(ElDatePicker, {
                ...attrs,
                type: 'date',
                valueFormat: 'YYYY-MM-DD',
                format: 'YYYY-MM-DD',
                placeholder: 'YYYY-MM-DD',
                class: 'date-input',
                ...extra,
            });
        const code = (table, extra = {}) => (attrs) => h(CodeSelect, { ...attrs, table, ...extra });

        function head(r) {
            return h('div', { class: 'detail-head' }, [
                h('div', { class: 'detail-title' }, [
                    h('a', { href: '#/staff/registrations', class: 'back-link' }, '← ' + t('case.back')),
                    h('h1', { class: 'card-title' }, [
                        t('case.title') + ' ',
                        h('span', { class: 'mono', 'data-testid': 'case-no' }, r.registration_no),
                    ]),
                ]),
                h('div', { class: 'detail-tags' }, [
                    h(ElTag, { type: r.status === 'active' ? 'success' : 'info', disableTransitions: true },
                        () => t('case.status.' + r.status)),
                    r.tier ? h(ElTag, { disableTransitions: true, 'data-testid': 'case-tier' },
                        () => codeName('tier', r.tier)) : null,
                    r.served_as ? h(ElTag, { type: 'warning', disableTransitions: true },
                        () => codeName('served_as', r.served_as)) : null,
                    firstContactTag(r.first_contact),
                ]),
            ]);
        }

        function person(r) {
            const p = r.person ?? {};
            return h(ElCard, { shadow: 'never', class: 'detail-card' }, {
                header: () => h('div', { class: 'card-head' }, [
                    h('h2', { class: 'card-title' }, t('case.person')),
                    p.masked
                        ? h(ElButton, { size: 'small', onClick: reveal, 'data-testid': 'reveal' },
                            () => t('case.reveal'))
                        : h(ElButton, { size: 'small', onClick: hide, 'data-testid': 'hide' },
                            () => t('case.hide')),
                ]),
                default: () => [
                    alert(state.revealError),
                    state.revealAsk && p.masked ? revealAsk(state, reveal) : null,
                    desc([
                        row(t('form.name'), h('span', { 'data-testid': 'person-name' }, p.name)),
                        row(t('form.id_number'), h('span', { class: 'mono' }, p.id_number)),
                        row(t('form.phone'), p.phone),
                        row(t('form.education'), codeName('education', p.education)),
                        row(t('form.residence_region'), regionName(p.residence_region)),
                        row(t('form.residence_address'), p.residence_address),
                    ]),
                    h('h3', { class: 'sub-title' }, t('case.application')),
                    desc([
                        row(t('case.applicationNo'), h('a', {
                            href: '#/staff/applications/' + encodeURIComponent(r.application.application_no),
                            class: 'mono',
                        }, r.application.application_no)),
                        row(t('queue.channel'), channelName(r.application.channel)),
                        row(t('queue.submitted'), formatTime(r.application.submitted_at)),
                        row(t('reg.registered'), r.registered_at),
                        row(t('case.agency'), r.agency?.name ?? ''),
                        row(t('reg.caseworker'), r.caseworker?.username ?? ''),
                    ]),
                ],
            });
        }

        function profile() {
            const f = state.form;
            const e = state.profileErrors;
            const it = (prop, key, control, opts) => item(f, e, prop, key, control, opts);
            const half = (x) => h(ElCol, { xs: 24, md: 12 }, () => x);
            const tp = state.reg.tier_policy;
            return h(ElCard, { shadow: 'never', class: 'detail-card' }, {
                header: () => h('h2', { class: 'card-title' }, t('case.profile')),
                default: () => [
                    h(ElForm, { labelPosition: 'top', class: 'profile-form', onSubmit: (ev) => ev.preventDefault() }, () => [
                        h(ElRow, { gutter: 16 }, () => [
                            half(it('tier', 'reg.tier', code('tier'))),
                            half(it('categories', 'reg.categories', code('client_category', { multiple: true }))),
                            half(it('served_as', 'reg.servedAs', code('served_as'))),
                            half(it('difficulty_categories', 'case.difficulty', code('difficulty_category', { multiple: true }))),
                            half(it('unemployment_reason', 'form.unemployment_reason', code('unemployment_reason', { clearable: false }))),
                            half(it('skill_level', 'case.skillLevel', code('skill_level'))),
                            half(it('skills', 'form.skills', (a) => text(a, { name: 'skills' }))),
                            half(it('certificates', 'form.certificates', (a) => text(a, { name: 'certificates' }))),
                            half(it('occupation', 'case.occupation', (a) => text(a, { name: 'occupation', placeholder: '4-01-02-01' }))),
                            half(it('region', 'case.intentRegion', (a) => text(a, { name: 'region', placeholder: '110101' }))),
                            half(it('salary_min', 'case.salaryMin', (a) => h(ElInputNumber, { ...a, min: 0, step: 500 }))),
                            half(it('salary_max', 'case.salaryMax', (a) => h(ElInputNumber, { ...a, min: 0, step: 500 }))),
                            half(it('training_intent', 'case.training', (a) => h(ElSwitch, a))),
                            half(it('startup_intent', 'case.startup', (a) => h(ElSwitch, a))),
                            half(it('explained_on', 'case.explained', (a) => date(a))),
                        ]),
                    ]),
                    tp ? h('p', { class: 'muted', 'data-testid': 'tier-policy' }, t('case.tierPolicy', {
                        days: tp.contact_days,
                        services: tp.services.map((s) => codeName('service_type', s)).join('、'),
                    })) : null,
                    alert(state.profileError),
                    alert(state.profileMsg, 'success'),
                    h(ElButton, { type: 'primary', loading: state.saving, onClick: saveProfile,
                        'data-testid': 'save-profile' }, () => t('case.save')),
                ],
            });
        }

        function serviceForm() {
            const s = state.service;
            const e = state.serviceErrors;
            const it = (prop, key, control) => item(s, e, prop, key, control);
            return h('div', { class: 'record-form', 'data-testid': 'service-form' }, [
                s.corrects ? h('p', { class: 'muted' }, t('case.correcting', { id: s.corrects })) : null,
                h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() }, () => [
                    it('type', 'case.type', code('service_type', { clearable: false })),
                    it('date', 'case.date', (a) => date(a)),
                    it('content', 'case.content', (a) => text(a, { type: 'textarea', rows: 2, name: 'content' })),
                    it('outcome', 'case.outcome', (a) => text(a, { name: 'outcome' })),
                    it('followup_due', 'case.followupDue', (a) => date(a)),
                ]),
                alert(state.serviceError),
                h(ElButton, { type: 'primary', loading: state.busy, onClick: submitService,
                    'data-testid': 'submit-service' }, () => t('case.record')),
                h(ElButton, { onClick: () => (state.service = null) }, () => t('case.cancel')),
            ]);
        }

        function contactForm() {
            const c = state.contact;
            const e = state.contactErrors;
            const it = (prop, key, control) => item(c, e, prop, key, control);
            return h('div', { class: 'record-form', 'data-testid': 'contact-form' }, [
                h(ElForm, { labelPosition: 'top', onSubmit: (ev) => ev.preventDefault() }, () => [
                    it('date', 'case.date', (a) => date(a)),
                    it('method', 'case.method', (a) => h(CodeRadios, { ...a, table: 'contact_method' })),
                    it('result', 'case.result', (a) => h(CodeRadios, { ...a, table: 'contact_result' })),
                    it('note', 'case.note', (a) => text(a, { name: 'note' })),
                ]),
                alert(state.contactError),
                h(ElButton, { type: 'primary', loading: state.busy, onClick: submitContact,
                    'data-testid': 'submit-contact' }, () => t('case.record')),
                h(ElButton, { onClick: () => (state.contact = null) }, () => t('case.cancel')),
            ]);
        }

        // Services and contacts in one list, newest first (by date, then recording order).
        function entries(r) {
            const list = [
                ...r.services.map((s) => ({ kind: 'service', date: s.date, at: s.recorded_at, s })),
                ...r.contacts.map((c) => ({ kind: 'contact', date: c.date, at: c.recorded_at, c })),
            ];
            return list.sort((a, b) => (b.date + b.at).localeCompare(a.date + a.at));
        }

        function entry(e) {
            if (e.kind === 'contact') {
                const c = e.c;
                return h('li', { class: 'timeline-item', 'data-testid': 'timeline-contact' }, [
                    h('span', { class: 'tl-date' }, c.date),
                    h(ElTag, { size: 'small', type: c.result === 'reached' ? 'success' : 'warning',
                        disableTransitions: true }, () => codeName('contact_result', c.result)),
                    h('span', { class: 'tl-type' }, t('case.contactBy', { method: codeName('contact_method', c.method) })),
                    c.report_kind ? h('span', { class: 'tl-type', 'data-testid': 'report-kind' },
                        codeName('self_report_kind', c.report_kind) + (c.employer ? '：' + c.employer : '')) : null,
                    c.note ? h('span', { class: 'tl-text' }, c.note) : null,
                    h('span', { class: 'tl-by muted' }, t('case.by', { name: c.recorded_by })),
                ]);
            }
            const s = e.s;
            return h('li', {
                class: ['timeline-item', s.corrected ? 'tl-corrected' : ''],
                'data-testid': 'timeline-service',
                'data-corrected': s.corrected ? 'true' : 'false',
            }, [
                h('span', { class: 'tl-date' }, s.date),
                h('span', { class: 'tl-type' }, codeName('service_type', s.type)),
                s.corrected ? h(ElTag, { size: 'small', type: 'info', disableTransitions: true },
                    () => t('case.corrected')) : null,
                s.corrects ? h(ElTag, { size: 'small', disableTransitions: true },
                    () => t('case.correction', { id: s.corrects })) : null,
                s.content ? h('span', { class: 'tl-text' }, s.content) : null,
                s.outcome ? h('span', { class: 'tl-text' }, '→ ' + s.outcome) : null,
                s.followup_due ? h('span', { class: 'muted' }, t('case.followupOn', { date: s.followup_due })) : null,
                h('span', { class: 'tl-by muted' }, t('case.by', { name: s.recorded_by })),
                !s.corrected && state.reg.status === 'active'
                    ? h(ElButton, { size: 'small', link: true, type: 'primary', onClick: () => correct(s),
                        'data-testid': 'correct-service' }, () => t('case.correct'))
                    : null,
            ]);
        }

        // issue 9: the follow-up counters (derived by the server from the contacts and services)
        // with the contacts behind them, and the next monthly contact's day.
        function counters(r) {
            const k = r.counters;
            if (!k) return null;
            const days = (list) => list.map((c) => c.date).join('、');
            const line = (testid, label, value, warn, list) =>
                h('div', { class: 'counter-line', 'data-testid': testid }, [
                    h('span', { class: 'counter-label' }, label),
                    h(ElTag, { size: 'small', type: warn ? 'danger' : 'info', disableTransitions: true,
                        'data-testid': testid + '-value' }, () => value),
                    list && list.length ? h('span', { class: 'muted' }, t('fu.behind', { dates: days(list) })) : null,
                ]);
            return h(ElCard, { shadow: 'never', class: 'detail-card', 'data-testid': 'counters' }, {
                header: () => h('h2', { class: 'card-title' }, t('fu.counters')),
                default: () => [
                    line('counter-next', t('fu.next'), k.next_contact_due + (k.overdue ? ' · ' + t('due.overdue') : ''),
                        k.overdue && r.status === 'active', null),
                    line('counter-refusals', t('fu.refusals'),
                        `${k.refusals} / ${k.thresholds.refusals}`, k.refusals >= k.thresholds.refusals - 1,
                        k.refusal_contacts),
                    line('counter-unreachable', t('fu.unreachable'),
                        k.unreachable_since
                            ? t('fu.months', { n: k.unreachable_months, max: k.thresholds.unreachable_months, since: k.unreachable_since })
                            : '0',
                        k.unreachable_months >= k.thresholds.unreachable_months - 1, k.unreachable_contacts),
                ],
            });
        }

        function timeline(r) {
            const list = entries(r);
            const active = r.status === 'active';
            return h(ElCard, { shadow: 'never', class: 'detail-card' }, {
                header: () => h('div', { class: 'card-head' }, [
                    h('h2', { class: 'card-title' }, t('case.timeline')),
                    active ? h('span', [
                        h(ElButton, { size: 'small', type: 'primary', 'data-testid': 'new-service',
                            onClick: () => { state.contact = null; state.serviceErrors = {}; state.serviceError = ''; state.service = emptyService(); } },
                        () => t('case.service')),
                        h(ElButton, { size: 'small', 'data-testid': 'new-contact',
                            onClick: () => { state.service = null; state.contactErrors = {}; state.contactError = ''; state.contact = emptyContact(); } },
                        () => t('case.contact')),
                    ]) : null,
                ]),
                default: () => [
                    state.service ? serviceForm() : null,
                    state.contact ? contactForm() : null,
                    list.length
                        ? h('ul', { class: 'timeline', 'data-testid': 'timeline' }, list.map(entry))
                        : h('p', { class: 'muted' }, t('case.noHistory')),
                ],
            });
        }

        return () => {
            if (state.loadError) return alert(state.loadError);
            const r = state.reg;
            if (!r) return h('div', { class: 'loading', 'aria-busy': 'true' });
            // The tracked services (plans, loans, referrals ...) and the job matches are panels of
            // their own pages, shown here as parts of the case.
            return h('div', { class: 'case-page' }, [
                head(r),
                h(ExitPanel, { reg: r, onChanged: load }), /* issue 9: the exit, proposals, revert */
                person(r),
                profile(),
                h(FlagsPanel, { registrationNo: r.registration_no }),
                h(TrackPanel, { no: r.registration_no }),
                /* issue 8: closure — lists handed; referrals reload the timeline */
                r.status === 'active' ? h(ListsHandover, { regNo: r.registration_no, onChanged: load }) : null,
                r.status === 'active' ? h(MatchesPanel, { regNo: r.registration_no, onChanged: load,
                    intent: JSON.stringify([r.profile?.job_intent, r.profile?.skills]) }) : null,
                counters(r),
                timeline(r),
            ]);
        };
    },
};
