/*
 * utf8.h — the one UTF-8 decoder: decode a code point, validate, count, cut at a boundary.
 *
 * Well-formed means RFC 3629 section 4 (the Unicode "well-formed UTF-8 byte sequences" table):
 * no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates (ED A0..BF), nothing above
 * U+10FFFF (F4 90.., F5..FF), no stray continuation bytes. Every other module that reads text
 * byte by byte (the CSV reader, the form rules, the masking rules, the JSON helpers, the region
 * and calendar tables) asks here, so they agree on what text is.
 *
 * Everything is pure and allocation-free; inputs are byte ranges that need not be NUL-terminated
 * unless a function says so. utf8_valid_prefix runs eight ASCII bytes a step (the CSV reader
 * validates hundreds of megabytes with it).
 */
#ifndef UREG_BASE_UTF8_H
#define UREG_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_SEQ_MAX 4      /* bytes of the longest sequence */
#define UTF8_TRUNCATED (-1) /* utf8_decode: well-formed so far, but cut by the end of input */

/*
 * Decode the code point at s[0, n). Returns its length in bytes (1..4) and sets *cp; returns 0
 * when the bytes there are not well-formed UTF-8 (or n is 0), and UTF8_TRUNCATED when they are
 * the well-formed start of a sequence that n cuts short. *cp is left alone unless a length is
 * returned. Reads at most min(n, 4) bytes and stops at the first byte that cannot continue the
 * sequence, so a NUL ends a sequence as malformed: passing n = 4 over a NUL-terminated string is
 * safe (see utf8_decode_str).
 */
int utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * utf8_decode over a NUL-terminated string: the length (1..4) of the character at s, or 0 when
 * s is at its NUL or the bytes there are malformed (a sequence cut by the NUL included).
 */
int utf8_decode_str(const char *s, uint32_t *cp);

/*
 * Length in bytes of the longest prefix of s[0, n) that is well-formed UTF-8. When it stops
 * short of n at a sequence that is well-formed so far but cut by n, *incomplete is set to true
 * (else false); incomplete may be NULL.
 */
size_t utf8_valid_prefix(const char *s, size_t n, bool *incomplete);

/* Length of the ASCII prefix of s[0, n) (bytes below 0x80), found eight bytes a step. */
size_t utf8_ascii_prefix(const char *s, size_t n);

/* Whether s[0, n) is well-formed UTF-8 throughout (true for n == 0). */
bool utf8_valid(const char *s, size_t n);

/*
 * Code points in the well-formed UTF-8 s[0, n): the bytes that are not continuation bytes. On
 * malformed input it still counts that way (each lead or stray byte other than 80..BF is one).
 */
size_t utf8_count(const char *s, size_t n);

/*
 * The largest length <= n at which s can be cut without splitting the last character: n itself
 * when s[0, n) ends on a character boundary, else the start of the character that n cuts. Looks
 * only at the last (at most) four bytes before n and at the lead byte's length, so it is meant for
 * text that was well-formed before it was cut (a byte that is no lead stands for itself).
 */
size_t utf8_cut(const char *s, size_t n);

#endif
