/*
 * test_synth.c — the synthetic-people generator (app/synth): the random generator's contract,
 * the document numbers (GB 11643-1999), determinism, and that a large sample of people is
 * valid by the intake rules and shaped as synth.h promises (ages, regions, channels, seasons,
 * dataset records against unemployed_since, outcomes).
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/age.h"
#include "rules/idnum.h"
#include "rules/intake.h"
#include "rules/region.h"
#include "app/synth.h"
#include "rules/workday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE 20000

static int32_t day(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static struct synth_config config(const char *region, uint64_t seed)
{
    struct synth_config c = {
        .region = region,
        .from = day(2025, 3, 1),
        .today = day(2026, 3, 2),
        .review_workdays = 7,
        .cal = workcal_shipped(),
        .seed = seed,
    };
    return c;
}

/* --- the generator ------------------------------------------------------------------------ */

static void same_seed_stream_and_index_give_the_same_sequence(void **state)
{
    (void)state;
    struct synth_rng a, b, c, d;
    synth_rng_seed(&a, 7, 2, 12345);
    synth_rng_seed(&b, 7, 2, 12345);
    synth_rng_seed(&c, 7, 2, 12346); /* the next person */
    synth_rng_seed(&d, 8, 2, 12345); /* the next seed */
    int differ_c = 0, differ_d = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = synth_next(&a);
        assert_true(x == synth_next(&b));
        differ_c += x != synth_next(&c);
        differ_d += x != synth_next(&d);
    }
    assert_int_equal(differ_c, 100);
    assert_int_equal(differ_d, 100);
}

static void below_stays_in_range_and_reaches_every_value(void **state)
{
    (void)state;
    struct synth_rng r;
    synth_rng_seed(&r, 1, 0, 0);
    int seen[7] = {0};
    for (int i = 0; i < 7000; i++) {
        uint64_t v = synth_below(&r, 7);
        assert_true(v < 7);
        seen[v]++;
    }
    for (int i = 0; i < 7; i++)
        assert_in_range(seen[i], 800, 1200); /* 1000 expected */
    assert_int_equal(synth_below(&r, 0), 0);
    assert_int_equal(synth_below(&r, 1), 0);
    /* a bound above 2^63 (the rejection threshold case) */
    for (int i = 0; i < 100; i++)
        assert_true(synth_below(&r, UINT64_MAX - 5) < UINT64_MAX - 5);
}

static void between_includes_both_ends(void **state)
{
    (void)state;
    struct synth_rng r;
    synth_rng_seed(&r, 2, 0, 0);
    bool lo = false, hi = false;
    for (int i = 0; i < 1000; i++) {
        int v = synth_between(&r, -2, 2);
        assert_in_range(v + 2, 0, 4);
        lo |= v == -2;
        hi |= v == 2;
    }
    assert_true(lo && hi);
    assert_int_equal(synth_between(&r, 5, 5), 5);
    assert_int_equal(synth_between(&r, 5, 4), 5); /* hi < lo: lo */
}

static void chance_and_pick_respect_their_weights(void **state)
{
    (void)state;
    struct synth_rng r;
    synth_rng_seed(&r, 3, 0, 0);
    int yes = 0;
    for (int i = 0; i < 10000; i++) {
        assert_false(synth_chance(&r, 0));
        assert_true(synth_chance(&r, 10000));
        yes += synth_chance(&r, 2500);
    }
    assert_in_range(yes, 2300, 2700);
    const uint32_t w[] = {0, 3, 0, 1};
    int n[4] = {0};
    for (int i = 0; i < 4000; i++)
        n[synth_pick(&r, w, 4)]++;
    assert_int_equal(n[0], 0); /* a zero weight is never picked */
    assert_int_equal(n[2], 0);
    assert_in_range(n[1], 2800, 3200);
    const uint32_t zero[] = {0, 0};
    assert_int_equal(synth_pick(&r, zero, 2), 0);
    assert_int_equal(synth_pick(&r, w, 0), 0);
}

static void keys_are_added_once(void **state)
{
    (void)state;
    struct synth_keys *k = synth_keys_new(2);
    char key[32];
    for (int i = 0; i < 1000; i++) { /* grows past its first size */
        snprintf(key, sizeof key, "C:%018d", i);
        assert_true(synth_keys_add(k, key));
    }
    assert_false(synth_keys_add(k, "C:000000000000000500"));
    assert_true(synth_keys_add(k, "H:H12345678"));
    assert_int_equal(synth_keys_count(k), 1001);
    synth_keys_free(k);
    synth_keys_free(NULL);
}

