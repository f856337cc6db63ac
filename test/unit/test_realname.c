/*
 * test_realname.c — identity assertions (rules/realname): a token the provider issued verifies
 * and says who; every way of forging or stretching one fails with its code; the clock skew on
 * both sides of its boundary; the development provider is deterministic; public keys parse
 * from base64 and hex.
 */
#include "testutil.h"

#include "base/err.h"
#include "rules/realname.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1772415000 /* 2026-03-02 */

static struct realname_provider prov;
static unsigned char sk[64];

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0)
        return -1;
    unsigned char pk[32];
    crypto_sign_keypair(pk, sk);
    memset(&prov, 0, sizeof prov);
    snprintf(prov.name, sizeof prov.name, "test-idp");
    snprintf(prov.audience, sizeof prov.audience, "ureg");
    memcpy(prov.public_key, pk, 32);
    prov.skew_s = 60;
    return 0;
}

static void an_issued_token_verifies_and_names_the_document(void **state)
{
    (void)state;
    char *t = realname_issue(&prov, sk, "resident_id", "11010519491231002X", NOW, 300);
    assert_non_null(t);
    struct realname_claims c;
    assert_int_equal(realname_verify(&prov, t, NOW + 10, &c), 0);
    assert_string_equal(c.id_type, "resident_id");
    assert_string_equal(c.id_number, "11010519491231002X");
    assert_int_equal(c.iat, NOW);
    assert_int_equal(c.exp, NOW + 300);
    free(t);
}

