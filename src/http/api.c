/*
 * api.c — the route table, the authorize hook and the foundation's handlers. See api.h.
 *
 * Handlers are thin: read the request, call one app_ function with the actor, render JSON.
 * Errors are returned as -ERR_* with req->err.field set, and rendered by the server.
 */
#include "http/api.h"

#include "app/accounts.h"
#include "app/app.h"
#include "app/exchange.h"
#include "app/metrics.h"
#include "base/err.h"
#include "base/version.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "http/api_app.h"
#include "http/api_track.h"
#include "http/api_exit.h" /* issue 9: exits */
#include "http/api_flag.h"
#include "http/api_stats.h"
#include "http/api_refer.h" /* issue 8: closure */
#include "http/api_edge.h"
#include "http/api_followup.h"
#include "http/api_audit.h"
#include "http/api_staff.h"
#include "http/api_exchange.h"
#include "http/api_lists.h"
#include "http/api_jobs.h"
#include "http/api_pii.h"
#include "http/api_reg.h"
#include "http/cidr.h"
#include "http/openapi.h"
#include "http/router.h"
#include "http/server.h"
#include "rules/codes.h"
#include "rules/exit.h"
#include "rules/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct api_ctx {
    struct app *app;
    const struct api_config *cfg;
    struct app_metrics *metrics;
    struct cidr_list metrics_allow; /* who may read /metrics without the token */
    char *openapi;                  /* the OpenAPI document, serialised once at start */
    struct api_edge *edge;          /* client address and rate limits (http/api_edge.h) */
};

struct api_edge *api__edge(const struct http_req *req)
{
    const struct api_ctx *cx = http_ctx(req);
    return cx ? cx->edge : NULL;
}

struct app *api__app(const struct http_req *req)
{
    return ((struct api_ctx *)http_ctx(req))->app;
}

const struct actor *api__actor(const struct http_req *req)
{
    return req->auth;
}

/* --- handlers ------------------------------------------------------------------------- */

static int api_healthz(struct http_req *req, struct http_resp *w)
{
    int rc = app_health(api__app(req));
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

json_t *api__user_json(const struct actor *u)
{
    char name[256];
    region_path_name(u->region, name, sizeof name);
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:b, s:b}", "username", u->username, "role",
                     u->role, "agency_id", (json_int_t)u->agency_id, "region", u->region,
                     "region_name", name, "totp_enrolment_required", u->limited,
                     "password_change_required", u->must_change_password);
}

void api__set_cookie(struct http_req *req, struct http_resp *w, const char *token, long max_age)
{
    const struct api_ctx *cx = http_ctx(req);
    char cookie[256];
    bool secure = cx->cfg->secure_cookies || cx->cfg->hsts_max_age > 0;
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
             API_COOKIE, token, max_age, secure ? "; Secure" : "");
    http_resp_header(w, "Set-Cookie", cookie);
}

static int api_session_create(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *username, *password, *code = NULL;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "username", true, 64, &username, &req->err)) < 0 ||
        (rc = json_get_str(body, "password", true, 256, &password, &req->err)) < 0 ||
        (rc = json_get_str(body, "totp_code", false, 16, &code, &req->err)) < 0)
        return rc;
    struct login_result lr;
    struct app *a = api__app(req);
    rc = app_login(a, username, password, code, req->remote_addr, &lr);
    if (rc == -ERR_TOTP_REQUIRED || rc == -ERR_TOTP_INVALID)
        return err_set(&req->err, rc, "totp_code");
    req->err.retry_after = lr.retry_after;
    if (rc < 0)
        return rc;
    api__set_cookie(req, w, lr.token, app_policy(a)->session_ttl);
    http_resp_json(
        w, 200, json_pack("{s:s, s:o}", "csrf_token", lr.csrf, "user", api__user_json(&lr.actor)));
    return 0;
}

static int api_session_get(struct http_req *req, struct http_resp *w)
{
    const struct actor *me = api__actor(req);
    json_t *o = json_pack("{s:o}", "user", api__user_json(me));
    if (me->via_cookie)
        json_object_set_new(o, "csrf_token", json_string(me->csrf));
    http_resp_json(w, 200, o);
    return 0;
}

static int api_session_delete(struct http_req *req, struct http_resp *w)
{
    const struct actor *me = api__actor(req);
    const char *token = http_cookie(req, API_COOKIE);
    if (me->via_cookie && token) {
        int rc = app_logout(api__app(req), token, me);
        if (rc < 0)
            return rc;
    }
    api__set_cookie(req, w, "", 0);
    http_resp_json(w, 200, json_pack("{s:s}", "status", "logged_out"));
    return 0;
}

struct api__agency_list {
    json_t *items;
};

static int api__agency_item(const struct agency *ag, void *arg)
{
    struct api__agency_list *l = arg;
    json_t *items = json_loads(ag->items, 0, NULL);
    json_array_append_new(l->items,
                          json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)ag->id,
                                    "name", ag->name, "region", ag->region, "kind", ag->kind,
                                    "address", ag->address, "phone", ag->phone, "items",
                                    items ? items : json_array()));
    return 0;
}

/* GET /api/v1/public/agencies: on the national hub the lists the locals published (the
 * exchange's), elsewhere the versioned agency list (api_lists.c). */
