/*
 * followup.c — counters, the follow-up run and self-reports. See followup.h.
 *
 * Load: a run reads 1,000,000 registrations in batches (default 1000 a transaction): per batch
 * one primary-key range of registration (with profile and tier_policy), one index range each of
 * contact and service_record, and a write only where something changed; the reverted counter
 * exits and dismissed counter proposals are read once per run into a sorted array.
 */
#include "app/followup.h"

#include "app/app_priv.h"
#include "app/exits.h"
#include "app/intake.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/record.h"
#include "store/application.h"
#include "store/followup.h"
#include "store/record.h"
#include "store/registration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLLOWUP__EMPLOYER_MAX 200

/* The newest contact ids behind the reverted / dismissed counter exits of one registration. */
struct followup__supp {
    int64_t reg_id, s31, s32;
};

struct followup__supps {
    struct followup__supp *v;
    int n, cap;
};

static int32_t followup__day(const char *s)
{
    int32_t d = 0;
    if (!s || date_parse(s, strlen(s), &d) < 0)
        return 0;
    return d;
}

static int followup__supp_add(int64_t reg_id, const char *reason, const char *evidence, void *arg)
{
    struct followup__supps *s = arg;
    json_t *ev = evidence ? json_loads(evidence, 0, NULL) : NULL;
    int64_t last = json_integer_value(json_object_get(ev, "last_contact_id"));
    json_decref(ev);
    if (s->n == 0 || s->v[s->n - 1].reg_id != reg_id) {
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 16;
            s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
        }
        s->v[s->n++] = (struct followup__supp){reg_id, 0, 0};
    }
    struct followup__supp *p = &s->v[s->n - 1];
    int64_t *slot = strcmp(reason, "31") == 0 ? &p->s31 : &p->s32;
    if (last > *slot)
        *slot = last;
    return 0;
}

static int followup__supp_cmp(const void *pa, const void *pb)
{
    const struct followup__supp *a = pa, *b = pb;
    return a->reg_id < b->reg_id ? -1 : a->reg_id > b->reg_id;
}

/* Merge the rows of one registration that came apart (the two tables' rows interleave). */
static void followup__supps_sort(struct followup__supps *s)
{
    if (s->n < 2)
        return;
    qsort(s->v, (size_t)s->n, sizeof *s->v, followup__supp_cmp);
    int w = 0;
    for (int i = 1; i < s->n; i++) {
        if (s->v[i].reg_id == s->v[w].reg_id) {
            if (s->v[i].s31 > s->v[w].s31)
                s->v[w].s31 = s->v[i].s31;
            if (s->v[i].s32 > s->v[w].s32)
                s->v[w].s32 = s->v[i].s32;
        } else {
            s->v[++w] = s->v[i];
        }
    }
    s->n = w + 1;
}

static const struct followup__supp *followup__supp_find(const struct followup__supps *s,
                                                        int64_t reg_id)
{
    struct followup__supp key = {reg_id, 0, 0};
    return s->n ? bsearch(&key, s->v, (size_t)s->n, sizeof *s->v, followup__supp_cmp) : NULL;
}

/* Events of the registrations of one batch (or one registration). */
struct followup__events {
    const struct followup_reg *regs;
    int n_regs;
    struct followup__ev {
        int idx;
        struct followup_event e;
    } * v;
    int n, cap;
};

static int followup__reg_idx(const struct followup__events *b, int64_t id)
{
    int lo = 0, hi = b->n_regs - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->regs[mid].id == id)
            return mid;
        if (b->regs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int followup__event_add(int64_t reg_id, const struct followup_event *e, void *arg)
{
    struct followup__events *b = arg;
    int idx = followup__reg_idx(b, reg_id);
    if (idx < 0) /* a registration of the range no longer active */
        return 0;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1024;
        b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
    }
    b->v[b->n++] = (struct followup__ev){idx, *e};
    return 0;
}

