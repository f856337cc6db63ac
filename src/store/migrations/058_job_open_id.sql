-- 058_job_open_id.sql — the matching index reads the open vacancies in id order (issue 8,
-- bench/match.sh, docs/scale.md). Portable SQL, as 001.

-- store_job_open_page reads pages of open vacancies by `status = 'open' AND id > $2 ORDER BY
-- id`; with only job_open (status, valid_until), SQLite walked every open vacancy of the index
-- and sorted them for each page (a province's 200,000 vacancies: twenty pages, each a sort of
-- all of them). With this one a page is a range of the index in id order, stopping at its limit.
CREATE INDEX job_open_id ON job (status, id);
