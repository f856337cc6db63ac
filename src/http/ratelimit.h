/*
 * ratelimit.h — token buckets keyed by a short string: N requests per S seconds, bursts up to
 * N. The edge's protection of the public routes (http/api_edge.c): per client address on the
 * online submission and the status query, and the wrong query codes per application number.
 *
 * In memory, per process: a deployment of several nodes behind a balancer allows each node's
 * rate (docs/security-edge.md). Bounded: a fixed table of slots, open addressing over a short
 * probe window; when the window is full the slot seen least recently is taken over, so a flood
 * of new keys (spoofed addresses) can only make the limiter forget, never grow. Thread-safe
 * (one mutex per limiter; an operation is a hash and a probe of RATELIMIT_PROBE slots).
 */
#ifndef UREG_HTTP_RATELIMIT_H
#define UREG_HTTP_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_KEY_MAX 48 /* longer keys are cut (the caller's keys are addresses, numbers) */
#define RATELIMIT_PROBE 8

/* A rate: `n` per `per_s` seconds; n == 0 is "off" (no limit). */
struct ratelimit_rate {
    unsigned n;
    unsigned per_s;
};

struct ratelimit;

/*
 * Parse "N/SECONDS" (N 1..1000000, SECONDS 1..86400) or "off" into *out. Returns 0, or -1 for
 * anything else.
 */
int ratelimit_rate_parse(const char *s, struct ratelimit_rate *out);

/* A limiter of `rate` with room for `slots` keys (rounded up to a power of two, at least 64).
 * Free with ratelimit_free. */
struct ratelimit *ratelimit_new(struct ratelimit_rate rate, size_t slots);
void ratelimit_free(struct ratelimit *rl);

/*
 * Take one token of `key` at monotonic time `now_ms`. Returns true when allowed; false when
 * the bucket is empty, with *retry_after_s (if not NULL) the whole seconds until a token is
 * back (at least 1). Always true for an "off" rate.
 */
bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s);

/* Whether `key` has no token left at `now_ms`, without taking one (and *retry_after_s as
 * above). False for an "off" rate and for keys never seen. */
bool ratelimit_empty(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s);

#endif
