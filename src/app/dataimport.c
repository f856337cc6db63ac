/*
 * dataimport.c — `ureg import`: reference datasets into ref_record. See dataimport.h.
 *
 * Three steps. (1) SHA-256 of the file (libsodium, 1 MiB reads), so the import can say that the
 * same file was loaded before. (2) Read: base/csv streams the rows; each is validated (rejects
 * go to the reject file at once, in line order) and the valid ones are packed into a run in
 * memory; a full run (64 MiB) is sorted by the primary key of ref_record and written to an
 * unlinked temporary file in $TMPDIR (about 60 bytes a row). (3) Store: the runs are merged
 * and the rows inserted in key order through one cached prepared INSERT ... ON CONFLICT DO
 * NOTHING, BATCH rows per write transaction.
 *
 * Why sort: the primary key (source, person_key, event_date, extra) is a b-tree. Rows in file
 * order (a monthly export, people in any order) land on random leaf pages, so each transaction
 * dirties tens of thousands of pages, and each commit writes all of them to the WAL and the
 * checkpoint writes them again: 10 million shuffled rows took 14 minutes. In key order each
 * transaction fills or touches a contiguous stretch of pages. Why batches: neither one giant
 * transaction (the WAL would grow by gigabytes and online submissions, which wait at most 10 s
 * for the write lock, would fail) nor one fsync per row (synchronous=FULL).
 *
 * Measured (2 shared cores, gcc -O2, SQLite 3.40, WAL, synchronous=FULL, 64 MiB page cache,
 * database, CSV and runs on one virtual disk under /tmp; a 438 MB file of 10,000,000 insurance
 * rows: 833,334 valid resident ID numbers × 12 contribution months YYYYMM plus two columns,
 * shuffled within each month as a monthly export is): 77 s, about 130,000 rows a second, into
 * an empty ref_record (784 MB); the same file again 59 s (170,000 rows a second, every row a
 * duplicate). Before sorting, with the rows inserted in file order: 14 minutes (12,000 rows a
 * second). CPU-bound now: SQLite's b-tree insert, the sort and the CSV parse, in that order.
 */
#include "app/dataimport.h"

#include "app/app_priv.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/idnum.h"
#include "rules/verify.h"
#include "store/dataset.h"
#include "store/pii.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const dataimport_header[DATAIMPORT_HEADER_COLS] = {"id_number", "event_date"};

/* --- the file -------------------------------------------------------------------------- */

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
    unsigned char *b = xmalloc(cap);
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

/* --- packed rows, runs and the merge ---------------------------------------------------- */

/*
 * A valid row, packed: line (8 bytes), day (4), extra length (4), key length (1), then the
 * person_key and the extra column bytes. Fields are copied with memcpy (no alignment needed).
 */
#define DATAIMPORT__HDR 17

struct dataimport__row {
    int64_t line;
    int32_t day;
    uint32_t extra_len;
    uint8_t key_len;
    const unsigned char *key, *extra;
};

static void dataimport__unpack(const unsigned char *p, struct dataimport__row *r)
{
    memcpy(&r->line, p, 8);
    memcpy(&r->day, p + 8, 4);
    memcpy(&r->extra_len, p + 12, 4);
    r->key_len = p[16];
    r->key = p + DATAIMPORT__HDR;
    r->extra = r->key + r->key_len;
}

static size_t dataimport__packed_size(const unsigned char *p)
{
    uint32_t extra_len;
    memcpy(&extra_len, p + 12, 4);
    return DATAIMPORT__HDR + p[16] + extra_len;
}

