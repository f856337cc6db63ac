/*
 * report.c — the `report` commands: the monthly or quarterly statistics of a region (app/stats)
 * as JSON (the API's object), CSV or XLSX, on stdout or into a file; the consistency checks; the
 * submission (freeze) and its recount; the employed count; the data-quality bulletin. Run as the
 * system actor, whose scope is every region.
 */
#include "cli/cli.h"

#include "app/access.h"
#include "app/app.h"
#include "app/stats.h"
#include "base/buf.h"
#include "base/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Write b to --out FILE, else stdout. 0, or 1 after saying why. */
static int cli__report_write(const struct cli *c, const struct buf *b)
{
    const char *path = cli_opt(c, "out");
    FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "wb") : stdout;
    if (!f)
        return cli_fail(c, -ERR_IO, path);
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    if (f == stdout && b->len && b->data[b->len - 1] != '\n')
        ok = fputc('\n', f) != EOF && ok;
    ok = (f == stdout ? fflush(f) : fclose(f)) == 0 && ok;
    return ok ? 0 : cli_fail(c, -ERR_IO, path ? path : "stdout");
}

/* `report monthly` and `report quality`: the form `export` makes, written to --out or stdout. */
static int cli__report_form(struct cli *c, app_stats_export_fn export)
{
    const char *period = cli_opt(c, "period");
    if (!period)
        return cli_usage(c);
    enum stats_format fmt;
    if (app_stats_format_parse(cli_opt(c, "format"), &fmt) < 0)
        return cli_fail(c, -ERR_FIELD_INVALID, "--format json|csv|xlsx");
    struct app *a;
    struct actor by;
    int st = cli_open_app(c, &a, 2, &by);
    if (st)
        return st;
    struct buf b = {0};
    struct err_ctx ec = {0};
    int rc = export(a, &by, period, cli_opt(c, "region"), fmt, &b, &ec);
    st = rc < 0 ? cli_fail(c, rc, ec.field) : cli__report_write(c, &b);
    buf_free(&b);
    app_close(a);
    return st;
}

int cli_cmd_report_monthly(struct cli *c)
{
    return cli__report_form(c, app_stats_export);
}

/* Print a JSON result and free it. */
static int cli__report_json(const struct cli *c, json_t *o)
{
    char *text = json_dump(o);
    struct buf b = {0};
    buf_puts(&b, text ? text : "{}");
    free(text);
    json_decref(o);
    int st = cli__report_write(c, &b);
    buf_free(&b);
    return st;
}

int cli_cmd_report_check(struct cli *c)
{
    const char *period = cli_opt(c, "period"), *region = cli_opt(c, "region");
    if (!period)
        return cli_usage(c);
    struct app *a;
    struct actor by;
    int st = cli_open_app(c, &a, 2, &by);
    if (st)
        return st;
    json_t *o = NULL;
    struct err_ctx ec = {0};
    int rc = app_stats_check(a, &by, period, region, &o, &ec);
    if (rc < 0) {
        st = cli_fail(c, rc, ec.field);
    } else {
        bool ok = json_is_true(json_object_get(o, "ok"));
        st = cli__report_json(c, o);
        if (st == 0 && !ok)
            st = 1; /* a broken identity is the operator's to see and fix */
    }
    app_close(a);
    return st;
}

int cli_cmd_report_freeze(struct cli *c)
{
    const char *period = cli_opt(c, "period"), *region = cli_opt(c, "region");
    if (!period)
        return cli_usage(c);
    struct app *a;
    struct actor by;
    int st = cli_open_app(c, &a, 2, &by);
    if (st)
        return st;
    json_t *o = NULL;
    struct err_ctx ec = {0};
    int rc = cli_flag(c, "recount") ? app_stats_recount(a, &by, period, region, 1000, &o, &ec)
                                    : app_stats_freeze(a, &by, period, region, &o, &ec);
    st = rc < 0 ? cli_fail(c, rc, ec.field) : cli__report_json(c, o);
    app_close(a);
    return st;
}

int cli_cmd_report_employed(struct cli *c)
{
    const char *period = cli_opt(c, "period"), *region = cli_opt(c, "region"), *n_s = cli_arg(c, 0);
    if (!period || !n_s)
        return cli_usage(c);
    char *end;
    errno = 0;
    long long n = strtoll(n_s, &end, 10);
    if (errno || *end || end == n_s)
        return cli_fail(c, -ERR_STATS_EMPLOYED, n_s);
    struct app *a;
    struct actor by;
    int st = cli_open_app(c, &a, 2, &by);
    if (st)
        return st;
    struct err_ctx ec = {0};
    int rc = app_stats_employed_set(a, &by, period, region, n, &ec);
    st = rc < 0 ? cli_fail(c, rc, ec.field) : 0;
    if (rc == 0)
        printf("employed %lld\n", n);
    app_close(a);
    return st;
}

int cli_cmd_report_quality(struct cli *c)
{
    return cli__report_form(c, app_stats_quality_export);
}
