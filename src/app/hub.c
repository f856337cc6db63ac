/*
 * hub.c — the national hub's side of the exchange (`ureg serve --role national`). See
 * exchange.h.
 *
 * A national submission is checked by the same rules as intake, numbered N + YYYYMMDD + a
 * 7-digit serial of the day, routed to the system owning the longest prefix of its
 * register_region and held (form in exchange_case.payload) until that system acknowledges it.
 * Messages are applied in one write transaction with the claim of their message_id, so a
 * message is applied once whatever the retries, and its answer is stored with it.
 *
 * Load: a few hundred submissions and a few messages a second; each message carries at most
 * 500 items.
 */
#include "app/accounts.h"
#include "app/app_priv.h"
#include "app/exchange.h"
#include "app/exchange_priv.h"
#include "app/form.h"
#include "app/intake.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/intake.h"
#include "rules/region.h"
#include "rules/vocab.h"
#include "rules/workday.h"
#include "store/agency.h"
#include "store/application.h"
#include "store/batch.h"
#include "store/exchange.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HUB__MAX_ITEMS 500
#define HUB__MAX_AGENCIES 5000
#define HUB__MAX_ROUTES 4096

/* --- routing -------------------------------------------------------------------------- */

struct hub__routes {
    int n;
    char prefix[HUB__MAX_ROUTES][16];
    char system[HUB__MAX_ROUTES][XMSG_ID_MAX + 1];
};

static int hub__route_row(const char *prefix, const char *system_id, void *arg)
{
    struct hub__routes *r = arg;
    if (r->n >= HUB__MAX_ROUTES)
        return 1;
    snprintf(r->prefix[r->n], sizeof r->prefix[0], "%s", prefix);
    snprintf(r->system[r->n], sizeof r->system[0], "%s", system_id);
    r->n++;
    return 0;
}

