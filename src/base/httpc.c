/*
 * httpc.c — the exchange's HTTP client over libcurl. See httpc.h.
 *
 * libcurl's global initialisation is not thread-safe: it runs once, under pthread_once, before
 * the first handle. A handle is used by one thread at a time (the exchange worker's).
 */
#include "base/httpc.h"

#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct httpc {
    CURL *curl;
    char err[CURL_ERROR_SIZE];
};

static pthread_once_t httpc__once = PTHREAD_ONCE_INIT;

static void httpc__global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct httpc *httpc_new(void)
{
    pthread_once(&httpc__once, httpc__global_init);
    struct httpc *h = xcalloc(1, sizeof *h);
    h->curl = curl_easy_init();
    if (!h->curl)
        abort();
    return h;
}

void httpc_free(struct httpc *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h);
}

static size_t httpc__body(char *p, size_t size, size_t n, void *arg)
{
    struct httpc_resp *r = arg;
    size_t len = size * n;
    if (r->body->len + len > HTTPC_MAX_BODY)
        return 0; /* libcurl stops with a write error */
    buf_append(r->body, p, len);
    return len;
}

static size_t httpc__header(char *p, size_t size, size_t n, void *arg)
{
    struct httpc_resp *r = arg;
    size_t len = size * n;
    static const char name[] = "signature:";
    if (len > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
        const char *v = p + sizeof name - 1;
        size_t vn = len - (sizeof name - 1);
        while (vn && (*v == ' ' || *v == '\t')) {
            v++;
            vn--;
        }
        while (vn && (v[vn - 1] == '\r' || v[vn - 1] == '\n' || v[vn - 1] == ' '))
            vn--;
        if (vn < sizeof r->signature) {
            memcpy(r->signature, v, vn);
            r->signature[vn] = '\0';
        }
    }
    return len;
}

int httpc_post(struct httpc *h, const char *url, const char *const *headers, const char *body,
               size_t n, long timeout_ms, struct httpc_resp *r)
{
    struct curl_slist *list = curl_slist_append(NULL, "Content-Type: application/json");
    list = curl_slist_append(list, "Expect:"); /* no 100-continue round trip */
    for (int i = 0; headers && headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    r->status = 0;
    r->signature[0] = '\0';
    buf_reset(r->body);
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, httpc__body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, httpc__header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->err);
    h->err[0] = '\0';
    CURLcode cc = curl_easy_perform(c);
    curl_slist_free_all(list);
    if (cc != CURLE_OK) {
        log_warn("httpc", "event=request_failed reason=\"%s\"",
                 h->err[0] ? h->err : curl_easy_strerror(cc));
        return -ERR_IO;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    return 0;
}
