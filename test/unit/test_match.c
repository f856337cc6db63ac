/*
 * test_match.c — job matching (rules/match): occupation codes by form and major group, skill
 * words, every level of every part of the score on both sides of its boundary, the order of
 * ties, and the index's search against scoring every vacancy (random populations, many seeds).
 * §4(三): 精准匹配岗位信息.
 */
#include "testutil.h"

#include "base/err.h"
#include "rules/match.h"

#include <string.h>

static void occupation_codes_by_form(void **state)
{
    (void)state;
    assert_int_equal(match_occupation_depth("4"), 1);
    assert_int_equal(match_occupation_depth("4-01"), 2);
    assert_int_equal(match_occupation_depth("4-01-02"), 3);
    assert_int_equal(match_occupation_depth("4-01-02-01"), 4);
    const char *bad[] = {
        NULL,    "",     "0",    "0-01", "4-1",       "4-001", "4-01-",      "4-01-02-01-01",
        "40102", "4_01", "4-0a", "a",    "4-01-02-0", " 4",    "4-01-02-01 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(match_occupation_depth(bad[i]), 0);
        assert_int_equal(match_occupation_validate(bad[i]), -ERR_OCCUPATION_INVALID);
    }
    /* The 2022 edition has eight major groups, 1..8: 9 is well-formed but not a group. */
    for (char g = '1'; g <= '8'; g++) {
        char code[] = {g, '-', '0', '1', '\0'};
        assert_int_equal(match_occupation_validate(code), 0);
    }
    assert_int_equal(match_occupation_depth("9-01"), 2);
    assert_int_equal(match_occupation_validate("9-01"), -ERR_OCCUPATION_INVALID);
    assert_int_equal(match_occupation_validate("2-02-10-03"), 0);
}

static void shared_levels_of_two_codes(void **state)
{
    (void)state;
    assert_int_equal(match_occupation_common("4-01-02-01", "4-01-02-01"), 4);
    assert_int_equal(match_occupation_common("4-01-02-01", "4-01-02-02"), 3);
    assert_int_equal(match_occupation_common("4-01-02-01", "4-01-03-01"), 2);
    assert_int_equal(match_occupation_common("4-01-02-01", "4-02-02-01"), 1);
    assert_int_equal(match_occupation_common("4-01-02-01", "6-01-02-01"), 0);
    assert_int_equal(match_occupation_common("4-01", "4-01-02-01"), 2);
    assert_int_equal(match_occupation_common("4-01-02-01", "4"), 1);
    assert_int_equal(match_occupation_common("4-01-02-01", ""), 0);
    assert_int_equal(match_occupation_common(NULL, "4"), 0);
    assert_int_equal(match_occupation_common("营业员", "4"), 0);
}

static void skill_words_are_split_lowered_and_kept_once(void **state)
{
    (void)state;
    char buf[256];
    const char *w[MATCH_SKILLS_MAX];
    int n =
        match_skills_split("编程（Java、Python），JAVA;电工 / 焊接|叉车+驾驶", buf, sizeof buf, w);
    assert_int_equal(n, 7);
    const char *want[] = {"编程", "java", "python", "电工", "焊接", "叉车", "驾驶"};
    for (int i = 0; i < n; i++)
        assert_string_equal(w[i], want[i]);
    assert_int_equal(match_skills_split(NULL, buf, sizeof buf, w), 0);
    assert_int_equal(match_skills_split("、，；　", buf, sizeof buf, w), 0);
    /* a word over MATCH_TOKEN_MAX bytes is dropped, one of exactly that length kept */
    char longw[MATCH_TOKEN_MAX + 2];
    memset(longw, 'a', MATCH_TOKEN_MAX + 1);
    longw[MATCH_TOKEN_MAX + 1] = '\0';
    assert_int_equal(match_skills_split(longw, buf, sizeof buf, w), 0);
    longw[MATCH_TOKEN_MAX] = '\0';
    assert_int_equal(match_skills_split(longw, buf, sizeof buf, w), 1);
    /* at most MATCH_SKILLS_MAX words */
    char many[256] = "";
    for (int i = 0; i < MATCH_SKILLS_MAX + 4; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "w%d,", i);
    assert_int_equal(match_skills_split(many, buf, sizeof buf, w), MATCH_SKILLS_MAX);
    /* words that do not fit the buffer are dropped, never cut */
    char tiny[8];
    assert_int_equal(match_skills_split("abc,defg,hi", tiny, sizeof tiny, w), 2);
    assert_string_equal(w[0], "abc");
    assert_string_equal(w[1], "hi");
}

