/*
 * api_reg.h — the handlers of registrations: the view, the list, the profile, service records,
 * contacts and the due list (routes in api.c).
 */
#ifndef UREG_HTTP_API_REG_H
#define UREG_HTTP_API_REG_H

#include "http/server.h"

int api_reg_get(struct http_req *req, struct http_resp *w);
int api_reg_list(struct http_req *req, struct http_resp *w);
int api_reg_profile(struct http_req *req, struct http_resp *w);
int api_reg_service(struct http_req *req, struct http_resp *w);
int api_reg_contact(struct http_req *req, struct http_resp *w);
int api_reg_due(struct http_req *req, struct http_resp *w);

#endif
