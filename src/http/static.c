/*
 * static.c — the embedded web UI. See static.h for the URL mapping and the caching rules.
 *
 * The site keeps one ETag per file, in table order, computed when the site is created: the
 * tables are immutable for the life of the process, so a hash never goes stale.
 */
#include "http/static.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "http/router.h"
#include "http/server.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATIC_ETAG_LEN 19 /* '"' + 16 hex digits + '"' + NUL */

struct static_site {
    const struct embed_file *files;
    const char *const *spa_prefixes;
    size_t n_files;
    char (*etags)[STATIC_ETAG_LEN]; /* etags[i] belongs to files[i] */
    char *script_sources;           /* " 'sha256-...'" per import map in index.html, or "" */
};

/* 64-bit FNV-1a: not a security hash, only a change detector for caches. */
static uint64_t static__hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/*
 * The CSP sources that allow the import maps of index.html: browsers take import maps only
 * inline, so each is allowed by the SHA-256 of its exact text, i.e. everything between
 * `<script type="importmap">` and `</script>` (CSP Level 3, hash-source). Owned by the caller.
 */
static char *static__importmap_sources(const struct embed_file *index)
{
    static const char open_tag[] = "<script type=\"importmap\">";
    struct buf b = {0};
    /* Embedded files are followed by a NUL (base/embed.h): the text is a C string. */
    const char *p = index ? (const char *)index->data : "";
    while ((p = strstr(p, open_tag)) != NULL) {
        p += sizeof open_tag - 1;
        const char *end = strstr(p, "</script>");
        if (!end)
            break;
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)p, (unsigned long long)(end - p));
        char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
                                           sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
        buf_printf(&b, " 'sha256-%s'", b64);
        p = end;
    }
    return buf_detach(&b);
}

struct static_site *static_site_new(const struct embed_file *files, const char *const *spa_prefixes)
{
    struct static_site *site = xcalloc(1, sizeof *site);
    site->files = files;
    site->spa_prefixes = spa_prefixes;
    while (files[site->n_files].name)
        site->n_files++;
    site->etags = xcalloc(site->n_files + 1, sizeof *site->etags);
    for (size_t i = 0; i < site->n_files; i++)
        snprintf(site->etags[i], STATIC_ETAG_LEN, "\"%016llx\"",
                 (unsigned long long)static__hash(files[i].data, files[i].len));
    if (sodium_init() < 0)
        abort(); /* libsodium cannot work on this machine: nothing else would either */
    site->script_sources = static__importmap_sources(embed_find(files, "index.html"));
    return site;
}

void static_site_free(struct static_site *site)
{
    if (!site)
        return;
    free(site->etags);
    free(site->script_sources);
    free(site);
}

const char *static_script_sources(const struct static_site *site)
{
    return site->script_sources;
}

const char *static_content_type(const char *name)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"txt", "text/plain; charset=utf-8"},
    };
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

/* Index of the file called `name`, or -1. */
static long static__find(const struct static_site *site, const char *name)
{
    for (size_t i = 0; i < site->n_files; i++)
        if (strcmp(site->files[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* Whether `path` is a registered SPA prefix or lies below one. */
static bool static__under_spa(const struct static_site *site, const char *path)
{
    for (const char *const *p = site->spa_prefixes; p && *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(path, *p, n) == 0 && (path[n] == '\0' || path[n] == '/'))
            return true;
    }
    return false;
}

/*
 * Whether an If-None-Match value lists `etag` (weak comparison, RFC 9110 §13.1.2: a W/ prefix
 * is ignored) or is "*".
 */
static bool static__etag_listed(const char *header, const char *etag)
{
    size_t len = strlen(etag);
    const char *s = header;
    while (*s) {
        s += strspn(s, " \t,");
        if (*s == '*')
            return true;
        if (strncmp(s, "W/", 2) == 0)
            s += 2;
        if (strncmp(s, etag, len) == 0 && (s[len] == '\0' || strchr(" \t,", s[len])))
            return true;
        s += strcspn(s, ",");
    }
    return false;
}

int static_serve(const struct static_site *site, struct http_req *req, struct http_resp *w)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        req->allow = "GET, HEAD";
        return -ERR_METHOD_NOT_ALLOWED;
    }
    const char *raw = req->path;
    if (raw[0] != '/')
        return -ERR_NOT_FOUND;
    char *path = router__pct_decode(&req->arena, raw, strlen(raw), false);
    /* Names are looked up, never opened, but refuse traversal shapes outright all the same. */
    if (!path || strstr(path, "..") || strchr(path, '\\'))
        return -ERR_NOT_FOUND;

    long i = static__find(site, path[1] ? path + 1 : "index.html");
    if (i < 0 && static__under_spa(site, path))
        i = static__find(site, "index.html");
    if (i < 0)
        return -ERR_NOT_FOUND;

    const struct embed_file *f = &site->files[i];
    const char *etag = site->etags[i];
    http_resp_header(w, "ETag", etag);
    http_resp_header(w, "Cache-Control",
                     strncmp(f->name, "vendor/", 7) == 0 ? "public, max-age=86400" : "no-cache");
    const char *inm = http_header(req, "If-None-Match");
    if (inm && static__etag_listed(inm, etag))
        http_resp_empty(w, 304);
    else
        http_resp_bytes(w, 200, static_content_type(f->name), f->data, f->len, false);
    return 0;
}