/* One vacancy and one person in a fresh index; the score of the pair into *r. */
static bool score_one(const char *job_occ, const char *job_region, int32_t smin, int32_t smax,
                      const char *job_skills, const char *occ, const char *intent_region,
                      const char *register_region, int64_t want, const char *skills,
                      struct match_result *r)
{
    struct match_index *ix = match_index_new();
    assert_int_equal(match_index_add(ix, 7, job_occ, job_region, smin, smax, job_skills), 0);
    match_index_build(ix);
    struct match_subject s;
    match_subject_make(ix, occ, intent_region, register_region, want, skills, &s);
    bool ok = match_score(&s, match_index_job(ix, 0), r);
    match_index_free(ix);
    return ok;
}

static void occupation_points_by_level(void **state)
{
    (void)state;
    struct match_result r;
    struct {
        const char *job, *intent;
        int level, points;
    } cases[] = {
        {"4-01-02-01", "4-01-02-01", MATCH_OCC_EXACT, 40},
        {"4-01-02-01", "4-01", MATCH_OCC_EXACT, 40}, /* inside the intended group */
        {"4-01-02-01", "4", MATCH_OCC_EXACT, 40},
        {"4-01-02-02", "4-01-02-01", MATCH_OCC_MINOR, 30},
        {"4-01-03-01", "4-01-02-01", MATCH_OCC_MIDDLE, 20},
        {"4-01", "4-01-02-01", MATCH_OCC_MIDDLE, 20}, /* a vacancy coded only to its group */
        {"4-02-02-01", "4-01-02-01", MATCH_OCC_MAJOR, 10},
        {"4-02-02-01", "", MATCH_OCC_NOT_STATED, 0},
        {"4-02-02-01", "营业员", MATCH_OCC_NOT_STATED, 0}, /* an uncoded intent */
        {"4-02-02-01", "9-01", MATCH_OCC_NOT_STATED, 0},   /* no such major group */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_true(
            score_one(cases[i].job, "110101", 0, 0, "", cases[i].intent, "", "110101", 0, "", &r));
        assert_int_equal(r.occ_level, cases[i].level);
        assert_int_equal(r.occ_points, cases[i].points);
        assert_int_equal(r.score, cases[i].points + 30 + 10);
    }
    /* another major group is not a candidate */
    assert_false(
        score_one("6-01-02-01", "110101", 0, 0, "", "4-01-02-01", "", "110101", 0, "", &r));
    assert_int_equal(r.score, 0);
}

static void place_points_by_level(void **state)
{
    (void)state;
    struct match_result r;
    assert_true(score_one("4", "110101", 0, 0, "", "4", "", "110101", 0, "", &r));
    assert_int_equal(r.place_level, MATCH_PLACE_COUNTY);
    assert_int_equal(r.place_points, 30);
    assert_true(score_one("4", "110105", 0, 0, "", "4", "", "110101", 0, "", &r));
    assert_int_equal(r.place_level, MATCH_PLACE_CITY);
    assert_int_equal(r.place_points, 20);
    assert_true(score_one("4", "130102", 0, 0, "", "4", "", "130203", 0, "", &r));
    assert_int_equal(r.place_level, MATCH_PLACE_PROVINCE);
    assert_int_equal(r.place_points, 10);
    assert_false(score_one("4", "120101", 0, 0, "", "4", "", "110101", 0, "", &r));
    /* the intent region wins over the register region; an invalid one does not */
    assert_true(score_one("4", "120101", 0, 0, "", "4", "120101", "110101", 0, "", &r));
    assert_int_equal(r.place_level, MATCH_PLACE_COUNTY);
    assert_true(score_one("4", "110101", 0, 0, "", "4", "1201", "110101", 0, "", &r));
    assert_int_equal(r.place_level, MATCH_PLACE_COUNTY);
}