static int api_public_agencies(struct http_req *req, struct http_resp *w)
{
    if (app_role(api__app(req)) != APP_ROLE_NATIONAL)
        return api_lists_public_agencies(req, w);
    const char *region = http_query(req, "region");
    char prefix[16] = "";
    if (region && *region) {
        int rc = region_validate(region);
        if (rc < 0) {
            req->err.field = "region";
            return rc;
        }
        region_prefix(region, prefix, sizeof prefix);
    }
    struct api__agency_list l = {json_array()};
    int rc = app_public_agencies(api__app(req), prefix, 1000, api__agency_item, &l);
    if (rc < 0) {
        json_decref(l.items);
        return rc;
    }
    http_resp_json(w, 200, json_pack("{s:o}", "items", l.items));
    return 0;
}

/* An exit reason's rule from src/rules/exit.c, so that the UI's exit form holds no copy of it:
 * who may apply it, the evidence key a caseworker's exit carries, whether the person is told.
 * 22 has no row (the pension, 21, is the rule): applied by no one. */
static void api__exit_rule(json_t *item, const struct exit_reason *r)
{
    json_object_set_new(item, "by_caseworker", json_boolean(r && (r->by & EXIT_BY_CASEWORKER)));
    json_object_set_new(item, "by_batch", json_boolean(r && (r->by & EXIT_BY_BATCH)));
    json_object_set_new(item, "evidence",
                        r && r->evidence ? json_string(r->evidence) : json_null());
    json_object_set_new(item, "notify", json_boolean(r && r->notify));
}

static int api_codes(struct http_req *req, struct http_resp *w)
{
    const char *table = http_param(req, "table");
    const struct code_entry *list[512];
    bool known = false;
    for (const char *const *t = codes_tables(); *t; t++)
        known = known || strcmp(*t, table) == 0;
    if (!known)
        return -ERR_NOT_FOUND;
    int n = codes_list(table, list, 512);
    bool exits = strcmp(table, "exit_reason") == 0;
    json_t *items = json_array();
    for (int i = 0; i < n && i < 512; i++) {
        json_t *item = json_pack("{s:s, s:s, s:s}", "code", list[i]->code, "name_zh",
                                 list[i]->name_zh, "name_en", list[i]->name_en);
        if (exits)
            api__exit_rule(item, exit_reason_find(list[i]->code));
        json_array_append_new(items, item);
    }
    http_resp_json(w, 200, json_pack("{s:s, s:o}", "table", table, "items", items));
    return 0;
}

static int api_regions(struct http_req *req, struct http_resp *w)
{
    const char *parent = http_query(req, "parent");
    if (parent && !*parent)
        parent = NULL;
    if (parent && region_validate(parent) < 0) {
        req->err.field = "parent";
        return -ERR_REGION_INVALID;
    }
    int n = region_children(parent, NULL, 0);
    const struct region **kids = arena_alloc(&req->arena, sizeof *kids * (size_t)(n > 0 ? n : 1));
    region_children(parent, kids, n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:i}", "code", kids[i]->code, "name",
                                               kids[i]->name, "level", (int)kids[i]->level));
    http_resp_json(w, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static int api__audit_item(const struct audit_row *r, void *arg)
{
    json_t *detail = json_loads(r->detail, 0, NULL);
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
                                         (json_int_t)r->id, "at", r->at, "actor", r->actor,
                                         "action", r->action, "object_type", r->object_type,
                                         "object_id", r->object_id, "remote", r->remote, "detail",
                                         detail ? detail : json_object()));
    return 0;
}

