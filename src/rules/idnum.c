/*
 * idnum.c — identity document numbers. See idnum.h for the types and the order of the checks.
 *
 * The mainland form follows GB 11643-1999 《公民身份号码》: 6-digit address code, 8-digit birth
 * date YYYYMMDD, 3-digit sequence (odd for men, even for women), ISO 7064 MOD 11-2 check
 * character. Only the province part of the address code is checked, against the provincial
 * codes of GB/T 2260 《中华人民共和国行政区划代码》: numbers keep the county code of the place
 * they were first issued in, and counties are merged and renamed every year, so a county list
 * would reject valid numbers of living people. Residence permits for Hong Kong, Macao and
 * Taiwan residents use the address codes 810000, 820000 and 830000 (《港澳台居民居住证申领发放
 * 办法》, 2018).
 *
 * Work per call is a few dozen byte comparisons; nothing is allocated.
 */
#include "rules/idnum.h"

#include "base/date.h"
#include "base/err.h"

#include <string.h>

static const char *const idnum__type_names[] = {
    [ID_RESIDENT] = "resident_id",
    [ID_SSC] = "ssc",
    [ID_HKMOTW_RESIDENCE] = "hkmotw_residence",
    [ID_HKMO_PERMIT] = "hkmo_permit",
    [ID_TW_PERMIT] = "tw_permit",
};

#define IDNUM__N_TYPES (sizeof idnum__type_names / sizeof idnum__type_names[0])

int idnum_type_parse(const char *s, enum id_type *out)
{
    if (!s)
        return -ERR_ID_TYPE_UNKNOWN;
    for (size_t i = 0; i < IDNUM__N_TYPES; i++)
        if (strcmp(s, idnum__type_names[i]) == 0) {
            *out = (enum id_type)i;
            return 0;
        }
    return -ERR_ID_TYPE_UNKNOWN;
}

const char *idnum_type_name(enum id_type type)
{
    if ((unsigned)type >= IDNUM__N_TYPES)
        return NULL;
    return idnum__type_names[type];
}