/* The routing table into *r (heap: the caller frees it). */
static int hub__routes_load(struct store_conn *c, struct hub__routes **out)
{
    struct hub__routes *r = xcalloc(1, sizeof *r);
    int rc = store_x_routes_each(c, hub__route_row, r);
    if (rc < 0) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

/* The system owning `region` (longest prefix), or NULL. */
static const char *hub__owner(const struct hub__routes *r, const char *region)
{
    const char *prefixes[HUB__MAX_ROUTES];
    for (int i = 0; i < r->n; i++)
        prefixes[i] = r->prefix[i];
    int i = region ? xmsg_route_pick(region, prefixes, r->n) : -1;
    return i < 0 ? NULL : r->system[i];
}

/* --- the national entry --------------------------------------------------------------- */

/* The payload held for the local system: the form as submitted, without a local agency id. */
static char *hub__payload(json_t *form)
{
    json_t *copy = json_deep_copy(form);
    json_object_del(copy, "agency_id");
    char *text = json_dump(copy);
    json_decref(copy);
    return text;
}

struct hub__new {
    const struct intake_form *f;
    const char *payload, *code_hash, *deadline;
    int32_t today;
    int64_t now;
    struct intake_receipt *out;
    struct err_ctx *ec;
    const struct actor *by;
};

/* Number, route and store one national submission in c's transaction. */
static int hub__store(struct store_conn *c, const struct actor *by, struct hub__new *n)
{
    struct hub__routes *routes = NULL;
    char serial_name[48], day[DATE_STRLEN];
    long serial;
    int rc = hub__routes_load(c, &routes);
    if (rc < 0)
        return rc;
    const char *owner = hub__owner(routes, n->f->register_region);
    if (!owner) {
        free(routes);
        return err_set(n->ec, -ERR_X_NO_ROUTE, "register_region");
    }
    date_format(n->today, day);
    snprintf(serial_name, sizeof serial_name, "nat:%s", day);
    rc = store_serial_next(c, serial_name, &serial);
    if (rc == 0) {
        char ymd[9] = {day[0], day[1], day[2], day[3], day[5], day[6], day[8], day[9], '\0'};
        snprintf(n->out->application_no, sizeof n->out->application_no, "N%s%07ld", ymd, serial);
        struct x_case k = {
            .national_no = n->out->application_no,
            .system_id = owner,
            .register_region = n->f->register_region,
            .channel = vocab_channel_name(CHANNEL_NATIONAL),
            .status = vocab_app_status_name(APP_STATUS_SUBMITTED),
            .query_code_hash = n->code_hash,
            .payload = n->payload,
            .deadline = n->deadline,
            .submitted_at = n->now,
            .submitted_ms = exchange__wall_ms(),
        };
        int64_t id;
        rc = store_x_case_insert(c, &k, &id);
    }
    if (rc == 0)
        rc = app_audit(
            c, by, n->now, "exchange.national_submit", "application", n->out->application_no,
            json_pack("{s:s, s:s}", "system_id", owner, "register_region", n->f->register_region));
    free(routes);
    return rc;
}

/* hub__store in the group-commit thread's shared transaction. */
static int hub__store_job(struct store_conn *c, void *arg)
{
    struct hub__new *n = arg;
    return hub__store(c, n->by, n);
}

int app_hub_submit(struct app *a, const struct actor *by, json_t *form, struct intake_receipt *out,
                   struct err_ctx *ec)
{
    struct intake_form f;
    struct intake_checked checked;
    int64_t now = clock_now();
    memset(out, 0, sizeof *out);
    if (app_role(a) != APP_ROLE_NATIONAL)
        return -ERR_X_WRONG_ROLE;
    out->accepted_on = clock_date_of(now);
    int rc = form_from_json(form, &f, ec);
    if (rc == 0)
        rc = intake_validate(&f, out->accepted_on, &checked, ec);
    if (rc == 0)
        rc = workday_add(a->cal, out->accepted_on, a->policy.review_workdays, &out->deadline);
    if (rc < 0)
        return rc;
    char code_hash[65], deadline[DATE_STRLEN];
    app_intake_new_code(out->query_code);
    app_intake_code_hash(out->query_code, code_hash);
    char *payload = hub__payload(form);
    struct hub__new n = {.f = &f,
                         .payload = payload,
                         .code_hash = code_hash,
                         .deadline = date_format(out->deadline, deadline),
                         .today = out->accepted_on,
                         .now = now,
                         .out = out,
                         .ec = ec,
                         .by = by};
    /* Group commit, as intake: concurrent national submissions share one fsync. */
    rc = store_batch_run(a->batcher, hub__store_job, &n);
    free(payload);
    if (rc < 0)
        memset(out->query_code, 0, sizeof out->query_code);
    return rc;
}

int app_hub_status(struct app *a, const char *no, const char *query_code, struct arena *ar,
                   struct hub_status *out)
{
    char hash[65];
    struct x_case k;
    memset(out, 0, sizeof *out);
    if (app_role(a) != APP_ROLE_NATIONAL)
        return -ERR_X_WRONG_ROLE;
    if (!no || !query_code || !*query_code)
        return -ERR_NOT_FOUND;
    app_intake_code_hash(query_code, hash);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_x_case_by_code(c, no, hash, ar, &k);
    store_release(a->store, c);
    if (rc < 0)
        return rc;
    *out = (struct hub_status){
        .application_no = arena_strdup(ar, no),
        .national_no = k.national_no,
        .local_no = k.local_no,
        .status = k.status,
        .deadline = k.deadline,
        .decision_reason = k.decision_reason,
        .registration_no = k.registration_no,
        .register_region = k.register_region,
        .system_id = k.system_id,
        .exit_reason = k.exit_reason,
        .exit_date = k.exit_date,
    };
    return 0;
}

/* --- published agency lists ----------------------------------------------------------- */

struct hub__agencies {
    int (*fn)(const struct agency *ag, void *arg);
    void *arg;
};

static int hub__agency_row(const struct x_agency *g, void *arg)
{
    struct hub__agencies *h = arg;
    struct agency ag = {.id = g->agency_id};
    snprintf(ag.name, sizeof ag.name, "%s", g->name ? g->name : "");
    snprintf(ag.region, sizeof ag.region, "%s", g->region ? g->region : "");
    snprintf(ag.kind, sizeof ag.kind, "%s", g->kind ? g->kind : "");
    snprintf(ag.address, sizeof ag.address, "%s", g->address ? g->address : "");
    snprintf(ag.phone, sizeof ag.phone, "%s", g->phone ? g->phone : "");
    snprintf(ag.items, sizeof ag.items, "%s", g->items ? g->items : "[]");
    return h->fn(&ag, h->arg);
}

int app_public_agencies(struct app *a, const char *region_prefix, int limit,
                        int (*fn)(const struct agency *ag, void *arg), void *arg)
{
    if (app_role(a) != APP_ROLE_NATIONAL)
        return app_agency_list(a, region_prefix, limit, fn, arg);
    struct hub__agencies h = {fn, arg};
    struct store_conn *c = store_acquire(a->store);
    int rc = store_x_agency_each(c, region_prefix ? region_prefix : "", limit, hub__agency_row, &h);
    store_release(a->store, c);
    return rc;
}

/* --- messages: the envelope ----------------------------------------------------------- */

/* A received message, checked. Strings borrow from root. */
struct hub__msg {
    json_t *root, *header, *message;
    const char *message_id, *sender_id, *transaction_id;
    enum xmsg_action action;
    struct xmsg_sig sig;
    char digest[EXCHANGE__DIGEST_B64];
};

/* Fill out with a signed answer `env` (stolen) and its HTTP status. */
static void hub__answer(struct app_exchange *x, json_t *env, int status,
                        struct exchange_answer *out)
{
    out->status = status;
    out->body = json_dump(env);
    json_decref(env);
    if (!out->body)
        out->body = xstrdup("{}");
    exchange__sign(x, out->body, strlen(out->body), clock_now(), out->signature);
}

/* A NACK (the message was refused as a whole: rc's code) or ERR (a 5xx). */
static void hub__nack(struct app_exchange *x, const struct hub__msg *m, int rc,
                      struct exchange_answer *out)
{
    const struct err_info *e = err_info(rc);
    bool internal = e->http_status >= 500;
    const char *action =
        m && m->header ? json_string_value(json_object_get(m->header, "action")) : NULL;
    int ai = xmsg_action_parse(action);
    json_t *msg = json_pack("{s:s, s:{s:s, s:s}}", "ack_status", internal ? "ERR" : "NACK", "error",
                            "code", e->code, "message", e->en);
    if (m && m->message_id)
        json_object_set_new(msg, "correlation_id", json_string(m->message_id));
    if (m && m->transaction_id)
        json_object_set_new(msg, "transaction_id", json_string(m->transaction_id));
    const char *receiver = m && m->sender_id ? m->sender_id : "";
    json_t *env = exchange__envelope(
        x, ai >= 0 ? xmsg_action_answer((enum xmsg_action)ai) : "on-error", receiver, 0, msg,
        json_pack("{s:s, s:s}", "status", "rejected", "status_reason_code", e->code), clock_now(),
        NULL);
    hub__answer(x, env, e->http_status, out);
}

/* Whether a message_ts is a time "YYYY-MM-DDTHH:MM:SS" with an optional zone suffix. */
static bool hub__ts_ok(const char *ts, int64_t *t)
{
    char head[20];
    if (!ts || strlen(ts) < 19)
        return false;
    memcpy(head, ts, 19);
    head[19] = '\0';
    return clock_parse(head, t) == 0;
}

/* Parse and check the header of an authenticated body (sender = the signature's keyId). */
static int hub__parse(struct app_exchange *x, const char *body, size_t n, struct hub__msg *m)
{
    json_error_t je;
    m->root = json_loadb(body, n, 0, &je);
    if (!json_is_object(m->root))
        return -ERR_X_HEADER;
    m->header = json_object_get(m->root, "header");
    m->message = json_object_get(m->root, "message");
    if (!json_is_object(m->header) || !json_is_object(m->message))
        return -ERR_X_HEADER;
    m->message_id = json_string_value(json_object_get(m->header, "message_id"));
    m->sender_id = json_string_value(json_object_get(m->header, "sender_id"));
    m->transaction_id = json_string_value(json_object_get(m->message, "transaction_id"));
    const char *receiver = json_string_value(json_object_get(m->header, "receiver_id"));
    const char *ts = json_string_value(json_object_get(m->header, "message_ts"));
    json_t *count = json_object_get(m->header, "total_count");
    int action = xmsg_action_parse(json_string_value(json_object_get(m->header, "action")));
    int64_t t;
    if (!xmsg_id_valid(m->message_id) || !xmsg_id_valid(m->sender_id) ||
        !xmsg_id_valid(m->transaction_id) || !receiver || strcmp(receiver, x->system_id) != 0 ||
        !hub__ts_ok(ts, &t) || !json_is_integer(count) || json_integer_value(count) < 0 ||
        action < 0)
        return -ERR_X_HEADER;
    if (strcmp(m->sender_id, m->sig.key_id) != 0)
        return -ERR_X_SIGNATURE; /* signed by one system in the name of another */
    m->action = (enum xmsg_action)action;
    return 0;
}

/* An item's answer {key: value, status, reason_code?}; a rejection is also recorded. */
static int hub__item(struct store_conn *c, const struct hub__msg *m, json_t *items,
                     const char *key_name, const char *key, int reason, int64_t now)
{
    json_t *it = json_pack("{s:s, s:s}", key_name, key ? key : "", "status",
                           reason ? "rejected" : "succeeded");
    json_array_append_new(items, it);
    if (!reason)
        return 0;
    json_object_set_new(it, "reason_code", json_string(err_info(reason)->code));
    return store_x_rejection_add(c, m->sender_id, m->message_id, xmsg_action_name(m->action), key,
                                 err_info(reason)->code, now);
}

/* The list member `name` of the message: an array of at most `max` objects, or NULL. */
static json_t *hub__list(const struct hub__msg *m, const char *name, size_t max)
{
    json_t *l = json_object_get(m->message, name);
    if (!json_is_array(l) || json_array_size(l) > max)
        return NULL;
    size_t i;
    json_t *it;
    json_array_foreach(l, i, it) if (!json_is_object(it)) return NULL;
    return l;
}

static const char *hub__str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s && *s ? s : NULL;
}

