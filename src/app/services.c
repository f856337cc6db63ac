/*
 * services.c — the registration, its profile, services, contacts and the due list. See
 * services.h.
 *
 * Every write follows case.c / review.c: one clock reading, a write transaction, the scoped read
 * of the registration (outside the actor's region: not found), the pure checks of rules/record,
 * the rows, one audit entry (no personal data: codes, ids and the names of changed fields), and
 * store_tx_end. Load: a handful of statements per request.
 */
#include "app/services.h"

#include "app/app_priv.h"
#include "app/followup.h"
#include "app/referral.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "rules/codes.h"
#include "rules/vocab.h"
#include "rules/workday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t app__first_contact_due(const struct app *a, int32_t day)
{
    int32_t out = day;
    workday_add(a->cal, day, a->policy.first_contact_workdays, &out);
    return out;
}

static int services__backfill_day(const char *registered_on, char *out, void *arg)
{
    const struct app *a = arg;
    int32_t d;
    if (date_parse(registered_on, strlen(registered_on), &d) < 0)
        return -ERR_INTERNAL;
    date_format(app__first_contact_due(a, d), out);
    return 0;
}

int app__services_backfill(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_reg_first_contact_backfill_system(c, services__backfill_day, a);
    rc = store_tx_end(c, rc < 0 ? rc : 0);
    store_release(a->store, c);
    return rc;
}

/* The day a YYYY-MM-DD column names, 0 when NULL or unreadable. */
static int32_t services__day(const char *s)
{
    int32_t d = 0;
    if (s && date_parse(s, strlen(s), &d) < 0)
        d = 0;
    return d;
}

static bool services__first_contact_overdue(const char *due, const char *done)
{
    int32_t d = services__day(due);
    return !done && d != 0 && clock_today() > d;
}

bool app_services_row_overdue(const struct reg_list_row *r)
{
    return strcmp(r->status, "active") == 0 &&
           services__first_contact_overdue(r->first_contact_due, r->first_contact_on);
}

/* The profile of a registration made before profiles existed (006): empty, the application's
 * reason. */
static void services__profile_default(const struct reg_view *r, struct profile *p)
{
    *p = (struct profile){.registration_id = r->id,
                          .scope_region = r->scope_region,
                          .unemployment_reason = "",
                          .skills = "",
                          .certificates = "",
                          .skill_level = "",
                          .intent_occupation = "",
                          .intent_region = "",
                          .tier = "",
                          .categories = "[]"};
}

/* Registration, profile (or its default: *has_profile false) within scope. */
static int services__load(struct store_conn *c, const char *scope, const char *reg_no,
                          struct arena *ar, struct reg_view *r, struct profile *p,
                          bool *has_profile)
{
    int rc = store_reg_get(c, scope, reg_no, ar, r);
    if (rc < 0)
        return rc;
    rc = store_profile_get(c, scope, r->id, ar, p);
    *has_profile = rc == 0;
    if (rc == -ERR_NOT_FOUND) {
        services__profile_default(r, p);
        rc = 0;
    }
    return rc;
}

int app_services_get(struct app *a, const struct actor *by, const char *reg_no, bool reveal,
                     const char *reason, struct arena *ar, struct services_view *out)
{
    memset(out, 0, sizeof *out);
    int rc = app__person_read_check(by, reveal, reason);
    if (rc < 0)
        return rc;
    bool has_profile;
    struct store_conn *c = store_acquire(a->store);
    rc = services__load(c, by->scope, reg_no, ar, &out->reg, &out->profile, &has_profile);
    if (rc == 0) /* audited before the data is returned, as an application's (app/review.c) */
        rc = app__person_read_audit(c, by, reveal, reason, "registration", reg_no,
                                    out->reg.person_id);
    if (rc == 0)
        rc = store_person_get(c, out->reg.person_id, reveal, ar, &out->person);
    out->tier_services = "[]";
    if (rc == 0 && out->profile.tier && *out->profile.tier) {
        rc = store_tier_policy_get(c, out->profile.tier, ar, &out->tier_contact_days,
                                   &out->tier_services);
        if (rc == -ERR_NOT_FOUND)
            rc = 0;
    }
    if (rc == 0) /* issue 9: derived from the contacts and services each time */
        rc = app__followup_counters(a, c, out->reg.id, services__day(out->reg.registered_on),
                                    out->tier_contact_days, &out->counters);
    store_release(a->store, c);
    if (rc == 0)
        out->first_contact_overdue =
            strcmp(out->reg.status, "active") == 0 &&
            services__first_contact_overdue(out->reg.first_contact_due, out->reg.first_contact_on);
    return rc;
}

