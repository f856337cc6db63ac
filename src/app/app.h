/*
 * app.h — the application context shared by every use case.
 *
 * One `struct app` per process: the store, the working-day calendar in force (shipped schedule
 * with imported years laid over it), and the policy settings. The CLI and the HTTP server build
 * it once with app_open() and pass it to every app_* call; nothing here is global.
 *
 * Opaque above src/app/: the layers above reach the store, the calendar and the policies only
 * through the app_ functions. Its definition is in app/app_priv.h, for src/app/ (and unit tests)
 * alone; scripts/lint-layers.sh fails the build if src/http or src/cli includes it.
 */
#ifndef UREG_APP_APP_H
#define UREG_APP_APP_H

#include "base/json.h"
#include "store/audit.h" /* struct audit_row, handed to app_audit_list's callback */
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct workcal;

struct app_policy {
    int session_ttl;          /* seconds a cookie session lives at most (absolute): 8 hours */
    int session_idle;         /* seconds of inactivity that end a session: 30 minutes */
    int throttle_window;      /* seconds over which failed logins are counted: 24 hours */
    int throttle_user_max;    /* failures per username within the window before locking: 5 */
    int throttle_addr_max;    /* failures per client address within the window: 30 */
    int throttle_lock_base;   /* seconds of the first lock; doubled by each further failure: 60 */
    int throttle_lock_max;    /* the longest lock: 1 hour */
    int password_min_length;  /* characters: 12 */
    int password_min_classes; /* of lower, upper, digit, other: 3 */
    int password_history;     /* the last N passwords may not be used again: 5 */
    int token_cache_seconds;  /* an API token's check is kept this long (app/tokencache.h): 2 */
    int review_workdays; /* decide within N working days of acceptance: 7 (notice §3; 79号: 3) */
    /* 1: an online application without a real-name identity assertion is accepted, marked
     * unverified (and set aside by a verified one of the same person); 0: it is refused. */
    int online_accept_unverified;
    int audit_sign_entries;        /* sign the audit chain's head after this many entries: 100 */
    int audit_sign_interval;       /* ... or after this many seconds with entries unsigned: 60 */
    int exchange_download_minutes; /* hub: an application not downloaded by then is late: 60 */
    int first_contact_workdays;    /* contact a new registration within N working days: 5 (79号) */
    int contact_days;     /* issue 9: days between follow-ups without a tier's own: 30 (§5 ¶1) */
    int stats_cutoff_day; /* 0: reports by calendar month; D: month M runs from D+1 of M-1 to D */
    /* issue 8: closure */
    int referral_followup_workdays; /* a job referral's result is followed up within N: 10 */
};

/*
 * Open the database at `db_url` with `pool` connections, apply pending migrations (start-up
 * always migrates, as `ureg init` does), build the calendar, load the policies and start the
 * group-commit writer. Returns 0 and *out (free with app_close), or a negative error with a
 * message on stderr (*out NULL). `dev` is development mode (--dev: fake clock allowed).
 */
int app_open(struct app **out, const char *db_url, int pool, bool dev);

/*
 * Load the master key of personal data at rest from the key file at `path` (store/pii.h), once
 * per process, before app_open; `create` makes a new one (mode 0600) when the file is missing
 * and *created says so. app_open then refuses a database written under another key
 * (-ERR_KEY_MISMATCH, nothing written) and runs only with a key loaded (-ERR_KEY_MISSING).
 * Errors: -ERR_KEY_MISSING, -ERR_KEY_MODE, -ERR_KEY_INVALID, -ERR_IO, each with a line on stderr.
 */
int app_keys_load(const char *path, bool create, bool *created);

/* Stop the writer (after the queued work), close the store and free `a`. NULL is a no-op. */
void app_close(struct app *a);

/* The policy settings in force (defaults, overridden by the database's), owned by `a`. */
const struct app_policy *app_policy(const struct app *a);

/* The working-day calendar in force, owned by `a`, valid until app_reload_calendar or close. */
const struct workcal *app_calendar(const struct app *a);

/* The store backend's name ("sqlite"), static text, for the server's start-up log line. */
const char *app_backend_name(const struct app *a);

/*
 * Send read-only work that tolerates replication lag to the streaming replica at `url`
 * (--db-read postgresql://...), with `pool` connections: the application queue, the public
 * agency list, the applicant's status query (see docs/architecture.md, "Read replica"). The
 * replica is never migrated or written. When it cannot be reached, now or later, those reads go
 * to the primary (logged) and the replica is tried again 30 s later. Returns 0, or -ERR_USAGE
 * when `url` is not a PostgreSQL URL. Call once, after app_open, before serving.
 */
int app_attach_replica(struct app *a, const char *url, int pool);

/*
 * Policy settings an operator may change (`ureg policy set NAME VALUE`), stored in the
 * database and applied at start-up: one table row each {name, field, min, max, help}.
 */
struct app_policy_item {
    const char *name;
    size_t offset; /* of the int in struct app_policy */
    int min, max;
    const char *help;
};

/* The NULL-terminated table of settable policies. */
const struct app_policy_item *app_policy_items(void);

/* Set a policy in the database and in `a` (audited as `by`, one transaction); 0, or
 * -ERR_NOT_FOUND for an unknown name, -ERR_FIELD_INVALID for a value that is not an integer
 * within [min, max], or a store error. Not safe while other threads use `a`. */
struct actor;
int app_policy_set(struct app *a, const struct actor *by, const char *name, const char *value);

/* The current value of a policy in `a`. */
int app_policy_get(const struct app *a, const struct app_policy_item *it);

/*
 * Append the audit entry of an action by `by` inside the caller's transaction on `c`: who
 * (user id and name, "public" or "system:<command>"), when (`now`, Unix seconds: the use
 * case's one clock reading), what (action, object type and id), from where (by->remote), and
 * `detail`: a JSON object of facts without personal data, built with jansson so every value is
 * escaped, or NULL for {}. Takes ownership of `detail` (it is released here, also on error).
 * Returns 0 or a negative store error (-ERR_INTERNAL when detail cannot be encoded). Every use
 * case audits through here.
 */
struct store_conn;
int app_audit(struct store_conn *c, const struct actor *by, int64_t now, const char *action,
              const char *object_type, const char *object_id, json_t *detail);

/* Read the audit log (PERM_AUDIT is the caller's route's check): call fn for the first `limit`
 * entries about one object (object_type and object_id) oldest first, or, with object_type
 * NULL, for the newest `limit` entries newest first; fn returning non-zero stops the walk.
 * Returns the number of entries visited or a negative error. */
struct audit_row;
int app_audit_list(struct app *a, const char *object_type, const char *object_id, int limit,
                   int (*fn)(const struct audit_row *r, void *arg), void *arg);

/* 0 when the store answers (reads the schema version: the health check), else a negative
 * error. */
int app_health(struct app *a);

/* Rebuild the calendar of `a` from the shipped schedule plus the rows imported into the
 * database (the old one is freed). 0 or a store error (the old calendar is kept). */
int app_reload_calendar(struct app *a);

#endif
