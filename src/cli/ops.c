/*
 * ops.c — `ureg backup`, `ureg restore` and `ureg migrate`: whole databases for operators.
 * Progress goes to stderr, and only when it is a terminal; results go to stdout.
 */
#include "cli/cli.h"

#include "app/ops.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One overwritten line on a terminal: "what done/total". */
static void cli_ops__progress(const char *what, long done, long total, void *arg)
{
    const char *verb = arg;
    fprintf(stderr, "\r%s %s %ld/%ld\033[K", verb, what, done, total);
    if (done >= total)
        fputc('\n', stderr);
}

static app_progress_fn cli_ops__tty(void)
{
    return isatty(STDERR_FILENO) ? cli_ops__progress : NULL;
}

int cli_cmd_backup(struct cli *c)
{
    const char *file = cli_arg(c, 0);
    if (!file)
        return cli_usage(c);
    int version = 0;
    int rc = app_db_backup(c->db, file, cli_ops__tty(), "backup", &version);
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
    int rc = app_db_restore(c->db, file, cli_ops__tty(), "restore", &from, &to);
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
    int rc = app_db_copy(from, to, cli_flag(c, "force"), cli_ops__tty(), "copy", &r);
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
