/*
 * verify.c — verification by comparison: the table of checks and their rules. See verify.h.
 *
 * A check walks the person's records once, keeping two candidates: the latest record that
 * breaks its rule (the fail evidence) and the record that agrees with it (the pass evidence).
 * Everything a check needs to know is in its row of verify__checks.
 */
#include "rules/verify.h"

#include "base/date.h"
#include "base/err.h"

#include <string.h>

static const char *const verify__source_names[VERIFY_SRC__COUNT] = {
    "ssc_holders", "insurance", "employment_filings", "business_licences", "pensions",
    "deaths",      "custody",
};

static const char *const verify__result_names[] = {"pass", "fail", "unknown"};

/* What breaks a check, given one record. */
enum verify__rule {
    VERIFY__PRESENCE_PASSES,    /* nothing breaks; a record is what passes */
    VERIFY__AFTER_UNEMPLOYED,   /* event_date > unemployed_since breaks */
    VERIFY__ON_OR_BEFORE_TODAY, /* event_date <= today breaks */
    VERIFY__SINCE_UNEMPLOYED,   /* unemployed_since < event_date <= today breaks */
    VERIFY__ANY_RECORD,         /* every record breaks */
};

#define VERIFY__BIT(s) (1u << (s))

static const struct verify__check {
    const char *name;
    unsigned sources;
    enum verify__rule rule;
    const char *fail_basis; /* a record breaks the rule */
    const char *pass_basis; /* no record breaks it and a source is loaded */
} verify__checks[VERIFY_CHECK__COUNT] = {
    [VERIFY_CHECK_IDENTITY] = {"identity", VERIFY__BIT(VERIFY_SRC_SSC_HOLDERS),
                               VERIFY__PRESENCE_PASSES, NULL, "card_holder_found"},
    [VERIFY_CHECK_EMPLOYMENT] = {"employment",
                                 VERIFY__BIT(VERIFY_SRC_INSURANCE) |
                                     VERIFY__BIT(VERIFY_SRC_EMPLOYMENT_FILINGS) |
                                     VERIFY__BIT(VERIFY_SRC_BUSINESS_LICENCES),
                                 VERIFY__AFTER_UNEMPLOYED, "event_after_unemployed_since",
                                 "no_event_after_unemployed_since"},
    [VERIFY_CHECK_PENSION] = {"pension", VERIFY__BIT(VERIFY_SRC_PENSIONS),
                              VERIFY__ON_OR_BEFORE_TODAY, "pension_on_or_before_today",
                              "no_pension_on_or_before_today"},
    [VERIFY_CHECK_DEATH] = {"death", VERIFY__BIT(VERIFY_SRC_DEATHS), VERIFY__ANY_RECORD,
                            "death_recorded", "no_death_recorded"},
    /* Custody that began after the person became unemployed (and has begun by today) means
     * the person is not available for work (notice §5: 被判刑收监执行); custody that ended
     * before, as for someone released from custody (失业原因 70), does not. */
    [VERIFY_CHECK_CUSTODY] = {"custody", VERIFY__BIT(VERIFY_SRC_CUSTODY), VERIFY__SINCE_UNEMPLOYED,
                              "custody_since_unemployed", "no_custody_since_unemployed"},
};

const char *verify_source_name(enum verify_source s)
{
    return (unsigned)s < VERIFY_SRC__COUNT ? verify__source_names[s] : NULL;
}

int verify_source_parse(const char *name, enum verify_source *out)
{
    if (name)
        for (int i = 0; i < VERIFY_SRC__COUNT; i++)
            if (strcmp(name, verify__source_names[i]) == 0) {
                *out = (enum verify_source)i;
                return 0;
            }
    return -ERR_DATASET_SOURCE;
}

const char *verify_check_name(enum verify_check k)
{
    return (unsigned)k < VERIFY_CHECK__COUNT ? verify__checks[k].name : NULL;
}

unsigned verify_check_sources(enum verify_check k)
{
    return (unsigned)k < VERIFY_CHECK__COUNT ? verify__checks[k].sources : 0;
}

const char *verify_result_name(enum verify_result r)
{
    return (unsigned)r <= VERIFY_UNKNOWN ? verify__result_names[r] : NULL;
}

/* --- event dates ----------------------------------------------------------------------- */

/* Read `n` digits at s as a number; -1 unless all n are digits. */
static int verify__digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* One or two digits up to the next `sep` or the end; advances *pos. -1 when malformed. */
static int verify__sep_part(const char *s, size_t n, char sep, size_t *pos)
{
    size_t start = *pos, end = start;
    while (end < n && s[end] != sep)
        end++;
    if (end - start < 1 || end - start > 2)
        return -1;
    *pos = end;
    return verify__digits(s + start, end - start);
}

