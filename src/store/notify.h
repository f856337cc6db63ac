/*
 * notify.h — the notifications owed for exits (040's notification table) as the sender works
 * them: the due ones read, each claimed before its send (so two senders, `ureg serve`'s and a
 * cron `ureg notify run`, never send one twice), then marked sent (and its registration's
 * exit_notified set) or failed with the time of its next attempt, with the channel it went
 * through. Inside the caller's transaction, with the `now` it passes. System batch reads: not
 * scoped (the sender works every region's).
 */
#ifndef UREG_STORE_NOTIFY_H
#define UREG_STORE_NOTIFY_H

#include "base/arena.h"
#include "store/db.h"

#include <stdint.h>

struct notify_row {
    int64_t id, exit_id, registration_id, person_id;
    int attempts;
    const char *channel, *text, *registration_no; /* valid until the callback returns */
};

/* A notification as the case page shows it (strings from the caller's arena; NULL: not set). */
struct notify_view {
    const char *channel, *status, *last_error, *sent_at, *next_attempt_at, *text;
    int attempts;
};

/* The notification of exit `exit_id` into *out; -ERR_NOT_FOUND when the exit owes none. The
 * caller has checked the exit's registration against its scope. */
int store_notify_of_exit(struct store_conn *c, int64_t exit_id, struct arena *ar,
                         struct notify_view *out);

/* Call fn for the pending or failed notifications whose next attempt is due at `now_unix`, oldest
 * first, at most `limit`. Returns the count or a negative error (fn's stops it). */
int store_notify_due(struct store_conn *c, int64_t now_unix, int limit,
                     int (*fn)(const struct notify_row *n, void *arg), void *arg);

/* Claim notification `id` for one send: while it is still pending or failed and due at
 * `now_unix`, its next attempt moves to `until_unix` (a sender killed mid-send leaves it due
 * again then). -ERR_CONFLICT when another sender claimed it, or it was sent or cancelled. */
int store_notify_claim(struct store_conn *c, int64_t id, int64_t now_unix, int64_t until_unix);

/* Notification `id` sent through `channel` ("log" or "sms") at `now_unix` (one more attempt);
 * its registration's exit_notified 1. -ERR_CONFLICT when it was not pending or failed (sent or
 * cancelled meanwhile). */
int store_notify_sent(struct store_conn *c, int64_t id, const char *channel, int64_t now_unix);

/* Notification `id` failed through `channel` (one more attempt): status failed, next attempt at
 * `next_unix`, the error text (no personal data). -ERR_CONFLICT as store_notify_sent. */
int store_notify_failed(struct store_conn *c, int64_t id, const char *channel, int64_t next_unix,
                        const char *error);

#endif
