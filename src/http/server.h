/*
 * server.h — the HTTP server: requests in, one handler per route, responses out.
 *
 * Built on libmicrohttpd with its own polling thread(s) and a thread pool (default two threads
 * per core); handlers run on those threads, so a handler must be thread-safe with respect to
 * whatever it shares (the ctx). One request is one `struct http_req`, alive from its first
 * header to the last byte of its response; everything it allocates comes from req->arena and
 * is freed at once when it ends.
 *
 * The flow of a request, in one place (server.c):
 *   0. head: the request target over config.max_uri is 414 uri_too_long, a request line and
 *      headers over config.max_head 431 headers_too_large, both as the JSON error at once,
 *      before any body is read (the connection is then closed). The query string is kept raw
 *      and parsed by http_query() alone: libmicrohttpd never builds its own argument list, so
 *      a query of thousands of parameters cannot exhaust the connection's memory (which used
 *      to leave the client waiting for the 30 s timeout and an empty reply). What
 *      libmicrohttpd still answers itself is listed in docs/security-edge.md.
 *   1. body: accumulated up to config.max_body (default 1 MiB). A larger declared
 *      Content-Length is refused with 413 at once, without reading the body; a larger chunked
 *      body is read and discarded, then refused with 413.
 *   2. route: router_match() on the table → 404 / 405 (+ Allow). Paths not under /api/ and not
 *      /healthz that no route matches go to the static web UI (http/static.h).
 *   3. authorize: the app's hook (authentication, route->perm, CSRF) may refuse.
 *   4. handler: fills the response, or returns -ERR_*.
 *   5. render: a negative code becomes the CONTRACT error object
 *      {"error":{"code","message","field"}} with err_info()'s status and req->lang's message,
 *      and nothing else: a handler's partly filled response is discarded, and no detail, SQL
 *      or path ever reaches the client. 5xx are logged with their detail.
 *   6. headers: the security headers on every response (Content-Security-Policy, nosniff,
 *      X-Frame-Options DENY, Referrer-Policy no-referrer, Cross-Origin-Opener-Policy
 *      same-origin, Strict-Transport-Security when config.hsts_max_age is set), a handler's
 *      Retry-After, Cache-Control: no-store on /api/
 *      responses (and on any response that set none). The CSP's script-src is 'self' plus the
 *      SHA-256 of each inline import map in the served index.html, computed at start.
 *   7. log: one access line per request (event=request): method, route PATTERN (never the concrete
 * path of an API request, which carries application numbers, and never the query string, which may
 *      carry query codes), status, milliseconds, response bytes.
 *
 * Language: req->lang is "en" or "zh": ?lang=en|zh first, then the Accept-Language header
 * (the first of zh/en by q-value), else "zh".
 *
 * Expected load: a few hundred requests per second per node, bodies of a few KiB.
 */
#ifndef UREG_HTTP_SERVER_H
#define UREG_HTTP_SERVER_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/err.h"
#include "http/router.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct http_server;

/*
 * One request. The public fields are set by the server before the authorize hook runs and
 * are read-only for handlers, except err (handlers fill it for the error they return) and auth
 * (the authorize hook sets it). Strings are NUL-terminated and live in req->arena.
 */
struct http_req {
    const char *method;      /* "GET", ... as sent */
    const char *path;        /* without the query string, still percent-encoded */
    const char *query;       /* the raw query string after '?' ("" when none), as sent */
    const char *remote_addr; /* "127.0.0.1", "::1"; "" when unknown */
    const char *lang;        /* "zh" (default) or "en" */
    const char *body;        /* NUL-terminated ("" when none); body_len excludes the NUL */
    size_t body_len;
    struct arena arena; /* everything the request allocates; freed when it ends */

    /* Path parameters from the matched pattern, percent-decoded: {no} → "N2024..." */
    int n_params;
    const char *param_names[ROUTER_MAX_PARAMS];
    const char *param_values[ROUTER_MAX_PARAMS];

    struct err_ctx err;        /* the field (and detail, for logs) of the error a handler returns */
    void *auth;                /* set by the authorize hook; opaque here */
    const struct route *route; /* the matched row; NULL for static files and errors */
    /* X-Request-Id: the client's when valid (http_request_id_valid), else 32 random hex digits;
     * sent back in the response's X-Request-Id and on every log line of the request. */
    const char *request_id;

