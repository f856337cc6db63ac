/*
 * refdata.c — reference data tables. See refdata.h.
 */
#include "store/refdata.h"

#include "base/clock.h"

static const char SQL_REGION_UPSERT[] =
    "INSERT INTO region (code, name, parent, level) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent,"
    " level = excluded.level";
static const char SQL_CODE_UPSERT[] =
    "INSERT INTO code_entry (tbl, code, name_zh, name_en) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (tbl, code) DO UPDATE SET name_zh = excluded.name_zh,"
    " name_en = excluded.name_en";
static const char SQL_CALENDAR_PUT[] =
    "INSERT INTO calendar_day (day, is_workday, name_zh, name_en, source, imported_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (day) DO UPDATE SET is_workday = excluded.is_workday,"
    " name_zh = excluded.name_zh, name_en = excluded.name_en, source = excluded.source,"
    " imported_at = excluded.imported_at";
static const char SQL_CALENDAR_EACH[] =
    "SELECT day, is_workday, name_zh, name_en FROM calendar_day ORDER BY day";

int store_region_upsert(struct store_conn *c, const char *code, const char *name,
                        const char *parent, int level)
{
    struct store_q *q = store_q_open(c, SQL_REGION_UPSERT);
    store_q_text(q, 1, code);
    store_q_text(q, 2, name);
    store_q_text(q, 3, parent && *parent ? parent : NULL);
    store_q_int(q, 4, level);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_code_upsert(struct store_conn *c, const char *tbl, const char *code, const char *name_zh,
                      const char *name_en)
{
    struct store_q *q = store_q_open(c, SQL_CODE_UPSERT);
    store_q_text(q, 1, tbl);
    store_q_text(q, 2, code);
    store_q_text(q, 3, name_zh);
    store_q_text(q, 4, name_en);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_calendar_put(struct store_conn *c, const char *day, bool is_workday, const char *name_zh,
                       const char *name_en, const char *source)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_CALENDAR_PUT);
    store_q_text(q, 1, day);
    store_q_int(q, 2, is_workday);
    store_q_text(q, 3, name_zh);
    store_q_text(q, 4, name_en);
    store_q_text(q, 5, source);
    store_q_text(q, 6, clock_format(clock_now(), now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_calendar_each(struct store_conn *c,
                        int (*fn)(const char *day, bool is_workday, const char *name_zh,
                                  const char *name_en, void *arg),
                        void *arg)
{
    struct store_q *q = store_q_open(c, SQL_CALENDAR_EACH);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        n++;
        if (fn(store_q_col_text(q, 0), store_q_col_int(q, 1) != 0, store_q_col_text(q, 2),
               store_q_col_text(q, 3), arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
