/*
 * log.c — one line per event. See log.h.
 *
 * The JSON form is built from the text message: log_write formats the message once, then
 * log__json splits it into key=value pairs (a value is a run of non-spaces, or a double-quoted
 * run up to the quote that ends it before a space or the end) and writes the object with its
 * own escaper, so nothing a caller logs can break the line.
 */
#include "base/log.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int log__level = -1; /* -1: not yet read from UREG_LOG */
static atomic_int log__format = LOG_FORMAT_TEXT;
static FILE *_Atomic log__stream;
static atomic_int log__fd = -1; /* the log file, or -1 for stderr */
static pthread_mutex_t log__file_mu = PTHREAD_MUTEX_INITIALIZER; /* guards log__path */
static char *log__path;
static _Thread_local const char *log__request_id;

static const char *const log__names[] = {"DEBUG", "INFO", "WARN", "ERROR", "OFF"};
static const char *const log__lower[] = {"debug", "info", "warn", "error", "off"};

int log_level_parse(const char *s)
{
    for (int i = 0; s && i <= LOG_OFF; i++)
        if (strcmp(s, log__lower[i]) == 0)
            return i;
    return -1;
}

int log_format_parse(const char *s)
{
    if (s && strcmp(s, "text") == 0)
        return LOG_FORMAT_TEXT;
    if (s && strcmp(s, "json") == 0)
        return LOG_FORMAT_JSON;
    return -1;
}

void log_set_format(enum log_format f)
{
    atomic_store(&log__format, (int)f);
}

enum log_level log_get_level(void)
{
    int lvl = atomic_load(&log__level);
    if (lvl < 0) {
        lvl = log_level_parse(getenv("UREG_LOG"));
        if (lvl < 0)
            lvl = LOG_INFO;
        atomic_store(&log__level, lvl);
    }
    return (enum log_level)lvl;
}

void log_set_level(enum log_level lvl)
{
    atomic_store(&log__level, (int)lvl);
}

void log_set_stream(FILE *f)
{
    atomic_store(&log__stream, f);
}

void log_set_request_id(const char *id)
{
    log__request_id = id && *id ? id : NULL;
}

static int log__open(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    return fd < 0 ? -errno : fd;
}

int log_open_file(const char *path)
{
    int fd = log__open(path);
    if (fd < 0)
        return fd;
    pthread_mutex_lock(&log__file_mu);
    free(log__path);
    log__path = xstrdup(path);
    int old = atomic_load(&log__fd);
    if (old >= 0) {
        dup2(fd, old); /* keep the number: writers racing this see one file or the other */
        close(fd);
    } else {
        atomic_store(&log__fd, fd);
    }
    pthread_mutex_unlock(&log__file_mu);
    return 0;
}

int log_reopen(void)
{
    int rc = 0;
    pthread_mutex_lock(&log__file_mu);
    int old = atomic_load(&log__fd);
    if (log__path && old >= 0) {
        int fd = log__open(log__path);
        if (fd < 0) {
            rc = fd;
        } else {
            if (dup2(fd, old) < 0)
                rc = -errno;
            close(fd);
        }
    }
    pthread_mutex_unlock(&log__file_mu);
    return rc;
}

/* Append s[0, n) as the inside of a JSON string: escapes, and U+FFFD for bytes not UTF-8. */
static void log__json_str(struct buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80) {
            uint32_t cp;
            int len = utf8_decode(s + i, n - i, &cp);
            if (len <= 0) {
                buf_append(b, "\\ufffd", 6);
                i++;
            } else {
                buf_append(b, s + i, (size_t)len);
                i += (size_t)len;
            }
            continue;
        }
        if (ch == '"' || ch == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)ch);
        } else if (ch == '\n') {
            buf_append(b, "\\n", 2);
        } else if (ch == '\r') {
            buf_append(b, "\\r", 2);
        } else if (ch == '\t') {
            buf_append(b, "\\t", 2);
        } else if (ch < 0x20 || ch == 0x7f) {
            buf_printf(b, "\\u%04x", ch);
        } else {
            buf_putc(b, (char)ch);
        }
        i++;
    }
}

static void log__json_member(struct buf *b, const char *k, size_t kn, const char *v, size_t vn)
{
    buf_append(b, ",\"", 2);
    log__json_str(b, k, kn);
    buf_append(b, "\":\"", 3);
    log__json_str(b, v, vn);
    buf_putc(b, '"');
}

