/*
 * config.c — ureg's settings: the one table of configuration keys, and `ureg config show` /
 * `ureg config example`.
 *
 * Each row is {key, env var, flag, command, default, is_secret, check, arg, help}: the file
 * /etc/ureg/ureg.conf (or --config FILE, $UREG_CONFIG) sets a key, its environment variable
 * overrides the file, its flag overrides both (base/config.h). A global row (command NULL)
 * is an option before the command and is read by cli_main; a command's row is that command's
 * option, and cli_opt()/cli_flag() return the value in force when the option is not on the
 * command line, so a key is applied through the same parsing as its flag. Adding a setting is
 * one row here; `ureg help`, the manual and the example file walk this table.
 */
#include "cli/cli.h"

#include "base/config.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *cli__check_log_level(const char *v)
{
    return log_level_parse(v) < 0 ? "must be debug, info, warn, error or off" : NULL;
}

/* HOST:PORT or [V6]:PORT, PORT 0 to 65535 (0: a free port). */
static const char *cli__check_listen(const char *v)
{
    const char *colon = strrchr(v, ':');
    char *end;
    if (!colon || colon == v || !colon[1])
        return "must be HOST:PORT, e.g. 127.0.0.1:8080";
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535 || colon[1] == '-' || colon[1] == '+')
        return "must be HOST:PORT with PORT from 0 to 65535";
    return NULL;
}

static const char *cli__check_threads(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || v[0] == '-' || v[0] == '+' || n > 1024)
        return "must be a whole number from 0 (two per core) to 1024";
    return NULL;
}

static const char *cli__check_db_pool(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || v[0] == '-' || v[0] == '+' || n < 1 || n > 1000)
        return "must be a number of connections from 1 to 1000";
    return NULL;
}

static const char *cli__check_log_format(const char *v)
{
    return log_format_parse(v) < 0 ? "must be text or json" : NULL;
}

static const char *cli__check_db_read(const char *v)
{
    return strncmp(v, "postgresql://", 13) == 0 || strncmp(v, "postgres://", 11) == 0
               ? NULL
               : "must name a PostgreSQL streaming replica (postgresql://USER@HOST:PORT/DB)";
}

static const char *cli__check_cidrs(const char *v)
{
    /* The parse itself is http/cidr.c's, at serve start; here only the shape. */
    return strspn(v, "0123456789abcdefABCDEF.:/, ") == strlen(v)
               ? NULL
               : "must be address ranges like 10.0.0.5/32,fd00::/8";
}

static const char *cli__check_rate(const char *v)
{
    if (strcmp(v, "off") == 0)
        return NULL;
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '/' || n < 1 || n > 1000000 || v[0] == '+')
        return "must be N/SECONDS (N 1 to 1000000, SECONDS 1 to 86400) or off";
    const char *p = end + 1;
    long s = strtol(p, &end, 10);
    if (end == p || *end || s < 1 || s > 86400 || p[0] == '+' || p[0] == '-')
        return "must be N/SECONDS (N 1 to 1000000, SECONDS 1 to 86400) or off";
    return NULL;
}

static const char *cli__check_hsts(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || v[0] == '-' || v[0] == '+' || n > 2 * 31536000L)
        return "must be seconds from 0 (off) to 63072000";
    return NULL;
}

static const char *cli__check_role(const char *v)
{
    return strcmp(v, "local") == 0 || strcmp(v, "national") == 0 ? NULL
                                                                 : "must be local or national";
}

static const char *cli__check_url(const char *v)
{
    return strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0
               ? NULL
               : "must be the hub's base URL, http://HOST:PORT or https://HOST";
}

/* A whole number of milliseconds from 10 to 600000. */
static const char *cli__check_ms(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < 10 || n > 600000)
        return "must be milliseconds, 10 to 600000";
    return NULL;
}

static const char *cli__check_skew(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || v[0] == '-' || v[0] == '+' || n < 1 || n > 600)
        return "must be seconds from 1 to 600";
    return NULL;
}

static const char *cli__check_channel(const char *v)
{
    return strcmp(v, "log") == 0 || strcmp(v, "sms") == 0 ? NULL : "must be log or sms";
}

static const char *cli__check_sms_url(const char *v)
{
    return strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0
               ? NULL
               : "must be the gateway's URL, http://HOST:PORT/PATH or https://HOST/PATH";
}

/* A whole number of seconds from 1 to 86400. */
static const char *cli__check_seconds(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || v[0] == '-' || v[0] == '+' || n < 1 || n > 86400)
        return "must be seconds from 1 to 86400";
    return NULL;
}

const char *cli_config_check_bool(const char *v)
{
    return strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ? NULL : "must be true or false";
}

