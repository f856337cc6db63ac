-- 005_ref_record_clustered.sqlite.sql — ref_record stored in its primary key (SQLite only).
--
-- As created by 003, ref_record is a rowid table plus the index of its primary key, which
-- holds every column but two: each row is written twice, and verification's point lookup
-- (source, person_key) descends the index, then the table. WITHOUT ROWID keeps the rows in the
-- primary key's b-tree itself: half the size and one descent per lookup (measured, 2 million
-- shuffled insurance rows through `ureg import`: 302 MB and 16.8 s as a rowid table, 159 MB and
-- 14 s clustered; 10 million: 784 MB). PostgreSQL needs no counterpart beyond a no-op 005 file
-- when that backend arrives: its primary-key index serves the same lookup.
CREATE TABLE ref_record_clustered (
    source     TEXT NOT NULL,
    person_key TEXT NOT NULL,
    event_date TEXT NOT NULL,
    extra      TEXT NOT NULL DEFAULT '',
    import_id  INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (source, person_key, event_date, extra)
) WITHOUT ROWID;
INSERT INTO ref_record_clustered (source, person_key, event_date, extra, import_id, line)
    SELECT source, person_key, event_date, extra, import_id, line FROM ref_record
    ORDER BY source, person_key, event_date, extra;
DROP TABLE ref_record;
ALTER TABLE ref_record_clustered RENAME TO ref_record;
