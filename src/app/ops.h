/*
 * ops.h — operator use cases on whole databases: backup, restore, copy between backends.
 *
 * They take database URLs, not an open `struct app`: a backup reads a database a server may be
 * using, a restore creates one, a copy reads one side and fills the other, and none of them
 * should migrate, load calendars or start a batch writer on a database it only reads.
 */
#ifndef UREG_APP_OPS_H
#define UREG_APP_OPS_H

#include "store/copy.h"

#include <stdbool.h>

/* Progress of a long step: `done` of `total` units (pages, rows) of `what`. */
typedef void (*app_progress_fn)(const char *what, long done, long total, void *arg);

/* `ureg backup FILE`: see store_backup_to (store/backup.h). */
int app_db_backup(const char *db_url, const char *dest, app_progress_fn progress, void *arg,
                  int *version);

/* `ureg restore FILE`: see store_restore_from. */
int app_db_restore(const char *db_url, const char *file, app_progress_fn progress, void *arg,
                   int *from, int *to);

/* `ureg migrate --from URL --to URL [--force]`: see store_copy (store/copy.h). */
int app_db_copy(const char *from, const char *to, bool force, app_progress_fn progress, void *arg,
                struct store_copy_result *out);

#endif
