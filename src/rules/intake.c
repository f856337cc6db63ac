/*
 * intake.c — the rules of an application form. See intake.h.
 *
 * One pass in the documented order: required fields, each field alone, then the rules across
 * fields, each failure with its own code and field. Text is checked as UTF-8 here (a CSV row
 * may hold anything), code points decoded by base/utf8; nothing is allocated.
 */
#include "rules/intake.h"

#include "base/date.h"
#include "base/err.h"
#include "base/utf8.h"
#include "rules/age.h"
#include "rules/codes.h"
#include "rules/idnum.h"
#include "rules/region.h"

#include <stdio.h>
#include <string.h>

/* Whether an optional string is present: neither NULL nor "". */
static bool intake__has(const char *s)
{
    return s && *s;
}

static bool intake__digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether s[0, n) are all ASCII digits (true for n == 0). */
static bool intake__digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!intake__digit(s[i]))
            return false;
    return true;
}

/*
 * Whether s is well-formed UTF-8 of at most max characters without control characters (C0, DEL,
 * C1); tab, line feed and carriage return are allowed when multiline.
 */
static bool intake__text_ok(const char *s, size_t max, bool multiline)
{
    size_t n = 0;
    while (*s) {
        uint32_t cp;
        int len = utf8_decode_str(s, &cp);
        if (len == 0)
            return false;
        bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (control && !(multiline && (cp == '\t' || cp == '\n' || cp == '\r')))
            return false;
        if (++n > max)
            return false;
        s += len;
    }
    return true;
}

bool intake_text_valid(const char *s, size_t max, bool multiline)
{
    return intake__text_ok(s, max, multiline);
}

/* An optional free-text field: FIELD_INVALID with `field` when present and not intake__text_ok. */
static int intake__text(const char *s, size_t max, bool multiline, const char *field,
                        struct err_ctx *ec)
{
    if (intake__has(s) && !intake__text_ok(s, max, multiline))
        return err_set(ec, -ERR_FIELD_INVALID, field);
    return 0;
}

/* An optional coded field: codes_validate's error with `field` when present and not in table. */
static int intake__code(const char *table, const char *s, const char *field, struct err_ctx *ec)
{
    if (!intake__has(s))
        return 0;
    int rc = codes_validate(table, s);
    return rc < 0 ? err_set(ec, rc, field) : 0;
}

/* An optional 6-digit region: region_validate6's error with `field` when present and unknown. */
static int intake__region(const char *s, const char *field, struct err_ctx *ec)
{
    if (!intake__has(s))
        return 0;
    int rc = region_validate6(s);
    return rc < 0 ? err_set(ec, rc, field) : 0;
}

/* Name letters: Chinese characters and Latin letters (see intake_check_name). */
static bool intake__name_letter(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return true;
    if (cp >= 0xC0 && cp <= 0x24F) /* Latin-1 letters, Latin Extended-A and -B */
        return cp != 0xD7 && cp != 0xF7;
    return cp == 0x3007                         /* 〇 */
           || (cp >= 0x3400 && cp <= 0x4DBF)    /* CJK extension A */
           || (cp >= 0x4E00 && cp <= 0x9FFF)    /* CJK unified ideographs */
           || (cp >= 0xF900 && cp <= 0xFAFF)    /* CJK compatibility ideographs */
           || (cp >= 0x20000 && cp <= 0x2FA1F)  /* extensions B-F, compatibility supplement */
           || (cp >= 0x30000 && cp <= 0x323AF); /* extensions G, H */
}

/* Name separators: space, the middle dots, hyphen, apostrophe, full stop. */
static bool intake__name_sep(uint32_t cp)
{
    return cp == ' ' || cp == 0xB7 || cp == 0x2027 || cp == 0x30FB || cp == '-' || cp == '\'' ||
           cp == '.';
}

