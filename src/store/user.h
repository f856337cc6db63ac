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
    bool totp_enabled;         /* a second factor is enrolled and confirmed */
    bool password_must_change; /* an administrator set the password: the user must change it */
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

/* A new session, last active at created_at; `limited`: it may only enrol a second factor. */
int store_session_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                         const char *csrf_token, int64_t created_at, int64_t expires_at,
                         const char *remote, bool limited);

/* The live session's user, CSRF token (csrf: at least 65 bytes) and limited flag (may be
 * NULL); -ERR_UNAUTHENTICATED when the session is absent, past its absolute end at `now`, idle
 * since `idle_since` (last active at or before it), or its user disabled. */
int store_session_get(struct store_conn *c, const char *token_hash, int64_t now, int64_t idle_since,
                      struct user *u, char *csrf, size_t csrf_size, bool *limited);

/* Mark the session active at `now` (written at most every 30 s per session). */
int store_session_touch(struct store_conn *c, const char *token_hash, int64_t now);

/* Delete every session of the user but the one whose hash is keep_hash (NULL: all); returns
 * how many were deleted. */
int store_session_delete_user(struct store_conn *c, int64_t user_id, const char *keep_hash);

/* Lift the limit of a session (its user has enrolled a second factor). */
int store_session_unlimit(struct store_conn *c, const char *token_hash);

int store_session_delete(struct store_conn *c, const char *token_hash);

/* Delete sessions expired at `now`; returns how many. */
int store_session_purge(struct store_conn *c, int64_t now);

int store_token_insert(struct store_conn *c, const char *token_hash, int64_t user_id,
                       const char *label, int64_t created_at, int64_t expires_at_or_0, int64_t *id);

/* The user of a live (not revoked, not expired) API token and the token's expiry (*expires_at,
 * 0: none; may be NULL); -ERR_UNAUTHENTICATED otherwise. */
int store_token_get(struct store_conn *c, const char *token_hash, int64_t now, struct user *u,
                    int64_t *expires_at);

/* --- login throttling ---------------------------------------------------------------------- */

int store_login_failure_add(struct store_conn *c, const char *key, int64_t at);
/* Failures recorded for `key` at or after `since`; negative on error. */
int store_login_failure_count(struct store_conn *c, const char *key, int64_t since);
int store_login_failure_clear(struct store_conn *c, const char *key);
/* Failures for `key` at or after `since`: how many (*n) and the time of the last (*last, 0 for
 * none). 0 or a negative error. */
int store_login_failure_stats(struct store_conn *c, const char *key, int64_t since, int *n,
                              int64_t *last);

/* --- passwords and the second factor --------------------------------------------------------- */

/* Set a user's password hash (argon2id string) at `now` and add it to the history;
 * `must_change`: set by someone else (an administrator's reset), so the user's next sessions
 * may only change it. 0, -ERR_NOT_FOUND or a store error. */
int store_user_set_password(struct store_conn *c, int64_t user_id, const char *password_hash,
                            int64_t now, bool must_change);

/* fn for each of the user's last `limit` password hashes, newest first, until fn returns
 * non-zero (which is then returned); else the number visited or a negative error. */
int store_password_history_each(struct store_conn *c, int64_t user_id, int limit,
                                int (*fn)(const char *password_hash, void *arg), void *arg);

/* A user's second factor: the confirmed secret and the one being enrolled (base32, "" when
 * none), and the last time step a code was accepted for. At rest both are AEAD ciphertext
 * (store/pii: "app_user.totp_secret.ID.V", under app_user.totp_key_version V; 0 = written in
 * clear before migration 045); every write seals both again under the version in force, and
 * a read decrypts them (-ERR_PII_DECRYPT when that fails). */
struct user_totp {
    char secret[64], pending[64];
    int64_t last_step;
};
int store_user_totp_get(struct store_conn *c, int64_t user_id, struct user_totp *t);
/* Begin enrolment with a new secret (replaces one pending); 0 or -ERR_NOT_FOUND. */
int store_user_totp_pending(struct store_conn *c, int64_t user_id, const char *secret_b32);
/* Make the pending secret the user's, used at `step`; -ERR_TOTP_NOT_PENDING when none. */
int store_user_totp_confirm(struct store_conn *c, int64_t user_id, int64_t step);
/* Record that a code of `step` was used: -ERR_TOTP_INVALID when that step or a later one was
 * used already (a replay, even by two logins at once). */
int store_user_totp_use(struct store_conn *c, int64_t user_id, int64_t step);
/* Remove the second factor (an admin's reset). */
int store_user_totp_clear(struct store_conn *c, int64_t user_id);

/* Key rotation and the conversion of secrets written in clear: seal again under `version` the
 * next `max` users after `after_id` with a secret under another version (*last_id: the last
 * one read); returns how many were rewritten (a user changed meanwhile is left to the next
 * pass) or a negative error. Run it in a write transaction. */
int store_user_totp_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                                 int64_t *last_id);

/* The number of users with a secret not under key `version`, into *n. */
int store_user_totp_stale_count(struct store_conn *c, int version, int64_t *n);

#endif
