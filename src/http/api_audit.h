/*
 * api_audit.h — the auditor's export of the audit log (routes in api.c).
 */
#ifndef UREG_HTTP_API_AUDIT_H
#define UREG_HTTP_API_AUDIT_H

#include "http/server.h"

/* GET /api/v1/audit/export (JSON) and GET /api/v1/audit/export.csv: entries by id with their
 * place and hash, ?from_id=&to_id=&limit= (at most 10000 a page; `next_from_id` goes on). */
int api_audit_export_json(struct http_req *req, struct http_resp *w);
int api_audit_export_csv(struct http_req *req, struct http_resp *w);

#endif
