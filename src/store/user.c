/*
 * user.c — staff accounts, sessions, API tokens, failed logins. See user.h.
 *
 * Load: a session lookup on every authenticated request (one indexed primary-key read joined
 * to the user and agency); everything else is rare.
 */
#include "store/user.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "store/pii.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char SQL_USER_INSERT[] =
    "INSERT INTO app_user (username, password_hash, role, agency_id, created_at)"
    " SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM agency WHERE id = $4)"
    " RETURNING id";
/* The columns user__row reads, in its order. */
#define USER__COLS                                                                                 \
    "u.id, u.username, u.role, u.agency_id, a.region, u.disabled, u.password_hash,"                \
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, u.password_must_change"
static const char SQL_USER_BY_NAME[] =
    "SELECT " USER__COLS " FROM app_user u JOIN agency a ON a.id = u.agency_id"
    " WHERE u.username = $1";
static const char SQL_USER_BY_ID[] =
    "SELECT " USER__COLS " FROM app_user u JOIN agency a ON a.id = u.agency_id"
    " WHERE u.id = $1";
static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at, remote,"
    " last_seen_at, limited) VALUES ($1, $2, $3, $4, $5, $6, $4, $7)";
/* The password hash is not read with a session ('' in its place). */
static const char SQL_SESSION_GET[] =
    "SELECT u.id, u.username, u.role, u.agency_id, a.region, u.disabled, '',"
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, u.password_must_change, s.csrf_token,"
    " s.limited"
    " FROM session s JOIN app_user u ON u.id = s.user_id JOIN agency a ON a.id = u.agency_id"
    " WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled = 0";
static const char SQL_SESSION_TOUCH[] =
    "UPDATE session SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2 - 30";
