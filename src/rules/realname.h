/*
 * realname.h — identity assertions of the online channel's identity provider (实名认证).
 *
 * The national platform and 电子社保卡 verify a person's real name and hand the service a signed
 * statement of it. Here that statement is a JSON Web Token (RFC 7519) signed with Ed25519 (JWS
 * "EdDSA", RFC 8037): base64url(header) "." base64url(claims) "." base64url(signature), where
 * the claims are
 *
 *   {"iss": provider name, "aud": the audience it was issued for (this service),
 *    "iat": issued at, "exp": expires at (Unix seconds), "id_type": a contract document type,
 *    "id_number": the document number the provider verified}
 *
 * A token is accepted when the header says alg EdDSA (no other algorithm, never "none"), the
 * signature verifies under the configured provider's public key, iss and aud are the
 * provider's, iat is not in the future and exp not in the past by more than the provider's
 * clock skew, and it lives at most REALNAME_MAX_TTL seconds. Whether it names the document of
 * the form is the caller's comparison (of person keys, app/intake.c).
 *
 * Pure: the time is passed in; libsodium's Ed25519 is computation only. A token is a few
 * hundred bytes; verifying one costs one Ed25519 verification (~50 µs).
 */
#ifndef UREG_RULES_REALNAME_H
#define UREG_RULES_REALNAME_H

#include <stddef.h>
#include <stdint.h>

#define REALNAME_MAX_TTL 3600   /* the longest exp - iat accepted, seconds */
#define REALNAME_TOKEN_MAX 4096 /* longer tokens are refused unread */
#define REALNAME_NAME_MAX 64    /* provider name, bytes with the NUL */
#define REALNAME_AUDIENCE_MAX 128

/* A configured identity provider. Plain value. */
struct realname_provider {
    char name[REALNAME_NAME_MAX];         /* the token's iss */
    char audience[REALNAME_AUDIENCE_MAX]; /* the token's aud */
    unsigned char public_key[32];         /* Ed25519 */
    int skew_s;                           /* clock skew tolerated on iat and exp */
};

/* What a valid token says. Plain value. */
struct realname_claims {
    char id_type[24];
    char id_number[40];
    int64_t iat, exp;
};

/*
 * Verify `token` (NUL-terminated) from provider p at Unix time `now`. Returns 0 and fills *out;
 * -ERR_IDENTITY_TOKEN_INVALID (malformed, another algorithm, a bad signature, another issuer or
 * audience, a lifetime over REALNAME_MAX_TTL, claims missing) or -ERR_IDENTITY_TOKEN_EXPIRED
 * (exp passed, or iat in the future, beyond the skew); *out is zeroed on failure. Never keeps
 * a pointer to its arguments.
 */
int realname_verify(const struct realname_provider *p, const char *token, int64_t now,
                    struct realname_claims *out);

/*
 * Issue a token as the provider with Ed25519 secret key `sk` (64 bytes, libsodium's form):
 * issuer p->name, audience p->audience, the document, iat `now`, exp now + ttl_s. Returns a
 * new NUL-terminated string (free() it), or NULL when a string is too long for the claims. For
 * the development provider and tests; a real provider issues its own.
 */
char *realname_issue(const struct realname_provider *p, const unsigned char sk[64],
                     const char *id_type, const char *id_number, int64_t now, int ttl_s);

/*
 * The development provider (name "dev-idp", audience "ureg", skew 60 s) and its key pair,
 * derived from a fixed, published seed: anyone can sign as it, which is why only --dev accepts
 * it. sk may be NULL.
 */
void realname_dev_provider(struct realname_provider *p, unsigned char sk[64]);

/*
 * Parse a public key given as base64 (standard or URL-safe alphabet, padding optional) of 32
 * bytes, or 64 hex digits. Returns 0, or -ERR_FIELD_INVALID.
 */
int realname_parse_public_key(const char *text, unsigned char out[32]);

#endif
