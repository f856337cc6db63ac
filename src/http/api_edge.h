/*
 * api_edge.h — ureg's HTTP edge policy: who the client is behind a trusted proxy, the rate
 * limits of the public routes, the wrong-query-code limit per application, and the development
 * identity provider's route. The generic mechanisms are http/ratelimit.h and http/cidr.h;
 * this module applies them to ureg's routes (api.c calls it from its authorize hook).
 *
 *   client address   the connection's peer, unless that peer is in trusted_proxies: then the
 *                    right-most address of X-Forwarded-For that is not itself a trusted proxy
 *                    (a client cannot forge its way past the proxies that appended to it). An
 *                    IPv6 client is limited by its /64, which one subscriber usually holds.
 *   rate_submit      POST /api/v1/public/applications (and the dev token route), per client
 *   rate_status      GET /api/v1/public/applications/{no}, per client
 *   code_failures    wrong query codes per application number, whatever the client: past it,
 *                    the status query of that number is refused (429 query_code_locked) until
 *                    the bucket refills, so the 10-character code (31^10 values) cannot be
 *                    found by trying. A locked number is locked for its owner too, for at most
 *                    the window: the price of the protection (docs/security-edge.md).
 * Refusals are 429 with Retry-After and the contract's JSON error; each is logged (event=
 * rate_limited, the class, never the address or the number).
 */
#ifndef UREG_HTTP_API_EDGE_H
#define UREG_HTTP_API_EDGE_H

#include "http/router.h"
#include "http/server.h"

struct api_edge;

/* The edge's settings as text (NULL: the default). */
struct api_edge_config {
    const char *trusted_proxies; /* CIDR list; NULL/"": none (X-Forwarded-For ignored) */
    const char *rate_submit;     /* "N/SECONDS" or "off"; NULL = API_EDGE_RATE_SUBMIT */
    const char *rate_status;     /* NULL = API_EDGE_RATE_STATUS */
    const char *code_failures;   /* NULL = API_EDGE_CODE_FAILURES */
};

#define API_EDGE_RATE_SUBMIT "20/600"
#define API_EDGE_RATE_STATUS "120/60"
#define API_EDGE_CODE_FAILURES "10/3600"

/* Build the edge; -ERR_USAGE with a message on stderr for a malformed setting. */
int api_edge_new(const struct api_edge_config *cfg, struct api_edge **out);
void api_edge_free(struct api_edge *e);

/*
 * Resolve req->remote_addr to the client's address (see above; the arena's copy) and apply
 * the route's rate limit. 0, or -ERR_RATE_LIMITED with req->err.retry_after set.
 */
int api_edge_admit(struct api_edge *e, struct http_req *req, const struct route *route);

/* Before a status query of application `no`: -ERR_QUERY_CODE_LOCKED (with retry_after) when
 * its wrong codes are used up, else 0. After a wrong code (or unknown number): count it. */
int api_edge_code_guard(struct http_req *req, const char *no);
void api_edge_code_failed(struct http_req *req, const char *no);

/* POST /api/v1/dev/idp/token {id_type, id_number} → {token, provider, expires_in}: the
 * development identity provider (under --dev only; 404 otherwise). */
int api_edge_idp_token(struct http_req *req, struct http_resp *w);

/* The edge of a request's server (set up by api.c). */
struct api_edge *api__edge(const struct http_req *req);

#endif
