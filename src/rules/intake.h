/*
 * intake.h — the rules an application (附件1 《失业人员登记表》) must meet to be accepted.
 *
 * Pure: the form comes in as plain fields, "today" and the document rules come from the
 * caller, and the answer is the first rule broken, with its own error code and the form field
 * it is about (CONTRACT.md's names). Rules (notice §1, §3; issue "registration lifecycle"):
 *   - a valid document of the given type (rules/idnum);
 *   - a birth date and sex that agree with a mainland-form number (derived when absent);
 *   - at least 16 years old on the application date (年满16周岁（含）): the 16th birthday itself
 *     is accepted, the day before is refused; a 29 February birth turns 16 on 1 March in a
 *     common year (rules/age);
 *   - `commitment` true: the applicant's written promise that the data is true;
 *   - residence and register regions real codes; the register region county level or below;
 *   - unemployment reason, register basis and the optional coded fields from their tables;
 *   - `unemployed_since` a real date, not in the future, not before the birth date;
 *   - never refused because the 户籍 (hukou_region) is elsewhere: hukou_region is checked to
 *     be a real code and nothing more (notice §8: 不得以人户分离、户籍不在本地等为由不予受理).
 * There is no upper age limit here: the notice bounds working age by 依法享受基本养老保险待遇
 * (drawing a pension), which is found by comparison with pension data, not from the form.
 * Strings are borrowed: they belong to whoever filled the form (a request's JSON, a CSV row).
 *
 * Expected load: one call per application (thousands a day in a large province, a batch import
 * of a few hundred thousand rows at most); every check is a table lookup or a scan of the field.
 */
#ifndef UREG_RULES_INTAKE_H
#define UREG_RULES_INTAKE_H

#include "base/err.h"
#include "rules/idnum.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INTAKE_MAX_DIFFICULTY 8

/* Length limits in characters (Unicode code points), shared with app/form. */
#define INTAKE_NAME_MAX 50          /* name */
#define INTAKE_ADDRESS_MAX 200      /* residence_address, hukou_address */
#define INTAKE_SHORT_MAX 100        /* last_employer, last_occupation, job_intent.occupation */
#define INTAKE_LONG_MAX 500         /* skills, certificates (may span lines) */
#define INTAKE_SALARY_MAX 1000000LL /* job_intent.salary_min: yuan a month, 0..this */

struct intake_form {
    /* required */
    const char *id_type; /* resident_id | ssc | hkmotw_residence | hkmo_permit | tw_permit */
    const char *id_number;
    const char *name;
    const char *phone;
    const char *residence_region; /* 6-digit code */
    const char *residence_address;
    const char *register_region;  /* 6-digit code of the place registering */
    const char *register_basis;   /* hukou | residence | employment | insured */
    const char *unemployed_since; /* YYYY-MM-DD */
    const char *unemployment_reason;
    bool commitment;
    /* optional: NULL (or "" ) when absent */
    const char *sex;        /* M | F */
    const char *birth_date; /* YYYY-MM-DD */
    const char *ethnicity, *education, *hukou_type, *hukou_region, *hukou_address;
    const char *health;           /* healthy | ill | disabled */
    const char *disability_grade; /* "1".."4" when health is disabled */
    const char *last_employer, *last_occupation, *skills, *certificates;
    const char *job_occupation, *job_region; /* job_intent {occupation, region, salary_min} */
    long long job_salary_min;                /* -1 when absent */
    bool training_intent, startup_intent, ui_benefit;
    int n_difficulty;
    const char *difficulty[INTAKE_MAX_DIFFICULTY];
};

/* What validation derives from a valid form. */
struct intake_checked {
    struct idnum id; /* normalised number, person_key, birth and sex when derivable */
    int32_t birth;   /* from the number, else from birth_date; 0 with has_birth false */
    bool has_birth;  /* always true after a successful intake_validate */
    char sex;        /* 'M', 'F' (from the number, else the form's sex) or '\0' */
    int32_t unemployed_since;
};

