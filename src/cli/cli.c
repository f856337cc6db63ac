/*
 * cli.c — global options, the command table and help. See cli.h.
 */
#include "cli/cli.h"

#include "app/access.h"
#include "app/app.h"
#include "app/auditlog.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/err.h"
#include "base/version.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cli__help(struct cli *c);
static int cli__version(struct cli *c);

static const struct cli__command cli__commands[] = {
    {"init", cli_cmd_init, "init",
     "create or migrate the schema and load reference data (regions, code tables); safe to run "
     "twice"},
    {"serve", cli_cmd_serve,
     "serve [--listen HOST:PORT] [--threads N] [--secure-cookies] [--totp-roles ROLE,...] "
     "[--metrics-allow CIDR,...] "
     "[--metrics-token TOKEN | --metrics-token-file FILE] [--metrics-interval SECONDS] "
     "[--trusted-proxies CIDR,...] [--rate-submit N/S] [--rate-status N/S] "
     "[--code-failures N/S] [--hsts-max-age SECONDS] [--idp-name NAME --idp-public-key KEY "
     "[--idp-audience AUD] [--idp-skew SECONDS]] "
     "[--role national|local] [--national URL] [--system-id ID] [--key FILE] "
     "[--exchange-interval-ms MS] [--exchange-retry-ms MS] [--exchange-retry-max-ms MS] "
     "[--exchange-skew SECONDS]",
     "serve the web UI and the API (default 127.0.0.1:8080; port 0 picks a free port); the "
     "first line on stdout is `listening on http://HOST:PORT`. GET /metrics answers the address "
     "ranges of --metrics-allow (default 127.0.0.0/8,::1/128) and, from anywhere, "
     "`Authorization: Bearer TOKEN` with the metrics token (at least 16 characters); others get "
     "403. The application counts of /metrics are recomputed at most every --metrics-interval "
     "seconds (default 60). Each option has an environment variable: UREG_METRICS_ALLOW, "
     "UREG_METRICS_TOKEN, UREG_METRICS_TOKEN_FILE, UREG_METRICS_INTERVAL. SIGTERM or SIGINT stop "
     "it gracefully (requests in flight finish, queued group commits commit); SIGHUP reopens "
     "--log-file. The public routes are rate-limited per client address (--rate-submit, "
     "--rate-status; X-Forwarded-For only from --trusted-proxies) and the wrong query codes per "
     "application (--code-failures); --idp-* name the online channel's identity provider "
     "(docs/security-edge.md). `--role national` serves the national hub (public form and "
     "status, routing, result store; needs --key); `--role local` (the default) with "
     "`--national URL --system-id ID --key FILE` exchanges with that hub (docs/operations.md, "
     "\"National exchange\")"},
    {"idp token", cli_cmd_idp_token, "idp token --id-type TYPE --id-number N",
     "with --dev only: print a real-name assertion of the development identity provider for "
     "that document, valid 10 minutes (the identity_token of an online application)"},
    {"demo", cli_cmd_demo, "demo [--logins-only]",
     "load demo agencies and users (idempotent) and print the logins"},
    {"agency add", cli_cmd_agency_add,
     "agency add --name N --region CODE [--kind pes|street|community|disabled] [--address A] "
     "[--phone P]",
     "add an agency; prints its id"},
    {"user add", cli_cmd_user_add, "user add --username U --password-file F --role R --agency ID",
     "add a staff user (roles: admin, supervisor, caseworker, statistician, auditor); the "
     "password is read from the first line of F (`-` for stdin)"},
    {"user password", cli_cmd_user_password, "user password --username U --password-file F",
     "set a staff user's password (an operator's reset: policy and history apply, the user's "
     "sessions end, the login lock is lifted, the next session may only change the password); "
     "read from the first line of F (`-` for stdin)"},
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
    {"compare", cli_cmd_compare,
     "compare [--file SOURCE=PATH]... [--registrations-only] [--batch N] | compare "
     "--export-registrations PATH",
     "compare every pending application (identity, employment, pension, death, custody checks; "
     "a check that did not change adds no row; investigation tasks for unknown ones) and every "
     "active registration (exits 11 12 21 25 26 applied or proposed as exit_policy says) with "
     "the loaded datasets and the fresh files given, streamed without loading them (bad rows to "
     "PATH.rejects.csv); idempotent, resumable; prints counts. --export-registrations writes the "
     "active registrations with their document numbers in plain text (mode 0600, audited) for the "
     "benchmark's baseline and does nothing else"},
    /* issue 9: follow-up */
    {"followup run", cli_cmd_followup_run, "followup run [--batch N]",
     "evaluate the monthly follow-up as of now (UREG_NOW under --dev) over every active "
     "registration: the counters (refusals in a row, months unreachable), the exits they make due "
     "(31, 32: applied or proposed as `policy exit` says) and the next contact's due day; N "
     "registrations (default 1000) per transaction; a killed run resumes when run again, a second "
     "run changes nothing; prints the counts"},
    {"key rotate", cli_cmd_key_rotate, "key rotate [--batch N]",
     "re-encrypt personal data under a new key version (derived from the same key file), N rows "
     "(default 500) per transaction while the server runs; a killed rotation resumes when run "
     "again; prints the versions and the rows re-encrypted"},
    {"gen", cli_cmd_gen,
     "gen --people N [--seed S] [--region CODE] [--from YYYY-MM] [--out DIR] [--jobs N] "
     "[--contacts M] [--no-history]",
     "synthetic, deterministic data (same arguments and day, same data): N people living under "
     "CODE (default 110000) with applications (online, counter, national) from the month given "
     "(default twelve months back) up to yesterday, decisions and registrations; with --out, the "
     "matching reference datasets as DIR/SOURCE.csv to load with `import` before `compare`; with "
     "--jobs, N vacancies in the same places whose occupations, pay and skills fit the people's "
     "job intents (about one in twenty already past its validity); each registration's history: "
     "the first contact, the last M (default 6, at most 24) monthly follow-ups and, for most, an "
     "exit (registry evidence, a caseworker's, 6 months unreachable or 3 refusals); "
     "--no-history leaves every registration active and uncontacted"},
    {"jobs import", cli_cmd_jobs_import,
     "jobs import FILE [--rejects PATH] [--encoding utf8|gb18030]",
     "load vacancies from a CSV whose header names the columns title, employer, occupation, "
     "region, salary_min, salary_max, valid_until (required) and openings, valid_from, "
     "education_min, skills, requirements (optional), in any order; UTF-8 or GB18030; bad rows "
     "change nothing and go to FILE.rejects.csv with their line and reason; prints read, "
     "loaded, rejected"},
    {"match run", cli_cmd_match_run,
     "match run [--region CODE] [--out FILE] [--export DIR] [--top N] [--threads N]",
     "rank the vacancies open today for every active registration of CODE (default: all) and "
     "write the top N (default 10) per person to FILE as CSV (registration_no,rank,job_id,score "
     "and the points of occupation, place, pay, skills); --export writes the inputs "
     "(DIR/people.csv, DIR/jobs.csv) for an outside check; prints counts and times"},
    {"policy show", cli_cmd_policy_show, "policy show",
     "print the policy settings in force (deadlines, sessions, login throttling)"},
    {"policy set", cli_cmd_policy_set, "policy set NAME VALUE",
     "change a policy setting, e.g. `policy set review_workdays 3` (人社厅发〔2020〕79号); a "
     "running server applies it at its next start"},
    {"policy tier", cli_cmd_policy_tier,
     "policy tier TIER --contact-days N [--services TYPE,TYPE,...]",
     "set a tier's policy (分级, code table tier): contact the person every N days (1-366) and "
     "offer these service types first (code table service_type); applies at once"},
    {"policy exit", cli_cmd_policy_exit, "policy exit REASON auto|propose",
     "for an exit reason a batch finds (11 12 21 25 26 31 32): auto, `ureg compare` and `ureg "
     "followup run` apply the exit; propose, they propose it for a caseworker to confirm"},
    {"policy income", cli_cmd_policy_income, "policy income REGION YUAN",
     "the stable-income threshold of exit reason 13 (月收入不低于当地最低生活保障标准) for a "
     "region "
     "and the regions below it, in yuan a month"},
    {"backup", cli_cmd_backup, "backup FILE",
     "write a consistent copy of the SQLite database to the new file FILE while it serves (one "
     "snapshot, copied in small steps; writers carry on); for PostgreSQL use pg_dump or "
     "pg_basebackup (docs/operations.md)"},
    {"restore", cli_cmd_restore, "restore FILE",
     "restore the backup FILE into the database named by --db, which must not exist yet or be "
     "empty; checks FILE is a ureg database and migrates it up if its schema is older"},
    {"migrate", cli_cmd_migrate, "migrate --from URL --to URL [--force]",
     "copy a whole database between backends (SQLite file or postgresql://...; either way): the "
     "target is migrated, must be empty (--force empties it), gets every table in key order, "
     "and is read back; prints per-table row counts and checksums of both sides, exit 1 when "
     "they differ"},
    {"audit verify", cli_cmd_audit_verify, "audit verify [--public-key HEX]",
     "check the audit log's hash chain and its signed heads (with the key derived from key_file, "
     "or the public key given); prints each entry changed, removed or inserted, the first first; "
     "exit 0 when intact, else 1"},
    {"audit sign", cli_cmd_audit_sign, "audit sign",
     "sign the audit chain's head now (ureg serve signs every audit_sign_entries entries or "
     "audit_sign_interval seconds, and when it stops)"},
    {"audit key", cli_cmd_audit_key, "audit key",
     "print the public key of the audit signing key (for `audit verify --public-key` on a copy)"},
    {"config show", cli_cmd_config_show, "config show",
     "print the configuration in force, one `key = value` a line with where it comes from "
     "(FILE:LINE, env VAR, flag --NAME, default); secrets and passwords masked"},
    {"config example", cli_cmd_config_example, "config example",
     "print a configuration file documenting every key at its default"},
    {"exchange keygen", cli_cmd_exchange_keygen, "exchange keygen --out FILE",
     "write an Ed25519 key pair for the exchange with the national platform: FILE (the secret "
     "key, mode 0600, refused when it exists) and FILE.pub; prints the public key"},
    {"exchange register", cli_cmd_exchange_register,
     "exchange register --system ID --public-key KEY [--regions P1,P2]",
     "put a system and its public key in the registry; on the hub, with the region-code "
     "prefixes it owns (the longest prefix of a register region routes its applications); on a "
     "local system, register the hub (`--system national`) without regions"},
    {"exchange status", cli_cmd_exchange_status,
     "exchange status [--role national|local] [--system-id ID]",
     "print the registry and the timeliness view as JSON: on the hub per local system "
     "(waiting, late, overdue, results, rejected, last seen), on a local system its outbox"},
    {"routes", cli_cmd_routes, "routes", "print the HTTP route table as Markdown (docs/api.md)"},
    {"openapi", cli_cmd_openapi, "openapi",
     "print the OpenAPI 3.1 document that GET /api/v1/openapi.json serves"},
    /* issue 10: statistics */
    {"report monthly", cli_cmd_report_monthly,
     "report monthly --period YYYY-MM|YYYY-Qn [--region CODE] [--format json|csv|xlsx] "
     "[--out FILE]",
     "the monthly (or quarterly) statistics of a region counted from the records: opening, new, "
     "exits by reason, closing and the breakdowns of the closing stock (without --region: the "
     "smallest region holding every registration, else 000000, the whole country); json (the "
     "object of GET "
     "/api/v1/stats/monthly) on stdout by default, csv (UTF-8 with BOM) or xlsx as a statistics "
     "form; the period setting is `policy set stats_cutoff_day D` (0: calendar months)"},
    {"report check", cli_cmd_report_check, "report check --period YYYY-MM [--region CODE]",
     "the consistency checks of §6 as JSON: closing = opening + new - exits for the region and "
     "each region below, closing = the next period's opening, the regions below sum to the "
     "region; exit 1 when one fails"},
    {"report freeze", cli_cmd_report_freeze,
     "report freeze --period YYYY-MM [--region CODE] [--recount]",
     "submit (freeze) the report as counted now; with --recount, compare the submitted report "
     "with a count now and list the records that differ and why"},
    {"report quality", cli_cmd_report_quality,
     "report quality --period YYYY-MM|YYYY-Qn [--region CODE] [--format json|csv|xlsx] "
     "[--out FILE]",
     "the data-quality and timeliness bulletin of a region (notice §6, §8): the regions below "
     "ranked worst first by score, with records missing or invalid fields, decisions late, "
     "contacts overdue, exits without evidence and results not uploaded; json (the object of GET "
     "/api/v1/stats/quality) on stdout by default, csv or xlsx as a form"},
    {"report employed", cli_cmd_report_employed,
     "report employed N --period YYYY-MM [--region CODE]",
     "enter the 城镇从业人员 count of a region and period (the denominator of the "
     "城镇登记失业率; the only figure typed in)"},
    {"help", cli__help, "help [--man]", "this list; with --man, the manual page ureg(1) in roff"},
    {"version", cli__version, "version", "print the version"},
    /* issue 9: exits */
    {"notify run", cli_cmd_notify_run, "notify run",
     "send the exit notifications that are due, through the notifier notify_channel names (log, "
     "or the SMS gateway at sms_url: read from the configuration file and the environment), "
     "retrying failed ones with exponential backoff; prints the counts sent and failed (`ureg "
     "serve` sends them itself every notify_interval seconds: this is for cron)"},
};
#define CLI__N (sizeof cli__commands / sizeof *cli__commands)

