/*
 * api_pii.h — the applicant's "my personal data usage" (routes in api.c).
 */
#ifndef UREG_HTTP_API_PII_H
#define UREG_HTTP_API_PII_H

#include "http/server.h"

/* GET /api/v1/public/applications/{no}/data-usage?query_code=Q */
int api_pii_usage_public(struct http_req *req, struct http_resp *w);

#endif
