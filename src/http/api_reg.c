/*
 * api_reg.c — registrations over HTTP: GET one (with its whole history) and the list, PUT the
 * profile, POST a service record or a contact, GET the due list. Thin: parse, call one
 * app_services_ function, render. JSON shapes in http/openapi.c (Registration, ...).
 */
#include "http/api_reg.h"

#include "http/api_followup.h"
#include "http/api_track.h"

#include "app/services.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"
#include "http/api_exit.h"
#include "rules/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *api_reg__str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *api_reg__id_or_null(int64_t v)
{
    return v ? json_integer((json_int_t)v) : json_null();
}

/* A JSON list text as a JSON value (an empty array when unreadable). */
static json_t *api_reg__list(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_array();
}

static json_t *api_reg__region_name(const char *code)
{
    char name[256];
    region_path_name(code, name, sizeof name);
    return json_string(name);
}

static int api_reg__service(const struct service_row *s, void *arg)
{
    json_t *link = s->link_kind && *s->link_kind
                       ? json_pack("{s:s, s:I}", "kind", s->link_kind, "id", (json_int_t)s->link_id)
                       : json_null();
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:s}", "id",
                       (json_int_t)s->id, "type", s->type, "date", s->service_date, "content",
                       s->content, "outcome", s->outcome, "link", link, "followup_due",
                       api_reg__str_or_null(s->followup_due), "corrects",
                       api_reg__id_or_null(s->corrects), "corrected_by",
                       api_reg__id_or_null(s->corrected_by), "corrected", s->corrected_by != 0,
                       "followed_up_by", api_reg__id_or_null(s->followed_up_by), "recorded_by",
                       s->recorded_by_name, "recorded_at", s->recorded_at));
    return 0;
}

static int api_reg__contact(const struct contact_row *r, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
                       "date", r->contact_date, "method", r->method, "result", r->result, "note",
                       r->note, "recorded_by", r->recorded_by_name, "recorded_at", r->recorded_at,
                       "report_kind", r->report_kind ? r->report_kind : "", "employer",
                       r->employer ? r->employer : ""));
    return 0;
}

static json_t *api_reg__person(const struct person *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
                     "name", p->name, "id_type", p->id_type, "id_number", p->id_number, "phone",
                     p->phone, "sex", p->sex, "birth_date", p->birth_date, "ethnicity",
                     p->ethnicity, "education", p->education, "hukou_type", p->hukou_type,
                     "hukou_region", p->hukou_region, "hukou_address", p->hukou_address,
                     "residence_region", p->residence_region, "residence_address",
                     p->residence_address, "masked", p->masked);
}

static json_t *api_reg__profile(const struct profile *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:I, s:I}, s:b, s:b, s:o, s:s, s:o}",
                     "unemployment_reason", p->unemployment_reason, "skills", p->skills,
                     "certificates", p->certificates, "skill_level", p->skill_level, "job_intent",
                     "occupation", p->intent_occupation, "region", p->intent_region, "salary_min",
                     (json_int_t)p->intent_salary_min, "salary_max",
                     (json_int_t)p->intent_salary_max, "training_intent", p->training_intent,
                     "startup_intent", p->startup_intent, "explained_on",
                     api_reg__str_or_null(p->explained_on), "tier", p->tier, "categories",
                     api_reg__list(p->categories));
}

static json_t *api_reg__exit(const struct reg_view *r)
{
    if (!r->exit_reason)
        return json_null();
    return json_pack("{s:s, s:o, s:s, s:o}", "reason_code", r->exit_reason, "date",
                     api_reg__str_or_null(r->exit_date), "evidence",
                     r->exit_note ? r->exit_note : "", "notified",
                     r->exit_notified < 0 ? json_null() : json_boolean(r->exit_notified));
}

