/*
 * compare.c — `ureg compare`: the applications' checks, then the registrations' exits from the
 * loaded datasets and the fresh files. See app/compare.h for what and why; this file is the how.
 *
 * The registration hash: entries in an array in registration id order (the order they are read
 * and recorded in), an open-addressing table of uint32 slots (power of two, at least twice the
 * entries, linear probing) over the 19 characters of the blind index after its "#" (BLAKE2b
 * output in base64url: its first 8 bytes are already a uniform hash). Findings live in a side
 * array (rules/compare's compare_found, 112 bytes) only for the registrations that have one.
 */
#include "app/compare.h"

#include "app/app_priv.h"
#include "app/dataimport.h"
#include "app/exits.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/idnum.h"
#include "store/compare.h"
#include "store/dataset.h"
#include "store/pii.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMPARE__KEY 19         /* blind index characters after the '#' */
#define COMPARE__PAGE 50000     /* registrations read per statement */
#define COMPARE__PROGRESS 65536 /* rows of a file between progress calls */

struct compare__reg {
    int64_t id, application_id, person_id;
    int32_t registered_on;
    int32_t found; /* index into compare__run.found, or -1 */
    char key[COMPARE__KEY + 1];
};

struct compare__run {
    struct app *app;
    const struct actor *by;
    const struct compare_opts *o;
    struct compare_result *out;
    int64_t now;
    int32_t today;
    struct compare__reg *regs;
    size_t n_regs, cap_regs;
    uint32_t *table; /* slot + 1, 0 empty */
    size_t mask;
    struct compare_found *found;
    size_t n_found, cap_found;
    int32_t min_registered_on;
    int64_t last_reg_id;                  /* the registration pages' cursor */
    int64_t load_ms, files_ms, record_ms; /* the phases' wall time, for the log */
    /* exit_policy's mode per source, read once per write transaction: 0 unread, 1 auto, 2 not */
    signed char auto_mode[VERIFY_SRC__COUNT];
    struct csv_reader *readers[COMPARE_MAX_FILES];
    struct csv_record headers_cols[COMPARE_MAX_FILES]; /* only n_fields is kept */
    enum verify_source sources[COMPARE_MAX_FILES];
    bool loaded_rows[VERIFY_SRC__COUNT]; /* ref_record has rows of the source */
};

static void compare__progress(struct compare__run *x, const char *phase, int64_t done,
                              int64_t total)
{
    if (x->o->progress) {
        struct compare_progress p = {.phase = phase, .done = done, .total = total};
        x->o->progress(&p, x->o->progress_arg);
    }
}

/* --- the hash ----------------------------------------------------------------------------- */

static uint64_t compare__hash(const char *k)
{
    uint64_t h;
    memcpy(&h, k, sizeof h);
    return h * 0x9E3779B97F4A7C15ull;
}

/* The entry of the blind index `key` ("#..."), or NULL. */
static struct compare__reg *compare__lookup(struct compare__run *x, const char *key)
{
    if (!x->table || key[0] != '#')
        return NULL;
    for (size_t i = compare__hash(key + 1) & x->mask;; i = (i + 1) & x->mask) {
        uint32_t s = x->table[i];
        if (s == 0)
            return NULL;
        struct compare__reg *r = &x->regs[s - 1];
        if (memcmp(r->key, key + 1, COMPARE__KEY) == 0)
            return r;
    }
}

static void compare__index(struct compare__run *x)
{
    size_t size = 1024;
    while (size < 2 * x->n_regs)
        size <<= 1;
    x->table = xcalloc(size, sizeof *x->table);
    x->mask = size - 1;
    for (size_t n = 0; n < x->n_regs; n++) {
        size_t i = compare__hash(x->regs[n].key) & x->mask;
        while (x->table[i] != 0)
            i = (i + 1) & x->mask;
        x->table[i] = (uint32_t)(n + 1);
    }
}

