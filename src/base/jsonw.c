/*
 * jsonw.c — a JSON writer straight into a buffer. See jsonw.h.
 */
#include "base/jsonw.h"

#include "base/utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void jsonw__sep(struct jsonw *w)
{
    if (w->need_comma)
        buf_putc(&w->b, ',');
    w->need_comma = false;
}

void jsonw_begin_object(struct jsonw *w)
{
    jsonw__sep(w);
    buf_putc(&w->b, '{');
}

void jsonw_end_object(struct jsonw *w)
{
    buf_putc(&w->b, '}');
    w->need_comma = true;
}

void jsonw_begin_array(struct jsonw *w)
{
    jsonw__sep(w);
    buf_putc(&w->b, '[');
}

void jsonw_end_array(struct jsonw *w)
{
    buf_putc(&w->b, ']');
    w->need_comma = true;
}

/* The quoted, escaped text of s (as jansson escapes without JSON_ENSURE_ASCII). */
static void jsonw__quoted(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF"; /* jansson's case */
    const char *p = s, *end = s + strlen(s);
    buf_putc(b, '"');
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) { /* a character of several bytes, or a byte that is not UTF-8 */
            uint32_t cp;
            int len = utf8_decode(p, (size_t)(end - p), &cp);
            if (len > 0)
                buf_append(b, p, (size_t)len);
            else
                buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
            p += len > 0 ? len : 1;
            continue;
        }
        const char *q = p;
        while (q < end && (unsigned char)*q >= 0x20 && (unsigned char)*q < 0x80 && *q != '"' &&
               *q != '\\')
            q++;
        if (q > p) {
            buf_append(b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        p++;
        switch (c) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\b':
            buf_puts(b, "\\b");
            break;
        case '\f':
            buf_puts(b, "\\f");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            buf_puts(b, u);
        }
        }
    }
    buf_putc(b, '"');
}

void jsonw_key(struct jsonw *w, const char *key)
{
    jsonw__sep(w);
    jsonw__quoted(&w->b, key);
    buf_putc(&w->b, ':');
}

void jsonw_str(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw__sep(w);
    jsonw__quoted(&w->b, s);
    w->need_comma = true;
}

void jsonw_str_or_null(struct jsonw *w, const char *s)
{
    if (s && *s)
        jsonw_str(w, s);
    else
        jsonw_null(w);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    jsonw__sep(w);
    char t[24];
    int len = snprintf(t, sizeof t, "%" PRId64, v);
    buf_append(&w->b, t, (size_t)len);
    w->need_comma = true;
}

void jsonw_null(struct jsonw *w)
{
    jsonw__sep(w);
    buf_puts(&w->b, "null");
    w->need_comma = true;
}
