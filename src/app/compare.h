/*
 * compare.h — `ureg compare` (CONTRACT.md, notice §3 and §5 ¶2): one pass over every pending
 * application and every active registration against the loaded reference datasets and against
 * fresh files named on the command line (`--file SOURCE=PATH`), which are streamed and never
 * loaded into ref_record.
 *
 *   - Pending applications get the checks of rules/verify (app/verify's verify_application):
 *     verification rows and investigation tasks, the history kept compact (a check whose result
 *     and evidence did not change adds no row).
 *   - Active registrations get exits: rules/compare says which records end one (hired 11,
 *     business 12, pension 21, custody 25, death 26) and which exit is made; the exit goes
 *     through the exit core's exits_batch (app/exits), source "compare", evidence
 *     {source, event_date, line, import_id | file}, applied or proposed as exit_policy says.
 *
 * How (the join of the benchmark): the active registrations are read once (their pages,
 * then the people's blind indexes, joined by person id in memory: store/compare) into an
 * open-addressing hash keyed by the person's blind index (store/pii) — about 56 bytes a
 * registration; a fresh file is streamed through base/csv with import's row check and reject
 * file (app/dataimport), the blind index computed once per run of rows of the same document
 * number (exports list a person's months together) and not at all for a row whose date cannot
 * qualify for any registration; per registration and source only the earliest qualifying record
 * is kept (rules/compare_offer). Loaded datasets are probed per registration, only for the sources
 * that have rows. Then the registrations with a finding are recorded, COMPARE_BATCH of them to a
 * write transaction (every registration is looked at, COMPARE_BATCH to a transaction, when a loaded
 * dataset is probed).
 *
 * Order and safety: every fresh file's source and header are checked before anything else, and
 * every fresh file is read through before anything is written, so a refused or broken file
 * changes nothing (its bad rows go to its reject file; a row that is rejected is never used).
 * Idempotent: an exited registration is no longer active, an open proposal is kept
 * (exits_propose), an unchanged check adds no row, so a second run changes nothing but its own
 * audit entry. Resumable: each batch commits; a run killed half-way leaves whole batches, and
 * the next run does the rest. "Today" is base/clock's (UREG_NOW under --dev).
 */
#ifndef UREG_APP_COMPARE_H
#define UREG_APP_COMPARE_H

#include "app/access.h"
#include "app/app.h"
#include "app/verify.h"
#include "base/csv.h"
#include "base/err.h"
#include "rules/compare.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define COMPARE_BATCH 5000    /* registrations recorded (or probed) per write transaction */
#define COMPARE_MAX_FILES 8   /* --file options at most */
#define COMPARE_PATH_MAX 4096 /* reject file path */

struct compare_file {
    const char *source; /* rules/verify name; ssc_holders is refused (no exit reads it) */
    const char *path;   /* a CSV as `ureg import` takes */
};

/* What a run has done so far, for a progress display. */
struct compare_progress {
    const char *phase;   /* "applications", "registrations", "file", "recording" */
    int64_t done, total; /* cases, registrations read, bytes of the file, registrations */
};

/*
 * D's hook (false information, issue 9): what comparison found for one case. `found` holds per
 * source the earliest record that qualifies by rules/compare (day 0: none), from the loaded
 * datasets and the fresh files alike; `registered_on` and `today` are base/date days.
 */
struct compare_case_found {
    int64_t registration_id, application_id;
    int32_t registered_on, today;
    const struct compare_found *found;
};

struct compare_opts {
    const struct compare_file *files; /* may be NULL when n_files is 0 */
    int n_files;                      /* 0..COMPARE_MAX_FILES */
    enum csv_encoding encoding;       /* of the fresh files; CSV_AUTO detects */
    int batch;                        /* see COMPARE_BATCH; 0: COMPARE_BATCH */
    bool registrations_only;          /* skip the applications' checks (--registrations-only) */
    /* NULL, or called now and then with the phase and its counts */
    void (*progress)(const struct compare_progress *p, void *arg);
    void *progress_arg;
    /*
     * THE HOOK POINT for false-information flags (helper D): NULL, or called for every active
     * registration for which at least one record was found, inside the run's open write
     * transaction (`c`, the batch's), BEFORE its exit is applied or proposed, with the run's
     * `now`. A negative return rolls the batch back and ends the run with that error. D sets
     * it in cli_cmd_compare (or app_compare_run calls D's function here at merge time).
     */
    int (*on_case)(struct store_conn *c, int64_t now, const struct compare_case_found *f,
                   void *arg);
    void *on_case_arg;
};

struct compare_file_counts {
    int64_t read, rejected, matched; /* data rows; matched: rows of a registered person kept */
    char rejects_path[COMPARE_PATH_MAX];
};

struct compare_result {
    struct compare_counts verify;         /* the applications' checks (registrations 0) */
    int64_t registrations;                /* active registrations compared */
    int64_t found;                        /* of them with a record that ends the registration */
    int64_t applied, proposed, kept;      /* exits applied; proposals opened; open ones kept */
    int64_t skipped;                      /* exited meanwhile, or refused by rules/exit (logged) */
    int64_t by_reason[VERIFY_SRC__COUNT]; /* findings recorded, by the source of the record */
    struct compare_file_counts files[COMPARE_MAX_FILES];
    long stop_line; /* a fresh file that stopped being CSV: its line */
    int bad_file;   /* index of the refused file, or -1 */
};

/*
 * Run the comparison as `by` (the system actor of the CLI) and audit it (dataset.compare, the
 * counts as detail). Returns 0, or (nothing written when a file is at fault):
 *   -ERR_DATASET_SOURCE a file's source unknown or ssc_holders (ec->field "file",
 *   out->bad_file), -ERR_DATASET_FILE unreadable, -ERR_CSV_HEADER its header does not start
 *   id_number,event_date, -ERR_DATASET_REJECTS its reject file cannot be written,
 *   -ERR_CSV_QUOTE / -ERR_CSV_ENCODING / -ERR_CSV_TOO_LONG the file stops being CSV at
 *   out->stop_line; or a store error (batches committed before it stay).
 */
int app_compare_run(struct app *a, const struct actor *by, const struct compare_opts *o,
                    struct compare_result *out, struct err_ctx *ec);

/*
 * For the benchmark's baseline (bench/compare.sh): write every active registration as CSV
 * `registration_id,id_number,registered_on` to `path` (created with mode 0600, replaced if
 * present) — the document numbers IN PLAIN TEXT, as the datasets carry them, so that another
 * tool can make the same join; audited as `by` (compare.export, the count as detail). *n gets
 * the rows written. -ERR_DATASET_REJECTS when the file cannot be written (its message names a
 * file to write), or a store error.
 */
int app_compare_export(struct app *a, const struct actor *by, const char *path, int64_t *n);

#endif
