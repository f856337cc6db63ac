// appform.js — the application form (附件1 《失业人员登记表》, CONTRACT.md "The application form"),
// one component for both channels: the applicant's online page (#/apply, POST
// /api/v1/public/applications) and the caseworker's counter (#/staff/applications/new, POST
// /api/v1/applications with the accepting agency).
//
// Five sections: 证件与本人信息, 居住与户籍, 失业情况, 就业意愿与服务需求, 书面承诺. Rules are checked as
// the applicant types (Element Plus form rules; idcheck.js mirrors the server's document
// rules), strict checks that need the whole value (length, check character, phone) wait for
// the field to be left. The server stays the authority: a 400 naming a field is shown on that
// field, anything else (409 already_registered / application_pending, network) above the
// submit button. A mainland-form number carries the birth date and sex, so those two fill
// themselves in and are locked; for travel permits the birth date is asked for.
//
// Emits `submitted` with the server's answer {application_no, query_code, deadline}.

import { computed, h, reactive, ref, watch } from 'vue';
import {
    ElAlert,
    ElButton,
    ElCheckbox,
    ElDatePicker,
    ElForm,
    ElFormItem,
    ElInput,
    ElInputNumber,
    ElOption,
    ElRadio,
    ElRadioGroup,
    ElSelect,
} from 'element-plus';
import { t } from '../i18n.js';
import { post } from '../api.js';
import {
    MAINLAND_FORM,
    checkIdNumber,
    checkName,
    checkPhone,
    derivedFromId,
    normalise,
    todayIso,
} from '../idcheck.js';
import { CodeChecks, CodeRadios, CodeSelect, RegionPicker } from '../fields.js';

const PERMITS = new Set(['hkmo_permit', 'tw_permit']);
const MIN_AGE = 16; // notice §1: 年满16周岁（含）

function emptyModel() {
    return {
        agency_id: null,
        id_type: 'resident_id',
        id_number: '',
        name: '',
        sex: '',
        birth_date: '',
        phone: '',
        ethnicity: '',
        education: '',
        health: '',
        disability_grade: '',
        residence_region: [],
        residence_address: '',
        hukou_type: '',
        hukou_region: [],
        hukou_address: '',
        register_region: [],
        register_basis: '',
        unemployed_since: '',
        unemployment_reason: '',
        last_employer: '',
        last_occupation: '',
        job_intent: { occupation: '', region: [], salary_min: null },
        skills: '',
        certificates: '',
        training_intent: false,
        startup_intent: false,
        ui_benefit: false,
        difficulty_categories: [],
        commitment: false,
    };
}

// Server field names that are not the form's prop paths.
const FIELD_ALIAS = {
    job_occupation: 'job_intent.occupation',
    job_region: 'job_intent.region',
    job_salary_min: 'job_intent.salary_min',
    salary_min: 'job_intent.salary_min',
    difficulty: 'difficulty_categories',
    form: null,
};

function getPath(obj, path) {
    return path.split('.').reduce((o, k) => o?.[k], obj);
}

function setPath(obj, path, value) {
    const keys = path.split('.');
    const last = keys.pop();
    keys.reduce((o, k) => o[k], obj)[last] = value;
}

const lastOf = (path) => (Array.isArray(path) && path.length ? path[path.length - 1] : '');
const isEmpty = (v) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

// 'YYYY-MM-DD' plus n years (29 February → 1 March in a common year, like the server's rule).
function addYears(iso, n) {
    const [y, m, d] = iso.split('-').map(Number);
    const t0 = new Date(Date.UTC(y + n, m - 1, d));
    return t0.toISOString().slice(0, 10);
}

function endOfToday() {
    const d = new Date();
    d.setHours(23, 59, 59, 999);
    return d;
}

