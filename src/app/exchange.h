/*
 * exchange.h — the exchange with the national platform (notice §7, 附件3): one binary, two
 * roles.
 *
 * `--role national` is the hub (失业登记全国统一服务入口): it takes the public form, issues the
 * national application number, routes each application by its register_region to the local
 * system owning the longest matching prefix, holds it until that system has downloaded and
 * acknowledged it, stores the results every local uploads, answers the worker's national
 * status query and serves the agency lists the locals publish. `--role local` (the default) is
 * a local system; with a hub URL it runs the exchange worker: download (a cursor per pass, an
 * acknowledgement after its own commit), intake of each application on the `national`
 * channel through the usual write path, upload of every decision from a durable outbox (in
 * order, retried with exponential backoff and jitter), publication of its agency list when it
 * changes.
 *
 * Every message between systems is signed (Ed25519 over the BLAKE2b-512 digest of the body,
 * with created / expires, rules/xmsg.h) and checked against the registry of systems and keys;
 * messages are idempotent by message_id. The wire format follows the DCI registry API's
 * conventions (docs/decisions.md "Exchange wire format").
 */
#ifndef UREG_APP_EXCHANGE_H
#define UREG_APP_EXCHANGE_H

#include "app/access.h"
#include "app/app.h"
#include "app/intake.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/json.h"
#include "rules/xmsg.h"

#include <stdbool.h>
#include <stdint.h>

enum app_role { APP_ROLE_LOCAL, APP_ROLE_NATIONAL };

#define EXCHANGE_NATIONAL_ID "national" /* the hub's default system id */

struct exchange_config {
    enum app_role role;
    const char *system_id;    /* this system's id; NULL: "national" for the hub, else none */
    const char *key_file;     /* this system's secret key (ureg exchange keygen); NULL: none */
    const char *national_url; /* local: the hub's base URL (http[s]://HOST:PORT); NULL: none */
    const char *national_id;  /* local: the hub's system id; NULL: "national" */
    int interval_ms;          /* local: pause between passes when idle; 0: 1000 */
    int retry_base_ms;        /* local: first retry delay after a failure; 0: 500 */
    int retry_cap_ms;         /* local: longest retry delay; 0: 60000 */
    int skew_s;               /* tolerated clock difference; 0: XMSG_DEFAULT_SKEW */
    int ttl_s;                /* validity of the messages sent; 0: XMSG_DEFAULT_TTL */
};

/*
 * Set the role of `a` and load its key. A hub needs a key; a local system needs one (and a
 * system id) only with a hub URL. Returns 0, or -ERR_X_KEY_FILE (ec->field "key"),
 * -ERR_USAGE (ec->field names the missing setting). Call once, before serving.
 */
int app_exchange_configure(struct app *a, const struct exchange_config *cfg, struct err_ctx *ec);

/* Start the exchange worker of a local system with a hub (no-op otherwise); 0 or -ERR_*. */
int app_exchange_start(struct app *a);

/* Stop the worker (after its current step) and wait for it; no-op when none runs. */
void app_exchange_stop(struct app *a);

/* The role of `a` (APP_ROLE_LOCAL until configured). */
enum app_role app_role(const struct app *a);

/*
 * Write a new Ed25519 key pair: `path` (the secret key, base64 of libsodium's 64 bytes, mode
 * 0600, refused when it exists) and `path`.pub (the public key). The public key's base64 goes
 * to pub_b64 (at least 64 bytes). 0 or -ERR_X_KEY_FILE.
 */
int app_exchange_keygen(const char *path, char *pub_b64);

/*
 * Put `system_id` with `public_key` (base64, 32 bytes) in the registry, and on a hub the
 * region-code prefixes of `regions` (comma-separated, 2 to 12 digits each; NULL or "" for
 * none, e.g. a local system registering the hub) as its routes (a prefix owned by another
 * system moves to this one). Audited as `by`. 0, -ERR_X_PUBLIC_KEY, or -ERR_FIELD_INVALID with
 * ec->field "system_id" or "regions".
 */
int app_exchange_register(struct app *a, const struct actor *by, const char *system_id,
                          const char *public_key, const char *regions, struct err_ctx *ec);

/* The answer to a message received (hub). */
struct exchange_answer {
    int status;                      /* HTTP status */
    char *body;                      /* JSON text, malloc'd: the caller frees */
    char signature[XMSG_HEADER_MAX]; /* the answer's Signature header */
};

/*
 * Receive one signed message (POST /api/v1/exchange on the hub): check the signature, window,
 * sender and header, apply it once (a repeated message_id with the same body gets the same
 * answer, with a different body message_replayed), and answer ACK with the result, NACK with
 * the reason, or ERR. Always fills *out (the caller frees out->body); returns 0, or
 * -ERR_X_WRONG_ROLE on a local system (nothing filled).
 */
int app_exchange_receive(struct app *a, const char *body, size_t n, const char *signature,
                         struct exchange_answer *out);

/*
 * The hub's public submission: the same form and rules as intake (rules/intake), a national
 * application number, the route to the local system owning register_region (-ERR_X_NO_ROUTE,
 * field register_region, when none), the form held for that system. Fills *out like intake
 * (application_no is the national number).
 */
int app_hub_submit(struct app *a, const struct actor *by, json_t *form, struct intake_receipt *out,
                   struct err_ctx *ec);

/* The national status query (by national number, or a local number with its results),
 * strings from ar. */
struct hub_status {
    const char *application_no, *national_no, *local_no, *status, *deadline;
    const char *decision_reason, *registration_no, *register_region, *system_id;
    const char *exit_reason, *exit_date; /* the registration's exit as uploaded, or NULL */
};
int app_hub_status(struct app *a, const char *no, const char *query_code, struct arena *ar,
                   struct hub_status *out);

/*
 * The public agency list (附件4) for region_prefix ("" all): a local system's own agencies
 * (app_agency_list), on the hub the lists the locals published. fn gets each agency.
 */
struct agency;
int app_public_agencies(struct app *a, const char *region_prefix, int limit,
                        int (*fn)(const struct agency *ag, void *arg), void *arg);

/*
 * The timeliness view (notice §8): on the hub, per local system: applications waiting for
 * download and those waiting longer than the policy exchange_download_minutes, decisions
 * open and past their deadline, results received, rejected items, last seen; on a local
 * system, its own backlog: the outbox, the worker's last success and error. *out is a new
 * JSON object (the caller releases it).
 */
int app_exchange_overview(struct app *a, json_t **out);

/* The registry: every system with its routes, as a new JSON object {"items":[...]}. */
int app_exchange_systems(struct app *a, json_t **out);

/*
 * Private to src/app/: queue the upload of a decision on `app` (status, reason, registration
 * number) in the caller's write transaction on c (app/review.c's decision). 0 or a store error.
 */
struct store_conn;
struct application;
int app__exchange_enqueue_decision(struct store_conn *c, const struct application *app,
                                   const char *status, const char *reason, const char *reg_no,
                                   int64_t now);

/* Private to src/app/: queue the upload of a registration's exit (reason and day) or of its
 * revert (both NULL) on `app`, the application it came from, in the caller's write transaction
 * (app/exits.c). The hub's result for the case then carries it. 0 or a store error. */
int app__exchange_enqueue_exit(struct store_conn *c, const struct application *app,
                               const char *reg_no, const char *exit_reason, const char *exit_date,
                               int64_t now);

/* Private to src/app/: release the exchange state of `a` (app_close). */
void app__exchange_free(struct app *a);

#endif
