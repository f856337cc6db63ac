/*
 * server.c — libmicrohttpd glue: request lifecycle, dispatch, error rendering, headers, access
 * log, graceful stop. See server.h for the flow of a request.
 *
 * libmicrohttpd calls the access handler several times per request: once when the headers are
 * in (we create the http_req), once per body chunk (we append to the body or count it as too
 * large), and once with no data (we dispatch and queue the response). When the response has
 * been sent, or the connection died, the completed callback logs the request and frees it.
 *
 * The URL is taken raw: an identity unescape callback stops libmicrohttpd from percent-decoding
 * the path and the query arguments itself, because a decoded "%2F" would be indistinguishable
 * from a segment separator. The router decodes path parameters, http_query() query values.
 *
 * Graceful stop counts requests between their first header and their completion (in_flight):
 * stop quiesces the listening socket, waits for the count to drop to zero (bounded by
 * stop_grace_ms), then stops the daemon.
 */
#include "http/server.h"

#include "base/json.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/xalloc.h"
#include "http/static.h"

#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SERVER_DEFAULT_MAX_BODY ((size_t)1 << 20)
#define SERVER_DEFAULT_TIMEOUT_S 30u
#define SERVER_DEFAULT_GRACE_MS 10000u
#define SERVER_DEFAULT_MAX_URI ((size_t)8 << 10)
#define SERVER_DEFAULT_MAX_HEAD ((size_t)16 << 10)
/*
 * libmicrohttpd's memory per connection (its pool): its read buffer, then the records of the
 * parsed headers and cookies (about 56 bytes each). The pool is resident whole while the
 * connection lives (measured: 800 idle keep-alive connections cost 32 KB each with the 32 KiB
 * default, 460 KB each with 512 KiB), so it is kept at four times max_head: a head within
 * max_head of headers of ordinary size is parsed whole and refused by us, in JSON. A head made
 * of thousands of tiny header fields or cookies can exhaust the pool first; libmicrohttpd then
 * answers 431 itself (docs/security-edge.md lists what it answers).
 */
#define SERVER_POOL_PER_HEAD_BYTE 4u

static const char SERVER_JSON_TYPE[] = "application/json; charset=utf-8";

/*
 * The Content-Security-Policy, around the script-src hashes of index.html's import maps (see
 * static.h). Element Plus injects inline styles, hence 'unsafe-inline' for styles only; scripts
 * come from the binary alone, and no eval.
 */
static const char SERVER_CSP_HEAD[] = "default-src 'self'; script-src 'self'";
static const char SERVER_CSP_TAIL[] =
    "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/*
 * Counters of one row of the route table (or of the two rows that are not in it: static files,
 * and requests that matched no route), for /metrics. Only atomics, written by the request
 * threads: by_status[code - 100] counts answers with that status, latency their durations.
 */
#define SERVER__STATUSES 500
struct server__route_stats {
    _Atomic uint64_t by_status[SERVER__STATUSES];
    struct metrics_hist latency;
};

struct http_server {
    struct http_server_config cfg; /* copy, defaults filled in */
    /* [0, n_routes): the table's rows; [n_routes]: static files; [n_routes + 1]: no route */
    struct server__route_stats *stats;
    struct MHD_Daemon *daemon;
    struct static_site *site;
    char *csp;  /* the Content-Security-Policy value */
    char *hsts; /* the Strict-Transport-Security value, or NULL when off */
    unsigned short port;
    atomic_bool stopping;
    pthread_mutex_t mu; /* guards in_flight */
    pthread_cond_t idle;
    unsigned in_flight;
};

static int64_t server__now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool server__is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

/* ---- request accessors ------------------------------------------------------------------ */

void *http_ctx(const struct http_req *r)
{
    return r->server ? r->server->cfg.ctx : NULL;
}

const char *http_param(const struct http_req *r, const char *name)
{
    for (int i = 0; i < r->n_params; i++)
        if (strcmp(r->param_names[i], name) == 0)
            return r->param_values[i];
    return NULL;
}

