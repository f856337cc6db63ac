/*
 * idnum.h — identity document numbers: validation, normalisation and the key naming a person.
 *
 * Five document types are accepted on an application (CONTRACT.md `id_type`). Three carry the
 * 18-character mainland form of GB 11643-1999 (area, birth date, sequence, check character):
 * the resident identity card (居民身份证), the social security card (社会保障卡, which carries the
 * holder's resident ID or residence permit number) and the residence permit for Hong Kong, Macao
 * and Taiwan residents (港澳台居民居住证, areas 810000/820000/830000). Two are travel permits with
 * their own numbering: the Mainland Travel Permit for HK/Macao residents (港澳居民来往内地通行证,
 * H or M + 8 digits + an optional 2-digit renewal count) and the one for Taiwan residents
 * (台湾居民来往大陆通行证, 8 digits).
 *
 * One person, one active registration: the person is found by struct idnum.person_key, which is
 * the same for every document type carrying the same number (a resident ID and a social security
 * card with one number are one person) and differs between numbering systems by a form marker.
 *
 * Pure: no I/O, no clock ("today" is passed in), never allocates. Cheap enough to run on every
 * row of a monthly comparison file (tens of millions of rows).
 */
#ifndef UREG_RULES_IDNUM_H
#define UREG_RULES_IDNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum id_type {
    ID_RESIDENT,         /* "resident_id": 居民身份证 */
    ID_SSC,              /* "ssc": 社会保障卡 */
    ID_HKMOTW_RESIDENCE, /* "hkmotw_residence": 港澳台居民居住证 */
    ID_HKMO_PERMIT,      /* "hkmo_permit": 港澳居民来往内地通行证 */
    ID_TW_PERMIT,        /* "tw_permit": 台湾居民来往大陆通行证 */
};

#define IDNUM_SIZE 19     /* the longest normalised number (18 characters) + NUL */
#define IDNUM_KEY_SIZE 21 /* "C:" + 18 characters + NUL */

/*
 * A parsed, valid document number. Plain value, owned by whoever declares it.
 *
 * number: the normalised number — surrounding blanks removed, letters upper-case (a final x
 * becomes X, a leading h/m becomes H/M), renewal count kept.
 * person_key: names the person across document types: "C:" + the 18 characters for the
 * mainland form (resident_id, ssc, hkmotw_residence), "H:" + the first 9 characters (H/M and 8
 * digits, renewal count dropped) for hkmo_permit, "T:" + the 8 digits for tw_permit.
 * has_birth, birth, sex: derived from the mainland form only; otherwise false, 0 and '\0'.
 */
struct idnum {
    enum id_type type;
    char number[IDNUM_SIZE];
    char person_key[IDNUM_KEY_SIZE];
    bool has_birth;
    int32_t birth; /* base/date day number */
    char sex;      /* 'M' (odd sequence), 'F' (even sequence) or '\0' */
};

/*
 * Map a contract string ("resident_id", "ssc", "hkmotw_residence", "hkmo_permit", "tw_permit";
 * exact, case-sensitive) to *out. Returns 0, or -ERR_ID_TYPE_UNKNOWN (also for NULL s), leaving
 * *out untouched.
 */
int idnum_type_parse(const char *s, enum id_type *out);

/* The contract string of `type` (static storage), or NULL for a value outside the enum. */
const char *idnum_type_name(enum id_type type);

/*
 * Guess the type of a number from its shape, for input that comes without one (`ureg id
 * check`): H/M followed by digits → hkmo_permit; 8 digits → tw_permit; 18 characters whose area
 * starts with 81, 82 or 83 → hkmotw_residence; anything else → resident_id, whose parse then
 * names what is wrong (15 digits: first generation). Surrounding spaces and tabs are ignored.
 */
enum id_type idnum_guess_type(const char *s, size_t n);

/*
 * Parse and validate a document number of the given type, as of the day `today` (a base/date
 * day number: birth dates after it are refused). `s` holds n bytes and need not be
 * NUL-terminated; NULL is read as empty. Leading and trailing ASCII spaces and tabs are ignored.
 * On success fill *out and return 0; on failure return a negative ERR_* and leave *out zeroed.
 * Never allocates.
 *
 * The checks run in this order and the first failure is returned:
 *  1. type known (else ID_TYPE_UNKNOWN); nothing left after trimming (ID_EMPTY);
 *  2. charset: only ASCII letters and digits may appear (ID_CHARSET: internal spaces, hyphens,
 *     brackets, full-width characters ...);
 *  mainland form (resident_id, ssc, hkmotw_residence):
 *  3. every character a digit except an X/x in the last position (ID_CHARSET);
 *  4. length: 15 digits are a first-generation number for resident_id and ssc
 *     (ID_FIRST_GENERATION); any length but 18 is ID_LENGTH;
 *  5. area: resident_id needs a mainland province prefix (11-15, 21-23, 31-37, 41-46, 50-54,
 *     61-65; 71/81/82/83 and all else are ID_AREA); hkmotw_residence needs exactly 810000,
 *     820000 or 830000 (ID_AREA_HKMOTW); ssc takes either — a mainland province, or exactly
 *     810000/820000/830000 (other 81/82/83 areas are ID_AREA_HKMOTW, the rest ID_AREA);
 *  6. birth date: a real calendar date (ID_BIRTH_DATE), not before 1900-01-01
 *     (ID_BIRTH_TOO_EARLY), not after `today` (ID_BIRTH_FUTURE);
 *  7. check character (ID_CHECKSUM).
 *  hkmo_permit:
 *  3. first character H or M, either case (ID_PERMIT_PREFIX);
 *  4. the rest digits only (ID_PERMIT_FORMAT), 8 or 10 of them (ID_LENGTH).
 *  tw_permit:
 *  3. digits only (ID_PERMIT_FORMAT), exactly 8 (ID_LENGTH). Older 10-character permit
 *     numbers (8 digits + a renewal count, or with letters) are not accepted: the current
 *     permit carries the 8-digit lifelong number and that is what an applicant is asked for.
 */
int idnum_parse(enum id_type type, const char *s, size_t n, int32_t today, struct idnum *out);

/*
 * The GB 11643-1999 check character ('0'..'9' or 'X') of the 17 digits at first17
 * (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexes
 * "10X98765432"). Returns '\0' when one of the 17 bytes is not a digit.
 */
char idnum_check_char(const char first17[17]);

#endif