static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM session WHERE user_id = $1 AND token_hash <> $2";
static const char SQL_SESSION_UNLIMIT[] = "UPDATE session SET limited = 0 WHERE token_hash = $1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE token_hash = $1";
static const char SQL_SESSION_PURGE[] = "DELETE FROM session WHERE expires_at <= $1";
static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_token (token_hash, user_id, label, created_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char SQL_TOKEN_GET[] =
    "SELECT u.id, u.username, u.role, u.agency_id, a.region, u.disabled, '',"
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, u.password_must_change,"
    " COALESCE(t.expires_at, 0)"
    " FROM api_token t JOIN app_user u ON u.id = t.user_id JOIN agency a ON a.id = u.agency_id"
    " WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
    " AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled = 0";
static const char SQL_FAILURE_ADD[] = "INSERT INTO login_failure (key, at) VALUES ($1, $2)";
static const char SQL_FAILURE_COUNT[] =
    "SELECT COUNT(*) FROM login_failure WHERE key = $1 AND at >= $2";
static const char SQL_FAILURE_CLEAR[] = "DELETE FROM login_failure WHERE key = $1";
static const char SQL_FAILURE_STATS[] =
    "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failure WHERE key = $1 AND at >= $2";
static const char SQL_USER_SET_PASSWORD[] =
    "UPDATE app_user SET password_hash = $2, password_changed_at = $3, password_must_change = $4"
    " WHERE id = $1";
static const char SQL_HISTORY_ADD[] =
    "INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)";
static const char SQL_HISTORY_EACH[] = "SELECT password_hash FROM password_history"
                                       " WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
/* The second factor at rest (store/pii): both secrets sealed under totp_key_version, bound to
 * (app_user, column, id, version); a write seals both again under the version in force. */
static const char SQL_TOTP_GET[] =
    "SELECT totp_secret, totp_pending, totp_last_step, totp_key_version FROM app_user"
    " WHERE id = $1";
static const char SQL_TOTP_WRITE[] =
    "UPDATE app_user SET totp_secret = $2, totp_pending = $3, totp_key_version = $4 WHERE id = $1";
static const char SQL_TOTP_USE[] =
    "UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2";
static const char SQL_TOTP_STEP[] = "UPDATE app_user SET totp_last_step = $2 WHERE id = $1";
static const char SQL_TOTP_CLEAR[] =
    "UPDATE app_user SET totp_secret = NULL, totp_pending = NULL WHERE id = $1";
/* key rotation and the conversion of secrets written in clear: the next users with a secret
 * not under version $2, and the rewrite of one unless it changed since it was read */
static const char SQL_TOTP_STALE[] =
    "SELECT id, totp_secret, totp_pending, totp_key_version FROM app_user"
    " WHERE id > $1 AND totp_key_version <> $2"
    " AND (totp_secret IS NOT NULL OR totp_pending IS NOT NULL) ORDER BY id LIMIT $3";
static const char SQL_TOTP_RESEAL[] =
    "UPDATE app_user SET totp_secret = $2, totp_pending = $3, totp_key_version = $4"
    " WHERE id = $1 AND totp_key_version = $5 AND COALESCE(totp_secret, '') = $6"
    " AND COALESCE(totp_pending, '') = $7";
static const char SQL_TOTP_STALE_COUNT[] =
    "SELECT COUNT(*) FROM app_user WHERE totp_key_version <> $1"
    " AND (totp_secret IS NOT NULL OR totp_pending IS NOT NULL)";

static void user__row(struct store_q *q, struct user *u)
{
    memset(u, 0, sizeof *u);
    u->id = store_q_col_int(q, 0);
    snprintf(u->username, sizeof u->username, "%s", store_q_col_text(q, 1));
    snprintf(u->role, sizeof u->role, "%s", store_q_col_text(q, 2));
    u->agency_id = store_q_col_int(q, 3);
    snprintf(u->region, sizeof u->region, "%s", store_q_col_text(q, 4));
    u->disabled = store_q_col_int(q, 5) != 0;
    snprintf(u->password_hash, sizeof u->password_hash, "%s", store_q_col_text(q, 6));
    u->totp_enabled = store_q_col_int(q, 7) != 0;
    u->password_must_change = store_q_col_int(q, 8) != 0;
}

/* Step a query expected to return at most one user row; `absent` is the error when none. */
static int user__one(struct store_q *q, struct user *u, int absent)
{
    int rc = store_q_step(q);
    if (rc == 1) {
        user__row(q, u);
        rc = 0;
    } else if (rc == 0) {
        rc = absent;
    }
    return rc;
}

int store_user_insert(struct store_conn *c, const char *username, const char *password_hash,
                      const char *role, int64_t agency_id, int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_USER_INSERT);
    store_q_text(q, 1, username);
    store_q_text(q, 2, password_hash);
    store_q_text(q, 3, role);
    store_q_int(q, 4, agency_id);
    store_q_text(q, 5, clock_format(clock_now(), now));
    int rc = store_q_step(q);
    if (rc == 1) {
        if (id)
            *id = store_q_col_int(q, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_AGENCY_NOT_FOUND;
    } else if (rc == -ERR_CONFLICT) {
        rc = -ERR_USER_EXISTS;
    }
    store_q_close(q);
    return rc;
}

int store_user_by_name(struct store_conn *c, const char *username, struct user *u)
{
    struct store_q *q = store_q_open(c, SQL_USER_BY_NAME);
    store_q_text(q, 1, username);
    int rc = user__one(q, u, -ERR_NOT_FOUND);
    store_q_close(q);
    return rc;
}

int store_user_by_id(struct store_conn *c, int64_t id, struct user *u)
{
    struct store_q *q = store_q_open(c, SQL_USER_BY_ID);
    store_q_int(q, 1, id);
    int rc = user__one(q, u, -ERR_NOT_FOUND);
    store_q_close(q);
    return rc;
}

int store_session_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                         const char *csrf_token, int64_t created_at, int64_t expires_at,
                         const char *remote, bool limited)
{
    struct store_q *q = store_q_open(c, SQL_SESSION_INSERT);
    store_q_text(q, 1, token_hash);
    store_q_int(q, 2, user_id);
    store_q_text(q, 3, csrf_token);
    store_q_int(q, 4, created_at);
    store_q_int(q, 5, expires_at);
    store_q_text(q, 6, remote ? remote : "");
    store_q_int(q, 7, limited);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_session_get(struct store_conn *c, const char *token_hash, int64_t now, int64_t idle_since,
                      struct user *u, char *csrf, size_t csrf_size, bool *limited)
{
    struct store_q *q = store_q_open(c, SQL_SESSION_GET);
    store_q_text(q, 1, token_hash);
    store_q_int(q, 2, now);
    store_q_int(q, 3, idle_since);
    int rc = user__one(q, u, -ERR_UNAUTHENTICATED);
    if (rc == 0 && csrf)
        snprintf(csrf, csrf_size, "%s", store_q_col_text(q, 9));
    if (rc == 0 && limited)
        *limited = store_q_col_int(q, 10) != 0;
    store_q_close(q);
    return rc;
}

/* Bind $1 text and $2 integer, run to the end; rows changed or a negative error. */
static int user__exec_ti(const char *sql, struct store_conn *c, const char *t, int64_t i)
{
    struct store_q *q = store_q_open(c, sql);
    store_q_text(q, 1, t);
    store_q_int(q, 2, i);
    return store_q_done(q);
}

/* Bind $1 integer and $2 text (NULL: SQL NULL), run to the end; rows changed or an error. */
static int user__exec_it(const char *sql, struct store_conn *c, int64_t i, const char *t)
{
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, i);
    store_q_text(q, 2, t);
    return store_q_done(q);
}

