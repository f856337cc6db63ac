/*
 * record.h — what was done for a registered person: service records, contacts, and the due list
 * built from them (人社厅发〔2020〕3号 §4 全程记录, §5 ¶1 定期联系; 79号 proactive first contact).
 *
 * Rows are only ever inserted. A service correction is a new row whose `corrects` names the row it
 * replaces (UNIQUE: a row is corrected at most once, so corrections form a chain whose newest row
 * is the one in force). A service with a follow-up day stays due until a later row links to it
 * (link_kind "service", link_id its id) or it is corrected. Contacts are the table issue 9 builds
 * its counters and exits on. Reads are scoped like every case read; none returns personal data
 * (the due list masks the name before it leaves the store).
 */
#ifndef UREG_STORE_RECORD_H
#define UREG_STORE_RECORD_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct service_row {
    int64_t id, registration_id, link_id, corrects, recorded_by; /* 0: none */
    const char *scope_region, *type, *service_date, *content, *outcome, *link_kind;
    const char *followup_due; /* YYYY-MM-DD or NULL */
    const char *recorded_at, *recorded_by_name;
    int64_t corrected_by;   /* read only: the row correcting this one, 0 when in force */
    int64_t followed_up_by; /* read only: the first row linking to it as its follow-up, or 0 */
};

/* Insert a service record stamped `now_unix`; *id gets its id. -ERR_CONFLICT when s->corrects
 * is corrected already (nothing written; the statement said ON CONFLICT DO NOTHING). */
int store_service_insert(struct store_conn *c, const struct service_row *s, int64_t now_unix,
                         int64_t *id);

/* Service record `id` of registration `registration_id` (within `scope`), with corrected_by;
 * strings from `ar`. -ERR_NOT_FOUND. */
int store_service_get(struct store_conn *c, const char *scope, int64_t registration_id, int64_t id,
                      struct arena *ar, struct service_row *out);

/* Call fn for every service record of the registration, newest first (date, then id); rows are
 * valid during the call. Returns the count or a negative error. */
int store_service_list(struct store_conn *c, int64_t registration_id,
                       int (*fn)(const struct service_row *r, void *arg), void *arg);

/* The follow-up of service `id` in force: the newest record linking to it (link_kind
 * 'service') that no other record corrects, into *out (0 when there is none). issue 8: a job
 * referral has at most one result in force (app/referral.c). */
int store_service_followup_live(struct store_conn *c, int64_t id, int64_t *out);

struct contact_row {
    int64_t id, registration_id, recorded_by;
    const char *scope_region, *contact_date, *method, *result, *note, *recorded_at;
    const char *recorded_by_name;
    const char *report_kind, *employer; /* read only (issue 9): a self-report's kind, or "" */
};

/* Insert a contact stamped `now_unix`; *id gets its id. */
int store_contact_insert(struct store_conn *c, const struct contact_row *r, int64_t now_unix,
                         int64_t *id);

/* Call fn for every contact of the registration, newest first. */
int store_contact_list(struct store_conn *c, int64_t registration_id,
                       int (*fn)(const struct contact_row *r, void *arg), void *arg);

/* One thing due for a person. Kinds: "first_contact" (ref_id 0) and "service_followup" (ref_id
 * the service record), "tracked_item" (store/track) and "monthly_followup" (issue 9: ref_id 0,
 * due on the registration's next contact day). */
struct due_row {
    const char *kind, *registration_no, *due_on, *caseworker_name;
    int64_t ref_id, caseworker_id, agency_id;
    char name_masked[64];
};

struct due_query {
    const char *scope;     /* jurisdiction prefix, never NULL */
    int64_t caseworker_id; /* 0: any */
    int64_t agency_id;     /* 0: any */
    const char *until;     /* YYYY-MM-DD: only what is due on or before this day; NULL: all */
    int limit;
};

/* Call fn for the open due items of active registrations, earliest due first; returns the count
 * or a negative error. */
int store_due_list(struct store_conn *c, const struct due_query *q,
                   int (*fn)(const struct due_row *r, void *arg), void *arg);

#endif
