/*
 * xmsg.c — the pure rules of exchange messages. See xmsg.h.
 *
 * Load: one header parse and one window check per message; a routing choice walks a table of
 * a few hundred prefixes at most (one per province, city or county onboarded).
 */
#include "rules/xmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XMSG__HEADERS "(created) (expires) digest"

bool xmsg_id_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 1 || n > XMSG_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = id[i];
        bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == ':';
        if (!ok)
            return false;
    }
    return true;
}

/* Parse a decimal Unix time of 1..12 digits from [p, p+n); 0 or -1. */
static int xmsg__time(const char *p, size_t n, int64_t *out)
{
    if (n < 1 || n > 12)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 0;
}

/* Copy [p, p+n) into out (size cap, NUL-terminated); -1 when it does not fit. */
static int xmsg__copy(char *out, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        return -1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 0;
}

/* One name=value pair into *s; `seen` collects which names were set. 0 or -1. */
static int xmsg__param(struct xmsg_sig *s, const char *name, size_t nn, const char *v, size_t vn,
                       unsigned *seen)
{
    char tmp[64];
    if (nn == 5 && memcmp(name, "keyId", 5) == 0) {
        *seen |= 1u;
        return xmsg__copy(s->key_id, sizeof s->key_id, v, vn) == 0 && xmsg_id_valid(s->key_id) ? 0
                                                                                               : -1;
    }
    if (nn == 9 && memcmp(name, "algorithm", 9) == 0) {
        *seen |= 2u;
        return vn == 7 && memcmp(v, "ed25519", 7) == 0 ? 0 : -1;
    }
    if (nn == 7 && memcmp(name, "created", 7) == 0) {
        *seen |= 4u;
        return xmsg__time(v, vn, &s->created);
    }
    if (nn == 7 && memcmp(name, "expires", 7) == 0) {
        *seen |= 8u;
        return xmsg__time(v, vn, &s->expires);
    }
    if (nn == 7 && memcmp(name, "headers", 7) == 0) {
        *seen |= 16u;
        return xmsg__copy(tmp, sizeof tmp, v, vn) == 0 && strcmp(tmp, XMSG__HEADERS) == 0 ? 0 : -1;
    }
    if (nn == 9 && memcmp(name, "signature", 9) == 0) {
        *seen |= 32u;
        return vn > 0 ? xmsg__copy(s->signature, sizeof s->signature, v, vn) : -1;
    }
    return 0; /* unknown parameters are ignored, as draft-cavage asks */
}

int xmsg_sig_parse(const char *header, struct xmsg_sig *out)
{
    memset(out, 0, sizeof *out);
    const char *p = header;
    unsigned seen = 0;
    if (!p)
        return XMSG_BAD_SIGNATURE_HEADER;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *name = p;
        while (*p && *p != '=' && *p != ',')
            p++;
        if (*p != '=')
            goto bad;
        size_t nn = (size_t)(p - name);
        const char *v;
        size_t vn;
        p++;
        if (*p == '"') {
            v = ++p;
            while (*p && *p != '"')
                p++;
            if (*p != '"')
                goto bad;
            vn = (size_t)(p - v);
            p++;
        } else {
            v = p;
            while (*p && *p != ',' && *p != ' ')
                p++;
            vn = (size_t)(p - v);
        }
        if (*p && *p != ',' && *p != ' ')
            goto bad;
        if (xmsg__param(out, name, nn, v, vn, &seen) < 0)
            goto bad;
    }
    if (seen == 63u)
        return XMSG_OK;
bad:
    memset(out, 0, sizeof *out);
    return XMSG_BAD_SIGNATURE_HEADER;
}

char *xmsg_sig_format(const struct xmsg_sig *s, char *out)
{
    snprintf(out, XMSG_HEADER_MAX,
             "keyId=\"%s\",algorithm=\"ed25519\",created=%" PRId64 ",expires=%" PRId64
             ",headers=\"" XMSG__HEADERS "\",signature=\"%s\"",
             s->key_id, s->created, s->expires, s->signature);
    return out;
}

size_t xmsg_signing_string(int64_t created, int64_t expires, const char *digest_b64, char *out)
{
    int n = snprintf(out, XMSG_SIGNING_MAX,
                     "(created): %" PRId64 "\n(expires): %" PRId64 "\ndigest: BLAKE-512=%s",
                     created, expires, digest_b64);
    return n < 0 ? 0 : (size_t)n < XMSG_SIGNING_MAX ? (size_t)n : XMSG_SIGNING_MAX - 1;
}

int xmsg_window_check(int64_t created, int64_t expires, int64_t now, int64_t skew)
{
    if (expires <= created || expires - created > XMSG_MAX_TTL)
        return XMSG_TTL_TOO_LONG;
    if (created - skew > now)
        return XMSG_NOT_YET_VALID;
    if (expires + skew < now)
        return XMSG_EXPIRED;
    return XMSG_OK;
}

static const char *const xmsg__actions[XMSG__COUNT] = {
    [XMSG_DOWNLOAD] = "download",
    [XMSG_ACK] = "ack",
    [XMSG_UPLOAD] = "upload",
    [XMSG_PUBLISH] = "publish-agencies",
};
static const char *const xmsg__answers[XMSG__COUNT] = {
    [XMSG_DOWNLOAD] = "on-download",
    [XMSG_ACK] = "on-ack",
    [XMSG_UPLOAD] = "on-upload",
    [XMSG_PUBLISH] = "on-publish-agencies",
};

int xmsg_action_parse(const char *name)
{
    for (int i = 0; name && i < XMSG__COUNT; i++)
        if (strcmp(name, xmsg__actions[i]) == 0)
            return i;
    return -1;
}

const char *xmsg_action_name(enum xmsg_action a)
{
    return (unsigned)a < XMSG__COUNT ? xmsg__actions[a] : "?";
}

const char *xmsg_action_answer(enum xmsg_action a)
{
    return (unsigned)a < XMSG__COUNT ? xmsg__answers[a] : "?";
}

int xmsg_route_pick(const char *region, const char *const *prefixes, int n)
{
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(prefixes[i]);
        if (len == 0 || len <= best_len)
            continue;
        if (strncmp(region, prefixes[i], len) == 0) {
            best = i;
            best_len = len;
        }
    }
    return best;
}

int64_t xmsg_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, int jitter_permille)
{
    if (attempt < 1 || base_ms <= 0)
        return 0;
    int64_t d = base_ms;
    for (int i = 1; i < attempt && d < cap_ms; i++)
        d *= 2;
    if (d > cap_ms)
        d = cap_ms;
    if (jitter_permille < 0)
        jitter_permille = 0;
    if (jitter_permille > 1000)
        jitter_permille = 1000;
    return d / 2 + (d - d / 2) * jitter_permille / 1000;
}
