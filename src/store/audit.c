/*
 * audit.c — the append-only audit log as a hash chain. See audit.h.
 *
 * Appending takes the next place by updating the single `audit_chain` row (its row lock, held
 * to commit, is what orders concurrent writers on PostgreSQL; on SQLite the write transaction
 * already does), then reads the previous entry's hash in a statement of its own (see
 * SQL_AUDIT_PREV), and inserts the entry with its place and hash. Reads are rare (auditors,
 * tests, /metrics, `ureg audit verify`, which pages through the chain by place).
 */
#include "store/audit.h"

#include "base/clock.h"
#include "base/err.h"
#include "rules/auditchain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT__COLS                                                                                \
    "id, at, actor, action, object_type, object_id, remote, detail, actor_id, seq, hash"

_Static_assert(AUDITCHAIN_HASH == STORE_AUDIT_HASH, "the cached hash is an audit chain hash");

static const char SQL_AUDIT_TAKE[] =
    "UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq";
/* The same step when the transaction already knows where it lands (audit__take). */
static const char SQL_AUDIT_STEP[] = "UPDATE audit_chain SET seq = seq + 1 WHERE id = 1";
/* A statement of its own, after the UPDATE: on PostgreSQL (READ COMMITTED) a statement sees what
 * was committed when it began, so a subquery of the UPDATE that waited for the chain row's lock
 * would not see the entry its predecessor committed while it waited, and would link to nothing. */
static const char SQL_AUDIT_PREV[] = "SELECT hash FROM audit_log WHERE seq = $1";
static const char SQL_AUDIT_APPEND[] =
    "INSERT INTO audit_log (at, actor_id, actor, action, object_type, object_id, remote, detail,"
    " seq, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char SQL_AUDIT_OBJECT[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                       " WHERE object_type = $1 AND object_id = $2 ORDER BY id"
                                       " LIMIT $3";