const char *http_header(const struct http_req *r, const char *name)
{
    if (!r->conn)
        return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* State of a walk over the connection's cookies looking for one name. */
struct server__lookup {
    const char *name;
    const char *value;
};

static enum MHD_Result server__lookup_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                         const char *value)
{
    (void)kind;
    struct server__lookup *l = cls;
    if (strcmp(key, l->name) != 0)
        return MHD_YES;
    l->value = value ? value : "";
    return MHD_NO; /* the first occurrence wins */
}

const char *http_query(const struct http_req *r, const char *name)
{
    /* The arena is the request's own scratch space even when the request is const. */
    struct arena *a = &((struct http_req *)(uintptr_t)r)->arena;
    const char *q = r->query ? r->query : "";
    while (*q) {
        size_t n = strcspn(q, "&");
        size_t klen = strcspn(q, "=&");
        const char *k = router__pct_decode(a, q, klen, true);
        if (k && strcmp(k, name) == 0) {
            if (klen == n)
                return "";
            return router__pct_decode(a, q + klen + 1, n - klen - 1, true);
        }
        q += n;
        if (*q == '&')
            q++;
    }
    return NULL;
}

const char *http_cookie(const struct http_req *r, const char *name)
{
    if (!r->conn)
        return NULL;
    struct server__lookup l = {name, NULL};
    MHD_get_connection_values(r->conn, MHD_COOKIE_KIND, server__lookup_cb, &l);
    return l.value;
}

/* Whether a Content-Type value names application/json (parameters allowed). */
static bool server__is_json_type(const char *ct)
{
    if (!ct)
        return false;
    ct += strspn(ct, " \t");
    static const char type[] = "application/json";
    size_t n = sizeof type - 1;
    return strncasecmp(ct, type, n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t');
}

int http_req_json(struct http_req *r, json_t **out)
{
    int rc = 0;
    *out = NULL;
    if (r->json) {
        *out = r->json;
        goto out;
    }
    if (!server__is_json_type(http_header(r, "Content-Type"))) {
        rc = err_set(&r->err, -ERR_UNSUPPORTED_MEDIA, NULL);
        goto out;
    }
    rc = json_parse_object(r->body, r->body_len, &r->json);
    if (rc < 0) {
        r->json = NULL;
        err_set(&r->err, rc, NULL);
        goto out;
    }
    *out = r->json;
out:
    return rc;
}

/* ---- responses -------------------------------------------------------------------------- */

/* Drop the body held by w (the headers stay). */
static void server__resp_drop_body(struct http_resp *w)
{
    if (w->body_free && w->body)
        w->body_free((void *)(uintptr_t)w->body);
    w->body = NULL;
    w->body_len = 0;
    w->body_free = NULL;
    w->content_type = NULL;
    w->status = 0;
}

void http_resp_json(struct http_resp *w, int status, json_t *body)
{
    server__resp_drop_body(w);
    char *text = json_dump(body ? body : json_null());
    json_decref(body);
    w->body_len = strlen(text);
    w->body = text;
    w->body_free = free;
    w->content_type = SERVER_JSON_TYPE;
    w->status = status;
}

void http_resp_json_text(struct http_resp *w, int status, struct buf *b)
{
    server__resp_drop_body(w);
    w->body_len = b->len;
    w->body = b->data ? buf_detach(b) : xstrdup("");
    w->body_free = free;
    w->content_type = SERVER_JSON_TYPE;
    w->status = status;
}

void http_resp_bytes(struct http_resp *w, int status, const char *content_type, const void *p,
                     size_t n, bool copy)
{
    server__resp_drop_body(w);
    if (copy) {
        void *c = xmalloc(n ? n : 1);
        memcpy(c, p, n);
        w->body = c;
        w->body_free = free;
    } else {
        w->body = p;
    }
    w->body_len = n;
    w->content_type = content_type;
    w->status = status;
}

void http_resp_empty(struct http_resp *w, int status)
{
    server__resp_drop_body(w);
    w->status = status;
}

void http_resp_header(struct http_resp *w, const char *name, const char *value)
{
    if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n")) {
        log_error("http", "event=bad_header name_len=%zu", strlen(name));
        return;
    }
    struct http_resp_header *h = arena_alloc(w->arena, sizeof *h);
    h->next = NULL;
    h->name = arena_strdup(w->arena, name);
    h->value = arena_strdup(w->arena, value);
    struct http_resp_header **tail = &w->headers;
    while (*tail)
        tail = &(*tail)->next;
    *tail = h;
}

