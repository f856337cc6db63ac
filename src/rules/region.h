/*
 * region.h — administrative divisions (行政区划, GB/T 2260 and the NBS 乡级 codes): lookup,
 * validation, names, and the jurisdiction prefix that scopes every query over people.
 *
 * Codes are strings of digits: province "110000", city "110100", county "110101", street
 * "110101001". The table is data/regions.csv (see tools/gen_regions.mjs), compiled into the
 * binary and parsed once on first use; every pointer returned here stays valid for the life of
 * the process and is shared between threads (the table is read-only after loading).
 *
 * Jurisdiction. A region covers exactly the codes that start with its prefix (region_prefix):
 * the province's first 2 digits, the city's first 4, a county's 6, a street's 9. The table is
 * generated so that this prefix relation and the parent links describe the same tree, including
 * the placeholder cities of municipalities (110100 市辖区 covers 110101) and the 省直辖县级行政区划
 * (419000 covers 419001 济源市). Unknown or malformed codes have no prefix and cover nothing.
 * An empty prefix therefore means "no jurisdiction": a caller must refuse it, never pass it on
 * to a `LIKE prefix || '%'` query, where it would match everyone.
 */
#ifndef UREG_RULES_REGION_H
#define UREG_RULES_REGION_H

#include <stdbool.h>
#include <stddef.h>

enum region_level { REGION_PROVINCE = 1, REGION_CITY, REGION_COUNTY, REGION_STREET };

/* The longest code (a street) plus its NUL: the size of a buffer for region_prefix(). */
#define REGION_CODE_MAX 10

struct region {
    const char *code;   /* 6 digits, or 9 for a street */
    const char *name;   /* as in the source, e.g. "东城区", "市辖区" */
    const char *parent; /* the parent's code; "" (never NULL) for a province */
    enum region_level level;
};

/* Counts from the loaded table, for tests and the `init` report. */
struct region_stats {
    int n_province, n_city, n_county, n_street;
    int n_bad_lines; /* rows of the data file that were malformed or repeated a code: 0 */
};

/*
 * The region with this code, or NULL when `code` is NULL, malformed (not exactly 6 or 9 ASCII
 * digits) or not in the table. The result points into the shared table: never free it.
 */
const struct region *region_find(const char *code);

/*
 * Check a 6-digit code (provinces, cities, counties: what forms and API fields carry).
 * Returns 0 when known, -ERR_REGION_FORMAT when `code` is NULL or not exactly 6 ASCII digits,
 * -ERR_REGION_INVALID when well-formed but unknown.
 */
int region_validate6(const char *code);

/* As region_validate6(), but 9-digit street codes are accepted too. */
int region_validate(const char *code);

/*
 * Write the jurisdiction prefix of `code` into out (NUL-terminated): "11" for 110000, "1101"
 * for 110100, "110101" for 110101, "110101001" for 110101001. Every code inside the region, and
 * no other, starts with it. For an unknown or malformed code, or when outsz is too small for the
 * whole prefix (REGION_CODE_MAX always suffices), out is set to "" — never to a shorter prefix,
 * which would widen the scope — when outsz > 0. Returns nothing; check out[0].
 */
void region_prefix(const char *code, char *out, size_t outsz);

/*
 * Whether the region `inner` lies within the region `outer`, by prefix. Both must be known codes
 * (6 or 9 digits); otherwise false. A region contains itself. NULL is never contained and
 * contains nothing.
 */
bool region_contains(const char *outer, const char *inner);

/* The parent region, or NULL for a province or when r is NULL. */
const struct region *region_parent(const struct region *r);

/*
 * Write the display name of `code` into buf: the names from province down, separated by one
 * space, e.g. "北京市 东城区", "河南省 济源市", "广东省 东莞市 东城街道". Placeholder levels of
 * the source (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are left out when they are an
 * ancestor, since they name no place; the region's own name is always shown ("北京市 市辖区" for
 * 110100). A name equal to the one just before it is shown once ("甘肃省 嘉峪关市" for 620201).
 * Returns the length of the whole name in bytes (without the NUL), like snprintf; when it is
 * >= bufsz the text was cut, at a UTF-8 character boundary. Unknown code: returns 0, buf "".
 * Always NUL-terminates when bufsz > 0; buf may be NULL when bufsz is 0.
 */
size_t region_path_name(const char *code, char *buf, size_t bufsz);

/*
 * The children of `code` (the provinces when code is NULL), sorted by code: fills out[0..max-1]
 * with the first min(total, max) and returns the total. An unknown code has 0 children. out may
 * be NULL when max is 0. The pointers are into the shared table.
 */
int region_children(const char *code, const struct region **out, int max);

/*
 * Whether `code` is a place one can register at: a known county or street, or a prefecture-level
 * city without counties (不设区的地级市 such as 东莞 441900, whose streets hang directly under it).
 * False for provinces, other cities, placeholders with counties below, unknown codes and NULL.
 */
bool region_is_county_or_below(const char *code);

/* Fill *out with the counts of the loaded table. */
void region_stats(struct region_stats *out);

#endif
