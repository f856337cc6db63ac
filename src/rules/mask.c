/*
 * mask.c — the masking rules. See mask.h for what each masked form shows.
 *
 * Every rule is one walk over the input, character by character (base/utf8), appending either
 * the character or one '*' to the output; an append that does not fit whole ends the output
 * there, so a cut never splits a character.
 */
#include "rules/mask.h"

#include "base/utf8.h"
#include "rules/intake.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The output being written: out[0, o) used, outsz bytes in all, full once an append failed. */
struct mask__out {
    char *out;
    size_t outsz, o;
    bool full;
};

/* Append s[0, n) whole if it fits with the NUL, else mark the output full. False when full. */
static bool mask__put(struct mask__out *m, const char *s, size_t n)
{
    if (m->full || m->o + n + 1 > m->outsz) {
        m->full = true;
        return false;
    }
    memcpy(m->out + m->o, s, n);
    m->o += n;
    return true;
}

/* The length of the character at s (not the NUL): its UTF-8 length, 1 for a malformed byte. */
static size_t mask__char_len(const char *s, bool *well_formed)
{
    uint32_t cp;
    int len = utf8_decode_str(s, &cp);
    if (well_formed)
        *well_formed = len > 0;
    return len > 0 ? (size_t)len : 1;
}

void mask_head(const char *s, size_t keep, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    struct mask__out m = {out, outsz, 0, false};
    size_t n = 0;
    for (s = s ? s : ""; *s; n++) {
        bool ok;
        size_t len = mask__char_len(s, &ok);
        if (!(n < keep && ok ? mask__put(&m, s, len) : mask__put(&m, "*", 1)))
            break;
        s += len;
    }
    out[m.o] = '\0';
}

void mask_idnum(const char *normalised, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    size_t len = normalised ? strlen(normalised) : 0;
    size_t head = len == 18 ? 6 : 2, tail = len == 18 ? 4 : 2;
    if (len <= head + tail)
        head = tail = 0; /* too short to show anything and still hide something */
    size_t i;
    for (i = 0; i < len && i + 1 < outsz; i++)
        out[i] = i < head || i >= len - tail ? normalised[i] : '*';
    out[i] = '\0';
}

void mask_name(const char *name, char *out, size_t outsz)
{
    const char *s = name ? name : "";
    /* One character alone is hidden too: showing it would show the whole name. */
    bool one = *s == '\0' || s[mask__char_len(s, NULL)] == '\0';
    mask_head(s, one ? 0 : 1, out, outsz);
}

void mask_phone(const char *phone, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    struct mask__out m = {out, outsz, 0, false};
    out[0] = '\0';
    if (!phone)
        return;
    const char *mobile = intake_mobile_digits(phone);
    if (mobile) {
        mask__put(&m, phone, (size_t)(mobile - phone) + 3);
        mask__put(&m, "****", 4);
        mask__put(&m, mobile + 7, 4);
        out[m.o] = '\0';
        return;
    }
    size_t n_digits = 0;
    for (const char *s = phone; *s; s++)
        n_digits += *s >= '0' && *s <= '9';
    size_t digit = 0;
    for (const char *s = phone; *s;) {
        size_t len = mask__char_len(s, NULL);
        const char *keep = "*";
        if (*s >= '0' && *s <= '9') {
            digit++;
            if (n_digits >= 8 && digit + 4 > n_digits)
                keep = s;
        } else if (n_digits >= 8 && (*s == '+' || *s == '-' || *s == ' ')) {
            keep = s;
        }
        if (!mask__put(&m, keep, 1))
            break;
        s += len;
    }
    out[m.o] = '\0';
}

void mask_birth_date(const char *date, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    struct mask__out m = {out, outsz, 0, false};
    const char *s = date ? date : "";
    if (strlen(s) == 10) {
        mask__put(&m, s, 4);
        mask__put(&m, "-**-**", 6);
    } else {
        mask__put(&m, s, strlen(s));
    }
    out[m.o] = '\0';
}
