/*
 * pii.c — the key ring of personal data at rest. See pii.h.
 *
 * Load: every version's AEAD key is derived when the master key is set (255 BLAKE2b calls,
 * well under a millisecond), so sealing and opening take no lock and derive nothing. Cost of a
 * field: one XChaCha20-Poly1305 call on a few dozen bytes and a base64 step (about a
 * microsecond); of a blind index, one keyed BLAKE2b (under a microsecond), cheap beside the
 * import's CSV parse and b-tree insert.
 */
#include "store/pii.h"

#include "base/err.h"
#include "store/meta.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PII__INDEX_BYTES 14
#define PII__NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define PII__TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

static const char SQL_PII_ANY_ROWS[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM person_open)"
    " OR EXISTS (SELECT 1 FROM ref_record) THEN 1 ELSE 0 END";
/* Keys written before encryption: every plain key starts with a capital letter ("C:", "H:",
 * "T:"), every blind index with '#', which sorts before them (the backends compare bytewise), so
 * `>= 'A'` is a range of the primary key. */
static const char SQL_PII_OPEN_PLAIN[] =
    "SELECT person_key, application_no, registration_no FROM person_open"
    " WHERE person_key >= 'A' ORDER BY person_key LIMIT $1";
static const char SQL_PII_OPEN_MOVE[] =
    "INSERT INTO person_open (person_key, application_no, registration_no) VALUES ($1, $2, $3)"
    " ON CONFLICT (person_key) DO NOTHING";
static const char SQL_PII_OPEN_DROP[] = "DELETE FROM person_open WHERE person_key = $1";
static const char SQL_PII_SOURCES[] = "SELECT DISTINCT source FROM ref_import ORDER BY source";
static const char SQL_PII_REF_PLAIN[] =
    "SELECT person_key, event_date, extra, import_id, line FROM ref_record"
    " WHERE source = $1 AND person_key >= 'A' ORDER BY person_key LIMIT $2";
static const char SQL_PII_REF_MOVE[] =
    "INSERT INTO ref_record (source, person_key, event_date, extra, import_id, line)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
static const char SQL_PII_REF_DROP[] =
    "DELETE FROM ref_record WHERE source = $1 AND person_key = $2 AND event_date = $3"
    " AND extra = $4";

static struct {
    bool ready;
    uint8_t aead[STORE_PII_VERSION_MAX + 1][crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    uint8_t index[crypto_generichash_KEYBYTES];
    char check[33]; /* hex of the key check value */
} pii__ring;

void store_pii_set_master(const uint8_t master[32])
{
    if (sodium_init() < 0)
        abort();
    for (uint64_t v = 1; v <= STORE_PII_VERSION_MAX; v++)
        crypto_kdf_derive_from_key(pii__ring.aead[v], sizeof pii__ring.aead[v], v, "ureg-aed",
                                   master);
    crypto_kdf_derive_from_key(pii__ring.index, sizeof pii__ring.index, 1, "ureg-bix", master);
    uint8_t chk[32], val[16];
    crypto_kdf_derive_from_key(chk, sizeof chk, 1, "ureg-chk", master);
    static const char what[] = "ureg personal data key check";
    crypto_generichash(val, sizeof val, (const uint8_t *)what, sizeof what - 1, chk, sizeof chk);
    sodium_bin2hex(pii__ring.check, sizeof pii__ring.check, val, sizeof val);
    sodium_memzero(chk, sizeof chk);
    pii__ring.ready = true;
}

void store_pii_forget(void)
{
    sodium_memzero(&pii__ring, sizeof pii__ring);
}

bool store_pii_ready(void)
{
    return pii__ring.ready;
}

/* Write a new random key to `path` (O_EXCL, 0600). 0, -EEXIST, or -ERR_IO. */
static int pii__create(const char *path, uint8_t master[32])
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? -EEXIST : -ERR_IO;
    char hex[65];
    randombytes_buf(master, 32);
    sodium_bin2hex(hex, sizeof hex, master, 32);
    hex[64] = '\n';
    ssize_t n = write(fd, hex, sizeof hex);
    int rc = (n == (ssize_t)sizeof hex && fsync(fd) == 0) ? 0 : -ERR_IO;
    sodium_memzero(hex, sizeof hex);
    if (close(fd) != 0)
        rc = -ERR_IO;
    if (rc < 0)
        unlink(path);
    return rc;
}

