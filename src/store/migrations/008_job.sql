-- 008_job.sql — vacancies (岗位信息) for job matching (notice §4(三): 精准匹配岗位信息). Portable
-- SQL, as 001.
--
-- A vacancy is offered while it is open (status 'open'), its validity covers today
-- (valid_from <= today <= valid_until) and it has openings. Occupations are codes of the
-- national occupational classification (国家职业分类大典 2022, "X-XX-XX-XX" or a shorter group
-- prefix, see rules/match.h); region is the 6-digit code of the place of work; pay is yuan a
-- month. scope_region is the jurisdiction of the agency that manages the vacancy (reads and
-- changes by staff are scoped by it, like applications). No personal data here.
CREATE TABLE job (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    employer      TEXT NOT NULL,
    occupation    TEXT NOT NULL,
    region        TEXT NOT NULL,
    salary_min    INTEGER NOT NULL,
    salary_max    INTEGER NOT NULL,
    openings      INTEGER NOT NULL,
    valid_from    TEXT NOT NULL,                -- YYYY-MM-DD
    valid_until   TEXT NOT NULL,                -- YYYY-MM-DD, inclusive
    education_min TEXT NOT NULL DEFAULT '',     -- code table education (GB/T 4658), '' none
    skills        TEXT NOT NULL DEFAULT '',     -- 、-separated, as rules/match tokenises them
    requirements  TEXT NOT NULL DEFAULT '',     -- free text
    status        TEXT NOT NULL CHECK (status IN ('open', 'closed', 'withdrawn')),
    scope_region  TEXT NOT NULL,
    agency_id     INTEGER REFERENCES agency (id),
    created_by    INTEGER REFERENCES app_user (id),
    created_at    TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT 'entry', -- entry | import:<file name> | gen
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES app_user (id),
    close_reason  TEXT
);
CREATE INDEX job_scope ON job (scope_region, status, id);
CREATE INDEX job_open ON job (status, valid_until);
