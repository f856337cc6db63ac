/*
 * api_exit.c — the exit routes. See api_exit.h. Each parses its body or query, calls one
 * app/exitcase function and renders; bad input names its field and writes nothing.
 */
#include "http/api_exit.h"

#include "app/exitcase.h"
#include "base/date.h"
#include "base/json.h"
#include "http/api_app.h"

#include <stdlib.h>
#include <string.h>

/* A JSON text from the store as a value (an empty object when it does not parse). */
static json_t *api_exit__json(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_object();
}

int api_exit_record(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct exitcase_in in = {0};
    int rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "reason_code", true, 8, &in.reason_code, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "subkind", false, 16, &in.subkind, &req->err);
    if (rc == 0)
        rc = json_get_date(body, "date", true, &in.date, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "note", false, 2000, &in.note, &req->err);
    if (rc < 0)
        return rc;
    in.evidence = json_object_get(body, "evidence");
    if (in.evidence && !json_is_object(in.evidence))
        return err_set(&req->err, -ERR_FIELD_INVALID, "evidence");
    struct exitcase_out out;
    rc = app_exit_record(api__app(req), api__actor(req), http_param(req, "reg_no"), &in, &out,
                         &req->err);
    if (rc < 0)
        return rc;
    char day[DATE_STRLEN];
    date_format(in.date, day);
    http_resp_json(w, 200,
                   json_pack("{s:I, s:s, s:s, s:s, s:O, s:o}", "exit_id", (json_int_t)out.exit_id,
                             "reason_code", in.reason_code, "subkind", in.subkind ? in.subkind : "",
                             "date", day, "evidence", in.evidence ? in.evidence : json_object(),
                             "notified", out.notify ? json_false() : json_null()));
    return 0;
}

int api_exit_revert(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *reason = NULL;
    int rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "reason", true, 2000, &reason, &req->err);
    if (rc == 0)
        rc = app_exit_revert(api__app(req), api__actor(req), http_param(req, "reg_no"), reason,
                             &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:s}", "registration_no", http_param(req, "reg_no"), "status", "active"));
    return 0;
}

/* One proposal as the API gives it. */
static int api_exit__proposal(const struct exit_proposal_row *p, const char *reg_no, void *arg)
{
    json_array_append_new(
        (json_t *)arg,
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:o}", "id",
                  (json_int_t)p->id, "registration_no", reg_no, "reason_code", p->reason_code,
                  "subkind", p->subkind, "date", p->exit_date, "source", p->source, "evidence",
                  api_exit__json(p->evidence), "status", p->status, "proposed_at", p->proposed_at,
                  "decided_at", p->decided_at ? json_string(p->decided_at) : json_null(),
                  "decision_note", p->decision_note, "exit_id",
                  p->exit_id ? json_integer(p->exit_id) : json_null()));
    return 0;
}

int api_exit_proposals(struct http_req *req, struct http_resp *w)
{
    json_t *items = json_array();
    int rc = app_exit_proposal_list(api__app(req), api__actor(req), http_query(req, "status"),
                                    http_query(req, "registration"), 500, api_exit__proposal, items,
                                    &req->err);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    http_resp_json(w, 200, json_pack("{s:o}", "items", items));
    return 0;
}

/* Confirm or dismiss proposal {id}. */
static int api_exit__decide(struct http_req *req, struct http_resp *w, bool confirm)
{
    json_t *body;
    const char *note = NULL;
    char *end;
    const char *ids = http_param(req, "id");
    long long id = ids ? strtoll(ids, &end, 10) : 0;
    if (!ids || *end || id <= 0)
        return -ERR_NOT_FOUND;
    int rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "note", !confirm, 2000, &note, &req->err);
    int64_t exit_id = 0;
    if (rc == 0)
        rc = app_exit_proposal_decide(api__app(req), api__actor(req), id, confirm, note, &exit_id,
                                      &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200,
                   json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "status",
                             confirm ? "confirmed" : "dismissed", "exit_id",
                             exit_id ? json_integer(exit_id) : json_null()));
    return 0;
}

int api_exit_confirm(struct http_req *req, struct http_resp *w)
{
    return api_exit__decide(req, w, true);
}

int api_exit_dismiss(struct http_req *req, struct http_resp *w)
{
    return api_exit__decide(req, w, false);
}

static json_t *api_exit__nullable(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The delivery of the exit's notification (issue 9), null when the exit owes none. */
static json_t *api_exit__notification(const struct notify_view *nv)
{
    if (!nv->status)
        return json_null();
    return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "channel",
                     nv->channel ? nv->channel : "", "text", nv->text ? nv->text : "", "status",
                     nv->status, "attempts", nv->attempts, "last_error",
                     api_exit__nullable(nv->last_error), "sent_at", api_exit__nullable(nv->sent_at),
                     "next_attempt_at", api_exit__nullable(nv->next_attempt_at));
}

void api_exit_view(struct http_req *req, json_t *o, const char *reg_no)
{
    struct exit_row x;
    struct notify_view nv;
    int notified = -1;
    json_t *ex = json_object_get(o, "exit");
    if (json_is_object(ex) && app_exit_current(api__app(req), api__actor(req), reg_no, &req->arena,
                                               &x, &notified, &nv) == 0) {
        json_object_set_new(ex, "evidence", api_exit__json(x.evidence));
        json_object_set_new(ex, "subkind", json_string(x.subkind));
        json_object_set_new(ex, "source", json_string(x.source));
        json_object_set_new(ex, "note", json_string(x.note));
        json_object_set_new(ex, "exit_id", json_integer(x.id));
        json_object_set_new(ex, "notification", api_exit__notification(&nv));
    }
    json_t *open = json_array();
    if (app_exit_proposal_list(api__app(req), api__actor(req), "open", reg_no, 50,
                               api_exit__proposal, open, &req->err) < 0)
        json_array_clear(open);
    json_object_set_new(o, "exit_proposals", open);
}