export const ApplicationForm = {
    name: 'ApplicationForm',
    props: {
        endpoint: { type: String, required: true },
        // Counter channel: the agencies the caseworker may accept for, [{id, name}].
        agencies: { type: Array, default: null },
        // Initial values, e.g. {register_region: ['110000','110100','110101'], agency_id: 2}.
        initial: { type: Object, default: () => ({}) },
        // Online channel: offer the real-name step (an identity provider's assertion, sent as
        // identity_token). The demo's provider is the development one (POST /api/v1/dev/idp/
        // token, --dev only); without it the step says so and the application goes unverified.
        realname: { type: Boolean, default: false },
    },
    emits: ['submitted'],
    setup(props, { emit }) {
        const formRef = ref(null);
        const model = reactive({ ...emptyModel(), ...props.initial });
        const serverErrors = reactive({});
        const state = reactive({ busy: false, error: '' });
        const idv = reactive({ token: null, provider: '', busy: false, error: '', none: false });
        // An assertion is about one document: editing the document drops it.
        watch(
            () => [model.id_type, model.id_number],
            () => {
                idv.token = null;
                idv.error = '';
            },
        );

        async function verifyIdentity() {
            idv.error = '';
            const number = String(model.id_number ?? '').trim();
            if (!number) {
                idv.error = t('realname.needNumber');
                return;
            }
            idv.busy = true;
            try {
                const r = await post('/api/v1/dev/idp/token', {
                    id_type: model.id_type,
                    id_number: number,
                });
                idv.token = r.token;
                idv.provider = r.provider;
            } catch (e) {
                if (e.status === 404) idv.none = true;
                else idv.error = e.message;
            } finally {
                idv.busy = false;
            }
        }

        function realname() {
            if (!props.realname) return null;
            const body = idv.token
                ? h(ElAlert, {
                      type: 'success',
                      title: t('realname.done', { provider: idv.provider }),
                      closable: false,
                      showIcon: true,
                      'data-testid': 'realname-done',
                  })
                : idv.none
                  ? h(ElAlert, {
                        type: 'info',
                        title: t('realname.none'),
                        closable: false,
                        showIcon: true,
                        'data-testid': 'realname-none',
                    })
                  : h('div', { class: 'realname-step' }, [
                        h('p', { class: 'form-hint' }, t('realname.intro')),
                        h(
                            ElButton,
                            {
                                loading: idv.busy,
                                onClick: verifyIdentity,
                                'data-testid': 'realname-verify',
                            },
                            () => t('realname.button'),
                        ),
                        idv.error
                            ? h(ElAlert, {
                                  type: 'error',
                                  title: idv.error,
                                  closable: false,
                                  showIcon: true,
                                  'data-testid': 'realname-error',
                              })
                            : null,
                    ]);
            return section('form.s.realname', [body]);
        }

        const derived = computed(() => derivedFromId(model.id_type, model.id_number));

        // A valid mainland-form number fills in the birth date and sex.
        watch(derived, (d, old) => {
            if (d) {
                model.birth_date = d.birth_date;
                model.sex = d.sex;
            } else if (old) {
                // The number no longer carries them: drop what it had filled in.
                if (model.birth_date === old.birth_date) model.birth_date = '';
                if (model.sex === old.sex) model.sex = '';
            }
        });
        watch(
            () => model.id_type,
            (type, old) => {
                const wasMainland = MAINLAND_FORM.has(old);
                if (wasMainland && !MAINLAND_FORM.has(type)) {
                    model.birth_date = '';
                    model.sex = '';
                }
                if (model.id_number) formRef.value?.validateField(['id_number']).catch(() => {});
            },
        );

        // --- rules ------------------------------------------------------------------------

        const fail = (cb, key, params) => cb(new Error(t(key, params)));
        const need = (key = 'form.required') => ({
            required: true, // the asterisk; the validator below does the check
            trigger: ['change', 'blur'],
            validator: (rule, value, cb) => (isEmpty(value) ? fail(cb, key) : cb()),
        });

        // While typing, a number that is merely too short is not yet wrong.
        const idRule = (strict) => ({
            trigger: strict ? 'blur' : 'change',
            validator: (rule, value, cb) => {
                const key = checkIdNumber(model.id_type, value);
                const unfinished = key === 'id.length' || key === 'id.empty';
                if (key && !strict && unfinished) return cb();
                return key ? fail(cb, key) : cb();
            },
        });
        const phoneRule = (strict) => ({
            trigger: strict ? 'blur' : 'change',
            validator: (rule, value, cb) => {
                const key = checkPhone(value);
                const typing = /^\+?[\d -]*$/.test(String(value ?? '').trim());
                if (key && !strict && typing) return cb();
                return key ? fail(cb, key) : cb();
            },
        });
        const nameRule = {
            trigger: 'change',
            validator: (rule, value, cb) => {
                const key = checkName(value);
                return key && key !== 'name.empty' ? fail(cb, key) : cb();
            },
        };
        const notFuture = {
            trigger: 'change',
            validator: (rule, value, cb) =>
                value && value > todayIso() ? fail(cb, 'form.future') : cb(),
        };

        const rules = computed(() => ({
            agency_id: props.agencies ? [need()] : [],
            id_type: [need()],
            id_number: [need(), idRule(false), idRule(true)],
            name: [need(), nameRule],
            phone: [need(), phoneRule(false), phoneRule(true)],
            birth_date: [
                {
                    trigger: 'change',
                    validator: (rule, value, cb) =>
                        PERMITS.has(model.id_type) && !value ? fail(cb, 'form.birthNeeded') : cb(),
                },
                notFuture,
                {
                    trigger: 'change',
                    validator: (rule, value, cb) =>
                        value && addYears(value, MIN_AGE) > todayIso()
                            ? fail(cb, 'form.tooYoung', { n: MIN_AGE })
                            : cb(),
                },
            ],
            disability_grade: [
                {
                    trigger: 'change',
                    validator: (rule, value, cb) =>
                        model.health === 'disabled' && !value ? fail(cb, 'form.required') : cb(),
                },
            ],
            residence_region: [need('form.pickRegionRequired')],
            residence_address: [need()],
            register_region: [need('form.pickRegionRequired')],
            register_basis: [need()],
            unemployed_since: [need(), notFuture],
            unemployment_reason: [need()],
            commitment: [
                {
                    required: true,
                    trigger: 'change',
                    validator: (rule, value, cb) =>
                        value === true ? cb() : fail(cb, 'form.commitmentRequired'),
                },
            ],
        }));

        // --- controls ---------------------------------------------------------------------

        // v-model on a prop path; editing a field drops the server's complaint about it.
        function bind(prop) {
            return {
                modelValue: getPath(model, prop),
                'onUpdate:modelValue': (v) => {
                    setPath(model, prop, v);
                    delete serverErrors[prop];
                },
            };
        }

        const input = (prop, attrs = {}) =>
            h(ElInput, { ...bind(prop), name: prop, clearable: true, ...attrs });

        const date = (prop, attrs = {}) =>
            h(ElDatePicker, {
                ...bind(prop),
                type: 'date',
                valueFormat: 'YYYY-MM-DD',
                format: 'YYYY-MM-DD',
                placeholder: 'YYYY-MM-DD',
                disabledDate: (d) => d > endOfToday(),
                class: 'date-input',
                name: prop,
                ...attrs,
            });

        function item(prop, labelKey, control, opts = {}) {
            return h(
                ElFormItem,
                {
                    prop,
                    label: t(labelKey),
                    error: serverErrors[prop] || '',
                    class: ['field', opts.full && 'full'],
                    'data-field': prop,
                },
                () => [control, opts.hint ? h('div', { class: 'field-hint' }, opts.hint) : null],
            );
        }

        function section(key, children, extraClass) {
            return h('section', { class: ['form-section', extraClass] }, [
                h('h2', t(key)),
                h('div', { class: 'form-grid' }, children),
            ]);
        }

        function identity() {
            const d = derived.value;
            const permit = PERMITS.has(model.id_type);
            return section('form.s.identity', [
                item(
                    'id_type',
                    'form.id_type',
                    h(CodeSelect, {
                        ...bind('id_type'),
                        table: 'id_type',
                        clearable: false,
                    }),
                ),
                item(
                    'id_number',
                    'form.id_number',
                    input('id_number', { maxlength: 18, autocomplete: 'off', spellcheck: false }),
                    { hint: t('form.hint.id.' + model.id_type) },
                ),
                item('name', 'form.name', input('name', { autocomplete: 'name', maxlength: 50 })),
                item(
                    'phone',
                    'form.phone',
                    input('phone', { type: 'tel', inputmode: 'tel', autocomplete: 'tel' }),
                ),
                item(
                    'sex',
                    'form.sex',
                    h(
                        ElRadioGroup,
                        { ...bind('sex'), disabled: !!d, class: 'choice-group' },
                        () => [
                            h(ElRadio, { value: 'M' }, () => t('sex.M')),
                            h(ElRadio, { value: 'F' }, () => t('sex.F')),
                        ],
                    ),
                    { hint: d ? t('form.hint.derived') : null },
                ),
                item(
                    'birth_date',
                    permit ? 'form.birth_date_required' : 'form.birth_date',
                    date('birth_date', {
                        disabled: !!d,
                        defaultValue: new Date(1990, 0, 1),
                    }),
                    { hint: d ? t('form.hint.derived') : null },
                ),
                item(
                    'ethnicity',
                    'form.ethnicity',
                    h(CodeSelect, { ...bind('ethnicity'), table: 'ethnicity' }),
                ),
                item(
                    'education',
                    'form.education',
                    h(CodeSelect, { ...bind('education'), table: 'education' }),
                ),
                item(
                    'health',
                    'form.health',
                    h(CodeRadios, { ...bind('health'), table: 'health' }),
                ),
                model.health === 'disabled'
                    ? item(
                          'disability_grade',
                          'form.disability_grade',
                          h(
                              ElSelect,
                              { ...bind('disability_grade'), placeholder: t('form.pick') },
                              () =>
                                  ['1', '2', '3', '4'].map((g) =>
                                      h(ElOption, { value: g, label: t('form.grade', { n: g }) }),
                                  ),
                          ),
                      )
                    : null,
            ]);
        }

        function residence() {
            return section('form.s.residence', [
                item(
                    'residence_region',
                    'form.residence_region',
                    h(RegionPicker, bind('residence_region')),
                ),
                item(
                    'residence_address',
                    'form.residence_address',
                    input('residence_address', { autocomplete: 'street-address', maxlength: 200 }),
                ),
                item(
                    'hukou_type',
                    'form.hukou_type',
                    h(CodeSelect, { ...bind('hukou_type'), table: 'hukou_type' }),
                ),
                item('hukou_region', 'form.hukou_region', h(RegionPicker, bind('hukou_region'))),
                item(
                    'hukou_address',
                    'form.hukou_address',
                    input('hukou_address', { maxlength: 200 }),
                    {
                        full: true,
                        hint: t('form.hint.hukou'),
                    },
                ),
            ]);
        }

        function unemployment() {
            return section('form.s.unemployment', [
                item(
                    'register_region',
                    'form.register_region',
                    h(RegionPicker, bind('register_region')),
                    {
                        hint: t('form.hint.register_region'),
                    },
                ),
                item(
                    'register_basis',
                    'form.register_basis',
                    h(CodeRadios, { ...bind('register_basis'), table: 'register_basis' }),
                ),
                item('unemployed_since', 'form.unemployed_since', date('unemployed_since')),
                item(
                    'unemployment_reason',
                    'form.unemployment_reason',
                    h(CodeSelect, { ...bind('unemployment_reason'), table: 'unemployment_reason' }),
                ),
                item(
                    'last_employer',
                    'form.last_employer',
                    input('last_employer', { maxlength: 100 }),
                ),
                item(
                    'last_occupation',
                    'form.last_occupation',
                    input('last_occupation', { maxlength: 100 }),
                ),
            ]);
        }

        function intent() {
            const check = (prop, key) =>
                h(ElCheckbox, { ...bind(prop), name: prop, 'data-field': prop }, () => t(key));
            return section('form.s.intent', [
                item(
                    'job_intent.occupation',
                    'form.job_occupation',
                    input('job_intent.occupation', { maxlength: 100 }),
                ),
                item(
                    'job_intent.region',
                    'form.job_region',
                    h(RegionPicker, { ...bind('job_intent.region'), anyLevel: true }),
                ),
                item(
                    'job_intent.salary_min',
                    'form.job_salary_min',
                    h(ElInputNumber, {
                        ...bind('job_intent.salary_min'),
                        min: 0,
                        max: 1000000,
                        step: 500,
                        stepStrictly: false,
                        controlsPosition: 'right',
                        valueOnClear: null,
                        class: 'salary-input',
                    }),
                ),
                item(
                    'skills',
                    'form.skills',
                    input('skills', {
                        type: 'textarea',
                        autosize: { minRows: 1, maxRows: 4 },
                        maxlength: 500,
                    }),
                    {
                        full: true,
                    },
                ),
                item(
                    'certificates',
                    'form.certificates',
                    input('certificates', {
                        type: 'textarea',
                        autosize: { minRows: 1, maxRows: 4 },
                        maxlength: 500,
                    }),
                    { full: true },
                ),
                h('div', { class: 'field full wishes' }, [
                    h('div', { class: 'wishes-label' }, t('form.services')),
                    check('training_intent', 'form.training_intent'),
                    check('startup_intent', 'form.startup_intent'),
                    check('ui_benefit', 'form.ui_benefit'),
                ]),
                item(
                    'difficulty_categories',
                    'form.difficulty_categories',
                    h(CodeChecks, {
                        ...bind('difficulty_categories'),
                        table: 'difficulty_category',
                    }),
                    { full: true, hint: t('form.hint.difficulty') },
                ),
            ]);
        }

        function commitment() {
            return section(
                'form.s.commitment',
                [
                    item(
                        'commitment',
                        'form.commitment',
                        h(
                            ElCheckbox,
                            { ...bind('commitment'), class: 'promise', name: 'commitment' },
                            () => t('form.promise'),
                        ),
                        { full: true },
                    ),
                ],
                'promise-section',
            );
        }

        function counter() {
            if (!props.agencies) return null;
            return section('form.s.counter', [
                item(
                    'agency_id',
                    'form.agency',
                    h(ElSelect, { ...bind('agency_id'), placeholder: t('form.pick') }, () =>
                        props.agencies.map((a) => h(ElOption, { value: a.id, label: a.name })),
                    ),
                    { full: true },
                ),
            ]);
        }

        // --- submit -----------------------------------------------------------------------

        function payload() {
            const m = model;
            const out = {
                id_type: m.id_type,
                id_number: normalise(m.id_number),
                name: m.name.trim(),
                phone: m.phone.trim(),
                residence_region: lastOf(m.residence_region),
                residence_address: m.residence_address.trim(),
                register_region: lastOf(m.register_region),
                register_basis: m.register_basis,
                unemployed_since: m.unemployed_since,
                unemployment_reason: m.unemployment_reason,
                commitment: m.commitment === true,
                training_intent: m.training_intent,
                startup_intent: m.startup_intent,
                ui_benefit: m.ui_benefit,
            };
            const optional = [
                'sex',
                'birth_date',
                'ethnicity',
                'education',
                'hukou_type',
                'hukou_address',
                'health',
                'last_employer',
                'last_occupation',
                'skills',
                'certificates',
            ];
            for (const k of optional) {
                const v = String(m[k] ?? '').trim();
                if (v) out[k] = v;
            }
            if (m.hukou_region.length) out.hukou_region = lastOf(m.hukou_region);
            if (m.health === 'disabled' && m.disability_grade) {
                out.disability_grade = Number(m.disability_grade);
            }
            const job = {};
            if (m.job_intent.occupation.trim()) job.occupation = m.job_intent.occupation.trim();
            if (m.job_intent.region.length) job.region = lastOf(m.job_intent.region);
            if (typeof m.job_intent.salary_min === 'number')
                job.salary_min = m.job_intent.salary_min;
            if (Object.keys(job).length) out.job_intent = job;
            if (m.difficulty_categories.length)
                out.difficulty_categories = [...m.difficulty_categories];
            if (props.agencies && m.agency_id !== null && m.agency_id !== '')
                out.agency_id = m.agency_id;
            if (props.realname && idv.token) out.identity_token = idv.token;
            return out;
        }

        async function submit() {
            state.error = '';
            for (const k of Object.keys(serverErrors)) delete serverErrors[k];
            const valid = await formRef.value.validate().catch(() => false);
            if (!valid) {
                state.error = t('form.fixErrors');
                return;
            }
            state.busy = true;
            try {
                const answer = await post(props.endpoint, payload());
                emit('submitted', answer);
            } catch (e) {
                const prop = e.field && e.field in FIELD_ALIAS ? FIELD_ALIAS[e.field] : e.field;
                if (e.status === 400 && prop && getPath(model, prop) !== undefined) {
                    serverErrors[prop] = e.message;
                    state.error = t('form.fixErrors');
                    formRef.value.scrollToField(prop);
                } else {
                    state.error = e.message;
                }
            } finally {
                state.busy = false;
            }
        }

        return () =>
            h(
                ElForm,
                {
                    ref: formRef,
                    model,
                    rules: rules.value,
                    labelPosition: 'top',
                    scrollToError: true,
                    scrollIntoViewOptions: { block: 'center' },
                    validateOnRuleChange: false,
                    class: 'app-form',
                    novalidate: true,
                    onSubmit: (ev) => {
                        ev.preventDefault();
                        submit();
                    },
                },
                () => [
                    counter(),
                    identity(),
                    realname(),
                    residence(),
                    unemployment(),
                    intent(),
                    commitment(),
                    state.error
                        ? h(ElAlert, {
                              type: 'error',
                              title: state.error,
                              closable: false,
                              showIcon: true,
                              class: 'form-error',
                              'data-testid': 'form-error',
                          })
                        : null,
                    h('div', { class: 'form-actions' }, [
                        h(
                            ElButton,
                            {
                                type: 'primary',
                                size: 'large',
                                nativeType: 'submit',
                                loading: state.busy,
                                'data-testid': 'submit-application',
                            },
                            () => t('form.submit'),
                        ),
                    ]),
                ],
            );
    },
};

