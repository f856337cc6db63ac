/*
 * stats.c — reporting periods, bands, classes and identities of the statistics. See stats.h.
 *
 * Everything here is arithmetic on day numbers (base/date) and lookups in the region table
 * (rules/region); a report calls the band functions once per record it counts, so they do no
 * allocation and at most two region lookups.
 */
#include "rules/stats.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/region.h"

#include <stdio.h>
#include <string.h>

/* The first and last day of the one-month period ending in year-month under cutoff. */
static void stats__month_bounds(int year, int month, int cutoff, int32_t *start, int32_t *end)
{
    if (cutoff == 0) {
        *start = date_from_ymd(year, month, 1);
        *end = date_from_ymd(year, month, date_days_in_month(year, month));
        return;
    }
    int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
    *start = date_from_ymd(py, pm, cutoff) + 1;
    *end = date_from_ymd(year, month, cutoff);
}

void stats_period_make(int year, int month, int n_months, int cutoff, struct stats_period *out)
{
    int32_t s, e, s0, e0;
    stats__month_bounds(year, month, cutoff, &s, &e);
    int fy = year, fm = month - (n_months - 1);
    while (fm < 1) {
        fm += 12;
        fy--;
    }
    stats__month_bounds(fy, fm, cutoff, &s0, &e0);
    out->year = year;
    out->month = month;
    out->n_months = n_months;
    out->start = s0;
    out->end = e;
}

static bool stats__digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The value of n decimal digits at s (checked by stats__digits). */
static int stats__num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int stats_period_parse(const char *s, int cutoff, struct stats_period *out)
{
    memset(out, 0, sizeof *out);
    if (cutoff < 0 || cutoff > STATS_CUTOFF_MAX)
        return -ERR_FIELD_INVALID;
    if (!s || strlen(s) != 7 || !stats__digits(s, 4) || s[4] != '-')
        return -ERR_STATS_PERIOD;
    int year = stats__num(s, 4);
    if (year < 2000 || year > 2999)
        return -ERR_STATS_PERIOD;
    if (s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
        stats_period_make(year, (s[6] - '0') * 3, 3, cutoff, out);
        return 0;
    }
    if (!stats__digits(s + 5, 2))
        return -ERR_STATS_PERIOD;
    int month = stats__num(s + 5, 2);
    if (month < 1 || month > 12)
        return -ERR_STATS_PERIOD;
    stats_period_make(year, month, 1, cutoff, out);
    return 0;
}

/* Move year-month by `delta` months. */
static void stats__shift(int *year, int *month, int delta)
{
    int m = *year * 12 + (*month - 1) + delta;
    *year = m / 12;
    *month = m % 12 + 1;
}

void stats_period_prev(const struct stats_period *p, int cutoff, struct stats_period *out)
{
    int y = p->year, m = p->month;
    stats__shift(&y, &m, -p->n_months);
    stats_period_make(y, m, p->n_months, cutoff, out);
}

void stats_period_next(const struct stats_period *p, int cutoff, struct stats_period *out)
{
    int y = p->year, m = p->month;
    stats__shift(&y, &m, p->n_months);
    stats_period_make(y, m, p->n_months, cutoff, out);
}

char *stats_period_name(const struct stats_period *p, char buf[STATS_PERIOD_STRLEN])
{
    unsigned y = (unsigned)p->year % 10000u, m = (unsigned)p->month % 13u;
    if (p->n_months == 3)
        snprintf(buf, STATS_PERIOD_STRLEN, "%04u-Q%u", y, (m + 2) / 3 % 5u);
    else
        snprintf(buf, STATS_PERIOD_STRLEN, "%04u-%02u", y, m);
    return buf;
}

void stats_period_of_day(int32_t day, int cutoff, struct stats_period *out)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (cutoff > 0 && d > cutoff)
        stats__shift(&y, &m, 1);
    stats_period_make(y, m, 1, cutoff, out);
}

bool stats_period_started(const struct stats_period *p, int32_t today)
{
    return p->start <= today;
}

static const char *const stats__age_keys[STATS_AGE__COUNT] = {
    "16-24", "25-34", "35-44", "45-54", "55+", "under16", "unknown",
};

const char *stats_age_key(enum stats_age a)
{
    return a >= 0 && a < STATS_AGE__COUNT ? stats__age_keys[a] : "unknown";
}

