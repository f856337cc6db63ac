// vocab.js — the application statuses, channels and list kinds as the server stores them
// (src/rules/vocab.def, CONTRACT.md), for the pages that filter or label by them. Kept in the
// order of vocab.def; test/api/vocab.test.mjs checks both lists against that file and against
// the running server, so a word added on one side alone fails a test. Labels live in i18n.js
// under status.* / channel.*.

export const STATUSES = ['submitted', 'verifying', 'pending_review', 'approved', 'rejected', 'withdrawn'];
// Still awaiting a decision (the is_open column of vocab.def).
export const OPEN_STATUSES = new Set(['submitted', 'verifying', 'pending_review']);
export const CHANNELS = ['online', 'counter', 'national'];
// The kinds of tracked services (TRACK_KIND of vocab.def); labels under track.kind.*.
export const TRACK_KINDS = ['training_referral', 'startup_training', 'startup_support',
    'startup_loan', 'difficulty_recognition', 'assistance_plan', 'plan_step',
    'public_welfare_post', 'policy_application', 'ui_handover'];
// The public lists of §4(二) and 附件4 (list_entry.kind); labels in i18n.js under lists.kind.*.
export const LIST_KINDS = ['policy', 'service', 'agency'];
