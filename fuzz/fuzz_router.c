/*
 * fuzz_router.c — libFuzzer harness for http/router: route matching and query-string decoding.
 *
 * The first input byte picks a method (GET, HEAD, POST, PUT, DELETE, PATCH, or the odd "get");
 * the rest is a request target "path?query" (cut at its first NUL). The path goes to
 * router_match over a table shaped like the API's (literal rows before parameter rows, one and
 * two parameters, one path with several methods) and the harness checks router.h's rules: the
 * result is 0, -ERR_NOT_FOUND or -ERR_METHOD_NOT_ALLOWED; on a match the row's method is the
 * request's (or GET for HEAD), and every parameter is named as in the pattern, non-empty,
 * without '/', and equal to the independent decoding below of its path segment; with no match
 * *out is NULL and there are no parameters; router_allow lists the method exactly when it
 * matched and lists nothing exactly when the answer was 404. The query is then split as
 * libmicrohttpd splits it ('&' between pairs, the first '=' in a pair) and every key and value
 * goes through router__pct_decode (form decoding, '+' is a space), compared byte for byte with
 * the reference decoder here. Any violation aborts.
 *
 *   make fuzz FUZZ=router SECONDS=60
 */
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "http/router.h"
#include "http/server.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static int fuzz__handler(struct http_req *req, struct http_resp *w)
{
    (void)req;
    (void)w;
    return 0;
}

static const struct route fuzz__table[] = {
    {"GET", "/healthz", 0, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"POST", "/api/v1/session", 0, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"DELETE", "/api/v1/session", 1, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications", 1, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"POST", "/api/v1/applications", 2, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications/new", 1, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications/{no}", 1, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"POST", "/api/v1/applications/{no}/decision", 2, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/public/applications/{no}", 0, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"PUT", "/api/v1/a/{x}/b/{y}", 2, fuzz__handler, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/codes/{table}", 0, fuzz__handler, NULL, NULL, NULL, 0, NULL},
};
#define FUZZ__N (sizeof fuzz__table / sizeof *fuzz__table)

static int fuzz__hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The reference: decode s[0, n) into out (n + 1 bytes); false when malformed or a NUL appears. */
static bool fuzz__decode(const char *s, size_t n, bool form, char *out, size_t *out_len)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return false;
            int hi = fuzz__hex(s[i + 1]), lo = fuzz__hex(s[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (form && c == '+')
            c = ' ';
        if (c == '\0')
            return false;
        out[k++] = c;
    }
    out[k] = '\0';
    *out_len = k;
    return true;
}

static void fuzz__check_decode(struct arena *a, const char *s, size_t n, bool form)
{
    char *want = malloc(n + 1);
    size_t want_len = 0;
    bool ok = fuzz__decode(s, n, form, want, &want_len);
    const char *got = router__pct_decode(a, s, n, form);
    CHECK(ok == (got != NULL));
    if (ok)
        CHECK(strlen(got) == want_len && memcmp(got, want, want_len) == 0);
    free(want);
}

/* Whether the Allow value lists `method` as a whole item. */
static bool fuzz__allow_has(const char *allow, const char *method)
{
    size_t n = strlen(method);
    for (const char *p = allow; (p = strstr(p, method)) != NULL; p += n)
        if ((p == allow || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

/* The check of a match: parameters named as in the pattern and decoded from their segments. */
static void fuzz__check_match(const struct route *r, const char *method, const char *path,
                              const struct http_req *req)
{
    CHECK(strcmp(r->method, method) == 0 ||
          (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0));
    const char *p = r->pattern, *q = path;
    int k = 0;
    while (*p) {
        CHECK(*q);
        if (*p == '{') {
            const char *close = strchr(p, '}');
            CHECK(k < req->n_params);
            CHECK(strlen(req->param_names[k]) == (size_t)(close - p - 1) &&
                  memcmp(req->param_names[k], p + 1, (size_t)(close - p - 1)) == 0);
            size_t seg = strcspn(q, "/");
            const char *v = req->param_values[k];
            CHECK(v && *v && !strchr(v, '/'));
            char *want = malloc(seg + 1);
            size_t want_len = 0;
            CHECK(fuzz__decode(q, seg, false, want, &want_len));
            CHECK(strcmp(v, want) == 0);
            free(want);
            k++;
            p = close + 1;
            q += seg;
        } else {
            CHECK(*p == *q);
            p++;
            q++;
        }
    }
    CHECK(*q == '\0');
    CHECK(k == req->n_params);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "get"};
    if (size < 1)
        return 0;
    const char *method = methods[data[0] % (sizeof methods / sizeof *methods)];
    size_t n = strnlen((const char *)data + 1, size - 1);
    char *target = malloc(n + 1);
    memcpy(target, data + 1, n);
    target[n] = '\0';
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    const char *path = target;

    struct http_req req;
    memset(&req, 0, sizeof req);
    arena_init(&req.arena);
    const struct route *r = (const struct route *)&req; /* garbage: must be overwritten */
    int rc = router_match(fuzz__table, FUZZ__N, method, path, &req, &r);
    CHECK(rc == 0 || rc == -ERR_NOT_FOUND || rc == -ERR_METHOD_NOT_ALLOWED);
    CHECK(req.n_params >= 0 && req.n_params <= ROUTER_MAX_PARAMS);
    if (rc == 0) {
        CHECK(r >= fuzz__table && r < fuzz__table + FUZZ__N);
        fuzz__check_match(r, method, path, &req);
    } else
        CHECK(r == NULL && req.n_params == 0);

    struct buf allow = {0};
    int n_allow = router_allow(fuzz__table, FUZZ__N, path, &allow);
    CHECK((n_allow == 0) == (rc == -ERR_NOT_FOUND));
    if (n_allow > 0)
        CHECK(fuzz__allow_has(buf_cstr(&allow), method) == (rc == 0));
    buf_free(&allow);

    /* The query string, split as libmicrohttpd splits it. */
    for (char *pair = query; pair;) {
        char *amp = strchr(pair, '&');
        size_t len = amp ? (size_t)(amp - pair) : strlen(pair);
        const char *eq = memchr(pair, '=', len);
        size_t key_len = eq ? (size_t)(eq - pair) : len;
        fuzz__check_decode(&req.arena, pair, key_len, true);
        if (eq)
            fuzz__check_decode(&req.arena, eq + 1, len - key_len - 1, true);
        pair = amp ? amp + 1 : NULL;
    }
    /* The same bytes decoded as a path segment: '+' stays. */
    fuzz__check_decode(&req.arena, path, strlen(path), false);

    arena_free(&req.arena);
    free(target);
    return 0;
}
