/*
 * fuzz_api.c — libFuzzer harness for every route of the HTTP API, in process, end to end.
 *
 * Why this shape: a handler is a few lines over http_req accessors that read libmicrohttpd's
 * connection (headers, query arguments, cookies), so calling handlers with a hand-made request
 * would skip the code that matters (routing, authorization, CSRF, body parsing, the error
 * rendering, the app use cases and the SQL under them). Instead the harness starts the real
 * server (api_start: the route table, the authorize hook, the thread pool) on a loopback port
 * over a throwaway SQLite database in /dev/shm (or $TMPDIR), seeded once with reference data,
 * an agency, one user and bearer token per role (and a caseworker of another district), and
 * EIGHT applications submitted through the API; then every input becomes one HTTP request on a
 * kept-alive connection. Everything from server.c down is instrumented; libmicrohttpd's own
 * parser is not (it is not ours), so the harness always sends well-framed HTTP.
 *
 * The input: byte 0 picks a row of the route table (api_route_table, so a route added later is
 * fuzzed without an edit here) or, past the table, a free method and path; byte 1 picks the
 * credential (none, each role's bearer token, the other district's caseworker, a wrong token),
 * the Content-Type (JSON, none, text/plain) and the language. The rest is PARAMS '\n' QUERY
 * '\n' BODY: PARAMS are the path parameters separated by '/', percent-encoded where HTTP needs
 * it ('%' is left alone so malformed escapes reach the router); the query goes on the path the
 * same way; the body is sent as it is. "@A0".."@A7" anywhere in them become the seeded
 * applications' numbers and "@Q0".."@Q7" their query codes, so decisions, status queries and
 * reveals reach real rows. The login route runs argon2id (tens of milliseconds) and is taken
 * for one input in sixteen that pick it.
 *
 * What must hold, else abort (with the request on stderr): an answer arrives within 20 s; its
 * status is 1xx-4xx or 503 — never 500 and no other 5xx, since every input is the client's
 * fault or fine; an /api answer of 4xx/5xx is exactly the CONTRACT error object (only "error",
 * a code errors.def knows, a non-empty message, a string or null field) and an /api JSON answer
 * parses; no answer carries a seeded person's document number or phone except to a staff
 * credential of the seeded district that asked with reveal=true.
 *
 * The store is stateful: inputs change it (submissions, decisions) and the next inputs see that.
 * A crash found may need the inputs before it; libFuzzer's -runs on the crash file alone usually
 * reproduces it because the seeded rows are re-created at each start.
 *
 *   make fuzz FUZZ=api SECONDS=300
 */
#include "app/access.h"
#include "app/accounts.h"
#include "app/app.h"
#include "app/setup.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/json.h"
#include "base/log.h"
#include "http/api.h"
#include "http/router.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_api: check failed: %s\n", #cond);                                \
            fprintf(stderr, __VA_ARGS__);                                                          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define FUZZ_SEEDS 8
#define FUZZ_TIMEOUT_S 20

/* The credentials byte 1 picks (low three bits): index into fuzz__who. */
enum fuzz_who {
    WHO_NONE,
    WHO_ADMIN,
    WHO_CASEWORKER,
    WHO_SUPERVISOR,
    WHO_STATISTICIAN,
    WHO_AUDITOR,
    WHO_OTHER_DISTRICT, /* a caseworker of 110102: the seeds are outside its scope */
    WHO_BAD_TOKEN,
};

static const char *const fuzz__roles[] = {NULL,           "admin",   "caseworker", "supervisor",
                                          "statistician", "auditor", "caseworker", NULL};

static struct {
    bool ready;
    char dir[128];
    char db[160];
    struct app *app;
    struct api_server *srv;
    struct api_config cfg;
    unsigned short port;
    int fd;
    const struct route *routes;
    size_t n_routes;
    char token[8][ACCOUNTS_TOKEN_HEX];
    char app_no[FUZZ_SEEDS][64];
    char query_code[FUZZ_SEEDS][32];
    char id_number[FUZZ_SEEDS][19];
    char phone[FUZZ_SEEDS][12];
} F;

