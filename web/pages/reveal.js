// reveal.js — the reason asked before a person's data is unmasked (issue 12: reveal is an audited
// act with a stated reason, which the applicant sees on the status page). One render helper for
// the application page and the case page; the caller keeps the state and sends
// `?reveal=true&reason=R`.

import { h } from 'vue';
import { ElButton, ElInput } from 'element-plus';
import { t } from '../i18n.js';

// state: {revealReason, revealing}; confirm(): send it (the caller checks it is not empty).
export function revealAsk(state, confirm) {
    return h('div', { class: 'reveal-ask' }, [
        h(ElInput, {
            modelValue: state.revealReason,
            'onUpdate:modelValue': (v) => (state.revealReason = v),
            placeholder: t('detail.revealReason'),
            maxlength: 200,
            'data-testid': 'reveal-reason',
            onKeyup: (ev) => ev.key === 'Enter' && confirm(),
        }),
        h(
            ElButton,
            {
                type: 'warning',
                size: 'small',
                loading: state.revealing,
                onClick: confirm,
                'data-testid': 'reveal-confirm',
            },
            () => t('detail.revealConfirm'),
        ),
    ]);
}

// The first click opens the reason field; the second sends it. Returns the reason to send, or
// null (field just opened, or empty: state.revealError says so).
export function revealReason(state) {
    if (!state.revealAsk) {
        state.revealAsk = true;
        state.revealError = '';
        return null;
    }
    const reason = state.revealReason.trim();
    state.revealError = reason ? '' : t('detail.revealReasonRequired');
    return reason || null;
}
