/*
 * api_app.c — applications over HTTP: online and counter submission, the applicant's status,
 * the queue, the application with its evidence, the decision. Thin: parse, call app_intake_ /
 * app_review_, render.
 */
#include "http/api_app.h"

#include "http/api_edge.h"

#include "app/access.h"
#include "app/exchange.h"
#include "app/form.h"
#include "app/intake.h"
#include "app/review.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "rules/region.h"
#include "rules/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *api_app__str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Parse the form, submit it on `channel`, answer 201 with the receipt. */
static int api_app__submit(struct http_req *req, struct http_resp *w, const char *channel)
{
    json_t *body;
    struct intake_form form;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    rc = form_from_json(body, &form, &req->err);
    if (rc < 0)
        return rc;
    long long agency_id = 0;
    rc = json_get_int(body, "agency_id", false, 1, INT64_MAX, &agency_id, &req->err);
    if (rc < 0)
        return rc;
    const char *identity_token = NULL;
    if (strcmp(channel, vocab_channel_name(CHANNEL_ONLINE)) == 0 &&
        (rc = json_get_str(body, "identity_token", false, 4096, &identity_token, &req->err)) < 0)
        return rc;
    json_t *details = form_details_json(&form);
    char *details_text = json_dump(details);
    json_decref(details);
    struct intake_submission s = {
        .channel = channel,
        .form = &form,
        .details = arena_strdup(&req->arena, details_text),
        .agency_id = agency_id,
        .identity_token = identity_token,
    };
    free(details_text);
    struct intake_receipt r;
    rc = app_intake_submit(api__app(req), api__actor(req), &s, &r, &req->err);
    if (rc < 0) {
        if (req->err.ref)
            req->err.ref = arena_strdup(&req->arena, req->err.ref);
        return rc;
    }
    char deadline[DATE_STRLEN];
    http_resp_json(w, 201,
                   json_pack("{s:s, s:s, s:s, s:b, s:o}", "application_no", r.application_no,
                             "query_code", r.query_code, "deadline",
                             date_format(r.deadline, deadline), "identity_verified",
                             r.identity_verified, "set_aside", api_app__str_or_null(r.set_aside)));
    return 0;
}

/* The national hub's entry: the same form, the national number (app_hub_submit). */
static int api_app__submit_national(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct intake_receipt r;
    rc = app_hub_submit(api__app(req), api__actor(req), body, &r, &req->err);
    if (rc < 0)
        return rc;
    char deadline[DATE_STRLEN];
    http_resp_json(w, 201,
                   json_pack("{s:s, s:s, s:s, s:s}", "application_no", r.application_no,
                             "national_no", r.application_no, "query_code", r.query_code,
                             "deadline", date_format(r.deadline, deadline)));
    return 0;
}

int api_app_submit_public(struct http_req *req, struct http_resp *w)
{
    if (app_role(api__app(req)) == APP_ROLE_NATIONAL)
        return api_app__submit_national(req, w);
    return api_app__submit(req, w, vocab_channel_name(CHANNEL_ONLINE));
}

int api_app_submit_counter(struct http_req *req, struct http_resp *w)
{
    return api_app__submit(req, w, vocab_channel_name(CHANNEL_COUNTER));
}

/* The national status query: the hub's case, with the local number once acknowledged. */
static int api_app__status_national(struct http_req *req, struct http_resp *w)
{
    struct hub_status st;
    int rc = app_hub_status(api__app(req), http_param(req, "no"), http_query(req, "query_code"),
                            &req->arena, &st);
    if (rc < 0)
        return rc;
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o}", "application_no",
                  st.application_no, "status", st.status, "deadline", st.deadline,
                  "decision_reason", api_app__str_or_null(st.decision_reason), "registration_no",
                  api_app__str_or_null(st.registration_no), "national_no",
                  api_app__str_or_null(st.national_no), "local_no",
                  api_app__str_or_null(st.local_no), "register_region", st.register_region, "exit",
                  st.exit_reason && st.exit_date
                      ? json_pack("{s:s, s:s}", "reason_code", st.exit_reason, "date", st.exit_date)
                      : json_null()));
    return 0;
}

int api_app_status_public(struct http_req *req, struct http_resp *w)
{
    if (app_role(api__app(req)) == APP_ROLE_NATIONAL)
        return api_app__status_national(req, w);
    struct application a;
    const char *no = http_param(req, "no");
    int rc = api_edge_code_guard(req, no); /* too many wrong codes for this number: 429 */
    if (rc < 0)
        return rc;
    rc = app_review_status(api__app(req), no, http_query(req, "query_code"), &req->arena, &a);
    if (rc == -ERR_NOT_FOUND)
        api_edge_code_failed(req, no);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, s:b}", "application_no",
                             a.application_no, "status", a.status, "deadline", a.deadline,
                             "decision_reason", api_app__str_or_null(a.decision_reason),
                             "registration_no", api_app__str_or_null(a.registration_no),
                             "identity_verified", a.identity_verified, "set_aside",
                             a.set_aside_for != NULL));
    return 0;
}

static json_t *api_app__region(const char *code)
{
    char name[256];
    region_path_name(code, name, sizeof name);
    return json_string(name);
}

