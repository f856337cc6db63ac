-- 003_registration.sql — people, applications, registrations, verification by comparison,
-- investigation tasks and the reference datasets compared against (issue: registration
-- lifecycle). Portable SQL, as 001.

-- One row per person, found by the normalised document key (rules/idnum person_key). Personal
-- data lives here only, read and written through store/person.c (masking in one place).
CREATE TABLE person (
    id                INTEGER PRIMARY KEY,
    person_key        TEXT NOT NULL UNIQUE,     -- "C:110105...", "H:H12345678", "T:12345678"
    id_type           TEXT NOT NULL,
    id_number         TEXT NOT NULL,
    name              TEXT NOT NULL,
    sex               TEXT NOT NULL DEFAULT '',  -- M | F | ''
    birth_date        TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD or ''
    phone             TEXT NOT NULL,
    ethnicity         TEXT NOT NULL DEFAULT '',
    education         TEXT NOT NULL DEFAULT '',
    hukou_type        TEXT NOT NULL DEFAULT '',
    hukou_region      TEXT NOT NULL DEFAULT '',
    hukou_address     TEXT NOT NULL DEFAULT '',
    residence_region  TEXT NOT NULL,
    residence_address TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- 附件1 《失业人员登记表》 as submitted, with its life in the agency.
CREATE TABLE application (
    id                  INTEGER PRIMARY KEY,
    application_no      TEXT NOT NULL UNIQUE,    -- register region + YYYYMMDD + serial
    national_no         TEXT UNIQUE,             -- 全国统一服务入口 number (national channel)
    person_id           INTEGER NOT NULL REFERENCES person (id),
    channel             TEXT NOT NULL CHECK (channel IN ('online', 'counter', 'national')),
    status              TEXT NOT NULL CHECK (status IN ('submitted', 'verifying',
                            'pending_review', 'approved', 'rejected', 'withdrawn')),
    register_region     TEXT NOT NULL,           -- 6-digit code of the place registering
    scope_region        TEXT NOT NULL,           -- the most specific region: jurisdiction test
    register_basis      TEXT NOT NULL,
    agency_id           INTEGER REFERENCES agency (id),
    accepted_by         INTEGER REFERENCES app_user (id),
    unemployed_since    TEXT NOT NULL,
    unemployment_reason TEXT NOT NULL,
    commitment_at       TEXT NOT NULL,           -- the written promise: when and on which channel
    ui_benefit          INTEGER NOT NULL DEFAULT 0,
    difficulty          TEXT NOT NULL DEFAULT '[]',
    details             TEXT NOT NULL DEFAULT '{}', -- the form's descriptive fields (JSON)
    query_code_hash     TEXT NOT NULL,
    submitted_at        TEXT NOT NULL,
    accepted_on         TEXT NOT NULL,           -- YYYY-MM-DD
    deadline            TEXT NOT NULL,           -- YYYY-MM-DD: Nth working day after acceptance
    decided_at          TEXT,
    decided_by          INTEGER REFERENCES app_user (id),
    decision_reason     TEXT,
    registration_no     TEXT
);
CREATE INDEX application_queue ON application (scope_region, status, deadline);
CREATE INDEX application_person ON application (person_id);

CREATE TABLE registration (
    id              INTEGER PRIMARY KEY,
    registration_no TEXT NOT NULL UNIQUE,        -- 失业登记编号: region + YYYY + serial
    application_id  INTEGER NOT NULL UNIQUE REFERENCES application (id),
    person_id       INTEGER NOT NULL REFERENCES person (id),
    register_region TEXT NOT NULL,
    scope_region    TEXT NOT NULL,
    agency_id       INTEGER REFERENCES agency (id),
    caseworker_id   INTEGER REFERENCES app_user (id),
    status          TEXT NOT NULL CHECK (status IN ('active', 'exited')),
    registered_on   TEXT NOT NULL,               -- YYYY-MM-DD
    ui_benefit      INTEGER NOT NULL DEFAULT 0,
    difficulty      TEXT NOT NULL DEFAULT '[]',
    exit_reason     TEXT,
    exit_date       TEXT,
    exit_note       TEXT,
    exit_notified   INTEGER
);
CREATE INDEX registration_scope ON registration (scope_region, status);
CREATE INDEX registration_person ON registration (person_id);

-- One pending application or active registration per person: the primary key makes the second
-- concurrent submission fail, whatever the timing.
CREATE TABLE person_open (
    person_key      TEXT PRIMARY KEY,
    application_no  TEXT NOT NULL,
    registration_no TEXT
);

-- Counters for numbers, e.g. ('app:110101:20260302', 17).
CREATE TABLE serial (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- Verification by comparison (notice §3): one row per check per run.
CREATE TABLE verification (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id),
    check_name     TEXT NOT NULL,                -- identity | employment | pension | death | custody
    result         TEXT NOT NULL CHECK (result IN ('pass', 'fail', 'unknown')),
    source         TEXT NOT NULL DEFAULT '',     -- dataset the evidence comes from
    evidence       TEXT NOT NULL DEFAULT '{}',   -- JSON: source, event_date, line, import
    checked_at     TEXT NOT NULL
);
CREATE INDEX verification_application ON verification (application_id);

-- Work for a caseworker: an investigation where comparison could not decide.
CREATE TABLE task (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('investigation')),
    application_id INTEGER REFERENCES application (id),
    scope_region   TEXT NOT NULL,
    check_name     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('open', 'done')),
    created_at     TEXT NOT NULL,
    closed_at      TEXT,
    closed_by      INTEGER REFERENCES app_user (id),
    note           TEXT
);
CREATE INDEX task_scope ON task (scope_region, status);

-- Reference datasets loaded with `ureg import SOURCE FILE`.
CREATE TABLE ref_import (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_sha256   TEXT NOT NULL,
    rows_loaded   INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX ref_import_source ON ref_import (source, file_sha256);

-- One row per distinct (source, person, date, rest of the row): a re-import adds nothing.
CREATE TABLE ref_record (
    source     TEXT NOT NULL,
    person_key TEXT NOT NULL,
    event_date TEXT NOT NULL,
    extra      TEXT NOT NULL DEFAULT '',         -- the row's other columns, as CSV text
    import_id  INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (source, person_key, event_date, extra)
);
