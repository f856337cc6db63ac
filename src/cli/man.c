/*
 * man.c — the manual page ureg(1) (`ureg help --man`), generated in roff (man(7) macros) from the
 * command table and the configuration table, like `ureg help`, so it cannot drift from what
 * runs. `make man` writes it to build/ureg.1; `make install` and the Debian package install it.
 */
#include "cli/cli.h"

#include "base/version.h"

#include <stdio.h>

/* `text` for roff: backslashes and hyphens escaped, a leading '.' or '\'' guarded. */
static void cli__roff(const char *text)
{
    if (text[0] == '.' || text[0] == '\'')
        fputs("\\&", stdout);
    for (const char *p = text; *p; p++) {
        if (*p == '\\')
            fputs("\\e", stdout);
        else if (*p == '-')
            fputs("\\-", stdout);
        else
            putchar(*p);
    }
}

void cli__man(const struct cli__command *cmds, size_t n_cmds)
{
    printf(".TH UREG 1 \"\" \"ureg %s\" \"User Commands\"\n"
           ".SH NAME\nureg \\- unemployment registration system (失业登记信息系统)\n"
           ".SH SYNOPSIS\n.B ureg\n[\\fB\\-\\-config\\fR \\fIFILE\\fR] [\\fIOPTION\\fR...] "
           "[\\fB\\-\\-dev\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
           ".SH DESCRIPTION\nOne program: the command line, the HTTP/JSON API and the web UI of "
           "unemployment registration and the employment services owed to registered "
           "unemployed people (人社厅发〔2020〕3号).\n"
           ".SH OPTIONS\nOptions before the command; each also has a configuration key "
           "(see CONFIGURATION).\n"
           ".TP\n\\fB\\-\\-config\\fR \\fIFILE\\fR\nthe configuration file (default "
           "$UREG_CONFIG, then /etc/ureg/ureg.conf, which may be absent)\n"
           ".TP\n\\fB\\-\\-dev\\fR\ndevelopment mode: UREG_NOW=YYYY\\-MM\\-DD[THH:MM:SS] sets the "
           "clock\n",
           UREG_VERSION);
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        if (k->command)
            continue;
        printf(".TP\n\\fB\\-\\-");
        cli__roff(k->flag);
        printf("\\fR \\fI");
        cli__roff(k->arg);
        printf("\\fR\n");
        cli__roff(k->help);
        printf("\n");
    }
    printf(".SH COMMANDS\n");
    for (size_t i = 0; i < n_cmds; i++) {
        printf(".TP\n.B ");
        cli__roff(cmds[i].usage);
        printf("\n");
        cli__roff(cmds[i].help);
        printf("\n");
    }
    printf(".SH CONFIGURATION\nThe file has one \\fIkey\\fR = \\fIvalue\\fR a line; \\(aq#\\(aq "
           "starts a comment at the start of a line or after a blank. Environment variables "
           "override the file and flags override both; \\fBureg config show\\fR prints the "
           "values in force and where each comes from, \\fBureg config example\\fR a file "
           "documenting every key. A bad key or value stops the program with FILE:LINE and "
           "exit status 1.\n");
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        printf(".TP\n\\fB");
        cli__roff(k->key);
        printf("\\fR = \\fI");
        cli__roff(k->arg);
        printf("\\fR (environment \\fB%s\\fR, option \\fB\\-\\-", k->env ? k->env : "none");
        cli__roff(k->flag);
        printf("\\fR%s%s; default ", k->command ? " of " : "", k->command ? k->command : "");
        cli__roff(k->def ? k->def : "see below");
        printf(")\n");
        cli__roff(k->help);
        printf("%s\n", k->is_secret ? " (secret: masked when shown)" : "");
    }
    printf(".SH ENVIRONMENT\n.TP\n.B UREG_CONFIG\nthe configuration file\n");
    for (size_t i = 0; i < cli_config_n; i++)
        if (cli_config_keys[i].env)
            printf(".TP\n.B %s\nthe key \\fB%s\\fR\n", cli_config_keys[i].env,
                   cli_config_keys[i].key);
    printf(".TP\n.B UREG_NOW\nwith \\fB\\-\\-dev\\fR only: the current time, for tests\n"
           ".TP\n.B TMPDIR\nwhere \\fBureg import\\fR sorts its runs\n"
           ".SH FILES\n.TP\n.I /etc/ureg/ureg.conf\nthe configuration file\n"
           ".TP\n.I /var/lib/ureg/ureg.db\nthe database of the Debian package's service\n"
           ".TP\n.I /var/lib/ureg/ureg.key\nthe master key of personal data at rest (mode 0600)\n"
           ".TP\n.I /usr/lib/systemd/system/ureg.service\nthe systemd unit of the Debian package\n"
           ".SH EXIT STATUS\n.TP\n.B 0\nsuccess\n.TP\n.B 1\na user error: stderr says what "
           "and how to fix it\n.TP\n.B 2\nan internal error\n"
           ".SH SEE ALSO\n/usr/share/doc/ureg/operations.md, \\fBsystemctl\\fR(1)\n");
}
