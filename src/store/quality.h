/*
 * quality.h — the reads of the data-quality and timeliness bulletin (issue 10, notice §6's
 * 通报 of each city's data and §8's late responses and inaccurate data) in the store.
 *
 * Every read takes the bulletin's scope (the jurisdiction prefix of its region, never empty) and
 * groups or walks by scope_region, as store/stats.h does; the caller adds each row to the region
 * below that holds it. Days are "YYYY-MM-DD" text compared as text, moments Unix seconds. Nothing
 * here decrypts personal data: a missing phone is told by the length of its sealed value.
 *
 * Load: a province's bulletin walks its stock at one day once (as the report's breakdowns do)
 * and groups its applications of the period, its exits of the period and the exchange outbox.
 */
#ifndef UREG_STORE_QUALITY_H
#define UREG_STORE_QUALITY_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* One registration in stock at the end of day `as_of`: the fields checked and its due days
 * (strings are the query's, valid during the callback; "" for absent or NULL). */
struct store_quality_rec {
    const char *scope_region, *education, *reason, *residence_region;
    const char *first_contact_due, *first_contact_on, *next_contact_due;
    bool phone_missing;
};
typedef int (*store_quality_rec_fn)(const struct store_quality_rec *r, void *arg);
/* Every registration of the scope registered by `as_of` and not exited by it. A non-zero return
 * of fn stops the walk and is returned. */
int store_quality_stock_each(struct store_conn *c, const char *scope, const char *as_of,
                             store_quality_rec_fn fn, void *arg);

/* Per scope_region: applications decided (approved or rejected) on a day of [start, as_of], of
 * those decided on a day after their deadline, and applications open at the end of as_of whose
 * deadline is before as_of (withdrawn ones count while they were open). */
typedef int (*store_quality_app_fn)(const char *scope_region, int64_t decided, int64_t late,
                                    int64_t pending_overdue, void *arg);
int store_quality_apps(struct store_conn *c, const char *scope, const char *start,
                       const char *as_of, store_quality_app_fn fn, void *arg);

/* Per scope_region: exits in force dated in [start, end], and of those the ones whose evidence
 * is empty ('', '{}', '[]' or 'null'). */
typedef int (*store_quality_exit_fn)(const char *scope_region, int64_t exits, int64_t no_evidence,
                                     void *arg);
int store_quality_exits(struct store_conn *c, const char *scope, const char *start, const char *end,
                        store_quality_exit_fn fn, void *arg);

/* Per scope_region of the application an outbox row uploads: rows created before late_before
 * and not closed (accepted or rejected by the hub) by as_of (unsent), rows the hub rejected in
 * [from, as_of], rows it accepted in [from, as_of] (all Unix seconds). */
typedef int (*store_quality_outbox_fn)(const char *scope_region, int64_t unsent, int64_t rejected,
                                       int64_t sent, void *arg);
int store_quality_outbox(struct store_conn *c, const char *scope, int64_t from, int64_t as_of,
                         int64_t late_before, store_quality_outbox_fn fn, void *arg);

#endif
