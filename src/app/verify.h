/*
 * verify.h (app) — verification by comparison as a use case: run every check of rules/verify
 * for one application against the loaded reference datasets, store the results with their
 * evidence, and open an investigation task for each result the data cannot decide;  and
 * the applications' part of `ureg compare` (app/compare; registrations get exits there).
 *
 * Results (notice §3): pass, fail, unknown, one verification row per check when its result or
 * evidence changed since the check's latest row (the history is kept compact), with the
 * dataset the evidence comes from and the evidence as a JSON object
 *   {"source","event_date","line","extra","import_id","basis"}
 * (the first five only when a record is the evidence; `basis` always: rules/verify's code for
 * why). A fail is shown to the caseworker with its evidence and the decision stays human; an
 * unknown opens a task (kind 'investigation') in the application's region, one open task per
 * application and check however often the comparison runs.
 *
 * Load: one call per online submission, inside its transaction: one read of the loaded
 * sources, seven indexed probes of ref_record (one per source, by primary key prefix), five
 * probes of the latest row per check, at most five inserts and five task probes. `ureg compare`
 * makes the same calls for every pending application, 1000 per transaction.
 */
#ifndef UREG_APP_VERIFY_H
#define UREG_APP_VERIFY_H

#include "app/access.h"
#include "app/app.h"
#include "store/db.h"

#include <stdint.h>

#define VERIFY_COMPARE_BATCH 1000 /* cases per transaction in `ureg compare` */

struct verify_summary {
    int pass, fail, unknown, tasks_opened;
    int tasks_closed; /* investigation tasks closed because comparison now decides the check */
};

/*
 * Run every check for one application inside the CALLER's open write transaction (intake calls
 * it right after inserting the application, in the same transaction; `ureg compare` calls it
 * for each pending application). `person_key` is the person's
 * rules/idnum key, `unemployed_since` a base/date day number, `now` the caller's clock reading
 * (Unix seconds: its day, UTC+8, is "today" for the checks, and every row written is stamped
 * with it). Stores one verification row per check whose result or evidence changed and, for
 * each unknown result, opens an
 * investigation task with `scope_region` unless an open one exists for that application and
 * check. *out (may be NULL) gets the counts of this call. Returns 0 or a negative error (the caller
 * rolls back).
 */
int verify_application(struct store_conn *c, int64_t application_id, const char *person_key,
                       int32_t unemployed_since, const char *scope_region, int64_t now,
                       struct verify_summary *out);

struct compare_counts {
    int64_t checked; /* applications and registrations compared */
    int64_t applications, registrations;
    int64_t pass, fail, unknown, tasks_opened; /* summed over every check of every case */
    int64_t tasks_closed; /* investigations closed because comparison now decides them */
};

/*
 * The applications' part of `ureg compare` (app/compare): verify every application in status
 * pending_review as of `now`, in transactions of VERIFY_COMPARE_BATCH cases on the caller's
 * connection (no transaction open). A case whose stored unemployed_since is not a date is
 * skipped with a log line (never expected: intake validates it). `progress` (may be NULL) is
 * called after each committed batch with the cases checked so far. Counts are added to *out.
 * Returns 0 or a negative error; batches committed before an error stay.
 */
int verify_compare_pending(struct store_conn *c, int64_t now, struct compare_counts *out,
                           void (*progress)(int64_t checked, void *arg), void *arg);

#endif
