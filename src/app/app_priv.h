/*
 * app_priv.h — the definition of `struct app`, for src/app/ alone.
 *
 * The use cases read the store, the calendar, the batcher and the policies of the context
 * directly; the layers above see `struct app` as opaque (app/app.h) and go through app_
 * functions. Included by the .c files of src/app/ and by unit tests that build a context in place
 * or reach the store under it; never by src/http or src/cli (scripts/lint-layers.sh checks).
 */
#ifndef UREG_APP_APP_PRIV_H
#define UREG_APP_APP_PRIV_H

#include "app/app.h"
#include "store/db.h"

#include <stdbool.h>

struct store_batcher;

struct app {
    struct store *store;           /* owned */
    struct workcal *cal;           /* owned */
    struct store_batcher *batcher; /* group commit for submissions (store/batch.h); owned */
    struct app_policy policy;
    bool dev; /* development mode (--dev): fake clock allowed */
};

/*
 * app_open and app_close on a context the caller holds (a unit test's fixture, say) instead of
 * one they allocate: app__init fills *a (0, or a negative error with *a zeroed), app__fini
 * releases what it holds and zeroes it. A zeroed *a may be finished again.
 */
int app__init(struct app *a, const char *db_url, int pool, bool dev);
void app__fini(struct app *a);

#endif