static int followup__ev_cmp(const void *pa, const void *pb)
{
    const struct followup__ev *a = pa, *b = pb;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Load the events of regs[0..n) (sorted by id) into b, grouped by registration. */
static int followup__events_load(struct store_conn *c, const struct followup_reg *regs, int n,
                                 struct followup__events *b)
{
    b->regs = regs;
    b->n_regs = n;
    b->n = 0;
    if (n == 0)
        return 0;
    int rc = store_followup_events(c, regs[0].id, regs[n - 1].id, followup__event_add, b);
    if (rc == 0 && b->n > 1)
        qsort(b->v, (size_t)b->n, sizeof *b->v, followup__ev_cmp);
    return rc;
}

/* The counters of regs[idx] from its events b->v[*pos..] (advanced past them). */
static void followup__count_one(const struct app *a, const struct followup__events *b, int idx,
                                int *pos, int32_t today, struct followup_counters *k)
{
    int from = *pos, to = from;
    while (to < b->n && b->v[to].idx == idx)
        to++;
    *pos = to;
    int n = to - from;
    struct followup_event local[64];
    struct followup_event *ev = n <= 64 ? local : xmalloc((size_t)n * sizeof *ev);
    for (int i = 0; i < n; i++)
        ev[i] = b->v[from + i].e;
    const struct followup_reg *r = &b->regs[idx];
    int days = r->contact_days > 0 ? r->contact_days : a->policy.contact_days;
    followup_count(ev, n, followup__day(r->registered_on), today, days, k);
    if (ev != local)
        free(ev);
}

int app__followup_counters(struct app *a, struct store_conn *c, int64_t registration_id,
                           int32_t registered_on, int contact_days, struct followup_counters *out)
{
    char day[DATE_STRLEN];
    struct followup_reg r = {.id = registration_id,
                             .registered_on = date_format(registered_on, day),
                             .contact_days = contact_days};
    struct followup__events b = {0};
    int rc = followup__events_load(c, &r, 1, &b);
    int pos = 0;
    if (rc == 0)
        followup__count_one(a, &b, 0, &pos, clock_today(), out);
    free(b.v);
    return rc;
}

int app__followup_refresh(struct app *a, struct store_conn *c, int64_t registration_id)
{
    struct arena ar;
    struct followup_reg r;
    arena_init(&ar);
    int rc = store_followup_reg(c, registration_id, &ar, &r);
    if (rc == -ERR_NOT_FOUND) {
        arena_free(&ar);
        return 0;
    }
    struct followup_counters k;
    if (rc == 0)
        rc = app__followup_counters(a, c, r.id, followup__day(r.registered_on), r.contact_days, &k);
    char day[DATE_STRLEN];
    if (rc == 0 && (!r.next_contact_due ||
                    strcmp(r.next_contact_due, date_format(k.next_contact_due, day)) != 0))
        rc = store_followup_due_set(c, r.id, date_format(k.next_contact_due, day));
    arena_free(&ar);
    return rc;
}

/* --- the run ---------------------------------------------------------------------------- */

struct followup__run {
    struct app *a;
    const struct actor *by;
    int64_t now;
    int32_t today;
    bool auto31, auto32;
    struct followup__supps supps;
    struct followup_run_row row;
    struct followup_counts *out;
};

/* The evidence of a counter exit: the counter, the contacts behind it, their days. */
static json_t *followup__evidence(const struct followup_counters *k, const char *reason)
{
    const struct followup_trail *t = followup_trail_of(k, reason);
    json_t *ids = json_array(), *dates = json_array();
    char day[DATE_STRLEN];
    for (int i = 0; i < t->n && i < FOLLOWUP_IDS_MAX; i++) {
        json_array_append_new(ids, json_integer(t->ids[i]));
        json_array_append_new(dates, json_string(date_format(t->dates[i], day)));
    }
    json_t *o = json_pack("{s:s, s:o, s:o, s:I, s:I}", "counter",
                          strcmp(reason, "31") == 0 ? "refusals" : "unreachable", "contact_ids",
                          ids, "contact_dates", dates, "contacts", (json_int_t)t->n,
                          "last_contact_id", (json_int_t)t->last_id);
    if (strcmp(reason, "31") == 0) {
        json_object_set_new(o, "refusals", json_integer(k->refusals));
    } else {
        json_object_set_new(o, "unreachable_since",
                            json_string(date_format(k->unreachable_since, day)));
        json_object_set_new(o, "months", json_integer(k->unreachable_months));
    }
    return o;
}

/* Apply or propose the counter exit `reason` on `day` for r (*exited: applied); a refusal of the
 * exit rules is logged and skipped (nothing was written), a store error returned. */
static int followup__exit(struct followup__run *run, struct store_conn *c,
                          const struct followup_reg *r, const struct followup_counters *k,
                          const char *reason, int32_t day, bool *exited)
{
    json_t *ev = followup__evidence(k, reason);
    struct exit_new e = {.reason_code = reason,
                         .subkind = "",
                         .date = day,
                         .note = "",
                         .evidence = ev,
                         .source = "followup"};
    struct err_ctx ec = {0};
    bool apply = strcmp(reason, "31") == 0 ? run->auto31 : run->auto32, created = false;
    int64_t id;
    int rc = apply ? exits_apply(c, run->by, run->now, r->id, &e, &id, &ec)
                   : exits_propose(c, run->now, r->id, &e, &id, &created, &ec);
    json_decref(ev);
    if (rc < 0 && ec.field) {
        log_warn("followup", "event=exit_refused registration=%s reason=%s field=%s",
                 r->registration_no, reason, ec.field);
        run->out->skipped++;
        return 0;
    }
    if (rc == 0 && apply)
        run->row.exits++;
    else if (rc == 0 && created)
        run->row.proposals++;
    if (rc == 0)
        *exited = apply;
    return rc;
}

/* One registration of a batch: the cache, the due counts, a counter exit. */
static int followup__one(struct followup__run *run, struct store_conn *c,
                         const struct followup_reg *r, const struct followup_counters *k)
{
    char day[DATE_STRLEN];
    date_format(k->next_contact_due, day);
    int rc = 0;
    if (!r->next_contact_due || strcmp(r->next_contact_due, day) != 0) {
        rc = store_followup_due_set(c, r->id, day);
        run->row.due_corrected++;
    }
    const struct followup__supp *s = followup__supp_find(&run->supps, r->id);
    int32_t exit_day;
    const char *reason = followup_exit_due(k, s ? s->s31 : 0, s ? s->s32 : 0, &exit_day);
    bool exited = false;
    if (rc == 0 && reason)
        rc = followup__exit(run, c, r, k, reason, exit_day, &exited);
    if (rc == 0 && !exited && k->next_contact_due <= run->today) {
        run->out->due++;
        run->out->overdue += k->overdue;
    }
    return rc;
}

/* One batch in its own transaction: *n gets how many registrations it held (0: done). */
static int followup__batch(struct followup__run *run, struct store_conn *c, int limit,
                           struct followup_reg *regs, struct followup__events *b, int *n)
{
    struct arena ar;
    arena_init(&ar);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = *n = store_followup_regs(c, run->row.last_registration_id, limit, &ar, regs);
    if (rc > 0)
        rc = followup__events_load(c, regs, *n, b);
    int pos = 0;
    for (int i = 0; rc == 0 && i < *n; i++) {
        struct followup_counters k;
        followup__count_one(run->a, b, i, &pos, run->today, &k);
        rc = followup__one(run, c, &regs[i], &k);
    }
    if (rc == 0 && *n > 0) {
        run->row.last_registration_id = regs[*n - 1].id;
        run->row.checked += *n;
        rc = store_followup_run_save(c, &run->row, false, run->now);
    }
    rc = store_tx_end(c, rc < 0 ? rc : 0);
    arena_free(&ar);
    return rc;
}

/* Open (or resume) the run's row and read the suppressions, in one transaction. */
static int followup__start(struct followup__run *run, struct store_conn *c)
{
    char today[DATE_STRLEN];
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_followup_run_open(c, run->now, date_format(run->today, today), &run->row);
    if (rc == 0)
        rc = store_followup_suppressions(c, 0, followup__supp_add, &run->supps);
    rc = store_tx_end(c, rc);
    followup__supps_sort(&run->supps);
    run->auto31 = exits_auto(c, "31");
    run->auto32 = exits_auto(c, "32");
    return rc;
}

/* Close the run: its row finished and the one audit entry of the run. */
static int followup__finish(struct followup__run *run, struct store_conn *c)
{
    struct followup_counts *o = run->out;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)run->row.id);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_followup_run_save(c, &run->row, true, run->now);
    if (rc == 0)
        rc = app_audit(c, run->by, run->now, "followup.run", "followup_run", id,
                       json_pack("{s:I, s:I, s:I, s:I, s:I, s:b}", "checked",
                                 (json_int_t)run->row.checked, "exits", (json_int_t)run->row.exits,
                                 "proposals", (json_int_t)run->row.proposals, "due_corrected",
                                 (json_int_t)run->row.due_corrected, "due", (json_int_t)o->due,
                                 "resumed", run->row.resumed));
    return store_tx_end(c, rc);
}