const struct config_key cli_config_keys[] = {
    {"db", "UREG_DB", "db", NULL, "var/ureg.db", false, NULL, "PATH|URL",
     "the database: a SQLite file, or postgresql://USER:PASSWORD@HOST/NAME (its password is "
     "masked by `ureg config show`)"},
    {"key_file", "UREG_KEY_FILE", "key-file", NULL, NULL, false, NULL, "FILE",
     "the master key of personal data at rest (64 hexadecimal digits, mode 0600; `ureg init` "
     "creates it when missing); default ureg.key beside a SQLite database file, else "
     "var/ureg.key; never stored in the database: back it up apart from the database"},
    {"log_level", "UREG_LOG", "log-level", NULL, "info", false, cli__check_log_level, "LEVEL",
     "debug, info, warn, error or off; while unset, commands other than serve log warnings "
     "only"},
    {"log_format", "UREG_LOG_FORMAT", "log-format", NULL, "text", false, cli__check_log_format,
     "text|json", "log lines as text, or one JSON object a line"},
    {"log_file", "UREG_LOG_FILE", "log-file", NULL, NULL, false, NULL, "PATH",
     "append log lines to PATH instead of stderr; `ureg serve` reopens it on SIGHUP (logrotate)"},
    {"db_read", "UREG_DB_READ", "db-read", NULL, NULL, false, cli__check_db_read, "URL",
     "a streaming replica (postgresql://...) for the queue, public lists and status queries; "
     "the primary answers while it is unreachable"},
    {"db_pool", "UREG_DB_POOL", "db-pool", NULL, NULL, false, cli__check_db_pool, "N",
     "database connections kept: default 16 for `ureg serve` (one per worker thread), 1 for the "
     "other commands; keep PostgreSQL's max_connections above the sum over all ureg processes"},
    {"listen", "UREG_LISTEN", "listen", "serve", "127.0.0.1:8080", false, cli__check_listen,
     "HOST:PORT", "where `ureg serve` listens; port 0 picks a free port"},
    {"threads", "UREG_THREADS", "threads", "serve", "0", false, cli__check_threads, "N",
     "worker threads of `ureg serve` (0: two per core)"},
    {"secure_cookies", "UREG_SECURE_COOKIES", "secure-cookies", "serve", "false", false,
     cli_config_check_bool, "true|false",
     "mark the session cookie Secure (set it behind a TLS-terminating proxy)"},
    {"totp_roles", "UREG_TOTP_ROLES", "totp-roles", "serve", NULL, false, NULL, "ROLE[,ROLE...]",
     "the roles that must log in with a second factor (TOTP), e.g. admin,auditor; their users "
     "without one get a session that may only enrol it"},
    {"metrics_allow", "UREG_METRICS_ALLOW", "metrics-allow", "serve", "127.0.0.0/8,::1/128", false,
     NULL, "CIDR[,CIDR...]",
     "the client addresses that may read GET /metrics without a token (IPv4 and IPv6)"},
    {"metrics_token", "UREG_METRICS_TOKEN", "metrics-token", "serve", NULL, true, NULL, "TOKEN",
     "a bearer token (16 characters or more) that opens GET /metrics from any address"},
    {"metrics_token_file", "UREG_METRICS_TOKEN_FILE", "metrics-token-file", "serve", NULL, false,
     NULL, "FILE", "the metrics token on the first line of FILE (keeps it out of `ps`)"},
    {"metrics_interval", "UREG_METRICS_INTERVAL", "metrics-interval", "serve", "60", false, NULL,
     "SECONDS", "how long /metrics caches the application counts and the batch runs"},
    {"trusted_proxies", "UREG_TRUSTED_PROXIES", "trusted-proxies", "serve", NULL, false,
     cli__check_cidrs, "CIDR[,CIDR...]",
     "reverse proxies whose X-Forwarded-For is believed: the client is then the right-most "
     "address there that is not a trusted proxy (rate limits, audit, login throttling); unset, "
     "X-Forwarded-For is ignored"},
    {"rate_submit", "UREG_RATE_SUBMIT", "rate-submit", "serve", "20/600", false, cli__check_rate,
     "N/SECONDS|off",
     "online submissions per client address (an IPv6 client by its /64); "
     "more get 429 with Retry-After"},
    {"rate_status", "UREG_RATE_STATUS", "rate-status", "serve", "120/60", false, cli__check_rate,
     "N/SECONDS|off", "status queries (GET /api/v1/public/applications/{no}) per client address"},
    {"code_failures", "UREG_CODE_FAILURES", "code-failures", "serve", "10/3600", false,
     cli__check_rate, "N/SECONDS|off",
     "wrong query codes per application number, from any address, before its status query is "
     "refused (429 query_code_locked) until the bucket refills"},
    {"hsts_max_age", "UREG_HSTS_MAX_AGE", "hsts-max-age", "serve", "0", false, cli__check_hsts,
     "SECONDS",
     "send Strict-Transport-Security with this max-age (e.g. 31536000) and mark the "
     "session cookie Secure; 0: off (set it when a TLS proxy serves ureg)"},
    {"idp_name", "UREG_IDP_NAME", "idp-name", "serve", NULL, false, NULL, "NAME",
     "the identity provider of the online channel's real-name verification: the `iss` of its "
     "assertions; unset (and no key): none, or the development provider under --dev"},
    {"idp_public_key", "UREG_IDP_PUBLIC_KEY", "idp-public-key", "serve", NULL, false, NULL, "KEY",
     "the identity provider's Ed25519 public key, base64 or 64 hex digits"},
    {"idp_audience", "UREG_IDP_AUDIENCE", "idp-audience", "serve", "ureg", false, NULL, "AUD",
     "the `aud` the identity provider's assertions must name (this service)"},
    {"idp_skew", "UREG_IDP_SKEW", "idp-skew", "serve", "60", false, cli__check_skew, "SECONDS",
     "clock skew tolerated on an assertion's iat and exp"},
    {"role", "UREG_ROLE", "role", "serve", "local", false, cli__check_role, "national|local",
     "national: the national hub (全国统一服务入口: public form and status, routing, result "
     "store); "
     "local: a local system (with --national, it downloads its applications from the hub and "
     "uploads its results)"},
    {"national", "UREG_NATIONAL", "national", "serve", NULL, false, cli__check_url, "URL",
     "local role: the national hub's base URL; without it the local system runs alone"},
    {"system_id", "UREG_SYSTEM_ID", "system-id", "serve", NULL, false, NULL, "ID",
     "this system's id in the exchange registry (the hub's default: national)"},
    {"exchange_key", "UREG_EXCHANGE_KEY", "key", "serve", NULL, false, NULL, "FILE",
     "this system's Ed25519 secret key for the exchange (`ureg exchange keygen --out FILE`)"},
    {"national_id", "UREG_NATIONAL_ID", "national-id", "serve", "national", false, NULL, "ID",
     "local role: the hub's system id (its key must be registered: `ureg exchange register`)"},
    {"exchange_interval_ms", "UREG_EXCHANGE_INTERVAL_MS", "exchange-interval-ms", "serve", "1000",
     false, cli__check_ms, "MS", "local role: the pause between exchange passes when idle"},
    {"exchange_retry_ms", "UREG_EXCHANGE_RETRY_MS", "exchange-retry-ms", "serve", "500", false,
     cli__check_ms, "MS",
     "local role: the first retry delay after a failed pass, doubled each failure (with jitter)"},
    {"exchange_retry_max_ms", "UREG_EXCHANGE_RETRY_MAX_MS", "exchange-retry-max-ms", "serve",
     "60000", false, cli__check_ms, "MS", "local role: the longest retry delay"},
    {"exchange_skew", "UREG_EXCHANGE_SKEW", "exchange-skew", "serve", "300", false, cli__check_skew,
     "SECONDS",
     "the clock difference tolerated between systems when checking a message's created and "
     "expires times"},
    /* issue 9: the exit notifications (app/notify, app/smsgw). Read by `ureg serve`'s sender and,
     * from the file and the environment, by `ureg notify run`. */
    {"notify_channel", "UREG_NOTIFY_CHANNEL", "notify-channel", "serve", "log", false,
     cli__check_channel, "log|sms",
     "how exit notifications are sent: log (one log line each, no personal data) or sms (the "
     "SMS gateway at sms_url)"},
    {"notify_interval", "UREG_NOTIFY_INTERVAL", "notify-interval", "serve", "60", false,
     cli__check_seconds, "SECONDS",
     "how often `ureg serve` sends the exit notifications that are due (`ureg notify run` does "
     "the same once, for cron)"},
    {"sms_url", "UREG_SMS_URL", "sms-url", "serve", NULL, false, cli__check_sms_url, "URL",
     "the SMS gateway's URL: one JSON POST per message (docs/operations.md, The SMS gateway)"},
    {"sms_token", "UREG_SMS_TOKEN", "sms-token", "serve", NULL, true, NULL, "TOKEN",
     "the gateway's bearer token (sent as Authorization: Bearer TOKEN; masked here, never "
     "logged)"},
    {"sms_token_file", "UREG_SMS_TOKEN_FILE", "sms-token-file", "serve", NULL, false, NULL, "FILE",
     "the gateway's token on the first line of FILE (keeps it out of `ps` and the environment)"},
    {"sms_sign", "UREG_SMS_SIGN", "sms-sign", "serve", NULL, false, NULL, "NAME",
     "the sender name (短信签名) the gateway puts on each message, sent as `sign`"},
    {"sms_template", "UREG_SMS_TEMPLATE", "sms-template", "serve", NULL, false, NULL, "ID",
     "the gateway's template id for the exit notice, sent as `template`"},
    {"sms_timeout_ms", "UREG_SMS_TIMEOUT_MS", "sms-timeout-ms", "serve", "5000", false,
     cli__check_ms, "MS",
     "the longest wait for the gateway, connection included; longer is a failed attempt, "
     "retried"},
};
const size_t cli_config_n = sizeof cli_config_keys / sizeof *cli_config_keys;

