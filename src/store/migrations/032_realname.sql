-- 032_realname.sql — real-name verification of the online channel (issue 12).
--
-- A row per application whose identity was verified — an identity provider's signed assertion
-- on the online channel (provider names it), or the caseworker who saw the document at the
-- counter ('counter') — and per application set aside by a verified one of the same person
-- (verified 0, set_aside_for naming the verified application: staff only; the public status
-- page shows the reason, never the other number). No row: an unverified application.
-- A table of its own rather than columns of application, so that the statement can run again
-- on a database that has it (IF NOT EXISTS), like the migrations before it.
CREATE TABLE IF NOT EXISTS application_identity (
    application_id INTEGER PRIMARY KEY REFERENCES application (id),
    verified       INTEGER NOT NULL CHECK (verified IN (0, 1)),
    provider       TEXT,
    set_aside_for  TEXT,
    CHECK (verified = 0 OR provider IS NOT NULL)
);