/* Read the key at `path` into master after checking its mode. */
static int pii__read(const char *path, uint8_t master[32])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? -ERR_KEY_MISSING : errno == ELOOP ? -ERR_KEY_MODE : -ERR_IO;
    struct stat st;
    char text[80];
    ssize_t n = -1;
    int rc = 0;
    if (fstat(fd, &st) != 0)
        rc = -ERR_IO;
    else if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0)
        rc = -ERR_KEY_MODE;
    else if ((n = read(fd, text, sizeof text)) < 0)
        rc = -ERR_IO;
    close(fd);
    if (rc == 0) {
        size_t len = (size_t)n, bin_len = 0;
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
        if (len != 64 || sodium_hex2bin(master, 32, text, len, NULL, &bin_len, NULL) != 0 ||
            bin_len != 32)
            rc = -ERR_KEY_INVALID;
    }
    sodium_memzero(text, sizeof text);
    return rc;
}

int store_pii_load_key(const char *path, bool create, bool *created)
{
    uint8_t master[32];
    if (created)
        *created = false;
    if (sodium_init() < 0)
        return -ERR_INTERNAL;
    int rc = pii__read(path, master);
    if (rc == -ERR_KEY_MISSING && create) {
        rc = pii__create(path, master);
        if (rc == 0 && created)
            *created = true;
        else if (rc == -EEXIST)
            rc = pii__read(path, master);
    }
    static const char *const why[] = {"", "is missing",
                                      "must be mode 0600 (a regular file "
                                      "that group and others cannot read)",
                                      "is not 64 hexadecimal digits", "cannot be read or written"};
    int w = rc == -ERR_KEY_MISSING ? 1 : rc == -ERR_KEY_MODE ? 2 : rc == -ERR_KEY_INVALID ? 3 : 4;
    if (rc == 0)
        store_pii_set_master(master);
    else
        fprintf(stderr, "ureg: key file %s %s%s\n", path, why[w],
                rc == -ERR_KEY_MISSING ? " (ureg init creates it; --key-file names another)" : "");
    sodium_memzero(master, sizeof master);
    return rc;
}

int store_pii_check(struct store_conn *c)
{
    if (!pii__ring.ready)
        return -ERR_KEY_MISSING;
    char have[80];
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        return rc;
    rc = store_meta_get(c, "pii_key_check", have, sizeof have);
    if (rc == -ERR_NOT_FOUND) {
        /* A database with people or records but no key check was written before encryption:
         * flagged, so that opening it converts those rows (store_pii_legacy). */
        int64_t any = 0;
        rc = store_q_one_int(store_q_open(c, SQL_PII_ANY_ROWS), &any, -ERR_INTERNAL);
        if (rc == 0 && any)
            rc = store_meta_set(c, "pii_legacy", "1");
        if (rc == 0)
            rc = store_meta_set(c, "pii_key_check", pii__ring.check);
        if (rc == 0 && store_meta_get(c, "pii_key_version", have, sizeof have) == -ERR_NOT_FOUND)
            rc = store_meta_set(c, "pii_key_version", "1");
    } else if (rc == 0 && strcmp(have, pii__ring.check) != 0) {
        rc = -ERR_KEY_MISMATCH;
    }
    return store_tx_end(c, rc);
}

int store_pii_version(struct store_conn *c, int *version)
{
    char v[16];
    int rc = store_meta_get(c, "pii_key_version", v, sizeof v);
    *version = 1;
    if (rc == -ERR_NOT_FOUND)
        return 0;
    if (rc < 0)
        return rc;
    int n = atoi(v);
    if (n < 1 || n > STORE_PII_VERSION_MAX)
        return -ERR_INTERNAL;
    *version = n;
    return 0;
}

