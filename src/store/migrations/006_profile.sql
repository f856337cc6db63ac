-- 006_profile.sql — the registered person's profile (notice §4(一)): what the services and the
-- job matching work from. One row per registration, seeded from the application form when the
-- registration is made, then kept by the caseworker (issue: services). Portable SQL, as 001.
--
-- Occupations are codes of the national occupational classification (国家职业分类大典 2022,
-- GB/T 6565 form "X-XX-XX-XX"; a shorter prefix such as "4-01" means any occupation of that
-- group). Pay is yuan per month; 0 means not stated.
CREATE TABLE profile (
    registration_id     INTEGER PRIMARY KEY REFERENCES registration (id),
    scope_region        TEXT NOT NULL,               -- the registration's, for scoped reads
    unemployment_reason TEXT NOT NULL DEFAULT '',    -- code table unemployment_reason
    skills              TEXT NOT NULL DEFAULT '',    -- free text as given (、-separated)
    certificates        TEXT NOT NULL DEFAULT '',
    skill_level         TEXT NOT NULL DEFAULT '',    -- 职业技能等级 1 (高级技师) .. 5, or ''
    intent_occupation   TEXT NOT NULL DEFAULT '',
    intent_region       TEXT NOT NULL DEFAULT '',    -- 6-digit code, or ''
    intent_salary_min   INTEGER NOT NULL DEFAULT 0,
    intent_salary_max   INTEGER NOT NULL DEFAULT 0,
    training_intent     INTEGER NOT NULL DEFAULT 0,
    startup_intent      INTEGER NOT NULL DEFAULT 0,
    explained_on        TEXT,                        -- YYYY-MM-DD: follow-up and exit rules explained
    tier                TEXT NOT NULL DEFAULT '',    -- 分级: '' until the caseworker assigns one
    categories          TEXT NOT NULL DEFAULT '[]',  -- 分类: JSON list of codes
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER REFERENCES app_user (id)
);
CREATE INDEX profile_scope ON profile (scope_region, tier);
CREATE INDEX profile_occupation ON profile (intent_occupation);
