/*
 * accounts.c — agencies, users, logins, sessions and tokens. See accounts.h.
 *
 * Load: a login costs one argon2id computation (~64 MiB, tens of milliseconds) by design;
 * resolving a session on each request costs one hash and one indexed read.
 */
#include "app/accounts.h"

#include "app/app_priv.h"
#include "app/lists.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "rules/codes.h"
#include "rules/region.h"
#include "store/user.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void accounts__hex_random(char out[ACCOUNTS_TOKEN_HEX])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, ACCOUNTS_TOKEN_HEX, raw, sizeof raw);
}

/* The stored form of a token: hex BLAKE2b-256 of its text. */
static void accounts__token_hash(const char *token, char out[ACCOUNTS_TOKEN_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, ACCOUNTS_TOKEN_HEX, h, sizeof h);
}

bool accounts_token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

int accounts_hash_password(const char *password, char *out, size_t outsz)
{
    if (strlen(password) < 8)
        return -ERR_PASSWORD_WEAK;
    if (outsz < crypto_pwhash_STRBYTES || sodium_init() < 0)
        return -ERR_INTERNAL;
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return -ERR_INTERNAL; /* out of memory for the hash */
    return 0;
}

/*
 * Fill an actor for a staff user. A user whose agency region yields no jurisdiction prefix
 * would see everything (an empty scope matches all rows), so that is refused outright.
 */
static int accounts__actor_from_user(const struct user *u, const char *remote, struct actor *o)
{
    memset(o, 0, sizeof *o);
    o->kind = ACTOR_STAFF;
    o->user_id = u->id;
    snprintf(o->username, sizeof o->username, "%s", u->username);
    snprintf(o->role, sizeof o->role, "%s", u->role);
    o->agency_id = u->agency_id;
    snprintf(o->region, sizeof o->region, "%s", u->region);
    region_prefix(u->region, o->scope, sizeof o->scope);
    snprintf(o->remote, sizeof o->remote, "%s", remote ? remote : "");
    if (!o->scope[0]) {
        log_error("accounts", "event=user_without_scope user_id=%lld", (long long)u->id);
        memset(o, 0, sizeof *o);
        return -ERR_FORBIDDEN;
    }
    return 0;
}

int app_agency_add(struct app *a, const struct actor *by, const struct agency *ag, int64_t *id)
{
    if (!ag->name[0])
        return -ERR_FIELD_REQUIRED;
    if (codes_validate("agency_kind", ag->kind) < 0)
        return -ERR_AGENCY_KIND;
    int rc = region_validate(ag->region);
    if (rc < 0)
        return rc;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    int64_t now = clock_now();
    rc = store_agency_insert(c, ag, id);
    /* Every agency is an entry of the public agency list (app/lists.h), from today. */
    if (rc == 0)
        rc = app__list_agency_entry(c, by, now, ag, *id, NULL);
    if (rc == 0) {
        char idtxt[24];
        snprintf(idtxt, sizeof idtxt, "%lld", (long long)*id);
        rc = app_audit(c, by, now, "agency.create", "agency", idtxt,
                       json_pack("{s:s, s:s}", "region", ag->region, "kind", ag->kind));
    }
    rc = store_tx_end(c, rc);
out:
    store_release(a->store, c);
    return rc;
}

static bool accounts__username_ok(const char *u)
{
    size_t n = strlen(u);
    if (n < 2 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') || u[i] == '_' ||
              u[i] == '-' || u[i] == '.'))
            return false;
    return true;
}

