/*
 * api_exchange.c — the exchange over HTTP. Thin: read the request, call one app_exchange_
 * function, render. See api_exchange.h.
 *
 * POST /api/v1/exchange is open at the HTTP level (PERM_PUBLIC): a message is authenticated
 * by its Signature header against the registry, inside app_exchange_receive, and the answer
 * carries the hub's own Signature header.
 */
#include "http/api_exchange.h"

#include "app/exchange.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"
#include "rules/region.h"
#include "app/accounts.h"

#include <stdlib.h>
#include <string.h>

int api_exchange_receive(struct http_req *req, struct http_resp *w)
{
    struct exchange_answer ans;
    int rc = app_exchange_receive(api__app(req), req->body, req->body_len,
                                  http_header(req, "Signature"), &ans);
    if (rc < 0)
        return rc;
    http_resp_header(w, "Signature", ans.signature);
    http_resp_bytes(w, ans.status, "application/json; charset=utf-8", ans.body, strlen(ans.body),
                    true);
    free(ans.body);
    return 0;
}

int api_exchange_overview(struct http_req *req, struct http_resp *w)
{
    json_t *o;
    int rc = app_exchange_overview(api__app(req), &o);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, o);
    return 0;
}

int api_exchange_systems(struct http_req *req, struct http_resp *w)
{
    json_t *o;
    int rc = app_exchange_systems(api__app(req), &o);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, o);
    return 0;
}

/* The regions list of the request as "P1,P2" in the request's arena; NULL for none. */
static int api_exchange__regions(struct http_req *req, json_t *body, const char **out)
{
    json_t *list = json_object_get(body, "regions");
    *out = NULL;
    if (!list)
        return 0;
    if (!json_is_array(list) || json_array_size(list) > 1000)
        return err_set(&req->err, -ERR_FIELD_INVALID, "regions");
    struct buf b = {0};
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        const char *s = json_string_value(it);
        if (!s || !*s || strchr(s, ',')) {
            buf_free(&b);
            return err_set(&req->err, -ERR_FIELD_INVALID, "regions");
        }
        buf_printf(&b, "%s%s", i ? "," : "", s);
    }
    *out = arena_strdup(&req->arena, buf_cstr(&b));
    buf_free(&b);
    return 0;
}

int api_exchange_register(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    const char *system_id, *public_key, *regions;
    int rc = http_req_json(req, &body);
    if (rc < 0)
        return rc;
    if ((rc = json_get_str(body, "system_id", true, 64, &system_id, &req->err)) < 0 ||
        (rc = json_get_str(body, "public_key", true, 128, &public_key, &req->err)) < 0 ||
        (rc = api_exchange__regions(req, body, &regions)) < 0)
        return rc;
    rc = app_exchange_register(api__app(req), api__actor(req), system_id, public_key, regions,
                               &req->err);
    if (rc < 0)
        return rc;
    return api_exchange_systems(req, w);
}

static int api_exchange__agency(const struct agency *ag, void *arg)
{
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)ag->id,
                                         "name", ag->name, "region", ag->region, "kind", ag->kind,
                                         "address", ag->address, "phone", ag->phone));
    return 0;
}

/* 12333, the agencies of ?region (with their phones) and the online routes (notice §8). */
int api_public_consultation(struct http_req *req, struct http_resp *w)
{
    const char *region = http_query(req, "region");
    char prefix[16] = "";
    if (region && *region) {
        if (region_validate(region) < 0)
            return err_set(&req->err, -ERR_REGION_INVALID, "region");
        region_prefix(region, prefix, sizeof prefix);
    }
    json_t *agencies = json_array();
    int rc = app_public_agencies(api__app(req), prefix, 50, api_exchange__agency, agencies);
    if (rc < 0) {
        json_decref(agencies);
        return rc;
    }
    bool national = app_role(api__app(req)) == APP_ROLE_NATIONAL;
    json_t *online = json_array();
    json_array_append_new(online, json_pack("{s:s, s:s, s:s}", "name_zh",
                                            national ? "失业登记全国统一服务入口（本站）"
                                                     : "本地网上办理失业登记（本站）",
                                            "name_en",
                                            national ? "National unified entry (this site)"
                                                     : "Local online registration (this site)",
                                            "url", "/#/apply"));
    json_array_append_new(online,
                          json_pack("{s:s, s:s, s:s}", "name_zh", "国家人社政务服务平台 · 失业登记",
                                    "name_en", "MOHRSS government service platform · registration",
                                    "url", "http://si.12333.gov.cn"));
    http_resp_json(
        w, 200,
        json_pack("{s:s, s:o, s:o}", "hotline", "12333", "agencies", agencies, "online", online));
    return 0;
}
