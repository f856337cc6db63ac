/*
 * test_utf8.c — the one UTF-8 decoder (base/utf8).
 *
 * Source: RFC 3629 section 4 and the Unicode Standard's table 3-7 "Well-Formed UTF-8 Byte
 * Sequences": U+0000..007F 00..7F; U+0080..07FF C2..DF 80..BF; U+0800..0FFF E0 A0..BF 80..BF;
 * U+1000..CFFF E1..EC 80..BF 80..BF; U+D000..D7FF ED 80..9F 80..BF; U+E000..FFFF EE..EF 80..BF
 * 80..BF; U+10000..3FFFF F0 90..BF 80..BF 80..BF; U+40000..FFFFF F1..F3 80..BF 80..BF 80..BF;
 * U+100000..10FFFF F4 80..8F 80..BF 80..BF. Every boundary of that table is tested on both sides,
 * and one test walks every code point through an encoder written here, independently.
 */
#include "testutil.h"

#include "base/utf8.h"

#include <string.h>

/* Encode cp (any value below 2^21) the textbook way, without the decoder's range checks. */
static size_t encode(uint32_t cp, char out[4])
{
    unsigned char *u = (unsigned char *)out;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | cp >> 6);
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | cp >> 12);
        u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (unsigned char)(0xF0 | cp >> 18);
    u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    u[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* utf8_decode of the n bytes at s, expecting length `want` and (when want > 0) code point cp. */
static void expect(const char *s, size_t n, int want, uint32_t cp)
{
    uint32_t got = 0xFFFFFFFF;
    int len = utf8_decode(s, n, &got);
    if (len != want)
        fail_msg("decode of %zu bytes starting %02X: length %d, want %d", n, (unsigned char)s[0],
                 len, want);
    if (want > 0)
        assert_int_equal(got, cp);
    else
        assert_int_equal(got, 0xFFFFFFFF); /* left alone */
}

static void every_code_point_decodes_to_itself_and_surrogates_never(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        char b[4];
        size_t n = encode(cp, b);
        uint32_t got = 0;
        int len = utf8_decode(b, n, &got);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            assert_int_equal(len, 0); /* ED A0..BF: a surrogate is not a character */
            continue;
        }
        if (len != (int)n || got != cp)
            fail_msg("U+%04X: length %d, code point %X", cp, len, got);
        assert_true(utf8_valid(b, n));
    }
}

