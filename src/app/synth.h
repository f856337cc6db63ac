/*
 * synth.h — synthetic people for `ureg gen`: a seeded random generator and the pure functions
 * that turn (seed, person index) into a plausible applicant with a document number, a name, an
 * address, an application and the records the reference datasets would hold about them.
 *
 * Determinism. Everything is drawn from xoshiro256** generators seeded through splitmix64 from
 * (seed, stream, index): person i's application instant comes from stream 1 and the rest of the
 * person from stream 2, so a person can be made on its own, in any order, and the same
 * arguments always give the same people. Weights are integers (no floating point), so results
 * do not depend on the platform's rounding. The only state shared between people is the set of
 * document keys already used (struct synth_keys): a draw that repeats a key is redrawn from the
 * person's own stream, so the result depends on the order people are made in — callers make them
 * in synth_slot_order.
 *
 * Realism (sources named where a number is a fact): document numbers follow GB 11643-1999 with
 * the area of a real county (rules/region) and a valid check character; 港澳台 residents carry
 * residence permits (810000/820000/830000) or travel permits; surnames follow the order of
 * 公安部户政管理研究中心《二〇二〇年全国姓名报告》 (weights approximate, the tail flattened);
 * non-local 户籍 comes from other provinces weighted by their population in the 2020 census
 * (第七次全国人口普查公报（第三号）, in units of 10,000); ethnicity is 汉族 about 91% (the census
 * share, 91.11%); applications rise after the Spring Festival and in July-August (graduates,
 * unemployment reason 10); the unemployment reasons, education and the other coded fields use
 * the codes of rules/codes. Every person made passes rules/intake's intake_validate on the day of
 * the application (test_synth checks it).
 *
 * Pure: no I/O, no clock ("today" and the working-day calendar are passed in), no database.
 * Allocates only in synth_plan_new and synth_keys_new, and, freed before it returns, the JSON
 * array synth_person writes the difficulty categories with. Load: a million people take a few
 * seconds.
 */
#ifndef UREG_APP_SYNTH_H
#define UREG_APP_SYNTH_H

#include "rules/idnum.h"
#include "rules/intake.h"
#include "rules/verify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct workcal;

/* --- the generator ------------------------------------------------------------------------ */

/* A xoshiro256** state. Plain value, owned by whoever declares it. */
struct synth_rng {
    uint64_t s[4];
};

/*
 * Seed *r for one (seed, stream, index): the three are mixed through splitmix64, so nearby
 * seeds, streams and indexes give unrelated sequences. Any values are allowed.
 */
void synth_rng_seed(struct synth_rng *r, uint64_t seed, uint64_t stream, uint64_t index);

/* The next 64 random bits. */
uint64_t synth_next(struct synth_rng *r);

/* A uniform integer in 0..n-1 (rejection sampling, no modulo bias); 0 when n is 0. */
uint64_t synth_below(struct synth_rng *r, uint64_t n);

/* A uniform integer in lo..hi, both included (lo when hi < lo). */
int synth_between(struct synth_rng *r, int lo, int hi);

/* True with probability p / 10000 (p ≤ 0: never; p ≥ 10000: always). */
bool synth_chance(struct synth_rng *r, int p);

/*
 * An index in 0..n-1 drawn with probability weights[i] / sum(weights); 0 when n is 0 or every
 * weight is 0.
 */
int synth_pick(struct synth_rng *r, const uint32_t *weights, int n);

/* --- used document keys ------------------------------------------------------------------- */

struct synth_keys; /* opaque: a set of 64-bit hashes of person keys */

/* A new empty set sized for about `expected` keys (it grows when needed). Free with
 * synth_keys_free. */
struct synth_keys *synth_keys_new(size_t expected);
void synth_keys_free(struct synth_keys *k);

/*
 * Add a person key (rules/idnum person_key, e.g. "C:110101199001011234"). Returns true when it
 * was new, false when it (or, with negligible probability, another key with the same 64-bit
 * hash) was there already.
 */
bool synth_keys_add(struct synth_keys *k, const char *person_key);

/* How many keys the set holds. */
size_t synth_keys_count(const struct synth_keys *k);

/*
 * Write the 18-character GB 11643 number of a person with this 6-digit area, birth day and
 * sequence number (0..999; odd is male) into out, check character included. The birth must lie
 * in years 1000..9999.
 */
void synth_mainland_number(const char *area, int32_t birth, int seq, char out[IDNUM_SIZE]);

/* --- the plan: what a run draws from ----------------------------------------------------- */

struct synth_config {
    const char *region;        /* 6-digit province, city or county code: where people live */
    int32_t from;              /* first day applications may be submitted on */
    int32_t today;             /* applications end the day before; decisions before today */
    int review_workdays;       /* the review deadline in working days (app policy) */
    const struct workcal *cal; /* working days, holidays and the Spring Festival; borrowed */
    uint64_t seed;
};

struct synth_plan; /* opaque, read-only once made: may be shared by threads */

/*
 * Make the plan of a run: the registrable places under cfg->region (counties, and cities
 * without counties, weighted by their number of streets), the places of other provinces for
 * non-local 户籍, and the daily application volumes from cfg->from to cfg->today - 1. Returns 0
 * and *out (free with synth_plan_free); -ERR_REGION_FORMAT or -ERR_REGION_INVALID when the
 * region is not a known 6-digit code or holds no registrable place (a street, 台湾, 香港, 澳门);
 * -ERR_FIELD_INVALID when from is not before today, review_workdays is outside 1..60 or the
 * calendar is NULL.
 */
