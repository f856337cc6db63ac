/*
 * pii.h — the keys of personal data at rest: the key file, per-purpose keys, field encryption
 * and the blind index.
 *
 * One master key (32 random bytes) lives in a key file outside the database (64 hexadecimal
 * digits and a newline, mode 0600: a file group or others may read is refused). Every other key
 * is derived from it with libsodium's crypto_kdf (BLAKE2b), one per purpose, so the master key
 * itself never encrypts anything (the CipherSweet key hierarchy is the model):
 *
 *   context "ureg-aed", id v  — the AEAD key of key version v (1 ... STORE_PII_VERSION_MAX)
 *   context "ureg-bix", id 1  — the blind-index key
 *   context "ureg-chk", id 1  — the key check stored in the database (meta pii_key_check), so
 *                               that a wrong key file is refused before anything is written
 *
 * A personal field is stored as base64url (no padding) of a fresh 24-byte nonce and the
 * XChaCha20-Poly1305 (IETF) ciphertext with its tag; the associated data names the table, the
 * column, the row id and the key version ("person.name.42.1"), so a value copied to another
 * row or column, or relabelled with another version, fails to decrypt. Version 0 means a value
 * written before encryption (plaintext, read as is until `ureg key rotate` encrypts it).
 *
 * The blind index of a person key (rules/idnum, e.g. "C:110101199001011234") is "#" followed by
 * 19 base64url characters of a 14-byte keyed BLAKE2b of the key: lookups and uniqueness
 * (person.person_key, person_open, ref_record) compare these, never the document number. A
 * key already in that form passes through unchanged, so a key read back from the database can
 * be handed to the store again. 112 bits: a collision among 10^8 people has odds below 10^-17.
 * The blind-index key is not rotated (every ref_record row would have to be rewritten); see
 * docs/security.md.
 *
 * The key ring is process-wide, set once before any thread starts (store_pii_load_key or
 * store_pii_set_master) and read-only afterwards; every version's key is derived at load.
 */
#ifndef UREG_STORE_PII_H
#define UREG_STORE_PII_H

#include "base/arena.h"
#include "base/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_PII_INDEX_SIZE 21 /* "#" + 19 characters + NUL */
#define STORE_PII_VERSION_MAX 255

/*
 * Load the master key from the key file at `path`. When the file is missing and `create`, write
 * a new random key there first (O_EXCL, mode 0600; *created set true) — a file another process
 * made at the same moment is read instead. Errors, each with one line on stderr naming the
 * file: -ERR_KEY_MISSING (absent and not `create`), -ERR_KEY_MODE (group or others may read it,
 * or not a regular file), -ERR_KEY_INVALID (not 64 hexadecimal digits), -ERR_IO (cannot be read
 * or written). Nothing is kept on failure.
 */
int store_pii_load_key(const char *path, bool create, bool *created);

/* Use `master` (32 bytes) as the master key (unit tests, and the loader above). */
void store_pii_set_master(const uint8_t master[32]);

/* Forget the key ring (zeroed). */
void store_pii_forget(void);

/* True once a master key is loaded. */
bool store_pii_ready(void);

/*
 * Hold the database to the loaded key: when meta has no pii_key_check (a new database, or one
 * made before encryption) write it and pii_key_version 1; else compare. -ERR_KEY_MISSING when no
 * key is loaded, -ERR_KEY_MISMATCH when the database was written under another key (nothing is
 * written then). Runs in its own write transaction.
 */
int store_pii_check(struct store_conn *c);

/* The key version new values are written under (meta pii_key_version; 1 when unset). */
int store_pii_version(struct store_conn *c, int *version);

/* Set the key version new values are written under (`ureg key rotate`). */
int store_pii_set_version(struct store_conn *c, int version);

/*
 * Databases written before encryption (meta pii_legacy, set by store_pii_check when it first
 * finds people or records without a key check): *legacy says whether that conversion is still
 * owed; store_pii_legacy_done records that it is finished.
 */
int store_pii_legacy(struct store_conn *c, bool *legacy);
int store_pii_legacy_done(struct store_conn *c);

/*
 * Move up to `max` rows of person_open, or of ref_record (one source's batch), still keyed by a
 * plain document key to its blind index (a row whose index is already there is dropped).
 * Returns the number moved, 0 when none is left, or a negative -ERR_*; the caller holds a write
 * transaction and calls again until 0.
 */
int store_pii_reindex_open(struct store_conn *c, int max);
int store_pii_reindex_records(struct store_conn *c, int max);

/* The blind index of `key` into out ("#..."; a key already in that form is copied). */
void store_pii_index(const char *key, char out[STORE_PII_INDEX_SIZE]);

/* True when `key` is in blind-index form. */
bool store_pii_is_index(const char *key);

/*
 * Encrypt `plain` (NUL-terminated) for table.column of row `row` under key `version` (≥ 1);
 * the text to store replaces the content of *out (NUL-terminated, owned by the caller's buf).
 */
void store__pii_seal(const char *table, const char *column, int64_t row, int version,
                     const char *plain, struct buf *out);

/* The length of the stored text of a plaintext of `n` bytes sealed as above (the same for every
 * key, row and nonce): a sealed "" is store__pii_sealed_len(0) characters long, so an empty
 * field is told from a filled one without decrypting it (app/stats_quality's missing phone). */
size_t store__pii_sealed_len(size_t n);

/*
 * Decrypt `stored` (NULL reads as "") of table.column of row `row`, written under `version`,
 * into *out (from `ar`). Version 0 is plaintext, copied as is. -ERR_PII_DECRYPT when the value
 * does not authenticate (another key, row, column or version; a changed byte) or the version
 * is out of range; *out is then "".
 */
int store__pii_open(const char *table, const char *column, int64_t row, int version,
                    const char *stored, struct arena *ar, const char **out);

#endif
