/*
 * backup.h — a consistent copy of a SQLite database while it serves, and its restore.
 *
 * `ureg backup FILE` and `ureg restore FILE` (CONTRACT.md). SQLite only: a PostgreSQL
 * database is backed up with its own tools (pg_dump, pg_basebackup; docs/operations.md), and
 * both calls answer -ERR_DB_BACKUP_SQLITE_ONLY for a postgresql:// URL.
 */
#ifndef UREG_STORE_BACKUP_H
#define UREG_STORE_BACKUP_H

/* Called after each step of a long copy: `done` of `total` units (pages, rows) of `what`. */
typedef void (*store_progress_fn)(const char *what, long done, long total, void *arg);

/*
 * Copy the SQLite database at `db_url` to the new file `dest`, page by page in small steps from
 * one snapshot (writers carry on meanwhile; the copy is the database as it was when the backup
 * began), then check the copy is a ureg database and move it into place: `dest` appears only
 * complete (written as dest.partial, then renamed). Refuses an existing non-empty `dest`
 * (-ERR_DB_TARGET_EXISTS). Returns 0 and the copy's schema version in *version, or a negative
 * error (a message on stderr for I/O failures).
 */
int store_backup_to(const char *db_url, const char *dest, store_progress_fn progress, void *arg,
                    int *version);

/*
 * Restore the backup `file` into `db_url`, which must be absent or an empty file
 * (-ERR_DB_NOT_EMPTY otherwise). The copy is checked to be a ureg database (-ERR_DB_NOT_UREG)
 * whose schema is not newer than this binary's (-ERR_DB_SCHEMA_NEWER), migrated up if older,
 * and only then moved into place. *from and *to get the schema versions before and after.
 */
int store_restore_from(const char *db_url, const char *file, store_progress_fn progress, void *arg,
                       int *from, int *to);

#endif
