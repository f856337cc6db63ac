/*
 * auditlog.c — signing, verifying and exporting the audit chain. See auditlog.h.
 *
 * Key: app__audit_key is the only place that turns the key file into the signing key, so the
 * key handling of personal data at rest can take it over at one point (docs/security.md "Audit
 * keys"). Load: signing is one Ed25519 signature and one insert per `audit_sign_entries`
 * entries or `audit_sign_interval` seconds; verifying reads the whole log once, by place, in
 * pages of 1000, inside one snapshot, and keeps the signed heads in memory (one per
 * `audit_sign_entries` entries: about 10 000 for a log of a million).
 */
#include "app/auditlog.h"

#include "app/access.h"
#include "app/app_priv.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/auditchain.h"
#include "store/audit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define AUDITLOG__PAGE 1000
#define AUDITLOG__MAX_FINDINGS 100

void app_set_key_file(struct app *a, const char *path)
{
    free(a->key_file);
    a->key_file = path ? xstrdup(path) : NULL;
}

/* Write a new master key (32 random bytes as hex) to `path`, mode 0600; 0 or -ERR_IO. */
static int auditlog__create_key(const char *path)
{
    unsigned char k[32];
    char hex[65];
    randombytes_buf(k, sizeof k);
    sodium_bin2hex(hex, sizeof hex, k, sizeof k);
    sodium_memzero(k, sizeof k);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return -ERR_IO;
    hex[64] = '\n';
    ssize_t w = write(fd, hex, sizeof hex);
    sodium_memzero(hex, sizeof hex);
    int rc = close(fd);
    log_warn("audit", "event=key_file_created path=%s mode=dev", path);
    return w == (ssize_t)sizeof hex && rc == 0 ? 0 : -ERR_IO;
}

/* Read the 32-byte master key from `path` (64 hex digits and a line break, or 32 raw bytes);
 * refuses a file others may read. 0, -ERR_NOT_FOUND (absent) or -ERR_AUDIT_KEY. */
static int auditlog__read_master(const char *path, unsigned char master[32])
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? -ERR_NOT_FOUND : -ERR_AUDIT_KEY;
    if (st.st_mode & 077) {
        log_error("audit", "event=key_file_refused path=%s reason=readable_by_others", path);
        return -ERR_AUDIT_KEY;
    }
    unsigned char buf[80];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -ERR_AUDIT_KEY;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int rc = -ERR_AUDIT_KEY;
    size_t got = 0;
    if (n == 32) {
        memcpy(master, buf, 32);
        rc = 0;
    } else if (n >= 64 &&
               sodium_hex2bin(master, 32, (const char *)buf, 64, NULL, &got, NULL) == 0 &&
               got == 32) {
        rc = 0;
    }
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/*
 * The Ed25519 key pair that signs audit heads: the seed is crypto_kdf subkey 1 of context
 * "ureg-aud" of the 32-byte master key in a->key_file. In --dev a missing file is created.
 * Returns 0 with pk and sk filled, or -ERR_AUDIT_KEY (no usable key file). Re-point here when
 * the master key comes from elsewhere.
 */
static int app__audit_key(struct app *a, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                          unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    unsigned char master[crypto_kdf_KEYBYTES], seed[crypto_sign_SEEDBYTES];
    if (!a->key_file || sodium_init() < 0)
        return -ERR_AUDIT_KEY;
    int rc = auditlog__read_master(a->key_file, master);
    if (rc == -ERR_NOT_FOUND && a->dev && auditlog__create_key(a->key_file) == 0)
        rc = auditlog__read_master(a->key_file, master);
    if (rc < 0)
        return -ERR_AUDIT_KEY;
    crypto_kdf_derive_from_key(seed, sizeof seed, 1, "ureg-aud", master);
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(master, sizeof master);
    sodium_memzero(seed, sizeof seed);
    return 0;
}

int app_audit_public_key(struct app *a, char out[65])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    int rc = app__audit_key(a, pk, sk);
    sodium_memzero(sk, sizeof sk);
    if (rc == 0)
        sodium_bin2hex(out, 65, pk, sizeof pk);
    return rc;
}

