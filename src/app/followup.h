/*
 * followup.h — the monthly follow-up (人社厅发〔2020〕3号 §5 ¶1 定期联系, ¶2 (三)): the counters of
 * a registration (rules/followup, derived from its contacts and services each time, never stored),
 * the cached day of its next contact, `ureg followup run`, and the applicant's self-report.
 *
 * `ureg followup run` walks every active registration as of now (the development clock under
 * --dev), in id batches of their own transactions: the counters, the counter exits 31 and 32
 * (exit_policy's mode for each, read once per run: auto applies the exit as exits_batch does,
 * propose opens a proposal; source "followup", evidence the contacts behind the counter), and the
 * next contact's cached day rewritten where it differs from the derivation. Progress is a
 * followup_run row saved with each batch: a killed run is resumed by the next one. A second run
 * changes nothing (exited registrations are no longer active, an open proposal is kept, the
 * cached days are equal). One audit entry per finished run (followup.run) besides the exits'.
 */
#ifndef UREG_APP_FOLLOWUP_H
#define UREG_APP_FOLLOWUP_H

#include "app/access.h"
#include "app/app.h"
#include "base/err.h"
#include "rules/followup.h"

#include <stdbool.h>
#include <stdint.h>

struct store_conn;

struct followup_counts {
    int64_t checked;       /* active registrations looked at (this run, resumed part included) */
    int64_t exits;         /* counter exits applied (31 and 32) */
    int64_t proposals;     /* counter exits proposed (new proposals only) */
    int64_t due_corrected; /* cached next-contact days written because they differed */
    int64_t due;           /* registrations whose next contact is due today or overdue */
    int64_t overdue;       /* ... of them, overdue (due before today) */
    int64_t skipped;       /* counter exits the exit rules refused (logged) */
    bool resumed;          /* the run went on from a killed one */
};

/*
 * `ureg followup run` as `by` (the CLI's system actor), `batch` registrations per transaction
 * (1..10000). show(done, total, arg) is called after each batch (may be NULL). Fills *out.
 * Returns 0 or a store error (the batch in progress is rolled back; a new run resumes).
 */
int app_followup_run(struct app *a, const struct actor *by, int batch,
                     void (*show)(int64_t done, int64_t total, void *arg), void *arg,
                     struct followup_counts *out);

/*
 * The counters of active-or-not registration `registration_id` made on `registered_on`, as of
 * today, with the tier's `contact_days` (0: the policy's). Read on c (any transaction state).
 */
int app__followup_counters(struct app *a, struct store_conn *c, int64_t registration_id,
                           int32_t registered_on, int contact_days, struct followup_counters *out);

/*
 * Rewrite the cached next contact day of the active registration `registration_id` from the
 * derivation, inside c's open write transaction (after a contact or a tier change). A
 * registration no longer active is left alone.
 */
int app__followup_refresh(struct app *a, struct store_conn *c, int64_t registration_id);

/* A self-report as the applicant gives it (strings borrowed; note and employer may be ""). */
struct followup_report {
    const char *kind; /* code table self_report_kind: job_search | training | employed */
    int32_t date;     /* the day it happened: not future, not before the registration */
    const char *note;
    const char *employer; /* required (1..200 characters) when kind is employed */
};

/*
 * The applicant of application `no` (checked with its `query_code`, as the status query) reports
 * (notice §5 ¶1 鼓励登记失业人员主动报告): a contact (method self_report, result reached) with the
 * kind, and for "employed" an exit proposal for reason 11 (source self_report, evidence the
 * employer, the contact and its day) for the caseworker to confirm. Audited
 * registration.self_report. *contact_id gets the contact, *proposal_id the proposal (0: none).
 * -ERR_NOT_FOUND (no such application, wrong code, not registered), -ERR_REGISTRATION_EXITED,
 * field errors with ec->field.
 */
int app_followup_self_report(struct app *a, const struct actor *by, const char *no,
                             const char *query_code, const struct followup_report *r,
                             int64_t *contact_id, int64_t *proposal_id, struct err_ctx *ec);

#endif
