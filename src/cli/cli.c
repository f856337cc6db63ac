/*
 * cli.c — global options, the command table and help. See cli.h.
 */
#include "cli/cli.h"

#include "app/access.h"
#include "app/app.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/version.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cli__help(struct cli *c);
static int cli__version(struct cli *c);

static const struct cli__command {
    const char *name;
    int (*fn)(struct cli *c);
    const char *usage;
    const char *help;
} cli__commands[] = {
    {"init", cli_cmd_init, "init",
     "create or migrate the schema and load reference data (regions, code tables); safe to run "
     "twice"},
    {"serve", cli_cmd_serve,
     "serve [--listen HOST:PORT] [--threads N] [--secure-cookies] [--metrics-allow CIDR,...] "
     "[--metrics-token TOKEN | --metrics-token-file FILE] [--metrics-interval SECONDS]",
     "serve the web UI and the API (default 127.0.0.1:8080; port 0 picks a free port); the "
     "first line on stdout is `listening on http://HOST:PORT`. GET /metrics answers the address "
     "ranges of --metrics-allow (default 127.0.0.0/8,::1/128) and, from anywhere, "
     "`Authorization: Bearer TOKEN` with the metrics token (at least 16 characters); others get "
     "403. The application counts of /metrics are recomputed at most every --metrics-interval "
     "seconds (default 60). Each option has an environment variable: UREG_METRICS_ALLOW, "
     "UREG_METRICS_TOKEN, UREG_METRICS_TOKEN_FILE, UREG_METRICS_INTERVAL. SIGTERM or SIGINT stop "
     "it gracefully (requests in flight finish, queued group commits commit); SIGHUP reopens "
     "--log-file"},
    {"demo", cli_cmd_demo, "demo [--logins-only]",
     "load demo agencies and users (idempotent) and print the logins"},
    {"agency add", cli_cmd_agency_add,
     "agency add --name N --region CODE [--kind pes|street|community|disabled] [--address A] "
     "[--phone P]",
     "add an agency; prints its id"},
    {"user add", cli_cmd_user_add, "user add --username U --password-file F --role R --agency ID",
     "add a staff user (roles: admin, supervisor, caseworker, statistician, auditor); the "
     "password is read from the first line of F (`-` for stdin)"},
    {"token add", cli_cmd_token_add, "token add --username U [--label L] [--days N]",
     "issue an API token for a machine client (Authorization: Bearer); printed once"},
    {"id check", cli_cmd_id_check, "id check [--type TYPE]",
     "read document numbers from stdin, one a line; print one JSON object a line"},
    {"workdays add", cli_cmd_workdays_add, "workdays add DATE N",
     "print the date of the Nth working day after DATE"},
    {"workdays is", cli_cmd_workdays_is, "workdays is DATE", "print `workday` or `restday`"},
    {"calendar import", cli_cmd_calendar_import, "calendar import FILE",
     "load a holiday schedule (date,kind,name_zh,name_en) without a rebuild"},
    {"import", cli_cmd_import,
     "import SOURCE FILE [--rejects PATH] [--encoding utf8|gb18030] [--batch N]",
     "load a reference dataset for comparison (SOURCE: ssc_holders, insurance, "
     "employment_filings, business_licences, pensions, deaths, custody) from a CSV whose header "
     "starts id_number,event_date (event_date YYYY-MM-DD, YYYYMMDD, YYYY/M/D, or a month YYYYMM "
     "or YYYY-MM meaning its first day); UTF-8 or GB18030; bad rows go to FILE.rejects.csv with "
     "their line and reason; re-importing adds nothing; prints read, loaded, duplicates, "
     "rejected"},
    {"compare", cli_cmd_compare, "compare",
     "verify every pending application and active registration against the loaded datasets "
     "(identity, employment, pension, death, custody); records the results, opens investigation "
     "tasks for unknown ones, prints counts (exits due by rule come in a later issue)"},
    {"gen", cli_cmd_gen, "gen --people N [--seed S] [--region CODE] [--from YYYY-MM] [--out DIR]",
     "synthetic, deterministic data (same arguments and day, same data): N people living under "
     "CODE (default 110000) with applications (online, counter, national) from the month given "
     "(default twelve months back) up to yesterday, decisions and registrations; with --out, the "
     "matching reference datasets as DIR/SOURCE.csv to load with `import` before `compare`. "
     "Service, contact and exit histories come with the issue that adds those records"},
    {"policy show", cli_cmd_policy_show, "policy show",
     "print the policy settings in force (deadlines, sessions, login throttling)"},
    {"policy set", cli_cmd_policy_set, "policy set NAME VALUE",
     "change a policy setting, e.g. `policy set review_workdays 3` (人社厅发〔2020〕79号); a "
     "running server applies it at its next start"},
    {"routes", cli_cmd_routes, "routes", "print the HTTP route table as Markdown (docs/api.md)"},
    {"openapi", cli_cmd_openapi, "openapi",
     "print the OpenAPI 3.1 document that GET /api/v1/openapi.json serves"},
    {"help", cli__help, "help", "this list"},
    {"version", cli__version, "version", "print the version"},
};
#define CLI__N (sizeof cli__commands / sizeof *cli__commands)

