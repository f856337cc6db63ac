/*
 * test_dataset.c — `ureg import` (app/dataimport), the reference-dataset store and
 * verification by comparison (app/verify) against a real SQLite database in a temporary
 * directory: encodings, reject lines, idempotent re-import, unfinished imports, verification
 * rows, one investigation task per unknown check, and the `ureg compare` walk.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/app.h"
#include "app/dataimport.h"
#include "app/compare.h"
#include "app/verify.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "rules/idnum.h"
#include "store/application.h"
#include "store/dataset.h"
#include "store/db.h"
#include "store/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
    struct testapp t;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testapp_open(&f->t, "import") < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc = testapp_close(&f->t);
    free(f);
    return rc;
}

/* A valid 18-character resident ID number: area, birth date, sequence and its check char. */
static void make_id(char out[19], const char *area, const char *birth, int seq)
{
    snprintf(out, 19, "%s%s%03d", area, birth, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static void write_file(const struct fixture *f, const char *name, const char *data, char *path,
                       size_t pathsz)
{
    snprintf(path, pathsz, "%s/%s", f->t.dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, strlen(data), fp), strlen(data));
    assert_int_equal(fclose(fp), 0);
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int import(struct fixture *f, const char *source, const char *path,
                  struct dataimport_result *r)
{
    struct dataimport_opts o = {.source = source, .path = path};
    return app_dataimport_run(&f->t.app, &f->t.sys, &o, r);
}

struct records {
    int n;
    char extra[4][64];
    char date[4][16];
    long line[4];
    char last_date[16]; /* the oldest record */
    long last_line;
};

static int collect(const struct ref_record_row *r, void *arg)
{
    struct records *rs = arg;
    if (rs->n < 4) {
        snprintf(rs->extra[rs->n], sizeof rs->extra[0], "%s", r->extra);
        snprintf(rs->date[rs->n], sizeof rs->date[0], "%s", r->event_date);
        rs->line[rs->n] = r->line;
    }
    snprintf(rs->last_date, sizeof rs->last_date, "%s", r->event_date);
    rs->last_line = r->line;
    rs->n++;
    return 0;
}

static struct records records_of(struct fixture *f, const char *source, const char *id)
{
    struct records rs = {0};
    char key[32];
    snprintf(key, sizeof key, "C:%s", id);
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_true(store_ref_record_each(c, source, key, collect, &rs) >= 0);
    store_release(f->t.app.store, c);
    return rs;
}

static int count_loaded(const char *source, void *arg)
{
    (void)source;
    (*(int *)arg)++;
    return 0;
}

static int loaded_sources(struct fixture *f)
{
    int n = 0;
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_true(store_ref_loaded_each(c, count_loaded, &n) >= 0);
    store_release(f->t.app.store, c);
    return n;
}

static void utf8_with_bom_and_gb18030_load_the_same_text(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19], path[128], data[512];
    make_id(a, "110101", "19900101", 11);
    make_id(b, "310104", "19851230", 22);
    struct dataimport_result r;

    /* UTF-8 with a BOM (Excel's "CSV UTF-8"): the BOM is not part of the first header name. */
    snprintf(data, sizeof data,
             "\xEF\xBB\xBFid_number,event_date,name\r\n%s,2024-05-01,\xE5\xBC\xA0\xE4\xB8\x89\r\n",
             a);
    write_file(f, "utf8.csv", data, path, sizeof path);
    assert_int_equal(import(f, "ssc_holders", path, &r), 0);
    assert_int_equal(r.loaded, 1);
    assert_int_equal(r.encoding, CSV_UTF8);
    assert_true(r.complete);

    /* GB18030 (Excel's "CSV" in a Chinese locale): 张三 is D5C5 C8FD; a lower-case x too. */
    b[17] = b[17] == 'X' ? 'x' : b[17];
    snprintf(data, sizeof data, "id_number,event_date,name\n%s,20240501,\xD5\xC5\xC8\xFD\n", b);
    write_file(f, "gb.csv", data, path, sizeof path);
    assert_int_equal(import(f, "ssc_holders", path, &r), 0);
    assert_int_equal(r.loaded, 1);
    assert_int_equal(r.encoding, CSV_GB18030);

    b[17] = b[17] == 'x' ? 'X' : b[17];
    struct records ra = records_of(f, "ssc_holders", a), rb = records_of(f, "ssc_holders", b);
    assert_int_equal(ra.n, 1);
    assert_int_equal(rb.n, 1);
    assert_string_equal(ra.extra[0], "张三");
    assert_string_equal(rb.extra[0], "张三");
    assert_string_equal(rb.date[0], "2024-05-01");
    assert_int_equal(rb.line[0], 2);
}

static void rejects_carry_the_line_the_reason_and_the_original_fields(void **state)
{
    struct fixture *f = *state;
    char ok[19], bad[19], path[128], data[1024], want[1024];
    make_id(ok, "440106", "19750615", 31);
    make_id(bad, "440106", "19750615", 32);
    bad[17] = bad[17] == '0' ? '1' : '0'; /* a wrong check character */
    snprintf(data, sizeof data,
             "id_number,event_date,employer\n"
             "%s,202401,\"Acme, Ltd\"\n"      /* line 2: loaded (a month) */
             "%s,2024-01-01,x\n"              /* line 3: id_checksum */
             "%s,2024-02-30,x\n"              /* line 4: event_date_invalid */
             "%s,2024-01-01\n"                /* line 5: csv_fields (2 of 3) */
             "\"multi\nline\",2024-01-01,x\n" /* lines 6-7: id_charset */
             "440106750615313,2024-01-01,x\n" /* line 8: id_first_generation */
             "%s,2024/1/2,\"q\"\"uote\"\n",   /* line 9: loaded */
             ok, bad, ok, ok, ok);
    write_file(f, "ins.csv", data, path, sizeof path);
    struct dataimport_result r;
    assert_int_equal(import(f, "insurance", path, &r), 0);
    assert_int_equal(r.read, 7);
    assert_int_equal(r.loaded, 2);
    assert_int_equal(r.duplicates, 0);
    assert_int_equal(r.rejected, 5);
    assert_int_equal(r.read, r.loaded + r.duplicates + r.rejected);

    char rj[160];
    snprintf(rj, sizeof rj, "%s.rejects.csv", path);
    assert_string_equal(r.rejects_path, rj);
    snprintf(want, sizeof want,
             "\xEF\xBB\xBFline,reason,id_number,event_date,employer\n"
             "3,id_checksum,%s,2024-01-01,x\n"
             "4,event_date_invalid,%s,2024-02-30,x\n"
             "5,csv_fields,%s,2024-01-01\n"
             "6,id_charset,\"multi\nline\",2024-01-01,x\n"
             "8,id_first_generation,440106750615313,2024-01-01,x\n",
             bad, ok, ok);
    assert_string_equal(read_file(rj), want);

    struct records rs = records_of(f, "insurance", ok);
    assert_int_equal(rs.n, 2); /* latest first */
    assert_string_equal(rs.date[0], "2024-01-02");
    assert_string_equal(rs.extra[0], "\"q\"\"uote\"");
    assert_int_equal(rs.line[0], 9);
    assert_string_equal(rs.date[1], "2024-01-01");
    assert_string_equal(rs.extra[1], "\"Acme, Ltd\"");
}

static void reimporting_the_same_file_adds_nothing(void **state)
{
    struct fixture *f = *state;
    char id[19], path[128], data[512];
    make_id(id, "510107", "19880808", 41);
    snprintf(data, sizeof data,
             "id_number,event_date\n%s,2025-01-01\n%s,2025-02-01\n%s,2025-02-01\nbad,2025-01-01\n",
             id, id, id);
    write_file(f, "filings.csv", data, path, sizeof path);
    struct dataimport_result r1, r2;
    assert_int_equal(import(f, "employment_filings", path, &r1), 0);
    assert_int_equal(r1.loaded, 2);
    assert_int_equal(r1.duplicates, 1); /* the same row twice in one file */
    assert_int_equal(r1.rejected, 1);
    assert_int_equal(r1.previous_id, 0);
    assert_int_equal(import(f, "employment_filings", path, &r2), 0);
    assert_int_equal(r2.read, 4);
    assert_int_equal(r2.loaded, 0);
    assert_int_equal(r2.duplicates, 3);
    assert_int_equal(r2.rejected, 1);
    assert_int_equal(r2.previous_id, r1.import_id);
    assert_string_equal(r2.sha256, r1.sha256);
    assert_int_equal(records_of(f, "employment_filings", id).n, 2);
    /* The same rows as another source are other records. */
    struct dataimport_result r3;
    assert_int_equal(import(f, "business_licences", path, &r3), 0);
    assert_int_equal(r3.loaded, 2);
    assert_int_equal(r3.previous_id, 0);
}

static void user_errors_name_the_problem(void **state)
{
    struct fixture *f = *state;
    char path[128], missing[128];
    struct dataimport_result r;
    write_file(f, "h.csv", "id,event_date\n", path, sizeof path);
    assert_int_equal(import(f, "insurance", path, &r), -ERR_CSV_HEADER);
    assert_int_equal(r.import_id, 0);
    write_file(f, "swapped.csv", "event_date,id_number\n", path, sizeof path);
    assert_int_equal(import(f, "insurance", path, &r), -ERR_CSV_HEADER);
    write_file(f, "empty.csv", "", path, sizeof path);
    assert_int_equal(import(f, "insurance", path, &r), -ERR_CSV_HEADER);
    write_file(f, "ok.csv", "id_number,event_date\n", path, sizeof path);
    assert_int_equal(import(f, "pension", path, &r), -ERR_DATASET_SOURCE);
    snprintf(missing, sizeof missing, "%s/none.csv", f->t.dir);
    assert_int_equal(import(f, "insurance", missing, &r), -ERR_DATASET_FILE);
    assert_int_equal(import(f, "insurance", f->t.dir, &r), -ERR_DATASET_FILE); /* a directory */
    /* The reject file must not overwrite the input. */
    struct dataimport_opts o = {.source = "insurance", .path = path, .rejects_path = path};
    assert_int_equal(app_dataimport_run(&f->t.app, &f->t.sys, &o, &r), -ERR_DATASET_REJECTS);
    assert_string_equal(read_file(path), "id_number,event_date\n");
    o.rejects_path = "/nonexistent-dir/r.csv";
    assert_int_equal(app_dataimport_run(&f->t.app, &f->t.sys, &o, &r), -ERR_DATASET_REJECTS);
    /* A header alone is a complete import of nothing. */
    assert_int_equal(import(f, "insurance", path, &r), 0);
    assert_int_equal(r.read, 0);
    assert_true(r.complete);
    assert_int_equal(loaded_sources(f), 1);
}

static void a_broken_csv_keeps_the_rows_before_and_leaves_the_import_unfinished(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19], path[128], data[512];
    make_id(a, "330106", "19700101", 51);
    make_id(b, "330106", "19700101", 52);
    snprintf(data, sizeof data,
             "id_number,event_date\n%s,2025-01-01\n%s,2025-01-01\n\"%s,2025-01-01\n%s,2025-03-01\n",
             a, b, a, b);
    write_file(f, "deaths.csv", data, path, sizeof path);
    struct dataimport_result r;
    struct dataimport_opts o = {.source = "deaths", .path = path, .batch_rows = 1};
    assert_int_equal(app_dataimport_run(&f->t.app, &f->t.sys, &o, &r), -ERR_CSV_QUOTE);
    assert_int_equal(r.stop_line, 4);
    assert_false(r.complete);
    assert_int_equal(r.loaded, 2);
    assert_int_equal(records_of(f, "deaths", b).n, 1);
    /* Unfinished: absence from it proves nothing, so the source is not loaded. */
    assert_int_equal(loaded_sources(f), 0);
    char rj[160];
    snprintf(rj, sizeof rj, "%s.rejects.csv", path);
    assert_non_null(strstr(read_file(rj), "\n4,csv_quote\n"));
}

