/*
 * falseinfo.c (app) — false-information flags and credit records. See app/falseinfo.h; the
 * rule is rules/falseinfo's.
 *
 * The hook costs nothing for a person without records of the four sources the rule reads (the
 * common case): it returns before touching the store. Otherwise one read of the application's
 * promise day, at most four re-reads of a source (only when the comparison runs after the day
 * of applying and the record the rule needs lies before the one app/verify stopped at), and
 * one probe per untrue check.
 */
#include "app/falseinfo.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/sheet.h"
#include "base/xalloc.h"
#include "rules/falseinfo.h"
#include "store/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FALSEINFO__FACTS_MAX 2000
#define FALSEINFO__NOTE_MAX 2000

/* --- the comparison hook -------------------------------------------------------------------- */

struct falseinfo__recs {
    struct verify_record *v;
    size_t n, cap;
    enum verify_source source;
    int32_t stop_at; /* stop after the first record dated on or before this day */
};

static void falseinfo__push(struct falseinfo__recs *r, enum verify_source s, int32_t day)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = (struct verify_record){.source = s, .event_date = day};
}

static int falseinfo__on_record(const struct ref_record_row *row, void *arg)
{
    struct falseinfo__recs *r = arg;
    int32_t day;
    if (!row->event_date || date_parse(row->event_date, strlen(row->event_date), &day) < 0)
        return 0;
    falseinfo__push(r, r->source, day);
    return day <= r->stop_at;
}

/* The records the rule needs as of day `applied`: recs of the sources where they suffice, the
 * others read again down to `applied`. Fills *out (owned by the caller's free of out->v). */
