/*
 * meta.c — named settings. See meta.h. A handful of rows, read once at start-up.
 */
#include "store/meta.h"

#include "base/err.h"

#include <stdio.h>

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = $1";
static const char SQL_META_SET[] = "INSERT INTO meta (key, value) VALUES ($1, $2)"
                                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int store_meta_get(struct store_conn *c, const char *key, char *out, size_t outsz)
{
    struct store_q *q = store_q_open(c, SQL_META_GET);
    store_q_text(q, 1, key);
    int rc = store_q_step(q);
    if (rc == 1) {
        const char *v = store_q_col_text(q, 0);
        snprintf(out, outsz, "%s", v ? v : "");
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_meta_set(struct store_conn *c, const char *key, const char *value)
{
    struct store_q *q = store_q_open(c, SQL_META_SET);
    store_q_text(q, 1, key);
    store_q_text(q, 2, value);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}