int store_session_touch(struct store_conn *c, const char *token_hash, int64_t now)
{
    int rc = user__exec_ti(SQL_SESSION_TOUCH, c, token_hash, now);
    return rc < 0 ? rc : 0;
}

int store_session_delete_user(struct store_conn *c, int64_t user_id, const char *keep_hash)
{
    return user__exec_it(SQL_SESSION_DELETE_USER, c, user_id, keep_hash ? keep_hash : "");
}

int store_session_unlimit(struct store_conn *c, const char *token_hash)
{
    struct store_q *q = store_q_open(c, SQL_SESSION_UNLIMIT);
    store_q_text(q, 1, token_hash);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_session_delete(struct store_conn *c, const char *token_hash)
{
    struct store_q *q = store_q_open(c, SQL_SESSION_DELETE);
    store_q_text(q, 1, token_hash);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_session_purge(struct store_conn *c, int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_SESSION_PURGE);
    store_q_int(q, 1, now);
    return store_q_done(q);
}

int store_token_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                       const char *label, int64_t created_at, int64_t expires_at_or_0, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_TOKEN_INSERT);
    store_q_text(q, 1, token_hash);
    store_q_int(q, 2, user_id);
    store_q_text(q, 3, label);
    store_q_int(q, 4, created_at);
    if (expires_at_or_0)
        store_q_int(q, 5, expires_at_or_0);
    else
        store_q_null(q, 5);
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

int store_token_get(struct store_conn *c, const char *token_hash, int64_t now, struct user *u,
                    int64_t *expires_at)
{
    struct store_q *q = store_q_open(c, SQL_TOKEN_GET);
    store_q_text(q, 1, token_hash);
    store_q_int(q, 2, now);
    int rc = user__one(q, u, -ERR_UNAUTHENTICATED);
    if (rc == 0 && expires_at)
        *expires_at = store_q_col_int(q, 9);
    store_q_close(q);
    return rc;
}

