/*
 * test_codes.c — the code tables of data/codes.csv.
 *
 * The expected codes are typed here from their sources (DESIGN.md, 人社厅发〔2020〕3号 §5,
 * GB/T 3304, GB/T 4658-2006, CONTRACT.md), so an edit of the data file that drops, adds or
 * renumbers a code fails a test.
 */
#include "testutil.h"

#include "base/err.h"
#include "rules/codes.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* Assert that `table` holds exactly `codes` (n of them), in any order, each once. */
static void assert_table_is(const char *table, const char *const *codes, size_t n)
{
    const struct code_entry *list[128];
    int total = codes_list(table, list, 128);
    if ((size_t)total != n)
        fail_msg("table %s has %d codes, expected %zu", table, total, n);
    for (size_t i = 0; i < n; i++) {
        const struct code_entry *e = codes_find(table, codes[i]);
        if (!e)
            fail_msg("table %s lacks code %s", table, codes[i]);
        assert_string_equal(e->table, table);
        assert_string_equal(e->code, codes[i]);
        assert_int_equal(codes_validate(table, codes[i]), 0);
    }
}

static void file_loads_without_bad_lines(void **state)
{
    (void)state;
    struct codes_stats st;
    codes_stats(&st);
    assert_int_equal(st.n_bad_lines, 0);
    assert_int_equal(st.n_tables, 23); /* issues 8 and 9: referral_result, self_report_kind */
    assert_in_range(st.n_entries, 200, 420);
}

static void the_tables_are_the_designed_ones_and_none_is_empty(void **state)
{
    (void)state;
    static const char *const expected[] = {
        "unemployment_reason",
        "exit_reason",
        "employment_type",
        "ethnicity",
        "education",
        "hukou_type",
        "id_type",
        "difficulty_category",
        "health",
        "register_basis",
        "agency_kind",
        "role",
        "occupation",
        "skill_level",
        "tier",
        "client_category",
        "served_as",
        "service_type",
        "contact_method",
        "contact_result",
        "link_kind",
        "self_report_kind", /* issue 9: follow-up */
        "referral_result",
    };
    const char *const *tables = codes_tables();
    size_t n = 0;
    for (; tables[n]; n++) {
        bool known = false;
        for (size_t j = 0; j < N_OF(expected); j++)
            known = known || strcmp(tables[n], expected[j]) == 0;
        if (!known)
            fail_msg("unexpected table %s", tables[n]);
        assert_true(codes_list(tables[n], NULL, 0) > 0);
    }
    assert_int_equal(n, N_OF(expected));
    for (size_t j = 0; j < N_OF(expected); j++)
        assert_true(codes_list(expected[j], NULL, 0) > 0);
}

