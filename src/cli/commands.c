/*
 * commands.c — the operator commands: init, demo, agency add, user add, token add, id check,
 * workdays, calendar import. Each parses its arguments, calls one app_ (or rules_) function and
 * prints. See cli.h for the table and the exit statuses.
 */
#include "cli/cli.h"

#include "app/exits.h"
#include "app/accounts.h"
#include "app/app.h"
#include "app/services.h"
#include "app/setup.h"
#include "app/staff.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "rules/idnum.h"
#include "rules/workday.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_cmd_init(struct cli *c)
{
    struct app *a = NULL;
    struct actor by;
    struct setup_counts n;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_setup_refdata(a, &by, &n);
    if (rc < 0) {
        rc = cli_fail(c, rc, NULL);
    } else {
        printf("database %s ready: %d regions, %d codes, calendar %d-%d\n", c->db, n.regions,
               n.codes, workcal_first_year(app_calendar(a)), workcal_last_year(app_calendar(a)));
    }
    app_close(a);
    return rc;
}

static void cli__print_logins(void)
{
    printf("demo logins (http://127.0.0.1:8080/#/staff/login):\n");
    for (const struct demo_login *l = app_demo_logins(); l->username; l++)
        printf("  %-12s %-16s %s\n", l->username, l->password, l->role);
}

int cli_cmd_demo(struct cli *c)
{
    if (cli_flag(c, "logins-only")) {
        cli__print_logins();
        return 0;
    }
    struct app *a = NULL;
    struct actor by;
    struct setup_counts n;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_setup_refdata(a, &by, &n);
    if (rc >= 0)
        rc = app_demo(a, &by);
    if (rc < 0) {
        rc = cli_fail(c, rc, NULL);
    } else {
        printf("demo data: %d agencies and users created\n", rc);
        cli__print_logins();
        rc = 0;
    }
    app_close(a);
    return rc;
}

int cli_cmd_agency_add(struct cli *c)
{
    const char *name = cli_opt(c, "name"), *region = cli_opt(c, "region");
    if (!name || !region)
        return cli_usage(c);
    struct agency ag = {0};
    snprintf(ag.name, sizeof ag.name, "%s", name);
    snprintf(ag.region, sizeof ag.region, "%s", region);
    snprintf(ag.kind, sizeof ag.kind, "%s", cli_opt(c, "kind") ? cli_opt(c, "kind") : "pes");
    snprintf(ag.address, sizeof ag.address, "%s",
             cli_opt(c, "address") ? cli_opt(c, "address") : "");
    snprintf(ag.phone, sizeof ag.phone, "%s", cli_opt(c, "phone") ? cli_opt(c, "phone") : "");
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = app_agency_add(a, &by, &ag, &id);
    if (rc < 0)
        rc = cli_fail(c, rc, rc == -ERR_REGION_INVALID ? region : NULL);
    else
        printf("%lld\n", (long long)id);
    app_close(a);
    return rc;
}

/* Read the first line of a file ("-" = stdin) into out; returns 0 or -ERR_IO. */
static int cli__read_secret(const char *path, char *out, size_t outsz)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f)
        return -ERR_IO;
    int rc = fgets(out, (int)outsz, f) ? 0 : -ERR_IO;
    if (f != stdin)
        fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    return rc;
}

int cli_cmd_user_add(struct cli *c)
{
    const char *username = cli_opt(c, "username"), *file = cli_opt(c, "password-file");
    const char *role = cli_opt(c, "role"), *agency = cli_opt(c, "agency");
    if (!username || !file || !role || !agency)
        return cli_usage(c);
    char *end;
    long long agency_id = strtoll(agency, &end, 10);
    if (*end || agency_id <= 0)
        return cli_fail(c, -ERR_AGENCY_NOT_FOUND, agency);
    char password[256];
    int rc = cli__read_secret(file, password, sizeof password);
    if (rc < 0)
        return cli_fail(c, rc, file);
    struct app *a = NULL;
    struct actor by;
    rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = app_user_add(a, &by, username, password, role, agency_id, &id);
    memset(password, 0, sizeof password);
    if (rc < 0)
        rc = cli_fail(c, rc, rc == -ERR_FIELD_INVALID ? "(username: 2-32 of a-z 0-9 . _ -)" : NULL);
    else
        printf("%lld\n", (long long)id);
    app_close(a);
    return rc;
}

