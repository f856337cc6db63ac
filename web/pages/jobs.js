// jobs.js — vacancies (岗位信息), #/staff/jobs: the list of the caseworker's region (GET
// /api/v1/jobs, newest first, filter by text and "offered today", paged by the server's
// cursor), a form to add one (POST /api/v1/jobs; the server's field errors shown on the field),
// closing one (POST /api/v1/jobs/{id}/close) and importing a CSV file (POST /api/v1/jobs/import,
// the file sent as base64; the rejected lines are listed with their reasons).

import { h, reactive } from 'vue';
import {
    ElAlert, ElButton, ElCard, ElCheckbox, ElDialog, ElForm, ElFormItem, ElInput, ElInputNumber,
    ElMessage, ElTable, ElTableColumn, ElTag,
} from 'element-plus';
import { t } from '../i18n.js';
import { get, post } from '../api.js';

const PAGE = 20;

function blank() {
    return { title: '', employer: '', occupation: '', region: '', salary_min: 0, salary_max: 0,
        openings: 1, valid_until: '', skills: '', education_min: '', requirements: '' };
}

function toBase64(buf) {
    let s = '';
    const bytes = new Uint8Array(buf);
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
}

export const JobsPage = {
    name: 'JobsPage',
    setup() {
        const st = reactive({ items: [], next: null, cursors: [], q: '', offered: true, error: null,
            adding: false, form: blank(), errors: {}, saving: false, importResult: null });

        async function load(cursor) {
            st.error = null;
            const qs = new URLSearchParams({ limit: String(PAGE) });
            if (st.q) qs.set('q', st.q);
            if (st.offered) qs.set('offered', 'true');
            if (cursor) qs.set('cursor', cursor);
            try {
                const r = await get('/api/v1/jobs?' + qs);
                st.items = r.items;
                st.next = r.next;
            } catch (e) {
                st.error = e.message;
            }
        }

        async function save() {
            st.saving = true;
            st.errors = {};
            const f = { ...st.form };
            const body = { title: f.title, employer: f.employer, occupation: f.occupation.trim(),
                region: f.region.trim(), salary_min: f.salary_min, salary_max: f.salary_max,
                openings: f.openings, valid_until: f.valid_until.trim(),
                requirements: { skills: f.skills, education_min: f.education_min, text: f.requirements } };
            try {
                await post('/api/v1/jobs', body);
                ElMessage.success(t('jobs.saved'));
                st.adding = false;
                st.form = blank();
                await load();
            } catch (e) {
                const key = (e.field || '').replace(/^requirements\./, '');
                if (key) st.errors[key] = e.message;
                else ElMessage.error(e.message);
            } finally {
                st.saving = false;
            }
        }

        async function close(row) {
            try {
                await post(`/api/v1/jobs/${row.id}/close`, { status: 'closed', reason: t('jobs.filled') });
                await load();
            } catch (e) {
                ElMessage.error(e.message);
            }
        }

        async function onFile(ev) {
            const file = ev.target.files && ev.target.files[0];
            if (!file) return;
            try {
                st.importResult = await post('/api/v1/jobs/import',
                    { filename: file.name, content_base64: toBase64(await file.arrayBuffer()) });
                await load();
            } catch (e) {
                ElMessage.error(e.message);
            }
            ev.target.value = '';
        }

        const item = (prop, input) => h(ElFormItem, { label: t('jobs.' + prop), error: st.errors[prop],
            'data-field': prop }, () => input);
        const text = (prop) => h(ElInput, { modelValue: st.form[prop], 'onUpdate:modelValue': (v) => { st.form[prop] = v; } });
        const num = (prop, min) => h(ElInputNumber, { modelValue: st.form[prop], min, step: 500,
            'onUpdate:modelValue': (v) => { st.form[prop] = v ?? 0; } });

        function dialog() {
            return h(ElDialog, { modelValue: st.adding, title: t('jobs.add'), width: '640px',
                'onUpdate:modelValue': (v) => { st.adding = v; } }, {
                default: () => h(ElForm, { labelWidth: '120px', 'data-testid': 'job-form' }, () => [
                    item('title', text('title')), item('employer', text('employer')),
                    item('occupation', h(ElInput, { modelValue: st.form.occupation, placeholder: '4-01-02-01',
                        'onUpdate:modelValue': (v) => { st.form.occupation = v; } })),
                    item('region', h(ElInput, { modelValue: st.form.region, placeholder: '110101',
                        'onUpdate:modelValue': (v) => { st.form.region = v; } })),
                    item('salary_min', num('salary_min', 0)), item('salary_max', num('salary_max', 0)),
                    item('openings', num('openings', 1)),
                    item('valid_until', h(ElInput, { modelValue: st.form.valid_until, placeholder: 'YYYY-MM-DD',
                        'onUpdate:modelValue': (v) => { st.form.valid_until = v; } })),
                    item('skills', text('skills')), item('education_min', text('education_min')),
                    item('requirements', text('requirements')),
                ]),
                footer: () => [
                    h(ElButton, { onClick: () => { st.adding = false; } }, () => t('jobs.cancel')),
                    h(ElButton, { type: 'primary', loading: st.saving, onClick: save, 'data-testid': 'job-save' },
                        () => t('jobs.save')),
                ],
            });
        }

        function importBox() {
            const r = st.importResult;
            return h(ElCard, { class: 'jobs-import' }, () => [
                h('label', { class: 'jobs-import-label' }, [t('jobs.import') + ' ',
                    h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'job-import', onChange: onFile })]),
                h('p', { class: 'hint' }, t('jobs.importHint')),
                r ? h(ElAlert, { type: r.rejected ? 'warning' : 'success', closable: false,
                    'data-testid': 'job-import-result',
                    title: t('jobs.importResult', { read: r.read, loaded: r.loaded, rejected: r.rejected }) },
                () => h('ul', r.rejects.map((x) => h('li', t('jobs.rejectLine', { line: x.line, code: x.code, field: x.field ?? '' }))))) : null,
            ]);
        }

        load();
        return () => h('section', { class: 'jobs-page' }, [
            h('h1', t('jobs.pageTitle')),
            h('div', { class: 'toolbar' }, [
                h(ElInput, { modelValue: st.q, placeholder: t('jobs.search'), clearable: true, class: 'jobs-search',
                    'onUpdate:modelValue': (v) => { st.q = v; }, onChange: () => load() }),
                h(ElCheckbox, { modelValue: st.offered, 'onUpdate:modelValue': (v) => { st.offered = v; load(); } },
                    () => t('jobs.offeredOnly')),
                h(ElButton, { type: 'primary', 'data-testid': 'job-add', onClick: () => { st.adding = true; st.errors = {}; } },
                    () => t('jobs.add')),
            ]),
            st.error ? h(ElAlert, { type: 'error', title: st.error, closable: false }) : null,
            h(ElTable, { data: st.items, 'row-key': 'id', 'empty-text': t('jobs.none'), 'data-testid': 'jobs-table' }, () => [
                h(ElTableColumn, { prop: 'id', label: 'ID', width: 80 }),
                h(ElTableColumn, { label: t('jobs.title') }, { default: ({ row }) => h('div', [h('strong', row.title), h('div', row.employer)]) }),
                h(ElTableColumn, { prop: 'occupation', label: t('jobs.occupation'), width: 120 }),
                h(ElTableColumn, { prop: 'region_name', label: t('jobs.region') }),
                h(ElTableColumn, { label: t('jobs.pay'), width: 130 }, { default: ({ row }) => `${row.salary_min}–${row.salary_max}` }),
                h(ElTableColumn, { prop: 'openings', label: t('jobs.openings'), width: 80 }),
                h(ElTableColumn, { prop: 'valid_until', label: t('jobs.valid_until'), width: 120 }),
                h(ElTableColumn, { label: t('jobs.status'), width: 150 }, {
                    default: ({ row }) => row.status === 'open'
                        ? h(ElButton, { size: 'small', onClick: () => close(row) }, () => t('jobs.close'))
                        : h(ElTag, { type: 'info' }, () => t('jobs.state.' + row.status)),
                }),
            ]),
            h('div', { class: 'pager' }, [
                h(ElButton, { disabled: !st.cursors.length, onClick: () => { st.cursors.pop(); load(st.cursors[st.cursors.length - 1]); } }, () => t('jobs.prev')),
                h(ElButton, { disabled: !st.next, onClick: () => { st.cursors.push(st.next); load(st.next); } }, () => t('jobs.next')),
            ]),
            importBox(),
            dialog(),
        ]);
    },
};
