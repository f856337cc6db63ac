/*
 * gen.c — the `gen` command: synthetic, deterministic data (app/gen). Parses the options, runs
 * app_gen as the system actor, shows progress on stderr (base/progress), and prints the
 * counts on stdout.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/gen.h"
#include "base/err.h"
#include "base/progress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cli__gen_progress(long done, long total, void *arg)
{
    (void)total;
    progress_update(arg, done);
}

int cli_cmd_gen(struct cli *c)
{
    const char *people_s = cli_opt(c, "people"), *seed_s = cli_opt(c, "seed");
    if (!people_s)
        return cli_usage(c);
    char *end;
    errno = 0;
    long people = strtol(people_s, &end, 10);
    if (errno || *end || end == people_s || people < 1 || people > GEN_MAX_PEOPLE)
        return cli_fail(c, -ERR_GEN_PEOPLE, people_s);
    unsigned long long seed = 1;
    if (seed_s) {
        errno = 0;
        seed = strtoull(seed_s, &end, 10);
        if (errno || *end || end == seed_s || seed_s[0] == '-')
            return cli_usage(c);
    }
    long jobs = 0;
    const char *jobs_s = cli_opt(c, "jobs");
    if (jobs_s) {
        errno = 0;
        jobs = strtol(jobs_s, &end, 10);
        if (errno || *end || end == jobs_s || jobs < 0 || jobs > GEN_MAX_JOBS)
            return cli_usage(c);
    }
    struct gen_options o = {
        .jobs = jobs,
        .people = people,
        .seed = seed,
        .region = cli_opt(c, "region"),
        .from = cli_opt(c, "from"),
        .out_dir = cli_opt(c, "out"),
        .progress = cli__gen_progress,
    };
    struct progress prog;
    progress_begin(&prog, "ureg gen", "people", people);
    o.progress_arg = &prog;
    struct app *a = NULL;
    struct actor by;
    struct gen_counts n;
    struct err_ctx ec = {0};
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_gen(a, &by, &o, &n, &ec);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, n.people + n.skipped);
    app_close(a);
    if (rc < 0) {
        const char *what = ec.field && strcmp(ec.field, "region") == 0 ? o.region
                           : ec.field && strcmp(ec.field, "from") == 0 ? o.from
                           : ec.field && strcmp(ec.field, "out") == 0  ? o.out_dir
                                                                       : NULL;
        return cli_fail(c, rc, what);
    }
    printf("people: %ld (seed %llu, region %s, applications %s to %s)\n", n.people, seed,
           o.region ? o.region : GEN_DEFAULT_REGION, n.from, n.to);
    printf("applications: %ld (online %ld, counter %ld, national %ld)\n", n.people, n.online,
           n.counter, n.national);
    printf("decisions: approved %ld, rejected %ld, pending_review %ld (overdue %ld)\n", n.approved,
           n.rejected, n.pending, n.overdue);
    printf("registrations: %ld\n", n.registrations);
    printf("contacts: %ld\n", n.contacts);
    printf("skipped: %ld\n", n.skipped);
    if (jobs > 0)
        printf("vacancies: %ld (lapsed already %ld)\n", n.jobs, n.jobs_lapsed);
    if (o.out_dir) {
        printf("datasets in %s:", o.out_dir);
        for (int s = 0; s < VERIFY_SRC__COUNT; s++)
            printf(" %s %ld%s", app_gen_file(s), n.rows[s], s + 1 < VERIFY_SRC__COUNT ? "," : "");
        printf("\nnext: ureg import SOURCE %s/SOURCE.csv for each dataset, then ureg compare\n",
               o.out_dir);
    }
    return 0;
}
