/*
 * auditchain.h — the audit log's hash chain and the signed heads: what an entry's hash and a
 * head's signature are computed over.
 *
 * An entry's hash is BLAKE2b-256 over the domain text "ureg.audit.entry.v1" (with its NUL),
 * the previous entry's hash (32 zero bytes for the first entry) and the canonical encoding of
 * its fields: the place `seq` as 8 bytes big-endian, then at, actor_id, actor, action,
 * object_type, object_id, remote and detail, each as a 4-byte big-endian length followed by
 * its bytes (actor_id as its decimal text, and a length of 0xFFFFFFFF for NULL), so that no
 * two different entries encode alike. The row's database id is not covered: the place is.
 *
 * A signed head is an Ed25519 signature (libsodium crypto_sign_detached) over the domain text
 * "ureg.audit.head.v1" (with its NUL), the place as 8 bytes big-endian and the entry's hash.
 * Verifying needs only the public key, so an auditor can check a copy of the log without the
 * key file.
 *
 * Pure: no I/O, no clock, never allocates. Hashes are 32 bytes; hex forms AUDITCHAIN_HEX bytes
 * with the NUL.
 */
#ifndef UREG_RULES_AUDITCHAIN_H
#define UREG_RULES_AUDITCHAIN_H

#include <stdbool.h>
#include <stdint.h>

#define AUDITCHAIN_HASH 32
#define AUDITCHAIN_HEX 65
#define AUDITCHAIN_SIG_HEX 129  /* 64-byte signature in hex, with the NUL */
#define AUDITCHAIN_KEYID_HEX 17 /* 8 bytes of the public key in hex, with the NUL */

/* The fields an entry's hash covers; NULL strings count as "" except actor_id (has_actor_id). */
struct auditchain_fields {
    int64_t seq;
    const char *at;
    bool has_actor_id;
    int64_t actor_id;
    const char *actor, *action, *object_type, *object_id, *remote, *detail;
};

/* out = the hash of the entry `f` following the entry whose hash is `prev` (NULL: the first). */
void auditchain_hash(const unsigned char *prev, const struct auditchain_fields *f,
                     unsigned char out[AUDITCHAIN_HASH]);

/* The 8+32 bytes after the domain that a head's signature covers; the message is written to
 * msg (AUDITCHAIN_MSG bytes) and its length returned. */
#define AUDITCHAIN_MSG (sizeof "ureg.audit.head.v1" + 8 + AUDITCHAIN_HASH)
unsigned auditchain_head_message(int64_t seq, const unsigned char hash[AUDITCHAIN_HASH],
                                 unsigned char msg[AUDITCHAIN_MSG]);

/* Hex of 32 bytes into out (lowercase); and back: 0, or -1 when `hex` is not 64 hex digits. */
void auditchain_to_hex(const unsigned char h[AUDITCHAIN_HASH], char out[AUDITCHAIN_HEX]);
int auditchain_from_hex(const char *hex, unsigned char out[AUDITCHAIN_HASH]);

#endif
