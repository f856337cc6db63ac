/*
 * referral.c — job referrals and their results, the lists handed to a person. See referral.h.
 *
 * Nothing here writes on its own: a referral, a result and a hand-over are service records made
 * by app_services_add (one transaction, one audit entry), which calls app__referral_links for
 * the rules of the links inside its transaction, so the same rules hold for a record posted
 * to the generic services route. Load: a handful of statements per request; a lists_handed
 * reads the three lists of the person's province in force that day (tens to hundreds of rows).
 */
#include "app/referral.h"

#include "app/app_priv.h"
#include "app/lists.h"
#include "app/match.h"
#include "base/buf.h"
#include "base/clock.h"
#include "rules/codes.h"
#include "rules/region.h"
#include "rules/vocab.h"
#include "rules/workday.h"
#include "store/job.h"
#include "store/registration.h"

#include <stdio.h>
#include <string.h>

static bool referral__is(const char *s, const char *v)
{
    return s && strcmp(s, v) == 0;
}

/* A vacancy link: the vacancy exists and, for a job referral, is offered today to the person. */
static int referral__vacancy(struct store_conn *c, const struct reg_view *r,
                             const struct profile *p, const struct services_new *n,
                             struct arena *ar, struct err_ctx *ec)
{
    struct job job;
    char today[DATE_STRLEN];
    int rc = store_job_get(c, "", n->s.link_id, ar, &job);
    if (rc == -ERR_NOT_FOUND)
        return err_set(ec, -ERR_JOB_UNKNOWN, "link_id");
    if (rc < 0)
        return rc;
    if (!referral__is(n->s.type, "job_referral"))
        return 0;
    rc = app__job_offered(&job, p->intent_region, r->register_region,
                          date_format(clock_today(), today));
    if (rc == -ERR_NOT_FOUND)
        return err_set(ec, -ERR_JOB_UNKNOWN, "link_id");
    return rc < 0 ? err_set(ec, rc, "link_id") : 0;
}

/* A record following service `target` up: a job referral takes its result only, one in force
 * (a correction of that result replaces it). */
static int referral__followup(struct store_conn *c, const struct actor *by,
                              const struct reg_view *r, const struct services_new *n,
                              struct arena *ar, struct err_ctx *ec)
{
    struct service_row target;
    int rc = store_service_get(c, by->scope, r->id, n->s.link_id, ar, &target);
    if (rc < 0)
        return rc; /* services__links has named a missing one already */
    bool is_result = referral__is(n->s.type, "referral_result");
    bool is_referral = referral__is(target.type, "job_referral");
    if (is_result != is_referral)
        return err_set(ec, -ERR_REFERRAL_LINK, "link_id");
    if (!is_referral)
        return 0;
    if (target.corrected_by)
        return err_set(ec, -ERR_RECORD_ALREADY_CORRECTED, "link_id");
    int64_t live = 0;
    rc = store_service_followup_live(c, target.id, &live);
    if (rc == 0 && live && live != n->corrects)
        rc = err_set(ec, -ERR_REFERRAL_HAS_RESULT, "link_id");
    return rc;
}

int app__referral_links(struct store_conn *c, const struct actor *by, const struct reg_view *r,
                        const struct profile *p, const struct services_new *n, struct arena *ar,
                        struct err_ctx *ec)
{
    bool is_result = referral__is(n->s.type, "referral_result");
    if (is_result && (!n->s.outcome || codes_validate("referral_result", n->s.outcome) < 0))
        return err_set(ec, -ERR_CODE_INVALID, "outcome");
    if (is_result && !referral__is(n->s.link_kind, "service"))
        return err_set(ec, -ERR_REFERRAL_LINK, "link_id");
    if (referral__is(n->s.link_kind, "vacancy"))
        return referral__vacancy(c, r, p, n, ar, ec);
    if (referral__is(n->s.link_kind, "service"))
        return referral__followup(c, by, r, n, ar, ec);
    return 0;
}

int app_referral_add(struct app *a, const struct actor *by, const char *reg_no,
                     const struct referral_new *rn, int64_t *id, char *due_out, struct err_ctx *ec)
{
    *id = 0;
    due_out[0] = '\0';
    if (rn->job_id < 1)
        return err_set(ec, -ERR_FIELD_REQUIRED, "job_id");
    struct services_new n = {.s = {.type = "job_referral",
                                   .date = rn->date ? rn->date : clock_today(),
                                   .content = rn->content,
                                   .link_kind = "vacancy",
                                   .link_id = rn->job_id,
                                   .followup_due = rn->followup_due}};
    if (!n.s.followup_due) /* beyond the calendar's years: by weekends alone, as deadlines */
        workday_add(app_calendar(a), n.s.date, app_policy(a)->referral_followup_workdays,
                    &n.s.followup_due);
    int rc = app_services_add(a, by, reg_no, &n, id, ec);
    if (rc < 0 && ec->field && strcmp(ec->field, "link_id") == 0)
        ec->field = "job_id";
    if (rc == 0)
        date_format(n.s.followup_due, due_out);
    return rc;
}