static int cli__help(struct cli *c)
{
    if (cli__argv_flag(c, "man")) {
        cli__man(cli__commands, CLI__N);
        return 0;
    }
    printf("ureg — 失业登记信息系统 / unemployment registration system\n\n"
           "usage: ureg [--config FILE] [OPTION...] [--dev] COMMAND [ARGS]\n\n"
           "  --config FILE  configuration (default $UREG_CONFIG, then /etc/ureg/ureg.conf)\n"
           "  --dev          development mode: UREG_NOW=YYYY-MM-DD[THH:MM:SS] sets the clock\n");
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        if (!k->command)
            printf("  --%s %s\n      %s\n", k->flag, k->arg, k->help);
    }
    printf("\ncommands:\n");
    for (size_t i = 0; i < CLI__N; i++)
        printf("  %s\n      %s\n", cli__commands[i].usage, cli__commands[i].help);
    printf("\nconfiguration keys (file < environment < flag; `ureg config show`):\n");
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        printf("  %s = %s  ($%s, --%s%s%s; default %s)\n      %s\n", k->key, k->arg,
               k->env ? k->env : "-", k->flag, k->command ? " of " : "",
               k->command ? k->command : "", k->def ? k->def : "see below", k->help);
    }
    printf("\nexit status: 0 success, 1 a user error (stderr says what), 2 an internal error\n");
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
    /* A full disk, a lock or a read-only file is the operator's to fix, as the message says;
     * only the rest of 5xx is an internal error. */
    bool storage = rc == -ERR_DB_FULL || rc == -ERR_DB_BUSY || rc == -ERR_DB_READONLY;
    return e->http_status >= 500 && !storage ? 2 : 1;
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

