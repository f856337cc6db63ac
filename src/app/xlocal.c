/*
 * xlocal.c — a local system's exchange worker (`ureg serve --role local --national URL`). See
 * exchange.h.
 *
 * One thread, one pass after another:
 *   download  pages of the applications the hub holds for this system (cursor = the last
 *             seq of the page); each becomes a `national`-channel application through
 *             app_intake_submit (the usual rules, deadline, verification, audit); then one
 *             acknowledgement for the page, sent only after those commits. A crash between a
 *             commit and its acknowledgement loses nothing: the hub offers the case again and
 *             the local finds it by its national number and acknowledges it without a second
 *             application.
 *   upload    the pending outbox rows in id order (so in order per application), up to 100 a
 *             message; each row is closed as the hub answered it (succeeded or rejected). A
 *             failed send leaves them pending; the hub applies a result only above the last seq
 *             it applied, so a resend or a reordered duplicate has no second effect.
 *   publish   the agency list (附件4) when its digest differs from the last one the hub took.
 * A failed pass waits xmsg_backoff_ms (exponential from retry_base_ms, capped at retry_cap_ms,
 * equal jitter) before the next; an idle pass waits interval_ms; a full page goes on at once.
 */
#include "app/access.h"
#include "app/accounts.h"
#include "app/app_priv.h"
#include "app/exchange.h"
#include "app/exchange_priv.h"
#include "app/form.h"
#include "app/intake.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/httpc.h"
#include "base/log.h"
#include "store/agency.h"
#include "store/application.h"
#include "store/exchange.h"
#include "store/meta.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define XLOCAL__PAGE 100
#define XLOCAL__TIMEOUT_MS 15000
#define XLOCAL__PUBLISH_EVERY_S 5

struct xlocal {
    struct app *a;
    struct app_exchange *x;
    struct httpc *http;
    struct buf resp;
    char url[2048];
    struct actor by;
    int64_t next_publish_check; /* monotonic seconds */
};

/* Development-mode failpoints (UREG_EXCHANGE_FAIL=after_intake|after_upload, with --dev): the
 * process kills itself there with SIGKILL, for the crash tests. */
static void xlocal__failpoint(struct xlocal *l, const char *name)
{
    const char *f = getenv("UREG_EXCHANGE_FAIL");
    if (l->a->dev && f && strcmp(f, name) == 0) {
        log_warn("exchange", "event=failpoint name=%s", name);
        kill(getpid(), SIGKILL);
    }
}

/* Add to a counter of the stats, or stamp a time there, under the lock. */
static void xlocal__stat_add(struct xlocal *l, int64_t *field, int64_t add)
{
    pthread_mutex_lock(&l->x->mu);
    *field += add;
    pthread_mutex_unlock(&l->x->mu);
}

static void xlocal__stat_now(struct xlocal *l, int64_t *field)
{
    pthread_mutex_lock(&l->x->mu);
    *field = clock_now();
    pthread_mutex_unlock(&l->x->mu);
}

/*
 * Send `message` (stolen) as `action` to the hub and take its answer: 0 with *answer (the
 * answer's "message" member, a new reference) for an ACK; the hub's error (-ERR_X_...) for a
 * NACK; -ERR_X_HUB_UNREACHABLE when no verified answer came.
 */
static int xlocal__call(struct xlocal *l, enum xmsg_action action, json_t *message, int count,
                        json_t **answer)
{
    struct app_exchange *x = l->x;
    char msg_id[33], sig[XMSG_HEADER_MAX + 16], digest[EXCHANGE__DIGEST_B64];
    int64_t now = clock_now();
    *answer = NULL;
    json_t *env = exchange__envelope(x, xmsg_action_name(action), x->national_id, count, message,
                                     NULL, now, msg_id);
    char *body = json_dump(env);
    json_decref(env);
    if (!body)
        return -ERR_INTERNAL;
    memcpy(sig, "Signature: ", 11);
    exchange__sign(x, body, strlen(body), now, sig + 11);
    const char *headers[] = {sig, NULL};
    struct httpc_resp r = {.body = &l->resp};
    int rc = httpc_post(l->http, l->url, headers, body, strlen(body), XLOCAL__TIMEOUT_MS, &r);
    free(body);
    if (rc < 0)
        return -ERR_X_HUB_UNREACHABLE;
    struct xmsg_sig parsed;
    struct store_conn *c = store_acquire(l->a->store);
    rc = exchange__verify(c, x, buf_cstr(&l->resp), l->resp.len, r.signature, clock_now(), &parsed,
                          digest);
    if (rc == 0 && strcmp(parsed.key_id, x->national_id) != 0)
        rc = -ERR_X_SIGNATURE;
    if (rc == 0 && store_x_system_seen(c, x->national_id, clock_now()) < 0)
        log_warn("exchange", "event=last_seen_not_recorded");
    store_release(l->a->store, c);
    if (rc < 0) {
        log_warn("exchange", "event=answer_unverified status=%ld code=%s", r.status,
                 err_info(rc)->code);
        return -ERR_X_HUB_UNREACHABLE;
    }
    json_t *root = json_loadb(buf_cstr(&l->resp), l->resp.len, 0, NULL);
    json_t *m = json_object_get(root, "message");
    const char *ack = json_string_value(json_object_get(m, "ack_status"));
    const char *corr = json_string_value(json_object_get(m, "correlation_id"));
    if (!ack || !corr || strcmp(corr, msg_id) != 0) {
        rc = -ERR_X_HUB_UNREACHABLE;
    } else if (strcmp(ack, "ACK") != 0) {
        int e =
            err_by_code(json_string_value(json_object_get(json_object_get(m, "error"), "code")));
        rc = e ? -e : -ERR_X_HUB_UNREACHABLE;
    } else {
        *answer = json_incref(m);
    }
    json_decref(root);
    return rc;
}

