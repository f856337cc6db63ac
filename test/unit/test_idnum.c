/*
 * test_idnum.c — identity document numbers (rules/idnum).
 *
 * Check characters are never taken from the function under test: the handful of literal
 * numbers below carry their weighted sums in comments (GB 11643-1999 weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexing "10X98765432"), and numbers built on
 * the fly get their check character from testutil_check_char(), an independent formulation of the
 * same ISO 7064 MOD 11-2 code (Horner's rule on 2 modulo 11, no weight table).
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/idnum.h"

#include <stdio.h>
#include <string.h>

/* A fixed "today" for every test: 2026-03-15. */
#define TODAY date_from_ymd(2026, 3, 15)

static int parse(enum id_type t, const char *s, struct idnum *out)
{
    return idnum_parse(t, s, s ? strlen(s) : 0, TODAY, out);
}

static int parse_rc(enum id_type t, const char *s)
{
    struct idnum id;
    return parse(t, s, &id);
}

static void gb11643_example_is_a_woman_born_1949_12_31(void **state)
{
    (void)state;
    /*
     * The example number of GB 11643-1999: 11010519491231002X.
     * 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2
     * = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> 'X'.
     */
    struct idnum id;
    assert_int_equal(parse(ID_RESIDENT, "11010519491231002X", &id), 0);
    assert_string_equal(id.number, "11010519491231002X");
    assert_string_equal(id.person_key, "C:11010519491231002X");
    assert_true(id.has_birth);
    assert_int_equal(id.birth, date_from_ymd(1949, 12, 31));
    assert_int_equal(id.sex, 'F'); /* sequence 002 is even */
    assert_int_equal(id.type, ID_RESIDENT);
    assert_int_equal(idnum_check_char("11010519491231002"), 'X');
}

