/*
 * check.c — the failure path of UREG_ASSERT. See check.h.
 *
 * Writes straight to stderr (not through log.c, whose stream a test may have redirected) and
 * aborts, so a core dump or the sanitizer's report shows the stack of the broken invariant.
 */
#include "base/check.h"

#include <stdio.h>
#include <stdlib.h>

void check_fail(const char *file, int line, const char *cond)
{
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}