/* --- download ------------------------------------------------------------------------- */

/* The acknowledgement item of a national case committed here before (or now). */
static json_t *xlocal__ack_ok(const char *national_no, const char *application_no,
                              const char *deadline)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "national_no", national_no, "status", "succeeded",
                     "application_no", application_no, "deadline", deadline);
}

/* Whether rc is worth retrying later (the store is away), not an answer about the form. */
static bool xlocal__transient(int rc)
{
    return rc == -ERR_DB_UNAVAILABLE || rc == -ERR_INTERNAL || rc == -ERR_IO;
}

/* Take one downloaded case; *ack gets its acknowledgement. A transient error leaves it for
 * the next pass (no acknowledgement). */
static int xlocal__take(struct xlocal *l, json_t *item, json_t **ack)
{
    const char *no = json_string_value(json_object_get(item, "national_no"));
    struct arena ar;
    struct application app;
    *ack = NULL;
    if (!no)
        return 0;
    arena_init(&ar);
    struct store_conn *c = store_acquire(l->a->store);
    int rc = store_app_get_by_national_system(c, no, &ar, &app);
    store_release(l->a->store, c);
    if (rc == 0)
        *ack = xlocal__ack_ok(no, app.application_no, app.deadline);
    arena_free(&ar);
    if (rc != -ERR_NOT_FOUND)
        return rc;

    struct intake_form form;
    struct intake_receipt r;
    struct err_ctx ec = {0};
    json_t *f = json_object_get(item, "form");
    rc = json_is_object(f) ? form_from_json(f, &form, &ec) : -ERR_FIELD_INVALID;
    if (rc == 0) {
        json_t *details = form_details_json(&form);
        char *details_text = json_dump(details);
        json_decref(details);
        struct intake_submission s = {
            .channel = "national", .form = &form, .details = details_text, .national_no = no};
        rc = app_intake_submit(l->a, &l->by, &s, &r, &ec);
        free(details_text);
    }
    if (rc == 0) {
        char deadline[DATE_STRLEN];
        *ack = xlocal__ack_ok(no, r.application_no, date_format(r.deadline, deadline));
        xlocal__stat_add(l, &l->x->stats.downloaded, 1);
        return 0;
    }
    if (xlocal__transient(rc))
        return rc;
    /* The applicant reads the reason at the national status query: the message, not the
     * number of the other application (ec.ref). */
    *ack = json_pack("{s:s, s:s, s:s, s:s}", "national_no", no, "status", "rejected", "reason_code",
                     err_info(rc)->code, "reason_message", err_info(rc)->zh);
    return 0;
}

/* One page: take each case, then acknowledge them. *n gets the page's size, *next its cursor. */
static int xlocal__download_page(struct xlocal *l, json_int_t cursor, int *n, json_int_t *next)
{
    json_t *answer;
    int rc = xlocal__call(l, XMSG_DOWNLOAD,
                          json_pack("{s:s, s:I, s:i}", "transaction_id", "download", "cursor",
                                    (json_int_t)cursor, "limit", XLOCAL__PAGE),
                          0, &answer);
    if (rc < 0)
        return rc;
    json_t *items = json_object_get(answer, "items"), *acks = json_array(), *it;
    size_t i;
    *n = (int)json_array_size(items);
    *next = json_integer_value(json_object_get(answer, "next_cursor"));
    json_array_foreach(items, i, it)
    {
        json_t *ack;
        rc = xlocal__take(l, it, &ack);
        if (rc < 0)
            break;
        if (ack)
            json_array_append_new(acks, ack);
        xlocal__failpoint(l, "after_intake");
    }
    json_decref(answer);
    int take_rc = rc;
    if (json_array_size(acks) == 0) {
        json_decref(acks);
        return take_rc;
    }
    int count = (int)json_array_size(acks);
    char tx[33];
    exchange__new_id(tx);
    rc = xlocal__call(l, XMSG_ACK, json_pack("{s:s, s:o}", "transaction_id", tx, "items", acks),
                      count, &answer);
    json_decref(answer);
    if (rc == 0)
        xlocal__stat_add(l, &l->x->stats.acknowledged, count);
    return rc < 0 ? rc : take_rc;
}