/* --- messages: the actions ------------------------------------------------------------ */

static int hub__download_row(const struct x_case *k, void *arg)
{
    json_t *items = arg;
    char at[CLOCK_STRLEN];
    json_t *form = json_loads(k->payload ? k->payload : "", 0, NULL);
    json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "seq",
                                           (json_int_t)k->id, "national_no", k->national_no,
                                           "register_region", k->register_region, "submitted_at",
                                           clock_format(k->submitted_at, at), "deadline",
                                           k->deadline, "form", form ? form : json_object()));
    return 0;
}

/* 失业登记申请信息下载: the sender's applications not acknowledged yet, after the cursor. */
static int hub__download(struct store_conn *c, const struct hub__msg *m, json_t *answer, int *count)
{
    json_t *cur = json_object_get(m->message, "cursor"),
           *lim = json_object_get(m->message, "limit");
    json_int_t cursor = json_is_integer(cur) ? json_integer_value(cur) : 0;
    json_int_t limit = json_is_integer(lim) ? json_integer_value(lim) : 50;
    if (cursor < 0 || limit < 1 || limit > 100)
        return -ERR_X_HEADER;
    json_t *items = json_array();
    int rc = store_x_case_pending(c, m->sender_id, cursor, (int)limit, hub__download_row, items);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    json_int_t next = cursor;
    if (json_array_size(items) > 0)
        next = json_integer_value(
            json_object_get(json_array_get(items, json_array_size(items) - 1), "seq"));
    *count = (int)json_array_size(items);
    json_object_set_new(answer, "items", items);
    json_object_set_new(answer, "next_cursor", json_integer(next));
    return 0;
}

