/*
 * api_pii.c — who read the applicant's personal data, when and why (issue 12; GovStack's "my
 * personal data usage"), for the holder of the application number and its query code: the
 * same proof as the status lookup, and the same 404 for a wrong pair.
 *
 * An item names the reader (username and agency: the accountable person and office), the time,
 * whether the data was unmasked, the stated reason and the application read. At most 100, newest
 * first.
 */
#include "http/api_pii.h"

#include "app/review.h"
#include "base/err.h"
#include "http/api_app.h"

#include <jansson.h>
#include <string.h>

#define API_PII__LIMIT 100

/* The row's number when it read an object of `type`, else null. */
static json_t *api_pii__no(const struct usage_row *r, const char *type)
{
    return strcmp(r->object_type, type) == 0 ? json_string(r->object_no) : json_null();
}

static int api_pii__item(const struct usage_row *r, void *arg)
{
    json_t *items = arg;
    json_t *detail = json_loads(r->detail ? r->detail : "{}", 0, NULL);
    json_t *reason = detail ? json_object_get(detail, "reason") : NULL;
    json_array_append_new(items,
                          json_pack("{s:s, s:s, s:s, s:s, s:O, s:o, s:o}", "at", r->at, "reader",
                                    r->actor, "agency", r->agency, "action",
                                    strcmp(r->action, "person.reveal") == 0 ? "reveal" : "read",
                                    "reason", json_is_string(reason) ? reason : json_null(),
                                    "application_no", api_pii__no(r, "application"),
                                    "registration_no", api_pii__no(r, "registration")));
    json_decref(detail);
    return 0;
}

int api_pii_usage_public(struct http_req *req, struct http_resp *w)
{
    json_t *items = json_array();
    int rc =
        app_review_data_usage(api__app(req), http_param(req, "no"), http_query(req, "query_code"),
                              API_PII__LIMIT, api_pii__item, items);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    http_resp_json(w, 200, json_pack("{s:o}", "items", items));
    return 0;
}
