/*
 * testutil.h — what every cmocka unit test includes.
 */
#ifndef UREG_TESTUTIL_H
#define UREG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

/*
 * The GB 11643 check character of 17 digits, computed here independently of rules/idnum: ISO
 * 7064 MOD 11-2 by Horner's rule, p = 2(p + d) mod 11 over the digits, check = (12 - p) mod 11.
 */
static inline char testutil_check_char(const char *first17)
{
    int p = 0;
    for (int i = 0; i < 17; i++)
        p = (p + (first17[i] - '0')) * 2 % 11;
    int c = (12 - p) % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

/* A mainland-form number with a valid check character into out (19 bytes). */
static inline void testutil_make_id(char out[19], const char *area6, int y, int m, int d,
                                    const char *seq3)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.6s%04d%02d%02d%.3s", area6, y, m, d, seq3);
    memcpy(out, tmp, 17);
    out[17] = testutil_check_char(out);
    out[18] = '\0';
}

#endif
