/*
 * notify.c — the notification sender. See notify.h.
 *
 * The due rows are read first (one read transaction), then each is sent and its outcome written
 * in a transaction of its own, so a slow gateway holds no lock and a kill loses at most the
 * outcome of the one in flight (it is sent again: the gateway sees it at most twice only then).
 */
#include "app/notify.h"

#include "app/app_priv.h"
#include "base/arena.h"
#include "base/log.h"
#include "rules/xmsg.h"

#include <string.h>

static int notify__log_send(void *ctx, const struct notify_row *n, char *err, size_t errlen)
{
    (void)ctx;
    (void)err;
    (void)errlen;
    log_info("notify", "event=notification_sent id=%lld exit_id=%lld channel=log", (long long)n->id,
             (long long)n->exit_id);
    return 0;
}

const struct notifier *notify_log(void)
{
    static const struct notifier log_notifier = {.send = notify__log_send, .ctx = NULL};
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
    d->n++;
    return 0;
}

/* Send one and record what came of it. */
static int notify__one(struct app *a, const struct notifier *nf, const struct notify_row *n,
                       int64_t now, bool *ok)
{
    char err[200] = "";
    *ok = nf->send(nf->ctx, n, err, sizeof err) == 0;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = *ok ? store_notify_sent(c, n->id, now)
                 : store_notify_failed(c, n->id, now + notify_retry_after(n->attempts + 1),
                                       *err ? err : "send failed");
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
        bool ok;
        rc = notify__one(a, nf ? nf : notify_log(), &d.rows[i], now, &ok);
        if (rc == 0 && ok)
            ns++;
        else if (rc == 0)
            nf_count++;
    }
    arena_free(&ar);
    if (sent)
        *sent = ns;
    if (failed)
        *failed = nf_count;
    return rc;
}