int app_referral_result(struct app *a, const struct actor *by, const char *reg_no,
                        int64_t referral_id, const char *result, int32_t date, const char *note,
                        int64_t corrects, int64_t *id, struct err_ctx *ec)
{
    *id = 0;
    if (!result || !*result)
        return err_set(ec, -ERR_FIELD_REQUIRED, "result");
    if (codes_validate("referral_result", result) < 0)
        return err_set(ec, -ERR_CODE_INVALID, "result");
    struct services_new n = {.s = {.type = "referral_result",
                                   .date = date ? date : clock_today(),
                                   .content = note,
                                   .outcome = result,
                                   .link_kind = "service",
                                   .link_id = referral_id},
                             .corrects = corrects};
    int rc = app_services_add(a, by, reg_no, &n, id, ec);
    bool bad_target = ec->field && strcmp(ec->field, "link_id") == 0 &&
                      (rc == -ERR_FIELD_INVALID || rc == -ERR_REFERRAL_LINK);
    if (rc < 0 && bad_target) { /* the path's referral is not one of this person's */
        ec->field = NULL;
        rc = -ERR_NOT_FOUND;
    } else if (rc < 0 && ec->field && strcmp(ec->field, "link_id") == 0) {
        ec->field = "id";
    } else if (rc < 0 && ec->field && strcmp(ec->field, "content") == 0) {
        ec->field = "note";
    }
    return rc;
}

/* --- the list of a person's referrals ------------------------------------------------------ */

struct referral__rows {
    struct arena *ar;
    struct service_row *v;
    int n, cap;
};

static int referral__keep(const struct service_row *s, void *arg)
{
    struct referral__rows *rows = arg;
    if (rows->n == rows->cap) {
        int cap = rows->cap ? 2 * rows->cap : 32;
        struct service_row *v = arena_alloc(rows->ar, (size_t)cap * sizeof *v);
        if (rows->n)
            memcpy(v, rows->v, (size_t)rows->n * sizeof *v);
        rows->v = v;
        rows->cap = cap;
    }
    struct service_row *o = &rows->v[rows->n++];
    *o = *s;
    const char **text[] = {&o->scope_region, &o->type,        &o->service_date,
                           &o->content,      &o->outcome,     &o->link_kind,
                           &o->followup_due, &o->recorded_at, &o->recorded_by_name};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = *text[i] ? arena_strdup(rows->ar, *text[i]) : NULL;
    return 0;
}

/* The result in force of referral `id` among the rows: the newest linking to it, uncorrected. */
static const struct service_row *referral__result_of(const struct referral__rows *rows, int64_t id)
{
    const struct service_row *best = NULL;
    for (int i = 0; i < rows->n; i++) {
        const struct service_row *s = &rows->v[i];
        if (referral__is(s->link_kind, "service") && s->link_id == id && !s->corrected_by &&
            (!best || s->id > best->id))
            best = s;
    }
    return best;
}

int app_referral_list(struct app *a, const struct actor *by, const char *reg_no,
                      int (*fn)(const struct referral_view *v, void *arg), void *arg)
{
    struct arena ar;
    struct reg_view r;
    char today[DATE_STRLEN];
    arena_init(&ar);
    date_format(clock_today(), today);
    struct referral__rows rows = {.ar = &ar};
    struct store_conn *c = store_acquire(a->store);
    int rc = store_reg_get(c, by->scope, reg_no, &ar, &r);
    if (rc == 0)
        rc = store_service_list(c, r.id, referral__keep, &rows);
    if (rc > 0)
        rc = 0;
    for (int i = 0; rc >= 0 && i < rows.n; i++) {
        const struct service_row *s = &rows.v[i];
        if (!referral__is(s->type, "job_referral") || s->corrected_by)
            continue;
        struct job job;
        struct referral_view v = {.ref = s, .result = referral__result_of(&rows, s->id)};
        if (referral__is(s->link_kind, "vacancy") &&
            (rc = store_job_get(c, "", s->link_id, &ar, &job)) == 0)
            v.job = &job;
        if (rc == -ERR_NOT_FOUND)
            rc = 0;
        v.overdue = !v.result && s->followup_due && strcmp(s->followup_due, today) < 0;
        if (rc == 0 && fn(&v, arg) != 0)
            break;
    }
    store_release(a->store, c);
    arena_free(&ar);
    return rc < 0 ? rc : 0;
}

