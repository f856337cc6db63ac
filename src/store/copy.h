/*
 * copy.h — a whole database copied between backends (`ureg migrate --from URL --to URL`).
 *
 * The tables are a fixed catalogue in copy.c, kept in step with the migrations: before copying,
 * both sides' live schemas (sqlite_master and pragma table_info on SQLite, information_schema on
 * PostgreSQL) are compared with it, and a table or column it does not know stops the copy (a
 * unit test fails the same way the day a migration adds a table without a catalogue entry).
 */
#ifndef UREG_STORE_COPY_H
#define UREG_STORE_COPY_H

#include "store/backup.h"
#include "store/db.h"

#include <stdbool.h>

#define STORE_COPY_MAX_TABLES 128 /* room for the catalogue (checked where it is filled) */

/* One table's verification: rows and checksum read back from each side after the copy. The
 * checksum is the sum modulo 2^256 of the BLAKE2b-256 digests of the rows' canonical texts
 * (columns in catalogue order, each NULL or length-prefixed text; integers in decimal), so it
 * is independent of the order in which each engine returns the rows. */
struct store_copy_table {
    const char *table; /* static */
    long long rows_from, rows_to;
    char sum_from[65], sum_to[65]; /* hex */
};

struct store_copy_result {
    int n_tables;
    struct store_copy_table tables[STORE_COPY_MAX_TABLES];
    int schema_from, schema_to; /* schema versions of both sides */
};

/*
 * Copy every table of `from` into `to`. The source must be a ureg database at this binary's
 * schema version (-ERR_DB_SCHEMA_OLDER: run `ureg init` on it; -ERR_DB_NOT_UREG) and is only
 * read, from one snapshot. The target is migrated first and must then hold no rows
 * (-ERR_DB_NOT_EMPTY) unless `force`, which empties it (a SQLite target file is recreated).
 * Tables go parents first, rows in primary-key order in batches of 1000, one transaction a
 * batch; PostgreSQL identity sequences are set past the largest id afterwards. Finally both
 * sides are read back into *out. Returns 0 when every count and checksum agree,
 * -ERR_DB_COPY_MISMATCH when one differs (*out says which), or another negative error.
 */
int store_copy(const char *from, const char *to, bool force, store_progress_fn progress, void *arg,
               struct store_copy_result *out);

/*
 * Compare the live schema of the database on `c` (backend `s`) with the copy catalogue: every
 * table but schema_migrations must be in it with the same columns, every catalogue table in
 * the database, and each table's foreign keys must point at tables earlier in the catalogue.
 * Returns 0, or -ERR_DB_SCHEMA_UNKNOWN with the difference on stderr (-ERR_DB_NOT_UREG when
 * there is no schema_migrations table at all).
 */
int store_copy_check_schema(struct store *s, struct store_conn *c);

#endif