static int compare__on_reg(const struct compare_reg_row *r, void *arg)
{
    struct compare__run *x = arg;
    int32_t on;
    x->last_reg_id = r->id;
    if (date_parse(r->registered_on, strlen(r->registered_on), &on) < 0) {
        log_warn("compare", "event=compare_skip registration=%lld why=key_or_date",
                 (long long)r->id);
        return 0;
    }
    if (x->n_regs == x->cap_regs) {
        x->cap_regs = x->cap_regs ? x->cap_regs * 2 : 65536;
        x->regs = xrealloc(x->regs, x->cap_regs * sizeof *x->regs);
    }
    struct compare__reg *g = &x->regs[x->n_regs++];
    g->id = r->id;
    g->application_id = r->application_id;
    g->person_id = r->person_id;
    g->registered_on = on;
    g->found = -1;
    g->key[0] = '\0';
    return 0;
}

/* The people's hash while the keys are read: registration index + 1 by person id, 0 empty. */
struct compare__people {
    struct compare__run *x;
    uint32_t *table;
    size_t mask;
    struct compare_keys_cursor cur; /* where the next page starts */
};

static size_t compare__pid_hash(int64_t pid)
{
    return (size_t)(((uint64_t)pid * 0x9E3779B97F4A7C15ull) >> 16);
}

static int compare__on_key(int64_t person_id, const char *key, void *arg)
{
    struct compare__people *p = arg;
    if (strlen(key) != COMPARE__KEY + 1 || key[0] != '#')
        return 0; /* their registrations stay without a key and are skipped */
    /* A person may hold more than one active registration: every one of them gets the key. */
    for (size_t i = compare__pid_hash(person_id) & p->mask;; i = (i + 1) & p->mask) {
        uint32_t s = p->table[i];
        if (s == 0)
            return 0;
        struct compare__reg *g = &p->x->regs[s - 1];
        if (g->person_id == person_id)
            memcpy(g->key, key + 1, COMPARE__KEY + 1);
    }
}

/* Give every registration read its person's blind index (a second range read, joined here by
 * person id), and drop (with a warning) those whose person has none. */
static int compare__keys(struct compare__run *x, struct store_conn *c)
{
    struct compare__people p = {.x = x};
    size_t size = 1024;
    while (size < 2 * x->n_regs)
        size <<= 1;
    p.table = xcalloc(size, sizeof *p.table);
    p.mask = size - 1;
    for (size_t n = 0; n < x->n_regs; n++) {
        size_t i = compare__pid_hash(x->regs[n].person_id) & p.mask;
        while (p.table[i] != 0)
            i = (i + 1) & p.mask;
        p.table[i] = (uint32_t)(n + 1);
    }
    int rc = 0;
    while (x->n_regs > 0) {
        rc = store_tx_begin(c, false);
        if (rc < 0)
            break;
        int n = store_compare_keys_page(c, &p.cur, COMPARE__PAGE, compare__on_key, &p);
        store_tx_rollback(c);
        rc = n < 0 ? n : 0;
        if (n < COMPARE__PAGE)
            break;
    }
    free(p.table);
    if (rc < 0)
        return rc;
    size_t kept = 0;
    for (size_t n = 0; n < x->n_regs; n++) {
        const struct compare__reg *g = &x->regs[n];
        if (!g->key[0]) {
            log_warn("compare", "event=compare_skip registration=%lld why=key_or_date",
                     (long long)g->id);
            continue;
        }
        if (kept == 0 || g->registered_on < x->min_registered_on)
            x->min_registered_on = g->registered_on;
        x->regs[kept++] = *g;
    }
    x->n_regs = kept;
    return 0;
}

/* Read every active registration (one read transaction per page), then the people's blind
 * indexes, into the hash. */
static int compare__load(struct compare__run *x, struct store_conn *c)
{
    for (;;) {
        int rc = store_tx_begin(c, false);
        if (rc < 0)
            return rc;
        int n = store_compare_regs_page(c, x->last_reg_id, COMPARE__PAGE, compare__on_reg, x);
        store_tx_rollback(c);
        if (n < 0)
            return n;
        compare__progress(x, "registrations", (int64_t)x->n_regs, 0);
        if (n < COMPARE__PAGE)
            break;
    }
    int rc = compare__keys(x, c);
    if (rc < 0)
        return rc;
    x->out->registrations = (int64_t)x->n_regs;
    compare__index(x);
    return 0;
}