int intake_check_name(const char *name)
{
    if (!intake__has(name))
        return -ERR_INTAKE_NAME;
    size_t n = 0;
    uint32_t prev = 0, cp = 0;
    for (const char *s = name; *s;) {
        int len = utf8_decode_str(s, &cp);
        if (len == 0)
            return -ERR_INTAKE_NAME;
        if (intake__name_sep(cp)) {
            if (n == 0)
                return -ERR_INTAKE_NAME; /* starts with a separator */
            if (intake__name_sep(prev) && !(prev == '.' && cp == ' '))
                return -ERR_INTAKE_NAME;
        } else if (!intake__name_letter(cp)) {
            return -ERR_INTAKE_NAME;
        }
        if (++n > INTAKE_NAME_MAX)
            return -ERR_INTAKE_NAME;
        prev = cp;
        s += len;
    }
    if (intake__name_sep(cp) && cp != '.')
        return -ERR_INTAKE_NAME;
    return 0;
}

/* Skip one optional ' ' or '-' after a country code. */
static const char *intake__skip_sep(const char *s)
{
    return *s == ' ' || *s == '-' ? s + 1 : s;
}

/* Whether s is exactly a mainland mobile number: 1[3-9] and 9 more digits. */
static bool intake__mobile(const char *s)
{
    return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && intake__digits(s, 11);
}

/* Whether s is exactly a mainland fixed line: area code, optional '-', subscriber number. */
static bool intake__fixed(const char *s)
{
    if (s[0] != '0' || !intake__digit(s[1]) || s[1] == '0')
        return false;
    /* 010 and 02X are the 3-digit area codes; every other area code has 4 digits. */
    size_t area = s[1] == '1' ? 3 : s[1] == '2' ? 3 : 4;
    if (s[1] == '1' && s[2] != '0')
        return false;
    if (strlen(s) < area || !intake__digits(s, area))
        return false;
    const char *sub = s + area;
    if (*sub == '-')
        sub++;
    size_t n = strlen(sub);
    return (n == 7 || n == 8) && sub[0] != '0' && intake__digits(sub, n);
}

/* Whether s is exactly min..max digits, the first 2-9. */
static bool intake__national(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    return n >= min && n <= max && s[0] >= '2' && s[0] <= '9' && intake__digits(s, n);
}

const char *intake_mobile_digits(const char *phone)
{
    if (!phone)
        return NULL;
    const char *mobile = strncmp(phone, "+86", 3) == 0 ? intake__skip_sep(phone + 3) : phone;
    return intake__mobile(mobile) ? mobile : NULL;
}

int intake_check_phone(const char *phone)
{
    if (!intake__has(phone))
        return -ERR_INTAKE_PHONE;
    bool ok;
    if (strncmp(phone, "+86", 3) == 0)
        ok = intake__mobile(intake__skip_sep(phone + 3));
    else if (strncmp(phone, "+852", 4) == 0 || strncmp(phone, "+853", 4) == 0)
        ok = intake__national(intake__skip_sep(phone + 4), 8, 8);
    else if (strncmp(phone, "+886", 4) == 0)
        ok = intake__national(intake__skip_sep(phone + 4), 8, 9);
    else if (phone[0] == '1')
        ok = intake__mobile(phone);
    else if (phone[0] == '0')
        ok = intake__fixed(phone);
    else
        ok = false;
    return ok ? 0 : -ERR_INTAKE_PHONE;
}

/* Step 1: required fields in contract order, then the commitment. */
static int intake__required(const struct intake_form *f, struct err_ctx *ec)
{
    const struct {
        const char *value;
        const char *field;
    } req[] = {
        {f->id_type, "id_type"},
        {f->id_number, "id_number"},
        {f->name, "name"},
        {f->phone, "phone"},
        {f->residence_region, "residence_region"},
        {f->residence_address, "residence_address"},
        {f->register_region, "register_region"},
        {f->register_basis, "register_basis"},
        {f->unemployed_since, "unemployed_since"},
        {f->unemployment_reason, "unemployment_reason"},
    };
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
        if (!intake__has(req[i].value))
            return err_set(ec, -ERR_FIELD_REQUIRED, req[i].field);
    if (!f->commitment)
        return err_set(ec, -ERR_INTAKE_COMMITMENT, "commitment");
    return 0;
}

/* Parse a date field: DATE_INVALID with `field` unless exactly YYYY-MM-DD and real. */
static int intake__date(const char *s, int32_t *out, const char *field, struct err_ctx *ec)
{
    int rc = date_parse(s, strlen(s), out);
    return rc < 0 ? err_set(ec, rc, field) : 0;
}