/* Sign (seq, hash) with sk into sg's texts (buffers of the caller). */
static void auditlog__sign(int64_t seq, const unsigned char h[AUDITCHAIN_HASH],
                           const unsigned char *pk, const unsigned char *sk,
                           char sig_hex[AUDITCHAIN_SIG_HEX], char key_id[AUDITCHAIN_KEYID_HEX])
{
    unsigned char msg[AUDITCHAIN_MSG], sig[crypto_sign_BYTES];
    unsigned n = auditchain_head_message(seq, h, msg);
    crypto_sign_detached(sig, NULL, msg, n, sk);
    sodium_bin2hex(sig_hex, AUDITCHAIN_SIG_HEX, sig, sizeof sig);
    sodium_bin2hex(key_id, AUDITCHAIN_KEYID_HEX, pk, 8);
}

/* In the write transaction on c: sign the head if it is past the last signed one. */
static int auditlog__sign_in(struct store_conn *c, const unsigned char *pk, const unsigned char *sk,
                             int64_t *seq_out)
{
    int64_t head = 0, last = 0;
    char hash[AUDITCHAIN_HEX], sig[AUDITCHAIN_SIG_HEX], key_id[AUDITCHAIN_KEYID_HEX];
    char at[CLOCK_STRLEN];
    unsigned char h[AUDITCHAIN_HASH];
    int rc = store_audit_head(c, &head, hash);
    if (rc == 0)
        rc = store_audit_last_signed(c, &last);
    if (rc < 0 || head <= last)
        return rc;
    if (auditchain_from_hex(hash, h) < 0) {
        log_error("audit", "event=head_not_signed seq=%lld reason=head_entry_missing",
                  (long long)head);
        return -ERR_AUDIT_BROKEN;
    }
    auditlog__sign(head, h, pk, sk, sig, key_id);
    struct audit_signature sg = {head, hash, clock_format(clock_now(), at), key_id, sig};
    rc = store_audit_sign_insert(c, &sg);
    if (rc == 0) {
        /* Outside the database too: a copy an attacker of the database file cannot reach. */
        log_info("audit", "event=head_signed seq=%lld hash=%s key_id=%s", (long long)head, hash,
                 key_id);
        if (seq_out)
            *seq_out = head;
    }
    return rc < 0 ? rc : 1;
}

int app_audit_sign(struct app *a, int64_t *seq)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    int rc = app__audit_key(a, pk, sk);
    if (rc < 0)
        return rc;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = auditlog__sign_in(c, pk, sk, seq);
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

/* --- the signer thread of `ureg serve` -------------------------------------------------- */

static int64_t auditlog__mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* Whether the head is due for a signature: N entries or M seconds past the last one. */
static bool auditlog__due(struct app *a, int64_t last_sign_mono)
{
    int64_t head = 0, last = 0;
    char hash[AUDITCHAIN_HEX];
    struct store_conn *c = store_acquire(a->store);
    int rc = store_audit_head(c, &head, hash);
    if (rc == 0)
        rc = store_audit_last_signed(c, &last);
    store_release(a->store, c);
    if (rc < 0 || head <= last)
        return false;
    return head - last >= a->policy.audit_sign_entries ||
           auditlog__mono() - last_sign_mono >= a->policy.audit_sign_interval;
}

static void *auditlog__signer(void *arg)
{
    struct app *a = arg;
    int64_t last_sign = auditlog__mono();
    bool warned = false;
    pthread_mutex_lock(&a->signer_mu);
    while (!a->signer_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&a->signer_cv, &a->signer_mu, &until);
        if (a->signer_stop)
            break;
        pthread_mutex_unlock(&a->signer_mu);
        if (auditlog__due(a, last_sign)) {
            int rc = app_audit_sign(a, NULL);
            if (rc >= 0)
                last_sign = auditlog__mono();
            else if (!warned)
                log_warn("audit", "event=heads_not_signed reason=%s", err_info(rc)->code);
            warned = warned || rc < 0;
        }
        pthread_mutex_lock(&a->signer_mu);
    }
    pthread_mutex_unlock(&a->signer_mu);
    return NULL;
}

