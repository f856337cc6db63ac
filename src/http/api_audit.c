/*
 * api_audit.c — the auditor's export of the audit log, as JSON or CSV. See api_audit.h.
 *
 * A page holds at most API_AUDIT__MAX entries (a few MB), built in memory; the auditor pages on
 * with from_id = next_from_id. Each export is itself an audited act ("audit.export").
 * CSV: RFC 4180 (CRLF, fields with a comma, quote or line break quoted, quotes doubled),
 * values as stored, never rewritten (a spreadsheet opening it should be told to read text).
 */
#include "http/api_audit.h"

#include "app/app.h"
#include "app/auditlog.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_AUDIT__MAX 10000

struct api_audit__range {
    long long from_id, to_id;
    int limit;
};

/* One integer query parameter within [min, max], or `dflt` when absent. */
static int api_audit__int(struct http_req *req, const char *name, long long dflt, long long min,
                          long long max, long long *out)
{
    const char *s = http_query(req, name);
    char *end = NULL;
    *out = s && *s ? strtoll(s, &end, 10) : dflt;
    if (s && *s && (*end || *out < min || *out > max))
        return err_set(&req->err, -ERR_FIELD_INVALID, name);
    return 0;
}

static int api_audit__range(struct http_req *req, struct api_audit__range *r)
{
    long long limit = API_AUDIT__MAX;
    int rc = api_audit__int(req, "from_id", 1, 1, INT64_MAX, &r->from_id);
    if (rc == 0)
        rc = api_audit__int(req, "to_id", 0, 0, INT64_MAX, &r->to_id);
    if (rc == 0)
        rc = api_audit__int(req, "limit", API_AUDIT__MAX, 1, API_AUDIT__MAX, &limit);
    r->limit = (int)limit;
    return rc;
}

struct api_audit__json {
    json_t *items;
    long long last_id;
};

static int api_audit__json_row(const struct audit_row *r, void *arg)
{
    struct api_audit__json *j = arg;
    json_t *detail = json_loads(r->detail, 0, NULL);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id, "at",
                          r->at, "actor", r->actor, "action", r->action, "object_type",
                          r->object_type, "object_id", r->object_id, "remote", r->remote, "detail",
                          detail ? detail : json_string(r->detail));
    json_object_set_new(o, "actor_id",
                        r->has_actor_id ? json_integer((json_int_t)r->actor_id) : json_null());
    json_object_set_new(o, "seq", r->seq ? json_integer((json_int_t)r->seq) : json_null());
    json_object_set_new(o, "hash", r->hash ? json_string(r->hash) : json_null());
    json_array_append_new(j->items, o);
    j->last_id = r->id;
    return 0;
}

int api_audit_export_json(struct http_req *req, struct http_resp *w)
{
    struct api_audit__range rg;
    int rc = api_audit__range(req, &rg);
    if (rc < 0)
        return rc;
    struct api_audit__json j = {json_array(), 0};
    rc = app_audit_export(api__app(req), api__actor(req), "json", rg.from_id, rg.to_id, rg.limit,
                          api_audit__json_row, &j);
    if (rc < 0) {
        json_decref(j.items);
        return rc;
    }
    json_t *next = rc == rg.limit ? json_integer((json_int_t)(j.last_id + 1)) : json_null();
    http_resp_json(w, 200, json_pack("{s:o, s:o}", "items", j.items, "next_from_id", next));
    return 0;
}

/* Append one CSV field (RFC 4180 quoting when needed). */
static void api_audit__csv_field(struct buf *b, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n")) {
        buf_putc(b, '"');
        for (; *s; s++) {
            if (*s == '"')
                buf_putc(b, '"');
            buf_putc(b, *s);
        }
        buf_putc(b, '"');
    } else {
        buf_puts(b, s);
    }
    buf_puts(b, last ? "\r\n" : ",");
}

static int api_audit__csv_row(const struct audit_row *r, void *arg)
{
    struct buf *b = arg;
    char id[24], seq[24], actor_id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
    snprintf(actor_id, sizeof actor_id, "%lld", (long long)r->actor_id);
    const char *cols[] = {
        id,        r->seq ? seq : "", r->at,          r->has_actor_id ? actor_id : "",
        r->actor,  r->action,         r->object_type, r->object_id,
        r->remote, r->detail,         r->hash};
    size_t n = sizeof cols / sizeof *cols;
    for (size_t i = 0; i < n; i++)
        api_audit__csv_field(b, cols[i], i + 1 == n);
    return 0;
}

int api_audit_export_csv(struct http_req *req, struct http_resp *w)
{
    struct api_audit__range rg;
    int rc = api_audit__range(req, &rg);
    if (rc < 0)
        return rc;
    struct buf b = {0};
    buf_puts(&b, "id,seq,at,actor_id,actor,action,object_type,object_id,remote,detail,hash\r\n");
    rc = app_audit_export(api__app(req), api__actor(req), "csv", rg.from_id, rg.to_id, rg.limit,
                          api_audit__csv_row, &b);
    if (rc >= 0) {
        http_resp_bytes(w, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len, true);
        http_resp_header(w, "Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        rc = 0;
    }
    buf_free(&b);
    return rc;
}
