/*
 * api_followup.c — the counters object and the self-report route. See api_followup.h.
 *
 * The self-report is a public route: the applicant proves who they are with the application
 * number and its query code, as the status query (api_app.c) does, and the same guard counts
 * wrong codes per number (api_edge: too many answer 429); the route is rate-limited per client
 * address with the status class (api_edge's table).
 */
#include "http/api_followup.h"

#include "app/followup.h"
#include "base/date.h"
#include "http/api_app.h"
#include "http/api_edge.h"

static json_t *api_followup__day(int32_t d)
{
    char buf[DATE_STRLEN];
    return d ? json_string(date_format(d, buf)) : json_null();
}

static json_t *api_followup__trail(const struct followup_trail *t)
{
    json_t *a = json_array();
    char buf[DATE_STRLEN];
    for (int i = 0; i < t->n && i < FOLLOWUP_IDS_MAX; i++)
        json_array_append_new(a, json_pack("{s:I, s:s}", "id", (json_int_t)t->ids[i], "date",
                                           date_format(t->dates[i], buf)));
    return a;
}

json_t *api_followup_counters(const struct followup_counters *k)
{
    return json_pack("{s:i, s:o, s:i, s:o, s:b, s:o, s:o, s:{s:i, s:i}}", "unreachable_months",
                     k->unreachable_months, "unreachable_since",
                     api_followup__day(k->unreachable_since), "refusals", k->refusals,
                     "next_contact_due", api_followup__day(k->next_contact_due), "overdue",
                     k->overdue, "unreachable_contacts", api_followup__trail(&k->unreachable),
                     "refusal_contacts", api_followup__trail(&k->refused), "thresholds", "refusals",
                     FOLLOWUP_REFUSALS_EXIT, "unreachable_months", FOLLOWUP_UNREACHABLE_EXIT);
}

int api_followup_self_report(struct http_req *req, struct http_resp *w)
{
    const char *no = http_param(req, "no");
    int rc = api_edge_code_guard(req, no); /* too many wrong codes for this number: 429 */
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = http_req_json(req, &body)) < 0)
        return rc;
    struct err_ctx *ec = &req->err;
    const char *code = NULL;
    struct followup_report r = {0};
    if ((rc = json_get_str(body, "query_code", true, 64, &code, ec)) < 0 ||
        (rc = json_get_str(body, "kind", true, 16, &r.kind, ec)) < 0 ||
        (rc = json_get_date(body, "date", true, &r.date, ec)) < 0 ||
        (rc = json_get_str(body, "note", false, 0, &r.note, ec)) < 0 ||
        (rc = json_get_str(body, "employer", false, 200, &r.employer, ec)) < 0)
        return rc;
    int64_t contact_id, proposal_id;
    rc = app_followup_self_report(api__app(req), api__actor(req), no, code, &r, &contact_id,
                                  &proposal_id, ec);
    if (rc == -ERR_NOT_FOUND)
        api_edge_code_failed(req, no);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201,
                   json_pack("{s:I, s:s, s:o}", "contact_id", (json_int_t)contact_id, "kind",
                             r.kind, "exit_proposal_id",
                             proposal_id ? json_integer(proposal_id) : json_null()));
    return 0;
}