enum stats_age stats_age_band(const char *birth_ym, int32_t end)
{
    if (!birth_ym || strlen(birth_ym) != 7 || !stats__digits(birth_ym, 4) || birth_ym[4] != '-' ||
        !stats__digits(birth_ym + 5, 2))
        return STATS_AGE_UNKNOWN;
    int by = stats__num(birth_ym, 4), bm = stats__num(birth_ym + 5, 2);
    if (bm < 1 || bm > 12 || by < 1)
        return STATS_AGE_UNKNOWN;
    int y, m;
    date_to_ymd(end, &y, &m, NULL);
    int age = y - by - (m < bm ? 1 : 0);
    if (age < 0)
        return STATS_AGE_UNKNOWN;
    if (age < 16)
        return STATS_AGE_UNDER16;
    if (age <= 24)
        return STATS_AGE_16_24;
    if (age <= 34)
        return STATS_AGE_25_34;
    if (age <= 44)
        return STATS_AGE_35_44;
    if (age <= 54)
        return STATS_AGE_45_54;
    return STATS_AGE_55_UP;
}

static const char *const stats__dur_keys[STATS_DUR__COUNT] = {"under6", "6-12", "over12",
                                                              "unknown"};

const char *stats_duration_key(enum stats_duration d)
{
    return d >= 0 && d < STATS_DUR__COUNT ? stats__dur_keys[d] : "unknown";
}

enum stats_duration stats_duration_band(const char *since, int32_t end)
{
    int32_t d;
    if (!since || date_parse(since, strlen(since), &d) < 0)
        return STATS_DUR_UNKNOWN;
    if (end < date_add_months(d, 6))
        return STATS_DUR_UNDER6;
    if (end <= date_add_months(d, 12))
        return STATS_DUR_6_12;
    return STATS_DUR_OVER12;
}

static const char *const stats__hukou_keys[STATS_HUKOU__COUNT] = {"local", "nonlocal", "hmt",
                                                                  "unknown"};

const char *stats_hukou_key(enum stats_hukou h)
{
    return h >= 0 && h < STATS_HUKOU__COUNT ? stats__hukou_keys[h] : "unknown";
}

enum stats_hukou stats_hukou_class(const char *id_type, const char *hukou_region,
                                   const char *register_region)
{
    if (id_type && (strcmp(id_type, "hkmotw_residence") == 0 ||
                    strcmp(id_type, "hkmo_permit") == 0 || strcmp(id_type, "tw_permit") == 0))
        return STATS_HUKOU_HMT;
    if (!hukou_region || !region_find(hukou_region))
        return STATS_HUKOU_UNKNOWN;
    if (register_region && region_contains(register_region, hukou_region))
        return STATS_HUKOU_LOCAL;
    return STATS_HUKOU_NONLOCAL;
}

static const char *const stats__urban_keys[STATS_URBAN__COUNT] = {"urban", "rural", "unknown"};

const char *stats_urban_key(enum stats_urban u)
{
    return u >= 0 && u < STATS_URBAN__COUNT ? stats__urban_keys[u] : "unknown";
}

/* Whether UTF-8 `name` ends with `suffix`. */
static bool stats__ends(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && memcmp(name + n - k, suffix, k) == 0;
}

/* A county-level region: 区 (not 林区) and 市 urban; 县, 旗, 林区, 特区 rural. */
static enum stats_urban stats__county_class(const struct region *r)
{
    if (stats__ends(r->name, "林区") || stats__ends(r->name, "特区"))
        return STATS_RURAL;
    if (stats__ends(r->name, "区") || stats__ends(r->name, "市"))
        return STATS_URBAN;
    return STATS_RURAL;
}

enum stats_urban stats_urban_class(const char *residence_region)
{
    const struct region *r = region_find(residence_region);
    if (!r)
        return STATS_URBAN_UNKNOWN;
    if (r->level == REGION_STREET) {
        if (stats__ends(r->name, "街道"))
            return STATS_URBAN;
        if (stats__ends(r->name, "乡") || stats__ends(r->name, "苏木"))
            return STATS_RURAL;
        /* 镇, 地区 (办事处) and the rest: as their county. */
        const struct region *p = region_parent(r);
        return p && p->level == REGION_COUNTY ? stats__county_class(p) : STATS_URBAN_UNKNOWN;
    }
    if (r->level == REGION_COUNTY)
        return stats__county_class(r);
    /* A city without counties (不设区的地级市, e.g. 东莞) registers as a place of its own. */
    if (r->level == REGION_CITY && region_is_county_or_below(r->code))
        return STATS_URBAN;
    return STATS_URBAN_UNKNOWN;
}

bool stats_identity_ok(int64_t opening, int64_t n_new, int64_t exits, int64_t closing)
{
    return opening + n_new - exits == closing;
}

int64_t stats_rate_bp(int64_t urban_unemployed, int64_t employed)
{
    if (employed < 0 || urban_unemployed < 0 || employed + urban_unemployed == 0)
        return -1;
    int64_t den = employed + urban_unemployed;
    return (urban_unemployed * 10000 * 2 + den) / (den * 2);
}
