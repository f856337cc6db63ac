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
#include "base/jsonw.h"
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
/* Open the object of one reason of a match with its "code" and "points"; the caller adds what
 * the reason names (region, skills) and closes it. */
static void api_jobs__reason_open(struct jsonw *w, const char *code, int points)
{
    jsonw_begin_object(w);
    jsonw_key(w, "code");
    jsonw_str(w, code);
    jsonw_key(w, "points");
    jsonw_int(w, points);
}

/* A match as the route answers it, written straight (a person's matches are the server's hot
 * read: the jansson tree of ten was about a fifth of its CPU). */
static void api_jobs__match(struct jsonw *w, const struct match_item *it)
{
    const struct match_result *r = &it->r;
    char region_name[256];
    region_path_name(it->job.region, region_name, sizeof region_name);
    jsonw_begin_object(w);
    jsonw_key(w, "job_id");
    jsonw_int(w, r->job_id);
    jsonw_key(w, "score");
    jsonw_int(w, r->score);
    jsonw_key(w, "reasons");
    jsonw_begin_array(w);
    api_jobs__reason_open(w, app_match_reason(r, 0), r->occ_points);
    jsonw_end_object(w);
    api_jobs__reason_open(w, app_match_reason(r, 1), r->place_points);
    jsonw_key(w, "region");
    jsonw_str(w, it->job.region);
    jsonw_end_object(w);
    api_jobs__reason_open(w, app_match_reason(r, 2), r->pay_points);
    jsonw_end_object(w);
    api_jobs__reason_open(w, app_match_reason(r, 3), r->skill_points);
    jsonw_key(w, "skills");
    jsonw_begin_array(w);
    for (int i = 0; i < r->n_shared && i < MATCH_SKILLS_MAX; i++)
        jsonw_str(w, it->shared[i] ? it->shared[i] : "");
    jsonw_end_array(w);
    jsonw_end_object(w);
    jsonw_end_array(w);
    jsonw_key(w, "job");
    jsonw_begin_object(w);
    static const char *const keys[] = {"title", "employer", "occupation", "region"};
    const char *vals[] = {it->job.title, it->job.employer, it->job.occupation, it->job.region};
    for (size_t i = 0; i < 4; i++) {
        jsonw_key(w, keys[i]);
        jsonw_str(w, vals[i]);
    }
    jsonw_key(w, "region_name");
    jsonw_str(w, region_name);
    jsonw_key(w, "salary_min");
    jsonw_int(w, it->job.salary_min);
    jsonw_key(w, "salary_max");
    jsonw_int(w, it->job.salary_max);
    jsonw_key(w, "openings");
    jsonw_int(w, it->job.openings);
    jsonw_key(w, "valid_until");
    jsonw_str(w, it->job.valid_until);
    jsonw_end_object(w);
    jsonw_end_object(w);
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
    struct jsonw out = {0};
    jsonw_begin_object(&out);
    jsonw_key(&out, "items");
    jsonw_begin_array(&out);
    for (int i = 0; i < n; i++)
        api_jobs__match(&out, &items[i]);
    jsonw_end_array(&out);
    jsonw_key(&out, "intent");
    jsonw_begin_object(&out);
    jsonw_key(&out, "occupation");
    jsonw_str_or_null(&out, s.occupation);
    jsonw_key(&out, "place");
    jsonw_str(&out, s.place);
    jsonw_key(&out, "salary_min");
    jsonw_int(&out, s.salary_min);
    jsonw_end_object(&out);
    jsonw_end_object(&out);
    http_resp_json_text(w, 200, &out.b);
    return 0;
}
