/*
 * realname.h — the online channel's identity provider: configuration, the development
 * provider, and the check of a submission's identity assertion (rules/realname.h).
 *
 * One provider per process, configured at start (cli/serve.c from the idp_* settings). Under
 * --dev with none configured, the development provider stands in ("dev-idp", a published key
 * pair) so that tests and the demo can obtain tokens (app_realname_dev_token, the dev-only
 * route POST /api/v1/dev/idp/token and `ureg idp token`). Outside --dev the development key
 * is refused even when configured explicitly.
 */
#ifndef UREG_APP_REALNAME_H
#define UREG_APP_REALNAME_H

#include "app/app.h"
#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

struct intake_checked;

/* The settings of a provider, as text (NULL: unset). */
struct app_idp_config {
    const char *name;       /* the tokens' iss */
    const char *public_key; /* base64 or hex of the Ed25519 public key */
    const char *audience;   /* the tokens' aud; NULL = "ureg" */
    int skew_s;             /* clock skew tolerated; 0 = 60 */
};

/*
 * Configure the provider of `a`. With name and public_key unset: none outside --dev, the
 * development provider under --dev. Returns 0, or -ERR_USAGE with a message on stderr (only
 * one of name and key set, a key that does not parse, the development key outside --dev).
 * Call once, before serving.
 */
int app_realname_configure(struct app *a, const struct app_idp_config *cfg);

/* The provider's name, or NULL when none is configured (static to `a`). */
const char *app_realname_provider(const struct app *a);

/*
 * A token of the development provider for the document (id_type, id_number), valid 10
 * minutes from now, in *out (free() it). -ERR_NOT_FOUND outside --dev or when another
 * provider is configured (the route then does not exist), -ERR_FIELD_INVALID for an unknown
 * id_type (field "id_type").
 */
int app_realname_dev_token(struct app *a, const char *id_type, const char *id_number, char **out,
                           struct err_ctx *ec);

/*
 * The identity check of a submission at Unix time `now`: with a token, verify it and that it
 * names the form's document (the same person key as ck->id); then *verified true and
 * *provider the provider's name. Without one (NULL or ""), *verified false, and on the online
 * channel -ERR_IDENTITY_REQUIRED when the policy refuses unverified applications. Errors carry
 * ec->field "identity_token": -ERR_IDP_NOT_CONFIGURED, -ERR_IDENTITY_TOKEN_INVALID,
 * -ERR_IDENTITY_TOKEN_EXPIRED, -ERR_IDENTITY_MISMATCH.
 */
int app__realname_check(const struct app *a, bool online, const char *token,
                        const struct intake_checked *ck, int64_t now, bool *verified,
                        const char **provider, struct err_ctx *ec);

#endif