    /* Internal to server.c (and static.c for `allow`): do not touch. */
    struct http_server *server;
    struct MHD_Connection *conn;
    json_t *json;         /* parsed body, owned; see http_req_json */
    const char *allow;    /* Allow header value for a 405 answer */
    const char *log_path; /* what the access log shows as the path */
    struct buf body_buf;  /* the body while it arrives */
    bool too_large;       /* the body went over max_body */
    bool begun;           /* the headers are in and the request's fields are set */
    int early_rc;         /* an error found before the headers were in (-ERR_URI_TOO_LONG) */
    bool answered;        /* a response was queued */
    bool unframed;        /* its framing was refused (server__framing): close after the answer */
    bool static_file;     /* answered by static.c (counted as route "static") */
    int status;           /* status of the queued response, for the log */
    size_t bytes;         /* body bytes of the queued response, for the log */
    int64_t started_ns;   /* monotonic time of the first header */
};

/* A response header added with http_resp_header(); a list in the request's arena. */
struct http_resp_header {
    struct http_resp_header *next;
    const char *name;
    const char *value;
};

/*
 * What a handler fills. Use the functions below, not the fields. A handler that returns 0
 * must have set a status (http_resp_json / http_resp_bytes / http_resp_empty), else the client
 * gets 500.
 */
struct http_resp {
    int status;               /* 0 until a body function ran */
    const char *content_type; /* NULL: no Content-Type header */
    const void *body;
    size_t body_len;
    void (*body_free)(void *); /* releases body after sending; NULL when it outlives the server */
    struct http_resp_header *headers;
    struct arena *arena; /* the request's arena, for header copies */
};

/* The server's settings; zero fields take the defaults given. */
struct http_server_config {
    const char *listen_host; /* numeric address or host name; NULL = "127.0.0.1" */
    unsigned short port;     /* 0 = pick a free port (see http_server_port) */
    const struct route *routes;
    size_t n_routes;
    size_t max_body;            /* request body limit in bytes; 0 = 1 MiB */
    size_t max_uri;             /* request-target limit in bytes (414 above); 0 = 8 KiB */
    size_t max_head;            /* request line + header limit in bytes (431 above); 0 = 16 KiB */
    unsigned long hsts_max_age; /* > 0: send Strict-Transport-Security with this max-age */
    unsigned threads;           /* worker threads; 0 = 2 × online cores */
    unsigned timeout_s;         /* idle connection timeout; 0 = 30 s */
    unsigned stop_grace_ms; /* how long http_server_stop waits for in-flight requests; 0 = 10 s */
    /*
     * Called after routing, before the handler: the app authenticates the request (cookie
     * session / bearer token), checks route->perm and the CSRF token of state-changing methods,
     * and may set req->auth. Returns 0 to proceed or a negative -ERR_* to refuse (rendered like
     * a handler's error). NULL lets every request through.
     */
    int (*authorize)(struct http_req *req, const struct route *route, void *ctx);
    void *ctx; /* passed to authorize; handlers get it with http_ctx(req) */
    /* The web UI; NULL = embed_web. */
    const struct embed_file *web;
    /*
     * Client-side routes of the single-page apps, e.g. {"/staff", "/apply", NULL}: a GET for
     * the prefix or anything below it without a file of that name is answered with index.html.
     * NULL = none.
     */
    const char *const *spa_prefixes;
};

/*
 * Start serving in background threads. On success store a new server in *out (release it with
 * http_server_stop) and return 0. Returns -ERR_INTERNAL when the route table is malformed
 * (logged, see router_validate) and -ERR_IO when the address cannot be resolved or bound. The
 * threads the server creates block SIGINT, SIGTERM and SIGPIPE, so those signals reach the
 * caller (see http_server_run_until_signal); SIGHUP too. The config is copied; the tables it points
 * to (routes, web, spa_prefixes) and ctx must outlive the server.
 */
int http_server_start(const struct http_server_config *cfg, struct http_server **out);

/* The port the server is bound to (the real one when the config said 0). */
unsigned short http_server_port(const struct http_server *s);

