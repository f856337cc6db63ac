/*
 * ratelimit.c — token buckets in a fixed table. See ratelimit.h.
 *
 * A bucket holds up to n tokens and gains n per per_s seconds; a request takes one. Tokens are
 * kept as a double refilled lazily at each touch. The slot of a key is found from its 64-bit
 * FNV-1a hash: RATELIMIT_PROBE slots from hash & mask; a key never seen takes a free slot
 * there, else the one touched least recently (its bucket is forgotten: full again).
 */
#include "http/ratelimit.h"

#include "base/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ratelimit__slot {
    char key[RATELIMIT_KEY_MAX];
    double tokens;
    int64_t touched_ms; /* 0: free */
};

struct ratelimit {
    struct ratelimit_rate rate;
    size_t mask;
    struct ratelimit__slot *slots;
    pthread_mutex_t mu;
};

int ratelimit_rate_parse(const char *s, struct ratelimit_rate *out)
{
    if (!s)
        return -1;
    if (strcmp(s, "off") == 0) {
        *out = (struct ratelimit_rate){0, 1};
        return 0;
    }
    char *end;
    unsigned long n = strtoul(s, &end, 10);
    if (end == s || *end != '/' || s[0] == '-' || s[0] == '+')
        return -1;
    const char *p = end + 1;
    unsigned long per = strtoul(p, &end, 10);
    if (end == p || *end || p[0] == '-' || p[0] == '+' || n < 1 || n > 1000000 || per < 1 ||
        per > 86400)
        return -1;
    *out = (struct ratelimit_rate){(unsigned)n, (unsigned)per};
    return 0;
}

struct ratelimit *ratelimit_new(struct ratelimit_rate rate, size_t slots)
{
    size_t n = 64;
    while (n < slots)
        n <<= 1;
    struct ratelimit *rl = xcalloc(1, sizeof *rl);
    rl->rate = rate;
    rl->mask = n - 1;
    rl->slots = xcalloc(n, sizeof *rl->slots);
    pthread_mutex_init(&rl->mu, NULL);
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->mu);
    free(rl->slots);
    free(rl);
}

static uint64_t ratelimit__hash(const char *k)
{
    uint64_t h = 1469598103934665603ull;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ull;
    return h;
}

/* The slot of `key` (found, or taken over and reset to a full bucket). Under rl->mu. */
static struct ratelimit__slot *ratelimit__slot(struct ratelimit *rl, const char *key, bool create,
                                               int64_t now_ms)
{
    char k[RATELIMIT_KEY_MAX];
    snprintf(k, sizeof k, "%s", key);
    size_t at = (size_t)ratelimit__hash(k) & rl->mask;
    struct ratelimit__slot *victim = NULL;
    for (size_t i = 0; i < RATELIMIT_PROBE; i++) {
        struct ratelimit__slot *sl = &rl->slots[(at + i) & rl->mask];
        if (sl->touched_ms && strcmp(sl->key, k) == 0)
            return sl;
        if (!victim || (victim->touched_ms && sl->touched_ms < victim->touched_ms))
            victim = sl;
    }
    if (!create)
        return NULL;
    memcpy(victim->key, k, sizeof k);
    victim->tokens = rl->rate.n;
    victim->touched_ms = now_ms ? now_ms : 1;
    return victim;
}

/* Refill sl up to now_ms. */
static void ratelimit__refill(const struct ratelimit *rl, struct ratelimit__slot *sl,
                              int64_t now_ms)
{
    double per_ms = (double)rl->rate.n / ((double)rl->rate.per_s * 1000.0);
    if (now_ms > sl->touched_ms)
        sl->tokens += (double)(now_ms - sl->touched_ms) * per_ms;
    if (sl->tokens > rl->rate.n)
        sl->tokens = rl->rate.n;
    sl->touched_ms = now_ms ? now_ms : 1;
}

/* Whole seconds until sl has one token. */
static int ratelimit__retry(const struct ratelimit *rl, const struct ratelimit__slot *sl)
{
    double need = 1.0 - sl->tokens;
    double secs = need * (double)rl->rate.per_s / (double)rl->rate.n;
    int r = (int)secs;
    if ((double)r < secs)
        r++;
    return r < 1 ? 1 : r;
}

bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s)
{
    if (!rl || rl->rate.n == 0)
        return true;
    pthread_mutex_lock(&rl->mu);
    struct ratelimit__slot *sl = ratelimit__slot(rl, key, true, now_ms);
    ratelimit__refill(rl, sl, now_ms);
    bool ok = sl->tokens >= 1.0;
    if (ok)
        sl->tokens -= 1.0;
    else if (retry_after_s)
        *retry_after_s = ratelimit__retry(rl, sl);
    pthread_mutex_unlock(&rl->mu);
    return ok;
}

bool ratelimit_empty(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s)
{
    if (!rl || rl->rate.n == 0)
        return false;
    pthread_mutex_lock(&rl->mu);
    struct ratelimit__slot *sl = ratelimit__slot(rl, key, false, now_ms);
    bool empty = false;
    if (sl) {
        ratelimit__refill(rl, sl, now_ms);
        empty = sl->tokens < 1.0;
        if (empty && retry_after_s)
            *retry_after_s = ratelimit__retry(rl, sl);
    }
    pthread_mutex_unlock(&rl->mu);
    return empty;
}
