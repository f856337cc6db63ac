/*
 * test_xmsg.c — the pure rules of the exchange's messages (rules/xmsg): the Signature header's
 * grammar, the signing string, the validity window with its clock skew (both sides of every
 * bound), the ids, the actions, the longest-prefix route and the retry delay. A message the
 * hub should refuse must fail here first (附件3's interfaces, after the DCI conventions).
 */
#include "testutil.h"

#include "rules/xmsg.h"

#include <stdio.h>
#include <string.h>

static void signature_header_round_trips(void **state)
{
    (void)state;
    struct xmsg_sig s = {.key_id = "L1", .created = 1764640000, .expires = 1764640300};
    snprintf(s.signature, sizeof s.signature, "%s", "c2lnbmF0dXJl+/==");
    char h[XMSG_HEADER_MAX];
    xmsg_sig_format(&s, h);
    assert_string_equal(h, "keyId=\"L1\",algorithm=\"ed25519\",created=1764640000,"
                           "expires=1764640300,headers=\"(created) (expires) digest\","
                           "signature=\"c2lnbmF0dXJl+/==\"");
    struct xmsg_sig p;
    assert_int_equal(xmsg_sig_parse(h, &p), XMSG_OK);
    assert_string_equal(p.key_id, "L1");
    assert_int_equal(p.created, 1764640000);
    assert_int_equal(p.expires, 1764640300);
    assert_string_equal(p.signature, "c2lnbmF0dXJl+/==");
}

static void signature_parameters_in_any_order_quoted_or_bare(void **state)
{
    (void)state;
    struct xmsg_sig p;
    assert_int_equal(xmsg_sig_parse("signature=\"QUJD\", headers=\"(created) (expires) digest\", "
                                    "expires=\"20\", created=10, algorithm=\"ed25519\", "
                                    "keyId=\"national\", extra=\"ignored\"",
                                    &p),
                     XMSG_OK);
    assert_string_equal(p.key_id, "national");
    assert_int_equal(p.created, 10);
    assert_int_equal(p.expires, 20);
}

static void signature_header_refused_when_anything_is_off(void **state)
{
    (void)state;
    static const char *const bad[] = {
        NULL,
        "",
        /* each required parameter missing in turn */
        "algorithm=\"ed25519\",created=1,expires=2,headers=\"(created) (expires) digest\","
        "signature=\"QQ==\"",
        "keyId=\"L1\",created=1,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",expires=2,headers=\"(created) (expires) digest\","
        "signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1,headers=\"(created) (expires) digest\","
        "signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1,expires=2,signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1,expires=2,headers=\"(created) (expires) "
        "digest\"",
        /* another algorithm, other covered headers, an empty signature */
        "keyId=\"L1\",algorithm=\"rsa-sha256\",created=1,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1,expires=2,headers=\"digest\","
        "signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"\"",
        /* times that are not numbers, a key id that is not an id, an unclosed quote */
        "keyId=\"L1\",algorithm=\"ed25519\",created=-1,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"QQ==\"",
        "keyId=\"L1\",algorithm=\"ed25519\",created=1x,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"QQ==\"",
        "keyId=\"L 1\",algorithm=\"ed25519\",created=1,expires=2,headers=\"(created) (expires) "
        "digest\",signature=\"QQ==\"",
        "keyId=\"L1,algorithm=\"ed25519\"",
        "keyId",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct xmsg_sig p;
        memset(&p, 0x55, sizeof p);
        assert_int_equal(xmsg_sig_parse(bad[i], &p), XMSG_BAD_SIGNATURE_HEADER);
        assert_int_equal(p.created, 0); /* zeroed on failure */
        assert_string_equal(p.key_id, "");
    }
    /* A signature longer than any Ed25519 signature's base64. */
    char h[600], sig[200];
    memset(sig, 'A', 150);
    sig[150] = '\0';
    snprintf(h, sizeof h,
             "keyId=\"L1\",algorithm=\"ed25519\",created=1,expires=2,headers=\"(created) "
             "(expires) digest\",signature=\"%s\"",
             sig);
    struct xmsg_sig p;
    assert_int_equal(xmsg_sig_parse(h, &p), XMSG_BAD_SIGNATURE_HEADER);
}

