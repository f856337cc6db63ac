/*
 * keys.h — `ureg key rotate`: personal data re-encrypted under a new key version.
 *
 * The rotation first records the new version (meta pii_key_version, so that every write from
 * then on, the server's included, uses it), then walks person and application by id in
 * batches, one write transaction each, rewriting every row not yet under it (store/person.h,
 * store/application.h). A killed rotation is resumed by running it again: while rows under
 * another version remain, the version is not raised again and the walk rewrites only those.
 * A row a concurrent writer changed between the walk's read and its rewrite is left alone and
 * found by the next pass; the rotation ends when a count finds none left (at most a few
 * passes). Rows written before encryption (version 0) are encrypted by the same walk. The staff
 * second factors (app_user's TOTP secrets, store/user.h) are walked the same way, last.
 */
#ifndef UREG_APP_KEYS_H
#define UREG_APP_KEYS_H

#include "app/access.h"
#include "app/app.h"

#include <stdint.h>

struct key_rotate_counts {
    int from, to;                 /* key versions: the one in force before, the one now */
    bool resumed;                 /* an interrupted rotation to `to` was carried on */
    int64_t people, applications; /* rows rewritten */
    int64_t users;                /* staff second factors (TOTP secrets) rewritten */
    int passes;
};

/*
 * Rotate (or resume a rotation) in batches of `batch` rows (≤ 0: 500), calling
 * progress(done, total, arg) after each batch (may be NULL). Audited as key.rotate (versions
 * and counts). Returns 0 and *out, or a negative -ERR_* (the rows done so far stay done).
 */
int app_key_rotate(struct app *a, const struct actor *by, int batch,
                   void (*progress)(int64_t done, int64_t total, void *arg), void *arg,
                   struct key_rotate_counts *out);

/*
 * Convert a database written before encryption (store_pii_legacy): person_open and ref_record
 * keys to their blind indexes, then every person and application encrypted under the current
 * version, then the flag cleared; audited as key.encrypt_legacy. First, on any database, the
 * staff TOTP secrets not under the current version (written in clear before migration 045)
 * are sealed under it, audited as key.encrypt_totp; and, once (meta stats_birth_ym_backfill),
 * the birth month in clear of people encrypted before migration 050 is filled from their birth
 * date, audited as key.backfill_birth_ym. Otherwise does nothing (a count and meta reads). Run by
 * app_open after the key check, so nothing is served first.
 */
int app_keys_upgrade(struct app *a);

#endif
