/*
 * api.h — ureg's HTTP API: the route table, the authorize hook and the handlers.
 *
 * The generic server (server.h, router.h, static.h) knows nothing of ureg; this module is the
 * one table of routes {method, path, permission, handler, summary} and the hook that turns a
 * cookie session or bearer token into an actor (app/access.h) and checks the route's
 * permission and, for cookie sessions, the CSRF token of every state-changing request.
 */
#ifndef UREG_HTTP_API_H
#define UREG_HTTP_API_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct app;

struct api_config {
    const char *host;    /* "127.0.0.1" */
    unsigned short port; /* 0 = any free port */
    unsigned threads;    /* 0 = default */
    bool secure_cookies; /* add Secure to the session cookie (behind HTTPS) */
    /* /metrics: who may read it without a token: comma-separated address ranges (http/cidr.h);
     * NULL = API_METRICS_ALLOW_DEFAULT (loopback). */
    const char *metrics_allow;
    const char *metrics_token; /* Bearer token that opens /metrics from anywhere; NULL: none */
    int metrics_interval;      /* seconds the costly counts are cached (app/metrics.h); 0 = 60 */
    /* The edge (http/api_edge.h): trusted proxies and the public routes' rates (NULL: the
     * defaults), and HSTS: max-age seconds (0: off; on, the session cookie is Secure too). */
    const char *trusted_proxies;
    const char *rate_submit, *rate_status, *code_failures;
    unsigned long hsts_max_age;
};

#define API_METRICS_ALLOW_DEFAULT "127.0.0.0/8,::1/128"

/*
 * Serve until SIGINT/SIGTERM (SIGHUP reopens the log file). Prints "listening on
 * http://HOST:PORT" as the first line on stdout once bound, then shuts down gracefully on the
 * signal: requests in flight finish, then the caller's app_close commits the queued group
 * commits. Returns 0, -ERR_USAGE (message on stderr) for a bad metrics_allow, or another
 * negative error.
 */
int api_serve(struct app *a, const struct api_config *cfg);

/*
 * The same server without the signal loop, for tests and fuzz harnesses that drive the API in
 * process: start serving `a` on background threads (cfg and a must outlive the server) and
 * store it in *out. Returns 0, -ERR_USAGE (message on stderr), -ERR_IO (cannot bind) or
 * -ERR_INTERNAL. api_port names the bound port; api_stop stops it gracefully (requests in
 * flight finish) and frees it (NULL is a no-op); the caller then closes `a`.
 */
struct api_server;
int api_start(struct app *a, const struct api_config *cfg, struct api_server **out);
unsigned short api_port(const struct api_server *s);
void api_stop(struct api_server *s);

/* The route table (static, *n rows), for harnesses that walk every route. */
struct route;
const struct route *api_route_table(size_t *n);

/* Append the route table as Markdown (docs/api.md is generated from it). */
void api_routes_markdown(struct buf *out);

/* Append the OpenAPI 3.1 document (what GET /api/v1/openapi.json serves), indented, to `out`.
 * Returns 0 or -ERR_INTERNAL (logged) when the route table names an unknown schema. */
int api_openapi_json(struct buf *out);

#endif
