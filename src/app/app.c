/*
 * app.c — the application context. See app.h.
 */
#include "app/app.h"

#include "app/access.h"
#include "app/app_priv.h"
#include "app/review.h"
#include "base/utf8.h"
#include "app/exchange.h"
#include "app/match.h"
#include "app/keys.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/workday.h"
#include "store/audit.h"
#include "store/batch.h"
#include "store/meta.h"
#include "store/pii.h"
#include "store/refdata.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define APP__REPLICA_RETRY 30 /* seconds before trying an unreachable replica again */
#define APP__REPLICA_DOWN 5   /* seconds reads stay on the primary after the replica failed */

static const struct app_policy app__default_policy = {
    .session_ttl = 8 * 3600,
    .session_idle = 30 * 60,
    .throttle_window = 24 * 3600,
    .throttle_user_max = 5,
    .throttle_addr_max = 30,
    .throttle_lock_base = 60,
    .throttle_lock_max = 3600,
    .password_min_length = 12,
    .password_min_classes = 3,
    .password_history = 5,
    .token_cache_seconds = 2,
    .review_workdays = 7,
    .online_accept_unverified = 1,
    .audit_sign_entries = 100,
    .audit_sign_interval = 60,
    .exchange_download_minutes = 60,
    .first_contact_workdays = 5,
    .contact_days = 30,
    .stats_cutoff_day = 0,
    .referral_followup_workdays = 10,
};

static const struct app_policy_item app__policies[] = {
    {"review_workdays", offsetof(struct app_policy, review_workdays), 1, 30,
     "working days to decide an application (notice §3: 7; 人社厅发〔2020〕79号: 3)"},
    {"exchange_download_minutes", offsetof(struct app_policy, exchange_download_minutes), 1,
     7 * 24 * 60,
     "national hub: minutes after which an application not downloaded by its local system is "
     "late (notice §8)"},
    {"first_contact_workdays", offsetof(struct app_policy, first_contact_workdays), 1, 30,
     "working days after registration by which the person is first contacted (79号: 5)"},
    {"stats_cutoff_day", offsetof(struct app_policy, stats_cutoff_day), 0, 28,
     "statistics: 0 reports by calendar month; D (1-28) makes month M run from the day after D "
     "of the month before to D of M (20: the 21st-to-20th months in use)"},
    {"session_ttl", offsetof(struct app_policy, session_ttl), 300, 7 * 86400,
     "seconds a staff session lives at most (absolute timeout)"},
    {"session_idle", offsetof(struct app_policy, session_idle), 60, 7 * 86400,
     "seconds without a request that end a staff session (idle timeout)"},
    {"token_cache_seconds", offsetof(struct app_policy, token_cache_seconds), 0, 60,
     "seconds a running server keeps an API token's check: a token revoked or a user disabled "
     "in the store is refused at most this much later (0: every request reads the store)"},
    {"throttle_lock_base", offsetof(struct app_policy, throttle_lock_base), 1, 86400,
     "seconds a username or address is locked at its limit; doubled by each further failure"},
    {"throttle_lock_max", offsetof(struct app_policy, throttle_lock_max), 1, 7 * 86400,
     "the longest lock after failed logins, in seconds"},
    {"password_min_length", offsetof(struct app_policy, password_min_length), 8, 128,
     "characters a staff password needs at least"},
    {"password_min_classes", offsetof(struct app_policy, password_min_classes), 1, 4,
     "character classes (lower, upper, digit, other) a staff password needs"},
    {"password_history", offsetof(struct app_policy, password_history), 0, 24,
     "a new password may not be one of the last N (0: no check)"},
    {"throttle_user_max", offsetof(struct app_policy, throttle_user_max), 1, 100,
     "failed logins per username within the window before refusing"},
    {"throttle_addr_max", offsetof(struct app_policy, throttle_addr_max), 1, 10000,
     "failed logins per client address within the window before refusing"},
    {"throttle_window", offsetof(struct app_policy, throttle_window), 60, 86400,
     "seconds over which failed logins are counted"},
    {"online_accept_unverified", offsetof(struct app_policy, online_accept_unverified), 0, 1,
     "1: accept online applications without real-name verification (marked unverified; a "
     "verified one of the same person sets them aside); 0: refuse them"},
    {"audit_sign_entries", offsetof(struct app_policy, audit_sign_entries), 1, 1000000,
     "sign the audit chain's head (ureg serve) after this many entries"},
    {"audit_sign_interval", offsetof(struct app_policy, audit_sign_interval), 1, 86400,
     "... or after this many seconds while entries are unsigned"},
    /* issue 9: follow-up */
    {"contact_days", offsetof(struct app_policy, contact_days), 1, 366,
     "days between follow-up contacts of a registration whose tier sets none (notice §5 ¶1: "
     "每月至少1次, 30)"},
    /* issue 8: closure */
    {"referral_followup_workdays", offsetof(struct app_policy, referral_followup_workdays), 1, 60,
     "working days after a job referral by which its result is followed up (回访求职结果)"},
    {NULL, 0, 0, 0, NULL},
};

