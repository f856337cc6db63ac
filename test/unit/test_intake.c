/*
 * test_intake.c — the rules of an application form (rules/intake).
 *
 * Each test starts from one valid form (valid_form) and breaks one thing, so a failure names
 * exactly one rule. Sources: notice 人社厅发〔2020〕3号 §1 (who may register: 年满16周岁（含）,
 * 户籍地或常住地, 港澳台居民参照执行), §3 (the documents, the written commitment), §8 (不得以
 * 人户分离、户籍不在本地等为由不予受理); CONTRACT.md "The application form". Check characters of
 * the ID numbers built here come from testutil_check_char(), written independently of rules/idnum.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/intake.h"

#include <stdio.h>
#include <string.h>

/* A fixed "today" for every test: 2026-03-15. */
#define TODAY date_from_ymd(2026, 3, 15)

/* The number of valid_form: a man (sequence 123 is odd) born 1990-05-20 in 东城区. */
static char g_id[19];

/* A valid form with the required fields only: resident_id, registering where he lives. */
static void valid_form(struct intake_form *f)
{
    testutil_make_id(g_id, "110101", 1990, 5, 20, "123");
    memset(f, 0, sizeof *f);
    f->id_type = "resident_id";
    f->id_number = g_id;
    f->name = "张三";
    f->phone = "13812345678";
    f->residence_region = "110101";
    f->residence_address = "北京市东城区景山前街4号";
    f->register_region = "110101";
    f->register_basis = "residence";
    f->unemployed_since = "2026-02-01";
    f->unemployment_reason = "20";
    f->commitment = true;
    f->job_salary_min = -1;
}

static int check_on(const struct intake_form *f, int32_t today, struct intake_checked *out,
                    struct err_ctx *ec)
{
    memset(ec, 0, sizeof *ec);
    return intake_validate(f, today, out, ec);
}

/* Assert that f fails with `code` on `field` (NULL: no field), and *out is zeroed. */
static void expect_on(const struct intake_form *f, int32_t today, int code, const char *field)
{
    struct intake_checked out;
    struct err_ctx ec;
    int rc = check_on(f, today, &out, &ec);
    if (rc != code || (field && (!ec.field || strcmp(ec.field, field) != 0)))
        fail_msg("expected %s on %s, got %s on %s", err_info(code)->code, field ? field : "-",
                 rc ? err_info(rc)->code : "ok", ec.field ? ec.field : "-");
    assert_int_equal(ec.code, code);
    if (!field)
        assert_null(ec.field);
    struct intake_checked zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&out, &zero, sizeof out);
}

static void expect(const struct intake_form *f, int code, const char *field)
{
    expect_on(f, TODAY, code, field);
}

static void expect_ok_on(const struct intake_form *f, int32_t today)
{
    struct intake_checked out;
    struct err_ctx ec;
    int rc = check_on(f, today, &out, &ec);
    if (rc != 0)
        fail_msg("expected ok, got %s on %s", err_info(rc)->code, ec.field ? ec.field : "-");
}

static void expect_ok(const struct intake_form *f)
{
    expect_ok_on(f, TODAY);
}

/* A string of n copies of the UTF-8 character c, into buf. */
static const char *repeat(char *buf, size_t bufsz, const char *c, size_t n)
{
    size_t len = strlen(c);
    assert_true(n * len < bufsz);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * len, c, len);
    buf[n * len] = '\0';
    return buf;
}

/* --- valid forms ------------------------------------------------------------------------- */

static void resident_id_form_with_required_fields_only_is_accepted(void **state)
{
    (void)state;
    /* §3: birth date and sex come from the number when the form leaves them out. */
    struct intake_form f;
    valid_form(&f);
    struct intake_checked out;
    struct err_ctx ec;
    assert_int_equal(check_on(&f, TODAY, &out, &ec), 0);
    assert_int_equal(out.id.type, ID_RESIDENT);
    assert_string_equal(out.id.number, g_id);
    char key[32];
    snprintf(key, sizeof key, "C:%s", g_id);
    assert_string_equal(out.id.person_key, key);
    assert_true(out.has_birth);
    assert_int_equal(out.birth, date_from_ymd(1990, 5, 20));
    assert_int_equal(out.sex, 'M');
    assert_int_equal(out.unemployed_since, date_from_ymd(2026, 2, 1));
}

