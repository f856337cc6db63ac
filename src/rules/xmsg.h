/*
 * xmsg.h — the pure rules of the exchange messages between the national hub and the local
 * systems (notice §7, 附件3; wire format after the DCI registry API's conventions, see
 * docs/decisions.md "Exchange wire format").
 *
 * What is here needs no key, no clock and no network: the Signature header's grammar, the
 * string a signature covers, the validity window of a message (created / expires against a
 * given "now" with a bounded clock skew), the header's fields (message id, action, system
 * ids), the longest-prefix choice of the system that owns a region, and the retry delay with
 * jitter. The cryptography (Ed25519, BLAKE2b-512) is app/exchange.c's.
 *
 * The Signature header (after draft-cavage HTTP signatures, as DCI and Beckn use it):
 *   keyId="SYSTEM",algorithm="ed25519",created=UNIX,expires=UNIX,
 *   headers="(created) (expires) digest",signature="BASE64"
 * over the signing string
 *   "(created): UNIX\n(expires): UNIX\ndigest: BLAKE-512=BASE64"
 * where the digest is BLAKE2b-512 of the exact body bytes.
 */
#ifndef UREG_RULES_XMSG_H
#define UREG_RULES_XMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XMSG_ID_MAX 64        /* message ids, transaction ids, system ids: at most 64 chars */
#define XMSG_SIG_B64_MAX 128  /* base64 of a 64-byte signature is 88 characters */
#define XMSG_SIGNING_MAX 256  /* the signing string's buffer */
#define XMSG_HEADER_MAX 512   /* a Signature header's buffer */
#define XMSG_DEFAULT_SKEW 300 /* seconds of clock difference tolerated between systems */
#define XMSG_DEFAULT_TTL 300  /* seconds a message is valid after its creation */
#define XMSG_MAX_TTL 900      /* a longer validity is refused */

/* A parsed Signature header. */
struct xmsg_sig {
    char key_id[XMSG_ID_MAX + 1];
    int64_t created, expires;
    char signature[XMSG_SIG_B64_MAX + 1]; /* base64 */
};

/* Why a message is refused (0: it is not). */
enum xmsg_reject {
    XMSG_OK = 0,
    XMSG_BAD_SIGNATURE_HEADER = -1, /* unparsable, or not ed25519 over the three fields */
    XMSG_EXPIRED = -2,              /* expires + skew is before now */
    XMSG_NOT_YET_VALID = -3,        /* created - skew is after now */
    XMSG_TTL_TOO_LONG = -4,         /* expires - created beyond XMSG_MAX_TTL, or not after */
};

/*
 * Parse a Signature header value into *out. Parameters may come in any order, separated by
 * commas; values quoted or (created, expires) bare. Requires keyId (a valid system id),
 * algorithm "ed25519", created, expires, headers exactly "(created) (expires) digest" and a
 * signature of at most XMSG_SIG_B64_MAX characters. Returns 0 or XMSG_BAD_SIGNATURE_HEADER
 * (*out zeroed). Never allocates.
 */
int xmsg_sig_parse(const char *header, struct xmsg_sig *out);

/* Write the Signature header of *s into out (XMSG_HEADER_MAX bytes). Returns out. */
char *xmsg_sig_format(const struct xmsg_sig *s, char *out);

/* Write the signing string of (created, expires, digest_b64) into out (XMSG_SIGNING_MAX bytes)
 * and return its length; digest_b64 is the base64 BLAKE2b-512 of the body. */
size_t xmsg_signing_string(int64_t created, int64_t expires, const char *digest_b64, char *out);

/*
 * The validity window: refused when expires - created is not in (0, XMSG_MAX_TTL], when
 * created - skew > now (from the future), or when expires + skew < now (expired). The bounds
 * themselves are accepted. Returns XMSG_OK or the reason.
 */
int xmsg_window_check(int64_t created, int64_t expires, int64_t now, int64_t skew);

/* Whether `id` is a valid message, transaction or system id: 1..XMSG_ID_MAX characters of
 * A-Z a-z 0-9 - _ . : (safe in a header, a log line and a JSON string as it is). */
bool xmsg_id_valid(const char *id);

/* The actions of the exchange, in the request direction. */
enum xmsg_action {
    XMSG_DOWNLOAD, /* 失业登记申请信息下载: a local takes its applications */
    XMSG_ACK,      /* the local acknowledges what it committed */
    XMSG_UPLOAD,   /* 失业登记审核结果上传: results of every channel */
    XMSG_PUBLISH,  /* the local's agency list (附件4) */
    XMSG__COUNT
};

/* The action named `name` ("download", "ack", "upload", "publish-agencies"), or -1. */
int xmsg_action_parse(const char *name);
/* The name of an action, and the name of its answer ("on-download", ...). */
const char *xmsg_action_name(enum xmsg_action a);
const char *xmsg_action_answer(enum xmsg_action a);

/*
 * The route of a region: among the n prefixes (region-code prefixes of 1 to 12 digits), the
 * index of the longest that `region` starts with; -1 when none does. Ties cannot happen in a
 * routing table (prefixes are unique); the first of equal lengths wins.
 */
int xmsg_route_pick(const char *region, const char *const *prefixes, int n);

/*
 * The delay before retry number `attempt` (1, 2, ...): exponential from base_ms, doubled each
 * attempt, capped at cap_ms, with "equal jitter": half the delay fixed, the other half scaled
 * by jitter_permille (0..1000, the caller's random draw). attempt < 1 gives 0.
 */
int64_t xmsg_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, int jitter_permille);

#endif
