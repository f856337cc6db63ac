-- 044_falseinfo.sql — false information (notice §5 ¶1, issue 9 part D): a flag on a case whose
-- written promise comparison shows untrue on the day of applying (rules/falseinfo), a
-- caseworker's review of it, and the entries for the 人社信用体系 recorded on a confirmed flag.
-- Portable SQL, as 001.
CREATE TABLE false_info_flag (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES application (id),
    registration_id INTEGER REFERENCES registration (id), -- when the application was approved
    scope_region    TEXT NOT NULL,               -- the application's, for scoped reads
    check_kind      TEXT NOT NULL CHECK (check_kind IN ('employment', 'pension')),
    evidence        TEXT NOT NULL DEFAULT '{}',  -- JSON: source, event_date, line, import_id, basis
    evidence_key    TEXT NOT NULL,               -- source:event_date (a dismissed one is not raised again)
    status          TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    raised_at       TEXT NOT NULL,
    reviewed_by     INTEGER REFERENCES app_user (id),
    reviewed_at     TEXT,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX false_info_flag_open ON false_info_flag (application_id, check_kind)
    WHERE status = 'open';
CREATE INDEX false_info_flag_scope ON false_info_flag (scope_region, status, id);
CREATE INDEX false_info_flag_registration ON false_info_flag (registration_id);

CREATE TABLE credit_record (
    id           INTEGER PRIMARY KEY,
    flag_id      INTEGER NOT NULL REFERENCES false_info_flag (id),
    scope_region TEXT NOT NULL,
    facts        TEXT NOT NULL,                  -- what was untrue, as the caseworker states it
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'withdrawn')),
    created_by   INTEGER NOT NULL REFERENCES app_user (id),
    created_at   TEXT NOT NULL,
    decided_by   INTEGER REFERENCES app_user (id), -- who submitted or withdrew it
    decided_at   TEXT,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    exported_at  TEXT                             -- the last export that held it
);
CREATE UNIQUE INDEX credit_record_live ON credit_record (flag_id) WHERE status <> 'withdrawn';
CREATE INDEX credit_record_scope ON credit_record (scope_region, id);