int synth_plan_new(const struct synth_config *cfg, struct synth_plan **out);
void synth_plan_free(struct synth_plan *p);

/* The registrable places of the plan (sorted by code): fills out[0..max-1] and returns the
 * count. The strings belong to the region table. */
int synth_plan_places(const struct synth_plan *p, const char **out, int max);

/* --- step 1: when each person applies ----------------------------------------------------- */

enum synth_channel { SYNTH_ONLINE, SYNTH_COUNTER, SYNTH_NATIONAL, SYNTH__CHANNELS };

/* "online", "counter", "national" (the application.channel values); NULL outside the enum. */
const char *synth_channel_name(enum synth_channel c);

/* Person `index`'s application: channel and instant (Unix seconds). 16 bytes, for sorting. */
struct synth_slot {
    int64_t submitted;
    uint32_t index;
    uint8_t channel; /* enum synth_channel */
};

/*
 * Draw person `index`'s slot (stream 1): the channel (online ~60%, counter ~35%, national
 * ~5%), the day (seasonal volumes; counters open on working days only, online and national
 * less on rest days) and the time of day (counters in office hours, online mostly by day).
 */
void synth_slot(const struct synth_plan *p, uint32_t index, struct synth_slot *out);

/* qsort comparator: by instant, then index. The order people are made and numbered in. */
int synth_slot_order(const void *a, const void *b);

/* --- step 2: the person ----------------------------------------------------------------- */

enum synth_outcome { SYNTH_PENDING, SYNTH_APPROVED, SYNTH_REJECTED };

/* One record of the person in a reference dataset: one CSV row. */
struct synth_event {
    enum verify_source source;
    int32_t day;    /* the event date; the first of the month for month rows */
    bool month;     /* written YYYY-MM (a contribution month) rather than YYYY-MM-DD */
    char extra[48]; /* the row's columns after event_date, comma-separated, no quotes needed */
};

#define SYNTH_MAX_EVENTS 64
#define SYNTH_QUERY_CODE_SIZE 11

/*
 * A made person and their application. `form` is the application as the applicant filled it;
 * its strings point into the buffers of this same struct, so a synth_person must not be copied
 * or moved (fill it in place). Everything is valid by rules/intake on accepted_on.
 */
struct synth_person {
    struct intake_form form;
    char person_key[IDNUM_KEY_SIZE];
    enum synth_channel channel;
    int64_t submitted;   /* Unix seconds */
    int32_t accepted_on; /* the day of submission */
    int32_t deadline;    /* review_workdays working days after accepted_on */
    enum synth_outcome outcome;
    int64_t decided;           /* Unix seconds; 0 while pending */
    const char *reject_reason; /* static text for SYNTH_REJECTED, else NULL */
    char national_no[24]; /* 全国统一服务入口 number for the national channel, else "" */
    char query_code[SYNTH_QUERY_CODE_SIZE]; /* the applicant's code (app/intake alphabet) */
    char difficulty_json[64]; /* the categories as a JSON array text, e.g. ["10","40"] */
    uint32_t agency_pick;     /* a random number for the caller's choice among agencies */
    int n_events;
    struct synth_event events[SYNTH_MAX_EVENTS];
    /* the buffers the form points into */
    char id_number[IDNUM_SIZE], name[64], phone[24], birth_date[11], sex[2];
    char residence_region[8], residence_address[256], register_region[8];
    char unemployed_since[11], unemployment_reason[4], register_basis[12];
    char ethnicity[4], education[4], hukou_type[4], hukou_region[8], hukou_address[256];
    char health[10], disability_grade[2], last_employer[96], last_occupation[48];
    char skills[96], certificates[96], job_occupation[48], job_region[8];
};

/*
 * Make the person of slot `s` (stream 2) into *out, recording its document key in `keys` (a
 * repeated key is redrawn). Returns 0, or -ERR_INTERNAL when no unused key was found after many
 * draws (the region's number space is nearly exhausted: far more people than its counties
 * hold).
 *
 * What comes out, in short: ages 16-62 weighted to 25-45 (graduates 21-25); sex from the
 * sequence parity; about 1 in 50 with a social security card as the document and 1 in 50 a
 * 港澳台 document; about 1 in 5 with 户籍 in another province; reasons mostly 20 (from an
 * employer), graduates (10) in July-August; the outcome pending while the decision day (1-7
 * working days after acceptance, a few late) is today or later, else approved, or rejected when
 * the datasets show work or a pension by then (and a few for other reasons). Datasets:
 * ssc_holders (almost everyone: card issue date), insurance (monthly contributions up to the
 * month of unemployed_since for most people who lost a job; a few percent go on after it),
 * employment_filings (hire and end filings; the re-employed file a hire after it),
 * business_licences (closed businesses; a few new ones after it), pensions (a few older people),
 * deaths and custody (very few, after the application).
 */
int synth_person(const struct synth_plan *p, struct synth_keys *keys, const struct synth_slot *s,
                 struct synth_person *out);

/* The CSV header of a dataset ("id_number,event_date,..."), static; NULL outside the enum. */
const char *synth_dataset_header(enum verify_source s);

/* One synthetic vacancy (`ureg gen --jobs N`): occupation code, place among the plan's places,
 * pay, openings, validity around cfg.today (about one in twenty lapsed already), skills. Draws
 * from its own stream (seed, 3, index): the same plan and index give the same vacancy. */
struct synth_job {
    char title[64], employer[128], occupation[16], region[8], skills[96];
    int salary_min, salary_max, openings;
    int32_t valid_from, valid_until; /* day numbers */
};
int synth_job(const struct synth_plan *p, uint32_t index, struct synth_job *out);

#endif
