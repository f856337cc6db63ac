/*
 * test_totp.c — SHA-1 (FIPS 180-4 examples), HMAC-SHA-1 (RFC 2202 §3), HOTP (RFC 4226
 * appendix D), TOTP (RFC 6238 appendix B, SHA-1 rows, 8 digits and the 6 that ureg uses) and
 * base32 (RFC 4648 §10), and the replay and drift rules of a code check (RFC 6238 §5.2).
 */
#include "testutil.h"

#include "rules/totp.h"

#include <stdio.h>
#include <string.h>

static void hex(const unsigned char *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

static void sha1_matches_the_fips_examples(void **state)
{
    (void)state;
    unsigned char h[20];
    char x[41];
    totp_sha1("abc", 3, h);
    hex(h, 20, x);
    assert_string_equal(x, "a9993e364706816aba3e25717850c26c9cd0d89d");
    totp_sha1("", 0, h);
    hex(h, 20, x);
    assert_string_equal(x, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    totp_sha1(two, strlen(two), h);
    hex(h, 20, x);
    assert_string_equal(x, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    static char million[1000000];
    memset(million, 'a', sizeof million);
    totp_sha1(million, sizeof million, h);
    hex(h, 20, x);
    assert_string_equal(x, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void hmac_sha1_matches_rfc_2202(void **state)
{
    (void)state;
    unsigned char k[80], mac[20];
    char x[41];
    memset(k, 0x0b, 20);
    totp_hmac_sha1(k, 20, (const unsigned char *)"Hi There", 8, mac);
    hex(mac, 20, x);
    assert_string_equal(x, "b617318655057264e28bc0b6fb378c8ef146be00");
    const char *msg = "what do ya want for nothing?";
    totp_hmac_sha1((const unsigned char *)"Jefe", 4, (const unsigned char *)msg, strlen(msg), mac);
    hex(mac, 20, x);
    assert_string_equal(x, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    memset(k, 0xaa, 80); /* a key longer than the block is hashed first */
    msg = "Test Using Larger Than Block-Size Key - Hash Key First";
    totp_hmac_sha1(k, 80, (const unsigned char *)msg, strlen(msg), mac);
    hex(mac, 20, x);
    assert_string_equal(x, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

static const unsigned char seed[] = "12345678901234567890"; /* RFC 4226 / RFC 6238 SHA-1 seed */

static void hotp_matches_rfc_4226_appendix_d(void **state)
{
    (void)state;
    static const uint32_t want[10] = {755224, 287082, 359152, 969429, 338314,
                                      254676, 287922, 162583, 399871, 520489};
    for (uint64_t c = 0; c < 10; c++)
        assert_int_equal(totp_hotp(seed, 20, c, 6), want[c]);
}

static void totp_matches_rfc_6238_appendix_b(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        uint32_t code8;
    } rows[] = {
        {59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
        {1234567890, 89005924}, {2000000000, 69279037}, {20000000000, 65353130},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        assert_int_equal(totp_hotp(seed, 20, totp_step(rows[i].t), 8), rows[i].code8);
        /* Six digits are the last six of the eight (the same truncation, mod 10^6). */
        assert_int_equal(totp_hotp(seed, 20, totp_step(rows[i].t), 6), rows[i].code8 % 1000000);
        char code[8];
        snprintf(code, sizeof code, "%06u", rows[i].code8 % 1000000);
        assert_int_equal(totp_check(seed, 20, code, rows[i].t, 0), totp_step(rows[i].t));
    }
}

static void a_code_is_taken_one_step_either_side_and_never_twice(void **state)
{
    (void)state;
    char code[8];
    int64_t t = 1111111111; /* step 37037037 */
    uint64_t step = totp_step(t);
    snprintf(code, sizeof code, "%06u", totp_hotp(seed, 20, step, 6));
    assert_int_equal(totp_check(seed, 20, code, t + 30, 0), step); /* a step late: taken */
    assert_int_equal(totp_check(seed, 20, code, t - 30, 0), step); /* a step early: taken */
    assert_int_equal(totp_check(seed, 20, code, t + 60, 0), 0);    /* two steps: refused */
    assert_int_equal(totp_check(seed, 20, code, t, step), 0);      /* used once: refused */
    assert_int_equal(totp_check(seed, 20, code, t, step - 1), step);
    assert_int_equal(totp_check(seed, 20, "12345", t, 0), 0); /* not six digits */
    assert_int_equal(totp_check(seed, 20, "1234567", t, 0), 0);
    assert_int_equal(totp_check(seed, 20, "12a456", t, 0), 0);
    assert_int_equal(totp_check(seed, 20, NULL, t, 0), 0);
}

static void base32_matches_rfc_4648(void **state)
{
    (void)state;
    static const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *out[] = {"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    char b[32];
    unsigned char back[16];
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        size_t n = strlen(in[i]);
        assert_int_equal(totp_base32_encode((const unsigned char *)in[i], n, b, sizeof b),
                         strlen(out[i]));
        assert_string_equal(b, out[i]);
        assert_int_equal(totp_base32_decode(out[i], back, sizeof back), (int)n);
        assert_memory_equal(back, in[i], n);
    }
    assert_int_equal(totp_base32_decode("mzxw 6ytb oi======", back, sizeof back), 6);
    assert_memory_equal(back, "foobar", 6);
    assert_int_equal(totp_base32_decode("MZ1W", back, sizeof back), -1); /* 1 is not base32 */
    assert_int_equal(totp_base32_decode("MZXW6YTBOI", back, 3), -1);     /* too long */
    /* A 20-byte secret is 32 characters. */
    char secret[TOTP_SECRET_B32];
    assert_int_equal(totp_base32_encode(seed, 20, secret, sizeof secret), 32);
    assert_string_equal(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha1_matches_the_fips_examples),
        cmocka_unit_test(hmac_sha1_matches_rfc_2202),
        cmocka_unit_test(hotp_matches_rfc_4226_appendix_d),
        cmocka_unit_test(totp_matches_rfc_6238_appendix_b),
        cmocka_unit_test(a_code_is_taken_one_step_either_side_and_never_twice),
        cmocka_unit_test(base32_matches_rfc_4648),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
