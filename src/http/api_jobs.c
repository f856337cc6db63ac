/*
 * api_jobs.c — vacancies and job matches over HTTP (routes in api.c): enter, list, read, close,
 * import a CSV upload, and a registration's ranked matches with their reasons. Thin: parse,
 * call one app_job_ / app_match_ function, render.
 */
#include "http/api_jobs.h"

#include "app/jobs.h"
#include "app/match.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"
#include "rules/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *api_jobs__region_name(const char *code)
{
    char name[256];
    region_path_name(code, name, sizeof name);
    return json_string(name);
}

static json_t *api_jobs__str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The vacancy as every route renders it. */
static json_t *api_jobs__json(const struct job *j)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s,"
        " s:s, s:o}",
        "id", (json_int_t)j->id, "title", j->title, "employer", j->employer, "occupation",
        j->occupation, "region", j->region, "region_name", api_jobs__region_name(j->region),
        "salary_min", (json_int_t)j->salary_min, "salary_max", (json_int_t)j->salary_max,
        "openings", (json_int_t)j->openings, "valid_from", j->valid_from, "valid_until",
        j->valid_until, "requirements", "education_min", j->education_min, "skills", j->skills,
        "text", j->requirements, "status", j->status, "source", j->source, "created_at",
        j->created_at, "close_reason", api_jobs__str_or_null(j->close_reason));
}

/* requirements: free text, or {education_min, skills (text or list), text}. */
static int api_jobs__requirements(json_t *body, struct http_req *req, struct job *j)
{
    json_t *rq = json_object_get(body, "requirements");
    int rc = 0;
    if (!rq || json_is_null(rq))
        return 0;
    if (json_is_string(rq)) {
        j->requirements = json_string_value(rq);
        return 0;
    }
    if (!json_is_object(rq))
        return err_set(&req->err, -ERR_FIELD_INVALID, "requirements");
    json_t *skills = json_object_get(rq, "skills");
    if (json_is_array(skills)) {
        struct buf b = {0};
        size_t i;
        json_t *s;
        json_array_foreach(skills, i, s)
        {
            if (!json_is_string(s))
                return err_set(&req->err, -ERR_FIELD_INVALID, "requirements.skills");
            buf_printf(&b, "%s%s", i ? "、" : "", json_string_value(s));
        }
        j->skills = arena_strdup(&req->arena, b.data ? b.data : "");
        buf_free(&b);
    } else if ((rc = json_get_str(rq, "skills", false, 8000, &j->skills, &req->err)) < 0) {
        return err_set(&req->err, rc, "requirements.skills");
    }
    if ((rc = json_get_str(rq, "education_min", false, 8, &j->education_min, &req->err)) < 0)
        return err_set(&req->err, rc, "requirements.education_min");
    if ((rc = json_get_str(rq, "text", false, 8000, &j->requirements, &req->err)) < 0)
        return err_set(&req->err, rc, "requirements.text");
    return 0;
}

int api_jobs_create(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct job j = {0};
    long long smin = 0, smax = 0, openings = 0;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "title", true, 1000, &j.title, &req->err)) < 0 ||
        (rc = json_get_str(body, "employer", true, 2000, &j.employer, &req->err)) < 0 ||
        (rc = json_get_str(body, "occupation", true, 32, &j.occupation, &req->err)) < 0 ||
        (rc = json_get_str(body, "region", true, 16, &j.region, &req->err)) < 0 ||
        (rc = json_get_int(body, "salary_min", true, 0, JOBS_SALARY_MAX, &smin, &req->err)) < 0 ||
        (rc = json_get_int(body, "salary_max", true, 0, JOBS_SALARY_MAX, &smax, &req->err)) < 0 ||
        (rc = json_get_int(body, "openings", false, 1, JOBS_OPENINGS_MAX, &openings, &req->err)) <
            0 ||
        (rc = json_get_str(body, "valid_from", false, 16, &j.valid_from, &req->err)) < 0 ||
        (rc = json_get_str(body, "valid_until", true, 16, &j.valid_until, &req->err)) < 0 ||
        (rc = json_get_str(body, "skills", false, 8000, &j.skills, &req->err)) < 0 ||
        (rc = json_get_str(body, "education_min", false, 8, &j.education_min, &req->err)) < 0 ||
        (rc = api_jobs__requirements(body, req, &j)) < 0)
        return rc == -ERR_FIELD_INVALID && req->err.field &&
                       (strcmp(req->err.field, "salary_min") == 0 ||
                        strcmp(req->err.field, "salary_max") == 0)
                   ? err_set(&req->err, -ERR_JOB_SALARY, req->err.field)
                   : rc;
    j.salary_min = smin;
    j.salary_max = smax;
    j.openings = openings;
    int64_t id;
    rc = app_job_create(api__app(req), api__actor(req), &j, &id, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

static int api_jobs__id(struct http_req *req, int64_t *id)
{
    const char *s = http_param(req, "id");
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v < 1)
        return -ERR_NOT_FOUND;
    *id = v;
    return 0;
}

