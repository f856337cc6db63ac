/*
 * agency.h — agencies (经办机构): public employment service agencies, street/township and
 * community/village platforms, disabled persons' employment agencies (notice §2).
 *
 * An agency sits in one region (county, city, province or street code); its users' jurisdiction
 * is that region and everything below it. Agencies are public information (附件4 lists them),
 * so reads here are not scoped; they carry no personal data.
 */
#ifndef UREG_STORE_AGENCY_H
#define UREG_STORE_AGENCY_H

#include "store/db.h"

#include <stdint.h>

struct agency {
    int64_t id;
    char name[256];
    char region[16];
    char kind[16]; /* pes | street | community | disabled */
    char address[256];
    char phone[64];
    char items[1024]; /* JSON array of 经办项目 */
};

/* Insert; a->id is ignored and the new id is written to *id. -ERR_REGION_INVALID when the
 * region is not in the region table. */
int store_agency_insert(struct store_conn *c, const struct agency *a, int64_t *id);

/* Fill *a for `id`; -ERR_AGENCY_NOT_FOUND when absent. */
int store_agency_get(struct store_conn *c, int64_t id, struct agency *a);

/* Find an agency by exact name within a region (used by idempotent `ureg demo`): 0 and *id, or
 * -ERR_NOT_FOUND. */
int store_agency_find(struct store_conn *c, const char *name, const char *region, int64_t *id);

/*
 * Call fn for every agency whose region starts with `region_prefix` (jurisdiction prefix, see
 * rules/region), ordered by region then id, at most `limit`. Stops early when fn returns
 * non-zero. Returns the number visited or a negative error.
 */
int store_agency_each(struct store_conn *c, const char *region_prefix, int limit,
                      int (*fn)(const struct agency *a, void *arg), void *arg);

#endif