int store_pii_set_version(struct store_conn *c, int version)
{
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    return store_meta_set(c, "pii_key_version", v);
}

bool store_pii_is_index(const char *key)
{
    return key && key[0] == '#' && strlen(key) == STORE_PII_INDEX_SIZE - 1;
}

void store_pii_index(const char *key, char out[STORE_PII_INDEX_SIZE])
{
    if (store_pii_is_index(key)) {
        memcpy(out, key, STORE_PII_INDEX_SIZE);
        return;
    }
    if (!pii__ring.ready)
        abort(); /* a programming error: app__init refuses to run without the key */
    uint8_t h[PII__INDEX_BYTES];
    char b64[32];
    crypto_generichash(h, sizeof h, (const uint8_t *)key, strlen(key), pii__ring.index,
                       sizeof pii__ring.index);
    sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out[0] = '#';
    memcpy(out + 1, b64, STORE_PII_INDEX_SIZE - 1); /* 19 characters and the NUL */
}

/* The associated data "table.column.row.version" into ad; its length. */
static size_t pii__ad(char ad[160], const char *table, const char *column, int64_t row, int version)
{
    int n = snprintf(ad, 160, "%s.%s.%lld.%d", table, column, (long long)row, version);
    return n < 0 ? 0 : (size_t)n < 160 ? (size_t)n : 159;
}

size_t store__pii_sealed_len(size_t n)
{
    /* sodium_base64_ENCODED_LEN counts the terminating NUL. */
    return sodium_base64_ENCODED_LEN(PII__NONCE + n + PII__TAG,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING) -
           1;
}

