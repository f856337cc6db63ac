/*
 * exchange.c — the exchange's configuration, keys, signatures, envelopes, registry and views.
 * See exchange.h; the hub's side is app/hub.c, the local worker app/xlocal.c.
 *
 * Keys: a system's secret key never leaves its key file (mode 0600, read at start); the
 * registry holds only public keys. A signature covers the BLAKE2b-512 digest of the exact body
 * bytes with its created and expires times (rules/xmsg.h), so neither the body nor the window
 * can be changed without the receiver noticing.
 */
#include "app/exchange.h"

#include "app/app_priv.h"
#include "app/exchange_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/region.h"
#include "store/application.h"
#include "store/exchange.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct app_exchange *app__exchange(const struct app *a)
{
    return a->exchange;
}

enum app_role app_role(const struct app *a)
{
    return a->exchange ? a->exchange->role : APP_ROLE_LOCAL;
}

int64_t exchange__wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void exchange__new_id(char *out)
{
    unsigned char r[16];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(out, 33, r, sizeof r);
}

void exchange__digest(const char *body, size_t n, char *out)
{
    unsigned char h[64];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, n, NULL, 0);
    sodium_bin2base64(out, EXCHANGE__DIGEST_B64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
}

void exchange__sign(const struct app_exchange *x, const char *body, size_t n, int64_t now,
                    char *out)
{
    char digest[EXCHANGE__DIGEST_B64], signing[XMSG_SIGNING_MAX];
    unsigned char sig[crypto_sign_BYTES];
    struct xmsg_sig s = {.created = now, .expires = now + x->ttl_s};
    exchange__digest(body, n, digest);
    size_t len = xmsg_signing_string(s.created, s.expires, digest, signing);
    crypto_sign_detached(sig, NULL, (const unsigned char *)signing, len, x->sk);
    sodium_bin2base64(s.signature, sizeof s.signature, sig, sizeof sig,
                      sodium_base64_VARIANT_ORIGINAL);
    snprintf(s.key_id, sizeof s.key_id, "%s", x->system_id);
    xmsg_sig_format(&s, out);
}

/* Decode a base64 public key (32 bytes) into pk; 0 or -ERR_X_PUBLIC_KEY. */
static int exchange__public_key(const char *b64, unsigned char *pk)
{
    size_t len = 0;
    if (!b64 ||
        sodium_base642bin(pk, crypto_sign_PUBLICKEYBYTES, b64, strlen(b64), NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != crypto_sign_PUBLICKEYBYTES)
        return -ERR_X_PUBLIC_KEY;
    return 0;
}

int exchange__verify(struct store_conn *c, const struct app_exchange *x, const char *body, size_t n,
                     const char *sig, int64_t now, struct xmsg_sig *parsed, char *digest)
{
    char key_b64[128], signing[XMSG_SIGNING_MAX];
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], raw[crypto_sign_BYTES];
    size_t len = 0;
    if (xmsg_sig_parse(sig, parsed) != XMSG_OK)
        return -ERR_X_SIGNATURE;
    if (xmsg_window_check(parsed->created, parsed->expires, now, x->skew_s) != XMSG_OK)
        return -ERR_X_EXPIRED;
    int rc = store_x_system_key(c, parsed->key_id, key_b64, sizeof key_b64);
    if (rc == -ERR_NOT_FOUND)
        return -ERR_X_UNKNOWN_SENDER;
    if (rc < 0)
        return rc;
    if (exchange__public_key(key_b64, pk) < 0)
        return -ERR_X_UNKNOWN_SENDER;
    if (sodium_base642bin(raw, sizeof raw, parsed->signature, strlen(parsed->signature), NULL, &len,
                          NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != sizeof raw)
        return -ERR_X_SIGNATURE;
    exchange__digest(body, n, digest);
    size_t slen = xmsg_signing_string(parsed->created, parsed->expires, digest, signing);
    if (crypto_sign_verify_detached(raw, (const unsigned char *)signing, slen, pk) != 0)
        return -ERR_X_SIGNATURE;
    return 0;
}

json_t *exchange__envelope(const struct app_exchange *x, const char *action,
                           const char *receiver_id, int total_count, json_t *message,
                           json_t *extra_header, int64_t now, char *message_id_out)
{
    char id[33], ts[CLOCK_STRLEN];
    exchange__new_id(id);
    if (message_id_out)
        memcpy(message_id_out, id, sizeof id);
    json_t *h =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "version", "1.0.0", "message_id", id,
                  "message_ts", clock_format(now, ts), "action", action, "sender_id", x->system_id,
                  "receiver_id", receiver_id, "total_count", total_count, "is_msg_encrypted", 0);
    if (extra_header) {
        json_object_update(h, extra_header);
        json_decref(extra_header);
    }
    return json_pack("{s:o, s:o}", "header", h, "message", message ? message : json_object());
}