const struct app_policy_item *app_policy_items(void)
{
    return app__policies;
}

int app_policy_get(const struct app *a, const struct app_policy_item *it)
{
    return *(const int *)((const char *)&a->policy + it->offset);
}

/* Parse a policy value within its bounds; -ERR_FIELD_INVALID otherwise. */
static int app__policy_parse(const struct app_policy_item *it, const char *value, int *out)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (!*value || *end || v < it->min || v > it->max)
        return -ERR_FIELD_INVALID;
    *out = (int)v;
    return 0;
}

/* Apply the settings stored in the database over the defaults. */
static int app__policy_load(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = 0;
    for (const struct app_policy_item *it = app__policies; it->name && rc == 0; it++) {
        char key[64], value[32];
        int v;
        snprintf(key, sizeof key, "policy.%s", it->name);
        rc = store_meta_get(c, key, value, sizeof value);
        if (rc == -ERR_NOT_FOUND) {
            rc = 0;
        } else if (rc == 0 && app__policy_parse(it, value, &v) == 0) {
            *(int *)((char *)&a->policy + it->offset) = v;
        } else if (rc == 0) {
            log_warn("app", "event=policy_ignored name=%s reason=out_of_range", it->name);
        }
    }
    store_release(a->store, c);
    return rc;
}

int app_policy_set(struct app *a, const struct actor *by, const char *name, const char *value)
{
    const struct app_policy_item *it = app__policies;
    while (it->name && strcmp(it->name, name) != 0)
        it++;
    if (!it->name)
        return -ERR_NOT_FOUND;
    int v;
    int rc = app__policy_parse(it, value, &v);
    if (rc < 0)
        return rc;
    char key[64], text[32];
    snprintf(key, sizeof key, "policy.%s", it->name);
    snprintf(text, sizeof text, "%d", v);
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_meta_set(c, key, text);
    if (rc == 0)
        rc = app_audit(c, by, clock_now(), "policy.set", "policy", it->name,
                       json_pack("{s:i}", "value", v));
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    if (rc == 0) {
        *(int *)((char *)&a->policy + it->offset) = v;
        token_cache_clear(&a->tokens); /* a shorter keep applies at once */
    }
    return rc;
}

int app_audit(struct store_conn *c, const struct actor *by, int64_t now, const char *action,
              const char *object_type, const char *object_id, json_t *detail)
{
    char *text = detail ? json_dump(detail) : NULL;
    json_decref(detail);
    if (detail && !text)
        return -ERR_INTERNAL;
    struct audit_entry e = {
        .actor_id = by->kind == ACTOR_STAFF ? by->user_id : 0,
        .actor = by->kind == ACTOR_PUBLIC || !by->username[0] ? "public" : by->username,
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .remote = by->remote,
        .detail = text,
    };
    int rc = store_audit_append(c, now, &e);
    free(text);
    return rc;
}

