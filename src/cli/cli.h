/*
 * cli.h — the command line: one table of commands, walked by cli_main().
 */
#ifndef UREG_CLI_CLI_H
#define UREG_CLI_CLI_H

/* Parse global options and run one command; returns the process exit status (0, 1 or 2). */
int cli_main(int argc, char **argv);

#endif