/* --- lists handed ---------------------------------------------------------------------------- */

struct referral__handed {
    struct arena *ar;
    const char *region; /* the person's */
    struct handed_entry *v;
    int n, cap;
};

/* Keep an entry in force on a region above, at or below the person's. */
static int referral__handed_entry(const struct list_version *lv, void *arg)
{
    struct referral__handed *h = arg;
    if (!region_contains(lv->region, h->region) && !region_contains(h->region, lv->region))
        return 0;
    if (h->n == h->cap) {
        int cap = h->cap ? 2 * h->cap : 32;
        struct handed_entry *v = arena_alloc(h->ar, (size_t)cap * sizeof *v);
        if (h->n)
            memcpy(v, h->v, (size_t)h->n * sizeof *v);
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (struct handed_entry){.kind = arena_strdup(h->ar, lv->kind),
                                         .id = lv->id,
                                         .version = lv->version,
                                         .name = arena_strdup(h->ar, lv->name)};
    return 0;
}

static const char *const referral__list_zh[] = {"政策清单", "服务清单", "机构清单"};

/* The record's content: per list, its entries as #id v<version>, and the day. When that is
 * longer than a record holds, the counts alone. */
static const char *referral__handed_text(struct arena *ar, const struct handed *h, unsigned lists,
                                         bool ids)
{
    struct buf b = {0};
    for (int k = 0; k < LIST_KIND__COUNT; k++) {
        if (!(lists & (1u << k)))
            continue;
        const char *kind = vocab_list_kind_name((enum list_kind)k);
        int count = 0;
        for (int i = 0; i < h->n; i++)
            count += strcmp(h->entries[i].kind, kind) == 0;
        buf_printf(&b, "%s%s %d 项", b.len ? "；" : "", referral__list_zh[k], count);
        for (int i = 0, first = 1; ids && i < h->n; i++) {
            if (strcmp(h->entries[i].kind, kind) != 0)
                continue;
            buf_printf(&b, "%s#%lld v%d", first ? "：" : "、", (long long)h->entries[i].id,
                       h->entries[i].version);
            first = 0;
        }
    }
    buf_printf(&b, "（%s 在用版本）", h->on);
    const char *out = arena_strdup(ar, buf_cstr(&b));
    buf_free(&b);
    return out;
}

/* Read the entries of the lists in force on `on` for the person of `reg_no` into *h. */
static int referral__handed_read(struct app *a, const struct actor *by, const char *reg_no,
                                 unsigned lists, int32_t on, struct arena *ar,
                                 struct referral__handed *h, struct err_ctx *ec)
{
    struct reg_view r;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_reg_get(c, by->scope, reg_no, ar, &r);
    store_release(a->store, c);
    if (rc < 0)
        return rc;
    char province[7];
    snprintf(province, sizeof province, "%.2s0000", r.register_region);
    h->region = r.register_region;
    struct list_filter f = {.region = province, .on = on, .limit = 100000};
    for (int k = 0; k < LIST_KIND__COUNT && rc >= 0; k++)
        if (lists & (1u << k))
            rc = app_list_in_force(a, (enum list_kind)k, &f, referral__handed_entry, h, ec);
    return rc < 0 ? rc : 0;
}

int app_lists_handed(struct app *a, const struct actor *by, const char *reg_no, unsigned lists,
                     int32_t date, const char *note, struct arena *ar, struct handed *out,
                     struct err_ctx *ec)
{
    memset(out, 0, sizeof *out);
    if (lists == 0 || lists > HANDED_ALL)
        return err_set(ec, -ERR_FIELD_INVALID, "lists");
    int32_t on = date ? date : clock_today();
    struct referral__handed h = {.ar = ar};
    int rc = referral__handed_read(a, by, reg_no, lists, on, ar, &h, ec);
    if (rc < 0)
        return rc;
    date_format(on, out->on);
    out->region = h.region;
    out->entries = h.v;
    out->n = h.n;
    const char *text = referral__handed_text(ar, out, lists, true);
    if (strlen(text) > RECORD_TEXT_MAX) /* bytes ≥ characters: then the counts alone */
        text = referral__handed_text(ar, out, lists, false);
    struct services_new n = {
        .s = {.type = "lists_handed", .date = on, .content = text, .outcome = note}};
    rc = app_services_add(a, by, reg_no, &n, &out->id, ec);
    if (rc < 0 && ec->field && strcmp(ec->field, "outcome") == 0)
        ec->field = "note";
    return rc;
}
