/*
 * jsonw.h — a JSON writer straight into a buffer, for the few hot answers where building a
 * jansson tree costs more than the work behind it (one person's job matches: about a fifth of
 * the server's CPU went to the tree and its dump, a hashtable per object).
 *
 * The text is what json_dump (base/json.h) writes for the same values: compact, keys in the
 * order written, UTF-8 kept (no \u escapes but for control characters), '/' not escaped, so an
 * answer reads the same whichever way it was made. A byte sequence that is not UTF-8 is written
 * as U+FFFD. The caller nests begin/end correctly and writes a key before each member's value;
 * nothing is checked. Allocation failure aborts (base/buf).
 *
 *   struct jsonw w = {0};
 *   jsonw_begin_object(&w);
 *   jsonw_key(&w, "items"); jsonw_begin_array(&w); ... jsonw_end_array(&w);
 *   jsonw_end_object(&w);
 *   ... w.b.data, w.b.len; buf_free(&w.b)
 */
#ifndef UREG_BASE_JSONW_H
#define UREG_BASE_JSONW_H

#include "base/buf.h"

#include <stdbool.h>
#include <stdint.h>

struct jsonw {
    struct buf b;    /* the text so far; owned */
    bool need_comma; /* a value was written in the current container */
};

void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
/* The name of the next member of the current object. */
void jsonw_key(struct jsonw *w, const char *key);
/* A string; NULL writes null. */
void jsonw_str(struct jsonw *w, const char *s);
/* A string, or null when s is NULL or empty. */
void jsonw_str_or_null(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_null(struct jsonw *w);

#endif