static int api_audit(struct http_req *req, struct http_resp *w)
{
    const char *type = http_query(req, "object_type");
    const char *id = http_query(req, "object_id");
    const char *limit_s = http_query(req, "limit");
    long limit = limit_s ? strtol(limit_s, NULL, 10) : 100;
    if (limit < 1 || limit > 1000) {
        req->err.field = "limit";
        return -ERR_FIELD_INVALID;
    }
    json_t *items = json_array();
    int rc = app_audit_list(api__app(req), type && *type ? type : NULL, id, (int)limit,
                            api__audit_item, items);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    http_resp_json(w, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static int api_version(struct http_req *req, struct http_resp *w)
{
    (void)req;
    http_resp_json(w, 200, json_pack("{s:s}", "version", UREG_VERSION));
    return 0;
}

static int api_metrics(struct http_req *req, struct http_resp *w)
{
    struct api_ctx *cx = http_ctx(req);
    struct buf b = {0};
    http_server_metrics(req, &b);
    int rc = app_metrics_write(cx->metrics, &b);
    if (rc < 0)
        log_warn("http", "event=metrics_counts_failed code=%s", err_info(rc)->code);
    http_resp_bytes(w, 200, "text/plain; version=0.0.4; charset=utf-8", b.data ? b.data : "", b.len,
                    true);
    buf_free(&b);
    return 0;
}

static int api_openapi(struct http_req *req, struct http_resp *w)
{
    const struct api_ctx *cx = http_ctx(req);
    http_resp_bytes(w, 200, "application/json; charset=utf-8", cx->openapi, strlen(cx->openapi),
                    false);
    return 0;
}

/* --- the route table ------------------------------------------------------------------ */

static int api_metrics(struct http_req *req, struct http_resp *w);
static int api_openapi(struct http_req *req, struct http_resp *w);

/*
 * Each row: method, pattern, permission, handler, summary, then its OpenAPI description (query
 * parameters, request schema, success status, response schema: names in http/openapi.c).
 */
static const struct route api__routes[] = {
    {"GET", "/healthz", PERM_PUBLIC, api_healthz, "200 {\"status\":\"ok\"} when the store answers",
     NULL, NULL, 200, "Health"},
    {"POST", "/api/v1/session", PERM_PUBLIC, api_session_create,
     "staff login {username, password} → {csrf_token, user}; sets the HttpOnly session cookie",
     NULL, "Login", 200, "Session"},
    {"GET", "/api/v1/session", PERM_STAFF, api_session_get,
     "the logged-in user and the session's CSRF token", NULL, NULL, 200, "SessionInfo"},
    {"POST", "/api/v1/session/password", PERM_STAFF, api_staff_password,
     "change one's password {old_password, new_password} (password policy; the other sessions "
     "end)",
     NULL, "PasswordChange", 200, "StatusOnly"},
    {"POST", "/api/v1/session/logout-all", PERM_STAFF, api_staff_logout_all,
     "log out everywhere: every session of the user ends, this one too", NULL, NULL, 200,
     "LoggedOutAll"},
    {"POST", "/api/v1/session/totp", PERM_STAFF, api_staff_totp_begin,
     "begin enrolling a second factor (TOTP, RFC 6238): → {secret, otpauth_uri}, pending until "
     "confirmed",
     NULL, NULL, 200, "TotpEnrolment"},
    {"POST", "/api/v1/session/totp/confirm", PERM_STAFF, api_staff_totp_confirm,
     "confirm the second factor with a code {code}; login asks for totp_code from then on", NULL,
     "TotpCode", 200, "StatusOnly"},
    {"POST", "/api/v1/users/{username}/password", PERM_ADMIN, api_staff_reset_password,
     "an admin sets a user's password {new_password}; its sessions end and its lock is lifted",
     NULL, "PasswordReset", 200, "LoggedOutAll"},
    {"POST", "/api/v1/users/{username}/totp/reset", PERM_ADMIN, api_staff_reset_totp,
     "an admin removes a user's second factor (a lost phone)", NULL, NULL, 200, "StatusOnly"},
    {"DELETE", "/api/v1/session", PERM_STAFF, api_session_delete, "log out", NULL, NULL, 200,
     "LoggedOut"},
    {"GET", "/api/v1/public/agencies", PERM_PUBLIC, api_public_agencies,
     "public employment service agency list (附件4) in force ?on=DAY (today) for ?region=CODE "
     "and below, ?q=TEXT",
     "region,q,on", NULL, 200, "AgencyList"},
    {"GET", "/api/v1/public/agencies.xlsx", PERM_PUBLIC, api_lists_agencies_xlsx,
     "the agency list as XLSX in the 附件4 layout (title, 序号 所在地区 机构名称 办公地址 联系电话 "
     "经办项目 办公时间)",
     "region,q,on", NULL, 200, "Xlsx"},
    {"GET", "/api/v1/public/agencies.csv", PERM_PUBLIC, api_lists_agencies_csv,
     "the agency list as CSV (UTF-8 with BOM) in the 附件4 layout", "region,q,on", NULL, 200,
     "Csv"},
    {"GET", "/api/v1/public/policies", PERM_PUBLIC, api_lists_public_policies,
     "the policy list (政策清单) in force ?on=DAY for ?region=CODE and below, ?q=TEXT",
     "region,q,on", NULL, 200, "PolicyList"},
    {"GET", "/api/v1/public/services", PERM_PUBLIC, api_lists_public_services,
     "the service list (服务清单) in force ?on=DAY for ?region=CODE and below, ?q=TEXT",
     "region,q,on", NULL, 200, "ServiceList"},
    {"GET", "/api/v1/codes/{table}", PERM_PUBLIC, api_codes,
     "a code table (unemployment_reason, exit_reason, ethnicity, education, ...): items {code, "
     "name_zh, name_en}; exit_reason's also carry the reason's rule (by_caseworker, by_batch, "
     "evidence: the key a caseworker's exit must carry or null, notify)",
     NULL, NULL, 200, "CodeTable"},
    {"GET", "/api/v1/regions", PERM_PUBLIC, api_regions,
     "administrative divisions below ?parent=CODE (provinces without it)", "parent", NULL, 200,
     "RegionList"},
    {"POST", "/api/v1/public/applications", PERM_PUBLIC, api_app_submit_public,
     "online application (附件1 form) → 201 {application_no, query_code, deadline}", NULL,
     "ApplicationForm", 201, "Receipt"},
    {"GET", "/api/v1/public/applications/{no}", PERM_PUBLIC, api_app_status_public,
     "the applicant's status with ?query_code=Q → {application_no, status, deadline, "
     "decision_reason, registration_no}",
     "query_code", NULL, 200, "PublicStatus"},
    {"GET", "/api/v1/public/applications/{no}/data-usage", PERM_PUBLIC, api_pii_usage_public,
     "my personal data usage, with ?query_code=Q: who read the applicant's data, when and why, "
     "newest first → {items: [{at, reader, agency, action: read|reveal, reason, "
     "application_no}]}",
     "query_code", NULL, 200, "DataUsage"},
    {"POST", "/api/v1/applications", PERM_CASE_EDIT, api_app_submit_counter,
     "counter application, same form (+ agency_id) → 201 as online", NULL, "ApplicationForm", 201,
     "Receipt"},
    {"GET", "/api/v1/applications", PERM_CASE_READ, api_app_list,
     "the queue of the caller's region in deadline order: ?status=S&overdue=true&cursor=C&limit=N",
     "status,overdue,cursor,limit", NULL, 200, "Queue"},
    {"GET", "/api/v1/applications/{no}", PERM_CASE_READ, api_app_get,
     "an application with its verification evidence, personal data masked; "
     "?reveal=true&reason=WHY unmasks (the reason is required; every read is audited)",
     "reveal,reason", NULL, 200, "Application"},
    {"POST", "/api/v1/applications/{no}/decision", PERM_CASE_EDIT, api_app_decide,
     "{decision: approve|reject, reason} → {status, registration_no}", NULL, "Decision", 200,
     "DecisionResult"},
    {"POST", "/api/v1/registrations/{reg_no}/items", PERM_CASE_EDIT, api_track_open,
     "open a tracked service (training, start-up, loan, recognition, plan or step, "
     "public-welfare post, policy application, UI hand-over) → 201 {id}",
     NULL, "TrackNew", 201, "TrackCreated"},
    {"GET", "/api/v1/registrations/{reg_no}/items", PERM_CASE_READ, api_track_list,
     "the registration's tracked services with their steps, newest first", NULL, NULL, 200,
     "TrackList"},
    {"POST", "/api/v1/registrations/{reg_no}/items/{id}/steps", PERM_CASE_EDIT, api_track_move,
     "move a tracked service a step {status, on, note, due_on} (the kind's state machine)", NULL,
     "TrackMove", 200, "TrackMoved"},
    {"POST", "/api/v1/exchange", PERM_PUBLIC, api_exchange_receive,
     "hub: a signed message of a local system (download, ack, upload, publish-agencies; "
     "Signature header, Ed25519) → its signed answer (ACK/NACK/ERR)",
     NULL, "ExchangeMessage", 200, "ExchangeMessage"},
    {"GET", "/api/v1/exchange/status", PERM_STATS, api_exchange_overview,
     "timeliness (notice §8): on the hub per local system, on a local system its own backlog", NULL,
     NULL, 200, "ExchangeOverview"},
    {"GET", "/api/v1/exchange/systems", PERM_ADMIN, api_exchange_systems,
     "the registry of systems and keys with their region prefixes", NULL, NULL, 200,
     "ExchangeSystems"},
    {"POST", "/api/v1/exchange/systems", PERM_ADMIN, api_exchange_register,
     "register a system {system_id, public_key, regions:[prefix...]} (the hub's routing table)",
     NULL, "ExchangeRegister", 200, "ExchangeSystems"},
    {"GET", "/api/v1/public/consultation", PERM_PUBLIC, api_public_consultation,
     "consultation (notice §8): the 12333 hotline, the agencies of ?region with their phones, "
     "the online routes",
     "region", NULL, 200, "Consultation"},
    {"GET", "/api/v1/policies", PERM_CATALOG, api_lists_policies,
     "the policy list of the caller's region (?region= below it) with every version; status as "
     "of ?on=DAY",
     "region,on", NULL, 200, "ListHistory"},
    {"POST", "/api/v1/policies", PERM_CATALOG, api_lists_policy_add,
     "add a policy {region, name, target, content, conditions, accepting_agency, valid_from?, "
     "note?} → 201 {id, version, valid_from}",
     NULL, "PolicyInput", 201, "ListWrite"},
    {"GET", "/api/v1/policies/{id}", PERM_CATALOG, api_lists_policy_get,
     "one policy with every version, newest first", "on", NULL, 200, "ListEntry"},
    {"PUT", "/api/v1/policies/{id}", PERM_CATALOG, api_lists_policy_change,
     "change a policy: a new version of all its fields from valid_from (today); history kept", NULL,
     "PolicyInput", 200, "ListWrite"},
    {"DELETE", "/api/v1/policies/{id}", PERM_CATALOG, api_lists_policy_retire,
     "retire a policy from valid_from (today; optional body {valid_from, note}); history kept",
     NULL, NULL, 200, "ListWrite"},
    {"GET", "/api/v1/services-catalog", PERM_CATALOG, api_lists_services,
     "the service list of the caller's region with every version", "region,on", NULL, 200,
     "ListHistory"},
    {"POST", "/api/v1/services-catalog", PERM_CATALOG, api_lists_service_add,
     "add a service {region, item, target, content, valid_from?, note?} → 201", NULL,
     "ServiceInput", 201, "ListWrite"},
    {"GET", "/api/v1/services-catalog/{id}", PERM_CATALOG, api_lists_service_get,
     "one service with every version", "on", NULL, 200, "ListEntry"},
    {"PUT", "/api/v1/services-catalog/{id}", PERM_CATALOG, api_lists_service_change,
     "change a service: a new version; history kept", NULL, "ServiceInput", 200, "ListWrite"},
    {"DELETE", "/api/v1/services-catalog/{id}", PERM_CATALOG, api_lists_service_retire,
     "retire a service (optional body {valid_from, note}); history kept", NULL, NULL, 200,
     "ListWrite"},
    {"GET", "/api/v1/agencies", PERM_CATALOG, api_lists_agencies,
     "the agency list of the caller's region with every version", "region,on", NULL, 200,
     "ListHistory"},
    {"POST", "/api/v1/agencies", PERM_CATALOG, api_lists_agency_add,
     "add an agency to the list (registers the agency) {region, kind, name, address, phone, "
     "items, hours?, valid_from?, note?} → 201",
     NULL, "AgencyInput", 201, "ListWrite"},
    {"GET", "/api/v1/agencies/{id}", PERM_CATALOG, api_lists_agency_get,
     "one agency's list entry with every version", "on", NULL, 200, "ListEntry"},
    {"PUT", "/api/v1/agencies/{id}", PERM_CATALOG, api_lists_agency_change,
     "change an agency's list entry: a new version; history kept", NULL, "AgencyInput", 200,
     "ListWrite"},
    {"DELETE", "/api/v1/agencies/{id}", PERM_CATALOG, api_lists_agency_retire,
     "take an agency off the list (the agency and its users stay); history kept", NULL, NULL, 200,
     "ListWrite"},
    {"POST", "/api/v1/jobs", PERM_CASE_EDIT, api_jobs_create,
     "enter a vacancy in the caller's region → 201 {id}", NULL, "JobForm", 201, "JobCreated"},
    {"GET", "/api/v1/jobs", PERM_CASE_READ, api_jobs_list,
     "the caller's region's vacancies, newest first: "
     "?state=S&offered=true&occupation=P&region=R&q=T&cursor=C&limit=N",
     "state,offered,occupation,region,q,cursor,limit", NULL, 200, "JobList"},
    {"POST", "/api/v1/jobs/import", PERM_CASE_EDIT, api_jobs_import,
     "import vacancies from an uploaded CSV {filename, content_base64} → counts and the "
     "rejected lines",
     NULL, "JobImport", 200, "JobImportResult"},
    {"GET", "/api/v1/jobs/{id}", PERM_CASE_READ, api_jobs_get,
     "a vacancy of the caller's region, with whether it is offered today", NULL, NULL, 200, "Job"},
    {"POST", "/api/v1/jobs/{id}/close", PERM_CASE_EDIT, api_jobs_close,
     "{status: closed|withdrawn, reason}: the vacancy is no longer offered", NULL, "JobClose", 200,
     "JobClosed"},
    {"GET", "/api/v1/registrations/{reg_no}/job-matches", PERM_CASE_READ, api_jobs_matches,
     "the vacancies open today ranked for the person's intent, best first, with the reasons: "
     "?limit=N (default 10)",
     "limit", NULL, 200, "JobMatches"},
    {"GET", "/api/v1/registrations", PERM_CASE_READ, api_reg_list,
     "the caller's region's active registrations, newest first: ?caseworker=ID|me&tier=T&"
     "category=C&served_as=S&overdue=true (first contact overdue)&cursor=C&limit=N",
     "caseworker,tier,category,served_as,overdue,cursor,limit", NULL, 200, "RegistrationList"},
    {"GET", "/api/v1/registrations/{no}", PERM_CASE_READ, api_reg_get,
     "a registration with its application, profile, tier, caseworker and whole history (services, "
     "contacts) newest first, and its follow-up counters (refusals, unreachable_months, "
     "unreachable_since, next_contact_due, the contacts behind them); ?reveal=true unmasks "
     "(audited)",
     "reveal", NULL, 200, "Registration"},
    {"PUT", "/api/v1/registrations/{no}/profile", PERM_CASE_EDIT, api_reg_profile,
     "change the profile (§4(一)), tier, categories, served-as marker, 就业困难人员 categories or "
     "caseworker: only the members sent change; audited with the names changed",
     NULL, "ProfileEdit", 200, "ProfileResult"},
    {"POST", "/api/v1/registrations/{no}/services", PERM_CASE_EDIT, api_reg_service,
     "record a service given (a correction names the record it corrects) → 201 {id}", NULL,
     "ServiceRecord", 201, "Created"},
    {"POST", "/api/v1/registrations/{no}/contacts", PERM_CASE_EDIT, api_reg_contact,
     "record a contact {date, method, result, note} → 201 {id}", NULL, "Contact", 201, "Created"},
    {"GET", "/api/v1/due", PERM_CASE_READ, api_reg_due,
     "what is due and overdue in the caller's region, earliest first: first contacts (79号), "
     "service follow-ups, tracked items and the monthly follow-up (issue 9); "
     "?caseworker=ID|me&agency=ID&limit=N",
     "caseworker,agency,limit", NULL, 200, "DueList"},
    {"GET", "/api/v1/version", PERM_PUBLIC, api_version, "the server's version (a trivial route)",
     NULL, NULL, 200, "Version"},
    {"GET", "/api/v1/audit", PERM_AUDIT, api_audit,
     "audit log entries, newest first, or ?object_type=T&object_id=ID oldest first; ?limit=N",
     "object_type,object_id,limit", NULL, 200, "AuditList"},
    {"GET", "/api/v1/audit/export", PERM_AUDIT, api_audit_export_json,
     "the audit log by id with each entry's place and hash: ?from_id=&to_id=&limit= (at most "
     "10000; next_from_id pages on); audited",
     "from_id,to_id,limit", NULL, 200, "AuditExport"},
    {"GET", "/api/v1/audit/export.csv", PERM_AUDIT, api_audit_export_csv,
     "the same as CSV (RFC 4180, header row), as a download; audited", "from_id,to_id,limit", NULL,
     200, "AuditExportCsv"},
    {"GET", "/metrics", PERM_METRICS, api_metrics,
     "Prometheus text format; from loopback, a --metrics-allow range, or with the "
     "--metrics-token (else 403)",
     NULL, NULL, 200, "MetricsText"},
    {"GET", "/api/v1/openapi.json", PERM_PUBLIC, api_openapi,
     "this API's OpenAPI 3.1 description, generated from the route table", NULL, NULL, 200,
     "OpenApiDocument"},
    {"POST", "/api/v1/dev/idp/token", PERM_PUBLIC, api_edge_idp_token,
     "development identity provider (only under --dev, else 404): {id_type, id_number} → "
     "{token, provider, expires_in}, a real-name assertion for the online form",
     NULL, "IdpTokenRequest", 200, "IdpToken"},
    /* issue 9: follow-up */
    {"POST", "/api/v1/public/applications/{no}/self-report", PERM_PUBLIC, api_followup_self_report,
     "the registered applicant's own report with the query code (notice §5 ¶1): {query_code, "
     "kind: job_search|training|employed, date, note, employer (employed)} → 201 {contact_id, "
     "kind, exit_proposal_id}; employed opens an exit proposal (reason 11) for the caseworker",
     NULL, "SelfReport", 201, "SelfReportResult"},
    /* issue 9: exits */
    {"POST", "/api/v1/registrations/{reg_no}/exit", PERM_CASE_EDIT, api_exit_record,
     "exit the registration (caseworker) {reason_code, date, note, subkind (24), evidence} → "
     "the exit {reason_code, date, evidence, notified}",
     NULL, "ExitNew", 200, "ExitDone"},
    {"POST", "/api/v1/registrations/{reg_no}/exit/revert", PERM_CASE_READ, api_exit_revert,
     "revert the exit in force (supervisor only) {reason}: the registration active again; 409 "
     "when the person has opened another case since",
     NULL, "ExitRevert", 200, "ExitReverted"},
    {"GET", "/api/v1/exit-proposals", PERM_CASE_READ, api_exit_proposals,
     "the exit proposals of the caller's region, newest first: ?status=open|confirmed|dismissed"
     "&registration=REG_NO",
     "status,registration", NULL, 200, "ExitProposalList"},
    {"POST", "/api/v1/exit-proposals/{id}/confirm", PERM_CASE_EDIT, api_exit_confirm,
     "confirm an open proposal {note?}: the exit applied (source proposal)", NULL, "ExitDecision",
     200, "ExitDecided"},
    {"POST", "/api/v1/exit-proposals/{id}/dismiss", PERM_CASE_EDIT, api_exit_dismiss,
     "dismiss an open proposal {note}", NULL, "ExitDecision", 200, "ExitDecided"},
    /* issue 9: false information */
    {"GET", "/api/v1/flags", PERM_CASE_READ, api_flag_list,
     "false-information flags of the caller's region, newest first, with their credit records "
     "(names masked): "
     "?flag_status=open|confirmed|dismissed&application_no=&registration_no=&limit=N",
     "flag_status,application_no,registration_no,limit", NULL, 200, "FlagList"},
    {"POST", "/api/v1/flags/{id}/review", PERM_CASE_EDIT, api_flag_review,
     "review an open flag {decision: confirm|dismiss, note} (a note is required to dismiss)", NULL,
     "FlagReview", 200, "FlagReviewed"},
    {"POST", "/api/v1/flags/{id}/credit-records", PERM_CASE_EDIT, api_credit_create,
     "record a draft credit record {facts} on a confirmed flag (人社信用体系) → 201 {id, status}",
     NULL, "CreditNew", 201, "CreditState"},
    {"POST", "/api/v1/credit-records/{id}/submit", PERM_CASE_READ, api_credit_submit,
     "submit a draft credit record (supervisor only, else 403)", NULL, NULL, 200, "CreditState"},
    {"POST", "/api/v1/credit-records/{id}/withdraw", PERM_CASE_READ, api_credit_withdraw,
     "withdraw a draft or submitted credit record {reason} (supervisor only)", NULL,
     "CreditWithdraw", 200, "CreditState"},
    {"GET", "/api/v1/credit-records/export.csv", PERM_CASE_READ, api_credit_export_csv,
     "the submitted credit records of the caller's region as CSV (UTF-8 with BOM; supervisor "
     "only; audited)",
     NULL, NULL, 200, "CreditExportCsv"},
    {"GET", "/api/v1/credit-records/export.json", PERM_CASE_READ, api_credit_export_json,
     "the same as JSON {items: [...]} (supervisor only; audited)", NULL, NULL, 200, "CreditExport"},
    /* issue 10: statistics */
    {"GET", "/api/v1/stats/monthly", PERM_STATS, api_stats_monthly,
     "the monthly (YYYY-MM) or quarterly (YYYY-Qn) report of ?region (default the caller's): "
     "opening, new, exits by reason, closing, breakdowns of the closing stock, regions below",
     "period,region", NULL, 200, "StatsReport"},
    {"GET", "/api/v1/stats/monthly/export", PERM_STATS, api_stats_export,
     "the report as a statistics form (title, region, period, unit, figures, preparer, date): "
     "?format=csv (UTF-8 with BOM) | xlsx | json",
     "period,region,format", NULL, 200, "StatsForm"},
    {"GET", "/api/v1/stats/check", PERM_STATS, api_stats_check,
     "the consistency checks (§6): the identity per region, closing = next opening, the regions "
     "below sum to the region; the records that break them",
     "period,region", NULL, 200, "StatsCheck"},
    {"GET", "/api/v1/stats/series", PERM_STATS, api_stats_series,
     "opening, new, exits and closing of the ?n periods ending with ?period (for the charts)",
     "period,region,n", NULL, 200, "StatsSeries"},
    {"POST", "/api/v1/stats/reports", PERM_STATS, api_stats_freeze,
     "submit (freeze) the report of {period, region} as counted now → 201 the frozen report; 409 "
     "when submitted before",
     NULL, "StatsFreeze", 201, "StatsReport"},
    {"GET", "/api/v1/stats/reports/recount", PERM_STATS, api_stats_recount,
     "the submitted report beside a recount now: the differences and the records that caused "
     "them (late exit, reverted exit, corrected date)",
     "period,region", NULL, 200, "StatsRecount"},
    {"GET", "/api/v1/stats/quality", PERM_STATS, api_stats_quality,
     "the data-quality and timeliness bulletin (§6, §8) of ?region (default the caller's) for "
     "?period: per region below, ranked worst first, records with missing or invalid fields, "
     "decisions late and pending past the deadline, first contacts and follow-ups overdue, exits "
     "without evidence, results not uploaded; rates and score",
     "period,region", NULL, 200, "StatsQuality"},
    {"GET", "/api/v1/stats/quality/export", PERM_STATS, api_stats_quality_export,
     "the bulletin as a form (title, region, period, ranking, preparer, date): ?format=csv "
     "(UTF-8 with BOM) | xlsx | json",
     "period,region,format", NULL, 200, "StatsForm"},
    {"PUT", "/api/v1/stats/employed", PERM_STATS, api_stats_employed,
     "enter the 城镇从业人员 count {period, region, employed} of a region (the denominator of the "
     "城镇登记失业率; the only figure typed in)",
     NULL, "StatsEmployed", 200, "StatsEmployedSet"},
    /* issue 8: closure */
    {"GET", "/api/v1/registrations/{no}/referrals", PERM_CASE_READ, api_refer_list,
     "the person's job referrals in force, newest first, each with its vacancy, follow-up day "
     "and result (回访求职结果) or null while due",
     NULL, NULL, 200, "ReferralList"},
    {"POST", "/api/v1/registrations/{no}/referrals", PERM_CASE_EDIT, api_refer_add,
     "refer the person to a vacancy offered today in one click {job_id, date?, content?, "
     "followup_due?} → 201 {id, job_id, followup_due} (default: policy "
     "referral_followup_workdays after the date); on the due list until its result",
     NULL, "ReferralNew", 201, "ReferralCreated"},
    {"POST", "/api/v1/registrations/{no}/referrals/{id}/result", PERM_CASE_EDIT, api_refer_result,
     "record a referral's result {result: hired|interviewed|rejected|no_show, date?, note?, "
     "corrects?} → 201 {id, referral_id, result}",
     NULL, "ReferralResult", 201, "ReferralResultCreated"},
    {"POST", "/api/v1/registrations/{no}/lists-handed", PERM_CASE_EDIT, api_refer_lists_handed,
     "record the lists handed {lists?: [policy, service, agency], date?, note?}: names every "
     "entry's version in force that day for the person's region → 201 with the entries and the "
     "agency list's export links",
     NULL, "ListsHanded", 201, "ListsHandedResult"},
};
#define API__N (sizeof api__routes / sizeof *api__routes)

void api_routes_markdown(struct buf *out)
{
    router_markdown(api__routes, API__N, out, access_perm_name);
}

/* --- authentication, permission, CSRF ------------------------------------------------- */

static bool api__safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

/*
 * /metrics: an address in the allowed ranges (loopback unless --metrics-allow says otherwise),
 * or, when a metrics token is configured, "Authorization: Bearer TOKEN" with that token
 * (compared in constant time). Neither the token nor the header is ever logged.
 */
static bool api__metrics_allowed(const struct api_ctx *cx, const struct http_req *req)
{
    if (cidr_list_contains(&cx->metrics_allow, req->remote_addr))
        return true;
    const char *token = cx->cfg->metrics_token;
    const char *authz = http_header(req, "Authorization");
    return token && *token && authz && strncasecmp(authz, "Bearer ", 7) == 0 &&
           accounts_token_equal(authz + 7, token);
}

/* The routes a session that must change its password may use: read itself, change the
 * password, log out (here or everywhere). */
static bool api__password_route(const struct route *route)
{
    return strcmp(route->pattern, "/api/v1/session") == 0 ||
           strcmp(route->pattern, "/api/v1/session/password") == 0 ||
           strcmp(route->pattern, "/api/v1/session/logout-all") == 0;
}

static int api__authorize(struct http_req *req, const struct route *route, void *ctx)
{
    struct api_ctx *cx = ctx;
    int admit = api_edge_admit(cx->edge, req, route); /* the client address, the rate limits */
    if (admit < 0)
        return admit;
    struct actor *me = arena_zalloc(&req->arena, sizeof *me);
    me->kind = ACTOR_PUBLIC;
    snprintf(me->remote, sizeof me->remote, "%s", req->remote_addr ? req->remote_addr : "");
    req->auth = me;
    if (route->perm == PERM_PUBLIC)
        return 0;
    if (route->perm == PERM_METRICS)
        return api__metrics_allowed(cx, req) ? 0 : -ERR_FORBIDDEN;

    int rc = -ERR_UNAUTHENTICATED;
    const char *authz = http_header(req, "Authorization");
    const char *cookie = http_cookie(req, API_COOKIE);
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0)
        rc = app_token_actor(cx->app, authz + 7, req->remote_addr, me);
    else if (cookie && *cookie)
        rc = app_session_actor(cx->app, cookie, req->remote_addr, me);
    if (rc < 0) {
        me->kind = ACTOR_PUBLIC;
        /* An unreachable database is not a wrong credential: 503, and the client keeps it. */
        return rc == -ERR_DB_UNAVAILABLE ? rc : -ERR_UNAUTHENTICATED;
    }
    if (me->via_cookie && !api__safe_method(req->method)) {
        const char *sent = http_header(req, "X-CSRF-Token");
        if (!sent || !accounts_token_equal(sent, me->csrf))
            return -ERR_CSRF;
    }
    /* A session after an administrator's reset: reading itself, logging out and changing the
     * password only (then, if its role requires one, enrolling a second factor). */
    if (me->must_change_password && !api__password_route(route))
        return -ERR_PASSWORD_CHANGE_REQUIRED;
    /* A session whose role requires a second factor not yet enrolled: its own routes only. */
    if (me->limited && strncmp(route->pattern, "/api/v1/session", 15) != 0)
        return -ERR_TOTP_ENROLMENT_REQUIRED;
    if (!access_allows(me, (enum perm)route->perm))
        return -ERR_FORBIDDEN;
    return 0;
}

/* A running API server: the context its handlers share and the HTTP server. */
struct api_server {
    struct api_ctx cx;
    struct http_server *srv;
};

/* Release what api__ctx_init made (a zeroed ctx is fine). */
static void api__ctx_fini(struct api_ctx *cx)
{
    app_metrics_free(cx->metrics);
    api_edge_free(cx->edge);
    free(cx->openapi);
    cx->metrics = NULL;
    cx->edge = NULL;
    cx->openapi = NULL;
}

/* Fill *cx for `a` and `cfg`: the metrics address ranges and the serialised OpenAPI document.
 * Returns 0, -ERR_USAGE (message on stderr) or -ERR_INTERNAL. */
static int api__ctx_init(struct api_ctx *cx, struct app *a, const struct api_config *cfg)
{
    *cx = (struct api_ctx){.app = a, .cfg = cfg};
    const char *allow = cfg->metrics_allow ? cfg->metrics_allow : API_METRICS_ALLOW_DEFAULT;
    if (cidr_list_parse(allow, &cx->metrics_allow) < 0) {
        fprintf(stderr, "ureg serve: --metrics-allow wants address ranges like "
                        "127.0.0.0/8,::1/128 or 10.0.0.0/8\n");
        return -ERR_USAGE;
    }
    struct api_edge_config ec = {cfg->trusted_proxies, cfg->rate_submit, cfg->rate_status,
                                 cfg->code_failures};
    if (api_edge_new(&ec, &cx->edge) < 0)
        return -ERR_USAGE;
    json_t *doc = openapi_document(api__routes, API__N, UREG_VERSION);
    if (!doc)
        return -ERR_INTERNAL; /* the caller's api__ctx_fini frees the edge */
    cx->openapi = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!cx->openapi)
        return -ERR_INTERNAL;
    cx->metrics = app_metrics_new(a, cfg->metrics_interval ? cfg->metrics_interval : 60);
    return 0;
}

