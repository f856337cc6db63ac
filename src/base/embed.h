/*
 * embed.h — files compiled into the binary.
 *
 * tools/embed.c turns files into C arrays at build time (see the Makefile), in three tables:
 * reference data (the CSV files of data/), schema migrations (the SQL files of
 * src/store/migrations/) and the web UI
 * (web/ plus the vendored Vue and Element Plus builds). Each table ends with a {NULL} entry and
 * is sorted by name. Every file's bytes are followed by a NUL that `len` does not count, so text
 * can be used as a C string.
 */
#ifndef UREG_BASE_EMBED_H
#define UREG_BASE_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *name; /* e.g. "regions.csv", "001_init.sql", "index.html" */
    const unsigned char *data;
    size_t len;
};

extern const struct embed_file embed_data[];
extern const struct embed_file embed_sql[];
extern const struct embed_file embed_web[];

/* The entry called `name` in `table`, or NULL. */
const struct embed_file *embed_find(const struct embed_file *table, const char *name);

#endif