/* The GB 11643 check character of 17 digits (independent of rules/idnum). */
static char fuzz__check_char(const char *body17)
{
    static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (body17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

/* ---- the HTTP client ------------------------------------------------------------------- */

static int fuzz__connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0, "socket\n");
    struct timeval tv = {FUZZ_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(F.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "connect\n");
    return fd;
}

struct fuzz_answer {
    int status;
    bool json;  /* Content-Type application/json */
    bool close; /* the server closes the connection after it */
    struct buf body;
};

/* Read one response from fd into *a; false when the connection ended before a whole one. */
static bool fuzz__read_answer(int fd, bool head, struct fuzz_answer *a, bool *timed_out)
{
    struct buf in = {0};
    char chunk[8192];
    size_t header_end = 0;
    long content_length = -1;
    *timed_out = false;
    for (;;) {
        if (header_end == 0 && in.len >= 4) {
            char *p = memmem(in.data, in.len, "\r\n\r\n", 4);
            if (p) {
                header_end = (size_t)(p - in.data) + 4;
                in.data[header_end - 2] = '\0';
                CHECK(sscanf(in.data, "HTTP/1.1 %d", &a->status) == 1, "bad status line\n");
                for (char *h = strstr(in.data, "\r\n"); h && h[2]; h = strstr(h + 2, "\r\n")) {
                    if (strncasecmp(h + 2, "Content-Length:", 15) == 0)
                        content_length = strtol(h + 17, NULL, 10);
                    else if (strncasecmp(h + 2, "Content-Type: application/json", 30) == 0)
                        a->json = true;
                    else if (strncasecmp(h + 2, "Connection: close", 17) == 0)
                        a->close = true;
                }
                CHECK(content_length >= 0, "no Content-Length\n");
                if (head)
                    content_length = 0;
            }
        }
        if (header_end && in.len - header_end >= (size_t)content_length) {
            buf_append(&a->body, in.data + header_end, (size_t)content_length);
            buf_free(&in);
            return true;
        }
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            *timed_out = n < 0;
            buf_free(&in);
            return false;
        }
        buf_append(&in, chunk, (size_t)n);
    }
}

/* Send the request and read the answer, reconnecting once if the kept-alive connection had
 * been closed by the server meanwhile. */
static void fuzz__exchange(const struct buf *req, bool head, struct fuzz_answer *a)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (F.fd < 0)
            F.fd = fuzz__connect();
        bool sent = send(F.fd, req->data, req->len, MSG_NOSIGNAL) == (ssize_t)req->len;
        bool timed_out = false;
        if (sent && fuzz__read_answer(F.fd, head, a, &timed_out)) {
            if (a->close) {
                close(F.fd);
                F.fd = -1;
            }
            return;
        }
        CHECK(!timed_out, "no answer within %d s to:\n%.*s\n", FUZZ_TIMEOUT_S, (int)req->len,
              req->data);
        close(F.fd);
        F.fd = -1;
        buf_free(&a->body);
        *a = (struct fuzz_answer){0};
    }
    CHECK(false, "the server closed the connection without answering:\n%.*s\n", (int)req->len,
          req->data);
}

/* ---- building a request ------------------------------------------------------------------ */

/* Append s[0, n) with the placeholders @A<k> / @Q<k> replaced by the seeds' values. */
static void fuzz__subst(struct buf *out, const char *s, size_t n, bool encode)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@' && i + 2 < n && (s[i + 1] == 'A' || s[i + 1] == 'Q') && s[i + 2] >= '0' &&
            s[i + 2] < '0' + FUZZ_SEEDS) {
            int k = s[i + 2] - '0';
            buf_printf(out, "%s", s[i + 1] == 'A' ? F.app_no[k] : F.query_code[k]);
            i += 2;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (encode && (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '"'))
            buf_printf(out, "%%%02X", c);
        else
            buf_append(out, &s[i], 1);
    }
}

/* Append the route's pattern with its {name} segments filled from params ('/' separated). */
static void fuzz__path(struct buf *out, const char *pattern, const char *params, size_t n)
{
    const char *p = pattern;
    size_t at = 0;
    while (*p) {
        if (*p != '{') {
            buf_append(out, p++, 1);
            continue;
        }
        const char *seg = params + at;
        size_t len = 0;
        while (at + len < n && seg[len] != '/')
            len++;
        at += len + (at + len < n);
        if (len == 0)
            buf_printf(out, "x"); /* an empty segment cannot match a parameter */
        else
            fuzz__subst(out, seg, len, true);
        p = strchr(p, '}') + 1;
    }
}

static const char *fuzz__take_line(const char **s, const char *end, size_t *len)
{
    const char *start = *s;
    const char *nl = memchr(start, '\n', (size_t)(end - start));
    *len = (size_t)((nl ? nl : end) - start);
    *s = nl ? nl + 1 : end;
    return start;
}

/* Whether the response may show the seeds' personal data: a seeded-district staff credential
 * that asked for it. */
static bool fuzz__may_reveal(int who, const char *query, size_t n)
{
    return who >= WHO_ADMIN && who <= WHO_AUDITOR && memmem(query, n, "reveal=", 7) != NULL;
}

