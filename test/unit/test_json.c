/*
 * test_json.c — request-body helpers over jansson: parsing, typed getters with their errors,
 * the CONTRACT.md error object and UTF-8 output.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "base/json.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static json_t *parse(const char *s)
{
    json_t *v = NULL;
    assert_int_equal(json_parse_object(s, strlen(s), &v), 0);
    assert_non_null(v);
    return v;
}

static void bodies_must_be_one_valid_json_object(void **state)
{
    (void)state;
    json_t *v = (json_t *)1;
    const char *bad[] = {
        "",
        "[]",
        "\"x\"",
        "1",
        "null",
        "{",
        "{\"a\":1,}",
        "{}x",
        "{} {}",
        "{'a':1}",
        "{\"a\":1,\"a\":2}" /* duplicate key */,
        "{\"a\":\"\\u0000\"}" /* NUL in a string */,
        "{\"a\":\"\xC3\"}" /* invalid UTF-8 */,
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(json_parse_object(bad[i], strlen(bad[i]), &v), -ERR_INVALID_JSON);
        assert_null(v);
    }
    assert_int_equal(json_parse_object(NULL, 0, &v), -ERR_INVALID_JSON);
    /* White space around the object is fine, and the body need not be NUL-terminated. */
    char body[] = " {\"a\":1} \nGARBAGE";
    assert_int_equal(json_parse_object(body, 10, &v), 0);
    assert_true(json_is_object(v));
    json_decref(v);
}

