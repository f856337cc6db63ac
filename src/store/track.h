/*
 * track.h — the tracked services of a registration (track_item, track_step; rules/track holds
 * their state machines). Items are read scoped like every case read: by the caller's
 * jurisdiction prefix against the registration's scope_region. Writes take the caller's clock
 * reading and run inside its write transaction. No personal data here.
 */
#ifndef UREG_STORE_TRACK_H
#define UREG_STORE_TRACK_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct track_item {
    int64_t id, registration_id, parent_id, created_by; /* parent_id 0: none */
    const char *scope_region, *kind, *subject, *code, *detail, *status;
    const char *opened_on, *due_on, *closed_on; /* due_on, closed_on NULL when unset */
    const char *created_at;
    int64_t amount; /* < 0: none */
};

/* Insert an item (it->id ignored) and its first step (status it->status on it->opened_on, note
 * `note`), stamped `now_unix`; *id gets the item's id. */
int store_track_insert(struct store_conn *c, const struct track_item *it, const char *note,
                       int64_t now_unix, int64_t *id);

/* Record a step of item `id` and carry its status and dates onto the item (due_on, closed_on
 * NULL to clear). */
int store_track_step(struct store_conn *c, int64_t id, const char *status, const char *on,
                     const char *note, const char *due_on, const char *closed_on, int64_t by,
                     int64_t now_unix);

/* Item `id` of registration `reg_id`; strings from `ar`. -ERR_NOT_FOUND otherwise. */
int store_track_get(struct store_conn *c, int64_t reg_id, int64_t id, struct arena *ar,
                    struct track_item *out);

/* How many items under plan `parent_id` are not closed. */
int store_track_open_children(struct store_conn *c, int64_t parent_id, int64_t *n);

/* The day of the item's latest step (YYYY-MM-DD into day, 16 bytes). */
int store_track_last_step_on(struct store_conn *c, int64_t id, char *day);

/* Each item of registration `reg_id`, newest first; strings valid during the call. A non-zero
 * return from fn stops the walk and is returned. */
int store_track_each(struct store_conn *c, int64_t reg_id,
                     int (*fn)(const struct track_item *it, void *arg), void *arg);

struct track_step_row {
    int64_t id, created_by;
    const char *status, *on_date, *note, *created_at;
};

/* Each step of item `id`, oldest first; as store_track_each. */
int store_track_steps_each(struct store_conn *c, int64_t id,
                           int (*fn)(const struct track_step_row *s, void *arg), void *arg);

#endif