static json_t *api_reg__view(const struct services_view *v)
{
    const struct reg_view *r = &v->reg;
    json_t *app = json_pack("{s:s, s:o, s:s, s:s, s:s, s:o}", "application_no", r->application_no,
                            "national_no", api_reg__str_or_null(r->national_no), "channel",
                            r->channel, "submitted_at", r->submitted_at, "accepted_on",
                            r->accepted_on, "decided_at", api_reg__str_or_null(r->decided_at));
    json_t *cw = r->caseworker_id ? json_pack("{s:I, s:s}", "id", (json_int_t)r->caseworker_id,
                                              "username", r->caseworker_name)
                                  : json_null();
    json_t *agency = r->agency_id ? json_pack("{s:I, s:s}", "id", (json_int_t)r->agency_id, "name",
                                              r->agency_name)
                                  : json_null();
    json_t *fc =
        json_pack("{s:o, s:o, s:b}", "due", api_reg__str_or_null(r->first_contact_due), "done_on",
                  api_reg__str_or_null(r->first_contact_on), "overdue", v->first_contact_overdue);
    json_t *tp = v->profile.tier && *v->profile.tier
                     ? json_pack("{s:i, s:o}", "contact_days", v->tier_contact_days, "services",
                                 api_reg__list(v->tier_services))
                     : json_null();
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:o,"
                     " s:o, s:o, s:o, s:o}",
                     "registration_no", r->registration_no, "status", r->status, "registered_at",
                     r->registered_on, "register_region", r->register_region,
                     "register_region_name", api_reg__region_name(r->register_region), "person",
                     api_reg__person(&v->person), "application", app, "profile",
                     api_reg__profile(&v->profile), "tier", api_reg__str_or_null(v->profile.tier),
                     "categories", api_reg__list(v->profile.categories), "served_as", r->served_as,
                     "difficulty_categories", api_reg__list(r->difficulty), "ui_benefit",
                     r->ui_benefit, "caseworker", cw, "agency", agency, "first_contact", fc,
                     "tier_policy", tp, "exit", api_reg__exit(r));
}

/* The tracked services (api_track.c) of the view: all of them under "items", newest first, and
 * the assistance plans with their steps and the policy applications under the names CONTRACT.md's
 * history gives them. */
static void api_reg__tracked(json_t *o, const struct track_view *v, int n)
{
    json_t *items = json_array(), *plans = json_array(), *policy = json_array();
    for (int i = 0; i < n; i++) {
        const char *k = v[i].item.kind;
        json_t *it = api_track_item_json(&v[i]);
        if (strcmp(k, "assistance_plan") == 0 || strcmp(k, "plan_step") == 0)
            json_array_append(plans, it);
        else if (strcmp(k, "policy_application") == 0)
            json_array_append(policy, it);
        json_array_append_new(items, it);
    }
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "plans", plans);
    json_object_set_new(o, "policy_applications", policy);
}

int api_reg_get(struct http_req *req, struct http_resp *w)
{
    const char *reveal = http_query(req, "reveal");
    struct services_view v;
    struct app *a = api__app(req);
    int rc = app_services_get(a, api__actor(req), http_param(req, "no"),
                              reveal && strcmp(reveal, "true") == 0, http_query(req, "reason"),
                              &req->arena, &v);
    if (rc == -ERR_REVEAL_REASON)
        req->err.field = "reason";
    if (rc < 0)
        return rc;
    json_t *services = json_array(), *contacts = json_array();
    rc = app_services_history(a, &v, api_reg__service, services, api_reg__contact, contacts);
    struct track_view *items = NULL;
    int n_items = 0;
    if (rc == 0)
        rc = app_track_list(a, api__actor(req), v.reg.registration_no, &req->arena, &items,
                            &n_items);
    json_t *o = api_reg__view(&v);
    json_object_set_new(o, "services", services);
    json_object_set_new(o, "contacts", contacts);
    json_object_set_new(o, "counters", api_followup_counters(&v.counters));
    api_reg__tracked(o, items, n_items);
    api_exit_view(req, o, v.reg.registration_no); /* issue 9: exits */
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    http_resp_json(w, 200, o);
    return 0;
}

static int api_reg__row(const struct reg_list_row *r, void *arg)
{
    json_array_append_new(
        arg,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:b, s:s}",
                  "registration_no", r->registration_no, "status", r->status, "registered_at",
                  r->registered_on, "name_masked", r->name_masked, "register_region",
                  r->register_region, "register_region_name",
                  api_reg__region_name(r->register_region), "caseworker",
                  api_reg__str_or_null(r->caseworker_name), "tier", api_reg__str_or_null(r->tier),
                  "served_as", r->served_as, "categories", api_reg__list(r->categories),
                  "first_contact_due", api_reg__str_or_null(r->first_contact_due), "overdue",
                  app_services_row_overdue(r), "first_contact_done_on",
                  r->first_contact_on ? r->first_contact_on : ""));
    return 0;
}

/* ?limit=N within [1, max], default `def`. */
static int api_reg__limit(struct http_req *req, int def, int max, int *out)
{
    const char *s = http_query(req, "limit");
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : def;
    if (s && (!*s || *end || v < 1 || v > max))
        return err_set(&req->err, -ERR_FIELD_INVALID, "limit");
    *out = (int)v;
    return 0;
}

