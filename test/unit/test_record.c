/*
 * test_record.c — rules/record: what a caseworker may record about a registered person.
 *
 * 人社厅发〔2020〕3号 §4: every service is recorded (全程记录); §5 ¶1: contacts by phone, visit,
 * data comparison or the person's own report. A service or contact happens on a day neither in the
 * future nor before the registration; a follow-up is due on or after the service.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/record.h"

#include <string.h>

#define REG_DAY date_from_ymd(2026, 3, 2)
#define TODAY date_from_ymd(2026, 3, 20)

static struct record_service service(void)
{
    return (struct record_service){.type = "career_guidance", .date = TODAY - 1};
}

/* Check s and assert the error and field (0 and NULL for success). */
static void expect_service(const struct record_service *s, int rc, const char *field)
{
    struct err_ctx ec = {0};
    assert_int_equal(record_service_check(s, REG_DAY, TODAY, &ec), rc);
    if (field)
        assert_string_equal(ec.field, field);
    else
        assert_null(ec.field);
}

static void a_service_on_a_day_between_registration_and_today_is_accepted(void **state)
{
    (void)state;
    struct record_service s = service();
    expect_service(&s, 0, NULL);
    s.date = REG_DAY; /* the registration day itself: both boundaries are inside */
    expect_service(&s, 0, NULL);
    s.date = TODAY;
    expect_service(&s, 0, NULL);
}

static void a_service_in_the_future_or_before_registration_is_refused(void **state)
{
    (void)state;
    struct record_service s = service();
    s.date = TODAY + 1;
    expect_service(&s, -ERR_DATE_FUTURE, "date");
    s.date = REG_DAY - 1;
    expect_service(&s, -ERR_DATE_BEFORE_REGISTRATION, "date");
}

static void the_service_type_is_required_and_from_its_table(void **state)
{
    (void)state;
    struct record_service s = service();
    s.type = NULL;
    expect_service(&s, -ERR_FIELD_REQUIRED, "type");
    s.type = "";
    expect_service(&s, -ERR_FIELD_REQUIRED, "type");
    s.type = "haircut";
    expect_service(&s, -ERR_CODE_INVALID, "type");
    s.type = "first_contact";
    expect_service(&s, 0, NULL);
}

static void texts_are_bounded_and_without_control_characters(void **state)
{
    (void)state;
    static char long_text[RECORD_TEXT_MAX + 2];
    memset(long_text, 'a', RECORD_TEXT_MAX + 1);
    struct record_service s = service();
    s.content = "推荐岗位三个\n已电话沟通";
    expect_service(&s, 0, NULL);
    s.content = "bad\x01";
    expect_service(&s, -ERR_FIELD_INVALID, "content");
    s.content = NULL;
    s.outcome = long_text;
    expect_service(&s, -ERR_FIELD_INVALID, "outcome");
    long_text[RECORD_TEXT_MAX] = '\0'; /* exactly the maximum */
    expect_service(&s, 0, NULL);
}

static void a_link_needs_both_its_kind_and_its_id(void **state)
{
    (void)state;
    struct record_service s = service();
    s.link_kind = "vacancy";
    expect_service(&s, -ERR_FIELD_REQUIRED, "link_id");
    s.link_id = 7;
    expect_service(&s, 0, NULL);
    s.link_kind = "planet";
    expect_service(&s, -ERR_CODE_INVALID, "link_kind");
    s.link_kind = NULL;
    expect_service(&s, -ERR_FIELD_REQUIRED, "link_kind");
}

static void a_follow_up_is_due_on_or_after_the_service(void **state)
{
    (void)state;
    struct record_service s = service();
    s.followup_due = s.date;
    expect_service(&s, 0, NULL);
    s.followup_due = TODAY + 30; /* a follow-up may be due in the future */
    expect_service(&s, 0, NULL);
    s.followup_due = s.date - 1;
    expect_service(&s, -ERR_RECORD_FOLLOWUP_BEFORE, "followup_due");
}