/* `config show`: every key, its value in force (secrets masked) and where it comes from. */
int cli_cmd_config_show(struct cli *c)
{
    if (cli_arg(c, 0))
        return cli_usage(c);
    const struct config *cf = c->config;
    printf("# configuration file: %s\n", cf->path ? cf->path : "none read");
    for (size_t i = 0; i < cf->n; i++) {
        const struct config_key *k = &cf->keys[i];
        const char *v = config_get(cf, i);
        if (strcmp(k->key, "key_file") == 0)
            v = c->key_file;
        char shown[4096], src[4200];
        config_mask(v, k->is_secret, shown, sizeof shown);
        config_source_name(cf, i, src, sizeof src);
        printf("%s = %s  # %s\n", k->key, shown, src);
    }
    return 0;
}

/* Print `text` as comment lines ("# ...") of at most about 96 columns, broken at blanks. */
static void cli__comment(const char *text)
{
    const size_t width = 94;
    while (*text) {
        size_t n = strlen(text), cut = n;
        if (n > width) {
            cut = width;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = strcspn(text, " ");
        }
        printf("# %.*s\n", (int)cut, text);
        text += cut;
        while (*text == ' ')
            text++;
    }
}

/* `config example`: a configuration file with every key commented out at its default. */
int cli_cmd_config_example(struct cli *c)
{
    if (cli_arg(c, 0))
        return cli_usage(c);
    printf("# ureg configuration: /etc/ureg/ureg.conf, or the file named by --config FILE or\n"
           "# $UREG_CONFIG. One `key = value` a line; `#` starts a comment (at the start of a\n"
           "# line, or after a blank). Environment variables override this file, flags override\n"
           "# both; `ureg config show` prints what is in force and where it comes from.\n");
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        printf("\n");
        cli__comment(k->help);
        printf("# (environment %s, option --%s%s%s)\n# %s = %s\n", k->env ? k->env : "none",
               k->flag, k->command ? " of " : "", k->command ? k->command : "", k->key,
               k->def ? k->def : k->arg);
    }
    return 0;
}

