/*
 * httpc.h — a small blocking HTTP client for the exchange with the national hub (libcurl).
 *
 * One `struct httpc` per thread that talks to another system (a local system's exchange
 * worker): it keeps its connection alive between requests. http:// and https:// (the system's
 * CA store verifies the peer; no verification switch exists). Requests have a total timeout;
 * responses larger than HTTPC_MAX_BODY are refused.
 */
#ifndef UREG_BASE_HTTPC_H
#define UREG_BASE_HTTPC_H

#include "base/buf.h"

#include <stddef.h>

#define HTTPC_MAX_BODY (16u << 20) /* 16 MiB */
#define HTTPC_HEADER_MAX 512

struct httpc;

/* A new client; never NULL (aborts on out of memory). Free with httpc_free. */
struct httpc *httpc_new(void);
void httpc_free(struct httpc *h);

/* What a request got back. `body` is the caller's buffer (reset first). */
struct httpc_resp {
    long status;                      /* HTTP status, 0 when no answer came */
    struct buf *body;                 /* the response body */
    char signature[HTTPC_HEADER_MAX]; /* the response's Signature header, "" when none */
};

/*
 * POST n bytes of `body` as application/json to `url` with the extra `headers` ("Name: value",
 * NULL-terminated list), waiting at most timeout_ms in all. Returns 0 when an HTTP answer came
 * (any status: see r->status), -ERR_IO when none did (refused, timed out, reset, too large),
 * with the reason in the log.
 */
int httpc_post(struct httpc *h, const char *url, const char *const *headers, const char *body,
               size_t n, long timeout_ms, struct httpc_resp *r);

#endif