int app_user_add(struct app *a, const struct actor *by, const char *username, const char *password,
                 const char *role, int64_t agency_id, int64_t *id)
{
    char hash[crypto_pwhash_STRBYTES];
    if (!accounts__username_ok(username))
        return -ERR_FIELD_INVALID;
    if (!access_role_valid(role))
        return -ERR_ROLE_INVALID;
    int rc = accounts_hash_password(password, hash, sizeof hash);
    if (rc < 0)
        return rc;
    int64_t new_id = 0;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    rc = store_user_insert(c, username, hash, role, agency_id, &new_id);
    if (rc == 0) {
        char idtxt[24];
        snprintf(idtxt, sizeof idtxt, "%lld", (long long)new_id);
        rc = app_audit(c, by, clock_now(), "user.create", "user", idtxt,
                       json_pack("{s:s, s:I}", "role", role, "agency_id", (json_int_t)agency_id));
    }
    rc = store_tx_end(c, rc);
    if (rc == 0 && id)
        *id = new_id;
out:
    store_release(a->store, c);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

/* A fixed argon2id string so an unknown username costs the same as a wrong password. */
static char accounts__dummy[crypto_pwhash_STRBYTES];
static pthread_once_t accounts__dummy_once = PTHREAD_ONCE_INIT;

static void accounts__dummy_init(void)
{
    if (accounts_hash_password("not-a-password-of-anyone", accounts__dummy,
                               sizeof accounts__dummy) < 0)
        accounts__dummy[0] = '\0';
}

/*
 * One login attempt before it is known to be anyone. The text typed as a username is never
 * stored or logged as such (it may be a password typed into the wrong box): the failure
 * counter keys it by hash ("u:<hex>"), the audit names the account when there is one and
 * "#<16 hex>" of the hash otherwise.
 */
struct accounts__attempt {
    struct actor who; /* the public, from the client's address */
    int64_t now;      /* the attempt's one clock reading */
    char ukey[80], akey[80], object[72], uhash[ACCOUNTS_TOKEN_HEX];
};

static void accounts__attempt_init(struct accounts__attempt *at, const char *username,
                                   const char *remote)
{
    memset(at, 0, sizeof *at);
    at->who.kind = ACTOR_PUBLIC;
    snprintf(at->who.remote, sizeof at->who.remote, "%s", remote ? remote : "");
    at->now = clock_now();
    accounts__token_hash(username, at->uhash);
    snprintf(at->ukey, sizeof at->ukey, "u:%s", at->uhash);
    snprintf(at->akey, sizeof at->akey, "a:%s", remote ? remote : "");
    snprintf(at->object, sizeof at->object, "#%.16s", at->uhash);
}

/* 1 when the username or the address has reached its limit of failures within the window, 0
 * when not, or a negative error. */
static int accounts__throttled(struct app *a, struct store_conn *c,
                               const struct accounts__attempt *at)
{
    int64_t since = at->now - a->policy.throttle_window;
    int n = store_login_failure_count(c, at->ukey, since);
    if (n < 0 || n >= a->policy.throttle_user_max)
        return n < 0 ? n : 1;
    n = store_login_failure_count(c, at->akey, since);
    return n < 0 ? n : n >= a->policy.throttle_addr_max;
}

/* Record a failed attempt: both failure counters and the audit entry, in one transaction, so
 * throttling cannot stop counting without the caller hearing of it. */
static int accounts__record_failure(struct store_conn *c, const struct accounts__attempt *at)
{
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = store_login_failure_add(c, at->ukey, at->now);
    if (rc == 0)
        rc = store_login_failure_add(c, at->akey, at->now);
    if (rc == 0)
        rc = app_audit(c, &at->who, at->now, "session.login_failed", "user", at->object, NULL);
    return store_tx_end(c, rc);
}

int app_login(struct app *a, const char *username, const char *password, const char *remote,
              struct login_result *out)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    struct user u;
    struct accounts__attempt at;
    memset(out, 0, sizeof *out);
    accounts__attempt_init(&at, username, remote);
    pthread_once(&accounts__dummy_once, accounts__dummy_init);

    struct store_conn *c = store_acquire(a->store);
    int found = store_user_by_name(c, username, &u);
    int rc = found < 0 && found != -ERR_NOT_FOUND ? found : 0;
    if (rc < 0)
        goto out;
    if (found == 0)
        snprintf(at.object, sizeof at.object, "%s", u.username);
    rc = accounts__throttled(a, c, &at);
    if (rc == 1) {
        rc = app_audit(c, &at.who, at.now, "session.login_throttled", "user", at.object, NULL);
        if (rc == 0)
            rc = -ERR_LOGIN_THROTTLED;
        goto out;
    }
    if (rc < 0)
        goto out;

    /* Verify even when the user is unknown, so timing does not tell which usernames exist. */
    const char *stored = found == 0 ? u.password_hash : accounts__dummy;
    bool ok = stored[0] && crypto_pwhash_str_verify(stored, password, strlen(password)) == 0 &&
              found == 0 && !u.disabled;
    if (!ok) {
        rc = accounts__record_failure(c, &at);
        if (rc == 0)
            rc = -ERR_LOGIN_FAILED;
        goto out;
    }

    accounts__hex_random(out->token);
    accounts__hex_random(out->csrf);
    accounts__token_hash(out->token, hash);
    out->expires_at = at.now + a->policy.session_ttl;
    rc = accounts__actor_from_user(&u, remote, &out->actor);
    if (rc < 0)
        goto out;
    snprintf(out->actor.csrf, sizeof out->actor.csrf, "%s", out->csrf);
    out->actor.via_cookie = true;
    rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    rc = store_session_insert(c, hash, u.id, out->csrf, at.now, out->expires_at, remote);
    if (rc == 0)
        rc = store_login_failure_clear(c, at.ukey);
    if (rc >= 0)
        rc = store_session_purge(c, at.now);
    if (rc >= 0)
        rc = app_audit(c, &out->actor, at.now, "session.login", "user", u.username, NULL);
    rc = store_tx_end(c, rc);
out:
    store_release(a->store, c);
    sodium_memzero(&u, sizeof u);
    if (rc < 0)
        sodium_memzero(out, sizeof *out);
    return rc;
}