/* ---- the request lifecycle -------------------------------------------------------------- */

/* "zh" or "en" for a language tag of n bytes ("en", "en-US", "zh-Hans-CN"), else NULL. */
static const char *server__lang_tag(const char *s, size_t n)
{
    if (n < 2 || (n > 2 && s[2] != '-'))
        return NULL;
    if (strncasecmp(s, "zh", 2) == 0)
        return "zh";
    if (strncasecmp(s, "en", 2) == 0)
        return "en";
    return NULL;
}

/* The q-value at s ("1", "0.8", "1.000") in thousandths; -1 when malformed. */
static int server__qvalue(const char *s)
{
    if (s[0] != '0' && s[0] != '1')
        return -1;
    int q = (s[0] - '0') * 1000;
    if (s[1] == '.') {
        int scale = 100;
        for (const char *p = s + 2; *p >= '0' && *p <= '9' && scale > 0; p++, scale /= 10)
            q += (*p - '0') * scale;
    }
    return q > 1000 ? 1000 : q;
}

/* The preferred of zh/en in an Accept-Language value (highest q, first on ties), or NULL. */
static const char *server__accept_language(const char *al)
{
    const char *best = NULL;
    int best_q = 0;
    const char *s = al;
    while (*s) {
        s += strspn(s, " \t,");
        if (!*s)
            break;
        size_t tag_len = strcspn(s, ";, \t");
        const char *lang = server__lang_tag(s, tag_len);
        s += tag_len;
        int q = 1000;
        while (*s && *s != ',') {
            s += strspn(s, " \t;");
            if ((s[0] == 'q' || s[0] == 'Q') && s[1] == '=')
                q = server__qvalue(s + 2);
            s += strcspn(s, ";,");
        }
        if (lang && q > best_q) {
            best = lang;
            best_q = q;
        }
    }
    return best;
}

static const char *server__lang(const struct http_req *r)
{
    const char *q = http_query(r, "lang");
    const char *lang = q ? server__lang_tag(q, strlen(q)) : NULL;
    if (!lang) {
        const char *al = http_header(r, "Accept-Language");
        lang = al ? server__accept_language(al) : NULL;
    }
    return lang ? lang : "zh";
}

