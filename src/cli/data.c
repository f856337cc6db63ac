/*
 * data.c — the reference-dataset commands: `ureg import SOURCE FILE` (CONTRACT.md) and
 * `ureg compare`. Each parses its arguments, calls one app_ function and prints counts; see
 * cli.h for the exit statuses.
 *
 * Progress (base/progress) goes to stderr: while reading, kB read of the file's size; then rows
 * stored of the valid rows; for compare, the cases checked so far.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/dataimport.h"
#include "app/keys.h"
#include "app/compare.h"
#include "app/verify.h"
#include "base/err.h"
#include "base/progress.h"
#include "rules/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dataimport's callback: the reading phase in kB of the file, then the storing phase in rows. */
static void data__show(const struct dataimport_progress *d, void *arg)
{
    struct progress *p = arg;
    if (d->storing && strcmp(p->phase, "storing") != 0)
        progress_phase(p, "storing", "rows", d->to_store);
    else if (!d->storing)
        p->total = (int64_t)(d->bytes_total / 1000);
    int64_t done = d->storing ? d->stored : (int64_t)(d->bytes_read / 1000);
    if (d->done)
        progress_end(p, done);
    else
        progress_update(p, done);
}

int cli_cmd_import(struct cli *c)
{
    const char *source = cli_arg(c, 0), *path = cli_arg(c, 1);
    const char *enc = cli_opt(c, "encoding"), *batch = cli_opt(c, "batch");
    struct dataimport_opts o = {.source = source,
                                .path = path,
                                .rejects_path = cli_opt(c, "rejects"),
                                .encoding = CSV_AUTO};
    enum verify_source src;
    if (!source || !path || cli_arg(c, 2))
        return cli_usage(c);
    if (verify_source_parse(source, &src) < 0)
        return cli_fail(c, -ERR_DATASET_SOURCE, source);
    if (enc && (strcmp(enc, "utf8") == 0 || strcmp(enc, "utf-8") == 0)) {
        o.encoding = CSV_UTF8;
    } else if (enc && strcmp(enc, "gb18030") == 0) {
        o.encoding = CSV_GB18030;
    } else if (enc) {
        fprintf(stderr, "ureg import: --encoding is utf8 or gb18030 (detected when absent)\n");
        return cli_usage(c);
    }
    if (batch) {
        char *end;
        long n = strtol(batch, &end, 10);
        if (*end || n < 1 || n > 10000000)
            return cli_usage(c);
        o.batch_rows = (int)n;
    }
    struct progress prog;
    progress_begin(&prog, "ureg import", "kB", 0);
    prog.phase = "reading";
    o.progress = data__show;
    o.progress_arg = &prog;

    struct app *a = NULL;
    struct actor by;
    struct dataimport_result r;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_dataimport_run(a, &by, &o, &r);
    progress_abort(&prog); /* nothing after the last callback; ends the line after an error */
    app_close(a);
    if (r.import_id) {
        printf("import %lld: %s from %s (%s)\n", (long long)r.import_id, source, path,
               r.encoding == CSV_GB18030 ? "gb18030" : "utf8");
        if (r.previous_id)
            printf("the same file was imported before (import %lld, %s): its rows count as "
                   "duplicates\n",
                   (long long)r.previous_id, r.previous_at);
        printf("read %lld, loaded %lld, duplicates %lld, rejected %lld\n", (long long)r.read,
               (long long)r.loaded, (long long)r.duplicates, (long long)r.rejected);
        printf("rejects: %s\n", r.rejects_path);
    }
    if (rc < 0) {
        char where[DATAIMPORT_PATH_MAX + 32];
        if (r.stop_line)
            snprintf(where, sizeof where, "%s line %ld", path, r.stop_line);
        else if (rc == -ERR_DATASET_REJECTS)
            snprintf(where, sizeof where, "%s", r.rejects_path);
        else
            snprintf(where, sizeof where, "%s", path);
        rc = cli_fail(c, rc, where);
        if (r.import_id && r.stop_line)
            fprintf(stderr,
                    "ureg import: the rest of the file was not read; fix line %ld and "
                    "import the file again (rows already loaded count as duplicates)\n",
                    r.stop_line);
        return rc;
    }
    return 0;
}

/* compare's callback: one phase of base/progress per step of the run. */
static void data__compare_show(const struct compare_progress *d, void *arg)
{
    struct progress *p = arg;
    bool file = strcmp(d->phase, "file") == 0;
    if (!p->phase || strcmp(p->phase, d->phase) != 0)
        progress_phase(p, d->phase, file ? "kB" : "cases", file ? d->total / 1000 : d->total);
    progress_update(p, file ? d->done / 1000 : d->done);
}

/* The --file SOURCE=PATH options (repeatable) into files[]. Returns how many or -1 (usage). */
static int data__compare_files(const struct cli *c, struct compare_file *files, char **copies)
{
    int n = 0;
    for (int i = 0; i < c->argc; i++) {
        const char *v = NULL;
        if (strcmp(c->argv[i], "--file") == 0 && i + 1 < c->argc)
            v = c->argv[++i];
        else if (strncmp(c->argv[i], "--file=", 7) == 0)
            v = c->argv[i] + 7;
        else
            continue;
        const char *eq = strchr(v, '=');
        if (!eq || eq == v || !eq[1] || n == COMPARE_MAX_FILES)
            return -1;
        copies[n] = strndup(v, (size_t)(eq - v));
        files[n] = (struct compare_file){.source = copies[n], .path = eq + 1};
        n++;
    }
    return n;
}

