/*
 * exits.c — the exit core. See exits.h.
 *
 * exits_apply in order: the scoped registration (not found outside the scope), active or
 * REGISTRATION_EXITED, rules/exit's checks (and 13's threshold), the registration closed, the
 * exit row, the open case released, the proposals closed, the notification queued, the audit
 * entry. Any error stops it before the caller commits, so nothing of a refused exit is written.
 */
#include "app/exits.h"

#include "app/app_priv.h"
#include "app/exchange.h"
#include "store/application.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/exit.h"
#include "rules/region.h"
#include "store/exit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the evidence object carries `key` (a non-empty string, a number, an array or object). */
static bool exits__has(const char *key, void *arg)
{
    json_t *v = json_object_get((json_t *)arg, key);
    if (!v || json_is_null(v))
        return false;
    return !json_is_string(v) || json_string_length(v) > 0;
}

/* Sources checked as a batch's exit. "proposal" is one: a confirmed proposal applies what a batch
 * proposed (its reason, day and evidence, checked as the batch's when proposed), so it rests on
 * the record the batch found, not on a caseworker's evidence key, and 31 / 32 may be confirmed. */
static bool exits__batch_source(const char *source)
{
    return strcmp(source, "compare") == 0 || strcmp(source, "followup") == 0 ||
           strcmp(source, "self_report") == 0 || strcmp(source, "proposal") == 0;
}

/* The rules' verdict on the exit asked of registration r (read in this transaction). */
static int exits__verdict(struct store_conn *c, int64_t now, const struct exit_reg *r,
                          const struct exit_new *e, enum exit_by who, struct err_ctx *ec)
{
    int rc;
    if (strcmp(r->status, "active") != 0)
        return err_set(ec, -ERR_REGISTRATION_EXITED, NULL);
    int32_t registered_on;
    if (date_parse(r->registered_on, strlen(r->registered_on), &registered_on) < 0)
        return -ERR_INTERNAL;
    struct exit_ask x = {.code = e->reason_code,
                         .subkind = e->subkind,
                         .note = e->note,
                         .date = e->date,
                         .by = who,
                         .has = exits__has,
                         .arg = e->evidence};
    if (!e->evidence)
        x.has = NULL;
    rc = exit_check(&x, registered_on, clock_date_of(now), ec);
    if (rc < 0 || strcmp(e->reason_code, "13") != 0)
        return rc;
    int64_t threshold = 0;
    rc = store_income_threshold(c, r->scope_region, &threshold);
    if (rc < 0)
        return rc;
    json_t *income = json_object_get(e->evidence, "monthly_income");
    if (!json_is_integer(income))
        return err_set(ec, -ERR_EXIT_EVIDENCE, "evidence.monthly_income");
    return exit_income_check(json_integer_value(income), threshold, ec);
}

/* The scoped, active registration and the rules' verdict on the exit asked. */
static int exits__check(struct store_conn *c, const char *scope, int64_t now, int64_t reg_id,
                        const struct exit_new *e, enum exit_by who, struct arena *ar,
                        struct exit_reg *r, struct err_ctx *ec)
{
    int rc = store_exit_reg_get(c, scope, reg_id, ar, r);
    return rc < 0 ? rc : exits__verdict(c, now, r, e, who, ec);
}

/* The notification text, from `ar`: the reason and the agency, no personal data. */
static const char *exits__text(struct arena *ar, const struct exit_reg *r, const struct exit_new *e,
                               const char *day)
{
    const struct code_entry *ce = codes_find("exit_reason", e->reason_code);
    return arena_printf(ar,
                        "【%s】您的失业登记已于%s注销（%s）。如有疑问，请联系登记地公共就业服务机构"
                        "或拨打12333。",
                        *r->agency_name ? r->agency_name : "公共就业服务机构", day,
                        ce ? ce->name_zh : e->reason_code);
}

/* 审核结果上传 (notice §7): the exit (or, with reason NULL, its revert) goes to the national
 * platform through the exchange outbox, in the exit's own transaction, like every decision. */
