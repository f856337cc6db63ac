/*
 * age.h — ages in completed years, and the statutory retirement age.
 *
 * Ages follow the Chinese civil convention of 周岁: a person is one year older on each birthday;
 * someone born on 29 February becomes a year older on 1 March in a common year (the day after
 * 28 February, when the anniversary does not exist).
 *
 * The retirement age follows 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》
 * (adopted 2024-09-13, in force 2025-01-01) and the 《国务院关于渐进式延迟法定退休年龄的办法》
 * comparison tables attached to it: from an original 60 (men), 50 (women workers, 女职工) or
 * 55 (women cadres and flexibly employed women), the age rises by one month every 4, 2 or 4
 * birth months, up to 63, 55 or 58. Together with the minimum working age of 16 this bounds
 * who can register as unemployed (notice 人社厅发〔2020〕3号: 法定劳动年龄内).
 *
 * Pure: dates are base/date day numbers passed in, no clock; never allocates.
 */
#ifndef UREG_RULES_AGE_H
#define UREG_RULES_AGE_H

#include <stdbool.h>
#include <stdint.h>

#define AGE_MIN_WORKING 16 /* 年满16周岁（含） */

enum retire_category {
    RETIRE_MALE,      /* "male": original 60, up to 63 */
    RETIRE_FEMALE_50, /* "female_50": women workers, original 50, up to 55 */
    RETIRE_FEMALE_55, /* "female_55": women cadres / flexible employment, original 55, up to 58 */
};

/* A retirement age and the day it is reached. Plain value, owned by whoever declares it. */
struct retirement {
    int months_total; /* the retirement age in months, e.g. 60 * 12 + 1 */
    int years;        /* months_total / 12 */
    int months;       /* months_total % 12 */
    int delay_months; /* months added to the original age by the 2024 decision (0..60) */
    int32_t date;     /* the day the age is reached (see age_retirement) */
};

/*
 * Completed years (周岁) on day `on` of someone born on day `birth`: the birthday itself counts
 * as the new year of age; a 29 February birthday counts on 1 March in common years. Negative
 * when `on` is before `birth`.
 */
int age_on(int32_t birth, int32_t on);

/*
 * Map "male", "female_50" or "female_55" (exact, case-sensitive) to *out. Returns 0, or
 * -ERR_AGE_CATEGORY (also for NULL s), leaving *out untouched.
 */
int age_retire_category_parse(const char *s, enum retire_category *out);

/* The contract string of `cat` (static storage), or NULL for a value outside the enum. */
const char *age_retire_category_name(enum retire_category cat);

/*
 * The statutory retirement age of someone born on `birth` in category `cat`, into *out. Births
 * before the first affected month (men 1965-01, women-50 1975-01, women-55 1970-01) keep the
 * original age. The delay counts the birth months m from that first month (m = 0 for it):
 * men and women-55 min(36, m/4 + 1), women-50 min(60, m/2 + 1), in months.
 *
 * The date is the birth date plus months_total calendar months (date_add_months). When the
 * birth day does not exist in the target month (born on the 29th-31st), the age is reached on
 * the 1st of the following month — the same convention as age_on, so a whole-year retirement
 * age is reached exactly when age_on reaches it.
 *
 * Returns 0, -ERR_AGE_CATEGORY for an unknown category or -ERR_DATE_INVALID for a birth
 * outside years 1..9899; *out is zeroed on failure.
 */
int age_retirement(int32_t birth, enum retire_category cat, struct retirement *out);

/*
 * Whether someone born on `birth` is of working age on `on`: at least AGE_MIN_WORKING years old
 * (the 16th birthday itself counts) and before the day the retirement age of `cat` is reached
 * (age_retirement: on that day and after, no longer). False for an unknown category or a
 * birth age_retirement refuses.
 */
bool age_is_working_age(int32_t birth, enum retire_category cat, int32_t on);

#endif
