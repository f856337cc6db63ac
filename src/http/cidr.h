/*
 * cidr.h — address ranges ("127.0.0.0/8", "10.1.0.0/16", "::1/128", "fd00::/8") and whether a
 * client's address falls in one: who may read /metrics.
 *
 * IPv4 and IPv6. An IPv4 client that reaches an IPv6 socket shows as ::ffff:a.b.c.d and is
 * matched against the IPv4 ranges as a.b.c.d. A range without "/N" is the one address. Bits of
 * the address below the prefix must be zero ("10.1.2.3/16" is refused: a typo, most likely).
 * At most CIDR_MAX ranges.
 */
#ifndef UREG_HTTP_CIDR_H
#define UREG_HTTP_CIDR_H

#include <stdbool.h>

#define CIDR_MAX 32

struct cidr {
    int family;             /* AF_INET or AF_INET6 */
    unsigned char addr[16]; /* network address: 4 or 16 bytes used */
    int bits;               /* prefix length */
};

struct cidr_list {
    int n;
    struct cidr items[CIDR_MAX];
};

/*
 * Parse a comma-separated list of ranges (spaces around commas allowed) into *out. Returns 0,
 * or -ERR_FIELD_INVALID naming nothing when a range is malformed, its prefix too long, host
 * bits are set, or there are more than CIDR_MAX (*out is then empty). An empty string gives an
 * empty list.
 */
int cidr_list_parse(const char *s, struct cidr_list *out);

/* Whether the numeric address `addr` ("127.0.0.1", "::1", "::ffff:10.0.0.1") is in one of the
 * ranges. False for an empty list and for text that is not an address. */
bool cidr_list_contains(const struct cidr_list *l, const char *addr);

#endif