/* --- configuration and keys ----------------------------------------------------------- */

/* Read the secret key file into x (sk and pk); 0 or -ERR_X_KEY_FILE. */
static int exchange__load_key(struct app_exchange *x, const char *path)
{
    char line[256];
    size_t len = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return -ERR_X_KEY_FILE;
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    if (!got)
        return -ERR_X_KEY_FILE;
    line[strcspn(line, "\r\n")] = '\0';
    int bad = sodium_base642bin(x->sk, sizeof x->sk, line, strlen(line), NULL, &len, NULL,
                                sodium_base64_VARIANT_ORIGINAL) != 0 ||
              len != sizeof x->sk;
    sodium_memzero(line, sizeof line);
    if (bad)
        return -ERR_X_KEY_FILE;
    crypto_sign_ed25519_sk_to_pk(x->pk, x->sk);
    x->has_key = true;
    return 0;
}

static int exchange__or(int v, int def)
{
    return v > 0 ? v : def;
}

int app_exchange_configure(struct app *a, const struct exchange_config *cfg, struct err_ctx *ec)
{
    if (a->exchange)
        return err_set(ec, -ERR_USAGE, "role");
    struct app_exchange *x = xcalloc(1, sizeof *x);
    x->role = cfg->role;
    const char *id = cfg->system_id                   ? cfg->system_id
                     : cfg->role == APP_ROLE_NATIONAL ? EXCHANGE_NATIONAL_ID
                                                      : "";
    snprintf(x->system_id, sizeof x->system_id, "%s", id);
    snprintf(x->national_id, sizeof x->national_id, "%s",
             cfg->national_id ? cfg->national_id : EXCHANGE_NATIONAL_ID);
    x->national_url = cfg->national_url && *cfg->national_url ? xstrdup(cfg->national_url) : NULL;
    x->interval_ms = exchange__or(cfg->interval_ms, 1000);
    x->retry_base_ms = exchange__or(cfg->retry_base_ms, 500);
    x->retry_cap_ms = exchange__or(cfg->retry_cap_ms, 60000);
    x->skew_s = exchange__or(cfg->skew_s, XMSG_DEFAULT_SKEW);
    x->ttl_s = exchange__or(cfg->ttl_s, XMSG_DEFAULT_TTL);
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    a->exchange = x;

    bool needs_key = x->role == APP_ROLE_NATIONAL || x->national_url;
    if (needs_key && !xmsg_id_valid(x->system_id))
        return err_set(ec, -ERR_USAGE, "system-id");
    if (needs_key && (!cfg->key_file || !*cfg->key_file))
        return err_set(ec, -ERR_USAGE, "key");
    if (cfg->key_file && *cfg->key_file && exchange__load_key(x, cfg->key_file) < 0)
        return err_set(ec, -ERR_X_KEY_FILE, "key");
    return 0;
}

void app__exchange_free(struct app *a)
{
    struct app_exchange *x = a->exchange;
    if (!x)
        return;
    app_exchange_stop(a);
    sodium_memzero(x->sk, sizeof x->sk);
    pthread_mutex_destroy(&x->mu);
    pthread_cond_destroy(&x->cv);
    free(x->national_url);
    free(x);
    a->exchange = NULL;
}

int app_exchange_start(struct app *a)
{
    struct app_exchange *x = a->exchange;
    if (!x || x->role != APP_ROLE_LOCAL || !x->national_url || x->running)
        return 0;
    x->stopping = false;
    if (pthread_create(&x->thread, NULL, exchange__worker_main, a) != 0)
        return -ERR_INTERNAL;
    x->running = true;
    log_info("exchange", "event=worker_started system=%s national=%s", x->system_id,
             x->national_url);
    return 0;
}

void app_exchange_stop(struct app *a)
{
    struct app_exchange *x = a->exchange;
    if (!x || !x->running)
        return;
    pthread_mutex_lock(&x->mu);
    x->stopping = true;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    pthread_join(x->thread, NULL);
    x->running = false;
}

int app_exchange_keygen(const char *path, char *pub_b64)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char sk_b64[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES,
                                          sodium_base64_VARIANT_ORIGINAL)];
    char pub_path[4096];
    if (snprintf(pub_path, sizeof pub_path, "%s.pub", path) >= (int)sizeof pub_path)
        return -ERR_X_KEY_FILE;
    crypto_sign_keypair(pk, sk);
    sodium_bin2base64(sk_b64, sizeof sk_b64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(pub_b64, 64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(sk, sizeof sk);
    int rc = -ERR_X_KEY_FILE;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
        size_t n = strlen(sk_b64);
        bool ok = write(fd, sk_b64, n) == (ssize_t)n && write(fd, "\n", 1) == 1;
        ok = fsync(fd) == 0 && ok;
        ok = close(fd) == 0 && ok;
        FILE *f = ok ? fopen(pub_path, "w") : NULL;
        if (f) {
            ok = fprintf(f, "%s\n", pub_b64) > 0;
            ok = fclose(f) == 0 && ok;
            rc = ok ? 0 : -ERR_X_KEY_FILE;
        }
    }
    sodium_memzero(sk_b64, sizeof sk_b64);
    return rc;
}

