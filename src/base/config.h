/*
 * config.h — the configuration file and its precedence: file < environment < flags.
 *
 * A program describes its settings as one table of struct config_key rows {key, env var, flag,
 * default, is_secret, check, help}; this module reads a file of `key = value` lines against that
 * table, then the environment, then takes the flags, keeping for every key the value in force
 * and where it came from (default, FILE:LINE, env, flag). Every value, whatever its source,
 * passes the row's check, so a bad value stops start-up the same way from each.
 *
 * The file: UTF-8 text, one `key = value` a line; blank lines and lines whose first non-blank
 * character is `#` are ignored, and so is the rest of a line from a `#` that follows a blank
 * (so a value may contain `#` where no blank precedes it). Spaces around key and value are
 * dropped; values are taken literally (no quotes, no escapes). A key may appear once. An
 * unknown key, a line without `=`, an empty value, a repeated key or a value its check refuses
 * is an error naming FILE:LINE.
 *
 * Values are copied (config_free releases them); the table and the strings it points to are
 * static. One thread reads and sets a struct config, at start-up; others may then read it.
 */
#ifndef UREG_BASE_CONFIG_H
#define UREG_BASE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum config_source { CONFIG_DEFAULT, CONFIG_FILE, CONFIG_ENV, CONFIG_FLAG };

struct config_key {
    const char *key;     /* in the file, e.g. "db" */
    const char *env;     /* environment variable, e.g. "UREG_DB"; NULL: none */
    const char *flag;    /* the option's name without "--", e.g. "db" */
    const char *command; /* NULL: a global option (before the command); else the command whose
                            option it is, e.g. "serve" */
    const char *def;     /* the default in force when nothing sets it; NULL: unset */
    bool is_secret;      /* shown masked by config_show_value */
    /* NULL: any non-empty value; else NULL for a valid value or a static message saying what a
     * valid one is (e.g. "must be a whole number from 0 to 1024") */
    const char *(*check)(const char *value);
    const char *arg;  /* the value's name in help, e.g. "PATH" */
    const char *help; /* one sentence, for the example file, `ureg help` and the manual */
};

struct config_value {
    char *value; /* owned; NULL: the default (may be NULL too) */
    enum config_source source;
    int line; /* CONFIG_FILE: its line number */
};

struct config {
    const struct config_key *keys; /* the table, n rows */
    size_t n;
    struct config_value *v; /* n values, owned */
    char *path;             /* the file read (owned), NULL when none */
};

/* Start with every key at its default. Free with config_free. */
void config_init(struct config *cf, const struct config_key *keys, size_t n);
void config_free(struct config *cf);

/* The row of `key`, or -1. */
int config_find(const struct config *cf, const char *key);

/* The row whose option is --`flag` of `command` (NULL: a global option), or -1. */
int config_find_flag(const struct config *cf, const char *command, const char *flag);

/*
 * Read `len` bytes of `text` as the file named `path` (for messages). On success every key the
 * text sets has that value with source CONFIG_FILE and its line, and 0 is returned. On the
 * first error nothing is changed, err[errsz] gets "PATH:LINE: what is wrong" and -ERR_USAGE is
 * returned.
 */
int config_parse(struct config *cf, const char *path, const char *text, size_t len, char *err,
                 size_t errsz);

/*
 * Read the file at `path` and config_parse it. A missing file is fine (0, nothing set) unless
 * `must_exist`; then, and for a file that cannot be read, err gets "PATH: why" and -ERR_USAGE is
 * returned.
 */
int config_read_file(struct config *cf, const char *path, bool must_exist, char *err, size_t errsz);

/*
 * Set row i to `value` from `source` (line: the file's line, else 0) after the row's check. On
 * a bad value err gets "KEY: what is wrong" and -ERR_USAGE is returned, the old value kept.
 */
int config_set(struct config *cf, size_t i, const char *value, enum config_source source, int line,
               char *err, size_t errsz);

/*
 * For every row with an environment variable that `get` (getenv, or a test's) returns non-empty,
 * config_set it with CONFIG_ENV. On a bad value err gets "$VAR: what is wrong"; -ERR_USAGE.
 */
int config_apply_env(struct config *cf, const char *(*get)(const char *name), char *err,
                     size_t errsz);

/* The value in force of row i (the default when unset; may be NULL). */
const char *config_get(const struct config *cf, size_t i);

/* The value in force of `key` (must be in the table). */
const char *config_get_key(const struct config *cf, const char *key);

/* Where row i's value comes from, into out[n]: "default", "PATH:LINE", "env UREG_DB",
 * "flag --db". */
void config_source_name(const struct config *cf, size_t i, char *out, size_t n);

/*
 * The text of `value` fit to show, into out[n]: "********" for a non-empty secret, and in any
 * value, the password of a URL's "user:password@" and of a "password=" parameter replaced by
 * "********". NULL shows as "".
 */
void config_mask(const char *value, bool is_secret, char *out, size_t n);

#endif