/* Offer one record to registration g. */
static void compare__offer(struct compare__run *x, struct compare__reg *g, enum verify_source s,
                           int32_t day, long line, int64_t import_id)
{
    if (!compare_qualifies(s, day, g->registered_on, x->today))
        return;
    if (g->found < 0) {
        if (x->n_found == x->cap_found) {
            x->cap_found = x->cap_found ? x->cap_found * 2 : 4096;
            x->found = xrealloc(x->found, x->cap_found * sizeof *x->found);
        }
        memset(&x->found[x->n_found], 0, sizeof x->found[0]);
        g->found = (int32_t)x->n_found++;
    }
    compare_offer(&x->found[g->found], s, day, (int32_t)line, import_id, g->registered_on,
                  x->today);
}

/* --- fresh files ------------------------------------------------------------------------- */

/* Check every --file before anything is read or written: source, readable, header. */
static int compare__open_files(struct compare__run *x, struct err_ctx *ec)
{
    const struct compare_opts *o = x->o;
    if (o->n_files < 0 || o->n_files > COMPARE_MAX_FILES)
        return err_set(ec, -ERR_FIELD_INVALID, "file");
    for (int i = 0; i < o->n_files; i++) {
        x->out->bad_file = i;
        enum verify_source s;
        if (verify_source_parse(o->files[i].source, &s) < 0 || !compare_reason(s))
            return err_set(ec, -ERR_DATASET_SOURCE, "file");
        x->sources[i] = s;
        int err;
        x->readers[i] = csv_open_file(o->files[i].path, o->encoding, &err);
        if (!x->readers[i])
            return err_set(ec, -ERR_DATASET_FILE, "file");
        struct csv_record rec;
        int got = csv_next(x->readers[i], &rec);
        if (got < 0) {
            x->out->stop_line = csv_line(x->readers[i]);
            return err_set(ec, got, "file");
        }
        if (got == 0 || csv_header_check(&rec, dataimport_header, DATAIMPORT_HEADER_COLS) < 0) {
            x->out->stop_line = got ? rec.line : 1;
            return err_set(ec, -ERR_CSV_HEADER, "file");
        }
        x->headers_cols[i].n_fields = rec.n_fields;
    }
    x->out->bad_file = -1;
    return 0;
}

/* A file's reading state: the reject file and the last document seen. */
struct compare__stream {
    FILE *rejects;
    struct buf scratch;
    char last_id[IDNUM_SIZE + 8];
    size_t last_len;
    int last_why;                        /* the last document's parse result */
    char last_key[STORE_PII_INDEX_SIZE]; /* its blind index, "" until computed */
    struct compare__reg *last_reg;       /* its registration, or NULL */
};

/* One data row of file i. */
static int compare__file_row(struct compare__run *x, int i, struct compare__stream *st,
                             const struct csv_record *rec)
{
    struct compare_file_counts *fc = &x->out->files[i];
    enum verify_source s = x->sources[i];
    fc->read++;
    int32_t day = 0;
    int why;
    bool same = rec->n_fields == x->headers_cols[i].n_fields && rec->lens[0] == st->last_len &&
                st->last_len > 0 && memcmp(rec->fields[0], st->last_id, st->last_len) == 0;
    if (same) {
        /* The same document as the row before: its check and its index are known. */
        why = st->last_why;
        if (why == 0)
            why = verify_event_date_parse(rec->fields[1], rec->lens[1], &day);
    } else {
        struct idnum id;
        why = dataimport_row_parse(rec, x->headers_cols[i].n_fields, x->today, &id, &day);
        if (rec->n_fields == x->headers_cols[i].n_fields && rec->lens[0] < sizeof st->last_id) {
            /* Remember the document (and whether it is valid) for the next rows. */
            memcpy(st->last_id, rec->fields[0], rec->lens[0]);
            st->last_len = rec->lens[0];
            st->last_why = why == -ERR_DATASET_DATE ? 0 : why;
            st->last_key[0] = '\0';
            st->last_reg = NULL;
            if (st->last_why == 0)
                store_pii_index(id.person_key, st->last_key);
            if (st->last_key[0])
                st->last_reg = compare__lookup(x, st->last_key);
        } else {
            st->last_len = 0;
        }
    }
    if (why < 0) {
        fc->rejected++;
        return dataimport_reject_write(st->rejects, &st->scratch, rec->line, why, rec);
    }
    if (st->last_reg) {
        fc->matched++;
        compare__offer(x, st->last_reg, s, day, rec->line, 0);
    }
    return 0;
}

