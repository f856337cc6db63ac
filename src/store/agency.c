/*
 * agency.c — agencies. See agency.h. A province holds a few thousand agencies at most.
 */
#include "store/agency.h"

#include "base/clock.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

static const char SQL_AGENCY_INSERT[] =
    "INSERT INTO agency (name, region, kind, address, phone, items, created_at)"
    " SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM region WHERE code = $2)"
    " RETURNING id";
static const char SQL_AGENCY_GET[] =
    "SELECT id, name, region, kind, address, phone, items FROM agency WHERE id = $1";
static const char SQL_AGENCY_FIND[] = "SELECT id FROM agency WHERE name = $1 AND region = $2";
static const char SQL_AGENCY_EACH[] =
    "SELECT id, name, region, kind, address, phone, items FROM agency"
    " WHERE substr(region, 1, length($1)) = $1 ORDER BY region, id LIMIT $2";

static void agency__copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void agency__row(struct store_q *q, struct agency *a)
{
    a->id = store_q_col_int(q, 0);
    agency__copy(a->name, sizeof a->name, store_q_col_text(q, 1));
    agency__copy(a->region, sizeof a->region, store_q_col_text(q, 2));
    agency__copy(a->kind, sizeof a->kind, store_q_col_text(q, 3));
    agency__copy(a->address, sizeof a->address, store_q_col_text(q, 4));
    agency__copy(a->phone, sizeof a->phone, store_q_col_text(q, 5));
    agency__copy(a->items, sizeof a->items, store_q_col_text(q, 6));
}

int store_agency_insert(struct store_conn *c, const struct agency *a, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_AGENCY_INSERT);
    char now[CLOCK_STRLEN];
    clock_format(clock_now(), now);
    store_q_text(q, 1, a->name);
    store_q_text(q, 2, a->region);
    store_q_text(q, 3, a->kind);
    store_q_text(q, 4, a->address);
    store_q_text(q, 5, a->phone);
    store_q_text(q, 6, a->items[0] ? a->items : "[]");
    store_q_text(q, 7, now);
    return store_q_one_int(q, id, -ERR_REGION_INVALID);
}

int store_agency_get(struct store_conn *c, int64_t id, struct agency *a)
{
    struct store_q *q = store_q_open(c, SQL_AGENCY_GET);
    store_q_int(q, 1, id);
    int rc = store_q_step(q);
    if (rc == 1) {
        agency__row(q, a);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_AGENCY_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_agency_find(struct store_conn *c, const char *name, const char *region, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_AGENCY_FIND);
    store_q_text(q, 1, name);
    store_q_text(q, 2, region);
    return store_q_one_int(q, id, -ERR_NOT_FOUND);
}

int store_agency_each(struct store_conn *c, const char *region_prefix, int limit,
                      int (*fn)(const struct agency *a, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AGENCY_EACH);
    store_q_text(q, 1, region_prefix);
    store_q_int(q, 2, limit);
    int rc, n = 0;
    struct agency a;
    while ((rc = store_q_step(q)) == 1) {
        agency__row(q, &a);
        n++;
        if (fn(&a, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