static void hand_computed_check_characters_are_accepted(void **state)
{
    (void)state;
    static const struct {
        const char *number;
        enum id_type type;
        int y, m, d;
        char sex;
    } cases[] = {
        /* 4*7+4*9+0+3*5+0+5*4+1*2+9*1+9*6+0+0+3*9+0+7*5+0+0+1*2 = 228; 228 mod 11 = 8 -> '4' */
        {"440305199003070014", ID_RESIDENT, 1990, 3, 7, 'M'},
        /* 3*7+1*9+0+1*5+0+4*4+2*2+0+0+0+0+2*9+2*10+9*5+0+0+2*2 = 142; mod 11 = 10 -> '2' */
        {"310104200002290022", ID_SSC, 2000, 2, 29, 'F'},
        /* 8*7+1*9+0+0+0+0+1*2+9*1+8*6+5*3+0+6*9+1*10+5*5+0+0+3*2 = 234; mod 11 = 3 -> '9' */
        {"810000198506150039", ID_HKMOTW_RESIDENCE, 1985, 6, 15, 'M'},
        /* 8*7+2*9+0+0+0+0+1*2+9*1+7*6+0+0+1*9+0+1*5+0+0+2*2 = 145; mod 11 = 2 -> 'X' */
        {"82000019700101002X", ID_HKMOTW_RESIDENCE, 1970, 1, 1, 'F'},
        /* 8*7+3*9+0+0+0+0+2*2+0+0+1*3+0+9*9+0+9*5+0+0+5*2 = 226; mod 11 = 6 -> '6' */
        {"830000200109090056", ID_SSC, 2001, 9, 9, 'M'},
        /* 1*7+1*9+0+1*5+0+1*4+1*2+9*1+8*6+0+0+1*9+0+6*5+1*8+2*4+3*2 = 145; mod 11 = 2 -> 'X' */
        {"11010119800106123X", ID_RESIDENT, 1980, 1, 6, 'M'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct idnum id;
        assert_int_equal(parse(cases[i].type, cases[i].number, &id), 0);
        assert_string_equal(id.number, cases[i].number);
        assert_int_equal(id.birth, date_from_ymd(cases[i].y, cases[i].m, cases[i].d));
        assert_int_equal(id.sex, cases[i].sex);
        assert_int_equal(idnum_check_char(cases[i].number), cases[i].number[17]);
        /* and the independent formulation agrees with the hand sums */
        assert_int_equal(testutil_check_char(cases[i].number), cases[i].number[17]);
    }
}

static void exactly_one_of_the_eleven_check_characters_passes(void **state)
{
    (void)state;
    /* For the body 44030519900307001 only '4' is right (see the hand sum above). */
    const char *body = "44030519900307001";
    const char candidates[] = "0123456789X";
    int n_ok = 0;
    for (int i = 0; i < 11; i++) {
        char num[19];
        memcpy(num, body, 17);
        num[17] = candidates[i];
        num[18] = '\0';
        int rc = parse_rc(ID_RESIDENT, num);
        if (rc == 0) {
            n_ok++;
            assert_int_equal(candidates[i], '4');
        } else {
            assert_int_equal(rc, -ERR_ID_CHECKSUM);
        }
    }
    assert_int_equal(n_ok, 1);
}

static void check_char_is_nul_for_a_non_digit_body(void **state)
{
    (void)state;
    assert_int_equal(idnum_check_char("4403051990030700A"), '\0');
    assert_int_equal(idnum_check_char("44030519900307001"), '4');
}

static void lower_case_x_is_accepted_and_normalised_to_upper_case(void **state)
{
    (void)state;
    struct idnum id;
    assert_int_equal(parse(ID_RESIDENT, "11010519491231002x", &id), 0);
    assert_string_equal(id.number, "11010519491231002X");
    assert_string_equal(id.person_key, "C:11010519491231002X");
}

static void empty_and_blank_input_is_id_empty(void **state)
{
    (void)state;
    for (int t = ID_RESIDENT; t <= ID_TW_PERMIT; t++) {
        assert_int_equal(parse_rc((enum id_type)t, ""), -ERR_ID_EMPTY);
        assert_int_equal(parse_rc((enum id_type)t, " \t  "), -ERR_ID_EMPTY);
        assert_int_equal(parse_rc((enum id_type)t, NULL), -ERR_ID_EMPTY);
    }
}

static void unknown_document_types_are_rejected(void **state)
{
    (void)state;
    enum id_type t = ID_SSC;
    const char *bad[] = {"", "Resident_id", "resident", "passport", "ssc ", "tw"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(idnum_type_parse(bad[i], &t), -ERR_ID_TYPE_UNKNOWN);
        assert_int_equal(t, ID_SSC); /* untouched */
    }
    assert_int_equal(idnum_type_parse(NULL, &t), -ERR_ID_TYPE_UNKNOWN);
    assert_int_equal(parse_rc((enum id_type)5, "11010519491231002X"), -ERR_ID_TYPE_UNKNOWN);
    assert_null(idnum_type_name((enum id_type)5));
}

static void contract_type_names_round_trip(void **state)
{
    (void)state;
    /* CONTRACT.md: id_type is resident_id, ssc, hkmotw_residence, hkmo_permit, tw_permit */
    static const struct {
        const char *name;
        enum id_type type;
    } names[] = {{"resident_id", ID_RESIDENT},
                 {"ssc", ID_SSC},
                 {"hkmotw_residence", ID_HKMOTW_RESIDENCE},
                 {"hkmo_permit", ID_HKMO_PERMIT},
                 {"tw_permit", ID_TW_PERMIT}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        enum id_type t;
        assert_int_equal(idnum_type_parse(names[i].name, &t), 0);
        assert_int_equal(t, names[i].type);
        assert_string_equal(idnum_type_name(t), names[i].name);
    }
}

static void surrounding_blanks_are_trimmed_internal_ones_are_charset(void **state)
{
    (void)state;
    struct idnum id;
    assert_int_equal(parse(ID_RESIDENT, " \t11010519491231002X \t", &id), 0);
    assert_string_equal(id.number, "11010519491231002X");
    assert_int_equal(parse_rc(ID_RESIDENT, "110105 19491231002X"), -ERR_ID_CHARSET);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H1234 5678"), -ERR_ID_CHARSET);
    assert_int_equal(parse_rc(ID_TW_PERMIT, "1234 5678"), -ERR_ID_CHARSET);
    assert_int_equal(parse(ID_HKMO_PERMIT, "  m12345678\t", &id), 0);
    assert_string_equal(id.number, "M12345678");
}

static void non_digits_where_digits_belong_are_charset(void **state)
{
    (void)state;
    const char *bad[] = {
        "1101051949123100X2",  /* X before the last position */
        "11010519491231002Y",  /* a letter other than X */
        "A1010519491231002X",  /* a letter in front */
        "110105-19491231002X", /* a hyphen */
        "11010519491231002X.", /* trailing punctuation */
        "1101051949123１002X", /* a full-width 1 */
        "1101O519491231002X",  /* letter O, not zero */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        for (int t = ID_RESIDENT; t <= ID_HKMOTW_RESIDENCE; t++)
            assert_int_equal(parse_rc((enum id_type)t, bad[i]), -ERR_ID_CHARSET);
    /* a NUL byte inside the n bytes is not the end of the number */
    struct idnum id;
    assert_int_equal(idnum_parse(ID_RESIDENT,
                                 "1101051949\0"
                                 "231002X",
                                 18, TODAY, &id),
                     -ERR_ID_CHARSET);
}

static void wrong_lengths_are_id_length(void **state)
{
    (void)state;
    const char *bad[] = {"1",
                         "1101051949123100",
                         "11010519491231002",
                         "1101051949123100211",
                         "110105194912310021X",
                         "1101051949123100X"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        for (int t = ID_RESIDENT; t <= ID_HKMOTW_RESIDENCE; t++)
            assert_int_equal(parse_rc((enum id_type)t, bad[i]), -ERR_ID_LENGTH);
}

static void fifteen_digit_numbers_are_rejected_as_first_generation(void **state)
{
    (void)state;
    /* First-generation cards (15 digits, 2-digit year, no check character) stopped being valid
     * on 2013-01-01 (《居民身份证法》 §17 transition); resident_id and ssc may still meet them. */
    assert_int_equal(parse_rc(ID_RESIDENT, "110105491231002"), -ERR_ID_FIRST_GENERATION);
    assert_int_equal(parse_rc(ID_SSC, "110105491231002"), -ERR_ID_FIRST_GENERATION);
    /* residence permits (issued from 2018) never had a 15-digit form */
    assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, "810000491231002"), -ERR_ID_LENGTH);
    /* 15 characters ending in X are not a first-generation number */
    assert_int_equal(parse_rc(ID_RESIDENT, "11010549123100X"), -ERR_ID_LENGTH);
}

static void hkmotw_areas_are_accepted_per_type(void **state)
{
    (void)state;
    /* 港澳台居民居住证 numbers use 810000 (HK), 820000 (Macao), 830000 (Taiwan). */
    static const char *const areas[] = {"810000", "820000", "830000"};
    for (size_t i = 0; i < 3; i++) {
        char num[19];
        testutil_make_id(num, areas[i], 1990, 5, 17, "021");
        assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_AREA);
        assert_int_equal(parse_rc(ID_SSC, num), 0);
        assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, num), 0);
    }
    /* 81/82/83 with a non-zero rest are no residence permit area */
    static const char *const near[] = {"810001", "811000", "820100", "830101", "840000"};
    for (size_t i = 0; i < sizeof near / sizeof *near; i++) {
        char num[19];
        testutil_make_id(num, near[i], 1990, 5, 17, "021");
        assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_AREA);
        assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, num), -ERR_ID_AREA_HKMOTW);
        assert_int_equal(parse_rc(ID_SSC, num),
                         near[i][1] == '4' ? -ERR_ID_AREA : -ERR_ID_AREA_HKMOTW);
    }
    /* a residence permit with a mainland area is wrong */
    char num[19];
    testutil_make_id(num, "110101", 1990, 5, 17, "021");
    assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, num), -ERR_ID_AREA_HKMOTW);
    assert_int_equal(parse_rc(ID_SSC, num), 0);
}