static void pay_points_on_both_sides_of_each_boundary(void **state)
{
    (void)state;
    struct match_result r;
    struct {
        int32_t top;
        int64_t want;
        int level, points;
    } cases[] = {
        {5000, 5000, MATCH_PAY_MEETS, 20},   {4999, 5000, MATCH_PAY_NEAR, 10},
        {4000, 5000, MATCH_PAY_NEAR, 10},    {3999, 5000, MATCH_PAY_BELOW, 0},
        {0, 5000, MATCH_PAY_NOT_STATED, 10}, {5000, 0, MATCH_PAY_NOT_STATED, 10},
        {9000, 5000, MATCH_PAY_MEETS, 20},   {5000, -3, MATCH_PAY_NOT_STATED, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_true(score_one("4", "110101", 1000, cases[i].top, "", "4", "", "110101",
                              cases[i].want, "", &r));
        assert_int_equal(r.pay_level, cases[i].level);
        assert_int_equal(r.pay_points, cases[i].points);
    }
}

static void skills_give_five_each_up_to_ten(void **state)
{
    (void)state;
    struct match_result r;
    assert_true(
        score_one("4", "110101", 0, 0, "电工、焊接、叉车", "4", "", "110101", 0, "厨师", &r));
    assert_int_equal(r.n_shared, 0);
    assert_int_equal(r.skill_points, 0);
    assert_true(
        score_one("4", "110101", 0, 0, "电工、焊接、叉车", "4", "", "110101", 0, "焊接", &r));
    assert_int_equal(r.n_shared, 1);
    assert_int_equal(r.skill_points, 5);
    assert_true(
        score_one("4", "110101", 0, 0, "电工、焊接、叉车", "4", "", "110101", 0, "叉车，焊接", &r));
    assert_int_equal(r.skill_points, 10);
    assert_true(score_one("4", "110101", 0, 0, "电工、焊接、Java", "4", "", "110101", 0,
                          "java 焊接 电工", &r));
    assert_int_equal(r.n_shared, 3);
    assert_int_equal(r.skill_points, 10);
    assert_int_equal(r.score, 40 + 30 + 10 + 10);
}

static void ties_rank_the_better_paid_then_the_older_vacancy_first(void **state)
{
    (void)state;
    struct match_result a = {.job_id = 5, .score = 70, .salary_max = 5000},
                        b = {.job_id = 9, .score = 70, .salary_max = 5000},
                        c = {.job_id = 1, .score = 65, .salary_max = 9000},
                        d = {.job_id = 12, .score = 70, .salary_max = 5001};
    assert_true(match_better(&a, &b));
    assert_false(match_better(&b, &a));
    assert_true(match_better(&b, &c));
    assert_false(match_better(&a, &a));
    assert_true(match_better(&d, &a));
    assert_false(match_better(&a, &d));
    assert_string_equal(match_occ_reason(MATCH_OCC_EXACT), "occupation_exact");
    assert_string_equal(match_place_reason(MATCH_PLACE_CITY), "place_same_city");
    assert_string_equal(match_pay_reason(MATCH_PAY_BELOW), "pay_below_intent");
}

/* A small deterministic generator for the populations below. */
static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void random_code(uint64_t *s, char *out)
{
    static const char *const depth_forms[] = {"%c", "%c-%02d", "%c-%02d-%02d", "%c-%02d-%02d-%02d"};
    int d = rnd(s) % 10 < 8 ? 3 : (int)(rnd(s) % 4);
    char g = (char)('1' + rnd(s) % 3);
    int a = 1 + (int)(rnd(s) % 3), b = 1 + (int)(rnd(s) % 3), c = 1 + (int)(rnd(s) % 2);
    snprintf(out, MATCH_OCC_SIZE, depth_forms[d], g, a, b, c);
}

static void random_region(uint64_t *s, char *out)
{
    static const char *const regions[] = {"110101", "110102", "110105", "110108", "120101",
                                          "130102", "130203", "130104", "110000"};
    snprintf(out, 8, "%s", regions[rnd(s) % 9]);
}

static void random_skills(uint64_t *s, char *out, size_t n)
{
    static const char *const words[] = {"电工", "焊接", "叉车", "java", "驾驶", "烹饪"};
    out[0] = '\0';
    for (int i = (int)(rnd(s) % 4); i > 0; i--)
        snprintf(out + strlen(out), n - strlen(out), "%s、", words[rnd(s) % 6]);
}

static int result_cmp(const void *a, const void *b)
{
    return match_better(a, b) ? -1 : match_better(b, a) ? 1 : 0;
}

/* Rank every vacancy by scoring each: the reference the index must equal. */
static int brute_top(const struct match_index *ix, const struct match_subject *s, int k,
                     struct match_result *out)
{
    size_t n = 0, total = match_index_count(ix);
    struct match_result *all = calloc(total + 1, sizeof *all);
    for (size_t i = 0; i < total; i++)
        if (match_score(s, match_index_job(ix, i), &all[n]))
            n++;
    qsort(all, n, sizeof *all, result_cmp);
    int m = (int)n < k ? (int)n : k;
    memcpy(out, all, (size_t)m * sizeof *out);
    free(all);
    return m;
}

static void index_search_equals_scoring_everything(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        uint64_t s = seed;
        struct match_index *ix = match_index_new();
        int n_jobs = 50 + (int)(rnd(&s) % 400);
        for (int i = 0; i < n_jobs; i++) {
            char occ[MATCH_OCC_SIZE], region[8], skills[128];
            random_code(&s, occ);
            random_region(&s, region);
            random_skills(&s, skills, sizeof skills);
            /* few distinct pays, some unstated (0): many ties to break */
            int32_t lo = (int32_t)(rnd(&s) % 5) * 1000;
            int32_t hi = rnd(&s) % 9 == 0 ? 0 : lo + (int32_t)(rnd(&s) % 3) * 1000;
            assert_int_equal(match_index_add(ix, 1000 + i * 3, occ, region, lo, hi, skills), i);
        }
        assert_int_equal(match_index_add(ix, 99999, "bad", "110101", 0, 0, ""), -1);
        assert_int_equal(match_index_add(ix, 99999, "4", "1101", 0, 0, ""), -1);
        match_index_build(ix);
        struct match_scratch *sc = match_scratch_new(ix);
        for (int p = 0; p < 60; p++) {
            char occ[MATCH_OCC_SIZE], region[8], skills[128];
            random_code(&s, occ);
            random_region(&s, region);
            random_skills(&s, skills, sizeof skills);
            if (p % 7 == 0)
                occ[0] = '\0'; /* no coded intent */
            struct match_subject subj;
            match_subject_make(ix, occ, p % 3 ? region : "", "110101", (int64_t)(rnd(&s) % 9000),
                               skills, &subj);
            int k = 1 + (int)(rnd(&s) % 12);
            struct match_result got[12], want[12];
            int ng = match_index_top(ix, &subj, sc, k, got, NULL);
            int nw = brute_top(ix, &subj, k, want);
            assert_int_equal(ng, nw);
            for (int i = 0; i < ng; i++) {
                assert_int_equal(got[i].job_id, want[i].job_id);
                assert_int_equal(got[i].score, want[i].score);
            }
        }
        match_scratch_free(sc);
        match_index_free(ix);
    }
}

