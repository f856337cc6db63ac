/*
 * api_followup.h — the follow-up's HTTP side (issue 9): the counters object of a registration's
 * view and the applicant's self-report route (routes in api.c).
 */
#ifndef UREG_HTTP_API_FOLLOWUP_H
#define UREG_HTTP_API_FOLLOWUP_H

#include "base/json.h"
#include "http/server.h"
#include "app/followup.h" /* struct followup_counters (rules/followup) */

/* The "counters" object of GET /api/v1/registrations/{no}: {unreachable_months,
 * unreachable_since, refusals, next_contact_due, overdue, unreachable_contacts,
 * refusal_contacts, thresholds}. A new reference. */
json_t *api_followup_counters(const struct followup_counters *k);

/* POST /api/v1/public/applications/{no}/self-report. */
int api_followup_self_report(struct http_req *req, struct http_resp *w);

#endif
