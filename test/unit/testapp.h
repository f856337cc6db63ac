/*
 * testapp.h — for unit tests of use cases: a fresh database in a temporary directory, opened
 * as an application (migrated), with the clock fixed at 2026-03-02T08:00:00+08:00, a Monday,
 * a fixed master key for personal data at rest, and a system actor. Close it to remove the
 * directory and free the clock.
 */
#ifndef UREG_TESTAPP_H
#define UREG_TESTAPP_H

#include "app/access.h"
#include "app/app_priv.h" /* the fixture holds struct app and reaches its store */
#include "base/clock.h"
#include "base/log.h"
#include "store/pii.h"

#include "testutil.h"

#define TESTAPP_NOW 1772409600

struct testapp {
    char dir[64];
    char db[96];
    struct app app;
    struct actor sys; /* "system:<command>" */
};

/* Returns 0, or -1 when the directory or the database cannot be made. */
static inline int testapp_open(struct testapp *t, const char *command)
{
    if (testutil_tmpdir_make(t->dir, t->db, "t.db") < 0)
        return -1;
    clock_set(TESTAPP_NOW);
    log_set_level(LOG_WARN); /* migrations and imports log at info */
    static const uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8}; /* personal data at rest */
    store_pii_set_master(key);
    if (app__init(&t->app, t->db, 2, true) < 0)
        return -1;
    access_system_actor(&t->sys, command);
    return 0;
}

static inline int testapp_close(struct testapp *t)
{
    app__fini(&t->app);
    clock_clear();
    return testutil_tmpdir_remove(t->dir);
}

#endif
