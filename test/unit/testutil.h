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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A fresh directory under /tmp for one test: its path into dir, and `db` (optional, may be
 * NULL) set to "<dir>/<name>". Returns 0, or -1 when the directory cannot be made. Remove it
 * with testutil_tmpdir_remove.
 */
static inline int testutil_tmpdir_make(char dir[64], char db[96], const char *name)
{
    snprintf(dir, 64, "/tmp/ureg-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    if (db)
        snprintf(db, 96, "%s/%s", dir, name);
    return 0;
}

/* Remove what testutil_tmpdir_make made, with everything in it. Returns 0 or -1. */
static inline int testutil_tmpdir_remove(const char dir[64])
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

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
