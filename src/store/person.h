/*
 * person.h — people: the only place personal data is read and written.
 *
 * Document numbers, names, phones and addresses go in and out of the database here and
 * nowhere else, so masking lives in one place: every read returns masked values unless the
 * caller says `reveal` (the use case checks the permission and audits the reveal before it
 * asks), and encryption at rest lives here too (store/pii): callers write and read plaintext
 * structs. A person is found by its person_key (rules/idnum), shared by every document naming
 * the same person; the database holds only its blind index.
 */
#ifndef UREG_STORE_PERSON_H
#define UREG_STORE_PERSON_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct person {
    int64_t id;
    const char *person_key, *id_type, *id_number, *name, *sex, *birth_date, *phone;
    const char *ethnicity, *education, *hukou_type, *hukou_region, *hukou_address;
    const char *residence_region, *residence_address;
    bool masked; /* true when the personal fields above are masked */
};

/* Insert the person or, when the person_key exists, update the fields to these, with updated_at
 * the Unix time `now_unix` (the caller's clock reading); *id gets the row id. Empty optional
 * fields are stored as "". The personal fields are encrypted under the current key version;
 * the caller holds a write transaction (two statements). */
int store_person_upsert(struct store_conn *c, const struct person *p, int64_t now_unix,
                        int64_t *id);

/* Read a person by id into *out, strings from `ar`; masked unless `reveal` (person_key is then
 * the blind index, else ""). -ERR_NOT_FOUND, -ERR_PII_DECRYPT (wrong key, a changed value). */
/*
 * The masked name (rules/mask) of person `id` into out (outsz bytes), from its name column as a
 * list query read it (`stored`, sealed under `version`): lists that join person (queue,
 * registrations, due list) select p.id, p.key_version, p.name and call this, so a name leaves the
 * store only masked and only through here. -ERR_PII_DECRYPT (out "") when it does not open.
 */
int store_person_name_masked(int64_t id, int version, const char *stored, char *out, size_t outsz);

int store_person_get(struct store_conn *c, int64_t id, bool reveal, struct arena *ar,
                     struct person *out);

/*
 * The phone of person `id`, decrypted, into out[outsz] (the notification sender's, for one send:
 * the caller wipes it after). The decrypted copy inside is wiped before return. -ERR_NOT_FOUND,
 * -ERR_PII_DECRYPT, -ERR_INTERNAL when outsz is too small; out is then "".
 */
int store_person_phone(struct store_conn *c, int64_t id, char *out, size_t outsz);

/*
 * Key rotation: re-encrypt under `version` up to `max` people with id > after_id not yet under
 * it (and replace a person_key written before encryption by its blind index). *last_id gets
 * the last id looked at (the next batch starts after it). A row changed by another writer
 * between the read and the rewrite is left for the next pass. Returns the number rewritten (≥ 0)
 * or a negative -ERR_*; the caller holds a write transaction.
 */
int store_person_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                              int64_t *last_id);

/*
 * The birth-month backfill: for up to `max` people with id > after_id whose birth_ym is empty
 * and whose birth date is encrypted (rows encrypted before migration 050), decrypt the birth
 * date and write its YYYY-MM to birth_ym (unless a writer set it meanwhile). *last_id gets the
 * last id looked at, *n_set is increased by the rows written. Returns the number looked at (0:
 * none left) or a negative -ERR_*; the caller holds a write transaction.
 */
int store_person_birth_ym_batch(struct store_conn *c, int64_t after_id, int max, int64_t *last_id,
                                int64_t *n_set);

/* The number of people not under key `version`, into *n. */
int store_person_stale_count(struct store_conn *c, int version, int64_t *n);

#endif