static int falseinfo__gather(struct store_conn *c, const char *person_key, int32_t applied,
                             int32_t today, const struct verify_record *recs, size_t n,
                             struct falseinfo__recs *out)
{
    unsigned wanted = falseinfo_sources();
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        if (!(wanted & 1u << s))
            continue;
        enum verify_source src = (enum verify_source)s;
        if (falseinfo_records_suffice(applied, today, recs, n, src)) {
            for (size_t i = 0; i < n; i++)
                if (recs[i].source == src)
                    falseinfo__push(out, src, recs[i].event_date);
            continue;
        }
        out->source = src;
        out->stop_at = applied;
        int rc = store_ref_record_each(c, verify_source_name(src), person_key, falseinfo__on_record,
                                       out);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Whether any record of a source the rule reads is in recs. */
static bool falseinfo__relevant(const struct verify_record *recs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (falseinfo_sources() & 1u << recs[i].source)
            return true;
    return false;
}

/* Raise the flag of one untrue finding unless it is known; audited as the system. */
static int falseinfo__raise(struct store_conn *c, int64_t now, int64_t application_id,
                            const struct flag_case *k, const struct falseinfo_finding *f,
                            const struct verify_record *r, int32_t applied, int32_t since,
                            int *raised)
{
    char day[DATE_STRLEN], a_day[DATE_STRLEN], u_day[DATE_STRLEN], key[64];
    const char *check = falseinfo_check_name(f->check);
    const char *source = verify_source_name(r->source);
    date_format(r->event_date, day);
    snprintf(key, sizeof key, "%s:%s", source, day);
    int rc = store_flag_known(c, application_id, check, key);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    json_t *ev = json_pack("{s:s, s:s, s:s, s:s, s:s}", "source", source, "event_date", day,
                           "basis", f->basis, "applied_on", date_format(applied, a_day),
                           "unemployed_since", date_format(since, u_day));
    char *text = json_dump(ev);
    json_decref(ev);
    int64_t id;
    rc = store_flag_insert(c, application_id, k->registration_id, k->scope_region, check, text, key,
                           now, &id);
    free(text);
    if (rc == 0) {
        struct actor sys;
        access_system_actor(&sys, "compare");
        char ids[24];
        snprintf(ids, sizeof ids, "%lld", (long long)id);
        rc = app_audit(c, &sys, now, "flag.raise", "false_info_flag", ids,
                       json_pack("{s:s, s:s, s:I}", "check", check, "source", source,
                                 "application_id", (json_int_t)application_id));
        if (rc == 0 && raised)
            (*raised)++;
    }
    return rc;
}

int falseinfo_consider(struct store_conn *c, int64_t now, int64_t application_id,
                       const char *person_key, int32_t unemployed_since,
                       const struct verify_record *recs, size_t n, int *raised)
{
    if (raised)
        *raised = 0;
    if (!falseinfo__relevant(recs, n))
        return 0;
    struct flag_case k;
    int32_t applied;
    int rc = store_flag_case(c, application_id, &k);
    if (rc < 0)
        return rc;
    if (date_parse(k.commitment_at, strnlen(k.commitment_at, DATE_STRLEN - 1), &applied) < 0)
        return 0; /* written by intake as clock_format: never expected */
    struct falseinfo__recs all = {0};
    rc = falseinfo__gather(c, person_key, applied, clock_date_of(now), recs, n, &all);
    struct falseinfo_finding out[FALSEINFO__COUNT];
    if (rc == 0)
        falseinfo_decide(applied, unemployed_since, all.v, all.n, out);
    for (int i = 0; i < FALSEINFO__COUNT && rc == 0; i++)
        if (out[i].untrue)
            rc = falseinfo__raise(c, now, application_id, &k, &out[i], &all.v[out[i].evidence],
                                  applied, unemployed_since, raised);
    free(all.v);
    return rc;
}

/* --- flags: list and review ----------------------------------------------------------------- */

static const char *falseinfo__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

/* Copy a credit row's strings into `ar`. */
static void falseinfo__credit_keep(struct arena *ar, struct credit_row *r)
{
    const char **text[] = {
        &r->scope_region,    &r->facts,           &r->status,  &r->created_at, &r->decided_at,
        &r->withdraw_reason, &r->exported_at,     &r->creator, &r->decider,    &r->check,
        &r->application_no,  &r->registration_no, &r->evidence};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        *text[i] = falseinfo__dup(ar, *text[i]);
}

struct falseinfo__list {
    const struct actor *by;
    const struct flag_filter *f;
    struct arena *ar;
    struct flag_view *v;
    int n, cap;
    struct flag_view *cur; /* the flag whose credits are being collected */
};

static int falseinfo__on_flag(const struct flag_row *f, void *arg)
{
    struct falseinfo__list *l = arg;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        struct flag_view *nv = arena_alloc(l->ar, sizeof *nv * (size_t)cap);
        if (l->n)
            memcpy(nv, l->v, sizeof *nv * (size_t)l->n);
        l->v = nv;
        l->cap = cap;
    }
    struct flag_view *v = &l->v[l->n++];
    memset(v, 0, sizeof *v);
    v->flag = *f;
    struct flag_row *k = &v->flag;
    const char **text[] = {
        &k->application_no, &k->registration_no, &k->scope_region, &k->check, &k->evidence,
        &k->status,         &k->raised_at,       &k->reviewed_at,  &k->note,  &k->reviewer};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        *text[i] = falseinfo__dup(l->ar, *text[i]);
    return 0;
}

static int falseinfo__on_credit(const struct credit_row *r, void *arg)
{
    struct falseinfo__list *l = arg;
    struct flag_view *v = l->cur;
    struct credit_row *nc = arena_alloc(l->ar, sizeof *nc * (size_t)(v->n_credits + 1));
    if (v->n_credits)
        memcpy(nc, v->credits, sizeof *nc * (size_t)v->n_credits);
    nc[v->n_credits] = *r;
    falseinfo__credit_keep(l->ar, &nc[v->n_credits]);
    v->credits = nc;
    v->n_credits++;
    return 0;
}

