/*
 * json.c — typed getters and renderers over jansson. See json.h for the rules they share.
 *
 * jansson signals out-of-memory by returning NULL; like base/xalloc, these helpers abort then,
 * so callers never check for it.
 */
#include "base/json.h"

#include "base/date.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* p, or abort: jansson returns NULL only on out-of-memory for the calls made here. */
static void *json__must(void *p)
{
    if (!p) {
        fprintf(stderr, "ureg: out of memory (jansson)\n");
        abort();
    }
    return p;
}

/* Set ec for a failed field (with a static English hint) and return code. */
static int json__fail(struct err_ctx *ec, int code, const char *key, const char *detail)
{
    err_set(ec, code, key);
    if (ec)
        ec->detail = detail;
    return code;
}

/* The value at obj[key], NULL when absent or JSON null (or obj is not an object). */
static json_t *json__lookup(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

int json_parse_object(const char *data, size_t n, json_t **out)
{
    *out = NULL;
    if (!data || n == 0)
        return -ERR_INVALID_JSON;
    json_error_t jerr;
    /* Duplicate keys are refused: two readers of one body must not see different values. */
    json_t *v = json_loadb(data, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        return -ERR_INVALID_JSON;
    if (!json_is_object(v)) {
        json_decref(v);
        return -ERR_INVALID_JSON;
    }
    *out = v;
    return 0;
}

int json_get_str(json_t *obj, const char *key, bool required, size_t max_len, const char **out,
                 struct err_ctx *ec)
{
    json_t *v = json__lookup(obj, key);
    if (!v)
        return required ? json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL) : 0;
    if (!json_is_string(v))
        return json__fail(ec, -ERR_FIELD_INVALID, key, "expected a string");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0 && required)
        return json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL);
    /* A value built in C (not parsed) could hold a NUL: callers use it as a C string. */
    if (memchr(s, '\0', n))
        return json__fail(ec, -ERR_FIELD_INVALID, key, "contains a NUL character");
    if (max_len && utf8_count(s, n) > max_len)
        return json__fail(ec, -ERR_FIELD_INVALID, key, "too long");
    *out = s;
    return 0;
}

int json_get_bool(json_t *obj, const char *key, bool required, bool *out, struct err_ctx *ec)
{
    json_t *v = json__lookup(obj, key);
    if (!v)
        return required ? json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL) : 0;
    if (!json_is_boolean(v))
        return json__fail(ec, -ERR_FIELD_INVALID, key, "expected true or false");
    *out = json_is_true(v);
    return 0;
}

int json_get_int(json_t *obj, const char *key, bool required, long long min, long long max,
                 long long *out, struct err_ctx *ec)
{
    json_t *v = json__lookup(obj, key);
    if (!v)
        return required ? json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL) : 0;
    if (!json_is_integer(v))
        return json__fail(ec, -ERR_FIELD_INVALID, key, "expected an integer");
    long long x = json_integer_value(v);
    if (x < min || x > max)
        return json__fail(ec, -ERR_FIELD_INVALID, key, "out of range");
    *out = x;
    return 0;
}

int json_get_date(json_t *obj, const char *key, bool required, int32_t *out, struct err_ctx *ec)
{
    json_t *v = json__lookup(obj, key);
    if (!v)
        return required ? json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL) : 0;
    if (!json_is_string(v))
        return json__fail(ec, -ERR_FIELD_INVALID, key, "expected a date YYYY-MM-DD");
    if (json_string_length(v) == 0 && required)
        return json__fail(ec, -ERR_FIELD_REQUIRED, key, NULL);
    int32_t day;
    if (date_parse(json_string_value(v), json_string_length(v), &day) < 0)
        return json__fail(ec, -ERR_FIELD_INVALID, key, "expected a date YYYY-MM-DD");
    *out = day;
    return 0;
}

char *json_dump(const json_t *v)
{
    if (!v)
        return NULL;
    /* No JSON_ENSURE_ASCII: Chinese stays readable UTF-8. */
    return json__must(json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY));
}

json_t *json_error_object(const struct err_ctx *ec, const char *lang)
{
    int code = ec && ec->code ? ec->code : -ERR_INTERNAL;
    const struct err_info *info = err_info(code);
    bool en = lang && strcmp(lang, "en") == 0;
    json_t *e = json__must(json_object());
    json_object_set_new(e, "code", json__must(json_string(info->code)));
    json_object_set_new(e, "message", json__must(json_string(en ? info->en : info->zh)));
    json_object_set_new(e, "field",
                        json__must(ec && ec->field ? json_string(ec->field) : json_null()));
    if (ec && ec->detail)
        json_object_set_new(e, "detail", json__must(json_string(ec->detail)));
    if (ec && ec->ref)
        json_object_set_new(e, "ref", json__must(json_string(ec->ref)));
    json_t *root = json__must(json_object());
    json_object_set_new(root, "error", e);
    return root;
}

json_t *json_date(int32_t day)
{
    char buf[DATE_STRLEN];
    return json__must(json_string(date_format(day, buf)));
}
