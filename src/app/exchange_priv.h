/*
 * exchange_priv.h — what app/exchange.c (configuration, keys, envelopes, registry, views),
 * app/hub.c (the hub's side) and app/xlocal.c (the local worker) share. Private to src/app/.
 */
#ifndef UREG_APP_EXCHANGE_PRIV_H
#define UREG_APP_EXCHANGE_PRIV_H

#include "app/exchange.h"
#include "base/json.h"
#include "rules/xmsg.h"
#include "store/db.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#define EXCHANGE__DIGEST_B64 sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)

/* What the worker has seen, for the local backlog view (guarded by mu). */
struct exchange__stats {
    int64_t last_success_at, last_failure_at, last_download_at, last_upload_at, last_publish_at;
    int64_t downloaded, acknowledged, uploaded, upload_rejected;
    int failures; /* consecutive failed passes */
    char last_error[64];
};

struct app_exchange {
    enum app_role role;
    char system_id[XMSG_ID_MAX + 1];
    char national_id[XMSG_ID_MAX + 1];
    char *national_url; /* owned; NULL: no hub */
    bool has_key;
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    int interval_ms, retry_base_ms, retry_cap_ms, skew_s, ttl_s;

    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running, stopping;
    pthread_t thread;
    struct exchange__stats stats;
};

/* The exchange state of `a`, or NULL before app_exchange_configure. */
struct app_exchange *app__exchange(const struct app *a);

/* The base64 BLAKE2b-512 digest of n bytes of body into out (EXCHANGE__DIGEST_B64 bytes). */
void exchange__digest(const char *body, size_t n, char *out);

/* The Signature header of `body` signed by x's key at `now` (valid ttl_s) into out
 * (XMSG_HEADER_MAX bytes). */
void exchange__sign(const struct app_exchange *x, const char *body, size_t n, int64_t now,
                    char *out);

/*
 * Check the Signature header `sig` over n bytes of body at `now` with the registry's key of its
 * keyId: 0 with *parsed filled and digest (EXCHANGE__DIGEST_B64 bytes) set, or -ERR_X_SIGNATURE,
 * -ERR_X_EXPIRED, -ERR_X_UNKNOWN_SENDER, or a store error.
 */
int exchange__verify(struct store_conn *c, const struct app_exchange *x, const char *body, size_t n,
                     const char *sig, int64_t now, struct xmsg_sig *parsed, char *digest);

/* A fresh message or transaction id (32 hex digits) into out (33 bytes). */
void exchange__new_id(char *out);

/*
 * A new envelope {"header": {...}, "message": message} from x to receiver_id: message_id
 * (written to message_id_out, 33 bytes, unless NULL), message_ts, action, sender_id,
 * receiver_id, total_count. Steals `message`. `extra_header` members (may be NULL, stolen) are
 * added to the header (status, status_reason_code of an answer).
 */
json_t *exchange__envelope(const struct app_exchange *x, const char *action,
                           const char *receiver_id, int total_count, json_t *message,
                           json_t *extra_header, int64_t now, char *message_id_out);

/* Unix milliseconds of the wall clock (the timeliness figures; not the dev clock). */
int64_t exchange__wall_ms(void);

/* The worker's thread body (app/xlocal.c); arg is the struct app. */
void *exchange__worker_main(void *arg);

#endif
