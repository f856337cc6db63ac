/*
 * api_stats.c — the statistics over HTTP. See api_stats.h. Thin: read ?period=&region= (or the
 * body), call one app_stats_ function, render.
 */
#include "http/api_stats.h"

#include "app/stats.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?period= is required. */
static int api_stats__period(struct http_req *req, const char **period)
{
    *period = http_query(req, "period");
    if (!*period || !**period)
        return err_set(&req->err, -ERR_FIELD_REQUIRED, "period");
    return 0;
}

/* A JSON route: ?period= (required) and ?region= to `object`, answered 200. */
static int api_stats__object(struct http_req *req, struct http_resp *w, app_stats_object_fn object)
{
    const char *period;
    int rc = api_stats__period(req, &period);
    json_t *o = NULL;
    if (rc == 0)
        rc = object(api__app(req), api__actor(req), period, http_query(req, "region"), &o,
                    &req->err);
    if (rc == 0)
        http_resp_json(w, 200, o);
    return rc;
}

int api_stats_monthly(struct http_req *req, struct http_resp *w)
{
    return api_stats__object(req, w, app_stats_report);
}

/* Render a form of `fmt` named "<stem>-<region>-<period>.<ext>" (only digits and the period's
 * characters reach the header). */
static void api_stats__form(struct http_resp *w, const char *stem, const char *region,
                            const char *period, enum stats_format fmt, const struct buf *b)
{
    static const char *const types[] = {
        "application/json; charset=utf-8", "text/csv; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
    static const char *const exts[] = {"json", "csv", "xlsx"};
    char disp[128];
    bool digits =
        region && *region && strspn(region, "0123456789") == strlen(region) && strlen(region) <= 9;
    bool pok = strspn(period, "0123456789-Q") == strlen(period) && strlen(period) <= 8;
    snprintf(disp, sizeof disp, "attachment; filename=\"%s-%s-%s.%s\"", stem,
             digits ? region : "own", pok ? period : "period", exts[fmt]);
    http_resp_header(w, "Content-Disposition", disp);
    http_resp_bytes(w, 200, types[fmt], b->data ? b->data : "", b->len, true);
}

/* ?period= and ?format= of an export. */
static int api_stats__export_args(struct http_req *req, const char **period, enum stats_format *fmt)
{
    int rc = api_stats__period(req, period);
    if (rc == 0 && app_stats_format_parse(http_query(req, "format"), fmt) < 0)
        rc = err_set(&req->err, -ERR_FIELD_INVALID, "format");
    return rc;
}

/* An export route: the form `export` makes, named `what` in its file name. */
static int api_stats__export(struct http_req *req, struct http_resp *w, app_stats_export_fn export,
                             const char *what)
{
    const char *period;
    enum stats_format fmt;
    int rc = api_stats__export_args(req, &period, &fmt);
    if (rc < 0)
        return rc;
    struct buf b = {0};
    const char *region = http_query(req, "region");
    rc = export(api__app(req), api__actor(req), period, region, fmt, &b, &req->err);
    if (rc == 0)
        api_stats__form(w, what, region, period, fmt, &b);
    buf_free(&b);
    return rc;
}

int api_stats_export(struct http_req *req, struct http_resp *w)
{
    return api_stats__export(req, w, app_stats_export, "report");
}

int api_stats_quality(struct http_req *req, struct http_resp *w)
{
    return api_stats__object(req, w, app_stats_quality);
}

int api_stats_quality_export(struct http_req *req, struct http_resp *w)
{
    return api_stats__export(req, w, app_stats_quality_export, "quality");
}

int api_stats_check(struct http_req *req, struct http_resp *w)
{
    return api_stats__object(req, w, app_stats_check);
}

int api_stats_series(struct http_req *req, struct http_resp *w)
{
    const char *period, *n_s = http_query(req, "n");
    int rc = api_stats__period(req, &period);
    long n = 12;
    if (rc == 0 && n_s && *n_s) {
        char *end;
        n = strtol(n_s, &end, 10);
        if (*end || n < 1 || n > 60)
            rc = err_set(&req->err, -ERR_FIELD_INVALID, "n");
    }
    json_t *o = NULL;
    if (rc == 0)
        rc = app_stats_series(api__app(req), api__actor(req), period, http_query(req, "region"),
                              (int)n, &o, &req->err);
    if (rc == 0)
        http_resp_json(w, 200, o);
    return rc;
}

/* The body's period and optional region. */
static int api_stats__body(struct http_req *req, json_t **body, const char **period,
                           const char **region)
{
    int rc = http_req_json(req, body);
    if (rc == 0)
        rc = json_get_str(*body, "period", true, 16, period, &req->err);
    *region = NULL;
    if (rc == 0)
        rc = json_get_str(*body, "region", false, 16, region, &req->err);
    return rc;
}

int api_stats_freeze(struct http_req *req, struct http_resp *w)
{
    json_t *body, *o = NULL;
    const char *period, *region;
    int rc = api_stats__body(req, &body, &period, &region);
    if (rc == 0)
        rc = app_stats_freeze(api__app(req), api__actor(req), period, region, &o, &req->err);
    if (rc == 0)
        http_resp_json(w, 201, o);
    return rc;
}

int api_stats_recount(struct http_req *req, struct http_resp *w)
{
    const char *period;
    int rc = api_stats__period(req, &period);
    json_t *o = NULL;
    if (rc == 0)
        rc = app_stats_recount(api__app(req), api__actor(req), period, http_query(req, "region"),
                               500, &o, &req->err);
    if (rc == 0)
        http_resp_json(w, 200, o);
    return rc;
}

int api_stats_employed(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *period, *region;
    long long employed = 0;
    int rc = api_stats__body(req, &body, &period, &region);
    if (rc == 0)
        rc = json_get_int(body, "employed", true, 0, 1000000000, &employed, &req->err);
    if (rc == 0)
        rc = app_stats_employed_set(api__app(req), api__actor(req), period, region, employed,
                                    &req->err);
    if (rc == 0)
        http_resp_json(w, 200,
                       json_pack("{s:s,s:I}", "period", period, "employed", (json_int_t)employed));
    return rc;
}
