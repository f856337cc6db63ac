/*
 * config.c — the configuration file and its precedence. See config.h.
 */
#include "base/config.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG__MASK "********"
#define CONFIG__MAX_FILE (1 << 20) /* a configuration file is a few hundred bytes */

void config_init(struct config *cf, const struct config_key *keys, size_t n)
{
    cf->keys = keys;
    cf->n = n;
    cf->v = xcalloc(n ? n : 1, sizeof *cf->v);
    cf->path = NULL;
}

void config_free(struct config *cf)
{
    for (size_t i = 0; cf->v && i < cf->n; i++)
        free(cf->v[i].value);
    free(cf->v);
    free(cf->path);
    cf->v = NULL;
    cf->path = NULL;
}

int config_find(const struct config *cf, const char *key)
{
    for (size_t i = 0; i < cf->n; i++)
        if (strcmp(cf->keys[i].key, key) == 0)
            return (int)i;
    return -1;
}

int config_find_flag(const struct config *cf, const char *command, const char *flag)
{
    for (size_t i = 0; i < cf->n; i++) {
        const struct config_key *k = &cf->keys[i];
        bool same_cmd =
            k->command && command ? strcmp(k->command, command) == 0 : k->command == command;
        if (same_cmd && k->flag && strcmp(k->flag, flag) == 0)
            return (int)i;
    }
    return -1;
}

/* The check of row i on `value`: NULL when valid, else what is wrong. */
static const char *config__check(const struct config_key *k, const char *value)
{
    if (!*value)
        return "a value is required (leave the key out for its default)";
    return k->check ? k->check(value) : NULL;
}

int config_set(struct config *cf, size_t i, const char *value, enum config_source source, int line,
               char *err, size_t errsz)
{
    const char *why = config__check(&cf->keys[i], value);
    if (why) {
        snprintf(err, errsz, "%s: %s", cf->keys[i].key, why);
        return -ERR_USAGE;
    }
    free(cf->v[i].value);
    cf->v[i] = (struct config_value){.value = xstrdup(value), .source = source, .line = line};
    return 0;
}

static bool config__blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Trim blanks from both ends of s[0..*n). */
static const char *config__trim(const char *s, size_t *n)
{
    while (*n && config__blank(*s)) {
        s++;
        (*n)--;
    }
    while (*n && (config__blank(s[*n - 1]) || s[*n - 1] == '\r'))
        (*n)--;
    return s;
}

static bool config__key_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* One line: set *row and the value (into val) or say what is wrong. Returns 0 (set or nothing
 * on the line, *row -1 then) or the message. */
static const char *config__line(const struct config *cf, const char *s, size_t n, int *row,
                                struct buf *val)
{
    *row = -1;
    buf_reset(val);
    s = config__trim(s, &n);
    if (n == 0 || s[0] == '#')
        return NULL;
    for (size_t j = 1; j < n; j++)
        if (s[j] == '#' && config__blank(s[j - 1])) {
            n = j;
            s = config__trim(s, &n);
            break;
        }
    if (memchr(s, '\0', n))
        return "a NUL byte in the line";
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return "expected `key = value`";
    size_t kn = (size_t)(eq - s), vn = n - kn - 1;
    const char *key = config__trim(s, &kn), *v = config__trim(eq + 1, &vn);
    if (kn == 0)
        return "expected `key = value`: the key is missing";
    for (size_t j = 0; j < kn; j++)
        if (!config__key_char(key[j]))
            return "a key is lower-case letters, digits and `_`";
    for (size_t i = 0; i < cf->n; i++)
        if (strlen(cf->keys[i].key) == kn && memcmp(cf->keys[i].key, key, kn) == 0)
            *row = (int)i;
    buf_append(val, key, kn);
    if (*row < 0)
        return "unknown key";
    buf_reset(val);
    buf_append(val, v, vn);
    return NULL;
}

