// selfreport.js — the registered applicant reports their job search, a training course or a job
// found (人社厅发〔2020〕3号 §5 ¶1 鼓励登记失业人员主动报告), #/self-report?no=N&code=Q (linked from
// the status page once the application became a registration): POST
// /api/v1/public/applications/{no}/self-report {query_code, kind, date, note, employer}. One
// column, large touch targets: made for a phone. "employed" asks for the employer and tells the
// applicant that a caseworker checks it before the registration is closed (an exit proposal).

import { h, reactive } from 'vue';
import { ElAlert, ElButton, ElCard, ElDatePicker, ElForm, ElFormItem, ElInput } from 'element-plus';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { route } from '../router.js';
import { CodeRadios } from '../fields.js';
import { PublicLayout } from './layout.js';

const today = () => {
    // The applicant's day in China (UTC+8), as the server counts it.
    const d = new Date(Date.now() + 8 * 3600 * 1000);
    return d.toISOString().slice(0, 10);
};

export const SelfReportPage = {
    name: 'SelfReportPage',
    setup() {
        const form = reactive({
            no: route.query.no ?? '',
            code: route.query.code ?? '',
            kind: 'job_search',
            date: today(),
            note: '',
            employer: '',
        });
        const state = reactive({ busy: false, error: '', errors: {}, done: null });

        async function submit() {
            state.error = '';
            state.errors = {};
            const body = { query_code: form.code.trim(), kind: form.kind, date: form.date, note: form.note };
            if (form.kind === 'employed') body.employer = form.employer.trim();
            state.busy = true;
            try {
                state.done = await post(
                    `/api/v1/public/applications/${encodeURIComponent(form.no.trim())}/self-report`, body);
            } catch (e) {
                if (e.status === 404) state.error = t('status.notFound');
                else if (e.field) state.errors = { [e.field === 'query_code' ? 'code' : e.field]: e.message };
                else state.error = e.message;
            } finally {
                state.busy = false;
            }
        }

        const field = (prop, label, control) =>
            h(ElFormItem, { label: t(label), error: state.errors[prop] ?? '', 'data-field': prop }, () =>
                control({ modelValue: form[prop], 'onUpdate:modelValue': (v) => (form[prop] = v) }));
        const input = (name, extra = {}) => (a) => h(ElInput, { ...a, name, size: 'large', ...extra });

        function formView() {
            return h(ElForm, { labelPosition: 'top', class: 'selfreport-form',
                onSubmit: (ev) => { ev.preventDefault(); submit(); } }, () => [
                field('no', 'sr.no', input('application_no', { autocomplete: 'off' })),
                field('code', 'sr.code', input('query_code', { autocomplete: 'off' })),
                field('kind', 'sr.kind', (a) => h(CodeRadios, { ...a, table: 'self_report_kind', 'data-testid': 'sr-kind' })),
                field('date', 'sr.date', (a) => h(ElDatePicker, { ...a, type: 'date', valueFormat: 'YYYY-MM-DD',
                    format: 'YYYY-MM-DD', placeholder: 'YYYY-MM-DD', size: 'large', class: 'date-input', name: 'date' })),
                form.kind === 'employed' ? field('employer', 'sr.employer', input('employer')) : null,
                field('note', 'sr.note', input('note', { type: 'textarea', rows: 3 })),
                state.error ? h(ElAlert, { type: 'error', title: state.error, closable: false, showIcon: true,
                    class: 'form-error', 'data-testid': 'sr-error' }) : null,
                h(ElButton, { type: 'primary', nativeType: 'submit', size: 'large', loading: state.busy,
                    class: 'wide-button', 'data-testid': 'sr-submit' }, () => t('sr.submit')),
            ]);
        }

        function doneView(d) {
            return h('div', { 'data-testid': 'sr-done' }, [
                h(ElAlert, { type: 'success', closable: false, showIcon: true,
                    title: t(d.exit_proposal_id ? 'sr.doneEmployed' : 'sr.done') }),
                h(ElButton, { size: 'large', class: 'wide-button', onClick: () => (state.done = null) },
                    () => t('sr.again')),
            ]);
        }

        return () =>
            h(PublicLayout, { narrow: true }, () =>
                h(ElCard, { shadow: 'never' }, {
                    header: () => h('h1', { class: 'card-title' }, t('sr.title')),
                    default: () => [h('p', t('sr.intro')), state.done ? doneView(state.done) : formView()],
                }));
    },
};