static void contacts_take_the_contracts_methods_and_results(void **state)
{
    /* CONTRACT.md: method phone|visit|data|self_report, result reached|unreachable|refused. */
    (void)state;
    struct err_ctx ec = {0};
    const char *methods[] = {"phone", "visit", "data", "self_report"};
    const char *results[] = {"reached", "unreachable", "refused"};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++)
            assert_int_equal(
                record_contact_check(TODAY, methods[i], results[j], "", REG_DAY, TODAY, &ec), 0);
    assert_int_equal(record_contact_check(TODAY, "email", "reached", NULL, REG_DAY, TODAY, &ec),
                     -ERR_CODE_INVALID);
    assert_string_equal(ec.field, "method");
    assert_int_equal(record_contact_check(TODAY, "phone", "maybe", NULL, REG_DAY, TODAY, &ec),
                     -ERR_CODE_INVALID);
    assert_string_equal(ec.field, "result");
    assert_int_equal(record_contact_check(TODAY, NULL, "reached", NULL, REG_DAY, TODAY, &ec),
                     -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "method");
    assert_int_equal(record_contact_check(TODAY + 1, "phone", "reached", NULL, REG_DAY, TODAY, &ec),
                     -ERR_DATE_FUTURE);
    assert_string_equal(ec.field, "date");
    assert_int_equal(
        record_contact_check(REG_DAY - 1, "phone", "reached", NULL, REG_DAY, TODAY, &ec),
        -ERR_DATE_BEFORE_REGISTRATION);
    assert_int_equal(record_contact_check(TODAY, "phone", "reached", "x\x02", REG_DAY, TODAY, &ec),
                     -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "note");
}

