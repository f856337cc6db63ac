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

struct app;

struct api_config {
    const char *host;    /* "127.0.0.1" */
    unsigned short port; /* 0 = any free port */
    unsigned threads;    /* 0 = default */
    bool secure_cookies; /* add Secure to the session cookie (behind HTTPS) */
};

/*
 * Serve until SIGINT/SIGTERM. Prints "listening on http://HOST:PORT" as the first line on
 * stdout once bound, then shuts down gracefully on the signal. Returns 0 or a negative error.
 */
int api_serve(struct app *a, const struct api_config *cfg);

/* Append the route table as Markdown (docs/api.md is generated from it). */
void api_routes_markdown(struct buf *out);

#endif
