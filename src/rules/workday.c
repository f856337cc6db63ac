/*
 * workday.c — the working-day calendar.
 *
 * A day is a working day unless it is a Saturday, a Sunday or a listed holiday, and a listed
 * make-up day (调休上班) is a working day even on a weekend. Deadlines of the notice (7 working
 * days to decide, 79号: 3; first contact within 5) are counted here and nowhere else.
 *
 * Representation: one array of listed days sorted by day number, unique per day (a later row for
 * the same day replaces the earlier), plus a bitmap of known years 1..9999. About 40 listed days
 * a year, so the shipped 2020-2026 table is under 300 entries (a few kilobytes).
 *
 * Load: workday_add is called for every application in queue listings, so it must be cheap: one
 * binary search, then a walk of at most about 1.4 n + (holidays on the way) days, each step an
 * integer compare against the next listed day — for n = 7 a dozen steps, no allocation, about
 * 0.2 µs on the development machine.
 * workday_between does not walk days at all: weekdays by arithmetic, corrected by the listed days
 * in the range (two binary searches), plus one bit test per year. Calendars are read-only while
 * shared; the shipped one is built once under pthread_once and never changes.
 */
#include "rules/workday.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WC_YEAR_MAX 9999
#define WC_NAME_MAX 100 /* bytes, for names read from a file */

struct wc_ent {
    int32_t day;
    bool is_workday;
    char *name_zh; /* owned */
    char *name_en; /* owned */
};

struct workcal {
    struct wc_ent *v; /* sorted by day, unique */
    size_t n, cap;
    int first_year, last_year;                /* 0 when none known */
    uint8_t known[(WC_YEAR_MAX + 1 + 7) / 8]; /* bit y: year y is known */
};

static int32_t workday__day_min(void)
{
    return date_from_ymd(1, 1, 1);
}

static int32_t workday__day_max(void)
{
    return date_from_ymd(WC_YEAR_MAX, 12, 31);
}

static bool workday__in_range(int32_t day)
{
    return day >= workday__day_min() && day <= workday__day_max();
}

static int workday__year(int32_t day)
{
    int y;
    date_to_ymd(day, &y, NULL, NULL);
    return y;
}

static bool workday__weekend(int32_t day)
{
    return date_weekday(day) >= 6;
}

static bool workday__year_known(const struct workcal *wc, int y)
{
    return y >= 1 && y <= WC_YEAR_MAX && (wc->known[y / 8] >> (y % 8)) & 1u;
}

static void workday__mark_year(struct workcal *wc, int y)
{
    wc->known[y / 8] |= (uint8_t)(1u << (y % 8));
    if (wc->first_year == 0 || y < wc->first_year)
        wc->first_year = y;
    if (y > wc->last_year)
        wc->last_year = y;
}