int app_audit_signer_start(struct app *a)
{
    pthread_mutex_init(&a->signer_mu, NULL);
    pthread_cond_init(&a->signer_cv, NULL);
    a->signer_stop = false;
    if (pthread_create(&a->signer, NULL, auditlog__signer, a) != 0) {
        pthread_mutex_destroy(&a->signer_mu);
        pthread_cond_destroy(&a->signer_cv);
        return -ERR_INTERNAL;
    }
    a->signer_running = true;
    return 0;
}

void app__audit_signer_stop(struct app *a)
{
    if (!a->signer_running)
        return;
    pthread_mutex_lock(&a->signer_mu);
    a->signer_stop = true;
    pthread_cond_signal(&a->signer_cv);
    pthread_mutex_unlock(&a->signer_mu);
    pthread_join(a->signer, NULL);
    pthread_mutex_destroy(&a->signer_mu);
    pthread_cond_destroy(&a->signer_cv);
    a->signer_running = false;
    int rc = app_audit_sign(a, NULL); /* at shutdown: the last entries get their signature */
    if (rc < 0)
        log_warn("audit", "event=head_not_signed_at_stop reason=%s", err_info(rc)->code);
}

/* --- verification ----------------------------------------------------------------------- */

struct auditlog__sig {
    int64_t seq;
    unsigned char hash[AUDITCHAIN_HASH];
    bool valid; /* the signature checks with the public key */
};

struct auditlog__verify {
    const unsigned char *pk; /* NULL: signatures not checked */
    void (*fn)(const struct app_audit_finding *f, void *arg);
    void *arg;
    struct app_audit_report *out;
    struct auditlog__sig *sigs;
    size_t n_sigs, cap_sigs, next_sig;
    int64_t head;        /* the chain's head in the snapshot */
    int64_t expected;    /* the next place the walk expects */
    int64_t prev_signed; /* place of the last signed head passed by the walk */
    int64_t last_id;     /* id of the previous entry of the walk (for messages) */
    int64_t last_seq;    /* place of the last row past the head seen */
    unsigned char prev[AUDITCHAIN_HASH];
    bool has_prev, prev_known;
};