int app_followup_run(struct app *a, const struct actor *by, int batch,
                     void (*show)(int64_t done, int64_t total, void *arg), void *arg,
                     struct followup_counts *out)
{
    memset(out, 0, sizeof *out);
    if (batch < 1 || batch > 10000)
        return -ERR_FIELD_INVALID;
    struct followup__run run = {.a = a, .by = by, .now = clock_now(), .out = out};
    run.today = clock_date_of(run.now);
    struct store_conn *c = store_acquire(a->store);
    struct followup_reg *regs = xcalloc((size_t)batch, sizeof *regs);
    struct followup__events b = {0};
    int rc = followup__start(&run, c), n = 1;
    while (rc == 0 && n > 0) {
        rc = followup__batch(&run, c, batch, regs, &b, &n);
        if (rc == 0 && show)
            show(run.row.checked, 0, arg);
    }
    if (rc == 0)
        rc = followup__finish(&run, c);
    store_release(a->store, c);
    free(regs);
    free(b.v);
    free(run.supps.v);
    out->checked = run.row.checked;
    out->exits = run.row.exits;
    out->proposals = run.row.proposals;
    out->due_corrected = run.row.due_corrected;
    out->resumed = run.row.resumed;
    return rc;
}

/* --- self-reports ----------------------------------------------------------------------- */

