-- 056_stats_keys.sql — the closing stock's breakdown keys on the registration row, in the
-- registration_stats index (issue 10, bench/report.sh, docs/statistics.md "Speed",
-- docs/decisions.md "The report's keys on the registration"). Portable SQL, as 001.

-- What the stock walk counted by from person, application and profile, copied onto the
-- registration: stat_reason is the report's unemployment reason (the profile's when set, else
-- the application's). All are clear columns of their sources (sex, education, id_type, the
-- region codes, the clear birth month of 050, the application's unemployed_since and reason):
-- no key is needed. store/stats.c's SQL_STATS_KEYS_REFRESH writes them (the same statement as
-- below) when a registration is made and whenever person or profile change a source value.
ALTER TABLE registration ADD COLUMN stat_sex TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_education TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_birth_ym TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_since TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_id_type TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_hukou_region TEXT NOT NULL DEFAULT '';
ALTER TABLE registration ADD COLUMN stat_residence_region TEXT NOT NULL DEFAULT '';
UPDATE registration SET (stat_sex, stat_education, stat_reason, stat_birth_ym, stat_since,
    stat_id_type, stat_hukou_region, stat_residence_region) = (SELECT p.sex, p.education,
    COALESCE(NULLIF(pf.unemployment_reason, ''), a.unemployment_reason), p.birth_ym,
    a.unemployed_since, p.id_type, p.hukou_region, p.residence_region
    FROM person p JOIN application a ON a.id = registration.application_id
    LEFT JOIN profile pf ON pf.registration_id = registration.id
    WHERE p.id = registration.person_id);

-- The index of the closing stock, in place of 055's: scope_region, then exit_date, so that the
-- stock of a scope_region at a day is two ranges (not exited; exited after the day) and not all
-- its records; then the registration's own columns and the keys. The walk is an index-only
-- scan. The flows read scope and dates alone, from a narrow index of those (050's).
DROP INDEX IF EXISTS registration_stats;
CREATE INDEX registration_stats ON registration (scope_region, exit_date, registered_on,
    ui_benefit, served_as, register_region, difficulty, stat_sex, stat_education, stat_reason,
    stat_birth_ym, stat_since, stat_id_type, stat_hukou_region, stat_residence_region);
CREATE INDEX registration_flows ON registration (scope_region, registered_on, exit_date);

-- The start-up pass that dates the first contact of registrations without one
-- (store_reg_first_contact_backfill_system, every process start: a report too) scanned the whole
-- table for them; a partial index holds only those rows, none once the pass has run.
CREATE INDEX registration_no_first_contact ON registration (registered_on)
    WHERE first_contact_due IS NULL;