static const char SQL_AUDIT_ALL[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                    " ORDER BY id DESC LIMIT $1";
static const char SQL_AUDIT_LATEST_TYPE[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                            " WHERE object_type = $1 ORDER BY id DESC LIMIT $2";
static const char SQL_AUDIT_CHAIN_PAGE[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                           " WHERE seq > $1 ORDER BY seq LIMIT $2";
static const char SQL_AUDIT_RANGE[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                      " WHERE id >= $1 AND ($2 = 0 OR id <= $2) ORDER BY id"
                                      " LIMIT $3";
static const char SQL_AUDIT_UNCHAINED[] = "SELECT " AUDIT__COLS " FROM audit_log"
                                          " WHERE (seq IS NULL OR hash IS NULL) AND id > $1"
                                          " ORDER BY id LIMIT $2";
static const char SQL_AUDIT_LEGACY_NEXT[] =
    "SELECT " AUDIT__COLS " FROM audit_log"
    " WHERE id > $1 AND hash IS NULL AND id <= (SELECT legacy_max_id FROM audit_chain"
    " WHERE id = 1) ORDER BY id LIMIT 1";
static const char SQL_AUDIT_SEAL[] = "UPDATE audit_log SET seq = $1, hash = $2 WHERE id = $3";
static const char SQL_AUDIT_HEAD[] =
    "SELECT c.seq, l.hash FROM audit_chain c LEFT JOIN audit_log l ON l.seq = c.seq"
    " WHERE c.id = 1";
static const char SQL_AUDIT_SIGN[] =
    "INSERT INTO audit_signature (seq, hash, signed_at, key_id, signature)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING";
static const char SQL_AUDIT_LAST_SIGNED[] = "SELECT COALESCE(MAX(seq), 0) FROM audit_signature";
static const char SQL_AUDIT_SIGNATURES[] =
    "SELECT seq, hash, signed_at, key_id, signature FROM audit_signature"
    " WHERE seq > $1 ORDER BY seq LIMIT $2";

/* Take the next place of the chain: *seq, and the previous entry's hash in prev (zeros when
 * there is none). Returns 0, -ERR_INTERNAL when the chain row is missing, or a store error. */
static int audit__take(struct store_conn *c, int64_t *seq, unsigned char prev[AUDITCHAIN_HASH],
                       bool *has_prev)
{
    /* This transaction appended last at `last` and holds the chain row since (its row lock on
     * PostgreSQL, the write lock on SQLite): the next place is last + 1 and its predecessor's
     * hash is known, so the step need not be waited for. */
    int64_t last = store__audit_last_seq(c);
    if (last > 0 && store__audit_last_get(c, last, prev)) {
        *seq = last + 1;
        *has_prev = true;
        return store_q_later(store_q_open(c, SQL_AUDIT_STEP));
    }
    int rc = store_q_one_int(store_q_open(c, SQL_AUDIT_TAKE), seq, -ERR_INTERNAL);
    *has_prev = false;
    if (rc < 0 || *seq <= 1)
        return rc; /* -ERR_INTERNAL: no chain row (migration 031 inserts it) */
    struct store_q *q = store_q_open(c, SQL_AUDIT_PREV);
    store_q_int(q, 1, *seq - 1);
    rc = store_q_step(q);
    if (rc == 1) {
        const char *h = store_q_col_text(q, 0);
        *has_prev = h && auditchain_from_hex(h, prev) == 0;
        rc = *has_prev ? 0 : -ERR_AUDIT_BROKEN;
    } else if (rc == 0) {
        rc = -ERR_AUDIT_BROKEN; /* the place before ours holds no entry */
    }
    store_q_close(q);
    return rc;
}

static void audit__fields(const struct audit_entry *e, const char *at, int64_t seq,
                          struct auditchain_fields *f)
{
    *f = (struct auditchain_fields){
        .seq = seq,
        .at = at,
        .has_actor_id = e->actor_id != 0,
        .actor_id = e->actor_id,
        .actor = e->actor ? e->actor : "system",
        .action = e->action,
        .object_type = e->object_type ? e->object_type : "",
        .object_id = e->object_id ? e->object_id : "",
        .remote = e->remote ? e->remote : "",
        .detail = e->detail ? e->detail : "{}",
    };
}

/* The append itself, inside the caller's transaction. */
static int audit__append(struct store_conn *c, int64_t now_unix, const struct audit_entry *e)
{
    char now[CLOCK_STRLEN], hex[AUDITCHAIN_HEX];
    unsigned char prev[AUDITCHAIN_HASH], h[AUDITCHAIN_HASH];
    int64_t seq = 0;
    bool has_prev = false;
    int rc = audit__take(c, &seq, prev, &has_prev);
    if (rc < 0)
        return rc;
    struct auditchain_fields f;
    audit__fields(e, clock_format(now_unix, now), seq, &f);
    auditchain_hash(has_prev ? prev : NULL, &f, h);
    auditchain_to_hex(h, hex);
    struct store_q *q = store_q_open(c, SQL_AUDIT_APPEND);
    store_q_text(q, 1, f.at);
    if (f.has_actor_id)
        store_q_int(q, 2, f.actor_id);
    else
        store_q_null(q, 2);
    store_q_text(q, 3, f.actor);
    store_q_text(q, 4, f.action);
    store_q_text(q, 5, f.object_type);
    store_q_text(q, 6, f.object_id);
    store_q_text(q, 7, f.remote);
    store_q_text(q, 8, f.detail);
    store_q_int(q, 9, seq);
    store_q_text(q, 10, hex);
    rc = store_q_later(q);
    if (rc == 0)
        store__audit_last_set(c, seq, h);
    return rc < 0 ? rc : 0;
}

int store_audit_append(struct store_conn *c, int64_t now_unix, const struct audit_entry *e)
{
    if (store_tx_active(c))
        return audit__append(c, now_unix, e);
    /* Alone (e.g. an audited refusal): its own write transaction, so that the place taken and
     * the entry commit together. */
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = audit__append(c, now_unix, e);
    return store_tx_end(c, rc);
}

/* The audit_row of the current row of q (the AUDIT__COLS columns). */
static struct audit_row audit__row(struct store_q *q)
{
    return (struct audit_row){
        .id = store_q_col_int(q, 0),
        .at = store_q_col_text(q, 1),
        .actor = store_q_col_text(q, 2),
        .action = store_q_col_text(q, 3),
        .object_type = store_q_col_text(q, 4),
        .object_id = store_q_col_text(q, 5),
        .remote = store_q_col_text(q, 6),
        .detail = store_q_col_text(q, 7),
        .has_actor_id = !store_q_col_null(q, 8),
        .actor_id = store_q_col_int(q, 8),
        .seq = store_q_col_null(q, 9) ? 0 : store_q_col_int(q, 9),
        .hash = store_q_col_text(q, 10),
    };
}

/* Step q over audit_log rows (the AUDIT__COLS columns), calling fn for each until it returns
 * non-zero; closes q. Returns the rows seen or a negative error. */
static int audit__rows(struct store_q *q, int (*fn)(const struct audit_row *r, void *arg),
                       void *arg)
{
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct audit_row r = audit__row(q);
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

int store_audit_chain_page(struct store_conn *c, int64_t after_seq, int limit,
                           int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_CHAIN_PAGE);
    store_q_int(q, 1, after_seq);
    store_q_int(q, 2, limit);
    return audit__rows(q, fn, arg);
}

int store_audit_range(struct store_conn *c, int64_t from_id, int64_t to_id, int limit,
                      int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_RANGE);
    store_q_int(q, 1, from_id);
    store_q_int(q, 2, to_id);
    store_q_int(q, 3, limit);
    return audit__rows(q, fn, arg);
}

int store_audit_unchained_page(struct store_conn *c, int64_t after_id, int limit,
                               int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_UNCHAINED);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, limit);
    return audit__rows(q, fn, arg);
}

/* Chain one legacy row (found by SQL_AUDIT_LEGACY_NEXT after *after_id): 1 when one was
 * chained (*after_id moves to it), 0 when none is left, or a negative error. */
static int audit__seal_next(struct store_conn *c, int64_t *after_id)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_LEGACY_NEXT);
    store_q_int(q, 1, *after_id);
    int rc = store_q_step(q);
    if (rc != 1) {
        store_q_close(q);
        return rc;
    }
    struct audit_row r = audit__row(q);
    struct auditchain_fields f = {
        .at = r.at,
        .has_actor_id = r.has_actor_id,
        .actor_id = r.actor_id,
        .actor = r.actor,
        .action = r.action,
        .object_type = r.object_type,
        .object_id = r.object_id,
        .remote = r.remote,
        .detail = r.detail,
    };
    unsigned char prev[AUDITCHAIN_HASH], h[AUDITCHAIN_HASH];
    char hex[AUDITCHAIN_HEX];
    bool has_prev = false;
    int64_t id = r.id;
    rc = audit__take(c, &f.seq, prev, &has_prev);
    if (rc == 0) {
        auditchain_hash(has_prev ? prev : NULL, &f, h);
        auditchain_to_hex(h, hex);
    }
    store_q_close(q); /* the row's text was used above */
    if (rc < 0)
        return rc;
    q = store_q_open(c, SQL_AUDIT_SEAL);
    store_q_int(q, 1, f.seq);
    store_q_text(q, 2, hex);
    store_q_int(q, 3, id);
    rc = store_q_done(q);
    if (rc >= 0)
        store__audit_last_set(c, f.seq, h); /* the next take starts from here (audit__take) */
    *after_id = id;
    return rc < 0 ? rc : 1;
}

