-- 007_services.sql — services for registered people (issue 8's core): the served-as marker and
-- the first-contact due date on the registration, service records, contacts and the per-tier
-- policy. Portable SQL, as 001.
--
-- 失业原因 (unemployment_reason) now follows the national code table (data/codes.csv). The codes
-- stored before this version were 10 20 32 50 60 70 90; none of them changed meaning, so no row
-- is rewritten: 10 离校未就业 and 20 从用人单位失业 are the national 10 and 20 (20 stays
-- selectable, the employer case not said), old 32 "个体经营或所办企业关闭" is the national 32 所办
-- 企业关闭 (a self-employment that ended was recorded there too and cannot be told apart now; 31
-- is for new records), 50, 60 退役军人, 70 刑满释放人员 and 90 are the national 50, 60, 70, 90
-- (60 and 70 are worded more widely nationally). Old applications stay readable as they are.

-- 按登记失业人员服务 (人社厅发〔2020〕79号): code table served_as, '' for none; set by the caseworker.
ALTER TABLE registration ADD COLUMN served_as TEXT NOT NULL DEFAULT '';
-- Proactive contact (79号): due by the Nth working day after registration (policy
-- first_contact_workdays); first_contact_on is the day of the first reached contact or
-- first_contact service, NULL while it is due. Registrations made before this version get their
-- due day at the next start (app_open fills the NULLs from the calendar).
ALTER TABLE registration ADD COLUMN first_contact_due TEXT;
ALTER TABLE registration ADD COLUMN first_contact_on TEXT;
CREATE INDEX registration_first_contact ON registration (first_contact_on, first_contact_due);
CREATE INDEX registration_caseworker ON registration (caseworker_id, status);

-- Every service given is a record (notice §4: 全程记录提供服务). Nothing is edited in place: a
-- correction is a new row naming the one it corrects (`corrects`), and the corrected row is then
-- shown as corrected (a row some other row corrects). A service that needs a follow-up names the
-- day (followup_due); a later record linking to it (link_kind 'service', link_id its id) is the
-- follow-up, and until one exists it is on the due list.
CREATE TABLE service_record (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,                 -- the registration's, for scoped reads
    type            TEXT NOT NULL,                 -- code table service_type
    service_date    TEXT NOT NULL,                 -- YYYY-MM-DD: not future, not before registration
    content         TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    link_kind       TEXT NOT NULL DEFAULT '',      -- code table link_kind, or ''
    link_id         INTEGER,                       -- what link_kind names (vacancy, programme, ...)
    followup_due    TEXT,                          -- YYYY-MM-DD, or NULL
    corrects        INTEGER REFERENCES service_record (id) UNIQUE,
    recorded_by     INTEGER REFERENCES app_user (id),
    recorded_at     TEXT NOT NULL
);
CREATE INDEX service_record_registration ON service_record (registration_id, service_date);
CREATE INDEX service_record_followup ON service_record (scope_region, followup_due);
CREATE INDEX service_record_link ON service_record (link_kind, link_id);

-- Contacts with the person (notice §5 ¶1: phone, visit, data comparison, self-report). Issue 9
-- adds the counters (refusals in a row, months unreachable) and the exits on top of this table.
CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    scope_region    TEXT NOT NULL,
    contact_date    TEXT NOT NULL,                 -- YYYY-MM-DD
    method          TEXT NOT NULL,                 -- code table contact_method
    result          TEXT NOT NULL,                 -- code table contact_result
    note            TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER REFERENCES app_user (id),
    recorded_at     TEXT NOT NULL
);
CREATE INDEX contact_registration ON contact (registration_id, contact_date);

-- 分级 policy (人社厅发〔2020〕3号 §4 分级分类服务): per tier (code table tier), how often the person
-- is contacted and which service types are offered first. Policy values, changed with
-- `ureg policy tier TIER --contact-days N --services a,b`.
CREATE TABLE tier_policy (
    tier         TEXT PRIMARY KEY,
    contact_days INTEGER NOT NULL CHECK (contact_days BETWEEN 1 AND 366),
    services     TEXT NOT NULL DEFAULT '[]',       -- JSON list of service_type codes
    updated_at   TEXT NOT NULL
);
INSERT INTO tier_policy (tier, contact_days, services, updated_at) VALUES
    ('ready', 30, '["lists_handed","job_referral","jobsearch_coaching"]', '2026-01-01T00:00:00+08:00'),
    ('guidance', 30, '["career_guidance","job_referral","policy_consulting"]', '2026-01-01T00:00:00+08:00'),
    ('training', 30, '["training_referral","career_guidance","job_referral"]', '2026-01-01T00:00:00+08:00'),
    ('intensive', 14, '["assistance_plan","counselling","public_welfare_post","job_referral"]', '2026-01-01T00:00:00+08:00');
