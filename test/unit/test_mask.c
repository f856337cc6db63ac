/*
 * test_mask.c — the masking rules (rules/mask): what a list or a detail page shows of a person
 * without the reveal permission. The expected strings are the ones the API tests and the
 * workbench have always shown (110101********123X, 张*, 138****5678, 北京市东城区****, 1990-**-**),
 * so a change here is a change the users see.
 */
#include "testutil.h"

#include "rules/idnum.h"
#include "rules/mask.h"

#include <string.h>

static void id_numbers_keep_6_and_4_or_2_and_2(void **state)
{
    (void)state;
    char out[IDNUM_SIZE];
    mask_idnum("11010119800106123X", out, sizeof out);
    assert_string_equal(out, "110101********123X");
    mask_idnum("H1234567801", out, sizeof out);
    assert_string_equal(out, "H1*******01");
    mask_idnum("H12345678", out, sizeof out);
    assert_string_equal(out, "H1*****78");
    mask_idnum("12345678", out, sizeof out);
    assert_string_equal(out, "12****78");
    mask_idnum("1234", out, sizeof out);
    assert_string_equal(out, "****");
    mask_idnum(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char small[6];
    mask_idnum("11010119800106123X", small, sizeof small);
    assert_string_equal(small, "11010");
    out[0] = 'z';
    mask_idnum("12345678", out, 0);
    assert_int_equal(out[0], 'z');
}

static void names_keep_their_first_character_only(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"张三", "张*"},
        {"欧阳娜娜", "欧***"},
        {"A", "*"},
        {"张", "*"},
        {"", ""},
        {"CHAN Tai Man", "C***********"},
        {"迪丽热巴·迪力木拉提", "迪*********"},
        {"\xF0\xA0\x80\x80\xE5\xAD\x90", "\xF0\xA0\x80\x80*"}, /* extension B first */
        {"\xFF\xFE", "**"},                                    /* malformed: nothing shown */
        {"\xE5\xBC", "**"},                                    /* cut short */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        mask_name(cases[i].in, out, strlen(cases[i].in) + 1);
        assert_string_equal(out, cases[i].out);
    }
    char out[8];
    mask_name(NULL, out, sizeof out);
    assert_string_equal(out, "");
}

static void masked_names_are_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char out[8];
    memset(out, 'x', sizeof out);
    mask_name("欧阳娜娜", out, 5); /* "欧" (3 bytes) + "*" + NUL */
    assert_string_equal(out, "欧*");
    mask_name("欧阳娜娜", out, 3); /* "欧" does not fit */
    assert_string_equal(out, "");
    mask_name("欧阳娜娜", out, 1);
    assert_string_equal(out, "");
    out[0] = 'x';
    mask_name("欧阳娜娜", out, 0); /* nothing written */
    assert_int_equal(out[0], 'x');
}

static void phones_keep_prefix_and_last_four_digits(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"13812345678", "138****5678"},
        {"+86 13812345678", "+86 138****5678"},
        {"+8613812345678", "+86138****5678"},
        {"010-12345678", "***-****5678"},
        {"07551234567", "*******4567"},
        {"+852 91234567", "+*** ****4567"},
        {"+886-912345678", "+***-*****5678"},
        {"1234567", "*******"},         /* fewer than 8 digits: nothing shown */
        {"电话12345678", "******5678"}, /* one * per character */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        mask_phone(cases[i].in, out, strlen(cases[i].in) + 1);
        assert_string_equal(out, cases[i].out);
    }
    char out[8];
    mask_phone(NULL, out, sizeof out);
    assert_string_equal(out, "");
    mask_phone("13812345678", out, 5);
    assert_string_equal(out, "138");
}

static void addresses_keep_their_first_six_characters(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"北京市东城区东华门街道1号", "北京市东城区*******"},
        {"北京市东城区", "北京市东城区"}, /* six characters: nothing hidden */
        {"北京市东城", "北京市东城"},
        {"Room 1, 2 Road", "Room 1********"},
        {"\xF0\xA0\x80\x80\xE5\xAD\x90路1号大院内", "\xF0\xA0\x80\x80\xE5\xAD\x90路1号大**"},
        {"\xFF北京市东城区", "*北京市东城*"}, /* a malformed byte is one character, never shown */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[128];
        mask_head(cases[i].in, MASK_ADDRESS_KEEP, out, strlen(cases[i].in) + 1);
        assert_string_equal(out, cases[i].out);
    }
    char out[8];
    mask_head(NULL, MASK_ADDRESS_KEEP, out, sizeof out);
    assert_string_equal(out, "");
    mask_head("北京市东城区", MASK_ADDRESS_KEEP, out, sizeof out); /* 北京 (6 bytes) + NUL fit */
    assert_string_equal(out, "北京");
    mask_head("abcdefgh", 0, out, sizeof out);
    assert_string_equal(out, "*******");
}

static void birth_dates_keep_their_year(void **state)
{
    (void)state;
    char out[16];
    mask_birth_date("1990-05-20", out, sizeof out);
    assert_string_equal(out, "1990-**-**");
    mask_birth_date("", out, sizeof out);
    assert_string_equal(out, "");
    mask_birth_date(NULL, out, sizeof out);
    assert_string_equal(out, "");
    mask_birth_date("1990-05", out, sizeof out); /* not a full date: shown as stored */
    assert_string_equal(out, "1990-05");
    mask_birth_date("1990-05-20", out, 6);
    assert_string_equal(out, "1990");
    out[0] = 'z';
    mask_birth_date("1990-05-20", out, 0);
    assert_int_equal(out[0], 'z');
}

static void every_mask_fits_in_the_input_length(void **state)
{
    (void)state;
    /* strlen(in) + 1 always suffices: a masked form is never longer than its input. */
    const char *inputs[] = {"张三",
                            "欧阳娜娜",
                            "13812345678",
                            "+86 13812345678",
                            "010-12345678",
                            "11010119800106123X",
                            "北京市东城区东华门街道",
                            "\xE5\xBC",
                            "\xFF\xFE"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t n = strlen(inputs[i]);
        char out[64];
        mask_name(inputs[i], out, n + 1);
        assert_true(strlen(out) <= n);
        mask_phone(inputs[i], out, n + 1);
        assert_true(strlen(out) <= n);
        mask_idnum(inputs[i], out, n + 1);
        assert_int_equal(strlen(out), n);
        mask_head(inputs[i], MASK_ADDRESS_KEEP, out, n + 1);
        assert_true(strlen(out) <= n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_numbers_keep_6_and_4_or_2_and_2),
        cmocka_unit_test(names_keep_their_first_character_only),
        cmocka_unit_test(masked_names_are_cut_at_a_character_boundary),
        cmocka_unit_test(phones_keep_prefix_and_last_four_digits),
        cmocka_unit_test(addresses_keep_their_first_six_characters),
        cmocka_unit_test(birth_dates_keep_their_year),
        cmocka_unit_test(every_mask_fits_in_the_input_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