static void taiwan_code_71_is_no_valid_area(void **state)
{
    (void)state;
    /* GB/T 2260 lists 71 for Taiwan, but no identity number is issued with it; Taiwan residents'
     * residence permits use 830000. */
    char num[19];
    testutil_make_id(num, "710000", 1990, 5, 17, "021");
    assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_AREA);
    assert_int_equal(parse_rc(ID_SSC, num), -ERR_ID_AREA);
    assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, num), -ERR_ID_AREA_HKMOTW);
}

static void province_boundaries_are_checked_on_both_sides(void **state)
{
    (void)state;
    static const struct {
        const char *area;
        int rc;
    } cases[] = {
        {"100000", -ERR_ID_AREA},
        {"110000", 0},
        {"150000", 0},
        {"160000", -ERR_ID_AREA},
        {"200000", -ERR_ID_AREA},
        {"210000", 0},
        {"230000", 0},
        {"240000", -ERR_ID_AREA},
        {"650000", 0},
        {"660000", -ERR_ID_AREA},
        {"800000", -ERR_ID_AREA},
        {"840000", -ERR_ID_AREA},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char num[19];
        testutil_make_id(num, cases[i].area, 1975, 11, 30, "314");
        assert_int_equal(parse_rc(ID_RESIDENT, num), cases[i].rc);
        assert_int_equal(parse_rc(ID_SSC, num), cases[i].rc);
    }
}

