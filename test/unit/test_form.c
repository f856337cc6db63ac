/*
 * test_form.c — the application form read from JSON (app/form).
 *
 * CONTRACT.md "The application form" names the keys and their JSON types; these tests check
 * that every type error names its key, that a full example form parses into the struct and
 * passes rules/intake, and that the details object carries exactly the descriptive keys.
 */
#include "testutil.h"

#include "app/form.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "rules/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A full form of the contract: every key given (agency_id too, which the use case reads).
 * The ID number's check character, by the GB 11643-1999 weights:
 * 1*7+1*9+0*10+1*5+0*8+1*4+1*2+9*1+9*6+0*3+0*7+5*9+2*10+0*5+1*8+2*4+3*2
 * = 7+9+0+5+0+4+2+9+54+0+0+45+20+0+8+8+6 = 177; 177 mod 11 = 1 -> "10X98765432"[1] = '0'.
 */
static const char FULL_FORM[] =
    "{\"id_type\":\"resident_id\",\"id_number\":\"110101199005201230\",\"name\":\"张三\","
    "\"phone\":\"13812345678\",\"residence_region\":\"110101\","
    "\"residence_address\":\"北京市东城区景山前街4号\",\"register_region\":\"110101\","
    "\"register_basis\":\"residence\",\"unemployed_since\":\"2026-02-01\","
    "\"unemployment_reason\":\"20\",\"commitment\":true,"
    "\"sex\":\"M\",\"birth_date\":\"1990-05-20\",\"ethnicity\":\"01\",\"education\":\"20\","
    "\"hukou_type\":\"20\",\"hukou_region\":\"510108\",\"hukou_address\":"
    "\"四川省成都市成华区某村\","
    "\"health\":\"disabled\",\"disability_grade\":\"3\",\"last_employer\":\"某某科技有限公司\","
    "\"last_occupation\":\"软件工程师\",\"skills\":\"C 语言\\n数据库\","
    "\"certificates\":\"软考中级\","
    "\"job_intent\":{\"occupation\":\"软件开发\",\"region\":\"110000\",\"salary_min\":8000},"
    "\"training_intent\":true,\"startup_intent\":false,\"ui_benefit\":true,"
    "\"difficulty_categories\":[\"20\",\"40\"],\"agency_id\":3}";

static json_t *load(const char *text)
{
    json_t *obj = NULL;
    assert_int_equal(json_parse_object(text, strlen(text), &obj), 0);
    return obj;
}

/* The full form with obj[key] replaced by the JSON text `value`. */
static json_t *full_with(const char *key, const char *value)
{
    json_t *obj = load(FULL_FORM);
    json_error_t jerr;
    json_t *v = json_loads(value, JSON_DECODE_ANY, &jerr);
    assert_non_null(v);
    json_object_set_new(obj, key, v);
    return obj;
}

static int parse(json_t *obj, struct intake_form *f, struct err_ctx *ec)
{
    memset(ec, 0, sizeof *ec);
    return form_from_json(obj, f, ec);
}

/* Assert that obj fails with code on field, then release obj. */
static void expect(json_t *obj, int code, const char *field)
{
    struct intake_form f;
    struct err_ctx ec;
    int rc = parse(obj, &f, &ec);
    if (rc != code || !ec.field || strcmp(ec.field, field) != 0)
        fail_msg("expected %s on %s, got %s on %s", err_info(code)->code, field,
                 rc ? err_info(rc)->code : "ok", ec.field ? ec.field : "-");
    json_decref(obj);
}

