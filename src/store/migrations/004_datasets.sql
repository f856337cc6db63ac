-- 004_datasets.sql — indexes for verification by comparison (issue: reference datasets,
-- `ureg import`, `ureg compare`). Portable SQL, as 001.

-- At most one open task of a kind per application and check: verification opens an
-- investigation for an unknown result with INSERT ... ON CONFLICT DO NOTHING, so running the
-- comparison again (monthly, or twice by mistake) never piles up duplicates, and the lookup is
-- a point probe of this index, not a scan of every task.
CREATE UNIQUE INDEX task_open_check ON task (application_id, kind, check_name)
    WHERE status = 'open';

-- The latest verification row per check of an application (one row per check per run: a
-- registration compared every month gathers five rows a month).
CREATE INDEX verification_check ON verification (application_id, check_name, id);
