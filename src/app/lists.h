/*
 * lists.h — the public lists of the notice §4(二) and 附件4, kept with history: the policy
 * list (name, target group, content, conditions, accepting agency), the service list (item,
 * target group, content) and the public employment service agency list (name, address, phone,
 * 经办项目, opening hours).
 *
 * Admins and supervisors (PERM_CATALOG) keep the lists of their region and the regions below;
 * an entry outside the caller's scope is "not found". A change or a retirement never edits an
 * entry: it is a new version in force from its valid_from day (today by default, never before
 * today, never before the entry's latest version), so every list reads "as in force on D".
 * Every change is audited in its transaction (list.create, list.change, list.retire, and
 * agency.create for a new agency). The agency list's entries are the agencies themselves (id =
 * agency id, see docs/decisions.md): adding one to the list registers the agency.
 *
 * Reads of what is in force are public and take no actor (app_list_in_force: also what a
 * caseworker hands a person, for the service records to link to later).
 */
#ifndef UREG_APP_LISTS_H
#define UREG_APP_LISTS_H

#include "app/access.h"
#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"
#include "rules/vocab.h"
#include "store/agency.h"
#include "store/lists.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A new version as a caller gives it; strings are the caller's, NULL or "" for absent. */
struct list_input {
    const char *region;      /* add only: the region whose list the entry is on */
    const char *agency_kind; /* agency add only: pes | street | community | disabled ("pes") */
    const char *name, *target, *content, *conditions, *accepting;
    const char *address, *phone, *items, *hours; /* items: JSON array text of strings */
    int32_t valid_from;                          /* day number; 0: today */
    const char *note;                            /* why (free text, no personal data) */
};

/* One field of a list as the API names it, and where it goes in struct list_input. */
struct list_field {
    const char *json; /* "name", "item", "accepting_agency", ... */
    size_t offset;    /* of the const char * in struct list_input */
    size_t voffset;   /* of the same field's const char * in struct list_version */
    size_t max;       /* characters */
    bool required;    /* on add and change */
    bool is_list;     /* a JSON array of strings (经办项目), as JSON text */
};

/* The fields of kind k in API order, ending with {NULL}. Static. */
const struct list_field *app_list_fields(enum list_kind k);

/* Set field f of *in to `value` (the caller's string). */
void app_list_field_set(struct list_input *in, const struct list_field *f, const char *value);

/* Field f of version *v ("" when NULL). */
const char *app_list_field_value(const struct list_version *v, const struct list_field *f);

/* The result of a write: the entry's id and the version written. */
struct list_result {
    int64_t id;
    int version;
    int32_t valid_from;
    bool retired;
};

/*
 * Add an entry to list k on in->region (a known 6- or 9-digit code within by's scope) with
 * version 1. -ERR_FIELD_REQUIRED / -ERR_FIELD_INVALID / -ERR_LIST_ITEMS / -ERR_DATE_INVALID
 * with ec->field, -ERR_REGION_FORMAT / -ERR_REGION_INVALID (field region),
 * -ERR_LIST_REGION_SCOPE outside the scope, -ERR_AGENCY_KIND, -ERR_LIST_VALID_FROM_PAST; nothing
 * is written then.
 */
int app_list_add(struct app *a, const struct actor *by, enum list_kind k,
                 const struct list_input *in, struct list_result *out, struct err_ctx *ec);

/* Change entry `id` of list k: a new version with the fields of `in` (all of them, as on add;
 * in->region and in->agency_kind are ignored). -ERR_NOT_FOUND outside by's scope or when absent,
 * -ERR_LIST_VALID_FROM_ORDER before the latest version's day; else as app_list_add. */
int app_list_change(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                    const struct list_input *in, struct list_result *out, struct err_ctx *ec);

/* Retire entry `id` of list k from `valid_from` (0: today): a version that repeats the latest
 * one's fields, marked retired. -ERR_LIST_RETIRED when the latest version retires it already;
 * errors of the day and scope as app_list_change. */
int app_list_retire(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                    int32_t valid_from, const char *note, struct list_result *out,
                    struct err_ctx *ec);

/* A public read: list k in force on day `on` (0: today) for `region` and below (NULL or "":
 * every region) whose texts contain `q` (NULL or "": all), at most `limit` entries in region
 * order. -ERR_REGION_FORMAT / -ERR_REGION_INVALID (field region), -ERR_FIELD_INVALID (field q)
 * for a q over 100 characters. Returns the number of entries visited. */
struct list_filter {
    const char *region;
    int32_t on;
    const char *q;
    int limit;
};
int app_list_in_force(struct app *a, enum list_kind k, const struct list_filter *f,
                      int (*fn)(const struct list_version *v, void *arg), void *arg,
                      struct err_ctx *ec);

/* One entry with its whole history, newest version first, for the staff's list read. */
struct list_entry_view {
    const struct list_version *versions; /* n of them, newest first */
    int n;
    int in_force;       /* index of the version in force on the read's day; -1: none yet */
    const char *status; /* "in_force", "retired" (the version in force retires it) or
                           "scheduled" (no version in force yet) */
};

/*
 * The staff's read of list k (PERM_CATALOG is the route's check): the entries within by's scope
 * and under f->region when given (which must lie within the scope: else -ERR_NOT_FOUND), with
 * every version, status as of f->on (0: today); only entry `id` when it is not 0 (-ERR_NOT_FOUND
 * when absent or outside the scope). At most f->limit entries. fn is called once per entry; the
 * view is valid during the call. Returns the number of entries.
 */
int app_list_history(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                     const struct list_filter *f,
                     int (*fn)(const struct list_entry_view *e, void *arg), void *arg,
                     struct err_ctx *ec);

/* The export formats of the agency list. */
enum list_format { LIST_FORMAT_XLSX, LIST_FORMAT_CSV };

/*
 * The agency list in force (filter as app_list_in_force) in the 附件4 layout: a title row, the
 * header row 序号 所在地区 机构名称 办公地址 联系电话 经办项目 办公时间, one row per agency. XLSX
 * (libxlsxwriter, through a temporary file) or CSV (UTF-8 with a BOM, CRLF). Appends the bytes
 * to `out`. Errors as app_list_in_force, or -ERR_IO when the temporary file fails.
 */
int app_list_agencies_export(struct app *a, const struct list_filter *f, enum list_format fmt,
                             struct buf *out, struct err_ctx *ec);

/*
 * Cross-file private (accounts.c): inside the caller's transaction on `c`, make the new agency
 * `ag` (id `id`) an entry of the agency list with version 1 in force from `now`'s day, opening
 * hours `hours` (NULL: ""). Returns 0 or a store error.
 */
int app__list_agency_entry(struct store_conn *c, const struct actor *by, int64_t now,
                           const struct agency *ag, int64_t id, const char *hours);

#endif
