-- 050_stats.sql — statistics straight from the records (issue 10, notice §6): the clear birth
-- month that age bands count by, the urban employed count a statistician enters (the only
-- number typed in), and submitted (frozen) reports with the records they counted. Portable SQL,
-- as 001.

-- The birth month (YYYY-MM) in clear beside the encrypted birth_date: age bands are counted in
-- SQL's scan without decrypting a row (docs/statistics.md "Personal data"). Written by
-- store/person.c with the row; rows written in clear before encryption get it here, rows
-- encrypted before 050 at start-up (app/stats.c's backfill).
ALTER TABLE person ADD COLUMN birth_ym TEXT NOT NULL DEFAULT '';
UPDATE person SET birth_ym = substr(birth_date, 1, 7)
    WHERE key_version = 0 AND length(birth_date) = 10;

-- Stocks and flows of a region scan registrations by scope and date alone.
CREATE INDEX registration_stats ON registration (scope_region, registered_on, exit_date);

-- 城镇从业人员 of a region and period (it does not come from these records): the denominator
-- of the 城镇登记失业率 beside the urban registered unemployed.
CREATE TABLE stats_employed (
    region     TEXT NOT NULL,
    period     TEXT NOT NULL,                  -- "2026-03" or "2026-Q1"
    employed   INTEGER NOT NULL CHECK (employed >= 0),
    entered_by INTEGER REFERENCES app_user (id),
    entered_at TEXT NOT NULL,
    PRIMARY KEY (region, period)
);

-- A submitted report: the figures as counted when submitted (body, the JSON of the API), never
-- changed; a recount is compared with it. cutoff: the period setting it was counted under.
CREATE TABLE stats_report (
    id        INTEGER PRIMARY KEY,
    region    TEXT NOT NULL,
    period    TEXT NOT NULL,
    cutoff    INTEGER NOT NULL,
    body      TEXT NOT NULL,
    frozen_by INTEGER REFERENCES app_user (id),
    frozen_at TEXT NOT NULL,
    UNIQUE (region, period)
);

-- The records a submitted report counted, by role: in the opening stock, new, exited (with the
-- reason counted). A recount names the records whose role changed since.
CREATE TABLE stats_report_item (
    report_id       INTEGER NOT NULL REFERENCES stats_report (id),
    role            TEXT NOT NULL CHECK (role IN ('opening', 'new', 'exit')),
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    reason          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, role, registration_id)
);
