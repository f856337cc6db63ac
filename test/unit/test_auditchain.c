/*
 * test_auditchain.c — the audit chain's hash and signed-head message (rules/auditchain): the
 * encoding is the one auditchain.h documents (checked against bytes laid out here by hand), no
 * two different entries encode alike, and each entry's hash depends on its predecessor's.
 */
#include "testutil.h"

#include "rules/auditchain.h"

#include <sodium.h>
#include <string.h>

static const struct auditchain_fields sample = {
    .seq = 258,
    .at = "2026-03-02T09:00:00+08:00",
    .has_actor_id = true,
    .actor_id = 7,
    .actor = "admin",
    .action = "user.create",
    .object_type = "user",
    .object_id = "12",
    .remote = "127.0.0.1",
    .detail = "{\"role\":\"caseworker\"}",
};

/* Append a 4-byte big-endian length and the text. */
static size_t put(unsigned char *p, const char *s)
{
    size_t n = strlen(s);
    p[0] = 0, p[1] = 0, p[2] = (unsigned char)(n >> 8), p[3] = (unsigned char)n;
    memcpy(p + 4, s, n);
    return 4 + n;
}

static void the_hash_covers_exactly_the_documented_bytes(void **state)
{
    (void)state;
    unsigned char buf[512], prev[32], want[32], got[32];
    memset(prev, 0xab, sizeof prev);
    size_t n = 0;
    memcpy(buf, "ureg.audit.entry.v1", 20); /* with its NUL */
    n = 20;
    memcpy(buf + n, prev, 32);
    n += 32;
    static const unsigned char seq[8] = {0, 0, 0, 0, 0, 0, 1, 2}; /* 258 */
    memcpy(buf + n, seq, 8);
    n += 8;
    const char *texts[] = {
        sample.at,        "7",           sample.actor, sample.action, sample.object_type,
        sample.object_id, sample.remote, sample.detail};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        n += put(buf + n, texts[i]);
    crypto_generichash(want, sizeof want, buf, n, NULL, 0);
    auditchain_hash(prev, &sample, got);
    assert_memory_equal(got, want, 32);
}

static void the_first_entry_follows_32_zero_bytes(void **state)
{
    (void)state;
    unsigned char zero[32] = {0}, a[32], b[32];
    auditchain_hash(NULL, &sample, a);
    auditchain_hash(zero, &sample, b);
    assert_memory_equal(a, b, 32);
}

static void every_field_and_the_predecessor_change_the_hash(void **state)
{
    (void)state;
    unsigned char base[32], h[32], prev[32] = {1};
    auditchain_hash(NULL, &sample, base);
    auditchain_hash(prev, &sample, h);
    assert_memory_not_equal(base, h, 32);
    for (int i = 0; i < 10; i++) {
        struct auditchain_fields f = sample;
        switch (i) {
        case 0:
            f.seq = 259;
            break;
        case 1:
            f.at = "2026-03-02T09:00:01+08:00";
            break;
        case 2:
            f.actor_id = 8;
            break;
        case 3:
            f.has_actor_id = false;
            break;
        case 4:
            f.actor = "admin2";
            break;
        case 5:
            f.action = "user.delete";
            break;
        case 6:
            f.object_type = "agency";
            break;
        case 7:
            f.object_id = "13";
            break;
        case 8:
            f.remote = "127.0.0.2";
            break;
        case 9:
            f.detail = "{}";
            break;
        }
        auditchain_hash(NULL, &f, h);
        assert_memory_not_equal(base, h, 32);
    }
}

static void field_boundaries_and_null_are_unambiguous(void **state)
{
    (void)state;
    unsigned char a[32], b[32];
    struct auditchain_fields f = sample, g = sample;
    f.object_type = "ab", f.object_id = "c";
    g.object_type = "a", g.object_id = "bc";
    auditchain_hash(NULL, &f, a);
    auditchain_hash(NULL, &g, b);
    assert_memory_not_equal(a, b, 32);
    /* No actor id is not actor id 0, and NULL texts are "". */
    f = sample, g = sample;
    f.has_actor_id = false, f.actor_id = 0;
    g.has_actor_id = true, g.actor_id = 0;
    auditchain_hash(NULL, &f, a);
    auditchain_hash(NULL, &g, b);
    assert_memory_not_equal(a, b, 32);
    f = sample, g = sample;
    f.remote = NULL, g.remote = "";
    auditchain_hash(NULL, &f, a);
    auditchain_hash(NULL, &g, b);
    assert_memory_equal(a, b, 32);
}

static void a_signed_head_verifies_and_names_its_place(void **state)
{
    (void)state;
    unsigned char pk[32], sk[64], h[32], msg[AUDITCHAIN_MSG], sig[64];
    assert_true(sodium_init() >= 0);
    crypto_sign_keypair(pk, sk);
    auditchain_hash(NULL, &sample, h);
    unsigned n = auditchain_head_message(258, h, msg);
    assert_int_equal(n, 19 + 8 + 32); /* 18 characters and the NUL */
    assert_memory_equal(msg, "ureg.audit.head.v1", 19);
    assert_int_equal(msg[19 + 6], 1);
    assert_int_equal(msg[19 + 7], 2);
    crypto_sign_detached(sig, NULL, msg, n, sk);
    assert_int_equal(crypto_sign_verify_detached(sig, msg, n, pk), 0);
    auditchain_head_message(259, h, msg); /* another place: the signature does not hold */
    assert_int_not_equal(crypto_sign_verify_detached(sig, msg, n, pk), 0);
}

static void hex_round_trips_and_refuses_other_text(void **state)
{
    (void)state;
    unsigned char h[32], back[32];
    char hex[AUDITCHAIN_HEX];
    auditchain_hash(NULL, &sample, h);
    auditchain_to_hex(h, hex);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(auditchain_from_hex(hex, back), 0);
    assert_memory_equal(h, back, 32);
    assert_int_equal(auditchain_from_hex("ab", back), -1);
    assert_int_equal(auditchain_from_hex(NULL, back), -1);
    hex[10] = 'z';
    assert_int_equal(auditchain_from_hex(hex, back), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_hash_covers_exactly_the_documented_bytes),
        cmocka_unit_test(the_first_entry_follows_32_zero_bytes),
        cmocka_unit_test(every_field_and_the_predecessor_change_the_hash),
        cmocka_unit_test(field_boundaries_and_null_are_unambiguous),
        cmocka_unit_test(a_signed_head_verifies_and_names_its_place),
        cmocka_unit_test(hex_round_trips_and_refuses_other_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
