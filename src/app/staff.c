/*
 * staff.c — password change and reset, logout everywhere, the second factor. See staff.h.
 *
 * Load: a change or reset costs one argon2id hash plus one verification per remembered
 * password (password_history, 5 by default: about a quarter of a second), by design and rarely.
 */
#include "app/staff.h"

#include "app/access.h"
#include "app/accounts.h"
#include "app/app_priv.h"
#include "base/clock.h"
#include "base/err.h"
#include "rules/password.h"
#include "store/user.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A candidate password and whether it matched a stored hash. */
struct staff__candidate {
    const char *pw;
    bool found;
};

/* fn of store_password_history_each: stops (1) when the candidate matches the stored hash. */
static int staff__matches(const char *hash, void *arg)
{
    struct staff__candidate *k = arg;
    k->found = crypto_pwhash_str_verify(hash, k->pw, strlen(k->pw)) == 0;
    return k->found;
}

/* Check `pw` for user u under the policy and the history, hash it into out. */
static int staff__new_password(struct app *a, struct store_conn *c, const struct user *u,
                               const char *pw, char out[crypto_pwhash_STRBYTES])
{
    const struct app_policy *p = &a->policy;
    int rc = password_check(pw, u->username, p->password_min_length, p->password_min_classes);
    if (rc < 0)
        return rc;
    struct staff__candidate k = {pw, false};
    if (staff__matches(u->password_hash, &k))
        return -ERR_PASSWORD_REUSED;
    if (p->password_history > 0) {
        rc = store_password_history_each(c, u->id, p->password_history, staff__matches, &k);
        if (rc < 0)
            return rc;
        if (k.found)
            return -ERR_PASSWORD_REUSED;
    }
    return accounts_hash_password(pw, out, crypto_pwhash_STRBYTES);
}

/* Set the new password and end the sessions but `keep_hash`'s, audited, in one transaction. A
 * password set by someone else (keep_hash NULL: an administrator's reset) must be changed by
 * the user at the next login (store_user_set_password's must_change). */
static int staff__set(struct store_conn *c, const struct actor *by, const struct user *u,
                      const char *hash, const char *keep_hash, const char *action, int *ended)
{
    int64_t now = clock_now();
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = store_user_set_password(c, u->id, hash, now, keep_hash == NULL);
    int n = rc == 0 ? store_session_delete_user(c, u->id, keep_hash) : rc;
    rc = n < 0 ? n : 0;
    if (rc == 0 && !keep_hash) {
        char key[ACCOUNTS_TOKEN_HEX + 2], uh[ACCOUNTS_TOKEN_HEX];
        accounts_token_hash(u->username, uh);
        snprintf(key, sizeof key, "u:%s", uh);
        rc = store_login_failure_clear(c, key); /* a reset lifts the lock */
    }
    if (rc == 0)
        rc = app_audit(c, by, now, action, "user", u->username,
                       json_pack("{s:i}", "sessions_ended", n));
    rc = store_tx_end(c, rc);
    if (rc == 0 && ended)
        *ended = n;
    return rc;
}

