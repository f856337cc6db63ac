-- 042_followup.sql — the monthly follow-up (issue 9, notice §5 ¶1 定期联系, ¶2 (三) counters):
-- the next contact's due day on the registration (a cache of rules/followup's derivation, for
-- the due list's index), the kind of a self-report on its contact, and the runs of
-- `ureg followup run` with their progress. Portable SQL, as 001.

-- The day the next monthly contact is due: the last contact (any result) or the registration
-- day, plus the tier's contact_days (policy contact_days without a tier). A cache: written with
-- every contact and by `ureg followup run`, which rewrites any that differs from the derivation
-- (counted as "due dates corrected"); the counters themselves are never stored. NULL until
-- the first run or contact after this version.
ALTER TABLE registration ADD COLUMN next_contact_due TEXT;
CREATE INDEX registration_next_contact ON registration (scope_region, next_contact_due);

-- A self-report (method self_report, notice §5 ¶1 鼓励登记失业人员主动报告): code table
-- self_report_kind (job_search, training, employed), '' for other contacts; the employer named
-- when the person reports being employed ('' otherwise).
ALTER TABLE contact ADD COLUMN report_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN employer TEXT NOT NULL DEFAULT '';

-- One `ureg followup run`: as of which moment, how far it got (registration ids in order, one
-- batch per transaction, so a killed run resumes after last_registration_id), and its counts.
-- A new run resumes the newest unfinished one (finished_at NULL).
CREATE TABLE followup_run (
    id                   INTEGER PRIMARY KEY,
    started_at           TEXT NOT NULL,
    as_of                TEXT NOT NULL,            -- YYYY-MM-DD: "today" of the run
    last_registration_id INTEGER NOT NULL DEFAULT 0,
    checked              INTEGER NOT NULL DEFAULT 0,
    exits                INTEGER NOT NULL DEFAULT 0,
    proposals            INTEGER NOT NULL DEFAULT 0,
    due_corrected        INTEGER NOT NULL DEFAULT 0,
    resumed              INTEGER NOT NULL DEFAULT 0,
    finished_at          TEXT
);

-- The counters' reverted exits and dismissed proposals of one registration (case page, contact
-- writes) are read by registration.
CREATE INDEX exit_event_registration ON exit_event (registration_id, reason_code);
CREATE INDEX exit_proposal_registration ON exit_proposal (registration_id, status);