static void only_the_31_mainland_provinces_are_resident_id_areas(void **state)
{
    (void)state;
    /* GB/T 2260 provincial codes, written out: */
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                                    42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65};
    int n_ok = 0;
    for (int p = 0; p <= 99; p++) {
        char area[16], num[19];
        snprintf(area, sizeof area, "%02d0102", p);
        testutil_make_id(num, area, 1988, 8, 8, "888");
        bool listed = false;
        for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++)
            listed = listed || provinces[i] == p;
        int rc = parse_rc(ID_RESIDENT, num);
        assert_int_equal(rc, listed ? 0 : -ERR_ID_AREA);
        n_ok += rc == 0;
    }
    assert_int_equal(n_ok, 31);
}

static void abolished_county_codes_are_still_accepted(void **state)
{
    (void)state;
    /* 110102 西城区 absorbed 110104 宣武区 in 2010; numbers issued there keep 110104. */
    char num[19];
    testutil_make_id(num, "110104", 1960, 4, 1, "117");
    assert_int_equal(parse_rc(ID_RESIDENT, num), 0);
}

static void birth_date_from_1900_01_01_is_accepted_and_earlier_is_not(void **state)
{
    (void)state;
    char num[19];
    testutil_make_id(num, "320102", 1900, 1, 1, "005");
    assert_int_equal(parse_rc(ID_RESIDENT, num), 0);
    testutil_make_id(num, "320102", 1899, 12, 31, "005");
    assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_BIRTH_TOO_EARLY);
    testutil_make_id(num, "320102", 1000, 6, 1, "005");
    assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_BIRTH_TOO_EARLY);
}

static void birth_today_is_accepted_and_tomorrow_is_future(void **state)
{
    (void)state;
    char num[19];
    testutil_make_id(num, "320102", 2026, 3, 15, "005");
    assert_int_equal(parse_rc(ID_SSC, num), 0);
    testutil_make_id(num, "320102", 2026, 3, 16, "005");
    assert_int_equal(parse_rc(ID_SSC, num), -ERR_ID_BIRTH_FUTURE);
    testutil_make_id(num, "810000", 2026, 3, 16, "005");
    assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, num), -ERR_ID_BIRTH_FUTURE);
    /* the same number is fine once the day has come */
    struct idnum id;
    assert_int_equal(idnum_parse(ID_HKMOTW_RESIDENCE, num, 18, TODAY + 1, &id), 0);
}

static void february_29_exists_only_in_leap_years(void **state)
{
    (void)state;
    char num[19];
    testutil_make_id(num, "420102", 2000, 2, 29, "010"); /* divisible by 400: leap */
    assert_int_equal(parse_rc(ID_RESIDENT, num), 0);
    testutil_make_id(num, "420102", 2024, 2, 29, "010");
    assert_int_equal(parse_rc(ID_RESIDENT, num), 0);
    testutil_make_id(num, "420102", 2023, 2, 29, "010");
    assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_BIRTH_DATE);
    testutil_make_id(num, "420102", 1900, 2, 29, "010"); /* divisible by 100, not 400: common */
    assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_BIRTH_DATE);
}

static void impossible_birth_dates_are_id_birth_date(void **state)
{
    (void)state;
    static const int ymd[][3] = {{1990, 13, 1}, {1990, 0, 10}, {1990, 4, 31},
                                 {1990, 1, 0},  {1990, 1, 32}, {0, 1, 1}};
    for (size_t i = 0; i < sizeof ymd / sizeof *ymd; i++) {
        char num[19];
        testutil_make_id(num, "420102", ymd[i][0], ymd[i][1], ymd[i][2], "010");
        assert_int_equal(parse_rc(ID_RESIDENT, num), -ERR_ID_BIRTH_DATE);
    }
}

static void wrong_check_character_is_id_checksum(void **state)
{
    (void)state;
    assert_int_equal(parse_rc(ID_RESIDENT, "110105194912310021"), -ERR_ID_CHECKSUM);
    assert_int_equal(parse_rc(ID_SSC, "440305199003070015"), -ERR_ID_CHECKSUM);
    assert_int_equal(parse_rc(ID_HKMOTW_RESIDENCE, "81000019850615003X"), -ERR_ID_CHECKSUM);
    /* adjacent sequence digits swapped, 001 -> 010, old check char kept: the sum changes from
     * 228 by -1*2 +1*4 to 230, mod 11 = 10 -> '2', not '4' */
    assert_int_equal(parse_rc(ID_RESIDENT, "440305199003070104"), -ERR_ID_CHECKSUM);
}

