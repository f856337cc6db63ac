/*
 * test_jsonw.c — the JSON writer (base/jsonw) writes what json_dump (base/json, jansson) writes
 * for the same values, byte for byte: strings with every ASCII byte, Chinese and a character
 * beyond the BMP, integers at their limits, null, nesting and empty containers; and U+FFFD for
 * bytes that are not UTF-8, which jansson refuses.
 */
#include "testutil.h"

#include "base/json.h"
#include "base/jsonw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* w's text equals json_dump(v); frees both. */
static void assert_same(struct jsonw *w, json_t *v)
{
    assert_non_null(v);
    char *want = json_dump(v);
    assert_string_equal(w->b.data, want);
    assert_int_equal(w->b.len, strlen(want));
    free(want);
    json_decref(v);
    buf_free(&w->b);
}

static void strings_are_escaped_as_jansson_escapes_them(void **state)
{
    (void)state;
    char ascii[128];
    for (int i = 1; i < 128; i++)
        ascii[i - 1] = (char)i;
    ascii[127] = '\0';
    const char *cases[] = {"", ascii, "a/b\"c\\d", "失业登记 \xf0\x9f\x98\x80 end",
                           "\t\n\r\b\f\x01\x1f\x7f"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct jsonw w = {0};
        jsonw_str(&w, cases[i]);
        assert_same(&w, json_string(cases[i]));
    }
}

static void containers_keys_integers_and_null_nest_as_in_jansson(void **state)
{
    (void)state;
    struct jsonw w = {0};
    jsonw_begin_object(&w);
    jsonw_key(&w, "items");
    jsonw_begin_array(&w);
    jsonw_int(&w, INT64_MIN);
    jsonw_int(&w, INT64_MAX);
    jsonw_int(&w, 0);
    jsonw_begin_object(&w);
    jsonw_end_object(&w);
    jsonw_begin_array(&w);
    jsonw_end_array(&w);
    jsonw_null(&w);
    jsonw_str(&w, NULL);
    jsonw_str_or_null(&w, "");
    jsonw_str_or_null(&w, "x");
    jsonw_end_array(&w);
    jsonw_key(&w, "键\"");
    jsonw_begin_object(&w);
    jsonw_key(&w, "a");
    jsonw_int(&w, -1);
    jsonw_key(&w, "b");
    jsonw_begin_array(&w);
    jsonw_str(&w, "c");
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    assert_same(&w, json_pack("{s:[I, I, i, {}, [], n, n, n, s], s:{s:i, s:[s]}}", "items",
                              (json_int_t)INT64_MIN, (json_int_t)INT64_MAX, 0, "x", "键\"", "a", -1,
                              "b", "c"));
}

static void bytes_that_are_not_utf8_become_the_replacement_character(void **state)
{
    (void)state;
    struct jsonw w = {0};
    jsonw_str(&w, "a\xff"
                  "b\xe5\xa4"
                  "c\xc0\x80");
    assert_string_equal(w.b.data, "\"a\xef\xbf\xbd"
                                  "b\xef\xbf\xbd\xef\xbf\xbd"
                                  "c\xef\xbf\xbd\xef\xbf\xbd\"");
    assert_null(json_string("a\xff"));
    buf_free(&w.b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_escaped_as_jansson_escapes_them),
        cmocka_unit_test(containers_keys_integers_and_null_nest_as_in_jansson),
        cmocka_unit_test(bytes_that_are_not_utf8_become_the_replacement_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
