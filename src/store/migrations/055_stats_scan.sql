-- 055_stats_scan.sql — the monthly report reads its registrations from indexes (issue 10,
-- bench/report.sh, docs/statistics.md "Speed"). Portable SQL, as 001.

-- registration_stats of 050 held (scope_region, registered_on, exit_date): the flows were read
-- from it, but the closing stock's own columns came from the table, a look-up per record. This
-- one covers them: the flows are a scan of the index alone, and the closing stock walk reads the
-- index and then only person, application and profile.
DROP INDEX IF EXISTS registration_stats;
CREATE INDEX registration_stats ON registration (scope_region, registered_on, exit_date,
    exit_reason, person_id, application_id, ui_benefit, served_as, register_region, difficulty);
-- The exits of a period by reason: a short range of exit dates instead of the whole scope.
CREATE INDEX registration_exits ON registration (exit_date, scope_region, exit_reason);