int app_logout(struct app *a, const char *token, const struct actor *by)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    accounts__token_hash(token, hash);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_session_delete(c, hash);
    if (rc == 0)
        rc = app_audit(c, by, clock_now(), "session.logout", "user", by->username, NULL);
    store_release(a->store, c);
    return rc;
}

int app_session_actor(struct app *a, const char *token, const char *remote, struct actor *out)
{
    char hash[ACCOUNTS_TOKEN_HEX], csrf[ACCOUNTS_TOKEN_HEX];
    struct user u;
    if (!token || strlen(token) != ACCOUNTS_TOKEN_HEX - 1)
        return -ERR_UNAUTHENTICATED;
    accounts__token_hash(token, hash);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_session_get(c, hash, clock_now(), &u, csrf, sizeof csrf);
    store_release(a->store, c);
    if (rc == 0)
        rc = accounts__actor_from_user(&u, remote, out);
    if (rc < 0)
        return rc;
    snprintf(out->csrf, sizeof out->csrf, "%s", csrf);
    out->via_cookie = true;
    return 0;
}

int app_token_actor(struct app *a, const char *token, const char *remote, struct actor *out)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    struct user u;
    if (!token || strlen(token) != ACCOUNTS_TOKEN_HEX - 1)
        return -ERR_UNAUTHENTICATED;
    accounts__token_hash(token, hash);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_token_get(c, hash, clock_now(), &u);
    store_release(a->store, c);
    return rc < 0 ? rc : accounts__actor_from_user(&u, remote, out);
}

int app_token_issue(struct app *a, const struct actor *by, const char *username, const char *label,
                    int ttl_days, char out[ACCOUNTS_TOKEN_HEX])
{
    char hash[ACCOUNTS_TOKEN_HEX];
    struct user u;
    int64_t id = 0;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_user_by_name(c, username, &u);
    if (rc < 0)
        goto out;
    accounts__hex_random(out);
    accounts__token_hash(out, hash);
    rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    int64_t now = clock_now();
    rc = store_token_insert(c, hash, u.id, label, now,
                            ttl_days > 0 ? now + (int64_t)ttl_days * 86400 : 0, &id);
    if (rc == 0) {
        char idtxt[24];
        snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
        rc = app_audit(c, by, now, "token.create", "api_token", idtxt, NULL);
    }
    rc = store_tx_end(c, rc);
out:
    store_release(a->store, c);
    if (rc < 0)
        sodium_memzero(out, ACCOUNTS_TOKEN_HEX);
    return rc;
}