int store_login_failure_add(struct store_conn *c, const char *key, int64_t at)
{
    struct store_q *q = store_q_open(c, SQL_FAILURE_ADD);
    store_q_text(q, 1, key);
    store_q_int(q, 2, at);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_login_failure_count(struct store_conn *c, const char *key, int64_t since)
{
    struct store_q *q = store_q_open(c, SQL_FAILURE_COUNT);
    store_q_text(q, 1, key);
    store_q_int(q, 2, since);
    int rc = store_q_step(q);
    if (rc == 1)
        rc = (int)store_q_col_int(q, 0);
    store_q_close(q);
    return rc;
}

int store_login_failure_clear(struct store_conn *c, const char *key)
{
    struct store_q *q = store_q_open(c, SQL_FAILURE_CLEAR);
    store_q_text(q, 1, key);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_login_failure_stats(struct store_conn *c, const char *key, int64_t since, int *n,
                              int64_t *last)
{
    struct store_q *q = store_q_open(c, SQL_FAILURE_STATS);
    store_q_text(q, 1, key);
    store_q_int(q, 2, since);
    int rc = store_q_step(q);
    if (rc == 1) {
        *n = (int)store_q_col_int(q, 0);
        *last = store_q_col_int(q, 1);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_INTERNAL;
    }
    store_q_close(q);
    return rc;
}

int store_user_set_password(struct store_conn *c, int64_t user_id, const char *password_hash,
                            int64_t now, bool must_change)
{
    struct store_q *q = store_q_open(c, SQL_USER_SET_PASSWORD);
    store_q_int(q, 1, user_id);
    store_q_text(q, 2, password_hash);
    store_q_int(q, 3, now);
    store_q_int(q, 4, must_change);
    int rc = store_q_done(q);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return -ERR_NOT_FOUND;
    q = store_q_open(c, SQL_HISTORY_ADD);
    store_q_int(q, 1, user_id);
    store_q_text(q, 2, password_hash);
    store_q_int(q, 3, now);
    rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_password_history_each(struct store_conn *c, int64_t user_id, int limit,
                                int (*fn)(const char *password_hash, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_HISTORY_EACH);
    store_q_int(q, 1, user_id);
    store_q_int(q, 2, limit);
    int rc, n = 0, stop = 0;
    while (!stop && (rc = store_q_step(q)) == 1) {
        n++;
        stop = fn(store_q_col_text(q, 0), arg);
    }
    store_q_close(q);
    return stop ? stop : rc < 0 ? rc : n;
}

/* Decrypt the stored value of `column` of user `id` under `version` into out (n bytes; "" for
 * NULL). */
static int user__totp_open(struct store_q *q, int col, const char *column, int64_t id, int version,
                           char *out, size_t n)
{
    const char *stored = store_q_col_text(q, col), *plain = "";
    out[0] = '\0';
    if (!stored)
        return 0;
    struct arena ar;
    arena_init(&ar);
    int rc = store__pii_open("app_user", column, id, version, stored, &ar, &plain);
    if (rc == 0 && strlen(plain) >= n)
        rc = -ERR_PII_DECRYPT;
    if (rc == 0)
        snprintf(out, n, "%s", plain);
    /* The plaintext lives in the arena's memory: zeroed before the arena is freed (the
     * pointer is the arena's own, writable memory when a value was decrypted). */
    if (*plain)
        sodium_memzero((void *)(uintptr_t)plain, strlen(plain));
    arena_free(&ar);
    return rc;
}

int store_user_totp_get(struct store_conn *c, int64_t user_id, struct user_totp *t)
{
    memset(t, 0, sizeof *t);
    struct store_q *q = store_q_open(c, SQL_TOTP_GET);
    store_q_int(q, 1, user_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        int version = (int)store_q_col_int(q, 3);
        t->last_step = store_q_col_int(q, 2);
        rc = user__totp_open(q, 0, "totp_secret", user_id, version, t->secret, sizeof t->secret);
        if (rc == 0)
            rc = user__totp_open(q, 1, "totp_pending", user_id, version, t->pending,
                                 sizeof t->pending);
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    if (rc < 0)
        sodium_memzero(t, sizeof t->secret + sizeof t->pending);
    return rc;
}

/* Bind to q the ciphertext of `plain` as `column` of user `id` under `version` ("" or NULL:
 * SQL NULL) at parameter k. */
static void user__totp_bind(struct store_q *q, int k, const char *column, int64_t id, int version,
                            const char *plain)
{
    if (!plain || !*plain) {
        store_q_null(q, k);
        return;
    }
    struct buf b = {0};
    store__pii_seal("app_user", column, id, version, plain, &b);
    store_q_text(q, k, buf_cstr(&b));
    buf_free(&b);
}

/* Write both secrets of user `id` (plaintext, "" or NULL for none) sealed under the version in
 * force; rows changed or a negative error. */
static int user__totp_write(struct store_conn *c, int64_t id, const char *secret,
                            const char *pending)
{
    int version;
    int rc = store_pii_version(c, &version);
    if (rc < 0)
        return rc;
    struct store_q *q = store_q_open(c, SQL_TOTP_WRITE);
    store_q_int(q, 1, id);
    user__totp_bind(q, 2, "totp_secret", id, version, secret);
    user__totp_bind(q, 3, "totp_pending", id, version, pending);
    store_q_int(q, 4, version);
    return store_q_done(q);
}

int store_user_totp_pending(struct store_conn *c, int64_t user_id, const char *secret_b32)
{
    struct user_totp t;
    int rc = store_user_totp_get(c, user_id, &t);
    if (rc == 0)
        rc = user__totp_write(c, user_id, t.secret, secret_b32);
    sodium_memzero(&t, sizeof t);
    return rc < 0 ? rc : rc == 0 ? -ERR_NOT_FOUND : 0;
}

/* Run an UPDATE of one user by id ($1) and an integer $2; 1 when it changed the row. */
static int user__exec_ii(const char *sql, struct store_conn *c, int64_t id, int64_t v)
{
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, id);
    store_q_int(q, 2, v);
    return store_q_done(q);
}

int store_user_totp_confirm(struct store_conn *c, int64_t user_id, int64_t step)
{
    struct user_totp t;
    int rc = store_user_totp_get(c, user_id, &t);
    if (rc == 0 && !t.pending[0])
        rc = -ERR_TOTP_NOT_PENDING;
    if (rc == 0)
        rc = user__totp_write(c, user_id, t.pending, NULL);
    if (rc >= 0)
        rc = user__exec_ii(SQL_TOTP_STEP, c, user_id, step);
    sodium_memzero(&t, sizeof t);
    return rc < 0 ? rc : rc == 0 ? -ERR_TOTP_NOT_PENDING : 0;
}

int store_user_totp_use(struct store_conn *c, int64_t user_id, int64_t step)
{
    int rc = user__exec_ii(SQL_TOTP_USE, c, user_id, step);
    return rc < 0 ? rc : rc == 0 ? -ERR_TOTP_INVALID : 0;
}

int store_user_totp_clear(struct store_conn *c, int64_t user_id)
{
    struct store_q *q = store_q_open(c, SQL_TOTP_CLEAR);
    store_q_int(q, 1, user_id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* A user whose secrets are to be sealed again: read first, rewritten after the read closes. */
struct user__stale {
    int64_t id;
    int old;
    const char *guard[2]; /* the ciphertexts as read ("" for NULL) */
    struct user_totp t;
};

/* Read the row at q's cursor into *r, decrypting under its own version. */
static int user__stale_row(struct store_q *q, struct arena *ar, struct user__stale *r)
{
    r->id = store_q_col_int(q, 0);
    r->old = (int)store_q_col_int(q, 3);
    for (int i = 0; i < 2; i++) {
        const char *v = store_q_col_text(q, i + 1);
        r->guard[i] = arena_strdup(ar, v ? v : "");
    }
    int rc = user__totp_open(q, 1, "totp_secret", r->id, r->old, r->t.secret, sizeof r->t.secret);
    return rc < 0 ? rc
                  : user__totp_open(q, 2, "totp_pending", r->id, r->old, r->t.pending,
                                    sizeof r->t.pending);
}

/* Write *r under `version` unless the row changed since it was read: 1 written, 0 not. */
static int user__reseal(struct store_conn *c, const struct user__stale *r, int version)
{
    struct store_q *u = store_q_open(c, SQL_TOTP_RESEAL);
    store_q_int(u, 1, r->id);
    user__totp_bind(u, 2, "totp_secret", r->id, version, r->t.secret);
    user__totp_bind(u, 3, "totp_pending", r->id, version, r->t.pending);
    store_q_int(u, 4, version);
    store_q_int(u, 5, r->old);
    store_q_text(u, 6, r->guard[0]);
    store_q_text(u, 7, r->guard[1]);
    return store_q_done(u);
}

int store_user_totp_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                                 int64_t *last_id)
{
    struct arena ar;
    arena_init(&ar);
    *last_id = after_id;
    struct user__stale *rows = arena_zalloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *rows);
    struct store_q *q = store_q_open(c, SQL_TOTP_STALE);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, version);
    store_q_int(q, 3, max);
    int rc = 0, n_rows = 0, n = 0;
    while (n_rows < max && (rc = store_q_step(q)) == 1)
        if ((rc = user__stale_row(q, &ar, &rows[n_rows++])) < 0)
            break;
    store_q_close(q);
    for (int i = 0; i < n_rows && rc >= 0; i++) {
        rc = user__reseal(c, &rows[i], version);
        n += rc > 0;
        *last_id = rows[i].id;
    }
    for (int i = 0; i < n_rows; i++)
        sodium_memzero(&rows[i].t, sizeof rows[i].t);
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

int store_user_totp_stale_count(struct store_conn *c, int version, int64_t *n)
{
    struct store_q *q = store_q_open(c, SQL_TOTP_STALE_COUNT);
    store_q_int(q, 1, version);
    return store_q_one_int(q, n, -ERR_INTERNAL);
}
