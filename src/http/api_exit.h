/*
 * api_exit.h — the exit routes (issue 9, part A): a caseworker's exit, a supervisor's revert, the
 * exit proposals listed, confirmed and dismissed. Thin handlers over app/exitcase.
 */
#ifndef UREG_HTTP_API_EXIT_H
#define UREG_HTTP_API_EXIT_H

#include "http/server.h"

/* POST /api/v1/registrations/{reg_no}/exit {reason_code, date, note, subkind?, evidence?} */
int api_exit_record(struct http_req *req, struct http_resp *w);
/* POST /api/v1/registrations/{reg_no}/exit/revert {reason} (supervisor) */
int api_exit_revert(struct http_req *req, struct http_resp *w);
/* GET /api/v1/exit-proposals ?status=S&registration=REG_NO */
int api_exit_proposals(struct http_req *req, struct http_resp *w);
/* POST /api/v1/exit-proposals/{id}/confirm {note?} */
int api_exit_confirm(struct http_req *req, struct http_resp *w);
/* POST /api/v1/exit-proposals/{id}/dismiss {note} */
int api_exit_dismiss(struct http_req *req, struct http_resp *w);

/* The registration view's exit completed from its exit_event row (evidence as recorded, subkind,
 * source, note, exit_id) and its open proposals under "exit_proposals" (issue 9). */
void api_exit_view(struct http_req *req, json_t *o, const char *reg_no);

#endif
