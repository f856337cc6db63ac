/*
 * embed.c — lookup in the compiled-in file tables. See embed.h. Tables hold tens of entries, so
 * a linear scan is enough.
 */
#include "base/embed.h"

#include <string.h>

const struct embed_file *embed_find(const struct embed_file *table, const char *name)
{
    for (const struct embed_file *f = table; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
