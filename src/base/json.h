/*
 * json.h — helpers over jansson for reading request bodies and writing responses.
 *
 * The HTTP and app layers read a request body once with json_parse_object() and pull each field
 * with a typed getter, which checks presence, type and range and, on failure, names the field in
 * the caller's struct err_ctx so the edge renders {"error":{"code","message","field"}} from the
 * error table (CONTRACT.md). Rules every getter follows:
 *   - A key that is absent or JSON null is "absent": -ERR_FIELD_REQUIRED when required, else 0
 *     with *out left unchanged (so callers preset defaults).
 *   - A value of the wrong type or outside the limits is -ERR_FIELD_INVALID.
 *   - Strings are valid UTF-8 (jansson checks on parse) without NUL; they are not trimmed:
 *     "  " is a two-space string. An empty string is absent for a required field.
 * Output is compact UTF-8: non-ASCII text is written as is, not as \u escapes.
 *
 * Include as "base/json.h"; it includes <jansson.h> for json_t. Bodies are small (the HTTP layer
 * caps them); parsing is jansson's, one allocation per value, freed with json_decref().
 */
#ifndef UREG_BASE_JSON_H
#define UREG_BASE_JSON_H

#include "base/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parse data[0, n) (need not be NUL-terminated), which must be one JSON object with nothing but
 * white space after it and no key twice. On success *out holds a new reference (json_decref it)
 * and 0 is returned; otherwise *out is NULL and -ERR_INVALID_JSON is returned.
 */
int json_parse_object(const char *data, size_t n, json_t **out);

/*
 * The string at obj[key], at most max_len characters (Unicode code points; 0 means no limit).
 * *out points into obj and lives as long as obj does. On error ec->field is `key` (so key must
 * outlive ec: pass a literal) and ec->detail a short English hint.
 */
int json_get_str(json_t *obj, const char *key, bool required, size_t max_len, const char **out,
                 struct err_ctx *ec);

/* The boolean at obj[key]: JSON true or false only (not "true", not 1). */
int json_get_bool(json_t *obj, const char *key, bool required, bool *out, struct err_ctx *ec);

/* The integer at obj[key], within [min, max]: a JSON integer only (not 3.0, not "3"). */
int json_get_int(json_t *obj, const char *key, bool required, long long min, long long max,
                 long long *out, struct err_ctx *ec);

/* The date at obj[key]: a string "YYYY-MM-DD" naming a real day (base/date), as a day number. */
int json_get_date(json_t *obj, const char *key, bool required, int32_t *out, struct err_ctx *ec);

/*
 * `v` as compact UTF-8 JSON text (any value, also a bare string or number), keys in insertion
 * order. The caller frees the result with free(). NULL only when v is NULL.
 */
char *json_dump(const json_t *v);

/*
 * The CONTRACT.md error object {"error":{"code","message","field"}} for ec: code and message
 * from the error table, message in English when lang is "en" and in Chinese otherwise (NULL
 * too), field null when ec->field is NULL, plus "detail" when ec->detail is set. A NULL ec or a
 * code of 0 gives internal_error. New reference, owned by the caller.
 */
json_t *json_error_object(const struct err_ctx *ec, const char *lang);

/* A new JSON string "YYYY-MM-DD" for the day number. */
json_t *json_date(int32_t day);

#endif
