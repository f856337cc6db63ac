/*
 * log.h — one line per event on stderr.
 *
 * A line is "TIME LEVEL MODULE message", the message written as key=value pairs so it can be
 * grepped and parsed. Log lines never carry personal data (names, document numbers, phones,
 * addresses) or secrets (passwords, tokens, query codes): callers log ids and counts instead.
 * Thread-safe: each line is one stdio call. The threshold comes from UREG_LOG
 * (debug|info|warn|error, default info) and can be changed with log_set_level().
 */
#ifndef UREG_BASE_LOG_H
#define UREG_BASE_LOG_H

#include <stdio.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);

/* Parse "debug", "info", "warn", "error", "off"; returns -1 when unknown. */
int log_level_parse(const char *s);

/* Send lines to `f` instead of stderr (tests); NULL restores stderr. */
void log_set_stream(FILE *f);

void log_write(enum log_level lvl, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(mod, ...) log_write(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...) log_write(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_write(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_write(LOG_ERROR, mod, __VA_ARGS__)

#endif