/* GB 11643-1999 gives 11010519491231002X as its example. */
static void mainland_numbers_carry_the_gb11643_check_character(void **state)
{
    (void)state;
    char n[IDNUM_SIZE];
    synth_mainland_number("110105", day(1949, 12, 31), 2, n);
    assert_string_equal(n, "11010519491231002X");
    synth_mainland_number("440305", day(1988, 8, 8), 33, n);
    struct idnum id;
    assert_int_equal(idnum_parse(ID_RESIDENT, n, strlen(n), day(2026, 1, 1), &id), 0);
    assert_int_equal(id.sex, 'M'); /* odd sequence */
    assert_int_equal(id.birth, day(1988, 8, 8));
}

/* --- the plan ----------------------------------------------------------------------------- */

static void plan_places_are_the_counties_below_the_region(void **state)
{
    (void)state;
    struct synth_plan *p;
    const char *places[64];
    struct synth_config c = config("110000", 1);
    assert_int_equal(synth_plan_new(&c, &p), 0);
    int n = synth_plan_places(p, places, 64);
    assert_int_equal(n, 16); /* Beijing's 16 districts */
    for (int i = 0; i < n; i++) {
        assert_true(region_contains("110000", places[i]));
        assert_true(region_is_county_or_below(places[i]));
    }
    synth_plan_free(p);

    c = config("441900", 1); /* 东莞: a city without counties registers itself */
    assert_int_equal(synth_plan_new(&c, &p), 0);
    assert_int_equal(synth_plan_places(p, places, 64), 1);
    assert_string_equal(places[0], "441900");
    synth_plan_free(p);

    c = config("110101", 1);
    assert_int_equal(synth_plan_new(&c, &p), 0);
    assert_int_equal(synth_plan_places(p, places, 64), 1);
    assert_string_equal(places[0], "110101");
    synth_plan_free(p);
}

static void plan_refuses_unknown_regions_and_empty_ranges(void **state)
{
    (void)state;
    struct synth_plan *p = (struct synth_plan *)&p;
    const char *bad[] = {"999999", "810000", "710000"};
    for (int i = 0; i < 3; i++) {
        struct synth_config c = config(bad[i], 1);
        assert_int_equal(synth_plan_new(&c, &p), -ERR_REGION_INVALID);
        assert_null(p);
    }
    struct synth_config c = config("11010", 1);
    assert_int_equal(synth_plan_new(&c, &p), -ERR_REGION_FORMAT);
    c = config("110101001", 1); /* a street: gen needs a 6-digit code */
    assert_int_equal(synth_plan_new(&c, &p), -ERR_REGION_FORMAT);
    c = config("110000", 1);
    c.from = c.today; /* no day before today */
    assert_int_equal(synth_plan_new(&c, &p), -ERR_FIELD_INVALID);
    c.from = c.today - 1; /* one day is enough */
    assert_int_equal(synth_plan_new(&c, &p), 0);
    synth_plan_free(p);
    c = config("110000", 1);
    c.cal = NULL;
    assert_int_equal(synth_plan_new(&c, &p), -ERR_FIELD_INVALID);
}

/* --- slots -------------------------------------------------------------------------------- */

static void slots_fall_before_today_in_office_hours_at_counters(void **state)
{
    (void)state;
    struct synth_plan *p;
    struct synth_config c = config("110000", 5);
    assert_int_equal(synth_plan_new(&c, &p), 0);
    long ch[SYNTH__CHANNELS] = {0}, month[13] = {0};
    for (uint32_t i = 0; i < SAMPLE; i++) {
        struct synth_slot s;
        synth_slot(p, i, &s);
        assert_int_equal(s.index, i);
        int64_t local = s.submitted + 28800;
        int32_t d = (int32_t)(local / 86400);
        int sec = (int)(local % 86400);
        assert_true(d >= c.from && d < c.today);
        ch[s.channel]++;
        if (s.channel == SYNTH_COUNTER) {
            assert_true(workday_is(c.cal, d));
            assert_true((sec >= 8 * 3600 + 1800 && sec < 11 * 3600 + 1800) ||
                        (sec >= 13 * 3600 + 1800 && sec < 17 * 3600));
        }
        int y, m;
        date_to_ymd(d, &y, &m, NULL);
        if (y == 2025)
            month[m]++;
        struct synth_slot again;
        synth_slot(p, i, &again);
        assert_true(s.submitted == again.submitted && s.channel == again.channel);
    }
    /* online ~60%, counter ~35%, national ~5% */
    assert_in_range(ch[SYNTH_ONLINE], SAMPLE * 57 / 100, SAMPLE * 63 / 100);
    assert_in_range(ch[SYNTH_COUNTER], SAMPLE * 32 / 100, SAMPLE * 38 / 100);
    assert_in_range(ch[SYNTH_NATIONAL], SAMPLE * 4 / 100, SAMPLE * 6 / 100);
    /* graduates' July above the quiet months; the weeks after the Spring Festival (2025: it
     * ended on 4 February) lift March above May */
    assert_true(month[7] > month[5] * 12 / 10);
    assert_true(month[7] > month[10] * 12 / 10);
    assert_true(month[3] > month[5]);
    synth_plan_free(p);
}

