/*
 * smsgw.c — the SMS-gateway notifier. See smsgw.h.
 *
 * The request is built with jansson (the phone and the text escaped as JSON), sent with
 * base/httpc (libcurl), and its body wiped after the send, since it holds the phone number. The
 * Authorization header is built in a buffer that is wiped after the send too.
 */
#include "app/smsgw.h"

#include "base/err.h"
#include "base/httpc.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smsgw {
    struct notifier nf; /* first: smsgw_free gets it back from the notifier */
    char *url, *token, *sign, *template_id;
    long timeout_ms;
    struct httpc *http;
    struct buf resp;
};

int smsgw_request_body(const struct smsgw_config *cfg, int64_t id, const char *phone,
                       const char *text, struct buf *out)
{
    buf_reset(out);
    char ref[48];
    snprintf(ref, sizeof ref, "ureg-notification-%lld", (long long)id);
    json_t *o = json_object();
    int rc = json_object_set_new(o, "id", json_string(ref));
    rc |= json_object_set_new(o, "phone", json_string(phone));
    rc |= json_object_set_new(o, "text", json_string(text));
    if (cfg->sign && *cfg->sign)
        rc |= json_object_set_new(o, "sign", json_string(cfg->sign));
    if (cfg->template_id && *cfg->template_id)
        rc |= json_object_set_new(o, "template", json_string(cfg->template_id));
    char *s = rc == 0 ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!s)
        return -ERR_INTERNAL;
    size_t n = strlen(s);
    buf_append(out, s, n);
    sodium_memzero(s, n);
    free(s);
    return 0;
}

/* Whether s is a short gateway code fit for a log line: 1 to 32 of [A-Za-z0-9_.-]. */
static bool smsgw__code_ok(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 32 &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

int smsgw_read_answer(long status, const char *body, size_t n, char *err, size_t errlen)
{
    if (status == 0) {
        snprintf(err, errlen, "gateway gave no answer");
        return -ERR_IO;
    }
    json_t *o = body && n ? json_loadb(body, n, 0, NULL) : NULL;
    int rc = -ERR_IO;
    if (status < 200 || status > 299)
        snprintf(err, errlen, "gateway http %ld", status);
    else if (!json_is_object(o))
        snprintf(err, errlen, "gateway answer unreadable");
    else if (json_is_true(json_object_get(o, "accepted")))
        rc = 0;
    else {
        json_t *code = json_object_get(o, "code");
        const char *cs = json_is_string(code) ? json_string_value(code) : NULL;
        char num[24];
        if (json_is_integer(code)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(code));
            cs = num;
        }
        if (cs && smsgw__code_ok(cs))
            snprintf(err, errlen, "gateway refused: %s", cs);
        else
            snprintf(err, errlen, "gateway refused");
    }
    json_decref(o);
    return rc;
}

static int smsgw__send(void *ctx, const struct notify_row *n, const char *phone, char *err,
                       size_t errlen)
{
    struct smsgw *g = ctx;
    struct buf body = {0};
    char auth[HTTPC_HEADER_MAX] = "";
    int rc = phone && *phone ? 0 : -ERR_INTERNAL;
    if (rc == 0)
        rc = smsgw_request_body(
            &(struct smsgw_config){.sign = g->sign, .template_id = g->template_id}, n->id, phone,
            n->text, &body);
    if (rc < 0) {
        snprintf(err, errlen, "request not built");
        goto out;
    }
    const char *headers[2] = {NULL, NULL};
    if (g->token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", g->token);
        headers[0] = auth;
    }
    struct httpc_resp r = {.body = &g->resp};
    rc = httpc_post(g->http, g->url, headers, buf_cstr(&body), body.len, g->timeout_ms, &r);
    if (rc < 0)
        snprintf(err, errlen, "gateway unreachable or timed out");
    else
        rc = smsgw_read_answer(r.status, g->resp.data, g->resp.len, err, errlen);
    if (rc == 0)
        log_info("notify", "event=notification_sent id=%lld exit_id=%lld channel=sms status=%ld",
                 (long long)n->id, (long long)n->exit_id, r.status);
    if (g->resp.len)
        sodium_memzero(g->resp.data, g->resp.len); /* a gateway may echo the number */
out:
    sodium_memzero(auth, sizeof auth);
    if (body.len)
        sodium_memzero(body.data, body.len);
    buf_free(&body);
    return rc;
}

static char *smsgw__dup(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

struct notifier *smsgw_new(const struct smsgw_config *cfg)
{
    struct smsgw *g = xcalloc(1, sizeof *g);
    g->url = xstrdup(cfg->url);
    g->token = smsgw__dup(cfg->token);
    g->sign = smsgw__dup(cfg->sign);
    g->template_id = smsgw__dup(cfg->template_id);
    g->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 5000;
    g->http = httpc_new();
    g->nf = (struct notifier){.channel = "sms", .needs_phone = true, .send = smsgw__send, .ctx = g};
    return &g->nf;
}

void smsgw_free(struct notifier *nf)
{
    if (!nf)
        return;
    struct smsgw *g = (struct smsgw *)nf;
    httpc_free(g->http);
    buf_free(&g->resp);
    free(g->url);
    if (g->token) {
        sodium_memzero(g->token, strlen(g->token));
        free(g->token);
    }
    free(g->sign);
    free(g->template_id);
    free(g);
}
