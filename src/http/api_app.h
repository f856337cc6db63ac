/*
 * api_app.h — the handlers of applications and the applicant's status (routes in api.c).
 */
#ifndef UREG_HTTP_API_APP_H
#define UREG_HTTP_API_APP_H

#include "http/server.h"

int api_app_submit_public(struct http_req *req, struct http_resp *w);
int api_app_status_public(struct http_req *req, struct http_resp *w);
int api_app_submit_counter(struct http_req *req, struct http_resp *w);
int api_app_list(struct http_req *req, struct http_resp *w);
int api_app_get(struct http_req *req, struct http_resp *w);
int api_app_decide(struct http_req *req, struct http_resp *w);

/* The app context and the actor of a request (set up by api.c). */
struct app *api__app(const struct http_req *req);
const struct actor *api__actor(const struct http_req *req);
/* The user object of the session answers, and the session cookie (max_age 0 clears it). */
struct actor;
json_t *api__user_json(const struct actor *u);
void api__set_cookie(struct http_req *req, struct http_resp *w, const char *token, long max_age);
#define API_COOKIE "ureg_session"

#endif