struct progress_log {
    int calls, done;
    int64_t last_rows;
};

static void on_progress(const struct dataimport_progress *p, void *arg)
{
    struct progress_log *l = arg;
    l->calls++;
    l->done += p->done;
    l->last_rows = p->rows;
    assert_true(p->bytes_read <= p->bytes_total);
}

static void small_runs_and_batches_store_every_row_once_with_its_first_line(void **state)
{
    struct fixture *f = *state;
    char path[128], id[19];
    static char data[400000];
    size_t n = (size_t)snprintf(data, sizeof data, "id_number,event_date\n");
    make_id(id, "420111", "19950505", 61);
    /* 10,000 distinct days, newest first, then the 100 oldest again (lines 10002-10101). */
    for (int m = 0; m < 10100; m++) {
        char ds[DATE_STRLEN];
        int32_t day = date_from_ymd(2020, 1, 1) - (m < 10000 ? m : 9999 - (m - 10000));
        n += (size_t)snprintf(data + n, sizeof data - n, "%s,%s\n", id, date_format(day, ds));
    }
    write_file(f, "many.csv", data, path, sizeof path);
    struct progress_log log = {0};
    struct dataimport_opts o = {.source = "custody",
                                .path = path,
                                .batch_rows = 999,
                                .run_bytes = 4096, /* about 100 runs spilled to $TMPDIR */
                                .progress = on_progress,
                                .progress_arg = &log};
    struct dataimport_result r;
    assert_int_equal(app_dataimport_run(&f->t.app, &f->t.sys, &o, &r), 0);
    assert_int_equal(r.read, 10100);
    assert_int_equal(r.loaded, 10000);
    assert_int_equal(r.duplicates, 100);
    /* Read, then stored: one call per 8192 rows of each, and the last one. */
    assert_int_equal(log.done, 1);
    assert_int_equal(log.calls, 2 * (10100 / DATAIMPORT_PROGRESS_ROWS) + 1);
    assert_int_equal(log.last_rows, 10100);
    struct records rs = records_of(f, "custody", id);
    assert_int_equal(rs.n, 10000);
    assert_string_equal(rs.date[0], "2020-01-01");
    assert_int_equal(rs.line[0], 2);
    assert_string_equal(rs.last_date, "1992-08-16"); /* 2020-01-01 minus 9999 days */
    assert_int_equal(rs.last_line, 10001);           /* its first line, not 10002 */
}

