/*
 * xalloc.h — allocation that cannot fail.
 *
 * Out of memory is not a condition ureg recovers from: these wrappers print one line and abort,
 * so call sites never check for NULL (the h2o / kore habit). Everything they return is owned by
 * the caller and released with free().
 */
#ifndef UREG_BASE_XALLOC_H
#define UREG_BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