static void an_empty_index_finds_nothing(void **state)
{
    (void)state;
    struct match_index *ix = match_index_new();
    match_index_build(ix);
    struct match_scratch *sc = match_scratch_new(ix);
    struct match_subject s;
    match_subject_make(ix, "4-01", "", "110101", 0, "电工", &s);
    assert_int_equal(s.n_skills, 0); /* no vacancy names the word */
    struct match_result out[10];
    assert_int_equal(match_index_top(ix, &s, sc, 10, out, NULL), 0);
    assert_int_equal(match_index_top(ix, &s, sc, 0, out, NULL), 0);
    match_scratch_free(sc);
    match_index_free(ix);
}

/* Two people the same to a search (the batch gives both one list) and each way to differ. */
static void subjects_the_same_to_a_search(void **state)
{
    (void)state;
    struct match_index *ix = match_index_new();
    assert_int_equal(match_index_add(ix, 1, "4-01-02-01", "110101", 3000, 5000, "电工、焊接"), 0);
    match_index_build(ix);
    struct match_subject a, b;
    match_subject_make(ix, "4-01-02-01", "110101", "110102", 4000, "电工", &a);
    /* the same as the search sees it: another register region behind the same intent region,
     * and a word no vacancy names */
    match_subject_make(ix, "4-01-02-01", "110101", "110105", 4000, "电工、不存在的技能", &b);
    assert_true(match_subject_same(&a, &b));
    assert_int_equal(match_subject_hash(&a), match_subject_hash(&b));
    struct {
        const char *occ, *region;
        int64_t want;
        const char *skills;
    } other[] = {
        {"4-01-02", "110101", 4000, "电工"},    {"4-01-02-01", "110102", 4000, "电工"},
        {"4-01-02-01", "110101", 4100, "电工"}, {"4-01-02-01", "110101", 4000, "焊接"},
        {"4-01-02-01", "110101", 4000, ""},     {"4-01-02-01", "110101", 4000, "电工、焊接"},
        {"", "110101", 4000, "电工"},
    };
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        match_subject_make(ix, other[i].occ, other[i].region, "110102", other[i].want,
                           other[i].skills, &b);
        assert_false(match_subject_same(&a, &b));
        assert_false(match_subject_same(&b, &a));
    }
    match_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(occupation_codes_by_form),
        cmocka_unit_test(shared_levels_of_two_codes),
        cmocka_unit_test(skill_words_are_split_lowered_and_kept_once),
        cmocka_unit_test(occupation_points_by_level),
        cmocka_unit_test(place_points_by_level),
        cmocka_unit_test(pay_points_on_both_sides_of_each_boundary),
        cmocka_unit_test(skills_give_five_each_up_to_ten),
        cmocka_unit_test(ties_rank_the_better_paid_then_the_older_vacancy_first),
        cmocka_unit_test(index_search_equals_scoring_everything),
        cmocka_unit_test(an_empty_index_finds_nothing),
        cmocka_unit_test(subjects_the_same_to_a_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
