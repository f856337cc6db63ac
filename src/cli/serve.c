/*
 * serve.c — `ureg serve` and `ureg routes`: the HTTP server and its documentation.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"
#include "http/api.h"

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

int cli_cmd_serve(struct cli *c)
{
    char host[256];
    struct api_config cfg = {.host = host};
    const char *listen = cli_opt(c, "listen"); /* the configuration's default when absent */
    if (serve__listen(listen, host, sizeof host, &cfg.port) < 0) {
        fprintf(stderr, "ureg serve: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
        return 1;
    }
    cfg.threads = (unsigned)atoi(cli_opt(c, "threads")); /* checked by cli/config.c */
    cfg.secure_cookies = cli_flag(c, "secure-cookies");
    struct app *a = NULL;
    /* One store connection per worker thread, plus a spare for the health check. */
    int rc = cli_open_app(c, &a, 16, NULL);
    if (rc)
        return rc;
    rc = api_serve(a, &cfg);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, listen);
    return 0;
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
