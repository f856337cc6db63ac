/*
 * fuzz_calendar.c — libFuzzer harness for `ureg calendar import FILE` end to end
 * (app_calendar_import: the CSV reader over the file, each row's checks, the store, the audit
 * entry, the calendar rebuilt from the database).
 *
 * Each input is written to a file and imported into one throwaway SQLite database (in
 * /dev/shm, else $TMPDIR); imports that succeed stay, so later inputs replace their days.
 *
 * What must hold, else abort: the result is 0 or one of the file errors (csv_header,
 * csv_fields, date_invalid, calendar_format, csv_quote, csv_encoding, csv_too_long), never an
 * internal error. A failed import changes nothing: the calendar in force is the very same
 * object. A successful one is exactly what the file says: every data row of the file (read
 * here again with base/csv, the last row of a day winning) is in the calendar in force, as a
 * holiday or make-up day with its names, and stays so when the calendar is rebuilt from the
 * database again (as the next start does); the years the import reports are known.
 *
 *   make fuzz FUZZ=calendar SECONDS=300
 */
#include "app/access.h"
#include "app/app.h"
#include "fuzzapp.h"
#include "app/setup.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "rules/workday.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_calendar: check failed: %s\n", #cond);                           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static struct {
    bool ready;
    struct fuzzapp fa;
    char file[192];
    struct app *app;
    struct actor sys;
} F;

static void fuzz__setup(void)
{
    fuzzapp_start(&F.fa, "fuzz-calendar", 2);
    F.app = F.fa.app;
    snprintf(F.file, sizeof F.file, "%s/holidays.csv", F.fa.dir);
    access_system_actor(&F.sys, "calendar import");
    F.ready = true;
}

static bool fuzz__documented(int rc)
{
    static const int codes[] = {ERR_CSV_HEADER, ERR_CSV_FIELDS,   ERR_DATE_INVALID, ERR_CAL_FORMAT,
                                ERR_CSV_QUOTE,  ERR_CSV_ENCODING, ERR_CSV_TOO_LONG};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (rc == -codes[i])
            return true;
    return false;
}

/* Whether calendar `wc` holds every data row of the file as its last row for that day says. */
static void fuzz__check_rows(const struct workcal *wc)
{
    int err = 0;
    struct csv_reader *r = csv_open_file(F.file, CSV_AUTO, &err);
    CHECK(r != NULL);
    csv_skip_comments(r, true);
    struct csv_record rec;
    CHECK(csv_next(r, &rec) == 1); /* the header */
    /* Rows are checked in file order against a lookup, so a later row of the same day must be
     * the one kept: compare only rows that no later row overrides. */
    struct row {
        int32_t day;
        bool is_workday;
        char *zh, *en;
    } *rows = NULL;
    size_t n = 0;
    while (csv_next(r, &rec) == 1) {
        rows = realloc(rows, (n + 1) * sizeof *rows);
        CHECK(rows != NULL && rec.n_fields == 4);
        CHECK(date_parse(rec.fields[0], rec.lens[0], &rows[n].day) == 0);
        rows[n].is_workday = strcmp(rec.fields[1], "workday") == 0;
        rows[n].zh = strdup(rec.fields[2]);
        rows[n].en = strdup(rec.fields[3]);
        n++;
    }
    csv_close(r);
    for (size_t i = 0; i < n; i++) {
        bool last = true;
        for (size_t j = i + 1; j < n && last; j++)
            last = rows[j].day != rows[i].day;
        if (last) {
            struct workcal_entry e;
            CHECK(workcal_lookup(wc, rows[i].day, &e));
            CHECK(e.is_workday == rows[i].is_workday);
            CHECK(strcmp(e.name_zh, rows[i].zh) == 0 && strcmp(e.name_en, rows[i].en) == 0);
            CHECK(workday_is(wc, rows[i].day) == rows[i].is_workday);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(rows[i].zh);
        free(rows[i].en);
    }
    free(rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!F.ready)
        fuzz__setup();
    FILE *f = fopen(F.file, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);

    const struct workcal *before = app_calendar(F.app);
    struct setup_counts n;
    int bad_line = -1;
    int rc = app_calendar_import(F.app, &F.sys, F.file, &n, &bad_line);
    if (rc < 0) {
        CHECK(fuzz__documented(rc));
        CHECK(app_calendar(F.app) == before);
        return 0;
    }
    CHECK(rc == 0 && n.rows > 0 && bad_line == 0);
    CHECK(n.first_year >= 1 && n.first_year <= n.last_year && n.last_year <= 9999);
    const struct workcal *now = app_calendar(F.app);
    CHECK(workcal_first_year(now) <= n.first_year && n.last_year <= workcal_last_year(now));
    fuzz__check_rows(now);
    /* The next start rebuilds the calendar from the database: the same answer. */
    CHECK(app_reload_calendar(F.app) == 0);
    fuzz__check_rows(app_calendar(F.app));
    return 0;
}