int app_password_change(struct app *a, const struct actor *by, const char *token,
                        const char *old_password, const char *new_password)
{
    struct user u;
    char hash[crypto_pwhash_STRBYTES], keep[ACCOUNTS_TOKEN_HEX];
    if (by->kind != ACTOR_STAFF)
        return -ERR_FORBIDDEN;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_user_by_id(c, by->user_id, &u);
    if (rc == 0 &&
        crypto_pwhash_str_verify(u.password_hash, old_password, strlen(old_password)) != 0) {
        rc =
            app_audit(c, by, clock_now(), "user.password_change_refused", "user", u.username, NULL);
        rc = rc < 0 ? rc : -ERR_PASSWORD_WRONG;
    }
    if (rc == 0)
        rc = staff__new_password(a, c, &u, new_password, hash);
    if (rc == 0) {
        if (token)
            accounts_token_hash(token, keep);
        rc = staff__set(c, by, &u, hash, token ? keep : "", "user.password_change", NULL);
    }
    store_release(a->store, c);
    sodium_memzero(&u, sizeof u);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int app_password_reset(struct app *a, const struct actor *by, const char *username,
                       const char *new_password, int *ended)
{
    struct user u;
    char hash[crypto_pwhash_STRBYTES];
    struct store_conn *c = store_acquire(a->store);
    int rc = store_user_by_name(c, username, &u);
    if (rc == 0)
        rc = staff__new_password(a, c, &u, new_password, hash);
    if (rc == 0)
        rc = staff__set(c, by, &u, hash, NULL, "user.password_reset", ended);
    store_release(a->store, c);
    sodium_memzero(&u, sizeof u);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int app_logout_all(struct app *a, const struct actor *by, int *ended)
{
    if (by->kind != ACTOR_STAFF)
        return -ERR_FORBIDDEN;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    int n = 0;
    if (rc == 0) {
        n = store_session_delete_user(c, by->user_id, NULL);
        rc = n < 0 ? n
                   : app_audit(c, by, clock_now(), "session.logout_all", "user", by->username,
                               json_pack("{s:i}", "sessions_ended", n));
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    if (rc == 0 && ended)
        *ended = n;
    return rc;
}

/* Percent-encode for a URI component (unreserved characters kept). */
static void staff__uri_part(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; *s && o + 4 < n; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '.' || ch == '_' || ch == '~')
            out[o++] = (char)ch;
        else
            o += (size_t)snprintf(out + o, n - o, "%%%02X", ch);
    }
    out[o] = '\0';
}

int app_totp_begin(struct app *a, const struct actor *by, char secret[TOTP_SECRET_B32],
                   char uri[256])
{
    unsigned char raw[TOTP_SECRET];
    char user[100]; /* usernames are 2-32 of [a-z0-9._-]: never encoded in practice */
    if (by->kind != ACTOR_STAFF)
        return -ERR_FORBIDDEN;
    randombytes_buf(raw, sizeof raw);
    totp_base32_encode(raw, sizeof raw, secret, TOTP_SECRET_B32);
    sodium_memzero(raw, sizeof raw);
    staff__uri_part(by->username, user, sizeof user);
    snprintf(uri, 256,
             "otpauth://totp/ureg:%s?secret=%s&issuer=ureg&algorithm=SHA1&digits=%d&period=%d",
             user, secret, TOTP_DIGITS, TOTP_STEP);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = store_user_totp_pending(c, by->user_id, secret);
        if (rc == 0)
            rc = app_audit(c, by, clock_now(), "user.totp_begin", "user", by->username, NULL);
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    if (rc < 0) {
        sodium_memzero(secret, TOTP_SECRET_B32);
        sodium_memzero(uri, 256);
    }
    return rc;
}

int app_totp_confirm(struct app *a, const struct actor *by, const char *token, const char *code)
{
    struct user_totp t;
    unsigned char key[64];
    char hash[ACCOUNTS_TOKEN_HEX];
    if (by->kind != ACTOR_STAFF)
        return -ERR_FORBIDDEN;
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_user_totp_get(c, by->user_id, &t);
    int n = rc == 0 && t.pending[0] ? totp_base32_decode(t.pending, key, sizeof key) : -1;
    uint64_t step = n > 0 ? totp_check(key, (size_t)n, code, now, 0) : 0;
    if (rc == 0)
        rc = n <= 0 ? -ERR_TOTP_NOT_PENDING : step == 0 ? -ERR_TOTP_INVALID : 0;
    if (rc == 0)
        rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = store_user_totp_confirm(c, by->user_id, (int64_t)step);
        if (rc == 0 && token) {
            accounts_token_hash(token, hash);
            rc = store_session_unlimit(c, hash);
        }
        if (rc == 0)
            rc = app_audit(c, by, now, "user.totp_enable", "user", by->username, NULL);
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&t, sizeof t);
    return rc;
}

int app_totp_reset(struct app *a, const struct actor *by, const char *username)
{
    struct user u;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_user_by_name(c, username, &u);
    if (rc == 0)
        rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = store_user_totp_clear(c, u.id);
        if (rc == 0)
            rc = app_audit(c, by, clock_now(), "user.totp_reset", "user", u.username, NULL);
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    sodium_memzero(&u, sizeof u);
    return rc;
}
