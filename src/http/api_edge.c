/*
 * api_edge.c — client address, rate limits and the development identity provider's route.
 * See api_edge.h.
 */
#include "http/api_edge.h"

#include "app/realname.h"
#include "base/err.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "http/api_app.h"
#include "http/cidr.h"
#include "http/ratelimit.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define API_EDGE__SLOTS 65536

enum api_edge__class { EDGE_NONE, EDGE_SUBMIT, EDGE_STATUS };

/* The limited routes: method and pattern of the route table (api.c), and their class. */
static const struct {
    const char *method, *pattern;
    enum api_edge__class cls;
} api_edge__limited[] = {
    {"POST", "/api/v1/public/applications", EDGE_SUBMIT},
    {"POST", "/api/v1/dev/idp/token", EDGE_SUBMIT},
    {"GET", "/api/v1/public/applications/{no}", EDGE_STATUS},
    /* issue 9: follow-up — a self-report is checked with the query code as the status is */
    {"POST", "/api/v1/public/applications/{no}/self-report", EDGE_STATUS},
};

struct api_edge {
    struct cidr_list proxies;
    struct ratelimit *submit, *status, *codes;
};

static int api_edge__rate(const char *name, const char *v, const char *def,
                          struct ratelimit_rate *out)
{
    if (ratelimit_rate_parse(v && *v ? v : def, out) == 0)
        return 0;
    fprintf(stderr, "ureg serve: --%s wants N/SECONDS (e.g. %s) or off\n", name, def);
    return -ERR_USAGE;
}

int api_edge_new(const struct api_edge_config *cfg, struct api_edge **out)
{
    struct ratelimit_rate sub, st, codes;
    struct cidr_list proxies = {0};
    *out = NULL;
    if (cfg->trusted_proxies && cidr_list_parse(cfg->trusted_proxies, &proxies) < 0) {
        fprintf(stderr, "ureg serve: --trusted-proxies wants address ranges like "
                        "10.0.0.5/32,fd00::/8\n");
        return -ERR_USAGE;
    }
    if (api_edge__rate("rate-submit", cfg->rate_submit, API_EDGE_RATE_SUBMIT, &sub) < 0 ||
        api_edge__rate("rate-status", cfg->rate_status, API_EDGE_RATE_STATUS, &st) < 0 ||
        api_edge__rate("code-failures", cfg->code_failures, API_EDGE_CODE_FAILURES, &codes) < 0)
        return -ERR_USAGE;
    struct api_edge *e = xcalloc(1, sizeof *e);
    e->proxies = proxies;
    e->submit = ratelimit_new(sub, API_EDGE__SLOTS);
    e->status = ratelimit_new(st, API_EDGE__SLOTS);
    e->codes = ratelimit_new(codes, API_EDGE__SLOTS);
    *out = e;
    return 0;
}

void api_edge_free(struct api_edge *e)
{
    if (!e)
        return;
    ratelimit_free(e->submit);
    ratelimit_free(e->status);
    ratelimit_free(e->codes);
    free(e);
}

static int64_t api_edge__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether s (n bytes) is a numeric IPv4 or IPv6 address; its text copied into out. */
static bool api_edge__addr(const char *s, size_t n, char *out, size_t outsz)
{
    unsigned char bin[16];
    if (n == 0 || n >= outsz)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1;
}

/*
 * The client behind trusted proxies: walk X-Forwarded-For from the right, skipping trusted
 * proxies; the first other address is the client. A malformed entry ends the walk at the
 * last trusted hop (whose peer could not be named), as does running out of entries.
 */
static const char *api_edge__client(const struct api_edge *e, struct http_req *req)
{
    const char *peer = req->remote_addr ? req->remote_addr : "";
    if (!e->proxies.n || !cidr_list_contains(&e->proxies, peer))
        return peer;
    const char *xff = http_header(req, "X-Forwarded-For");
    const char *client = peer;
    size_t end = xff ? strlen(xff) : 0;
    char addr[64];
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        size_t a = start, b = end;
        while (a < b && (xff[a] == ' ' || xff[a] == '\t'))
            a++;
        while (b > a && (xff[b - 1] == ' ' || xff[b - 1] == '\t'))
            b--;
        if (!api_edge__addr(xff + a, b - a, addr, sizeof addr))
            break;
        client = arena_strdup(&req->arena, addr);
        if (!cidr_list_contains(&e->proxies, addr))
            break;
        end = start > 0 ? start - 1 : 0;
    }
    return client;
}

/* The limiter key of an address: IPv4 as is, IPv6 by its /64. */
static void api_edge__key(const char *addr, char *out, size_t n)
{
    unsigned char b[16];
    if (strchr(addr, ':') && !strchr(addr, '.') && inet_pton(AF_INET6, addr, b) == 1) {
        snprintf(out, n, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4],
                 b[5], b[6], b[7]);
        return;
    }
    snprintf(out, n, "%s", addr);
}

static int api_edge__refuse(struct http_req *req, int rc, int retry, const char *cls)
{
    req->err.retry_after = retry;
    log_warn("http", "event=rate_limited class=%s retry_after=%d", cls, retry);
    return err_set(&req->err, rc, NULL);
}

int api_edge_admit(struct api_edge *e, struct http_req *req, const struct route *route)
{
    req->remote_addr = api_edge__client(e, req);
    enum api_edge__class cls = EDGE_NONE;
    for (size_t i = 0; i < sizeof api_edge__limited / sizeof *api_edge__limited; i++)
        if (strcmp(route->method, api_edge__limited[i].method) == 0 &&
            strcmp(route->pattern, api_edge__limited[i].pattern) == 0)
            cls = api_edge__limited[i].cls;
    if (cls == EDGE_NONE)
        return 0;
    char key[RATELIMIT_KEY_MAX];
    api_edge__key(req->remote_addr, key, sizeof key);
    int retry = 0;
    struct ratelimit *rl = cls == EDGE_SUBMIT ? e->submit : e->status;
    if (ratelimit_take(rl, key, api_edge__now_ms(), &retry))
        return 0;
    return api_edge__refuse(req, -ERR_RATE_LIMITED, retry,
                            cls == EDGE_SUBMIT ? "submit" : "status");
}

int api_edge_code_guard(struct http_req *req, const char *no)
{
    int retry = 0;
    struct api_edge *e = api__edge(req);
    if (!e || !no || !ratelimit_empty(e->codes, no, api_edge__now_ms(), &retry))
        return 0;
    return api_edge__refuse(req, -ERR_QUERY_CODE_LOCKED, retry, "query_code");
}

void api_edge_code_failed(struct http_req *req, const char *no)
{
    struct api_edge *e = api__edge(req);
    if (e && no)
        ratelimit_take(e->codes, no, api_edge__now_ms(), NULL);
}

int api_edge_idp_token(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *id_type, *id_number;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "id_type", true, 24, &id_type, &req->err)) < 0 ||
        (rc = json_get_str(body, "id_number", true, 39, &id_number, &req->err)) < 0)
        return rc;
    char *token = NULL;
    struct app *a = api__app(req);
    rc = app_realname_dev_token(a, id_type, id_number, &token, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:s, s:s, s:i}", "token", token, "provider",
                             app_realname_provider(a), "expires_in", 600));
    free(token);
    return 0;
}