/* The checks of a self-report that need no database; employer counted in characters. */
static int followup__report_check(const struct followup_report *r, struct err_ctx *ec)
{
    if (!r->kind || !*r->kind)
        return err_set(ec, -ERR_FIELD_REQUIRED, "kind");
    if (codes_validate("self_report_kind", r->kind) < 0)
        return err_set(ec, -ERR_CODE_INVALID, "kind");
    bool employed = strcmp(r->kind, "employed") == 0;
    const char *emp = r->employer ? r->employer : "";
    if (employed && !*emp)
        return err_set(ec, -ERR_FIELD_REQUIRED, "employer");
    if (!employed && *emp)
        return err_set(ec, -ERR_FIELD_INVALID, "employer");
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)emp; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return err_set(ec, -ERR_FIELD_INVALID, "employer");
        chars += (*p & 0xc0) != 0x80;
    }
    if (chars > FOLLOWUP__EMPLOYER_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "employer");
    return 0;
}

/* The registration of application `no` checked with its query code, active. */
static int followup__report_reg(struct store_conn *c, const char *no, const char *query_code,
                                struct arena *ar, struct reg_view *reg)
{
    char hash[65];
    struct application app;
    if (!no || !query_code || !*query_code)
        return -ERR_NOT_FOUND;
    app_intake_code_hash(query_code, hash);
    int rc = store_app_get_by_code(c, no, hash, ar, &app);
    if (rc == 0 && !app.registration_no)
        rc = -ERR_NOT_FOUND;
    if (rc == 0)
        rc = store_reg_get(c, "", app.registration_no, ar, reg);
    if (rc == 0 && strcmp(reg->status, "active") != 0)
        rc = -ERR_REGISTRATION_EXITED;
    return rc;
}

