/*
 * test_server.c — a real server on 127.0.0.1, port 0, driven over plain sockets.
 *
 * The server runs in-process with a small route table (JSON echo, path/query/header/cookie
 * echo, handler errors, an authorize hook that refuses one route, a slow route) and a small
 * embedded web table. A tiny HTTP/1.1 client below sends raw requests with
 * "Connection: close" and reads until EOF, so every byte the server sends is seen.
 */
#include "testutil.h"

#include "base/buf.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MIB ((size_t)1 << 20)

/* ---- a tiny HTTP/1.1 client -------------------------------------------------------------- */

struct reply {
    int status;
    char *head; /* status line and headers, NUL-terminated */
    char *body; /* NUL-terminated */
    size_t body_len;
};

static void reply_free(struct reply *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

static int connect_to(unsigned short port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {10, 0}; /* a hung server fails the test instead of hanging it */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send everything; a server that stops reading early is not an error here. */
static void send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0)
            return;
        c += k;
        n -= (size_t)k;
    }
}

/* Read until EOF and split the reply. Returns 0, or -1 when nothing parseable came. */
static int read_reply(int fd, struct reply *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 1 << 16, len = 0;
    char *data = malloc(cap);
    for (;;) {
        if (len + 4096 > cap)
            data = realloc(data, cap *= 2);
        ssize_t k = recv(fd, data + len, cap - len - 1, 0);
        if (k <= 0)
            break;
        len += (size_t)k;
    }
    data[len] = '\0';
    char *sep = strstr(data, "\r\n\r\n");
    if (!sep || sscanf(data, "HTTP/1.%*d %d", &out->status) != 1) {
        free(data);
        return -1;
    }
    size_t head_len = (size_t)(sep - data) + 2; /* keep the last header's CRLF */
    out->head = strndup(data, head_len);
    out->body_len = len - head_len - 2;
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, sep + 4, out->body_len);
    out->body[out->body_len] = '\0';
    free(data);
    return 0;
}

/* One raw request (n bytes) on a new connection. */
static int http_raw(unsigned short port, const char *req, size_t n, struct reply *out)
{
    int fd = connect_to(port);
    if (fd < 0)
        return -1;
    send_all(fd, req, n);
    int rc = read_reply(fd, out);
    close(fd);
    return rc;
}

/* A request from parts: method, target, extra header lines ("" or "A: b\r\n..."), body. */
static int http_req(unsigned short port, const char *method, const char *target,
                    const char *headers, const char *body, struct reply *out)
{
    char *req = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&req, &n);
    fprintf(f, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s", method, target,
            headers);
    if (body)
        fprintf(f, "Content-Length: %zu\r\n", strlen(body));
    fputs("\r\n", f);
    if (body)
        fputs(body, f);
    fclose(f);
    int rc = http_raw(port, req, n, out);
    free(req);
    return rc;
}

/* The value of header `name` in r (first occurrence, case-insensitive name), in buf; or NULL. */
static const char *header_of(const struct reply *r, const char *name, char *buf, size_t size)
{
    size_t n = strlen(name);
    for (const char *line = strstr(r->head, "\r\n"); line && line[2];
         line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            const char *v = h + n + 1;
            v += strspn(v, " ");
            size_t len = strcspn(v, "\r");
            snprintf(buf, size, "%.*s", (int)len, v);
            return buf;
        }
    }
    return NULL;
}

static int header_count(const struct reply *r, const char *name)
{
    int count = 0;
    size_t n = strlen(name);
    for (const char *line = strstr(r->head, "\r\n"); line && line[2];
         line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, name, n) == 0 && line[2 + n] == ':')
            count++;
    return count;
}

static void assert_header(const struct reply *r, const char *name, const char *want)
{
    char buf[1024];
    const char *got = header_of(r, name, buf, sizeof buf);
    if (!got)
        fail_msg("header %s missing in:\n%s", name, r->head);
    if (strcmp(got, want) != 0)
        fail_msg("header %s is \"%s\", want \"%s\"", name, got, want);
}

static json_t *body_json(const struct reply *r)
{
    json_error_t e;
    json_t *j = json_loadb(r->body, r->body_len, 0, &e);
    if (!j)
        fail_msg("body is not JSON: %s", r->body);
    return j;
}

/* Assert the CONTRACT error shape: {"error":{"code","message","field"}}, nothing else. */
static void assert_error(const struct reply *r, int status, int err, const char *field,
                         const char *lang)
{
    if (r->status != status)
        fail_msg("status %d, want %d; body %s", r->status, status, r->body);
    assert_header(r, "Content-Type", "application/json; charset=utf-8");
    json_t *j = body_json(r);
    assert_int_equal(json_object_size(j), 1);
    json_t *e = json_object_get(j, "error");
    assert_true(json_is_object(e));
    assert_int_equal(json_object_size(e), 3);
    const struct err_info *ei = err_info(err);
    assert_string_equal(json_string_value(json_object_get(e, "code")), ei->code);
    assert_string_equal(json_string_value(json_object_get(e, "message")),
                        strcmp(lang, "en") == 0 ? ei->en : ei->zh);
    json_t *f = json_object_get(e, "field");
    if (field)
        assert_string_equal(json_string_value(f), field);
    else
        assert_true(json_is_null(f));
    json_decref(j);
}

/* ---- the application under test ------------------------------------------------------------ */

enum { PERM_OPEN, PERM_SECRET };

static int ctx_marker;  /* the config's ctx */
static int auth_marker; /* what authorize stores in req->auth */
static atomic_int secret_handler_ran;
static atomic_int slow_started;

