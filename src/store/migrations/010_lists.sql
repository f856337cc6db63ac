-- 010_lists.sql — the public lists of the notice §4(二) and 附件4 (issue 8: Lists): the policy
-- list (政策清单), the service list (服务清单) and the public employment service agency list
-- (公共就业服务机构清单), per region, with history. Portable SQL, as 001.
--
-- An entry is never edited in place: a change or a retirement is a new version, in force from
-- its valid_from day until the next version's. What was in force on day D is, per entry, the
-- highest version whose valid_from <= D, unless that version retires the entry. Versions of an
-- entry never go back in time (app/lists.c refuses a valid_from before the latest one's).
-- Safe to run again (IF NOT EXISTS, ON CONFLICT DO NOTHING: `WHERE true` lets SQLite parse the
-- upsert clause after a SELECT): a restore of a file whose version row was removed re-applies it.

-- The entries: kind, id (numbered per kind), the region whose list it is on (never changes).
-- An agency list entry is the agency itself: its id is the agency's id (agency_id repeats it
-- for the foreign key), so the public list's "id" stays the agency id users and applications
-- refer to. Policies and services are numbered from the serial 'list:policy' / 'list:service'.
CREATE TABLE IF NOT EXISTS list_entry (
    kind       TEXT NOT NULL CHECK (kind IN ('policy', 'service', 'agency')),
    id         INTEGER NOT NULL,
    region     TEXT NOT NULL REFERENCES region (code),
    agency_id  INTEGER REFERENCES agency (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, id),
    CHECK ((kind = 'agency' AND agency_id = id) OR (kind <> 'agency' AND agency_id IS NULL))
);
CREATE INDEX IF NOT EXISTS list_entry_region ON list_entry (kind, region);

-- The versions of an entry. The text columns are the union of the three lists' fields:
--   policy:  name 政策名称, target 享受对象, content 政策内容, conditions 申请条件,
--            accepting 受理机构
--   service: name 服务项目, target 服务对象, content 服务内容
--   agency:  name 机构名称, address 办公地址, phone 联系电话, items 经办项目 (JSON list of
--            strings), hours 办公时间
-- A retirement (retired = 1) repeats the fields of the version it ends.
CREATE TABLE IF NOT EXISTS list_version (
    kind        TEXT NOT NULL,
    entry_id    INTEGER NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    valid_from  TEXT NOT NULL,                 -- YYYY-MM-DD
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    name        TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    content     TEXT NOT NULL DEFAULT '',
    conditions  TEXT NOT NULL DEFAULT '',
    accepting   TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    items       TEXT NOT NULL DEFAULT '[]',
    hours       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',      -- why the change was made (free text, no personal data)
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id), -- NULL: the system (CLI, migration)
    PRIMARY KEY (kind, entry_id, version),
    FOREIGN KEY (kind, entry_id) REFERENCES list_entry (kind, id)
);

-- Every agency there is becomes its own list entry, version 1 in force from the day it was
-- created, with the name, address, phone and 经办项目 it was created with.
INSERT INTO list_entry (kind, id, region, agency_id, created_at)
    SELECT 'agency', id, region, id, created_at FROM agency WHERE true
    ON CONFLICT DO NOTHING;
INSERT INTO list_version (kind, entry_id, version, valid_from, retired, name, address, phone,
                          items, recorded_at)
    SELECT 'agency', id, 1, substr(created_at, 1, 10), 0, name, address, phone, items, created_at
    FROM agency WHERE true
    ON CONFLICT DO NOTHING;
