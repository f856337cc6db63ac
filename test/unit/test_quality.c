/*
 * test_quality.c — rules/quality: the data-quality and timeliness bulletin's checks, rates and
 * score.
 *
 * 人社厅发〔2020〕3号 §6: 对辖区内各地市数据上报情况和数据质量进行通报; §8: 通报各地…服务响应逾期、
 * 反馈数据不准及更新不及时等情况. A field is missing when empty and invalid when not in its code
 * table; a due day is overdue once it has passed undone; the score is 100 minus the weighted
 * mean of the indicators' rates, and the ranking puts the lowest score first.
 */
#include "testutil.h"

#include "rules/quality.h"

#include <string.h>

static void the_weights_add_up_to_one_hundred(void **state)
{
    (void)state;
    int sum = 0;
    for (int i = 0; i < QUALITY__COUNT; i++) {
        assert_true(quality_ind_weight(i) > 0);
        assert_true(strlen(quality_ind_key(i)) > 0);
        assert_true(strlen(quality_ind_name(i)) > 0);
        sum += quality_ind_weight(i);
    }
    assert_int_equal(sum, 100);
    assert_string_equal(quality_ind_key(QUALITY__COUNT), "");
    assert_int_equal(quality_ind_weight(QUALITY__COUNT), 0);
}

static void a_rate_is_rounded_half_up_in_basis_points(void **state)
{
    (void)state;
    assert_int_equal(quality_rate_bp(0, 0), 0); /* no base: nothing late */
    assert_int_equal(quality_rate_bp(5, 0), 0);
    assert_int_equal(quality_rate_bp(0, 7), 0);
    assert_int_equal(quality_rate_bp(1, 3), 3333); /* 3333.33 */
    assert_int_equal(quality_rate_bp(2, 3), 6667); /* 6666.67 */
    assert_int_equal(quality_rate_bp(1, 8), 1250);
    assert_int_equal(quality_rate_bp(1, 20000), 1); /* 0.5 rounds up */
    assert_int_equal(quality_rate_bp(1, 20001), 0); /* just under 0.5 */
    assert_int_equal(quality_rate_bp(3, 3), 10000);
    assert_int_equal(quality_rate_bp(4, 3), 10000); /* clamped */
    assert_int_equal(quality_rate_bp(-1, 3), 0);
}

static void the_score_is_one_hundred_minus_the_weighted_rates(void **state)
{
    (void)state;
    struct quality_ratio none[QUALITY__COUNT] = {{0}};
    assert_int_equal(quality_score_bp(none), 10000);
    struct quality_ratio all[QUALITY__COUNT];
    for (int i = 0; i < QUALITY__COUNT; i++)
        all[i] = (struct quality_ratio){4, 4};
    assert_int_equal(quality_score_bp(all), 0);
    /* Half the records defective (25 × 50%) and a third of the exits without evidence
     * (10 × 33.33%): 10000 − round((25·5000 + 10·3333) / 100) = 10000 − 1583. */
    struct quality_ratio r[QUALITY__COUNT] = {{0}};
    r[QUALITY_FIELDS] = (struct quality_ratio){50, 100};
    r[QUALITY_EXIT_EVIDENCE] = (struct quality_ratio){1, 3};
    assert_int_equal(quality_score_bp(r), 10000 - 1583);
    char buf[24];
    assert_string_equal(quality_bp_text(quality_score_bp(r), buf, sizeof buf), "84.17");
    assert_string_equal(quality_bp_text(5, buf, sizeof buf), "0.05");
    assert_string_equal(quality_bp_text(10000, buf, sizeof buf), "100.00");
}

static void the_ranking_puts_the_worst_first_then_the_code(void **state)
{
    (void)state;
    assert_true(quality_rank_cmp(9000, "110102", 9500, "110101") < 0);
    assert_true(quality_rank_cmp(9500, "110101", 9000, "110102") > 0);
    assert_true(quality_rank_cmp(9000, "110101", 9000, "110102") < 0);
    assert_int_equal(quality_rank_cmp(9000, "110101", 9000, "110101"), 0);
}

static void a_field_is_missing_when_empty_and_invalid_outside_its_code_table(void **state)
{
    (void)state;
    assert_int_equal(quality_code_check("education", ""), QUALITY_MISSING);
    assert_int_equal(quality_code_check("education", NULL), QUALITY_MISSING);
    assert_int_equal(quality_code_check("education", "21"), QUALITY_OK); /* 大学本科毕业 */
    assert_int_equal(quality_code_check("education", "zz"), QUALITY_INVALID);
    assert_int_equal(quality_code_check("unemployment_reason", "24"), QUALITY_OK);
    assert_int_equal(quality_code_check("unemployment_reason", "99"), QUALITY_INVALID);
    assert_int_equal(quality_region_check(""), QUALITY_MISSING);
    assert_int_equal(quality_region_check("110101"), QUALITY_OK);
    assert_int_equal(quality_region_check("110101001"), QUALITY_OK); /* a street */
    assert_int_equal(quality_region_check("999999"), QUALITY_INVALID);
    assert_int_equal(quality_region_check("11010"), QUALITY_INVALID);
    assert_string_equal(quality_field_key(QUALITY_F_PHONE), "phone");
}

static void a_due_day_is_overdue_once_passed_undone(void **state)
{
    (void)state;
    /* 79号: 5 working days; due 2026-03-06 */
    assert_false(quality_overdue("2026-03-06", "", "2026-03-06")); /* the due day itself */
    assert_true(quality_overdue("2026-03-06", "", "2026-03-07"));
    assert_true(quality_overdue("2026-03-06", NULL, "2026-03-07"));
    assert_false(quality_overdue("2026-03-06", "2026-03-05", "2026-03-07"));
    assert_false(quality_overdue("2026-03-06", "2026-03-07", "2026-03-07")); /* late, but done */
    assert_true(quality_overdue("2026-03-06", "2026-03-08", "2026-03-07"));  /* done after */
    assert_false(quality_overdue("", "", "2026-03-07"));                     /* no due day */
    assert_false(quality_overdue(NULL, "", "2026-03-07"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_weights_add_up_to_one_hundred),
        cmocka_unit_test(a_rate_is_rounded_half_up_in_basis_points),
        cmocka_unit_test(the_score_is_one_hundred_minus_the_weighted_rates),
        cmocka_unit_test(the_ranking_puts_the_worst_first_then_the_code),
        cmocka_unit_test(a_field_is_missing_when_empty_and_invalid_outside_its_code_table),
        cmocka_unit_test(a_due_day_is_overdue_once_passed_undone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
