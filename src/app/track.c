/*
 * track.c (app) — tracked services of a registration. See app/track.h; the state machines are
 * rules/track's.
 *
 * A write reads the registration within the caller's scope, checks the request against it and
 * the item, writes the item or the step and its audit entry, all in one write transaction. The
 * checks of a new item are split by what they look at: the kind's own fields (track__check_new),
 * then what needs the store (the parent plan, the designated caseworker).
 */
#include "app/track.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "rules/codes.h"
#include "rules/record.h"
#include "rules/region.h"
#include "rules/track.h"
#include "rules/vocab.h"
#include "store/registration.h"
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#define TRACK__TEXT_MAX 200  /* bytes of a subject */
#define TRACK__NOTE_MAX 2000 /* bytes of a note */
#define TRACK__DETAIL_MAX 4000
#define TRACK__AMOUNT_MAX 100000000 /* yuan */

/* Parse an optional (NULL or "") or required date; *day INT32_MIN when absent. */
static int track__date(const char *s, bool required, const char *field, int32_t *day,
                       struct err_ctx *ec)
{
    *day = INT32_MIN;
    if (!s || !*s)
        return required ? err_set(ec, -ERR_FIELD_REQUIRED, field) : 0;
    if (date_parse(s, strlen(s), day) < 0)
        return err_set(ec, -ERR_DATE_INVALID, field);
    return 0;
}

/* The dates of a new item or a step: every record's rule (rules/record), then track's own. */
static int track__dates(int32_t on, int32_t due, const char *registered_on, int32_t not_before,
                        struct err_ctx *ec)
{
    int32_t reg;
    if (date_parse(registered_on, strlen(registered_on), &reg) < 0)
        return err_set(ec, -ERR_INTERNAL, NULL);
    int rc = record_day_check(on, reg, clock_today(), "on", ec);
    if (rc < 0)
        return rc;
    switch (track_check_dates(on, due, not_before)) {
    case 0:
        return 0;
    case TRACK_E_BEFORE_LAST:
        return err_set(ec, -ERR_DATE_BEFORE_LAST_STEP, "on");
    default:
        return err_set(ec, -ERR_DUE_BEFORE_DATE, "due_on");
    }
}

/* detail: absent, or a JSON object of at most TRACK__DETAIL_MAX bytes; *evidence says whether
 * it holds a non-empty "evidence" string. */
static int track__detail(const char *detail, bool *evidence, struct err_ctx *ec)
{
    *evidence = false;
    if (!detail)
        return 0;
    if (strlen(detail) > TRACK__DETAIL_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "detail");
    json_t *d = json_loads(detail, 0, NULL);
    bool ok = json_is_object(d);
    const char *ev = json_string_value(json_object_get(d, "evidence"));
    *evidence = ev && *ev;
    json_decref(d);
    return ok ? 0 : err_set(ec, -ERR_FIELD_INVALID, "detail");
}

