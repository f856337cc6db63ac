/*
 * auditchain.c — the audit chain's hash and head message. See auditchain.h.
 *
 * Cost: one BLAKE2b pass over a few hundred bytes per entry (about a microsecond), paid once
 * when the entry is appended and once per entry by `ureg audit verify`.
 */
#include "rules/auditchain.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char auditchain__entry_domain[] = "ureg.audit.entry.v1";
static const char auditchain__head_domain[] = "ureg.audit.head.v1";

static void auditchain__be64(int64_t v, unsigned char out[8])
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--, u >>= 8)
        out[i] = (unsigned char)(u & 0xff);
}

/* Feed one length-prefixed field (NULL: the length 0xFFFFFFFF and no bytes). */
static void auditchain__field(crypto_generichash_state *st, const char *s, size_t n)
{
    uint32_t len = s ? (uint32_t)n : 0xFFFFFFFFu;
    unsigned char l[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                          (unsigned char)(len >> 8), (unsigned char)len};
    crypto_generichash_update(st, l, sizeof l);
    if (s && n)
        crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void auditchain__text(crypto_generichash_state *st, const char *s)
{
    auditchain__field(st, s ? s : "", s ? strlen(s) : 0);
}

void auditchain_hash(const unsigned char *prev, const struct auditchain_fields *f,
                     unsigned char out[AUDITCHAIN_HASH])
{
    static const unsigned char zero[AUDITCHAIN_HASH];
    unsigned char seq[8];
    char id[24];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, AUDITCHAIN_HASH);
    crypto_generichash_update(&st, (const unsigned char *)auditchain__entry_domain,
                              sizeof auditchain__entry_domain);
    crypto_generichash_update(&st, prev ? prev : zero, AUDITCHAIN_HASH);
    auditchain__be64(f->seq, seq);
    crypto_generichash_update(&st, seq, sizeof seq);
    auditchain__text(&st, f->at);
    if (f->has_actor_id) {
        int n = snprintf(id, sizeof id, "%lld", (long long)f->actor_id);
        auditchain__field(&st, id, (size_t)n);
    } else {
        auditchain__field(&st, NULL, 0);
    }
    auditchain__text(&st, f->actor);
    auditchain__text(&st, f->action);
    auditchain__text(&st, f->object_type);
    auditchain__text(&st, f->object_id);
    auditchain__text(&st, f->remote);
    auditchain__text(&st, f->detail);
    crypto_generichash_final(&st, out, AUDITCHAIN_HASH);
}

unsigned auditchain_head_message(int64_t seq, const unsigned char hash[AUDITCHAIN_HASH],
                                 unsigned char msg[AUDITCHAIN_MSG])
{
    memcpy(msg, auditchain__head_domain, sizeof auditchain__head_domain);
    auditchain__be64(seq, msg + sizeof auditchain__head_domain);
    memcpy(msg + sizeof auditchain__head_domain + 8, hash, AUDITCHAIN_HASH);
    return (unsigned)AUDITCHAIN_MSG;
}

void auditchain_to_hex(const unsigned char h[AUDITCHAIN_HASH], char out[AUDITCHAIN_HEX])
{
    sodium_bin2hex(out, AUDITCHAIN_HEX, h, AUDITCHAIN_HASH);
}

int auditchain_from_hex(const char *hex, unsigned char out[AUDITCHAIN_HASH])
{
    size_t n = 0;
    if (!hex || strlen(hex) != 2 * AUDITCHAIN_HASH)
        return -1;
    if (sodium_hex2bin(out, AUDITCHAIN_HASH, hex, 2 * AUDITCHAIN_HASH, NULL, &n, NULL) != 0 ||
        n != AUDITCHAIN_HASH)
        return -1;
    return 0;
}
