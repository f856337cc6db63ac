/*
 * api_refer.c — job referrals in one click, their results, the lists handed. Thin: parse, call
 * one app_referral_ / app_lists_handed function, render. JSON shapes in http/openapi.c
 * (ReferralList, ReferralNew, ReferralCreated, ReferralResult, ListsHanded, ListsHandedResult).
 */
#include "http/api_refer.h"

#include "app/referral.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"
#include "rules/region.h"
#include "rules/vocab.h"

#include <stdlib.h>
#include <string.h>

static json_t *api_refer__str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *api_refer__job(const struct job *j)
{
    if (!j)
        return json_null();
    char name[256];
    region_path_name(j->region, name, sizeof name);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "id", (json_int_t)j->id,
                     "title", j->title, "employer", j->employer, "occupation", j->occupation,
                     "region", j->region, "region_name", name, "salary_min",
                     (json_int_t)j->salary_min, "salary_max", (json_int_t)j->salary_max, "status",
                     j->status, "valid_until", j->valid_until);
}

static int api_refer__item(const struct referral_view *v, void *arg)
{
    const struct service_row *s = v->ref, *r = v->result;
    json_t *result = r ? json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "result",
                                   r->outcome, "date", r->service_date, "note", r->content,
                                   "recorded_by", r->recorded_by_name)
                       : json_null();
    bool vacancy = s->link_kind && strcmp(s->link_kind, "vacancy") == 0;
    json_array_append_new(
        arg,
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:s}", "id", (json_int_t)s->id, "date",
                  s->service_date, "content", s->content, "job_id",
                  vacancy ? json_integer((json_int_t)s->link_id) : json_null(), "job",
                  api_refer__job(v->job), "followup_due", api_refer__str_or_null(s->followup_due),
                  "overdue", v->overdue, "result", result, "recorded_by", s->recorded_by_name));
    return 0;
}

int api_refer_list(struct http_req *req, struct http_resp *w)
{
    json_t *items = json_array();
    int rc = app_referral_list(api__app(req), api__actor(req), http_param(req, "no"),
                               api_refer__item, items);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    char today[DATE_STRLEN];
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:o}", "today", date_format(clock_today(), today), "items", items));
    return 0;
}

int api_refer_add(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct referral_new rn = {0};
    long long job_id = 0;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    if ((rc = json_get_int(body, "job_id", true, 1, INT64_MAX, &job_id, ec)) < 0 ||
        (rc = json_get_date(body, "date", false, &rn.date, ec)) < 0 ||
        (rc = json_get_str(body, "content", false, 0, &rn.content, ec)) < 0 ||
        (rc = json_get_date(body, "followup_due", false, &rn.followup_due, ec)) < 0)
        return rc;
    rn.job_id = job_id;
    int64_t id;
    char due[DATE_STRLEN];
    rc = app_referral_add(api__app(req), api__actor(req), http_param(req, "no"), &rn, &id, due, ec);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201,
                   json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "job_id", (json_int_t)job_id,
                             "followup_due", due));
    return 0;
}

int api_refer_result(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *result = NULL, *note = NULL, *id_s = http_param(req, "id");
    int32_t date = 0;
    long long corrects = 0;
    char *end = NULL;
    long long ref = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!id_s || *end || ref < 1)
        return err_set(&req->err, -ERR_NOT_FOUND, NULL);
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    if ((rc = json_get_str(body, "result", true, 32, &result, ec)) < 0 ||
        (rc = json_get_date(body, "date", false, &date, ec)) < 0 ||
        (rc = json_get_str(body, "note", false, 0, &note, ec)) < 0 ||
        (rc = json_get_int(body, "corrects", false, 1, INT64_MAX, &corrects, ec)) < 0)
        return rc;
    int64_t id;
    rc = app_referral_result(api__app(req), api__actor(req), http_param(req, "no"), ref, result,
                             date, note, corrects, &id, ec);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201,
                   json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "referral_id",
                             (json_int_t)ref, "result", result));
    return 0;
}

/* The body's "lists": an array of list kinds (policy, service, agency); absent: all three. */
static int api_refer__lists(json_t *body, unsigned *out, struct err_ctx *ec)
{
    json_t *v = json_object_get(body, "lists"), *x;
    size_t i;
    *out = HANDED_ALL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return err_set(ec, -ERR_FIELD_INVALID, "lists");
    *out = 0;
    json_array_foreach(v, i, x)
    {
        int k = 0;
        while (k < LIST_KIND__COUNT &&
               !(json_is_string(x) &&
                 strcmp(json_string_value(x), vocab_list_kind_name((enum list_kind)k)) == 0))
            k++;
        if (k == LIST_KIND__COUNT || (*out & (1u << k)))
            return err_set(ec, -ERR_FIELD_INVALID, "lists");
        *out |= 1u << k;
    }
    return 0;
}

int api_refer_lists_handed(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    unsigned lists;
    int32_t date = 0;
    const char *note = NULL;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    if ((rc = api_refer__lists(body, &lists, ec)) < 0 ||
        (rc = json_get_date(body, "date", false, &date, ec)) < 0 ||
        (rc = json_get_str(body, "note", false, 0, &note, ec)) < 0)
        return rc;
    struct handed h;
    rc = app_lists_handed(api__app(req), api__actor(req), http_param(req, "no"), lists, date, note,
                          &req->arena, &h, ec);
    if (rc < 0)
        return rc;
    json_t *by_kind = json_object();
    for (int k = 0; k < LIST_KIND__COUNT; k++)
        if (lists & (1u << k))
            json_object_set_new(by_kind, vocab_list_kind_name((enum list_kind)k), json_array());
    for (int i = 0; i < h.n; i++)
        json_array_append_new(json_object_get(by_kind, h.entries[i].kind),
                              json_pack("{s:I, s:i, s:s}", "id", (json_int_t)h.entries[i].id,
                                        "version", h.entries[i].version, "name",
                                        h.entries[i].name));
    json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)h.id, "date", h.on, "region",
                          h.region, "lists", by_kind);
    if (lists & HANDED_AGENCY) /* the person's copy of the agency list (附件4) */
        json_object_set_new(
            o, "agency_export",
            json_pack(
                "{s:s, s:s}", "xlsx",
                arena_printf(&req->arena, "/api/v1/public/agencies.xlsx?region=%s", h.region),
                "csv",
                arena_printf(&req->arena, "/api/v1/public/agencies.csv?region=%s", h.region)));
    http_resp_json(w, 201, o);
    return 0;
}