/* Stream file i through the hash. */
static int compare__read_file(struct compare__run *x, int i, struct err_ctx *ec)
{
    struct compare_file_counts *fc = &x->out->files[i];
    struct compare__stream st = {0};
    int rc;
    /* The reject file's header is the file's header: read it again from a fresh reader. */
    struct csv_reader *h = csv_open_file(x->o->files[i].path, x->o->encoding, &rc);
    struct csv_record hrec;
    if (!h || csv_next(h, &hrec) != 1) {
        csv_close(h);
        return err_set(ec, -ERR_DATASET_FILE, "file");
    }
    st.rejects = dataimport_rejects_open(x->o->files[i].path, NULL, fc->rejects_path,
                                         sizeof fc->rejects_path, &hrec, &rc);
    csv_close(h);
    if (!st.rejects)
        return err_set(ec, rc, "file");
    struct csv_reader *r = x->readers[i];
    struct csv_record rec;
    int got;
    rc = 0;
    int64_t total = (int64_t)csv_total_bytes(r);
    while (rc == 0 && (got = csv_next(r, &rec)) == 1) {
        rc = compare__file_row(x, i, &st, &rec);
        if (fc->read % COMPARE__PROGRESS == 0)
            compare__progress(x, "file", (int64_t)csv_bytes_read(r), total);
    }
    if (rc == 0 && got < 0) {
        x->out->stop_line = csv_line(r);
        x->out->bad_file = i;
        rc = dataimport_reject_write(st.rejects, &st.scratch, x->out->stop_line, got, NULL);
        rc = rc < 0 ? rc : got;
    }
    compare__progress(x, "file", total, total);
    if (fclose(st.rejects) != 0 && rc == 0)
        rc = -ERR_DATASET_REJECTS;
    buf_free(&st.scratch);
    return rc < 0 ? err_set(ec, rc, "file") : 0;
}

/* --- loaded datasets ------------------------------------------------------------------- */

struct compare__probe {
    struct compare__run *x;
    struct compare__reg *g;
    enum verify_source s;
};

static int compare__on_record(const struct ref_record_row *r, void *arg)
{
    struct compare__probe *p = arg;
    int32_t day;
    if (!r->event_date || date_parse(r->event_date, strlen(r->event_date), &day) < 0)
        return 0;
    compare__offer(p->x, p->g, p->s, day, r->line, r->import_id);
    /* Newest first: older records matter only to the sources that take any date. */
    bool any_date = p->s == VERIFY_SRC_PENSIONS || p->s == VERIFY_SRC_DEATHS;
    return !any_date && day < p->g->registered_on;
}

