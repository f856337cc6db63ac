/*
 * exit.h — exits of registrations in the store (migration 040): the exit rows and the
 * registration's exit columns, the person's open case released on exit, proposals, the pending
 * notification, and the two policy tables (exit_policy, exit_income_threshold).
 *
 * Every function runs inside the caller's transaction and takes the `now` it passes (Unix
 * seconds, stamped as ISO 8601 UTC+8). Reads of a registration take the caller's scope (region
 * prefix) like every case read. Nothing here holds personal data: evidence is the caller's JSON
 * text (codes, dates, record lines), notification text names the reason and the agency only.
 */
#ifndef UREG_STORE_EXIT_H
#define UREG_STORE_EXIT_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* What an exit needs of its registration. Strings from the caller's arena. */
struct exit_reg {
    int64_t id;
    const char *registration_no, *scope_region, *registered_on, *status;
    const char *application_no; /* the application it came from */
    const char *agency_name;    /* "" when the registration names no agency */
    int64_t application_id;
};

/* Registration `id` within `scope`, into *out. -ERR_NOT_FOUND outside it or absent. */
int store_exit_reg_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                       struct exit_reg *out);

/* Registrations ids[0..n) within `scope` (those outside it or absent are not named), fn called
 * for each in id order (strings from `ar`) until it returns non-zero (that value, when negative,
 * is returned). On PostgreSQL their rows are locked until the transaction ends (FOR UPDATE), as
 * SQLite's write transaction holds them: the status read stays true in the caller's transaction,
 * so their close may be store_exit_reg_close_locked. */
int store_exit_regs_get(struct store_conn *c, const char *scope, const int64_t *ids, size_t n,
                        struct arena *ar, int (*fn)(const struct exit_reg *r, void *arg),
                        void *arg);

/* The n ids the next n exit_event inserts of this write transaction take (ids[0..n)), for
 * inserts that name their id (exit_row.id) and so need not wait for it. */
int store_exit_ids_take(struct store_conn *c, size_t n, int64_t *ids);

struct exit_row {
    int64_t id, registration_id, decided_by, reverted_by; /* 0: none */
    const char *scope_region, *reason_code, *subkind, *exit_date, *source, *evidence, *note;
    const char *decided_at, *reverted_at, *revert_reason; /* reverted_*: NULL in force */
    bool notify;
};

/* Insert an exit stamped `now_unix` (decided_at); *id gets its id: e->id when it is set (an id
 * of store_exit_ids_take; then the insert is store_q_later's), else the new row's. -ERR_CONFLICT
 * when the registration has an exit in force already. */
int store_exit_insert(struct store_conn *c, const struct exit_row *e, int64_t now_unix,
                      int64_t *id);

/* Mark registration `id` exited with the exit's reason, date, note and notified (0 pending, -1
 * none owed). -ERR_CONFLICT when it is not active (nothing changed). */
int store_exit_reg_close(struct store_conn *c, int64_t id, const char *reason, const char *date,
                         const char *note, int notified);
/* The same for a registration the caller read active through store_exit_regs_get in this
 * transaction (so locked): the update is store_q_later's, not waited for. */
int store_exit_reg_close_locked(struct store_conn *c, int64_t id, const char *reason,
                                const char *date, const char *note, int notified);

/* Release the person's open case held by registration `id` (person_open), so that they may apply
 * again. 0 also when there was none. */
int store_exit_release_open(struct store_conn *c, int64_t id);

/* The exit in force of registration `registration_id`, strings from `ar`. -ERR_NOT_FOUND. */
int store_exit_in_force(struct store_conn *c, int64_t registration_id, struct arena *ar,
                        struct exit_row *out);

struct exit_proposal_row {
    int64_t id, registration_id, decided_by, exit_id; /* 0: none */
    const char *scope_region, *reason_code, *subkind, *exit_date, *source, *evidence, *status;
    const char *proposed_at, *decided_at, *decision_note;
};

/* Open a proposal stamped `now_unix`, unless one is open for the registration and reason: then
 * *id is that one's and *created false. */
int store_exit_propose(struct store_conn *c, const struct exit_proposal_row *p, int64_t now_unix,
                       int64_t *id, bool *created);

/* Close the open proposals of a registration that exit `exit_id` ended: the one for `reason`
 * confirmed, the others dismissed (note "superseded"), all naming the exit, decided by `by` (0:
 * the system). */
int store_exit_proposals_close(struct store_conn *c, int64_t registration_id, const char *reason,
                               int64_t exit_id, int64_t by, int64_t now_unix);

/* The pending notification of exit `exit_id` (one per exit: -ERR_CONFLICT for a second). */
int store_notification_insert(struct store_conn *c, int64_t exit_id, int64_t registration_id,
                              const char *scope_region, const char *channel, const char *text,
                              int64_t now_unix);

/* exit_policy's mode of `reason` into out ("auto" or "propose"; "propose" when it has no row). */
int store_exit_policy_mode(struct store_conn *c, const char *reason, char out[8]);

/* Set exit_policy's mode of `reason` (inserted or replaced). */
int store_exit_policy_set(struct store_conn *c, const char *reason, const char *mode,
                          int64_t now_unix);

/* Call fn for every exit_policy row in code order. Returns the count or a negative error. */
int store_exit_policy_list(struct store_conn *c,
                           int (*fn)(const char *reason, const char *mode, void *arg), void *arg);

/* The stable-income threshold (yuan a month) of the longest prefix of `region` that has one, into
 * *yuan; 0 when none has. */
int store_income_threshold(struct store_conn *c, const char *region, int64_t *yuan);

/* Set the threshold of `region` (inserted or replaced). */
int store_income_threshold_set(struct store_conn *c, const char *region, int64_t yuan,
                               int64_t now_unix);

#endif