static const char *server__remote_addr(struct http_req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[NI_MAXHOST];
    if (!ci || !ci->client_addr)
        return "";
    socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                           : sizeof(struct sockaddr_in);
    if (getnameinfo(ci->client_addr, len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
        return "";
    return arena_strdup(&r->arena, host);
}

bool http_request_id_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 1 || n > HTTP_REQUEST_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* The client's X-Request-Id when it is valid, else 32 random hex digits; in the arena. */
static const char *server__request_id(struct http_req *r)
{
    const char *sent = http_header(r, "X-Request-Id");
    if (http_request_id_valid(sent))
        return arena_strdup(&r->arena, sent);
    unsigned char raw[16];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        /* no entropy to spare: a counter keeps ids unique within the process */
        static _Atomic uint64_t seq;
        uint64_t n = atomic_fetch_add(&seq, 1) + 1;
        memset(raw, 0, sizeof raw);
        memcpy(raw, &n, sizeof n);
    }
    char *hex = arena_alloc(&r->arena, 2 * sizeof raw + 1);
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    return hex;
}

/*
 * libmicrohttpd's URI-log callback: the request line is in, the headers are not. The request is
 * created here (counted in flight at once), with its raw target split into path and query. The
 * query is then cut from libmicrohttpd's copy, in place, so that it never parses the arguments
 * into its memory pool: http_query() reads r->query instead. A target over max_uri is marked
 * to be refused with 414 as soon as the headers are in.
 */
static void *server__uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct http_server *s = cls;
    struct http_req *r = xcalloc(1, sizeof *r);
    arena_init(&r->arena);
    r->server = s;
    r->conn = c;
    r->started_ns = server__now_ns();
    r->method = "-";
    r->body = "";
    r->log_path = "-";
    r->lang = "zh";
    size_t n = strlen(uri);
    const char *qm = strchr(uri, '?');
    size_t path_len = qm ? (size_t)(qm - uri) : n;
    if (n > s->cfg.max_uri) {
        r->early_rc = -ERR_URI_TOO_LONG;
        r->path = arena_strndup(&r->arena, uri, path_len < 256 ? path_len : 256);
        r->query = "";
    } else {
        r->path = arena_strndup(&r->arena, uri, path_len);
        r->query = qm ? arena_strdup(&r->arena, qm + 1) : "";
    }
    if (qm)
        ((char *)(uintptr_t)qm)[1] = '\0'; /* libmicrohttpd's read buffer: see above */
    pthread_mutex_lock(&s->mu);
    s->in_flight++;
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* The headers are in: fill the fields that need them. `url` is libmicrohttpd's path. */
static void server__req_begin(struct http_req *r, const char *url, const char *method)
{
    r->begun = true;
    r->method = arena_strdup(&r->arena, method);
    if (!r->early_rc)
        r->path = arena_strdup(&r->arena, url);
    r->remote_addr = server__remote_addr(r);
    r->lang = server__lang(r);
    r->request_id = server__request_id(r);
}

static void server__req_free(struct http_req *r)
{
    struct http_server *s = r->server;
    json_decref(r->json);
    buf_free(&r->body_buf);
    arena_free(&r->arena);
    free(r);
    pthread_mutex_lock(&s->mu);
    if (--s->in_flight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->mu);
}

/* Route, authorize, run the handler. Returns 0 when w is filled, else the error to render. */
static int server__dispatch(struct http_req *r, struct http_resp *w)
{
    const struct http_server_config *cfg = &r->server->cfg;
    const struct route *route;
    int rc = router_match(cfg->routes, cfg->n_routes, r->method, r->path, r, &route);
    if (rc == -ERR_METHOD_NOT_ALLOWED) {
        struct buf allow = {0};
        router_allow(cfg->routes, cfg->n_routes, r->path, &allow);
        r->allow = arena_strdup(&r->arena, buf_cstr(&allow));
        buf_free(&allow);
        goto out;
    }
    if (rc == -ERR_NOT_FOUND) {
        if (server__is_api(r->path) || strcmp(r->path, "/healthz") == 0)
            goto out;
        r->log_path = r->path; /* a static file: the path says nothing about a person */
        r->static_file = true;
        rc = static_serve(r->server->site, r, w);
        goto out;
    }
    r->route = route;
    r->log_path = route->pattern;
    if (cfg->authorize) {
        rc = cfg->authorize(r, route, cfg->ctx);
        if (rc != 0)
            goto out;
    }
    rc = route->handler(r, w);
    if (rc == 0 && w->status == 0) {
        log_error("http", "event=handler_no_response route=%s", route->pattern);
        rc = -ERR_INTERNAL;
    }
out:
    if (rc > 0) {
        log_error("http", "event=positive_rc route=%s rc=%d", r->log_path, rc);
        rc = -ERR_INTERNAL;
    }
    return rc;
}

/*
 * Replace whatever w holds with the contract error object for rc. The field is the one the
 * handler named for this error (req->err), and only that: a stale field from another code is
 * dropped. Detail goes to the log for server errors, never to the client.
 */
static void server__render_error(struct http_req *r, struct http_resp *w, int rc)
{
    const struct err_info *ei = err_info(rc);
    struct err_ctx ec = r->err;
    if (ec.code != 0 && ec.code != rc) {
        ec.field = NULL;
        ec.ref = NULL;
    }
    ec.code = rc;
    ec.detail = NULL;
    if (ei->http_status >= 500)
        log_error("http", "event=server_error method=%s route=%s code=%s detail=\"%s\"", r->method,
                  r->log_path, ei->code, r->err.detail ? r->err.detail : "");
    w->headers = NULL;
    http_resp_json(w, ei->http_status, json_error_object(&ec, r->lang));
    if (rc == -ERR_METHOD_NOT_ALLOWED && r->allow)
        http_resp_header(w, "Allow", r->allow);
    if ((ei->http_status == 429 || ei->http_status == 503) && r->err.retry_after > 0) {
        char secs[24];
        snprintf(secs, sizeof secs, "%d", r->err.retry_after);
        http_resp_header(w, "Retry-After", secs);
    }
}

/* Turn w into an MHD response with the server's headers and queue it. */
static enum MHD_Result server__queue(struct http_req *r, struct http_resp *w)
{
    struct MHD_Response *resp;
    if (w->body_free)
        resp = MHD_create_response_from_buffer_with_free_callback(
            w->body_len, (void *)(uintptr_t)w->body, w->body_free);
    else
        resp = MHD_create_response_from_buffer(w->body_len, (void *)(uintptr_t)w->body,
                                               MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        server__resp_drop_body(w);
        return MHD_NO;
    }
    w->body_free = NULL; /* the response owns the body now */

    bool api = server__is_api(r->path);
    bool has_cache_control = false;
    for (const struct http_resp_header *h = w->headers; h; h = h->next) {
        if (strcasecmp(h->name, "Cache-Control") == 0) {
            if (api)
                continue; /* API answers are never cached, whatever the handler said */
            has_cache_control = true;
        }
        MHD_add_response_header(resp, h->name, h->value);
    }
    if (!has_cache_control)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (w->content_type)
        MHD_add_response_header(resp, "Content-Type", w->content_type);
    MHD_add_response_header(resp, "Content-Security-Policy", r->server->csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    if (r->server->hsts)
        MHD_add_response_header(resp, "Strict-Transport-Security", r->server->hsts);
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    /* After a refused head or body the rest of the stream cannot be trusted to be framed. */
    if (atomic_load(&r->server->stopping) || r->unframed || w->status == 413 || w->status == 414 ||
        w->status == 431)
        MHD_add_response_header(resp, "Connection", "close");

    r->status = w->status;
    r->bytes = strcmp(r->method, "HEAD") == 0 ? 0 : w->body_len;
    r->answered = true;
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)w->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Produce the response for r: dispatch unless rc already says what went wrong. */
static enum MHD_Result server__answer(struct http_req *r, int rc)
{
    struct http_resp w = {0};
    w.arena = &r->arena;
    if (rc == 0)
        rc = server__dispatch(r, &w);
    if (rc < 0)
        server__render_error(r, &w, rc);
    return server__queue(r, &w);
}

/* fn of MHD_get_connection_values: counts the Content-Length fields into *cls. */
static enum MHD_Result server__count_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                            const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, "Content-Length") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

/*
 * What libmicrohttpd passes on but RFC 9112 refuses, checked once the head is in (so the
 * answer is ureg's JSON error): an HTTP/1.1 request without Host (§3.2), more than one
 * Content-Length or Content-Length beside Transfer-Encoding (§6.3: the framing is ambiguous,
 * the classic request-smuggling split), a transfer coding other than chunked (§6.1: 501), a
 * body on GET or HEAD, which have none (RFC 9110 §9.3.1-2: refused here rather than read and
 * ignored). 0 or the error; the connection is closed after the answer.
 */
static int server__framing(struct MHD_Connection *c, const char *method, const char *version)
{
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    int lengths = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, server__count_length, &lengths);
    if (version && strcmp(version, "HTTP/1.1") == 0 &&
        !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))
        return -ERR_HOST_REQUIRED;
    if (lengths > 1 || (te && cl))
        return -ERR_FRAMING_AMBIGUOUS;
    if (te && strcasecmp(te, "chunked") != 0)
        return -ERR_TRANSFER_CODING;
    bool bodiless = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (bodiless && (te || (cl && strcmp(cl, "0") != 0)))
        return -ERR_BODY_NOT_ALLOWED;
    return 0;
}