/* One acknowledgement item: the local system committed (or refused) a national case. */
static int hub__ack_one(struct store_conn *c, const struct hub__msg *m, json_t *it, int64_t now,
                        struct arena *ar, int *reason)
{
    const char *no = hub__str(it, "national_no"), *status = hub__str(it, "status");
    const char *local_no = hub__str(it, "application_no");
    struct x_case k;
    *reason = 0;
    if (!no || !status || (strcmp(status, "succeeded") != 0 && strcmp(status, "rejected") != 0) ||
        (strcmp(status, "succeeded") == 0 && !local_no)) {
        *reason = -ERR_X_HEADER;
        return 0;
    }
    int rc = store_x_case_get(c, no, false, ar, &k);
    if (rc == -ERR_NOT_FOUND) {
        *reason = -ERR_X_UNKNOWN_APPLICATION;
        return 0;
    }
    if (rc < 0)
        return rc;
    if (strcmp(k.system_id, m->sender_id) != 0) {
        *reason = -ERR_X_FOREIGN_REGION;
        return 0;
    }
    bool ok = strcmp(status, "succeeded") == 0;
    const char *why = hub__str(it, "reason_message");
    if (!why)
        why = hub__str(it, "reason_code");
    rc = store_x_case_ack(
        c, k.id, vocab_app_status_name(ok ? APP_STATUS_PENDING_REVIEW : APP_STATUS_REJECTED),
        ok ? local_no : NULL, hub__str(it, "deadline"), ok ? NULL : why, now, exchange__wall_ms());
    return rc < 0 ? rc : 0;
}