int app_services_history(struct app *a, const struct services_view *v,
                         int (*sfn)(const struct service_row *r, void *arg), void *sarg,
                         int (*cfn)(const struct contact_row *r, void *arg), void *carg)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_service_list(c, v->reg.id, sfn, sarg);
    if (rc >= 0)
        rc = store_contact_list(c, v->reg.id, cfn, carg);
    store_release(a->store, c);
    return rc < 0 ? rc : 0;
}

/* A positive decimal id, or "me" (when me_ok) for the actor: 0 when s is NULL or "". */
static int services__user(const struct actor *by, const char *s, bool me_ok, int64_t *out)
{
    *out = 0;
    if (!s || !*s)
        return 0;
    if (me_ok && strcmp(s, "me") == 0) {
        *out = by->user_id;
        return 0;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 1)
        return -ERR_FIELD_INVALID;
    *out = v;
    return 0;
}

/* An optional code of `table` given as a filter. */
static int services__filter_code(const char *table, const char *s, const char *field,
                                 struct err_ctx *ec)
{
    if (s && *s && codes_validate(table, s) < 0)
        return err_set(ec, -ERR_CODE_INVALID, field);
    return 0;
}

struct services__page {
    struct reg_list_query q;
    int (*fn)(const struct reg_list_row *r, void *arg);
    void *arg;
    int seen, limit;
    int64_t last_id;
};

static int services__row(const struct reg_list_row *r, void *arg)
{
    struct services__page *p = arg;
    if (++p->seen > p->limit)
        return 1; /* the extra row only says there is a next page */
    p->last_id = r->id;
    return p->fn(r, p->arg);
}

static int services__list_on(struct store_conn *c, void *arg)
{
    struct services__page *p = arg;
    return store_reg_list(c, &p->q, services__row, p);
}

int app_services_list(struct app *a, const struct actor *by, const struct services_filter *f,
                      const char *cursor, int limit,
                      int (*fn)(const struct reg_list_row *r, void *arg), void *arg,
                      char *next_cursor, struct err_ctx *ec)
{
    char today[DATE_STRLEN];
    next_cursor[0] = '\0';
    struct services__page p = {.fn = fn, .arg = arg, .limit = limit};
    int rc;
    if (limit < 1 || limit > 100)
        return err_set(ec, -ERR_FIELD_INVALID, "limit");
    if (services__user(by, f->caseworker, true, &p.q.caseworker_id) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "caseworker");
    if (services__user(by, cursor, false, &p.q.before_id) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "cursor");
    if ((rc = services__filter_code("tier", f->tier, "tier", ec)) < 0 ||
        (rc = services__filter_code("client_category", f->category, "category", ec)) < 0 ||
        (rc = services__filter_code("served_as", f->served_as, "served_as", ec)) < 0)
        return rc;
    if (f->status && *f->status &&
        strcmp(f->status, vocab_reg_status_name(REG_STATUS_ACTIVE)) != 0 &&
        strcmp(f->status, vocab_reg_status_name(REG_STATUS_EXITED)) != 0)
        return err_set(ec, -ERR_FIELD_INVALID, "status");
    p.q.scope = by->scope;
    p.q.tier = f->tier;
    p.q.category = f->category;
    p.q.served_as = f->served_as;
    p.q.status = f->status && *f->status ? f->status : NULL;
    p.q.overdue_on = f->overdue ? date_format(clock_today(), today) : NULL;
    p.q.limit = limit + 1;
    /* A list tolerates replication lag: the replica's when there is one. */
    rc = app__read(a, false, services__list_on, &p);
    if (rc < 0)
        return rc;
    if (p.seen > limit)
        snprintf(next_cursor, 24, "%lld", (long long)p.last_id);
    return 0;
}

/* --- writes ----------------------------------------------------------------------------- */

/* Begin the write and read the registration (must be active) with its profile. */
static int services__begin(struct store_conn *c, const struct actor *by, const char *reg_no,
                           struct arena *ar, struct reg_view *r, struct profile *p,
                           bool *has_profile)
{
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = services__load(c, by->scope, reg_no, ar, r, p, has_profile);
    if (rc == 0 && strcmp(r->status, vocab_reg_status_name(REG_STATUS_ACTIVE)) != 0)
        rc = -ERR_REGISTRATION_EXITED;
    return rc;
}