static void signing_string_names_the_three_covered_fields(void **state)
{
    (void)state;
    char out[XMSG_SIGNING_MAX];
    size_t n = xmsg_signing_string(100, 400, "ZGlnZXN0", out);
    assert_string_equal(out, "(created): 100\n(expires): 400\ndigest: BLAKE-512=ZGlnZXN0");
    assert_int_equal(n, strlen(out));
}

static void window_bounds_on_both_sides(void **state)
{
    (void)state;
    const int64_t c = 1000000, skew = 300;
    /* valid from created - skew to expires + skew, bounds included */
    assert_int_equal(xmsg_window_check(c, c + 300, c, skew), XMSG_OK);
    assert_int_equal(xmsg_window_check(c, c + 300, c - 300, skew), XMSG_OK);
    assert_int_equal(xmsg_window_check(c, c + 300, c - 301, skew), XMSG_NOT_YET_VALID);
    assert_int_equal(xmsg_window_check(c, c + 300, c + 600, skew), XMSG_OK);
    assert_int_equal(xmsg_window_check(c, c + 300, c + 601, skew), XMSG_EXPIRED);
    /* the validity itself: positive and at most XMSG_MAX_TTL */
    assert_int_equal(xmsg_window_check(c, c + XMSG_MAX_TTL, c, skew), XMSG_OK);
    assert_int_equal(xmsg_window_check(c, c + XMSG_MAX_TTL + 1, c, skew), XMSG_TTL_TOO_LONG);
    assert_int_equal(xmsg_window_check(c, c, c, skew), XMSG_TTL_TOO_LONG);
    assert_int_equal(xmsg_window_check(c, c - 1, c, skew), XMSG_TTL_TOO_LONG);
    /* no skew: exact */
    assert_int_equal(xmsg_window_check(c, c + 10, c + 10, 0), XMSG_OK);
    assert_int_equal(xmsg_window_check(c, c + 10, c + 11, 0), XMSG_EXPIRED);
    assert_int_equal(xmsg_window_check(c, c + 10, c - 1, 0), XMSG_NOT_YET_VALID);
}

static void ids_are_short_and_header_safe(void **state)
{
    (void)state;
    char longest[XMSG_ID_MAX + 2];
    memset(longest, 'a', XMSG_ID_MAX);
    longest[XMSG_ID_MAX] = '\0';
    assert_true(xmsg_id_valid(longest));
    longest[XMSG_ID_MAX] = 'a';
    longest[XMSG_ID_MAX + 1] = '\0';
    assert_false(xmsg_id_valid(longest));
    assert_true(xmsg_id_valid("national"));
    assert_true(xmsg_id_valid("L1-beijing_2.0:a"));
    assert_true(xmsg_id_valid("0f3a9c"));
    assert_false(xmsg_id_valid(""));
    assert_false(xmsg_id_valid(NULL));
    assert_false(xmsg_id_valid("L 1"));
    assert_false(xmsg_id_valid("L1\""));
    assert_false(xmsg_id_valid("L1\n"));
    assert_false(xmsg_id_valid("北京"));
    assert_false(xmsg_id_valid("a/b"));
}

static void actions_and_their_answers(void **state)
{
    (void)state;
    static const char *const names[] = {"download", "ack", "upload", "publish-agencies"};
    static const char *const answers[] = {"on-download", "on-ack", "on-upload",
                                          "on-publish-agencies"};
    for (int i = 0; i < XMSG__COUNT; i++) {
        assert_int_equal(xmsg_action_parse(names[i]), i);
        assert_string_equal(xmsg_action_name((enum xmsg_action)i), names[i]);
        assert_string_equal(xmsg_action_answer((enum xmsg_action)i), answers[i]);
    }
    assert_int_equal(xmsg_action_parse("search"), -1);
    assert_int_equal(xmsg_action_parse("Download"), -1);
    assert_int_equal(xmsg_action_parse(""), -1);
    assert_int_equal(xmsg_action_parse(NULL), -1);
    assert_string_equal(xmsg_action_name(XMSG__COUNT), "?");
}