static int hub__ack(struct store_conn *c, const struct hub__msg *m, json_t *answer, int *count,
                    int64_t now)
{
    json_t *list = hub__list(m, "items", HUB__MAX_ITEMS), *items = json_array(), *it;
    size_t i;
    struct arena ar;
    int rc = list ? 0 : -ERR_X_HEADER;
    arena_init(&ar);
    json_array_foreach(list, i, it)
    {
        int reason;
        if (rc < 0)
            break;
        rc = hub__ack_one(c, m, it, now, &ar, &reason);
        if (rc == 0)
            rc = hub__item(c, m, items, "national_no", hub__str(it, "national_no"), reason, now);
        arena_reset(&ar);
    }
    arena_free(&ar);
    *count = (int)json_array_size(items);
    json_object_set_new(answer, "items", items);
    return rc;
}

/* Whether an uploaded status is one a result may carry. */
static bool hub__result_status(const char *s)
{
    int st = s ? vocab_app_status_parse(s) : -1;
    return st == APP_STATUS_APPROVED || st == APP_STATUS_REJECTED || st == APP_STATUS_WITHDRAWN;
}

/* An exit goes with an approved application's registration: a code of the exit_reason table and
 * a day, both or neither. */
static bool hub__exit_valid(const struct x_result *r)
{
    if (!r->exit_reason && !r->exit_date)
        return true;
    int32_t d;
    return r->exit_reason && r->exit_date && r->registration_no &&
           strcmp(r->status, "approved") == 0 &&
           codes_validate("exit_reason", r->exit_reason) == 0 && strlen(r->exit_date) == 10 &&
           date_parse(r->exit_date, 10, &d) == 0;
}

/* A result of a local channel seen for the first time: a new case keyed by its local number. */
static int hub__result_new(struct store_conn *c, const struct hub__msg *m, json_t *it,
                           const struct x_result *r, int64_t now)
{
    const char *channel = hub__str(it, "channel");
    if (!channel || vocab_channel_parse(channel) < 0 || strcmp(channel, "national") == 0)
        return -ERR_X_HEADER;
    struct x_case k = {
        .local_no = r->local_no,
        .system_id = m->sender_id,
        .register_region = hub__str(it, "register_region"),
        .channel = channel,
        .status = r->status,
        .query_code_hash = hub__str(it, "query_code_hash") ? hub__str(it, "query_code_hash") : "",
        .deadline = r->deadline ? r->deadline : "",
        .decision_reason = r->decision_reason,
        .registration_no = r->registration_no,
        .decided_at = r->decided_at,
        .submitted_at = now,
        .submitted_ms = exchange__wall_ms(),
        .result_seq = r->seq,
    };
    int64_t id;
    return store_x_case_insert(c, &k, &id);
}