static void a_changed_byte_another_key_or_issuer_or_audience_is_invalid(void **state)
{
    (void)state;
    struct realname_claims c;
    char *t = realname_issue(&prov, sk, "resident_id", "11010519491231002X", NOW, 300);
    /* every single-character change anywhere in the token */
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        char *m = strdup(t);
        m[i] = m[i] == 'A' ? 'B' : (m[i] == '.' ? 'x' : 'A');
        assert_int_equal(realname_verify(&prov, m, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
        assert_string_equal(c.id_number, ""); /* zeroed on failure */
        free(m);
    }
    struct realname_provider other = prov;
    unsigned char pk2[32], sk2[64];
    crypto_sign_keypair(pk2, sk2);
    memcpy(other.public_key, pk2, 32);
    assert_int_equal(realname_verify(&other, t, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    other = prov;
    snprintf(other.name, sizeof other.name, "another-idp");
    assert_int_equal(realname_verify(&other, t, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    other = prov;
    snprintf(other.audience, sizeof other.audience, "another-service");
    assert_int_equal(realname_verify(&other, t, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    free(t);
    const char *junk[] = {"", "a", "a.b", "a.b.c", "a.b.c.d", "..", "...", NULL};
    for (int i = 0; junk[i]; i++)
        assert_int_equal(realname_verify(&prov, junk[i], NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    assert_int_equal(realname_verify(&prov, NULL, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
}

static void a_lifetime_over_an_hour_is_invalid(void **state)
{
    (void)state;
    struct realname_claims c;
    char *ok = realname_issue(&prov, sk, "ssc", "11010519491231002X", NOW, REALNAME_MAX_TTL);
    char *bad = realname_issue(&prov, sk, "ssc", "11010519491231002X", NOW, REALNAME_MAX_TTL + 1);
    char *zero = realname_issue(&prov, sk, "ssc", "11010519491231002X", NOW, 0);
    assert_int_equal(realname_verify(&prov, ok, NOW, &c), 0);
    assert_int_equal(realname_verify(&prov, bad, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    assert_int_equal(realname_verify(&prov, zero, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    free(ok);
    free(bad);
    free(zero);
}

static void expiry_and_issue_time_allow_the_skew_and_not_a_second_more(void **state)
{
    (void)state;
    struct realname_claims c;
    char *t = realname_issue(&prov, sk, "resident_id", "11010519491231002X", NOW, 300);
    /* exp = NOW + 300: accepted up to exp + skew */
    assert_int_equal(realname_verify(&prov, t, NOW + 360, &c), 0);
    assert_int_equal(realname_verify(&prov, t, NOW + 361, &c), -ERR_IDENTITY_TOKEN_EXPIRED);
    /* iat = NOW: a server clock behind by the skew still accepts it */
    assert_int_equal(realname_verify(&prov, t, NOW - 60, &c), 0);
    assert_int_equal(realname_verify(&prov, t, NOW - 61, &c), -ERR_IDENTITY_TOKEN_EXPIRED);
    free(t);
}

static void only_the_eddsa_algorithm_is_accepted(void **state)
{
    (void)state;
    /* A token whose header says "none" (or HS256), signed properly over its bytes. */
    const char *headers[] = {"{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}", "{}", "[]", NULL};
    const char *claims = "{\"iss\":\"test-idp\",\"aud\":\"ureg\",\"iat\":1772415000,"
                         "\"exp\":1772415300,\"id_type\":\"resident_id\","
                         "\"id_number\":\"11010519491231002X\"}";
    for (int i = 0; headers[i]; i++) {
        char h64[256], c64[512], s64[128], tok[1024];
        sodium_bin2base64(h64, sizeof h64, (const unsigned char *)headers[i], strlen(headers[i]),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_bin2base64(c64, sizeof c64, (const unsigned char *)claims, strlen(claims),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        snprintf(tok, sizeof tok, "%s.%s", h64, c64);
        unsigned char sig[64];
        crypto_sign_detached(sig, NULL, (const unsigned char *)tok, strlen(tok), sk);
        sodium_bin2base64(s64, sizeof s64, sig, 64, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        strcat(tok, ".");
        strcat(tok, s64);
        struct realname_claims c;
        assert_int_equal(realname_verify(&prov, tok, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    }
}

static void the_development_provider_is_the_same_everywhere(void **state)
{
    (void)state;
    struct realname_provider a, b;
    unsigned char ska[64], skb[64];
    realname_dev_provider(&a, ska);
    realname_dev_provider(&b, skb);
    assert_memory_equal(a.public_key, b.public_key, 32);
    assert_memory_equal(ska, skb, 64);
    assert_string_equal(a.name, "dev-idp");
    assert_string_equal(a.audience, "ureg");
    char *t = realname_issue(&a, ska, "resident_id", "11010519491231002X", NOW, 60);
    struct realname_claims c;
    assert_int_equal(realname_verify(&b, t, NOW, &c), 0);
    assert_int_equal(realname_verify(&prov, t, NOW, &c), -ERR_IDENTITY_TOKEN_INVALID);
    free(t);
}

static void public_keys_parse_from_base64_and_hex(void **state)
{
    (void)state;
    unsigned char k[32];
    char hex[65], b64[64], b64u[64];
    sodium_bin2hex(hex, sizeof hex, prov.public_key, 32);
    sodium_bin2base64(b64, sizeof b64, prov.public_key, 32, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(b64u, sizeof b64u, prov.public_key, 32,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *good[] = {hex, b64, b64u};
    for (int i = 0; i < 3; i++) {
        memset(k, 0, sizeof k);
        assert_int_equal(realname_parse_public_key(good[i], k), 0);
        assert_memory_equal(k, prov.public_key, 32);
    }
    const char *bad[] = {"", "abc", "not a key", "AAAA", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(realname_parse_public_key(bad[i], k), -ERR_FIELD_INVALID);
    hex[63] = '\0'; /* 63 digits */
    assert_int_equal(realname_parse_public_key(hex, k), -ERR_FIELD_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_issued_token_verifies_and_names_the_document),
        cmocka_unit_test(a_changed_byte_another_key_or_issuer_or_audience_is_invalid),
        cmocka_unit_test(a_lifetime_over_an_hour_is_invalid),
        cmocka_unit_test(expiry_and_issue_time_allow_the_skew_and_not_a_second_more),
        cmocka_unit_test(only_the_eddsa_algorithm_is_accepted),
        cmocka_unit_test(the_development_provider_is_the_same_everywhere),
        cmocka_unit_test(public_keys_parse_from_base64_and_hex),
    };
    return cmocka_run_group_tests_name("realname", tests, setup, NULL);
}