int exits__upload(struct store_conn *c, struct arena *ar, const struct exit_reg *r,
                  const char *reason, const char *day, int64_t now)
{
    struct application app;
    int rc = store_app_get(c, "", r->application_no, ar, &app);
    if (rc == 0)
        rc = app__exchange_enqueue_exit(c, &app, r->registration_no, reason, day, now);
    return rc;
}

/* What exits_apply_many read ahead for an exit: its application and its exit's id. */
struct exits__ahead {
    const struct application *app;
    int64_t exit_id;
};

/* The rows of an exit that passed its checks; with `ahead` (registration r read locked by
 * store_exit_regs_get) none of them waits for an answer. */
static int exits__write(struct store_conn *c, const struct actor *by, int64_t now, struct arena *ar,
                        const struct exit_reg *r, const struct exit_new *e,
                        const struct exits__ahead *ahead, int64_t *exit_id)
{
    char day[DATE_STRLEN];
    date_format(e->date, day);
    bool notify = exit_notifies(e->reason_code, e->subkind);
    char *evidence = e->evidence ? json_dumps(e->evidence, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    struct exit_row row = {.id = ahead ? ahead->exit_id : 0,
                           .registration_id = r->id,
                           .decided_by = by->user_id,
                           .scope_region = r->scope_region,
                           .reason_code = e->reason_code,
                           .subkind = e->subkind,
                           .exit_date = day,
                           .source = e->source,
                           .evidence = evidence,
                           .note = e->note,
                           .notify = notify};
    int rc =
        ahead ? store_exit_reg_close_locked(c, r->id, e->reason_code, day, e->note, notify ? 0 : -1)
              : store_exit_reg_close(c, r->id, e->reason_code, day, e->note, notify ? 0 : -1);
    if (rc == -ERR_CONFLICT)
        rc = -ERR_REGISTRATION_EXITED;
    if (rc == 0)
        rc = store_exit_insert(c, &row, now, exit_id);
    if (rc == 0)
        rc = store_exit_release_open(c, r->id);
    if (rc == 0)
        rc = store_exit_proposals_close(c, r->id, e->reason_code, *exit_id, by->user_id, now);
    if (rc == 0 && notify)
        rc = store_notification_insert(c, *exit_id, r->id, r->scope_region, "sms",
                                       exits__text(ar, r, e, day), now);
    if (rc == 0 && ahead)
        rc =
            app__exchange_enqueue_exit(c, ahead->app, r->registration_no, e->reason_code, day, now);
    else if (rc == 0)
        rc = exits__upload(c, ar, r, e->reason_code, day, now);
    if (rc == 0)
        rc = app_audit(c, by, now, "registration.exit", "registration", r->registration_no,
                       json_pack("{s:I, s:s, s:s, s:s, s:s}", "exit_id", (json_int_t)*exit_id,
                                 "reason_code", e->reason_code, "subkind",
                                 e->subkind ? e->subkind : "", "source", e->source, "date", day));
    free(evidence);
    return rc;
}

int exits_apply(struct store_conn *c, const struct actor *by, int64_t now, int64_t registration_id,
                const struct exit_new *e, int64_t *exit_id, struct err_ctx *ec)
{
    struct arena ar;
    struct exit_reg r;
    int64_t id = 0;
    arena_init(&ar);
    enum exit_by who = exits__batch_source(e->source) ? EXIT_BY_BATCH : EXIT_BY_CASEWORKER;
    int rc = exits__check(c, by->scope, now, registration_id, e, who, &ar, &r, ec);
    if (rc == 0)
        rc = exits__write(c, by, now, &ar, &r, e, NULL, &id);
    arena_free(&ar);
    if (exit_id)
        *exit_id = rc == 0 ? id : 0;
    return rc;
}

struct exits__pair {
    int64_t application_id;
    size_t item;
};

/* exits_apply_many's state: the items, and what was read of them. */
struct exits__many {
    struct exits_item *items;
    size_t n, at;               /* the items; the first one a read row may be */
    struct exit_reg *regs;      /* regs[i]: items[i]'s registration, id 0 when not read */
    struct application *apps;   /* apps[i]: its application, id 0 when not read */
    struct exits__pair *by_app; /* the items read, in application id order */
};

static int exits__many_reg(const struct exit_reg *r, void *arg)
{
    struct exits__many *m = arg;
    while (m->at < m->n && m->items[m->at].registration_id < r->id)
        m->at++;
    for (size_t i = m->at; i < m->n && m->items[i].registration_id == r->id; i++)
        m->regs[i] = *r;
    return 0;
}

static int exits__many_app(const struct application *a, void *arg)
{
    struct exits__many *m = arg;
    while (m->at < m->n && m->by_app[m->at].application_id < a->id)
        m->at++;
    for (size_t i = m->at; i < m->n && m->by_app[i].application_id == a->id; i++)
        m->apps[m->by_app[i].item] = *a;
    return 0;
}

static int exits__pair_cmp(const void *pa, const void *pb)
{
    int64_t a = ((const struct exits__pair *)pa)->application_id;
    int64_t b = ((const struct exits__pair *)pb)->application_id;
    return a < b ? -1 : a > b;
}

int exits_apply_many(struct store_conn *c, const struct actor *by, int64_t now,
                     struct exits_item *items, size_t n)
{
    if (n == 0)
        return 0;
    struct arena ar;
    arena_init(&ar);
    struct exits__many m = {.items = items,
                            .n = n,
                            .regs = xcalloc(n, sizeof *m.regs),
                            .apps = xcalloc(n, sizeof *m.apps),
                            .by_app = xcalloc(n, sizeof *m.by_app)};
    int64_t *ids = xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = items[i].registration_id;
    int rc = store_exit_regs_get(c, by->scope, ids, n, &ar, exits__many_reg, &m);
    size_t n_apps = 0;
    for (size_t i = 0; i < n; i++)
        if (m.regs[i].id > 0)
            m.by_app[n_apps++] = (struct exits__pair){m.regs[i].application_id, i};
    qsort(m.by_app, n_apps, sizeof *m.by_app, exits__pair_cmp);
    for (size_t i = 0; i < n_apps; i++)
        ids[i] = m.by_app[i].application_id;
    m.at = 0;
    m.n = n_apps;
    if (rc == 0)
        rc = store_app_each_id(c, ids, n_apps, &ar, exits__many_app, &m);
    /* The rules' verdicts, then one id per exit that passed them, then the rows. */
    size_t passed = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct exits_item *it = &items[i];
        struct err_ctx ec = {0};
        enum exit_by who = exits__batch_source(it->e->source) ? EXIT_BY_BATCH : EXIT_BY_CASEWORKER;
        it->exit_id = 0;
        it->rc = m.regs[i].id == 0   ? -ERR_NOT_FOUND
                 : m.apps[i].id == 0 ? -ERR_INTERNAL
                                     : exits__verdict(c, now, &m.regs[i], it->e, who, &ec);
        if (it->rc == -ERR_INTERNAL || it->rc == -ERR_DB_UNAVAILABLE)
            rc = it->rc; /* a store's failure, not a refusal */
        passed += it->rc == 0;
    }
    if (rc == 0)
        rc = store_exit_ids_take(c, passed, ids);
    for (size_t i = 0, k = 0; i < n && rc == 0; i++) {
        if (items[i].rc != 0)
            continue;
        struct exits__ahead ahead = {.app = &m.apps[i], .exit_id = ids[k++]};
        rc = exits__write(c, by, now, &ar, &m.regs[i], items[i].e, &ahead, &items[i].exit_id);
    }
    free(ids);
    free(m.regs);
    free(m.apps);
    free(m.by_app);
    arena_free(&ar);
    return rc;
}