static void full_contract_example_parses(void **state)
{
    (void)state;
    json_t *obj = load(FULL_FORM);
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_string_equal(f.id_type, "resident_id");
    assert_string_equal(f.id_number, "110101199005201230");
    assert_string_equal(f.name, "张三");
    assert_string_equal(f.phone, "13812345678");
    assert_string_equal(f.residence_region, "110101");
    assert_string_equal(f.residence_address, "北京市东城区景山前街4号");
    assert_string_equal(f.register_region, "110101");
    assert_string_equal(f.register_basis, "residence");
    assert_string_equal(f.unemployed_since, "2026-02-01");
    assert_string_equal(f.unemployment_reason, "20");
    assert_true(f.commitment);
    assert_string_equal(f.sex, "M");
    assert_string_equal(f.birth_date, "1990-05-20");
    assert_string_equal(f.ethnicity, "01");
    assert_string_equal(f.education, "20");
    assert_string_equal(f.hukou_type, "20");
    assert_string_equal(f.hukou_region, "510108");
    assert_string_equal(f.hukou_address, "四川省成都市成华区某村");
    assert_string_equal(f.health, "disabled");
    assert_string_equal(f.disability_grade, "3");
    assert_string_equal(f.last_employer, "某某科技有限公司");
    assert_string_equal(f.last_occupation, "软件工程师");
    assert_string_equal(f.skills, "C 语言\n数据库");
    assert_string_equal(f.certificates, "软考中级");
    assert_string_equal(f.job_occupation, "软件开发");
    assert_string_equal(f.job_region, "110000");
    assert_int_equal(f.job_salary_min, 8000);
    assert_true(f.training_intent);
    assert_false(f.startup_intent);
    assert_true(f.ui_benefit);
    assert_int_equal(f.n_difficulty, 2);
    assert_string_equal(f.difficulty[0], "20");
    assert_string_equal(f.difficulty[1], "40");
    /* Strings are borrowed from the object, not copied. */
    assert_ptr_equal(f.name, json_string_value(json_object_get(obj, "name")));
    /* And the parsed form is a valid application. */
    struct intake_checked out;
    int rc = intake_validate(&f, date_from_ymd(2026, 3, 15), &out, &ec);
    if (rc != 0)
        fail_msg("%s on %s", err_info(rc)->code, ec.field ? ec.field : "-");
    assert_int_equal(out.birth, date_from_ymd(1990, 5, 20));
    json_decref(obj);
}

static void absent_and_null_keys_leave_the_defaults(void **state)
{
    (void)state;
    json_t *obj = load("{\"name\":null,\"job_intent\":null,\"difficulty_categories\":null,"
                       "\"commitment\":null,\"disability_grade\":null}");
    struct intake_form f;
    struct err_ctx ec;
    memset(&f, 0x5a, sizeof f); /* everything must be reset */
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_null(f.id_type);
    assert_null(f.name);
    assert_null(f.disability_grade);
    assert_null(f.job_occupation);
    assert_null(f.job_region);
    assert_int_equal(f.job_salary_min, -1);
    assert_false(f.commitment);
    assert_false(f.training_intent);
    assert_false(f.startup_intent);
    assert_false(f.ui_benefit);
    assert_int_equal(f.n_difficulty, 0);
    /* A missing required key is rules/intake's to report, in its order. */
    struct intake_checked out;
    assert_int_equal(intake_validate(&f, date_from_ymd(2026, 3, 15), &out, &ec),
                     -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "id_type");
    json_decref(obj);
}

static void unknown_keys_are_ignored(void **state)
{
    (void)state;
    json_t *obj = full_with("favourite_colour", "[1, {\"a\": true}]");
    json_object_set_new(obj, "id_number_confirm", json_integer(5));
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_string_equal(f.name, "张三");
    json_decref(obj);
}

static void a_non_object_is_invalid_json(void **state)
{
    (void)state;
    json_t *arr = json_array();
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(arr, &f, &ec), -ERR_INVALID_JSON);
    assert_null(ec.field);
    assert_int_equal(parse(NULL, &f, &ec), -ERR_INVALID_JSON);
    assert_int_equal(f.job_salary_min, -1);
    json_decref(arr);
}

static void each_string_key_holding_another_type_names_its_field(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "id_type",
        "id_number",
        "name",
        "phone",
        "residence_region",
        "residence_address",
        "register_region",
        "register_basis",
        "unemployed_since",
        "unemployment_reason",
        "sex",
        "birth_date",
        "ethnicity",
        "education",
        "hukou_type",
        "hukou_region",
        "hukou_address",
        "health",
        "last_employer",
        "last_occupation",
        "skills",
        "certificates",
    };
    static const char *const values[] = {"110101", "true", "{}", "[\"a\"]", "1.5"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        for (size_t j = 0; j < sizeof values / sizeof values[0]; j++)
            expect(full_with(keys[i], values[j]), -ERR_FIELD_INVALID, keys[i]);
}

