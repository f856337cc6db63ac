/*
 * log.h — one line per event, as text or as JSON.
 *
 * A text line is "TIME LEVEL MODULE message", the message written as key=value pairs so it can
 * be grepped and parsed (a value with spaces in double quotes); when the thread is serving a
 * request, " request_id=ID" ends the line. With the JSON format (log_set_format, `--log-format
 * json`) the same event is one JSON object a line: {"ts","level","component","event" (the
 * message's event= value, else "log"), "request_id"?, the key=value pairs as members (numbers as
 * numbers, the rest as strings; a key named like the envelope as "field_<key>"), and "msg" for
 * words that are not key=value}. The JSON is always valid: strings are escaped and
 * bytes that are not UTF-8 become U+FFFD.
 *
 * Lines never carry personal data (names, document numbers, phones, addresses) or secrets
 * (passwords, tokens, query codes, query strings, bodies): callers log ids and counts instead.
 *
 * Where: stderr, or a file (log_open_file, `--log-file`) written with O_APPEND, one write(2) a
 * line, so lines from several threads and processes never interleave; log_reopen() opens the
 * path again in place (for logrotate: SIGHUP). The threshold comes from UREG_LOG
 * (debug|info|warn|error, default info) and can be changed with log_set_level(). Thread-safe.
 */
#ifndef UREG_BASE_LOG_H
#define UREG_BASE_LOG_H

#include <stdio.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };
enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);

/* Parse "debug", "info", "warn", "error", "off"; returns -1 when unknown. */
int log_level_parse(const char *s);

/* Parse "text" or "json"; returns -1 when unknown. */
int log_format_parse(const char *s);
void log_set_format(enum log_format f);

/* Send lines to `f` instead of stderr or the log file (tests); NULL restores them. */
void log_set_stream(FILE *f);

/*
 * Append lines to the file at `path` (created 0640 when missing) instead of stderr. Returns 0,
 * or -errno when it cannot be opened (the destination is unchanged). The path is copied.
 */
int log_open_file(const char *path);

/*
 * Open the log file's path again and write there from now on (after logrotate moved the old
 * one away). Safe while other threads log: the new file takes the old one's descriptor number
 * atomically (dup2). Returns 0 (also when no file is in use), or -errno when the path cannot be
 * opened (logging goes on into the old file).
 */
int log_reopen(void);

/*
 * The request id of this thread's lines from now on ("" or NULL: none). The string is not
 * copied: it must stay valid until the thread sets another (the server sets it for a request's
 * lifetime and clears it after).
 */
void log_set_request_id(const char *id);

void log_write(enum log_level lvl, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(mod, ...) log_write(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...) log_write(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_write(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_write(LOG_ERROR, mod, __VA_ARGS__)

#endif