static bool idnum__is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum id_type idnum_guess_type(const char *s, size_t n)
{
    while (n && (s[0] == ' ' || s[0] == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t digits = 0;
    while (digits < n && idnum__is_digit(s[digits]))
        digits++;
    if (n >= 2 && (s[0] == 'H' || s[0] == 'M' || s[0] == 'h' || s[0] == 'm') &&
        idnum__is_digit(s[1]))
        return ID_HKMO_PERMIT;
    if (n == 8 && digits == 8)
        return ID_TW_PERMIT;
    if (n == 18 && s[0] == '8' && s[1] >= '1' && s[1] <= '3')
        return ID_HKMOTW_RESIDENCE;
    return ID_RESIDENT;
}

static bool idnum__is_alnum(char c)
{
    return idnum__is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char idnum__upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* The value of n decimal digits at s (the caller has checked they are digits). */
static int idnum__num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

char idnum_check_char(const char first17[17])
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char chars[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!idnum__is_digit(first17[i]))
            return '\0';
        sum += (first17[i] - '0') * weights[i];
    }
    return chars[sum % 11];
}

/*
 * Provincial-level codes of GB/T 2260: 11-15 North, 21-23 North-East, 31-37 East, 41-46
 * Central-South, 50-54 South-West (50 Chongqing since 1997; older Chongqing numbers keep 51),
 * 61-65 North-West. 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) are in the standard too but are
 * never the area of a resident identity card number, so they are not mainland provinces here.
 */
static bool idnum__mainland_province(int p)
{
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
           (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65);
}

/* 810000 Hong Kong, 820000 Macao, 830000 Taiwan: the areas of 港澳台居民居住证 numbers. */
static bool idnum__hkmotw_area(const char *s)
{
    return s[0] == '8' && s[1] >= '1' && s[1] <= '3' && memcmp(s + 2, "0000", 4) == 0;
}

/* Step 5: the area code of a mainland-form number s (18 checked characters) for `type`. */
static int idnum__check_area(enum id_type type, const char *s)
{
    int province = idnum__num(s, 2);
    switch (type) {
    case ID_RESIDENT:
        return idnum__mainland_province(province) ? 0 : -ERR_ID_AREA;
    case ID_HKMOTW_RESIDENCE:
        return idnum__hkmotw_area(s) ? 0 : -ERR_ID_AREA_HKMOTW;
    case ID_SSC:
        if (idnum__mainland_province(province) || idnum__hkmotw_area(s))
            return 0;
        /* An ssc with an 81/82/83 area carries a residence permit number: say what it needs. */
        return province >= 81 && province <= 83 ? -ERR_ID_AREA_HKMOTW : -ERR_ID_AREA;
    default:
        return -ERR_ID_TYPE_UNKNOWN;
    }
}

/* Steps 3-7 for resident_id, ssc and hkmotw_residence; s/n trimmed and charset-checked. */
static int idnum__parse_mainland(enum id_type type, const char *s, size_t n, int32_t today,
                                 struct idnum *out)
{
    for (size_t i = 0; i < n; i++)
        if (!idnum__is_digit(s[i]) && !(i == n - 1 && (s[i] == 'X' || s[i] == 'x')))
            return -ERR_ID_CHARSET;
    if (n == 15 && idnum__is_digit(s[14]) && (type == ID_RESIDENT || type == ID_SSC))
        return -ERR_ID_FIRST_GENERATION;
    if (n != 18)
        return -ERR_ID_LENGTH;

    int rc = idnum__check_area(type, s);
    if (rc < 0)
        return rc;

    int y = idnum__num(s + 6, 4), m = idnum__num(s + 10, 2), d = idnum__num(s + 12, 2);
    if (!date_ymd_valid(y, m, d))
        return -ERR_ID_BIRTH_DATE;
    int32_t birth = date_from_ymd(y, m, d);
    if (birth < date_from_ymd(1900, 1, 1))
        return -ERR_ID_BIRTH_TOO_EARLY;
    if (birth > today)
        return -ERR_ID_BIRTH_FUTURE;

    char check = idnum__upper(s[17]);
    if (idnum_check_char(s) != check)
        return -ERR_ID_CHECKSUM;

    memcpy(out->number, s, 17);
    out->number[17] = check;
    out->number[18] = '\0';
    memcpy(out->person_key, "C:", 2);
    memcpy(out->person_key + 2, out->number, 19);
    out->has_birth = true;
    out->birth = birth;
    out->sex = (s[16] - '0') % 2 ? 'M' : 'F';
    return 0;
}

/* Steps 3-4 for hkmo_permit. */
static int idnum__parse_hkmo(const char *s, size_t n, struct idnum *out)
{
    char prefix = idnum__upper(s[0]);
    if (prefix != 'H' && prefix != 'M')
        return -ERR_ID_PERMIT_PREFIX;
    for (size_t i = 1; i < n; i++)
        if (!idnum__is_digit(s[i]))
            return -ERR_ID_PERMIT_FORMAT;
    if (n != 9 && n != 11)
        return -ERR_ID_LENGTH;

    out->number[0] = prefix;
    memcpy(out->number + 1, s + 1, n - 1);
    out->number[n] = '\0';
    memcpy(out->person_key, "H:", 2);
    memcpy(out->person_key + 2, out->number, 9); /* the renewal count is not the person */
    out->person_key[11] = '\0';
    return 0;
}

/* Step 3 for tw_permit. */
static int idnum__parse_tw(const char *s, size_t n, struct idnum *out)
{
    for (size_t i = 0; i < n; i++)
        if (!idnum__is_digit(s[i]))
            return -ERR_ID_PERMIT_FORMAT;
    if (n != 8)
        return -ERR_ID_LENGTH;

    memcpy(out->number, s, 8);
    out->number[8] = '\0';
    memcpy(out->person_key, "T:", 2);
    memcpy(out->person_key + 2, s, 8);
    out->person_key[10] = '\0';
    return 0;
}

int idnum_parse(enum id_type type, const char *s, size_t n, int32_t today, struct idnum *out)
{
    int rc;
    memset(out, 0, sizeof *out);
    if ((unsigned)type >= IDNUM__N_TYPES) {
        rc = -ERR_ID_TYPE_UNKNOWN;
        goto out;
    }
    if (!s)
        n = 0;
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) {
        rc = -ERR_ID_EMPTY;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (!idnum__is_alnum(s[i])) {
            rc = -ERR_ID_CHARSET;
            goto out;
        }

    switch (type) {
    case ID_HKMO_PERMIT:
        rc = idnum__parse_hkmo(s, n, out);
        break;
    case ID_TW_PERMIT:
        rc = idnum__parse_tw(s, n, out);
        break;
    default:
        rc = idnum__parse_mainland(type, s, n, today, out);
        break;
    }
    if (rc == 0)
        out->type = type;
out:
    if (rc < 0)
        memset(out, 0, sizeof *out);
    return rc;
}