/* --- the registry --------------------------------------------------------------------- */

/* Whether `p` is a region-code prefix of 2 to 12 digits. */
static bool exchange__prefix_ok(const char *p, size_t n)
{
    if (n < 2 || n > 12)
        return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

/* Put the routes of the comma-separated `regions` to system_id, in c's transaction. */
static int exchange__put_routes(struct store_conn *c, const char *system_id, const char *regions,
                                json_t *list)
{
    const char *p = regions;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        char prefix[16];
        if (!exchange__prefix_ok(p, n))
            return -ERR_FIELD_INVALID;
        memcpy(prefix, p, n);
        prefix[n] = '\0';
        int rc = store_x_route_put(c, prefix, system_id);
        if (rc < 0)
            return rc;
        json_array_append_new(list, json_string(prefix));
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

int app_exchange_register(struct app *a, const struct actor *by, const char *system_id,
                          const char *public_key, const char *regions, struct err_ctx *ec)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    if (!system_id || !xmsg_id_valid(system_id))
        return err_set(ec, system_id ? -ERR_FIELD_INVALID : -ERR_FIELD_REQUIRED, "system_id");
    if (exchange__public_key(public_key, pk) < 0)
        return err_set(ec, -ERR_X_PUBLIC_KEY, "public_key");
    int64_t now = clock_now();
    json_t *list = json_array();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_x_system_put(c, system_id, public_key, now);
    if (rc == 0) {
        rc = exchange__put_routes(c, system_id, regions, list);
        if (rc == -ERR_FIELD_INVALID)
            ec->field = "regions";
    }
    if (rc == 0)
        rc = app_audit(c, by, now, "exchange.register", "exchange_system", system_id,
                       json_pack("{s:O}", "regions", list));
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    json_decref(list);
    return rc;
}

static int exchange__route_of(const char *prefix, const char *system_id, void *arg)
{
    json_t *items = arg;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "system_id")), system_id) == 0)
            json_array_append_new(json_object_get(it, "regions"), json_string(prefix));
    }
    return 0;
}

static json_t *exchange__time_or_null(int64_t t)
{
    char buf[CLOCK_STRLEN];
    return t > 0 ? json_string(clock_format(t, buf)) : json_null();
}

static int exchange__system_row(const struct x_system_row *r, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s, s:s, s:[], s:o}", "system_id", r->system_id,
                                         "public_key", r->public_key, "regions", "last_seen_at",
                                         exchange__time_or_null(r->last_seen_at)));
    return 0;
}

int app_exchange_systems(struct app *a, json_t **out)
{
    json_t *items = json_array();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_x_systems_each(c, exchange__system_row, items);
    if (rc >= 0)
        rc = store_x_routes_each(c, exchange__route_of, items);
    store_release(a->store, c);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:o}", "role",
                     app_role(a) == APP_ROLE_NATIONAL ? "national" : "local", "system_id",
                     a->exchange ? a->exchange->system_id : "", "items", items);
    return 0;
}

/* --- the views ------------------------------------------------------------------------ */

struct exchange__timeliness {
    json_t *items, *systems;
};

static int exchange__timeliness_row(const struct x_timeliness_row *r, void *arg)
{
    struct exchange__timeliness *t = arg;
    json_t *regions = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(t->systems, i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "system_id")), r->system_id) == 0)
            json_array_extend(regions, json_object_get(s, "regions"));
    }
    json_array_append_new(t->items,
                          json_pack("{s:s, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "system_id",
                                    r->system_id, "regions", regions, "last_seen_at",
                                    exchange__time_or_null(r->last_seen_at), "waiting_download",
                                    (json_int_t)r->waiting, "late_download",
                                    (json_int_t)r->late_download, "open", (json_int_t)r->open,
                                    "overdue", (json_int_t)r->overdue, "results",
                                    (json_int_t)r->decided, "rejected", (json_int_t)r->rejected));
    return 0;
}

