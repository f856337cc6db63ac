/*
 * audit.c — `ureg audit verify`, `ureg audit sign` and `ureg audit key`: the audit chain for
 * operators and auditors (app/auditlog.h).
 *
 * verify prints each finding on stdout, one line, the first first, then a summary line; exit 0
 * when the log is intact, 1 when an entry was changed, removed or inserted or a signature does
 * not check (CONTRACT.md), 2 on an internal error.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/auditlog.h"
#include "base/err.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const cli_audit__kinds[] = {
    [APP_AUDIT_CHANGED] = "changed",
    [APP_AUDIT_REMOVED] = "removed",
    [APP_AUDIT_INSERTED] = "inserted",
    [APP_AUDIT_SIGNATURE] = "signature",
};

static void cli_audit__finding(const struct app_audit_finding *f, void *arg)
{
    (void)arg;
    printf("%s: %s\n", cli_audit__kinds[f->kind], f->text);
}

int cli_cmd_audit_verify(struct cli *c)
{
    unsigned char pk[32];
    const char *hex = cli_opt(c, "public-key");
    size_t n = 0;
    if (hex && (strlen(hex) != 64 || sodium_hex2bin(pk, sizeof pk, hex, 64, NULL, &n, NULL) != 0 ||
                n != sizeof pk)) {
        fprintf(stderr, "ureg audit verify: --public-key wants 64 hex digits (`ureg audit key` "
                        "prints them)\n");
        return 1;
    }
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    struct app_audit_report r;
    rc = app_audit_verify(a, hex ? pk : NULL, cli_audit__finding, NULL, &r);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, NULL);
    if (!r.signatures_checked)
        printf("warning: signatures not checked (no key file and no --public-key)\n");
    if (r.problems) {
        printf("audit log NOT intact: %lld problem(s); %lld entries, head seq %lld\n",
               (long long)r.problems, (long long)r.entries, (long long)r.head);
        return 1;
    }
    printf("audit log intact: %lld entries, head seq %lld, %lld signed heads, last signed seq "
           "%lld (%lld entries after it not yet signed)\n",
           (long long)r.entries, (long long)r.head, (long long)r.signatures,
           (long long)r.last_signed, (long long)(r.head - r.last_signed));
    return 0;
}

int cli_cmd_audit_sign(struct cli *c)
{
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    int64_t seq = 0;
    rc = app_audit_sign(a, &seq);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, c->key_file);
    if (rc == 0)
        printf("nothing to sign: the head is signed already\n");
    else
        printf("signed the head at seq %lld\n", (long long)seq);
    return 0;
}

int cli_cmd_audit_key(struct cli *c)
{
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    char hex[65];
    rc = app_audit_public_key(a, hex);
    app_close(a);
    if (rc < 0)
        return cli_fail(c, rc, c->key_file);
    printf("%s\n", hex);
    return 0;
}
