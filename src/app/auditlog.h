/*
 * auditlog.h — the audit chain's signing, verification and export (the entries themselves are
 * appended through app_audit, app/app.h).
 *
 * Signing: the head of the chain (its last entry's place and hash) is signed with Ed25519 by
 * the key of app__audit_key (derived from the master key file; docs/security.md "Audit keys")
 * and stored in audit_signature: by `ureg serve`'s signer thread when `audit_sign_entries`
 * entries or `audit_sign_interval` seconds have passed since the last signed head (policies),
 * when the server stops, and by `ureg audit sign`. Verification (`ureg audit verify`) walks the
 * whole chain by place, recomputes every hash, checks every signature with the public key and
 * reports each entry changed, removed or inserted, the first first.
 */
#ifndef UREG_APP_AUDITLOG_H
#define UREG_APP_AUDITLOG_H

#include "app/app.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * The master key file whose derived key signs audit heads (`key_file`, --key-file). The path
 * is copied. Until it is set, or while the file is missing outside --dev, heads are not signed
 * (logged once). In --dev a missing file is created (32 random bytes as hex, mode 0600).
 */
void app_set_key_file(struct app *a, const char *path);

/*
 * Sign the head of the chain now if it has entries not covered by a signed head. Returns 1
 * when a head was signed (*seq its place, when seq is not NULL), 0 when there was nothing to
 * sign, or a negative error (-ERR_AUDIT_KEY when no signing key is available).
 */
int app_audit_sign(struct app *a, int64_t *seq);

/* Start the signer thread of `ureg serve` (see above); stopped, with a last signature, by
 * app_close. 0 or -ERR_INTERNAL. */
int app_audit_signer_start(struct app *a);

/* What a verification found. */
enum app_audit_problem {
    APP_AUDIT_CHANGED,   /* an entry's hash does not match its content and its predecessor */
    APP_AUDIT_REMOVED,   /* a place of the chain is missing */
    APP_AUDIT_INSERTED,  /* a row without a (valid) place in the chain */
    APP_AUDIT_SIGNATURE, /* a signed head whose signature or key does not check */
};

struct app_audit_finding {
    enum app_audit_problem kind;
    int64_t seq;      /* the place concerned (0: none) */
    int64_t id;       /* the row's id (0: the row is gone) */
    const char *text; /* one line in English, e.g. "entry 12 (seq 12) changed: ..." */
};

struct app_audit_report {
    int64_t entries;         /* rows in the chain */
    int64_t head;            /* the last place taken (audit_chain) */
    int64_t signatures;      /* signed heads checked */
    int64_t last_signed;     /* place of the last valid signed head (0: none) */
    bool signatures_checked; /* false: no public key, only the chain was checked */
    int64_t problems;        /* findings reported */
};

/*
 * Verify the whole audit log. `public_key` is the 32-byte Ed25519 public key to check the
 * signed heads with, or NULL for the one derived from the key file (when that is missing, the
 * signatures are not checked and the report says so). fn is called for each finding in chain
 * order (the first is the earliest place), at most 100 times. Returns 0 with *out filled (the
 * log is intact when out->problems is 0), or a negative store error.
 */
int app_audit_verify(struct app *a, const unsigned char *public_key,
                     void (*fn)(const struct app_audit_finding *f, void *arg), void *arg,
                     struct app_audit_report *out);

/* The public key of the audit signing key as 64 hex digits (65 bytes with the NUL); 0 or
 * -ERR_AUDIT_KEY. */
int app_audit_public_key(struct app *a, char out[65]);

/*
 * The export of the log for the auditor (PERM_AUDIT is the caller's check): fn for each entry
 * with id in [from_id, to_id] (to_id 0: no upper bound), by id, at most `limit`; fn returning
 * non-zero stops. Returns the entries visited or a negative error. Audited as
 * "audit.export" by `by` with the range and the format in the detail.
 */
struct actor;
int app_audit_export(struct app *a, const struct actor *by, const char *format, int64_t from_id,
                     int64_t to_id, int limit, int (*fn)(const struct audit_row *r, void *arg),
                     void *arg);

#endif
