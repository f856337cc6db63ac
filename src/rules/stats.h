/*
 * stats.h — the pure rules of the statistics (notice §6): reporting periods, the bands people
 * are counted in, the urban/rural and 户籍 classes, and the identities a report must satisfy.
 *
 * A period is a month ("2026-03") or a quarter ("2026-Q1") of reports. With the cut-off day 0
 * (the default) a month is the calendar month; with a cut-off day D in 1..28 the month "2026-03"
 * runs from the day after D of February to D of March (D = 20: 2026-02-21 .. 2026-03-20, the
 * 21st-to-20th reporting months in use). A quarter is its three months end to end. Every day
 * belongs to exactly one month under a given cut-off, so one period's closing stock is the next
 * one's opening stock by construction.
 *
 * Stocks and flows (a registration counts in a region by its scope_region):
 *   opening  registered before the start and not exited before the start;
 *   new      registered on a day of the period;
 *   exits    exited (an exit in force) on a day of the period, by reason code;
 *   closing  registered by the end and not exited by the end.
 * closing = opening + new − exits holds for every record whose exit is not before its
 * registration; stats_identity_ok checks it. No I/O, no clock: `today` is the caller's.
 */
#ifndef UREG_RULES_STATS_H
#define UREG_RULES_STATS_H

#include <stdbool.h>
#include <stdint.h>

#define STATS_CUTOFF_MAX 28   /* a cut-off day must exist in every month */
#define STATS_PERIOD_STRLEN 8 /* "2026-03" or "2026-Q1" + NUL */

struct stats_period {
    int year;
    int month;     /* the last month of the period (1..12) */
    int n_months;  /* 1 (a month) or 3 (a quarter) */
    int32_t start; /* first day (base/date day number) */
    int32_t end;   /* last day */
};

/*
 * Parse "YYYY-MM" or "YYYY-Qn" (years 2000..2999) under cut-off day `cutoff` (0, or 1..28) into
 * *out. Returns 0, -ERR_STATS_PERIOD for any other text, -ERR_FIELD_INVALID for a cut-off out of
 * range. *out is zeroed on failure.
 */
int stats_period_parse(const char *s, int cutoff, struct stats_period *out);

/* The period of `n_months` (1 or 3) whose last month is year-month, under `cutoff`. */
void stats_period_make(int year, int month, int n_months, int cutoff, struct stats_period *out);

/* The period just before / after p (same length, same cut-off). */
void stats_period_prev(const struct stats_period *p, int cutoff, struct stats_period *out);
void stats_period_next(const struct stats_period *p, int cutoff, struct stats_period *out);

/* Write p's name ("2026-03" or "2026-Q1") into buf; returns buf. */
char *stats_period_name(const struct stats_period *p, char buf[STATS_PERIOD_STRLEN]);

/* The month report that holds `day` under `cutoff` (its n_months 1). */
void stats_period_of_day(int32_t day, int cutoff, struct stats_period *out);

/* Whether a report of p may be asked for on `today`: its first day is not after today (a period
 * under way is shown as counted so far). */
bool stats_period_started(const struct stats_period *p, int32_t today);

/* Age bands of the breakdown, in completed years on the last day of the period's end month. */
enum stats_age {
    STATS_AGE_16_24,
    STATS_AGE_25_34,
    STATS_AGE_35_44,
    STATS_AGE_45_54,
    STATS_AGE_55_UP,
    STATS_AGE_UNDER16,
    STATS_AGE_UNKNOWN,
    STATS_AGE__COUNT
};
/* Stable keys of the bands ("16-24", ..., "unknown"); static text. */
const char *stats_age_key(enum stats_age a);

/*
 * The band of a person born in `birth_ym` ("YYYY-MM", the clear birth month of person.birth_ym)
 * at the end of the month in which the period ends (`end`). Empty, NULL or malformed: UNKNOWN.
 * Everyone born in a month has had that month's birthday by its last day, so the age is exact.
 */
enum stats_age stats_age_band(const char *birth_ym, int32_t end);

/* Duration of unemployment on the period's last day, counted from unemployed_since. */
enum stats_duration {
    STATS_DUR_UNDER6, /* less than 6 months */
    STATS_DUR_6_12,   /* 6 months up to and including 12 months */
    STATS_DUR_OVER12, /* more than 12 months: the long-term unemployed */
    STATS_DUR_UNKNOWN,
    STATS_DUR__COUNT
};
const char *stats_duration_key(enum stats_duration d); /* "under6", "6-12", "over12", "unknown" */
/* The band of `since` ("YYYY-MM-DD") at day `end`; a date after `end` is UNDER6; malformed or
 * NULL is UNKNOWN. "6 months" is the same day number of the sixth month after (base/date's
 * date_add_months, clamped to a month's end). */
enum stats_duration stats_duration_band(const char *since, int32_t end);

/* Where the 户籍 is, against the place of registration. */
enum stats_hukou {
    STATS_HUKOU_LOCAL,    /* hukou_region within register_region */
    STATS_HUKOU_NONLOCAL, /* elsewhere on the mainland */
    STATS_HUKOU_HMT,      /* 港澳台 residents: by document type, whatever the hukou field says */
    STATS_HUKOU_UNKNOWN,  /* no or an unknown hukou_region */
    STATS_HUKOU__COUNT
};
const char *stats_hukou_key(enum stats_hukou h); /* "local", "nonlocal", "hmt", "unknown" */
enum stats_hukou stats_hukou_class(const char *id_type, const char *hukou_region,
                                   const char *register_region);

/* Urban or rural by the place of residence (docs/statistics.md "Urban and rural"). */
enum stats_urban { STATS_URBAN, STATS_RURAL, STATS_URBAN_UNKNOWN, STATS_URBAN__COUNT };
const char *stats_urban_key(enum stats_urban u); /* "urban", "rural", "unknown" */
/*
 * Classify a residence region code: a street (9 digits) named …街道 is urban, …乡 / …苏木 rural,
 * any other (…镇, …地区 and the like) as its county; a county-level code is urban when it is a
 * district (…区, not a 林区) or a county-level city (…市), rural when a county, banner or
 * 林区/特区; a province or a city code (no county given), or an unknown code, is UNKNOWN.
 */
enum stats_urban stats_urban_class(const char *residence_region);

/* closing = opening + new − sum(exits): the §6 identity. */
bool stats_identity_ok(int64_t opening, int64_t n_new, int64_t exits, int64_t closing);

/*
 * The 城镇登记失业率 in basis points of a percent ×100 (1/10000): urban_unemployed /
 * (employed + urban_unemployed). Returns -1 when employed < 0 (not entered) or the denominator is
 * 0; rounded half up.
 */
int64_t stats_rate_bp(int64_t urban_unemployed, int64_t employed);

#endif
