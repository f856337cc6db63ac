/*
 * dataset.h — reference datasets (ref_import, ref_record), verification results and
 * investigation tasks, and the system batches `ureg compare` walks.
 *
 * ref_record holds one row per distinct (source, person_key, event_date, extra), stored in its
 * primary key (WITHOUT ROWID on SQLite, migration 005): the key makes a re-import of the same
 * rows add nothing (INSERT ... ON CONFLICT DO NOTHING), and serves the one lookup verification
 * makes, "WHERE source = $1 AND person_key = $2", as a range probe of that b-tree — never a
 * scan, at tens of millions of rows. A row keeps the import and the line it first came from, so
 * evidence can point back into the operator's file. person_key is the blind index of the
 * document key (store/pii): the functions below take either the plain key (rules/idnum) or its
 * index; an import computes the index itself, so that it can sort its rows in the table's order.
 *
 * Load: an import inserts 10 million rows in batches of 50,000 per transaction (the caller's);
 * every online submission makes seven record probes, one read of the loaded sources, five
 * verification inserts and at most five task probes, inside the submission's transaction.
 *
 * Scope: ref_* rows are reference data, not cases, and carry no region. The case reads below
 * are system batches over every region: they say `system` in their names and are only called by
 * `ureg compare`.
 */
#ifndef UREG_STORE_DATASET_H
#define UREG_STORE_DATASET_H

#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- ref_import ------------------------------------------------------------------------ */

/* Start an import of `source` from `file_name` (a base name) with the file's SHA-256 (64 hex
 * digits): insert its ref_import row, stamped now and unfinished; *id gets the row id. */
int store_ref_import_begin(struct store_conn *c, const char *source, const char *file_name,
                           const char *sha256, int64_t *id);

/* Record the counts of import `id`; with `finished` also stamp finished_at (the import read the
 * whole file: its source now counts as loaded). */
int store_ref_import_update(struct store_conn *c, int64_t id, int64_t loaded, int64_t rejected,
                            bool finished);

/*
 * The latest finished import of the same file (same source and SHA-256): returns 1 with *id
 * and its finished_at copied into `at` (atsz bytes, truncated), 0 when there is none, or a
 * negative error.
 */
int store_ref_import_find(struct store_conn *c, const char *source, const char *sha256, int64_t *id,
                          char *at, size_t atsz);

/* Call fn for each source with at least one finished import. Returns how many or an error. */
int store_ref_loaded_each(struct store_conn *c, int (*fn)(const char *source, void *arg),
                          void *arg);

/* --- ref_record ------------------------------------------------------------------------ */

/*
 * Insert one record unless the same (source, person_key, event_date, extra) is present.
 * event_date is "YYYY-MM-DD"; extra is `extra_len` bytes of CSV text ("" for none). Returns 1
 * when inserted, 0 when it was already there, or a negative error.
 */
int store_ref_record_put(struct store_conn *c, const char *source, const char *person_key,
                         const char *event_date, const char *extra, size_t extra_len,
                         int64_t import_id, long line);

struct ref_record_row {
    const char *source, *event_date, *extra; /* valid during the callback only */
    int64_t import_id;
    long line;
};

/*
 * Call fn for every record of `person_key` in `source`, latest event first (then by extra,
 * descending: the primary key read backwards, no sort).
 * Stops when fn returns non-zero. Returns the number visited or a negative error.
 */
int store_ref_record_each(struct store_conn *c, const char *source, const char *person_key,
                          int (*fn)(const struct ref_record_row *r, void *arg), void *arg);

/* --- verification and tasks ------------------------------------------------------------- */

/* Append one verification row (result "pass" | "fail" | "unknown"; source "" for none;
 * evidence a JSON object text), stamped `now_unix` (the caller's clock reading). */
int store_verification_add(struct store_conn *c, int64_t application_id, const char *check_name,
                           const char *result, const char *source, const char *evidence,
                           int64_t now_unix);

/*
 * Open an investigation task for the application's check in `scope_region`, unless an open one
 * exists (a unique index over open tasks, migration 004), created at `now_unix`. Returns 1 when
 * opened, 0 when one was already open, or a negative error. (Declared below.)
 */
/*
 * Close the open investigation task of the application's check, if any, because comparison
 * has now decided it (status done, note "decided_by_comparison", closed at `now_unix`).
 * Returns how many were closed (0 or 1) or a negative error.
 */
int store_task_close_decided(struct store_conn *c, int64_t application_id, const char *check_name,
                             int64_t now_unix);

/* Open tasks of an application (all kinds), or a negative error. */
int store_task_open_count(struct store_conn *c, int64_t application_id);

int store_task_open_investigation(struct store_conn *c, int64_t application_id,
                                  const char *scope_region, const char *check_name,
                                  int64_t now_unix);

/* --- system batches for `ureg compare` ------------------------------------------------- */

/* One case to compare: an application and what verification needs of it. */
struct compare_case {
    int64_t key;            /* the row walked: application.id or registration.id */
    int64_t application_id; /* the application verified */
    char person_key[32];
    char unemployed_since[16]; /* YYYY-MM-DD */
    char scope_region[16];
};

/*
 * SYSTEM batch, every region: up to `max` applications in status pending_review with id >
 * after_id, in id order, into out[]. Returns how many (0 at the end) or a negative error.
 */
int store_app_pending_batch_system(struct store_conn *c, int64_t after_id, struct compare_case *out,
                                   int max);

/*
 * SYSTEM batch, every region: up to `max` active registrations with id > after_id, in id order,
 * with their application's unemployed_since and the person's key. Returns as above.
 */
int store_reg_active_batch_system(struct store_conn *c, int64_t after_id, struct compare_case *out,
                                  int max);

#endif