/* One result item (审核结果上传): *reason 0 when applied or a repeat, else why not. */
static int hub__upload_one(struct store_conn *c, const struct hub__msg *m, json_t *it,
                           const struct hub__routes *routes, int64_t now, struct arena *ar,
                           int *reason)
{
    json_t *seq = json_object_get(it, "seq");
    const char *national_no = hub__str(it, "national_no"),
               *region = hub__str(it, "register_region");
    struct x_result r = {
        .status = hub__str(it, "status"),
        .decision_reason = hub__str(it, "decision_reason"),
        .registration_no = hub__str(it, "registration_no"),
        .decided_at = hub__str(it, "decided_at"),
        .local_no = hub__str(it, "application_no"),
        .deadline = hub__str(it, "deadline"),
        .exit_reason = hub__str(it, "exit_reason"),
        .exit_date = hub__str(it, "exit_date"),
        .seq = json_is_integer(seq) ? json_integer_value(seq) : 0,
    };
    *reason = 0;
    if (r.seq < 1 || !r.local_no || !region || region_validate6(region) < 0 ||
        !hub__result_status(r.status) || strlen(r.local_no) >= INTAKE_NO_SIZE ||
        !hub__exit_valid(&r)) {
        *reason = -ERR_X_HEADER;
        return 0;
    }
    const char *owner = hub__owner(routes, region);
    if (!owner || strcmp(owner, m->sender_id) != 0) {
        *reason = -ERR_X_FOREIGN_REGION;
        return 0;
    }
    struct x_case k;
    int rc = store_x_case_get(c, national_no ? national_no : r.local_no, !national_no, ar, &k);
    if (rc == -ERR_NOT_FOUND && national_no) {
        *reason = -ERR_X_UNKNOWN_APPLICATION;
        return 0;
    }
    if (rc == -ERR_NOT_FOUND)
        return hub__result_new(c, m, it, &r, now);
    if (rc < 0)
        return rc;
    if (strcmp(k.system_id, m->sender_id) != 0) {
        *reason = -ERR_X_FOREIGN_REGION;
        return 0;
    }
    rc = store_x_case_result(c, k.id, &r, now); /* 0 rows: an older or repeated result */
    return rc < 0 ? rc : 0;
}

static int hub__upload(struct store_conn *c, const struct hub__msg *m, json_t *answer, int *count,
                       int64_t now)
{
    json_t *list = hub__list(m, "results", HUB__MAX_ITEMS), *items = json_array(), *it;
    struct hub__routes *routes = NULL;
    struct arena ar;
    size_t i;
    int rc = list ? hub__routes_load(c, &routes) : -ERR_X_HEADER;
    arena_init(&ar);
    json_array_foreach(list, i, it)
    {
        int reason;
        if (rc < 0)
            break;
        rc = hub__upload_one(c, m, it, routes, now, &ar, &reason);
        if (rc == 0)
            rc = hub__item(c, m, items, "application_no", hub__str(it, "application_no"), reason,
                           now);
        if (rc == 0)
            json_object_set(json_array_get(items, json_array_size(items) - 1), "seq",
                            json_object_get(it, "seq"));
        arena_reset(&ar);
    }
    arena_free(&ar);
    free(routes);
    *count = (int)json_array_size(items);
    json_object_set_new(answer, "results", items);
    return rc;
}

/* The sender's agency list (附件4), replacing the one it published before. */
static int hub__publish(struct store_conn *c, const struct hub__msg *m, json_t *answer, int *count,
                        int64_t now)
{
    json_t *list = hub__list(m, "agencies", HUB__MAX_AGENCIES), *items = json_array(), *it;
    struct hub__routes *routes = NULL;
    size_t i;
    int rc = list ? hub__routes_load(c, &routes) : -ERR_X_HEADER;
    if (rc == 0)
        rc = store_x_agency_clear(c, m->sender_id);
    int accepted = 0;
    json_array_foreach(list, i, it)
    {
        if (rc < 0)
            break;
        json_t *id = json_object_get(it, "id"), *its = json_object_get(it, "items");
        struct x_agency g = {
            .system_id = m->sender_id,
            .agency_id = json_is_integer(id) ? json_integer_value(id) : 0,
            .name = hub__str(it, "name"),
            .region = hub__str(it, "region"),
            .kind = hub__str(it, "kind"),
            .address = hub__str(it, "address"),
            .phone = hub__str(it, "phone"),
        };
        const char *owner = g.region ? hub__owner(routes, g.region) : NULL;
        int reason = !g.name || !g.kind || g.agency_id < 1        ? -ERR_X_HEADER
                     : !owner || strcmp(owner, m->sender_id) != 0 ? -ERR_X_FOREIGN_REGION
                                                                  : 0;
        char *items_text = json_is_array(its) ? json_dump(its) : NULL;
        g.items = items_text;
        if (reason == 0) {
            rc = store_x_agency_insert(c, &g, now);
            accepted++;
        }
        free(items_text);
        if (rc == 0 && reason)
            rc = hub__item(c, m, items, "agency", g.name, reason, now);
    }
    free(routes);
    *count = accepted;
    json_object_set_new(answer, "accepted", json_integer(accepted));
    json_object_set_new(answer, "rejected", items);
    return rc;
}

/* --- messages: receive ---------------------------------------------------------------- */