int api_jobs_get(struct http_req *req, struct http_resp *w)
{
    int64_t id;
    struct job j;
    bool offered;
    int rc = api_jobs__id(req, &id);
    if (rc == 0)
        rc = app_job_get(api__app(req), api__actor(req), id, &req->arena, &j, &offered);
    if (rc < 0)
        return rc;
    json_t *o = api_jobs__json(&j);
    json_object_set_new(o, "offered", json_boolean(offered));
    http_resp_json(w, 200, o);
    return 0;
}

static int api_jobs__row(const struct job *j, void *arg)
{
    json_array_append_new(arg, api_jobs__json(j));
    return 0;
}

int api_jobs_list(struct http_req *req, struct http_resp *w)
{
    const char *limit_s = http_query(req, "limit"), *cursor = http_query(req, "cursor");
    const char *offered = http_query(req, "offered"), *region = http_query(req, "region");
    char *end = NULL;
    long limit = limit_s ? strtol(limit_s, &end, 10) : 50;
    if (limit_s && (*end || limit < 1 || limit > JOBS_PAGE_MAX))
        return err_set(&req->err, -ERR_FIELD_INVALID, "limit");
    long long before = cursor && *cursor ? strtoll(cursor, &end, 10) : 0;
    if (cursor && *cursor && (*end || before < 1))
        return err_set(&req->err, -ERR_FIELD_INVALID, "cursor");
    char prefix[REGION_CODE_MAX] = "";
    if (region && *region) {
        if (region_validate(region) < 0)
            return err_set(&req->err, -ERR_REGION_INVALID, "region");
        region_prefix(region, prefix, sizeof prefix);
    }
    const char *state = http_query(req, "state");
    struct job_list_query q = {
        .status = state ? state : "",
        .occupation = http_query(req, "occupation") ? http_query(req, "occupation") : "",
        .region = prefix,
        .text = http_query(req, "q") ? http_query(req, "q") : "",
        .before_id = before,
        .limit = (int)limit,
    };
    json_t *items = json_array();
    int64_t next = 0;
    int rc = app_job_list(api__app(req), api__actor(req), &q, offered && !strcmp(offered, "true"),
                          api_jobs__row, items, &next);
    if (rc < 0) {
        json_decref(items);
        return err_set(&req->err, rc, rc == -ERR_FIELD_INVALID ? "state" : NULL);
    }
    char next_s[24];
    snprintf(next_s, sizeof next_s, "%lld", (long long)next);
    http_resp_json(
        w, 200,
        json_pack("{s:o, s:o}", "items", items, "next", next ? json_string(next_s) : json_null()));
    return 0;
}

