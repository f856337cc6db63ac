/*
 * fuzzapp.h — the throwaway ureg of a libFuzzer harness: a new directory (in /dev/shm when it can,
 * else $TMPDIR or /tmp) with a SQLite database and a key file for personal data at rest, the
 * clock fixed at 2026-03-02T08:00:00+08:00 (a Monday), errors only in the log. The directory and
 * the app go at exit. Header-only, like test/unit/testapp.h; every failure aborts with a line on
 * stderr naming the harness.
 */
#ifndef UREG_FUZZ_FUZZAPP_H
#define UREG_FUZZ_FUZZAPP_H

#include "app/app.h"
#include "base/clock.h"
#include "base/log.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct fuzzapp {
    char dir[128];
    char db[192];
    struct app *app;
    const char *name; /* the harness, for messages */
};

static struct fuzzapp *fuzzapp__open; /* the one app of the process, removed at exit */

static inline void fuzzapp_fail(const struct fuzzapp *f, const char *what)
{
    fprintf(stderr, "%s: %s failed (%s)\n", f->name, what, f->dir);
    abort();
}

static inline void fuzzapp__close(void)
{
    struct fuzzapp *f = fuzzapp__open;
    if (!f)
        return;
    app_close(f->app);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "%s: could not remove %s\n", f->name, f->dir);
}

/* Make f's directory and open its app with `pool` connections; `name` names the harness. */
static inline void fuzzapp_start(struct fuzzapp *f, const char *name, int pool)
{
    f->name = name;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/ureg-%s-XXXXXX", base ? base : "/tmp", name);
    if (!mkdtemp(f->dir))
        fuzzapp_fail(f, "mkdtemp");
    snprintf(f->db, sizeof f->db, "%s/fuzz.db", f->dir);
    log_set_level(LOG_ERROR);
    clock_set(1772409600);
    char key[256];
    bool created;
    snprintf(key, sizeof key, "%s/ureg.key", f->dir);
    if (app_keys_load(key, true, &created) != 0)
        fuzzapp_fail(f, "key file");
    if (app_open(&f->app, f->db, pool, true) != 0)
        fuzzapp_fail(f, "app_open");
    fuzzapp__open = f;
    atexit(fuzzapp__close);
}

#endif
