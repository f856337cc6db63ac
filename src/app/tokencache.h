/*
 * tokencache.h — the actors of API tokens checked a moment ago, so that a machine client's
 * requests do not each read the store for their token (issue 8: on PostgreSQL that read was one
 * of the two statements of a match request).
 *
 * Only a successful check is kept (a flood of wrong tokens cannot fill it), for at most
 * `ttl_s` seconds of the monotonic clock after the store said yes, and never past the token's
 * own expiry by the business clock (base/clock, so the development clock moves it too). So a
 * token revoked or a user disabled in the store — by another process or by hand — is refused
 * by a running server at most ttl_s seconds later (policy token_cache_seconds; 0 keeps
 * nothing). A use case of this process that revokes a token or changes a user's role, region
 * or state must call token_cache_clear. 64 slots chosen by the token hash; a collision
 * replaces the older entry. Thread-safe (one mutex, held for a copy).
 */
#ifndef UREG_APP_TOKENCACHE_H
#define UREG_APP_TOKENCACHE_H

#include "app/access.h"
#include "app/accounts.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define TOKEN_CACHE_SLOTS 64

struct token_cache_slot {
    char hash[ACCOUNTS_TOKEN_HEX]; /* "" when empty */
    struct actor actor;            /* remote "" (each request has its own) */
    int64_t until_ns;              /* clock_mono_ns() past which the store is asked again */
    int64_t expires_at;            /* the token's expiry (business clock), 0: none */
};

struct token_cache {
    pthread_mutex_t mu;
    struct token_cache_slot slot[TOKEN_CACHE_SLOTS];
};

void token_cache_init(struct token_cache *tc);
void token_cache_fini(struct token_cache *tc);

/* The actor kept for `hash` (the token's hex hash) when its entry is younger than its ttl at
 * monotonic `mono_ns` and the token not expired at `now`: true and *out (remote ""); else
 * false and *out untouched. */
bool token_cache_get(struct token_cache *tc, const char *hash, int64_t now, int64_t mono_ns,
                     struct actor *out);

/* Keep `actor` for `hash` until mono_ns + ttl_s seconds (expires_at: the token's, 0 none);
 * ttl_s <= 0 keeps nothing. */
void token_cache_put(struct token_cache *tc, const char *hash, const struct actor *actor,
                     int64_t expires_at, int64_t mono_ns, int ttl_s);

/* Forget every entry. */
void token_cache_clear(struct token_cache *tc);

#endif
