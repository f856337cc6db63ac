/*
 * lists.h — the public lists of the notice §4(二) and 附件4: policies (政策清单), services
 * (服务清单) and public employment service agencies (公共就业服务机构清单), with history.
 *
 * An entry (kind, id, region) never changes; what it says is a chain of versions 1, 2, ...,
 * each in force from its valid_from day until the next version's, a retirement being a version
 * with `retired` set. Rows are never updated or deleted here. The lists are public information
 * without personal data; the staff reads still take a scope (the caller's region prefix, "" for
 * the system), and an entry outside it is "not found". Load: a region's lists are tens to a few
 * thousand entries; every read is bounded by its `limit`.
 */
#ifndef UREG_STORE_LISTS_H
#define UREG_STORE_LISTS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* One version of an entry, as written and as read. For a read, the strings are valid during
 * the callback only (store_list_latest copies them into its arena). */
struct list_version {
    const char *kind; /* "policy" | "service" | "agency" (rules/vocab LIST_KIND) */
    int64_t id;       /* the entry's id within its kind (an agency's: the agency id) */
    const char *region;
    const char *agency_kind; /* read: the agency's kind (pes, street, ...); "" for other lists */
    int version;
    const char *valid_from; /* YYYY-MM-DD */
    bool retired;
    const char *name, *target, *content, *conditions, *accepting; /* policy / service fields */
    const char *address, *phone, *items, *hours; /* agency fields; items: JSON list text */
    const char *note;
    const char *recorded_at;
    int64_t recorded_by_id;  /* write: app_user id, 0 for the system */
    const char *recorded_by; /* read: the username, "" for the system */
};

/*
 * Create the entry (kind, id) on `region`, stamped `created_at`; `agency_id` names the agency
 * of an agency list entry (then id must equal it) and is 0 for the other lists. Returns 0,
 * -ERR_REGION_INVALID when the region is not in the region table, -ERR_CONFLICT when the
 * entry exists, or a store error. The caller writes version 1 next, in the same transaction.
 */
int store_list_entry_insert(struct store_conn *c, const char *kind, int64_t id, const char *region,
                            int64_t agency_id, const char *created_at);

/* Append version v->version of the entry (v->kind, v->id): every text field NULL counts as ""
 * (items as "[]"). Returns 0, -ERR_CONFLICT when that version exists, or a store error. */
int store_list_version_insert(struct store_conn *c, const struct list_version *v);

/*
 * The latest version of entry (kind, id) when its region starts with `scope` ("" for all):
 * 0 and *out with its strings copied into `ar`; -ERR_NOT_FOUND when absent or outside the scope.
 */
int store_list_latest(struct store_conn *c, const char *kind, int64_t id, const char *scope,
                      struct arena *ar, struct list_version *out);

/* Copy every string of *v into `ar` (NULL ones as ""), so a row read in a callback outlives
 * it. */
void store_list_version_keep(struct arena *ar, struct list_version *v);

/* What a read of the lists asks. */
struct list_query {
    const char *kind;
    const char *prefix;  /* region prefix: entries of that region and below; "" for all */
    const char *on;      /* in force on this day, YYYY-MM-DD (in-force reads) */
    const char *pattern; /* lower-case LIKE pattern over the texts, '\' escapes (or "") */
    int64_t id;          /* history: one entry only, or 0 for every entry */
    int limit;
};

/*
 * Call fn for each entry of q->kind under q->prefix in force on q->on (its version in force is
 * not a retirement) whose texts match q->pattern, in region then id order, at most q->limit.
 * fn returning non-zero stops. Returns the number visited or a negative error.
 */
int store_list_in_force_each(struct store_conn *c, const struct list_query *q,
                             int (*fn)(const struct list_version *v, void *arg), void *arg);

/*
 * Call fn for every version of the entries of q->kind under q->prefix (only entry q->id when
 * it is not 0), in region and id order and, within an entry, newest version first; at most
 * q->limit versions. fn returning non-zero stops. Returns the number visited or an error.
 */
int store_list_history_each(struct store_conn *c, const struct list_query *q,
                            int (*fn)(const struct list_version *v, void *arg), void *arg);

/*
 * Write into out (outsz ≥ 2 × strlen(q) + 3) the LIKE pattern that finds `q` anywhere in a
 * text: '%' + q with ASCII letters lower-cased and '%', '_', '\' escaped by '\' + '%'. Returns
 * 0, or -ERR_FIELD_INVALID when it does not fit.
 */
int store_list_pattern(const char *q, char *out, size_t outsz);

#endif