static void slot_order_is_by_instant_then_index(void **state)
{
    (void)state;
    struct synth_slot s[3] = {{100, 2, 0}, {100, 1, 0}, {50, 9, 0}};
    qsort(s, 3, sizeof *s, synth_slot_order);
    assert_int_equal(s[0].index, 9);
    assert_int_equal(s[1].index, 1);
    assert_int_equal(s[2].index, 2);
}

/* --- people ------------------------------------------------------------------------------- */

struct sample {
    long n, nonlocal, han, mainland, ages_25_45, reason10_jul, reason10_nov, month_jul, month_nov,
        pending, approved, rejected, insurance_after, with_insurance, ssc, types[5];
};

static void check_person(const struct synth_config *c, const struct synth_person *sp,
                         struct sample *st)
{
    const struct intake_form *f = &sp->form;
    struct intake_checked ck;
    struct err_ctx ec = {0};
    int rc = intake_validate(f, sp->accepted_on, &ck, &ec);
    if (rc != 0)
        fail_msg("%s rejected: %s (%s)", f->id_number, err_info(rc)->code,
                 ec.field ? ec.field : "-");
    enum id_type type;
    assert_int_equal(idnum_type_parse(f->id_type, &type), 0);
    struct idnum id;
    assert_int_equal(idnum_parse(type, f->id_number, strlen(f->id_number), c->today, &id), 0);
    assert_string_equal(id.person_key, sp->person_key);
    st->types[type]++;
    st->n++;

    /* ages 16-62 on the day of the application */
    int age = age_on(ck.birth, sp->accepted_on);
    assert_in_range(age, 16, 62);
    st->ages_25_45 += age >= 25 && age <= 45;

    /* where they live and register: under the region */
    assert_true(region_contains(c->region, f->residence_region));
    assert_true(region_contains(c->region, f->register_region));
    assert_true(region_is_county_or_below(f->register_region));
    bool mainland = type == ID_RESIDENT || type == ID_SSC;
    if (mainland) {
        st->mainland++;
        st->han += strcmp(f->ethnicity, "01") == 0;
        /* the number's area is the 户籍 county; locals' is under the region */
        assert_memory_equal(f->id_number, f->hukou_region, 6);
        bool local = region_contains(c->region, f->hukou_region);
        st->nonlocal += !local;
        assert_true(region_is_county_or_below(f->hukou_region));
    } else {
        assert_string_equal(f->hukou_region, "");
    }

    int y, m;
    date_to_ymd(sp->accepted_on, &y, &m, NULL);
    if (m == 7) {
        st->month_jul++;
        st->reason10_jul += strcmp(f->unemployment_reason, "10") == 0;
    } else if (m == 11) {
        st->month_nov++;
        st->reason10_nov += strcmp(f->unemployment_reason, "10") == 0;
    }

    /* the outcome: decided after submission and before today, or pending */
    assert_true(sp->accepted_on < c->today);
    assert_true(sp->deadline > sp->accepted_on);
    if (sp->outcome == SYNTH_PENDING) {
        st->pending++;
        assert_true(sp->decided == 0);
    } else {
        assert_true(sp->decided > sp->submitted);
        assert_true((sp->decided + 28800) / 86400 < c->today);
        st->approved += sp->outcome == SYNTH_APPROVED;
        st->rejected += sp->outcome == SYNTH_REJECTED;
        assert_true((sp->outcome == SYNTH_REJECTED) == (sp->reject_reason != NULL));
    }
    assert_true((sp->channel == SYNTH_NATIONAL) == (sp->national_no[0] != '\0'));
    assert_int_equal(strlen(sp->query_code), 10);