/* A JSON list text of n codes, from `ar`. */
static const char *services__list_json(struct arena *ar, const char *const *v, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    char *text = json_dump(arr);
    json_decref(arr);
    const char *out = arena_strdup(ar, text ? text : "[]");
    free(text);
    return out;
}

/* Take the edit's string `nv` into *field when set and different; note its name. */
static void services__take(const char **field, const char *nv, const char *name, json_t *changed)
{
    if (!nv || strcmp(*field ? *field : "", nv) == 0)
        return;
    *field = nv;
    json_array_append_new(changed, json_string(name));
}

static void services__take_int(int64_t *field, int64_t nv, const char *name, json_t *changed)
{
    if (nv < 0 || *field == nv)
        return;
    *field = nv;
    json_array_append_new(changed, json_string(name));
}

static void services__take_bool(bool *field, int nv, const char *name, json_t *changed)
{
    if (nv < 0 || *field == (nv == 1))
        return;
    *field = nv == 1;
    json_array_append_new(changed, json_string(name));
}

/* Apply the edit to the profile and registration copies; the names changed go to `changed`. */
static void services__merge(struct arena *ar, const struct record_profile_edit *e,
                            struct profile *p, struct reg_view *r, json_t *changed)
{
    services__take(&p->unemployment_reason, e->unemployment_reason, "unemployment_reason", changed);
    services__take(&p->skills, e->skills, "skills", changed);
    services__take(&p->certificates, e->certificates, "certificates", changed);
    services__take(&p->skill_level, e->skill_level, "skill_level", changed);
    services__take(&p->intent_occupation, e->intent_occupation, "job_intent.occupation", changed);
    services__take(&p->intent_region, e->intent_region, "job_intent.region", changed);
    services__take_int(&p->intent_salary_min, e->intent_salary_min, "job_intent.salary_min",
                       changed);
    services__take_int(&p->intent_salary_max, e->intent_salary_max, "job_intent.salary_max",
                       changed);
    services__take_bool(&p->training_intent, e->training_intent, "training_intent", changed);
    services__take_bool(&p->startup_intent, e->startup_intent, "startup_intent", changed);
    if (e->explained_on) {
        const char *old = p->explained_on ? p->explained_on : "";
        if (strcmp(old, e->explained_on) != 0) {
            p->explained_on = *e->explained_on ? e->explained_on : NULL;
            json_array_append_new(changed, json_string("explained_on"));
        }
    }
    services__take(&p->tier, e->tier, "tier", changed);
    if (e->n_categories >= 0)
        services__take(&p->categories, services__list_json(ar, e->categories, e->n_categories),
                       "categories", changed);
    services__take(&r->served_as, e->served_as, "served_as", changed);
    if (e->n_difficulty >= 0)
        services__take(&r->difficulty, services__list_json(ar, e->difficulty, e->n_difficulty),
                       "difficulty_categories", changed);
    if (e->caseworker_id > 0 && e->caseworker_id != r->caseworker_id) {
        r->caseworker_id = e->caseworker_id;
        json_array_append_new(changed, json_string("caseworker_id"));
    }
}

/* Write what the merge changed: the profile row (inserted when the registration had none) and
 * the registration's own fields. */
static int services__write_profile(struct store_conn *c, const struct actor *by,
                                   const struct profile *p, bool has_profile,
                                   const struct reg_view *r, int64_t now)
{
    struct profile w = *p;
    w.updated_by = by->user_id;
    int rc = has_profile ? store_profile_update(c, by->scope, &w, now)
                         : store_profile_insert(c, &w, now);
    if (rc == 0)
        rc = store_reg_update(c, by->scope, r->id, r->served_as, r->difficulty, r->caseworker_id);
    return rc;
}

