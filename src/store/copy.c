/*
 * copy.c — a whole database copied between backends, verified by counts and checksums (see
 * copy.h).
 *
 * The catalogue below names every table the migrations create, parents before children (the
 * order foreign keys need), with its columns in a fixed order, their kinds (i: integer, t:
 * text) and the number of leading columns that form its primary key. Each table has its own
 * SQL constants, written out in full: table names cannot be bound parameters, and SQL is never
 * formatted at run time (scripts/lint-sql.sh), so the copy's SQL is as fixed as any other
 * store file's. store_copy_check_schema() compares the catalogue with the live schema of both
 * sides before a row moves; test_copy fails the day a migration adds a table or column that is
 * not written here.
 *
 * Rows are read in primary-key order a page of 1000 at a time, each page starting after the
 * last key of the one before (a keyset: an index descent per page on either engine, never an
 * OFFSET scan), all pages inside one snapshot transaction on the source, so the copy is the
 * source as of one instant even while a server writes to it. Each page is written to the
 * target in one transaction: on SQLite a prepared INSERT a row, on PostgreSQL one INSERT ...
 * SELECT FROM unnest() of the page's columns, each bound as one array literal (one round trip
 * a page instead of a thousand). Load: a province's database (tens of millions of ref_record rows)
 * streams through in constant memory.
 */
#include "store/copy.h"

#include "store/backend.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COPY__PAGE 1000 /* the LIMIT of every _FIRST and _NEXT constant */
#define COPY__MAX_KEYS 4
#define COPY__MAX_COLS 32 /* the most parameters a PostgreSQL statement of ours may bind */

struct copy__table {
    const char *name;
    const char *cols;  /* "a, b, c": the order of every constant of the table */
    const char *types; /* one letter a column: 'i' integer, 't' text */
    int n_keys;        /* the primary key is the first n_keys columns */
    const char *sql_first, *sql_next, *sql_insert;
    /* PostgreSQL: a whole page in one statement, each column bound as one array literal */
    const char *sql_insert_pg;
    const char *sql_count;
    const char *sql_clear;  /* PostgreSQL, for --force: TRUNCATE the table */
    const char *sql_setval; /* PostgreSQL: the identity sequence past MAX(id); NULL: no id */
};

/* meta */
static const char SQL_COPY_META_FIRST[] = "SELECT key, value FROM meta ORDER BY key LIMIT 1000";
static const char SQL_COPY_META_NEXT[] =
    "SELECT key, value FROM meta WHERE (key) > ($1) ORDER BY key LIMIT 1000";
static const char SQL_COPY_META_INSERT[] = "INSERT INTO meta (key, value) VALUES ($1, $2)";
static const char SQL_COPY_META_INSERT_PG[] =
    "INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[])";
static const char SQL_COPY_META_COUNT[] = "SELECT COUNT(*) FROM meta";
static const char SQL_COPY_META_CLEAR[] = "TRUNCATE meta CASCADE";

/* region */
static const char SQL_COPY_REGION_FIRST[] =
    "SELECT code, name, parent, level FROM region ORDER BY code LIMIT 1000";
static const char SQL_COPY_REGION_NEXT[] =
    "SELECT code, name, parent, level FROM region WHERE (code) > ($1) ORDER BY code LIMIT"
    " 1000";
static const char SQL_COPY_REGION_INSERT[] =
    "INSERT INTO region (code, name, parent, level) VALUES ($1, $2, $3, $4)";
static const char SQL_COPY_REGION_INSERT_PG[] =
    "INSERT INTO region (code, name, parent, level) SELECT * FROM unnest($1::text[],"
    " $2::text[], $3::text[], $4::bigint[])";
static const char SQL_COPY_REGION_COUNT[] = "SELECT COUNT(*) FROM region";
static const char SQL_COPY_REGION_CLEAR[] = "TRUNCATE region CASCADE";

/* code_entry */
static const char SQL_COPY_CODE_ENTRY_FIRST[] =
    "SELECT tbl, code, name_zh, name_en FROM code_entry ORDER BY tbl, code LIMIT 1000";
static const char SQL_COPY_CODE_ENTRY_NEXT[] =
    "SELECT tbl, code, name_zh, name_en FROM code_entry WHERE (tbl, code) > ($1, $2) ORDER BY"
    " tbl, code LIMIT 1000";
static const char SQL_COPY_CODE_ENTRY_INSERT[] =
    "INSERT INTO code_entry (tbl, code, name_zh, name_en) VALUES ($1, $2, $3, $4)";
static const char SQL_COPY_CODE_ENTRY_INSERT_PG[] =
    "INSERT INTO code_entry (tbl, code, name_zh, name_en) SELECT * FROM unnest($1::text[],"
    " $2::text[], $3::text[], $4::text[])";
static const char SQL_COPY_CODE_ENTRY_COUNT[] = "SELECT COUNT(*) FROM code_entry";
static const char SQL_COPY_CODE_ENTRY_CLEAR[] = "TRUNCATE code_entry CASCADE";

/* calendar_day */
static const char SQL_COPY_CALENDAR_DAY_FIRST[] =
    "SELECT day, is_workday, name_zh, name_en, source, imported_at FROM calendar_day ORDER BY"
    " day LIMIT 1000";
static const char SQL_COPY_CALENDAR_DAY_NEXT[] =
    "SELECT day, is_workday, name_zh, name_en, source, imported_at FROM calendar_day WHERE"
    " (day) > ($1) ORDER BY day LIMIT 1000";
static const char SQL_COPY_CALENDAR_DAY_INSERT[] =
    "INSERT INTO calendar_day (day, is_workday, name_zh, name_en, source, imported_at) VALUES"
    " ($1, $2, $3, $4, $5, $6)";
static const char SQL_COPY_CALENDAR_DAY_INSERT_PG[] =
    "INSERT INTO calendar_day (day, is_workday, name_zh, name_en, source, imported_at) SELECT"
    " * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])";
static const char SQL_COPY_CALENDAR_DAY_COUNT[] = "SELECT COUNT(*) FROM calendar_day";
static const char SQL_COPY_CALENDAR_DAY_CLEAR[] = "TRUNCATE calendar_day CASCADE";

/* agency */
static const char SQL_COPY_AGENCY_FIRST[] =
    "SELECT id, name, region, kind, address, phone, items, created_at FROM agency ORDER BY id"
    " LIMIT 1000";
static const char SQL_COPY_AGENCY_NEXT[] =
    "SELECT id, name, region, kind, address, phone, items, created_at FROM agency WHERE (id)"
    " > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_AGENCY_INSERT[] =
    "INSERT INTO agency (id, name, region, kind, address, phone, items, created_at) VALUES"
    " ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_COPY_AGENCY_INSERT_PG[] =
    "INSERT INTO agency (id, name, region, kind, address, phone, items, created_at) SELECT *"
    " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
    " $7::text[], $8::text[])";