/* The kind's own fields: what rules/track says it needs, and codes from their tables. */
static int track__check_new(enum track_kind k, const struct track_new *n, struct err_ctx *ec)
{
    unsigned needs = track_needs(k);
    bool evidence;
    int rc = track__detail(n->detail, &evidence, ec);
    if (rc < 0)
        return rc;
    if ((needs & TRACK_NEEDS_SUBJECT) && (!n->subject || !*n->subject))
        return err_set(ec, -ERR_FIELD_REQUIRED, "subject");
    if (n->subject && strlen(n->subject) > TRACK__TEXT_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "subject");
    if (n->note && strlen(n->note) > TRACK__NOTE_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    if ((needs & TRACK_NEEDS_CODE) && (!n->code || !*n->code))
        return err_set(ec, -ERR_FIELD_REQUIRED, "code");
    if (k == TRACK_KIND_DIFFICULTY && codes_validate("difficulty_category", n->code) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "code");
    if (k == TRACK_KIND_PLAN_STEP && !track_step_type_valid(n->code))
        return err_set(ec, -ERR_FIELD_INVALID, "code");
    if ((needs & TRACK_NEEDS_AMOUNT) && n->amount < 0)
        return err_set(ec, -ERR_FIELD_REQUIRED, "amount");
    if (n->amount == 0 || n->amount > TRACK__AMOUNT_MAX ||
        (n->amount > 0 && !(needs & TRACK_NEEDS_AMOUNT)))
        return err_set(ec, -ERR_FIELD_INVALID, "amount");
    if ((needs & TRACK_NEEDS_PARENT) ? n->parent_id <= 0 : n->parent_id != 0)
        return err_set(ec, n->parent_id <= 0 ? -ERR_FIELD_REQUIRED : -ERR_FIELD_INVALID,
                       "parent_id");
    if ((needs & TRACK_NEEDS_DUE) && (!n->due_on || !*n->due_on))
        return err_set(ec, -ERR_FIELD_REQUIRED, "due_on");
    if ((needs & TRACK_NEEDS_EVIDENCE) && !evidence)
        return err_set(ec, -ERR_FIELD_REQUIRED, "detail.evidence");
    if (k == TRACK_KIND_PLAN && (!n->caseworker || !*n->caseworker))
        return err_set(ec, -ERR_FIELD_REQUIRED, "caseworker");
    if (k != TRACK_KIND_PLAN && n->caseworker)
        return err_set(ec, -ERR_FIELD_INVALID, "caseworker");
    return 0;
}

/* A plan step's plan: an open assistance plan of the same registration. */
static int track__check_parent(struct store_conn *c, int64_t reg_id, int64_t parent_id,
                               struct err_ctx *ec)
{
    struct arena ar;
    struct track_item p;
    arena_init(&ar);
    int rc = store_track_get(c, reg_id, parent_id, &ar, &p);
    if (rc == -ERR_NOT_FOUND ||
        (rc == 0 && (strcmp(p.kind, vocab_track_kind_name(TRACK_KIND_PLAN)) != 0 || p.closed_on)))
        rc = err_set(ec, -ERR_FIELD_INVALID, "parent_id");
    arena_free(&ar);
    return rc;
}

/* A plan's designated caseworker: an enabled caseworker of the caller's region. */
static int track__check_caseworker(struct store_conn *c, const struct actor *by,
                                   const char *username, int64_t *id, struct err_ctx *ec)
{
    struct user u = {0};
    int rc = store_user_by_name(c, username, &u);
    *id = u.id;
    if (rc == -ERR_NOT_FOUND || (rc == 0 && (u.disabled || strcmp(u.role, "caseworker") != 0 ||
                                             strncmp(u.region, by->scope, strlen(by->scope)))))
        return err_set(ec, -ERR_FIELD_INVALID, "caseworker");
    return rc;
}

struct track__open {
    const struct actor *by;
    const char *reg_no;
    const struct track_new *n;
    enum track_kind kind;
    int32_t on, due;
    int64_t now, *id;
    struct arena *ar; /* the registration read */
    struct err_ctx *ec;
};

/* Inside the write transaction: the registration, the store checks, the writes, the audit. */
static int track__open_on(struct store_conn *c, struct track__open *o)
{
    const struct track_new *n = o->n;
    struct reg_view r;
    int rc = store_reg_get(c, o->by->scope, o->reg_no, o->ar, &r);
    if (rc < 0)
        return rc;
    if (strcmp(r.status, vocab_reg_status_name(REG_STATUS_ACTIVE)) != 0)
        return err_set(o->ec, -ERR_REGISTRATION_NOT_ACTIVE, NULL);
    rc = track__dates(o->on, o->due, r.registered_on, INT32_MIN, o->ec);
    if (rc == 0 && n->parent_id > 0)
        rc = track__check_parent(c, r.id, n->parent_id, o->ec);
    int64_t caseworker_id = 0;
    if (rc == 0 && o->kind == TRACK_KIND_PLAN)
        rc = track__check_caseworker(c, o->by, n->caseworker, &caseworker_id, o->ec);
    if (rc == 0 && o->kind == TRACK_KIND_PLAN)
        rc = store_reg_update(c, o->by->scope, r.id, r.served_as, r.difficulty, caseworker_id);
    struct track_item it = {
        .registration_id = r.id,
        .parent_id = n->parent_id,
        .created_by = o->by->user_id,
        .scope_region = r.scope_region,
        .kind = n->kind,
        .subject = n->subject,
        .code = n->code,
        .detail = n->detail,
        .status = track_initial(o->kind),
        .opened_on = n->on,
        .due_on = n->due_on && *n->due_on ? n->due_on : NULL,
        .amount = n->amount,
    };
    if (rc == 0)
        rc = store_track_insert(c, &it, n->note, o->now, o->id);
    if (rc == 0)
        rc = app_audit(c, o->by, o->now, "track.open", "registration", o->reg_no,
                       json_pack("{s:s, s:I}", "kind", n->kind, "item", (json_int_t)*o->id));
    return rc;
}

int app_track_open(struct app *a, const struct actor *by, const char *reg_no,
                   const struct track_new *n, int64_t *id, struct err_ctx *ec)
{
    struct track__open o = {
        .by = by, .reg_no = reg_no, .n = n, .now = clock_now(), .id = id, .ec = ec};
    *id = 0;
    int k = vocab_track_kind_parse(n->kind);
    if (k < 0)
        return err_set(ec, n->kind ? -ERR_FIELD_INVALID : -ERR_FIELD_REQUIRED, "kind");
    o.kind = (enum track_kind)k;
    int rc = track__check_new(o.kind, n, ec);
    if (rc == 0)
        rc = track__date(n->on, true, "on", &o.on, ec);
    if (rc == 0)
        rc = track__date(n->due_on, false, "due_on", &o.due, ec);
    if (rc < 0)
        return rc;
    struct arena ar;
    arena_init(&ar);
    o.ar = &ar;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, track__open_on(c, &o));
    store_release(a->store, c);
    arena_free(&ar);
    return rc;
}

