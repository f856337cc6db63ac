/*
 * compare.c (store) — the reads of `ureg compare`; see store/compare.h.
 */
#include "store/compare.h"

#include "base/arena.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "store/pii.h"

#include <stdio.h>
#include <string.h>

static const char SQL_COMPARE_REGS[] =
    "SELECT id, application_id, person_id, registered_on FROM registration"
    " WHERE id > $1 AND status = 'active' ORDER BY id LIMIT $2";
static const char SQL_COMPARE_KEYS_BY_KEY[] =
    "SELECT id, person_key FROM person WHERE person_key > $1 ORDER BY person_key LIMIT $2";
static const char SQL_COMPARE_KEYS_BY_ID[] =
    "SELECT id, person_key FROM person WHERE id > $1 ORDER BY id LIMIT $2";

static const char SQL_COMPARE_SOURCE_ROWS[] =
    "SELECT count(*) FROM (SELECT 1 FROM ref_record WHERE source = $1 LIMIT 1) x";

static const char SQL_VERIFICATION_LAST[] =
    "SELECT result, evidence FROM verification WHERE application_id = $1 AND check_name = $2"
    " ORDER BY id DESC LIMIT 1";

static const char SQL_COMPARE_REGS_PLAIN[] =
    "SELECT r.id, p.id, p.key_version, p.id_number, r.registered_on"
    " FROM registration r JOIN person p ON p.id = r.person_id"
    " WHERE r.id > $1 AND r.status = 'active' ORDER BY r.id LIMIT $2";

int store_compare_regs_plain_page(struct store_conn *c, int64_t after_id, int max,
                                  int (*fn)(int64_t reg_id, const char *id_number,
                                            const char *registered_on, void *arg),
                                  void *arg)
{
    struct store_q *q = store_q_open(c, SQL_COMPARE_REGS_PLAIN);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, max);
    struct arena ar;
    arena_init(&ar);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *plain = NULL, *on = store_q_col_text(q, 4);
        rc = store__pii_open("person", "id_number", store_q_col_int(q, 1),
                             (int)store_q_col_int(q, 2), store_q_col_text(q, 3), &ar, &plain);
        if (rc < 0)
            break;
        n++;
        rc = fn(store_q_col_int(q, 0), plain, on ? on : "", arg);
        arena_reset(&ar);
        if (rc != 0)
            break;
    }
    arena_free(&ar);
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_compare_regs_page(struct store_conn *c, int64_t after_id, int max,
                            int (*fn)(const struct compare_reg_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_COMPARE_REGS);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, max);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *on = store_q_col_text(q, 3);
        struct compare_reg_row r = {.id = store_q_col_int(q, 0),
                                    .application_id = store_q_col_int(q, 1),
                                    .person_id = store_q_col_int(q, 2),
                                    .registered_on = on ? on : ""};
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_compare_keys_page(struct store_conn *c, struct compare_keys_cursor *cur, int max,
                            int (*fn)(int64_t person_id, const char *person_key, void *arg),
                            void *arg)
{
    bool by_id = strcmp(store_conn_dialect(c), "sqlite") != 0;
    struct store_q *q = store_q_open(c, by_id ? SQL_COMPARE_KEYS_BY_ID : SQL_COMPARE_KEYS_BY_KEY);
    if (by_id)
        store_q_int(q, 1, cur->id);
    else
        store_q_text(q, 1, cur->key);
    store_q_int(q, 2, max);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *key = store_q_col_text(q, 1);
        int64_t id = store_q_col_int(q, 0);
        cur->id = id;
        snprintf(cur->key, sizeof cur->key, "%s", key ? key : "");
        n++;
        if (fn(id, key ? key : "", arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_compare_source_has_rows(struct store_conn *c, const char *source)
{
    int64_t n = 0;
    struct store_q *q = store_q_open(c, SQL_COMPARE_SOURCE_ROWS);
    store_q_text(q, 1, source);
    int rc = store_q_one_int(q, &n, -ERR_INTERNAL);
    return rc < 0 ? rc : n > 0;
}

int store_verification_last(struct store_conn *c, int64_t application_id, const char *check_name,
                            char *result, size_t rsz, char **evidence)
{
    *evidence = NULL;
    struct store_q *q = store_q_open(c, SQL_VERIFICATION_LAST);
    store_q_int(q, 1, application_id);
    store_q_text(q, 2, check_name);
    int rc = store_q_step(q);
    if (rc == 1) {
        const char *r = store_q_col_text(q, 0), *e = store_q_col_text(q, 1);
        snprintf(result, rsz, "%s", r ? r : "");
        *evidence = xstrdup(e ? e : "");
    }
    store_q_close(q);
    return rc;
}
