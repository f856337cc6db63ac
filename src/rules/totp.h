/*
 * totp.h — one-time passwords of RFC 6238 (TOTP) over RFC 4226 (HOTP), as authenticator apps
 * compute them: HMAC-SHA-1, a 30-second step from the Unix epoch, 6 digits; and the base32
 * text (RFC 4648, no padding) in which secrets are shown and stored.
 *
 * HMAC-SHA-1 because it is RFC 6238's default and the only algorithm every authenticator app
 * accepts; libsodium has no SHA-1, so SHA-1 (FIPS 180-4) and HMAC (RFC 2104) are written here and
 * tested against the vectors of FIPS 180-4, RFC 2202 and RFC 6238 (test/unit/test_totp.c). SHA-1's
 * collision weakness does not touch HMAC-SHA-1 as a one-time-password function (RFC 6238 §5 and
 * NIST SP 800-107 allow it for HMAC).
 *
 * Pure: no I/O, no clock (the caller passes the time), never allocates.
 */
#ifndef UREG_RULES_TOTP_H
#define UREG_RULES_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP 30       /* seconds per time step */
#define TOTP_DIGITS 6      /* digits of a code */
#define TOTP_SECRET 20     /* bytes of a secret ureg makes (160 bits, RFC 4226 §4) */
#define TOTP_SECRET_B32 33 /* its base32 text: 32 characters and the NUL */

/* SHA-1 of n bytes at p into out (20 bytes). */
void totp_sha1(const void *p, size_t n, unsigned char out[20]);

/* HMAC-SHA-1 of msg under key into out (20 bytes). */
void totp_hmac_sha1(const unsigned char *key, size_t key_len, const unsigned char *msg,
                    size_t msg_len, unsigned char out[20]);

/* The HOTP value (RFC 4226) of `counter` under key, reduced to `digits` (1-9) decimal digits. */
uint32_t totp_hotp(const unsigned char *key, size_t key_len, uint64_t counter, int digits);

/* The time step of Unix time t (floor(t / 30)); t before 1970 gives 0. */
uint64_t totp_step(int64_t t);

/*
 * Check a typed code (exactly 6 ASCII digits) against the steps of `now` -1, 0 and +1 (clock
 * drift of one step either way), accepting only a step after `last_step` (a code once used, or
 * an older one, is refused: RFC 6238 §5.2). Returns the step that matched (> 0), or 0 when none
 * did or `code` is not 6 digits.
 */
uint64_t totp_check(const unsigned char *key, size_t key_len, const char *code, int64_t now,
                    uint64_t last_step);

/* Base32 (RFC 4648 alphabet, upper case, no padding) of n bytes into out (outsz ≥ 8n/5 + 2).
 * Returns the text's length. */
size_t totp_base32_encode(const unsigned char *p, size_t n, char *out, size_t outsz);

/* Decode base32 text (case and spaces ignored, '=' padding allowed) into out (at most outsz
 * bytes). Returns the number of bytes, or -1 for a character outside the alphabet or too long
 * an input. */
int totp_base32_decode(const char *s, unsigned char *out, size_t outsz);

#endif
