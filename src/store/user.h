/*
 * user.h — staff accounts, their sessions, API tokens and failed-login records.
 *
 * A user belongs to one agency and takes its jurisdiction from the agency's region. Passwords
 * are stored only as argon2id strings (hashed in app/, never here), session and API tokens only
 * as hashes, so a copy of the database does not let anyone log in.
 */
#ifndef UREG_STORE_USER_H
#define UREG_STORE_USER_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct user {
    int64_t id;
    char username[64];
    char role[16];
    int64_t agency_id;
    char region[16]; /* the agency's region: the user's jurisdiction */
    bool disabled;
    char password_hash[128];
};

/* Insert a user; -ERR_USER_EXISTS when the username is taken, -ERR_AGENCY_NOT_FOUND when the
 * agency does not exist. Writes the new id to *id (may be NULL). */
int store_user_insert(struct store_conn *c, const char *username, const char *password_hash,
                      const char *role, int64_t agency_id, int64_t *id);

/* Fill *u by username or id (with the password hash and the agency's region);
 * -ERR_NOT_FOUND when absent. */
int store_user_by_name(struct store_conn *c, const char *username, struct user *u);
int store_user_by_id(struct store_conn *c, int64_t id, struct user *u);

/* --- sessions (cookie) and API tokens (bearer) --------------------------------------------- */

int store_session_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                         const char *csrf_token, int64_t created_at, int64_t expires_at,
                         const char *remote);

/* The live session's user and CSRF token (csrf: at least 65 bytes); -ERR_UNAUTHENTICATED when
 * the session is absent, expired at `now`, or its user disabled. */
int store_session_get(struct store_conn *c, const char *token_hash, int64_t now, struct user *u,
                      char *csrf, size_t csrf_size);

int store_session_delete(struct store_conn *c, const char *token_hash);

/* Delete sessions expired at `now`; returns how many. */
int store_session_purge(struct store_conn *c, int64_t now);

int store_token_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                       const char *label, int64_t created_at, int64_t expires_at_or_0, int64_t *id);

/* The user of a live (not revoked, not expired) API token; -ERR_UNAUTHENTICATED otherwise. */
int store_token_get(struct store_conn *c, const char *token_hash, int64_t now, struct user *u);

/* --- login throttling ---------------------------------------------------------------------- */

int store_login_failure_add(struct store_conn *c, const char *key, int64_t at);
/* Failures recorded for `key` at or after `since`; negative on error. */
int store_login_failure_count(struct store_conn *c, const char *key, int64_t since);
int store_login_failure_clear(struct store_conn *c, const char *key);

#endif
