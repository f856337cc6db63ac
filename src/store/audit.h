/*
 * audit.h — the append-only audit log: every state change and every reveal of personal data,
 * with who, when, what and from where, as a hash chain with signed heads.
 *
 * The table refuses UPDATE and DELETE (a trigger per backend). Each entry has its place `seq`
 * (1, 2, ... without gaps, in commit order) and `hash`, which commits to the previous entry
 * (rules/auditchain.h); heads of the chain are signed from time to time (audit_signature, by
 * app/auditlog.c), so that an entry changed, removed or inserted by someone who bypasses the
 * triggers shows in `ureg audit verify`. Entries never carry personal
 * data: objects are named by id or number, `detail` is a small JSON object of non-personal
 * facts (e.g. {"role":"caseworker"}). Appended inside the same transaction as the change it
 * records, so a change without its audit entry cannot commit.
 */
#ifndef UREG_STORE_AUDIT_H
#define UREG_STORE_AUDIT_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct audit_entry {
    int64_t actor_id;        /* app_user.id, or 0 for the public / the system */
    const char *actor;       /* username, "public" or "system:<command>" */
    const char *action;      /* "user.create", "session.login", "person.reveal", ... */
    const char *object_type; /* "user", "agency", "application", ... or NULL */
    const char *object_id;   /* id or number as text, or NULL */
    const char *remote;      /* client address, or NULL */
    const char *detail;      /* JSON object text, or NULL for {} */
};

/*
 * Append one entry stamped `now_unix` (Unix seconds: the caller's clock reading) at the next
 * place of the chain. Inside the caller's write transaction when there is one (the place is
 * held until it ends, so concurrent writers queue here on PostgreSQL: append late in the
 * transaction), else in a transaction of its own. Returns 0 or a negative error.
 */
int store_audit_append(struct store_conn *c, int64_t now_unix, const struct audit_entry *e);

/*
 * Call fn for the first `limit` entries about one object (object_type and object_id), oldest
 * first, or, when object_type is NULL, for the newest `limit` entries, newest first. Stops when fn
 * returns non-zero. Returns the number visited or a negative error.
 */
struct audit_row {
    int64_t id;
    const char *at, *actor, *action, *object_type, *object_id, *remote, *detail;
    bool has_actor_id; /* actor_id is not NULL */
    int64_t actor_id;
    int64_t seq;      /* place in the chain, 0 when the row has none */
    const char *hash; /* hex, NULL when the row has none */
};
int store_audit_each(struct store_conn *c, const char *object_type, const char *object_id,
                     int limit, int (*fn)(const struct audit_row *r, void *arg), void *arg);

/*
 * Call fn for the newest `limit` entries of one object type ("compare", "gen", "ref_import":
 * the batch runs, a few rows a day), newest first, through the audit_object index; stops when
 * fn returns non-zero. Returns the number visited or a negative error. For /metrics.
 */
int store_audit_latest_of_type(struct store_conn *c, const char *object_type, int limit,
                               int (*fn)(const struct audit_row *r, void *arg), void *arg);

/*
 * The chain in order: fn for up to `limit` entries whose place is after `after_seq`, by place
 * (stops when fn returns non-zero). Returns the number visited or a negative error. Rows are
 * valid during fn only.
 */
int store_audit_chain_page(struct store_conn *c, int64_t after_seq, int limit,
                           int (*fn)(const struct audit_row *r, void *arg), void *arg);

/* fn for up to `limit` entries with id in [from_id, to_id] (to_id 0: no upper bound), by id;
 * as store_audit_chain_page. For the auditor's export. */
int store_audit_range(struct store_conn *c, int64_t from_id, int64_t to_id, int limit,
                      int (*fn)(const struct audit_row *r, void *arg), void *arg);

/* Rows without a place or a hash (none exist unless someone inserted them past the store),
 * id after `after_id`, by id; as store_audit_chain_page. */
int store_audit_unchained_page(struct store_conn *c, int64_t after_id, int limit,
                               int (*fn)(const struct audit_row *r, void *arg), void *arg);

/* Chain the entries that predate migration 031 (id up to its legacy_max_id, still without a
 * hash), in id order, in one write transaction of its own. Returns how many (0 once done) or a
 * negative error. */
int store_audit_seal_legacy(struct store_conn *c);

/* The head: the last place taken (*seq, 0 for an empty chain) and that entry's hash in `hash`
 * (65 bytes; "" when the entry is missing). 0 or a negative error. */
int store_audit_head(struct store_conn *c, int64_t *seq, char hash[65]);

/* A signed head (texts hex, see rules/auditchain.h). */
struct audit_signature {
    int64_t seq;
    const char *hash, *signed_at, *key_id, *signature;
};

/* Store a signed head; a head already signed at that place is kept (0 either way), so that two
 * servers signing at once do not fail. 0 or a negative error. */
int store_audit_sign_insert(struct store_conn *c, const struct audit_signature *sg);

/* The place of the last signed head (0: none) in *seq; 0 or a negative error. */
int store_audit_last_signed(struct store_conn *c, int64_t *seq);

/* fn for up to `limit` signed heads after place `after_seq`, in order; as
 * store_audit_chain_page. */
int store_audit_signature_page(struct store_conn *c, int64_t after_seq, int limit,
                               int (*fn)(const struct audit_signature *s, void *arg), void *arg);

#endif
