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
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/region.h"
#include "rules/totp.h"
#include "store/user.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void accounts__hex_random(char out[ACCOUNTS_TOKEN_HEX])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, ACCOUNTS_TOKEN_HEX, raw, sizeof raw);
}

/* The stored form of a token: hex BLAKE2b-256 of its text. */
void accounts_token_hash(const char *token, char out[ACCOUNTS_TOKEN_HEX])
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

struct accounts__agencies {
    const char *prefix;
    int limit;
    int (*fn)(const struct agency *ag, void *arg);
    void *arg;
};

static int accounts__agencies_on(struct store_conn *c, void *arg)
{
    struct accounts__agencies *l = arg;
    return store_agency_each(c, l->prefix, l->limit, l->fn, l->arg);
}

int app_agency_list(struct app *a, const char *region_prefix, int limit,
                    int (*fn)(const struct agency *ag, void *arg), void *arg)
{
    /* A public list: the replica's when there is one. */
    struct accounts__agencies l = {region_prefix, limit, fn, arg};
    return app__read(a, false, accounts__agencies_on, &l);
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
    accounts_token_hash(username, at->uhash);
    snprintf(at->ukey, sizeof at->ukey, "u:%s", at->uhash);
    snprintf(at->akey, sizeof at->akey, "a:%s", remote ? remote : "");
    snprintf(at->object, sizeof at->object, "#%.16s", at->uhash);
}

/* Seconds `key` stays locked at `now` (0: not locked): past `max` failures within the window,
 * throttle_lock_base × 2^(failures − max) from the last failure, at most throttle_lock_max. */
static int accounts__lock_left(struct app *a, struct store_conn *c, const char *key, int max,
                               int64_t now, int *left)
{
    int n = 0;
    int64_t last = 0;
    *left = 0;
    int rc = store_login_failure_stats(c, key, now - a->policy.throttle_window, &n, &last);
    if (rc < 0 || n < max)
        return rc;
    int64_t delay = a->policy.throttle_lock_base;
    for (int i = max; i < n && delay < a->policy.throttle_lock_max; i++)
        delay *= 2;
    if (delay > a->policy.throttle_lock_max)
        delay = a->policy.throttle_lock_max;
    if (last + delay > now)
        *left = (int)(last + delay - now);
    return 0;
}

/* 1 when the username or the address is locked (*retry_after: seconds left), 0 when not, or a
 * negative error. */
static int accounts__throttled(struct app *a, struct store_conn *c,
                               const struct accounts__attempt *at, int *retry_after)
{
    int u = 0, ad = 0;
    int rc = accounts__lock_left(a, c, at->ukey, a->policy.throttle_user_max, at->now, &u);
    if (rc == 0)
        rc = accounts__lock_left(a, c, at->akey, a->policy.throttle_addr_max, at->now, &ad);
    *retry_after = u > ad ? u : ad;
    return rc < 0 ? rc : *retry_after > 0;
}

/* Record a failed attempt: both failure counters and the audit entry, in one transaction, so
 * throttling cannot stop counting without the caller hearing of it. `factor` names what was
 * wrong ("password" or "totp"). */
static int accounts__record_failure(struct store_conn *c, const struct accounts__attempt *at,
                                    const char *factor)
{
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = store_login_failure_add(c, at->ukey, at->now);
    if (rc == 0)
        rc = store_login_failure_add(c, at->akey, at->now);
    if (rc == 0)
        rc = app_audit(c, &at->who, at->now, "session.login_failed", "user", at->object,
                       json_pack("{s:s}", "factor", factor));
    return store_tx_end(c, rc);
}

void app_set_totp_roles(struct app *a, const char *roles)
{
    free(a->totp_roles);
    a->totp_roles = NULL;
    if (roles && *roles) {
        size_t n = strlen(roles) + 3;
        a->totp_roles = xmalloc(n);
        snprintf(a->totp_roles, n, ",%s,", roles);
    }
}

/* Whether `role` must log in with a second factor. */
static bool accounts__totp_required(const struct app *a, const char *role)
{
    char needle[24];
    snprintf(needle, sizeof needle, ",%s,", role);
    return a->totp_roles && strstr(a->totp_roles, needle);
}

/*
 * The second factor of a user whose password was right: 0 and *step (the time step to record
 * as used; 0 when the user has none), -ERR_TOTP_REQUIRED without a code, -ERR_TOTP_INVALID
 * for a wrong or old code, or a store error.
 */
static int accounts__second_factor(struct store_conn *c, const struct user *u, const char *code,
                                   int64_t now, int64_t *step)
{
    struct user_totp t;
    unsigned char key[64];
    *step = 0;
    if (!u->totp_enabled)
        return 0;
    if (!code || !*code)
        return -ERR_TOTP_REQUIRED;
    int rc = store_user_totp_get(c, u->id, &t);
    int n = rc == 0 ? totp_base32_decode(t.secret, key, sizeof key) : -1;
    if (rc == 0 && n > 0)
        *step = (int64_t)totp_check(key, (size_t)n, code, now, (uint64_t)t.last_step);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&t, sizeof t);
    if (rc < 0)
        return rc;
    return *step > 0 ? 0 : -ERR_TOTP_INVALID;
}