int cli_cmd_user_password(struct cli *c)
{
    const char *username = cli_opt(c, "username"), *file = cli_opt(c, "password-file");
    if (!username || !file)
        return cli_usage(c);
    char password[256];
    int rc = cli__read_secret(file, password, sizeof password);
    if (rc < 0)
        return cli_fail(c, rc, file);
    struct app *a = NULL;
    struct actor by;
    rc = cli_open_app(c, &a, 1, &by);
    if (rc) {
        memset(password, 0, sizeof password);
        return rc;
    }
    int ended = 0;
    rc = app_password_reset(a, &by, username, password, &ended);
    memset(password, 0, sizeof password);
    if (rc < 0)
        rc = cli_fail(c, rc, rc == -ERR_NOT_FOUND ? username : NULL);
    else
        printf("password of %s reset: %d session%s ended; the next login must change it\n",
               username, ended, ended == 1 ? "" : "s");
    app_close(a);
    return rc;
}

int cli_cmd_token_add(struct cli *c)
{
    const char *username = cli_opt(c, "username");
    const char *label = cli_opt(c, "label") ? cli_opt(c, "label") : "api";
    int days = cli_opt(c, "days") ? atoi(cli_opt(c, "days")) : 0;
    if (!username || days < 0)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    char token[ACCOUNTS_TOKEN_HEX];
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_token_issue(a, &by, username, label, days, token);
    if (rc < 0)
        rc = cli_fail(c, rc, rc == -ERR_NOT_FOUND ? username : NULL);
    else
        printf("%s\n", token);
    app_close(a);
    return rc;
}

int cli_cmd_id_check(struct cli *c)
{
    const char *type_opt = cli_opt(c, "type");
    enum id_type forced = ID_RESIDENT;
    if (type_opt && idnum_type_parse(type_opt, &forced) < 0)
        return cli_fail(c, -ERR_ID_TYPE_UNKNOWN, type_opt);
    char line[4096];
    int32_t today = clock_today();
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        struct idnum id;
        enum id_type type = type_opt ? forced : idnum_guess_type(line, n);
        int rc = idnum_parse(type, line, n, today, &id);
        json_t *o = json_object();
        json_t *input = json_stringn(line, n);
        if (!input) { /* not UTF-8: show the bytes that are ASCII, '?' for the rest */
            for (size_t k = 0; k < n; k++)
                if ((unsigned char)line[k] >= 0x80 || line[k] == '\0')
                    line[k] = '?';
            input = json_stringn(line, n);
        }
        json_object_set_new(o, "input", input);
        json_object_set_new(o, "valid", json_boolean(rc == 0));
        json_object_set_new(o, "error", rc < 0 ? json_string(err_info(rc)->code) : json_null());
        if (rc == 0 && id.has_birth) {
            char d[DATE_STRLEN];
            json_object_set_new(o, "birth_date", json_string(date_format(id.birth, d)));
            json_object_set_new(o, "sex", json_string(id.sex == 'M' ? "M" : "F"));
        }
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(o);
    }
    return 0;
}

/* Parse DATE; on error print the cause and return the exit status. */
static int cli__date(const struct cli *c, const char *s, int32_t *out)
{
    if (!s)
        return cli_usage(c);
    if (date_parse(s, strlen(s), out) < 0)
        return cli_fail(c, -ERR_DATE_INVALID, s);
    return 0;
}

/* The calendar in force: shipped plus imported years when the database exists (a file that
 * exists, or a database URL such as postgresql://..., which must answer). */
static int cli__calendar(const struct cli *c, struct app **a, const struct workcal **cal)
{
    if (!strstr(c->db, "://")) {
        FILE *f = fopen(c->db, "r");
        if (!f) {
            *cal = workcal_shipped();
            return 0;
        }
        fclose(f);
    }
    int rc = cli_open_app(c, a, 1, NULL);
    if (rc == 0)
        *cal = app_calendar(*a);
    return rc;
}

static void cli__warn_beyond(const struct workcal *cal)
{
    fprintf(stderr,
            "ureg: warning: the answer runs past %d, the last year whose holiday schedule is "
            "loaded, and counts weekends only there; load the schedule with `ureg calendar "
            "import FILE`\n",
            workcal_last_year(cal));
}

int cli_cmd_workdays_add(struct cli *c)
{
    int32_t day, out;
    int rc = cli__date(c, cli_arg(c, 0), &day);
    if (rc)
        return rc;
    const char *ns = cli_arg(c, 1);
    char *end = NULL;
    long n = ns ? strtol(ns, &end, 10) : 0;
    if (!ns || *end)
        return cli_usage(c);
    struct app *a = NULL;
    const struct workcal *cal;
    rc = cli__calendar(c, &a, &cal);
    if (rc)
        return rc;
    rc = workday_add(cal, day, (int)n, &out);
    if (rc < 0) {
        rc = cli_fail(c, rc, ns);
    } else {
        char buf[DATE_STRLEN];
        if (rc == WORKDAY_BEYOND)
            cli__warn_beyond(cal);
        printf("%s\n", date_format(out, buf));
        rc = 0;
    }
    app_close(a);
    return rc;
}

