/*
 * refdata.h — reference data in the database: regions, code tables, imported holiday rows.
 *
 * The shipped reference data lives in the binary (rules/region, rules/codes,
 * rules/workday); `ureg init` copies regions and code tables into tables so that SQL (reports,
 * joins, foreign keys from agencies) can use them. Holiday schedules imported at run time
 * (`ureg calendar import`) are kept here and laid over the shipped calendar at start-up.
 * Loads are whole-table upserts inside the caller's transaction: ~45,000 region rows.
 */
#ifndef UREG_STORE_REFDATA_H
#define UREG_STORE_REFDATA_H

#include "store/db.h"

#include <stdbool.h>

int store_region_upsert(struct store_conn *c, const char *code, const char *name,
                        const char *parent, int level);
int store_code_upsert(struct store_conn *c, const char *tbl, const char *code, const char *name_zh,
                      const char *name_en);

/* Insert or replace one imported holiday-schedule row (day "YYYY-MM-DD"). */
int store_calendar_put(struct store_conn *c, const char *day, bool is_workday, const char *name_zh,
                       const char *name_en, const char *source);

/* Call fn for every imported row in day order; stops when fn returns non-zero. Returns the
 * number visited or a negative error. */
int store_calendar_each(struct store_conn *c,
                        int (*fn)(const char *day, bool is_workday, const char *name_zh,
                                  const char *name_en, void *arg),
                        void *arg);

#endif