static void occupation_codes_follow_the_national_classification(void **state)
{
    /* 国家职业分类大典 (GB/T 6565 form): major group 1-8, then -NN for each lower level. */
    (void)state;
    const char *good[] = {"4", "4-01", "4-01-02", "4-01-02-01", "2-02-10-09", "8"};
    const char *bad[] = {"",     "0",    "9",    "4-1",         "4-01-", "4-01-02-01-01",
                         "4.01", "4-0a", "a-01", "4-01-02-011", "会计"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(record_occupation_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (record_occupation_valid(bad[i]))
            fail_msg("accepted %s", bad[i]);
    assert_false(record_occupation_valid(NULL));
}

/* Check an edit for a registration in 东城区 (110101) and assert the outcome. */
static void expect_profile(const struct record_profile_edit *e, const char *region, int rc,
                           const char *field)
{
    struct err_ctx ec = {0};
    int64_t min = e->intent_salary_min < 0 ? 0 : e->intent_salary_min;
    int64_t max = e->intent_salary_max < 0 ? 0 : e->intent_salary_max;
    assert_int_equal(record_profile_check(e, region, REG_DAY, TODAY, min, max, &ec), rc);
    if (field)
        assert_string_equal(ec.field, field);
}

static void an_empty_edit_changes_nothing_and_is_valid(void **state)
{
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    assert_null(e.tier);
    assert_int_equal(e.n_categories, -1);
    assert_int_equal(e.intent_salary_min, -1);
    expect_profile(&e, "110101", 0, NULL);
}

static void profile_codes_come_from_their_tables(void **state)
{
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    e.unemployment_reason = "21";
    e.skill_level = "3";
    e.tier = "guidance";
    e.served_as = "graduate";
    expect_profile(&e, "110101", 0, NULL);
    e.unemployment_reason = "";
    expect_profile(&e, "110101", -ERR_FIELD_REQUIRED, "unemployment_reason");
    e.unemployment_reason = "99";
    expect_profile(&e, "110101", -ERR_CODE_INVALID, "unemployment_reason");
    e.unemployment_reason = NULL;
    e.skill_level = "6";
    expect_profile(&e, "110101", -ERR_CODE_INVALID, "skill_level");
    e.skill_level = "";
    e.tier = "gold";
    expect_profile(&e, "110101", -ERR_CODE_INVALID, "tier");
    e.tier = "";
    e.served_as = "tourist";
    expect_profile(&e, "110101", -ERR_CODE_INVALID, "served_as");
}

static void the_job_intent_is_an_occupation_code_a_region_and_a_pay_range(void **state)
{
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    e.intent_occupation = "4-01-02";
    e.intent_region = "110100";
    e.intent_salary_min = 5000;
    e.intent_salary_max = 8000;
    expect_profile(&e, "110101", 0, NULL);
    e.intent_occupation = "会计";
    expect_profile(&e, "110101", -ERR_OCCUPATION_INVALID, "job_intent.occupation");
    e.intent_occupation = NULL;
    e.intent_region = "999999";
    expect_profile(&e, "110101", -ERR_REGION_INVALID, "job_intent.region");
    e.intent_region = NULL;
    e.intent_salary_max = 4000; /* below the minimum */
    expect_profile(&e, "110101", -ERR_FIELD_INVALID, "job_intent.salary_max");
    e.intent_salary_max = 0; /* not stated: any minimum */
    expect_profile(&e, "110101", 0, NULL);
    e.intent_salary_min = 1000001;
    expect_profile(&e, "110101", -ERR_FIELD_INVALID, "job_intent.salary_min");
}

static void explained_on_is_a_day_between_registration_and_today(void **state)
{
    /* §4(一): 介绍后续就业服务、失业登记注销条件 — the day it was explained. */
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    e.explained_on = "2026-03-02";
    expect_profile(&e, "110101", 0, NULL);
    e.explained_on = "";
    expect_profile(&e, "110101", 0, NULL);
    e.explained_on = "2026-03-21";
    expect_profile(&e, "110101", -ERR_DATE_FUTURE, "explained_on");
    e.explained_on = "2026-03-01";
    expect_profile(&e, "110101", -ERR_DATE_BEFORE_REGISTRATION, "explained_on");
    e.explained_on = "2026-02-30";
    expect_profile(&e, "110101", -ERR_DATE_INVALID, "explained_on");
}

static void categories_are_codes_listed_once(void **state)
{
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    const char *cats[] = {"job_seeking", "training"};
    e.categories = cats;
    e.n_categories = 2;
    expect_profile(&e, "110101", 0, NULL);
    const char *dup[] = {"training", "training"};
    e.categories = dup;
    expect_profile(&e, "110101", -ERR_FIELD_INVALID, "categories");
    const char *unknown[] = {"astronaut"};
    e.categories = unknown;
    e.n_categories = 1;
    expect_profile(&e, "110101", -ERR_CODE_INVALID, "categories");
    e.n_categories = RECORD_MAX_CATEGORIES + 1;
    expect_profile(&e, "110101", -ERR_FIELD_INVALID, "categories");
}

static void difficulty_categories_follow_the_register_regions_province(void **state)
{
    /* 就业困难人员 categories are configured per province: 刑满释放人员 (72) is on Guangdong's list
       (粤人社规〔2023〕11号), not on the national default set. */
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    const char *released[] = {"72"};
    e.difficulty = released;
    e.n_difficulty = 1;
    expect_profile(&e, "440106", 0, NULL);
    expect_profile(&e, "110101", -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    const char *other[] = {"90"};
    e.difficulty = other;
    expect_profile(&e, "110101", 0, NULL);
    expect_profile(&e, "440106", -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    const char *twice[] = {"10", "10"};
    e.difficulty = twice;
    e.n_difficulty = 2;
    expect_profile(&e, "110101", -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    e.n_difficulty = 0; /* clearing is allowed */
    expect_profile(&e, "110101", 0, NULL);
}

static void flags_are_zero_or_one(void **state)
{
    (void)state;
    struct record_profile_edit e;
    record_profile_edit_init(&e);
    e.training_intent = 1;
    e.startup_intent = 0;
    expect_profile(&e, "110101", 0, NULL);
    e.training_intent = 2;
    expect_profile(&e, "110101", -ERR_FIELD_INVALID, "training_intent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_service_on_a_day_between_registration_and_today_is_accepted),
        cmocka_unit_test(a_service_in_the_future_or_before_registration_is_refused),
        cmocka_unit_test(the_service_type_is_required_and_from_its_table),
        cmocka_unit_test(texts_are_bounded_and_without_control_characters),
        cmocka_unit_test(a_link_needs_both_its_kind_and_its_id),
        cmocka_unit_test(a_follow_up_is_due_on_or_after_the_service),
        cmocka_unit_test(contacts_take_the_contracts_methods_and_results),
        cmocka_unit_test(occupation_codes_follow_the_national_classification),
        cmocka_unit_test(an_empty_edit_changes_nothing_and_is_valid),
        cmocka_unit_test(profile_codes_come_from_their_tables),
        cmocka_unit_test(the_job_intent_is_an_occupation_code_a_region_and_a_pay_range),
        cmocka_unit_test(explained_on_is_a_day_between_registration_and_today),
        cmocka_unit_test(categories_are_codes_listed_once),
        cmocka_unit_test(difficulty_categories_follow_the_register_regions_province),
        cmocka_unit_test(flags_are_zero_or_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
