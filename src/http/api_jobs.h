/*
 * api_jobs.h — the handlers of vacancies and job matches (routes in api.c).
 */
#ifndef UREG_HTTP_API_JOBS_H
#define UREG_HTTP_API_JOBS_H

#include "http/server.h"

int api_jobs_create(struct http_req *req, struct http_resp *w);
int api_jobs_list(struct http_req *req, struct http_resp *w);
int api_jobs_get(struct http_req *req, struct http_resp *w);
int api_jobs_close(struct http_req *req, struct http_resp *w);
int api_jobs_import(struct http_req *req, struct http_resp *w);
int api_jobs_matches(struct http_req *req, struct http_resp *w);

#endif