static void the_longest_prefix_owns_the_region(void **state)
{
    (void)state;
    const char *const routes[] = {"11", "110101", "1101", "31", "310101001"};
    assert_int_equal(xmsg_route_pick("110101", routes, 5), 1);    /* 东城区: its own system */
    assert_int_equal(xmsg_route_pick("110105", routes, 5), 2);    /* 1101 beats 11 */
    assert_int_equal(xmsg_route_pick("110228", routes, 5), 0);    /* only 11 */
    assert_int_equal(xmsg_route_pick("310101", routes, 5), 3);    /* the street prefix is longer */
    assert_int_equal(xmsg_route_pick("310101001", routes, 5), 4); /* ... than the code itself */
    assert_int_equal(xmsg_route_pick("440106", routes, 5), -1);   /* nobody's */
    assert_int_equal(xmsg_route_pick("1", routes, 5), -1);        /* shorter than every prefix */
    assert_int_equal(xmsg_route_pick("110101", routes, 0), -1);
    const char *const empty[] = {"", "11"};
    assert_int_equal(xmsg_route_pick("110101", empty, 2), 1); /* an empty prefix owns nothing */
    /* order does not matter */
    const char *const rev[] = {"310101001", "31", "1101", "110101", "11"};
    assert_int_equal(xmsg_route_pick("110101", rev, 5), 3);
    assert_int_equal(xmsg_route_pick("110105", rev, 5), 2);
}

static void retry_delay_doubles_to_its_cap_with_equal_jitter(void **state)
{
    (void)state;
    assert_int_equal(xmsg_backoff_ms(0, 500, 60000, 500), 0);
    assert_int_equal(xmsg_backoff_ms(-3, 500, 60000, 500), 0);
    assert_int_equal(xmsg_backoff_ms(1, 0, 60000, 500), 0);
    /* jitter 0: half the delay; jitter 1000: all of it */
    assert_int_equal(xmsg_backoff_ms(1, 500, 60000, 0), 250);
    assert_int_equal(xmsg_backoff_ms(1, 500, 60000, 1000), 500);
    assert_int_equal(xmsg_backoff_ms(2, 500, 60000, 1000), 1000);
    assert_int_equal(xmsg_backoff_ms(3, 500, 60000, 1000), 2000);
    assert_int_equal(xmsg_backoff_ms(7, 500, 60000, 1000), 32000);
    assert_int_equal(xmsg_backoff_ms(8, 500, 60000, 1000), 60000); /* 64000 capped */
    assert_int_equal(xmsg_backoff_ms(1000, 500, 60000, 1000), 60000);
    assert_int_equal(xmsg_backoff_ms(1000, 500, 60000, 0), 30000);
    /* out-of-range draws are clamped */
    assert_int_equal(xmsg_backoff_ms(1, 500, 60000, -5), 250);
    assert_int_equal(xmsg_backoff_ms(1, 500, 60000, 5000), 500);
    /* every draw stays within [d/2, d] and grows with the attempt */
    for (int attempt = 1; attempt < 40; attempt++)
        for (int j = 0; j <= 1000; j += 50) {
            int64_t d = xmsg_backoff_ms(attempt, 100, 10000, j);
            int64_t full = xmsg_backoff_ms(attempt, 100, 10000, 1000);
            assert_true(d >= full / 2 && d <= full);
            assert_true(full <= 10000);
            if (attempt > 1)
                assert_true(full >= xmsg_backoff_ms(attempt - 1, 100, 10000, 1000));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signature_header_round_trips),
        cmocka_unit_test(signature_parameters_in_any_order_quoted_or_bare),
        cmocka_unit_test(signature_header_refused_when_anything_is_off),
        cmocka_unit_test(signing_string_names_the_three_covered_fields),
        cmocka_unit_test(window_bounds_on_both_sides),
        cmocka_unit_test(ids_are_short_and_header_safe),
        cmocka_unit_test(actions_and_their_answers),
        cmocka_unit_test(the_longest_prefix_owns_the_region),
        cmocka_unit_test(retry_delay_doubles_to_its_cap_with_equal_jitter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