static int xlocal__download(struct xlocal *l, bool *progressed)
{
    json_int_t cursor = 0, next = 0;
    int n = 0, rc;
    do {
        rc = xlocal__download_page(l, cursor, &n, &next);
        if (rc < 0)
            return rc;
        if (n > 0)
            *progressed = true;
        cursor = next;
    } while (n == XLOCAL__PAGE);
    xlocal__stat_now(l, &l->x->stats.last_download_at);
    return 0;
}

/* --- upload --------------------------------------------------------------------------- */

struct xlocal__batch {
    json_t *results;
    int64_t last_id;
};

static int xlocal__outbox_row(const struct x_outbox_row *r, void *arg)
{
    struct xlocal__batch *b = arg;
    json_t *item = json_loads(r->body, 0, NULL);
    if (!json_is_object(item)) {
        json_decref(item);
        item = json_pack("{s:s}", "application_no", r->application_no);
    }
    json_object_set_new(item, "seq", json_integer(r->id));
    json_object_set_new(item, "kind", json_string(r->kind));
    json_array_append_new(b->results, item);
    b->last_id = r->id;
    return 0;
}

/* Close the outbox rows as the hub answered them. */
static int xlocal__close_rows(struct xlocal *l, json_t *results)
{
    json_t *it;
    size_t i;
    int64_t now = clock_now(), ok = 0, rejected = 0;
    struct store_conn *c = store_acquire(l->a->store);
    int rc = store_tx_begin(c, true);
    json_array_foreach(results, i, it)
    {
        if (rc < 0)
            break;
        json_int_t seq = json_integer_value(json_object_get(it, "seq"));
        const char *status = json_string_value(json_object_get(it, "status"));
        bool good = status && strcmp(status, "succeeded") == 0;
        rc = store_x_outbox_close(c, seq, good ? "succeeded" : "rejected",
                                  json_string_value(json_object_get(it, "reason_code")), now);
        if (good)
            ok++;
        else
            rejected++;
    }
    rc = store_tx_end(c, rc);
    store_release(l->a->store, c);
    if (rc == 0) {
        xlocal__stat_add(l, &l->x->stats.uploaded, ok);
        xlocal__stat_add(l, &l->x->stats.upload_rejected, rejected);
    }
    return rc;
}

/* Record a failed attempt on the rows up to last_id. */
static void xlocal__outbox_failed(struct xlocal *l, int64_t last_id, int why)
{
    struct store_conn *c = store_acquire(l->a->store);
    int rc = store_x_outbox_failed(c, last_id, err_info(why)->code);
    store_release(l->a->store, c);
    if (rc < 0)
        log_warn("exchange", "event=outbox_attempt_not_recorded code=%s", err_info(rc)->code);
}

static int xlocal__upload(struct xlocal *l, bool *progressed)
{
    for (;;) {
        struct xlocal__batch b = {json_array(), 0};
        struct store_conn *c = store_acquire(l->a->store);
        int rc = store_x_outbox_pending(c, XLOCAL__PAGE, xlocal__outbox_row, &b);
        store_release(l->a->store, c);
        int n = (int)json_array_size(b.results);
        if (rc < 0 || n == 0) {
            json_decref(b.results);
            return rc < 0 ? rc : 0;
        }
        char tx[33];
        exchange__new_id(tx);
        json_t *answer;
        rc = xlocal__call(l, XMSG_UPLOAD,
                          json_pack("{s:s, s:o}", "transaction_id", tx, "results", b.results), n,
                          &answer);
        if (rc < 0) {
            xlocal__outbox_failed(l, b.last_id, rc);
            return rc;
        }
        xlocal__failpoint(l, "after_upload");
        rc = xlocal__close_rows(l, json_object_get(answer, "results"));
        json_decref(answer);
        if (rc < 0)
            return rc;
        *progressed = true;
        xlocal__stat_now(l, &l->x->stats.last_upload_at);
        if (n < XLOCAL__PAGE)
            return 0;
    }
}

/* --- publish -------------------------------------------------------------------------- */

/* The one place the exchange reads the agency list it publishes: the function behind
 * GET /api/v1/public/agencies (app_agency_list), so a versioned list can take its place. */
