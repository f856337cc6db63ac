/*
 * notify.h — the sender of the notifications owed for exits (notice §5 以适当方式予以告知): a
 * notifier interface and the log notifier (the default: one log line per notification, with its
 * id, its exit and the channel, no personal data), and the run that sends the due ones, retried
 * with exponential backoff (rules/xmsg's xmsg_backoff_ms) and never sent twice; and the sender
 * thread of `ureg serve`, which runs that every few seconds. The SMS-gateway notifier is
 * app/smsgw. A notifier that needs the phone number gets it decrypted for its one send
 * (store_person_phone), wiped right after; it is never logged.
 */
#ifndef UREG_APP_NOTIFY_H
#define UREG_APP_NOTIFY_H

#include "app/app.h"
#include "store/notify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A way to tell the person: send returns 0 when delivered, else a negative error with a short
 * reason in err (no personal data). `phone` is the person's number when needs_phone, else NULL;
 * it is valid for the call only. `channel` is what the notification row records ("log",
 * "sms"). */
struct notifier {
    const char *channel;
    bool needs_phone;
    int (*send)(void *ctx, const struct notify_row *n, const char *phone, char *err, size_t errlen);
    void *ctx;
};

/* The stated reason of the audited read of the phone for a send (person.reveal by
 * system:notify on the registration). */
#define NOTIFY_REVEAL_REASON "告知注销 exit notification"

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

/*
 * The sender of `ureg serve`: a thread that runs app_notify_run through `nf` at once and then
 * every `interval_s` seconds (of the real clock; the due times are read from base/clock's now,
 * so under --dev a fixed UREG_NOW makes a failed one due again only in a later run), logging the
 * counts of a run that sent or failed any. The caller keeps `a` and `nf` alive until
 * notify_sender_stop, which wakes the thread, waits for the send in flight (at most the
 * notifier's timeout) and frees the sender. NULL when the thread cannot be started.
 */
struct notify_sender;
struct notify_sender *notify_sender_start(struct app *a, const struct notifier *nf, int interval_s);
void notify_sender_stop(struct notify_sender *s);

#endif