int verify_event_date_parse(const char *s, size_t n, int32_t *out)
{
    if (!s)
        return -ERR_DATASET_DATE;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    int y = -1, m = -1, d = 1;
    if (n >= 6 && (s[4] == '-' || s[4] == '/')) { /* YYYY-M[-D], YYYY/M[/D] */
        char sep = s[4];
        size_t pos = 5;
        y = verify__digits(s, 4);
        m = verify__sep_part(s, n, sep, &pos);
        if (pos < n) {
            pos++; /* the second separator */
            d = verify__sep_part(s, n, sep, &pos);
            if (pos != n)
                d = -1;
        }
    } else if (n == 8) {
        y = verify__digits(s, 4);
        m = verify__digits(s + 4, 2);
        d = verify__digits(s + 6, 2);
    } else if (n == 6) {
        y = verify__digits(s, 4);
        m = verify__digits(s + 4, 2);
    }
    if (y < 1900 || y > 2199 || !date_ymd_valid(y, m, d))
        return -ERR_DATASET_DATE;
    *out = date_from_ymd(y, m, d);
    return 0;
}

/* --- decisions ------------------------------------------------------------------------- */

static bool verify__breaks(enum verify__rule rule, const struct verify_facts *f, int32_t day)
{
    switch (rule) {
    case VERIFY__PRESENCE_PASSES:
        return false;
    case VERIFY__AFTER_UNEMPLOYED:
        return day > f->unemployed_since;
    case VERIFY__ON_OR_BEFORE_TODAY:
        return day <= f->today;
    case VERIFY__SINCE_UNEMPLOYED:
        return day > f->unemployed_since && day <= f->today;
    case VERIFY__ANY_RECORD:
        return true;
    }
    return false;
}

/*
 * Whether `day` is a better agreeing record than the current best (`best` its date): the
 * earliest future record for the today-rules (the one that will matter first), the latest
 * record otherwise.
 */
static bool verify__better_agreeing(enum verify__rule rule, int32_t day, int32_t best)
{
    bool today_rule = rule == VERIFY__ON_OR_BEFORE_TODAY || rule == VERIFY__SINCE_UNEMPLOYED;
    return today_rule ? day < best : day > best;
}

static void verify__one(const struct verify_facts *f, enum verify_check k, struct verify_outcome *o)
{
    const struct verify__check *ck = &verify__checks[k];
    long broken = -1, agreeing = -1;
    for (size_t i = 0; i < f->n_records; i++) {
        const struct verify_record *r = &f->records[i];
        if ((unsigned)r->source >= VERIFY_SRC__COUNT || !(ck->sources & VERIFY__BIT(r->source)))
            continue;
        if (verify__breaks(ck->rule, f, r->event_date)) {
            if (broken < 0 || r->event_date > f->records[broken].event_date)
                broken = (long)i;
        } else if (agreeing < 0 || verify__better_agreeing(ck->rule, r->event_date,
                                                           f->records[agreeing].event_date)) {
            agreeing = (long)i;
        }
    }
    bool loaded = false;
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        if ((ck->sources & VERIFY__BIT(s)) && f->loaded[s])
            loaded = true;

    o->check = k;
    if (broken >= 0) {
        o->result = VERIFY_FAIL;
        o->basis = ck->fail_basis;
        o->evidence = broken;
    } else if (ck->rule == VERIFY__PRESENCE_PASSES) {
        /* Presence is evidence by itself, even from an import that did not complete. */
        o->result = agreeing >= 0 ? VERIFY_PASS : VERIFY_UNKNOWN;
        o->basis = agreeing >= 0 ? ck->pass_basis
                   : loaded      ? "not_found_in_loaded_dataset"
                                 : "dataset_not_loaded";
        o->evidence = agreeing;
    } else {
        /* Absence of a breaking record means something only when a source is complete. */
        o->result = loaded ? VERIFY_PASS : VERIFY_UNKNOWN;
        o->basis = loaded ? ck->pass_basis : "dataset_not_loaded";
        o->evidence = agreeing;
    }
}

void verify_decide(const struct verify_facts *f, struct verify_outcome out[VERIFY_CHECK__COUNT])
{
    for (int k = 0; k < VERIFY_CHECK__COUNT; k++)
        verify__one(f, (enum verify_check)k, &out[k]);
}