static void data__compare_print(const struct compare_result *n, const struct compare_opts *o)
{
    const struct compare_counts *v = &n->verify;
    printf("checked %lld (applications %lld, registrations %lld): pass %lld, fail %lld, "
           "unknown %lld, tasks opened %lld, tasks closed %lld\n",
           (long long)v->checked, (long long)v->applications, (long long)n->registrations,
           (long long)v->pass, (long long)v->fail, (long long)v->unknown,
           (long long)v->tasks_opened, (long long)v->tasks_closed);
    printf("registrations with a record that ends them %lld: exits applied %lld, proposed %lld, "
           "proposals already open %lld, skipped %lld\n",
           (long long)n->found, (long long)n->applied, (long long)n->proposed, (long long)n->kept,
           (long long)n->skipped);
    printf("by source:");
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        if (compare_reason((enum verify_source)s))
            printf(" %s %lld", verify_source_name((enum verify_source)s),
                   (long long)n->by_reason[s]);
    printf("\n");
    for (int i = 0; i < o->n_files; i++)
        printf("file %s=%s: read %lld, rejected %lld, rows of registered people %lld; rejects "
               "in %s\n",
               o->files[i].source, o->files[i].path, (long long)n->files[i].read,
               (long long)n->files[i].rejected, (long long)n->files[i].matched,
               n->files[i].rejects_path);
}

int cli_cmd_compare(struct cli *c)
{
    struct compare_file files[COMPARE_MAX_FILES];
    char *copies[COMPARE_MAX_FILES] = {0};
    int n_files = data__compare_files(c, files, copies);
    if (n_files < 0 || cli_arg(c, 0)) {
        for (int i = 0; i < COMPARE_MAX_FILES; i++)
            free(copies[i]);
        return cli_usage(c);
    }
    struct app *a = NULL;
    struct actor by;
    struct compare_result n;
    struct err_ctx ec = {0};
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc) {
        for (int i = 0; i < COMPARE_MAX_FILES; i++)
            free(copies[i]);
        return rc;
    }
    const char *batch_s = cli_opt(c, "batch");
    int batch = batch_s ? atoi(batch_s) : 0;
    const char *export = cli_opt(c, "export-registrations");
    if (export) {
        int64_t rows = 0;
        rc = app_compare_export(a, &by, export, &rows);
        app_close(a);
        for (int i = 0; i < COMPARE_MAX_FILES; i++)
            free(copies[i]);
        if (rc < 0)
            return cli_fail(c, rc, export);
        printf("exported %lld active registrations to %s (document numbers in plain text)\n",
               (long long)rows, export);
        return 0;
    }
    struct progress prog;
    progress_begin(&prog, "ureg compare", "cases", 0);
    struct compare_opts o = {.files = files,
                             .n_files = n_files,
                             .encoding = CSV_AUTO,
                             .registrations_only = cli_flag(c, "registrations-only"),
                             .batch = batch,
                             .progress = data__compare_show,
                             .progress_arg = &prog};
    rc = app_compare_run(a, &by, &o, &n, &ec);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, prog.total);
    app_close(a);
    if (rc == 0)
        data__compare_print(&n, &o);
    char what[COMPARE_PATH_MAX + 64] = "";
    if (rc < 0 && n.bad_file >= 0) {
        if (n.stop_line > 0)
            snprintf(what, sizeof what, "%s=%s line %ld", files[n.bad_file].source,
                     files[n.bad_file].path, n.stop_line);
        else
            snprintf(what, sizeof what, "%s=%s", files[n.bad_file].source, files[n.bad_file].path);
    }
    for (int i = 0; i < COMPARE_MAX_FILES; i++)
        free(copies[i]);
    return rc < 0 ? cli_fail(c, rc, what[0] ? what : NULL) : 0;
}

static void data__rotate_show(int64_t done, int64_t total, void *arg)
{
    struct progress *p = arg;
    p->total = total;
    progress_update(p, done);
}

int cli_cmd_key_rotate(struct cli *c)
{
    const char *batch = cli_opt(c, "batch");
    char *end = NULL;
    long n = batch ? strtol(batch, &end, 10) : 500;
    if (cli_arg(c, 0) || (batch && (*end || n < 1 || n > 100000)))
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct progress prog;
    struct key_rotate_counts k;
    progress_begin(&prog, "ureg key rotate", "rows", 0);
    rc = app_key_rotate(a, &by, (int)n, data__rotate_show, &prog, &k);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, k.people + k.applications + k.users);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, NULL);
    if (k.resumed)
        printf("key version %d (rotation resumed)", k.to);
    else
        printf("key version %d -> %d", k.from, k.to);
    printf(": people %lld, applications %lld re-encrypted (%d pass%s); staff second factors %lld\n",
           (long long)k.people, (long long)k.applications, k.passes, k.passes == 1 ? "" : "es",
           (long long)k.users);
    return 0;
}