/* Bodies declared up to this many times max_body are read and dropped before the 413. */
#define SERVER_DRAIN_FACTOR 16

static enum MHD_Result server__access_step(struct http_server *s, struct MHD_Connection *c,
                                           const char *url, const char *method, const char *version,
                                           const char *upload_data, size_t *upload_data_size,
                                           void **con_cls)
{
    struct http_req *r = *con_cls;
    if (!r) /* the URI-log callback always runs first; this is belt and braces */
        *con_cls = r = server__uri_log(s, url, c);
    if (!r->begun) {
        server__req_begin(r, url, method);
        log_set_request_id(r->request_id);
        if (r->early_rc)
            return server__answer(r, r->early_rc);
        const union MHD_ConnectionInfo *hi =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (hi && hi->header_size > s->cfg.max_head)
            return server__answer(r, -ERR_HEADERS_TOO_LARGE);
        int framing = server__framing(c, method, version);
        if (framing < 0) {
            r->unframed = true;
            return server__answer(r, framing);
        }
        /*
         * A declared length over the limit is refused. Up to SERVER_DRAIN_FACTOR times the
         * limit the body is read and dropped first, because most clients (browsers, fetch)
         * report a connection closed under their upload as a network error rather than show
         * the 413; beyond that it is refused at once and libmicrohttpd closes the connection
         * without reading the body.
         */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            unsigned long long n = strtoull(cl, NULL, 10);
            if (n > s->cfg.max_body) {
                r->too_large = true;
                if (n > (unsigned long long)s->cfg.max_body * SERVER_DRAIN_FACTOR)
                    return server__answer(r, -ERR_PAYLOAD_TOO_LARGE);
            } else {
                buf_reserve(&r->body_buf, (size_t)n);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A chunked body over the limit is read and dropped, never kept. */
        if (!r->too_large && r->body_buf.len + *upload_data_size > s->cfg.max_body) {
            r->too_large = true;
            buf_free(&r->body_buf);
        }
        if (!r->too_large)
            buf_append(&r->body_buf, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->answered)
        return MHD_YES;
    if (r->body_buf.data) {
        r->body = r->body_buf.data;
        r->body_len = r->body_buf.len;
    }
    return server__answer(r, r->too_large ? -ERR_PAYLOAD_TOO_LARGE : 0);
}

/* libmicrohttpd's access handler: one step of a request, with the request's id on every log
 * line the step writes. */
static enum MHD_Result server__access(void *cls, struct MHD_Connection *c, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
    const struct http_req *r = *con_cls;
    if (r && r->request_id)
        log_set_request_id(r->request_id);
    enum MHD_Result ret =
        server__access_step(cls, c, url, method, version, upload_data, upload_data_size, con_cls);
    log_set_request_id(NULL);
    return ret;
}

static const char *server__termination(enum MHD_RequestTerminationCode toe)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK:
        return "ok";
    case MHD_REQUEST_TERMINATED_WITH_ERROR:
        return "error";
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
        return "timeout";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
        return "shutdown";
    case MHD_REQUEST_TERMINATED_READ_ERROR:
        return "read_error";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
        return "client_abort";
    }
    return "unknown";
}

