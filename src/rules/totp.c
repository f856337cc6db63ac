/*
 * totp.c — SHA-1, HMAC-SHA-1, HOTP, TOTP and base32. See totp.h.
 *
 * Cost: a code check is three HMACs (six SHA-1 compressions of one block each): microseconds,
 * once per login with a second factor.
 */
#include "rules/totp.h"

#include <stdbool.h>
#include <string.h>

static uint32_t totp__rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

/* One SHA-1 compression of the 64-byte block b into h. */
static void totp__block(uint32_t h[5], const unsigned char b[64])
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
               (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = totp__rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (bb & c) | (~bb & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = bb ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (bb & c) | (bb & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = bb ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t t = totp__rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = totp__rol(bb, 30);
        bb = a;
        a = t;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

struct totp__sha1 {
    uint32_t h[5];
    unsigned char buf[64];
    size_t used;
    uint64_t total;
};

static void totp__init(struct totp__sha1 *s)
{
    static const uint32_t iv[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memcpy(s->h, iv, sizeof iv);
    s->used = 0;
    s->total = 0;
}

static void totp__update(struct totp__sha1 *s, const unsigned char *p, size_t n)
{
    s->total += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->buf + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            totp__block(s->h, s->buf);
            s->used = 0;
        }
    }
}

static void totp__final(struct totp__sha1 *s, unsigned char out[20])
{
    uint64_t bits = s->total * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    totp__update(s, &pad, 1);
    while (s->used != 56)
        totp__update(s, &zero, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    totp__update(s, len, 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void totp_sha1(const void *p, size_t n, unsigned char out[20])
{
    struct totp__sha1 s;
    totp__init(&s);
    totp__update(&s, p, n);
    totp__final(&s, out);
}

void totp_hmac_sha1(const unsigned char *key, size_t key_len, const unsigned char *msg,
                    size_t msg_len, unsigned char out[20])
{
    unsigned char k[64] = {0}, pad[64], inner[20];
    if (key_len > 64)
        totp_sha1(key, key_len, k);
    else
        memcpy(k, key, key_len);
    struct totp__sha1 s;
    for (int i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x36;
    totp__init(&s);
    totp__update(&s, pad, 64);
    totp__update(&s, msg, msg_len);
    totp__final(&s, inner);
    for (int i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x5c;
    totp__init(&s);
    totp__update(&s, pad, 64);
    totp__update(&s, inner, 20);
    totp__final(&s, out);
}

uint32_t totp_hotp(const unsigned char *key, size_t key_len, uint64_t counter, int digits)
{
    unsigned char msg[8], mac[20];
    for (int i = 0; i < 8; i++)
        msg[i] = (unsigned char)(counter >> (56 - 8 * i));
    totp_hmac_sha1(key, key_len, msg, sizeof msg, mac);
    int off = mac[19] & 0x0f; /* RFC 4226 §5.3: dynamic truncation */
    uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
                   (uint32_t)mac[off + 2] << 8 | mac[off + 3];
    uint32_t mod = 1;
    for (int i = 0; i < digits && i < 9; i++)
        mod *= 10;
    return bin % mod;
}

uint64_t totp_step(int64_t t)
{
    return t < 0 ? 0 : (uint64_t)t / TOTP_STEP;
}

uint64_t totp_check(const unsigned char *key, size_t key_len, const char *code, int64_t now,
                    uint64_t last_step)
{
    uint32_t want = 0;
    if (!code || strlen(code) != TOTP_DIGITS)
        return 0;
    for (int i = 0; i < TOTP_DIGITS; i++) {
        if (code[i] < '0' || code[i] > '9')
            return 0;
        want = want * 10 + (uint32_t)(code[i] - '0');
    }
    uint64_t step = totp_step(now);
    uint64_t matched = 0;
    for (int d = -1; d <= 1; d++) {
        uint64_t s = step + (uint64_t)(int64_t)d;
        if ((d < 0 && step == 0) || s <= last_step)
            continue;
        /* Every candidate is computed (no early exit), so timing tells nothing. */
        bool hit = totp_hotp(key, key_len, s, TOTP_DIGITS) == want;
        if (hit && !matched)
            matched = s;
    }
    return matched;
}

static const char totp__alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t totp_base32_encode(const unsigned char *p, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 5 && o + 1 < outsz) {
            out[o++] = totp__alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0 && o + 1 < outsz)
        out[o++] = totp__alphabet[(acc << (5 - bits)) & 31];
    if (outsz)
        out[o] = '\0';
    return o;
}

int totp_base32_decode(const char *s, unsigned char *out, size_t outsz)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (; *s; s++) {
        char ch = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
        if (ch == ' ' || ch == '=')
            continue;
        const char *at = strchr(totp__alphabet, ch);
        if (!at || !ch)
            return -1;
        acc = (acc << 5) | (uint32_t)(at - totp__alphabet);
        bits += 5;
        if (bits >= 8) {
            if (o >= outsz)
                return -1;
            out[o++] = (unsigned char)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    return (int)o;
}