/* Create the session of a successful login (and record the code's step as used), audited. */
static int accounts__open_session(struct app *a, struct store_conn *c, const struct user *u,
                                  const struct accounts__attempt *at, int64_t step,
                                  const char *remote, struct login_result *out)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    accounts__hex_random(out->token);
    accounts__hex_random(out->csrf);
    accounts_token_hash(out->token, hash);
    out->expires_at = at->now + a->policy.session_ttl;
    int rc = accounts__actor_from_user(u, remote, &out->actor);
    if (rc < 0)
        return rc;
    snprintf(out->actor.csrf, sizeof out->actor.csrf, "%s", out->csrf);
    out->actor.via_cookie = true;
    out->actor.limited = !u->totp_enabled && accounts__totp_required(a, u->role);
    out->actor.must_change_password = u->password_must_change;
    rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = step > 0 ? store_user_totp_use(c, u->id, step) : 0;
    if (rc == 0)
        rc = store_session_insert(c, hash, u->id, out->csrf, at->now, out->expires_at, remote,
                                  out->actor.limited);
    if (rc == 0)
        rc = store_login_failure_clear(c, at->ukey);
    if (rc >= 0)
        rc = store_session_purge(c, at->now);
    if (rc >= 0)
        rc = app_audit(c, &out->actor, at->now, "session.login", "user", u->username,
                       json_pack("{s:b, s:b, s:b}", "totp", step > 0, "limited", out->actor.limited,
                                 "must_change_password", out->actor.must_change_password));
    return store_tx_end(c, rc);
}

int app_login(struct app *a, const char *username, const char *password, const char *totp_code,
              const char *remote, struct login_result *out)
{
    struct user u;
    struct accounts__attempt at;
    memset(out, 0, sizeof *out);
    accounts__attempt_init(&at, username, remote);
    pthread_once(&accounts__dummy_once, accounts__dummy_init);

    struct store_conn *c = store_acquire(a->store);
    int found = store_user_by_name(c, username, &u);
    int rc = found < 0 && found != -ERR_NOT_FOUND ? found : 0, retry = 0;
    if (rc < 0)
        goto out;
    if (found == 0)
        snprintf(at.object, sizeof at.object, "%s", u.username);
    rc = accounts__throttled(a, c, &at, &retry);
    if (rc == 1) {
        rc = app_audit(c, &at.who, at.now, "session.login_throttled", "user", at.object,
                       json_pack("{s:i}", "retry_after", retry));
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
    int64_t step = 0;
    rc = ok ? accounts__second_factor(c, &u, totp_code, at.now, &step) : -ERR_LOGIN_FAILED;
    if (rc == -ERR_LOGIN_FAILED || rc == -ERR_TOTP_INVALID) {
        int rf = accounts__record_failure(c, &at, ok ? "totp" : "password");
        rc = rf < 0 ? rf : rc;
    }
    if (rc == 0)
        rc = accounts__open_session(a, c, &u, &at, step, remote, out);
out:
    store_release(a->store, c);
    sodium_memzero(&u, sizeof u);
    if (rc < 0) {
        sodium_memzero(out, sizeof *out);
        out->retry_after = rc == -ERR_LOGIN_THROTTLED ? retry : 0;
    }
    return rc;
}

int app_logout(struct app *a, const char *token, const struct actor *by)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    accounts_token_hash(token, hash);
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
    accounts_token_hash(token, hash);
    bool limited = false;
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_session_get(c, hash, now, now - a->policy.session_idle, &u, csrf, sizeof csrf,
                               &limited);
    /* The idle timeout counts from here. A touch the store cannot write now (another process's
     * lock, a full disk, a read-only file) does not turn a valid session away: the read goes on
     * and the idle clock keeps its older start, which can only end the session sooner. */
    if (rc == 0 && store_session_touch(c, hash, now) < 0)
        log_warn("accounts", "event=session_touch_failed");
    store_release(a->store, c);
    if (rc == 0)
        rc = accounts__actor_from_user(&u, remote, out);
    if (rc < 0)
        return rc;
    snprintf(out->csrf, sizeof out->csrf, "%s", csrf);
    out->via_cookie = true;
    out->limited = limited;
    out->must_change_password = u.password_must_change;
    return 0;
}

int app_token_actor(struct app *a, const char *token, const char *remote, struct actor *out)
{
    char hash[ACCOUNTS_TOKEN_HEX];
    struct user u;
    if (!token || strlen(token) != ACCOUNTS_TOKEN_HEX - 1)
        return -ERR_UNAUTHENTICATED;
    accounts_token_hash(token, hash);
    int64_t now = clock_now(), mono = clock_mono_ns(), expires_at = 0;
    if (token_cache_get(&a->tokens, hash, now, mono, out)) {
        snprintf(out->remote, sizeof out->remote, "%s", remote ? remote : "");
        return 0;
    }
    struct store_conn *c = store_acquire(a->store);
    int rc = store_token_get(c, hash, now, &u, &expires_at);
    store_release(a->store, c);
    if (rc == 0)
        rc = accounts__actor_from_user(&u, remote, out);
    if (rc == 0)
        token_cache_put(&a->tokens, hash, out, expires_at, mono, a->policy.token_cache_seconds);
    return rc;
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
    accounts_token_hash(out, hash);
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