/* Step 2, the required fields: each alone, in contract order. */
static int intake__fields_required(const struct intake_form *f, int32_t today,
                                   struct intake_checked *out, struct err_ctx *ec)
{
    enum id_type type;
    int rc = idnum_type_parse(f->id_type, &type);
    if (rc < 0)
        return err_set(ec, rc, "id_type");
    rc = idnum_parse(type, f->id_number, strlen(f->id_number), today, &out->id);
    if (rc < 0)
        return err_set(ec, rc, "id_number");
    rc = intake_check_name(f->name);
    if (rc < 0)
        return err_set(ec, rc, "name");
    rc = intake_check_phone(f->phone);
    if (rc < 0)
        return err_set(ec, rc, "phone");
    rc = intake__region(f->residence_region, "residence_region", ec);
    if (rc < 0)
        return rc;
    rc = intake__text(f->residence_address, INTAKE_ADDRESS_MAX, false, "residence_address", ec);
    if (rc < 0)
        return rc;
    rc = intake__region(f->register_region, "register_region", ec);
    if (rc < 0)
        return rc;
    if (!region_is_county_or_below(f->register_region))
        return err_set(ec, -ERR_INTAKE_REGISTER_LEVEL, "register_region");
    rc = intake__code("register_basis", f->register_basis, "register_basis", ec);
    if (rc < 0)
        return rc;
    rc = intake__date(f->unemployed_since, &out->unemployed_since, "unemployed_since", ec);
    if (rc < 0)
        return rc;
    if (out->unemployed_since > today)
        return err_set(ec, -ERR_INTAKE_UNEMPLOYED_FUTURE, "unemployed_since");
    return intake__code("unemployment_reason", f->unemployment_reason, "unemployment_reason", ec);
}