static atomic_uint hub__prune_tick;

/*
 * Apply m in c's open transaction (or, for a repeated download, outside one) and build the
 * signed-to-be answer's text into *text (malloc'd). Returns 0 or the error that refuses it.
 */
static int hub__run(struct app *a, struct store_conn *c, const struct hub__msg *m, int64_t now,
                    char **text)
{
    struct app_exchange *x = a->exchange;
    json_t *answer = json_pack("{s:s, s:s, s:s}", "transaction_id", m->transaction_id,
                               "correlation_id", m->message_id, "ack_status", "ACK");
    int count = 0, rc;
    switch (m->action) {
    case XMSG_DOWNLOAD:
        rc = hub__download(c, m, answer, &count);
        break;
    case XMSG_ACK:
        rc = hub__ack(c, m, answer, &count, now);
        break;
    case XMSG_UPLOAD:
        rc = hub__upload(c, m, answer, &count, now);
        break;
    case XMSG_PUBLISH:
        rc = hub__publish(c, m, answer, &count, now);
        break;
    default:
        rc = -ERR_X_HEADER;
    }
    if (rc == 0)
        rc = store_x_system_seen(c, m->sender_id, now);
    if (rc < 0) {
        json_decref(answer);
        return rc;
    }
    json_t *env = exchange__envelope(x, xmsg_action_answer(m->action), m->sender_id, count, answer,
                                     json_pack("{s:s}", "status", "succeeded"), now, NULL);
    *text = json_dump(env);
    json_decref(env);
    return *text ? 0 : -ERR_INTERNAL;
}

/* A message_id seen before: the same body gets its answer again, another body is refused. */
static int hub__repeat(struct app *a, struct store_conn *c, const struct hub__msg *m, int64_t now,
                       char **text)
{
    char digest[129];
    int rc = store_x_message_get(c, m->message_id, digest, text);
    if (rc < 0)
        return rc;
    if (strcmp(digest, m->digest) != 0) {
        free(*text);
        *text = NULL;
        return -ERR_X_REPLAY;
    }
    if (**text)
        return 0;
    free(*text); /* a download: read again, it changes nothing */
    *text = NULL;
    return hub__run(a, c, m, now, text);
}

/* Claim and apply m in one transaction; *text gets the answer. */
static int hub__apply(struct app *a, struct store_conn *c, const struct hub__msg *m, int64_t now,
                      char **text)
{
    struct app_exchange *x = a->exchange;
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    if ((atomic_fetch_add(&hub__prune_tick, 1) & 255) == 0)
        rc = store_x_message_prune(c, now - x->skew_s);
    int claimed =
        rc < 0 ? rc
               : store_x_message_claim(c, m->message_id, m->sender_id, xmsg_action_name(m->action),
                                       m->digest, now, m->sig.expires + x->skew_s);
    if (claimed == 0) {
        store_tx_rollback(c);
        return hub__repeat(a, c, m, now, text);
    }
    rc = claimed < 0 ? claimed : hub__run(a, c, m, now, text);
    if (rc == 0 && m->action != XMSG_DOWNLOAD)
        rc = store_x_message_respond(c, m->message_id, *text);
    rc = store_tx_end(c, rc);
    if (rc < 0) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

int app_exchange_receive(struct app *a, const char *body, size_t n, const char *signature,
                         struct exchange_answer *out)
{
    struct app_exchange *x = a->exchange;
    memset(out, 0, sizeof *out);
    if (app_role(a) != APP_ROLE_NATIONAL)
        return -ERR_X_WRONG_ROLE;
    struct hub__msg m = {0};
    char *text = NULL;
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = exchange__verify(c, x, body, n, signature, now, &m.sig, m.digest);
    if (rc == 0)
        rc = hub__parse(x, body, n, &m);
    if (rc == 0)
        rc = hub__apply(a, c, &m, now, &text);
    store_release(a->store, c);
    if (rc < 0) {
        log_info("exchange", "event=message_refused code=%s sender=%s", err_info(rc)->code,
                 m.sig.key_id[0] ? m.sig.key_id : "-");
        hub__nack(x, &m, rc, out);
    } else {
        out->status = 200;
        out->body = text;
        exchange__sign(x, text, strlen(text), clock_now(), out->signature);
    }
    json_decref(m.root);
    return 0;
}
