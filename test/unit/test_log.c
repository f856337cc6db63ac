/*
 * test_log.c — log lines as text and as JSON: every JSON line parses (quotes, backslashes,
 * control characters, bytes that are not UTF-8, newlines in a message), key=value pairs become
 * members (numbers as numbers), the envelope cannot be forged by a field, and the request id
 * of the thread ends every line; a log file is reopened in place after a rotation.
 */
#include "testutil.h"

#include "base/log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Log one line through `fmt` and return what was written (malloc'd), without the newline. */
static char *one_line(enum log_format f, const char *rid, const char *fmt, const char *arg)
{
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    log_set_stream(tmp);
    log_set_format(f);
    log_set_level(LOG_DEBUG);
    log_set_request_id(rid);
    log_write(LOG_WARN, "test", fmt, arg);
    log_set_request_id(NULL);
    log_set_stream(NULL);
    log_set_format(LOG_FORMAT_TEXT);
    rewind(tmp);
    char *line = calloc(1, 8192);
    assert_non_null(fgets(line, 8192, tmp));
    char extra[16];
    assert_null(fgets(extra, sizeof extra, tmp)); /* one event, one line */
    fclose(tmp);
    size_t n = strlen(line);
    assert_true(n > 0 && line[n - 1] == '\n');
    line[n - 1] = '\0';
    return line;
}

static json_t *parse(const char *line)
{
    json_error_t e;
    json_t *o = json_loads(line, 0, &e);
    if (!o)
        fail_msg("not JSON (%s): %s", e.text, line);
    return o;
}

static void json_lines_carry_the_envelope_and_the_fields(void **state)
{
    (void)state;
    char *line = one_line(LOG_FORMAT_JSON, "rid-1",
                          "event=batch items=%s ms=12.5 name=abc neg=-3 lead=007 free words", "42");
    json_t *o = parse(line);
    assert_string_equal(json_string_value(json_object_get(o, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(o, "component")), "test");
    assert_string_equal(json_string_value(json_object_get(o, "event")), "batch");
    assert_string_equal(json_string_value(json_object_get(o, "request_id")), "rid-1");
    assert_true(json_is_string(json_object_get(o, "ts")));
    assert_int_equal(json_integer_value(json_object_get(o, "items")), 42);
    assert_true(json_real_value(json_object_get(o, "ms")) == 12.5);
    assert_int_equal(json_integer_value(json_object_get(o, "neg")), -3);
    assert_string_equal(json_string_value(json_object_get(o, "lead")), "007");
    assert_string_equal(json_string_value(json_object_get(o, "name")), "abc");
    assert_string_equal(json_string_value(json_object_get(o, "msg")), "free words");
    json_decref(o);
    free(line);
}

static void json_lines_are_valid_whatever_the_message_holds(void **state)
{
    (void)state;
    static const char *const nasty[] = {
        "quote \" and \\ backslash",
        "tab\there\x01\x1f\x7f",
        "line\nbreak\rreturn",
        "bad utf8 \xff\xfe \xe5\xbc",
        "中文 ok",
        "\"",
        "\\",
        "",
    };
    for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
        char *line = one_line(LOG_FORMAT_JSON, NULL, "event=x detail=\"%s\" tail=1", nasty[i]);
        json_t *o = parse(line);
        assert_string_equal(json_string_value(json_object_get(o, "event")), "x");
        assert_null(json_object_get(o, "request_id"));
        json_decref(o);
        free(line);
        line = one_line(LOG_FORMAT_JSON, NULL, "%s", nasty[i]);
        json_decref(parse(line));
        free(line);
    }
    /* The quoted value is taken whole, spaces and all. */
    char *line = one_line(LOG_FORMAT_JSON, NULL, "event=e detail=\"%s\" n=2", "a b = c");
    json_t *o = parse(line);
    assert_string_equal(json_string_value(json_object_get(o, "detail")), "a b = c");
    assert_int_equal(json_integer_value(json_object_get(o, "n")), 2);
    json_decref(o);
    free(line);
}

static void a_field_cannot_forge_the_envelope(void **state)
{
    (void)state;
    char *line = one_line(LOG_FORMAT_JSON, "real", "%s",
                          "event=e level=debug component=evil request_id=fake ts=0");
    json_t *o = parse(line);
    assert_string_equal(json_string_value(json_object_get(o, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(o, "component")), "test");
    assert_string_equal(json_string_value(json_object_get(o, "request_id")), "real");
    assert_string_equal(json_string_value(json_object_get(o, "field_request_id")), "fake");
    json_decref(o);
    free(line);
}

static void text_lines_end_with_the_request_id(void **state)
{
    (void)state;
    char *line = one_line(LOG_FORMAT_TEXT, "abc123", "event=x n=%s", "1");
    assert_non_null(strstr(line, " WARN test event=x n=1 request_id=abc123"));
    assert_int_equal(strlen(strstr(line, "request_id=abc123")), strlen("request_id=abc123"));
    free(line);
    line = one_line(LOG_FORMAT_TEXT, NULL, "event=x n=%s", "1\n2");
    assert_null(strstr(line, "request_id"));
    assert_non_null(strstr(line, "n=1 2")); /* a newline never forges a second line */
    free(line);
    assert_int_equal(log_format_parse("json"), LOG_FORMAT_JSON);
    assert_int_equal(log_format_parse("text"), LOG_FORMAT_TEXT);
    assert_int_equal(log_format_parse("JSON"), -1);
}

static void the_log_file_is_reopened_after_a_rotation(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_log_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], rotated[256];
    snprintf(path, sizeof path, "%s/ureg.log", dir);
    snprintf(rotated, sizeof rotated, "%s/ureg.log.1", dir);
    log_set_level(LOG_INFO);
    assert_int_equal(log_open_file(path), 0);
    log_info("test", "event=first");
    assert_int_equal(rename(path, rotated), 0);
    log_info("test", "event=second"); /* still the old file until the reopen */
    assert_int_equal(log_reopen(), 0);
    log_info("test", "event=third");
    char buf[1024];
    FILE *f = fopen(rotated, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "event=first"));
    assert_non_null(strstr(buf, "event=second"));
    assert_null(strstr(buf, "event=third"));
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "event=third"));
    assert_null(strstr(buf, "event=second"));
    assert_true(log_open_file("/nonexistent-dir/x.log") < 0);
    unlink(path);
    unlink(rotated);
    rmdir(dir);
    log_set_level(LOG_WARN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_lines_carry_the_envelope_and_the_fields),
        cmocka_unit_test(json_lines_are_valid_whatever_the_message_holds),
        cmocka_unit_test(a_field_cannot_forge_the_envelope),
        cmocka_unit_test(text_lines_end_with_the_request_id),
        cmocka_unit_test(the_log_file_is_reopened_after_a_rotation),
    };
    return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