static int falseinfo__list_on(struct store_conn *c, void *arg)
{
    struct falseinfo__list *l = arg;
    l->n = 0;
    int rc = store_flag_each(c, l->by->scope, l->f->status, l->f->application_no,
                             l->f->registration_no, l->f->limit, falseinfo__on_flag, l);
    for (int i = 0; i < l->n && rc == 0; i++) {
        l->cur = &l->v[i];
        rc = store_credit_each(c, l->by->scope, "", l->v[i].flag.id, falseinfo__on_credit, l);
    }
    return rc;
}

int app_flag_list(struct app *a, const struct actor *by, const struct flag_filter *f,
                  struct arena *ar, struct flag_view **out, int *n, struct err_ctx *ec)
{
    *out = NULL;
    *n = 0;
    struct flag_filter ff = *f;
    if (!ff.status)
        ff.status = "";
    if (*ff.status && strcmp(ff.status, "open") && strcmp(ff.status, "confirmed") &&
        strcmp(ff.status, "dismissed"))
        return err_set(ec, -ERR_FIELD_INVALID, "flag_status");
    if (ff.limit == 0)
        ff.limit = 100;
    if (ff.limit < 1 || ff.limit > 500)
        return err_set(ec, -ERR_FIELD_INVALID, "limit");
    struct falseinfo__list l = {.by = by, .f = &ff, .ar = ar};
    int rc = app__read(a, true, falseinfo__list_on, &l);
    if (rc < 0)
        return rc;
    *out = l.v;
    *n = l.n;
    return 0;
}

static void falseinfo__id(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

struct falseinfo__review {
    const struct actor *by;
    int64_t id, now;
    const char *status, *note;
};

static int falseinfo__review_on(struct store_conn *c, struct falseinfo__review *r,
                                struct err_ctx *ec)
{
    struct arena ar;
    arena_init(&ar);
    struct flag_row f;
    int rc = store_flag_get(c, r->by->scope, r->id, &ar, &f);
    if (rc == 0)
        rc = store_flag_review(c, r->id, r->status, r->by->user_id, r->note, r->now);
    if (rc == 0)
        rc = err_set(ec, -ERR_CONFLICT, "status");
    if (rc > 0) {
        char ids[24];
        falseinfo__id(r->id, ids);
        rc = app_audit(c, r->by, r->now, "flag.review", "false_info_flag", ids,
                       json_pack("{s:s, s:s}", "status", r->status, "check", f.check));
    }
    arena_free(&ar);
    return rc;
}

int app_flag_review(struct app *a, const struct actor *by, int64_t id, const char *decision,
                    const char *note, struct err_ctx *ec)
{
    struct falseinfo__review r = {.by = by, .id = id, .now = clock_now(), .note = note ? note : ""};
    if (!decision || !*decision)
        return err_set(ec, -ERR_FIELD_REQUIRED, "decision");
    if (strcmp(decision, "confirm") == 0)
        r.status = "confirmed";
    else if (strcmp(decision, "dismiss") == 0)
        r.status = "dismissed";
    else
        return err_set(ec, -ERR_FIELD_INVALID, "decision");
    if (strlen(r.note) > FALSEINFO__NOTE_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    if (strcmp(r.status, "dismissed") == 0 && !*r.note)
        return err_set(ec, -ERR_FIELD_REQUIRED, "note");
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, falseinfo__review_on(c, &r, ec));
    store_release(a->store, c);
    return rc < 0 ? rc : 0;
}

/* --- credit records ------------------------------------------------------------------------- */

static int falseinfo__credit_create_on(struct store_conn *c, const struct actor *by,
                                       int64_t flag_id, const char *facts, int64_t now, int64_t *id,
                                       struct err_ctx *ec)
{
    struct arena ar;
    arena_init(&ar);
    struct flag_row f;
    int rc = store_flag_get(c, by->scope, flag_id, &ar, &f);
    if (rc == 0 && strcmp(f.status, "confirmed") != 0)
        rc = err_set(ec, -ERR_CONFLICT, "status");
    if (rc == 0) {
        rc = store_credit_insert(c, flag_id, f.scope_region, facts, by->user_id, now, id);
        if (rc == -ERR_CONFLICT)
            rc = err_set(ec, rc, "flag_id");
    }
    if (rc == 0) {
        char ids[24];
        falseinfo__id(*id, ids);
        rc = app_audit(c, by, now, "credit.create", "credit_record", ids,
                       json_pack("{s:I, s:s}", "flag_id", (json_int_t)flag_id, "check", f.check));
    }
    arena_free(&ar);
    return rc;
}

int app_credit_create(struct app *a, const struct actor *by, int64_t flag_id, const char *facts,
                      int64_t *id, struct err_ctx *ec)
{
    *id = 0;
    if (!facts || !*facts)
        return err_set(ec, -ERR_FIELD_REQUIRED, "facts");
    if (strlen(facts) > FALSEINFO__FACTS_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "facts");
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c,
                          falseinfo__credit_create_on(c, by, flag_id, facts, clock_now(), id, ec));
    store_release(a->store, c);
    return rc;
}

