/*
 * usage.c — reads of a person's data, from the audit log. See usage.h.
 *
 * Load: a person has a handful of applications; each is a range probe of audit_object
 * (object_type, object_id), and the page is at most 100 rows.
 */
#include "store/usage.h"

#include "base/err.h"

static const char SQL_USAGE_EACH[] =
    "SELECT l.at, l.actor, COALESCE(g.name, ''), l.action, l.detail, l.object_type, l.object_id"
    " FROM audit_log l LEFT JOIN app_user u ON u.id = l.actor_id"
    " LEFT JOIN agency g ON g.id = u.agency_id"
    " WHERE ((l.object_type = 'application'"
    " AND l.object_id IN (SELECT application_no FROM application WHERE person_id = $1))"
    " OR (l.object_type = 'registration'"
    " AND l.object_id IN (SELECT registration_no FROM registration WHERE person_id = $1)))"
    " AND l.action IN ('person.read', 'person.reveal')"
    " ORDER BY l.id DESC LIMIT $2";

int store_usage_each(struct store_conn *c, int64_t person_id, int limit,
                     int (*fn)(const struct usage_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_USAGE_EACH);
    store_q_int(q, 1, person_id);
    store_q_int(q, 2, limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct usage_row r = {store_q_col_text(q, 0), store_q_col_text(q, 1),
                              store_q_col_text(q, 2), store_q_col_text(q, 3),
                              store_q_col_text(q, 4), store_q_col_text(q, 5),
                              store_q_col_text(q, 6)};
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