    /* dataset records: before today; insurance rows are months; contributions after
     * unemployed_since are the exception */
    bool after = false, insured = false;
    for (int i = 0; i < sp->n_events; i++) {
        const struct synth_event *e = &sp->events[i];
        assert_true(e->day < c->today);
        assert_true(e->month == (e->source == VERIFY_SRC_INSURANCE));
        if (e->source == VERIFY_SRC_INSURANCE) {
            int d;
            date_to_ymd(e->day, NULL, NULL, &d);
            assert_int_equal(d, 1);
            insured = true;
            after |= e->day > ck.unemployed_since;
        }
        if (e->source == VERIFY_SRC_DEATHS || e->source == VERIFY_SRC_CUSTODY)
            assert_true(e->day > sp->accepted_on);
        st->ssc += e->source == VERIFY_SRC_SSC_HOLDERS;
    }
    st->with_insurance += insured;
    st->insurance_after += after;
}

static void people_are_valid_applicants_under_the_region(void **state)
{
    (void)state;
    struct synth_plan *p;
    struct synth_config c = config("110000", 11);
    assert_int_equal(synth_plan_new(&c, &p), 0);
    struct synth_keys *k = synth_keys_new(SAMPLE);
    struct synth_person *sp = malloc(sizeof *sp);
    struct sample st = {0};
    for (uint32_t i = 0; i < SAMPLE; i++) {
        struct synth_slot s;
        synth_slot(p, i, &s);
        assert_int_equal(synth_person(p, k, &s, sp), 0);
        check_person(&c, sp, &st);
    }
    assert_int_equal(synth_keys_count(k), SAMPLE); /* every document distinct */
    /* shares promised by synth.h */
    assert_in_range(st.ages_25_45 * 100 / st.n, 55, 80);
    assert_in_range(st.han * 1000 / st.mainland, 880, 940);
    assert_in_range(st.nonlocal * 100 / st.mainland, 15, 25);
    assert_in_range(st.types[ID_RESIDENT] * 100 / st.n, 93, 98);
    for (int t = ID_SSC; t <= ID_TW_PERMIT; t++)
        assert_true(st.types[t] > 0); /* each document type appears */
    assert_true(st.reason10_jul * st.month_nov > 3 * st.reason10_nov * st.month_jul);
    assert_in_range(st.pending * 1000 / st.n, 5, 60); /* the recent ones */
    assert_true(st.approved > st.n * 85 / 100);
    assert_in_range(st.rejected * 1000 / st.n, 10, 100);
    assert_in_range(st.ssc * 100 / st.n, 93, 99);
    assert_in_range(st.insurance_after * 1000 / st.with_insurance, 10, 80);
    free(sp);
    synth_keys_free(k);
    synth_plan_free(p);
}

/* A person rejected for work has a record of it after unemployed_since by the decision day. */
static void employment_rejections_rest_on_a_record_after_unemployed_since(void **state)
{
    (void)state;
    struct synth_plan *p;
    struct synth_config c = config("110000", 12);
    assert_int_equal(synth_plan_new(&c, &p), 0);
    struct synth_keys *k = synth_keys_new(SAMPLE);
    struct synth_person *sp = malloc(sizeof *sp);
    int found = 0;
    for (uint32_t i = 0; i < SAMPLE; i++) {
        struct synth_slot s;
        synth_slot(p, i, &s);
        assert_int_equal(synth_person(p, k, &s, sp), 0);
        if (sp->outcome != SYNTH_REJECTED || !strstr(sp->reject_reason, "就业或参保"))
            continue;
        int32_t since, decided = (int32_t)((sp->decided + 28800) / 86400);
        assert_int_equal(date_parse(sp->unemployed_since, 10, &since), 0);
        bool evidence = false;
        for (int e = 0; e < sp->n_events; e++) {
            enum verify_source src = sp->events[e].source;
            bool work = src == VERIFY_SRC_INSURANCE || src == VERIFY_SRC_EMPLOYMENT_FILINGS ||
                        src == VERIFY_SRC_BUSINESS_LICENCES;
            evidence |= work && sp->events[e].day > since && sp->events[e].day <= decided;
        }
        assert_true(evidence);
        found++;
    }
    assert_true(found > 50);
    free(sp);
    synth_keys_free(k);
    synth_plan_free(p);
}

