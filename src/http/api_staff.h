/*
 * api_staff.h — staff accounts over HTTP: password change, logout everywhere, second-factor
 * enrolment (the caller's own account) and the admin's password and second-factor resets
 * (routes in api.c; app/staff.h does the work).
 */
#ifndef UREG_HTTP_API_STAFF_H
#define UREG_HTTP_API_STAFF_H

#include "http/server.h"

int api_staff_password(struct http_req *req, struct http_resp *w);
int api_staff_logout_all(struct http_req *req, struct http_resp *w);
int api_staff_totp_begin(struct http_req *req, struct http_resp *w);
int api_staff_totp_confirm(struct http_req *req, struct http_resp *w);
int api_staff_reset_password(struct http_req *req, struct http_resp *w);
int api_staff_reset_totp(struct http_req *req, struct http_resp *w);

#endif
