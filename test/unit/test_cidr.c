/*
 * test_cidr.c — the address ranges of --metrics-allow: IPv4 and IPv6, prefixes on both sides
 * of their boundary, IPv4-mapped IPv6 clients, and malformed lists refused whole.
 */
#include "testutil.h"

#include "base/err.h"
#include "http/cidr.h"

static void ranges_match_on_both_sides_of_their_prefix(void **state)
{
    (void)state;
    struct cidr_list l;
    assert_int_equal(cidr_list_parse("10.1.0.0/16, 192.168.7.7,fd00::/8,::1/128", &l), 0);
    assert_int_equal(l.n, 4);
    assert_true(cidr_list_contains(&l, "10.1.0.0"));
    assert_true(cidr_list_contains(&l, "10.1.255.255"));
    assert_false(cidr_list_contains(&l, "10.2.0.0"));
    assert_false(cidr_list_contains(&l, "10.0.255.255"));
    assert_true(cidr_list_contains(&l, "192.168.7.7")); /* no /N: the one address */
    assert_false(cidr_list_contains(&l, "192.168.7.8"));
    assert_true(cidr_list_contains(&l, "fd12:3456::1"));
    assert_false(cidr_list_contains(&l, "fe80::1"));
    assert_true(cidr_list_contains(&l, "::1"));
    assert_false(cidr_list_contains(&l, "::2"));
    /* An IPv4 client on an IPv6 socket. */
    assert_true(cidr_list_contains(&l, "::ffff:10.1.2.3"));
    assert_false(cidr_list_contains(&l, "::ffff:10.2.2.3"));
    assert_false(cidr_list_contains(&l, ""));
    assert_false(cidr_list_contains(&l, "not-an-address"));
    assert_false(cidr_list_contains(&l, NULL));
}

static void prefixes_that_are_not_a_multiple_of_eight(void **state)
{
    (void)state;
    struct cidr_list l;
    assert_int_equal(cidr_list_parse("172.16.0.0/12,2001:db8::/33", &l), 0);
    assert_true(cidr_list_contains(&l, "172.31.255.255"));
    assert_false(cidr_list_contains(&l, "172.32.0.0"));
    assert_false(cidr_list_contains(&l, "172.15.255.255"));
    assert_true(cidr_list_contains(&l, "2001:db8:7fff::1"));
    assert_false(cidr_list_contains(&l, "2001:db8:8000::1"));
    assert_int_equal(cidr_list_parse("0.0.0.0/0", &l), 0);
    assert_true(cidr_list_contains(&l, "8.8.8.8"));
    assert_false(cidr_list_contains(&l, "::1")); /* an IPv4 range holds no IPv6 address */
}

static void malformed_lists_are_refused_whole(void **state)
{
    (void)state;
    struct cidr_list l;
    static const char *const bad[] = {
        "10.1.2.3/16", /* host bits set */
        "10.0.0.0/33",     "::/129",    "10.0.0.0/",          "10.0.0.0/x",
        "10.0.0.0/-1",     "300.0.0.1", "10.0.0.0/8,",        ",10.0.0.0/8",
        "10.0.0.0/8,,::1", "localhost", "10.0.0.0/8 garbage",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(cidr_list_parse(bad[i], &l), -ERR_FIELD_INVALID);
        assert_int_equal(l.n, 0);
    }
    assert_int_equal(cidr_list_parse("", &l), 0);
    assert_int_equal(l.n, 0);
    assert_false(cidr_list_contains(&l, "127.0.0.1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranges_match_on_both_sides_of_their_prefix),
        cmocka_unit_test(prefixes_that_are_not_a_multiple_of_eight),
        cmocka_unit_test(malformed_lists_are_refused_whole),
    };
    return cmocka_run_group_tests_name("cidr", tests, NULL, NULL);
}