/* --- verification ---------------------------------------------------------------------- */

/* A person and a pending application (unemployed since 2026-01-15) in 110101. */
static int64_t make_application(struct fixture *f, const char *id, const char *status,
                                int64_t *person_id)
{
    char key[32], app_no[40];
    static int serial;
    snprintf(key, sizeof key, "C:%s", id);
    snprintf(app_no, sizeof app_no, "11010120260302%04d", ++serial);
    struct person p = {.person_key = key,
                       .id_type = "resident_id",
                       .id_number = id,
                       .name = "张三",
                       .phone = "13800138000",
                       .residence_region = "110101",
                       .residence_address = "北京市东城区"};
    struct application a = {.application_no = app_no,
                            .channel = "online",
                            .status = status,
                            .register_region = "110101",
                            .scope_region = "110101",
                            .register_basis = "residence",
                            .unemployed_since = "2026-01-15",
                            .unemployment_reason = "20",
                            .commitment_at = "2026-03-02T08:00:00+08:00",
                            .query_code_hash = "x",
                            .submitted_at = "2026-03-02T08:00:00+08:00",
                            .accepted_on = "2026-03-02",
                            .deadline = "2026-03-11"};
    int64_t app_id = 0;
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_person_upsert(c, &p, clock_now(), person_id), 0);
    a.person_id = *person_id;
    assert_int_equal(store_app_insert(c, &a, &app_id), 0);
    assert_int_equal(store_tx_commit(c), 0);
    store_release(f->t.app.store, c);
    return app_id;
}

