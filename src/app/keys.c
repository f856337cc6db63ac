/*
 * keys.c — key rotation of personal data at rest. See keys.h.
 *
 * Load: a batch of 500 rows is one read of the next stale rows by id and 500 point updates in
 * one write transaction (SQLite: one commit); online submissions wait for the write lock for
 * at most one batch. UREG_ROTATE_PAUSE_MS (development mode only) sleeps between batches so
 * that a test can kill a rotation half-way.
 */
#include "app/keys.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "store/application.h"
#include "store/meta.h"
#include "store/person.h"
#include "store/pii.h"
#include "store/user.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEYS__PASSES 8

struct keys__walk {
    struct store_conn *c;
    int version, batch;
    int64_t done, total;
    long pause_ms;
    void (*progress)(int64_t done, int64_t total, void *arg);
    void *arg;
};

/* The rows not under `version`: people, applications and staff second factors. */
static int keys__stale(struct store_conn *c, int version, int64_t *n)
{
    int64_t people = 0, apps = 0, users = 0;
    int rc = store_person_stale_count(c, version, &people);
    if (rc == 0)
        rc = store_app_stale_count(c, version, &apps);
    if (rc == 0)
        rc = store_user_totp_stale_count(c, version, &users);
    *n = people + apps + users;
    return rc;
}

/* Choose the target version: the current one while rows under another remain (resume),
 * else the next, recorded at once. */
static int keys__target(struct store_conn *c, struct key_rotate_counts *out, int64_t *stale)
{
    int rc = store_pii_version(c, &out->from);
    int64_t left = 0;
    if (rc == 0)
        rc = keys__stale(c, out->from, &left);
    if (rc < 0)
        return rc;
    out->to = out->from;
    out->resumed = left > 0;
    if (!out->resumed) {
        if (out->from >= STORE_PII_VERSION_MAX)
            return -ERR_INTERNAL;
        out->to = out->from + 1;
        if ((rc = store_tx_begin(c, true)) < 0)
            return rc;
        rc = store_tx_end(c, store_pii_set_version(c, out->to));
        if (rc == 0)
            rc = keys__stale(c, out->to, &left);
    }
    *stale = left;
    return rc;
}

/* One table, from the first id to the last, a batch per transaction. */
static int keys__table(struct keys__walk *w,
                       int (*batch)(struct store_conn *, int, int64_t, int, int64_t *),
                       int64_t *rewritten)
{
    int64_t after = 0, last = 0;
    for (;;) {
        int rc = store_tx_begin(w->c, true);
        if (rc < 0)
            return rc;
        rc = store_tx_end(w->c, batch(w->c, w->version, after, w->batch, &last));
        if (rc < 0)
            return rc;
        *rewritten += rc;
        w->done += rc;
        if (w->progress)
            w->progress(w->done, w->total, w->arg);
        if (last == after)
            return 0;
        after = last;
        if (w->pause_ms > 0)
            nanosleep(&(struct timespec){w->pause_ms / 1000, (w->pause_ms % 1000) * 1000000L},
                      NULL);
    }
}

/* Re-encrypt every stale row under w->version, a pass at a time, until none is left. */
static int keys__passes(struct keys__walk *w, struct key_rotate_counts *out)
{
    int rc = 0;
    int64_t left = w->total;
    while (rc == 0 && left > 0 && out->passes < KEYS__PASSES) {
        out->passes++;
        rc = keys__table(w, store_person_reseal_batch, &out->people);
        if (rc == 0)
            rc = keys__table(w, store_app_reseal_batch, &out->applications);
        if (rc == 0)
            rc = keys__table(w, store_user_totp_reseal_batch, &out->users);
        if (rc == 0)
            rc = keys__stale(w->c, w->version, &left);
    }
    if (rc == 0 && left > 0)
        rc = -ERR_CONFLICT; /* writers kept rewriting under the old version: run it again */
    return rc;
}

/* Audit the finished rotation (or conversion) as `action`. */
static int keys__audit(struct store_conn *c, const struct actor *by, const char *action,
                       const struct key_rotate_counts *out)
{
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    return store_tx_end(
        c, app_audit(c, by, clock_now(), action, "key", "pii",
                     json_pack("{s:i, s:i, s:b, s:I, s:I, s:I}", "from", out->from, "to", out->to,
                               "resumed", out->resumed, "people", (json_int_t)out->people,
                               "applications", (json_int_t)out->applications, "users",
                               (json_int_t)out->users)));
}

int app_key_rotate(struct app *a, const struct actor *by, int batch,
                   void (*progress)(int64_t done, int64_t total, void *arg), void *arg,
                   struct key_rotate_counts *out)
{
    memset(out, 0, sizeof *out);
    const char *pause = a->dev ? getenv("UREG_ROTATE_PAUSE_MS") : NULL;
    struct keys__walk w = {.batch = batch > 0 ? batch : 500,
                           .pause_ms = pause ? atol(pause) : 0,
                           .progress = progress,
                           .arg = arg};
    w.c = store_acquire(a->store);
    int rc = keys__target(w.c, out, &w.total);
    w.version = out->to;
    if (rc == 0)
        rc = keys__passes(&w, out);
    if (rc == 0)
        rc = keys__audit(w.c, by, "key.rotate", out);
    store_release(a->store, w.c);
    return rc;
}

