/*
 * record.c — the checks of profiles, service records and contacts. See record.h.
 *
 * Each check walks its fields in the order record.h lists them and stops at the first fault,
 * so an error always names one field and nothing is half-accepted. Codes are looked up in the
 * shipped code tables (rules/codes); texts follow the application form's rule (rules/intake).
 */
#include "rules/record.h"

#include "base/date.h"
#include "rules/codes.h"
#include "rules/intake.h"
#include "rules/region.h"

#include <string.h>

static bool record__has(const char *s)
{
    return s && *s;
}

/* A day that is neither after today nor before the registration. */
int record_day_check(int32_t d, int32_t registered_on, int32_t today, const char *field,
                     struct err_ctx *ec)
{
    if (d > today)
        return err_set(ec, -ERR_DATE_FUTURE, field);
    if (d < registered_on)
        return err_set(ec, -ERR_DATE_BEFORE_REGISTRATION, field);
    return 0;
}

/* A required code of `table`. */
static int record__code(const char *table, const char *s, bool required, const char *field,
                        struct err_ctx *ec)
{
    if (!record__has(s))
        return required ? err_set(ec, -ERR_FIELD_REQUIRED, field) : 0;
    return codes_validate(table, s) < 0 ? err_set(ec, -ERR_CODE_INVALID, field) : 0;
}

static int record__text(const char *s, size_t max, const char *field, struct err_ctx *ec)
{
    if (record__has(s) && !intake_text_valid(s, max, true))
        return err_set(ec, -ERR_FIELD_INVALID, field);
    return 0;
}

int record_service_check(const struct record_service *s, int32_t registered_on, int32_t today,
                         struct err_ctx *ec)
{
    int rc;
    if ((rc = record__code("service_type", s->type, true, "type", ec)) < 0 ||
        (rc = record_day_check(s->date, registered_on, today, "date", ec)) < 0 ||
        (rc = record__text(s->content, RECORD_TEXT_MAX, "content", ec)) < 0 ||
        (rc = record__text(s->outcome, RECORD_TEXT_MAX, "outcome", ec)) < 0)
        return rc;
    bool has_kind = record__has(s->link_kind);
    if (has_kind && (rc = record__code("link_kind", s->link_kind, true, "link_kind", ec)) < 0)
        return rc;
    if (!has_kind && s->link_id != 0)
        return err_set(ec, -ERR_FIELD_REQUIRED, "link_kind");
    if (has_kind && s->link_id < 1)
        return err_set(ec, -ERR_FIELD_REQUIRED, "link_id");
    if (s->followup_due != 0 && s->followup_due < s->date)
        return err_set(ec, -ERR_RECORD_FOLLOWUP_BEFORE, "followup_due");
    return 0;
}

int record_contact_check(int32_t date, const char *method, const char *result, const char *note,
                         int32_t registered_on, int32_t today, struct err_ctx *ec)
{
    int rc;
    if ((rc = record_day_check(date, registered_on, today, "date", ec)) < 0 ||
        (rc = record__code("contact_method", method, true, "method", ec)) < 0 ||
        (rc = record__code("contact_result", result, true, "result", ec)) < 0 ||
        (rc = record__text(note, RECORD_TEXT_MAX, "note", ec)) < 0)
        return rc;
    return 0;
}

void record_profile_edit_init(struct record_profile_edit *e)
{
    memset(e, 0, sizeof *e);
    e->intent_salary_min = e->intent_salary_max = -1;
    e->training_intent = e->startup_intent = -1;
    e->n_categories = e->n_difficulty = -1;
}

static bool record__digit(char c)
{
    return c >= '0' && c <= '9';
}

bool record_occupation_valid(const char *s)
{
    if (!s || s[0] < '1' || s[0] > '8')
        return false;
    size_t n = strlen(s);
    if (n != 1 && n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 1; i < n; i += 3)
        if (s[i] != '-' || !record__digit(s[i + 1]) || !record__digit(s[i + 2]))
            return false;
    return true;
}