struct verif_log {
    int n;
    char check[8][16], result[8][16], source[8][32], evidence[8][256];
};

static int on_verification(const struct verification_row *r, void *arg)
{
    struct verif_log *l = arg;
    if (l->n < 8) {
        snprintf(l->check[l->n], 16, "%s", r->check_name);
        snprintf(l->result[l->n], 16, "%s", r->result);
        snprintf(l->source[l->n], 32, "%s", r->source);
        snprintf(l->evidence[l->n], 256, "%s", r->evidence);
    }
    l->n++;
    return 0;
}

static int on_task(const struct task_row *r, void *arg)
{
    if (strcmp(r->status, "open") == 0)
        (*(int *)arg)++;
    return 0;
}

static int run_verify(struct fixture *f, int64_t app_id, const char *id, struct verify_summary *s)
{
    char key[32];
    snprintf(key, sizeof key, "C:%s", id);
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_tx_begin(c, true), 0);
    int rc =
        verify_application(c, app_id, key, date_from_ymd(2026, 1, 15), "110101", TESTAPP_NOW, s);
    assert_int_equal(store_tx_commit(c), 0);
    store_release(f->t.app.store, c);
    return rc;
}

static void verification_stores_every_check_and_one_task_per_unknown(void **state)
{
    struct fixture *f = *state;
    char me[19], other[19], path[128], data[512];
    make_id(me, "110101", "19900307", 71);
    make_id(other, "110101", "19900307", 72);
    struct dataimport_result r;
    /* ssc_holders loaded without me: identity unknown. */
    snprintf(data, sizeof data, "id_number,event_date\n%s,2015-01-01\n", other);
    write_file(f, "ssc.csv", data, path, sizeof path);
    assert_int_equal(import(f, "ssc_holders", path, &r), 0);
    /* insurance: a contribution for February 2026 contradicts joblessness since 2026-01-15. */
    snprintf(data, sizeof data, "id_number,event_date,employer\n%s,202512,A\n%s,202602,B\n", me,
             me);
    write_file(f, "ins.csv", data, path, sizeof path);
    assert_int_equal(import(f, "insurance", path, &r), 0);
    int64_t ins_import = r.import_id;
    /* deaths loaded, without me: pass. pensions and custody never loaded: unknown. */
    snprintf(data, sizeof data, "id_number,event_date\n%s,2020-01-01\n", other);
    write_file(f, "deaths.csv", data, path, sizeof path);
    assert_int_equal(import(f, "deaths", path, &r), 0);

    int64_t person;
    int64_t app_id = make_application(f, me, "pending_review", &person);
    struct verify_summary s;
    assert_int_equal(run_verify(f, app_id, me, &s), 0);
    assert_int_equal(s.pass, 1);
    assert_int_equal(s.fail, 1);
    assert_int_equal(s.unknown, 3);
    assert_int_equal(s.tasks_opened, 3);

    struct verif_log v = {0};
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_app_verifications(c, app_id, on_verification, &v), 5);
    store_release(f->t.app.store, c);
    assert_string_equal(v.check[1], "employment");
    assert_string_equal(v.result[1], "fail");
    assert_string_equal(v.source[1], "insurance");
    char want[256];
    snprintf(want, sizeof want,
             "{\"source\":\"insurance\",\"event_date\":\"2026-02-01\",\"line\":3,\"extra\":\"B\","
             "\"import_id\":%lld,\"basis\":\"event_after_unemployed_since\"}",
             (long long)ins_import);
    assert_string_equal(v.evidence[1], want);
    assert_string_equal(v.check[0], "identity");
    assert_string_equal(v.result[0], "unknown");
    assert_string_equal(v.source[0], "");
    assert_string_equal(v.evidence[0], "{\"basis\":\"not_found_in_loaded_dataset\"}");
    assert_string_equal(v.result[3], "pass"); /* death */
    assert_string_equal(v.result[2], "unknown");
    assert_string_equal(v.result[4], "unknown");

    /* Again: five more verification rows, no new task. */
    assert_int_equal(run_verify(f, app_id, me, &s), 0);
    assert_int_equal(s.unknown, 3);
    assert_int_equal(s.tasks_opened, 0);
    int open = 0;
    c = store_acquire(f->t.app.store);
    assert_int_equal(store_app_tasks(c, app_id, on_task, &open), 3);
    store_release(f->t.app.store, c);
    assert_int_equal(open, 3);

    /* Pensions are loaded now, without me: that check passes and its task is closed; the two
     * others stay open. */
    snprintf(data, sizeof data, "id_number,event_date\n%s,2020-01-01\n", other);
    write_file(f, "pensions.csv", data, path, sizeof path);
    assert_int_equal(import(f, "pensions", path, &r), 0);
    assert_int_equal(run_verify(f, app_id, me, &s), 0);
    assert_int_equal(s.unknown, 2);
    assert_int_equal(s.tasks_closed, 1);
    open = 0;
    c = store_acquire(f->t.app.store);
    assert_int_equal(store_app_tasks(c, app_id, on_task, &open), 3);
    store_release(f->t.app.store, c);
    assert_int_equal(open, 2);
}