static int cli__help(struct cli *c)
{
    (void)c;
    printf("ureg — 失业登记信息系统 / unemployment registration system\n\n"
           "usage: ureg [--db PATH] [--dev] [--log-format text|json] [--log-file PATH] COMMAND "
           "[ARGS]\n\n"
           "  --db PATH              database (default $UREG_DB, then var/ureg.db)\n"
           "  --dev                  development mode: UREG_NOW=YYYY-MM-DD[THH:MM:SS] sets the "
           "clock\n"
           "  --log-format text|json log lines as text (default) or one JSON object a line "
           "($UREG_LOG_FORMAT)\n"
           "  --log-file PATH        append log lines to PATH instead of stderr; reopened on "
           "SIGHUP ($UREG_LOG_FILE)\n\n"
           "commands:\n");
    for (size_t i = 0; i < CLI__N; i++)
        printf("  %s\n      %s\n", cli__commands[i].usage, cli__commands[i].help);
    return 0;
}

static int cli__version(struct cli *c)
{
    (void)c;
    printf("ureg %s\n", UREG_VERSION);
    return 0;
}

int cli_fail(const struct cli *c, int rc, const char *what)
{
    const struct err_info *e = err_info(rc);
    fprintf(stderr, "ureg %s: %s%s%s: %s / %s\n", c->name, e->code, what ? " " : "",
            what ? what : "", e->zh, e->en);
    return e->http_status >= 500 ? 2 : 1;
}

int cli_usage(const struct cli *c)
{
    fprintf(stderr, "usage: ureg %s\n", c->usage);
    return 1;
}

static bool cli__is_opt(const char *s)
{
    return s[0] == '-' && s[1] == '-' && s[2];
}

const char *cli_opt(const struct cli *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < c->argc; i++) {
        const char *s = c->argv[i];
        if (!cli__is_opt(s) || strncmp(s + 2, name, n) != 0)
            continue;
        if (s[2 + n] == '=')
            return s + 3 + n;
        if (s[2 + n] == '\0' && i + 1 < c->argc)
            return c->argv[i + 1];
    }
    return NULL;
}

bool cli_flag(const struct cli *c, const char *name)
{
    for (int i = 0; i < c->argc; i++)
        if (cli__is_opt(c->argv[i]) && strcmp(c->argv[i] + 2, name) == 0)
            return true;
    return false;
}

const char *cli_arg(const struct cli *c, int k)
{
    for (int i = 0; i < c->argc; i++) {
        const char *s = c->argv[i];
        if (cli__is_opt(s)) {
            /* An option takes the next word as its value unless it is a flag ending the list
             * or written with '='. Flags are only used as the last words of a command. */
            if (!strchr(s, '=') && i + 1 < c->argc && !cli__is_opt(c->argv[i + 1]))
                i++;
            continue;
        }
        if (k-- == 0)
            return s;
    }
    return NULL;
}

int cli_open_app(const struct cli *c, struct app **a, int pool, struct actor *by)
{
    int rc = app_open(a, c->db, pool, c->dev);
    if (rc < 0)
        return cli_fail(c, rc, c->db);
    if (by)
        access_system_actor(by, c->name);
    return 0;
}

int cli_main(int argc, char **argv)
{
    struct cli c = {.db = getenv("UREG_DB")};
    const char *log_format = getenv("UREG_LOG_FORMAT");
    const char *log_file = getenv("UREG_LOG_FILE");
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--dev") == 0) {
            c.dev = true;
        } else if (strcmp(argv[i], "--log-format") == 0 && i + 1 < argc) {
            log_format = argv[++i];
        } else if (strncmp(argv[i], "--log-format=", 13) == 0) {
            log_format = argv[i] + 13;
        } else if (strcmp(argv[i], "--log-file") == 0 && i + 1 < argc) {
            log_file = argv[++i];
        } else if (strncmp(argv[i], "--log-file=", 11) == 0) {
            log_file = argv[i] + 11;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            c.db = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            c.db = argv[i] + 5;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return cli__help(&c);
        } else {
            fprintf(stderr, "ureg: unknown option %s (see `ureg help`)\n", argv[i]);
            return 1;
        }
    }
    if (!c.db || !*c.db)
        c.db = "var/ureg.db";
    if (log_format && *log_format) {
        int f = log_format_parse(log_format);
        if (f < 0) {
            fprintf(stderr, "ureg: --log-format wants text or json\n");
            return 1;
        }
        log_set_format((enum log_format)f);
    }
    if (log_file && *log_file) {
        int rc = log_open_file(log_file);
        if (rc < 0) {
            fprintf(stderr, "ureg: --log-file %s: %s\n", log_file, strerror(-rc));
            return 1;
        }
    }
    if (i >= argc)
        return cli__help(&c) + 1;
    int rc = clock_init_from_env(c.dev);
    if (rc < 0) {
        fprintf(stderr, "ureg: UREG_NOW must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS\n");
        return 1;
    }
    /* Two-word commands ("agency add") first, then one-word ones. */
    for (int words = 2; words >= 1; words--) {
        if (i + words > argc)
            continue;
        char name[64] = "";
        if (words == 2)
            snprintf(name, sizeof name, "%s %s", argv[i], argv[i + 1]);
        else
            snprintf(name, sizeof name, "%s", argv[i]);
        for (size_t k = 0; k < CLI__N; k++)
            if (strcmp(cli__commands[k].name, name) == 0) {
                /* Batch commands print their own results; routine log lines (migrations
                 * applied, ...) would only bury them. The server logs at info. */
                if (!getenv("UREG_LOG") && strcmp(name, "serve") != 0)
                    log_set_level(LOG_WARN);
                c.name = cli__commands[k].name;
                c.usage = cli__commands[k].usage;
                c.argc = argc - i - words;
                c.argv = argv + i + words;
                return cli__commands[k].fn(&c);
            }
    }
    fprintf(stderr, "ureg: unknown command \"%s\" (see `ureg help`)\n", argv[i]);
    return 1;
}