static bool falseinfo__supervisor(const struct actor *by)
{
    return by->kind == ACTOR_SYSTEM ||
           (by->kind == ACTOR_STAFF && strcmp(by->role, "supervisor") == 0);
}

static int falseinfo__decide_on(struct store_conn *c, const struct actor *by, int64_t id,
                                bool submit, const char *reason, int64_t now, struct err_ctx *ec)
{
    struct arena ar;
    arena_init(&ar);
    struct credit_row r;
    int rc = store_credit_get(c, by->scope, id, &ar, &r);
    const char *to = submit ? "submitted" : "withdrawn";
    if (rc == 0) {
        bool ok = submit ? strcmp(r.status, "draft") == 0 : strcmp(r.status, "withdrawn") != 0;
        rc =
            ok ? store_credit_move(c, id, r.status, to, by->user_id, submit ? "" : reason, now) : 0;
        if (rc == 0)
            rc = err_set(ec, -ERR_CONFLICT, "status");
    }
    if (rc > 0) {
        char ids[24];
        falseinfo__id(id, ids);
        rc = app_audit(c, by, now, submit ? "credit.submit" : "credit.withdraw", "credit_record",
                       ids, json_pack("{s:s, s:s}", "from", r.status, "to", to));
    }
    arena_free(&ar);
    return rc;
}

int app_credit_decide(struct app *a, const struct actor *by, int64_t id, const char *action,
                      const char *reason, struct err_ctx *ec)
{
    if (!falseinfo__supervisor(by))
        return err_set(ec, -ERR_FORBIDDEN, NULL);
    bool submit;
    if (action && strcmp(action, "submit") == 0)
        submit = true;
    else if (action && strcmp(action, "withdraw") == 0)
        submit = false;
    else
        return err_set(ec, action ? -ERR_FIELD_INVALID : -ERR_FIELD_REQUIRED, "action");
    if (!submit && (!reason || !*reason))
        return err_set(ec, -ERR_FIELD_REQUIRED, "reason");
    if (reason && strlen(reason) > FALSEINFO__NOTE_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "reason");
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, falseinfo__decide_on(c, by, id, submit, reason, clock_now(), ec));
    store_release(a->store, c);
    return rc < 0 ? rc : 0;
}

/* --- export --------------------------------------------------------------------------------- */

#define FALSEINFO__COLS 13

static const char *const falseinfo__headers[FALSEINFO__COLS] = {
    "序号",     "记录编号", "申请编号", "失业登记编号", "核查项", "证据来源", "证据日期",
    "失信事实", "状态",     "录入人",   "录入时间",     "决定人", "决定时间"};
static const double falseinfo__widths[FALSEINFO__COLS] = {6,  10, 24, 24, 12, 18, 12,
                                                          60, 10, 14, 26, 14, 26};
static const bool falseinfo__numeric[FALSEINFO__COLS] = {true, true};

