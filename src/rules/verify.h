/*
 * verify.h — verification by comparison (notice §3: 通过信息比对核验): which reference datasets
 * exist, how their event dates are read, and what the matched records of one person mean for
 * each check.
 *
 * Seven datasets are loaded with `ureg import SOURCE FILE` (CONTRACT.md): social-security-card
 * holders, social-insurance contributions, employment filings (就业登记/用工备案), business
 * licences, pension receipt, deaths and custody. Five checks read them; each is one row of a
 * table {check, sources, rule}:
 *
 *   identity    ssc_holders                          a record of the person → pass
 *   employment  insurance, employment_filings,       an event strictly after unemployed_since
 *               business_licences                    (event_date > unemployed_since) → fail
 *   pension     pensions                             a record dated on or before today → fail
 *                                                    (已依法享受基本养老保险待遇: not eligible)
 *   death       deaths                               any record → fail
 *   custody     custody                              a record dated after unemployed_since and
 *                                                    on or before today → fail (custody that
 *                                                    ended before, as for 失业原因 70, passes)
 *
 * When no record decides, the check passes if at least one of its sources is loaded (a complete
 * import exists: absence from a complete dataset is evidence) and is unknown otherwise; identity
 * is the exception, it needs presence and is unknown when the person is absent. An unknown
 * result becomes an investigation task for a caseworker; a fail is shown to the caseworker with
 * its evidence; the decision stays human (the caller's business, not this module's).
 *
 * Evidence: the record a result rests on — for a fail the latest record that breaks the rule;
 * for a pass the latest record that agrees with it (identity: the latest card record;
 * employment: the latest event on or before unemployed_since, e.g. the last contribution month;
 * pension and custody: the earliest record dated after today), or none. Ties on the date go to
 * the record that comes first in the caller's array.
 *
 * Pure: no I/O, no clock (today is passed in), never allocates. One call per application and per
 * monthly comparison of a registration (millions a month); a person has a few hundred records at
 * most (monthly contributions over decades), each looked at once per check.
 */
#ifndef UREG_RULES_VERIFY_H
#define UREG_RULES_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum verify_source {
    VERIFY_SRC_SSC_HOLDERS,        /* "ssc_holders": 社会保障卡持卡人 */
    VERIFY_SRC_INSURANCE,          /* "insurance": 社会保险缴费 (contribution months) */
    VERIFY_SRC_EMPLOYMENT_FILINGS, /* "employment_filings": 就业登记、用工备案 */
    VERIFY_SRC_BUSINESS_LICENCES,  /* "business_licences": 市场主体登记 (营业执照) */
    VERIFY_SRC_PENSIONS,           /* "pensions": 基本养老保险待遇领取 */
    VERIFY_SRC_DEATHS,             /* "deaths": 死亡 (殡葬、公安户籍注销) */
    VERIFY_SRC_CUSTODY,            /* "custody": 服刑、羁押 */
    VERIFY_SRC__COUNT
};

enum verify_check {
    VERIFY_CHECK_IDENTITY,
    VERIFY_CHECK_EMPLOYMENT,
    VERIFY_CHECK_PENSION,
    VERIFY_CHECK_DEATH,
    VERIFY_CHECK_CUSTODY,
    VERIFY_CHECK__COUNT
};

enum verify_result { VERIFY_PASS, VERIFY_FAIL, VERIFY_UNKNOWN };

/* The contract name of a source ("ssc_holders", ...), static; NULL outside the enum. */
const char *verify_source_name(enum verify_source s);

/*
 * Map a contract name (exact, case-sensitive) to *out. Returns 0, or -ERR_DATASET_SOURCE (also
 * for NULL) leaving *out untouched.
 */
int verify_source_parse(const char *name, enum verify_source *out);

/* "identity", "employment", "pension", "death", "custody" (static); NULL outside the enum. */
const char *verify_check_name(enum verify_check k);

/* Bit (1u << source) set for every source the check reads. */
unsigned verify_check_sources(enum verify_check k);

/* "pass", "fail", "unknown" (the verification.result column), static; NULL outside the enum. */
const char *verify_result_name(enum verify_result r);

/*
 * Read a dataset's event_date (n bytes, need not be NUL-terminated; surrounding ASCII spaces
 * and tabs ignored) into a base/date day number. Accepted, as systems and Excel in China export
 * them: YYYY-MM-DD, YYYYMMDD, YYYY/M/D and YYYY-M-D (month and day of one or two digits, one
 * separator throughout), and the month forms YYYYMM, YYYY-MM and YYYY/M, which mean the first
 * day of the month (a contribution month 202403 is 2024-03-01, so the contribution for the month
 * in which someone lost the job is never "after" a later day of that month). The day must exist
 * and the year lie in 1900..2199. Returns 0, or -ERR_DATASET_DATE with *out untouched.
 */
int verify_event_date_parse(const char *s, size_t n, int32_t *out);

/* One record of the person in one dataset, as the rules see it. */
struct verify_record {
    enum verify_source source;
    int32_t event_date; /* base/date day number */
};

/* Everything a decision needs. Borrowed: the records belong to the caller. */
struct verify_facts {
    int32_t unemployed_since; /* from the application */
    int32_t today;
    bool loaded[VERIFY_SRC__COUNT];      /* a complete import of that source exists */
    const struct verify_record *records; /* every record of the person, any source, any order */
    size_t n_records;
};

/* Why a check came out as it did: a stable snake_case code, stored with the evidence. */
struct verify_outcome {
    enum verify_check check;
    enum verify_result result;
    const char *basis; /* static: "card_holder_found", "event_after_unemployed_since", ... */
    long evidence;     /* index into facts->records, or -1 for none */
};

/*
 * Decide every check for one person: fill out[k] for k in 0..VERIFY_CHECK__COUNT-1 (in enum
 * order), following the table and the evidence choice in the file comment. Bases:
 *   identity:   card_holder_found (pass), not_found_in_loaded_dataset, dataset_not_loaded;
 *   employment: event_after_unemployed_since (fail), no_event_after_unemployed_since (pass),
 *               dataset_not_loaded;
 *   pension:    pension_on_or_before_today (fail), no_pension_on_or_before_today (pass),
 *               dataset_not_loaded;
 *   death:      death_recorded (fail), no_death_recorded (pass), dataset_not_loaded;
 *   custody:    custody_since_unemployed (fail), no_custody_since_unemployed (pass),
 *               dataset_not_loaded.
 */
void verify_decide(const struct verify_facts *f, struct verify_outcome out[VERIFY_CHECK__COUNT]);

#endif
