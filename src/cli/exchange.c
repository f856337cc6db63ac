/*
 * exchange.c — `ureg exchange keygen | register | status`: the operator's side of the exchange
 * with the national platform (app/exchange.h; docs/operations.md "National exchange").
 */
#include "cli/cli.h"

#include "app/access.h"
#include "app/app.h"
#include "app/exchange.h"
#include "base/err.h"
#include "base/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_cmd_exchange_keygen(struct cli *c)
{
    const char *out = cli_opt(c, "out");
    if (!out || !*out)
        return cli_usage(c);
    char pub[64];
    int rc = app_exchange_keygen(out, pub);
    if (rc < 0)
        return cli_fail(c, rc, out);
    printf("%s\n", pub);
    return 0;
}

int cli_cmd_exchange_register(struct cli *c)
{
    const char *system = cli_opt(c, "system"), *key = cli_opt(c, "public-key");
    const char *regions = cli_opt(c, "regions");
    if (!system || !key)
        return cli_usage(c);
    struct app *a = NULL;
    struct actor by;
    int rc = cli_open_app(c, &a, 1, &by);
    if (rc)
        return rc;
    struct err_ctx ec = {0};
    rc = app_exchange_register(a, &by, system, key, regions, &ec);
    if (rc < 0)
        rc = cli_fail(c, rc, ec.field);
    else
        printf("registered %s%s%s\n", system, regions && *regions ? " for " : "",
               regions ? regions : "");
    app_close(a);
    return rc;
}

/* Print the registry and, with --role national, the hub's timeliness view; else the local
 * backlog (the outbox; the worker's state lives in the server: GET /api/v1/exchange/status). */
int cli_cmd_exchange_status(struct cli *c)
{
    const char *role = cli_opt(c, "role");
    struct app *a = NULL;
    int rc = cli_open_app(c, &a, 1, NULL);
    if (rc)
        return rc;
    struct exchange_config cfg = {
        .role = role && strcmp(role, "national") == 0 ? APP_ROLE_NATIONAL : APP_ROLE_LOCAL,
        .system_id = cli_opt(c, "system-id"),
    };
    struct err_ctx ec = {0};
    json_t *systems = NULL, *view = NULL;
    /* No key is needed to read: the configuration only sets the role and the id. */
    if (cfg.role == APP_ROLE_NATIONAL && !cfg.system_id)
        cfg.system_id = EXCHANGE_NATIONAL_ID;
    rc = app_exchange_configure(a, &cfg, &ec);
    if (rc == -ERR_USAGE)
        rc = 0; /* a hub's key is not needed to read its tables */
    if (rc == 0)
        rc = app_exchange_systems(a, &systems);
    if (rc == 0)
        rc = app_exchange_overview(a, &view);
    if (rc < 0) {
        rc = cli_fail(c, rc, ec.field);
    } else {
        json_object_set_new(view, "registry", json_incref(json_object_get(systems, "items")));
        char *text = json_dumps(view, JSON_INDENT(2));
        printf("%s\n", text ? text : "{}");
        free(text);
    }
    json_decref(systems);
    json_decref(view);
    app_close(a);
    return rc;
}