int app_audit_list(struct app *a, const char *object_type, const char *object_id, int limit,
                   int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_audit_each(c, object_type, object_id, limit, fn, arg);
    store_release(a->store, c);
    return rc;
}

int app_health(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    int v = store_schema_version(c);
    store_release(a->store, c);
    return v < 0 ? v : 0;
}

/* Chain the audit entries written before the chain existed (once, after migration 031). */
static int app__seal_legacy(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_audit_seal_legacy(c);
    store_release(a->store, c);
    if (rc > 0)
        log_info("app", "event=audit_legacy_chained entries=%d", rc);
    return rc < 0 ? rc : 0;
}

/* The path of the key file last loaded (process-wide like the key ring), for the messages. */
static char app__key_path[4096];

int app_keys_load(const char *path, bool create, bool *created)
{
    snprintf(app__key_path, sizeof app__key_path, "%s", path ? path : "");
    return store_pii_load_key(path, create, created);
}

/* The database against the loaded key (store_pii_check), with a line on stderr if it fails. */
static int app__key_check(struct app *a)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_pii_check(c);
    store_release(a->store, c);
    if (rc == -ERR_KEY_MISMATCH)
        fprintf(stderr,
                "ureg: the key file %s does not match this database, which was written "
                "under another key; name the original with --key-file\n",
                *app__key_path ? app__key_path : "(none named)");
    else if (rc == -ERR_KEY_MISSING)
        fprintf(stderr, "ureg: no key file loaded (--key-file)\n");
    return rc;
}

int app__init(struct app *a, const char *db_url, int pool, bool dev)
{
    memset(a, 0, sizeof *a);
    a->policy = app__default_policy;
    a->dev = dev;
    token_cache_init(&a->tokens);
    int rc = store_open(db_url, pool, &a->store);
    if (rc < 0)
        return rc;
    rc = store_migrate(a->store);
    if (rc < 0)
        goto fail;
    rc = app__seal_legacy(a);
    if (rc == 0)
        rc = app__key_check(a);
    if (rc == 0)
        rc = app_keys_upgrade(a);
    if (rc < 0)
        goto fail;
    rc = app_reload_calendar(a);
    if (rc < 0)
        goto fail;
    rc = app__policy_load(a);
    if (rc == 0)
        rc = app__services_backfill(a);
    if (rc < 0)
        goto fail;
    rc = store_batcher_start(a->store, 256, &a->batcher);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    app__fini(a);
    return rc;
}

/* Monotonic seconds: intervals only, never the business clock (base/clock). */
static int64_t app__mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

int app_attach_replica(struct app *a, const char *url, int pool)
{
    if (strncmp(url, "postgresql://", 13) != 0 && strncmp(url, "postgres://", 11) != 0)
        return -ERR_USAGE;
    pthread_mutex_init(&a->read_mu, NULL);
    a->read_url = strdup(url);
    a->read_pool = pool;
    a->read_retry_at = 0;
    return 0;
}

/* The replica's store when it is attached and not marked down; tries to attach it when due. */
static struct store *app__replica(struct app *a)
{
    if (!a->read_url)
        return NULL;
    int64_t now = app__mono();
    struct store *r = __atomic_load_n(&a->read, __ATOMIC_ACQUIRE);
    if (r)
        return now < __atomic_load_n(&a->read_down_until, __ATOMIC_RELAXED) ? NULL : r;
    if (now < __atomic_load_n(&a->read_retry_at, __ATOMIC_RELAXED))
        return NULL;
    pthread_mutex_lock(&a->read_mu);
    r = a->read;
    if (!r && now >= a->read_retry_at) {
        if (store_open(a->read_url, a->read_pool, &r) == 0) {
            __atomic_store_n(&a->read, r, __ATOMIC_RELEASE);
            log_info("app", "event=replica_attached pool=%d", a->read_pool);
        } else {
            r = NULL;
            __atomic_store_n(&a->read_retry_at, now + APP__REPLICA_RETRY, __ATOMIC_RELAXED);
            log_warn("app", "event=replica_unreachable action=read_primary retry_s=%d",
                     APP__REPLICA_RETRY);
        }
    }
    pthread_mutex_unlock(&a->read_mu);
    return r;
}