struct falseinfo__export {
    struct arena ar;
    const char **cells;
    int n, cap;
    json_t *items;
};

/* One submitted record as a row of cells and a JSON item. */
static int falseinfo__export_row(const struct credit_row *r, void *arg)
{
    struct falseinfo__export *x = arg;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 64;
        x->cells = xrealloc(x->cells, sizeof *x->cells * FALSEINFO__COLS * (size_t)x->cap);
    }
    json_t *ev = json_loads(r->evidence ? r->evidence : "{}", 0, NULL);
    const char *src = json_string_value(json_object_get(ev, "source"));
    const char *day = json_string_value(json_object_get(ev, "event_date"));
    const char **row = x->cells + (size_t)x->n * FALSEINFO__COLS;
    const char *vals[FALSEINFO__COLS] = {arena_printf(&x->ar, "%d", x->n + 1),
                                         arena_printf(&x->ar, "%lld", (long long)r->id),
                                         r->application_no,
                                         r->registration_no,
                                         r->check,
                                         src,
                                         day,
                                         r->facts,
                                         r->status,
                                         r->creator,
                                         r->created_at,
                                         r->decider,
                                         r->decided_at};
    for (int i = 0; i < FALSEINFO__COLS; i++)
        row[i] = i < 2 ? vals[i] : arena_strdup(&x->ar, vals[i] ? vals[i] : "");
    json_array_append_new(
        x->items, json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
                            "id", (json_int_t)r->id, "flag_id", (json_int_t)r->flag_id,
                            "application_no", row[2], "registration_no",
                            r->registration_no ? json_string(r->registration_no) : json_null(),
                            "check", row[4], "evidence", ev ? ev : json_object(), "facts", row[7],
                            "status", row[8], "recorded_by", row[9], "recorded_at", row[10],
                            "decided_by", row[11], "decided_at", row[12], "exported_at",
                            r->exported_at ? json_string(r->exported_at) : json_null()));
    x->n++;
    return 0;
}

static int falseinfo__export_on(struct store_conn *c, const struct actor *by,
                                enum credit_format fmt, struct falseinfo__export *x, int64_t now)
{
    int rc = store_credit_each(c, by->scope, "submitted", 0, falseinfo__export_row, x);
    if (rc == 0)
        rc = store_credit_mark_exported(c, by->scope, now);
    if (rc == 0)
        rc = app_audit(c, by, now, "credit.export", "credit_record", by->scope[0] ? by->scope : "*",
                       json_pack("{s:s, s:i}", "format", fmt == CREDIT_FORMAT_CSV ? "csv" : "json",
                                 "count", x->n));
    return rc;
}

int app_credit_export(struct app *a, const struct actor *by, enum credit_format fmt,
                      struct buf *out, struct err_ctx *ec)
{
    if (!falseinfo__supervisor(by))
        return err_set(ec, -ERR_FORBIDDEN, NULL);
    struct falseinfo__export x = {.items = json_array()};
    arena_init(&x.ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, falseinfo__export_on(c, by, fmt, &x, clock_now()));
    store_release(a->store, c);
    if (rc == 0 && fmt == CREDIT_FORMAT_CSV) {
        struct sheet s = {.title = "人社信用体系 失信记录（提供虚假信息）",
                          .name = "失信记录",
                          .n_cols = FALSEINFO__COLS,
                          .headers = falseinfo__headers,
                          .widths = falseinfo__widths,
                          .numeric = falseinfo__numeric,
                          .cells = (const char *const *)x.cells,
                          .n_rows = x.n};
        sheet_csv(&s, out);
    } else if (rc == 0) {
        json_t *doc = json_pack("{s:O}", "items", x.items);
        char *text = json_dump(doc);
        buf_append(out, text, strlen(text));
        free(text);
        json_decref(doc);
    }
    json_decref(x.items);
    free(x.cells);
    arena_free(&x.ar);
    return rc;
}
