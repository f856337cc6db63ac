/*
 * record.h — the rules of what a caseworker records about a registered person: the profile
 * (notice §4(一)), a service record (§4, 全程记录提供服务), a contact (§5 ¶1). Pure: "today" and
 * the registration day are passed in, nothing is read from a clock or a database.
 *
 * Dates are day numbers (base/date.h). A service or contact happens on a day that is neither in
 * the future nor before the registration; a follow-up is due on or after the service. Every
 * check returns 0, or a negative -ERR_* with ec->field naming the field at fault (the first one
 * found, in the order the fields are listed here); nothing is allocated.
 */
#ifndef UREG_RULES_RECORD_H
#define UREG_RULES_RECORD_H

#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

#define RECORD_TEXT_MAX 2000     /* a service's content and outcome, a contact's note */
#define RECORD_MAX_CATEGORIES 16 /* categories or 就业困难人员 categories on one registration */

/* The day `d` of something recorded about a registration made on `registered_on`, as of `today`:
 * DATE_FUTURE (after today) or DATE_BEFORE_REGISTRATION, on `field`. Services, contacts and the
 * steps of tracked services (rules/track) all date their records by it. */
int record_day_check(int32_t d, int32_t registered_on, int32_t today, const char *field,
                     struct err_ctx *ec);

/* A service record as given. Strings are borrowed; NULL or "" for an absent optional one. */
struct record_service {
    const char *type;      /* code table service_type (required) */
    int32_t date;          /* the day it was given (required) */
    const char *content;   /* what was done (optional text) */
    const char *outcome;   /* its result (optional text) */
    const char *link_kind; /* code table link_kind, with link_id ≥ 1; or absent with link_id 0 */
    int64_t link_id;
    int32_t followup_due; /* 0: no follow-up; else on or after `date` */
};

/*
 * Check a service record for a registration made on `registered_on`, as of `today`:
 *   type          FIELD_REQUIRED, CODE_INVALID (service_type)
 *   date          RECORD_DATE_FUTURE (after today), RECORD_DATE_BEFORE_REGISTRATION
 *   content, outcome  FIELD_INVALID (over RECORD_TEXT_MAX characters, control characters)
 *   link_kind     CODE_INVALID (link_kind); FIELD_REQUIRED when link_id is given without it
 *   link_id       FIELD_REQUIRED when link_kind is given without it (≥ 1)
 *   followup_due  RECORD_FOLLOWUP_BEFORE (before date)
 */
int record_service_check(const struct record_service *s, int32_t registered_on, int32_t today,
                         struct err_ctx *ec);

/*
 * Check a contact (CONTRACT.md: date, method, result, note):
 *   date    RECORD_DATE_FUTURE, RECORD_DATE_BEFORE_REGISTRATION
 *   method  FIELD_REQUIRED, CODE_INVALID (contact_method: phone, visit, data, self_report)
 *   result  FIELD_REQUIRED, CODE_INVALID (contact_result: reached, unreachable, refused)
 *   note    FIELD_INVALID (over RECORD_TEXT_MAX characters, control characters)
 */
int record_contact_check(int32_t date, const char *method, const char *result, const char *note,
                         int32_t registered_on, int32_t today, struct err_ctx *ec);

/*
 * A change to a profile: each member NULL (strings), -1 (numbers, flags and list counts) or 0
 * (caseworker_id) leaves that field as it is; "" clears an optional code or text.
 */
struct record_profile_edit {
    const char *unemployment_reason;   /* code table unemployment_reason; cannot be cleared */
    const char *skills, *certificates; /* text, INTAKE_LONG_MAX, may span lines */
    const char *skill_level;           /* code table skill_level */
    const char *intent_occupation;     /* occupation code (record_occupation_valid) */
    const char *intent_region;         /* a region code of any level */
    int64_t intent_salary_min, intent_salary_max; /* yuan a month, 0 (not stated) .. 1,000,000 */
    int training_intent, startup_intent;          /* 0 or 1 */
    const char *explained_on;                     /* YYYY-MM-DD, or "" */
    const char *tier;                             /* code table tier */
    const char *served_as;                        /* code table served_as */
    const char *const *categories;                /* code table client_category, no repeats */
    int n_categories;
    const char *const *difficulty; /* 就业困难人员 categories of the register region's province */
    int n_difficulty;
    int64_t caseworker_id; /* the designated caseworker (checked by the caller against users) */
};

/* An edit that changes nothing (every member "unchanged"). */
void record_profile_edit_init(struct record_profile_edit *e);

/*
 * Check the fields an edit sets, for a registration made on `registered_on` in `register_region`,
 * as of `today`; `merged_min` / `merged_max` are the pay range after the edit (a range whose max
 * is stated must not be below its min). Errors name the JSON field: unemployment_reason,
 * skills, certificates, skill_level (CODE_INVALID), job_intent.occupation (OCCUPATION_FORMAT),
 * job_intent.region (REGION_INVALID / REGION_FORMAT), job_intent.salary_min / salary_max
 * (FIELD_INVALID), explained_on (DATE_INVALID, RECORD_DATE_FUTURE,
 * RECORD_DATE_BEFORE_REGISTRATION), tier, served_as, categories (CODE_INVALID; FIELD_INVALID for
 * a repeat or too many), difficulty_categories (INTAKE_DIFFICULTY).
 */
int record_profile_check(const struct record_profile_edit *e, const char *register_region,
                         int32_t registered_on, int32_t today, int64_t merged_min,
                         int64_t merged_max, struct err_ctx *ec);

/*
 * Whether `s` is an occupation code of the national occupational classification (国家职业分类大典
 * 2022, GB/T 6565 form): a major group digit 1-8, then optionally "-NN" for the minor group,
 * "-NN" for the unit group and "-NN" for the occupation ("4", "4-01", "4-01-02", "4-01-02-01").
 */
bool record_occupation_valid(const char *s);

#endif