static void fuzz__check_answer(const struct fuzz_answer *a, const char *path, int who,
                               const char *query, size_t query_len, const struct buf *req)
{
    const char *body = a->body.data ? a->body.data : "";
    size_t n = a->body.len;
    CHECK(a->status >= 100 && a->status <= 599, "status %d\n", a->status);
    CHECK(a->status < 500 || a->status == 503, "status %d for:\n%.*s\n--- answer:\n%.*s\n",
          a->status, (int)req->len, req->data, (int)n, body);
    /* A HEAD answer has the headers alone. */
    bool api = (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0) &&
               strncmp(req->data, "HEAD ", 5) != 0;
    if (api && a->status >= 400) {
        CHECK(a->json, "an /api error that is not JSON: %d\n", a->status);
        json_t *o = json_loadb(body, n, 0, NULL);
        CHECK(o && json_is_object(o) && json_object_size(o) == 1, "not {error}: %.*s\n", (int)n,
              body);
        json_t *e = json_object_get(o, "error");
        json_t *code = json_object_get(e, "code"), *msg = json_object_get(e, "message");
        json_t *field = json_object_get(e, "field");
        CHECK(json_is_string(code) && err_by_code(json_string_value(code)) > 0,
              "unknown code: %.*s\n", (int)n, body);
        CHECK(err_info(err_by_code(json_string_value(code)))->http_status == a->status,
              "status %d is not the code's: %.*s\n", a->status, (int)n, body);
        CHECK(json_is_string(msg) && json_string_length(msg) > 0, "message: %.*s\n", (int)n, body);
        CHECK(!field || json_is_null(field) || json_is_string(field), "field: %.*s\n", (int)n,
              body);
        json_decref(o);
    } else if (api && a->json && n > 0) {
        json_t *o = json_loadb(body, n, JSON_DECODE_ANY, NULL);
        CHECK(o != NULL, "an /api answer that does not parse: %.*s\n", (int)n, body);
        json_decref(o);
    }
    if (!fuzz__may_reveal(who, query, query_len))
        for (int k = 0; k < FUZZ_SEEDS; k++)
            CHECK(!memmem(body, n, F.id_number[k], 18) && !memmem(body, n, F.phone[k], 11),
                  "seed %d's personal data in the answer to:\n%.*s\n--- answer:\n%.*s\n", k,
                  (int)req->len, req->data, (int)n, body);
}

/* ---- set-up ------------------------------------------------------------------------------ */

static void fuzz__cleanup(void)
{
    if (F.fd >= 0)
        close(F.fd);
    api_stop(F.srv);
    app_close(F.app);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", F.dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_api: could not remove %s\n", F.dir);
}

static void fuzz__users(void)
{
    struct actor sys;
    access_system_actor(&sys, "fuzz");
    struct setup_counts sc;
    CHECK(app_setup_refdata(F.app, &sys, &sc) == 0, "refdata\n");
    static const char *const regions[] = {"110101", "110102"};
    int64_t agency[2];
    for (int i = 0; i < 2; i++) {
        struct agency ag = {0};
        snprintf(ag.name, sizeof ag.name, "fuzz agency %d", i);
        snprintf(ag.region, sizeof ag.region, "%s", regions[i]);
        snprintf(ag.kind, sizeof ag.kind, "pes");
        snprintf(ag.items, sizeof ag.items, "[]");
        CHECK(app_agency_add(F.app, &sys, &ag, &agency[i]) == 0, "agency\n");
    }
    for (int w = WHO_ADMIN; w <= WHO_OTHER_DISTRICT; w++) {
        char name[32];
        int64_t id;
        snprintf(name, sizeof name, "fuzz%d", w);
        CHECK(app_user_add(F.app, &sys, name, "fuzz-password-2026", fuzz__roles[w],
                           agency[w == WHO_OTHER_DISTRICT], &id) == 0,
              "user\n");
        CHECK(app_token_issue(F.app, &sys, name, "fuzz", 0, F.token[w]) == 0, "token\n");
    }
    memset(F.token[WHO_BAD_TOKEN], 'a', ACCOUNTS_TOKEN_HEX - 1);
}