static void compare_walks_pending_applications_and_active_registrations(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19], d[19];
    make_id(a, "110101", "19800101", 81);
    make_id(b, "110101", "19800101", 82);
    make_id(d, "110101", "19800101", 83);
    int64_t pa, pb, pd;
    make_application(f, a, "pending_review", &pa);
    make_application(f, d, "submitted", &pd); /* not yet up for review: not compared */
    int64_t app_b = make_application(f, b, "approved", &pb);
    struct registration reg = {.registration_no = "1101012026000001",
                               .application_id = app_b,
                               .person_id = pb,
                               .register_region = "110101",
                               .scope_region = "110101",
                               .status = "active",
                               .registered_on = "2026-03-02"};
    int64_t reg_id;
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_reg_insert(c, &reg, &reg_id), 0);
    assert_int_equal(store_tx_commit(c), 0);
    store_release(f->t.app.store, c);

    struct compare_result n;
    struct compare_opts o = {0};
    struct err_ctx ec = {0};
    access_system_actor(&f->t.sys, "compare");
    assert_int_equal(app_compare_run(&f->t.app, &f->t.sys, &o, &n, &ec), 0);
    assert_int_equal(n.verify.checked, 2);
    assert_int_equal(n.verify.applications, 1);
    assert_int_equal(n.registrations, 1);
    assert_int_equal(n.verify.unknown, 5); /* nothing loaded: the application's five checks */
    assert_int_equal(n.verify.tasks_opened, 5);
    assert_int_equal(n.found, 0); /* nothing ends the registration */
    assert_int_equal(app_compare_run(&f->t.app, &f->t.sys, &o, &n, &ec), 0);
    assert_int_equal(n.verify.checked, 2);
    assert_int_equal(n.verify.tasks_opened, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(utf8_with_bom_and_gb18030_load_the_same_text, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rejects_carry_the_line_the_reason_and_the_original_fields,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reimporting_the_same_file_adds_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(user_errors_name_the_problem, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_broken_csv_keeps_the_rows_before_and_leaves_the_import_unfinished, setup, teardown),
        cmocka_unit_test_setup_teardown(
            small_runs_and_batches_store_every_row_once_with_its_first_line, setup, teardown),
        cmocka_unit_test_setup_teardown(verification_stores_every_check_and_one_task_per_unknown,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(compare_walks_pending_applications_and_active_registrations,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
