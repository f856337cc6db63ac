/*
 * fuzz_idnum.c — libFuzzer harness for rules/idnum.
 *
 * Feeds arbitrary bytes to idnum_parse for every document type and checks the invariants the
 * rest of the system relies on: the result code is 0 or an ID_* error; a failure leaves the
 * result zeroed; a success yields a normalised number that parses again to the same result, a
 * person key with the right form marker, a birth date between 1900-01-01 and "today", and a
 * mask of the same length. Any violation aborts.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Isrc -D_GNU_SOURCE fuzz/fuzz_idnum.c \
 *       src/rules/idnum.c src/base/date.c src/base/err.c -o build/fuzz_idnum
 *   build/fuzz_idnum -max_total_time=60
 */
#include "base/date.h"
#include "base/err.h"
#include "rules/idnum.h"
#include "rules/mask.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static bool fuzz__is_id_error(int rc)
{
    static const int codes[] = {
        ERR_ID_EMPTY,         ERR_ID_TYPE_UNKNOWN,
        ERR_ID_LENGTH,        ERR_ID_FIRST_GENERATION,
        ERR_ID_CHARSET,       ERR_ID_AREA,
        ERR_ID_AREA_HKMOTW,   ERR_ID_BIRTH_DATE,
        ERR_ID_BIRTH_FUTURE,  ERR_ID_BIRTH_TOO_EARLY,
        ERR_ID_CHECKSUM,      ERR_ID_PERMIT_PREFIX,
        ERR_ID_PERMIT_FORMAT,
    };
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (rc == -codes[i])
            return true;
    return false;
}

static bool fuzz__all_zero(const struct idnum *id)
{
    static const struct idnum zero;
    return id->type == zero.type && id->has_birth == zero.has_birth && id->birth == zero.birth &&
           id->sex == zero.sex && memcmp(id->number, zero.number, sizeof id->number) == 0 &&
           memcmp(id->person_key, zero.person_key, sizeof id->person_key) == 0;
}

static void fuzz__check_success(enum id_type t, const struct idnum *id, int32_t today)
{
    size_t len = strnlen(id->number, sizeof id->number);
    CHECK(len < sizeof id->number);
    CHECK(strnlen(id->person_key, sizeof id->person_key) < sizeof id->person_key);
    CHECK(id->type == t);
    for (size_t i = 0; i < len; i++)
        CHECK((id->number[i] >= '0' && id->number[i] <= '9') ||
              (id->number[i] >= 'A' && id->number[i] <= 'Z'));

    switch (t) {
    case ID_RESIDENT:
    case ID_SSC:
    case ID_HKMOTW_RESIDENCE:
        CHECK(len == 18);
        CHECK(idnum_check_char(id->number) == id->number[17]);
        CHECK(strncmp(id->person_key, "C:", 2) == 0 && strcmp(id->person_key + 2, id->number) == 0);
        CHECK(id->has_birth);
        CHECK(id->birth >= date_from_ymd(1900, 1, 1) && id->birth <= today);
        CHECK(id->sex == ((id->number[16] - '0') % 2 ? 'M' : 'F'));
        break;
    case ID_HKMO_PERMIT:
        CHECK(len == 9 || len == 11);
        CHECK(id->number[0] == 'H' || id->number[0] == 'M');
        CHECK(strncmp(id->person_key, "H:", 2) == 0 && strlen(id->person_key) == 11 &&
              strncmp(id->person_key + 2, id->number, 9) == 0);
        CHECK(!id->has_birth && id->birth == 0 && id->sex == '\0');
        break;
    case ID_TW_PERMIT:
        CHECK(len == 8);
        CHECK(strncmp(id->person_key, "T:", 2) == 0 && strcmp(id->person_key + 2, id->number) == 0);
        CHECK(!id->has_birth && id->birth == 0 && id->sex == '\0');
        break;
    }

    /* The normalised number is a fixed point. */
    struct idnum again;
    CHECK(idnum_parse(t, id->number, len, today, &again) == 0);
    CHECK(again.type == id->type && again.has_birth == id->has_birth && again.birth == id->birth &&
          again.sex == id->sex && strcmp(again.number, id->number) == 0 &&
          strcmp(again.person_key, id->person_key) == 0);

    char mask[IDNUM_SIZE];
    mask_idnum(id->number, mask, sizeof mask);
    CHECK(strlen(mask) == len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int32_t today = date_from_ymd(2026, 3, 15);
    const char *s = (const char *)data;
    for (int t = ID_RESIDENT; t <= ID_TW_PERMIT; t++) {
        struct idnum id;
        memset(&id, 0xA5, sizeof id); /* garbage in: the parser must overwrite it */
        int rc = idnum_parse((enum id_type)t, s, size, today, &id);
        if (rc == 0)
            fuzz__check_success((enum id_type)t, &id, today);
        else {
            CHECK(fuzz__is_id_error(rc));
            CHECK(fuzz__all_zero(&id));
        }
    }
    return 0;
}
