/*
 * realname.c — the identity provider of the online channel. See realname.h.
 */
#include "app/realname.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "rules/idnum.h"
#include "rules/intake.h"
#include "rules/realname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REALNAME__DEV_TTL 600

int app_realname_configure(struct app *a, const struct app_idp_config *cfg)
{
    bool has_name = cfg->name && *cfg->name, has_key = cfg->public_key && *cfg->public_key;
    struct realname_provider dev;
    realname_dev_provider(&dev, a->idp_dev_sk);
    a->has_idp = a->idp_is_dev = false;
    if (!has_name && !has_key) {
        if (a->dev) {
            a->idp = dev;
            a->has_idp = a->idp_is_dev = true;
        }
        return 0;
    }
    if (has_name != has_key || strlen(cfg->name) >= sizeof a->idp.name ||
        (cfg->audience && strlen(cfg->audience) >= sizeof a->idp.audience)) {
        fprintf(stderr, "ureg: an identity provider needs both --idp-name and --idp-public-key "
                        "(a name under 64 bytes, an audience under 128)\n");
        return -ERR_USAGE;
    }
    struct realname_provider p = {0};
    if (realname_parse_public_key(cfg->public_key, p.public_key) < 0) {
        fprintf(stderr, "ureg: --idp-public-key wants the provider's Ed25519 public key as "
                        "base64 (44 characters) or 64 hex digits\n");
        return -ERR_USAGE;
    }
    if (memcmp(p.public_key, dev.public_key, sizeof p.public_key) == 0 && !a->dev) {
        fprintf(stderr, "ureg: the development identity provider's key is public; it is "
                        "accepted only with --dev\n");
        return -ERR_USAGE;
    }
    snprintf(p.name, sizeof p.name, "%s", cfg->name);
    snprintf(p.audience, sizeof p.audience, "%s",
             cfg->audience && *cfg->audience ? cfg->audience : "ureg");
    p.skew_s = cfg->skew_s > 0 ? cfg->skew_s : 60;
    a->idp = p;
    a->has_idp = true;
    return 0;
}

const char *app_realname_provider(const struct app *a)
{
    return a->has_idp ? a->idp.name : NULL;
}

int app_realname_dev_token(struct app *a, const char *id_type, const char *id_number, char **out,
                           struct err_ctx *ec)
{
    *out = NULL;
    enum id_type t;
    if (!a->dev || !a->idp_is_dev)
        return -ERR_NOT_FOUND;
    if (idnum_type_parse(id_type, &t) < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "id_type");
    if (!id_number || !*id_number || strlen(id_number) >= 40)
        return err_set(ec, -ERR_FIELD_INVALID, "id_number");
    *out =
        realname_issue(&a->idp, a->idp_dev_sk, id_type, id_number, clock_now(), REALNAME__DEV_TTL);
    return *out ? 0 : -ERR_INTERNAL;
}

int app__realname_check(const struct app *a, bool online, const char *token,
                        const struct intake_checked *ck, int64_t now, bool *verified,
                        const char **provider, struct err_ctx *ec)
{
    *verified = false;
    *provider = NULL;
    if (!token || !*token) {
        if (online && !a->policy.online_accept_unverified)
            return err_set(ec, -ERR_IDENTITY_REQUIRED, "identity_token");
        return 0;
    }
    if (!a->has_idp)
        return err_set(ec, -ERR_IDP_NOT_CONFIGURED, "identity_token");
    struct realname_claims cl;
    int rc = realname_verify(&a->idp, token, now, &cl);
    if (rc < 0)
        return err_set(ec, rc, "identity_token");
    /* The same person: the document key of the token's number equals the form's. */
    enum id_type t;
    struct idnum id;
    if (idnum_type_parse(cl.id_type, &t) < 0 ||
        idnum_parse(t, cl.id_number, strlen(cl.id_number), clock_date_of(now), &id) < 0 ||
        strcmp(id.person_key, ck->id.person_key) != 0)
        return err_set(ec, -ERR_IDENTITY_MISMATCH, "identity_token");
    *verified = true;
    *provider = a->idp.name;
    return 0;
}
