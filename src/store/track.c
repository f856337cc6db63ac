/*
 * track.c — tracked services in the store. See track.h.
 *
 * Scope test as in application.c (`scope_region BETWEEN $scope AND $scope || '~'`). An item's
 * row carries its latest status so that lists and due dates are one index read
 * (track_item_registration, track_item_due); its steps are the history.
 */
#include "store/track.h"

#include "base/clock.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

static const char SQL_TRACK_INSERT[] =
    "INSERT INTO track_item (registration_id, scope_region, kind, parent_id, subject, code,"
    " amount, detail, status, opened_on, due_on, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
static const char SQL_TRACK_STEP_INSERT[] =
    "INSERT INTO track_step (item_id, status, on_date, note, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_TRACK_ITEM_MOVE[] =
    "UPDATE track_item SET status = $2, due_on = $3, closed_on = $4 WHERE id = $1";
#define TRACK__COLS                                                                                \
    "t.id, t.registration_id, t.parent_id, t.created_by, t.scope_region, t.kind, t.subject,"       \
    " t.code, t.detail, t.status, t.opened_on, t.due_on, t.closed_on, t.created_at, t.amount"
static const char SQL_TRACK_GET[] = "SELECT " TRACK__COLS " FROM track_item t"
                                    " WHERE t.registration_id = $1 AND t.id = $2";
static const char SQL_TRACK_EACH[] = "SELECT " TRACK__COLS " FROM track_item t"
                                     " WHERE t.registration_id = $1 ORDER BY t.id DESC";
static const char SQL_TRACK_OPEN_CHILDREN[] =
    "SELECT COUNT(*) FROM track_item WHERE parent_id = $1 AND closed_on IS NULL";
static const char SQL_TRACK_LAST_STEP[] = "SELECT MAX(on_date) FROM track_step WHERE item_id = $1";
static const char SQL_TRACK_STEPS[] =
    "SELECT id, created_by, status, on_date, note, created_at FROM track_step"
    " WHERE item_id = $1 ORDER BY id";

static const char *track__s(const char *s)
{
    return s ? s : "";
}

static void track__bind_id(struct store_q *q, int idx, int64_t v)
{
    if (v > 0)
        store_q_int(q, idx, v);
    else
        store_q_null(q, idx);
}

/* The step row that opens or moves an item. */
static int track__step_insert(struct store_conn *c, int64_t id, const char *status, const char *on,
                              const char *note, int64_t by, const char *now)
{
    struct store_q *q = store_q_open(c, SQL_TRACK_STEP_INSERT);
    store_q_int(q, 1, id);
    store_q_text(q, 2, status);
    store_q_text(q, 3, on);
    store_q_text(q, 4, track__s(note));
    track__bind_id(q, 5, by);
    store_q_text(q, 6, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_track_insert(struct store_conn *c, const struct track_item *it, const char *note,
                       int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN];
    clock_format(now_unix, now);
    struct store_q *q = store_q_open(c, SQL_TRACK_INSERT);
    store_q_int(q, 1, it->registration_id);
    store_q_text(q, 2, it->scope_region);
    store_q_text(q, 3, it->kind);
    track__bind_id(q, 4, it->parent_id);
    store_q_text(q, 5, track__s(it->subject));
    store_q_text(q, 6, track__s(it->code));
    if (it->amount >= 0)
        store_q_int(q, 7, it->amount);
    else
        store_q_null(q, 7);
    store_q_text(q, 8, it->detail ? it->detail : "{}");
    store_q_text(q, 9, it->status);
    store_q_text(q, 10, it->opened_on);
    store_q_text(q, 11, it->due_on);
    track__bind_id(q, 12, it->created_by);
    store_q_text(q, 13, now);
    int rc = store_q_one_int(q, id, -ERR_INTERNAL);
    if (rc == 0)
        rc = track__step_insert(c, *id, it->status, it->opened_on, note, it->created_by, now);
    return rc;
}

int store_track_step(struct store_conn *c, int64_t id, const char *status, const char *on,
                     const char *note, const char *due_on, const char *closed_on, int64_t by,
                     int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    clock_format(now_unix, now);
    int rc = track__step_insert(c, id, status, on, note, by, now);
    if (rc < 0)
        return rc;
    struct store_q *q = store_q_open(c, SQL_TRACK_ITEM_MOVE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, status);
    store_q_text(q, 3, due_on);
    store_q_text(q, 4, closed_on);
    rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* The row of TRACK__COLS at q into *it; strings are q's. */
static void track__row(struct store_q *q, struct track_item *it)
{
    it->id = store_q_col_int(q, 0);
    it->registration_id = store_q_col_int(q, 1);
    it->parent_id = store_q_col_int(q, 2);
    it->created_by = store_q_col_int(q, 3);
    const char **text[] = {&it->scope_region, &it->kind,      &it->subject,   &it->code,
                           &it->detail,       &it->status,    &it->opened_on, &it->due_on,
                           &it->closed_on,    &it->created_at};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = store_q_col_text(q, 4 + i);
    it->amount = store_q_col_null(q, 14) ? -1 : store_q_col_int(q, 14);
}

static const char *track__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

int store_track_get(struct store_conn *c, int64_t reg_id, int64_t id, struct arena *ar,
                    struct track_item *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_TRACK_GET);
    store_q_int(q, 1, reg_id);
    store_q_int(q, 2, id);
    int rc = store_q_step(q);
    if (rc == 1) {
        track__row(q, out);
        const char **text[] = {&out->scope_region, &out->kind,      &out->subject,   &out->code,
                               &out->detail,       &out->status,    &out->opened_on, &out->due_on,
                               &out->closed_on,    &out->created_at};
        for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
            *text[i] = track__dup(ar, *text[i]);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_track_open_children(struct store_conn *c, int64_t parent_id, int64_t *n)
{
    struct store_q *q = store_q_open(c, SQL_TRACK_OPEN_CHILDREN);
    store_q_int(q, 1, parent_id);
    return store_q_one_int(q, n, -ERR_INTERNAL);
}

int store_track_last_step_on(struct store_conn *c, int64_t id, char *day)
{
    struct store_q *q = store_q_open(c, SQL_TRACK_LAST_STEP);
    store_q_int(q, 1, id);
    int rc = store_q_step(q);
    if (rc == 1) {
        snprintf(day, 16, "%s", track__s(store_q_col_text(q, 0)));
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

/* Walk q's rows of TRACK__COLS into fn; closes q. */
static int track__walk(struct store_q *q, int (*fn)(const struct track_item *it, void *arg),
                       void *arg)
{
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct track_item it;
        track__row(q, &it);
        rc = fn(&it, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_track_each(struct store_conn *c, int64_t reg_id,
                     int (*fn)(const struct track_item *it, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_TRACK_EACH);
    store_q_int(q, 1, reg_id);
    return track__walk(q, fn, arg);
}

int store_track_steps_each(struct store_conn *c, int64_t id,
                           int (*fn)(const struct track_step_row *s, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_TRACK_STEPS);
    store_q_int(q, 1, id);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct track_step_row s = {
            .id = store_q_col_int(q, 0),
            .created_by = store_q_col_int(q, 1),
            .status = store_q_col_text(q, 2),
            .on_date = store_q_col_text(q, 3),
            .note = store_q_col_text(q, 4),
            .created_at = store_q_col_text(q, 5),
        };
        rc = fn(&s, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}