static void boundaries_of_each_sequence_length(void **state)
{
    (void)state;
    expect("\x00", 1, 1, 0x00);
    expect("\x7F", 1, 1, 0x7F);
    expect("\xC2\x80", 2, 2, 0x80);
    expect("\xDF\xBF", 2, 2, 0x7FF);
    expect("\xE0\xA0\x80", 3, 3, 0x800);
    expect("\xEC\xBF\xBF", 3, 3, 0xCFFF);
    expect("\xED\x80\x80", 3, 3, 0xD000);
    expect("\xED\x9F\xBF", 3, 3, 0xD7FF);
    expect("\xEE\x80\x80", 3, 3, 0xE000);
    expect("\xEF\xBF\xBF", 3, 3, 0xFFFF);
    expect("\xF0\x90\x80\x80", 4, 4, 0x10000);
    expect("\xF0\xBF\xBF\xBF", 4, 4, 0x3FFFF);
    expect("\xF1\x80\x80\x80", 4, 4, 0x40000);
    expect("\xF3\xBF\xBF\xBF", 4, 4, 0xFFFFF);
    expect("\xF4\x80\x80\x80", 4, 4, 0x100000);
    expect("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
}

static void overlong_forms_are_refused(void **state)
{
    (void)state;
    expect("\xC0\x80", 2, 0, 0);         /* U+0000 in two bytes */
    expect("\xC0\xAF", 2, 0, 0);         /* '/' in two bytes: the classic path trick */
    expect("\xC1\xBF", 2, 0, 0);         /* U+007F in two bytes */
    expect("\xE0\x80\x80", 3, 0, 0);     /* U+0000 in three */
    expect("\xE0\x9F\xBF", 3, 0, 0);     /* U+07FF in three */
    expect("\xF0\x80\x80\x80", 4, 0, 0); /* U+0000 in four */
    expect("\xF0\x8F\xBF\xBF", 4, 0, 0); /* U+FFFF in four */
}

static void surrogates_and_beyond_10ffff_are_refused(void **state)
{
    (void)state;
    expect("\xED\xA0\x80", 3, 0, 0);     /* U+D800 */
    expect("\xED\xAF\xBF", 3, 0, 0);     /* U+DBFF */
    expect("\xED\xB0\x80", 3, 0, 0);     /* U+DC00 */
    expect("\xED\xBF\xBF", 3, 0, 0);     /* U+DFFF */
    expect("\xF4\x90\x80\x80", 4, 0, 0); /* U+110000 */
    expect("\xF4\xBF\xBF\xBF", 4, 0, 0); /* U+13FFFF */
    expect("\xF5\x80\x80\x80", 4, 0, 0); /* leads F5..FF never occur */
    expect("\xF7\xBF\xBF\xBF", 4, 0, 0);
    expect("\xF8\x88\x80\x80\x80", 5, 0, 0); /* the old 5-byte form */
    expect("\xFC\x84\x80\x80\x80\x80", 6, 0, 0);
    expect("\xFE", 1, 0, 0);
    expect("\xFF", 1, 0, 0);
}

static void stray_and_missing_continuation_bytes_are_refused(void **state)
{
    (void)state;
    expect("\x80", 1, 0, 0); /* a continuation byte with no lead */
    expect("\xBF", 1, 0, 0);
    expect("\xC2\x41", 2, 0, 0);         /* lead, then ASCII */
    expect("\xC2\xC2\x80", 3, 0, 0);     /* lead, then another lead */
    expect("\xE4\xB8\x41", 3, 0, 0);     /* third byte not a continuation */
    expect("\xF0\xA0\x80\x41", 4, 0, 0); /* fourth byte not a continuation */
    expect("\xE4\x00\xAD", 3, 0, 0);     /* a NUL ends the sequence: nothing read past it */
    expect("\xC2\xC0", 2, 0, 0);
}

static void truncated_sequences_are_told_from_malformed_ones(void **state)
{
    (void)state;
    expect("", 0, 0, 0);
    expect("\xC2", 1, UTF8_TRUNCATED, 0);
    expect("\xE4", 1, UTF8_TRUNCATED, 0);
    expect("\xE4\xB8", 2, UTF8_TRUNCATED, 0);
    expect("\xF0\xA0", 2, UTF8_TRUNCATED, 0);
    expect("\xF0\xA0\x80", 3, UTF8_TRUNCATED, 0);
    /* Cut, but already malformed: that is said first. */
    expect("\xE0\x80", 2, 0, 0);
    expect("\xED\xA0", 2, 0, 0);
    expect("\xF4\x90", 2, 0, 0);
    expect("\xF0\x8F", 2, 0, 0);
}

static void cjk_extension_b_is_four_bytes(void **state)
{
    (void)state;
    /* 𠀀 U+20000 (first of extension B), 𪚥 U+2A6A5, 𫝀 U+2B740 (D), 𰀀 U+30000 (G). */
    expect("\xF0\xA0\x80\x80", 4, 4, 0x20000);
    expect("\xF0\xAA\x9A\xA5", 4, 4, 0x2A6A5);
    expect("\xF0\xAB\x9D\x80", 4, 4, 0x2B740);
    expect("\xF0\xB0\x80\x80", 4, 4, 0x30000);
    const char *name = "\xF0\xA0\x80\x80张\xF0\xAA\x9A\xA5"; /* 𠀀张𪚥 */
    assert_true(utf8_valid(name, strlen(name)));
    assert_int_equal(utf8_count(name, strlen(name)), 3);
    uint32_t cp;
    assert_int_equal(utf8_decode_str(name, &cp), 4);
    assert_int_equal(cp, 0x20000);
    assert_int_equal(utf8_decode_str(name + 4, &cp), 3);
    assert_int_equal(cp, 0x5F20); /* 张 */
}

static void decode_str_stops_at_the_nul(void **state)
{
    (void)state;
    uint32_t cp = 7;
    assert_int_equal(utf8_decode_str("", &cp), 0);
    assert_int_equal(cp, 7);
    assert_int_equal(utf8_decode_str("A", &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode_str("\xE5\xBC", &cp), 0); /* cut short by the NUL */
    assert_int_equal(utf8_decode_str("\xE5", &cp), 0);
    assert_int_equal(utf8_decode_str("\xF0\xA0\x80", &cp), 0);
    assert_int_equal(utf8_decode_str("三", &cp), 3);
    assert_int_equal(cp, 0x4E09);
}

static void valid_prefix_stops_at_the_first_bad_byte(void **state)
{
    (void)state;
    bool incomplete = true;
    const char ascii[] = "id_number,event_date,x"; /* longer than 8: the word-at-a-time path */
    assert_int_equal(utf8_valid_prefix(ascii, strlen(ascii), &incomplete), strlen(ascii));
    assert_false(incomplete);
    const char s[] = "0123456789张三\xFF李四";
    assert_int_equal(utf8_valid_prefix(s, strlen(s), &incomplete), 16);
    assert_false(incomplete);
    /* Cut inside 三: valid up to 张, and the rest may still come. */
    assert_int_equal(utf8_valid_prefix(s, 14, &incomplete), 13);
    assert_true(incomplete);
    assert_int_equal(utf8_valid_prefix("\x80", 1, NULL), 0);
    assert_int_equal(utf8_valid_prefix("", 0, &incomplete), 0);
    assert_false(incomplete);
    /* A bad byte right after eight ASCII bytes, and inside the first eight. */
    assert_int_equal(utf8_valid_prefix("abcdefgh\xC0\x80", 10, NULL), 8);
    assert_int_equal(utf8_valid_prefix("abc\xED\xA0\x80zzzzzzzz", 14, NULL), 3);
    assert_true(utf8_valid("", 0));
    assert_false(utf8_valid("\xE5\xBC", 2));
    assert_int_equal(utf8_ascii_prefix("abcdefghij\xE5", 11), 10);
    assert_int_equal(utf8_ascii_prefix("\xE5", 1), 0);
}

static void count_is_code_points(void **state)
{
    (void)state;
    assert_int_equal(utf8_count("", 0), 0);
    assert_int_equal(utf8_count("abc", 3), 3);
    assert_int_equal(utf8_count("欧阳娜娜", strlen("欧阳娜娜")), 4);
    assert_int_equal(utf8_count("a\xC2\x80\xE0\xA0\x80\xF0\x90\x80\x80", 10), 4);
    assert_int_equal(utf8_count("欧阳", 4), 2); /* counts leads: 欧 and the cut 阳 */
}

static void cut_never_splits_a_character(void **state)
{
    (void)state;
    const char *s = "北京a\xF0\xA0\x80\x80"; /* 北 0-2, 京 3-5, a 6, 𠀀 7-10 */
    const size_t want[] = {0, 0, 0, 3, 3, 3, 6, 7, 7, 7, 7, 11};
    for (size_t n = 0; n <= 11; n++)
        if (utf8_cut(s, n) != want[n])
            fail_msg("cut at %zu: %zu, want %zu", n, utf8_cut(s, n), want[n]);
    /* Not well-formed: a byte that leads nothing stands for itself. */
    assert_int_equal(utf8_cut("\x80\x80\x80\x80\x80", 5), 5);
    assert_int_equal(utf8_cut("a\xFF", 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_point_decodes_to_itself_and_surrogates_never),
        cmocka_unit_test(boundaries_of_each_sequence_length),
        cmocka_unit_test(overlong_forms_are_refused),
        cmocka_unit_test(surrogates_and_beyond_10ffff_are_refused),
        cmocka_unit_test(stray_and_missing_continuation_bytes_are_refused),
        cmocka_unit_test(truncated_sequences_are_told_from_malformed_ones),
        cmocka_unit_test(cjk_extension_b_is_four_bytes),
        cmocka_unit_test(decode_str_stops_at_the_nul),
        cmocka_unit_test(valid_prefix_stops_at_the_first_bad_byte),
        cmocka_unit_test(count_is_code_points),
        cmocka_unit_test(cut_never_splits_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
