/*
 * meta.h — small named settings kept in the database (table meta): policy values an operator
 * sets with `ureg policy set`, read at start-up.
 */
#ifndef UREG_STORE_META_H
#define UREG_STORE_META_H

#include "store/db.h"

#include <stddef.h>

/* The value of `key` into out; -ERR_NOT_FOUND when unset. */
int store_meta_get(struct store_conn *c, const char *key, char *out, size_t outsz);

/* Set `key` to `value` (insert or replace). */
int store_meta_set(struct store_conn *c, const char *key, const char *value);

#endif