// What a submitted application hands back: the number, the query code (shown only this once)
// and the deadline. The default slot adds the page's own buttons.
export const Receipt = {
    name: 'Receipt',
    props: { result: { type: Object, required: true }, counter: Boolean },
    setup(props, { slots }) {
        return () => {
            const r = props.result;
            return h('div', { class: 'receipt', 'data-testid': 'receipt' }, [
                h('div', { class: 'receipt-head' }, [
                    h('div', { class: 'receipt-icon', 'aria-hidden': 'true' }, '✓'),
                    h('h1', { class: 'card-title' }, t('receipt.title')),
                    h(
                        'p',
                        t(props.counter ? 'receipt.leadCounter' : 'receipt.lead', {
                            deadline: r.deadline,
                        }),
                    ),
                ]),
                h('dl', { class: 'receipt-items' }, [
                    h('dt', t('receipt.no')),
                    h(
                        'dd',
                        { class: 'mono big', 'data-testid': 'application-no' },
                        r.application_no,
                    ),
                    h('dt', t('receipt.code')),
                    h('dd', { class: 'mono big code', 'data-testid': 'query-code' }, r.query_code),
                    h('dt', t('receipt.deadline')),
                    h('dd', { 'data-testid': 'deadline' }, r.deadline),
                    h('dt', t('receipt.identity')),
                    h(
                        'dd',
                        { 'data-testid': 'receipt-identity' },
                        t(r.identity_verified ? 'status.identityYes' : 'status.identityNo'),
                    ),
                ]),
                r.set_aside
                    ? h(ElAlert, {
                          type: 'info',
                          title: t('receipt.setAside', { no: r.set_aside }),
                          closable: false,
                          showIcon: true,
                          'data-testid': 'receipt-set-aside',
                      })
                    : null,
                h(ElAlert, {
                    type: 'warning',
                    title: t(props.counter ? 'receipt.keepCounter' : 'receipt.keep'),
                    closable: false,
                    showIcon: true,
                    class: 'receipt-keep',
                }),
                h('div', { class: 'receipt-actions' }, slots.default?.()),
            ]);
        };
    },
};