int exits_propose(struct store_conn *c, int64_t now, int64_t registration_id,
                  const struct exit_new *e, int64_t *proposal_id, bool *created, struct err_ctx *ec)
{
    struct arena ar;
    struct exit_reg r;
    arena_init(&ar);
    *proposal_id = 0;
    *created = false;
    int rc = exits__check(c, "", now, registration_id, e, EXIT_BY_BATCH, &ar, &r, ec);
    char day[DATE_STRLEN];
    char *evidence = NULL;
    if (rc == 0) {
        evidence = e->evidence ? json_dumps(e->evidence, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        struct exit_proposal_row p = {.registration_id = r.id,
                                      .scope_region = r.scope_region,
                                      .reason_code = e->reason_code,
                                      .subkind = e->subkind,
                                      .exit_date = date_format(e->date, day),
                                      .source = e->source,
                                      .evidence = evidence};
        rc = store_exit_propose(c, &p, now, proposal_id, created);
    }
    free(evidence);
    arena_free(&ar);
    return rc;
}

bool exits_auto(struct store_conn *c, const char *reason_code)
{
    char mode[8];
    return store_exit_policy_mode(c, reason_code, mode) == 0 && strcmp(mode, "auto") == 0;
}

int exits_batch(struct store_conn *c, const struct actor *by, int64_t now, int64_t registration_id,
                const struct exit_new *e, bool *applied, struct err_ctx *ec)
{
    bool auto_ = exits_auto(c, e->reason_code);
    if (applied)
        *applied = auto_;
    if (auto_)
        return exits_apply(c, by, now, registration_id, e, NULL, ec);
    int64_t id;
    bool created;
    return exits_propose(c, now, registration_id, e, &id, &created, ec);
}

/* One short write transaction of the policy use cases, audited as `action` with `detail`. */
static int exits__policy_tx(struct app *a, const struct actor *by, const char *action,
                            const char *object,
                            int (*write)(struct store_conn *, const void *, int64_t),
                            const void *arg, json_t *detail)
{
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = write(c, arg, now);
    if (rc == 0)
        rc = app_audit(c, by, now, action, "policy", object, detail);
    else
        json_decref(detail);
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    return rc;
}

struct exits__mode {
    const char *reason, *mode;
};

static int exits__mode_write(struct store_conn *c, const void *arg, int64_t now)
{
    const struct exits__mode *m = arg;
    return store_exit_policy_set(c, m->reason, m->mode, now);
}

int app_exit_policy_set(struct app *a, const struct actor *by, const char *reason, const char *mode,
                        struct err_ctx *ec)
{
    const struct exit_reason *r = exit_reason_find(reason);
    if (!r || !(r->by & EXIT_BY_BATCH))
        return err_set(ec, -ERR_EXIT_REASON, "reason_code");
    if (!mode || (strcmp(mode, "auto") != 0 && strcmp(mode, "propose") != 0))
        return err_set(ec, -ERR_FIELD_INVALID, "mode");
    struct exits__mode m = {reason, mode};
    return exits__policy_tx(a, by, "policy.exit", reason, exits__mode_write, &m,
                            json_pack("{s:s, s:s}", "reason_code", reason, "mode", mode));
}

int app_exit_policy_list(struct app *a, int (*fn)(const char *reason, const char *mode, void *arg),
                         void *arg)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, false);
    if (rc == 0) {
        rc = store_exit_policy_list(c, fn, arg);
        int end = store_tx_end(c, 0);
        rc = rc < 0 ? rc : end < 0 ? end : rc;
    }
    store_release(a->store, c);
    return rc;
}

struct exits__income {
    char prefix[REGION_CODE_MAX + 1];
    int64_t yuan;
};

static int exits__income_write(struct store_conn *c, const void *arg, int64_t now)
{
    const struct exits__income *m = arg;
    return store_income_threshold_set(c, m->prefix, m->yuan, now);
}

int app_exit_income_set(struct app *a, const struct actor *by, const char *region, int64_t yuan,
                        struct err_ctx *ec)
{
    int rc = region_validate(region);
    if (rc < 0)
        return err_set(ec, rc, "region");
    if (yuan < 1 || yuan > 1000000)
        return err_set(ec, -ERR_FIELD_INVALID, "monthly_yuan");
    struct exits__income m = {.yuan = yuan};
    region_prefix(region, m.prefix, sizeof m.prefix);
    return exits__policy_tx(
        a, by, "policy.income_threshold", region, exits__income_write, &m,
        json_pack("{s:s, s:I}", "region", region, "monthly_yuan", (json_int_t)yuan));
}