#define CLI__DEFAULT_CONFIG "/etc/ureg/ureg.conf"

static const char *cli__getenv(const char *name)
{
    return getenv(name);
}

/* config_set from a flag; on a bad value err says "--FLAG: what is wrong". */
static int cli__set_flag(struct config *cf, size_t k, const char *v, char *err, size_t errsz)
{
    char why[4400];
    int rc = config_set(cf, k, v, CONFIG_FLAG, 0, why, sizeof why);
    if (rc < 0)
        snprintf(err, errsz, "--%s: %s", cf->keys[k].flag, why + strlen(cf->keys[k].key) + 2);
    return rc;
}

/* cli__configure: see cli.h. */
int cli__configure(struct cli *c, struct config *cf, const char *path, const int *rows,
                   const char *const *vals, int n_flags)
{
    char err[4400];
    if (!path && getenv("UREG_CONFIG") && *getenv("UREG_CONFIG"))
        path = getenv("UREG_CONFIG");
    /* The default file may be absent; a file named by --config or $UREG_CONFIG may not. */
    if (config_read_file(cf, path ? path : CLI__DEFAULT_CONFIG, path != NULL, err, sizeof err) <
        0) {
        fprintf(stderr, "%s\n", err); /* FILE:LINE: what is wrong */
        return 1;
    }
    if (config_apply_env(cf, cli__getenv, err, sizeof err) < 0)
        goto fail;
    for (int k = 0; k < n_flags; k++)
        if (cli__set_flag(cf, (size_t)rows[k], vals[k], err, sizeof err) < 0)
            goto fail;
    for (size_t k = 0; k < cf->n; k++) {
        const struct config_key *key = &cf->keys[k];
        if (!key->command || strcmp(key->command, c->name) != 0)
            continue;
        const char *v = key->check == cli_config_check_bool
                            ? (cli__argv_flag(c, key->flag) ? "true" : NULL)
                            : cli__argv_opt(c, key->flag);
        if (v && cli__set_flag(cf, k, v, err, sizeof err) < 0)
            goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "ureg: %s\n", err);
    return 1;
}
