/*
 * serve.c — `ureg serve`, `ureg routes` and `ureg openapi`: the HTTP server and its
 * documentation; `ureg idp token`: an assertion of the development identity provider.
 *
 * Every setting of serve is a row of cli/config.c's table: a flag, an environment variable and
 * a configuration key (--metrics-allow, UREG_METRICS_ALLOW, metrics_allow); the flag wins.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/accounts.h"
#include "app/auditlog.h"
#include "app/realname.h"
#include "app/exchange.h"
#include "app/notify.h"
#include "app/smsgw.h"
#include "base/buf.h"
#include "base/err.h"
#include "http/api.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split "HOST:PORT" (or "[v6]:PORT") into host and port. */
static int serve__listen(const char *s, char *host, size_t hostsz, unsigned short *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return -ERR_USAGE;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535 || colon[1] == '\0')
        return -ERR_USAGE;
    const char *h = s;
    size_t n = (size_t)(colon - s);
    if (h[0] == '[' && n >= 2 && h[n - 1] == ']') {
        h++;
        n -= 2;
    }
    if (n == 0 || n >= hostsz)
        return -ERR_USAGE;
    memcpy(host, h, n);
    host[n] = '\0';
    *port = (unsigned short)p;
    return 0;
}

/* The option --NAME, else its configuration or environment value, else NULL (cli/config.c). */
static const char *serve__setting(struct cli *c, const char *name)
{
    const char *v = cli_opt(c, name);
    return v && *v ? v : NULL;
}

/* Read the first line of `path` (without its line break) into out; 0 or -1. */
static int serve__read_line(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *got = fgets(out, (int)n, f);
    fclose(f);
    if (!got)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return *out ? 0 : -1;
}

/* The role and the exchange settings (--role, --national, --system-id, --key, ...) into `a`,
 * and the local worker started when there is a hub. Returns 0 or the exit status. */
static int serve__exchange(struct cli *c, struct app *a)
{
    const char *role = cli_opt(c, "role");
    struct exchange_config x = {
        .role = role && strcmp(role, "national") == 0 ? APP_ROLE_NATIONAL : APP_ROLE_LOCAL,
        .system_id = serve__setting(c, "system-id"),
        .key_file = serve__setting(c, "key"),
        .national_url = serve__setting(c, "national"),
        .national_id = serve__setting(c, "national-id"),
        .interval_ms = atoi(cli_opt(c, "exchange-interval-ms")),
        .retry_base_ms = atoi(cli_opt(c, "exchange-retry-ms")),
        .retry_cap_ms = atoi(cli_opt(c, "exchange-retry-max-ms")),
        .skew_s = atoi(cli_opt(c, "exchange-skew")),
    };
    if (x.role == APP_ROLE_NATIONAL && x.national_url) {
        fprintf(stderr, "ureg serve: --national is for the local role; the hub is itself\n");
        return 1;
    }
    struct err_ctx ec = {0};
    int rc = app_exchange_configure(a, &x, &ec);
    if (rc == -ERR_USAGE) {
        fprintf(stderr,
                "ureg serve: --%s is needed: the national hub, and a local system with "
                "--national, need --system-id ID and --key FILE (ureg exchange keygen)\n",
                ec.field ? ec.field : "key");
        return 1;
    }
    if (rc < 0)
        return cli_fail(c, rc, x.key_file);
    rc = app_exchange_start(a);
    return rc < 0 ? cli_fail(c, rc, NULL) : 0;
}

