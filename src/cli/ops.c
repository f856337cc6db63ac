/*
 * ops.c — `ureg backup`, `ureg restore` and `ureg migrate`: whole databases for operators.
 * Progress goes to stderr through base/progress (a line on a terminal, plain lines every 10 s
 * otherwise); results go to stdout.
 */
#include "cli/cli.h"

#include "app/ops.h"
#include "base/err.h"
#include "base/progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Progress of a whole-database command through base/progress: one phase per table (or per
 * database file), counted in `unit`. */
struct cli_ops__prog {
    struct progress p;
    const char *what, *unit, *phase;
    long done;
    bool begun;
};

static void cli_ops__progress(const char *phase, long done, long total, void *arg)
{
    struct cli_ops__prog *g = arg;
    if (!g->begun) {
        progress_begin(&g->p, g->what, g->unit, total);
        g->begun = true;
    }
    if (g->phase != phase && strcmp(phase, g->unit) != 0) {
        progress_phase(&g->p, phase, g->unit, total);
        g->phase = phase;
    }
    g->done = done;
    progress_update(&g->p, done);
}

/* End the progress of a command that returned rc. */
static void cli_ops__done(struct cli_ops__prog *g, int rc)
{
    if (!g->begun)
        return;
    if (rc < 0)
        progress_abort(&g->p);
    else
        progress_end(&g->p, g->done);
}

int cli_cmd_backup(struct cli *c)
{
    const char *file = cli_arg(c, 0);
    if (!file)
        return cli_usage(c);
    int version = 0;
    struct cli_ops__prog g = {.what = "ureg backup", .unit = "pages"};
    int rc = app_db_backup(c->db, file, cli_ops__progress, &g, &version);
    cli_ops__done(&g, rc);
    if (rc < 0)
        return cli_fail(c, rc, rc == -ERR_DB_TARGET_EXISTS ? file : c->db);
    printf("backup of %s written to %s (schema %d)\n", c->db, file, version);
    return 0;
}

int cli_cmd_restore(struct cli *c)
{
    const char *file = cli_arg(c, 0);
    if (!file)
        return cli_usage(c);
    int from = 0, to = 0;
    struct cli_ops__prog g = {.what = "ureg restore", .unit = "pages"};
    int rc = app_db_restore(c->db, file, cli_ops__progress, &g, &from, &to);
    cli_ops__done(&g, rc);
    if (rc < 0)
        return cli_fail(c, rc, rc == -ERR_DB_NOT_EMPTY ? c->db : file);
    printf("restored %s into %s (schema %d", file, c->db, from);
    if (to != from)
        printf(", migrated to %d", to);
    printf(")\n");
    return 0;
}

int cli_cmd_migrate(struct cli *c)
{
    const char *from = cli_opt(c, "from"), *to = cli_opt(c, "to");
    if (!from || !to)
        return cli_usage(c);
    struct store_copy_result r;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct cli_ops__prog g = {.what = "ureg migrate", .unit = "rows"};
    int rc = app_db_copy(from, to, cli_flag(c, "force"), cli_ops__progress, &g, &r);
    cli_ops__done(&g, rc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc < 0 && rc != -ERR_DB_COPY_MISMATCH)
        return cli_fail(c, rc,
                        rc == -ERR_DB_NOT_EMPTY                                ? to
                        : rc == -ERR_USAGE                                     ? "(--from and --to "
                                                                                 "must differ)"
                        : rc == -ERR_DB_SCHEMA_OLDER || rc == -ERR_DB_NOT_UREG ? from
                                                                               : NULL);
    long long rows = 0;
    printf("%-16s %10s %-64s %10s %s\n", "table", "rows_from", "checksum_from", "rows_to",
           "checksum_to");
    for (int i = 0; i < r.n_tables; i++) {
        const struct store_copy_table *t = &r.tables[i];
        bool same = t->rows_from == t->rows_to && strcmp(t->sum_from, t->sum_to) == 0;
        printf("%-16s %10lld %s %10lld %s%s\n", t->table, t->rows_from, t->sum_from, t->rows_to,
               t->sum_to, same ? "" : "  DIFFERS");
        rows += t->rows_from;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc < 0)
        return cli_fail(c, rc, to);
    printf("copied %d tables, %lld rows (schema %d -> %d) in %.1f s: counts and checksums equal\n",
           r.n_tables, rows, r.schema_from, r.schema_to, secs);
    return 0;
}