/* Step 2, the optional fields: each alone, in contract order. *birth gets birth_date. */
static int intake__fields_optional(const struct intake_form *f, int32_t today, int32_t *birth,
                                   struct err_ctx *ec)
{
    int rc;
    if (intake__has(f->sex) && strcmp(f->sex, "M") != 0 && strcmp(f->sex, "F") != 0)
        return err_set(ec, -ERR_FIELD_INVALID, "sex");
    if (intake__has(f->birth_date)) {
        rc = intake__date(f->birth_date, birth, "birth_date", ec);
        if (rc < 0)
            return rc;
        if (*birth < date_from_ymd(1900, 1, 1) || *birth > today)
            return err_set(ec, -ERR_FIELD_INVALID, "birth_date");
    }
    if ((rc = intake__code("ethnicity", f->ethnicity, "ethnicity", ec)) < 0 ||
        (rc = intake__code("education", f->education, "education", ec)) < 0 ||
        (rc = intake__code("hukou_type", f->hukou_type, "hukou_type", ec)) < 0 ||
        (rc = intake__region(f->hukou_region, "hukou_region", ec)) < 0 ||
        (rc = intake__text(f->hukou_address, INTAKE_ADDRESS_MAX, false, "hukou_address", ec)) < 0 ||
        (rc = intake__code("health", f->health, "health", ec)) < 0)
        return rc;
    if (intake__has(f->disability_grade) &&
        (strlen(f->disability_grade) != 1 || f->disability_grade[0] < '1' ||
         f->disability_grade[0] > '4'))
        return err_set(ec, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    const struct {
        const char *value;
        size_t max;
        bool multiline;
        const char *field;
    } texts[] = {
        {f->last_employer, INTAKE_SHORT_MAX, false, "last_employer"},
        {f->last_occupation, INTAKE_SHORT_MAX, false, "last_occupation"},
        {f->skills, INTAKE_LONG_MAX, true, "skills"},
        {f->certificates, INTAKE_LONG_MAX, true, "certificates"},
        {f->job_occupation, INTAKE_SHORT_MAX, false, "job_intent.occupation"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        rc = intake__text(texts[i].value, texts[i].max, texts[i].multiline, texts[i].field, ec);
        if (rc < 0)
            return rc;
    }
    rc = intake__region(f->job_region, "job_intent.region", ec);
    if (rc < 0)
        return rc;
    if (f->job_salary_min != -1 && (f->job_salary_min < 0 || f->job_salary_min > INTAKE_SALARY_MAX))
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent.salary_min");
    if (f->n_difficulty < 0 || f->n_difficulty > INTAKE_MAX_DIFFICULTY)
        return err_set(ec, -ERR_FIELD_INVALID, "difficulty_categories");
    for (int i = 0; i < f->n_difficulty; i++) {
        const char *c = f->difficulty[i];
        /* The categories the register region's province recognises (difficulty_province.csv). */
        if (!intake__has(c) || codes_difficulty_check(f->register_region, c) < 0)
            return err_set(ec, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
        for (int j = 0; j < i; j++)
            if (strcmp(f->difficulty[j], c) == 0)
                return err_set(ec, -ERR_INTAKE_DIFFICULTY, "difficulty_categories");
    }
    return 0;
}

/* Step 3: the rules across fields. form_birth is birth_date's day (when given). */
static int intake__cross(const struct intake_form *f, int32_t today, int32_t form_birth,
                         struct intake_checked *out, struct err_ctx *ec)
{
    bool has_form_birth = intake__has(f->birth_date);
    const char *age_field = "id_number";
    if (out->id.has_birth) {
        if (has_form_birth && form_birth != out->id.birth)
            return err_set(ec, -ERR_INTAKE_BIRTH_MISMATCH, "birth_date");
        out->birth = out->id.birth;
    } else if (has_form_birth) {
        out->birth = form_birth;
        age_field = "birth_date";
    } else {
        return err_set(ec, -ERR_FIELD_REQUIRED, "birth_date");
    }
    out->has_birth = true;

    char form_sex = intake__has(f->sex) ? f->sex[0] : '\0';
    if (out->id.sex && form_sex && form_sex != out->id.sex)
        return err_set(ec, -ERR_INTAKE_SEX_MISMATCH, "sex");
    out->sex = out->id.sex ? out->id.sex : form_sex;

    if (age_on(out->birth, today) < AGE_MIN_WORKING)
        return err_set(ec, -ERR_INTAKE_UNDER_16, age_field);
    if (out->unemployed_since < out->birth)
        return err_set(ec, -ERR_INTAKE_UNEMPLOYED_BEFORE_BIRTH, "unemployed_since");

    bool disabled = intake__has(f->health) && strcmp(f->health, "disabled") == 0;
    if (disabled != intake__has(f->disability_grade))
        return err_set(ec, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
    return 0;
}

int intake_validate(const struct intake_form *f, int32_t today, struct intake_checked *out,
                    struct err_ctx *ec)
{
    int32_t form_birth = 0;
    memset(out, 0, sizeof *out);
    int rc = intake__required(f, ec);
    if (rc < 0)
        goto out;
    rc = intake__fields_required(f, today, out, ec);
    if (rc < 0)
        goto out;
    rc = intake__fields_optional(f, today, &form_birth, ec);
    if (rc < 0)
        goto out;
    rc = intake__cross(f, today, form_birth, out, ec);
out:
    if (rc < 0)
        memset(out, 0, sizeof *out);
    return rc;
}

/* Whether s is exactly 6 ASCII digits. */
static bool intake__region6(const char *s)
{
    return s && strlen(s) == 6 && intake__digits(s, 6);
}

int intake_application_no(const char *register_region, int32_t day, long serial, char *out)
{
    out[0] = '\0';
    if (!intake__region6(register_region))
        return -ERR_REGION_FORMAT;
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (y < 1 || y > 9999)
        return -ERR_DATE_INVALID;
    if (serial < 1 || serial > 999999)
        return -ERR_INTERNAL;
    snprintf(out, INTAKE_NO_SIZE, "%s%04d%02d%02d%06ld", register_region, y, m, d, serial);
    return 0;
}

int intake_registration_no(const char *register_region, int year, long serial, char *out)
{
    out[0] = '\0';
    if (!intake__region6(register_region))
        return -ERR_REGION_FORMAT;
    if (year < 1 || year > 9999)
        return -ERR_DATE_INVALID;
    if (serial < 1 || serial > 99999999)
        return -ERR_INTERNAL;
    snprintf(out, INTAKE_NO_SIZE, "%s%04d%08ld", register_region, year, serial);
    return 0;
}