static void odd_sequence_is_male_and_even_is_female(void **state)
{
    (void)state;
    /* GB 11643-1999 §4.3: 顺序码的奇数分配给男性，偶数分配给女性 */
    for (int seq = 0; seq < 20; seq++) {
        char s3[16], num[19];
        snprintf(s3, sizeof s3, "%03d", seq * 7);
        testutil_make_id(num, "510104", 1995, 7, 1, s3);
        struct idnum id;
        assert_int_equal(parse(ID_RESIDENT, num, &id), 0);
        assert_int_equal(id.sex, (seq * 7) % 2 ? 'M' : 'F');
    }
}

static void resident_id_and_ssc_with_one_number_are_one_person(void **state)
{
    (void)state;
    struct idnum a, b, c;
    assert_int_equal(parse(ID_RESIDENT, "11010519491231002X", &a), 0);
    assert_int_equal(parse(ID_SSC, "11010519491231002x", &b), 0);
    assert_string_equal(a.person_key, b.person_key);
    assert_int_equal(parse(ID_HKMOTW_RESIDENCE, "810000198506150039", &a), 0);
    assert_int_equal(parse(ID_SSC, "810000198506150039", &b), 0);
    assert_string_equal(a.person_key, b.person_key);
    /* different numbering systems cannot collide, even with the same digits */
    assert_int_equal(parse(ID_TW_PERMIT, "12345678", &a), 0);
    assert_int_equal(parse(ID_HKMO_PERMIT, "H12345678", &b), 0);
    assert_int_equal(parse(ID_HKMO_PERMIT, "M12345678", &c), 0);
    assert_string_equal(a.person_key, "T:12345678");
    assert_string_equal(b.person_key, "H:H12345678");
    assert_string_equal(c.person_key, "H:M12345678");
    assert_false(a.has_birth || b.has_birth || c.has_birth);
    assert_int_equal(a.sex, '\0');
}

static void hkmo_permits_with_and_without_renewal_count_are_one_person(void **state)
{
    (void)state;
    struct idnum a, b, c;
    assert_int_equal(parse(ID_HKMO_PERMIT, "H12345678", &a), 0);
    assert_int_equal(parse(ID_HKMO_PERMIT, "H1234567801", &b), 0);
    assert_int_equal(parse(ID_HKMO_PERMIT, "h1234567802", &c), 0);
    assert_string_equal(a.number, "H12345678");
    assert_string_equal(b.number, "H1234567801");
    assert_string_equal(c.number, "H1234567802");
    assert_string_equal(a.person_key, "H:H12345678");
    assert_string_equal(a.person_key, b.person_key);
    assert_string_equal(b.person_key, c.person_key);
    assert_int_equal(a.type, ID_HKMO_PERMIT);
    assert_int_equal(parse(ID_HKMO_PERMIT, "M87654321", &a), 0);
    assert_int_equal(parse(ID_HKMO_PERMIT, "m8765432100", &b), 0);
    assert_string_equal(a.person_key, b.person_key);
}

static void hkmo_permits_need_h_or_m_and_8_or_10_digits(void **state)
{
    (void)state;
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "A12345678"), -ERR_ID_PERMIT_PREFIX);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "12345678"), -ERR_ID_PERMIT_PREFIX);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "K12345678"), -ERR_ID_PERMIT_PREFIX);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H1234567A"), -ERR_ID_PERMIT_FORMAT);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "HM2345678"), -ERR_ID_PERMIT_FORMAT);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H"), -ERR_ID_LENGTH);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H1234567"), -ERR_ID_LENGTH);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H123456789"), -ERR_ID_LENGTH);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H123456789012"), -ERR_ID_LENGTH);
    assert_int_equal(parse_rc(ID_HKMO_PERMIT, "H(12345678)"), -ERR_ID_CHARSET);
}

static void tw_permits_are_exactly_8_digits(void **state)
{
    (void)state;
    struct idnum id;
    assert_int_equal(parse_rc(ID_TW_PERMIT, "1234567"), -ERR_ID_LENGTH);
    assert_int_equal(parse(ID_TW_PERMIT, "01234567", &id), 0);
    assert_string_equal(id.number, "01234567");
    assert_string_equal(id.person_key, "T:01234567");
    assert_int_equal(parse_rc(ID_TW_PERMIT, "123456789"), -ERR_ID_LENGTH);
    /* older 10-character forms are not accepted */
    assert_int_equal(parse_rc(ID_TW_PERMIT, "1234567801"), -ERR_ID_LENGTH);
    assert_int_equal(parse_rc(ID_TW_PERMIT, "12345678B"), -ERR_ID_PERMIT_FORMAT);
    assert_int_equal(parse_rc(ID_TW_PERMIT, "T1234567"), -ERR_ID_PERMIT_FORMAT);
}

