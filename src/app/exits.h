/*
 * exits.h — the exit core (注销, notice §5 ¶2): applying an exit, proposing one, and a batch's
 * finding (applied or proposed as exit_policy says). Every use case that ends a registration —
 * a caseworker's exit, a confirmed proposal, `ureg compare`, `ureg followup run` — goes through
 * exits_apply, so the rules (rules/exit), the rows and the audit entry are the same whoever asks.
 *
 * These functions run INSIDE the caller's open write transaction (the caller opens it, audits its
 * own use case if it has one, and ends it with store_tx_end); exits_apply audits the exit itself
 * ("registration.exit"). An exit:
 *   - checks rules/exit (reason, who, subkind, date, evidence; 13 against the region's threshold);
 *   - marks the registration exited, records the exit_event row (evidence as given, no personal
 *     data), releases the person's open case (they may apply again: the notice's 重新登记);
 *   - closes the registration's open proposals: the one for the same reason becomes confirmed
 *     (with the exit's id), the others dismissed ("superseded");
 *   - queues one pending notification (channel sms, the text naming the reason and the agency,
 *     no personal data) unless the reason is one the notice exempts (rules/exit_notifies); the
 *     registration's exit_notified is then 0 until the notifier sends it, NULL when none is owed.
 * Load: a handful of indexed statements per exit.
 */
#ifndef UREG_APP_EXITS_H
#define UREG_APP_EXITS_H

#include "app/access.h"
#include "app/app.h"
#include "base/err.h"
#include "base/json.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct exit_new {
    const char *reason_code, *subkind; /* subkind "" unless 24 */
    int32_t date;                      /* base/date day number */
    const char *note;                  /* "" allowed (90 needs one) */
    json_t *evidence;                  /* borrowed; NULL or {} allowed; never personal data */
    const char *source;                /* "caseworker" | "proposal" | "compare" | "followup" */
};

/*
 * Exit registration `registration_id` (active, within by->scope) as of `now` (Unix seconds; its
 * UTC+8 day is today). source "caseworker" is checked as a caseworker's exit; "compare",
 * "followup", "self_report" and "proposal" (a batch's proposal confirmed: its evidence is the
 * batch's record) as a batch's. *exit_id (may be NULL) gets the exit's id. Returns 0;
 * -ERR_NOT_FOUND (absent or outside the scope), -ERR_REGISTRATION_EXITED (not active), or
 * rules/exit's errors with ec->field (nothing written: the caller rolls back).
 */
int exits_apply(struct store_conn *c, const struct actor *by, int64_t now, int64_t registration_id,
                const struct exit_new *e, int64_t *exit_id, struct err_ctx *ec);

/* One exit asked of exits_apply_many, and its outcome. */
struct exits_item {
    int64_t registration_id;
    const struct exit_new *e;
    int rc;          /* out: 0 applied, or why refused: exits_apply's errors */
    int64_t exit_id; /* out: the exit's id when applied */
};

/*
 * exits_apply of items[0..n) (in ascending registration id) in the caller's transaction, writing
 * the same rows in the same order as n calls would, but reading the n registrations and their
 * applications once (locked until the transaction ends), taking the n exits' ids at once and
 * sending every write without waiting for it (store_q_later): a handful of round trips for n
 * exits on PostgreSQL. A refused item writes nothing and gets its error in rc (the others go on);
 * a store error is returned (the caller rolls back: nothing of the n is written).
 */
int exits_apply_many(struct store_conn *c, const struct actor *by, int64_t now,
                     struct exits_item *items, size_t n);

/*
 * Open a proposal for registration `registration_id` (active; source "compare", "self_report" or
 * "followup"), checked as a batch's exit. When one is open for the same reason it is kept:
 * *proposal_id is its id and *created false. Same errors as exits_apply.
 */
int exits_propose(struct store_conn *c, int64_t now, int64_t registration_id,
                  const struct exit_new *e, int64_t *proposal_id, bool *created,
                  struct err_ctx *ec);

/* Whether exit_policy lets a batch apply `reason_code` itself ("auto"); false on any error. */
bool exits_auto(struct store_conn *c, const char *reason_code);

/*
 * A batch's finding: exits_apply when exits_auto(reason), else exits_propose. *applied (may be
 * NULL) tells which. Errors as those two.
 */
int exits_batch(struct store_conn *c, const struct actor *by, int64_t now, int64_t registration_id,
                const struct exit_new *e, bool *applied, struct err_ctx *ec);

/*
 * Private to src/app/: queue the upload of registration r's exit (reason and day) or, with both
 * NULL, of its revert, for the national platform (app/exchange's outbox), in the caller's
 * transaction. An exit revert (helper of the revert use case) calls it with NULLs.
 */
struct exit_reg;
struct arena;
int exits__upload(struct store_conn *c, struct arena *ar, const struct exit_reg *r,
                  const char *reason, const char *day, int64_t now);

/* `ureg policy exit REASON auto|propose`: set exit_policy for a reason a batch can find (one of
 * rules/exit's with EXIT_BY_BATCH). Audited as `by`. -ERR_EXIT_REASON, -ERR_FIELD_INVALID (mode).
 */
int app_exit_policy_set(struct app *a, const struct actor *by, const char *reason, const char *mode,
                        struct err_ctx *ec);

/* Every exit_policy row in code order, for `policy show`. Returns the count or an error. */
int app_exit_policy_list(struct app *a, int (*fn)(const char *reason, const char *mode, void *arg),
                         void *arg);

/* `ureg policy income REGION YUAN`: the stable-income threshold of exit reason 13 for a region
 * (a known region code; 1..1000000 yuan a month). Audited. -ERR_REGION_INVALID, -ERR_FIELD_INVALID.
 */
int app_exit_income_set(struct app *a, const struct actor *by, const char *region, int64_t yuan,
                        struct err_ctx *ec);

#endif