int app__read(struct app *a, bool retry_missing, int (*fn)(struct store_conn *c, void *arg),
              void *arg)
{
    struct store *r = app__replica(a);
    int rc;
    if (r) {
        struct store_conn *c = store_acquire(r);
        rc = fn(c, arg);
        store_release(r, c);
        if (rc == -ERR_DB_UNAVAILABLE) {
            __atomic_store_n(&a->read_down_until, app__mono() + APP__REPLICA_DOWN,
                             __ATOMIC_RELAXED);
            log_warn("app", "event=replica_unavailable action=read_primary down_s=%d",
                     APP__REPLICA_DOWN);
        } else if (!(retry_missing && rc == -ERR_NOT_FOUND)) {
            return rc;
        }
    }
    struct store_conn *c = store_acquire(a->store);
    rc = fn(c, arg);
    store_release(a->store, c);
    return rc;
}

void app__fini(struct app *a)
{
    app__exchange_free(a); /* its worker first: it submits through the batcher */
    if (a->read_url) {
        store_close(a->read);
        free(a->read_url);
        pthread_mutex_destroy(&a->read_mu);
    }
    store_batcher_stop(a->batcher);
    if (a->store)
        app__audit_signer_stop(a);
    free(a->key_file);
    free(a->totp_roles);
    app__match_cache_free(a);
    workcal_free(a->cal);
    store_close(a->store);
    token_cache_fini(&a->tokens);
    memset(a, 0, sizeof *a);
}

int app_open(struct app **out, const char *db_url, int pool, bool dev)
{
    struct app *a = xmalloc(sizeof *a);
    int rc = app__init(a, db_url, pool, dev);
    if (rc < 0) {
        free(a);
        a = NULL;
    }
    *out = a;
    return rc;
}

void app_close(struct app *a)
{
    if (!a)
        return;
    app__fini(a);
    free(a);
}

const struct app_policy *app_policy(const struct app *a)
{
    return &a->policy;
}

const struct workcal *app_calendar(const struct app *a)
{
    return a->cal;
}

const char *app_backend_name(const struct app *a)
{
    return store_backend_name(a->store);
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

/* A stated reason: 1 to REVIEW_REASON_MAX characters of valid UTF-8, not only spaces. */
static bool app__reason_ok(const char *reason)
{
    size_t n = reason ? strlen(reason) : 0;
    if (n == 0 || !utf8_valid(reason, n) || utf8_count(reason, n) > REVIEW_REASON_MAX)
        return false;
    return strspn(reason, " \t") < n;
}

int app__person_read_check(const struct actor *by, bool reveal, const char *reason)
{
    if (reveal && !access_allows(by, PERM_CASE_READ))
        return -ERR_FORBIDDEN;
    if (reveal && !app__reason_ok(reason))
        return -ERR_REVEAL_REASON;
    return 0;
}

int app__person_read_audit(struct store_conn *c, const struct actor *by, bool reveal,
                           const char *reason, const char *object_type, const char *object_no,
                           int64_t person_id)
{
    bool stated = app__reason_ok(reason);
    return app_audit(c, by, clock_now(), reveal ? "person.reveal" : "person.read", object_type,
                     object_no,
                     json_pack("{s:s, s:I, s:s?}", "via", object_type, "person_id",
                               (json_int_t)person_id, "reason", stated ? reason : NULL));
}