/*
 * Stop gracefully and free: stop accepting connections, let the requests already received run
 * to completion (up to stop_grace_ms; responses sent meanwhile carry "Connection: close"), then
 * close every connection and release the server. `s` is invalid afterwards; NULL is a no-op.
 * Must not be called from a handler.
 */
void http_server_stop(struct http_server *s);

/*
 * Block SIGINT, SIGTERM and SIGHUP in the calling thread and wait for them (sigwait): SIGHUP
 * reopens the log file (log_reopen, for logrotate) and waits on; SIGINT or SIGTERM
 * http_server_stop(s) and return the signal number. Call it from the thread that started the
 * server, before creating other threads that do not block those signals themselves. The
 * signals stay blocked in the calling thread afterwards.
 */
int http_server_run_until_signal(struct http_server *s);

/* The longest X-Request-Id taken from a client. */
#define HTTP_REQUEST_ID_MAX 64

/* Whether `id` may be taken as a request id: 1..HTTP_REQUEST_ID_MAX characters of A-Z a-z 0-9
 * - _ . (so it is safe in a header, a log line and a JSON string as it is). */
bool http_request_id_valid(const char *id);

/*
 * Append the server's series to `out` in the Prometheus text format: ureg_http_requests_total
 * {route, method, status} (a row of the route table; "static" and "unmatched" for the rest),
 * the histogram ureg_http_request_duration_seconds {route, method}, and the gauge
 * ureg_http_requests_in_flight. Lock-free but for the in-flight count; for the /metrics handler.
 */
void http_server_metrics(const struct http_req *req, struct buf *out);

/* The config's ctx, for handlers. */
void *http_ctx(const struct http_req *r);

/* The decoded path parameter `name` of the matched pattern, or NULL when there is none. */
const char *http_param(const struct http_req *r, const char *name);

/*
 * The query-string parameter `name` (exact, case-sensitive name match), percent-decoded with
 * '+' as space, in the request's arena. NULL when absent or when its encoding is malformed or
 * decodes to a NUL byte; "" for "?name" or "?name=". The first occurrence wins.
 */
const char *http_query(const struct http_req *r, const char *name);

/* The request header `name` (case-insensitive), owned by the request; NULL when absent. */
const char *http_header(const struct http_req *r, const char *name);

/* The value of the cookie `name` (exact name), owned by the request; NULL when absent. */
const char *http_cookie(const struct http_req *r, const char *name);

/*
 * Parse the body as a JSON object. Requires Content-Type application/json (parameters such as
 * charset allowed): else -ERR_UNSUPPORTED_MEDIA. A body that is not JSON, or JSON but not an
 * object, gives -ERR_INVALID_JSON. On success *out is the object, owned by the request
 * (released when it ends: do not decref, json_incref to keep it); later calls return the same
 * object. On failure *out is NULL and req->err is set.
 */
int http_req_json(struct http_req *r, json_t **out);

/*
 * Answer `status` with `body` serialised as compact UTF-8 JSON, Content-Type
 * "application/json; charset=utf-8". Steals the reference to body (NULL → "null"). Replaces any
 * body set before.
 */
void http_resp_json(struct http_resp *w, int status, json_t *body);

/* The same with the JSON text already written (base/jsonw.h): takes b's bytes (b is left
 * empty). */
void http_resp_json_text(struct http_resp *w, int status, struct buf *b);

/*
 * Answer `status` with n bytes at p of the given content type (NULL: no Content-Type). With
 * copy true the bytes are copied now; with copy false p must outlive the server (static
 * storage, embed tables). Replaces any body set before.
 */
void http_resp_bytes(struct http_resp *w, int status, const char *content_type, const void *p,
                     size_t n, bool copy);

/* Answer `status` (204, 304, ...) with no body. Replaces any body set before. */
void http_resp_empty(struct http_resp *w, int status);

/*
 * Add a response header (e.g. Set-Cookie, Location, ETag); name and value are copied. Adding
 * the same name twice sends it twice. Content-Type is set by the body functions, and the
 * security headers by the server: do not add those. Values with CR or LF are dropped (logged).
 */
void http_resp_header(struct http_resp *w, const char *name, const char *value);

#endif