static int h_echo(struct http_req *req, struct http_resp *w)
{
    json_t *o;
    int rc = http_req_json(req, &o);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, json_incref(o));
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static int h_item(struct http_req *req, struct http_resp *w)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", str_or_null(http_param(req, "id")));
    json_object_set_new(o, "q", str_or_null(http_query(req, "q")));
    json_object_set_new(o, "flag", str_or_null(http_query(req, "flag")));
    json_object_set_new(o, "absent", str_or_null(http_query(req, "absent")));
    json_object_set_new(o, "lang", json_string(req->lang));
    json_object_set_new(o, "sid", str_or_null(http_cookie(req, "sid")));
    json_object_set_new(o, "x_test", str_or_null(http_header(req, "x-test")));
    json_object_set_new(o, "remote", json_string(req->remote_addr));
    json_object_set_new(o, "ctx", json_boolean(http_ctx(req) == &ctx_marker));
    json_object_set_new(o, "auth", json_boolean(req->auth == &auth_marker));
    json_object_set_new(o, "route", json_string(req->route->pattern));
    http_resp_json(w, 200, o);
    return 0;
}

static int h_item_put(struct http_req *req, struct http_resp *w)
{
    (void)req;
    http_resp_empty(w, 204);
    return 0;
}

/* Fills a response, then fails: the client must see only the error. */
static int h_fail(struct http_req *req, struct http_resp *w)
{
    http_resp_header(w, "X-Leak", "yes");
    http_resp_json(w, 200, json_pack("{s:s}", "leak", "yes"));
    req->err.detail = "row 12 of person table";
    return err_set(&req->err, -ERR_FIELD_INVALID, "phone");
}

/* A field set for one error, then another error returned: the field does not carry over. */
static int h_stale_field(struct http_req *req, struct http_resp *w)
{
    (void)w;
    err_set(&req->err, -ERR_FIELD_INVALID, "phone");
    return -ERR_CONFLICT;
}

static int h_secret(struct http_req *req, struct http_resp *w)
{
    (void)req;
    atomic_store(&secret_handler_ran, 1);
    http_resp_json(w, 200, json_object());
    return 0;
}

static int h_no_response(struct http_req *req, struct http_resp *w)
{
    (void)req;
    (void)w;
    return 0;
}

static int h_internal(struct http_req *req, struct http_resp *w)
{
    (void)w;
    req->err.detail = "SELECT secret FROM person";
    return -ERR_INTERNAL;
}

static int h_cached(struct http_req *req, struct http_resp *w)
{
    (void)req;
    http_resp_header(w, "Cache-Control", "public, max-age=600");
    http_resp_header(w, "Set-Cookie", "a=1; HttpOnly");
    http_resp_header(w, "Set-Cookie", "b=2; HttpOnly");
    http_resp_header(w, "X-Bad", "evil\r\nInjected: yes");
    http_resp_json(w, 200, json_object());
    return 0;
}

static int h_slow(struct http_req *req, struct http_resp *w)
{
    (void)req;
    atomic_store(&slow_started, 1);
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    http_resp_json(w, 200, json_pack("{s:b}", "slow", 1));
    return 0;
}

/* Refuses with 429 and a Retry-After of 7 seconds. */
static int h_limited(struct http_req *req, struct http_resp *w)
{
    (void)w;
    req->err.retry_after = 7;
    return err_set(&req->err, -ERR_RATE_LIMITED, NULL);
}