int app_services_profile(struct app *a, const struct actor *by, const char *reg_no,
                         const struct record_profile_edit *e, int *changed_n, struct err_ctx *ec)
{
    struct arena ar;
    struct reg_view r;
    struct profile p;
    bool has_profile;
    int64_t now = clock_now();
    json_t *changed = json_array();
    *changed_n = 0;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = services__begin(c, by, reg_no, &ar, &r, &p, &has_profile);
    if (rc < 0)
        goto end;
    int64_t min = e->intent_salary_min >= 0 ? e->intent_salary_min : p.intent_salary_min;
    int64_t max = e->intent_salary_max >= 0 ? e->intent_salary_max : p.intent_salary_max;
    rc = record_profile_check(e, r.register_region, services__day(r.registered_on),
                              clock_date_of(now), min, max, ec);
    if (rc == 0 && e->caseworker_id > 0 &&
        store_reg_user_in_scope(c, by->scope, e->caseworker_id) < 0)
        rc = err_set(ec, -ERR_CASEWORKER_UNKNOWN, "caseworker_id");
    if (rc < 0)
        goto end;
    services__merge(&ar, e, &p, &r, changed);
    *changed_n = (int)json_array_size(changed);
    if (*changed_n == 0)
        goto end;
    rc = services__write_profile(c, by, &p, has_profile, &r, now);
    if (rc == 0) /* issue 9: the tier's interval moves the next contact's day */
        rc = app__followup_refresh(a, c, r.id);
    if (rc == 0) {
        rc = app_audit(c, by, now, "registration.profile", "registration", reg_no,
                       json_pack("{s:O}", "changed", changed));
    }
end:
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    json_decref(changed);
    arena_free(&ar);
    if (rc < 0)
        *changed_n = 0;
    return rc;
}

/* The correction and follow-up links of a new service: the record corrected must be of the
 * same registration and still in force; a "service" link must name one of its records. */
static int services__links(struct store_conn *c, const struct actor *by, const struct reg_view *r,
                           const struct profile *p, const struct services_new *n, struct arena *ar,
                           struct err_ctx *ec)
{
    struct service_row old;
    if (n->corrects < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "corrects");
    if (n->corrects > 0) {
        int rc = store_service_get(c, by->scope, r->id, n->corrects, ar, &old);
        if (rc == -ERR_NOT_FOUND)
            return err_set(ec, -ERR_FIELD_INVALID, "corrects");
        if (rc < 0)
            return rc;
        if (old.corrected_by)
            return err_set(ec, -ERR_RECORD_ALREADY_CORRECTED, "corrects");
    }
    if (n->s.link_kind && strcmp(n->s.link_kind, "service") == 0) {
        int rc = store_service_get(c, by->scope, r->id, n->s.link_id, ar, &old);
        if (rc == -ERR_NOT_FOUND)
            return err_set(ec, -ERR_FIELD_INVALID, "link_id");
        if (rc < 0)
            return rc;
    }
    /* issue 8: closure — vacancy links, referrals and their results (app/referral.c) */
    return app__referral_links(c, by, r, p, n, ar, ec);
}

int app_services_add(struct app *a, const struct actor *by, const char *reg_no,
                     const struct services_new *n, int64_t *id, struct err_ctx *ec)
{
    struct arena ar;
    struct reg_view r;
    struct profile p;
    bool has_profile;
    char day[DATE_STRLEN], due[DATE_STRLEN];
    int64_t now = clock_now();
    *id = 0;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = services__begin(c, by, reg_no, &ar, &r, &p, &has_profile);
    if (rc == 0)
        rc = record_service_check(&n->s, services__day(r.registered_on), clock_date_of(now), ec);
    if (rc == 0)
        rc = services__links(c, by, &r, &p, n, &ar, ec);
    if (rc < 0)
        goto end;
    struct service_row row = {
        .registration_id = r.id,
        .scope_region = r.scope_region,
        .type = n->s.type,
        .service_date = date_format(n->s.date, day),
        .content = n->s.content,
        .outcome = n->s.outcome,
        .link_kind = n->s.link_kind,
        .link_id = n->s.link_id,
        .followup_due = n->s.followup_due ? date_format(n->s.followup_due, due) : NULL,
        .corrects = n->corrects,
        .recorded_by = by->user_id,
    };
    rc = store_service_insert(c, &row, now, id);
    if (rc == -ERR_CONFLICT) /* corrected meanwhile by another request */
        rc = err_set(ec, -ERR_RECORD_ALREADY_CORRECTED, "corrects");
    if (rc == 0 && strcmp(n->s.type, "first_contact") == 0)
        rc = store_reg_first_contact_done(c, r.id, day);
    if (rc >= 0)
        rc = app_audit(c, by, now, "registration.service", "registration", reg_no,
                       json_pack("{s:I, s:s, s:I}", "service_id", (json_int_t)*id, "type",
                                 n->s.type, "corrects", (json_int_t)n->corrects));
end:
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    arena_free(&ar);
    if (rc < 0)
        *id = 0;
    return rc;
}