static void input_need_not_be_nul_terminated(void **state)
{
    (void)state;
    struct idnum id;
    const char *s = "11010519491231002X99999";
    assert_int_equal(idnum_parse(ID_RESIDENT, s, 18, TODAY, &id), 0);
    assert_string_equal(id.number, "11010519491231002X");
    assert_int_equal(idnum_parse(ID_RESIDENT, s, 17, TODAY, &id), -ERR_ID_LENGTH);
}

static void failure_leaves_the_result_zeroed(void **state)
{
    (void)state;
    struct idnum id, zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(parse(ID_RESIDENT, "11010519491231002X", &id), 0);
    assert_int_equal(parse(ID_RESIDENT, "110105194912310021", &id), -ERR_ID_CHECKSUM);
    assert_memory_equal(&id, &zero, sizeof id);
}

static void type_is_guessed_from_the_shape(void **state)
{
    (void)state;
    struct {
        const char *s;
        enum id_type want;
    } cases[] = {
        {"11010519491231002X", ID_RESIDENT},
        {" 110105194912310021 ", ID_RESIDENT},
        {"110105491231002", ID_RESIDENT}, /* 15 digits: parse says first generation */
        {"810000199001011234", ID_HKMOTW_RESIDENCE},
        {"830000199001011234", ID_HKMOTW_RESIDENCE},
        {"H12345678", ID_HKMO_PERMIT},
        {"m1234567801", ID_HKMO_PERMIT},
        {"12345678", ID_TW_PERMIT},
        {"1234567", ID_RESIDENT},
        {"", ID_RESIDENT},
        {"HX", ID_RESIDENT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(idnum_guess_type(cases[i].s, strlen(cases[i].s)), cases[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gb11643_example_is_a_woman_born_1949_12_31),
        cmocka_unit_test(hand_computed_check_characters_are_accepted),
        cmocka_unit_test(exactly_one_of_the_eleven_check_characters_passes),
        cmocka_unit_test(check_char_is_nul_for_a_non_digit_body),
        cmocka_unit_test(lower_case_x_is_accepted_and_normalised_to_upper_case),
        cmocka_unit_test(empty_and_blank_input_is_id_empty),
        cmocka_unit_test(unknown_document_types_are_rejected),
        cmocka_unit_test(contract_type_names_round_trip),
        cmocka_unit_test(surrounding_blanks_are_trimmed_internal_ones_are_charset),
        cmocka_unit_test(non_digits_where_digits_belong_are_charset),
        cmocka_unit_test(wrong_lengths_are_id_length),
        cmocka_unit_test(fifteen_digit_numbers_are_rejected_as_first_generation),
        cmocka_unit_test(hkmotw_areas_are_accepted_per_type),
        cmocka_unit_test(taiwan_code_71_is_no_valid_area),
        cmocka_unit_test(province_boundaries_are_checked_on_both_sides),
        cmocka_unit_test(only_the_31_mainland_provinces_are_resident_id_areas),
        cmocka_unit_test(abolished_county_codes_are_still_accepted),
        cmocka_unit_test(birth_date_from_1900_01_01_is_accepted_and_earlier_is_not),
        cmocka_unit_test(birth_today_is_accepted_and_tomorrow_is_future),
        cmocka_unit_test(february_29_exists_only_in_leap_years),
        cmocka_unit_test(impossible_birth_dates_are_id_birth_date),
        cmocka_unit_test(wrong_check_character_is_id_checksum),
        cmocka_unit_test(odd_sequence_is_male_and_even_is_female),
        cmocka_unit_test(resident_id_and_ssc_with_one_number_are_one_person),
        cmocka_unit_test(hkmo_permits_with_and_without_renewal_count_are_one_person),
        cmocka_unit_test(hkmo_permits_need_h_or_m_and_8_or_10_digits),
        cmocka_unit_test(tw_permits_are_exactly_8_digits),
        cmocka_unit_test(input_need_not_be_nul_terminated),
        cmocka_unit_test(failure_leaves_the_result_zeroed),
        cmocka_unit_test(type_is_guessed_from_the_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
