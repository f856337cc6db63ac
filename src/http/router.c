/*
 * router.c — matching request paths against the route table. See router.h for the pattern
 * syntax and the matching rules.
 *
 * A pattern is compared with the raw (still percent-encoded) path in one left-to-right walk:
 * literal bytes must be equal, a {name} takes the bytes up to the next '/'. Only when the whole
 * pattern matched are the parameter values decoded into the request's arena, so a failed
 * attempt on one row allocates nothing.
 */
#include "http/router.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "http/server.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A {name} or a value span found while matching: offsets into pattern and path. */
struct router__span {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

static int router__hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *router__pct_decode(struct arena *a, const char *s, size_t n, bool form)
{
    /* The decoded text is never longer than the encoded one. */
    char *out = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 2 < n ? router__hex(s[i + 1]) : -1;
            int lo = i + 2 < n ? router__hex(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return NULL;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && form) {
            c = ' ';
        }
        if (c == '\0')
            return NULL;
        out[j++] = c;
    }
    out[j] = '\0';
    return out;
}

/*
 * Walk `pattern` against `path`. On a match return true and fill spans[0..*n_spans). Values are
 * raw (encoded) here.
 */
static bool router__match_pattern(const char *pattern, const char *path,
                                  struct router__span spans[ROUTER_MAX_PARAMS], int *n_spans)
{
    const char *p = pattern;
    const char *s = path;
    int n = 0;
    while (*p) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || n >= ROUTER_MAX_PARAMS)
                return false; /* router_validate refuses such tables */
            size_t len = strcspn(s, "/");
            if (len == 0)
                return false;
            spans[n].name = p + 1;
            spans[n].name_len = (size_t)(close - p - 1);
            spans[n].value = s;
            spans[n].value_len = len;
            n++;
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*s != '\0')
        return false;
    *n_spans = n;
    return true;
}

/* Whether `pattern` matches `path` with every parameter decodable; fills req when non-NULL. */
static bool router__match_row(const char *pattern, const char *path, struct http_req *req)
{
    struct router__span spans[ROUTER_MAX_PARAMS];
    int n = 0;
    if (!router__match_pattern(pattern, path, spans, &n))
        return false;
    /*
     * Decode into the arena only now. A value that does not decode (malformed escape) or
     * decodes to '/' or NUL is not one segment's worth of data: the row does not match. The
     * check runs even when req is NULL (router_allow), so 405 and 404 agree.
     */
    const char *values[ROUTER_MAX_PARAMS];
    struct arena scratch;
    arena_init(&scratch);
    struct arena *a = req ? &req->arena : &scratch;
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        char *v = router__pct_decode(a, spans[i].value, spans[i].value_len, false);
        ok = v && !strchr(v, '/');
        values[i] = v;
    }
    if (ok && req) {
        req->n_params = n;
        for (int i = 0; i < n; i++) {
            req->param_names[i] = arena_strndup(a, spans[i].name, spans[i].name_len);
            req->param_values[i] = values[i];
        }
    }
    arena_free(&scratch);
    return ok;
}

/* Whether a row's method accepts the request method: HEAD is served by GET rows. */
static bool router__method_ok(const char *row, const char *method)
{
    return strcmp(row, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(row, "GET") == 0);
}

int router_validate(const struct route *table, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &table[i];
        const char *why = NULL;
        if (!r->method || !*r->method)
            why = "no method";
        else if (!r->handler)
            why = "no handler";
        else if (!r->pattern || r->pattern[0] != '/')
            why = "pattern must start with /";
        int n_params = 0;
        for (const char *p = r->pattern; !why && *p; p++) {
            if (*p == '}')
                why = "unbalanced }";
            if (*p != '{')
                continue;
            const char *close = strchr(p, '}');
            if (p[-1] != '/' || !close || (close[1] != '\0' && close[1] != '/'))
                why = "{name} must fill a whole segment";
            else if (close == p + 1 || memchr(p + 1, '/', (size_t)(close - p - 1)) ||
                     memchr(p + 1, '{', (size_t)(close - p - 1)))
                why = "bad {name}";
            else if (++n_params > ROUTER_MAX_PARAMS)
                why = "too many {name} segments";
            else
                p = close;
        }
        if (why) {
            log_error("http", "event=bad_route row=%zu pattern=%s reason=\"%s\"", i,
                      r->pattern ? r->pattern : "(null)", why);
            return -ERR_INTERNAL;
        }
    }
    return 0;
}

int router_match(const struct route *table, size_t n, const char *method, const char *path,
                 struct http_req *req, const struct route **out)
{
    bool path_seen = false;
    *out = NULL;
    req->n_params = 0;
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &table[i];
        if (!router__method_ok(r->method, method)) {
            /* Only find out whether the path exists under another method (405 vs 404). */
            if (!path_seen && router__match_row(r->pattern, path, NULL))
                path_seen = true;
            continue;
        }
        if (router__match_row(r->pattern, path, req)) {
            *out = r;
            return 0;
        }
    }
    return path_seen ? -ERR_METHOD_NOT_ALLOWED : -ERR_NOT_FOUND;
}

/* Whether `m` is already in the comma-separated list held by `b`. */
static bool router__listed(const struct buf *b, const char *m)
{
    const char *s = buf_cstr(b);
    size_t len = strlen(m);
    while (*s) {
        size_t seg = strcspn(s, ",");
        if (seg == len && strncmp(s, m, len) == 0)
            return true;
        s += seg;
        while (*s == ',' || *s == ' ')
            s++;
    }
    return false;
}

/* Add `m` to the list unless it is there; returns whether it was added. */
static bool router__list_add(struct buf *list, const char *m)
{
    if (router__listed(list, m))
        return false;
    if (list->len)
        buf_puts(list, ", ");
    buf_puts(list, m);
    return true;
}

int router_allow(const struct route *table, size_t n, const char *path, struct buf *out)
{
    struct buf list = {0};
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!router__match_row(table[i].pattern, path, NULL))
            continue;
        count += router__list_add(&list, table[i].method);
        if (strcmp(table[i].method, "GET") == 0)
            count += router__list_add(&list, "HEAD");
    }
    buf_append(out, buf_cstr(&list), list.len);
    buf_free(&list);
    return count;
}

/* Append a Markdown table cell: '|' escaped, newlines flattened. */
static void router__md_cell(struct buf *out, const char *s)
{
    buf_putc(out, ' ');
    for (; s && *s; s++) {
        if (*s == '|')
            buf_puts(out, "\\|");
        else if (*s == '\n' || *s == '\r')
            buf_putc(out, ' ');
        else
            buf_putc(out, *s);
    }
    buf_puts(out, " |");
}

int router_markdown(const struct route *table, size_t n, struct buf *out,
                    const char *(*perm_name)(int))
{
    buf_puts(out, "| Method | Path | Permission | Summary |\n");
    buf_puts(out, "|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &table[i];
        const char *perm = perm_name ? perm_name(r->perm) : NULL;
        char num[24];
        if (!perm) {
            snprintf(num, sizeof num, "%d", r->perm);
            perm = num;
        }
        buf_putc(out, '|');
        router__md_cell(out, r->method);
        /* The path goes in a code span: braces and underscores stay literal. */
        buf_puts(out, " `");
        for (const char *p = r->pattern; *p; p++) {
            if (*p == '|')
                buf_putc(out, '\\');
            buf_putc(out, *p);
        }
        buf_puts(out, "` |");
        router__md_cell(out, perm);
        router__md_cell(out, r->summary);
        buf_putc(out, '\n');
    }
    return 0;
}