/* Whether s[0, n) is a JSON number as written by %d / %lld / %.1f: -?digits(.digits)?, without
 * leading zeros. */
static bool log__is_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d || (s[d] == '0' && i - d > 1) || i - d > 15)
        return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    return i == n;
}

static bool log__key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

static bool log__reserved(const char *k, size_t n)
{
    static const char *const names[] = {"ts", "level", "component", "request_id", "msg"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && memcmp(names[i], k, n) == 0)
            return true;
    return false;
}

/* The JSON object of one event (no newline). */
static void log__json(struct buf *b, const char *when, enum log_level lvl, const char *module,
                      const char *msg)
{
    struct buf fields = {0}, words = {0};
    const char *event = "log";
    size_t event_n = 3;
    const char *p = msg;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *k = p;
        while (log__key_char(*p))
            p++;
        if (p > k && *p == '=') {
            size_t kn = (size_t)(p - k);
            const char *v = ++p;
            size_t vn;
            bool quoted = *v == '"';
            if (quoted) {
                /* The closing quote is the first one followed by a space or the end. */
                const char *e = v + 1;
                while (*e && !(e[0] == '"' && (e[1] == ' ' || e[1] == '\0')))
                    e++;
                vn = (size_t)(e - v - 1);
                p = *e ? e + 1 : e;
                v++;
            } else {
                while (*p && *p != ' ')
                    p++;
                vn = (size_t)(p - v);
            }
            if (kn == 5 && memcmp(k, "event", 5) == 0) {
                event = v;
                event_n = vn;
            } else if (log__reserved(k, kn)) {
                /* a caller's field may not forge the envelope: keep it under a prefixed name */
                buf_append(&fields, ",\"field_", 8);
                log__json_str(&fields, k, kn);
                buf_append(&fields, "\":\"", 3);
                log__json_str(&fields, v, vn);
                buf_putc(&fields, '"');
            } else if (!quoted && log__is_number(v, vn)) {
                buf_append(&fields, ",\"", 2);
                log__json_str(&fields, k, kn);
                buf_append(&fields, "\":", 2);
                buf_append(&fields, v, vn);
            } else {
                log__json_member(&fields, k, kn, v, vn);
            }
            continue;
        }
        /* Not key=value: a word of free text. */
        p = k;
        while (*p && *p != ' ')
            p++;
        if (words.len)
            buf_putc(&words, ' ');
        buf_append(&words, k, (size_t)(p - k));
    }
    buf_append(b, "{\"ts\":\"", 7);
    log__json_str(b, when, strlen(when));
    buf_printf(b, "\",\"level\":\"%s\"", log__lower[lvl]);
    log__json_member(b, "component", 9, module, strlen(module));
    log__json_member(b, "event", 5, event, event_n);
    if (log__request_id)
        log__json_member(b, "request_id", 10, log__request_id, strlen(log__request_id));
    if (fields.len)
        buf_append(b, fields.data, fields.len);
    if (words.len)
        log__json_member(b, "msg", 3, words.data, words.len);
    buf_putc(b, '}');
    buf_free(&fields);
    buf_free(&words);
}

void log_write(enum log_level lvl, const char *module, const char *fmt, ...)
{
    if (lvl < log_get_level() || lvl >= LOG_OFF)
        return;
    /* Wall-clock time on purpose: log lines tell operators when, even under a dev clock. */
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

    struct buf msg = {0}, line = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    /* One event, one line: a newline inside a message would forge a second event. */
    for (size_t i = 0; i < msg.len; i++)
        if (msg.data[i] == '\n' || msg.data[i] == '\r')
            msg.data[i] = ' ';
    if (atomic_load(&log__format) == LOG_FORMAT_JSON) {
        log__json(&line, when, lvl, module, buf_cstr(&msg));
    } else {
        buf_printf(&line, "%s %s %s %s", when, log__names[lvl], module, buf_cstr(&msg));
        if (log__request_id)
            buf_printf(&line, " request_id=%s", log__request_id);
    }
    buf_putc(&line, '\n');
    FILE *f = atomic_load(&log__stream);
    int fd = atomic_load(&log__fd);
    if (f) {
        fputs(line.data, f);
    } else if (fd >= 0) {
        ssize_t w = write(fd, line.data, line.len);
        (void)w; /* nowhere to report a failing log */
    } else {
        fputs(line.data, stderr);
    }
    buf_free(&msg);
    buf_free(&line);
}
