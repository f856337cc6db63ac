-- 009_track.sql — tracked services of a registration (notice §4(三)–(七), issue: services):
-- training and start-up referrals, 创业担保贷款, 就业困难人员 recognition, assistance plans and
-- their steps, 公益性岗位 placements, policy applications, unemployment-insurance hand-overs.
-- Each kind's states and moves are rules/track.c's; `kind` is rules/vocab.def's TRACK_KIND list.
-- An item is never edited in place: its status moves by a new track_step row, and the item
-- row carries the latest status and dates for the lists. Portable SQL, as 001.
CREATE TABLE track_item (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,               -- the registration's, for scoped reads
    kind            TEXT NOT NULL CHECK (kind IN ('training_referral', 'startup_training',
                        'startup_support', 'startup_loan', 'difficulty_recognition',
                        'assistance_plan', 'plan_step', 'public_welfare_post',
                        'policy_application', 'ui_handover')),
    parent_id       INTEGER REFERENCES track_item (id), -- a plan step's plan
    subject         TEXT NOT NULL DEFAULT '',    -- programme, policy, post, agency, step text
    code            TEXT NOT NULL DEFAULT '',    -- difficulty category, plan step type
    amount          INTEGER,                     -- yuan (loans)
    detail          TEXT NOT NULL DEFAULT '{}',  -- kind-specific fields (JSON): evidence, bank, ...
    status          TEXT NOT NULL,               -- the latest step's
    opened_on       TEXT NOT NULL,               -- YYYY-MM-DD
    due_on          TEXT,                        -- YYYY-MM-DD: when the next step is due
    closed_on       TEXT,                        -- YYYY-MM-DD of the final step
    created_by      INTEGER REFERENCES app_user (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX track_item_registration ON track_item (registration_id, id);
CREATE INDEX track_item_due ON track_item (scope_region, due_on) WHERE closed_on IS NULL;

CREATE TABLE track_step (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES track_item (id),
    status     TEXT NOT NULL,
    on_date    TEXT NOT NULL,                    -- YYYY-MM-DD the step happened
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES app_user (id),
    created_at TEXT NOT NULL
);
CREATE INDEX track_step_item ON track_step (item_id, id);