static int compare__probe_loaded(struct compare__run *x, struct store_conn *c,
                                 struct compare__reg *g)
{
    char key[STORE_PII_INDEX_SIZE];
    key[0] = '#';
    memcpy(key + 1, g->key, COMPARE__KEY + 1);
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        if (!x->loaded_rows[s])
            continue;
        struct compare__probe p = {.x = x, .g = g, .s = (enum verify_source)s};
        int rc = store_ref_record_each(c, verify_source_name(p.s), key, compare__on_record, &p);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* --- recording ------------------------------------------------------------------------- */

/* The exit's evidence: where the record is (no personal data). Owned by the caller. */
static json_t *compare__evidence(const struct compare__run *x, const struct compare_exit *e)
{
    char day[DATE_STRLEN];
    json_t *j = json_pack("{s:s, s:s, s:I}", "source", verify_source_name(e->source), "event_date",
                          date_format(e->hit->day, day), "line", (json_int_t)e->hit->line);
    if (e->hit->import_id > 0) {
        json_object_set_new(j, "import_id", json_integer(e->hit->import_id));
    } else {
        for (int i = 0; i < x->o->n_files; i++)
            if (x->sources[i] == e->source) {
                const char *p = x->o->files[i].path, *b = strrchr(p, '/');
                json_object_set_new(j, "file", json_string(b ? b + 1 : p));
                break;
            }
    }
    return j;
}

/* The outcome of registration g's exit (source s): counted, or logged and skipped when the
 * exit core refused it. */
static int compare__tally(struct compare__run *x, const struct compare__reg *g,
                          const struct compare_exit *e, int rc, bool applied, bool created)
{
    if (rc == -ERR_NOT_FOUND || rc == -ERR_REGISTRATION_EXITED || rc == -ERR_EXIT_REASON ||
        rc == -ERR_EXIT_EVIDENCE || rc == -ERR_DATE_FUTURE || rc == -ERR_DATE_BEFORE_REGISTRATION) {
        log_warn("compare", "event=compare_skip registration=%lld reason=%s rc=%s",
                 (long long)g->id, e->reason, err_info(rc)->code);
        x->out->skipped++;
        return 0;
    }
    if (rc < 0)
        return rc;
    x->out->by_reason[e->source]++;
    if (applied)
        x->out->applied++;
    else if (created)
        x->out->proposed++;
    else
        x->out->kept++;
    return 0;
}

/* The exits a transaction applies at once (exits_apply_many), when nothing else is written
 * between them: their items, exits and evidence, in registration order. */
struct compare__many {
    struct exits_item *items;
    struct exit_new *exits;
    struct compare_exit *picked;
    struct compare__reg **regs;
    size_t n, cap;
};

static void compare__many_free(struct compare__many *m)
{
    for (size_t i = 0; i < m->n; i++)
        json_decref(m->exits[i].evidence);
    m->n = 0;
}

/* Apply the transaction's gathered exits and count them. */
static int compare__many_apply(struct compare__run *x, struct store_conn *c,
                               struct compare__many *m)
{
    for (size_t i = 0; i < m->n; i++)
        m->items[i] = (struct exits_item){.registration_id = m->regs[i]->id, .e = &m->exits[i]};
    int rc = exits_apply_many(c, x->by, x->now, m->items, m->n);
    for (size_t i = 0; i < m->n && rc == 0; i++)
        rc = compare__tally(x, m->regs[i], &m->picked[i], m->items[i].rc, true, false);
    compare__many_free(m);
    return rc;
}

/* Record registration g's finding, if any, in the open transaction; with `many`, an exit that
 * exit_policy applies is gathered there instead (compare__many_apply writes it). */
static int compare__record(struct compare__run *x, struct store_conn *c, struct compare__reg *g,
                           struct compare__many *many)
{
    if (g->found < 0)
        return 0;
    const struct compare_found *f = &x->found[g->found];
    struct compare_exit e;
    if (!compare_pick(f, g->registered_on, &e))
        return 0;
    x->out->found++;
    if (x->o->on_case) {
        struct compare_case_found cf = {.registration_id = g->id,
                                        .application_id = g->application_id,
                                        .registered_on = g->registered_on,
                                        .today = x->today,
                                        .found = f};
        int rc = x->o->on_case(c, x->now, &cf, x->o->on_case_arg);
        if (rc < 0)
            return rc;
    }
    struct exit_new ex = {.reason_code = e.reason,
                          .subkind = "",
                          .date = e.exit_date,
                          .note = "",
                          .evidence = compare__evidence(x, &e),
                          .source = "compare"};
    /* exits_batch's two branches, taken here so that a proposal kept open is told from a new
     * one (the counts of a second run show that nothing changed). */
    if (x->auto_mode[e.source] == 0)
        x->auto_mode[e.source] = exits_auto(c, e.reason) ? 1 : 2;
    bool applied = x->auto_mode[e.source] == 1, created = false;
    if (applied && many) {
        if (many->n == many->cap) {
            many->cap = many->cap ? many->cap * 2 : 256;
            many->items = xrealloc(many->items, many->cap * sizeof *many->items);
            many->exits = xrealloc(many->exits, many->cap * sizeof *many->exits);
            many->picked = xrealloc(many->picked, many->cap * sizeof *many->picked);
            many->regs = xrealloc(many->regs, many->cap * sizeof *many->regs);
        }
        many->exits[many->n] = ex;
        many->picked[many->n] = e;
        many->regs[many->n++] = g;
        return 0;
    }
    struct err_ctx ec = {0};
    int64_t id;
    int rc = applied ? exits_apply(c, x->by, x->now, g->id, &ex, &id, &ec)
                     : exits_propose(c, x->now, g->id, &ex, &id, &created, &ec);
    json_decref(ex.evidence);
    return compare__tally(x, g, &e, rc, applied, created);
}

/* Record every registration's finding in write transactions of o->batch registrations. With a
 * loaded dataset to probe every registration is looked at; without one only those with a finding
 * are (the others have nothing to write), so a transaction holds o->batch findings and a run
 * commits once per o->batch exits rather than once per o->batch registrations. When nothing but
 * the exits is written (no probe, no on_case), a transaction's applied exits are written at once
 * by exits_apply_many: the same rows, a handful of round trips. */
static int compare__record_all(struct compare__run *x, struct store_conn *c)
{
    bool probe = false;
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        probe = probe || x->loaded_rows[s];
    struct compare__many many = {0};
    struct compare__many *mp = probe || x->o->on_case ? NULL : &many;
    size_t batch = x->o->batch > 0 ? (size_t)x->o->batch : COMPARE_BATCH;
    size_t i = 0;
    int rc = 0;
    while (i < x->n_regs && rc == 0) {
        if (!probe && x->regs[i].found < 0) {
            i++;
            continue; /* nothing to write: no transaction */
        }
        rc = store_tx_begin(c, true);
        memset(x->auto_mode, 0, sizeof x->auto_mode);
        for (size_t taken = 0; i < x->n_regs && taken < batch && rc == 0; i++) {
            if (!probe && x->regs[i].found < 0)
                continue;
            taken++;
            if (probe)
                rc = compare__probe_loaded(x, c, &x->regs[i]);
            if (rc == 0)
                rc = compare__record(x, c, &x->regs[i], mp);
        }
        if (rc == 0 && many.n > 0)
            rc = compare__many_apply(x, c, &many);
        compare__many_free(&many);
        rc = store_tx_end(c, rc);
        if (rc == 0)
            compare__progress(x, "recording", (int64_t)i, (int64_t)x->n_regs);
    }
    free(many.items);
    free(many.exits);
    free(many.picked);
    free(many.regs);
    return rc;
}

static void compare__on_checked(int64_t checked, void *arg)
{
    compare__progress(arg, "applications", checked, 0);
}

static int compare__audit(struct compare__run *x, struct store_conn *c, int64_t started_ns)
{
    const struct compare_result *o = x->out;
    char day[DATE_STRLEN];
    int64_t rows = 0, rejected = 0;
    for (int i = 0; i < x->o->n_files; i++) {
        rows += o->files[i].read;
        rejected += o->files[i].rejected;
    }
    json_t *d = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
        "applications", (json_int_t)o->verify.applications, "registrations",
        (json_int_t)o->registrations, "pass", (json_int_t)o->verify.pass, "fail",
        (json_int_t)o->verify.fail, "unknown", (json_int_t)o->verify.unknown, "tasks_opened",
        (json_int_t)o->verify.tasks_opened, "tasks_closed", (json_int_t)o->verify.tasks_closed,
        "found", (json_int_t)o->found, "exits_applied", (json_int_t)o->applied, "exits_proposed",
        (json_int_t)o->proposed, "proposals_kept", (json_int_t)o->kept, "skipped",
        (json_int_t)o->skipped, "file_rows", (json_int_t)rows, "file_rejected",
        (json_int_t)rejected, "duration_ms",
        (json_int_t)((clock_mono_ns() - started_ns) / 1000000));
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = app_audit(c, x->by, x->now, "dataset.compare", "compare", date_format(x->today, day),
                       d);
    else
        json_decref(d);
    return store_tx_end(c, rc);
}