static const char SQL_COPY_AGENCY_COUNT[] = "SELECT COUNT(*) FROM agency";
static const char SQL_COPY_AGENCY_CLEAR[] = "TRUNCATE agency CASCADE";
static const char SQL_COPY_AGENCY_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('agency', 'id'), COALESCE((SELECT MAX(id) FROM"
    " agency), 0) + 1, false)";

/* app_user */
static const char SQL_COPY_APP_USER_FIRST[] =
    "SELECT id, username, password_hash, role, agency_id, disabled, created_at FROM app_user"
    " ORDER BY id LIMIT 1000";
static const char SQL_COPY_APP_USER_NEXT[] =
    "SELECT id, username, password_hash, role, agency_id, disabled, created_at FROM app_user"
    " WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_APP_USER_INSERT[] =
    "INSERT INTO app_user (id, username, password_hash, role, agency_id, disabled,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_COPY_APP_USER_INSERT_PG[] =
    "INSERT INTO app_user (id, username, password_hash, role, agency_id, disabled,"
    " created_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],"
    " $5::bigint[], $6::bigint[], $7::text[])";
static const char SQL_COPY_APP_USER_COUNT[] = "SELECT COUNT(*) FROM app_user";
static const char SQL_COPY_APP_USER_CLEAR[] = "TRUNCATE app_user CASCADE";
static const char SQL_COPY_APP_USER_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('app_user', 'id'), COALESCE((SELECT MAX(id) FROM"
    " app_user), 0) + 1, false)";

/* session */
static const char SQL_COPY_SESSION_FIRST[] =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at, remote FROM session"
    " ORDER BY token_hash LIMIT 1000";
static const char SQL_COPY_SESSION_NEXT[] =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at, remote FROM session"
    " WHERE (token_hash) > ($1) ORDER BY token_hash LIMIT 1000";
static const char SQL_COPY_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at, remote)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_COPY_SESSION_INSERT_PG[] =
    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at, remote)"
    " SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[],"
    " $6::text[])";
static const char SQL_COPY_SESSION_COUNT[] = "SELECT COUNT(*) FROM session";
static const char SQL_COPY_SESSION_CLEAR[] = "TRUNCATE session CASCADE";

/* api_token */
static const char SQL_COPY_API_TOKEN_FIRST[] =
    "SELECT id, token_hash, user_id, label, created_at, expires_at, revoked_at FROM api_token"
    " ORDER BY id LIMIT 1000";
static const char SQL_COPY_API_TOKEN_NEXT[] =
    "SELECT id, token_hash, user_id, label, created_at, expires_at, revoked_at FROM api_token"
    " WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_API_TOKEN_INSERT[] =
    "INSERT INTO api_token (id, token_hash, user_id, label, created_at, expires_at,"
    " revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_COPY_API_TOKEN_INSERT_PG[] =
    "INSERT INTO api_token (id, token_hash, user_id, label, created_at, expires_at,"
    " revoked_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[],"
    " $5::bigint[], $6::bigint[], $7::bigint[])";
static const char SQL_COPY_API_TOKEN_COUNT[] = "SELECT COUNT(*) FROM api_token";
static const char SQL_COPY_API_TOKEN_CLEAR[] = "TRUNCATE api_token CASCADE";
static const char SQL_COPY_API_TOKEN_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('api_token', 'id'), COALESCE((SELECT MAX(id) FROM"
    " api_token), 0) + 1, false)";

/* login_failure */
static const char SQL_COPY_LOGIN_FAILURE_FIRST[] =
    "SELECT id, key, at FROM login_failure ORDER BY id LIMIT 1000";
static const char SQL_COPY_LOGIN_FAILURE_NEXT[] =
    "SELECT id, key, at FROM login_failure WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_LOGIN_FAILURE_INSERT[] =
    "INSERT INTO login_failure (id, key, at) VALUES ($1, $2, $3)";
static const char SQL_COPY_LOGIN_FAILURE_INSERT_PG[] =
    "INSERT INTO login_failure (id, key, at) SELECT * FROM unnest($1::bigint[], $2::text[],"
    " $3::bigint[])";
static const char SQL_COPY_LOGIN_FAILURE_COUNT[] = "SELECT COUNT(*) FROM login_failure";
static const char SQL_COPY_LOGIN_FAILURE_CLEAR[] = "TRUNCATE login_failure CASCADE";
static const char SQL_COPY_LOGIN_FAILURE_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('login_failure', 'id'), COALESCE((SELECT MAX(id)"
    " FROM login_failure), 0) + 1, false)";

/* audit_log */
static const char SQL_COPY_AUDIT_LOG_FIRST[] =
    "SELECT id, at, actor_id, actor, action, object_type, object_id, remote, detail FROM"
    " audit_log ORDER BY id LIMIT 1000";
static const char SQL_COPY_AUDIT_LOG_NEXT[] =
    "SELECT id, at, actor_id, actor, action, object_type, object_id, remote, detail FROM"
    " audit_log WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_AUDIT_LOG_INSERT[] =
    "INSERT INTO audit_log (id, at, actor_id, actor, action, object_type, object_id, remote,"
    " detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_COPY_AUDIT_LOG_INSERT_PG[] =
    "INSERT INTO audit_log (id, at, actor_id, actor, action, object_type, object_id, remote,"
    " detail) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[],"
    " $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])";
static const char SQL_COPY_AUDIT_LOG_COUNT[] = "SELECT COUNT(*) FROM audit_log";
/* The audit log refuses TRUNCATE (002_audit_append_only.pg.sql): only an operator's --force,
 * which replaces the whole target with the source and its own audit log, lifts that, inside
 * the transaction that empties the target. */
static const char SQL_COPY_AUDIT_LOG_CLEAR[] =
    "ALTER TABLE audit_log DISABLE TRIGGER USER; TRUNCATE audit_log CASCADE;"
    " ALTER TABLE audit_log ENABLE TRIGGER USER";
static const char SQL_COPY_AUDIT_LOG_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE((SELECT MAX(id) FROM"
    " audit_log), 0) + 1, false)";

/* person */
static const char SQL_COPY_PERSON_FIRST[] =
    "SELECT id, person_key, id_type, id_number, name, sex, birth_date, phone, ethnicity,"
    " education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at FROM person ORDER BY id LIMIT 1000";
static const char SQL_COPY_PERSON_NEXT[] =
    "SELECT id, person_key, id_type, id_number, name, sex, birth_date, phone, ethnicity,"
    " education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at FROM person WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_PERSON_INSERT[] =
    "INSERT INTO person (id, person_key, id_type, id_number, name, sex, birth_date, phone,"
    " ethnicity, education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16)";
static const char SQL_COPY_PERSON_INSERT_PG[] =
    "INSERT INTO person (id, person_key, id_type, id_number, name, sex, birth_date, phone,"
    " ethnicity, education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at) SELECT * FROM unnest($1::bigint[], $2::text[],"
    " $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],"
    " $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],"
    " $16::text[])";
static const char SQL_COPY_PERSON_COUNT[] = "SELECT COUNT(*) FROM person";
static const char SQL_COPY_PERSON_CLEAR[] = "TRUNCATE person CASCADE";
static const char SQL_COPY_PERSON_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('person', 'id'), COALESCE((SELECT MAX(id) FROM"
    " person), 0) + 1, false)";

/* application */
static const char SQL_COPY_APPLICATION_FIRST[] =
    "SELECT id, application_no, national_no, person_id, channel, status, register_region,"
    " scope_region, register_basis, agency_id, accepted_by, unemployed_since,"
    " unemployment_reason, commitment_at, ui_benefit, difficulty, details, query_code_hash,"
    " submitted_at, accepted_on, deadline, decided_at, decided_by, decision_reason,"
    " registration_no FROM application ORDER BY id LIMIT 1000";
static const char SQL_COPY_APPLICATION_NEXT[] =
    "SELECT id, application_no, national_no, person_id, channel, status, register_region,"
    " scope_region, register_basis, agency_id, accepted_by, unemployed_since,"
    " unemployment_reason, commitment_at, ui_benefit, difficulty, details, query_code_hash,"
    " submitted_at, accepted_on, deadline, decided_at, decided_by, decision_reason,"
    " registration_no FROM application WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_APPLICATION_INSERT[] =
    "INSERT INTO application (id, application_no, national_no, person_id, channel, status,"
    " register_region, scope_region, register_basis, agency_id, accepted_by,"
    " unemployed_since, unemployment_reason, commitment_at, ui_benefit, difficulty, details,"
    " query_code_hash, submitted_at, accepted_on, deadline, decided_at, decided_by,"
    " decision_reason, registration_no) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)";
static const char SQL_COPY_APPLICATION_INSERT_PG[] =
    "INSERT INTO application (id, application_no, national_no, person_id, channel, status,"
    " register_region, scope_region, register_basis, agency_id, accepted_by,"
    " unemployed_since, unemployment_reason, commitment_at, ui_benefit, difficulty, details,"
    " query_code_hash, submitted_at, accepted_on, deadline, decided_at, decided_by,"
    " decision_reason, registration_no) SELECT * FROM unnest($1::bigint[], $2::text[],"
    " $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],"
    " $10::bigint[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::bigint[],"
    " $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],"
    " $22::text[], $23::bigint[], $24::text[], $25::text[])";
static const char SQL_COPY_APPLICATION_COUNT[] = "SELECT COUNT(*) FROM application";
static const char SQL_COPY_APPLICATION_CLEAR[] = "TRUNCATE application CASCADE";
static const char SQL_COPY_APPLICATION_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('application', 'id'), COALESCE((SELECT MAX(id) FROM"
    " application), 0) + 1, false)";

/* registration */
static const char SQL_COPY_REGISTRATION_FIRST[] =
    "SELECT id, registration_no, application_id, person_id, register_region, scope_region,"
    " agency_id, caseworker_id, status, registered_on, ui_benefit, difficulty, exit_reason,"
    " exit_date, exit_note, exit_notified FROM registration ORDER BY id LIMIT 1000";
static const char SQL_COPY_REGISTRATION_NEXT[] =
    "SELECT id, registration_no, application_id, person_id, register_region, scope_region,"
    " agency_id, caseworker_id, status, registered_on, ui_benefit, difficulty, exit_reason,"
    " exit_date, exit_note, exit_notified FROM registration WHERE (id) > ($1) ORDER BY id"
    " LIMIT 1000";
static const char SQL_COPY_REGISTRATION_INSERT[] =
    "INSERT INTO registration (id, registration_no, application_id, person_id,"
    " register_region, scope_region, agency_id, caseworker_id, status, registered_on,"
    " ui_benefit, difficulty, exit_reason, exit_date, exit_note, exit_notified) VALUES ($1,"
    " $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
static const char SQL_COPY_REGISTRATION_INSERT_PG[] =
    "INSERT INTO registration (id, registration_no, application_id, person_id,"
    " register_region, scope_region, agency_id, caseworker_id, status, registered_on,"
    " ui_benefit, difficulty, exit_reason, exit_date, exit_note, exit_notified) SELECT * FROM"
    " unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[],"
    " $7::bigint[], $8::bigint[], $9::text[], $10::text[], $11::bigint[], $12::text[],"
    " $13::text[], $14::text[], $15::text[], $16::bigint[])";
static const char SQL_COPY_REGISTRATION_COUNT[] = "SELECT COUNT(*) FROM registration";
static const char SQL_COPY_REGISTRATION_CLEAR[] = "TRUNCATE registration CASCADE";
static const char SQL_COPY_REGISTRATION_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('registration', 'id'), COALESCE((SELECT MAX(id)"
    " FROM registration), 0) + 1, false)";

/* profile */
static const char SQL_COPY_PROFILE_FIRST[] =
    "SELECT registration_id, scope_region, unemployment_reason, skills, certificates,"
    " skill_level, intent_occupation, intent_region, intent_salary_min,"
    " intent_salary_max, training_intent, startup_intent, explained_on, tier,"
    " categories, updated_at, updated_by FROM profile ORDER BY registration_id LIMIT"
    " 1000";
static const char SQL_COPY_PROFILE_NEXT[] =
    "SELECT registration_id, scope_region, unemployment_reason, skills, certificates,"
    " skill_level, intent_occupation, intent_region, intent_salary_min,"
    " intent_salary_max, training_intent, startup_intent, explained_on, tier,"
    " categories, updated_at, updated_by FROM profile WHERE (registration_id) > ($1)"
    " ORDER BY registration_id LIMIT 1000";
static const char SQL_COPY_PROFILE_INSERT[] =
    "INSERT INTO profile (registration_id, scope_region, unemployment_reason, skills,"
    " certificates, skill_level, intent_occupation, intent_region, intent_salary_min,"
    " intent_salary_max, training_intent, startup_intent, explained_on, tier,"
    " categories, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13, $14, $15, $16, $17)";
static const char SQL_COPY_PROFILE_INSERT_PG[] =
    "INSERT INTO profile (registration_id, scope_region, unemployment_reason, skills,"
    " certificates, skill_level, intent_occupation, intent_region, intent_salary_min,"
    " intent_salary_max, training_intent, startup_intent, explained_on, tier,"
    " categories, updated_at, updated_by) SELECT * FROM unnest($1::bigint[],"
    " $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
    " $8::text[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],"
    " $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[])";
static const char SQL_COPY_PROFILE_COUNT[] = "SELECT COUNT(*) FROM profile";
static const char SQL_COPY_PROFILE_CLEAR[] = "TRUNCATE profile CASCADE";

/* person_open */
static const char SQL_COPY_PERSON_OPEN_FIRST[] =
    "SELECT person_key, application_no, registration_no FROM person_open ORDER BY person_key"
    " LIMIT 1000";
static const char SQL_COPY_PERSON_OPEN_NEXT[] =
    "SELECT person_key, application_no, registration_no FROM person_open WHERE (person_key) >"
    " ($1) ORDER BY person_key LIMIT 1000";
static const char SQL_COPY_PERSON_OPEN_INSERT[] =
    "INSERT INTO person_open (person_key, application_no, registration_no) VALUES ($1, $2,"
    " $3)";
static const char SQL_COPY_PERSON_OPEN_INSERT_PG[] =
    "INSERT INTO person_open (person_key, application_no, registration_no) SELECT * FROM"
    " unnest($1::text[], $2::text[], $3::text[])";
static const char SQL_COPY_PERSON_OPEN_COUNT[] = "SELECT COUNT(*) FROM person_open";
static const char SQL_COPY_PERSON_OPEN_CLEAR[] = "TRUNCATE person_open CASCADE";

/* serial */
static const char SQL_COPY_SERIAL_FIRST[] =
    "SELECT name, value FROM serial ORDER BY name LIMIT 1000";
static const char SQL_COPY_SERIAL_NEXT[] =
    "SELECT name, value FROM serial WHERE (name) > ($1) ORDER BY name LIMIT 1000";
static const char SQL_COPY_SERIAL_INSERT[] = "INSERT INTO serial (name, value) VALUES ($1, $2)";
static const char SQL_COPY_SERIAL_INSERT_PG[] =
    "INSERT INTO serial (name, value) SELECT * FROM unnest($1::text[], $2::bigint[])";
static const char SQL_COPY_SERIAL_COUNT[] = "SELECT COUNT(*) FROM serial";
static const char SQL_COPY_SERIAL_CLEAR[] = "TRUNCATE serial CASCADE";

/* verification */
static const char SQL_COPY_VERIFICATION_FIRST[] =
    "SELECT id, application_id, check_name, result, source, evidence, checked_at FROM"
    " verification ORDER BY id LIMIT 1000";
static const char SQL_COPY_VERIFICATION_NEXT[] =
    "SELECT id, application_id, check_name, result, source, evidence, checked_at FROM"
    " verification WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_VERIFICATION_INSERT[] =
    "INSERT INTO verification (id, application_id, check_name, result, source, evidence,"
    " checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_COPY_VERIFICATION_INSERT_PG[] =
    "INSERT INTO verification (id, application_id, check_name, result, source, evidence,"
    " checked_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],"
    " $5::text[], $6::text[], $7::text[])";
static const char SQL_COPY_VERIFICATION_COUNT[] = "SELECT COUNT(*) FROM verification";
static const char SQL_COPY_VERIFICATION_CLEAR[] = "TRUNCATE verification CASCADE";
static const char SQL_COPY_VERIFICATION_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('verification', 'id'), COALESCE((SELECT MAX(id)"
    " FROM verification), 0) + 1, false)";

/* task */
static const char SQL_COPY_TASK_FIRST[] =
    "SELECT id, kind, application_id, scope_region, check_name, status, created_at,"
    " closed_at, closed_by, note FROM task ORDER BY id LIMIT 1000";
static const char SQL_COPY_TASK_NEXT[] =
    "SELECT id, kind, application_id, scope_region, check_name, status, created_at,"
    " closed_at, closed_by, note FROM task WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_TASK_INSERT[] =
    "INSERT INTO task (id, kind, application_id, scope_region, check_name, status,"
    " created_at, closed_at, closed_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10)";
static const char SQL_COPY_TASK_INSERT_PG[] =
    "INSERT INTO task (id, kind, application_id, scope_region, check_name, status,"
    " created_at, closed_at, closed_by, note) SELECT * FROM unnest($1::bigint[], $2::text[],"
    " $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],"
    " $10::text[])";
static const char SQL_COPY_TASK_COUNT[] = "SELECT COUNT(*) FROM task";
static const char SQL_COPY_TASK_CLEAR[] = "TRUNCATE task CASCADE";
static const char SQL_COPY_TASK_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('task', 'id'), COALESCE((SELECT MAX(id) FROM task),"
    " 0) + 1, false)";

/* ref_import */
static const char SQL_COPY_REF_IMPORT_FIRST[] =
    "SELECT id, source, file_name, file_sha256, rows_loaded, rows_rejected, started_at,"
    " finished_at FROM ref_import ORDER BY id LIMIT 1000";
static const char SQL_COPY_REF_IMPORT_NEXT[] =
    "SELECT id, source, file_name, file_sha256, rows_loaded, rows_rejected, started_at,"
    " finished_at FROM ref_import WHERE (id) > ($1) ORDER BY id LIMIT 1000";
static const char SQL_COPY_REF_IMPORT_INSERT[] =
    "INSERT INTO ref_import (id, source, file_name, file_sha256, rows_loaded, rows_rejected,"
    " started_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_COPY_REF_IMPORT_INSERT_PG[] =
    "INSERT INTO ref_import (id, source, file_name, file_sha256, rows_loaded, rows_rejected,"
    " started_at, finished_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],"
    " $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[])";
static const char SQL_COPY_REF_IMPORT_COUNT[] = "SELECT COUNT(*) FROM ref_import";
static const char SQL_COPY_REF_IMPORT_CLEAR[] = "TRUNCATE ref_import CASCADE";
static const char SQL_COPY_REF_IMPORT_SETVAL[] =
    "SELECT setval(pg_get_serial_sequence('ref_import', 'id'), COALESCE((SELECT MAX(id) FROM"
    " ref_import), 0) + 1, false)";

/* ref_record */
static const char SQL_COPY_REF_RECORD_FIRST[] =
    "SELECT source, person_key, event_date, extra, import_id, line FROM ref_record ORDER BY"
    " source, person_key, event_date, extra LIMIT 1000";
static const char SQL_COPY_REF_RECORD_NEXT[] =
    "SELECT source, person_key, event_date, extra, import_id, line FROM ref_record WHERE"
    " (source, person_key, event_date, extra) > ($1, $2, $3, $4) ORDER BY source, person_key,"
    " event_date, extra LIMIT 1000";
static const char SQL_COPY_REF_RECORD_INSERT[] =
    "INSERT INTO ref_record (source, person_key, event_date, extra, import_id, line) VALUES"
    " ($1, $2, $3, $4, $5, $6)";
static const char SQL_COPY_REF_RECORD_INSERT_PG[] =
    "INSERT INTO ref_record (source, person_key, event_date, extra, import_id, line) SELECT *"
    " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])";
static const char SQL_COPY_REF_RECORD_COUNT[] = "SELECT COUNT(*) FROM ref_record";
static const char SQL_COPY_REF_RECORD_CLEAR[] = "TRUNCATE ref_record CASCADE";

static const struct copy__table copy__tables[] = {
    {"meta", "key, value", "tt", 1, SQL_COPY_META_FIRST, SQL_COPY_META_NEXT, SQL_COPY_META_INSERT,
     SQL_COPY_META_INSERT_PG, SQL_COPY_META_COUNT, SQL_COPY_META_CLEAR, NULL},
    {"region", "code, name, parent, level", "ttti", 1, SQL_COPY_REGION_FIRST, SQL_COPY_REGION_NEXT,
     SQL_COPY_REGION_INSERT, SQL_COPY_REGION_INSERT_PG, SQL_COPY_REGION_COUNT,
     SQL_COPY_REGION_CLEAR, NULL},
    {"code_entry", "tbl, code, name_zh, name_en", "tttt", 2, SQL_COPY_CODE_ENTRY_FIRST,
     SQL_COPY_CODE_ENTRY_NEXT, SQL_COPY_CODE_ENTRY_INSERT, SQL_COPY_CODE_ENTRY_INSERT_PG,
     SQL_COPY_CODE_ENTRY_COUNT, SQL_COPY_CODE_ENTRY_CLEAR, NULL},
    {"calendar_day", "day, is_workday, name_zh, name_en, source, imported_at", "titttt", 1,
     SQL_COPY_CALENDAR_DAY_FIRST, SQL_COPY_CALENDAR_DAY_NEXT, SQL_COPY_CALENDAR_DAY_INSERT,
     SQL_COPY_CALENDAR_DAY_INSERT_PG, SQL_COPY_CALENDAR_DAY_COUNT, SQL_COPY_CALENDAR_DAY_CLEAR,
     NULL},
    {"agency", "id, name, region, kind, address, phone, items, created_at", "ittttttt", 1,
     SQL_COPY_AGENCY_FIRST, SQL_COPY_AGENCY_NEXT, SQL_COPY_AGENCY_INSERT, SQL_COPY_AGENCY_INSERT_PG,
     SQL_COPY_AGENCY_COUNT, SQL_COPY_AGENCY_CLEAR, SQL_COPY_AGENCY_SETVAL},
    {"app_user", "id, username, password_hash, role, agency_id, disabled, created_at", "itttiit", 1,
     SQL_COPY_APP_USER_FIRST, SQL_COPY_APP_USER_NEXT, SQL_COPY_APP_USER_INSERT,
     SQL_COPY_APP_USER_INSERT_PG, SQL_COPY_APP_USER_COUNT, SQL_COPY_APP_USER_CLEAR,
     SQL_COPY_APP_USER_SETVAL},
    {"session", "token_hash, user_id, csrf_token, created_at, expires_at, remote", "titiit", 1,
     SQL_COPY_SESSION_FIRST, SQL_COPY_SESSION_NEXT, SQL_COPY_SESSION_INSERT,
     SQL_COPY_SESSION_INSERT_PG, SQL_COPY_SESSION_COUNT, SQL_COPY_SESSION_CLEAR, NULL},
    {"api_token", "id, token_hash, user_id, label, created_at, expires_at, revoked_at", "ititiii",
     1, SQL_COPY_API_TOKEN_FIRST, SQL_COPY_API_TOKEN_NEXT, SQL_COPY_API_TOKEN_INSERT,
     SQL_COPY_API_TOKEN_INSERT_PG, SQL_COPY_API_TOKEN_COUNT, SQL_COPY_API_TOKEN_CLEAR,
     SQL_COPY_API_TOKEN_SETVAL},
    {"login_failure", "id, key, at", "iti", 1, SQL_COPY_LOGIN_FAILURE_FIRST,
     SQL_COPY_LOGIN_FAILURE_NEXT, SQL_COPY_LOGIN_FAILURE_INSERT, SQL_COPY_LOGIN_FAILURE_INSERT_PG,
     SQL_COPY_LOGIN_FAILURE_COUNT, SQL_COPY_LOGIN_FAILURE_CLEAR, SQL_COPY_LOGIN_FAILURE_SETVAL},
    {"audit_log", "id, at, actor_id, actor, action, object_type, object_id, remote, detail",
     "ititttttt", 1, SQL_COPY_AUDIT_LOG_FIRST, SQL_COPY_AUDIT_LOG_NEXT, SQL_COPY_AUDIT_LOG_INSERT,
     SQL_COPY_AUDIT_LOG_INSERT_PG, SQL_COPY_AUDIT_LOG_COUNT, SQL_COPY_AUDIT_LOG_CLEAR,
     SQL_COPY_AUDIT_LOG_SETVAL},
    {"person",
     "id, person_key, id_type, id_number, name, sex, birth_date, phone, ethnicity, education, "
     "hukou_type, hukou_region, hukou_address, residence_region, residence_address, updated_at",
     "ittttttttttttttt", 1, SQL_COPY_PERSON_FIRST, SQL_COPY_PERSON_NEXT, SQL_COPY_PERSON_INSERT,
     SQL_COPY_PERSON_INSERT_PG, SQL_COPY_PERSON_COUNT, SQL_COPY_PERSON_CLEAR,
     SQL_COPY_PERSON_SETVAL},
    {"application",
     "id, application_no, national_no, person_id, channel, status, register_region, scope_region, "
     "register_basis, agency_id, accepted_by, unemployed_since, unemployment_reason, "
     "commitment_at, ui_benefit, difficulty, details, query_code_hash, submitted_at, accepted_on, "
     "deadline, decided_at, decided_by, decision_reason, registration_no",
     "ittitttttiitttitttttttitt", 1, SQL_COPY_APPLICATION_FIRST, SQL_COPY_APPLICATION_NEXT,
     SQL_COPY_APPLICATION_INSERT, SQL_COPY_APPLICATION_INSERT_PG, SQL_COPY_APPLICATION_COUNT,
     SQL_COPY_APPLICATION_CLEAR, SQL_COPY_APPLICATION_SETVAL},
    {"registration",
     "id, registration_no, application_id, person_id, register_region, scope_region, agency_id, "
     "caseworker_id, status, registered_on, ui_benefit, difficulty, exit_reason, exit_date, "
     "exit_note, exit_notified",
     "itiittiittitttti", 1, SQL_COPY_REGISTRATION_FIRST, SQL_COPY_REGISTRATION_NEXT,
     SQL_COPY_REGISTRATION_INSERT, SQL_COPY_REGISTRATION_INSERT_PG, SQL_COPY_REGISTRATION_COUNT,
     SQL_COPY_REGISTRATION_CLEAR, SQL_COPY_REGISTRATION_SETVAL},
    {"profile",
     "registration_id, scope_region, unemployment_reason, skills, certificates, skill_level, "
     "intent_occupation, intent_region, intent_salary_min, intent_salary_max, training_intent, "
     "startup_intent, explained_on, tier, categories, updated_at, updated_by",
     "itttttttiiiitttti", 1, SQL_COPY_PROFILE_FIRST, SQL_COPY_PROFILE_NEXT, SQL_COPY_PROFILE_INSERT,
     SQL_COPY_PROFILE_INSERT_PG, SQL_COPY_PROFILE_COUNT, SQL_COPY_PROFILE_CLEAR, NULL},
    {"person_open", "person_key, application_no, registration_no", "ttt", 1,
     SQL_COPY_PERSON_OPEN_FIRST, SQL_COPY_PERSON_OPEN_NEXT, SQL_COPY_PERSON_OPEN_INSERT,
     SQL_COPY_PERSON_OPEN_INSERT_PG, SQL_COPY_PERSON_OPEN_COUNT, SQL_COPY_PERSON_OPEN_CLEAR, NULL},
    {"serial", "name, value", "ti", 1, SQL_COPY_SERIAL_FIRST, SQL_COPY_SERIAL_NEXT,
     SQL_COPY_SERIAL_INSERT, SQL_COPY_SERIAL_INSERT_PG, SQL_COPY_SERIAL_COUNT,
     SQL_COPY_SERIAL_CLEAR, NULL},
    {"verification", "id, application_id, check_name, result, source, evidence, checked_at",
     "iittttt", 1, SQL_COPY_VERIFICATION_FIRST, SQL_COPY_VERIFICATION_NEXT,
     SQL_COPY_VERIFICATION_INSERT, SQL_COPY_VERIFICATION_INSERT_PG, SQL_COPY_VERIFICATION_COUNT,
     SQL_COPY_VERIFICATION_CLEAR, SQL_COPY_VERIFICATION_SETVAL},
    {"task",
     "id, kind, application_id, scope_region, check_name, status, created_at, closed_at, "
     "closed_by, note",
     "ititttttit", 1, SQL_COPY_TASK_FIRST, SQL_COPY_TASK_NEXT, SQL_COPY_TASK_INSERT,
     SQL_COPY_TASK_INSERT_PG, SQL_COPY_TASK_COUNT, SQL_COPY_TASK_CLEAR, SQL_COPY_TASK_SETVAL},
    {"ref_import",
     "id, source, file_name, file_sha256, rows_loaded, rows_rejected, started_at, finished_at",
     "itttiitt", 1, SQL_COPY_REF_IMPORT_FIRST, SQL_COPY_REF_IMPORT_NEXT, SQL_COPY_REF_IMPORT_INSERT,
     SQL_COPY_REF_IMPORT_INSERT_PG, SQL_COPY_REF_IMPORT_COUNT, SQL_COPY_REF_IMPORT_CLEAR,
     SQL_COPY_REF_IMPORT_SETVAL},
    {"ref_record", "source, person_key, event_date, extra, import_id, line", "ttttii", 4,
     SQL_COPY_REF_RECORD_FIRST, SQL_COPY_REF_RECORD_NEXT, SQL_COPY_REF_RECORD_INSERT,
     SQL_COPY_REF_RECORD_INSERT_PG, SQL_COPY_REF_RECORD_COUNT, SQL_COPY_REF_RECORD_CLEAR, NULL},
};

#define COPY__N (int)(sizeof copy__tables / sizeof *copy__tables)

/* The live schema, per dialect. */
static const char SQL_COPY_TABLES_SQLITE[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " ORDER BY name";
static const char SQL_COPY_COLUMNS_SQLITE[] = "SELECT name FROM pragma_table_info($1)";
static const char SQL_COPY_PARENTS_SQLITE[] =
    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)";
static const char SQL_COPY_TABLES_PG[] =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    " AND table_type = 'BASE TABLE' ORDER BY table_name";
static const char SQL_COPY_COLUMNS_PG[] =
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    " AND table_name = $1 ORDER BY ordinal_position";
static const char SQL_COPY_PARENTS_PG[] =
    "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc"
    " JOIN information_schema.constraint_column_usage ccu"
    " ON ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name"
    " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
    " AND tc.table_name = $1";

static bool copy__is_pg(const struct store *s)
{
    return strcmp(store_backend_name(s), "postgresql") == 0;
}

/* The catalogue index of table `name`, or -1. */
static int copy__find(const char *name)
{
    for (int i = 0; i < COPY__N; i++)
        if (strcmp(copy__tables[i].name, name) == 0)
            return i;
    return -1;
}

/* Is `col` one of the ", "-separated names in `cols`? */
static bool copy__has_col(const char *cols, const char *col)
{
    size_t n = strlen(col);
    for (const char *p = cols; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, col, n) == 0)
            return true;
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return false;
}

/* The table's columns in the live schema against the catalogue's. */
static int copy__check_columns(struct store *s, struct store_conn *c, const struct copy__table *t)
{
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_COLUMNS_PG : SQL_COPY_COLUMNS_SQLITE);
    store_q_text(q, 1, t->name);
    int rc, n = 0, bad = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *col = store_q_col_text(q, 0);
        n++;
        if (!copy__has_col(t->cols, col)) {
            fprintf(stderr, "ureg: column %s.%s is not in the copy catalogue (src/store/copy.c)\n",
                    t->name, col);
            bad = 1;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    if (n != (int)strlen(t->types)) {
        fprintf(stderr, "ureg: table %s has %d columns, the copy catalogue %d\n", t->name, n,
                (int)strlen(t->types));
        bad = 1;
    }
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

/* Every table t references must come before it in the catalogue (index i). */
static int copy__check_parents(struct store *s, struct store_conn *c, int i)
{
    const struct copy__table *t = &copy__tables[i];
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_PARENTS_PG : SQL_COPY_PARENTS_SQLITE);
    store_q_text(q, 1, t->name);
    int rc, bad = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *parent = store_q_col_text(q, 0);
        int p = copy__find(parent);
        if (p >= i && strcmp(parent, t->name) != 0) {
            fprintf(stderr, "ureg: table %s refers to %s, which the copy catalogue puts after it\n",
                    t->name, parent);
            bad = 1;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

int store_copy_check_schema(struct store *s, struct store_conn *c)
{
    bool seen[COPY__N];
    memset(seen, 0, sizeof seen);
    bool has_migrations = false;
    int bad = 0;
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_TABLES_PG : SQL_COPY_TABLES_SQLITE);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        const char *name = store_q_col_text(q, 0);
        if (strcmp(name, "schema_migrations") == 0) {
            has_migrations = true;
            continue;
        }
        int i = copy__find(name);
        if (i < 0) {
            fprintf(stderr, "ureg: table %s is not in the copy catalogue (src/store/copy.c)\n",
                    name);
            bad = 1;
        } else {
            seen[i] = true;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    if (!has_migrations)
        return -ERR_DB_NOT_UREG;
    for (int i = 0; i < COPY__N; i++) {
        if (!seen[i]) {
            fprintf(stderr, "ureg: the copy catalogue has table %s, the database does not\n",
                    copy__tables[i].name);
            bad = 1;
            continue;
        }
        rc = copy__check_columns(s, c, &copy__tables[i]);
        if (rc == 0)
            rc = copy__check_parents(s, c, i);
        if (rc == -ERR_DB_SCHEMA_UNKNOWN)
            bad = 1;
        else if (rc < 0)
            return rc;
    }
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

/* --- reading pages and checksums ------------------------------------------------------ */

/* Add the 256-bit little-endian number d into sum, modulo 2^256. */
static void copy__add(unsigned char sum[32], const unsigned char d[32])
{
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        carry += (unsigned)sum[i] + d[i];
        sum[i] = (unsigned char)carry;
        carry >>= 8;
    }
}

/* Add the digest of the current row's canonical text into sum: each column in catalogue order
 * as "N" for NULL or "V<length>:<text>"; integers are their decimal text on both engines. */
static void copy__digest(struct store_q *q, const struct copy__table *t, unsigned char sum[32])
{
    crypto_generichash_state st;
    unsigned char d[32];
    crypto_generichash_init(&st, NULL, 0, sizeof d);
    int n = (int)strlen(t->types);
    for (int i = 0; i < n; i++) {
        const char *v = store_q_col_text(q, i); /* NULL for SQL NULL */
        if (!v) {
            crypto_generichash_update(&st, (const unsigned char *)"N", 1);
            continue;
        }
        size_t len = strlen(v);
        char hdr[32];
        int h = snprintf(hdr, sizeof hdr, "V%zu:", len);
        crypto_generichash_update(&st, (const unsigned char *)hdr, (unsigned long long)h);
        crypto_generichash_update(&st, (const unsigned char *)v, len);
    }
    crypto_generichash_final(&st, d, sizeof d);
    copy__add(sum, d);
}

/* Bind `v` (NULL: SQL NULL) as parameter idx of the kind `type`. */
static void copy__bind(struct store_q *q, int idx, char type, const char *v)
{
    if (!v)
        store_q_null(q, idx);
    else if (type == 'i')
        store_q_int(q, idx, strtoll(v, NULL, 10));
    else
        store_q_text(q, idx, v);
}

/*
 * Call fn(q, arg) for every row of t on c in key order, and fn(NULL, arg) after each page.
 * The caller holds the snapshot transaction the pages must share. Returns 0 or the first
 * negative result of a step or of fn.
 */
static int copy__scan(struct store_conn *c, const struct copy__table *t,
                      int (*fn)(struct store_q *q, void *arg), void *arg)
{
    char *last[COPY__MAX_KEYS] = {0};
    bool first = true;
    int rc = 0;
    for (;;) {
        struct store_q *q = store_q_open(c, first ? t->sql_first : t->sql_next);
        for (int k = 0; !first && k < t->n_keys; k++)
            copy__bind(q, k + 1, t->types[k], last[k]);
        int n = 0;
        while ((rc = store_q_step(q)) == 1) {
            if (++n == COPY__PAGE) /* the last row of a full page: the next page starts here */
                for (int k = 0; k < t->n_keys; k++) {
                    free(last[k]);
                    const char *v = store_q_col_text(q, k);
                    last[k] = v ? xstrdup(v) : NULL;
                }
            rc = fn(q, arg);
            if (rc < 0)
                break;
        }
        store_q_close(q);
        if (rc == 0)
            rc = fn(NULL, arg);
        if (rc < 0 || n < COPY__PAGE)
            break;
        first = false;
    }
    for (int k = 0; k < COPY__MAX_KEYS; k++)
        free(last[k]);
    return rc;
}

static void copy__hex(const unsigned char sum[32], char out[65])
{
    /* Most significant byte first, as a number is written. */
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", sum[31 - i]);
}

/* What a scan of one table carries: its checksum, and for the copy the target to write to. */
struct copy__run {
    const struct copy__table *t;
    unsigned char sum[32];
    long long rows, total;
    struct store_conn *dst; /* NULL: checksum only */
    bool in_tx;             /* a page's transaction is open on dst */
    bool arrays;            /* dst is PostgreSQL: a page goes in as one INSERT ... unnest */
    int pending;            /* rows gathered in cols[] */
    struct buf cols[COPY__MAX_COLS]; /* per column, the page's values as an array literal */
    store_progress_fn progress;
    void *arg;
};

/* Append v (NULL: SQL NULL) to a PostgreSQL array literal: every element quoted, `"` and `\`
 * escaped by a backslash, so any text goes through as it is. */
static void copy__array_add(struct buf *b, bool first, const char *v)
{
    buf_putc(b, first ? '{' : ',');
    if (!v) {
        buf_puts(b, "NULL");
        return;
    }
    buf_putc(b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *p);
    }
    buf_putc(b, '"');
}

/* Insert the rows gathered for PostgreSQL in one statement, in one transaction. */
static int copy__flush(struct copy__run *r)
{
    if (r->pending == 0)
        return 0;
    int n = (int)strlen(r->t->types);
    int rc = store_tx_begin(r->dst, true);
    if (rc < 0)
        return rc;
    struct store_q *ins = store_q_open(r->dst, r->t->sql_insert_pg);
    for (int i = 0; i < n; i++) {
        buf_putc(&r->cols[i], '}');
        store_q_textn(ins, i + 1, r->cols[i].data, r->cols[i].len);
    }
    rc = store_q_done(ins);
    if (rc >= 0 && rc != r->pending) {
        log_error("store", "event=copy_page_short table=%s rows=%d inserted=%d", r->t->name,
                  r->pending, rc);
        rc = -ERR_INTERNAL;
    }
    if (rc >= 0)
        rc = store_tx_commit(r->dst);
    else
        store_tx_rollback(r->dst);
    for (int i = 0; i < n; i++)
        buf_reset(&r->cols[i]);
    r->pending = 0;
    return rc < 0 ? rc : 0;
}

static int copy__row(struct store_q *q, void *arg)
{
    struct copy__run *r = arg;
    int rc = 0;
    if (!q && r->arrays) {
        rc = copy__flush(r);
        if (rc == 0 && r->progress)
            r->progress(r->t->name, r->rows, r->total, r->arg);
        return rc;
    }
    if (!q) { /* end of a page: commit what it wrote */
        if (r->in_tx) {
            r->in_tx = false;
            rc = store_tx_commit(r->dst);
            if (rc < 0)
                return rc;
        }
        if (r->dst && r->progress)
            r->progress(r->t->name, r->rows, r->total, r->arg);
        return 0;
    }
    copy__digest(q, r->t, r->sum);
    r->rows++;
    if (!r->dst)
        return 0;
    if (r->arrays) {
        for (int i = 0; i < (int)strlen(r->t->types); i++)
            copy__array_add(&r->cols[i], r->pending == 0, store_q_col_text(q, i));
        r->pending++;
        return 0;
    }
    if (!r->in_tx) {
        rc = store_tx_begin(r->dst, true);
        if (rc < 0)
            return rc;
        r->in_tx = true;
    }
    struct store_q *ins = store_q_open(r->dst, r->t->sql_insert);
    int n = (int)strlen(r->t->types);
    for (int i = 0; i < n; i++)
        copy__bind(ins, i + 1, r->t->types[i], store_q_col_text(q, i));
    rc = store_q_done(ins);
    if (rc < 0) {
        log_error("store", "event=copy_insert_failed table=%s row=%lld", r->t->name, r->rows);
        store_tx_rollback(r->dst);
        r->in_tx = false;
        return rc;
    }
    return 0;
}

/* --- the copy ---------------------------------------------------------------------------- */

/* Open one side with one connection; a SQLite source must exist (opening would create it). */
static int copy__open(const char *url, bool source, struct store **s)
{
    const struct store_backend *be = store__backend_for(url);
    if (!be)
        return -ERR_USAGE;
    if (source && strcmp(be->name, "sqlite") == 0 && access(url, R_OK) != 0) {
        fprintf(stderr, "ureg: cannot read database %s\n", url);
        return -ERR_IO;
    }
    return store_open(url, 1, s);
}

static int copy__count(struct store_conn *c, const struct copy__table *t, long long *n)
{
    int64_t v = 0;
    int rc = store_q_one_int(store_q_open(c, t->sql_count), &v, -ERR_INTERNAL);
    *n = v;
    return rc;
}

/* The schema version on c, which must be the latest this binary has for the backend. */
static int copy__version(struct store *s, struct store_conn *c, int *version)
{
    int v = store_schema_version(c);
    if (v < 0)
        return v;
    *version = v;
    int latest = store_schema_latest(s);
    return v < latest ? -ERR_DB_SCHEMA_OLDER : v > latest ? -ERR_DB_SCHEMA_NEWER : 0;
}

/* Rows in the target's tables: none, or (force) emptied on PostgreSQL, else not empty. */
static int copy__target_empty(struct store *s, struct store_conn *c, bool force)
{
    long long total = 0, n;
    for (int i = 0; i < COPY__N; i++) {
        int rc = copy__count(c, &copy__tables[i], &n);
        if (rc < 0)
            return rc;
        total += n;
    }
    if (total == 0)
        return 0;
    if (!force || !copy__is_pg(s))
        return -ERR_DB_NOT_EMPTY; /* a forced SQLite target was recreated before opening */
    log_warn("store", "event=copy_force_truncate rows=%lld", total);
    int rc = store_tx_begin(c, true);
    for (int i = COPY__N - 1; rc == 0 && i >= 0; i--)
        rc = store_exec_script(c, copy__tables[i].sql_clear);
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    return rc;
}

/* Read every table of c back (one snapshot) into the result's `to` or `from` columns. */
static int copy__verify(struct store_conn *c, struct store_copy_result *out)
{
    int rc = store_tx_begin_snapshot(c);
    for (int i = 0; rc == 0 && i < COPY__N; i++) {
        struct copy__run r = {.t = &copy__tables[i]};
        rc = copy__scan(c, r.t, copy__row, &r);
        out->tables[i].rows_to = r.rows;
        copy__hex(r.sum, out->tables[i].sum_to);
    }
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    return rc;
}

int store_copy(const char *from, const char *to, bool force, store_progress_fn progress, void *arg,
               struct store_copy_result *out)
{
    struct store *src = NULL, *dst = NULL;
    struct store_conn *sc = NULL, *dc = NULL;
    memset(out, 0, sizeof *out);
    if (strcmp(from, to) == 0)
        return -ERR_USAGE;
    if (sodium_init() < 0)
        return -ERR_INTERNAL;
    int rc = copy__open(from, true, &src);
    if (rc < 0)
        goto out;
    sc = store_acquire(src);
    rc = store_copy_check_schema(src, sc);
    if (rc == 0)
        rc = copy__version(src, sc, &out->schema_from);
    if (rc < 0)
        goto out;

    const struct store_backend *tbe = store__backend_for(to);
    if (force && tbe && strcmp(tbe->name, "sqlite") == 0)
        store__remove_sqlite_files(to);
    rc = copy__open(to, false, &dst);
    if (rc < 0)
        goto out;
    rc = store_migrate(dst);
    if (rc < 0)
        goto out;
    dc = store_acquire(dst);
    rc = store_copy_check_schema(dst, dc);
    if (rc == 0)
        rc = copy__version(dst, dc, &out->schema_to);
    if (rc == 0)
        rc = copy__target_empty(dst, dc, force);
    if (rc < 0)
        goto out;

    /* One snapshot of the source for every table: the copy is the source at one instant. */
    rc = store_tx_begin_snapshot(sc);
    if (rc < 0)
        goto out;
    out->n_tables = COPY__N;
    for (int i = 0; rc == 0 && i < COPY__N; i++) {
        struct copy__run r = {.t = &copy__tables[i],
                              .dst = dc,
                              .arrays = copy__is_pg(dst),
                              .progress = progress,
                              .arg = arg};
        rc = copy__count(sc, r.t, &r.total);
        if (rc == 0)
            rc = copy__scan(sc, r.t, copy__row, &r);
        for (int k = 0; k < COPY__MAX_COLS; k++)
            buf_free(&r.cols[k]);
        out->tables[i].table = r.t->name;
        out->tables[i].rows_from = r.rows;
        copy__hex(r.sum, out->tables[i].sum_from);
        if (rc == 0 && r.rows != r.total) {
            log_error("store", "event=copy_short table=%s read=%lld count=%lld", r.t->name, r.rows,
                      r.total);
            rc = -ERR_DB_COPY_MISMATCH;
        }
    }
    if (rc < 0) {
        store_tx_rollback(sc);
        goto out;
    }
    rc = store_tx_commit(sc);
    if (rc < 0)
        goto out;

    /* Later inserts on PostgreSQL take ids from the identity sequences: past the copied ones. */
    for (int i = 0; rc == 0 && copy__is_pg(dst) && i < COPY__N; i++)
        if (copy__tables[i].sql_setval)
            rc = store_q_one_int(store_q_open(dc, copy__tables[i].sql_setval), NULL, -ERR_INTERNAL);
    if (rc == 0)
        rc = copy__verify(dc, out);
    for (int i = 0; rc == 0 && i < COPY__N; i++) {
        const struct store_copy_table *t = &out->tables[i];
        if (t->rows_from != t->rows_to || strcmp(t->sum_from, t->sum_to) != 0)
            rc = -ERR_DB_COPY_MISMATCH;
    }
out:
    if (sc)
        store_release(src, sc);
    if (dc)
        store_release(dst, dc);
    store_close(src);
    store_close(dst);
    return rc;
}
