/*
 * tokencache.c — the actors of API tokens checked a moment ago. See tokencache.h.
 */
#include "app/tokencache.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void token_cache_init(struct token_cache *tc)
{
    memset(tc, 0, sizeof *tc);
    pthread_mutex_init(&tc->mu, NULL);
}

void token_cache_fini(struct token_cache *tc)
{
    token_cache_clear(tc);
    pthread_mutex_destroy(&tc->mu);
}

/* The slot of a hash: its first two hex digits, as a byte, modulo the slots. */
static struct token_cache_slot *token_cache__slot(struct token_cache *tc, const char *hash)
{
    unsigned v = 0;
    for (int i = 0; i < 2 && hash[i]; i++) {
        char ch = hash[i];
        v = v * 16 + (unsigned)(ch >= 'a' ? ch - 'a' + 10 : ch >= 'A' ? ch - 'A' + 10 : ch - '0');
    }
    return &tc->slot[v % TOKEN_CACHE_SLOTS];
}

static bool token_cache__same(const struct token_cache_slot *s, const char *hash)
{
    return strlen(hash) == ACCOUNTS_TOKEN_HEX - 1 &&
           sodium_memcmp(s->hash, hash, ACCOUNTS_TOKEN_HEX - 1) == 0;
}

bool token_cache_get(struct token_cache *tc, const char *hash, int64_t now, int64_t mono_ns,
                     struct actor *out)
{
    struct token_cache_slot *s = token_cache__slot(tc, hash);
    bool hit = false;
    pthread_mutex_lock(&tc->mu);
    if (s->hash[0] && token_cache__same(s, hash) && mono_ns < s->until_ns &&
        (s->expires_at == 0 || now < s->expires_at)) {
        *out = s->actor;
        hit = true;
    }
    pthread_mutex_unlock(&tc->mu);
    return hit;
}

void token_cache_put(struct token_cache *tc, const char *hash, const struct actor *actor,
                     int64_t expires_at, int64_t mono_ns, int ttl_s)
{
    if (ttl_s <= 0 || strlen(hash) != ACCOUNTS_TOKEN_HEX - 1)
        return;
    struct token_cache_slot *s = token_cache__slot(tc, hash);
    pthread_mutex_lock(&tc->mu);
    memcpy(s->hash, hash, ACCOUNTS_TOKEN_HEX);
    s->actor = *actor;
    s->actor.remote[0] = '\0';
    s->until_ns = mono_ns + (int64_t)ttl_s * 1000000000;
    s->expires_at = expires_at;
    pthread_mutex_unlock(&tc->mu);
}

void token_cache_clear(struct token_cache *tc)
{
    pthread_mutex_lock(&tc->mu);
    sodium_memzero(tc->slot, sizeof tc->slot);
    pthread_mutex_unlock(&tc->mu);
}