/* Count an answered request in its row's status counter and latency histogram. */
static void server__count(struct http_req *r, double seconds)
{
    struct http_server *s = r->server;
    size_t row = r->route         ? (size_t)(r->route - s->cfg.routes)
                 : r->static_file ? s->cfg.n_routes
                                  : s->cfg.n_routes + 1;
    if (r->status < 100 || r->status >= 100 + SERVER__STATUSES)
        return; /* not answered (the connection died first) */
    atomic_fetch_add_explicit(&s->stats[row].by_status[r->status - 100], 1, memory_order_relaxed);
    metrics_hist_observe(&s->stats[row].latency, seconds);
}

static void server__completed(void *cls, struct MHD_Connection *c, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    struct http_req *r = *con_cls;
    if (!r)
        return;
    *con_cls = NULL;
    if (!r->answered) {
        /* libmicrohttpd answered itself (docs/security-edge.md): log and count its status */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
        if (ci && ci->http_status >= 100 && ci->http_status < 600)
            r->status = (int)ci->http_status;
    }
    int64_t ns = server__now_ns() - r->started_ns;
    server__count(r, (double)ns / 1e9);
    /* The pattern, not the path; never the query string; never a body. */
    log_set_request_id(r->request_id);
    log_info("http", "event=request method=%s path=%s status=%d ms=%.1f bytes=%zu end=%s",
             r->method, r->log_path, r->status, (double)ns / 1e6, r->bytes,
             server__termination(toe));
    log_set_request_id(NULL);
    server__req_free(r);
}