/* A list of codes of `table` (or, table NULL, of the province's 就业困难人员 categories): at
 * most RECORD_MAX_CATEGORIES, none twice. */
static int record__list(const char *table, const char *region, const char *const *v, int n, int bad,
                        const char *field, struct err_ctx *ec)
{
    if (n < 0)
        return 0;
    if (n > RECORD_MAX_CATEGORIES)
        return err_set(ec, -ERR_FIELD_INVALID, field);
    for (int i = 0; i < n; i++) {
        bool ok = v[i] && (table ? codes_validate(table, v[i]) == 0
                                 : codes_difficulty_check(region, v[i]) == 0);
        if (!ok)
            return err_set(ec, bad, field);
        for (int j = 0; j < i; j++)
            if (strcmp(v[i], v[j]) == 0)
                return err_set(ec, table ? -ERR_FIELD_INVALID : bad, field);
    }
    return 0;
}

/* The job intent: occupation, region, pay range. */
static int record__intent(const struct record_profile_edit *e, int64_t merged_min,
                          int64_t merged_max, struct err_ctx *ec)
{
    if (record__has(e->intent_occupation) && !record_occupation_valid(e->intent_occupation))
        return err_set(ec, -ERR_OCCUPATION_INVALID, "job_intent.occupation");
    if (record__has(e->intent_region)) {
        int rc = region_validate(e->intent_region);
        if (rc < 0)
            return err_set(ec, rc, "job_intent.region");
    }
    if (e->intent_salary_min != -1 &&
        (e->intent_salary_min < 0 || e->intent_salary_min > INTAKE_SALARY_MAX))
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent.salary_min");
    if (e->intent_salary_max != -1 &&
        (e->intent_salary_max < 0 || e->intent_salary_max > INTAKE_SALARY_MAX))
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent.salary_max");
    if (merged_max > 0 && merged_max < merged_min)
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent.salary_max");
    return 0;
}

int record_profile_check(const struct record_profile_edit *e, const char *register_region,
                         int32_t registered_on, int32_t today, int64_t merged_min,
                         int64_t merged_max, struct err_ctx *ec)
{
    int rc;
    if (e->unemployment_reason && (rc = record__code("unemployment_reason", e->unemployment_reason,
                                                     true, "unemployment_reason", ec)) < 0)
        return rc;
    if ((rc = record__text(e->skills, INTAKE_LONG_MAX, "skills", ec)) < 0 ||
        (rc = record__text(e->certificates, INTAKE_LONG_MAX, "certificates", ec)) < 0 ||
        (rc = record__code("skill_level", e->skill_level, false, "skill_level", ec)) < 0 ||
        (rc = record__intent(e, merged_min, merged_max, ec)) < 0)
        return rc;
    if (e->training_intent < -1 || e->training_intent > 1)
        return err_set(ec, -ERR_FIELD_INVALID, "training_intent");
    if (e->startup_intent < -1 || e->startup_intent > 1)
        return err_set(ec, -ERR_FIELD_INVALID, "startup_intent");
    if (record__has(e->explained_on)) {
        int32_t d;
        if (date_parse(e->explained_on, strlen(e->explained_on), &d) < 0)
            return err_set(ec, -ERR_DATE_INVALID, "explained_on");
        if ((rc = record_day_check(d, registered_on, today, "explained_on", ec)) < 0)
            return rc;
    }
    if ((rc = record__code("tier", e->tier, false, "tier", ec)) < 0 ||
        (rc = record__code("served_as", e->served_as, false, "served_as", ec)) < 0 ||
        (rc = record__list("client_category", NULL, e->categories, e->n_categories,
                           -ERR_CODE_INVALID, "categories", ec)) < 0 ||
        (rc = record__list(NULL, register_region, e->difficulty, e->n_difficulty,
                           -ERR_INTAKE_DIFFICULTY, "difficulty_categories", ec)) < 0)
        return rc;
    return 0;
}
