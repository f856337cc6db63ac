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
#include "app/tokencache.h"
#include "rules/realname.h"
#include "store/db.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct store_batcher;
struct app_exchange;
struct match_cache;

struct app {
    struct store *store; /* the primary: every write, and reads that must see them; owned */
    /* The read replica (--db-read), for read-only work that tolerates replication lag; see
     * app__read. NULL until attached (app_attach_replica) and while unreachable; owned. */
    struct store *read;
    char *read_url; /* owned; NULL: no replica */
    int read_pool;
    pthread_mutex_t read_mu;       /* guards attaching */
    int64_t read_retry_at;         /* monotonic seconds: next attach attempt */
    int64_t read_down_until;       /* monotonic seconds: reads go to the primary until then */
    struct workcal *cal;           /* owned */
    struct store_batcher *batcher; /* group commit for submissions (store/batch.h); owned */
    struct app_policy policy;
    /* The online channel's identity provider (app/realname.h); has_idp false: none. */
    struct realname_provider idp;
    bool has_idp;
    bool idp_is_dev;              /* the development provider: app_realname_dev_token signs */
    unsigned char idp_dev_sk[64]; /* its secret key (published seed: not a secret) */
    bool dev;                     /* development mode (--dev): fake clock allowed */
    char *key_file;               /* the master key file (app_set_key_file); owned; NULL: none */
    char *totp_roles;             /* ",admin,auditor," (app_set_totp_roles); owned; NULL: none */
    /* The audit signer thread of `ureg serve` (app/auditlog.c); signer_mu guards signer_stop. */
    pthread_t signer;
    pthread_mutex_t signer_mu;
    pthread_cond_t signer_cv;
    bool signer_stop, signer_running;
    /* The exchange with the national platform (app/exchange.h): the role, this system's key,
     * the local worker. NULL until app_exchange_configure (a local system without a hub). */
    struct app_exchange *exchange;
    /* The open vacancies' index for job matching (app/match.c), built on first use; owned. */
    struct match_cache *match;
    struct token_cache tokens; /* API tokens checked a moment ago (app/tokencache.h) */
};

/*
 * app_open and app_close on a context the caller holds (a unit test's fixture, say) instead of
 * one they allocate: app__init fills *a (0, or a negative error with *a zeroed), app__fini
 * releases what it holds and zeroes it. A zeroed *a may be finished again.
 */
int app__init(struct app *a, const char *db_url, int pool, bool dev);
void app__fini(struct app *a);

/*
 * The audited read of a person's data (issue 12: reads of personal data are audited; unmasking is
 * a permission and needs a stated reason): `reveal` needs PERM_CASE_READ (-ERR_FORBIDDEN) and a
 * reason of 1 to REVIEW_REASON_MAX characters, not only spaces (-ERR_REVEAL_REASON); then the
 * audit entry person.read or person.reveal on object_type/object_no with the person's id and the
 * reason, inside c's current transaction or as its own statement. Applications and registrations
 * read people through here, and the applicant's data-usage view lists these entries.
 */
int app__person_read_check(const struct actor *by, bool reveal, const char *reason);
int app__person_read_audit(struct store_conn *c, const struct actor *by, bool reveal,
                           const char *reason, const char *object_type, const char *object_no,
                           int64_t person_id);

/*
 * Run fn(c, arg) on a connection for read-only, lag-tolerant work: the replica's when one is
 * attached and up, else the primary's. When the replica fails with -ERR_DB_UNAVAILABLE, or
 * when `retry_missing` and it answers -ERR_NOT_FOUND (a row the primary committed may not have
 * reached the replica yet), fn runs again on the primary. The PostgreSQL backend runs a query
 * whole at its first step, so a replica lost mid-read fails before fn has seen a row. Returns
 * fn's result.
 */
struct store_conn;
int app__read(struct app *a, bool retry_missing, int (*fn)(struct store_conn *c, void *arg),
              void *arg);

/* Stop the audit signer thread if it runs and sign the head one last time (app__fini). */
void app__audit_signer_stop(struct app *a);
/*
 * The first-contact due day of a registration made on `day`: the Nth working day after it, N the
 * policy first_contact_workdays (人社厅发〔2020〕79号: 5). Used by the decision (app/review.c),
 * gen and the start-up backfill.
 */
int32_t app__first_contact_due(const struct app *a, int32_t day);

/* Give the registrations made before migration 007 their first-contact due day (app/services.c;
 * a no-op once done). 0 or a store error. */
int app__services_backfill(struct app *a);

#endif