static void the_same_seed_makes_the_same_people(void **state)
{
    (void)state;
    struct synth_config c = config("130600", 99); /* 保定市 */
    struct synth_plan *p1, *p2;
    assert_int_equal(synth_plan_new(&c, &p1), 0);
    assert_int_equal(synth_plan_new(&c, &p2), 0);
    struct synth_config c3 = config("130600", 100);
    struct synth_plan *p3;
    assert_int_equal(synth_plan_new(&c3, &p3), 0);
    struct synth_keys *k1 = synth_keys_new(16), *k2 = synth_keys_new(16), *k3 = synth_keys_new(16);
    struct synth_person *a = malloc(sizeof *a), *b = malloc(sizeof *b), *d = malloc(sizeof *d);
    int same_as_other_seed = 0;
    for (uint32_t i = 0; i < 500; i++) {
        struct synth_slot s1, s2, s3;
        synth_slot(p1, i, &s1);
        synth_slot(p2, i, &s2);
        synth_slot(p3, i, &s3);
        assert_true(s1.submitted == s2.submitted && s1.channel == s2.channel);
        assert_int_equal(synth_person(p1, k1, &s1, a), 0);
        assert_int_equal(synth_person(p2, k2, &s2, b), 0);
        assert_int_equal(synth_person(p3, k3, &s3, d), 0);
        assert_string_equal(a->id_number, b->id_number);
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->phone, b->phone);
        assert_string_equal(a->residence_address, b->residence_address);
        assert_string_equal(a->query_code, b->query_code);
        assert_int_equal(a->outcome, b->outcome);
        assert_int_equal(a->n_events, b->n_events);
        for (int e = 0; e < a->n_events; e++) {
            assert_int_equal(a->events[e].source, b->events[e].source);
            assert_int_equal(a->events[e].day, b->events[e].day);
            assert_string_equal(a->events[e].extra, b->events[e].extra);
        }
        assert_true(region_contains("130600", a->register_region));
        same_as_other_seed += strcmp(a->id_number, d->id_number) == 0;
    }
    assert_int_equal(same_as_other_seed, 0);
    free(a);
    free(b);
    free(d);
    synth_keys_free(k1);
    synth_keys_free(k2);
    synth_keys_free(k3);
    synth_plan_free(p1);
    synth_plan_free(p2);
    synth_plan_free(p3);
}

/* One county, many people: repeated numbers are redrawn, never stored twice. */
static void a_crowded_county_still_gets_distinct_documents(void **state)
{
    (void)state;
    struct synth_config c = config("110119", 3); /* 延庆区 */
    c.from = c.today - 1;
    struct synth_plan *p;
    assert_int_equal(synth_plan_new(&c, &p), 0);
    struct synth_keys *k = synth_keys_new(16);
    struct synth_person *sp = malloc(sizeof *sp);
    for (uint32_t i = 0; i < 30000; i++) {
        struct synth_slot s;
        synth_slot(p, i, &s);
        assert_int_equal(synth_person(p, k, &s, sp), 0);
    }
    assert_int_equal(synth_keys_count(k), 30000);
    free(sp);
    synth_keys_free(k);
    synth_plan_free(p);
}

static void dataset_headers_start_with_id_number_and_event_date(void **state)
{
    (void)state;
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        assert_memory_equal(synth_dataset_header(s), "id_number,event_date,", 21);
    assert_null(synth_dataset_header(VERIFY_SRC__COUNT));
    assert_string_equal(synth_channel_name(SYNTH_COUNTER), "counter");
    assert_null(synth_channel_name(SYNTH__CHANNELS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_stream_and_index_give_the_same_sequence),
        cmocka_unit_test(below_stays_in_range_and_reaches_every_value),
        cmocka_unit_test(between_includes_both_ends),
        cmocka_unit_test(chance_and_pick_respect_their_weights),
        cmocka_unit_test(keys_are_added_once),
        cmocka_unit_test(mainland_numbers_carry_the_gb11643_check_character),
        cmocka_unit_test(plan_places_are_the_counties_below_the_region),
        cmocka_unit_test(plan_refuses_unknown_regions_and_empty_ranges),
        cmocka_unit_test(slots_fall_before_today_in_office_hours_at_counters),
        cmocka_unit_test(slot_order_is_by_instant_then_index),
        cmocka_unit_test(people_are_valid_applicants_under_the_region),
        cmocka_unit_test(employment_rejections_rest_on_a_record_after_unemployed_since),
        cmocka_unit_test(the_same_seed_makes_the_same_people),
        cmocka_unit_test(a_crowded_county_still_gets_distinct_documents),
        cmocka_unit_test(dataset_headers_start_with_id_number_and_event_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
