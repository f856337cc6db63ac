/*
 * age.c — ages and the statutory retirement age. See age.h.
 *
 * The three comparison tables of the 2024 decision are each one arithmetic rule (first
 * affected birth month, birth months per added month, cap), kept below as one table row per
 * category; the unit tests check the rows against values read from the official tables.
 */
#include "rules/age.h"

#include "base/date.h"
#include "base/err.h"

#include <stddef.h>
#include <string.h>

struct age__rule {
    const char *name;
    int original_years; /* the age before the 2024 decision */
    int first_year;     /* first birth month with a delay: first_year-01 */
    int step;           /* birth months per month of delay */
    int cap;            /* the most months of delay */
};

static const struct age__rule age__rules[] = {
    [RETIRE_MALE] = {"male", 60, 1965, 4, 36},
    [RETIRE_FEMALE_50] = {"female_50", 50, 1975, 2, 60},
    [RETIRE_FEMALE_55] = {"female_55", 55, 1970, 4, 36},
};

#define AGE__N_RULES (sizeof age__rules / sizeof age__rules[0])

int age_on(int32_t birth, int32_t on)
{
    int by, bm, bd, oy, om, od;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(on, &oy, &om, &od);
    /* This year's birthday; 29 February falls on 1 March in a common year. */
    if (bm == 2 && bd == 29 && date_days_in_month(oy, 2) == 28) {
        bm = 3;
        bd = 1;
    }
    int years = oy - by;
    if (om < bm || (om == bm && od < bd))
        years--;
    return years;
}

int age_retire_category_parse(const char *s, enum retire_category *out)
{
    if (!s)
        return -ERR_AGE_CATEGORY;
    for (size_t i = 0; i < AGE__N_RULES; i++)
        if (strcmp(s, age__rules[i].name) == 0) {
            *out = (enum retire_category)i;
            return 0;
        }
    return -ERR_AGE_CATEGORY;
}

const char *age_retire_category_name(enum retire_category cat)
{
    if ((unsigned)cat >= AGE__N_RULES)
        return NULL;
    return age__rules[cat].name;
}

int age_retirement(int32_t birth, enum retire_category cat, struct retirement *out)
{
    int rc = 0;
    memset(out, 0, sizeof *out);
    if ((unsigned)cat >= AGE__N_RULES) {
        rc = -ERR_AGE_CATEGORY;
        goto out;
    }
    if (birth < date_from_ymd(1, 1, 1) || birth > date_from_ymd(9899, 12, 31)) {
        rc = -ERR_DATE_INVALID;
        goto out;
    }
    const struct age__rule *r = &age__rules[cat];
    int by, bm, bd;
    date_to_ymd(birth, &by, &bm, &bd);
    int m = (by - r->first_year) * 12 + (bm - 1); /* birth months since the first affected */
    int delay = 0;
    if (m >= 0) {
        delay = m / r->step + 1;
        if (delay > r->cap)
            delay = r->cap;
    }
    out->delay_months = delay;
    out->months_total = r->original_years * 12 + delay;
    out->years = out->months_total / 12;
    out->months = out->months_total % 12;
    out->date = date_add_months(birth, out->months_total);
    int rd;
    date_to_ymd(out->date, NULL, NULL, &rd);
    if (rd != bd)
        out->date += 1; /* clamped to the month's end: reached the day after, the 1st */
out:
    return rc;
}

bool age_is_working_age(int32_t birth, enum retire_category cat, int32_t on)
{
    struct retirement r;
    if (age_retirement(birth, cat, &r) < 0)
        return false;
    return age_on(birth, on) >= AGE_MIN_WORKING && on < r.date;
}
