/*
 * api_flag.c — false-information flags and credit records over HTTP. Thin: parse, call one
 * app_flag_/app_credit_ function, render. Names are the store's masked ones.
 */
#include "http/api_flag.h"

#include "app/falseinfo.h"
#include "base/json.h"
#include "http/api_app.h"

#include <stdlib.h>
#include <string.h>

static json_t *api_flag__str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The {id} path parameter, or -ERR_NOT_FOUND. */
static int api_flag__id(struct http_req *req, int64_t *id)
{
    const char *s = http_param(req, "id");
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || *end || v < 1)
        return err_set(&req->err, -ERR_NOT_FOUND, NULL);
    *id = v;
    return 0;
}

static json_t *api_flag__credit_json(const struct credit_row *r)
{
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:o}", "id", (json_int_t)r->id, "flag_id",
        (json_int_t)r->flag_id, "facts", r->facts, "status", r->status, "recorded_by",
        api_flag__str(r->creator), "recorded_at", r->created_at, "decided_by",
        api_flag__str(r->decider), "decided_at", api_flag__str(r->decided_at), "withdraw_reason",
        r->withdraw_reason ? r->withdraw_reason : "", "exported_at", api_flag__str(r->exported_at));
}

static json_t *api_flag__json(const struct flag_view *v)
{
    const struct flag_row *f = &v->flag;
    json_t *ev = json_loads(f->evidence ? f->evidence : "{}", 0, NULL);
    json_t *credits = json_array();
    for (int i = 0; i < v->n_credits; i++)
        json_array_append_new(credits, api_flag__credit_json(&v->credits[i]));
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:o}", "id",
                     (json_int_t)f->id, "application_no", f->application_no, "registration_no",
                     api_flag__str(f->registration_no), "name", f->name_masked, "check", f->check,
                     "evidence", ev ? ev : json_object(), "status", f->status, "raised_at",
                     f->raised_at, "reviewed_by", api_flag__str(f->reviewer), "reviewed_at",
                     api_flag__str(f->reviewed_at), "note", f->note ? f->note : "", "credits",
                     credits);
}

int api_flag_list(struct http_req *req, struct http_resp *w)
{
    struct flag_filter f = {.status = http_query(req, "flag_status"),
                            .application_no = http_query(req, "application_no"),
                            .registration_no = http_query(req, "registration_no")};
    const char *limit = http_query(req, "limit");
    if (limit) {
        char *end = NULL;
        long v = strtol(limit, &end, 10);
        if (!*limit || *end || v < 1 || v > 500)
            return err_set(&req->err, -ERR_FIELD_INVALID, "limit");
        f.limit = (int)v;
    }
    struct flag_view *v;
    int n;
    int rc = app_flag_list(api__app(req), api__actor(req), &f, &req->arena, &v, &n, &req->err);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, api_flag__json(&v[i]));
    http_resp_json(w, 200, json_pack("{s:o}", "items", items));
    return 0;
}

int api_flag_review(struct http_req *req, struct http_resp *w)
{
    int64_t id;
    json_t *body;
    const char *decision = NULL, *note = NULL;
    int rc = api_flag__id(req, &id);
    if (rc == 0)
        rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "decision", true, 16, &decision, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "note", false, 0, &note, &req->err);
    if (rc == 0)
        rc = app_flag_review(api__app(req), api__actor(req), id, decision, note, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
                             strcmp(decision, "confirm") == 0 ? "confirmed" : "dismissed"));
    return 0;
}

int api_credit_create(struct http_req *req, struct http_resp *w)
{
    int64_t flag_id, id;
    json_t *body;
    const char *facts = NULL;
    int rc = api_flag__id(req, &flag_id);
    if (rc == 0)
        rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "facts", true, 0, &facts, &req->err);
    if (rc == 0)
        rc = app_credit_create(api__app(req), api__actor(req), flag_id, facts, &id, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "draft"));
    return 0;
}

static int api_credit__decide(struct http_req *req, struct http_resp *w, const char *action)
{
    int64_t id;
    json_t *body = NULL;
    const char *reason = NULL;
    int rc = api_flag__id(req, &id);
    if (rc == 0 && strcmp(action, "withdraw") == 0) {
        rc = http_req_json(req, &body);
        if (rc == 0)
            rc = json_get_str(body, "reason", true, 0, &reason, &req->err);
    }
    if (rc == 0)
        rc = app_credit_decide(api__app(req), api__actor(req), id, action, reason, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
                             strcmp(action, "submit") == 0 ? "submitted" : "withdrawn"));
    return 0;
}

int api_credit_submit(struct http_req *req, struct http_resp *w)
{
    return api_credit__decide(req, w, "submit");
}

int api_credit_withdraw(struct http_req *req, struct http_resp *w)
{
    return api_credit__decide(req, w, "withdraw");
}

static int api_credit__export(struct http_req *req, struct http_resp *w, enum credit_format fmt)
{
    struct buf b = {0};
    int rc = app_credit_export(api__app(req), api__actor(req), fmt, &b, &req->err);
    if (rc == 0 && fmt == CREDIT_FORMAT_CSV) {
        http_resp_header(w, "Content-Disposition", "attachment; filename=\"credit-records.csv\"");
        http_resp_bytes(w, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len, true);
    } else if (rc == 0) {
        http_resp_bytes(w, 200, "application/json; charset=utf-8", b.data ? b.data : "", b.len,
                        true);
    }
    buf_free(&b);
    return rc;
}

int api_credit_export_csv(struct http_req *req, struct http_resp *w)
{
    return api_credit__export(req, w, CREDIT_FORMAT_CSV);
}

int api_credit_export_json(struct http_req *req, struct http_resp *w)
{
    return api_credit__export(req, w, CREDIT_FORMAT_JSON);
}
