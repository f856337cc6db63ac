/*
 * region.c — the administrative-division table and the jurisdiction rule. See region.h.
 *
 * The table is data/regions.csv, embedded in the binary (about 44,700 rows, 1.6 MB: 34
 * provinces, 342 cities, 2,975 counties, 41,352 streets). The first call to any function parses
 * it once under pthread_once into one array sorted by code (binary search: ~16 string compares
 * per lookup) and an index of the same rows sorted by (parent, code) for children listings.
 * Loading copies the text once and points into the copy; nothing is freed before exit. Measured
 * on the 2-core development machine: about 5 ms with -O2, about 25 ms under ASan/UBSan.
 *
 * Every row is checked while loading, so the prefix rule that scopes people by region (see
 * region.h) rests on checks made here and not only on the generator: a code is 6 ASCII digits
 * (9 for a street); a province is NN0000 with no parent; a city is NNNN00 (not NN0000) under
 * NN0000; a county does not end in 00 and sits under its NNNN00; a street sits under the
 * 6-digit code it starts with; the parent exists. A row that fails is dropped and counted in
 * region_stats().n_bad_lines (the unit tests require 0), as is a repeated code.
 */
#include "rules/region.h"

#include "base/embed.h"
#include "base/err.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char REGION_HEADER[] = "code,name,parent,level";

static struct {
    char *text;                       /* owned copy of the CSV, cut into fields in place */
    struct region *rows;              /* sorted by code */
    int n_rows;
    const struct region **by_parent;  /* the same rows sorted by (parent, code) */
    struct region_stats stats;
} region__tab;

static pthread_once_t region__once = PTHREAD_ONCE_INIT;

/* Whether s is exactly n ASCII digits. */
static bool region__digits(const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[i] == '\0';
}

/* Whether s is a well-formed code: 6 or 9 ASCII digits. */
static bool region__well_formed(const char *s)
{
    return s && (region__digits(s, 6) || region__digits(s, 9));
}

static int region__cmp_code(const void *a, const void *b)
{
    const struct region *x = a, *y = b;
    return strcmp(x->code, y->code);
}

static int region__cmp_parent(const void *a, const void *b)
{
    const struct region *const *x = a, *const *y = b;
    int c = strcmp((*x)->parent, (*y)->parent);
    return c ? c : strcmp((*x)->code, (*y)->code);
}

/* Number of leading digits that make the jurisdiction prefix of a region of this level. */
static size_t region__prefix_len(enum region_level level)
{
    switch (level) {
    case REGION_PROVINCE:
        return 2;
    case REGION_CITY:
        return 4;
    case REGION_COUNTY:
        return 6;
    case REGION_STREET:
        return 9;
    }
    return 0;
}

/*
 * Check the shape of one row: code form by level and the parent code the prefix rule implies.
 * Existence of the parent is checked later, once all rows are sorted.
 */
static bool region__row_ok(const struct region *r)
{
    const char *c = r->code, *p = r->parent;
    if (r->name[0] == '\0')
        return false;
    switch (r->level) {
    case REGION_PROVINCE:
        return region__digits(c, 6) && strcmp(c + 2, "0000") == 0 && c[0] != '0' && p[0] == '\0';
    case REGION_CITY:
        return region__digits(c, 6) && strcmp(c + 4, "00") == 0 && strncmp(c + 2, "00", 2) != 0 &&
               region__digits(p, 6) && strncmp(p, c, 2) == 0 && strcmp(p + 2, "0000") == 0;
    case REGION_COUNTY:
        return region__digits(c, 6) && strcmp(c + 4, "00") != 0 && region__digits(p, 6) &&
               strncmp(p, c, 4) == 0 && strcmp(p + 4, "00") == 0;
    case REGION_STREET:
        return region__digits(c, 9) && region__digits(p, 6) && strncmp(p, c, 6) == 0;
    }
    return false;
}

/* Split line into exactly n comma-separated fields, in place. False on any other count. */
static bool region__split(char *line, char **fields, int n)
{
    int i = 0;
    fields[i++] = line;
    for (char *s = line; *s; s++) {
        if (*s == '"')
            return false; /* the generator never quotes; a quote means a foreign file */
        if (*s == ',') {
            if (i == n)
                return false;
            *s = '\0';
            fields[i++] = s + 1;
        }
    }
    return i == n;
}