/* The contact row of the report, its kind, the first-contact mark and the cached due day. */
static int followup__report_write(struct app *a, struct store_conn *c, int64_t now,
                                  const struct reg_view *reg, const struct followup_report *r,
                                  int64_t *contact_id)
{
    char day[DATE_STRLEN];
    struct contact_row row = {.registration_id = reg->id,
                              .scope_region = reg->scope_region,
                              .contact_date = date_format(r->date, day),
                              .method = "self_report",
                              .result = "reached",
                              .note = r->note ? r->note : ""};
    int rc = store_contact_insert(c, &row, now, contact_id);
    if (rc == 0)
        rc = store_followup_contact_report(c, *contact_id, r->kind, r->employer);
    if (rc == 0) /* 1 when this closed the first contact */
        rc = store_reg_first_contact_done(c, reg->id, day);
    if (rc > 0)
        rc = 0;
    if (rc == 0)
        rc = app__followup_refresh(a, c, reg->id);
    return rc;
}

/* "employed": the proposal of exit 11 for the caseworker (kept when one is open). */
static int followup__report_propose(struct store_conn *c, int64_t now, const struct reg_view *reg,
                                    const struct followup_report *r, int64_t contact_id,
                                    int64_t *proposal_id, struct err_ctx *ec)
{
    char day[DATE_STRLEN];
    json_t *ev = json_pack("{s:s, s:I, s:s, s:s}", "employer", r->employer, "contact_id",
                           (json_int_t)contact_id, "reported_on", date_format(r->date, day),
                           "source", "self_report");
    struct exit_new e = {.reason_code = "11",
                         .subkind = "",
                         .date = r->date,
                         .note = "",
                         .evidence = ev,
                         .source = "self_report"};
    bool created;
    int rc = exits_propose(c, now, reg->id, &e, proposal_id, &created, ec);
    json_decref(ev);
    return rc;
}

int app_followup_self_report(struct app *a, const struct actor *by, const char *no,
                             const char *query_code, const struct followup_report *r,
                             int64_t *contact_id, int64_t *proposal_id, struct err_ctx *ec)
{
    struct arena ar;
    struct reg_view reg;
    int64_t now = clock_now();
    *contact_id = *proposal_id = 0;
    int rc = followup__report_check(r, ec);
    if (rc < 0)
        return rc;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = followup__report_reg(c, no, query_code, &ar, &reg);
    if (rc == 0)
        rc = record_contact_check(r->date, "self_report", "reached", r->note,
                                  followup__day(reg.registered_on), clock_date_of(now), ec);
    if (rc == 0)
        rc = followup__report_write(a, c, now, &reg, r, contact_id);
    if (rc == 0 && strcmp(r->kind, "employed") == 0)
        rc = followup__report_propose(c, now, &reg, r, *contact_id, proposal_id, ec);
    if (rc == 0)
        rc = app_audit(c, by, now, "registration.self_report", "registration", reg.registration_no,
                       json_pack("{s:I, s:s, s:I}", "contact_id", (json_int_t)*contact_id, "kind",
                                 r->kind, "proposal_id", (json_int_t)*proposal_id));
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    arena_free(&ar);
    if (rc < 0)
        *contact_id = *proposal_id = 0;
    return rc;
}
