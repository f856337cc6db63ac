/*
 * utf8.c — the one UTF-8 decoder. See utf8.h for what well-formed means here.
 *
 * The lead byte fixes the length and the range of the first continuation byte (that is where
 * overlongs, surrogates and code points above U+10FFFF show); every later continuation byte is
 * 80..BF. Checking those ranges byte by byte rejects exactly what RFC 3629 rejects without
 * assembling the code point first, and lets a cut sequence be told from a malformed one.
 */
#include "base/utf8.h"

#include <string.h>

/*
 * The length of the sequence that lead byte c starts (2..4), with the range [*lo, *hi] its first
 * continuation byte must fall in; 0 when c starts no well-formed sequence (an ASCII byte is not
 * asked about).
 */
static int utf8__lead(unsigned c, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            *hi = 0x9F; /* above: surrogates D800..DFFF */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            *hi = 0x8F; /* above: beyond U+10FFFF */
        return 4;
    }
    return 0;
}

int utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    unsigned c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    unsigned lo, hi;
    int len = utf8__lead(c, &lo, &hi);
    if (len == 0)
        return 0;
    uint32_t v = c & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return UTF8_TRUNCATED;
        unsigned b = u[i];
        if (b < lo || b > hi)
            return 0; /* also at a NUL */
        v = v << 6 | (b & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return len;
}

int utf8_decode_str(const char *s, uint32_t *cp)
{
    if (*s == '\0')
        return 0;
    int len = utf8_decode(s, UTF8_SEQ_MAX, cp);
    return len > 0 ? len : 0;
}

size_t utf8_ascii_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if (v & UINT64_C(0x8080808080808080))
            break;
        i += 8;
    }
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

size_t utf8_valid_prefix(const char *s, size_t n, bool *incomplete)
{
    size_t i = 0;
    bool cut = false;
    for (;;) {
        i += utf8_ascii_prefix(s + i, n - i);
        if (i >= n)
            break;
        uint32_t cp;
        int len = utf8_decode(s + i, n - i, &cp);
        if (len <= 0) {
            cut = len == UTF8_TRUNCATED;
            break;
        }
        i += (size_t)len;
    }
    if (incomplete)
        *incomplete = cut;
    return i;
}

bool utf8_valid(const char *s, size_t n)
{
    return utf8_valid_prefix(s, n, NULL) == n;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

size_t utf8_cut(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t lead = n;
    /* Back over at most three continuation bytes to the byte that leads the last character. */
    while (lead > 0 && n - lead < UTF8_SEQ_MAX) {
        lead--;
        if ((u[lead] & 0xC0) != 0x80)
            break;
    }
    if (lead == n || (u[lead] & 0xC0) == 0x80)
        return n; /* empty, or no lead byte in reach: nothing to keep whole */
    unsigned lo, hi;
    int len = u[lead] < 0x80 ? 1 : utf8__lead(u[lead], &lo, &hi);
    if (len == 0)
        len = 1; /* not a lead byte: a character of its own */
    return lead + (size_t)len > n ? lead : n;
}
