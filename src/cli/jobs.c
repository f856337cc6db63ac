/*
 * jobs.c — the vacancy and matching commands: `ureg jobs import FILE` (bulk vacancies from
 * CSV) and `ureg match run` (the top matches of every active person of a region). Each parses
 * its arguments, calls one app_ function and prints counts; progress goes to stderr
 * (base/progress).
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/jobs.h"
#include "app/match.h"
#include "base/err.h"
#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli__jobs_import {
    FILE *rejects;
    struct progress *prog;
};

static void cli__jobs_reject(const struct jobs_reject *r, void *arg)
{
    struct cli__jobs_import *x = arg;
    const struct err_info *e = err_info(r->code);
    fprintf(x->rejects, "%ld,%s,%s,\"%s\"\n", r->line, e->code, r->field ? r->field : "", e->en);
}

static void cli__jobs_progress(long read, uint64_t bytes, uint64_t total, void *arg)
{
    struct cli__jobs_import *x = arg;
    (void)read;
    x->prog->total = (int64_t)(total / 1000);
    progress_update(x->prog, (int64_t)(bytes / 1000));
}

/* The --encoding option: 0 and *out, or -1 for an unknown value. */
static int cli__encoding(const char *enc, enum csv_encoding *out)
{
    *out = CSV_AUTO;
    if (!enc)
        return 0;
    if (strcmp(enc, "utf8") == 0 || strcmp(enc, "utf-8") == 0)
        *out = CSV_UTF8;
    else if (strcmp(enc, "gb18030") == 0)
        *out = CSV_GB18030;
    else
        return -1;
    return 0;
}

int cli_cmd_jobs_import(struct cli *c)
{
    const char *path = cli_arg(c, 0), *rejects = cli_opt(c, "rejects");
    enum csv_encoding enc;
    char rpath[4200], source[4200];
    if (!path || cli_arg(c, 1) || cli__encoding(cli_opt(c, "encoding"), &enc) < 0)
        return cli_usage(c);
    snprintf(rpath, sizeof rpath, "%s", rejects ? rejects : path);
    if (!rejects)
        snprintf(rpath + strlen(rpath), sizeof rpath - strlen(rpath), ".rejects.csv");
    const char *base = strrchr(path, '/');
    snprintf(source, sizeof source, "import:%s", base ? base + 1 : path);
    int err = 0;
    struct csv_reader *r = csv_open_file(path, enc, &err);
    if (!r)
        return cli_fail(c, -ERR_DATASET_FILE, path);
    struct cli__jobs_import x = {fopen(rpath, "w"), NULL};
    if (!x.rejects || strcmp(rpath, path) == 0) {
        csv_close(r);
        if (x.rejects)
            fclose(x.rejects);
        return cli_fail(c, -ERR_DATASET_REJECTS, rpath);
    }
    fputs("\xEF\xBB\xBFline,reason,field,message\n", x.rejects);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc) {
        csv_close(r);
        fclose(x.rejects);
        return rc;
    }
    struct progress prog;
    progress_begin(&prog, "ureg jobs import", "kB", 0);
    x.prog = &prog;
    struct jobs_import_opts o = {source, cli__jobs_reject, cli__jobs_progress, &x};
    struct jobs_import_result n;
    rc = app_job_import(a, &by, r, &o, &n);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, (int64_t)(csv_bytes_read(r) / 1000));
    csv_close(r);
    app_close(a);
    if (fclose(x.rejects) != 0 && rc == 0)
        rc = -ERR_DATASET_REJECTS;
    printf("read %ld, loaded %ld, rejected %ld\nrejects: %s\n", n.read, n.loaded, n.rejected,
           rpath);
    if (rc < 0) {
        char where[4300];
        snprintf(where, sizeof where, "%s line %ld", path, n.stop_line);
        return cli_fail(c, rc, n.stop_line ? where : path);
    }
    return 0;
}

static void cli__match_progress(long done, void *arg)
{
    progress_update(arg, done);
}

/* A small whole number option; -1 when malformed or out of [lo, hi]. */
static int cli__small(const char *s, int lo, int hi, int absent)
{
    if (!s)
        return absent;
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end && v >= lo && v <= hi ? (int)v : -1;
}

int cli_cmd_match_run(struct cli *c)
{
    struct match_run_opts o = {
        .region = cli_opt(c, "region"),
        .out_path = cli_opt(c, "out"),
        .export_dir = cli_opt(c, "export"),
        .top = cli__small(cli_opt(c, "top"), 1, MATCH_TOP_MAX, MATCH_DEFAULT_TOP),
        .threads = cli__small(cli_opt(c, "threads"), 1, 8, 2),
        .progress = cli__match_progress,
    };
    if (cli_arg(c, 0) || o.top < 0 || o.threads < 0)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct progress prog;
    progress_begin(&prog, "ureg match run", "people", 0);
    o.progress_arg = &prog;
    struct match_run_counts n;
    struct err_ctx ec = {0};
    rc = app_match_run(a, &by, &o, &n, &ec);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, n.people);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, ec.field);
    printf("vacancies open %ld, people %ld, with a match %ld, rows %ld, scored %ld\n", n.jobs,
           n.people, n.with_match, n.rows, n.scored);
    printf("load %.2f s, rank %.2f s\n", n.load_s, n.rank_s);
    return 0;
}
