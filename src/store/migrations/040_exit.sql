-- 040_exit.sql — exits (注销) of registrations (issue 9, notice §5 ¶2): every exit with its
-- reason, evidence and revert; the proposals a caseworker confirms or dismisses; the
-- notification owed for an exit; and, per reason, whether a batch applies an exit it found
-- evidence for or only proposes it. Portable SQL, as 001.
--
-- registration.status / exit_reason / exit_date / exit_note / exit_notified (003) keep the
-- current state, written with the exit_event row in one transaction and cleared on revert.

-- Every exit; a revert is recorded on the exit's own row (reverted_*), which is never deleted.
-- At most one exit in force (unreverted) per registration.
CREATE TABLE exit_event (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,                 -- the registration's, for scoped reads
    reason_code     TEXT NOT NULL,                 -- code table exit_reason
    subkind         TEXT NOT NULL DEFAULT '',      -- 24: school | military | emigration; else ''
    exit_date       TEXT NOT NULL,                 -- YYYY-MM-DD
    source          TEXT NOT NULL CHECK (source IN ('caseworker', 'proposal', 'compare',
                        'followup')),
    evidence        TEXT NOT NULL DEFAULT '{}',    -- JSON: what the exit rests on (no personal data)
    note            TEXT NOT NULL DEFAULT '',
    notify          INTEGER NOT NULL,              -- 1: the person is told (notification row)
    decided_by      INTEGER REFERENCES app_user (id),
    decided_at      TEXT NOT NULL,
    reverted_at     TEXT,
    reverted_by     INTEGER REFERENCES app_user (id),
    revert_reason   TEXT
);
CREATE UNIQUE INDEX exit_event_in_force ON exit_event (registration_id) WHERE reverted_at IS NULL;
CREATE INDEX exit_event_scope ON exit_event (scope_region, exit_date);

-- An exit a batch or a self-report found reasons for, waiting for a caseworker. At most one open
-- proposal per registration and reason: proposing again (every monthly comparison) adds nothing.
CREATE TABLE exit_proposal (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,
    reason_code     TEXT NOT NULL,
    subkind         TEXT NOT NULL DEFAULT '',
    exit_date       TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('compare', 'self_report', 'followup')),
    evidence        TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    proposed_at     TEXT NOT NULL,
    decided_by      INTEGER REFERENCES app_user (id),
    decided_at      TEXT,
    decision_note   TEXT NOT NULL DEFAULT '',
    exit_id         INTEGER REFERENCES exit_event (id)
);
CREATE UNIQUE INDEX exit_proposal_open ON exit_proposal (registration_id, reason_code)
    WHERE status = 'open';
CREATE INDEX exit_proposal_scope ON exit_proposal (scope_region, status);

-- The notice's 以适当方式予以告知: one notification per exit (UNIQUE exit_id: never sent twice),
-- made pending with the exit and sent by the notifier, retried while it fails.
CREATE TABLE notification (
    id              INTEGER PRIMARY KEY,
    exit_id         INTEGER NOT NULL UNIQUE REFERENCES exit_event (id),
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('sms', 'log')),
    text            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX notification_due ON notification (status, next_attempt_at);

-- Per reason a batch can find evidence for: 'auto' applies the exit, 'propose' leaves it to a
-- caseworker. Policy values (docs/decisions.md): `ureg policy exit REASON auto|propose`.
CREATE TABLE exit_policy (
    reason_code TEXT PRIMARY KEY,
    mode        TEXT NOT NULL CHECK (mode IN ('auto', 'propose')),
    updated_at  TEXT NOT NULL
);
INSERT INTO exit_policy (reason_code, mode, updated_at) VALUES
    ('11', 'auto', '2026-01-01T00:00:00+08:00'),
    ('12', 'auto', '2026-01-01T00:00:00+08:00'),
    ('21', 'auto', '2026-01-01T00:00:00+08:00'),
    ('25', 'auto', '2026-01-01T00:00:00+08:00'),
    ('26', 'auto', '2026-01-01T00:00:00+08:00'),
    ('31', 'auto', '2026-01-01T00:00:00+08:00'),
    ('32', 'auto', '2026-01-01T00:00:00+08:00');

-- Exit reason 13 (有稳定收入且月收入不低于当地最低生活保障标准): the threshold per region, in
-- yuan a month; the longest region prefix that has one applies. `ureg policy income REGION YUAN`.
CREATE TABLE exit_income_threshold (
    region       TEXT PRIMARY KEY,
    monthly_yuan INTEGER NOT NULL CHECK (monthly_yuan > 0),
    updated_at   TEXT NOT NULL
);
