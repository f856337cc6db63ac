/*
 * api_refer.h — the handlers of job referrals, their results and the lists handed (routes in
 * api.c, issue 8's closure): GET/POST /api/v1/registrations/{no}/referrals,
 * POST .../referrals/{id}/result, POST .../lists-handed.
 */
#ifndef UREG_HTTP_API_REFER_H
#define UREG_HTTP_API_REFER_H

#include "http/server.h"

int api_refer_list(struct http_req *req, struct http_resp *w);
int api_refer_add(struct http_req *req, struct http_resp *w);
int api_refer_result(struct http_req *req, struct http_resp *w);
int api_refer_lists_handed(struct http_req *req, struct http_resp *w);

#endif
