/*
 * codes.c — the code tables. See codes.h.
 *
 * data/codes.csv holds a dozen tables and about 150 rows in all; the first call parses it once
 * (pthread_once, well under a millisecond) into an array grouped by table, keeping file order
 * inside each table. A lookup finds the table among the dozen, then scans its rows (at most
 * ~60, the ethnicities): cheaper than any index at this size.
 *
 * The file is read by base/csv (RFC 4180: a name holding a comma is quoted, though Chinese text
 * uses 、 and ，). Rows are checked while loading: exactly four fields, a table name of [a-z_], a
 * code of [A-Za-z0-9_], both names non-empty, and (table, code) not seen before. A row that fails
 * is dropped and counted in codes_stats().n_bad_lines, which the unit tests require to be 0.
 */
#include "rules/codes.h"

#include "base/arena.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct codes__table {
    const char *name;
    int first; /* index of its first entry in codes__tab.entries */
    int n;
};

static struct {
    struct arena strings;       /* the entries' strings, never freed */
    struct code_entry *entries; /* grouped by table, file order within a table */
    struct codes__table *tables;
    const char **names; /* table names, NULL-terminated, for codes_tables() */
    int n_tables;
    struct codes_stats stats;
} codes__tab;

static pthread_once_t codes__once = PTHREAD_ONCE_INIT;

/* Whether s is non-empty and only [a-z_], plus [A-Z] when upper_ok and [0-9] when digits_ok. */
static bool codes__token(const char *s, bool upper_ok, bool digits_ok)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        bool ok = (*s >= 'a' && *s <= 'z') || *s == '_' || (upper_ok && *s >= 'A' && *s <= 'Z') ||
                  (digits_ok && *s >= '0' && *s <= '9');
        if (!ok)
            return false;
    }
    return true;
}

static const struct codes__table *codes__table_find(const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < codes__tab.n_tables; i++)
        if (strcmp(codes__tab.tables[i].name, name) == 0)
            return &codes__tab.tables[i];
    return NULL;
}

/*
 * Whether a record is a well-formed row (see the file comment); its strings are copied into
 * `strings` and *out points at them when it is.
 */
static bool codes__row(const struct csv_record *rec, struct arena *strings, struct code_entry *out)
{
    if (rec->n_fields != 4)
        return false;
    const char *f[4];
    for (int i = 0; i < 4; i++)
        f[i] = arena_strndup(strings, rec->fields[i], rec->lens[i]);
    if (!codes__token(f[0], false, false) || !codes__token(f[1], true, true) || !f[2][0] ||
        !f[3][0])
        return false;
    *out = (struct code_entry){f[0], f[1], f[2], f[3]};
    return true;
}

/*
 * Fill codes__tab from the n rows read (rows[i] in table table_of[i]) and the n_tables tables
 * (taking `tables`): entries grouped by table in first-appearance order, file order within each
 * (a counting sort), and the NULL-terminated list of table names.
 */
static void codes__publish(const struct code_entry *rows, const int *table_of, int n,
                           struct codes__table *tables, int n_tables)
{
    struct code_entry *entries = xmalloc(((size_t)n + 1) * sizeof *entries);
    int start = 0;
    for (int t = 0; t < n_tables; t++) {
        tables[t].first = start;
        int k = start;
        for (int i = 0; i < n; i++)
            if (table_of[i] == t)
                entries[k++] = rows[i];
        start = k;
    }
    const char **names = xmalloc(((size_t)n_tables + 1) * sizeof *names);
    for (int t = 0; t < n_tables; t++)
        names[t] = tables[t].name;
    names[n_tables] = NULL;

    codes__tab.entries = entries;
    codes__tab.tables = tables;
    codes__tab.names = names;
    codes__tab.n_tables = n_tables;
    codes__tab.stats.n_tables = n_tables;
    codes__tab.stats.n_entries = n;
}

static void codes__load(void)
{
    static const char *const header[] = {"table", "code", "name_zh", "name_en"};
    struct codes_stats *st = &codes__tab.stats;
    const struct embed_file *f = embed_find(embed_data, "codes.csv");
    if (!f) {
        st->n_bad_lines = 1; /* no tables at all: every lookup fails, and the tests say so */
        codes__tab.names = xcalloc(1, sizeof *codes__tab.names);
        return;
    }
    /* No more rows or tables than lines. */
    size_t cap = 1;
    for (size_t i = 0; i < f->len; i++)
        cap += f->data[i] == '\n';
    struct code_entry *rows = xmalloc(cap * sizeof *rows);
    int *table_of = xmalloc(cap * sizeof *table_of);
    struct codes__table *tables = xmalloc(cap * sizeof *tables);
    int n = 0, n_tables = 0;

    struct csv_reader *r = csv_open_data((const char *)f->data, f->len);
    struct csv_record rec;
    int rc;
    while ((rc = csv_next(r, &rec)) > 0) {
        struct code_entry e;
        if (csv_is_header(&rec, header, 4))
            continue;
        if (!codes__row(&rec, &codes__tab.strings, &e)) {
            st->n_bad_lines++;
            continue;
        }
        int t = 0;
        while (t < n_tables && strcmp(tables[t].name, e.table) != 0)
            t++;
        if (t == n_tables)
            tables[n_tables++] = (struct codes__table){.name = e.table};
        bool dup = false;
        for (int i = 0; i < n && !dup; i++)
            dup = table_of[i] == t && strcmp(rows[i].code, e.code) == 0;
        if (dup) {
            st->n_bad_lines++;
        } else {
            rows[n] = e;
            table_of[n++] = t;
            tables[t].n++;
        }
    }
    if (rc < 0)
        st->n_bad_lines++; /* bad UTF-8 or a stray quote: the table ends there */
    csv_close(r);

    codes__publish(rows, table_of, n, tables, n_tables);
    free(rows);
    free(table_of);
}