static bool region__parse_level(const char *s, enum region_level *out)
{
    static const char *const names[] = {"province", "city", "county", "street"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum region_level)(REGION_PROVINCE + i);
            return true;
        }
    return false;
}

static const struct region *region__bsearch(const char *code)
{
    if (!region__well_formed(code) || region__tab.n_rows == 0)
        return NULL;
    struct region key = {.code = code};
    return bsearch(&key, region__tab.rows, (size_t)region__tab.n_rows, sizeof key,
                   region__cmp_code);
}

static void region__load(void)
{
    struct region_stats *st = &region__tab.stats;
    const struct embed_file *f = embed_find(embed_data, "regions.csv");
    if (!f) {
        st->n_bad_lines = 1; /* no table at all: every lookup fails, and the tests say so */
        return;
    }
    char *text = xmalloc(f->len + 1);
    memcpy(text, f->data, f->len);
    text[f->len] = '\0';

    size_t cap = 1;
    for (size_t i = 0; i < f->len; i++)
        cap += text[i] == '\n';
    struct region *rows = xmalloc(cap * sizeof *rows);
    int n = 0;

    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        char *next = nl ? nl + 1 : NULL;
        if (line[0] == '\0' || line[0] == '#' || strcmp(line, REGION_HEADER) == 0) {
            line = next;
            continue;
        }
        char *fld[4];
        struct region r;
        if (!region__split(line, fld, 4) || !region__parse_level(fld[3], &r.level)) {
            st->n_bad_lines++;
            line = next;
            continue;
        }
        r.code = fld[0];
        r.name = fld[1];
        r.parent = fld[2];
        if (region__row_ok(&r))
            rows[n++] = r;
        else
            st->n_bad_lines++;
        line = next;
    }

    qsort(rows, (size_t)n, sizeof *rows, region__cmp_code);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k > 0 && strcmp(rows[k - 1].code, rows[i].code) == 0)
            st->n_bad_lines++; /* a repeated code: the first row wins */
        else
            rows[k++] = rows[i];
    }
    region__tab.text = text;
    region__tab.rows = rows;

    /*
     * Drop rows whose parent is missing, so every parent link resolves. A parent's code is a
     * prefix of its child's, so it sorts earlier: searching the rows kept so far is enough, and
     * a dropped row takes its descendants with it.
     */
    int m = 0;
    for (int i = 0; i < k; i++) {
        struct region key = {.code = rows[i].parent};
        if (rows[i].level != REGION_PROVINCE &&
            !bsearch(&key, rows, (size_t)m, sizeof key, region__cmp_code)) {
            st->n_bad_lines++;
            continue;
        }
        rows[m++] = rows[i];
    }
    region__tab.n_rows = m; /* order kept, so the array is still sorted */

    region__tab.by_parent = xmalloc(((size_t)m + 1) * sizeof *region__tab.by_parent);
    for (int i = 0; i < m; i++) {
        region__tab.by_parent[i] = &rows[i];
        switch (rows[i].level) {
        case REGION_PROVINCE:
            st->n_province++;
            break;
        case REGION_CITY:
            st->n_city++;
            break;
        case REGION_COUNTY:
            st->n_county++;
            break;
        case REGION_STREET:
            st->n_street++;
            break;
        }
    }
    qsort(region__tab.by_parent, (size_t)m, sizeof *region__tab.by_parent, region__cmp_parent);
}

static void region__ensure(void)
{
    pthread_once(&region__once, region__load);
}

const struct region *region_find(const char *code)
{
    region__ensure();
    return region__bsearch(code);
}

int region_validate6(const char *code)
{
    if (!code || !region__digits(code, 6))
        return -ERR_REGION_FORMAT;
    return region_find(code) ? 0 : -ERR_REGION_INVALID;
}

int region_validate(const char *code)
{
    if (!region__well_formed(code))
        return -ERR_REGION_FORMAT;
    return region_find(code) ? 0 : -ERR_REGION_INVALID;
}