/* Which sources have rows in ref_record (those are probed per registration). */
static int compare__loaded(struct compare__run *x, struct store_conn *c)
{
    int rc = store_tx_begin(c, false);
    for (int s = 0; s < VERIFY_SRC__COUNT && rc >= 0; s++) {
        if (!compare_reason((enum verify_source)s))
            continue;
        rc = store_compare_source_has_rows(c, verify_source_name((enum verify_source)s));
        x->loaded_rows[s] = rc == 1;
    }
    store_tx_rollback(c);
    return rc < 0 ? rc : 0;
}

static int compare__steps(struct compare__run *x, struct store_conn *c, struct err_ctx *ec)
{
    int rc = compare__open_files(x, ec);
    int64_t t0 = clock_mono_ns();
    if (rc == 0)
        rc = compare__loaded(x, c);
    if (rc == 0)
        rc = compare__load(x, c);
    int64_t t1 = clock_mono_ns();
    for (int i = 0; i < x->o->n_files && rc == 0; i++)
        rc = compare__read_file(x, i, ec);
    int64_t t2 = clock_mono_ns();
    if (rc == 0 && !x->o->registrations_only)
        rc = verify_compare_pending(c, x->now, &x->out->verify, compare__on_checked, x);
    if (rc == 0)
        rc = compare__record_all(x, c);
    x->load_ms = (t1 - t0) / 1000000;
    x->files_ms = (t2 - t1) / 1000000;
    x->record_ms = (clock_mono_ns() - t2) / 1000000;
    return rc;
}