/* Index of the first entry with day >= `day` (n when none). */
static size_t workday__lower_bound(const struct workcal *wc, int32_t day)
{
    size_t lo = 0, hi = wc->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (wc->v[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const struct wc_ent *workday__find(const struct workcal *wc, int32_t day)
{
    size_t i = workday__lower_bound(wc, day);
    return i < wc->n && wc->v[i].day == day ? &wc->v[i] : NULL;
}

static void workday__ent_clear(struct wc_ent *e)
{
    free(e->name_zh);
    free(e->name_en);
    e->name_zh = e->name_en = NULL;
}

static void workday__reserve(struct workcal *wc, size_t need)
{
    if (need <= wc->cap)
        return;
    size_t cap = wc->cap ? wc->cap : 64;
    while (cap < need)
        cap *= 2;
    wc->v = xrealloc(wc->v, cap * sizeof *wc->v);
    wc->cap = cap;
}

struct workcal *workcal_new(void)
{
    return xcalloc(1, sizeof(struct workcal));
}

void workcal_free(struct workcal *wc)
{
    if (!wc)
        return;
    for (size_t i = 0; i < wc->n; i++)
        workday__ent_clear(&wc->v[i]);
    free(wc->v);
    free(wc);
}

struct workcal *workcal_clone(const struct workcal *wc)
{
    struct workcal *c = xmalloc(sizeof *c);
    *c = *wc;
    c->v = NULL;
    c->cap = 0;
    workday__reserve(c, wc->n);
    for (size_t i = 0; i < wc->n; i++) {
        c->v[i] = wc->v[i];
        c->v[i].name_zh = xstrdup(wc->v[i].name_zh);
        c->v[i].name_en = xstrdup(wc->v[i].name_en);
    }
    return c;
}

/* Insert or replace; takes ownership of e's names. */
static void workday__put(struct workcal *wc, struct wc_ent *e)
{
    size_t i = workday__lower_bound(wc, e->day);
    if (i < wc->n && wc->v[i].day == e->day) {
        workday__ent_clear(&wc->v[i]);
    } else {
        workday__reserve(wc, wc->n + 1);
        memmove(&wc->v[i + 1], &wc->v[i], (wc->n - i) * sizeof *wc->v);
        wc->n++;
    }
    wc->v[i] = *e;
    workday__mark_year(wc, workday__year(e->day));
}

int workcal_add(struct workcal *wc, int32_t day, bool is_workday, const char *name_zh,
                const char *name_en)
{
    if (!workday__in_range(day))
        return -ERR_DATE_INVALID;
    if (is_workday && !workday__weekend(day))
        return -ERR_FIELD_INVALID;
    struct wc_ent e = {day, is_workday, xstrdup(name_zh ? name_zh : ""),
                       xstrdup(name_en ? name_en : "")};
    workday__put(wc, &e);
    return 0;
}

/* ---- loading --------------------------------------------------------------------------- */

/* Valid UTF-8 without control characters (C0, DEL): what a name may hold. */
static bool workday__text_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return utf8_valid(s, n);
}

#define WC_FIELDS 4

struct wc_row {
    struct wc_ent e;
    size_t seq; /* position in the text: a later row for the same day wins */
};

static int workday__row_cmp(const void *a, const void *b)
{
    const struct wc_row *x = a, *y = b;
    if (x->e.day != y->e.day)
        return x->e.day < y->e.day ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Whether a record is a line of spaces and tabs only, which the format skips like an empty line
 * (base/csv skips empty lines itself).
 */
static bool workday__blank(const struct csv_record *rec)
{
    if (rec->n_fields != 1)
        return false;
    const char *f = rec->fields[0];
    return f[strspn(f, " \t")] == '\0';
}

int workcal_row_check(const struct csv_record *rec, int32_t *day, bool *is_workday)
{
    const char *const *f = rec->fields;
    if (rec->n_fields != WC_FIELDS)
        return -ERR_CSV_FIELDS;
    if (date_parse(f[0], rec->lens[0], day) < 0 || !workday__in_range(*day))
        return -ERR_DATE_INVALID;
    for (int k = 1; k < WC_FIELDS; k++)
        if (rec->lens[k] > WC_NAME_MAX)
            return -ERR_CAL_FORMAT;
    if (strcmp(f[1], "holiday") == 0)
        *is_workday = false;
    else if (strcmp(f[1], "workday") == 0)
        *is_workday = true;
    else
        return -ERR_CAL_FORMAT;
    if (*is_workday && !workday__weekend(*day))
        return -ERR_CAL_FORMAT; /* a make-up day on a weekday is a typo in the file */
    if (f[2][0] == '\0' || !workday__text_ok(f[2], rec->lens[2]) ||
        !workday__text_ok(f[3], rec->lens[3]))
        return -ERR_CAL_FORMAT;
    return 0;
}

/* Parse a data row into *e (names copied, owned by *e); false when invalid. */
static bool workday__row(const struct csv_record *rec, struct wc_ent *e)
{
    int32_t day;
    bool is_workday;
    if (workcal_row_check(rec, &day, &is_workday) < 0)
        return false;
    e->day = day;
    e->is_workday = is_workday;
    e->name_zh = xstrndup(rec->fields[2], rec->lens[2]);
    e->name_en = xstrndup(rec->fields[3], rec->lens[3]);
    return true;
}

static const char *const workday__header[WC_FIELDS] = {"date", "kind", "name_zh", "name_en"};

int workcal_load_csv(struct workcal *wc, const char *text, size_t n, int *bad_line)
{
    struct wc_row *rows = NULL;
    size_t n_rows = 0, cap_rows = 0;
    bool seen_header = false;
    long line_no = 0;
    int rc;

    /* base/csv drops the BOM, skips empty and '#' lines, and counts CRLF as one line end. */
    struct csv_reader *r = csv_open_data(text, n);
    struct csv_record rec;
    while ((rc = csv_next(r, &rec)) > 0) {
        line_no = rec.line;
        if (workday__blank(&rec))
            continue;
        if (!seen_header) {
            if (!csv_is_header(&rec, workday__header, WC_FIELDS))
                goto bad;
            seen_header = true;
            continue;
        }
        struct wc_row row = {.seq = n_rows};
        if (!workday__row(&rec, &row.e))
            goto bad;
        if (n_rows == cap_rows) {
            cap_rows = cap_rows ? cap_rows * 2 : 64;
            rows = xrealloc(rows, cap_rows * sizeof *rows);
        }
        rows[n_rows++] = row;
    }
    line_no = rc < 0 ? csv_line(r) : 0; /* bad UTF-8, a stray quote; or else no header */
    if (rc < 0 || !seen_header)
        goto bad;

    /* Valid throughout: apply. Within the text the last row per day wins. */
    if (n_rows > 0)
        qsort(rows, n_rows, sizeof *rows, workday__row_cmp);
    for (size_t i = 0; i < n_rows; i++) {
        if (i + 1 < n_rows && rows[i + 1].e.day == rows[i].e.day) {
            workday__ent_clear(&rows[i].e);
            continue;
        }
        workday__put(wc, &rows[i].e);
    }
    n_rows = 0;
    rc = 0;
    goto out;

bad:
    rc = -ERR_CAL_FORMAT;
    if (bad_line)
        *bad_line = (int)line_no;
out:
    csv_close(r);
    for (size_t i = 0; i < n_rows; i++)
        workday__ent_clear(&rows[i].e);
    free(rows);
    return rc;
}

/* ---- the shipped calendar -------------------------------------------------------------- */

static struct workcal *workday__shipped;
static pthread_once_t workday__shipped_once = PTHREAD_ONCE_INIT;

static void workday__build_shipped(void)
{
    const struct embed_file *f = embed_find(embed_data, "holidays.csv");
    struct workcal *wc = workcal_new();
    int line = 0;
    if (!f || workcal_load_csv(wc, (const char *)f->data, f->len, &line) < 0) {
        /* The file is compiled in: a failure here is a broken build, not an input error. */
        log_error("workday", "event=shipped_calendar_invalid file=holidays.csv line=%d", line);
        abort();
    }
    workday__shipped = wc;
}

const struct workcal *workcal_shipped(void)
{
    pthread_once(&workday__shipped_once, workday__build_shipped);
    return workday__shipped;
}

/* ---- questions ------------------------------------------------------------------------- */

int workcal_first_year(const struct workcal *wc)
{
    return wc->first_year;
}

int workcal_last_year(const struct workcal *wc)
{
    return wc->last_year;
}

bool workcal_knows(const struct workcal *wc, int32_t day)
{
    return workday__in_range(day) && workday__year_known(wc, workday__year(day));
}

bool workday_is(const struct workcal *wc, int32_t day)
{
    const struct wc_ent *e = workday__find(wc, day);
    return e ? e->is_workday : !workday__weekend(day);
}

static void workday__entry_out(const struct wc_ent *e, struct workcal_entry *out)
{
    out->day = e->day;
    out->is_workday = e->is_workday;
    out->name_zh = e->name_zh;
    out->name_en = e->name_en;
}

bool workcal_lookup(const struct workcal *wc, int32_t day, struct workcal_entry *out)
{
    const struct wc_ent *e = workday__find(wc, day);
    if (e && out)
        workday__entry_out(e, out);
    return e != NULL;
}

int workcal_entries(const struct workcal *wc, int year, struct workcal_entry *out, int max)
{
    if (year < 1 || year > WC_YEAR_MAX)
        return 0;
    size_t lo = workday__lower_bound(wc, date_from_ymd(year, 1, 1));
    size_t hi = workday__lower_bound(wc, date_from_ymd(year, 12, 31) + 1);
    for (size_t i = lo; i < hi && (int)(i - lo) < max; i++)
        workday__entry_out(&wc->v[i], &out[i - lo]);
    return (int)(hi - lo);
}

int workday_add(const struct workcal *wc, int32_t start, int n, int32_t *out)
{
    if (n < 1 || n > WORKDAY_MAX_N)
        return -ERR_CAL_RANGE;
    if (!workday__in_range(start))
        return -ERR_DATE_INVALID;

    const int32_t day_max = workday__day_max();
    size_t i = workday__lower_bound(wc, start + 1);
    int32_t d = start;
    int year = 0, counted = 0;
    int32_t next_year = d + 1; /* forces the year lookup on the first step */
    bool known = true, beyond = false;

    while (counted < n) {
        if (d == day_max)
            return -ERR_CAL_RANGE;
        d++;
        if (d >= next_year) {
            year = workday__year(d);
            known = workday__year_known(wc, year);
            next_year = year < WC_YEAR_MAX ? date_from_ymd(year + 1, 1, 1) : day_max + 1;
        }
        beyond = beyond || !known;
        bool work;
        if (i < wc->n && wc->v[i].day == d)
            work = wc->v[i++].is_workday;
        else
            work = !workday__weekend(d);
        counted += work;
    }
    *out = d;
    return beyond ? WORKDAY_BEYOND : 0;
}

/* Days Monday to Friday in [a, b], a <= b. */
static int workday__weekdays(int32_t a, int32_t b)
{
    int32_t len = b - a + 1, full = len / 7;
    int count = (int)full * 5;
    for (int32_t d = a + full * 7; d <= b; d++)
        count += !workday__weekend(d);
    return count;
}

int workday_between(const struct workcal *wc, int32_t from, int32_t to, int *out)
{
    if (!workday__in_range(from) || !workday__in_range(to))
        return -ERR_DATE_INVALID;
    if (from == to) {
        *out = 0;
        return 0;
    }
    int32_t a = (from < to ? from : to) + 1, b = from < to ? to : from;
    int count = workday__weekdays(a, b);
    size_t hi = workday__lower_bound(wc, b + 1);
    for (size_t i = workday__lower_bound(wc, a); i < hi; i++) {
        bool weekend = workday__weekend(wc->v[i].day);
        if (wc->v[i].is_workday && weekend)
            count++;
        else if (!wc->v[i].is_workday && !weekend)
            count--;
    }
    bool beyond = false;
    for (int y = workday__year(a), yb = workday__year(b); y <= yb && !beyond; y++)
        beyond = !workday__year_known(wc, y);
    *out = from < to ? count : -count;
    return beyond ? WORKDAY_BEYOND : 0;
}