int app_services_contact(struct app *a, const struct actor *by, const char *reg_no, int32_t date,
                         const char *method, const char *result, const char *note, int64_t *id,
                         struct err_ctx *ec)
{
    struct arena ar;
    struct reg_view r;
    struct profile p;
    bool has_profile;
    char day[DATE_STRLEN];
    int64_t now = clock_now();
    *id = 0;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = services__begin(c, by, reg_no, &ar, &r, &p, &has_profile);
    if (rc == 0)
        rc = record_contact_check(date, method, result, note, services__day(r.registered_on),
                                  clock_date_of(now), ec);
    if (rc < 0)
        goto end;
    struct contact_row row = {
        .registration_id = r.id,
        .scope_region = r.scope_region,
        .contact_date = date_format(date, day),
        .method = method,
        .result = result,
        .note = note,
        .recorded_by = by->user_id,
    };
    rc = store_contact_insert(c, &row, now, id);
    if (rc == 0 && strcmp(result, "reached") == 0)
        rc = store_reg_first_contact_done(c, r.id, day);
    if (rc >= 0) /* issue 9: the next monthly contact is due from this one */
        rc = app__followup_refresh(a, c, r.id);
    if (rc >= 0)
        rc = app_audit(c, by, now, "registration.contact", "registration", reg_no,
                       json_pack("{s:I, s:s, s:s}", "contact_id", (json_int_t)*id, "method", method,
                                 "result", result));
end:
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    arena_free(&ar);
    if (rc < 0)
        *id = 0;
    return rc;
}

struct services__due {
    struct due_query q;
    int (*fn)(const struct due_row *r, void *arg);
    void *arg;
};

static int services__due_on(struct store_conn *c, void *arg)
{
    struct services__due *d = arg;
    return store_due_list(c, &d->q, d->fn, d->arg);
}

int app_services_due(struct app *a, const struct actor *by, const char *caseworker,
                     const char *agency, int limit, int (*fn)(const struct due_row *r, void *arg),
                     void *arg, struct err_ctx *ec)
{
    struct services__due d = {.fn = fn, .arg = arg};
    if (limit < 1 || limit > 500)
        return err_set(ec, -ERR_FIELD_INVALID, "limit");
    if (services__user(by, caseworker, true, &d.q.caseworker_id) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "caseworker");
    if (services__user(by, agency, false, &d.q.agency_id) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "agency");
    d.q.scope = by->scope;
    d.q.limit = limit;
    int rc = app__read(a, false, services__due_on, &d);
    return rc < 0 ? rc : 0;
}

int app_services_tier_set(struct app *a, const struct actor *by, const char *tier, int contact_days,
                          const char *services, struct err_ctx *ec)
{
    if (!tier || codes_validate("tier", tier) < 0)
        return err_set(ec, -ERR_CODE_INVALID, "tier");
    if (contact_days < 1 || contact_days > 366)
        return err_set(ec, -ERR_FIELD_INVALID, "contact_days");
    struct arena ar;
    arena_init(&ar);
    const char *current = NULL;
    int days_now;
    if (!services) { /* keep the current list */
        struct store_conn *c = store_acquire(a->store);
        int rc = store_tier_policy_get(c, tier, &ar, &days_now, &current);
        store_release(a->store, c);
        if (rc < 0 && rc != -ERR_NOT_FOUND) {
            arena_free(&ar);
            return rc;
        }
    }
    json_t *list = current ? json_loads(current, 0, NULL) : json_array();
    if (!list)
        list = json_array();
    arena_free(&ar);
    const char *s = services ? services : "";
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1), s);
        if (n >= sizeof code || codes_validate("service_type", code) < 0) {
            json_decref(list);
            return err_set(ec, -ERR_CODE_INVALID, "services");
        }
        json_array_append_new(list, json_string(code));
        s += n + (comma ? 1 : 0);
    }
    char *text = json_dump(list);
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tier_policy_set(c, tier, contact_days, text, now);
    if (rc == 0)
        rc = app_audit(c, by, now, "policy.tier", "policy", tier,
                       json_pack("{s:i, s:O}", "contact_days", contact_days, "services", list));
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    free(text);
    json_decref(list);
    return rc;
}

struct services__tiers {
    int (*fn)(const char *tier, int contact_days, const char *services, void *arg);
    void *arg;
};

static int services__tiers_on(struct store_conn *c, void *arg)
{
    struct services__tiers *t = arg;
    return store_tier_policy_list(c, t->fn, t->arg);
}

int app_services_tier_list(struct app *a,
                           int (*fn)(const char *tier, int contact_days, const char *services,
                                     void *arg),
                           void *arg)
{
    struct services__tiers t = {fn, arg};
    int rc = app__read(a, false, services__tiers_on, &t);
    return rc < 0 ? rc : 0;
}