int api_reg_list(struct http_req *req, struct http_resp *w)
{
    const char *overdue = http_query(req, "overdue");
    struct services_filter f = {
        .caseworker = http_query(req, "caseworker"),
        .tier = http_query(req, "tier"),
        .category = http_query(req, "category"),
        .served_as = http_query(req, "served_as"),
        .overdue = overdue && strcmp(overdue, "true") == 0,
    };
    int limit;
    int rc = api_reg__limit(req, 50, 100, &limit);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    char next[24];
    rc = app_services_list(api__app(req), api__actor(req), &f, http_query(req, "cursor"), limit,
                           api_reg__row, items, next, &req->err);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    http_resp_json(w, 200,
                   json_pack("{s:o, s:o}", "items", items, "next", api_reg__str_or_null(next)));
    return 0;
}

/* An optional list of strings at obj[key] into v[0..max-1] (pointing into obj); *n -1 when absent.
 * FIELD_INVALID with `field` for anything but an array of at most max strings. */
static int api_reg__strings(json_t *obj, const char *key, const char *field, const char **v,
                            int max, int *n, struct err_ctx *ec)
{
    json_t *arr = json_object_get(obj, key);
    *n = -1;
    if (!arr)
        return 0;
    if (!json_is_array(arr) || (int)json_array_size(arr) > max)
        return err_set(ec, -ERR_FIELD_INVALID, field);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        v[i] = json_string_value(json_array_get(arr, i));
        if (!v[i])
            return err_set(ec, -ERR_FIELD_INVALID, field);
    }
    *n = (int)json_array_size(arr);
    return 0;
}

/* The job intent object of a profile edit. */
static int api_reg__intent(json_t *body, struct record_profile_edit *e, struct err_ctx *ec)
{
    json_t *job = json_object_get(body, "job_intent");
    long long min = -1, max = -1;
    int rc = 0;
    if (!job)
        return 0;
    if (!json_is_object(job))
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent");
    if ((rc = json_get_str(job, "occupation", false, 32, &e->intent_occupation, ec)) < 0 ||
        (rc = json_get_str(job, "region", false, 12, &e->intent_region, ec)) < 0 ||
        (rc = json_get_int(job, "salary_min", false, 0, 1000000, &min, ec)) < 0 ||
        (rc = json_get_int(job, "salary_max", false, 0, 1000000, &max, ec)) < 0) {
        /* name the nested field as the contract's form does */
        static const char *const names[][2] = {{"occupation", "job_intent.occupation"},
                                               {"region", "job_intent.region"},
                                               {"salary_min", "job_intent.salary_min"},
                                               {"salary_max", "job_intent.salary_max"}};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (ec->field && strcmp(ec->field, names[i][0]) == 0)
                ec->field = names[i][1];
        return rc;
    }
    e->intent_salary_min = min;
    e->intent_salary_max = max;
    return 0;
}

/* A flag of the edit: -1 when absent, else 0 or 1. */
static int api_reg__flag(json_t *body, const char *key, int *out, struct err_ctx *ec)
{
    bool v = false;
    *out = -1;
    if (!json_object_get(body, key))
        return 0;
    int rc = json_get_bool(body, key, true, &v, ec);
    if (rc == 0)
        *out = v ? 1 : 0;
    return rc;
}

/* The profile edit of a PUT body; strings and lists point into body. */
static int api_reg__edit(json_t *body, struct record_profile_edit *e, const char **cats,
                         const char **diff, struct err_ctx *ec)
{
    long long cw = 0;
    int rc;
    record_profile_edit_init(e);
    if ((rc = json_get_str(body, "unemployment_reason", false, 8, &e->unemployment_reason, ec)) <
            0 ||
        (rc = json_get_str(body, "skills", false, 0, &e->skills, ec)) < 0 ||
        (rc = json_get_str(body, "certificates", false, 0, &e->certificates, ec)) < 0 ||
        (rc = json_get_str(body, "skill_level", false, 8, &e->skill_level, ec)) < 0 ||
        (rc = api_reg__intent(body, e, ec)) < 0 ||
        (rc = api_reg__flag(body, "training_intent", &e->training_intent, ec)) < 0 ||
        (rc = api_reg__flag(body, "startup_intent", &e->startup_intent, ec)) < 0 ||
        (rc = json_get_str(body, "tier", false, 32, &e->tier, ec)) < 0 ||
        (rc = json_get_str(body, "served_as", false, 32, &e->served_as, ec)) < 0 ||
        (rc = json_get_int(body, "caseworker_id", false, 1, INT64_MAX, &cw, ec)) < 0)
        return rc;
    json_t *ex = json_object_get(body, "explained_on");
    if (json_is_null(ex))
        e->explained_on = "";
    else if (ex && (rc = json_get_str(body, "explained_on", false, 10, &e->explained_on, ec)) < 0)
        return rc;
    if ((rc = api_reg__strings(body, "categories", "categories", cats, RECORD_MAX_CATEGORIES,
                               &e->n_categories, ec)) < 0 ||
        (rc = api_reg__strings(body, "difficulty_categories", "difficulty_categories", diff,
                               RECORD_MAX_CATEGORIES, &e->n_difficulty, ec)) < 0)
        return rc;
    e->categories = cats;
    e->difficulty = diff;
    e->caseworker_id = cw;
    return 0;
}