/* Submit the seeds through the API (as the online channel does) and keep their numbers. */
static void fuzz__seeds(void)
{
    static const char *const names[FUZZ_SEEDS] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
    for (int k = 0; k < FUZZ_SEEDS; k++) {
        char body17[18];
        snprintf(body17, sizeof body17, "1101011985%02d%02d%03d", 1 + k, 10 + k, 31 + 2 * k);
        snprintf(F.id_number[k], sizeof F.id_number[k], "%s%c", body17, fuzz__check_char(body17));
        snprintf(F.phone[k], sizeof F.phone[k], "1390013%04d", 9001 + k);
        char form[1024];
        snprintf(form, sizeof form,
                 "{\"id_type\":\"resident_id\",\"id_number\":\"%s\",\"name\":\"种子%s\","
                 "\"phone\":\"%s\",\"residence_region\":\"110101\",\"residence_address\":"
                 "\"北京市东城区示例路%d号\",\"register_region\":\"110101\",\"register_basis\":"
                 "\"residence\",\"unemployed_since\":\"2026-01-15\",\"unemployment_reason\":"
                 "\"20\",\"commitment\":true}",
                 F.id_number[k], names[k], F.phone[k], k);
        struct buf req = {0};
        buf_printf(&req,
                   "POST /api/v1/public/applications HTTP/1.1\r\nHost: fuzz\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                   strlen(form), form);
        struct fuzz_answer a = {0};
        fuzz__exchange(&req, false, &a);
        CHECK(a.status == 201, "seed %d: %d %.*s\n", k, a.status, (int)a.body.len, a.body.data);
        json_t *o = json_loadb(a.body.data, a.body.len, 0, NULL);
        snprintf(F.app_no[k], sizeof F.app_no[k], "%s",
                 json_string_value(json_object_get(o, "application_no")));
        snprintf(F.query_code[k], sizeof F.query_code[k], "%s",
                 json_string_value(json_object_get(o, "query_code")));
        json_decref(o);
        buf_free(&a.body);
        buf_free(&req);
    }
}

static void fuzz__setup(void)
{
    F.fd = -1;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(F.dir, sizeof F.dir, "%s/ureg-fuzz-api-XXXXXX", base ? base : "/tmp");
    CHECK(mkdtemp(F.dir) != NULL, "mkdtemp %s\n", F.dir);
    snprintf(F.db, sizeof F.db, "%s/fuzz.db", F.dir);
    log_set_level(LOG_ERROR);
    clock_set(1772409600); /* 2026-03-02T08:00:00+08:00, a Monday */
    char key[300];
    bool key_created;
    snprintf(key, sizeof key, "%s/ureg.key", F.dir); /* personal data at rest (store/pii) */
    CHECK(app_keys_load(key, true, &key_created) == 0, "key %s\n", key);
    CHECK(app_open(&F.app, F.db, 4, true) == 0, "app_open %s\n", F.db);
    atexit(fuzz__cleanup);
    fuzz__users();
    F.cfg = (struct api_config){.host = "127.0.0.1", .port = 0, .threads = 2};
    CHECK(api_start(F.app, &F.cfg, &F.srv) == 0, "api_start\n");
    F.port = api_port(F.srv);
    F.routes = api_route_table(&F.n_routes);
    fuzz__seeds();
    F.ready = true;
}

/* ---- one input --------------------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const free_methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
    static const char *const types[] = {"application/json", NULL, "text/plain",
                                        "application/json; charset=utf-8"};
    if (!F.ready)
        fuzz__setup();
    if (size < 2)
        return 0;
    const char *s = (const char *)data + 2, *end = (const char *)data + size;
    size_t pick = data[0] % (F.n_routes + 6);
    int who = data[1] & 7;
    const char *type = types[(data[1] >> 3) & 3];
    const char *lang = (data[1] & 0x20) ? "en" : "zh-CN,zh;q=0.9";

    size_t params_len, query_len;
    const char *params = fuzz__take_line(&s, end, &params_len);
    const char *query = fuzz__take_line(&s, end, &query_len);
    const char *body = s;
    size_t body_len = (size_t)(end - s);

    const char *method;
    struct buf path = {0};
    if (pick < F.n_routes) {
        const struct route *r = &F.routes[pick];
        if (strcmp(r->pattern, "/api/v1/session") == 0 && strcmp(r->method, "POST") == 0 &&
            (data[1] & 0xC0) != 0xC0)
            return 0; /* argon2id: see the top of the file */
        method = r->method;
        fuzz__path(&path, r->pattern, params, params_len);
    } else {
        method = free_methods[pick - F.n_routes];
        buf_append(&path, "/", 1);
        fuzz__subst(&path, params, params_len, true);
    }
    bool head = strcmp(method, "HEAD") == 0;

    struct buf req = {0};
    buf_printf(&req, "%s %s", method, buf_cstr(&path));
    if (query_len) {
        buf_append(&req, "?", 1);
        fuzz__subst(&req, query, query_len, true);
    }
    buf_printf(&req, " HTTP/1.1\r\nHost: fuzz\r\nAccept-Language: %s\r\n", lang);
    if (who != WHO_NONE)
        buf_printf(&req, "Authorization: Bearer %s\r\n", F.token[who]);
    if (type)
        buf_printf(&req, "Content-Type: %s\r\n", type);
    struct buf b = {0};
    fuzz__subst(&b, body, body_len, false);
    buf_printf(&req, "Content-Length: %zu\r\n\r\n", b.len);
    if (b.len)
        buf_append(&req, b.data, b.len);

    struct fuzz_answer a = {0};
    fuzz__exchange(&req, head, &a);
    fuzz__check_answer(&a, buf_cstr(&path), who, query, query_len, &req);

    buf_free(&a.body);
    buf_free(&b);
    buf_free(&req);
    buf_free(&path);
    return 0;
}