static void codes__ensure(void)
{
    pthread_once(&codes__once, codes__load);
}

const struct code_entry *codes_find(const char *table, const char *code)
{
    codes__ensure();
    const struct codes__table *t = codes__table_find(table);
    if (!t || !code)
        return NULL;
    for (int i = t->first; i < t->first + t->n; i++)
        if (strcmp(codes__tab.entries[i].code, code) == 0)
            return &codes__tab.entries[i];
    return NULL;
}

int codes_validate(const char *table, const char *code)
{
    codes__ensure();
    if (!codes__table_find(table))
        return -ERR_CODE_TABLE_UNKNOWN;
    return codes_find(table, code) ? 0 : -ERR_CODE_INVALID;
}

int codes_list(const char *table, const struct code_entry **out, int max)
{
    codes__ensure();
    const struct codes__table *t = codes__table_find(table);
    if (!t)
        return 0;
    for (int i = 0; out && i < max && i < t->n; i++)
        out[i] = &codes__tab.entries[t->first + i];
    return t->n;
}

const char *const *codes_tables(void)
{
    codes__ensure();
    return codes__tab.names;
}

static void codes__difficulty_load(void);
static pthread_once_t codes__difficulty_once;

void codes_stats(struct codes_stats *out)
{
    codes__ensure();
    pthread_once(&codes__difficulty_once, codes__difficulty_load);
    *out = codes__tab.stats;
}

/* --- 就业困难人员 categories per province (data/difficulty_province.csv) --------------------- */

#define CODES__MAX_DIFFICULTY 512

static struct {
    char province[CODES__MAX_DIFFICULTY][3];
    const char *code[CODES__MAX_DIFFICULTY]; /* points into codes__tab (a known category) */
    int n;
} codes__difficulty;

static pthread_once_t codes__difficulty_once = PTHREAD_ONCE_INIT;

/* Rows whose province is not two digits or whose code is not a difficulty_category are dropped
 * and counted as bad lines (the unit tests require none). */
static void codes__difficulty_load(void)
{
    static const char *const header[] = {"province", "code"};
    codes__ensure();
    const struct embed_file *f = embed_find(embed_data, "difficulty_province.csv");
    if (!f) {
        codes__tab.stats.n_bad_lines++;
        return;
    }
    struct csv_reader *r = csv_open_data((const char *)f->data, f->len);
    struct csv_record rec;
    while (csv_next(r, &rec) > 0) {
        if (csv_is_header(&rec, header, 2))
            continue;
        char prov[3] = "", code[16] = "";
        if (rec.n_fields == 2 && rec.lens[0] == 2 && rec.lens[1] < sizeof code) {
            memcpy(prov, rec.fields[0], 2);
            memcpy(code, rec.fields[1], rec.lens[1]);
            code[rec.lens[1]] = '\0';
        }
        const struct code_entry *e = codes_find("difficulty_category", code);
        if (!e || prov[0] < '0' || prov[0] > '9' || prov[1] < '0' || prov[1] > '9' ||
            codes__difficulty.n == CODES__MAX_DIFFICULTY) {
            codes__tab.stats.n_bad_lines++;
            continue;
        }
        memcpy(codes__difficulty.province[codes__difficulty.n], prov, 3);
        codes__difficulty.code[codes__difficulty.n++] = e->code;
    }
    csv_close(r);
}

/* The province whose set applies to `region`: its own two digits when listed, else "00". */
static const char *codes__difficulty_province(const char *region, char *prov)
{
    pthread_once(&codes__difficulty_once, codes__difficulty_load);
    if (!region || strlen(region) < 2)
        return NULL;
    memcpy(prov, region, 2);
    prov[2] = '\0';
    for (int i = 0; i < codes__difficulty.n; i++)
        if (strcmp(codes__difficulty.province[i], prov) == 0)
            return prov;
    return "00";
}

int codes_difficulty_list(const char *region, const char **out, int max)
{
    char buf[3];
    const char *prov = codes__difficulty_province(region, buf);
    int n = 0;
    for (int i = 0; prov && i < codes__difficulty.n; i++)
        if (strcmp(codes__difficulty.province[i], prov) == 0) {
            if (out && n < max)
                out[n] = codes__difficulty.code[i];
            n++;
        }
    return n;
}

int codes_difficulty_check(const char *region, const char *code)
{
    const char *list[CODES__MAX_DIFFICULTY];
    int n = codes_difficulty_list(region, list, CODES__MAX_DIFFICULTY);
    for (int i = 0; code && i < n && i < CODES__MAX_DIFFICULTY; i++)
        if (strcmp(list[i], code) == 0)
            return 0;
    return -ERR_CODE_INVALID;
}
