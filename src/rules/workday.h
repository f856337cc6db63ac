/*
 * workday.h — the working-day calendar and deadlines counted in working days.
 *
 * A day is a working day unless it is a Saturday, a Sunday or a listed holiday; a listed make-up
 * working day (调休上班, a weekend day declared a working day) is a working day. The lists come
 * from the State Council General Office's yearly notices (data/holidays.csv, shipped in the
 * binary; next year's file can be loaded at run time). A calendar is a value passed in, never a
 * global that changes: the shipped one is immutable, an operator's import goes into a clone.
 *
 * A year is "known" when the calendar holds at least one entry dated in it (every year has
 * holidays). Questions about unknown years are still answered, by weekends alone, and the answer
 * says so: workday_add and workday_between return 1 ("beyond") instead of 0.
 */
#ifndef UREG_RULES_WORKDAY_H
#define UREG_RULES_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest n accepted by workday_add: about 14 years of working days. */
#define WORKDAY_MAX_N 3660

/* workday_add / workday_between: the answer relies on weekends alone for some day examined. */
#define WORKDAY_BEYOND 1

struct workcal; /* opaque */

/* One listed day, as workcal_entries and workcal_lookup report it. */
struct workcal_entry {
    int32_t day;         /* day number (base/date.h) */
    bool is_workday;     /* true: make-up working day; false: holiday */
    const char *name_zh; /* e.g. "春节"; never NULL, owned by the calendar */
    const char *name_en; /* e.g. "Spring Festival"; never NULL (may be ""), owned likewise */
};

/* A new empty calendar: weekends only, no known years. Owned by the caller (workcal_free). */
struct workcal *workcal_new(void);

/* Release a calendar from workcal_new or workcal_clone. NULL is ignored. Never pass the shipped
 * calendar. */
void workcal_free(struct workcal *wc);

/*
 * A deep copy of `wc` (entries, names, known years), owned by the caller. The usual way to apply
 * an import on top of the shipped calendar: clone it, load into the clone.
 */
struct workcal *workcal_clone(const struct workcal *wc);

/*
 * Load rows in the data/holidays.csv format from `text` (n bytes, UTF-8, need not be
 * NUL-terminated): lines starting with '#' and blank lines are skipped (a UTF-8 BOM and CRLF
 * line ends are accepted); the first other line must be the header "date,kind,name_zh,name_en";
 * each following line is YYYY-MM-DD, "holiday" or "workday", a non-empty Chinese name and an
 * English name (may be empty). Fields may be double-quoted ("" for a quote; base/csv's syntax,
 * read by csv_open_data: a quote inside an unquoted field is an error). A workday row must
 * fall on a Saturday or Sunday; names are at most 100 bytes of valid UTF-8.
 *
 * All or nothing: on the first bad line return -ERR_CAL_FORMAT, set *bad_line to its 1-based
 * number (0 when the text has no header at all) if bad_line is not NULL, and leave `wc`
 * unchanged. On success return 0: every row is added, a row for a date already listed replaces
 * it (so an import of a corrected schedule wins, and within the text a later row wins), and the
 * rows' years become known.
 */
int workcal_load_csv(struct workcal *wc, const char *text, size_t n, int *bad_line);

/*
 * Check one data row of that format (a record of base/csv) by the rules workcal_load_csv
 * applies, for importers that read the file themselves. On success set *day and *is_workday
 * and return 0. Errors: -ERR_CSV_FIELDS when the record has not exactly four fields;
 * -ERR_DATE_INVALID when the date is not YYYY-MM-DD within years 1..9999; -ERR_CAL_FORMAT for
 * a name or kind over 100 bytes, a kind other than holiday/workday, a make-up working day that
 * is not a Saturday or Sunday, an empty Chinese name, or a name with control characters.
 */
struct csv_record;
int workcal_row_check(const struct csv_record *rec, int32_t *day, bool *is_workday);

/*
 * Add or replace the entry for `day`: a holiday (is_workday false) or a make-up working day.
 * The day's year becomes known. Names are copied; NULL means "". Returns 0, -ERR_DATE_INVALID
 * for a day outside years 1..9999, or -ERR_FIELD_INVALID for a make-up day that is not a
 * Saturday or Sunday.
 */
int workcal_add(struct workcal *wc, int32_t day, bool is_workday, const char *name_zh,
                const char *name_en);

/*
 * The calendar of data/holidays.csv as compiled into the binary, built on first use (thread-safe)
 * and never freed; do not free or modify it. The embedded file is part of the build: if it is
 * missing or does not parse, the program aborts (test_workday catches that first).
 */
const struct workcal *workcal_shipped(void);

/* The first and last known year, or 0 when no year is known. Years in between may be unknown. */
int workcal_first_year(const struct workcal *wc);
int workcal_last_year(const struct workcal *wc);

/* Whether the year of `day` is known. */
bool workcal_knows(const struct workcal *wc, int32_t day);

/* Whether `day` is a working day (weekday and not a listed holiday, or a listed make-up day). */
bool workday_is(const struct workcal *wc, int32_t day);

/*
 * The entry listed for `day`: fill *out (if not NULL) and return true, or return false when the
 * day is not listed. Pointers in *out live as long as the calendar is not changed or freed.
 */
bool workcal_lookup(const struct workcal *wc, int32_t day, struct workcal_entry *out);

/*
 * The listed entries of `year`, in date order: fill out[0 .. min(count, max)-1] and return the
 * count (which may exceed max; out may be NULL when max is 0). Pointers as in workcal_lookup.
 */
int workcal_entries(const struct workcal *wc, int year, struct workcal_entry *out, int max);

/*
 * The n-th working day strictly after `start`, into *out. `start` itself is never counted (the
 * day an application arrives is day 0), so an application that arrives on a rest day is counted
 * from the next working day, which is day 1: from a Saturday, n = 1 gives the Monday, the same as
 * from the Friday before.
 *
 * Returns 0 when every day examined (start+1 .. *out) lies in a known year; WORKDAY_BEYOND (1)
 * when some does not, with *out still set by weekends alone there; -ERR_CAL_RANGE when n is not
 * in 1..WORKDAY_MAX_N or the answer would pass 9999-12-31; -ERR_DATE_INVALID when `start` is
 * outside years 1..9999. *out is untouched on error.
 */
int workday_add(const struct workcal *wc, int32_t start, int n, int32_t *out);

/*
 * The number of working days in (from, to] — after `from`, up to and including `to` — into *out;
 * when to < from, minus the number in (to, from], so workday_between(a, b) ==
 * -workday_between(b, a), and 0 when from == to. workday_add(s, n) = d implies
 * workday_between(s, d) = n.
 *
 * Returns 0 or WORKDAY_BEYOND as workday_add does (the days examined are those counted over);
 * -ERR_DATE_INVALID when either day is outside years 1..9999. Cost: a binary search and one step
 * per listed day and per year in the range, not per day.
 */
int workday_between(const struct workcal *wc, int32_t from, int32_t to, int *out);

#endif