int store_audit_seal_legacy(struct store_conn *c)
{
    int64_t after = 0;
    int n = 0, rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    while ((rc = audit__seal_next(c, &after)) == 1)
        n++;
    rc = store_tx_end(c, rc);
    return rc < 0 ? rc : n;
}

int store_audit_head(struct store_conn *c, int64_t *seq, char hash[AUDITCHAIN_HEX])
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_HEAD);
    int rc = store_q_step(q);
    hash[0] = '\0';
    if (rc == 1) {
        *seq = store_q_col_int(q, 0);
        const char *h = store_q_col_text(q, 1);
        snprintf(hash, AUDITCHAIN_HEX, "%s", h ? h : "");
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_INTERNAL;
    }
    store_q_close(q);
    return rc;
}

int store_audit_sign_insert(struct store_conn *c, const struct audit_signature *sg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_SIGN);
    store_q_int(q, 1, sg->seq);
    store_q_text(q, 2, sg->hash);
    store_q_text(q, 3, sg->signed_at);
    store_q_text(q, 4, sg->key_id);
    store_q_text(q, 5, sg->signature);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_audit_last_signed(struct store_conn *c, int64_t *seq)
{
    return store_q_one_int(store_q_open(c, SQL_AUDIT_LAST_SIGNED), seq, -ERR_INTERNAL);
}

int store_audit_signature_page(struct store_conn *c, int64_t after_seq, int limit,
                               int (*fn)(const struct audit_signature *s, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_AUDIT_SIGNATURES);
    store_q_int(q, 1, after_seq);
    store_q_int(q, 2, limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct audit_signature s = {
            .seq = store_q_col_int(q, 0),
            .hash = store_q_col_text(q, 1),
            .signed_at = store_q_col_text(q, 2),
            .key_id = store_q_col_text(q, 3),
            .signature = store_q_col_text(q, 4),
        };
        n++;
        if (fn(&s, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
