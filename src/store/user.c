/*
 * user.c — staff accounts, sessions, API tokens, failed logins. See user.h.
 *
 * Load: a session lookup on every authenticated request (one indexed primary-key read joined
 * to the user and agency); everything else is rare.
 */
#include "store/user.h"

#include "base/clock.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

static const char SQL_USER_INSERT[] =
    "INSERT INTO app_user (username, password_hash, role, agency_id, created_at)"
    " SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM agency WHERE id = $4)"
    " RETURNING id";
/* The columns user__row reads, in its order. */
#define USER__COLS                                                                                 \
    "u.id, u.username, u.role, u.agency_id, a.region, u.disabled, u.password_hash,"                \
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END"
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
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, s.csrf_token, s.limited"
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
    " CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END"
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
    "UPDATE app_user SET password_hash = $2, password_changed_at = $3 WHERE id = $1";
static const char SQL_HISTORY_ADD[] =
    "INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)";
static const char SQL_HISTORY_EACH[] = "SELECT password_hash FROM password_history"
                                       " WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
static const char SQL_TOTP_GET[] =
    "SELECT COALESCE(totp_secret, ''), COALESCE(totp_pending, ''), totp_last_step"
    " FROM app_user WHERE id = $1";
static const char SQL_TOTP_PENDING[] = "UPDATE app_user SET totp_pending = $2 WHERE id = $1";
static const char SQL_TOTP_CONFIRM[] =
    "UPDATE app_user SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2"
    " WHERE id = $1 AND totp_pending IS NOT NULL";
static const char SQL_TOTP_USE[] =
    "UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2";
static const char SQL_TOTP_CLEAR[] =
    "UPDATE app_user SET totp_secret = NULL, totp_pending = NULL WHERE id = $1";

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
        snprintf(csrf, csrf_size, "%s", store_q_col_text(q, 8));
    if (rc == 0 && limited)
        *limited = store_q_col_int(q, 9) != 0;
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

int store_token_get(struct store_conn *c, const char *token_hash, int64_t now, struct user *u)
{
    struct store_q *q = store_q_open(c, SQL_TOKEN_GET);
    store_q_text(q, 1, token_hash);
    store_q_int(q, 2, now);
    int rc = user__one(q, u, -ERR_UNAUTHENTICATED);
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
                            int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_USER_SET_PASSWORD);
    store_q_int(q, 1, user_id);
    store_q_text(q, 2, password_hash);
    store_q_int(q, 3, now);
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

int store_user_totp_get(struct store_conn *c, int64_t user_id, struct user_totp *t)
{
    memset(t, 0, sizeof *t);
    struct store_q *q = store_q_open(c, SQL_TOTP_GET);
    store_q_int(q, 1, user_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        snprintf(t->secret, sizeof t->secret, "%s", store_q_col_text(q, 0));
        snprintf(t->pending, sizeof t->pending, "%s", store_q_col_text(q, 1));
        t->last_step = store_q_col_int(q, 2);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_user_totp_pending(struct store_conn *c, int64_t user_id, const char *secret_b32)
{
    int rc = user__exec_it(SQL_TOTP_PENDING, c, user_id, secret_b32);
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
    int rc = user__exec_ii(SQL_TOTP_CONFIRM, c, user_id, step);
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
