// fields.js — form controls fed by reference data (refdata.js):
//   RegionPicker   province → city → county cascader, children loaded as they are opened; the
//                  value is the path of codes, the last one being the chosen region. Only
//                  6-digit codes are offered: counties are the last level, and a city or
//                  province without counties (东莞市, 香港特别行政区) can be chosen itself.
//                  A place found to have no level below when opened is chosen at once, so
//                  one click is enough there too.
//                  `anyLevel` lets a province or city be chosen too (a job-search region).
//                  With `radioChooses` as well, a click on a level's name opens its children
//                  and its radio button chooses it (the lists' region filter), so every level
//                  down to the county can be reached.
//   CodeSelect     a select over one code table (GET /api/v1/codes/{table}), labels in the
//                  current language.
//   CodeRadios / CodeChecks   the same as radio buttons / check boxes, for short tables.
// All are v-model components: modelValue in, update:modelValue out.

import { h, nextTick, onMounted, ref } from 'vue';
import {
    ElCascader,
    ElCheckbox,
    ElCheckboxGroup,
    ElOption,
    ElRadio,
    ElRadioGroup,
    ElSelect,
} from 'element-plus';
import { t } from './i18n.js';
import { codeLabel, codes, loadCodes, loadRegions } from './refdata.js';

export const RegionPicker = {
    name: 'RegionPicker',
    props: {
        modelValue: { type: Array, default: () => [] },
        anyLevel: Boolean,
        radioChooses: Boolean,
        placeholder: String,
        disabled: Boolean,
    },
    emits: ['update:modelValue', 'change'],
    setup(props, { emit, attrs }) {
        const cascader = ref(null);

        function choose(path) {
            emit('update:modelValue', path);
            emit('change', path);
        }

        // One object for the component's life: a new one would make the cascader rebuild.
        const cascaderProps = {
            lazy: true,
            checkStrictly: props.anyLevel,
            checkOnClickNode: props.anyLevel && !props.radioChooses,
            lazyLoad(node, resolve, reject) {
                loadRegions(node.level === 0 ? '' : node.value)
                    .then((items) => {
                        const children = items
                            .filter((i) => i.level <= 3)
                            .map((i) => ({
                                value: i.code,
                                label: i.name,
                                // Counties end the path; other levels may turn out empty.
                                leaf: i.level >= 3 ? true : undefined,
                            }));
                        resolve(children);
                        if (node.level > 0 && !children.length && !props.anyLevel) {
                            // The click that opened it meant this place: take it.
                            nextTick(() => {
                                choose([...node.pathValues]);
                                cascader.value?.togglePopperVisible(false);
                            });
                        }
                    })
                    .catch(() => reject?.());
            },
        };
        return () =>
            h(ElCascader, {
                ...attrs,
                ref: cascader,
                modelValue: props.modelValue,
                'onUpdate:modelValue': (v) => choose(v ?? []),
                props: cascaderProps,
                placeholder: props.placeholder ?? t('form.pickRegion'),
                disabled: props.disabled,
                clearable: true,
                separator: ' / ',
                popperClass: 'region-popper',
                class: 'region-picker',
            });
    },
};

export const CodeSelect = {
    name: 'CodeSelect',
    props: {
        modelValue: { type: [String, Array], default: '' },
        table: { type: String, required: true },
        multiple: Boolean,
        placeholder: String,
        clearable: { type: Boolean, default: true },
    },
    emits: ['update:modelValue'],
    setup(props, { emit, attrs }) {
        onMounted(() => loadCodes(props.table).catch(() => {}));
        return () =>
            h(
                ElSelect,
                {
                    ...attrs,
                    modelValue: props.modelValue,
                    'onUpdate:modelValue': (v) => emit('update:modelValue', v ?? ''),
                    multiple: props.multiple,
                    filterable: codes(props.table).length > 12,
                    clearable: props.clearable,
                    placeholder: props.placeholder ?? t('form.pick'),
                    popperClass: 'code-popper',
                },
                () =>
                    codes(props.table).map((c) =>
                        h(ElOption, { value: c.code, label: codeLabel(c) }),
                    ),
            );
    },
};

export const CodeRadios = {
    name: 'CodeRadios',
    props: {
        modelValue: { type: String, default: '' },
        table: { type: String, required: true },
    },
    emits: ['update:modelValue'],
    setup(props, { emit, attrs }) {
        onMounted(() => loadCodes(props.table).catch(() => {}));
        return () =>
            h(
                ElRadioGroup,
                {
                    ...attrs,
                    modelValue: props.modelValue,
                    'onUpdate:modelValue': (v) => emit('update:modelValue', v),
                    class: 'choice-group',
                },
                () =>
                    codes(props.table).map((c) =>
                        h(ElRadio, { value: c.code }, () => codeLabel(c)),
                    ),
            );
    },
};

export const CodeChecks = {
    name: 'CodeChecks',
    props: {
        modelValue: { type: Array, default: () => [] },
        table: { type: String, required: true },
    },
    emits: ['update:modelValue'],
    setup(props, { emit, attrs }) {
        onMounted(() => loadCodes(props.table).catch(() => {}));
        return () =>
            h(
                ElCheckboxGroup,
                {
                    ...attrs,
                    modelValue: props.modelValue,
                    'onUpdate:modelValue': (v) => emit('update:modelValue', v),
                    class: 'choice-group stacked',
                },
                () =>
                    codes(props.table).map((c) =>
                        h(ElCheckbox, { value: c.code }, () => codeLabel(c)),
                    ),
            );
    },
};
