/*
 * setup.h — operator set-up: reference data, holiday schedules, demo data.
 *
 * `ureg init` copies the shipped regions and code tables into the database (so SQL can join
 * them and agencies can reference regions); `ureg calendar import FILE` loads next year's
 * holiday schedule without a rebuild; `ureg demo` creates demo agencies and users. All are
 * idempotent and audited as the system actor.
 */
#ifndef UREG_APP_SETUP_H
#define UREG_APP_SETUP_H

#include "app/access.h"
#include "app/app.h"

struct setup_counts {
    int regions;
    int codes;
    int rows;       /* calendar rows imported */
    int first_year; /* calendar years the import covered */
    int last_year;
};

/* Load regions and code tables into the database in one transaction. */
int app_setup_refdata(struct app *a, const struct actor *by, struct setup_counts *out);

/*
 * Import a holiday schedule CSV (date,kind,name_zh,name_en; the format of data/holidays.csv;
 * UTF-8 or GB18030) from `path`. All or nothing: a bad row stops the import with its line in
 * *bad_line and nothing is stored. On success the rows are stored, the calendar of `a` is
 * rebuilt, and the import is audited.
 */
int app_calendar_import(struct app *a, const struct actor *by, const char *path,
                        struct setup_counts *out, int *bad_line);

struct demo_login {
    const char *username, *password, *role, *agency;
};

/* The demo logins `ureg demo` creates (NULL-terminated table, static). */
const struct demo_login *app_demo_logins(void);

/* Create the demo agencies and users that do not exist yet, and once a synthetic population of
 * 150 people in each of 110101 and 110102 (app/gen). Returns how many agencies and users were
 * created. */
int app_demo(struct app *a, const struct actor *by);

#endif
