/*
 * api_staff.c — the staff account routes. See api_staff.h.
 *
 * A cookie session's own token is passed on (the password change keeps that session, the
 * enrolment lifts its limit); a bearer-token client has none.
 */
#include "http/api_staff.h"

#include "app/access.h"
#include "app/staff.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"

#include <sodium.h>
#include <string.h>

/* The session cookie of a cookie session, else NULL. */
static const char *api_staff__token(struct http_req *req)
{
    const struct actor *me = api__actor(req);
    return me->via_cookie ? http_cookie(req, API_COOKIE) : NULL;
}

int api_staff_password(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *old_pw, *new_pw;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "old_password", true, 256, &old_pw, &req->err)) < 0 ||
        (rc = json_get_str(body, "new_password", true, 1024, &new_pw, &req->err)) < 0)
        return rc;
    rc = app_password_change(api__app(req), api__actor(req), api_staff__token(req), old_pw, new_pw);
    if (rc < 0)
        return err_set(&req->err, rc, rc == -ERR_PASSWORD_WRONG ? "old_password" : "new_password");
    http_resp_json(w, 200, json_pack("{s:s}", "status", "changed"));
    return 0;
}

int api_staff_logout_all(struct http_req *req, struct http_resp *w)
{
    int ended = 0;
    int rc = app_logout_all(api__app(req), api__actor(req), &ended);
    if (rc < 0)
        return rc;
    api__set_cookie(req, w, "", 0);
    http_resp_json(w, 200,
                   json_pack("{s:s, s:i}", "status", "logged_out", "sessions_ended", ended));
    return 0;
}

int api_staff_totp_begin(struct http_req *req, struct http_resp *w)
{
    char secret[TOTP_SECRET_B32], uri[256];
    int rc = app_totp_begin(api__app(req), api__actor(req), secret, uri);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:s, s:s, s:i, s:i, s:s}", "secret", secret, "otpauth_uri", uri,
                             "digits", TOTP_DIGITS, "period", TOTP_STEP, "algorithm", "SHA1"));
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(uri, sizeof uri);
    return 0;
}

int api_staff_totp_confirm(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *code;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "code", true, 16, &code, &req->err)) < 0)
        return rc;
    rc = app_totp_confirm(api__app(req), api__actor(req), api_staff__token(req), code);
    if (rc < 0)
        return err_set(&req->err, rc, rc == -ERR_TOTP_INVALID ? "code" : NULL);
    http_resp_json(w, 200, json_pack("{s:s}", "status", "enabled"));
    return 0;
}

int api_staff_reset_password(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *pw;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "new_password", true, 1024, &pw, &req->err)) < 0)
        return rc;
    int ended = 0;
    rc =
        app_password_reset(api__app(req), api__actor(req), http_param(req, "username"), pw, &ended);
    if (rc < 0)
        return err_set(&req->err, rc, rc == -ERR_NOT_FOUND ? NULL : "new_password");
    http_resp_json(w, 200, json_pack("{s:s, s:i}", "status", "reset", "sessions_ended", ended));
    return 0;
}

int api_staff_reset_totp(struct http_req *req, struct http_resp *w)
{
    int rc = app_totp_reset(api__app(req), api__actor(req), http_param(req, "username"));
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, json_pack("{s:s}", "status", "reset"));
    return 0;
}