/*
 * Check the form as of `today` (the application date, a base/date day number). Returns 0 and
 * fills *out, or the first broken rule as a negative -ERR_* with ec->field naming the form field
 * (ec may be NULL); *out is zeroed on failure. Never allocates. An optional string that is NULL
 * or "" is absent; a required one is then FIELD_REQUIRED.
 *
 * The checks run in this order; the first failure is returned.
 *  1. Required fields, in contract order: id_type, id_number, name, phone, residence_region,
 *     residence_address, register_region, register_basis, unemployed_since,
 *     unemployment_reason (FIELD_REQUIRED), then commitment false (INTAKE_COMMITMENT).
 *  2. Each field on its own, in contract order:
 *     id_type           ID_TYPE_UNKNOWN
 *     id_number         any ID_* of idnum_parse (the number's birth date may not be after today)
 *     name              INTAKE_NAME (intake_check_name)
 *     phone             INTAKE_PHONE (intake_check_phone)
 *     residence_region  REGION_FORMAT | REGION_INVALID (any level)
 *     residence_address FIELD_INVALID (longer than INTAKE_ADDRESS_MAX, control characters,
 *                       bad UTF-8)
 *     register_region   REGION_FORMAT | REGION_INVALID, then INTAKE_REGISTER_LEVEL unless
 *                       region_is_county_or_below
 *     register_basis    CODE_INVALID
 *     unemployed_since  DATE_INVALID, then INTAKE_UNEMPLOYED_FUTURE when after today (today
 *                       itself is accepted)
 *     unemployment_reason CODE_INVALID
 *     sex               FIELD_INVALID unless exactly "M" or "F"
 *     birth_date        DATE_INVALID; FIELD_INVALID before 1900-01-01 or after today
 *     ethnicity, education, hukou_type  CODE_INVALID
 *     hukou_region      REGION_FORMAT | REGION_INVALID (never compared with register_region)
 *     hukou_address     FIELD_INVALID as residence_address
 *     health            CODE_INVALID
 *     disability_grade  INTAKE_DISABILITY_GRADE unless exactly "1".."4"
 *     last_employer, last_occupation  FIELD_INVALID (INTAKE_SHORT_MAX, single line)
 *     skills, certificates            FIELD_INVALID (INTAKE_LONG_MAX; tab and newlines allowed)
 *     job_intent.occupation           FIELD_INVALID as last_occupation
 *     job_intent.region               REGION_FORMAT | REGION_INVALID
 *     job_intent.salary_min           FIELD_INVALID outside -1 (absent) and 0..INTAKE_SALARY_MAX
 *     difficulty_categories           FIELD_INVALID when n_difficulty is outside
 *                                     0..INTAKE_MAX_DIFFICULTY; INTAKE_DIFFICULTY for an absent
 *                                     or unknown code, or one listed twice
 *  3. Across fields:
 *     birth_date   FIELD_REQUIRED when the number carries no birth date (hkmo_permit,
 *                  tw_permit): the age rule needs one;
 *                  INTAKE_BIRTH_MISMATCH when given and unlike the number's;
 *     sex          INTAKE_SEX_MISMATCH when given and unlike the number's;
 *     age          INTAKE_UNDER_16 when under 16 on `today`; the field is id_number when the
 *                  birth date came from the number, birth_date otherwise;
 *     unemployed_since INTAKE_UNEMPLOYED_BEFORE_BIRTH when before the birth date;
 *     disability_grade INTAKE_DISABILITY_GRADE when health is "disabled" without a grade, or
 *                  a grade is given with any other health (or none).
 * The booleans training_intent, startup_intent and ui_benefit cannot be wrong.
 */
int intake_validate(const struct intake_form *f, int32_t today, struct intake_checked *out,
                    struct err_ctx *ec);

/*
 * Check a name: returns 0 or -ERR_INTAKE_NAME (also for NULL). A name is valid UTF-8 of 1 to
 * INTAKE_NAME_MAX characters made of letters — Chinese characters (CJK Unified Ideographs with
 * extension A and B–H, compatibility ideographs, 〇), ASCII and Latin-1/Latin Extended-A/B
 * letters (for foreign-origin and 港澳台 names in Latin script) — joined by separators: a space,
 * the middle dot of minority and foreign names (· U+00B7, also the look-alikes ‧ U+2027 and
 * ・ U+30FB), a hyphen, an apostrophe or a full stop. It starts and ends with a letter, except
 * that it may end with a full stop; two separators never touch, except a full stop before a space
 * ("J. Smith"). So digits (and digits-only names), control characters, punctuation and
 * full-width spaces are refused.
 */
int intake_check_name(const char *name);

/*
 * Check a phone number: returns 0 or -ERR_INTAKE_PHONE (also for NULL). Accepted, exactly (no
 * surrounding blanks; the only separators are the ones listed):
 *   mainland mobile   1[3-9] + 9 digits, optionally after "+86" and an optional space or '-';
 *   mainland fixed    area code + subscriber number, optionally joined by '-': the area code is
 *                     010 or 02X (3 digits) or 0[3-9]XX (4 digits), the subscriber number 7 or 8
 *                     digits not starting with 0 ("010-12345678", "0755-1234567");
 *   Hong Kong, Macao  "+852" / "+853", an optional space or '-', 8 digits starting 2-9;
 *   Taiwan            "+886", an optional space or '-', 8 or 9 digits starting 2-9 (the
 *                     national number without its leading 0: "+886 912345678").
 * Extensions and other countries are not accepted.
 */
int intake_check_phone(const char *phone);

/*
 * Where the 11 digits of a mainland mobile number start in `phone`: phone itself for
 * "13812345678", phone + 4 for "+86 13812345678" (the "+86" and one optional ' ' or '-' skipped);
 * NULL when phone is NULL or not exactly such a number. The pointer is into `phone`.
 */
const char *intake_mobile_digits(const char *phone);

/*
 * Numbers. Application: register region (6) + YYYYMMDD + 6-digit serial, e.g.
 * "11010120260302000017". Registration (失业登记编号): register region (6) + YYYY + 8-digit serial.
 * Write into out (at least INTAKE_NO_SIZE bytes) and return 0; or return -ERR_REGION_FORMAT when
 * the region is not 6 ASCII digits, -ERR_DATE_INVALID for a day or year outside 1..9999, and
 * -ERR_INTERNAL when serial is < 1 or does not fit its digits; out is "" on failure.
 */
#define INTAKE_NO_SIZE 24
int intake_application_no(const char *register_region, int32_t day, long serial, char *out);
int intake_registration_no(const char *register_region, int year, long serial, char *out);

/* Whether `s` is valid free text of at most `max` characters (UTF-8, no control characters;
 * tab and newlines only when `multiline`): the form's rule for skills, addresses and the like,
 * shared with the service records' texts (rules/record). */
bool intake_text_valid(const char *s, size_t max, bool multiline);

#endif