static void unemployment_reasons_are_the_national_table(void **state)
{
    /* DESIGN.md 失业原因 (the national indicators' AJC093): 10 school leavers; 20 from employers
       with 21 dismissed/contract ended, 22 bankruptcy, 23 dismissed by a public body, 24
       resigned; 31 left self-employment; 32 own business closed; 33 left flexible work; 40 left
       a public-welfare post; 50 contracted land requisitioned; 60 discharged and not placed; 70
       released, on parole or serving outside prison; 90 other. */
    (void)state;
    static const char *const codes[] = {"10", "20", "21", "22", "23", "24", "31",
                                        "32", "33", "40", "50", "60", "70", "90"};
    assert_table_is("unemployment_reason", codes, N_OF(codes));
    assert_string_equal(codes_find("unemployment_reason", "70")->name_zh,
                        "刑满释放、假释或监外执行");
    assert_string_equal(codes_find("unemployment_reason", "32")->name_zh, "所办企业关闭");
    /* The codes stored before the national table (10 20 32 50 60 70 90) are all still valid. */
    static const char *const old[] = {"10", "20", "32", "50", "60", "70", "90"};
    for (size_t i = 0; i < N_OF(old); i++)
        assert_int_equal(codes_validate("unemployment_reason", old[i]), 0);
    assert_int_equal(codes_validate("unemployment_reason", "25"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("unemployment_reason", "30"), -ERR_CODE_INVALID);
}

static void exit_reasons_are_exactly_the_designs(void **state)
{
    /* DESIGN.md 注销原因, from 人社厅发〔2020〕3号 §5: 11 hired, 12 self-employed/business,
       13 stable income >= threshold, 14 public-welfare post, 21 pension, 22 retirement age,
       23 lost capacity, 24 school/army/emigrated, 25 imprisoned, 26 died, 31 refused services
       3 times, 32 unreachable 6 months, 90 other. */
    (void)state;
    static const char *const codes[] = {"11", "12", "13", "14", "21", "22", "23",
                                        "24", "25", "26", "31", "32", "90"};
    assert_table_is("exit_reason", codes, N_OF(codes));
    assert_string_equal(codes_find("exit_reason", "32")->name_zh, "连续6个月无法取得联系");
    assert_string_equal(codes_find("exit_reason", "26")->name_zh, "死亡");
}

static void all_56_ethnic_groups_have_their_gb3304_codes(void **state)
{
    /* GB/T 3304: 01 汉族 … 56 基诺族, plus 97 其他 and 98 外国血统中国籍人士. */
    (void)state;
    char code[12];
    for (int i = 1; i <= 56; i++) {
        snprintf(code, sizeof code, "%02d", i);
        assert_int_equal(codes_validate("ethnicity", code), 0);
    }
    assert_int_equal(codes_validate("ethnicity", "97"), 0);
    assert_int_equal(codes_validate("ethnicity", "98"), 0);
    assert_int_equal(codes_list("ethnicity", NULL, 0), 58);
    assert_string_equal(codes_find("ethnicity", "01")->name_zh, "汉族");
    assert_string_equal(codes_find("ethnicity", "08")->name_zh, "壮族");
    assert_string_equal(codes_find("ethnicity", "56")->name_zh, "基诺族");
    assert_string_equal(codes_find("ethnicity", "98")->name_zh, "外国血统中国籍人士");
    /* Codes are two digits: "1" is not "01", and 57-96 do not exist. */
    assert_int_equal(codes_validate("ethnicity", "1"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("ethnicity", "57"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("ethnicity", "00"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("ethnicity", "96"), -ERR_CODE_INVALID);
}

static void education_has_every_gb4658_code(void **state)
{
    /* GB/T 4658-2006 学历代码, both levels: 10 研究生教育 (11-13 博士 毕业/结业/肄业, 14-16 硕士,
       17-19 研究生班), 20 大学本科 (21-23, 28 大学普通班毕业), 30 大学专科 (31-33), 40 中等职业教育
       (41-43 中专, 44-46 职业高中, 47-49 技工学校), 60 普通高中 (61-63), 70 初中 (71, 73), 80 小学
       (81, 83), 90 其他. */
    (void)state;
    static const char *const codes[] = {"10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
                                        "20", "21", "22", "23", "28", "30", "31", "32", "33", "40",
                                        "41", "42", "43", "44", "45", "46", "47", "48", "49", "60",
                                        "61", "62", "63", "70", "71", "73", "80", "81", "83", "90"};
    assert_table_is("education", codes, N_OF(codes));
    assert_string_equal(codes_find("education", "20")->name_zh, "大学本科教育");
    assert_string_equal(codes_find("education", "21")->name_zh, "大学本科毕业");
    assert_string_equal(codes_find("education", "31")->name_zh, "大学专科毕业");
    assert_int_equal(codes_validate("education", "50"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("education", "72"), -ERR_CODE_INVALID);
}

static void difficulty_categories_are_per_province(void **state)
{
    /* data/difficulty_province.csv: the national default set (00) everywhere but Guangdong (44,
       粤人社规〔2023〕11号), whose list adds 戒毒康复 (71), 刑满释放 (72), 精神障碍康复 (73),
       退役军人 (74) and 农村零转移就业 (51) and has no 90 其他. */
    (void)state;
    static const char *const national[] = {"10", "20", "30", "40", "50", "60", "90"};
    const char *list[32];
    assert_int_equal(codes_difficulty_list("110101", list, 32), (int)N_OF(national));
    for (size_t i = 0; i < N_OF(national); i++) {
        assert_string_equal(list[i], national[i]);
        assert_int_equal(codes_difficulty_check("110101", national[i]), 0);
        assert_int_equal(codes_difficulty_check("650102", national[i]), 0);
    }
    assert_int_equal(codes_difficulty_check("110101", "71"), -ERR_CODE_INVALID);
    assert_int_equal(codes_difficulty_list("440106", NULL, 0), 11);
    assert_int_equal(codes_difficulty_check("440106", "71"), 0);
    assert_int_equal(codes_difficulty_check("440106", "74"), 0);
    assert_int_equal(codes_difficulty_check("440106", "10"), 0);
    assert_int_equal(codes_difficulty_check("440106", "90"), -ERR_CODE_INVALID);
    assert_int_equal(codes_difficulty_check("440106", "99"), -ERR_CODE_INVALID);
    assert_int_equal(codes_difficulty_check(NULL, "10"), -ERR_CODE_INVALID);
    assert_int_equal(codes_difficulty_check("4", "10"), -ERR_CODE_INVALID);
    assert_int_equal(codes_difficulty_check("110101", NULL), -ERR_CODE_INVALID);
}

static void service_tables_hold_the_contracts_words(void **state)
{
    /* CONTRACT.md's contact body: method phone|visit|data|self_report, result
       reached|unreachable|refused; 79号's served-as groups; the first-contact service. */
    (void)state;
    static const char *const methods[] = {"phone", "visit", "data", "self_report"};
    static const char *const results[] = {"reached", "unreachable", "refused"};
    static const char *const served[] = {"graduate", "unemployment_assistance",
                                         "migrant_allowance"};
    assert_table_is("contact_method", methods, N_OF(methods));
    assert_table_is("contact_result", results, N_OF(results));
    assert_table_is("served_as", served, N_OF(served));
    /* issue 9: the self-report route's kinds */
    static const char *const reports[] = {"job_search", "training", "employed"};
    assert_table_is("self_report_kind", reports, N_OF(reports));
    assert_int_equal(codes_validate("service_type", "first_contact"), 0);
    assert_int_equal(codes_validate("service_type", "lists_handed"), 0);
    assert_int_equal(codes_validate("service_type", "job_referral"), 0);
    assert_int_equal(codes_validate("link_kind", "service"), 0);
    /* issue 8: 回访求职结果 of a job referral */
    static const char *const referral[] = {"hired", "interviewed", "rejected", "no_show"};
    assert_table_is("referral_result", referral, N_OF(referral));
    assert_int_equal(codes_validate("referral_result", "noshow"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("tier", "ready"), 0);
}

static void hukou_types_follow_aac009_plus_the_unified_resident_hukou(void **state)
{
    (void)state;
    static const char *const codes[] = {"10", "20", "30"};
    assert_table_is("hukou_type", codes, N_OF(codes));
    assert_string_equal(codes_find("hukou_type", "10")->name_zh, "非农业户口（城镇）");
    assert_string_equal(codes_find("hukou_type", "20")->name_zh, "农业户口（农村）");
}

static void enumerated_fields_of_the_contract_are_tables(void **state)
{
    /* CONTRACT.md: id_type, health, register_basis, `agency add --kind`; DESIGN.md roles. */
    (void)state;
    static const char *const id_types[] = {"resident_id", "ssc", "hkmotw_residence", "hkmo_permit",
                                           "tw_permit"};
    static const char *const health[] = {"healthy", "ill", "disabled"};
    static const char *const bases[] = {"hukou", "residence", "employment", "insured"};
    static const char *const kinds[] = {"pes", "street", "community", "disabled"};
    static const char *const roles[] = {"admin", "supervisor", "caseworker", "statistician",
                                        "auditor"};
    assert_table_is("id_type", id_types, N_OF(id_types));
    assert_table_is("health", health, N_OF(health));
    assert_table_is("register_basis", bases, N_OF(bases));
    assert_table_is("agency_kind", kinds, N_OF(kinds));
    assert_table_is("role", roles, N_OF(roles));
    assert_string_equal(codes_find("register_basis", "insured")->name_zh, "参保地");
    assert_string_equal(codes_find("id_type", "resident_id")->name_zh, "居民身份证");
}

static void project_defined_tables_have_an_other_entry(void **state)
{
    /* employment_type and difficulty_category are defined here; each ends with 90 其他. */
    (void)state;
    const char *tables[] = {"employment_type", "difficulty_category"};
    for (size_t i = 0; i < N_OF(tables); i++) {
        const struct code_entry *list[64];
        int n = codes_list(tables[i], list, 64);
        assert_in_range(n, 4, 64);
        assert_string_equal(list[n - 1]->code, "90");
        assert_string_equal(list[n - 1]->name_zh, "其他");
    }
    assert_int_equal(codes_validate("employment_type", "60"), 0);     /* 公益性岗位 */
    assert_int_equal(codes_validate("difficulty_category", "50"), 0); /* 零就业家庭 */
}

static void unknown_tables_and_codes_are_told_apart(void **state)
{
    (void)state;
    assert_int_equal(codes_validate("no_such_table", "10"), -ERR_CODE_TABLE_UNKNOWN);
    assert_int_equal(codes_validate(NULL, "10"), -ERR_CODE_TABLE_UNKNOWN);
    assert_int_equal(codes_validate("", "10"), -ERR_CODE_TABLE_UNKNOWN);
    assert_int_equal(codes_validate("EXIT_REASON", "11"), -ERR_CODE_TABLE_UNKNOWN);
    assert_int_equal(codes_validate("exit_reason", "99"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", NULL), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", ""), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", " 11"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", "11 "), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", "1"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("exit_reason", "111"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("id_type", "RESIDENT_ID"), -ERR_CODE_INVALID);
    /* A code of one table is not valid in another. */
    assert_int_equal(codes_validate("exit_reason", "10"), -ERR_CODE_INVALID);
    assert_int_equal(codes_validate("unemployment_reason", "11"), -ERR_CODE_INVALID);
    assert_null(codes_find("exit_reason", "99"));
    assert_null(codes_find("no_such_table", "10"));
    assert_null(codes_find(NULL, NULL));
    assert_int_equal(codes_list("no_such_table", NULL, 0), 0);
}

static void no_table_repeats_a_code_and_every_entry_has_both_names(void **state)
{
    (void)state;
    for (const char *const *t = codes_tables(); *t; t++) {
        const struct code_entry *list[128];
        int n = codes_list(*t, list, 128);
        assert_in_range(n, 1, 128);
        for (int i = 0; i < n; i++) {
            assert_string_equal(list[i]->table, *t);
            assert_true(list[i]->code[0] != '\0');
            assert_true(list[i]->name_zh[0] != '\0');
            assert_true(list[i]->name_en[0] != '\0');
            /* name_zh is Chinese (has a non-ASCII byte); name_en is plain ASCII. */
            bool has_cjk = false;
            for (const char *c = list[i]->name_zh; *c; c++)
                has_cjk = has_cjk || (unsigned char)*c >= 0x80;
            assert_true(has_cjk);
            for (const char *c = list[i]->name_en; *c; c++)
                assert_true((unsigned char)*c < 0x80);
            for (int j = 0; j < i; j++)
                if (strcmp(list[i]->code, list[j]->code) == 0)
                    fail_msg("table %s repeats code %s", *t, list[i]->code);
            assert_ptr_equal(codes_find(*t, list[i]->code), list[i]);
        }
    }
}

static void list_keeps_file_order_and_respects_max(void **state)
{
    (void)state;
    const struct code_entry *list[3] = {NULL, NULL, NULL};
    assert_int_equal(codes_list("exit_reason", list, 2), 13);
    assert_string_equal(list[0]->code, "11");
    assert_string_equal(list[1]->code, "12");
    assert_null(list[2]);
    const struct code_entry *eth[64];
    int n = codes_list("ethnicity", eth, 64);
    for (int i = 1; i < n; i++)
        assert_true(strcmp(eth[i - 1]->code, eth[i]->code) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_loads_without_bad_lines),
        cmocka_unit_test(the_tables_are_the_designed_ones_and_none_is_empty),
        cmocka_unit_test(unemployment_reasons_are_the_national_table),
        cmocka_unit_test(exit_reasons_are_exactly_the_designs),
        cmocka_unit_test(all_56_ethnic_groups_have_their_gb3304_codes),
        cmocka_unit_test(education_has_every_gb4658_code),
        cmocka_unit_test(difficulty_categories_are_per_province),
        cmocka_unit_test(service_tables_hold_the_contracts_words),
        cmocka_unit_test(hukou_types_follow_aac009_plus_the_unified_resident_hukou),
        cmocka_unit_test(enumerated_fields_of_the_contract_are_tables),
        cmocka_unit_test(project_defined_tables_have_an_other_entry),
        cmocka_unit_test(unknown_tables_and_codes_are_told_apart),
        cmocka_unit_test(no_table_repeats_a_code_and_every_entry_has_both_names),
        cmocka_unit_test(list_keeps_file_order_and_respects_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
