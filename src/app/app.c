/*
 * app.c — the application context. See app.h.
 */
#include "app/app.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/workday.h"
#include "store/batch.h"
#include "store/refdata.h"

#include <string.h>

static const struct app_policy app__default_policy = {
    .session_ttl = 8 * 3600,
    .throttle_window = 15 * 60,
    .throttle_user_max = 5,
    .throttle_addr_max = 30,
    .review_workdays = 7,
};

int app_open(struct app *a, const char *db_url, int pool, bool dev)
{
    memset(a, 0, sizeof *a);
    a->policy = app__default_policy;
    a->dev = dev;
    int rc = store_open(db_url, pool, &a->store);
    if (rc < 0)
        return rc;
    rc = store_migrate(a->store);
    if (rc < 0)
        goto fail;
    rc = app_reload_calendar(a);
    if (rc < 0)
        goto fail;
    rc = store_batcher_start(a->store, 256, &a->batcher);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    app_close(a);
    return rc;
}

void app_close(struct app *a)
{
    store_batcher_stop(a->batcher);
    workcal_free(a->cal);
    store_close(a->store);
    memset(a, 0, sizeof *a);
}

static int app__cal_row(const char *day, bool is_workday, const char *name_zh, const char *name_en,
                        void *arg)
{
    int32_t d;
    if (date_parse(day, strlen(day), &d) < 0)
        return 0; /* the column is written only by calendar import, which validated it */
    workcal_add(arg, d, is_workday, name_zh, name_en);
    return 0;
}

int app_reload_calendar(struct app *a)
{
    struct workcal *cal = workcal_clone(workcal_shipped());
    struct store_conn *c = store_acquire(a->store);
    int rc = store_calendar_each(c, app__cal_row, cal);
    store_release(a->store, c);
    if (rc < 0) {
        workcal_free(cal);
        return rc;
    }
    workcal_free(a->cal);
    a->cal = cal;
    return 0;
}