int api_reg_profile(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct record_profile_edit e;
    const char *cats[RECORD_MAX_CATEGORIES], *diff[RECORD_MAX_CATEGORIES];
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = api_reg__edit(body, &e, cats, diff, &req->err)) < 0)
        return rc;
    int changed;
    rc = app_services_profile(api__app(req), api__actor(req), http_param(req, "no"), &e, &changed,
                              &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:i}", "registration_no", http_param(req, "no"), "changed", changed));
    return 0;
}

int api_reg_service(struct http_req *req, struct http_resp *w)
{
    json_t *body, *link;
    struct services_new n = {0};
    long long corrects = 0, link_id = 0;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    if ((rc = json_get_str(body, "type", true, 32, &n.s.type, ec)) < 0 ||
        (rc = json_get_date(body, "date", true, &n.s.date, ec)) < 0 ||
        (rc = json_get_str(body, "content", false, 0, &n.s.content, ec)) < 0 ||
        (rc = json_get_str(body, "outcome", false, 0, &n.s.outcome, ec)) < 0 ||
        (rc = json_get_int(body, "corrects", false, 1, INT64_MAX, &corrects, ec)) < 0)
        return rc;
    if (json_object_get(body, "followup_due") &&
        !json_is_null(json_object_get(body, "followup_due")) &&
        (rc = json_get_date(body, "followup_due", true, &n.s.followup_due, ec)) < 0)
        return rc;
    link = json_object_get(body, "link");
    if (link && !json_is_null(link)) {
        if (!json_is_object(link))
            return err_set(ec, -ERR_FIELD_INVALID, "link");
        if ((rc = json_get_str(link, "kind", true, 32, &n.s.link_kind, ec)) < 0 ||
            (rc = json_get_int(link, "id", true, 1, INT64_MAX, &link_id, ec)) < 0) {
            ec->field = strcmp(ec->field ? ec->field : "", "kind") == 0 ? "link_kind" : "link_id";
            return rc;
        }
    }
    n.s.link_id = link_id;
    n.corrects = corrects;
    int64_t id;
    rc = app_services_add(api__app(req), api__actor(req), http_param(req, "no"), &n, &id, ec);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

int api_reg_contact(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *method = NULL, *result = NULL, *note = NULL;
    int32_t date;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    if ((rc = json_get_date(body, "date", true, &date, ec)) < 0 ||
        (rc = json_get_str(body, "method", true, 16, &method, ec)) < 0 ||
        (rc = json_get_str(body, "result", true, 16, &result, ec)) < 0 ||
        (rc = json_get_str(body, "note", false, 0, &note, ec)) < 0)
        return rc;
    int64_t id;
    rc = app_services_contact(api__app(req), api__actor(req), http_param(req, "no"), date, method,
                              result, note, &id, ec);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

struct api_reg__due {
    json_t *items;
    int due, overdue;
    char today[DATE_STRLEN];
};

static int api_reg__due_item(const struct due_row *r, void *arg)
{
    struct api_reg__due *d = arg;
    bool overdue = strcmp(r->due_on, d->today) < 0;
    d->overdue += overdue;
    d->due += !overdue;
    json_array_append_new(d->items,
                          json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "kind", r->kind,
                                    "registration_no", r->registration_no, "name_masked",
                                    r->name_masked, "due_on", r->due_on, "overdue", overdue,
                                    "ref_id", api_reg__id_or_null(r->ref_id), "caseworker",
                                    api_reg__str_or_null(r->caseworker_name), "agency_id",
                                    api_reg__id_or_null(r->agency_id)));
    return 0;
}

int api_reg_due(struct http_req *req, struct http_resp *w)
{
    int limit;
    int rc = api_reg__limit(req, 200, 500, &limit);
    if (rc < 0)
        return rc;
    struct api_reg__due d = {.items = json_array()};
    date_format(clock_today(), d.today);
    rc = app_services_due(api__app(req), api__actor(req), http_query(req, "caseworker"),
                          http_query(req, "agency"), limit, api_reg__due_item, &d, &req->err);
    if (rc < 0) {
        json_decref(d.items);
        return rc;
    }
    http_resp_json(w, 200,
                   json_pack("{s:s, s:i, s:i, s:o}", "today", d.today, "due", d.due, "overdue",
                             d.overdue, "items", d.items));
    return 0;
}