int api_start(struct app *a, const struct api_config *cfg, struct api_server **out)
{
    static const char *const spa[] = {"/staff", "/apply", NULL};
    struct api_server *s = xcalloc(1, sizeof *s);
    *out = NULL;
    int rc = api__ctx_init(&s->cx, a, cfg);
    if (rc < 0)
        goto out;
    struct http_server_config sc = {
        .listen_host = cfg->host,
        .port = cfg->port,
        .routes = api__routes,
        .n_routes = API__N,
        .threads = cfg->threads,
        .authorize = api__authorize,
        .ctx = &s->cx,
        .spa_prefixes = spa,
        .hsts_max_age = cfg->hsts_max_age,
    };
    rc = http_server_start(&sc, &s->srv);
    if (rc < 0)
        goto out;
    log_info("http", "event=listening host=%s port=%u backend=%s", cfg->host,
             http_server_port(s->srv), app_backend_name(a));
    *out = s;
    s = NULL;
out:
    if (s) {
        api__ctx_fini(&s->cx);
        free(s);
    }
    return rc;
}

unsigned short api_port(const struct api_server *s)
{
    return http_server_port(s->srv);
}

void api_stop(struct api_server *s)
{
    if (!s)
        return;
    http_server_stop(s->srv);
    api__ctx_fini(&s->cx);
    free(s);
}

const struct route *api_route_table(size_t *n)
{
    *n = API__N;
    return api__routes;
}

int api_serve(struct app *a, const struct api_config *cfg)
{
    struct api_server *s;
    int rc = api_start(a, cfg, &s);
    if (rc < 0)
        return rc;
    printf("listening on http://%s:%u\n", cfg->host, api_port(s));
    fflush(stdout);
    /* http_server_run_until_signal stops the HTTP server; the rest is ours to free. */
    int sig = http_server_run_until_signal(s->srv);
    log_info("http", "event=stopped signal=%d", sig);
    api__ctx_fini(&s->cx);
    free(s);
    return 0;
}

int api_openapi_json(struct buf *out)
{
    json_t *doc = openapi_document(api__routes, API__N, UREG_VERSION);
    if (!doc)
        return -ERR_INTERNAL;
    char *text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    if (!text)
        return -ERR_INTERNAL;
    buf_printf(out, "%s\n", text);
    free(text);
    return 0;
}
