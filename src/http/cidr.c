/*
 * cidr.c — address ranges. See cidr.h.
 */
#include "http/cidr.h"

#include "base/err.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Parse one range s[0, n). */
static int cidr__one(const char *s, size_t n, struct cidr *out)
{
    char text[INET6_ADDRSTRLEN + 8];
    if (n == 0 || n >= sizeof text)
        return -ERR_FIELD_INVALID;
    memcpy(text, s, n);
    text[n] = '\0';
    char *slash = strchr(text, '/');
    if (slash)
        *slash = '\0';
    memset(out, 0, sizeof *out);
    int max;
    if (inet_pton(AF_INET, text, out->addr) == 1) {
        out->family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, text, out->addr) == 1) {
        out->family = AF_INET6;
        max = 128;
    } else {
        return -ERR_FIELD_INVALID;
    }
    out->bits = max;
    if (slash) {
        char *end;
        long b = strtol(slash + 1, &end, 10);
        if (slash[1] < '0' || slash[1] > '9' || *end || b < 0 || b > max)
            return -ERR_FIELD_INVALID;
        out->bits = (int)b;
    }
    for (int i = out->bits; i < max; i++)
        if (out->addr[i / 8] & (0x80 >> (i % 8)))
            return -ERR_FIELD_INVALID; /* host bits set */
    return 0;
}

int cidr_list_parse(const char *s, struct cidr_list *out)
{
    memset(out, 0, sizeof *out);
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        size_t n = (size_t)(e - p);
        while (n && p[n - 1] == ' ')
            n--;
        if (out->n == CIDR_MAX || cidr__one(p, n, &out->items[out->n]) < 0) {
            memset(out, 0, sizeof *out);
            return -ERR_FIELD_INVALID;
        }
        out->n++;
        p = *e ? e + 1 : e;
        if (*e && !*p) { /* a trailing comma */
            memset(out, 0, sizeof *out);
            return -ERR_FIELD_INVALID;
        }
    }
    return 0;
}

static bool cidr__match(const struct cidr *c, const unsigned char *a)
{
    int full = c->bits / 8, rest = c->bits % 8;
    if (memcmp(c->addr, a, (size_t)full) != 0)
        return false;
    if (!rest)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (c->addr[full] & mask) == (a[full] & mask);
}

bool cidr_list_contains(const struct cidr_list *l, const char *addr)
{
    unsigned char v4[4], v6[16];
    bool is4 = addr && inet_pton(AF_INET, addr, v4) == 1;
    bool is6 = !is4 && addr && inet_pton(AF_INET6, addr, v6) == 1;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (is6 && memcmp(v6, mapped, sizeof mapped) == 0) {
        memcpy(v4, v6 + 12, 4);
        is4 = true;
    }
    for (int i = 0; i < l->n; i++) {
        const struct cidr *c = &l->items[i];
        if (c->family == AF_INET && is4 && cidr__match(c, v4))
            return true;
        if (c->family == AF_INET6 && is6 && cidr__match(c, v6))
            return true;
    }
    return false;
}
