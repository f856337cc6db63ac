/*
 * notify.h — the sender of the notifications owed for exits (notice §5 以适当方式予以告知): a
 * notifier interface and the log notifier (the default: one log line per notification, with its
 * id, its exit and the channel, no personal data), and the run that sends the due ones, retried
 * with exponential backoff (rules/xmsg's xmsg_backoff_ms) and never sent twice.
 * The SMS-gateway adapter is not built yet (see docs/operations.md).
 */
#ifndef UREG_APP_NOTIFY_H
#define UREG_APP_NOTIFY_H

#include "app/app.h"
#include "store/notify.h"

#include <stddef.h>
#include <stdint.h>

/* A way to tell the person: send returns 0 when delivered, else a negative error with a short
 * reason in err (no personal data). */
struct notifier {
    int (*send)(void *ctx, const struct notify_row *n, char *err, size_t errlen);
    void *ctx;
};

/* The log notifier: writes one info line (module "notify") and succeeds. */
const struct notifier *notify_log(void);

/* The delay before the next attempt after `attempts` failed ones (seconds): 60 s doubled per
 * attempt, capped at 6 h, no jitter. */
int64_t notify_retry_after(int attempts);

/*
 * Send the notifications due at `now` through `nf` (NULL: the log notifier): each one in its own
 * transaction marked sent, or failed with its next attempt. *sent and *failed (may be NULL) get
 * the counts. Returns 0 or a store error.
 */
int app_notify_run(struct app *a, const struct notifier *nf, int64_t now, int *sent, int *failed);

#endif
