/*
 * notify.h — the notifications owed for exits (040's notification table) as the sender works
 * them: the due ones read, each marked sent (and its registration's exit_notified set) or failed
 * with the time of its next attempt. Inside the caller's transaction, with the `now` it passes.
 */
#ifndef UREG_STORE_NOTIFY_H
#define UREG_STORE_NOTIFY_H

#include "store/db.h"

#include <stdint.h>

struct notify_row {
    int64_t id, exit_id, registration_id;
    int attempts;
    const char *channel, *text; /* valid until the callback returns */
};

/* Call fn for the pending or failed notifications whose next attempt is due at `now_unix`, oldest
 * first, at most `limit`. Returns the count or a negative error (fn's stops it). */
int store_notify_due(struct store_conn *c, int64_t now_unix, int limit,
                     int (*fn)(const struct notify_row *n, void *arg), void *arg);

/* Notification `id` sent at `now_unix` (one more attempt); its registration's exit_notified 1.
 * -ERR_CONFLICT when it was not pending or failed (sent or cancelled meanwhile). */
int store_notify_sent(struct store_conn *c, int64_t id, int64_t now_unix);

/* Notification `id` failed (one more attempt): status failed, next attempt at `next_unix`, the
 * error text (no personal data). -ERR_CONFLICT as store_notify_sent. */
int store_notify_failed(struct store_conn *c, int64_t id, int64_t next_unix, const char *error);

#endif