static void booleans_must_be_json_true_or_false(void **state)
{
    (void)state;
    /* "commitment must be true": the string "true", 1 or "是" is not a JSON boolean. */
    static const char *const keys[] = {"commitment", "training_intent", "startup_intent",
                                       "ui_benefit"};
    static const char *const values[] = {"\"true\"", "1", "0", "\"是\"", "[true]"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        for (size_t j = 0; j < sizeof values / sizeof values[0]; j++)
            expect(full_with(keys[i], values[j]), -ERR_FIELD_INVALID, keys[i]);
    json_t *obj = full_with("commitment", "false");
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_false(f.commitment);
    json_decref(obj);
}

static void free_text_lengths_are_checked_here(void **state)
{
    (void)state;
    const struct {
        const char *key;
        size_t max;
    } cases[] = {
        {"residence_address", INTAKE_ADDRESS_MAX},
        {"hukou_address", INTAKE_ADDRESS_MAX},
        {"last_employer", INTAKE_SHORT_MAX},
        {"last_occupation", INTAKE_SHORT_MAX},
        {"skills", INTAKE_LONG_MAX},
        {"certificates", INTAKE_LONG_MAX},
    };
    char buf[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t n = cases[i].max; n <= cases[i].max + 1; n++) {
            /* n Chinese characters: 3 bytes each, one character each. */
            for (size_t k = 0; k < n; k++)
                memcpy(buf + 3 * k, "路", 3);
            buf[3 * n] = '\0';
            json_t *obj = load(FULL_FORM);
            json_object_set_new(obj, cases[i].key, json_string(buf));
            if (n == cases[i].max) {
                struct intake_form f;
                struct err_ctx ec;
                assert_int_equal(parse(obj, &f, &ec), 0);
                json_decref(obj);
            } else {
                expect(obj, -ERR_FIELD_INVALID, cases[i].key);
            }
        }
}

static void job_intent_is_an_object_whose_parts_are_named(void **state)
{
    (void)state;
    expect(full_with("job_intent", "\"软件开发\""), -ERR_FIELD_INVALID, "job_intent");
    expect(full_with("job_intent", "[]"), -ERR_FIELD_INVALID, "job_intent");
    expect(full_with("job_intent", "{\"occupation\":5}"), -ERR_FIELD_INVALID,
           "job_intent.occupation");
    expect(full_with("job_intent", "{\"region\":110000}"), -ERR_FIELD_INVALID, "job_intent.region");
    expect(full_with("job_intent", "{\"salary_min\":\"3000\"}"), -ERR_FIELD_INVALID,
           "job_intent.salary_min");
    expect(full_with("job_intent", "{\"salary_min\":3000.5}"), -ERR_FIELD_INVALID,
           "job_intent.salary_min");
    expect(full_with("job_intent", "{\"salary_min\":-1}"), -ERR_FIELD_INVALID,
           "job_intent.salary_min");
    expect(full_with("job_intent", "{\"salary_min\":1000001}"), -ERR_FIELD_INVALID,
           "job_intent.salary_min");
    char occupation[512] = "{\"occupation\":\"";
    for (int i = 0; i < INTAKE_SHORT_MAX + 1; i++)
        strcat(occupation, "a");
    strcat(occupation, "\"}");
    expect(full_with("job_intent", occupation), -ERR_FIELD_INVALID, "job_intent.occupation");

    json_t *obj = full_with("job_intent", "{\"salary_min\":1000000,\"other\":1}");
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_int_equal(f.job_salary_min, 1000000);
    assert_null(f.job_occupation);
    json_decref(obj);
    obj = full_with("job_intent", "{\"salary_min\":0}");
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_int_equal(f.job_salary_min, 0);
    json_decref(obj);
}

static void difficulty_categories_are_at_most_eight_strings(void **state)
{
    (void)state;
    expect(full_with("difficulty_categories", "\"20\""), -ERR_FIELD_INVALID,
           "difficulty_categories");
    expect(full_with("difficulty_categories", "[20]"), -ERR_FIELD_INVALID, "difficulty_categories");
    expect(full_with("difficulty_categories", "[\"20\", null]"), -ERR_FIELD_INVALID,
           "difficulty_categories");
    expect(full_with("difficulty_categories",
                     "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]"),
           -ERR_FIELD_INVALID, "difficulty_categories");
    /* Eight is the limit here; what they say is rules/intake's. */
    json_t *obj =
        full_with("difficulty_categories", "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"]");
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_int_equal(f.n_difficulty, 8);
    assert_string_equal(f.difficulty[7], "8");
    json_decref(obj);
    obj = full_with("difficulty_categories", "[]");
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_int_equal(f.n_difficulty, 0);
    json_decref(obj);
}

static void disability_grade_may_be_a_string_or_an_integer_one_to_four(void **state)
{
    (void)state;
    struct intake_form f;
    struct err_ctx ec;
    for (int g = 1; g <= 4; g++) {
        char text[16];
        snprintf(text, sizeof text, "%d", g);
        json_t *obj = full_with("disability_grade", text);
        assert_int_equal(parse(obj, &f, &ec), 0);
        assert_string_equal(f.disability_grade, text);
        json_decref(obj);
    }
    expect(full_with("disability_grade", "0"), -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    expect(full_with("disability_grade", "5"), -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    expect(full_with("disability_grade", "2.0"), -ERR_FIELD_INVALID, "disability_grade");
    expect(full_with("disability_grade", "true"), -ERR_FIELD_INVALID, "disability_grade");
    json_t *obj = full_with("disability_grade", "\"9\""); /* a string: rules/intake judges */
    assert_int_equal(parse(obj, &f, &ec), 0);
    assert_string_equal(f.disability_grade, "9");
    json_decref(obj);
}

static void keys_are_read_in_contract_order(void **state)
{
    (void)state;
    json_t *obj = full_with("name", "1");
    json_object_set_new(obj, "skills", json_integer(1));
    json_object_set_new(obj, "commitment", json_string("true"));
    expect(obj, -ERR_FIELD_INVALID, "name");
    obj = full_with("commitment", "\"yes\"");
    json_object_set_new(obj, "sex", json_integer(1));
    expect(obj, -ERR_FIELD_INVALID, "commitment");
    obj = full_with("ui_benefit", "1");
    json_object_set_new(obj, "difficulty_categories", json_integer(1));
    expect(obj, -ERR_FIELD_INVALID, "ui_benefit");
}

/* The keys of obj, sorted and joined by commas, into buf. */
static const char *keys_of(json_t *obj, char *buf, size_t bufsz)
{
    const char *names[32];
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        (void)v;
        assert_true(n < 32);
        names[n++] = key;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(buf, ",", bufsz - strlen(buf) - 1);
        strncat(buf, names[i], bufsz - strlen(buf) - 1);
    }
    return buf;
}

static const char DETAIL_KEYS[] = "certificates,disability_grade,health,job_intent,last_employer,"
                                  "last_occupation,skills,startup_intent,training_intent";

static void details_hold_exactly_the_descriptive_keys(void **state)
{
    (void)state;
    json_t *obj = load(FULL_FORM);
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    json_t *d = form_details_json(&f);
    char buf[512];
    assert_string_equal(keys_of(d, buf, sizeof buf), DETAIL_KEYS);
    char *text = json_dump(d);
    assert_string_equal(text,
                        "{\"health\":\"disabled\",\"disability_grade\":\"3\","
                        "\"last_employer\":\"某某科技有限公司\",\"last_occupation\":\"软件工程师\","
                        "\"skills\":\"C 语言\\n数据库\",\"certificates\":\"软考中级\","
                        "\"job_intent\":{\"occupation\":\"软件开发\",\"region\":\"110000\","
                        "\"salary_min\":8000},\"training_intent\":true,"
                        "\"startup_intent\":false}");
    /* No personal identifier leaks into details. */
    assert_null(strstr(text, "110101199005201230"));
    assert_null(strstr(text, "13812345678"));
    assert_null(strstr(text, "张三"));
    assert_null(strstr(text, "景山"));
    free(text);
    json_decref(d);
    json_decref(obj);
}

static void details_of_an_empty_form_are_nulls_and_false(void **state)
{
    (void)state;
    json_t *obj = load("{\"skills\":\"\",\"job_intent\":{}}");
    struct intake_form f;
    struct err_ctx ec;
    assert_int_equal(parse(obj, &f, &ec), 0);
    json_t *d = form_details_json(&f);
    char buf[512];
    assert_string_equal(keys_of(d, buf, sizeof buf), DETAIL_KEYS);
    char *text = json_dump(d);
    assert_string_equal(text, "{\"health\":null,\"disability_grade\":null,\"last_employer\":null,"
                              "\"last_occupation\":null,\"skills\":null,\"certificates\":null,"
                              "\"job_intent\":null,\"training_intent\":false,"
                              "\"startup_intent\":false}");
    free(text);
    json_decref(d);
    /* Part of job_intent given: the object, with nulls for the rest. */
    f.job_salary_min = 0;
    d = form_details_json(&f);
    text = json_dump(json_object_get(d, "job_intent"));
    assert_string_equal(text, "{\"occupation\":null,\"region\":null,\"salary_min\":0}");
    free(text);
    json_decref(d);
    json_decref(obj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_contract_example_parses),
        cmocka_unit_test(absent_and_null_keys_leave_the_defaults),
        cmocka_unit_test(unknown_keys_are_ignored),
        cmocka_unit_test(a_non_object_is_invalid_json),
        cmocka_unit_test(each_string_key_holding_another_type_names_its_field),
        cmocka_unit_test(booleans_must_be_json_true_or_false),
        cmocka_unit_test(free_text_lengths_are_checked_here),
        cmocka_unit_test(job_intent_is_an_object_whose_parts_are_named),
        cmocka_unit_test(difficulty_categories_are_at_most_eight_strings),
        cmocka_unit_test(disability_grade_may_be_a_string_or_an_integer_one_to_four),
        cmocka_unit_test(keys_are_read_in_contract_order),
        cmocka_unit_test(details_hold_exactly_the_descriptive_keys),
        cmocka_unit_test(details_of_an_empty_form_are_nulls_and_false),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
