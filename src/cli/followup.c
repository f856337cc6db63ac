/*
 * followup.c — `ureg followup run` (issue 9): the monthly follow-up's due days and the counter
 * exits as of now (UREG_NOW under --dev). Parses its arguments, calls app_followup_run, shows
 * progress on stderr (base/progress) and prints the counts on stdout.
 */
#include "cli/cli.h"

#include "app/access.h"
#include "app/app.h"
#include "app/followup.h"
#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>

static void cli_followup__show(int64_t done, int64_t total, void *arg)
{
    struct progress *p = arg;
    (void)total;
    progress_update(p, done);
}

int cli_cmd_followup_run(struct cli *c)
{
    const char *batch = cli_opt(c, "batch");
    char *end = NULL;
    long n = batch ? strtol(batch, &end, 10) : 1000;
    if (cli_arg(c, 0) || (batch && (*end || n < 1 || n > 10000)))
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct progress prog;
    struct followup_counts k;
    progress_begin(&prog, "ureg followup run", "registrations", 0);
    rc = app_followup_run(a, &by, (int)n, cli_followup__show, &prog, &k);
    if (rc < 0)
        progress_abort(&prog);
    else
        progress_end(&prog, k.checked);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, NULL);
    printf("checked %lld%s: exits %lld, exit proposals %lld, due dates corrected %lld, "
           "follow-ups due %lld (overdue %lld), exits refused by the rules %lld\n",
           (long long)k.checked, k.resumed ? " (resumed)" : "", (long long)k.exits,
           (long long)k.proposals, (long long)k.due_corrected, (long long)k.due,
           (long long)k.overdue, (long long)k.skipped);
    return 0;
}
