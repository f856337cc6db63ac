/*
 * realname.c — identity assertions: JWS EdDSA compact tokens. See realname.h.
 *
 * The signed input is the token's first two segments as sent ("header.claims"), so the bytes
 * verified are the bytes the provider signed; the segments are decoded only after the
 * signature holds. jansson parses the JSON (duplicate keys refused, so two readers of one
 * token cannot see different claims).
 */
#include "rules/realname.h"

#include "base/err.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REALNAME__B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* Decode a base64url segment of n characters into a new NUL-terminated buffer; NULL if bad. */
static unsigned char *realname__b64(const char *s, size_t n, size_t *out_len)
{
    size_t cap = n * 3 / 4 + 1;
    unsigned char *b = malloc(cap + 1);
    if (!b)
        return NULL;
    const char *end = NULL;
    if (sodium_base642bin(b, cap, s, n, NULL, out_len, &end, REALNAME__B64) != 0 || end != s + n) {
        free(b);
        return NULL;
    }
    b[*out_len] = '\0';
    return b;
}

/* Parse a decoded segment as a JSON object (NULL when it is not one). */
static json_t *realname__json(const unsigned char *b, size_t n)
{
    json_t *j = json_loadb((const char *)b, n, JSON_REJECT_DUPLICATES, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* Copy the string member `key` of o into out (size n); -1 when absent, empty or too long. */
static int realname__str(json_t *o, const char *key, char *out, size_t n)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (!v || !*v || strlen(v) >= n)
        return -1;
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

/* Check the claims against p at `now` and fill *out; 0 or a negative error. */
static int realname__claims(const struct realname_provider *p, json_t *cl, int64_t now,
                            struct realname_claims *out)
{
    char iss[REALNAME_NAME_MAX], aud[REALNAME_AUDIENCE_MAX];
    json_t *iat = json_object_get(cl, "iat"), *exp = json_object_get(cl, "exp");
    if (realname__str(cl, "iss", iss, sizeof iss) < 0 ||
        realname__str(cl, "aud", aud, sizeof aud) < 0 || strcmp(iss, p->name) != 0 ||
        strcmp(aud, p->audience) != 0 || !json_is_integer(iat) || !json_is_integer(exp) ||
        realname__str(cl, "id_type", out->id_type, sizeof out->id_type) < 0 ||
        realname__str(cl, "id_number", out->id_number, sizeof out->id_number) < 0)
        return -ERR_IDENTITY_TOKEN_INVALID;
    out->iat = json_integer_value(iat);
    out->exp = json_integer_value(exp);
    if (out->exp <= out->iat || out->exp - out->iat > REALNAME_MAX_TTL)
        return -ERR_IDENTITY_TOKEN_INVALID;
    if (out->iat > now + p->skew_s || out->exp < now - p->skew_s)
        return -ERR_IDENTITY_TOKEN_EXPIRED;
    return 0;
}

int realname_verify(const struct realname_provider *p, const char *token, int64_t now,
                    struct realname_claims *out)
{
    int rc = -ERR_IDENTITY_TOKEN_INVALID;
    unsigned char *hb = NULL, *cb = NULL, *sig = NULL;
    json_t *hdr = NULL, *cl = NULL;
    memset(out, 0, sizeof *out);
    size_t n = token ? strnlen(token, REALNAME_TOKEN_MAX + 1) : 0;
    const char *d1 = n && n <= REALNAME_TOKEN_MAX ? memchr(token, '.', n) : NULL;
    const char *d2 = d1 ? memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - token)) : NULL;
    if (!d2 || memchr(d2 + 1, '.', n - (size_t)(d2 + 1 - token)))
        goto out;
    size_t hl, cll, sl;
    sig = realname__b64(d2 + 1, n - (size_t)(d2 + 1 - token), &sl);
    if (!sig || sl != crypto_sign_BYTES ||
        crypto_sign_verify_detached(sig, (const unsigned char *)token, (size_t)(d2 - token),
                                    p->public_key) != 0)
        goto out;
    hb = realname__b64(token, (size_t)(d1 - token), &hl);
    cb = realname__b64(d1 + 1, (size_t)(d2 - d1 - 1), &cll);
    hdr = hb ? realname__json(hb, hl) : NULL;
    cl = cb ? realname__json(cb, cll) : NULL;
    const char *alg = json_string_value(json_object_get(hdr, "alg"));
    if (!hdr || !cl || !alg || strcmp(alg, "EdDSA") != 0)
        goto out;
    rc = realname__claims(p, cl, now, out);
out:
    if (rc < 0)
        memset(out, 0, sizeof *out);
    json_decref(hdr);
    json_decref(cl);
    free(hb);
    free(cb);
    free(sig);
    return rc;
}

/* base64url of n bytes appended to *s (a malloc'ed string, grown). */
static void realname__append_b64(char **s, const void *p, size_t n)
{
    size_t cur = strlen(*s), len = sodium_base64_encoded_len(n, REALNAME__B64);
    *s = realloc(*s, cur + len + 1);
    if (!*s)
        abort();
    sodium_bin2base64(*s + cur, len, p, n, REALNAME__B64);
}

char *realname_issue(const struct realname_provider *p, const unsigned char sk[64],
                     const char *id_type, const char *id_number, int64_t now, int ttl_s)
{
    static const char header[] = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}";
    json_t *cl = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s}", "iss", p->name, "aud", p->audience,
                           "iat", (json_int_t)now, "exp", (json_int_t)(now + ttl_s), "id_type",
                           id_type, "id_number", id_number);
    char *claims = cl ? json_dumps(cl, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(cl);
    if (!claims)
        return NULL;
    char *t = calloc(1, 1);
    if (!t)
        abort();
    realname__append_b64(&t, header, sizeof header - 1);
    strcat(t, ".");
    realname__append_b64(&t, claims, strlen(claims));
    free(claims);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)t, strlen(t), sk);
    t = realloc(t, strlen(t) + 2);
    if (!t)
        abort();
    strcat(t, ".");
    realname__append_b64(&t, sig, sizeof sig);
    return t;
}

void realname_dev_provider(struct realname_provider *p, unsigned char sk[64])
{
    static const char seed_text[] = "ureg development identity provider: not for production";
    unsigned char seed[crypto_sign_SEEDBYTES], pk[32], sk_buf[64];
    crypto_generichash(seed, sizeof seed, (const unsigned char *)seed_text, sizeof seed_text - 1,
                       NULL, 0);
    crypto_sign_seed_keypair(pk, sk_buf, seed);
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "dev-idp");
    snprintf(p->audience, sizeof p->audience, "ureg");
    memcpy(p->public_key, pk, sizeof pk);
    p->skew_s = 60;
    if (sk)
        memcpy(sk, sk_buf, sizeof sk_buf);
    sodium_memzero(sk_buf, sizeof sk_buf);
}

int realname_parse_public_key(const char *text, unsigned char out[32])
{
    size_t n = text ? strlen(text) : 0, got = 0;
    const char *end = NULL;
    if (n == 64 && sodium_hex2bin(out, 32, text, n, NULL, &got, &end) == 0 && got == 32)
        return 0;
    static const int variants[] = {
        sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
        sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING};
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++)
        if (sodium_base642bin(out, 32, text, n, NULL, &got, &end, variants[i]) == 0 && got == 32 &&
            end == text + n)
            return 0;
    return -ERR_FIELD_INVALID;
}
