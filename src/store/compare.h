/*
 * compare.h (store) — the reads `ureg compare` makes beyond store/dataset's: the active
 * registrations in key-set pages (the comparison's hash is built from them), whether a source
 * has any rows in ref_record at all (sources without rows are not probed), and the latest
 * verification row of an application's check (a result that did not change adds no row).
 *
 * Scope: system reads over every region, only called by `ureg compare` (app/compare).
 * Load: the registration pages are one indexed range read per page (primary key order, status
 * filter), and the people's blind indexes another range read per page (see
 * store_compare_keys_page); the caller joins the two. The other reads are point
 * probes.
 */
#ifndef UREG_STORE_COMPARE_H
#define UREG_STORE_COMPARE_H

#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One active registration as the comparison needs it. */
struct compare_reg_row {
    int64_t id;                /* registration.id */
    int64_t application_id;    /* its application */
    int64_t person_id;         /* its person (store_compare_keys_page gives the blind index) */
    const char *registered_on; /* YYYY-MM-DD, valid during the callback */
};

/*
 * SYSTEM read: call fn for up to `max` active registrations with id > after_id in id order.
 * fn returning non-zero stops the page. Returns how many were visited (0 at the end) or a
 * negative error.
 */
int store_compare_regs_page(struct store_conn *c, int64_t after_id, int max,
                            int (*fn)(const struct compare_reg_row *r, void *arg), void *arg);

/* Where the next page of people starts; zero it for the first page. */
struct compare_keys_cursor {
    int64_t id;    /* PostgreSQL: person id order */
    char key[128]; /* SQLite: blind index order (a longer legacy key, cut here, sorts before
                    * itself: its page is read again, never skipped) */
};

/*
 * SYSTEM read: call fn(person id, blind index) for up to `max` people after the cursor, and move
 * the cursor past them. The order is each backend's cheapest: on SQLite the blind index's order
 * (person_key's unique index holds the id: the person rows are not read), on PostgreSQL the id's
 * (the heap in its physical order; through the person_key index every row is a random heap
 * read). The key is valid during the callback; fn returning non-zero stops the page. Returns
 * how many were visited or a negative error.
 */
int store_compare_keys_page(struct store_conn *c, struct compare_keys_cursor *cur, int max,
                            int (*fn)(int64_t person_id, const char *person_key, void *arg),
                            void *arg);

/* Whether ref_record holds any row of `source`: 1, 0, or a negative error. */
int store_compare_source_has_rows(struct store_conn *c, const char *source);

/*
 * The latest verification row of (application_id, check_name): returns 1 with its result copied
 * into result[rsz] and its evidence JSON text into *evidence (malloc'd, the caller frees), 0
 * when there is none (*evidence NULL), or a negative error.
 */
int store_verification_last(struct store_conn *c, int64_t application_id, const char *check_name,
                            char *result, size_t rsz, char **evidence);

/*
 * SYSTEM read for the benchmark's baseline (`ureg compare --export-registrations`): call fn
 * for up to `max` active registrations with id > after_id in id order with the person's
 * document number decrypted (store/pii; valid during the callback). Returns how many were
 * visited, or a negative error (-ERR_PII_DECRYPT when a number does not open).
 */
int store_compare_regs_plain_page(struct store_conn *c, int64_t after_id, int max,
                                  int (*fn)(int64_t reg_id, const char *id_number,
                                            const char *registered_on, void *arg),
                                  void *arg);

#endif
