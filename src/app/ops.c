/*
 * ops.c — operator use cases on whole databases (see ops.h). The work is the store's; what is
 * decided here is what a copy is allowed to be: never a database onto itself.
 */
#include "app/ops.h"

#include "base/err.h"
#include "base/log.h"
#include "store/backup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int app_db_backup(const char *db_url, const char *dest, app_progress_fn progress, void *arg,
                  int *version)
{
    return store_backup_to(db_url, dest, progress, arg, version);
}

int app_db_restore(const char *db_url, const char *file, app_progress_fn progress, void *arg,
                   int *from, int *to)
{
    return store_restore_from(db_url, file, progress, arg, from, to);
}

/* Do two SQLite paths (or equal URLs) name the same database? */
static bool app_ops__same(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

int app_db_copy(const char *from, const char *to, bool force, app_progress_fn progress, void *arg,
                struct store_copy_result *out)
{
    if (app_ops__same(from, to)) {
        memset(out, 0, sizeof *out);
        return -ERR_USAGE;
    }
    int rc = store_copy(from, to, force, progress, arg, out);
    log_info("app", "event=db_copy rc=%d tables=%d", rc, out->n_tables);
    return rc;
}