const char *cli__argv_opt(const struct cli *c, const char *name)
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

bool cli__argv_flag(const struct cli *c, const char *name)
{
    for (int i = 0; i < c->argc; i++)
        if (cli__is_opt(c->argv[i]) && strcmp(c->argv[i] + 2, name) == 0)
            return true;
    return false;
}

/* The configuration row of the command's option --name, or -1. */
static int cli__config_row(const struct cli *c, const char *name)
{
    return c->config ? config_find_flag(c->config, c->name, name) : -1;
}

const char *cli_opt(const struct cli *c, const char *name)
{
    const char *v = cli__argv_opt(c, name);
    int k = v ? -1 : cli__config_row(c, name);
    return k < 0 ? v : config_get(c->config, (size_t)k);
}

bool cli_flag(const struct cli *c, const char *name)
{
    if (cli__argv_flag(c, name))
        return true;
    int k = cli__config_row(c, name);
    const char *v = k < 0 ? NULL : config_get(c->config, (size_t)k);
    return v && strcmp(v, "true") == 0;
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

/*
 * Open the application with the key file loaded first (CONTRACT.md): `ureg init` creates the
 * file when missing, and so does any command under --dev; elsewhere a missing file is refused.
 * A key just made for a database written under another key is removed again.
 */
int cli_open_app(const struct cli *c, struct app **a, int pool, struct actor *by)
{
    bool created = false;
    int rc = app_keys_load(c->key_file, c->dev || strcmp(c->name, "init") == 0, &created);
    if (rc < 0)
        return 1; /* the loader said on one line which file and why */
    rc = app_open(a, c->db, c->db_pool > 0 ? c->db_pool : pool, c->dev);
    if (rc < 0 && created)
        unlink(c->key_file);
    if (rc == -ERR_DB_OPEN || rc == -ERR_KEY_MISMATCH || rc == -ERR_KEY_MISSING)
        return 1; /* the store said on one line why */
    if (rc < 0)
        return cli_fail(c, rc, c->db);
    if (c->db_read && *c->db_read &&
        app_attach_replica(*a, c->db_read, c->db_pool > 0 ? c->db_pool : pool) < 0) {
        fprintf(stderr, "ureg: --db-read names a PostgreSQL streaming replica "
                        "(postgresql://USER@HOST:PORT/DB)\n");
        app_close(*a);
        *a = NULL;
        return 1;
    }
    app_set_key_file(*a, c->key_file);
    if (by)
        access_system_actor(by, c->name);
    return 0;
}

/* The command row named by argv[i] (two words first), or NULL; *words gets its length. */
static const struct cli__command *cli__find(int argc, char **argv, int i, int *words)
{
    for (*words = 2; *words >= 1; (*words)--) {
        if (i + *words > argc)
            continue;
        char name[64] = "";
        if (*words == 2)
            snprintf(name, sizeof name, "%s %s", argv[i], argv[i + 1]);
        else
            snprintf(name, sizeof name, "%s", argv[i]);
        for (size_t k = 0; k < CLI__N; k++)
            if (strcmp(cli__commands[k].name, name) == 0)
                return &cli__commands[k];
    }
    return NULL;
}

int cli_main(int argc, char **argv)
{
    struct cli c = {0};
    struct config cf;
    const char *config_path = NULL;
    int rows[16], n_flags = 0, rc = 1;
    const char *vals[16];
    char *key_file = NULL;
    config_init(&cf, cli_config_keys, cli_config_n);
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        int k = -1;
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            char flag[64];
            snprintf(flag, sizeof flag, "%.*s", eq ? (int)(eq - a - 2) : (int)strlen(a + 2), a + 2);
            k = config_find_flag(&cf, NULL, flag);
        }
        if (strcmp(a, "--dev") == 0) {
            c.dev = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            rc = cli__help(&c);
            goto out;
        } else if (strcmp(a, "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strncmp(a, "--config=", 9) == 0) {
            config_path = a + 9;
        } else if (k >= 0 && (eq || i + 1 < argc) && n_flags < 16) {
            rows[n_flags] = k;
            vals[n_flags++] = eq ? eq + 1 : argv[++i];
        } else {
            fprintf(stderr, "ureg: unknown option %s (see `ureg help`)\n", a);
            goto out;
        }
    }
    if (i >= argc) {
        rc = cli__help(&c) + 1;
        goto out;
    }
    int words;
    const struct cli__command *cmd = cli__find(argc, argv, i, &words);
    if (!cmd) {
        fprintf(stderr, "ureg: unknown command \"%s\" (see `ureg help`)\n", argv[i]);
        goto out;
    }
    c.name = cmd->name;
    c.usage = cmd->usage;
    c.argc = argc - i - words;
    c.argv = argv + i + words;
    /* help and version need no settings (and must work beside a broken file). */
    if (cmd->fn != cli__help && cmd->fn != cli__version) {
        if (cli__configure(&c, &cf, config_path, rows, vals, n_flags))
            goto out;
        c.config = &cf;
    }
    c.db = config_get_key(&cf, "db");
    c.db_read = config_get_key(&cf, "db_read");
    c.key_file = config_get_key(&cf, "key_file");
    const char *pool = config_get_key(&cf, "db_pool");
    c.db_pool = pool ? atoi(pool) : 0; /* checked by its row in cli/config.c */
    if (!c.key_file) {
        /* CONTRACT.md: ureg.key beside a SQLite database file, else var/ureg.key. */
        const char *slash = strrchr(c.db, '/');
        struct buf b = {0};
        if (strstr(c.db, "://"))
            buf_puts(&b, "var/");
        else if (slash)
            buf_append(&b, c.db, (size_t)(slash - c.db) + 1);
        buf_puts(&b, "ureg.key");
        c.key_file = key_file = buf_detach(&b);
    }
    rc = clock_init_from_env(c.dev);
    if (rc < 0) {
        fprintf(stderr, "ureg: UREG_NOW must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS\n");
        rc = 1;
        goto out;
    }
    /* Batch commands print their own results; routine log lines (migrations applied, ...)
     * would only bury them. The server logs at info. A log_level set anywhere wins. */
    log_set_format((enum log_format)log_format_parse(config_get_key(&cf, "log_format")));
    const char *log_file = config_get_key(&cf, "log_file");
    if (log_file && *log_file && (rc = log_open_file(log_file)) < 0) {
        fprintf(stderr, "ureg: log_file %s: %s\n", log_file, strerror(-rc));
        rc = 1;
        goto out;
    }
    int lvl = config_find(&cf, "log_level");
    if (cf.v[lvl].source != CONFIG_DEFAULT)
        log_set_level((enum log_level)log_level_parse(config_get(&cf, (size_t)lvl)));
    else if (strcmp(c.name, "serve") != 0)
        log_set_level(LOG_WARN);
    rc = cmd->fn(&c);
out:
    free(key_file);
    config_free(&cf);
    return rc;
}
