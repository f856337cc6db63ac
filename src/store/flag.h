/*
 * flag.h — false-information flags and credit records in the store (false_info_flag,
 * credit_record; migration 044). Reads are scoped like every case read: the caller's
 * jurisdiction prefix against the flag's scope_region, else -ERR_NOT_FOUND. Writes take the
 * caller's clock reading and run inside its write transaction. The only personal datum read is
 * the person's name, masked here (store_person_name_masked) before it leaves the store.
 */
#ifndef UREG_STORE_FLAG_H
#define UREG_STORE_FLAG_H

#include "base/arena.h"
#include "store/db.h"

#include <stdint.h>

/* What a flag needs to know of the case it is raised on. */
struct flag_case {
    int64_t registration_id; /* 0: not registered */
    char commitment_at[40];  /* the promise's timestamp (clock_format) */
    char scope_region[16];
};

/* The case of application `application_id` (no scope: the caller is the comparison).
 * -ERR_NOT_FOUND when absent. */
int store_flag_case(struct store_conn *c, int64_t application_id, struct flag_case *out);

/* 1 when a flag for (application, check) is open or confirmed, or was dismissed with the same
 * evidence_key; 0 otherwise; or a negative error. */
int store_flag_known(struct store_conn *c, int64_t application_id, const char *check,
                     const char *evidence_key);

/* Insert an open flag; *id gets its id (-ERR_CONFLICT when one is open for the pair). */
int store_flag_insert(struct store_conn *c, int64_t application_id, int64_t registration_id,
                      const char *scope_region, const char *check, const char *evidence,
                      const char *evidence_key, int64_t now, int64_t *id);

struct flag_row {
    int64_t id, application_id, registration_id, reviewed_by; /* 0 when NULL */
    const char *application_no, *registration_no;             /* registration_no NULL if none */
    const char *scope_region, *check, *evidence, *status, *raised_at, *reviewed_at, *note;
    const char *reviewer; /* username, NULL when not reviewed */
    char name_masked[64]; /* the person's name, masked */
};

/* Flag `id` within `scope`; strings from `ar`. -ERR_NOT_FOUND otherwise. */
int store_flag_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                   struct flag_row *out);

/* Flags within `scope`, newest first, at most `limit`: status "" for all; a non-empty
 * application_no or registration_no narrows to one case. Strings valid during the call; a
 * non-zero fn return stops the walk and is returned. */
int store_flag_each(struct store_conn *c, const char *scope, const char *status,
                    const char *application_no, const char *registration_no, int limit,
                    int (*fn)(const struct flag_row *f, void *arg), void *arg);

/* Move an open flag to `status` (confirmed or dismissed). Returns 1 when moved, 0 when it was
 * not open, or a negative error. */
int store_flag_review(struct store_conn *c, int64_t id, const char *status, int64_t by,
                      const char *note, int64_t now);

struct credit_row {
    int64_t id, flag_id, created_by, decided_by;
    const char *scope_region, *facts, *status, *created_at, *decided_at, *withdraw_reason,
        *exported_at;
    const char *creator, *decider; /* usernames; decider NULL until decided */
    const char *check, *application_no, *registration_no, *evidence; /* of the flag */
};

/* Insert a draft credit record on flag `flag_id`; *id gets its id (-ERR_CONFLICT when a draft
 * or submitted one exists for the flag). */
int store_credit_insert(struct store_conn *c, int64_t flag_id, const char *scope_region,
                        const char *facts, int64_t by, int64_t now, int64_t *id);

/* Credit record `id` within `scope`; strings from `ar`. -ERR_NOT_FOUND otherwise. */
int store_credit_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                     struct credit_row *out);

/* Move credit record `id` from `from` to `to`, stamping decided_by/at (and the reason).
 * Returns 1 when moved, 0 when it was not in `from`, or a negative error. */
int store_credit_move(struct store_conn *c, int64_t id, const char *from, const char *to,
                      int64_t by, const char *reason, int64_t now);

/* Credit records within `scope`, oldest first; status "" for all, flag_id > 0 for one flag's.
 * As store_flag_each. */
int store_credit_each(struct store_conn *c, const char *scope, const char *status, int64_t flag_id,
                      int (*fn)(const struct credit_row *r, void *arg), void *arg);

/* Stamp exported_at on every submitted record within `scope`. */
int store_credit_mark_exported(struct store_conn *c, const char *scope, int64_t now);

#endif
