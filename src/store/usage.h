/*
 * usage.h — "my personal data usage": who read a person's data, when and why, from the audit
 * log, for the applicant's status page (GovStack's personal data usage view).
 *
 * Every read of an application's personal data is audited against the application
 * (person.read for the masked view, person.reveal for the unmasked one, with the stated reason
 * in the detail, app/review.c); this reads those entries back for every application of one
 * person, through the audit_object index, newest first, with the reader's agency.
 */
#ifndef UREG_STORE_USAGE_H
#define UREG_STORE_USAGE_H

#include "store/db.h"

#include <stdint.h>

struct usage_row {
    const char *at, *actor, *agency, *action, *detail; /* during fn only */
    const char *object_type, *object_no; /* "application" or "registration", and its number */
};

/*
 * Call fn for the newest `limit` reads of the personal data of person `person_id`; stops when fn
 * returns non-zero. `agency` is "" for a reader without one. Returns the number visited or a
 * negative error.
 */
int store_usage_each(struct store_conn *c, int64_t person_id, int limit,
                     int (*fn)(const struct usage_row *r, void *arg), void *arg);

#endif
