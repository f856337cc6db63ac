/*
 * api_flag.h — the handlers of false-information flags and credit records (notice §5 ¶1;
 * routes in api.c): list flags, review one, record a credit record on a confirmed flag,
 * submit or withdraw it, export the submitted ones (CSV, JSON).
 */
#ifndef UREG_HTTP_API_FLAG_H
#define UREG_HTTP_API_FLAG_H

#include "http/server.h"

int api_flag_list(struct http_req *req, struct http_resp *w);
int api_flag_review(struct http_req *req, struct http_resp *w);
int api_credit_create(struct http_req *req, struct http_resp *w);
int api_credit_submit(struct http_req *req, struct http_resp *w);
int api_credit_withdraw(struct http_req *req, struct http_resp *w);
int api_credit_export_csv(struct http_req *req, struct http_resp *w);
int api_credit_export_json(struct http_req *req, struct http_resp *w);

#endif
