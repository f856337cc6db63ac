/*
 * test_ratelimit.c — token buckets: the rate's parse, a burst of N then refusal with the time
 * until the next token, refill, independent keys, "off", peeking without taking, and a flood
 * of keys that fills the table without growing it or losing the key being limited for long.
 */
#include "testutil.h"

#include "http/ratelimit.h"

#include <stdio.h>

static void rates_parse_as_n_per_seconds_or_off(void **state)
{
    (void)state;
    struct ratelimit_rate r;
    assert_int_equal(ratelimit_rate_parse("20/600", &r), 0);
    assert_int_equal(r.n, 20);
    assert_int_equal(r.per_s, 600);
    assert_int_equal(ratelimit_rate_parse("off", &r), 0);
    assert_int_equal(r.n, 0);
    assert_int_equal(ratelimit_rate_parse("1/1", &r), 0);
    assert_int_equal(ratelimit_rate_parse("1000000/86400", &r), 0);
    const char *bad[] = {"",      "20",     "/60",       "20/",     "0/60",  "20/0", "-1/60",
                         "20/-1", "20/60s", "1000001/1", "1/86401", "+1/60", "a/b",  NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(ratelimit_rate_parse(bad[i], &r), -1);
    assert_int_equal(ratelimit_rate_parse(NULL, &r), -1);
}

static void a_burst_of_n_then_refusal_with_the_wait_for_one_token(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new((struct ratelimit_rate){3, 60}, 64);
    int retry = -1;
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_take(rl, "10.0.0.1", 1000, &retry));
    assert_false(ratelimit_take(rl, "10.0.0.1", 1000, &retry));
    assert_int_equal(retry, 20); /* one token per 20 s */
    /* 19.9 s later: still refused, 1 s to go (rounded up) */
    assert_false(ratelimit_take(rl, "10.0.0.1", 1000 + 19900, &retry));
    assert_int_equal(retry, 1);
    /* 20 s after the burst: exactly one more */
    assert_true(ratelimit_take(rl, "10.0.0.1", 1000 + 20000, &retry));
    assert_false(ratelimit_take(rl, "10.0.0.1", 1000 + 20000, &retry));
    /* after a long pause the bucket is full again, never fuller */
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_take(rl, "10.0.0.1", 10000000, NULL));
    assert_false(ratelimit_take(rl, "10.0.0.1", 10000000, NULL));
    /* another key has its own bucket */
    assert_true(ratelimit_take(rl, "10.0.0.2", 10000000, NULL));
    ratelimit_free(rl);
}

static void off_never_limits_and_empty_only_peeks(void **state)
{
    (void)state;
    struct ratelimit *off = ratelimit_new((struct ratelimit_rate){0, 1}, 64);
    for (int i = 0; i < 1000; i++)
        assert_true(ratelimit_take(off, "k", 1, NULL));
    assert_false(ratelimit_empty(off, "k", 1, NULL));
    ratelimit_free(off);

    struct ratelimit *rl = ratelimit_new((struct ratelimit_rate){2, 3600}, 64);
    int retry = 0;
    assert_false(ratelimit_empty(rl, "A", 5, &retry)); /* never seen */
    assert_true(ratelimit_take(rl, "A", 5, NULL));
    assert_false(ratelimit_empty(rl, "A", 5, &retry));
    assert_false(ratelimit_empty(rl, "A", 5, &retry)); /* peeking takes nothing */
    assert_true(ratelimit_take(rl, "A", 5, NULL));
    assert_true(ratelimit_empty(rl, "A", 5, &retry));
    assert_int_equal(retry, 1800);
    ratelimit_free(rl);
}

static void a_flood_of_keys_is_bounded_and_the_busy_key_stays_limited(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new((struct ratelimit_rate){1, 3600}, 64);
    assert_true(ratelimit_take(rl, "victim", 1, NULL));
    char key[32];
    /* Many keys pass through a 64-slot table; each gets its own first token. */
    for (int i = 0; i < 100000; i++) {
        snprintf(key, sizeof key, "spoof-%d", i);
        assert_true(ratelimit_take(rl, key, 2 + i, NULL));
        /* the key being attacked is touched as often as the flood: it is never the least
         * recently seen of its probe window, so its empty bucket is kept */
        if (i % 4 == 0)
            assert_false(ratelimit_take(rl, "victim", 2 + i, NULL));
    }
    ratelimit_free(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rates_parse_as_n_per_seconds_or_off),
        cmocka_unit_test(a_burst_of_n_then_refusal_with_the_wait_for_one_token),
        cmocka_unit_test(off_never_limits_and_empty_only_peeks),
        cmocka_unit_test(a_flood_of_keys_is_bounded_and_the_busy_key_stays_limited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