void region_prefix(const char *code, char *out, size_t outsz)
{
    if (!out || outsz == 0)
        return;
    out[0] = '\0';
    const struct region *r = region_find(code);
    if (!r)
        return;
    size_t n = region__prefix_len(r->level);
    if (n == 0 || n + 1 > outsz)
        return;
    memcpy(out, r->code, n);
    out[n] = '\0';
}

bool region_contains(const char *outer, const char *inner)
{
    const struct region *o = region_find(outer);
    const struct region *i = region_find(inner);
    if (!o || !i)
        return false;
    size_t n = region__prefix_len(o->level);
    return n > 0 && strlen(i->code) >= n && strncmp(i->code, o->code, n) == 0;
}

const struct region *region_parent(const struct region *r)
{
    if (!r || r->level == REGION_PROVINCE)
        return NULL;
    return region_find(r->parent);
}

/* Names of source levels that stand for no place of their own (see region_path_name). */
static bool region__is_placeholder(const char *name)
{
    static const char *const names[] = {"市辖区", "县", "省直辖县级行政区划",
                                        "自治区直辖县级行政区划"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* Append s to buf at *pos (counting every byte, writing only what fits before the NUL). */
static void region__append(char *buf, size_t bufsz, size_t *pos, const char *s)
{
    for (; *s; s++, (*pos)++)
        if (*pos + 1 < bufsz)
            buf[*pos] = *s;
}

size_t region_path_name(const char *code, char *buf, size_t bufsz)
{
    if (buf && bufsz > 0)
        buf[0] = '\0';
    const struct region *r = region_find(code);
    if (!r)
        return 0;
    if (!buf)
        bufsz = 0;

    const struct region *chain[4];
    int n = 0;
    for (const struct region *a = r; a && n < 4; a = region_parent(a))
        chain[n++] = a;

    size_t pos = 0;
    const char *prev = NULL;
    for (int i = n - 1; i >= 0; i--) {
        const char *name = chain[i]->name;
        if (i > 0 && region__is_placeholder(name))
            continue;
        if (prev && strcmp(prev, name) == 0)
            continue;
        if (prev)
            region__append(buf, bufsz, &pos, " ");
        region__append(buf, bufsz, &pos, name);
        prev = name;
    }
    if (bufsz == 0)
        return pos;
    size_t end = pos < bufsz ? pos : bufsz - 1;
    if (pos >= bufsz && end > 0) {
        /* Cut before a UTF-8 character whose bytes did not all fit. */
        size_t lead = end - 1;
        while (lead > 0 && ((unsigned char)buf[lead] & 0xC0) == 0x80)
            lead--;
        unsigned char c = (unsigned char)buf[lead];
        size_t clen = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (lead + clen > end)
            end = lead;
    }
    buf[end] = '\0';
    return pos;
}

/* Index in by_parent of the first row whose parent is `parent`, and the count of them. */
static int region__children_range(const char *parent, int *first)
{
    int lo = 0, hi = region__tab.n_rows;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(region__tab.by_parent[mid]->parent, parent) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int end = lo;
    while (end < region__tab.n_rows && strcmp(region__tab.by_parent[end]->parent, parent) == 0)
        end++;
    *first = lo;
    return end - lo;
}

int region_children(const char *code, const struct region **out, int max)
{
    region__ensure();
    const char *parent = "";
    if (code) {
        const struct region *r = region__bsearch(code);
        if (!r)
            return 0;
        parent = r->code;
    }
    int first;
    int total = region__children_range(parent, &first);
    for (int i = 0; out && i < max && i < total; i++)
        out[i] = region__tab.by_parent[first + i];
    return total;
}

bool region_is_county_or_below(const char *code)
{
    const struct region *r = region_find(code);
    if (!r)
        return false;
    if (r->level == REGION_COUNTY || r->level == REGION_STREET)
        return true;
    if (r->level != REGION_CITY)
        return false;
    /* 不设区的地级市: the city has children, and none of them is a county. */
    int first;
    int n = region__children_range(r->code, &first);
    for (int i = first; i < first + n; i++)
        if (region__tab.by_parent[i]->level != REGION_STREET)
            return false;
    return n > 0;
}

void region_stats(struct region_stats *out)
{
    region__ensure();
    *out = region__tab.stats;
}
