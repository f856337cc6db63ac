/*
 * static.h — the web UI, served from the files compiled into the binary (base/embed.h).
 *
 * URL → file: "/" is index.html; any other path is the embedded name without its leading '/'
 * ("/vendor/vue.esm-browser.prod.js" → "vendor/vue.esm-browser.prod.js"), percent-decoded. A path
 * equal to or under a registered single-page-app prefix ("/staff", "/staff/cases/1") that names
 * no file is answered with index.html, so client-side routes survive a reload. Anything else is
 * 404. Paths with "..", a backslash, a NUL or a malformed escape are 404 before any lookup.
 *
 * Caching: every file has a strong ETag (a 64-bit FNV-1a hash of its bytes, computed once when
 * the site is created) and If-None-Match → 304. Cache-Control is "public, max-age=86400" under
 * vendor/ (pinned library builds) and "no-cache" elsewhere (index.html and the app's own
 * files always revalidate, so a new release shows at once).
 *
 * Content-Security-Policy: the page's import map (browsers accept import maps only inline) is
 * allowed by hash. The site hashes the text of every `<script type="importmap">` block of
 * index.html at creation and hands the server the matching script-src sources, so editing the
 * import map can never leave a stale hash behind.
 *
 * Only GET and HEAD; other methods → 405 with Allow: GET, HEAD. Thread-safe after creation
 * (read-only). Load: tens of files, a few MiB in all; lookup is a linear scan.
 */
#ifndef UREG_HTTP_STATIC_H
#define UREG_HTTP_STATIC_H

#include "base/embed.h"

struct http_req;
struct http_resp;
struct static_site;

/*
 * A site over `files` (an embed table ending with {NULL}; embed_web in production) with the
 * given NULL-terminated SPA prefixes (NULL = none; each starts with '/', no trailing '/').
 * Hashes every file now. The tables must outlive the site. Free with static_site_free().
 */
struct static_site *static_site_new(const struct embed_file *files,
                                    const char *const *spa_prefixes);

/* Release the site; NULL is a no-op. */
void static_site_free(struct static_site *site);

/*
 * Answer req (method and path) from the site into w: 0 when w holds a 200 or 304 (with ETag and
 * Cache-Control), -ERR_NOT_FOUND when there is no such file, -ERR_METHOD_NOT_ALLOWED (and
 * req->allow = "GET, HEAD") for other methods. File bytes are not copied.
 */
int static_serve(const struct static_site *site, struct http_req *req, struct http_resp *w);

/*
 * The extra script-src sources for index.html's import maps: " 'sha256-BASE64'" per block
 * (leading space included), "" when there are none. Owned by the site.
 */
const char *static_script_sources(const struct static_site *site);

/* The Content-Type for a file name by its extension; "application/octet-stream" if unknown. */
const char *static_content_type(const char *name);

#endif