void store__pii_seal(const char *table, const char *column, int64_t row, int version,
                     const char *plain, struct buf *out)
{
    if (!pii__ring.ready || version < 1 || version > STORE_PII_VERSION_MAX)
        abort(); /* a programming error: app__init refuses to run without the key */
    char ad[160];
    size_t ad_len = pii__ad(ad, table, column, row, version);
    size_t n = strlen(plain ? plain : "");
    size_t bin_len = PII__NONCE + n + PII__TAG;
    uint8_t stack[512], *bin = bin_len <= sizeof stack ? stack : malloc(bin_len);
    if (!bin)
        abort();
    randombytes_buf(bin, PII__NONCE);
    crypto_aead_xchacha20poly1305_ietf_encrypt(bin + PII__NONCE, NULL, (const uint8_t *)plain, n,
                                               (const uint8_t *)ad, ad_len, NULL, bin,
                                               pii__ring.aead[version]);
    size_t b64_len = sodium_base64_ENCODED_LEN(bin_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    buf_reset(out);
    buf_reserve(out, b64_len);
    sodium_bin2base64(out->data, b64_len, bin, bin_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out->len = strlen(out->data);
    if (bin != stack)
        free(bin);
}

int store__pii_open(const char *table, const char *column, int64_t row, int version,
                    const char *stored, struct arena *ar, const char **out)
{
    const char *s = stored ? stored : "";
    *out = "";
    if (version == 0) {
        *out = arena_strdup(ar, s);
        return 0;
    }
    if (version < 1 || version > STORE_PII_VERSION_MAX || !pii__ring.ready)
        return -ERR_PII_DECRYPT;
    size_t len = strlen(s), bin_len = 0;
    uint8_t *bin = arena_alloc(ar, len + 1);
    if (sodium_base642bin(bin, len + 1, s, len, NULL, &bin_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        bin_len < PII__NONCE + PII__TAG)
        return -ERR_PII_DECRYPT;
    char ad[160];
    size_t ad_len = pii__ad(ad, table, column, row, version);
    size_t n = bin_len - PII__NONCE - PII__TAG;
    char *plain = arena_alloc(ar, n + 1);
    unsigned long long got = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt((uint8_t *)plain, &got, NULL, bin + PII__NONCE,
                                                   bin_len - PII__NONCE, (const uint8_t *)ad,
                                                   ad_len, bin, pii__ring.aead[version]) != 0)
        return -ERR_PII_DECRYPT;
    plain[got] = '\0';
    *out = plain;
    return 0;
}

int store_pii_legacy(struct store_conn *c, bool *legacy)
{
    char v[8];
    int rc = store_meta_get(c, "pii_legacy", v, sizeof v);
    *legacy = rc == 0 && strcmp(v, "1") == 0;
    return rc == -ERR_NOT_FOUND ? 0 : rc;
}

int store_pii_legacy_done(struct store_conn *c)
{
    return store_meta_set(c, "pii_legacy", "0");
}

/* Copy the text of column i of q into an arena string. */
static const char *pii__col(struct store_q *q, int i, struct arena *ar)
{
    const char *v = store_q_col_text(q, i);
    return v ? arena_strdup(ar, v) : NULL;
}

int store_pii_reindex_open(struct store_conn *c, int max)
{
    struct arena ar;
    arena_init(&ar);
    const char *(*rows)[3] = arena_alloc(&ar, (size_t)max * sizeof *rows);
    struct store_q *q = store_q_open(c, SQL_PII_OPEN_PLAIN);
    store_q_int(q, 1, max);
    int rc = 0, n = 0;
    while (n < max && (rc = store_q_step(q)) == 1) {
        for (int i = 0; i < 3; i++)
            rows[n][i] = pii__col(q, i, &ar);
        n++;
    }
    store_q_close(q);
    for (int k = 0; k < n && rc >= 0; k++) {
        char key[STORE_PII_INDEX_SIZE];
        store_pii_index(rows[k][0], key);
        q = store_q_open(c, SQL_PII_OPEN_MOVE);
        store_q_text(q, 1, key);
        store_q_text(q, 2, rows[k][1]);
        store_q_text(q, 3, rows[k][2]);
        if ((rc = store_q_done(q)) >= 0) {
            q = store_q_open(c, SQL_PII_OPEN_DROP);
            store_q_text(q, 1, rows[k][0]);
            rc = store_q_done(q);
        }
    }
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

/* One batch of one source's plain-keyed records moved to their blind index. */
static int pii__reindex_source(struct store_conn *c, const char *source, int max)
{
    struct arena ar;
    arena_init(&ar);
    const char *(*rows)[5] = arena_alloc(&ar, (size_t)max * sizeof *rows);
    struct store_q *q = store_q_open(c, SQL_PII_REF_PLAIN);
    store_q_text(q, 1, source);
    store_q_int(q, 2, max);
    int rc = 0, n = 0;
    while (n < max && (rc = store_q_step(q)) == 1) {
        for (int i = 0; i < 5; i++)
            rows[n][i] = pii__col(q, i, &ar);
        n++;
    }
    store_q_close(q);
    for (int k = 0; k < n && rc >= 0; k++) {
        char key[STORE_PII_INDEX_SIZE];
        store_pii_index(rows[k][0], key);
        q = store_q_open(c, SQL_PII_REF_MOVE);
        store_q_text(q, 1, source);
        store_q_text(q, 2, key);
        for (int i = 1; i < 5; i++)
            store_q_text(q, i + 2, rows[k][i]);
        if ((rc = store_q_done(q)) >= 0) {
            q = store_q_open(c, SQL_PII_REF_DROP);
            store_q_text(q, 1, source);
            for (int i = 0; i < 3; i++)
                store_q_text(q, i + 2, rows[k][i]);
            rc = store_q_done(q);
        }
    }
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

int store_pii_reindex_records(struct store_conn *c, int max)
{
    char sources[16][32];
    int n_sources = 0, rc;
    struct store_q *q = store_q_open(c, SQL_PII_SOURCES);
    while (n_sources < 16 && (rc = store_q_step(q)) == 1)
        snprintf(sources[n_sources++], sizeof sources[0], "%s",
                 store_q_col_text(q, 0) ? store_q_col_text(q, 0) : "");
    store_q_close(q);
    if (rc < 0)
        return rc;
    for (int i = 0; i < n_sources; i++)
        if ((rc = pii__reindex_source(c, sources[i], max)) != 0)
            return rc; /* a batch of one source at a time */
    return 0;
}
