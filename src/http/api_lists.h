/*
 * api_lists.h — the handlers of the public lists (§4(二), 附件4): the public reads and exports,
 * and the staff's reads and writes of the policy, service and agency lists (routes in api.c).
 */
#ifndef UREG_HTTP_API_LISTS_H
#define UREG_HTTP_API_LISTS_H

#include "http/server.h"

int api_lists_public_policies(struct http_req *req, struct http_resp *w);
int api_lists_public_services(struct http_req *req, struct http_resp *w);
int api_lists_public_agencies(struct http_req *req, struct http_resp *w);
int api_lists_agencies_xlsx(struct http_req *req, struct http_resp *w);
int api_lists_agencies_csv(struct http_req *req, struct http_resp *w);

/* Staff (PERM_CATALOG): GET the list with history, POST an entry, GET / PUT / DELETE one. */
int api_lists_policies(struct http_req *req, struct http_resp *w);
int api_lists_policy_add(struct http_req *req, struct http_resp *w);
int api_lists_policy_get(struct http_req *req, struct http_resp *w);
int api_lists_policy_change(struct http_req *req, struct http_resp *w);
int api_lists_policy_retire(struct http_req *req, struct http_resp *w);
int api_lists_services(struct http_req *req, struct http_resp *w);
int api_lists_service_add(struct http_req *req, struct http_resp *w);
int api_lists_service_get(struct http_req *req, struct http_resp *w);
int api_lists_service_change(struct http_req *req, struct http_resp *w);
int api_lists_service_retire(struct http_req *req, struct http_resp *w);
int api_lists_agencies(struct http_req *req, struct http_resp *w);
int api_lists_agency_add(struct http_req *req, struct http_resp *w);
int api_lists_agency_get(struct http_req *req, struct http_resp *w);
int api_lists_agency_change(struct http_req *req, struct http_resp *w);
int api_lists_agency_retire(struct http_req *req, struct http_resp *w);

#endif