/* Byte-wise like SQLite's BINARY collation: memcmp, then the shorter first. */
static int dataimport__bytes_cmp(const unsigned char *a, size_t na, const unsigned char *b,
                                 size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

/* The order of ref_record's primary key (the source is the same for the whole import; a day
 * number orders as its YYYY-MM-DD text), then the line, so a row repeated in the file is stored
 * with its first line. */
static int dataimport__cmp(const unsigned char *pa, const unsigned char *pb)
{
    struct dataimport__row a, b;
    dataimport__unpack(pa, &a);
    dataimport__unpack(pb, &b);
    int c = dataimport__bytes_cmp(a.key, a.key_len, b.key, b.key_len);
    if (!c)
        c = (a.day > b.day) - (a.day < b.day);
    if (!c)
        c = dataimport__bytes_cmp(a.extra, a.extra_len, b.extra, b.extra_len);
    if (!c)
        c = (a.line > b.line) - (a.line < b.line);
    return c;
}

/*
 * What the in-memory sort moves: the row's offset in the run and a prefix of its sort key —
 * the person_key's bytes 0-7, 8-15 and 16-19 (big-endian, zero-padded; the key is the blind
 * index, 20 bytes, store/pii) and the day, offset so that it orders
 * as unsigned. That decides every comparison but those of one person on one day, without
 * touching the rows themselves, which are scattered over the run (cache misses).
 */
struct dataimport__slot {
    uint64_t k0, k1, k2;
    size_t off;
};

static uint64_t dataimport__be64(const char *s, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v = v << 8 | (i < n ? (unsigned char)s[i] : 0u);
    return v;
}

static int dataimport__slot_cmp(const void *x, const void *y, void *base)
{
    const struct dataimport__slot *a = x, *b = y;
    if (a->k0 != b->k0)
        return a->k0 < b->k0 ? -1 : 1;
    if (a->k1 != b->k1)
        return a->k1 < b->k1 ? -1 : 1;
    if (a->k2 != b->k2)
        return a->k2 < b->k2 ? -1 : 1;
    const unsigned char *p = base;
    return dataimport__cmp(p + a->off, p + b->off);
}

/* A sorted run being merged: in a temporary file, or the last one still in memory. */
struct dataimport__cursor {
    FILE *f;                              /* NULL: in memory */
    const struct dataimport__slot *slots; /* memory: sorted */
    const unsigned char *base;
    size_t i, n;              /* next record, records in the run */
    struct buf cur;           /* file: the current record */
    const unsigned char *rec; /* the current record, NULL when the run is exhausted */
};

/* Advance to the next record. -ERR_IO when a temporary file cannot be read back. */
static int dataimport__cursor_next(struct dataimport__cursor *k)
{
    k->rec = NULL;
    if (k->i >= k->n)
        return 0;
    k->i++;
    if (!k->f) {
        k->rec = k->base + k->slots[k->i - 1].off;
        return 0;
    }
    unsigned char hdr[DATAIMPORT__HDR];
    if (fread(hdr, 1, sizeof hdr, k->f) != sizeof hdr)
        return -ERR_IO;
    size_t n = dataimport__packed_size(hdr);
    buf_reset(&k->cur);
    buf_reserve(&k->cur, n);
    memcpy(k->cur.data, hdr, sizeof hdr);
    if (fread(k->cur.data + sizeof hdr, 1, n - sizeof hdr, k->f) != n - sizeof hdr)
        return -ERR_IO;
    k->cur.len = n;
    k->rec = (const unsigned char *)k->cur.data;
    return 0;
}

/* Min-heap of cursor indices, ordered by their current record. */
static bool dataimport__heap_less(struct dataimport__cursor *ks, size_t a, size_t b)
{
    return dataimport__cmp(ks[a].rec, ks[b].rec) < 0;
}

static void dataimport__heap_down(struct dataimport__cursor *ks, size_t *heap, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && dataimport__heap_less(ks, heap[l], heap[m]))
            m = l;
        if (r < n && dataimport__heap_less(ks, heap[r], heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

/* --- one import ------------------------------------------------------------------------ */

struct dataimport__run {
    struct app *app;
    const struct actor *by;
    const struct dataimport_opts *o;
    struct dataimport_result *out;
    const char *source;
    struct csv_reader *r;
    FILE *rejects;
    struct buf line; /* reject line / extra column, reused */
    int32_t today;
    int64_t started_ns; /* monotonic, for the audit entry's duration_ms */
    /* the run being filled */
    struct buf run;
    struct dataimport__slot *slots;
    size_t n_slots, cap_slots;
    /* runs written out */
    FILE **files;
    size_t *file_rows;
    size_t n_files;
    int64_t n_valid;
    /* storing */
    struct store_conn *c;
    int64_t in_batch, stored;
    int batch_rows;
    size_t run_bytes;
};

int dataimport_reject_write(FILE *rejects, struct buf *scratch, long line, int why,
                            const struct csv_record *rec)
{
    buf_reset(scratch);
    buf_printf(scratch, "%ld,%s", line, err_info(why)->code);
    if (rec) {
        buf_putc(scratch, ',');
        dataimport__csv_fields(scratch, rec, 0);
    }
    buf_putc(scratch, '\n');
    if (fwrite(scratch->data, 1, scratch->len, rejects) != scratch->len)
        return -ERR_DATASET_REJECTS;
    return 0;
}

/* Write a reject line: line number, reason code, then the row's fields (if any). */
static int dataimport__reject(struct dataimport__run *x, long line, int why,
                              const struct csv_record *rec)
{
    return dataimport_reject_write(x->rejects, &x->line, line, why, rec);
}

FILE *dataimport_rejects_open(const char *input, const char *rejects_path, char *path_out,
                              size_t path_sz, const struct csv_record *header, int *err)
{
    int n;
    *err = -ERR_DATASET_REJECTS;
    if (rejects_path)
        n = snprintf(path_out, path_sz, "%s", rejects_path);
    else
        n = snprintf(path_out, path_sz, "%s.rejects.csv", input);
    if (n < 0 || (size_t)n >= path_sz)
        return NULL;
    struct stat in, rj;
    if (stat(input, &in) == 0 && stat(path_out, &rj) == 0 && in.st_dev == rj.st_dev &&
        in.st_ino == rj.st_ino)
        return NULL;
    FILE *f = fopen(path_out, "wb");
    if (!f)
        return NULL;
    /* A UTF-8 BOM so that Excel in China shows the Chinese of the original fields. */
    struct buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBFline,reason,");
    dataimport__csv_fields(&b, header, 0);
    buf_putc(&b, '\n');
    bool ok = fwrite(b.data, 1, b.len, f) == b.len;
    buf_free(&b);
    if (!ok) {
        fclose(f);
        return NULL;
    }
    *err = 0;
    return f;
}

/* The default reject path (input + ".rejects.csv") or the given one; refuse the input itself. */
static int dataimport__open_rejects(struct dataimport__run *x, const struct csv_record *header)
{
    int rc;
    x->rejects = dataimport_rejects_open(x->o->path, x->o->rejects_path, x->out->rejects_path,
                                         sizeof x->out->rejects_path, header, &rc);
    return rc;
}

static void dataimport__progress(struct dataimport__run *x, bool done)
{
    if (!x->o->progress)
        return;
    struct dataimport_progress p = {.bytes_read = csv_bytes_read(x->r),
                                    .bytes_total = csv_total_bytes(x->r),
                                    .rows = x->out->read,
                                    .stored = x->stored,
                                    .to_store = x->n_valid,
                                    .storing = x->c != NULL,
                                    .done = done};
    x->o->progress(&p, x->o->progress_arg);
}

/* Sort the run in memory by the primary key. */
static void dataimport__sort_run(struct dataimport__run *x)
{
    if (x->n_slots > 1)
        qsort_r(x->slots, x->n_slots, sizeof *x->slots, dataimport__slot_cmp, x->run.data);
}

/* Sort the run and write it to an unlinked temporary file; empty the run. */
static int dataimport__spill(struct dataimport__run *x)
{
    const char *dir = getenv("TMPDIR");
    char path[DATAIMPORT_PATH_MAX];
    snprintf(path, sizeof path, "%s/ureg-import-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -ERR_IO;
    unlink(path); /* gone when closed, whatever happens */
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        return -ERR_IO;
    }
    dataimport__sort_run(x);
    int rc = 0;
    for (size_t i = 0; i < x->n_slots && rc == 0; i++) {
        const unsigned char *p = (const unsigned char *)x->run.data + x->slots[i].off;
        size_t n = dataimport__packed_size(p);
        if (fwrite(p, 1, n, f) != n)
            rc = -ERR_IO;
    }
    if (rc == 0 && (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0))
        rc = -ERR_IO;
    if (rc < 0) {
        fclose(f);
        log_error("dataimport", "event=spill_failed dir=%s", dir && *dir ? dir : "/tmp");
        return rc;
    }
    x->files = xrealloc(x->files, (x->n_files + 1) * sizeof *x->files);
    x->file_rows = xrealloc(x->file_rows, (x->n_files + 1) * sizeof *x->file_rows);
    x->files[x->n_files] = f;
    x->file_rows[x->n_files] = x->n_slots;
    x->n_files++;
    buf_reset(&x->run);
    x->n_slots = 0;
    return 0;
}

/* Validate one data row: pack it into the run, or reject it. */
int dataimport_row_parse(const struct csv_record *rec, size_t n_cols, int32_t today,
                         struct idnum *id, int32_t *day)
{
    if (rec->n_fields != n_cols)
        return -ERR_CSV_FIELDS;
    enum id_type t = idnum_guess_type(rec->fields[0], rec->lens[0]);
    int why = idnum_parse(t, rec->fields[0], rec->lens[0], today, id);
    if (why == 0)
        why = verify_event_date_parse(rec->fields[1], rec->lens[1], day);
    return why;
}

static int dataimport__row(struct dataimport__run *x, const struct csv_record *rec, size_t n_cols)
{
    struct dataimport_result *out = x->out;
    struct idnum id;
    int32_t day = 0;
    int why = 0;
    out->read++;
    why = dataimport_row_parse(rec, n_cols, x->today, &id, &day);
    if (why < 0) {
        out->rejected++;
        return dataimport__reject(x, rec->line, why, rec);
    }
    buf_reset(&x->line);
    dataimport__csv_fields(&x->line, rec, 2);
    int64_t line = rec->line;
    uint32_t extra_len = (uint32_t)x->line.len;
    /* The blind index is what ref_record stores and sorts by; the document key goes no further. */
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(id.person_key, key);
    unsigned char key_len = (unsigned char)strlen(key);
    unsigned char hdr[DATAIMPORT__HDR];
    memcpy(hdr, &line, 8);
    memcpy(hdr + 8, &day, 4);
    memcpy(hdr + 12, &extra_len, 4);
    hdr[16] = key_len;
    if (x->n_slots == x->cap_slots) {
        x->cap_slots = x->cap_slots ? x->cap_slots * 2 : 4096;
        x->slots = xrealloc(x->slots, x->cap_slots * sizeof *x->slots);
    }
    x->slots[x->n_slots++] = (struct dataimport__slot){
        .k0 = dataimport__be64(key, key_len),
        .k1 = key_len > 8 ? dataimport__be64(key + 8, key_len - 8u) : 0,
        .k2 = (key_len > 16 ? dataimport__be64(key + 16, key_len - 16u) : 0) |
              ((uint32_t)day ^ 0x80000000u),
        .off = x->run.len};
    buf_append(&x->run, hdr, sizeof hdr);
    buf_append(&x->run, key, key_len);
    buf_append(&x->run, x->line.data ? x->line.data : "", x->line.len);
    x->n_valid++;
    if (x->run.len >= x->run_bytes)
        return dataimport__spill(x);
    return 0;
}

/* Commit the batch (with the counts so far) and begin the next. */
static int dataimport__next_batch(struct dataimport__run *x)
{
    int rc =
        store_ref_import_update(x->c, x->out->import_id, x->out->loaded, x->out->rejected, false);
    if (rc == 0)
        rc = store_tx_commit(x->c);
    if (rc == 0)
        rc = store_tx_begin(x->c, true);
    x->in_batch = 0;
    return rc;
}

/* Insert one packed row. */
static int dataimport__store(struct dataimport__run *x, const unsigned char *p)
{
    struct dataimport__row r;
    char key[STORE_PII_INDEX_SIZE], ds[DATE_STRLEN];
    dataimport__unpack(p, &r);
    memcpy(key, r.key, r.key_len);
    key[r.key_len] = '\0';
    int rc =
        store_ref_record_put(x->c, x->source, key, date_format(r.day, ds), (const char *)r.extra,
                             r.extra_len, x->out->import_id, (long)r.line);
    if (rc < 0)
        return rc;
    if (rc == 1)
        x->out->loaded++;
    else
        x->out->duplicates++;
    x->stored++;
    if (x->stored % DATAIMPORT_PROGRESS_ROWS == 0)
        dataimport__progress(x, false);
    if (++x->in_batch >= x->batch_rows)
        return dataimport__next_batch(x);
    return 0;
}

/* Merge the runs (the files and the run still in memory) and store every row in key order,
 * inside the open transaction. */
static int dataimport__merge(struct dataimport__run *x)
{
    size_t n = x->n_files + 1;
    struct dataimport__cursor *ks = xcalloc(n, sizeof *ks);
    size_t *heap = xcalloc(n, sizeof *heap), n_heap = 0;
    int rc = 0;
    dataimport__sort_run(x);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct dataimport__cursor *k = &ks[i];
        if (i < x->n_files) {
            k->f = x->files[i];
            k->n = x->file_rows[i];
        } else {
            k->base = (const unsigned char *)x->run.data;
            k->slots = x->slots;
            k->n = x->n_slots;
        }
        rc = dataimport__cursor_next(k);
        if (k->rec)
            heap[n_heap++] = i;
    }
    for (size_t i = n_heap; i-- > 0;)
        dataimport__heap_down(ks, heap, n_heap, i);
    while (rc == 0 && n_heap > 0) {
        struct dataimport__cursor *k = &ks[heap[0]];
        rc = dataimport__store(x, k->rec);
        if (rc == 0)
            rc = dataimport__cursor_next(k);
        if (!k->rec)
            heap[0] = heap[--n_heap];
        dataimport__heap_down(ks, heap, n_heap, 0);
    }
    for (size_t i = 0; i < n; i++)
        buf_free(&ks[i].cur);
    free(ks);
    free(heap);
    return rc;
}

/* Finish: the counts, finished_at when the whole file was read, and the audit entry. */
static int dataimport__finish(struct dataimport__run *x)
{
    struct dataimport_result *out = x->out;
    int rc =
        store_ref_import_update(x->c, out->import_id, out->loaded, out->rejected, out->complete);
    if (rc < 0)
        return rc;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)out->import_id);
    return app_audit(x->c, x->by, clock_now(), "dataset.import", "ref_import", id,
                     json_pack("{s:s, s:I, s:I, s:I, s:I, s:b, s:s, s:I}", "source", x->source,
                               "read", (json_int_t)out->read, "loaded", (json_int_t)out->loaded,
                               "duplicates", (json_int_t)out->duplicates, "rejected",
                               (json_int_t)out->rejected, "complete", out->complete, "sha256",
                               out->sha256, "duration_ms",
                               (json_int_t)((clock_mono_ns() - x->started_ns) / 1000000)));
}