static int h_healthz(struct http_req *req, struct http_resp *w)
{
    (void)req;
    http_resp_json(w, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

static const struct route routes[] = {
    {"GET", "/healthz", PERM_OPEN, h_healthz, "Liveness", NULL, NULL, 0, NULL},
    {"POST", "/api/v1/echo", PERM_OPEN, h_echo, "Echo a JSON object", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/items/{id}", PERM_OPEN, h_item, "Echo the request", NULL, NULL, 0, NULL},
    {"PUT", "/api/v1/items/{id}", PERM_OPEN, h_item_put, "No content", NULL, NULL, 0, NULL},
    {"POST", "/api/v1/fail", PERM_OPEN, h_fail, "Fails with a field", NULL, NULL, 0, NULL},
    {"POST", "/api/v1/stale", PERM_OPEN, h_stale_field, "Fails, stale field", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/secret", PERM_SECRET, h_secret, "Refused by authorize", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/nothing", PERM_OPEN, h_no_response, "Forgets to answer", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/internal", PERM_OPEN, h_internal, "Internal error", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/cached", PERM_OPEN, h_cached, "Tries to be cached", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/slow", PERM_OPEN, h_slow, "Takes 300 ms", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/limited", PERM_OPEN, h_limited, "Always 429", NULL, NULL, 0, NULL},
};

static int authorize(struct http_req *req, const struct route *route, void *ctx)
{
    assert_ptr_equal(ctx, &ctx_marker);
    if (route->perm == PERM_SECRET)
        return err_set(&req->err, -ERR_FORBIDDEN, NULL);
    req->auth = &auth_marker;
    return 0;
}

#define T(s) (const unsigned char *)(s), sizeof(s) - 1
/* The import map's hash, by Python's hashlib: base64(sha256(text between the tags)). */
#define INDEX_HTML                                                                                 \
    "<!doctype html><title>test</title>"                                                           \
    "<script type=\"importmap\">{\"imports\":{\"vue\":\"/vendor/lib.mjs\"}}</script>"
#define IMPORTMAP_HASH "'sha256-tO6lwrtdXXBd3oKA9n3dijGS/kjyeKz8GOFkq9SYV+E='"
static const struct embed_file web[] = {
    {"app.js", T("export const x = 1;\n")},
    {"favicon.ico", T("\x00\x01")},
    {"index.html", T(INDEX_HTML)},
    {"style.css", T("body{}")},
    {"vendor/lib.mjs", T("export default 1;\n")},
    {NULL, NULL, 0},
};
static const char *const spa[] = {"/staff", "/apply", NULL};

static struct http_server_config test_config(void)
{
    struct http_server_config cfg = {0};
    cfg.listen_host = "127.0.0.1";
    cfg.port = 0;
    cfg.routes = routes;
    cfg.n_routes = sizeof routes / sizeof routes[0];
    cfg.max_body = MIB;
    cfg.threads = 2;
    cfg.authorize = authorize;
    cfg.ctx = &ctx_marker;
    cfg.web = web;
    cfg.spa_prefixes = spa;
    cfg.hsts_max_age = 31536000;
    return cfg;
}

static struct http_server *srv;
static unsigned short port;

static int group_setup(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    log_set_level(LOG_WARN); /* access lines would drown the test output */
    struct http_server_config cfg = test_config();
    if (http_server_start(&cfg, &srv) != 0)
        return -1;
    port = http_server_port(srv);
    return port ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    http_server_stop(srv);
    return 0;
}

/* ---- tests ------------------------------------------------------------------------------ */

static void json_echo_answers_200_with_the_posted_object(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "POST", "/api/v1/echo", "Content-Type: application/json\r\n",
                              "{\"name\":\"\xe5\xbc\xa0\xe4\xb8\x89\",\"n\":3}", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "application/json; charset=utf-8");
    json_t *j = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "\xe5\xbc\xa0\xe4\xb8\x89");
    assert_int_equal(json_integer_value(json_object_get(j, "n")), 3);
    /* UTF-8 is sent as is, not as \u escapes. */
    assert_non_null(strstr(r.body, "\xe5\xbc\xa0\xe4\xb8\x89"));
    json_decref(j);
    reply_free(&r);

    /* Content-Type parameters and case are accepted. */
    assert_int_equal(http_req(port, "POST", "/api/v1/echo",
                              "Content-Type: Application/JSON; charset=utf-8\r\n", "{}", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{}");
    reply_free(&r);
}

static void unknown_api_path_is_404_with_the_contract_error_body(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/api/v1/nope", "", NULL, &r), 0);
    assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
    reply_free(&r);
    /* Under /api/ there is no static fallback, even for a name the web table has. */
    assert_int_equal(http_req(port, "GET", "/api/index.html", "", NULL, &r), 0);
    assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
    reply_free(&r);
    /* Trailing slash: "/healthz/" is not "/healthz". */
    assert_int_equal(http_req(port, "GET", "/healthz", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/api/v1/items/1/", "", NULL, &r), 0);
    assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
    reply_free(&r);
}

static void wrong_method_is_405_with_the_allowed_methods(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "DELETE", "/api/v1/items/7", "", NULL, &r), 0);
    assert_error(&r, 405, ERR_METHOD_NOT_ALLOWED, NULL, "zh");
    assert_header(&r, "Allow", "GET, HEAD, PUT");
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/api/v1/echo", "", NULL, &r), 0);
    assert_error(&r, 405, ERR_METHOD_NOT_ALLOWED, NULL, "zh");
    assert_header(&r, "Allow", "POST");
    reply_free(&r);
    /* The other method of the same path does work. */
    assert_int_equal(http_req(port, "PUT", "/api/v1/items/7", "", "", &r), 0);
    assert_int_equal(r.status, 204);
    reply_free(&r);
}

static char *json_of_size(size_t n);

static void declared_body_far_over_the_limit_is_413_without_reading_it(void **state)
{
    (void)state;
    /* 20 MiB announced, max_body 1 MiB: the answer comes before a byte of the body is sent. */
    static const char req[] = "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nContent-Length: 20971520\r\n\r\n";
    struct reply r;
    assert_int_equal(http_raw(port, req, sizeof req - 1, &r), 0);
    assert_error(&r, 413, ERR_PAYLOAD_TOO_LARGE, NULL, "zh");
    assert_header(&r, "X-Content-Type-Options", "nosniff");
    reply_free(&r);
}

static void declared_body_a_little_over_the_limit_is_read_then_413(void **state)
{
    (void)state;
    /* One byte over the limit is already too much; the body is drained so the client, still
     * sending, gets the 413 instead of a reset connection. */
    char *body = json_of_size(MIB + 1);
    struct reply r;
    assert_int_equal(
        http_req(port, "POST", "/api/v1/echo", "Content-Type: application/json\r\n", body, &r), 0);
    assert_error(&r, 413, ERR_PAYLOAD_TOO_LARGE, NULL, "zh");
    reply_free(&r);
    free(body);
}

/* A JSON object of exactly n bytes: {"s":"xxx...x"}. */
static char *json_of_size(size_t n)
{
    char *s = malloc(n + 1);
    memcpy(s, "{\"s\":\"", 6);
    memset(s + 6, 'x', n - 8);
    memcpy(s + n - 2, "\"}", 3);
    return s;
}

static void body_of_exactly_the_limit_is_accepted(void **state)
{
    (void)state;
    char *body = json_of_size(MIB);
    assert_int_equal(strlen(body), MIB);
    struct reply r;
    assert_int_equal(
        http_req(port, "POST", "/api/v1/echo", "Content-Type: application/json\r\n", body, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, MIB);
    assert_memory_equal(r.body, body, MIB);
    reply_free(&r);
    free(body);
}

/* Send `body` with chunked transfer coding, in chunks of `chunk` bytes. */
static int http_chunked(unsigned short p, const char *body, size_t n, size_t chunk,
                        struct reply *out)
{
    int fd = connect_to(p);
    if (fd < 0)
        return -1;
    static const char head[] = "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                               "Content-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n";
    send_all(fd, head, sizeof head - 1);
    for (size_t off = 0; off < n; off += chunk) {
        size_t len = n - off < chunk ? n - off : chunk;
        char size_line[32];
        int k = snprintf(size_line, sizeof size_line, "%zx\r\n", len);
        send_all(fd, size_line, (size_t)k);
        send_all(fd, body + off, len);
        send_all(fd, "\r\n", 2);
    }
    send_all(fd, "0\r\n\r\n", 5);
    int rc = read_reply(fd, out);
    close(fd);
    return rc;
}

static void chunked_body_over_the_limit_is_413(void **state)
{
    (void)state;
    /* No Content-Length to refuse early: the body streams in, is dropped, then refused. */
    char *big = json_of_size(2 * MIB);
    struct reply r;
    assert_int_equal(http_chunked(port, big, 2 * MIB, 64 * 1024, &r), 0);
    assert_error(&r, 413, ERR_PAYLOAD_TOO_LARGE, NULL, "zh");
    reply_free(&r);
    free(big);
    /* The other side of the boundary: a chunked body of exactly the limit goes through. */
    char *exact = json_of_size(MIB);
    assert_int_equal(http_chunked(port, exact, MIB, 64 * 1024, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, MIB);
    reply_free(&r);
    free(exact);
}

static void malformed_or_non_object_json_is_400_invalid_json(void **state)
{
    (void)state;
    static const char *const bodies[] = {"{\"a\":", "[1,2]",       "\"text\"",
                                         "",        "{\"a\":1} x", "\xff\xfe"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct reply r;
        assert_int_equal(http_req(port, "POST", "/api/v1/echo",
                                  "Content-Type: application/json\r\n", bodies[i], &r),
                         0);
        assert_error(&r, 400, ERR_INVALID_JSON, NULL, "zh");
        reply_free(&r);
    }
}

static void body_without_json_content_type_is_415(void **state)
{
    (void)state;
    static const char *const types[] = {"Content-Type: text/plain\r\n", "",
                                        "Content-Type: application/jsonp\r\n",
                                        "Content-Type: application/x-www-form-urlencoded\r\n"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct reply r;
        assert_int_equal(http_req(port, "POST", "/api/v1/echo", types[i], "{}", &r), 0);
        assert_error(&r, 415, ERR_UNSUPPORTED_MEDIA, NULL, "zh");
        reply_free(&r);
    }
}

static void handler_error_is_rendered_once_with_its_field_in_the_request_language(void **state)
{
    (void)state;
    struct reply r;
    /* Default: Chinese. */
    assert_int_equal(http_req(port, "POST", "/api/v1/fail", "", "", &r), 0);
    assert_error(&r, 400, ERR_FIELD_INVALID, "phone", "zh");
    /* What the handler put in the response before failing is gone, and so is the detail. */
    assert_int_equal(header_count(&r, "X-Leak"), 0);
    assert_null(strstr(r.body, "leak"));
    assert_null(strstr(r.body, "person"));
    reply_free(&r);
    /* ?lang=en wins over Accept-Language. */
    assert_int_equal(
        http_req(port, "POST", "/api/v1/fail?lang=en", "Accept-Language: zh-CN\r\n", "", &r), 0);
    assert_error(&r, 400, ERR_FIELD_INVALID, "phone", "en");
    reply_free(&r);
    /* Accept-Language by q-value. */
    static const struct {
        const char *header;
        const char *lang;
    } al[] = {
        {"Accept-Language: en-US,en;q=0.9\r\n", "en"},
        {"Accept-Language: fr-FR, en;q=0.5, zh;q=0.8\r\n", "zh"},
        {"Accept-Language: fr-FR, zh;q=0.3, en;q=0.5\r\n", "en"},
        {"Accept-Language: zh-Hans-CN, en\r\n", "zh"},
        {"Accept-Language: de\r\n", "zh"},
        {"Accept-Language: english\r\n", "zh"}, /* not a language tag for en */
    };
    for (size_t i = 0; i < sizeof al / sizeof al[0]; i++) {
        assert_int_equal(http_req(port, "POST", "/api/v1/fail", al[i].header, "", &r), 0);
        assert_error(&r, 400, ERR_FIELD_INVALID, "phone", al[i].lang);
        reply_free(&r);
    }
}

static void a_field_set_for_another_error_is_not_shown(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "POST", "/api/v1/stale", "", "", &r), 0);
    assert_error(&r, 409, ERR_CONFLICT, NULL, "zh");
    reply_free(&r);
}

static void authorize_refusal_is_rendered_and_the_handler_never_runs(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/api/v1/secret", "", NULL, &r), 0);
    assert_error(&r, 403, ERR_FORBIDDEN, NULL, "zh");
    assert_int_equal(atomic_load(&secret_handler_ran), 0);
    reply_free(&r);
}

static void internal_errors_are_500_without_detail(void **state)
{
    (void)state;
    struct reply r;
    log_set_level(LOG_OFF); /* 5xx are logged with their detail: expected here */
    assert_int_equal(http_req(port, "GET", "/api/v1/nothing", "", NULL, &r), 0);
    assert_error(&r, 500, ERR_INTERNAL, NULL, "zh");
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/api/v1/internal?lang=en", "", NULL, &r), 0);
    assert_error(&r, 500, ERR_INTERNAL, NULL, "en");
    assert_null(strstr(r.body, "SELECT"));
    reply_free(&r);
    log_set_level(LOG_WARN);
}

static void uri_over_the_limit_is_414_json_at_once(void **state)
{
    (void)state;
    struct reply r;
    size_t n = 9000; /* over the default 8 KiB */
    char *target = malloc(n + 32);
    int k = snprintf(target, n + 32, "/api/v1/items/1?q=");
    memset(target + k, 'a', n);
    target[k + n] = '\0';
    assert_int_equal(http_req(port, "GET", target, "", NULL, &r), 0);
    assert_error(&r, 414, ERR_URI_TOO_LONG, NULL, "zh");
    assert_header(&r, "Connection", "close");
    reply_free(&r);
    free(target);
}

static void thousands_of_query_parameters_are_parsed_by_us_not_the_library(void **state)
{
    /* 1900 parameters within 8 KiB: libmicrohttpd's own argument list would need ~100 KiB of
     * its pool; ours is not built at all, and the last parameter is still found. */
    (void)state;
    struct buf t = {0};
    buf_printf(&t, "/api/v1/items/1?");
    for (int i = 0; i < 1900; i++)
        buf_printf(&t, "a=%d&", i % 10);
    buf_printf(&t, "q=last");
    struct reply r;
    assert_int_equal(http_req(port, "GET", buf_cstr(&t), "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "q")), "last");
    json_decref(j);
    reply_free(&r);
    buf_free(&t);
}

static void headers_over_the_limit_are_431_json_at_once(void **state)
{
    (void)state;
    struct buf h = {0};
    for (int i = 0; i < 400; i++) /* 400 headers of 46 bytes: over 16 KiB in all */
        buf_printf(&h, "X-Header-%06d: vvvvvvvvvvvvvvvvvvvvvvvvv\r\n", i);
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/api/v1/items/1", buf_cstr(&h), NULL, &r), 0);
    assert_error(&r, 431, ERR_HEADERS_TOO_LARGE, NULL, "zh");
    reply_free(&r);
    buf_free(&h);
    /* one large header */
    struct buf big = {0};
    buf_printf(&big, "X-Big: ");
    for (int i = 0; i < 20000; i++)
        buf_printf(&big, "b");
    buf_printf(&big, "\r\n");
    assert_int_equal(http_req(port, "GET", "/api/v1/items/1?lang=en", buf_cstr(&big), NULL, &r), 0);
    assert_error(&r, 431, ERR_HEADERS_TOO_LARGE, NULL, "en");
    reply_free(&r);
    buf_free(&big);
}

static void a_refusal_with_retry_after_sends_the_header(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/api/v1/limited", "", NULL, &r), 0);
    assert_error(&r, 429, ERR_RATE_LIMITED, NULL, "zh");
    assert_header(&r, "Retry-After", "7");
    reply_free(&r);
}

static void assert_security_headers(const struct reply *r)
{
    assert_header(r, "Content-Security-Policy",
                  "default-src 'self'; script-src 'self' " IMPORTMAP_HASH
                  "; style-src 'self' 'unsafe-inline'; "
                  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                  "base-uri 'self'; form-action 'self'");
    assert_header(r, "X-Content-Type-Options", "nosniff");
    assert_header(r, "X-Frame-Options", "DENY");
    assert_header(r, "Referrer-Policy", "no-referrer");
    assert_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    assert_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

static void security_headers_are_on_every_response(void **state)
{
    (void)state;
    static const struct {
        const char *method, *target, *headers, *body;
        int status;
    } reqs[] = {
        {"POST", "/api/v1/echo", "Content-Type: application/json\r\n", "{}", 200},
        {"GET", "/api/v1/nope", "", NULL, 404},
        {"DELETE", "/api/v1/echo", "", NULL, 405},
        {"GET", "/api/v1/secret", "", NULL, 403},
        {"PUT", "/api/v1/items/1", "", "", 204},
        {"GET", "/", "", NULL, 200},
        {"GET", "/missing.js", "", NULL, 404},
        {"GET", "/healthz", "", NULL, 200},
    };
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        struct reply r;
        assert_int_equal(
            http_req(port, reqs[i].method, reqs[i].target, reqs[i].headers, reqs[i].body, &r), 0);
        assert_int_equal(r.status, reqs[i].status);
        assert_security_headers(&r);
        reply_free(&r);
    }
}

static void api_responses_are_never_cached_and_header_lists_are_kept(void **state)
{
    (void)state;
    struct reply r;
    log_set_level(LOG_OFF); /* the refused X-Bad header is logged */
    assert_int_equal(http_req(port, "GET", "/api/v1/cached", "", NULL, &r), 0);
    log_set_level(LOG_WARN);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Cache-Control", "no-store");
    assert_int_equal(header_count(&r, "Cache-Control"), 1);
    assert_int_equal(header_count(&r, "Set-Cookie"), 2);
    /* A header value with CR/LF is dropped rather than splitting the response. */
    assert_int_equal(header_count(&r, "X-Bad"), 0);
    assert_int_equal(header_count(&r, "Injected"), 0);
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/api/v1/nope", "", NULL, &r), 0);
    assert_header(&r, "Cache-Control", "no-store");
    reply_free(&r);
}

static void params_query_headers_and_cookies_reach_the_handler_decoded(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/api/v1/items/%E5%BC%A0%201?q=a+b%26c%3D&flag&lang=en",
                              "X-Test: hi there\r\nCookie: a=1; sid=s%3Dx; c=3\r\n", NULL, &r),
                     0);
    assert_int_equal(r.status, 200);
    json_t *j = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "\xe5\xbc\xa0 1");
    assert_string_equal(json_string_value(json_object_get(j, "q")), "a b&c=");
    assert_string_equal(json_string_value(json_object_get(j, "flag")), "");
    assert_true(json_is_null(json_object_get(j, "absent")));
    assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
    assert_string_equal(json_string_value(json_object_get(j, "sid")), "s%3Dx"); /* as sent */
    assert_string_equal(json_string_value(json_object_get(j, "x_test")), "hi there");
    assert_string_equal(json_string_value(json_object_get(j, "remote")), "127.0.0.1");
    assert_true(json_is_true(json_object_get(j, "ctx")));
    assert_true(json_is_true(json_object_get(j, "auth")));
    assert_string_equal(json_string_value(json_object_get(j, "route")), "/api/v1/items/{id}");
    json_decref(j);
    reply_free(&r);
    /* A query value with a malformed escape or a NUL is absent. */
    assert_int_equal(http_req(port, "GET", "/api/v1/items/1?q=%zz&flag=%00", "", NULL, &r), 0);
    j = body_json(&r);
    assert_true(json_is_null(json_object_get(j, "q")));
    assert_true(json_is_null(json_object_get(j, "flag")));
    json_decref(j);
    reply_free(&r);
}

static void encoded_slash_in_a_path_parameter_is_404(void **state)
{
    (void)state;
    /* The server must not decode %2F before routing, or "a%2Fb" would look like two segments. */
    static const char *const targets[] = {"/api/v1/items/a%2Fb", "/api/v1/items/a%2fb",
                                          "/api/v1/items/a%00b", "/api/v1/items/%zz"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct reply r;
        assert_int_equal(http_req(port, "GET", targets[i], "", NULL, &r), 0);
        assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
        reply_free(&r);
    }
}

static void head_on_a_get_route_sends_headers_only(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "HEAD", "/api/v1/items/9", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    assert_header(&r, "Content-Type", "application/json; charset=utf-8");
    reply_free(&r);
}

static void static_index_has_an_etag_and_revalidates_with_304(void **state)
{
    (void)state;
    struct reply r;
    char etag[128], buf[128];
    assert_int_equal(http_req(port, "GET", "/", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, INDEX_HTML);
    assert_header(&r, "Content-Type", "text/html; charset=utf-8");
    assert_header(&r, "Cache-Control", "no-cache");
    assert_non_null(header_of(&r, "ETag", etag, sizeof etag));
    assert_int_equal(strlen(etag), 18); /* a quoted 64-bit hash */
    assert_int_equal(etag[0], '"');
    reply_free(&r);

    /* The same file by name has the same ETag. */
    assert_int_equal(http_req(port, "GET", "/index.html", "", NULL, &r), 0);
    assert_string_equal(header_of(&r, "ETag", buf, sizeof buf), etag);
    reply_free(&r);

    char inm[256];
    snprintf(inm, sizeof inm, "If-None-Match: %s\r\n", etag);
    assert_int_equal(http_req(port, "GET", "/", inm, NULL, &r), 0);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body_len, 0);
    assert_header(&r, "ETag", etag);
    assert_security_headers(&r);
    reply_free(&r);

    /* Weak form and lists match too; another tag does not. */
    snprintf(inm, sizeof inm, "If-None-Match: \"0000000000000000\", W/%s\r\n", etag);
    assert_int_equal(http_req(port, "GET", "/", inm, NULL, &r), 0);
    assert_int_equal(r.status, 304);
    reply_free(&r);
    assert_int_equal(
        http_req(port, "GET", "/", "If-None-Match: \"0000000000000000\"\r\n", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    /* A different file has a different ETag. */
    assert_int_equal(http_req(port, "GET", "/app.js", "", NULL, &r), 0);
    assert_string_not_equal(header_of(&r, "ETag", buf, sizeof buf), etag);
    reply_free(&r);
}

static void static_files_have_types_cache_policies_and_spa_fallback(void **state)
{
    (void)state;
    static const struct {
        const char *target;
        int status;
        const char *type;
        const char *cache;
    } cases[] = {
        {"/app.js", 200, "text/javascript; charset=utf-8", "no-cache"},
        {"/style.css", 200, "text/css; charset=utf-8", "no-cache"},
        {"/favicon.ico", 200, "image/x-icon", "no-cache"},
        {"/vendor/lib.mjs", 200, "text/javascript; charset=utf-8", "public, max-age=86400"},
        {"/app.js?v=3", 200, "text/javascript; charset=utf-8", "no-cache"},
        /* Client-side routes of a registered SPA prefix get index.html. */
        {"/staff", 200, "text/html; charset=utf-8", "no-cache"},
        {"/staff/cases/N1", 200, "text/html; charset=utf-8", "no-cache"},
        {"/apply/", 200, "text/html; charset=utf-8", "no-cache"},
        /* Not a prefix match: "/staffing" is not under "/staff". */
        {"/staffing", 404, NULL, NULL},
        {"/missing.js", 404, NULL, NULL},
        {"/vendor/", 404, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct reply r;
        assert_int_equal(http_req(port, "GET", cases[i].target, "", NULL, &r), 0);
        if (r.status != cases[i].status)
            fail_msg("%s: status %d, want %d", cases[i].target, r.status, cases[i].status);
        if (cases[i].status == 200) {
            assert_header(&r, "Content-Type", cases[i].type);
            assert_header(&r, "Cache-Control", cases[i].cache);
        } else {
            assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
        }
        reply_free(&r);
    }
    struct reply r;
    assert_int_equal(http_req(port, "GET", "/staff/x", "", NULL, &r), 0);
    assert_string_equal(r.body, INDEX_HTML);
    reply_free(&r);
    assert_int_equal(http_req(port, "HEAD", "/app.js", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    reply_free(&r);
}

static void static_path_traversal_is_404(void **state)
{
    (void)state;
    static const char *const targets[] = {
        "/../index.html",
        "/%2e%2e/index.html",
        "/vendor/../index.html",
        "/vendor/..%2Fapp.js",
        "/vendor\\lib.mjs",
        "/vendor%5Clib.mjs",
        "/index.html%00",
        "/staff/../app.js",
        "/%zz",
        "/..",
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct reply r;
        assert_int_equal(http_req(port, "GET", targets[i], "", NULL, &r), 0);
        if (r.status != 404)
            fail_msg("%s: status %d, want 404", targets[i], r.status);
        assert_error(&r, 404, ERR_NOT_FOUND, NULL, "zh");
        reply_free(&r);
    }
}

static void static_files_allow_only_get_and_head(void **state)
{
    (void)state;
    struct reply r;
    assert_int_equal(http_req(port, "POST", "/index.html", "", "x", &r), 0);
    assert_error(&r, 405, ERR_METHOD_NOT_ALLOWED, NULL, "zh");
    assert_header(&r, "Allow", "GET, HEAD");
    reply_free(&r);
    assert_int_equal(http_req(port, "DELETE", "/staff/x", "", NULL, &r), 0);
    assert_int_equal(r.status, 405);
    reply_free(&r);
}

/* Poll the log file until `needle` shows up (lines are written after the reply is sent). */
static char *wait_for_log(const char *path, const char *needle)
{
    for (int tries = 0; tries < 300; tries++) {
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        char *text = calloc(1, 1 << 16);
        size_t got = fread(text, 1, (1 << 16) - 1, f);
        text[got] = '\0';
        fclose(f);
        if (strstr(text, needle))
            return text;
        free(text);
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void access_log_names_the_pattern_never_the_path_or_query(void **state)
{
    (void)state;
    char path[] = "/tmp/test_server_log_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "a"); /* O_APPEND: writers from several threads never overlap */
    assert_non_null(f);
    setvbuf(f, NULL, _IOLBF, 0);
    log_set_stream(f);
    log_set_level(LOG_INFO);
    struct reply r;
    assert_int_equal(
        http_req(port, "GET", "/api/v1/items/N4401061234?query_code=SECRETQC", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    assert_int_equal(http_req(port, "POST", "/api/v1/echo", "Content-Type: application/json\r\n",
                              "{\"id_number\":\"110101199003071234\"}", &r),
                     0);
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/vendor/lib.mjs?x=SECRETQC", "", NULL, &r), 0);
    reply_free(&r);
    assert_int_equal(http_req(port, "GET", "/api/v1/applications/N4401061234", "", NULL, &r), 0);
    reply_free(&r);

    /* The four lines can land in any order: wait for each. */
    static const char *const lines[] = {
        "method=GET path=/api/v1/items/{id} status=200 ms=",
        "method=POST path=/api/v1/echo status=200 ms=",
        "method=GET path=/vendor/lib.mjs status=200 ms=",
        "method=GET path=- status=404 ms=",
    };
    char *text = NULL;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        free(text);
        text = wait_for_log(path, lines[i]);
        if (!text)
            fail_msg("no log line with %s", lines[i]);
    }
    log_set_stream(NULL);
    log_set_level(LOG_WARN);
    fclose(f);
    unlink(path);
    assert_non_null(strstr(text, " INFO http "));
    assert_non_null(strstr(text, "bytes="));
    assert_null(strstr(text, "N4401061234"));
    assert_null(strstr(text, "SECRETQC"));
    assert_null(strstr(text, "110101199003071234"));
    free(text);
}

/* ---- lifecycle tests: each runs its own server -------------------------------------------- */

struct client_job {
    unsigned short port;
    const char *target;
    struct reply reply;
    int rc;
};

static void *client_thread(void *arg)
{
    struct client_job *job = arg;
    job->rc = http_req(job->port, "GET", job->target, "", NULL, &job->reply);
    return NULL;
}

static void stop_lets_an_in_flight_request_finish(void **state)
{
    (void)state;
    struct http_server_config cfg = test_config();
    struct http_server *s;
    assert_int_equal(http_server_start(&cfg, &s), 0);
    unsigned short p = http_server_port(s);
    assert_int_not_equal(p, port);

    atomic_store(&slow_started, 0);
    struct client_job job = {p, "/api/v1/slow", {0}, -1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, client_thread, &job), 0);
    while (!atomic_load(&slow_started)) {
        struct timespec ts = {0, 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* The handler is sleeping now; stop must wait for it and its reply. */
    http_server_stop(s);
    pthread_join(t, NULL);
    assert_int_equal(job.rc, 0);
    assert_int_equal(job.reply.status, 200);
    assert_string_equal(job.reply.body, "{\"slow\":true}");
    assert_header(&job.reply, "Connection", "close");
    reply_free(&job.reply);
    /* And nothing listens any more. */
    assert_int_equal(connect_to(p), -1);
}

static void *send_sigterm_later(void *arg)
{
    pthread_t *target = arg;
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    pthread_kill(*target, SIGTERM);
    return NULL;
}

static void run_until_signal_stops_on_sigterm(void **state)
{
    (void)state;
    struct http_server_config cfg = test_config();
    struct http_server *s;
    assert_int_equal(http_server_start(&cfg, &s), 0);
    unsigned short p = http_server_port(s);
    struct reply r;
    assert_int_equal(http_req(p, "GET", "/healthz", "", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    reply_free(&r);

    /* Block first, so the signal waits for sigwait instead of killing the test. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_t self = pthread_self(), t;
    assert_int_equal(pthread_create(&t, NULL, send_sigterm_later, &self), 0);
    assert_int_equal(http_server_run_until_signal(s), SIGTERM);
    pthread_join(t, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    assert_int_equal(connect_to(p), -1);
}

static void start_refuses_a_bad_table_and_a_busy_port(void **state)
{
    (void)state;
    log_set_level(LOG_OFF);
    struct http_server *s = (struct http_server *)(uintptr_t)1; /* must be reset to NULL */
    struct route bad[] = {{"GET", "/x/{", 0, h_healthz, NULL, NULL, NULL, 0, NULL}};
    struct http_server_config cfg = test_config();
    cfg.routes = bad;
    cfg.n_routes = 1;
    assert_int_equal(http_server_start(&cfg, &s), -ERR_INTERNAL);
    assert_null(s);

    cfg = test_config();
    cfg.port = port; /* the group's server holds it */
    assert_int_equal(http_server_start(&cfg, &s), -ERR_IO);
    assert_null(s);
    log_set_level(LOG_WARN);
}

static void csp_allows_each_import_map_of_index_html_by_hash(void **state)
{
    (void)state;
    /* Two blocks (hashes by Python's hashlib), another script type and a stray tag. */
    static const struct embed_file two[] = {
        {"index.html", T("<script type=\"importmap\">{\"imports\":{\"vue\":\"/vendor/lib.mjs\"}}"
                         "</script><script type=\"module\">x</script>"
                         "<script type=\"importmap\">\n{\"imports\":{}}\n</script>"
                         "<script type=\"importmap\">unterminated")},
        {NULL, NULL, 0},
    };
    struct static_site *site = static_site_new(two, NULL);
    assert_string_equal(static_script_sources(site),
                        " " IMPORTMAP_HASH
                        " 'sha256-ffC2AD47+TTlsBxC1I7uibsU5L2bw5CRqg3hXMGumqs='");
    static_site_free(site);
    /* No import map, or no index.html at all: nothing extra. */
    static const struct embed_file none[] = {
        {"index.html", T("<p>hi</p>")},
        {NULL, NULL, 0},
    };
    site = static_site_new(none, NULL);
    assert_string_equal(static_script_sources(site), "");
    static_site_free(site);
    site = static_site_new(none + 1, NULL);
    assert_string_equal(static_script_sources(site), "");
    static_site_free(site);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_echo_answers_200_with_the_posted_object),
        cmocka_unit_test(unknown_api_path_is_404_with_the_contract_error_body),
        cmocka_unit_test(wrong_method_is_405_with_the_allowed_methods),
        cmocka_unit_test(declared_body_far_over_the_limit_is_413_without_reading_it),
        cmocka_unit_test(declared_body_a_little_over_the_limit_is_read_then_413),
        cmocka_unit_test(body_of_exactly_the_limit_is_accepted),
        cmocka_unit_test(chunked_body_over_the_limit_is_413),
        cmocka_unit_test(malformed_or_non_object_json_is_400_invalid_json),
        cmocka_unit_test(body_without_json_content_type_is_415),
        cmocka_unit_test(handler_error_is_rendered_once_with_its_field_in_the_request_language),
        cmocka_unit_test(a_field_set_for_another_error_is_not_shown),
        cmocka_unit_test(authorize_refusal_is_rendered_and_the_handler_never_runs),
        cmocka_unit_test(internal_errors_are_500_without_detail),
        cmocka_unit_test(security_headers_are_on_every_response),
        cmocka_unit_test(api_responses_are_never_cached_and_header_lists_are_kept),
        cmocka_unit_test(params_query_headers_and_cookies_reach_the_handler_decoded),
        cmocka_unit_test(encoded_slash_in_a_path_parameter_is_404),
        cmocka_unit_test(head_on_a_get_route_sends_headers_only),
        cmocka_unit_test(static_index_has_an_etag_and_revalidates_with_304),
        cmocka_unit_test(static_files_have_types_cache_policies_and_spa_fallback),
        cmocka_unit_test(static_path_traversal_is_404),
        cmocka_unit_test(static_files_allow_only_get_and_head),
        cmocka_unit_test(csp_allows_each_import_map_of_index_html_by_hash),
        cmocka_unit_test(uri_over_the_limit_is_414_json_at_once),
        cmocka_unit_test(thousands_of_query_parameters_are_parsed_by_us_not_the_library),
        cmocka_unit_test(headers_over_the_limit_are_431_json_at_once),
        cmocka_unit_test(a_refusal_with_retry_after_sends_the_header),
        cmocka_unit_test(access_log_names_the_pattern_never_the_path_or_query),
        cmocka_unit_test(stop_lets_an_in_flight_request_finish),
        cmocka_unit_test(run_until_signal_stops_on_sigterm),
        cmocka_unit_test(start_refuses_a_bad_table_and_a_busy_port),
    };
    return cmocka_run_group_tests_name("server", tests, group_setup, group_teardown);
}
