/*
 * accounts.h — agencies, staff users, logins, sessions and API tokens.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, interactive limits); a
 * session or API token is 32 random bytes shown to the client once as hex, stored only as its
 * BLAKE2b hash. Failed logins are counted per username and per client address over a sliding
 * window; past the limits the login is refused with login_throttled, even with the right
 * password, until the window has passed. Every change is audited in the same transaction.
 */
#ifndef UREG_APP_ACCOUNTS_H
#define UREG_APP_ACCOUNTS_H

#include "app/access.h"
#include "app/app.h"
#include "store/agency.h"

#include <stdint.h>

#define ACCOUNTS_TOKEN_HEX 65 /* 64 hex characters + NUL */

/* Hash a password with argon2id into out (at least 128 bytes). -ERR_PASSWORD_WEAK when
 * shorter than 8 bytes. */
int accounts_hash_password(const char *password, char *out, size_t outsz);

/* Validate and add an agency (kind pes|street|community|disabled, region a known 6- or
 * 9-digit code), audited as `by`, and make it an entry of the public agency list from today
 * (app/lists.h; opening hours empty). Writes the new id to *id. */
int app_agency_add(struct app *a, const struct actor *by, const struct agency *ag, int64_t *id);

/* The agencies of `region_prefix` and below as the agency table has them, at most `limit`, in
 * region order: what a local system publishes to the national hub (app/xlocal.c). */
int app_agency_list(struct app *a, const char *region_prefix, int limit,
                    int (*fn)(const struct agency *ag, void *arg), void *arg);

/* Add a staff user with a role of the contract to an existing agency, audited. */
int app_user_add(struct app *a, const struct actor *by, const char *username, const char *password,
                 const char *role, int64_t agency_id, int64_t *id);

struct login_result {
    char token[ACCOUNTS_TOKEN_HEX]; /* the session cookie value: give to the client only */
    char csrf[ACCOUNTS_TOKEN_HEX];
    struct actor actor; /* actor.limited: the role requires a second factor not yet enrolled */
    int64_t expires_at;
    int retry_after; /* with -ERR_LOGIN_THROTTLED: seconds until the next attempt is taken */
};

/*
 * Check username, password and, when the user has one, the second factor's code (`totp_code`,
 * NULL or "" when not given) from `remote`; on success create a session and fill *out.
 * -ERR_LOGIN_FAILED for a wrong or unknown username or password (the same answer for both,
 * with the same cost); -ERR_TOTP_REQUIRED when the password is right and the user has a second
 * factor but no code was given (not counted as a failure); -ERR_TOTP_INVALID for a wrong or
 * replayed code (counted); -ERR_LOGIN_THROTTLED (out->retry_after set) while the username or the
 * address is locked: after `throttle_user_max` (per address `throttle_addr_max`) failures within
 * `throttle_window`, each further failure locks for throttle_lock_base × 2^(failures − max)
 * seconds from the last failure, at most throttle_lock_max. Audited either way. A user whose
 * role requires a second factor (app_set_totp_roles) and has none gets a limited session.
 */
int app_login(struct app *a, const char *username, const char *password, const char *totp_code,
              const char *remote, struct login_result *out);

/* The roles that must log in with a second factor: a comma-separated list ("admin,auditor"),
 * copied; NULL or "" for none. Set once at start-up. */
void app_set_totp_roles(struct app *a, const char *roles);

/* End the session whose cookie value is `token` (no error if already gone), audited. */
int app_logout(struct app *a, const char *token, const struct actor *by);

/* The actor of a live session cookie / bearer token; -ERR_UNAUTHENTICATED otherwise. */
int app_session_actor(struct app *a, const char *token, const char *remote, struct actor *out);
int app_token_actor(struct app *a, const char *token, const char *remote, struct actor *out);

/* Issue an API token for a user (machine clients), audited; the hex token goes to *out once.
 * ttl_days 0 means until revoked. */
int app_token_issue(struct app *a, const struct actor *by, const char *username, const char *label,
                    int ttl_days, char out[ACCOUNTS_TOKEN_HEX]);

/* The stored form of a token (and the failure counters' key of a username): hex BLAKE2b-256 of
 * its text into out. */
void accounts_token_hash(const char *token, char out[ACCOUNTS_TOKEN_HEX]);

/* Compare two strings in constant time (CSRF tokens). */
bool accounts_token_equal(const char *a, const char *b);

#endif