int cli_cmd_serve(struct cli *c)
{
    /*
     * SIGINT, SIGTERM and SIGHUP are blocked from here on in this thread and every thread it
     * starts (the group-commit writer in app_open, the server's): only the sigwait in
     * http_server_run_until_signal takes them, so a SIGTERM can never kill the process on
     * another thread with commits pending.
     */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    char host[256];
    static char token[256];
    struct api_config cfg = {.host = host};
    const char *listen = cli_opt(c, "listen"); /* the configuration's default when absent */
    if (serve__listen(listen, host, sizeof host, &cfg.port) < 0) {
        fprintf(stderr, "ureg serve: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
        return 1;
    }
    cfg.threads = (unsigned)atoi(cli_opt(c, "threads")); /* checked by cli/config.c */
    cfg.secure_cookies = cli_flag(c, "secure-cookies");
    cfg.metrics_allow = serve__setting(c, "metrics-allow");
    cfg.metrics_token = serve__setting(c, "metrics-token");
    const char *token_file = serve__setting(c, "metrics-token-file");
    if (token_file) {
        if (serve__read_line(token_file, token, sizeof token) < 0) {
            fprintf(stderr,
                    "ureg serve: --metrics-token-file %s: cannot read a token from its "
                    "first line\n",
                    token_file);
            return 1;
        }
        cfg.metrics_token = token;
    }
    if (cfg.metrics_token && strlen(cfg.metrics_token) < 16) {
        fprintf(stderr, "ureg serve: the metrics token must have at least 16 characters\n");
        return 1;
    }
    const char *interval = serve__setting(c, "metrics-interval");
    if (interval) {
        char *end;
        long n = strtol(interval, &end, 10);
        if (*end || n < 1 || n > 86400) {
            fprintf(stderr, "ureg serve: --metrics-interval wants seconds, 1 to 86400\n");
            return 1;
        }
        cfg.metrics_interval = (int)n;
    }
    cfg.trusted_proxies = serve__setting(c, "trusted-proxies");
    cfg.rate_submit = serve__setting(c, "rate-submit");
    cfg.rate_status = serve__setting(c, "rate-status");
    cfg.code_failures = serve__setting(c, "code-failures");
    cfg.hsts_max_age = strtoul(cli_opt(c, "hsts-max-age"), NULL, 10); /* checked by config.c */
    struct app_idp_config idp = {
        .name = serve__setting(c, "idp-name"),
        .public_key = serve__setting(c, "idp-public-key"),
        .audience = serve__setting(c, "idp-audience"),
        .skew_s = atoi(cli_opt(c, "idp-skew")),
    };
    struct notifier *nf = NULL; /* the exit notifications' (NULL: the log notifier) */
    int rc = cli__notifier(c, &nf);
    if (rc)
        return rc;
    struct app *a = NULL;
    /* One store connection per worker thread, plus a spare for the health check. */
    rc = cli_open_app(c, &a, 16, NULL);
    if (rc) {
        smsgw_free(nf);
        return rc;
    }
    struct notify_sender *sender = NULL;
    if (app_realname_configure(a, &idp) < 0) {
        rc = 1;
        goto out;
    }
    app_set_totp_roles(a, serve__setting(c, "totp-roles"));
    if (app_audit_signer_start(a) < 0) {
        rc = cli_fail(c, -ERR_INTERNAL, NULL);
        goto out;
    }
    rc = serve__exchange(c, a);
    if (rc)
        goto out;
    sender = notify_sender_start(a, nf, atoi(cli_opt(c, "notify-interval"))); /* checked */
    if (!sender) {
        rc = cli_fail(c, -ERR_INTERNAL, NULL);
        goto out;
    }
    rc = api_serve(a, &cfg);
    notify_sender_stop(sender); /* waits for the send in flight */
    sender = NULL;
    app_exchange_stop(a);
    app_close(a); /* after the server stopped: the writer commits what is queued, then stops */
    smsgw_free(nf);
    if (rc == -ERR_USAGE)
        return 1; /* api_serve said what */
    if (rc < 0)
        return cli_fail(c, rc, listen);
    return 0;
out:
    notify_sender_stop(sender);
    app_close(a);
    smsgw_free(nf);
    return rc;
}

int cli_cmd_idp_token(struct cli *c)
{
    const char *type = cli_opt(c, "id-type"), *number = cli_opt(c, "id-number");
    if (!type || !number || cli_arg(c, 0))
        return cli_usage(c);
    if (!c->dev) {
        fprintf(stderr, "ureg idp token: the development identity provider exists only with "
                        "--dev\n");
        return 1;
    }
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    struct app_idp_config none = {0};
    char *token = NULL;
    struct err_ctx ec = {0};
    rc = app_realname_configure(a, &none);
    if (rc == 0)
        rc = app_realname_dev_token(a, type, number, &token, &ec);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, ec.field);
    printf("%s\n", token);
    free(token);
    return 0;
}

int cli_cmd_openapi(struct cli *c)
{
    struct buf b = {0};
    int rc = api_openapi_json(&b);
    if (rc == 0)
        fputs(buf_cstr(&b), stdout);
    buf_free(&b);
    return rc < 0 ? cli_fail(c, rc, NULL) : 0;
}

int cli_cmd_routes(struct cli *c)
{
    (void)c;
    struct buf b = {0};
    api_routes_markdown(&b);
    fputs(buf_cstr(&b), stdout);
    buf_free(&b);
    return 0;
}