int api_jobs_close(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *status = NULL, *reason = NULL;
    int64_t id;
    int rc = api_jobs__id(req, &id);
    if (rc < 0)
        return rc;
    if ((rc = http_req_json(req, &body)) < 0 ||
        (rc = json_get_str(body, "status", true, 16, &status, &req->err)) < 0 ||
        (rc = json_get_str(body, "reason", true, 2000, &reason, &req->err)) < 0)
        return rc;
    rc = app_job_close(api__app(req), api__actor(req), id, status, reason, &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", status));
    return 0;
}

static void api_jobs__reject(const struct jobs_reject *r, void *arg)
{
    json_t *list = arg;
    if (json_array_size(list) < 1000)
        json_array_append_new(list, json_pack("{s:I, s:s, s:o}", "line", (json_int_t)r->line,
                                              "code", err_info(-r->code)->code, "field",
                                              api_jobs__str_or_null(r->field)));
}

int api_jobs_import(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *name = NULL, *content = NULL;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "filename", false, 200, &name, &req->err)) < 0 ||
        (rc = json_get_str(body, "content_base64", true, 2 << 20, &content, &req->err)) < 0)
        return rc;
    json_t *rejects = json_array();
    struct jobs_import_opts o = {
        .source = arena_printf(&req->arena, "import:%s", name && *name ? name : "upload"),
        .reject = api_jobs__reject,
        .arg = rejects,
    };
    struct jobs_import_result r;
    rc = app_job_import_base64(api__app(req), api__actor(req), content, &o, &r);
    if (rc < 0) {
        json_decref(rejects);
        return err_set(&req->err, rc,
                       rc == -ERR_FIELD_INVALID || rc == -ERR_FIELD_REQUIRED ? "content_base64"
                                                                             : NULL);
    }
    http_resp_json(w, 200,
                   json_pack("{s:I, s:I, s:I, s:o}", "read", (json_int_t)r.read, "loaded",
                             (json_int_t)r.loaded, "rejected", (json_int_t)r.rejected, "rejects",
                             rejects));
    return 0;
}

/* One match: the vacancy in short, the score and its reasons. */
static json_t *api_jobs__match(const struct match_item *it)
{
    const struct match_result *r = &it->r;
    json_t *shared = json_array();
    for (int i = 0; i < r->n_shared && i < MATCH_SKILLS_MAX; i++)
        json_array_append_new(shared, json_string(it->shared[i] ? it->shared[i] : ""));
    json_t *reasons = json_pack(
        "[{s:s, s:i}, {s:s, s:i, s:s}, {s:s, s:i}, {s:s, s:i, s:o}]", "code",
        app_match_reason(r, 0), "points", r->occ_points, "code", app_match_reason(r, 1), "points",
        r->place_points, "region", it->job.region, "code", app_match_reason(r, 2), "points",
        r->pay_points, "code", app_match_reason(r, 3), "points", r->skill_points, "skills", shared);
    return json_pack("{s:I, s:i, s:o, s:{s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:s}}", "job_id",
                     (json_int_t)r->job_id, "score", r->score, "reasons", reasons, "job", "title",
                     it->job.title, "employer", it->job.employer, "occupation", it->job.occupation,
                     "region", it->job.region, "region_name", api_jobs__region_name(it->job.region),
                     "salary_min", (json_int_t)it->job.salary_min, "salary_max",
                     (json_int_t)it->job.salary_max, "openings", (json_int_t)it->job.openings,
                     "valid_until", it->job.valid_until);
}

int api_jobs_matches(struct http_req *req, struct http_resp *w)
{
    const char *limit_s = http_query(req, "limit");
    char *end = NULL;
    long k = limit_s ? strtol(limit_s, &end, 10) : MATCH_DEFAULT_TOP;
    if (limit_s && (*end || k < 1 || k > MATCH_TOP_MAX))
        return err_set(&req->err, -ERR_FIELD_INVALID, "limit");
    struct match_item *items = arena_alloc(&req->arena, sizeof *items * (size_t)k);
    struct match_subject s;
    int n = 0;
    int rc = app_match_for(api__app(req), api__actor(req), http_param(req, "reg_no"), (int)k,
                           &req->arena, items, &n, &s);
    if (rc < 0)
        return rc;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, api_jobs__match(&items[i]));
    http_resp_json(w, 200,
                   json_pack("{s:o, s:{s:o, s:s, s:I}}", "items", list, "intent", "occupation",
                             api_jobs__str_or_null(s.occupation), "place", s.place, "salary_min",
                             (json_int_t)s.salary_min));
    return 0;
}
