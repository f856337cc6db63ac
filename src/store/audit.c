/*
 * audit.c — the append-only audit log. See audit.h. One insert per audited action; reads are
 * rare (auditors, tests).
 */
#include "store/audit.h"

#include "base/clock.h"

static const char SQL_AUDIT_APPEND[] =
    "INSERT INTO audit_log (at, actor_id, actor, action, object_type, object_id, remote, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_AUDIT_OBJECT[] =
    "SELECT id, at, actor, action, object_type, object_id, remote, detail FROM audit_log"
    " WHERE object_type = $1 AND object_id = $2 ORDER BY id LIMIT $3";
static const char SQL_AUDIT_ALL[] =
    "SELECT id, at, actor, action, object_type, object_id, remote, detail FROM audit_log"
    " ORDER BY id DESC LIMIT $1";

static const char SQL_AUDIT_LATEST_TYPE[] =
    "SELECT id, at, actor, action, object_type, object_id, remote, detail FROM audit_log"
    " WHERE object_type = $1 ORDER BY id DESC LIMIT $2";

int store_audit_append(struct store_conn *c, int64_t now_unix, const struct audit_entry *e)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_AUDIT_APPEND);
    store_q_text(q, 1, clock_format(now_unix, now));
    if (e->actor_id)
        store_q_int(q, 2, e->actor_id);
    else
        store_q_null(q, 2);
    store_q_text(q, 3, e->actor ? e->actor : "system");
    store_q_text(q, 4, e->action);
    store_q_text(q, 5, e->object_type ? e->object_type : "");
    store_q_text(q, 6, e->object_id ? e->object_id : "");
    store_q_text(q, 7, e->remote ? e->remote : "");
    store_q_text(q, 8, e->detail ? e->detail : "{}");
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* Step q over audit_log rows (the columns of the SELECTs above), calling fn for each until it
 * returns non-zero; closes q. Returns the rows seen or a negative error. */
static int audit__rows(struct store_q *q, int (*fn)(const struct audit_row *r, void *arg),
                       void *arg)
{
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct audit_row r = {
            .id = store_q_col_int(q, 0),
            .at = store_q_col_text(q, 1),
            .actor = store_q_col_text(q, 2),
            .action = store_q_col_text(q, 3),
            .object_type = store_q_col_text(q, 4),
            .object_id = store_q_col_text(q, 5),
            .remote = store_q_col_text(q, 6),
            .detail = store_q_col_text(q, 7),
        };
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_audit_each(struct store_conn *c, const char *object_type, const char *object_id,
                     int limit, int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_q *q;
    if (object_type) {
        q = store_q_open(c, SQL_AUDIT_OBJECT);
        store_q_text(q, 1, object_type);
        store_q_text(q, 2, object_id ? object_id : "");
        store_q_int(q, 3, limit);
    } else {
        q = store_q_open(c, SQL_AUDIT_ALL);
        store_q_int(q, 1, limit);
    }
    return audit__rows(q, fn, arg);
}

int store_audit_latest_of_type(struct store_conn *c, const char *object_type, int limit,
                               int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_LATEST_TYPE);
    store_q_text(q, 1, object_type);
    store_q_int(q, 2, limit);
    return audit__rows(q, fn, arg);
}