struct track__mv {
    const struct actor *by;
    const char *reg_no;
    int64_t id;
    const struct track_move *m;
    int32_t on, due;
    int64_t now;
    struct err_ctx *ec;
};

/* Whether the move may be made: allowed by the kind, dated after the last step, and a plan
 * closes only when its steps have. */
static int track__check_move(struct store_conn *c, const struct track__mv *v,
                             const struct reg_view *r, const struct track_item *it,
                             enum track_kind k)
{
    char last[16];
    int32_t last_day;
    if (!track_status_valid(k, v->m->status))
        return err_set(v->ec, -ERR_FIELD_INVALID, "status");
    if (!track_move_allowed(k, it->status, v->m->status))
        return err_set(v->ec, -ERR_TRACK_MOVE, "status");
    int rc = store_track_last_step_on(c, it->id, last);
    if (rc == 0 && date_parse(last, strlen(last), &last_day) < 0)
        rc = err_set(v->ec, -ERR_INTERNAL, NULL);
    if (rc == 0)
        rc = track__dates(v->on, v->due, r->registered_on, last_day, v->ec);
    int64_t open = 0;
    if (rc == 0 && k == TRACK_KIND_PLAN && track_status_final(k, v->m->status))
        rc = store_track_open_children(c, it->id, &open);
    if (rc == 0 && open > 0)
        rc = err_set(v->ec, -ERR_PLAN_STEPS_OPEN, "status");
    return rc;
}

static int track__move_on(struct store_conn *c, struct track__mv *v)
{
    struct reg_view r;
    struct track_item it;
    struct arena ar;
    arena_init(&ar);
    int rc = store_reg_get(c, v->by->scope, v->reg_no, &ar, &r);
    if (rc == 0)
        rc = store_track_get(c, r.id, v->id, &ar, &it);
    int k = rc == 0 ? vocab_track_kind_parse(it.kind) : -1;
    if (rc == 0 && k < 0)
        rc = err_set(v->ec, -ERR_INTERNAL, NULL);
    if (rc == 0)
        rc = track__check_move(c, v, &r, &it, (enum track_kind)k);
    bool final = rc == 0 && track_status_final((enum track_kind)k, v->m->status);
    const char *due = v->m->due_on && *v->m->due_on && !final ? v->m->due_on : NULL;
    if (rc == 0)
        rc = store_track_step(c, it.id, v->m->status, v->m->on, v->m->note, due,
                              final ? v->m->on : NULL, v->by->user_id, v->now);
    if (rc == 0)
        rc = app_audit(c, v->by, v->now, "track.move", "registration", v->reg_no,
                       json_pack("{s:I, s:s, s:s}", "item", (json_int_t)it.id, "from", it.status,
                                 "to", v->m->status));
    arena_free(&ar);
    return rc;
}

