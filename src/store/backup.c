/*
 * backup.c — backup and restore of a SQLite database file (see backup.h).
 *
 * Both directions are the backend's page-by-page online backup (sqlite.c) into a temporary file
 * beside the target, checked by opening it as a store, then renamed over the target and the
 * directory synced: a reader of the target never sees half a copy, and a failure leaves no file
 * behind. No audit entry is written: a backup must be the database as it was, and a restore
 * is the database as it was backed up (the operator's shell history and the log say who did
 * it).
 */
#include "store/backup.h"

#include "store/backend.h"
#include "store/db.h"

#include "base/err.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char SQL_HAS_MIGRATIONS_SQLITE[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

struct backup__pages {
    store_progress_fn fn;
    void *arg;
};

static void backup__pages(long done, long total, void *arg)
{
    struct backup__pages *p = arg;
    if (p->fn)
        p->fn("pages", done, total, p->arg);
}

/* The backend for a file copy: -ERR_DB_BACKUP_SQLITE_ONLY for a PostgreSQL URL. */
static int backup__backend(const char *url, const struct store_backend **be)
{
    *be = store__backend_for(url);
    if (!*be || !(*be)->backup)
        return -ERR_DB_BACKUP_SQLITE_ONLY;
    return 0;
}

/* True when `path` names a file with something in it. */
static bool backup__non_empty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

void store__remove_sqlite_files(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
}

/*
 * Open the copy at `path` as a store and read its schema version into *version (-1 when it has
 * no schema_migrations table: not a ureg database). With `migrate_to` set, apply pending
 * migrations and put the version after them there. Closing the only connection checkpoints the
 * WAL into the file, so the file alone is the whole database afterwards.
 */
static int backup__check(const char *path, int *version, int *migrate_to)
{
    struct store *s = NULL;
    int rc = store_open(path, 1, &s);
    if (rc < 0)
        return rc;
    struct store_conn *c = store_acquire(s);
    int64_t has = 0;
    rc = store_q_one_int(store_q_open(c, SQL_HAS_MIGRATIONS_SQLITE), &has, -ERR_INTERNAL);
    if (rc == 0 && !has)
        rc = -ERR_DB_NOT_UREG;
    if (rc == 0) {
        rc = store_schema_version(c);
        if (rc >= 0) {
            *version = rc;
            rc = 0;
        }
    }
    store_release(s, c);
    if (rc == 0 && *version > store_schema_latest(s))
        rc = -ERR_DB_SCHEMA_NEWER;
    if (rc == 0 && migrate_to) {
        rc = store_migrate(s);
        if (rc >= 0) {
            c = store_acquire(s);
            rc = store_schema_version(c);
            store_release(s, c);
            if (rc >= 0) {
                *migrate_to = rc;
                rc = 0;
            }
        }
    }
    store_close(s);
    return rc;
}

/* Rename `tmp` over `dest` and sync the directory, so the new name survives a power cut. */
static int backup__install(const char *tmp, const char *dest)
{
    if (rename(tmp, dest) != 0) {
        fprintf(stderr, "ureg: cannot rename %s to %s: %s\n", tmp, dest, strerror(errno));
        return -ERR_IO;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", dest);
    int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return 0;
}

/* Copy src to dest through dest.SUFFIX, checked (and migrated when `to` is set). */
static int backup__copy(const struct store_backend *be, const char *src, const char *dest,
                        const char *suffix, store_progress_fn progress, void *arg, int *from,
                        int *to)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.%s", dest, suffix) >= (int)sizeof tmp)
        return -ERR_IO;
    store__remove_sqlite_files(tmp); /* a leftover of an interrupted run */
    struct backup__pages p = {progress, arg};
    int rc = be->backup(src, tmp, backup__pages, &p);
    if (rc == 0)
        rc = backup__check(tmp, from, to);
    if (rc == 0)
        rc = backup__install(tmp, dest);
    if (rc < 0)
        store__remove_sqlite_files(tmp);
    return rc;
}

int store_backup_to(const char *db_url, const char *dest, store_progress_fn progress, void *arg,
                    int *version)
{
    const struct store_backend *be;
    int rc = backup__backend(db_url, &be);
    if (rc < 0)
        return rc;
    if (backup__non_empty(dest))
        return -ERR_DB_TARGET_EXISTS;
    if (access(db_url, R_OK) != 0) {
        fprintf(stderr, "ureg: cannot read database %s: %s\n", db_url, strerror(errno));
        return -ERR_IO;
    }
    rc = backup__copy(be, db_url, dest, "partial", progress, arg, version, NULL);
    if (rc == 0)
        log_info("store", "event=backup_done version=%d", *version);
    return rc;
}

int store_restore_from(const char *db_url, const char *file, store_progress_fn progress, void *arg,
                       int *from, int *to)
{
    const struct store_backend *be;
    int rc = backup__backend(db_url, &be);
    if (rc < 0)
        return rc;
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "ureg: cannot read backup %s: %s\n", file, strerror(errno));
        return -ERR_IO;
    }
    if (backup__non_empty(db_url))
        return -ERR_DB_NOT_EMPTY;
    rc = backup__copy(be, file, db_url, "restoring", progress, arg, from, to);
    if (rc == 0)
        log_info("store", "event=restore_done from=%d to=%d", *from, *to);
    return rc;
}
