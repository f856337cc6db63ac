/*
 * audit.h — the append-only audit log: every state change and every reveal of personal data,
 * with who, when, what and from where.
 *
 * The table refuses UPDATE and DELETE (a trigger per backend). Entries never carry personal
 * data: objects are named by id or number, `detail` is a small JSON object of non-personal
 * facts (e.g. {"role":"caseworker"}). Appended inside the same transaction as the change it
 * records, so a change without its audit entry cannot commit.
 */
#ifndef UREG_STORE_AUDIT_H
#define UREG_STORE_AUDIT_H

#include "store/db.h"

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

/* Append one entry stamped `now_unix` (Unix seconds: the caller's clock reading). Returns 0 or a
 * negative error. */
int store_audit_append(struct store_conn *c, int64_t now_unix, const struct audit_entry *e);

/*
 * Call fn for the first `limit` entries about one object (object_type and object_id), oldest
 * first, or, when object_type is NULL, for the newest `limit` entries, newest first. Stops when fn
 * returns non-zero. Returns the number visited or a negative error.
 */
struct audit_row {
    int64_t id;
    const char *at, *actor, *action, *object_type, *object_id, *remote, *detail;
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

#endif
