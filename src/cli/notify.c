/*
 * notify.c — `ureg notify run`: sends the exit notifications that are due (app/notify) and prints
 * the counts. Idempotent: a sent notification is never due again.
 */
#include "app/notify.h"
#include "base/clock.h"
#include "cli/cli.h"

#include <stdio.h>

/* `ureg notify run`. Returns the exit status. */
int cli_cmd_notify_run(struct cli *c)
{
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    int sent = 0, failed = 0;
    rc = app_notify_run(a, NULL, clock_now(), &sent, &failed);
    if (rc < 0)
        rc = cli_fail(c, rc, NULL);
    else
        printf("notifications sent %d, failed %d\n", sent, failed);
    app_close(a);
    return rc;
}
