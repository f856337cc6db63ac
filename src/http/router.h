/*
 * router.h — the one route table: method, path pattern, permission, handler, summary.
 *
 * The application declares every HTTP endpoint it serves as one row of a `struct route` array;
 * the server walks that array to dispatch a request, the app's authorize hook reads `perm` from
 * the matched row, and docs/api.md is generated from the same array (router_markdown), so the
 * dispatch, the permission checks and the documentation cannot drift apart.
 *
 * Pattern syntax. A pattern is an absolute path ("/api/v1/applications/{no}/decision"). A
 * segment written `{name}` matches exactly one non-empty path segment (no '/'); every other
 * character must match the request path byte for byte (literal segments are not
 * percent-decoded). A `{name}` must fill a whole segment, names are non-empty, and a pattern has
 * at most ROUTER_MAX_PARAMS of them (router_validate checks all this once at start-up).
 *
 * Matching rules:
 *  - Trailing slash: "/a/" does NOT match the pattern "/a" and "/a" does not match "/a/"; there
 *    is no redirect. Empty segments ("//") never match a {name}.
 *  - The first row in table order whose pattern and method both match wins, so put literal
 *    rows ("/x/new") before parameter rows ("/x/{id}") when both could match.
 *  - A HEAD request matches a GET row (the server then sends the headers without the body).
 *  - A path that matches some pattern but with none of its methods → -ERR_METHOD_NOT_ALLOWED
 *    (the server answers 405 with an Allow header from router_allow); a path that matches no
 *    pattern → -ERR_NOT_FOUND.
 *  - Parameter values are percent-decoded ("%E5%BC%A0" → "张"); a value with a malformed escape
 *    or one that decodes to '/' or NUL makes the pattern not match (so, usually, 404).
 *
 * Load: tens of rows, walked linearly per request; no allocation except the decoded parameter
 * values, which live in the request's arena.
 */
#ifndef UREG_HTTP_ROUTER_H
#define UREG_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct http_req;
struct http_resp;

#define ROUTER_MAX_PARAMS 8

struct route {
    const char *method;  /* "GET", "POST", "PUT", "DELETE", "PATCH", ... (upper case) */
    const char *pattern; /* "/api/v1/applications/{no}" */
    int perm;            /* the app's permission value; opaque to the router */
    /* Fill *w and return 0, or return a negative -ERR_* (see http/server.h). */
    int (*handler)(struct http_req *req, struct http_resp *w);
    const char *summary; /* one line for the API docs; may be NULL */
    /* The OpenAPI description (http/openapi.h): names from openapi.c's tables; NULL for none. */
    const char *query;    /* query parameters, comma-separated: "status,overdue,cursor,limit" */
    const char *request;  /* request body schema */
    int status;           /* success status; 0 means 200 */
    const char *response; /* success response schema */
};

/*
 * Check a table once (the server calls it at start): every row has a method, a handler and a
 * pattern that starts with '/', whose {name} segments are whole, non-empty, and at most
 * ROUTER_MAX_PARAMS. Returns 0, or -ERR_INTERNAL after logging the first bad row.
 */
int router_validate(const struct route *table, size_t n);

/*
 * Find the row for `method` and `path` (the path without its query string). On success return 0,
 * set *out to the row and fill req->n_params, req->param_names and req->param_values (decoded),
 * all copied into req->arena. Returns -ERR_NOT_FOUND when no pattern matches the path and
 * -ERR_METHOD_NOT_ALLOWED when some pattern matches but not with this method; *out is NULL
 * then and req->n_params is 0.
 */
int router_match(const struct route *table, size_t n, const char *method, const char *path,
                 struct http_req *req, const struct route **out);

/*
 * Append to `out` the methods the table allows for `path`, as an Allow header value
 * ("GET, HEAD, POST": table order, each once, HEAD right after GET). Returns how many methods
 * were written (0 when no pattern matches the path).
 */
int router_allow(const struct route *table, size_t n, const char *path, struct buf *out);

/*
 * Append the table to `out` as a Markdown table with the columns Method, Path, Permission and
 * Summary, one row per route in table order. `perm_name` turns a perm value into its name;
 * NULL (or a NULL result) prints the number. '|' in cells is escaped. Returns 0.
 */
int router_markdown(const struct route *table, size_t n, struct buf *out,
                    const char *(*perm_name)(int));

/*
 * Cross-file private (server.c, static.c): percent-decode the n bytes at s into a new
 * NUL-terminated string in `a`; with `form` true a '+' becomes a space (query strings). Returns
 * NULL when an escape is malformed ("%4", "%zz") or the result would contain a NUL byte.
 */
char *router__pct_decode(struct arena *a, const char *s, size_t n, bool form);

#endif
