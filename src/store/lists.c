/*
 * lists.c — the policy, service and agency lists with their versions. See lists.h.
 *
 * "In force on D" is, per entry, the highest version with valid_from <= D (versions never go
 * back in time, app/lists.c sees to it), read with a correlated MAX over the entry's versions:
 * the primary key (kind, entry_id, version) serves it. The region test is the prefix test of
 * store/agency.c. Text search lower-cases ASCII on both sides (SQLite's lower() and
 * PostgreSQL's under the C collation agree there) and leaves Chinese text as it is.
 */
#include "store/lists.h"

#include "base/arena.h"
#include "base/err.h"

#include <string.h>

static const char SQL_LIST_ENTRY_INSERT[] =
    "INSERT INTO list_entry (kind, id, region, agency_id, created_at)"
    " SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM region WHERE code = $3)";
static const char SQL_LIST_VERSION_INSERT[] =
    "INSERT INTO list_version (kind, entry_id, version, valid_from, retired, name, target,"
    " content, conditions, accepting, address, phone, items, hours, note, recorded_at,"
    " recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17)";

/* The columns every read returns, in list__row's order. */
#define LIST__COLUMNS                                                                              \
    "e.kind, e.id, e.region, COALESCE(a.kind, ''), v.version, v.valid_from, v.retired, v.name,"    \
    " v.target, v.content, v.conditions, v.accepting, v.address, v.phone, v.items, v.hours,"       \
    " v.note, v.recorded_at, COALESCE(u.username, '')"
#define LIST__FROM                                                                                 \
    " FROM list_entry e JOIN list_version v ON v.kind = e.kind AND v.entry_id = e.id"              \
    " LEFT JOIN agency a ON a.id = e.agency_id LEFT JOIN app_user u ON u.id = v.recorded_by"

static const char SQL_LIST_LATEST[] =
    "SELECT " LIST__COLUMNS LIST__FROM
    " WHERE e.kind = $1 AND e.id = $2 AND substr(e.region, 1, length($3)) = $3"
    " ORDER BY v.version DESC LIMIT 1";
static const char SQL_LIST_IN_FORCE[] =
    "SELECT " LIST__COLUMNS LIST__FROM " WHERE e.kind = $1 AND substr(e.region, 1, length($2)) = $2"
    " AND v.version = (SELECT MAX(w.version) FROM list_version w"
    "  WHERE w.kind = e.kind AND w.entry_id = e.id AND w.valid_from <= $3)"
    " AND v.retired = 0"
    " AND ($4 = '' OR lower(v.name || ' ' || v.target || ' ' || v.content || ' ' || v.conditions"
    "  || ' ' || v.accepting || ' ' || v.address || ' ' || v.phone || ' ' || v.items || ' ' ||"
    "  v.hours) LIKE $4 ESCAPE '\\')"
    " ORDER BY e.region, e.id LIMIT $5";
static const char SQL_LIST_HISTORY[] =
    "SELECT " LIST__COLUMNS LIST__FROM
    " WHERE e.kind = $1 AND substr(e.region, 1, length($2)) = $2 AND ($3 = 0 OR e.id = $3)"
    " ORDER BY e.region, e.id, v.version DESC LIMIT $4";

static const char *list__or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

int store_list_entry_insert(struct store_conn *c, const char *kind, int64_t id, const char *region,
                            int64_t agency_id, const char *created_at)
{
    struct store_q *q = store_q_open(c, SQL_LIST_ENTRY_INSERT);
    store_q_text(q, 1, kind);
    store_q_int(q, 2, id);
    store_q_text(q, 3, region);
    if (agency_id)
        store_q_int(q, 4, agency_id);
    else
        store_q_null(q, 4);
    store_q_text(q, 5, created_at);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_REGION_INVALID : 0;
}