/* Step 2: read and validate every row; returns 0, a CSV error (rows before it kept) or a
 * fatal error. */
static int dataimport__read(struct dataimport__run *x, size_t n_cols, int *csv_err)
{
    struct csv_record rec;
    int rc = 0, got;
    while (rc == 0 && (got = csv_next(x->r, &rec)) == 1) {
        rc = dataimport__row(x, &rec, n_cols);
        if (x->out->read % DATAIMPORT_PROGRESS_ROWS == 0)
            dataimport__progress(x, false);
    }
    if (rc == 0 && got < 0) {
        /* The file stops being CSV here: keep what came before, say where, stay unfinished. */
        x->out->stop_line = csv_line(x->r);
        rc = dataimport__reject(x, x->out->stop_line, got, NULL);
        *csv_err = got;
    }
    return rc;
}

int app_dataimport_run(struct app *a, const struct actor *by, const struct dataimport_opts *o,
                       struct dataimport_result *out)
{
    struct dataimport__run x = {.app = a, .by = by, .o = o, .out = out};
    x.started_ns = clock_mono_ns();
    enum verify_source src;
    struct csv_record rec;
    int csv_err = 0;
    memset(out, 0, sizeof *out);
    x.batch_rows = o->batch_rows > 0 ? o->batch_rows : DATAIMPORT_BATCH_ROWS;
    x.run_bytes = o->run_bytes ? o->run_bytes : DATAIMPORT_RUN_BYTES;
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
    if (got == 0 ||
        (got == 1 && csv_header_check(&rec, dataimport_header, DATAIMPORT_HEADER_COLS) < 0)) {
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
    if (rc == 0)
        rc = dataimport__read(&x, n_cols, &csv_err);
    out->encoding = csv_detected(x.r);
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
    if (rc == 0)
        rc = dataimport__merge(&x);
    out->complete = rc == 0 && csv_err == 0;
    if (rc == 0)
        rc = dataimport__finish(&x);
    if (rc == 0)
        rc = store_tx_commit(x.c);
    if (rc == 0)
        rc = csv_err;
    store_tx_rollback(x.c); /* a no-op after a commit */
    dataimport__progress(&x, true);
    log_info("dataimport",
             "event=import_done import=%lld source=%s read=%lld loaded=%lld duplicates=%lld"
             " rejected=%lld runs=%zu complete=%d rc=%d",
             (long long)out->import_id, x.source, (long long)out->read, (long long)out->loaded,
             (long long)out->duplicates, (long long)out->rejected, x.n_files + 1, out->complete,
             rc);
out:
    if (x.c)
        store_release(a->store, x.c);
    if (x.rejects && fclose(x.rejects) != 0 && rc == 0)
        rc = -ERR_DATASET_REJECTS;
    for (size_t i = 0; i < x.n_files; i++)
        fclose(x.files[i]);
    free(x.files);
    free(x.file_rows);
    free(x.slots);
    buf_free(&x.run);
    buf_free(&x.line);
    csv_close(x.r);
    return rc;
}