int cli_cmd_workdays_is(struct cli *c)
{
    int32_t day;
    int rc = cli__date(c, cli_arg(c, 0), &day);
    if (rc)
        return rc;
    struct app *a = NULL;
    const struct workcal *cal;
    rc = cli__calendar(c, &a, &cal);
    if (rc)
        return rc;
    if (!workcal_knows(cal, day))
        cli__warn_beyond(cal);
    printf("%s\n", workday_is(cal, day) ? "workday" : "restday");
    app_close(a);
    return 0;
}

int cli_cmd_calendar_import(struct cli *c)
{
    const char *path = cli_arg(c, 0);
    if (!path)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    struct setup_counts n;
    int bad_line = 0;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_calendar_import(a, &by, path, &n, &bad_line);
    if (rc < 0) {
        char where[64];
        snprintf(where, sizeof where, "line %d", bad_line);
        rc = cli_fail(c, rc, bad_line ? where : path);
    } else {
        printf("imported %d rows for %d-%d; calendar now covers %d-%d\n", n.rows, n.first_year,
               n.last_year, workcal_first_year(app_calendar(a)),
               workcal_last_year(app_calendar(a)));
    }
    app_close(a);
    return rc;
}

/* One row of `policy show`'s tier table. */
static int cli__tier_row(const char *tier, int contact_days, const char *services, void *arg)
{
    (void)arg;
    printf("%-22s %5d d   %s\n", tier, contact_days, services);
    return 0;
}

/* One row of `policy show`'s exit table. */
static int cli__exit_row(const char *reason, const char *mode, void *arg)
{
    (void)arg;
    printf("%-22s %8s   %s\n", reason, mode,
           strcmp(mode, "auto") == 0 ? "applied" : "proposed to a caseworker");
    return 0;
}

int cli_cmd_policy_show(struct cli *c)
{
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    for (const struct app_policy_item *it = app_policy_items(); it->name; it++)
        printf("%-22s %8d   %s (%d-%d)\n", it->name, app_policy_get(a, it), it->help, it->min,
               it->max);
    printf("\n%-22s %8s   %s\n", "tier", "contact", "offered services (`policy tier`)");
    rc = app_services_tier_list(a, cli__tier_row, NULL);
    if (rc >= 0) {
        printf("\n%-22s %8s   %s\n", "exit reason", "mode",
               "when a batch finds it (`policy exit`)");
        rc = app_exit_policy_list(a, cli__exit_row, NULL);
    }
    app_close(a);
    return rc < 0 ? cli_fail(c, rc, NULL) : 0;
}

int cli_cmd_policy_tier(struct cli *c)
{
    const char *tier = cli_arg(c, 0), *days_s = cli_opt(c, "contact-days");
    const char *services = cli_opt(c, "services");
    char *end = NULL;
    long days = days_s ? strtol(days_s, &end, 10) : 0;
    if (!tier || !days_s || *end)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct err_ctx ec = {0};
    rc = app_services_tier_set(a, &by, tier, days < 0 || days > 366 ? 0 : (int)days, services, &ec);
    if (rc < 0)
        rc = cli_fail(c, rc, ec.field);
    else
        printf("tier %s: contact every %ld days%s%s\n", tier, days, services ? ", offers " : "",
               services ? services : "");
    app_close(a);
    return rc;
}

int cli_cmd_policy_exit(struct cli *c)
{
    const char *reason = cli_arg(c, 0), *mode = cli_arg(c, 1);
    if (!reason || !mode)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct err_ctx ec = {0};
    rc = app_exit_policy_set(a, &by, reason, mode, &ec);
    if (rc < 0)
        rc = cli_fail(c, rc, ec.field);
    else
        printf("exit reason %s: %s\n", reason, mode);
    app_close(a);
    return rc;
}

int cli_cmd_policy_income(struct cli *c)
{
    const char *region = cli_arg(c, 0), *yuan_s = cli_arg(c, 1);
    char *end = NULL;
    long long yuan = yuan_s ? strtoll(yuan_s, &end, 10) : 0;
    if (!region || !yuan_s || *end)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct err_ctx ec = {0};
    rc = app_exit_income_set(a, &by, region, yuan, &ec);
    if (rc < 0)
        rc = cli_fail(c, rc, ec.field);
    else
        printf("stable-income threshold of %s and below: %lld yuan a month\n", region, yuan);
    app_close(a);
    return rc;
}

int cli_cmd_policy_set(struct cli *c)
{
    const char *name = cli_arg(c, 0), *value = cli_arg(c, 1);
    if (!name || !value)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    rc = app_policy_set(a, &by, name, value);
    if (rc < 0)
        rc = cli_fail(c, rc, rc == -ERR_NOT_FOUND ? name : value);
    else
        printf("%s = %s\n", name, value);
    app_close(a);
    return rc;
}
