/*
 * copy_catalogue.h — the table catalogue of `ureg migrate` (store/copy.c), generated at build
 * time by tools/gen_copy.awk from src/store/copy.tables: one row a table, parents before
 * children, with the table's fixed SQL. Private to the store.
 */
#ifndef UREG_STORE_COPY_CATALOGUE_H
#define UREG_STORE_COPY_CATALOGUE_H

struct copy_table {
    const char *name;
    const char *cols;  /* "a, b, c": the order of every statement of the table */
    const char *types; /* one letter a column: 'i' integer, 't' text */
    int n_keys;        /* the primary key is the first n_keys columns */
    int seeded;        /* its migration inserts rows: not counted as content; replaced on copy */
    const char *sql_first, *sql_next, *sql_insert;
    /* PostgreSQL: a whole page in one statement, each column bound as one array literal */
    const char *sql_insert_pg;
    const char *sql_count;
    const char *sql_clear;  /* PostgreSQL, for --force: TRUNCATE the table */
    const char *sql_setval; /* PostgreSQL: the identity sequence past MAX(id); NULL: no id */
    const char *sql_reset;  /* seeded tables: empty the target's copy before rows come */
};

extern const struct copy_table copy_catalogue[];
extern const int copy_catalogue_n;

#endif