/* Keep the URL and query arguments exactly as sent (see the comment at the top). */
static size_t server__no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static void server__mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    struct buf b = {0};
    buf_vprintf(&b, fmt, ap);
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
        b.data[--b.len] = '\0';
    log_warn("http", "event=mhd message=\"%s\"", buf_cstr(&b));
    buf_free(&b);
}

/* ---- start and stop --------------------------------------------------------------------- */

int http_server_start(const struct http_server_config *cfg, struct http_server **out)
{
    int rc = 0;
    struct http_server *s = NULL;
    struct addrinfo *ai = NULL;
    *out = NULL;

    rc = router_validate(cfg->routes, cfg->n_routes);
    if (rc < 0)
        goto out;

    const char *host = cfg->listen_host ? cfg->listen_host : "127.0.0.1";
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)cfg->port);
    struct addrinfo hints = {0};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai != 0) {
        log_error("http", "event=resolve_failed host=%s reason=\"%s\"", host, gai_strerror(gai));
        rc = -ERR_IO;
        goto out;
    }

    s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.max_body)
        s->cfg.max_body = SERVER_DEFAULT_MAX_BODY;
    if (!s->cfg.threads) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        s->cfg.threads = 2 * (unsigned)(cores > 0 ? cores : 1);
    }
    if (!s->cfg.timeout_s)
        s->cfg.timeout_s = SERVER_DEFAULT_TIMEOUT_S;
    if (!s->cfg.stop_grace_ms)
        s->cfg.stop_grace_ms = SERVER_DEFAULT_GRACE_MS;
    if (!s->cfg.max_uri)
        s->cfg.max_uri = SERVER_DEFAULT_MAX_URI;
    if (!s->cfg.max_head)
        s->cfg.max_head = SERVER_DEFAULT_MAX_HEAD;
    if (s->cfg.hsts_max_age) {
        struct buf h = {0};
        buf_printf(&h, "max-age=%lu; includeSubDomains", s->cfg.hsts_max_age);
        s->hsts = buf_detach(&h);
    }
    s->stats = xcalloc(s->cfg.n_routes + 2, sizeof *s->stats);
    for (size_t i = 0; i < s->cfg.n_routes + 2; i++)
        metrics_hist_init(&s->stats[i].latency, metrics_latency_bounds, metrics_latency_n);
    s->site = static_site_new(cfg->web ? cfg->web : embed_web, cfg->spa_prefixes);
    struct buf csp = {0};
    buf_printf(&csp, "%s%s%s", SERVER_CSP_HEAD, static_script_sources(s->site), SERVER_CSP_TAIL);
    s->csp = buf_detach(&csp);
    pthread_mutex_init(&s->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->idle, &ca);
    pthread_condattr_destroy(&ca);

    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;

    /* Threads inherit the signal mask: the daemon's never take SIGINT/SIGTERM/SIGPIPE. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    /* The logger goes first so that no message escapes to libmicrohttpd's own stderr logger. */
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, server__access, s, MHD_OPTION_EXTERNAL_LOGGER, server__mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->cfg.timeout_s, MHD_OPTION_NOTIFY_COMPLETED,
        server__completed, s, MHD_OPTION_UNESCAPE_CALLBACK, server__no_unescape, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, server__uri_log, s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        s->cfg.max_head * SERVER_POOL_PER_HEAD_BYTE, MHD_OPTION_END);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!s->daemon) {
        log_error("http", "event=listen_failed host=%s port=%s", host, port);
        rc = -ERR_IO;
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    log_debug("http", "event=listening host=%s port=%u threads=%u max_body=%zu", host,
              (unsigned)s->port, s->cfg.threads, s->cfg.max_body);
    *out = s;
    s = NULL;
out:
    if (ai)
        freeaddrinfo(ai);
    if (s) {
        static_site_free(s->site);
        free(s->csp);
        free(s->hsts);
        pthread_cond_destroy(&s->idle);
        pthread_mutex_destroy(&s->mu);
        free(s->stats);
        free(s);
    }
    return rc;
}

