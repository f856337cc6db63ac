/*
 * notify.c — the notification sender. See notify.h.
 *
 * The due rows are read first (one read transaction), then each is claimed (a write
 * transaction: its next attempt moved NOTIFY__CLAIM_S ahead, so a second sender — a cron `ureg
 * notify run` beside `ureg serve` — skips it), its phone read when the notifier needs it, sent,
 * and its outcome written in a transaction of its own, so a slow gateway holds no lock and a
 * kill loses at most the outcome of the one in flight (it is due again when the claim runs out:
 * the gateway sees it at most twice only then, with the same request id).
 */
#include "app/notify.h"

#include "app/access.h"
#include "app/app_priv.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/xmsg.h"
#include "store/person.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

/* How long a claimed notification stays out of the due list: well past any send's timeout. */
#define NOTIFY__CLAIM_S 600

static int notify__log_send(void *ctx, const struct notify_row *n, const char *phone, char *err,
                            size_t errlen)
{
    (void)ctx;
    (void)phone;
    (void)err;
    (void)errlen;
    log_info("notify", "event=notification_sent id=%lld exit_id=%lld channel=log", (long long)n->id,
             (long long)n->exit_id);
    return 0;
}

const struct notifier *notify_log(void)
{
    static const struct notifier log_notifier = {
        .channel = "log", .needs_phone = false, .send = notify__log_send, .ctx = NULL};
    return &log_notifier;
}

int64_t notify_retry_after(int attempts)
{
    return xmsg_backoff_ms(attempts, 60000, 6 * 3600 * 1000LL, 1000) / 1000;
}

struct notify__due {
    struct arena *ar;
    struct notify_row *rows;
    int n, cap;
};

static int notify__collect(const struct notify_row *n, void *arg)
{
    struct notify__due *d = arg;
    if (d->n == d->cap)
        return 0;
    d->rows[d->n] = *n;
    d->rows[d->n].channel = arena_strdup(d->ar, n->channel);
    d->rows[d->n].text = arena_strdup(d->ar, n->text);
    d->rows[d->n].registration_no = arena_strdup(d->ar, n->registration_no);
    d->n++;
    return 0;
}

/* Claim notification n and, when the notifier needs it, read the phone into phone[n]. 0, or
 * -ERR_CONFLICT when another sender has it (or it was cancelled), or a store error. */
static int notify__claim(struct app *a, const struct notifier *nf, const struct notify_row *n,
                         int64_t now, char *phone, size_t phonesz)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = store_notify_claim(c, n->id, now, now + NOTIFY__CLAIM_S);
        if (rc == 0 && nf->needs_phone) {
            /* A read of personal data like any other (docs/decisions.md): audited as a reveal
             * by system:notify on the registration, in the claim's transaction, so the
             * person's data-usage view shows every time the number was used. */
            struct actor by;
            access_system_actor(&by, "notify");
            rc = app__person_read_audit(c, &by, true, NOTIFY_REVEAL_REASON, "registration",
                                        n->registration_no, n->person_id);
            if (rc == 0)
                rc = store_person_phone(c, n->person_id, phone, phonesz);
        }
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    return rc;
}

/* Send one and record what came of it: *outcome 1 sent, 0 failed, -1 not tried (another sender
 * has it). */
static int notify__one(struct app *a, const struct notifier *nf, const struct notify_row *n,
                       int64_t now, int *outcome)
{
    char err[200] = "", phone[64] = "";
    *outcome = -1;
    int rc = notify__claim(a, nf, n, now, phone, sizeof phone);
    if (rc == -ERR_CONFLICT)
        return 0;
    if (rc == -ERR_PII_DECRYPT || rc == -ERR_NOT_FOUND) {
        /* Not sendable as it is: a failed attempt, retried (a key put right, say). */
        snprintf(err, sizeof err, "phone unreadable: %s", err_info(rc)->code);
    } else if (rc < 0) {
        return rc;
    } else if (nf->needs_phone && !*phone) {
        snprintf(err, sizeof err, "no phone number");
    } else if (nf->send(nf->ctx, n, nf->needs_phone ? phone : NULL, err, sizeof err) == 0) {
        *outcome = 1;
    }
    sodium_memzero(phone, sizeof phone);
    if (*outcome < 0)
        *outcome = 0;
    int64_t next = now + notify_retry_after(n->attempts + 1);
    if (*outcome == 0)
        log_warn("notify",
                 "event=notification_failed id=%lld exit_id=%lld channel=%s attempts=%d "
                 "reason=\"%s\" retry_in_s=%lld",
                 (long long)n->id, (long long)n->exit_id, nf->channel, n->attempts + 1,
                 *err ? err : "send failed", (long long)(next - now));
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = *outcome
                 ? store_notify_sent(c, n->id, nf->channel, now)
                 : store_notify_failed(c, n->id, nf->channel, next, *err ? err : "send failed");
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    return rc == -ERR_CONFLICT ? 0 : rc;
}

int app_notify_run(struct app *a, const struct notifier *nf, int64_t now, int *sent, int *failed)
{
    struct arena ar;
    arena_init(&ar);
    struct notify__due d = {.ar = &ar, .cap = 500};
    d.rows = arena_alloc(&ar, sizeof *d.rows * (size_t)d.cap);
    int ns = 0, nf_count = 0;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, false);
    if (rc == 0) {
        rc = store_notify_due(c, now, d.cap, notify__collect, &d);
        int end = store_tx_end(c, rc < 0 ? rc : 0);
        if (rc >= 0)
            rc = end;
    }
    store_release(a->store, c);
    for (int i = 0; rc == 0 && i < d.n; i++) {
        int outcome;
        rc = notify__one(a, nf ? nf : notify_log(), &d.rows[i], now, &outcome);
        if (rc == 0 && outcome == 1)
            ns++;
        else if (rc == 0 && outcome == 0)
            nf_count++;
    }
    arena_free(&ar);
    if (sent)
        *sent = ns;
    if (failed)
        *failed = nf_count;
    return rc;
}

/* --- the sender thread of `ureg serve` ------------------------------------------------- */

struct notify_sender {
    struct app *a;
    const struct notifier *nf;
    int interval_s;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

static void *notify__sender_main(void *arg)
{
    struct notify_sender *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        pthread_mutex_unlock(&s->mu);
        int sent = 0, failed = 0;
        int rc = app_notify_run(s->a, s->nf, clock_now(), &sent, &failed);
        if (rc < 0)
            log_warn("notify", "event=run_failed code=%s", err_info(rc)->code);
        else if (sent || failed)
            log_info("notify", "event=run sent=%d failed=%d channel=%s", sent, failed,
                     s->nf->channel);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += s->interval_s;
        pthread_mutex_lock(&s->mu);
        while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

struct notify_sender *notify_sender_start(struct app *a, const struct notifier *nf, int interval_s)
{
    struct notify_sender *s = xcalloc(1, sizeof *s);
    s->a = a;
    s->nf = nf ? nf : notify_log();
    s->interval_s = interval_s > 0 ? interval_s : 60;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, notify__sender_main, s) != 0) {
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
        free(s);
        return NULL;
    }
    log_info("notify", "event=sender_started channel=%s interval_s=%d", s->nf->channel,
             s->interval_s);
    return s;
}

void notify_sender_stop(struct notify_sender *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