int app_compare_run(struct app *a, const struct actor *by, const struct compare_opts *o,
                    struct compare_result *out, struct err_ctx *ec)
{
    memset(out, 0, sizeof *out);
    out->bad_file = -1;
    int64_t started_ns = clock_mono_ns();
    struct compare__run x = {.app = a, .by = by, .o = o, .out = out};
    x.now = clock_now();
    x.today = clock_date_of(x.now);
    struct store_conn *c = store_acquire(a->store);
    int rc = compare__steps(&x, c, ec);
    if (rc == 0)
        rc = compare__audit(&x, c, started_ns);
    store_release(a->store, c);
    for (int i = 0; i < COMPARE_MAX_FILES; i++)
        csv_close(x.readers[i]);
    free(x.regs);
    free(x.table);
    free(x.found);
    out->verify.checked += out->registrations;
    out->verify.registrations = out->registrations;
    log_info("compare",
             "event=compare_done applications=%lld registrations=%lld found=%lld applied=%lld"
             " proposed=%lld kept=%lld skipped=%lld load_ms=%lld files_ms=%lld record_ms=%lld"
             " rc=%d",
             (long long)out->verify.applications, (long long)out->registrations,
             (long long)out->found, (long long)out->applied, (long long)out->proposed,
             (long long)out->kept, (long long)out->skipped, (long long)x.load_ms,
             (long long)x.files_ms, (long long)x.record_ms, rc);
    return rc;
}

struct compare__export {
    FILE *f;
    int64_t n, last;
};

static int compare__on_plain(int64_t reg_id, const char *id_number, const char *registered_on,
                             void *arg)
{
    struct compare__export *e = arg;
    e->last = reg_id;
    e->n++;
    return fprintf(e->f, "%lld,%s,%s\n", (long long)reg_id, id_number, registered_on) < 0;
}

int app_compare_export(struct app *a, const struct actor *by, const char *path, int64_t *n)
{
    *n = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        if (fd >= 0)
            close(fd);
        return -ERR_DATASET_REJECTS;
    }
    struct compare__export e = {.f = f};
    fputs("registration_id,id_number,registered_on\n", f);
    struct store_conn *c = store_acquire(a->store);
    int rc;
    for (;;) {
        rc = store_tx_begin(c, false);
        if (rc < 0)
            break;
        int got = store_compare_regs_plain_page(c, e.last, COMPARE__PAGE, compare__on_plain, &e);
        store_tx_rollback(c);
        rc = got < 0 ? got : 0;
        if (rc < 0 || got < COMPARE__PAGE)
            break;
    }
    if (fclose(f) != 0 && rc == 0)
        rc = -ERR_DATASET_REJECTS;
    if (rc == 0) {
        rc = store_tx_begin(c, true);
        if (rc == 0)
            rc = app_audit(c, by, clock_now(), "compare.export", "compare", "registrations",
                           json_pack("{s:I}", "rows", (json_int_t)e.n));
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    *n = e.n;
    return rc;
}