static void auditlog__report(struct auditlog__verify *v, enum app_audit_problem kind, int64_t seq,
                             int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void auditlog__report(struct auditlog__verify *v, enum app_audit_problem kind, int64_t seq,
                             int64_t id, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (v->out->problems++ < AUDITLOG__MAX_FINDINGS && v->fn) {
        struct app_audit_finding f = {kind, seq, id, text};
        v->fn(&f, v->arg);
    }
}

static int auditlog__load_sig(const struct audit_signature *s, void *arg)
{
    struct auditlog__verify *v = arg;
    if (v->n_sigs == v->cap_sigs) {
        v->cap_sigs = v->cap_sigs ? 2 * v->cap_sigs : 64;
        v->sigs = xrealloc(v->sigs, v->cap_sigs * sizeof *v->sigs);
    }
    struct auditlog__sig *g = &v->sigs[v->n_sigs++];
    memset(g, 0, sizeof *g);
    g->seq = s->seq;
    unsigned char sig[crypto_sign_BYTES], msg[AUDITCHAIN_MSG];
    size_t n = 0;
    bool parsed =
        auditchain_from_hex(s->hash, g->hash) == 0 &&
        sodium_hex2bin(sig, sizeof sig, s->signature, strlen(s->signature), NULL, &n, NULL) == 0 &&
        n == sizeof sig;
    if (parsed && v->pk) {
        unsigned len = auditchain_head_message(g->seq, g->hash, msg);
        g->valid = crypto_sign_verify_detached(sig, msg, len, v->pk) == 0;
    }
    g->valid = g->valid || (parsed && !v->pk); /* unchecked without a key */
    return 0;
}

/* Every signed head into v->sigs, in place order. */
static int auditlog__load_sigs(struct store_conn *c, struct auditlog__verify *v)
{
    int64_t after = 0;
    for (;;) {
        size_t before = v->n_sigs;
        int rc = store_audit_signature_page(c, after, AUDITLOG__PAGE, auditlog__load_sig, v);
        if (rc < 0)
            return rc;
        if (v->n_sigs == before)
            return 0;
        after = v->sigs[v->n_sigs - 1].seq;
    }
}

/* Check the signed heads at places up to `seq` (the walk is at `seq`, whose hash is h, or
 * h NULL when the walk has passed seq without an entry there). */
static void auditlog__check_sigs(struct auditlog__verify *v, int64_t seq, int64_t id,
                                 const unsigned char *h)
{
    while (v->next_sig < v->n_sigs && v->sigs[v->next_sig].seq <= seq) {
        struct auditlog__sig *g = &v->sigs[v->next_sig++];
        if (!g->valid) {
            auditlog__report(v, APP_AUDIT_SIGNATURE, g->seq, 0,
                             "signed head at seq %lld: the signature does not check with the "
                             "audit public key (forged or changed)",
                             (long long)g->seq);
            continue;
        }
        v->out->signatures++;
        if (g->seq == seq && h && sodium_memcmp(h, g->hash, AUDITCHAIN_HASH) == 0) {
            v->out->last_signed = seq;
        } else if (g->seq == seq && h) {
            auditlog__report(v, APP_AUDIT_CHANGED, seq, id,
                             "an entry between seq %lld and seq %lld (entry %lld) was changed, "
                             "removed or inserted: the chain no longer matches the head signed at "
                             "seq %lld",
                             (long long)v->prev_signed + 1, (long long)seq, (long long)id,
                             (long long)seq);
        }
        v->prev_signed = g->seq;
    }
}

static int auditlog__entry(const struct audit_row *r, void *arg)
{
    struct auditlog__verify *v = arg;
    if (r->seq > v->head)
        return 1; /* past the head of the snapshot: the walk is done */
    v->out->entries++;
    if (r->seq > v->expected) {
        auditlog__report(v, APP_AUDIT_REMOVED, v->expected, 0,
                         r->seq == v->expected + 1
                             ? "entry seq %lld removed (between entry %lld and entry %lld)"
                             : "entries from seq %lld removed (between entry %lld and entry %lld)",
                         (long long)v->expected, (long long)v->last_id, (long long)r->id);
        auditlog__check_sigs(v, r->seq - 1, 0, NULL);
        v->prev_known = false;
    }
    struct auditchain_fields f = {
        .seq = r->seq,
        .at = r->at,
        .has_actor_id = r->has_actor_id,
        .actor_id = r->actor_id,
        .actor = r->actor,
        .action = r->action,
        .object_type = r->object_type,
        .object_id = r->object_id,
        .remote = r->remote,
        .detail = r->detail,
    };
    unsigned char h[AUDITCHAIN_HASH], stored[AUDITCHAIN_HASH];
    bool has_stored = auditchain_from_hex(r->hash, stored) == 0;
    auditchain_hash(v->has_prev ? v->prev : NULL, &f, h);
    if (v->prev_known && (!has_stored || sodium_memcmp(h, stored, sizeof h) != 0))
        auditlog__report(v, APP_AUDIT_CHANGED, r->seq, r->id,
                         "entry %lld (seq %lld) changed: its hash does not match its content and "
                         "the entry before it",
                         (long long)r->id, (long long)r->seq);
    auditlog__check_sigs(v, r->seq, r->id, v->prev_known ? h : (has_stored ? stored : NULL));
    /* Go on from the stored hash, so that one changed entry is one finding. */
    memcpy(v->prev, has_stored ? stored : h, sizeof h);
    v->has_prev = v->prev_known = true;
    v->expected = r->seq + 1;
    v->last_id = r->id;
    return 0;
}

static int auditlog__unchained(const struct audit_row *r, void *arg)
{
    struct auditlog__verify *v = arg;
    auditlog__report(v, APP_AUDIT_INSERTED, r->seq, r->id,
                     "entry %lld inserted: it has no place in the chain (no seq or hash)",
                     (long long)r->id);
    v->last_id = r->id;
    return 0;
}

static int auditlog__past_head(const struct audit_row *r, void *arg)
{
    struct auditlog__verify *v = arg;
    auditlog__report(v, APP_AUDIT_INSERTED, r->seq, r->id,
                     "entry %lld inserted: its place seq %lld is past the chain's head seq %lld",
                     (long long)r->id, (long long)r->seq, (long long)v->head);
    v->last_seq = r->seq;
    return 0;
}

/* The walks of app_audit_verify, inside its snapshot. */
static int auditlog__walk(struct store_conn *c, struct auditlog__verify *v)
{
    char hash[AUDITCHAIN_HEX];
    int rc = store_audit_head(c, &v->head, hash);
    if (rc == 0)
        rc = auditlog__load_sigs(c, v);
    int64_t after = 0;
    v->expected = 1;
    v->prev_known = true;
    while (rc >= 0) {
        int64_t before = v->out->entries;
        rc = store_audit_chain_page(c, after, AUDITLOG__PAGE, auditlog__entry, v);
        if (rc <= 0 || v->out->entries == before || v->expected > v->head)
            break;
        after = v->expected - 1;
    }
    if (rc < 0)
        return rc;
    if (v->expected <= v->head)
        auditlog__report(v, APP_AUDIT_REMOVED, v->expected, 0,
                         "entries from seq %lld to seq %lld removed (the chain's head is seq "
                         "%lld; the last entry is entry %lld)",
                         (long long)v->expected, (long long)v->head, (long long)v->head,
                         (long long)v->last_id);
    auditlog__check_sigs(v, INT64_MAX, 0, NULL);
    for (size_t i = 0; i < v->n_sigs; i++)
        if (v->sigs[i].seq > v->head)
            auditlog__report(v, APP_AUDIT_REMOVED, v->sigs[i].seq, 0,
                             "entries up to seq %lld removed: a signed head covers them but the "
                             "chain ends at seq %lld",
                             (long long)v->sigs[i].seq, (long long)v->head);
    for (int64_t after_id = 0; rc >= 0;) {
        v->last_id = after_id;
        rc = store_audit_unchained_page(c, after_id, AUDITLOG__PAGE, auditlog__unchained, v);
        if (rc <= 0)
            break;
        after_id = v->last_id;
    }
    /* Rows at places past the head: places the chain never gave out. */
    for (after = v->head; rc >= 0;) {
        v->last_seq = after;
        rc = store_audit_chain_page(c, after, AUDITLOG__PAGE, auditlog__past_head, v);
        if (rc <= 0)
            break;
        after = v->last_seq;
    }
    return rc < 0 ? rc : 0;
}

int app_audit_verify(struct app *a, const unsigned char *public_key,
                     void (*fn)(const struct app_audit_finding *f, void *arg), void *arg,
                     struct app_audit_report *out)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    memset(out, 0, sizeof *out);
    struct auditlog__verify v = {.fn = fn, .arg = arg, .out = out, .pk = public_key};
    if (!v.pk && app__audit_key(a, pk, sk) == 0)
        v.pk = pk;
    sodium_memzero(sk, sizeof sk);
    out->signatures_checked = v.pk != NULL;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin_snapshot(c);
    if (rc == 0) {
        rc = auditlog__walk(c, &v);
        store_tx_rollback(c);
    }
    store_release(a->store, c);
    out->head = v.head;
    free(v.sigs);
    return rc;
}

int app_audit_export(struct app *a, const struct actor *by, const char *format, int64_t from_id,
                     int64_t to_id, int limit, int (*fn)(const struct audit_row *r, void *arg),
                     void *arg)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = app_audit(c, by, clock_now(), "audit.export", "audit_log", "",
                       json_pack("{s:s, s:I, s:I, s:i}", "format", format, "from_id",
                                 (json_int_t)from_id, "to_id", (json_int_t)to_id, "limit", limit));
    if (rc == 0)
        rc = store_audit_range(c, from_id, to_id, limit, fn, arg);
    store_release(a->store, c);
    return rc;
}