unsigned short http_server_port(const struct http_server *s)
{
    return s->port;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    atomic_store(&s->stopping, true);
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += s->cfg.stop_grace_ms / 1000;
    deadline.tv_nsec += (long)(s->cfg.stop_grace_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->mu);
    while (s->in_flight > 0)
        if (pthread_cond_timedwait(&s->idle, &s->mu, &deadline) != 0)
            break;
    unsigned left = s->in_flight;
    pthread_mutex_unlock(&s->mu);
    if (left)
        log_warn("http", "event=stop_grace_expired in_flight=%u", left);

    MHD_stop_daemon(s->daemon);
    /* libmicrohttpd's threads may use the quiesced socket until they are stopped. */
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    log_debug("http", "event=stopped");
    static_site_free(s->site);
    free(s->csp);
    free(s->hsts);
    pthread_cond_destroy(&s->idle);
    pthread_mutex_destroy(&s->mu);
    free(s->stats);
    free(s);
}

int http_server_run_until_signal(struct http_server *s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    int sig = 0;
    for (;;) {
        if (sigwait(&set, &sig) != 0)
            sig = 0;
        if (sig != SIGHUP)
            break;
        /* logrotate moved the file away: write to a new one at the same path */
        int rc = log_reopen();
        if (rc < 0)
            log_error("http", "event=log_reopen_failed errno=%d", -rc);
        else
            log_info("http", "event=log_reopened");
    }
    log_info("http", "event=signal signal=%d", sig);
    http_server_stop(s);
    return sig;
}

void http_server_metrics(const struct http_req *req, struct buf *out)
{
    struct http_server *s = req->server;
    size_t rows = s->cfg.n_routes + 2;
    metrics_family(out, "ureg_http_requests_total", "counter",
                   "HTTP requests answered, by route pattern (never the path), method and status");
    for (size_t i = 0; i < rows; i++) {
        const char *route = i < s->cfg.n_routes    ? s->cfg.routes[i].pattern
                            : i == s->cfg.n_routes ? "static"
                                                   : "unmatched";
        const char *method = i < s->cfg.n_routes ? s->cfg.routes[i].method : "any";
        for (int k = 0; k < SERVER__STATUSES; k++) {
            uint64_t n = atomic_load_explicit(&s->stats[i].by_status[k], memory_order_relaxed);
            if (!n)
                continue;
            char code[16];
            snprintf(code, sizeof code, "%d", k + 100);
            struct buf lb = {0};
            metrics_label(&lb, "route", route);
            metrics_label(&lb, "method", method);
            metrics_label(&lb, "status", code);
            metrics_sample(out, "ureg_http_requests_total", buf_cstr(&lb), (double)n);
            buf_free(&lb);
        }
    }
    metrics_family(out, "ureg_http_request_duration_seconds", "histogram",
                   "Time from a request's first header to its answer's end, by route pattern");
    for (size_t i = 0; i < rows; i++) {
        const char *route = i < s->cfg.n_routes    ? s->cfg.routes[i].pattern
                            : i == s->cfg.n_routes ? "static"
                                                   : "unmatched";
        const char *method = i < s->cfg.n_routes ? s->cfg.routes[i].method : "any";
        uint64_t seen = 0;
        for (int k = 0; k <= s->stats[i].latency.n; k++)
            seen += atomic_load_explicit(&s->stats[i].latency.counts[k], memory_order_relaxed);
        if (!seen)
            continue; /* a route not yet asked for: its series appear with its first request */
        struct buf lb = {0};
        metrics_label(&lb, "route", route);
        metrics_label(&lb, "method", method);
        metrics_hist_write(out, "ureg_http_request_duration_seconds", buf_cstr(&lb),
                           &s->stats[i].latency);
        buf_free(&lb);
    }
    pthread_mutex_lock(&s->mu);
    unsigned in_flight = s->in_flight;
    pthread_mutex_unlock(&s->mu);
    metrics_family(out, "ureg_http_requests_in_flight", "gauge",
                   "Requests received and not yet finished (this scrape included)");
    metrics_sample(out, "ureg_http_requests_in_flight", NULL, in_flight);
}
