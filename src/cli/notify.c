/*
 * notify.c — `ureg notify run`: sends the exit notifications that are due (app/notify) and prints
 * the counts; and the notifier the settings name, for it and for `ureg serve`'s sender.
 * Idempotent: a sent notification is never due again.
 */
#include "app/notify.h"
#include "app/smsgw.h"
#include "base/clock.h"
#include "base/config.h"
#include "cli/cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value in force of `key` (the flag for serve's own rows, else the file or environment),
 * NULL when unset or empty. */
static const char *cli__notify_setting(const struct cli *c, const char *key)
{
    const char *v = c->config ? config_get_key(c->config, key) : NULL;
    return v && *v ? v : NULL;
}

/* cli__notifier: see cli.h. */
int cli__notifier(const struct cli *c, struct notifier **nf)
{
    *nf = NULL;
    const char *channel = cli__notify_setting(c, "notify_channel");
    if (!channel || strcmp(channel, "sms") != 0)
        return 0;
    const char *timeout = cli__notify_setting(c, "sms_timeout_ms");
    struct smsgw_config g = {
        .url = cli__notify_setting(c, "sms_url"),
        .token = cli__notify_setting(c, "sms_token"),
        .sign = cli__notify_setting(c, "sms_sign"),
        .template_id = cli__notify_setting(c, "sms_template"),
        .timeout_ms = timeout ? atol(timeout) : 0, /* checked by cli/config.c; 0: 5000 */
    };
    if (!g.url) {
        fprintf(stderr,
                "ureg %s: notify_channel = sms needs sms_url (--sms-url, $UREG_SMS_URL): "
                "the gateway's URL\n",
                c->name);
        return 1;
    }
    char token[512] = "";
    const char *file = cli__notify_setting(c, "sms_token_file");
    if (file) {
        FILE *f = fopen(file, "r");
        char *got = f ? fgets(token, sizeof token, f) : NULL;
        if (f)
            fclose(f);
        token[strcspn(token, "\r\n")] = '\0';
        if (!got || !*token) {
            fprintf(stderr, "ureg %s: sms_token_file %s: cannot read a token from its first line\n",
                    c->name, file);
            return 1;
        }
        g.token = token;
    }
    *nf = smsgw_new(&g);
    sodium_memzero(token, sizeof token);
    return 0;
}

/* `ureg notify run`. Returns the exit status. */
int cli_cmd_notify_run(struct cli *c)
{
    struct notifier *nf = NULL;
    int rc = cli__notifier(c, &nf);
    if (rc)
        return rc;
    struct app *a = NULL;
    rc = cli_open_app(c, &a, 1, NULL);
    if (rc) {
        smsgw_free(nf);
        return rc;
    }
    int sent = 0, failed = 0;
    rc = app_notify_run(a, nf, clock_now(), &sent, &failed);
    if (rc < 0)
        rc = cli_fail(c, rc, NULL);
    else
        printf("notifications sent %d, failed %d\n", sent, failed);
    app_close(a);
    smsgw_free(nf);
    return rc;
}