/* Call reindex(c, batch) in one write transaction at a time until it moves nothing. */
static int keys__reindex(struct store_conn *c, int (*reindex)(struct store_conn *, int))
{
    int rc;
    do {
        if ((rc = store_tx_begin(c, true)) < 0)
            return rc;
        rc = store_tx_end(c, reindex(c, 500));
    } while (rc > 0);
    return rc;
}

/* Staff second factors not under the version in force (secrets written in clear before
 * migration 045, or left by an interrupted rotation) sealed under it; audited as
 * key.encrypt_totp when there were any. */
static int keys__upgrade_totp(struct store_conn *c)
{
    struct key_rotate_counts out = {0};
    struct keys__walk w = {.c = c, .batch = 500};
    int64_t left = 0;
    int rc = store_pii_version(c, &w.version);
    if (rc == 0)
        rc = store_user_totp_stale_count(c, w.version, &left);
    if (rc < 0 || left == 0)
        return rc;
    w.total = left;
    out.to = w.version;
    if ((rc = keys__table(&w, store_user_totp_reseal_batch, &out.users)) < 0)
        return rc;
    struct actor by;
    access_system_actor(&by, "init");
    log_info("keys", "event=totp_secrets_sealed users=%lld", (long long)out.users);
    return keys__audit(c, &by, "key.encrypt_totp", &out);
}

/* The birth month in clear (person.birth_ym, migration 050) of the people encrypted before 050,
 * whose rows that migration could not read: decrypted once, in batches of 500 by id, until the
 * meta flag stats_birth_ym_backfill is "done" (set after the pass, which is then never run
 * again: one read of the person table on the first start after migration 055). Audited as
 * key.backfill_birth_ym when a row was written. (No flag row comes with the migration: `ureg
 * migrate` wants a target whose tables are empty.) */
static int keys__backfill_birth_ym(struct store_conn *c)
{
    char flag[16] = "";
    int rc = store_meta_get(c, "stats_birth_ym_backfill", flag, sizeof flag);
    if (rc == 0 && strcmp(flag, "done") == 0)
        return 0;
    if (rc < 0 && rc != -ERR_NOT_FOUND)
        return rc;
    int64_t after = 0, n_set = 0;
    do {
        if ((rc = store_tx_begin(c, true)) < 0)
            return rc;
        rc = store_tx_end(c, store_person_birth_ym_batch(c, after, 500, &after, &n_set));
    } while (rc > 0);
    if (rc == 0 && (rc = store_tx_begin(c, true)) == 0)
        rc = store_tx_end(c, store_meta_set(c, "stats_birth_ym_backfill", "done"));
    if (rc < 0 || n_set == 0)
        return rc;
    struct key_rotate_counts out = {.people = n_set};
    store_pii_version(c, &out.to);
    out.from = out.to;
    struct actor by;
    access_system_actor(&by, "init");
    log_info("keys", "event=birth_ym_backfilled people=%lld", (long long)n_set);
    return keys__audit(c, &by, "key.backfill_birth_ym", &out);
}

int app_keys_upgrade(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    bool legacy = false;
    struct key_rotate_counts out = {0};
    struct keys__walk w = {.c = c, .batch = 500};
    int rc = keys__upgrade_totp(c);
    if (rc == 0)
        rc = store_pii_legacy(c, &legacy);
    /* A legacy database is in clear until its conversion below: 050 filled its months. */
    if (rc == 0 && !legacy)
        rc = keys__backfill_birth_ym(c);
    if (rc < 0 || !legacy)
        goto out;
    log_warn("keys", "event=pii_legacy_conversion what=\"rows written before encryption\"");
    if ((rc = keys__reindex(c, store_pii_reindex_open)) < 0 ||
        (rc = keys__reindex(c, store_pii_reindex_records)) < 0)
        goto out;
    int64_t p = 0, q = 0;
    if ((rc = store_pii_version(c, &w.version)) < 0 ||
        (rc = store_person_stale_count(c, w.version, &p)) < 0 ||
        (rc = store_app_stale_count(c, w.version, &q)) < 0)
        goto out;
    out.from = 0;
    out.to = w.version;
    w.total = p + q;
    if ((rc = keys__passes(&w, &out)) < 0)
        goto out;
    if ((rc = store_tx_begin(c, true)) == 0)
        rc = store_tx_end(c, store_pii_legacy_done(c));
    struct actor by;
    access_system_actor(&by, "init");
    if (rc == 0)
        rc = keys__audit(c, &by, "key.encrypt_legacy", &out);
    log_info("keys", "event=pii_legacy_converted people=%lld applications=%lld",
             (long long)out.people, (long long)out.applications);
out:
    store_release(a->store, c);
    return rc;
}