static void str_getter_reports_absent_wrong_type_and_too_long(void **state)
{
    (void)state;
    json_t *o = parse("{\"name\":\"张三\",\"n\":5,\"z\":null,\"e\":\"\",\"sp\":\"  \"}");
    struct err_ctx ec = {0};
    const char *s = "default";

    assert_int_equal(json_get_str(o, "name", true, 2, &s, &ec), 0);
    assert_string_equal(s, "张三"); /* 2 characters, 6 bytes: the limit counts characters */
    assert_int_equal(json_get_str(o, "name", true, 1, &s, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "name");
    assert_int_equal(ec.code, -ERR_FIELD_INVALID);
    assert_int_equal(json_get_str(o, "name", true, 0, &s, &ec), 0); /* 0: no limit */

    ec = (struct err_ctx){0};
    assert_int_equal(json_get_str(o, "phone", true, 20, &s, &ec), -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "phone");
    s = "default";
    assert_int_equal(json_get_str(o, "phone", false, 20, &s, &ec), 0);
    assert_string_equal(s, "default"); /* absent and optional: untouched */
    assert_int_equal(json_get_str(o, "z", false, 20, &s, &ec), 0);
    assert_string_equal(s, "default"); /* null is absent */
    assert_int_equal(json_get_str(o, "z", true, 20, &s, &ec), -ERR_FIELD_REQUIRED);

    assert_int_equal(json_get_str(o, "n", false, 20, &s, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "n");
    assert_non_null(ec.detail);

    /* Empty is absent when required; white space is not trimmed. */
    assert_int_equal(json_get_str(o, "e", true, 20, &s, &ec), -ERR_FIELD_REQUIRED);
    assert_int_equal(json_get_str(o, "e", false, 20, &s, &ec), 0);
    assert_string_equal(s, "");
    assert_int_equal(json_get_str(o, "sp", true, 20, &s, &ec), 0);
    assert_string_equal(s, "  ");
    json_decref(o);

    /* A value built in C with an embedded NUL is refused. */
    o = json_object();
    json_object_set_new(o, "x", json_stringn("a\0b", 3));
    assert_int_equal(json_get_str(o, "x", true, 0, &s, NULL), -ERR_FIELD_INVALID);
    json_decref(o);
}

static void bool_getter_accepts_only_true_and_false(void **state)
{
    (void)state;
    json_t *o = parse("{\"t\":true,\"f\":false,\"s\":\"true\",\"one\":1}");
    struct err_ctx ec = {0};
    bool b = false;
    assert_int_equal(json_get_bool(o, "t", true, &b, &ec), 0);
    assert_true(b);
    assert_int_equal(json_get_bool(o, "f", true, &b, &ec), 0);
    assert_false(b);
    assert_int_equal(json_get_bool(o, "s", true, &b, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "s");
    assert_int_equal(json_get_bool(o, "one", false, &b, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_bool(o, "commitment", true, &b, &ec), -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "commitment");
    b = true;
    assert_int_equal(json_get_bool(o, "commitment", false, &b, &ec), 0);
    assert_true(b);
    json_decref(o);
}

static void int_getter_checks_type_and_both_range_ends(void **state)
{
    (void)state;
    json_t *o = parse("{\"lo\":1,\"hi\":100,\"under\":0,\"over\":101,\"real\":3.0,\"str\":\"3\","
                      "\"neg\":-9223372036854775808,\"big\":9223372036854775807}");
    struct err_ctx ec = {0};
    long long x = -1;
    assert_int_equal(json_get_int(o, "lo", true, 1, 100, &x, &ec), 0);
    assert_int_equal(x, 1);
    assert_int_equal(json_get_int(o, "hi", true, 1, 100, &x, &ec), 0);
    assert_int_equal(x, 100);
    assert_int_equal(json_get_int(o, "under", true, 1, 100, &x, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "under");
    assert_int_equal(json_get_int(o, "over", true, 1, 100, &x, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "over");
    assert_int_equal(x, 100); /* untouched on error */
    assert_int_equal(json_get_int(o, "real", true, 0, 10, &x, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_int(o, "str", true, 0, 10, &x, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_int(o, "neg", true, LLONG_MIN, LLONG_MAX, &x, &ec), 0);
    assert_true(x == LLONG_MIN);
    assert_int_equal(json_get_int(o, "big", true, LLONG_MIN, LLONG_MAX, &x, &ec), 0);
    assert_true(x == LLONG_MAX);
    assert_int_equal(json_get_int(o, "salary_min", true, 0, 10, &x, &ec), -ERR_FIELD_REQUIRED);
    x = 7;
    assert_int_equal(json_get_int(o, "salary_min", false, 0, 10, &x, &ec), 0);
    assert_int_equal(x, 7);
    json_decref(o);
    /* Beyond 64 bits is not an integer jansson can hold: the body is refused. */
    json_t *v = NULL;
    const char *huge = "{\"x\":9223372036854775808}";
    assert_int_equal(json_parse_object(huge, strlen(huge), &v), -ERR_INVALID_JSON);
}

static void date_getter_wants_a_real_iso_date(void **state)
{
    (void)state;
    json_t *o = parse("{\"d\":\"2024-02-29\",\"nd\":\"2023-02-29\",\"sh\":\"2024-2-29\","
                      "\"num\":20240229,\"e\":\"\"}");
    struct err_ctx ec = {0};
    int32_t d = -1;
    assert_int_equal(json_get_date(o, "d", true, &d, &ec), 0);
    assert_int_equal(d, date_from_ymd(2024, 2, 29));
    assert_int_equal(json_get_date(o, "nd", true, &d, &ec), -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "nd");
    assert_int_equal(json_get_date(o, "sh", true, &d, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_date(o, "num", true, &d, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_date(o, "e", true, &d, &ec), -ERR_FIELD_REQUIRED);
    assert_int_equal(json_get_date(o, "e", false, &d, &ec), -ERR_FIELD_INVALID);
    assert_int_equal(json_get_date(o, "unemployed_since", true, &d, &ec), -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "unemployed_since");
    assert_int_equal(json_get_date(o, "unemployed_since", false, &d, &ec), 0);
    assert_int_equal(d, date_from_ymd(2024, 2, 29));
    json_decref(o);
}

static void getters_on_a_missing_object_see_every_key_absent(void **state)
{
    (void)state;
    const char *s = NULL;
    long long x = 0;
    assert_int_equal(json_get_str(NULL, "a", false, 0, &s, NULL), 0);
    assert_int_equal(json_get_int(NULL, "a", true, 0, 1, &x, NULL), -ERR_FIELD_REQUIRED);
    json_t *arr = json_array();
    assert_int_equal(json_get_str(arr, "a", true, 0, &s, NULL), -ERR_FIELD_REQUIRED);
    json_decref(arr);
}

static void error_object_has_the_contract_shape(void **state)
{
    (void)state;
    /* CONTRACT.md: {"error": {"code": "snake_case_code", "message": "…", "field": name-or-null}} */
    struct err_ctx ec = {0};
    err_set(&ec, -ERR_FIELD_REQUIRED, "id_number");
    json_t *e = json_error_object(&ec, "en");
    char *s = json_dump(e);
    assert_string_equal(s, "{\"error\":{\"code\":\"field_required\",\"message\":\"A required "
                           "field is missing\",\"field\":\"id_number\"}}");
    free(s);
    json_decref(e);

    e = json_error_object(&ec, "zh");
    s = json_dump(e);
    assert_string_equal(s, "{\"error\":{\"code\":\"field_required\",\"message\":\"缺少必填项\","
                           "\"field\":\"id_number\"}}");
    free(s);
    json_decref(e);

    /* No field: null, not absent; no language: Chinese. */
    err_set(&ec, -ERR_NOT_FOUND, NULL);
    e = json_error_object(&ec, NULL);
    json_t *inner = json_object_get(e, "error");
    assert_true(json_is_null(json_object_get(inner, "field")));
    assert_string_equal(json_string_value(json_object_get(inner, "code")), "not_found");
    assert_string_equal(json_string_value(json_object_get(inner, "message")), "未找到");
    assert_null(json_object_get(inner, "detail"));
    json_decref(e);

    /* A detail from a getter travels along. */
    json_t *o = parse("{\"age\":\"x\"}");
    long long x;
    assert_int_equal(json_get_int(o, "age", true, 16, 100, &x, &ec), -ERR_FIELD_INVALID);
    e = json_error_object(&ec, "en");
    inner = json_object_get(e, "error");
    assert_string_equal(json_string_value(json_object_get(inner, "field")), "age");
    assert_string_equal(json_string_value(json_object_get(inner, "detail")), "expected an integer");
    json_decref(e);
    json_decref(o);

    /* Nothing to report is reported as an internal error, never as success. */
    e = json_error_object(NULL, "en");
    inner = json_object_get(e, "error");
    assert_string_equal(json_string_value(json_object_get(inner, "code")), "internal_error");
    json_decref(e);
}

static void dump_keeps_non_ascii_unescaped_and_compact(void **state)
{
    (void)state;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string("张三"));
    json_object_set_new(o, "n", json_integer(3));
    json_object_set_new(o, "q", json_string("a\"b\\c\n"));
    char *s = json_dump(o);
    assert_string_equal(s, "{\"name\":\"张三\",\"n\":3,\"q\":\"a\\\"b\\\\c\\n\"}");
    assert_null(strstr(s, "\\u"));
    free(s);
    json_decref(o);
    /* Bare values render too. */
    json_t *d = json_date(date_from_ymd(2026, 1, 9));
    s = json_dump(d);
    assert_string_equal(s, "\"2026-01-09\"");
    free(s);
    json_decref(d);
    assert_null(json_dump(NULL));
}

static void date_renders_as_iso_string(void **state)
{
    (void)state;
    json_t *d = json_date(0);
    assert_true(json_is_string(d));
    assert_string_equal(json_string_value(d), "1970-01-01");
    json_decref(d);
    d = json_date(date_from_ymd(2024, 2, 29));
    assert_string_equal(json_string_value(d), "2024-02-29");
    json_decref(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bodies_must_be_one_valid_json_object),
        cmocka_unit_test(str_getter_reports_absent_wrong_type_and_too_long),
        cmocka_unit_test(bool_getter_accepts_only_true_and_false),
        cmocka_unit_test(int_getter_checks_type_and_both_range_ends),
        cmocka_unit_test(date_getter_wants_a_real_iso_date),
        cmocka_unit_test(getters_on_a_missing_object_see_every_key_absent),
        cmocka_unit_test(error_object_has_the_contract_shape),
        cmocka_unit_test(dump_keeps_non_ascii_unescaped_and_compact),
        cmocka_unit_test(date_renders_as_iso_string),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
