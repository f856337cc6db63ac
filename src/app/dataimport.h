/*
 * dataimport.h — `ureg import SOURCE FILE`: load a reference dataset for verification by
 * comparison (CONTRACT.md).
 *
 * The file is CSV whose header starts with `id_number,event_date`; further columns are kept
 * with each row as `extra` (CSV text). UTF-8 with or without BOM, or GB18030 (detected, or
 * forced). Each row's id_number is normalised to a person_key (rules/idnum, type guessed from
 * its shape) and its event_date read by rules/verify (day and month forms). A row that fails is
 * written to the reject file with its line number and reason code — nothing is dropped silently:
 * read = loaded + duplicates + rejected. A row already present (same source, person, date and
 * extra) is a duplicate and adds nothing, so importing the same file again is idempotent.
 *
 * Streaming with bounded memory (base/csv, and 64 MiB runs of valid rows sorted by the primary
 * key of ref_record and spilled to unlinked temporary files in $TMPDIR, default /tmp, about 60
 * bytes a row), then stored in key order in write transactions of 50,000 rows by default with
 * a prepared statement; progress is reported through a callback. The import is recorded in
 * ref_import (with the file's SHA-256) and audited as the calling actor.
 */
#ifndef UREG_APP_DATAIMPORT_H
#define UREG_APP_DATAIMPORT_H

#include "app/access.h"
#include "app/app.h"
#include "base/clock.h"
#include "base/buf.h"
#include "base/csv.h"
#include "rules/idnum.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define DATAIMPORT_BATCH_ROWS 50000             /* rows per transaction by default */
#define DATAIMPORT_RUN_BYTES ((size_t)64 << 20) /* packed rows sorted in memory at once */
#define DATAIMPORT_PROGRESS_ROWS 8192 /* the progress callback runs every this many rows */
#define DATAIMPORT_PATH_MAX 4096

struct dataimport_progress {
    uint64_t bytes_read, bytes_total; /* of the file (total 0 when unknown) */
    int64_t rows;                     /* data rows read so far */
    bool storing;                     /* reading is over; rows are being stored */
    int64_t stored, to_store;         /* while storing: rows stored, valid rows in all */
    bool done;                        /* the last call */
};

struct dataimport_opts {
    const char *source;         /* "ssc_holders", "insurance", ... (rules/verify) */
    const char *path;           /* a regular file (it is read twice: hash, then rows) */
    const char *rejects_path;   /* NULL: path + ".rejects.csv" */
    enum csv_encoding encoding; /* CSV_AUTO detects */
    int batch_rows;             /* 0: DATAIMPORT_BATCH_ROWS */
    size_t run_bytes;           /* a run sorted in memory; 0: DATAIMPORT_RUN_BYTES */
    /* NULL, or called every DATAIMPORT_PROGRESS_ROWS rows read and stored, and once at the end */
    void (*progress)(const struct dataimport_progress *p, void *arg);
    void *progress_arg;
};

struct dataimport_result {
    int64_t import_id;                          /* the ref_import row; 0 if none was made */
    int64_t read, loaded, duplicates, rejected; /* data rows (the header is not counted) */
    bool complete;                              /* the whole file was read */
    long stop_line;                 /* when the CSV could not be read on: its line, else 0 */
    int64_t previous_id;            /* an earlier finished import of the same file, or 0 */
    char previous_at[CLOCK_STRLEN]; /* its finished_at */
    char sha256[65];                /* of the file, hex */
    enum csv_encoding encoding;     /* what was read: CSV_UTF8 or CSV_GB18030 */
    char rejects_path[DATAIMPORT_PATH_MAX];
};

/*
 * Import the file. Returns 0 when the whole file was read (rejected rows included: they are
 * counted and written to the reject file, whose header is `line,reason,` + the file's header,
 * UTF-8 with a BOM for Excel; the reject file is always written, with the header alone when
 * nothing was rejected). Errors, with *out filled as far as the import went:
 *   -ERR_DATASET_SOURCE unknown source; -ERR_DATASET_FILE the file cannot be read or is not a
 *   regular file; -ERR_CSV_HEADER empty file or a header not starting id_number,event_date;
 *   -ERR_DATASET_REJECTS the reject file cannot be written or is the input itself;
 *   -ERR_CSV_QUOTE / -ERR_CSV_ENCODING / -ERR_CSV_TOO_LONG the file stops being readable CSV at
 *   out->stop_line: the rows before it are loaded and committed, the line is written to the
 *   reject file, the import stays unfinished (its source does not count as loaded through it);
 *   fix the file and import it again — the rows already loaded become duplicates;
 *   -ERR_IO a temporary run cannot be written or read back ($TMPDIR full): nothing is stored;
 *   -ERR_INTERNAL a database failure: the current batch is rolled back, earlier batches stay.
 */
int app_dataimport_run(struct app *a, const struct actor *by, const struct dataimport_opts *o,
                       struct dataimport_result *out);

/* --- shared with `ureg compare --file` (app/compare): the same rows valid, the same rejects -- */

/* The header a dataset must start with. */
#define DATAIMPORT_HEADER_COLS 2
extern const char *const dataimport_header[DATAIMPORT_HEADER_COLS]; /* id_number, event_date */

/*
 * Check one data row as an import does: `n_cols` fields (the header's count), the id_number a
 * valid document number as of `today` (rules/idnum, type guessed from its shape) into *id, the
 * event_date a dataset date (rules/verify) into *day. Returns 0 or the reason code the reject
 * file names (-ERR_CSV_FIELDS, rules/idnum's, -ERR_DATASET_DATE).
 */
int dataimport_row_parse(const struct csv_record *rec, size_t n_cols, int32_t today,
                         struct idnum *id, int32_t *day);

/*
 * Open the reject file of `input`: `rejects_path`, or NULL for input + ".rejects.csv" (its name
 * into path_out[path_sz]), refusing the input itself, and write its header (`line,reason,` +
 * the file's header, UTF-8 BOM). Returns the stream (the caller fcloses it) or NULL with
 * *err = -ERR_DATASET_REJECTS.
 */
FILE *dataimport_rejects_open(const char *input, const char *rejects_path, char *path_out,
                              size_t path_sz, const struct csv_record *header, int *err);

/* Write one reject line (line, reason code, the row's fields when rec is not NULL), using
 * `scratch` as the line buffer. Returns 0 or -ERR_DATASET_REJECTS. */
int dataimport_reject_write(FILE *rejects, struct buf *scratch, long line, int why,
                            const struct csv_record *rec);

#endif