static void every_document_type_has_a_fully_valid_form(void **state)
{
    (void)state;
    /*
     * §3: 内地（大陆）居民 — 居民身份证 or 社会保障卡; 港澳台居民 — 港澳台居民居住证, 社会保障卡,
     * 港澳居民来往内地通行证 (and the Taiwan permit, the contract's tw_permit).
     */
    char resident[19], hk_residence[19], tw_residence[19], ssc_hk[19];
    testutil_make_id(resident, "440305", 1985, 11, 2, "246");     /* a woman */
    testutil_make_id(hk_residence, "810000", 1992, 7, 1, "135");  /* a man, from Hong Kong */
    testutil_make_id(tw_residence, "830000", 1980, 2, 29, "010"); /* a woman, from Taiwan */
    testutil_make_id(ssc_hk, "820000", 1975, 12, 31, "001");      /* Macao number on an SSC */
    const struct {
        const char *type, *number, *birth_date, *sex;
        int32_t birth;
        char want_sex;
        const char *key_prefix;
    } cases[] = {
        {"resident_id", resident, NULL, NULL, date_from_ymd(1985, 11, 2), 'F', "C:"},
        {"resident_id", resident, "1985-11-02", "F", date_from_ymd(1985, 11, 2), 'F', "C:"},
        {"ssc", resident, NULL, NULL, date_from_ymd(1985, 11, 2), 'F', "C:"},
        {"ssc", ssc_hk, NULL, "M", date_from_ymd(1975, 12, 31), 'M', "C:"},
        {"hkmotw_residence", hk_residence, NULL, NULL, date_from_ymd(1992, 7, 1), 'M', "C:"},
        {"hkmotw_residence", tw_residence, "1980-02-29", NULL, date_from_ymd(1980, 2, 29), 'F',
         "C:"},
        {"hkmo_permit", "H12345678", "1992-07-01", "M", date_from_ymd(1992, 7, 1), 'M', "H:"},
        {"hkmo_permit", "M8765432101", "1988-03-15", NULL, date_from_ymd(1988, 3, 15), '\0', "H:"},
        {"tw_permit", "01234567", "1980-02-29", "F", date_from_ymd(1980, 2, 29), 'F', "T:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        f.id_type = cases[i].type;
        f.id_number = cases[i].number;
        f.birth_date = cases[i].birth_date;
        f.sex = cases[i].sex;
        f.residence_region = "440305";
        f.register_region = "440305";
        struct intake_checked out;
        struct err_ctx ec;
        int rc = check_on(&f, TODAY, &out, &ec);
        if (rc != 0)
            fail_msg("case %zu: %s on %s", i, err_info(rc)->code, ec.field ? ec.field : "-");
        assert_string_equal(idnum_type_name(out.id.type), cases[i].type);
        assert_int_equal(strncmp(out.id.person_key, cases[i].key_prefix, 2), 0);
        assert_true(out.has_birth);
        assert_int_equal(out.birth, cases[i].birth);
        assert_int_equal(out.sex, cases[i].want_sex);
    }
}

static void every_optional_field_filled_in_is_accepted(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.sex = "M";
    f.birth_date = "1990-05-20";
    f.ethnicity = "01";
    f.education = "20";
    f.hukou_type = "10";
    f.hukou_region = "110101";
    f.hukou_address = "北京市东城区某胡同1号";
    f.health = "disabled";
    f.disability_grade = "3";
    f.last_employer = "某某科技有限公司";
    f.last_occupation = "软件工程师";
    f.skills = "C 语言\n数据库";
    f.certificates = "计算机技术与软件专业技术资格（中级）";
    f.job_occupation = "软件开发";
    f.job_region = "110000";
    f.job_salary_min = 8000;
    f.training_intent = true;
    f.startup_intent = true;
    f.ui_benefit = true;
    f.n_difficulty = 2;
    f.difficulty[0] = "20";
    f.difficulty[1] = "40";
    expect_ok(&f);
}

static void absent_optional_strings_may_be_null_or_empty(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.sex = "";
    f.birth_date = "";
    f.ethnicity = f.education = f.hukou_type = f.hukou_region = f.hukou_address = "";
    f.health = f.disability_grade = "";
    f.last_employer = f.last_occupation = f.skills = f.certificates = "";
    f.job_occupation = f.job_region = "";
    expect_ok(&f);
}

/* --- step 1: required fields ------------------------------------------------------------- */

static void each_missing_required_field_is_named(void **state)
{
    (void)state;
    /* CONTRACT.md: the required fields, in contract order. */
    static const char *const fields[] = {
        "id_type",
        "id_number",
        "name",
        "phone",
        "residence_region",
        "residence_address",
        "register_region",
        "register_basis",
        "unemployed_since",
        "unemployment_reason",
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        for (int empty = 0; empty < 2; empty++) {
            struct intake_form f;
            valid_form(&f);
            const char **slots[] = {
                &f.id_type,
                &f.id_number,
                &f.name,
                &f.phone,
                &f.residence_region,
                &f.residence_address,
                &f.register_region,
                &f.register_basis,
                &f.unemployed_since,
                &f.unemployment_reason,
            };
            *slots[i] = empty ? "" : NULL;
            expect(&f, -ERR_FIELD_REQUIRED, fields[i]);
        }
}

static void missing_required_fields_are_reported_in_contract_order(void **state)
{
    (void)state;
    struct intake_form f;
    memset(&f, 0, sizeof f);
    f.job_salary_min = -1;
    expect(&f, -ERR_FIELD_REQUIRED, "id_type");
    valid_form(&f);
    f.phone = NULL;
    f.unemployment_reason = NULL;
    expect(&f, -ERR_FIELD_REQUIRED, "phone");
}

static void commitment_must_be_true(void **state)
{
    (void)state;
    /* §3: 由本人对填写信息真实性作出书面承诺. */
    struct intake_form f;
    valid_form(&f);
    f.commitment = false;
    expect(&f, -ERR_INTAKE_COMMITMENT, "commitment");
    assert_string_equal(err_info(-ERR_INTAKE_COMMITMENT)->code, "commitment_required");
    /* Missing required fields come first. */
    f.unemployment_reason = "";
    expect(&f, -ERR_FIELD_REQUIRED, "unemployment_reason");
}

static void required_fields_come_before_field_rules(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.name = "123";
    f.unemployed_since = NULL;
    expect(&f, -ERR_FIELD_REQUIRED, "unemployed_since");
    valid_form(&f);
    f.id_type = "passport";
    f.commitment = false;
    expect(&f, -ERR_INTAKE_COMMITMENT, "commitment");
}

/* --- step 2: each field ------------------------------------------------------------------ */

static void unknown_document_type_names_id_type(void **state)
{
    (void)state;
    const char *bad[] = {"passport", "Resident_ID", "resident_id ", "RESIDENT_ID", "idcard"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        f.id_type = bad[i];
        expect(&f, -ERR_ID_TYPE_UNKNOWN, "id_type");
    }
}

static void document_number_errors_name_id_number(void **state)
{
    (void)state;
    char wrong_check[19], future[19], mainland_on_permit[19];
    testutil_make_id(wrong_check, "110101", 1990, 5, 20, "123");
    wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
    testutil_make_id(future, "110101", 2026, 3, 16, "123");
    testutil_make_id(mainland_on_permit, "110101", 1990, 5, 20, "123");
    const struct {
        const char *type, *number;
        int code;
    } cases[] = {
        {"resident_id", wrong_check, -ERR_ID_CHECKSUM},
        {"resident_id", "110101900520123", -ERR_ID_FIRST_GENERATION},
        {"resident_id", "11010119900520", -ERR_ID_LENGTH},
        {"resident_id", "110101-19900520", -ERR_ID_CHARSET},
        {"resident_id", future, -ERR_ID_BIRTH_FUTURE},
        {"ssc", wrong_check, -ERR_ID_CHECKSUM},
        {"hkmotw_residence", mainland_on_permit, -ERR_ID_AREA_HKMOTW},
        {"hkmo_permit", "A12345678", -ERR_ID_PERMIT_PREFIX},
        {"hkmo_permit", "H1234567", -ERR_ID_LENGTH},
        {"tw_permit", "1234567", -ERR_ID_LENGTH},
        {"tw_permit", "T1234567", -ERR_ID_PERMIT_FORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        f.id_type = cases[i].type;
        f.id_number = cases[i].number;
        f.birth_date = "1990-05-20";
        expect(&f, cases[i].code, "id_number");
    }
}

static void names_of_every_origin_are_accepted(void **state)
{
    (void)state;
    char fifty[256];
    const char *good[] = {
        "张三",
        "欧阳娜娜",
        "王〇",
        "迪丽热巴·迪力木拉提",  /* minority name with the middle dot U+00B7 */
        "阿卜杜热合曼・麦麦提", /* the katakana middle dot U+30FB people also type */
        "爱新觉罗‧启星",        /* the hyphenation point U+2027 */
        "CHAN Tai Man",         /* a Hong Kong name in Latin script */
        "Jean-Pierre Dupont",
        "O'Neil",
        "J. Smith",
        "José Müller",
        "陳大文",
        "\xF0\xA0\x80\x80", /* U+20000, CJK extension B */
        "A",
        "李",
        repeat(fifty, sizeof fifty, "龍", 50),
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (intake_check_name(good[i]) != 0)
            fail_msg("refused: %s", good[i]);
    struct intake_form f;
    valid_form(&f);
    f.name = "买买提·艾力";
    expect_ok(&f);
}

static void names_with_digits_controls_or_stray_separators_are_refused(void **state)
{
    (void)state;
    char fifty_one[256];
    const char *bad[] = {
        "12345",  /* digits only */
        "张3",    /* digits never appear in names */
        "张\t三", /* control characters */
        "张\n三",
        "张\x7f三",
        "\xC2\x85张", /* U+0085, a C1 control */
        " 张三",      /* blanks around */
        "张三 ",
        "张  三", /* two spaces */
        "·张三",
        "张三·",
        "张··三",
        "张 ·三", /* stray middle dots */
        "张三!",
        "张三@",
        "张（三）",
        "张\xE3\x80\x80三", /* full-width space U+3000 */
        "\xFF",             /* not UTF-8 */
        "\xC0\xAF",         /* overlong */
        "\xE5\xBC",         /* cut short */
        "\xED\xA0\x80",     /* a surrogate */
        "-",
        "'",
        ".",
        "Smith.-",
        repeat(fifty_one, sizeof fifty_one, "龍", 51),
        "",
        NULL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (intake_check_name(bad[i]) != -ERR_INTAKE_NAME)
            fail_msg("accepted case %zu", i);
    struct intake_form f;
    valid_form(&f);
    f.name = "12345";
    expect(&f, -ERR_INTAKE_NAME, "name");
    f.name = repeat(fifty_one, sizeof fifty_one, "a", 51);
    expect(&f, -ERR_INTAKE_NAME, "name");
    f.name = repeat(fifty_one, sizeof fifty_one, "a", 50);
    expect_ok(&f);
}

static void mainland_hk_macao_and_taiwan_phones_are_accepted(void **state)
{
    (void)state;
    const char *good[] = {
        "13812345678",    "19912345678",   "13012345678",    "+86 13812345678", "+86-13812345678",
        "+8613812345678", "010-12345678",  "01012345678",    "021-87654321",    "0755-1234567",
        "0755-12345678",  "07551234567",   "0991-2345678",   "+852 91234567",   "+85221234567",
        "+853 66123456",  "+853-28123456", "+886 912345678", "+886-223456789",  "+88637123456",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (intake_check_phone(good[i]) != 0)
            fail_msg("refused: %s", good[i]);
}

static void malformed_phones_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "12812345678",   /* 12x is no mobile prefix */
        "1381234567",    /* 10 digits */
        "138123456789",  /* 12 digits */
        "138 1234 5678", /* inner blanks */
        " 13812345678",
        "13812345678 ",
        "23812345678",
        "0755-123456",      /* 6-digit subscriber number */
        "0755-123456789",   /* 9 digits */
        "0755-0234567",     /* subscriber numbers do not start with 0 */
        "010-12345678-123", /* extensions are not taken */
        "011-12345678",     /* 010 is the only 01X area code */
        "0010-1234567",
        "00-12345678",
        "010--12345678",
        "+852 9123456",   /* 7 digits */
        "+852 912345678", /* 9 digits */
        "+852 01234567",
        "+853 16123456",
        "+886 1234567",     /* 7 digits */
        "+886 9123456789",  /* 10 digits */
        "+886 0912345678",  /* the domestic leading 0 stays out */
        "+86 0755-1234567", /* after +86 only a mobile */
        "+86",
        "+1 4155550100",
        "+44 2079460000",
        "86 13812345678",
        "abc",
        "1381234567x",
        "１３８１２３４５６７８", /* full-width digits */
        "",
        NULL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (intake_check_phone(bad[i]) != -ERR_INTAKE_PHONE)
            fail_msg("accepted case %zu: %s", i, bad[i] ? bad[i] : "(null)");
    struct intake_form f;
    valid_form(&f);
    f.phone = "1381234567";
    expect(&f, -ERR_INTAKE_PHONE, "phone");
}

static void residence_region_must_be_a_real_code_of_any_level(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.residence_region = "11010";
    expect(&f, -ERR_REGION_FORMAT, "residence_region");
    f.residence_region = "110101001"; /* a street: forms carry 6 digits */
    expect(&f, -ERR_REGION_FORMAT, "residence_region");
    f.residence_region = "999999";
    expect(&f, -ERR_REGION_INVALID, "residence_region");
    f.residence_region = "110000";
    expect_ok(&f);
    f.residence_region = "440300";
    expect_ok(&f);
}

static void addresses_hold_at_most_200_characters_on_one_line(void **state)
{
    (void)state;
    char buf[1024];
    struct intake_form f;
    valid_form(&f);
    f.residence_address = repeat(buf, sizeof buf, "路", 200);
    expect_ok(&f);
    f.residence_address = repeat(buf, sizeof buf, "路", 201);
    expect(&f, -ERR_FIELD_INVALID, "residence_address");
    f.residence_address = "北京市\n东城区";
    expect(&f, -ERR_FIELD_INVALID, "residence_address");
    f.residence_address = "北京市\xFF";
    expect(&f, -ERR_FIELD_INVALID, "residence_address");
    valid_form(&f);
    f.hukou_address = repeat(buf, sizeof buf, "a", 200);
    expect_ok(&f);
    f.hukou_address = repeat(buf, sizeof buf, "a", 201);
    expect(&f, -ERR_FIELD_INVALID, "hukou_address");
    f.hukou_address = "四川省\t成都市";
    expect(&f, -ERR_FIELD_INVALID, "hukou_address");
}

static void register_region_must_be_county_level_or_below(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.register_region = "1101";
    expect(&f, -ERR_REGION_FORMAT, "register_region");
    f.register_region = "110101001";
    expect(&f, -ERR_REGION_FORMAT, "register_region");
    f.register_region = "999999";
    expect(&f, -ERR_REGION_INVALID, "register_region");
    f.register_region = "110000"; /* a province */
    expect(&f, -ERR_INTAKE_REGISTER_LEVEL, "register_region");
    f.register_region = "440300"; /* 深圳市, a city with districts */
    expect(&f, -ERR_INTAKE_REGISTER_LEVEL, "register_region");
    f.register_region = "110100"; /* 市辖区 placeholder */
    expect(&f, -ERR_INTAKE_REGISTER_LEVEL, "register_region");
    f.register_region = "440305"; /* 南山区 */
    expect_ok(&f);
    f.register_region = "441900"; /* 东莞市, a city without counties */
    expect_ok(&f);
    f.register_region = "419001"; /* 济源市, directly under the province */
    expect_ok(&f);
}

static void register_basis_comes_from_its_table(void **state)
{
    (void)state;
    /* 人社厅发〔2020〕79号: 户籍地、常住地、就业地、参保地. */
    const char *good[] = {"hukou", "residence", "employment", "insured"};
    struct intake_form f;
    valid_form(&f);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        f.register_basis = good[i];
        expect_ok(&f);
    }
    f.register_basis = "work";
    expect(&f, -ERR_CODE_INVALID, "register_basis");
    f.register_basis = "Hukou";
    expect(&f, -ERR_CODE_INVALID, "register_basis");
}

static void unemployed_since_is_a_real_date_not_after_today(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.unemployed_since = "2026-03-15"; /* today */
    expect_ok(&f);
    f.unemployed_since = "2026-03-16"; /* tomorrow */
    expect(&f, -ERR_INTAKE_UNEMPLOYED_FUTURE, "unemployed_since");
    f.unemployed_since = "2026-02-30";
    expect(&f, -ERR_DATE_INVALID, "unemployed_since");
    f.unemployed_since = "2026/02/01";
    expect(&f, -ERR_DATE_INVALID, "unemployed_since");
    f.unemployed_since = "20260201";
    expect(&f, -ERR_DATE_INVALID, "unemployed_since");
}

static void unemployment_reason_comes_from_its_table(void **state)
{
    (void)state;
    const char *good[] = {"10", "20", "32", "50", "60", "70", "90"};
    struct intake_form f;
    valid_form(&f);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        f.unemployment_reason = good[i];
        expect_ok(&f);
    }
    const char *bad[] = {"99", "2", "020", "graduate"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f.unemployment_reason = bad[i];
        expect(&f, -ERR_CODE_INVALID, "unemployment_reason");
    }
}

static void sex_is_m_or_f(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.sex = "M";
    expect_ok(&f);
    const char *bad[] = {"m", "male", "男", "X", "MF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f.sex = bad[i];
        expect(&f, -ERR_FIELD_INVALID, "sex");
    }
}

static void birth_date_is_a_real_date_from_1900_to_today(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.id_type = "tw_permit";
    f.id_number = "12345678";
    f.birth_date = "1990-02-30";
    expect(&f, -ERR_DATE_INVALID, "birth_date");
    f.birth_date = "1990-5-20";
    expect(&f, -ERR_DATE_INVALID, "birth_date");
    f.birth_date = "1899-12-31";
    expect(&f, -ERR_FIELD_INVALID, "birth_date");
    f.birth_date = "2026-03-16";
    expect(&f, -ERR_FIELD_INVALID, "birth_date");
    /* 1900-01-01 is a possible date; an unemployment date after it keeps the rest valid. */
    f.birth_date = "1900-01-01";
    expect_ok(&f);
    /* Born today: a real date, but far too young. */
    f.birth_date = "2026-03-15";
    f.unemployed_since = "2026-03-15";
    expect(&f, -ERR_INTAKE_UNDER_16, "birth_date");
}

static void coded_optional_fields_come_from_their_tables(void **state)
{
    (void)state;
    const struct {
        size_t offset;
        const char *field, *good, *bad;
    } cases[] = {
        {offsetof(struct intake_form, ethnicity), "ethnicity", "03", "1"},
        {offsetof(struct intake_form, education), "education", "21", "50"},
        {offsetof(struct intake_form, hukou_type), "hukou_type", "30", "40"},
        {offsetof(struct intake_form, health), "health", "ill", "sick"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        const char **slot = (const char **)((char *)&f + cases[i].offset);
        *slot = cases[i].good;
        expect_ok(&f);
        *slot = cases[i].bad;
        expect(&f, -ERR_CODE_INVALID, cases[i].field);
    }
}

static void hukou_region_must_be_a_real_code(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.hukou_region = "51010";
    expect(&f, -ERR_REGION_FORMAT, "hukou_region");
    f.hukou_region = "999999";
    expect(&f, -ERR_REGION_INVALID, "hukou_region");
}

static void non_local_hukou_is_never_a_reason_to_refuse(void **state)
{
    (void)state;
    /*
     * §1: 可在户籍地或常住地办理失业登记; §8: 不得以人户分离、户籍不在本地等为由不予受理.
     * A man with his 户籍 in 成都 registers in 北京 where he lives, on any basis, with an
     * agricultural hukou, born in a third province.
     */
    char born_elsewhere[19];
    testutil_make_id(born_elsewhere, "420106", 1993, 8, 8, "371");
    const char *bases[] = {"residence", "employment", "insured", "hukou"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        f.id_number = born_elsewhere;
        f.hukou_region = "510108";
        f.hukou_address = "四川省成都市成华区某村";
        f.hukou_type = "20";
        f.register_basis = bases[i];
        expect_ok(&f);
        f.hukou_region = "810000"; /* even 户籍 in a place outside the mainland system */
        expect_ok(&f);
    }
}

static void disability_grade_goes_with_health_disabled(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.health = "disabled";
    const char *grades[] = {"1", "2", "3", "4"};
    for (size_t i = 0; i < 4; i++) {
        f.disability_grade = grades[i];
        expect_ok(&f);
    }
    const char *bad[] = {"0", "5", "10", "一", "1 ", "A"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f.disability_grade = bad[i];
        expect(&f, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    }
    f.disability_grade = NULL; /* disabled without a grade */
    expect(&f, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    f.disability_grade = "";
    expect(&f, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    f.health = "healthy"; /* a grade without disability */
    f.disability_grade = "2";
    expect(&f, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    f.health = NULL;
    expect(&f, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    f.disability_grade = NULL;
    expect_ok(&f);
}

static void free_text_fields_have_their_limits(void **state)
{
    (void)state;
    char buf[4096];
    const struct {
        size_t offset;
        const char *field;
        size_t max;
        bool multiline;
    } cases[] = {
        {offsetof(struct intake_form, last_employer), "last_employer", 100, false},
        {offsetof(struct intake_form, last_occupation), "last_occupation", 100, false},
        {offsetof(struct intake_form, skills), "skills", 500, true},
        {offsetof(struct intake_form, certificates), "certificates", 500, true},
        {offsetof(struct intake_form, job_occupation), "job_intent.occupation", 100, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct intake_form f;
        valid_form(&f);
        const char **slot = (const char **)((char *)&f + cases[i].offset);
        *slot = repeat(buf, sizeof buf, "技", cases[i].max);
        expect_ok(&f);
        *slot = repeat(buf, sizeof buf, "技", cases[i].max + 1);
        expect(&f, -ERR_FIELD_INVALID, cases[i].field);
        *slot = "焊工\r\n电工\t证";
        if (cases[i].multiline)
            expect_ok(&f);
        else
            expect(&f, -ERR_FIELD_INVALID, cases[i].field);
        *slot = "焊工\x01";
        expect(&f, -ERR_FIELD_INVALID, cases[i].field);
        *slot = "\xC3";
        expect(&f, -ERR_FIELD_INVALID, cases[i].field);
    }
}

static void job_intent_region_and_salary_are_checked(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.job_region = "1100";
    expect(&f, -ERR_REGION_FORMAT, "job_intent.region");
    f.job_region = "999999";
    expect(&f, -ERR_REGION_INVALID, "job_intent.region");
    f.job_region = "440000"; /* any level: a whole province is a fine wish */
    expect_ok(&f);
    const long long good[] = {-1, 0, 1, 5000, 1000000};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        f.job_salary_min = good[i];
        expect_ok(&f);
    }
    const long long bad[] = {-2, 1000001, -1000000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f.job_salary_min = bad[i];
        expect(&f, -ERR_FIELD_INVALID, "job_intent.salary_min");
    }
}

static void difficulty_categories_are_known_distinct_and_at_most_eight(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    const char *all[] = {"10", "20", "30", "40", "50", "60", "90"};
    f.n_difficulty = 7;
    for (int i = 0; i < 7; i++)
        f.difficulty[i] = all[i];
    expect_ok(&f);
    f.n_difficulty = 9;
    expect(&f, -ERR_FIELD_INVALID, "difficulty_categories");
    f.n_difficulty = -1;
    expect(&f, -ERR_FIELD_INVALID, "difficulty_categories");
    /* Eight entries are allowed by count; the table has seven codes, so the eighth repeats. */
    f.n_difficulty = 8;
    f.difficulty[7] = "10";
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    f.n_difficulty = 2;
    f.difficulty[0] = "20";
    f.difficulty[1] = "20";
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    f.difficulty[1] = "99";
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    f.difficulty[1] = "";
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    f.difficulty[1] = NULL;
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    f.n_difficulty = 0;
    expect_ok(&f);
}

static void field_rules_are_checked_in_contract_order(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.name = "123";
    f.phone = "123";
    expect(&f, -ERR_INTAKE_NAME, "name");
    valid_form(&f);
    f.register_region = "110000";
    f.unemployment_reason = "99";
    expect(&f, -ERR_INTAKE_REGISTER_LEVEL, "register_region");
    valid_form(&f);
    f.unemployment_reason = "99";
    f.sex = "X";
    expect(&f, -ERR_CODE_INVALID, "unemployment_reason");
    valid_form(&f);
    f.health = "sick";
    f.skills = "\x01";
    expect(&f, -ERR_CODE_INVALID, "health");
}

/* --- step 3: across fields --------------------------------------------------------------- */

static void birth_date_must_agree_with_the_number(void **state)
{
    (void)state;
    /* CONTRACT.md: birth_date must agree with a mainland-form number when present. */
    struct intake_form f;
    valid_form(&f);
    f.birth_date = "1990-05-20";
    expect_ok(&f);
    f.birth_date = "1990-05-21";
    expect(&f, -ERR_INTAKE_BIRTH_MISMATCH, "birth_date");
    f.birth_date = "1990-05-19";
    expect(&f, -ERR_INTAKE_BIRTH_MISMATCH, "birth_date");
    /* A field rule comes first: a bad difficulty code before the mismatch. */
    f.n_difficulty = 1;
    f.difficulty[0] = "99";
    expect(&f, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
}

static void sex_must_agree_with_the_number(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f); /* sequence 123: a man */
    f.sex = "F";
    expect(&f, -ERR_INTAKE_SEX_MISMATCH, "sex");
    f.sex = "M";
    expect_ok(&f);
    char woman[19];
    testutil_make_id(woman, "110101", 1990, 5, 20, "124");
    f.id_number = woman;
    expect(&f, -ERR_INTAKE_SEX_MISMATCH, "sex");
    /* Birth is compared before sex. */
    f.birth_date = "1991-01-01";
    expect(&f, -ERR_INTAKE_BIRTH_MISMATCH, "birth_date");
}

static void permits_carry_no_birth_date_so_the_form_must(void **state)
{
    (void)state;
    /* §1 港澳台居民参照执行: the age rule needs a birth date, which a travel permit lacks. */
    struct intake_form f;
    valid_form(&f);
    f.id_type = "hkmo_permit";
    f.id_number = "H12345678";
    expect(&f, -ERR_FIELD_REQUIRED, "birth_date");
    f.birth_date = "1990-01-01";
    expect_ok(&f);
    valid_form(&f);
    f.id_type = "tw_permit";
    f.id_number = "12345678";
    f.birth_date = "";
    expect(&f, -ERR_FIELD_REQUIRED, "birth_date");
    f.birth_date = "1990-01-01";
    f.sex = "F";
    struct intake_checked out;
    struct err_ctx ec;
    assert_int_equal(check_on(&f, TODAY, &out, &ec), 0);
    assert_int_equal(out.sex, 'F'); /* from the form: the permit carries none */
    assert_string_equal(out.id.person_key, "T:12345678");
    /* The residence permit carries one: no birth_date needed. */
    char hk[19];
    testutil_make_id(hk, "810000", 1990, 1, 1, "111");
    valid_form(&f);
    f.id_type = "hkmotw_residence";
    f.id_number = hk;
    expect_ok(&f);
}

static void sixteenth_birthday_itself_is_accepted_the_day_before_is_not(void **state)
{
    (void)state;
    /* §1: 劳动年龄为年满16周岁（含）. Today is 2026-03-15. */
    char born[19];
    struct intake_form f;
    valid_form(&f);
    f.unemployed_since = "2026-03-15";
    testutil_make_id(born, "110101", 2010, 3, 15, "123");
    f.id_number = born;
    expect_ok(&f);
    testutil_make_id(born, "110101", 2010, 3, 16, "123");
    expect(&f, -ERR_INTAKE_UNDER_16, "id_number");
    assert_string_equal(err_info(-ERR_INTAKE_UNDER_16)->code, "under_minimum_age");
    /* The same from a permit: the age comes from birth_date, and so does the field. */
    valid_form(&f);
    f.id_type = "hkmo_permit";
    f.id_number = "M12345678";
    f.unemployed_since = "2026-03-15";
    f.birth_date = "2010-03-15";
    expect_ok(&f);
    f.birth_date = "2010-03-16";
    expect(&f, -ERR_INTAKE_UNDER_16, "birth_date");
}

static void born_on_29_february_turns_16_on_that_day_or_on_1_march(void **state)
{
    (void)state;
    /* 2008-02-29 + 16 years falls in the leap year 2024: the birthday exists. */
    char born[19];
    struct intake_form f;
    valid_form(&f);
    testutil_make_id(born, "110101", 2008, 2, 29, "123");
    f.id_number = born;
    f.unemployed_since = "2024-01-01";
    expect_on(&f, date_from_ymd(2024, 2, 28), -ERR_INTAKE_UNDER_16, "id_number");
    expect_ok_on(&f, date_from_ymd(2024, 2, 29));
    /* 2084-02-29 + 16 years is 2100, a common year: 16 on 1 March (rules/age). */
    testutil_make_id(born, "110101", 2084, 2, 29, "123");
    f.unemployed_since = "2100-01-01";
    expect_on(&f, date_from_ymd(2100, 2, 28), -ERR_INTAKE_UNDER_16, "id_number");
    expect_ok_on(&f, date_from_ymd(2100, 3, 1));
}

static void there_is_no_upper_age_limit_on_the_form(void **state)
{
    (void)state;
    /* §1: working age ends with 依法享受基本养老保险待遇, found by comparison, not by age. */
    char old[19];
    testutil_make_id(old, "110101", 1950, 1, 1, "123");
    struct intake_form f;
    valid_form(&f);
    f.id_number = old;
    expect_ok(&f);
}

static void unemployed_since_may_not_precede_the_birth_date(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.id_type = "tw_permit";
    f.id_number = "87654321";
    f.birth_date = "2000-01-10";
    f.unemployed_since = "2000-01-09";
    expect(&f, -ERR_INTAKE_UNEMPLOYED_BEFORE_BIRTH, "unemployed_since");
    f.unemployed_since = "2000-01-10";
    expect_ok(&f);
}

static void a_null_error_context_is_allowed(void **state)
{
    (void)state;
    struct intake_form f;
    valid_form(&f);
    f.phone = "1";
    struct intake_checked out;
    assert_int_equal(intake_validate(&f, TODAY, &out, NULL), -ERR_INTAKE_PHONE);
    valid_form(&f);
    assert_int_equal(intake_validate(&f, TODAY, &out, NULL), 0);
}

static void every_intake_error_has_its_documented_code(void **state)
{
    (void)state;
    const struct {
        int e;
        const char *code;
    } codes[] = {
        {ERR_INTAKE_COMMITMENT, "commitment_required"},
        {ERR_INTAKE_UNDER_16, "under_minimum_age"},
        {ERR_INTAKE_BIRTH_MISMATCH, "birth_date_mismatch"},
        {ERR_INTAKE_SEX_MISMATCH, "sex_mismatch"},
        {ERR_INTAKE_REGISTER_LEVEL, "register_region_level"},
        {ERR_INTAKE_UNEMPLOYED_FUTURE, "unemployed_since_future"},
        {ERR_INTAKE_UNEMPLOYED_BEFORE_BIRTH, "unemployed_since_before_birth"},
        {ERR_INTAKE_PHONE, "phone_invalid"},
        {ERR_INTAKE_NAME, "name_invalid"},
        {ERR_INTAKE_DISABILITY_GRADE, "disability_grade_invalid"},
        {ERR_INTAKE_DIFFICULTY, "difficulty_category_invalid"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_equal(err_info(codes[i].e)->code, codes[i].code);
        assert_int_equal(err_info(codes[i].e)->http_status, 400);
        assert_int_equal(err_by_code(codes[i].code), codes[i].e);
    }
}

/* --- numbers ----------------------------------------------------------------------------- */

static void application_numbers_are_region_date_and_six_digit_serial(void **state)
{
    (void)state;
    char no[INTAKE_NO_SIZE];
    int32_t day = date_from_ymd(2026, 3, 2);
    assert_int_equal(intake_application_no("110101", day, 17, no), 0);
    assert_string_equal(no, "11010120260302000017");
    assert_int_equal(intake_application_no("440305", day, 1, no), 0);
    assert_string_equal(no, "44030520260302000001");
    assert_int_equal(intake_application_no("440305", day, 999999, no), 0);
    assert_string_equal(no, "44030520260302999999");
    assert_int_equal(intake_application_no("440305", day, 1000000, no), -ERR_INTERNAL);
    assert_string_equal(no, "");
    assert_int_equal(intake_application_no("440305", day, 0, no), -ERR_INTERNAL);
    assert_int_equal(intake_application_no("440305", day, -5, no), -ERR_INTERNAL);
    assert_int_equal(intake_application_no("44030", day, 1, no), -ERR_REGION_FORMAT);
    assert_int_equal(intake_application_no("4403051", day, 1, no), -ERR_REGION_FORMAT);
    assert_int_equal(intake_application_no("44030a", day, 1, no), -ERR_REGION_FORMAT);
    assert_int_equal(intake_application_no(NULL, day, 1, no), -ERR_REGION_FORMAT);
    assert_int_equal(intake_application_no("440305", date_from_ymd(9999, 12, 31), 1, no), 0);
    assert_string_equal(no, "44030599991231000001");
    assert_int_equal(intake_application_no("440305", date_from_ymd(9999, 12, 31) + 1, 1, no),
                     -ERR_DATE_INVALID);
}

static void registration_numbers_are_region_year_and_eight_digit_serial(void **state)
{
    (void)state;
    char no[INTAKE_NO_SIZE];
    assert_int_equal(intake_registration_no("110101", 2026, 1, no), 0);
    assert_string_equal(no, "110101202600000001");
    assert_int_equal(intake_registration_no("110101", 2026, 99999999, no), 0);
    assert_string_equal(no, "110101202699999999");
    assert_int_equal(intake_registration_no("110101", 2026, 100000000, no), -ERR_INTERNAL);
    assert_string_equal(no, "");
    assert_int_equal(intake_registration_no("110101", 2026, 0, no), -ERR_INTERNAL);
    assert_int_equal(intake_registration_no("110101", 0, 1, no), -ERR_DATE_INVALID);
    assert_int_equal(intake_registration_no("110101", 10000, 1, no), -ERR_DATE_INVALID);
    assert_int_equal(intake_registration_no("1101", 2026, 1, no), -ERR_REGION_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resident_id_form_with_required_fields_only_is_accepted),
        cmocka_unit_test(every_document_type_has_a_fully_valid_form),
        cmocka_unit_test(every_optional_field_filled_in_is_accepted),
        cmocka_unit_test(absent_optional_strings_may_be_null_or_empty),
        cmocka_unit_test(each_missing_required_field_is_named),
        cmocka_unit_test(missing_required_fields_are_reported_in_contract_order),
        cmocka_unit_test(commitment_must_be_true),
        cmocka_unit_test(required_fields_come_before_field_rules),
        cmocka_unit_test(unknown_document_type_names_id_type),
        cmocka_unit_test(document_number_errors_name_id_number),
        cmocka_unit_test(names_of_every_origin_are_accepted),
        cmocka_unit_test(names_with_digits_controls_or_stray_separators_are_refused),
        cmocka_unit_test(mainland_hk_macao_and_taiwan_phones_are_accepted),
        cmocka_unit_test(malformed_phones_are_refused),
        cmocka_unit_test(residence_region_must_be_a_real_code_of_any_level),
        cmocka_unit_test(addresses_hold_at_most_200_characters_on_one_line),
        cmocka_unit_test(register_region_must_be_county_level_or_below),
        cmocka_unit_test(register_basis_comes_from_its_table),
        cmocka_unit_test(unemployed_since_is_a_real_date_not_after_today),
        cmocka_unit_test(unemployment_reason_comes_from_its_table),
        cmocka_unit_test(sex_is_m_or_f),
        cmocka_unit_test(birth_date_is_a_real_date_from_1900_to_today),
        cmocka_unit_test(coded_optional_fields_come_from_their_tables),
        cmocka_unit_test(hukou_region_must_be_a_real_code),
        cmocka_unit_test(non_local_hukou_is_never_a_reason_to_refuse),
        cmocka_unit_test(disability_grade_goes_with_health_disabled),
        cmocka_unit_test(free_text_fields_have_their_limits),
        cmocka_unit_test(job_intent_region_and_salary_are_checked),
        cmocka_unit_test(difficulty_categories_are_known_distinct_and_at_most_eight),
        cmocka_unit_test(field_rules_are_checked_in_contract_order),
        cmocka_unit_test(birth_date_must_agree_with_the_number),
        cmocka_unit_test(sex_must_agree_with_the_number),
        cmocka_unit_test(permits_carry_no_birth_date_so_the_form_must),
        cmocka_unit_test(sixteenth_birthday_itself_is_accepted_the_day_before_is_not),
        cmocka_unit_test(born_on_29_february_turns_16_on_that_day_or_on_1_march),
        cmocka_unit_test(there_is_no_upper_age_limit_on_the_form),
        cmocka_unit_test(unemployed_since_may_not_precede_the_birth_date),
        cmocka_unit_test(a_null_error_context_is_allowed),
        cmocka_unit_test(every_intake_error_has_its_documented_code),
        cmocka_unit_test(application_numbers_are_region_date_and_six_digit_serial),
        cmocka_unit_test(registration_numbers_are_region_year_and_eight_digit_serial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