/* The hub's view: one row per local system. */
static int exchange__hub_overview(struct app *a, json_t **out)
{
    json_t *systems = NULL;
    int rc = app_exchange_systems(a, &systems);
    if (rc < 0)
        return rc;
    int64_t now = clock_now();
    int minutes = a->policy.exchange_download_minutes;
    char today[DATE_STRLEN];
    date_format(clock_today(), today);
    struct exchange__timeliness t = {json_array(), json_object_get(systems, "items")};
    struct store_conn *c = store_acquire(a->store);
    rc = store_x_timeliness_each(c, a->exchange->system_id, now - (int64_t)minutes * 60, today,
                                 exchange__timeliness_row, &t);
    store_release(a->store, c);
    json_decref(systems);
    if (rc < 0) {
        json_decref(t.items);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:i, s:o}", "role", "national", "system_id",
                     a->exchange->system_id, "download_limit_minutes", minutes, "systems", t.items);
    return 0;
}

/* A local system's view: its outbox and what the worker saw. */
static int exchange__local_overview(struct app *a, json_t **out)
{
    struct x_outbox_stats os;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_x_outbox_stats(c, &os);
    store_release(a->store, c);
    if (rc < 0)
        return rc;
    struct app_exchange *x = a->exchange;
    struct exchange__stats st = {0};
    if (x) {
        pthread_mutex_lock(&x->mu);
        st = x->stats;
        pthread_mutex_unlock(&x->mu);
    }
    *out = json_pack(
        "{s:s, s:s, s:o, s:b, s:{s:I, s:I, s:I, s:o, s:I}, s:o, s:o, s:o, s:o, s:o, s:i, s:o,"
        " s:I, s:I, s:I}",
        "role", "local", "system_id", x ? x->system_id : "", "national_url",
        x && x->national_url ? json_string(x->national_url) : json_null(), "connected",
        x && x->national_url && st.last_success_at > 0 && st.failures == 0, "outbox", "pending",
        (json_int_t)os.pending, "succeeded", (json_int_t)os.succeeded, "rejected",
        (json_int_t)os.rejected, "oldest_pending_at", exchange__time_or_null(os.oldest_pending_at),
        "max_attempts", (json_int_t)os.max_attempts, "last_success_at",
        exchange__time_or_null(st.last_success_at), "last_failure_at",
        exchange__time_or_null(st.last_failure_at), "last_download_at",
        exchange__time_or_null(st.last_download_at), "last_upload_at",
        exchange__time_or_null(st.last_upload_at), "last_publish_at",
        exchange__time_or_null(st.last_publish_at), "failures", st.failures, "last_error",
        st.last_error[0] ? json_string(st.last_error) : json_null(), "downloaded",
        (json_int_t)st.downloaded, "uploaded", (json_int_t)st.uploaded, "upload_rejected",
        (json_int_t)st.upload_rejected);
    return 0;
}

int app_exchange_overview(struct app *a, json_t **out)
{
    return app_role(a) == APP_ROLE_NATIONAL ? exchange__hub_overview(a, out)
                                            : exchange__local_overview(a, out);
}

/* --- the outbox ----------------------------------------------------------------------- */

/* The result item of `app` the hub applies (审核结果上传): its status and decision, and the
 * registration's exit (both NULL for none). Queued as `kind`. */
static int exchange__enqueue(struct store_conn *c, const char *kind, const struct application *app,
                             const char *status, const char *reason, const char *reg_no,
                             const char *decided_at, const char *exit_reason, const char *exit_date,
                             int64_t now)
{
    json_t *body = json_pack(
        "{s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "application_no",
        app->application_no, "national_no",
        app->national_no && *app->national_no ? json_string(app->national_no) : json_null(),
        "register_region", app->register_region, "channel", app->channel, "status", status,
        "decision_reason", reason && *reason ? json_string(reason) : json_null(), "registration_no",
        reg_no && *reg_no ? json_string(reg_no) : json_null(), "decided_at", decided_at, "deadline",
        app->deadline, "query_code_hash", app->query_code_hash ? app->query_code_hash : "",
        "exit_reason", exit_reason ? json_string(exit_reason) : json_null(), "exit_date",
        exit_date ? json_string(exit_date) : json_null());
    char *text = json_dump(body);
    json_decref(body);
    if (!text)
        return -ERR_INTERNAL;
    int rc = store_x_outbox_add(c, kind, app->application_no, text, now);
    free(text);
    return rc;
}

int app__exchange_enqueue_decision(struct store_conn *c, const struct application *app,
                                   const char *status, const char *reason, const char *reg_no,
                                   int64_t now)
{
    char at[CLOCK_STRLEN];
    return exchange__enqueue(c, "decision", app, status, reason, reg_no, clock_format(now, at),
                             NULL, NULL, now);
}

int app__exchange_enqueue_exit(struct store_conn *c, const struct application *app,
                               const char *reg_no, const char *exit_reason, const char *exit_date,
                               int64_t now)
{
    char at[CLOCK_STRLEN];
    const char *decided = app->decided_at ? app->decided_at : clock_format(now, at);
    return exchange__enqueue(c, "exit", app, app->status, app->decision_reason, reg_no, decided,
                             exit_reason, exit_date, now);
}