int app_track_move(struct app *a, const struct actor *by, const char *reg_no, int64_t id,
                   const struct track_move *m, struct err_ctx *ec)
{
    struct track__mv v = {
        .by = by, .reg_no = reg_no, .id = id, .m = m, .now = clock_now(), .ec = ec};
    if (!m->status || !*m->status)
        return err_set(ec, -ERR_FIELD_REQUIRED, "status");
    if (m->note && strlen(m->note) > TRACK__NOTE_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    int rc = track__date(m->on, true, "on", &v.on, ec);
    if (rc == 0)
        rc = track__date(m->due_on, false, "due_on", &v.due, ec);
    if (rc < 0)
        return rc;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, track__move_on(c, &v));
    store_release(a->store, c);
    return rc;
}

/* --- reads ------------------------------------------------------------------------------ */

struct track__collect {
    struct arena *ar;
    struct track_view *v;
    int n, cap;
    int32_t today;
};

static const char *track__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

static int track__collect_item(const struct track_item *it, void *arg)
{
    struct track__collect *col = arg;
    if (col->n == col->cap) {
        int cap = col->cap ? col->cap * 2 : 16;
        struct track_view *nv = arena_alloc(col->ar, (size_t)cap * sizeof *nv);
        if (col->n)
            memcpy(nv, col->v, (size_t)col->n * sizeof *nv);
        col->v = nv;
        col->cap = cap;
    }
    struct track_view *v = &col->v[col->n++];
    memset(v, 0, sizeof *v);
    v->item = *it;
    const char **text[] = {&v->item.scope_region, &v->item.kind,   &v->item.subject,
                           &v->item.code,         &v->item.detail, &v->item.status,
                           &v->item.opened_on,    &v->item.due_on, &v->item.closed_on,
                           &v->item.created_at};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = track__dup(col->ar, *text[i]);
    int k = vocab_track_kind_parse(it->kind);
    const char *all[TRACK_MAX_STATUSES];
    int n = k < 0 ? 0 : track_statuses((enum track_kind)k, all, TRACK_MAX_STATUSES);
    for (int i = 0; i < n; i++)
        if (track_move_allowed((enum track_kind)k, it->status, all[i]))
            v->next[v->n_next++] = all[i];
    int32_t due;
    v->overdue = !it->closed_on && it->due_on &&
                 date_parse(it->due_on, strlen(it->due_on), &due) == 0 && due < col->today;
    return 0;
}

struct track__steps {
    struct arena *ar;
    struct track_view *v;
    int cap;
};

static int track__collect_step(const struct track_step_row *s, void *arg)
{
    struct track__steps *st = arg;
    struct track_view *v = st->v;
    if (v->n_steps == st->cap) {
        int cap = st->cap ? st->cap * 2 : 8;
        struct track_step_row *ns = arena_alloc(st->ar, (size_t)cap * sizeof *ns);
        if (v->n_steps)
            memcpy(ns, v->steps, (size_t)v->n_steps * sizeof *ns);
        v->steps = ns;
        st->cap = cap;
    }
    struct track_step_row *d = &v->steps[v->n_steps++];
    *d = *s;
    d->status = track__dup(st->ar, s->status);
    d->on_date = track__dup(st->ar, s->on_date);
    d->note = track__dup(st->ar, s->note);
    d->created_at = track__dup(st->ar, s->created_at);
    return 0;
}

/* The steps of every collected item (after the item walk: one open query at a time). */
static int track__fill_steps(struct store_conn *c, struct track__collect *col)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < col->n; i++) {
        struct track__steps st = {col->ar, &col->v[i], 0};
        rc = store_track_steps_each(c, col->v[i].item.id, track__collect_step, &st);
    }
    return rc;
}

struct track__list {
    const struct actor *by;
    const char *reg_no;
    struct track__collect col;
};

static int track__list_on(struct store_conn *c, void *arg)
{
    struct track__list *l = arg;
    struct reg_view r;
    l->col.n = 0;
    int rc = store_reg_get(c, l->by->scope, l->reg_no, l->col.ar, &r);
    if (rc == 0)
        rc = store_track_each(c, r.id, track__collect_item, &l->col);
    if (rc == 0)
        rc = track__fill_steps(c, &l->col);
    return rc;
}

int app_track_list(struct app *a, const struct actor *by, const char *reg_no, struct arena *ar,
                   struct track_view **out, int *n)
{
    struct track__list l = {.by = by, .reg_no = reg_no, .col = {.ar = ar, .today = clock_today()}};
    int rc = app__read(a, true, track__list_on, &l);
    *out = l.col.v;
    *n = rc == 0 ? l.col.n : 0;
    return rc;
}
