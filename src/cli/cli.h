/*
 * cli.h — the command line: one table of commands, walked by cli_main().
 *
 * `ureg [--config FILE] [--db PATH|URL] [--db-read URL] [--db-pool N] [--key-file FILE]
 * [--log-level L] [--dev] COMMAND [ARGS]`. Each command is a row {name, function, usage, help};
 * `ureg help` prints the table, so the help cannot drift from what runs. Commands parse their
 * arguments, call one app_ function and print; they hold no rules and no SQL. Exit status
 * (CONTRACT.md): 0 success, 1 a user error (stderr says what and how to fix it), 2 internal.
 */
#ifndef UREG_CLI_CLI_H
#define UREG_CLI_CLI_H

#include "base/config.h"

#include <stdbool.h>
#include <stddef.h>

/* Parse global options and run one command; returns the process exit status (0, 1 or 2). */
int cli_main(int argc, char **argv);

/* What every command receives: the global options and its own arguments. */
struct cli {
    const char *db;              /* --db, $UREG_DB, the configuration file or var/ureg.db */
    const char *key_file;        /* --key-file, $UREG_KEY_FILE, the file or beside the database */
    bool dev;                    /* --dev */
    const char *db_read;         /* --db-read URL or $UREG_DB_READ: the read replica, or NULL */
    int db_pool;                 /* --db-pool N: store connections (0: the command's own default) */
    const struct config *config; /* the settings in force (cli/config.c); NULL in help */
    int argc;                    /* the command's own arguments (after the command name) */
    char **argv;
    const char *name;  /* the command's name, e.g. "agency add" */
    const char *usage; /* its usage line */
};

/*
 * Report an error of the command on stderr ("ureg NAME: code: 中文 / English") and return the
 * exit status it deserves: 2 for internal errors (HTTP status ≥ 500), 1 otherwise.
 */
int cli_fail(const struct cli *c, int rc, const char *what);

/* Print the usage line to stderr and return 1. */
int cli_usage(const struct cli *c);

/*
 * Look for `--name VALUE` in the command's arguments; returns VALUE, else the value in force of
 * the configuration key whose flag this is (cli/config.c), else NULL. `--name=VALUE` is
 * accepted too. Arguments that are not options are left for cli_arg(). cli_flag is true for
 * `--name` there, else when such a key is "true".
 */
const char *cli_opt(const struct cli *c, const char *name);
bool cli_flag(const struct cli *c, const char *name);

/* The i-th positional argument (skipping --options and their values), or NULL. */
const char *cli_arg(const struct cli *c, int i);

/*
 * Open the application on the command's database (migrating it) into *a (close it with
 * app_close); prints why on failure and returns the exit status, leaving *a NULL. When `by` is not
 * NULL, fill it with the command's system actor
 * ("system:<command name>"), which audited batch work is done as.
 */
struct app;
struct actor;
int cli_open_app(const struct cli *c, struct app **a, int pool, struct actor *by);

/* Commands (cli/commands.c, cli/serve.c). */
int cli_cmd_init(struct cli *c);
/* issue 10: statistics (cli/report.c) */
int cli_cmd_report_monthly(struct cli *c);
int cli_cmd_report_check(struct cli *c);
int cli_cmd_report_freeze(struct cli *c);
int cli_cmd_report_employed(struct cli *c);
int cli_cmd_report_quality(struct cli *c);
int cli_cmd_demo(struct cli *c);
int cli_cmd_agency_add(struct cli *c);
int cli_cmd_user_add(struct cli *c);
int cli_cmd_user_password(struct cli *c);
int cli_cmd_token_add(struct cli *c);
int cli_cmd_id_check(struct cli *c);
int cli_cmd_workdays_add(struct cli *c);
int cli_cmd_workdays_is(struct cli *c);
int cli_cmd_calendar_import(struct cli *c);
int cli_cmd_serve(struct cli *c);
int cli_cmd_audit_verify(struct cli *c); /* cli/audit.c */
int cli_cmd_audit_sign(struct cli *c);
int cli_cmd_audit_key(struct cli *c);
int cli_cmd_routes(struct cli *c);
int cli_cmd_openapi(struct cli *c);
int cli_cmd_idp_token(struct cli *c);
int cli_cmd_policy_show(struct cli *c);
int cli_cmd_policy_set(struct cli *c);
int cli_cmd_jobs_import(struct cli *c);
int cli_cmd_match_run(struct cli *c);
int cli_cmd_policy_tier(struct cli *c);
int cli_cmd_policy_exit(struct cli *c);
int cli_cmd_notify_run(struct cli *c); /* issue 9: exits (cli/notify.c) */
int cli_cmd_policy_income(struct cli *c);

/* Commands (cli/data.c): reference datasets and verification by comparison. */
int cli_cmd_import(struct cli *c);
int cli_cmd_compare(struct cli *c);
int cli_cmd_key_rotate(struct cli *c);

/* Commands (cli/exchange.c): the exchange with the national platform. */
int cli_cmd_exchange_keygen(struct cli *c);
int cli_cmd_exchange_register(struct cli *c);
int cli_cmd_exchange_status(struct cli *c);

/* Commands (cli/ops.c): whole databases. */
int cli_cmd_backup(struct cli *c);
int cli_cmd_restore(struct cli *c);
int cli_cmd_migrate(struct cli *c);
/* The configuration keys (cli/config.c), and the check of a true|false value (a key whose
 * flag takes no value). */
extern const struct config_key cli_config_keys[];
extern const size_t cli_config_n;
const char *cli_config_check_bool(const char *v);
/* issue 9: follow-up (cli/followup.c) */
int cli_cmd_followup_run(struct cli *c);
int cli_cmd_config_show(struct cli *c);
int cli_cmd_config_example(struct cli *c);

/* Cross-file private to src/cli/. A row of the command table (cli.c). */
struct cli__command {
    const char *name;
    int (*fn)(struct cli *c);
    const char *usage;
    const char *help;
};

/* `--name VALUE` or `--name=VALUE` among the command's own arguments (NULL: absent), and
 * whether `--name` is there; the configuration is not consulted. */
const char *cli__argv_opt(const struct cli *c, const char *name);
bool cli__argv_flag(const struct cli *c, const char *name);

/*
 * The settings in force into cf (base/config.h; cli/config.c): the file (`path` from --config,
 * else $UREG_CONFIG, else /etc/ureg/ureg.conf, which may be absent), the environment, then the
 * flags: the global ones found before the command (row rows[k] set to vals[k], n_flags of
 * them) and the command's own among c->argv. Prints what is wrong on stderr and returns 1, or 0.
 */
int cli__configure(struct cli *c, struct config *cf, const char *path, const int *rows,
                   const char *const *vals, int n_flags);

/*
 * The notifier the settings name (cli/notify.c): notify_channel = sms gives an SMS-gateway
 * notifier from sms_url, sms_token or sms_token_file, sms_sign, sms_template and sms_timeout_ms
 * (free it with smsgw_free), log gives *nf NULL (app/notify's log notifier). Prints what is
 * wrong on stderr and returns 1, or 0.
 */
struct notifier;
int cli__notifier(const struct cli *c, struct notifier **nf);

/* Print ureg(1) in roff from the n_cmds rows of cmds and the configuration table (cli/man.c). */
void cli__man(const struct cli__command *cmds, size_t n_cmds);

/* Commands (cli/gen.c): synthetic data. */
int cli_cmd_gen(struct cli *c);

#endif
