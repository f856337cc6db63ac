/*
 * followup.h — what `ureg followup run` and the counters read and write (issue 9, notice §5 ¶1-2):
 * the active registrations in id order with their contact interval, their contacts and services
 * as counter events, the reverted counter exits and dismissed counter proposals, the cached next
 * contact day, and the runs' progress rows. SQL only here. Nothing read is personal data.
 *
 * Load: a run reads registrations in id batches (the primary key's order), then one index range
 * of contact and of service_record per batch (their registration indexes); the suppressions are
 * one scan of the (small) exit tables per run.
 */
#ifndef UREG_STORE_FOLLOWUP_H
#define UREG_STORE_FOLLOWUP_H

#include "base/arena.h"
#include "rules/followup.h"
#include "store/db.h"

#include <stdint.h>

/* One active registration of a batch; strings from the caller's arena. */
struct followup_reg {
    int64_t id;
    const char *registration_no, *scope_region, *registered_on;
    const char *next_contact_due; /* the cache, NULL when not yet written */
    int contact_days;             /* the tier's, 0 without a tier (the caller's default then) */
};

/* Up to `limit` active registrations with id > after_id, in id order, into out[] (room for
 * limit); returns how many, or a negative error. */
int store_followup_regs(struct store_conn *c, int64_t after_id, int limit, struct arena *ar,
                        struct followup_reg *out);

/* The active registration `id` (any scope) as one batch row; -ERR_NOT_FOUND when not active. */
int store_followup_reg(struct store_conn *c, int64_t id, struct arena *ar,
                       struct followup_reg *out);

/* Call fn(registration_id, event) for the contacts and the services in force (not corrected) of
 * registrations lo..hi, grouped by nothing in particular. Returns 0 or a negative error. */
int store_followup_events(struct store_conn *c, int64_t lo, int64_t hi,
                          int (*fn)(int64_t registration_id, const struct followup_event *e,
                                    void *arg),
                          void *arg);

/* Call fn(registration_id, reason, evidence JSON text) for every reverted exit and dismissed
 * proposal of reason 31 or 32 — of registration `registration_id`, or of all when it is 0. */
int store_followup_suppressions(struct store_conn *c, int64_t registration_id,
                                int (*fn)(int64_t registration_id, const char *reason,
                                          const char *evidence, void *arg),
                                void *arg);

/* Set the cached next contact day of registration `id` (YYYY-MM-DD). */
int store_followup_due_set(struct store_conn *c, int64_t id, const char *day);

/* Mark contact `id` a self-report of `kind` (code table self_report_kind) naming `employer`. */
int store_followup_contact_report(struct store_conn *c, int64_t id, const char *kind,
                                  const char *employer);

/* A run's progress row. */
struct followup_run_row {
    int64_t id, last_registration_id, checked, exits, proposals, due_corrected;
    bool resumed;
};

/* The newest unfinished run (*resumed true, counts so far) or a new one started at `now` as of
 * `as_of` (YYYY-MM-DD). */
int store_followup_run_open(struct store_conn *c, int64_t now, const char *as_of,
                            struct followup_run_row *out);

/* Write the progress of run r (last id and counts); with `finish`, stamp it finished at now. */
int store_followup_run_save(struct store_conn *c, const struct followup_run_row *r, bool finish,
                            int64_t now);

#endif