int config_parse(struct config *cf, const char *path, const char *text, size_t len, char *err,
                 size_t errsz)
{
    struct config_value *nv = xcalloc(cf->n ? cf->n : 1, sizeof *nv);
    struct buf val = {0};
    int rc = 0, line = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        line++;
        int row;
        const char *why = config__line(cf, text + at, n, &row, &val);
        at += n + 1;
        if (why && row < 0 && val.len) {
            snprintf(err, errsz, "%s:%d: %s \"%s\" (the keys are in `ureg help`)", path, line, why,
                     buf_cstr(&val));
            rc = -ERR_USAGE;
            break;
        }
        if (why) {
            snprintf(err, errsz, "%s:%d: %s", path, line, why);
            rc = -ERR_USAGE;
            break;
        }
        if (row < 0)
            continue;
        const struct config_key *k = &cf->keys[row];
        if (nv[row].value) {
            snprintf(err, errsz, "%s:%d: %s is set twice (first on line %d)", path, line, k->key,
                     nv[row].line);
            rc = -ERR_USAGE;
            break;
        }
        why = config__check(k, buf_cstr(&val));
        if (why) {
            snprintf(err, errsz, "%s:%d: %s: %s", path, line, k->key, why);
            rc = -ERR_USAGE;
            break;
        }
        nv[row] = (struct config_value){
            .value = xstrdup(buf_cstr(&val)), .source = CONFIG_FILE, .line = line};
    }
    for (size_t i = 0; i < cf->n; i++) {
        if (rc == 0 && nv[i].value) {
            free(cf->v[i].value);
            cf->v[i] = nv[i];
        } else {
            free(nv[i].value);
        }
    }
    if (rc == 0) {
        free(cf->path);
        cf->path = xstrdup(path);
    }
    free(nv);
    buf_free(&val);
    return rc;
}

int config_read_file(struct config *cf, const char *path, bool must_exist, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -ERR_USAGE;
    }
    struct buf b = {0};
    char chunk[4096];
    size_t k;
    int rc = 0;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, k);
        if (b.len > CONFIG__MAX_FILE) {
            snprintf(err, errsz, "%s: larger than 1 MiB: not a configuration file", path);
            rc = -ERR_USAGE;
            goto out;
        }
    }
    if (ferror(f)) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        rc = -ERR_USAGE;
        goto out;
    }
    rc = config_parse(cf, path, b.data ? b.data : "", b.len, err, errsz);
out:
    fclose(f);
    buf_free(&b);
    return rc;
}

int config_apply_env(struct config *cf, const char *(*get)(const char *name), char *err,
                     size_t errsz)
{
    for (size_t i = 0; i < cf->n; i++) {
        const struct config_key *k = &cf->keys[i];
        const char *v = k->env ? get(k->env) : NULL;
        if (!v || !*v)
            continue;
        const char *why = config__check(k, v);
        if (why) {
            snprintf(err, errsz, "$%s: %s", k->env, why);
            return -ERR_USAGE;
        }
        config_set(cf, i, v, CONFIG_ENV, 0, err, errsz);
    }
    return 0;
}

const char *config_get(const struct config *cf, size_t i)
{
    return cf->v[i].value ? cf->v[i].value : cf->keys[i].def;
}

const char *config_get_key(const struct config *cf, const char *key)
{
    int i = config_find(cf, key);
    return i < 0 ? NULL : config_get(cf, (size_t)i);
}

void config_source_name(const struct config *cf, size_t i, char *out, size_t n)
{
    const struct config_value *v = &cf->v[i];
    switch (v->source) {
    case CONFIG_FILE:
        snprintf(out, n, "%s:%d", cf->path ? cf->path : "?", v->line);
        break;
    case CONFIG_ENV:
        snprintf(out, n, "env %s", cf->keys[i].env);
        break;
    case CONFIG_FLAG:
        snprintf(out, n, "flag --%s", cf->keys[i].flag);
        break;
    default:
        snprintf(out, n, "default");
    }
}

void config_mask(const char *value, bool is_secret, char *out, size_t n)
{
    struct buf b = {0};
    const char *s = value ? value : "";
    if (is_secret && *s) {
        buf_puts(&b, CONFIG__MASK);
        s = "";
    }
    /* scheme://user:password@host...: the password is what lies between the first ':' after
     * "//" and the last '@' before the path. */
    const char *auth = strstr(s, "://");
    if (auth) {
        auth += 3;
        size_t hn = strcspn(auth, "/?#");
        const char *at = NULL;
        for (const char *p = auth; p < auth + hn; p++)
            if (*p == '@')
                at = p;
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            buf_append(&b, s, (size_t)(colon + 1 - s));
            buf_puts(&b, CONFIG__MASK);
            s = at;
        }
    }
    /* key=value parameters (a URL's query or a libpq connection string): password=... */
    for (const char *p; (p = strstr(s, "password=")) != NULL;) {
        bool starts = p == value || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ';
        p += strlen("password=");
        buf_append(&b, s, (size_t)(p - s));
        s = p;
        if (starts) {
            buf_puts(&b, CONFIG__MASK);
            s += strcspn(s, "& ");
        }
    }
    buf_puts(&b, s);
    snprintf(out, n, "%s", buf_cstr(&b));
    buf_free(&b);
}