int store_list_version_insert(struct store_conn *c, const struct list_version *v)
{
    struct store_q *q = store_q_open(c, SQL_LIST_VERSION_INSERT);
    store_q_text(q, 1, v->kind);
    store_q_int(q, 2, v->id);
    store_q_int(q, 3, v->version);
    store_q_text(q, 4, v->valid_from);
    store_q_int(q, 5, v->retired ? 1 : 0);
    store_q_text(q, 6, list__or(v->name, ""));
    store_q_text(q, 7, list__or(v->target, ""));
    store_q_text(q, 8, list__or(v->content, ""));
    store_q_text(q, 9, list__or(v->conditions, ""));
    store_q_text(q, 10, list__or(v->accepting, ""));
    store_q_text(q, 11, list__or(v->address, ""));
    store_q_text(q, 12, list__or(v->phone, ""));
    store_q_text(q, 13, v->items && *v->items ? v->items : "[]");
    store_q_text(q, 14, list__or(v->hours, ""));
    store_q_text(q, 15, list__or(v->note, ""));
    store_q_text(q, 16, v->recorded_at);
    if (v->recorded_by_id)
        store_q_int(q, 17, v->recorded_by_id);
    else
        store_q_null(q, 17);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* Fill *v from the current row of q (LIST__COLUMNS); the strings are q's. */
static void list__row(struct store_q *q, struct list_version *v)
{
    memset(v, 0, sizeof *v);
    v->kind = store_q_col_text(q, 0);
    v->id = store_q_col_int(q, 1);
    v->region = store_q_col_text(q, 2);
    v->agency_kind = store_q_col_text(q, 3);
    v->version = (int)store_q_col_int(q, 4);
    v->valid_from = store_q_col_text(q, 5);
    v->retired = store_q_col_int(q, 6) != 0;
    v->name = store_q_col_text(q, 7);
    v->target = store_q_col_text(q, 8);
    v->content = store_q_col_text(q, 9);
    v->conditions = store_q_col_text(q, 10);
    v->accepting = store_q_col_text(q, 11);
    v->address = store_q_col_text(q, 12);
    v->phone = store_q_col_text(q, 13);
    v->items = store_q_col_text(q, 14);
    v->hours = store_q_col_text(q, 15);
    v->note = store_q_col_text(q, 16);
    v->recorded_at = store_q_col_text(q, 17);
    v->recorded_by = store_q_col_text(q, 18);
}

void store_list_version_keep(struct arena *ar, struct list_version *v)
{
    const char **fields[] = {&v->kind,      &v->region,  &v->agency_kind, &v->valid_from,
                             &v->name,      &v->target,  &v->content,     &v->conditions,
                             &v->accepting, &v->address, &v->phone,       &v->items,
                             &v->hours,     &v->note,    &v->recorded_at, &v->recorded_by};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = arena_strdup(ar, *fields[i] ? *fields[i] : "");
}

int store_list_latest(struct store_conn *c, const char *kind, int64_t id, const char *scope,
                      struct arena *ar, struct list_version *out)
{
    struct store_q *q = store_q_open(c, SQL_LIST_LATEST);
    store_q_text(q, 1, kind);
    store_q_int(q, 2, id);
    store_q_text(q, 3, scope);
    int rc = store_q_step(q);
    if (rc == 1) {
        list__row(q, out);
        store_list_version_keep(ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

/* Step q to the end calling fn per row; closes q. Returns the rows visited or an error. */
static int list__each(struct store_q *q, int (*fn)(const struct list_version *v, void *arg),
                      void *arg)
{
    int rc, n = 0;
    struct list_version v;
    while ((rc = store_q_step(q)) == 1) {
        list__row(q, &v);
        n++;
        if (fn(&v, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_list_in_force_each(struct store_conn *c, const struct list_query *lq,
                             int (*fn)(const struct list_version *v, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_LIST_IN_FORCE);
    store_q_text(q, 1, lq->kind);
    store_q_text(q, 2, lq->prefix ? lq->prefix : "");
    store_q_text(q, 3, lq->on);
    store_q_text(q, 4, lq->pattern ? lq->pattern : "");
    store_q_int(q, 5, lq->limit);
    return list__each(q, fn, arg);
}

int store_list_history_each(struct store_conn *c, const struct list_query *lq,
                            int (*fn)(const struct list_version *v, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_LIST_HISTORY);
    store_q_text(q, 1, lq->kind);
    store_q_text(q, 2, lq->prefix ? lq->prefix : "");
    store_q_int(q, 3, lq->id);
    store_q_int(q, 4, lq->limit);
    return list__each(q, fn, arg);
}

int store_list_pattern(const char *q, char *out, size_t outsz)
{
    size_t n = 0;
    if (outsz < 3)
        return -ERR_FIELD_INVALID;
    out[n++] = '%';
    for (const char *p = q; *p; p++) {
        if (n + 3 >= outsz)
            return -ERR_FIELD_INVALID;
        if (*p == '%' || *p == '_' || *p == '\\')
            out[n++] = '\\';
        out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    }
    out[n++] = '%';
    out[n] = '\0';
    return 0;
}