static int xlocal__agency_row(const struct agency *ag, void *arg)
{
    json_t *items = json_loads(ag->items, 0, NULL);
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)ag->id, "name",
                       ag->name, "region", ag->region, "kind", ag->kind, "address", ag->address,
                       "phone", ag->phone, "items", json_is_array(items) ? items : json_array()));
    if (!json_is_array(items))
        json_decref(items);
    return 0;
}

static int xlocal__agencies(struct app *a, json_t **out)
{
    json_t *list = json_array();
    int rc = app_agency_list(a, "", 5000, xlocal__agency_row, list);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

static int64_t xlocal__mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

static int xlocal__publish(struct xlocal *l)
{
    if (xlocal__mono_s() < l->next_publish_check)
        return 0;
    json_t *list;
    int rc = xlocal__agencies(l->a, &list);
    if (rc < 0)
        return rc;
    char *text = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS);
    char digest[EXCHANGE__DIGEST_B64], last[EXCHANGE__DIGEST_B64] = "";
    exchange__digest(text ? text : "", text ? strlen(text) : 0, digest);
    free(text);
    struct store_conn *c = store_acquire(l->a->store);
    rc = store_meta_get(c, "exchange.agencies_digest", last, sizeof last);
    store_release(l->a->store, c);
    if (rc < 0 && rc != -ERR_NOT_FOUND) {
        json_decref(list);
        return rc;
    }
    if (strcmp(last, digest) == 0) {
        json_decref(list);
        l->next_publish_check = xlocal__mono_s() + XLOCAL__PUBLISH_EVERY_S;
        return 0;
    }
    int count = (int)json_array_size(list);
    char tx[33];
    exchange__new_id(tx);
    json_t *answer;
    rc = xlocal__call(
        l, XMSG_PUBLISH,
        json_pack("{s:s, s:s, s:o}", "transaction_id", tx, "digest", digest, "agencies", list),
        count, &answer);
    json_decref(answer);
    if (rc < 0)
        return rc;
    c = store_acquire(l->a->store);
    rc = store_meta_set(c, "exchange.agencies_digest", digest);
    store_release(l->a->store, c);
    if (rc == 0) {
        xlocal__stat_now(l, &l->x->stats.last_publish_at);
        l->next_publish_check = xlocal__mono_s() + XLOCAL__PUBLISH_EVERY_S;
    }
    return rc;
}

/* --- the loop ------------------------------------------------------------------------- */

/* Wait up to ms or until stopped; true when stopping. */
static bool xlocal__wait(struct app_exchange *x, int64_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)(ms / 1000);
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&x->mu);
    while (!x->stopping && ms > 0) {
        if (pthread_cond_timedwait(&x->cv, &x->mu, &until) == ETIMEDOUT)
            break;
    }
    bool stopping = x->stopping;
    pthread_mutex_unlock(&x->mu);
    return stopping;
}

/* The outcome of a pass into the stats; returns the pause before the next. */
static int64_t xlocal__after_pass(struct xlocal *l, int rc, bool progressed)
{
    struct app_exchange *x = l->x;
    int64_t wait;
    pthread_mutex_lock(&x->mu);
    if (rc < 0) {
        x->stats.failures++;
        x->stats.last_failure_at = clock_now();
        snprintf(x->stats.last_error, sizeof x->stats.last_error, "%s", err_info(rc)->code);
        wait = xmsg_backoff_ms(x->stats.failures, x->retry_base_ms, x->retry_cap_ms,
                               (int)randombytes_uniform(1001));
    } else {
        x->stats.failures = 0;
        x->stats.last_success_at = clock_now();
        wait = progressed ? 0 : x->interval_ms;
    }
    int failures = x->stats.failures;
    pthread_mutex_unlock(&x->mu);
    if (rc < 0)
        log_warn("exchange", "event=pass_failed code=%s failures=%d retry_ms=%lld",
                 err_info(rc)->code, failures, (long long)wait);
    return wait;
}

void *exchange__worker_main(void *arg)
{
    struct app *a = arg;
    struct xlocal l = {.a = a, .x = a->exchange, .http = httpc_new()};
    snprintf(l.url, sizeof l.url, "%s/api/v1/exchange", l.x->national_url);
    access_system_actor(&l.by, "exchange");
    for (;;) {
        bool progressed = false;
        /* Independent steps: a failed download does not hold the uploads back. */
        int rc = xlocal__download(&l, &progressed);
        int up = xlocal__upload(&l, &progressed);
        int pub = xlocal__publish(&l);
        rc = rc < 0 ? rc : up < 0 ? up : pub;
        if (xlocal__wait(l.x, xlocal__after_pass(&l, rc, progressed)))
            break;
    }
    httpc_free(l.http);
    buf_free(&l.resp);
    return NULL;
}
