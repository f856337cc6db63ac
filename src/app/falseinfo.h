/*
 * falseinfo.h (app) — false information (notice §5 ¶1: 对提供虚假信息骗取失业保险待遇、就业创业
 * 扶持政策的，纳入人社信用体系) as use cases.
 *
 * 1. The comparison hook (falseinfo_consider): for each case compared, rules/falseinfo decides
 *    whether the written promise was untrue on the day of applying; each untrue check raises a
 *    flag on the case (the application, and its registration when approved) with its evidence,
 *    unless one is open or confirmed for that application and check, or one with the same
 *    evidence was dismissed (running the comparison again raises nothing new).
 * 2. A caseworker reviews an open flag: confirm (the promise was untrue) or dismiss with a note.
 * 3. On a confirmed flag a caseworker records a credit record (the facts, as draft); a
 *    supervisor submits it to the 人社信用体系 or withdraws it with a reason; submitted records
 *    are exported (CSV UTF-8 with BOM, JSON) for the credit system.
 *
 * Every read takes the caller's scope (404 outside); every write is audited without personal
 * data (ids, checks, decisions); names in lists are masked.
 */
#ifndef UREG_APP_FALSEINFO_H
#define UREG_APP_FALSEINFO_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "rules/verify.h"
#include "store/db.h"
#include "store/flag.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The comparison hook, inside the CALLER's open write transaction: application
 * `application_id` of the person `person_key` (rules/idnum key), claiming unemployment since
 * `unemployed_since` (day number), with the records `recs[0..n)` app/verify read for it as of
 * day `today` of `now` (borrowed; per source newest first down to the first dated on or before
 * today: a source whose needed record lies further back is read again here). *raised (may be
 * NULL) gets how many flags were raised. Returns 0 or a negative store error.
 */
int falseinfo_consider(struct store_conn *c, int64_t now, int64_t application_id,
                       const char *person_key, int32_t unemployed_since,
                       const struct verify_record *recs, size_t n, int *raised);

struct flag_filter {
    const char *status;          /* "", "open", "confirmed", "dismissed" */
    const char *application_no;  /* "" or NULL: any */
    const char *registration_no; /* "" or NULL: any */
    int limit;                   /* 1..500; 0: 100 */
};

struct flag_view {
    struct flag_row flag;
    struct credit_row *credits; /* the flag's credit records, oldest first */
    int n_credits;
};

/* Flags within by's scope, newest first, with their credit records; everything from `ar`.
 * -ERR_FIELD_INVALID "status" or "limit". */
int app_flag_list(struct app *a, const struct actor *by, const struct flag_filter *f,
                  struct arena *ar, struct flag_view **out, int *n, struct err_ctx *ec);

/* Review open flag `id` (caseworker): decision "confirm" or "dismiss" (a note is required to
 * dismiss). -ERR_NOT_FOUND outside scope, -ERR_CONFLICT "status" when it is not open. */
int app_flag_review(struct app *a, const struct actor *by, int64_t id, const char *decision,
                    const char *note, struct err_ctx *ec);

/* Record a draft credit record with `facts` (1..2000 bytes) on confirmed flag `flag_id`
 * (caseworker); *id gets its id. -ERR_CONFLICT "status" when the flag is not confirmed,
 * -ERR_CONFLICT "flag_id" when a live record exists. */
int app_credit_create(struct app *a, const struct actor *by, int64_t flag_id, const char *facts,
                      int64_t *id, struct err_ctx *ec);

/* Supervisor only (else -ERR_FORBIDDEN): submit a draft ("submit"), or withdraw a draft or
 * submitted record with a reason ("withdraw"). -ERR_CONFLICT "status" on a wrong state. */
int app_credit_decide(struct app *a, const struct actor *by, int64_t id, const char *action,
                      const char *reason, struct err_ctx *ec);

enum credit_format { CREDIT_FORMAT_CSV, CREDIT_FORMAT_JSON };

/* Supervisor only: the submitted credit records of by's scope, oldest first, appended to `out`
 * as CSV (UTF-8 with BOM, base/sheet) or a JSON object {items:[...]}; stamps exported_at and
 * audits "credit.export" with the count. */
int app_credit_export(struct app *a, const struct actor *by, enum credit_format fmt,
                      struct buf *out, struct err_ctx *ec);

#endif