static int api_app__row(const struct app_list_row *r, void *arg)
{
    void **ctx = arg;
    struct app *a = ctx[0];
    json_t *items = ctx[1];
    bool overdue;
    int left;
    app_review_deadline(a, r->status, r->deadline, &overdue, &left);
    json_array_append_new(
        items,
        json_pack("{s:s, s:s, s:s, s:s, s:b, s:i, s:s, s:s, s:o, s:s, s:o, s:{s:i, s:i, s:i}, s:b, "
                  "s:o}",
                  "application_no", r->application_no, "status", r->status, "channel", r->channel,
                  "deadline", r->deadline, "overdue", overdue, "workdays_left", left, "name_masked",
                  r->name_masked, "register_region", r->register_region, "register_region_name",
                  api_app__region(r->register_region), "submitted_at", r->submitted_at,
                  "national_no", api_app__str_or_null(r->national_no), "checks", "pass",
                  r->checks_pass, "fail", r->checks_fail, "unknown", r->checks_unknown,
                  "identity_verified", r->identity_verified, "identity_provider",
                  api_app__str_or_null(r->identity_provider)));
    return 0;
}

int api_app_list(struct http_req *req, struct http_resp *w)
{
    const char *status = http_query(req, "status");
    const char *overdue = http_query(req, "overdue");
    const char *limit_s = http_query(req, "limit");
    if (status && *status && vocab_app_status_parse(status) < 0)
        return err_set(&req->err, -ERR_FIELD_INVALID, "status");
    char *end = NULL;
    long limit = limit_s ? strtol(limit_s, &end, 10) : 50;
    if (limit_s && (*end || limit < 1 || limit > 100))
        return err_set(&req->err, -ERR_FIELD_INVALID, "limit");
    json_t *items = json_array();
    void *ctx[2] = {api__app(req), items};
    char next[48];
    int rc = app_review_list(api__app(req), api__actor(req), status && *status ? status : NULL,
                             overdue && strcmp(overdue, "true") == 0, http_query(req, "cursor"),
                             (int)limit, api_app__row, ctx, next);
    if (rc < 0) {
        json_decref(items);
        return err_set(&req->err, rc, rc == -ERR_FIELD_INVALID ? "cursor" : NULL);
    }
    http_resp_json(w, 200,
                   json_pack("{s:o, s:o}", "items", items, "next", api_app__str_or_null(next)));
    return 0;
}

static int api_app__verification(const struct verification_row *r, void *arg)
{
    json_t *ev = json_loads(r->evidence, 0, NULL);
    json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:o, s:s}", "check", r->check_name,
                                         "result", r->result, "source", r->source, "evidence",
                                         ev ? ev : json_object(), "checked_at", r->checked_at));
    return 0;
}

static int api_app__task(const struct task_row *r, void *arg)
{
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "check",
                                         r->check_name, "status", r->status, "created_at",
                                         r->created_at));
    return 0;
}

int api_app_get(struct http_req *req, struct http_resp *w)
{
    const char *reveal = http_query(req, "reveal");
    struct review_view v;
    struct app *a = api__app(req);
    int rc = app_review_get(a, api__actor(req), http_param(req, "no"),
                            reveal && strcmp(reveal, "true") == 0, http_query(req, "reason"),
                            &req->arena, &v);
    if (rc == -ERR_REVEAL_REASON)
        req->err.field = "reason";
    if (rc < 0)
        return rc;
    json_t *checks = json_array(), *tasks = json_array();
    rc = app_review_checks(a, &v, api_app__verification, checks, api_app__task, tasks);
    json_t *difficulty = json_loads(v.app.difficulty, 0, NULL);
    json_t *details = json_loads(v.app.details, 0, NULL);
    const struct person *p = &v.person;
    json_t *person = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "name", p->name,
        "id_type", p->id_type, "id_number", p->id_number, "phone", p->phone, "sex", p->sex,
        "birth_date", p->birth_date, "ethnicity", p->ethnicity, "education", p->education,
        "hukou_type", p->hukou_type, "hukou_region", p->hukou_region, "hukou_address",
        p->hukou_address, "residence_region", p->residence_region, "residence_address",
        p->residence_address, "masked", p->masked);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:i, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o}",
        "application_no", v.app.application_no, "status", v.app.status, "channel", v.app.channel,
        "deadline", v.app.deadline, "overdue", v.overdue, "workdays_left", v.workdays_left,
        "submitted_at", v.app.submitted_at, "register_region", v.app.register_region,
        "register_region_name", api_app__region(v.app.register_region), "register_basis",
        v.app.register_basis, "unemployed_since", v.app.unemployed_since, "unemployment_reason",
        v.app.unemployment_reason, "ui_benefit", v.app.ui_benefit, "difficulty_categories",
        difficulty ? difficulty : json_array(), "details", details ? details : json_object(),
        "person", person, "verifications", checks, "tasks", tasks, "decision_reason",
        api_app__str_or_null(v.app.decision_reason), "registration_no",
        api_app__str_or_null(v.app.registration_no));
    json_object_set_new(o, "identity_verified", json_boolean(v.app.identity_verified));
    json_object_set_new(o, "identity_provider", api_app__str_or_null(v.app.identity_provider));
    json_object_set_new(o, "set_aside_for", api_app__str_or_null(v.app.set_aside_for));
    /* 全国统一服务入口's number of a national-channel application (CONTRACT.md). */
    json_object_set_new(o, "national_no", api_app__str_or_null(v.app.national_no));
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    http_resp_json(w, 200, o);
    return 0;
}

int api_app_decide(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *decision = NULL, *reason = NULL;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "decision", true, 16, &decision, &req->err)) < 0 ||
        (rc = json_get_str(body, "reason", false, 1000, &reason, &req->err)) < 0)
        return rc;
    char reg_no[INTAKE_NO_SIZE];
    rc = app_review_decide(api__app(req), api__actor(req), http_param(req, "no"), decision, reason,
                           reg_no, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:o}", "status",
                  vocab_app_status_name(strcmp(decision, "approve") == 0 ? APP_STATUS_APPROVED
                                                                         : APP_STATUS_REJECTED),
                  "registration_no", api_app__str_or_null(reg_no)));
    return 0;
}
