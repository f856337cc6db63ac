/*
 * exchange.c — the exchange's SQL. See exchange.h.
 *
 * Load: the hub takes a few hundred national submissions a second at peak and answers each
 * local's download every second or so with a page of at most 100 cases (an index range on
 * exchange_case_pending); a local's outbox holds the uploads of the last seconds, or of the
 * hours the hub was unreachable. The registry and the routes are a few hundred rows.
 */
#include "store/exchange.h"

#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_X_SYSTEM_PUT[] =
    "INSERT INTO exchange_system (system_id, public_key, created_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (system_id) DO UPDATE SET public_key = excluded.public_key";
static const char SQL_X_SYSTEM_KEY[] =
    "SELECT public_key FROM exchange_system WHERE system_id = $1";
static const char SQL_X_SYSTEM_SEEN[] =
    "UPDATE exchange_system SET last_seen_at = $2 WHERE system_id = $1";
static const char SQL_X_SYSTEMS[] =
    "SELECT system_id, public_key, created_at, COALESCE(last_seen_at, 0) FROM exchange_system"
    " ORDER BY system_id";
static const char SQL_X_ROUTE_PUT[] =
    "INSERT INTO exchange_route (prefix, system_id) VALUES ($1, $2)"
    " ON CONFLICT (prefix) DO UPDATE SET system_id = excluded.system_id";
static const char SQL_X_ROUTES[] = "SELECT prefix, system_id FROM exchange_route ORDER BY prefix";

#define X__CASE_COLUMNS                                                                            \
    "id, national_no, local_no, system_id, register_region, channel, status, query_code_hash,"     \
    " payload, deadline, decision_reason, registration_no, decided_at, submitted_at,"              \
    " submitted_ms, COALESCE(acked_at, 0), result_seq, exit_reason, exit_date"
static const char SQL_X_CASE_INSERT[] =
    "INSERT INTO exchange_case (national_no, local_no, system_id, register_region, channel,"
    " status, query_code_hash, payload, deadline, submitted_at, submitted_ms, decision_reason,"
    " registration_no, decided_at, result_seq, result_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_X_CASE_BY_NATIONAL[] =
    "SELECT " X__CASE_COLUMNS " FROM exchange_case WHERE national_no = $1";
static const char SQL_X_CASE_BY_LOCAL[] =
    "SELECT " X__CASE_COLUMNS " FROM exchange_case WHERE local_no = $1";
static const char SQL_X_CASE_BY_CODE[] =
    "SELECT " X__CASE_COLUMNS " FROM exchange_case"
    " WHERE (national_no = $1 OR local_no = $1) AND query_code_hash = $2";
static const char SQL_X_CASE_PENDING[] =
    "SELECT " X__CASE_COLUMNS " FROM exchange_case"
    " WHERE system_id = $1 AND acked_at IS NULL AND national_no IS NOT NULL AND id > $2"
    " ORDER BY id LIMIT $3";
static const char SQL_X_CASE_ACK[] =
    "UPDATE exchange_case SET status = $2, local_no = $3, deadline = COALESCE($4, deadline),"
    " decision_reason = $5, acked_at = $6, acked_ms = $7, payload = ''"
    " WHERE id = $1 AND acked_at IS NULL";
static const char SQL_X_CASE_RESULT[] =
    "UPDATE exchange_case SET status = $2, decision_reason = $3, registration_no = $4,"
    " decided_at = $5, local_no = COALESCE(local_no, $6), deadline = COALESCE($7, deadline),"
    " result_seq = $8, result_at = $9, payload = '', exit_reason = $10, exit_date = $11"
    " WHERE id = $1 AND result_seq < $8";

static const char SQL_X_MESSAGE_CLAIM[] =
    "INSERT INTO exchange_message (message_id, sender_id, action, digest, received_at,"
    " expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING";
static const char SQL_X_MESSAGE_GET[] =
    "SELECT digest, response FROM exchange_message WHERE message_id = $1";
static const char SQL_X_MESSAGE_RESPOND[] =
    "UPDATE exchange_message SET response = $2 WHERE message_id = $1";
static const char SQL_X_MESSAGE_PRUNE[] = "DELETE FROM exchange_message WHERE expires_at < $1";
static const char SQL_X_REJECTION_ADD[] =
    "INSERT INTO exchange_rejection (system_id, message_id, action, item_key, reason_code, at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";

static const char SQL_X_AGENCY_CLEAR[] = "DELETE FROM exchange_agency WHERE system_id = $1";
static const char SQL_X_AGENCY_INSERT[] =
    "INSERT INTO exchange_agency (system_id, agency_id, name, region, kind, address, phone,"
    " items, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT (system_id, agency_id) DO NOTHING";
static const char SQL_X_AGENCY_EACH[] =
    "SELECT system_id, agency_id, name, region, kind, address, phone, items FROM exchange_agency"
    " WHERE substr(region, 1, length($1)) = $1 ORDER BY region, system_id, agency_id LIMIT $2";

static const char SQL_X_TIMELINESS[] =
    "SELECT s.system_id, COALESCE(s.last_seen_at, 0),"
    " (SELECT COUNT(*) FROM exchange_case k WHERE k.system_id = s.system_id"
    "   AND k.national_no IS NOT NULL AND k.acked_at IS NULL),"
    " (SELECT COUNT(*) FROM exchange_case k WHERE k.system_id = s.system_id"
    "   AND k.national_no IS NOT NULL AND k.acked_at IS NULL AND k.submitted_at < $2),"
    " (SELECT COUNT(*) FROM exchange_case k WHERE k.system_id = s.system_id"
    "   AND k.acked_at IS NOT NULL AND k.status IN ('submitted', 'verifying', 'pending_review')),"
    " (SELECT COUNT(*) FROM exchange_case k WHERE k.system_id = s.system_id"
    "   AND k.acked_at IS NOT NULL AND k.status IN ('submitted', 'verifying', 'pending_review')"
    "   AND k.deadline < $3),"
    " (SELECT COUNT(*) FROM exchange_case k WHERE k.system_id = s.system_id"
    "   AND k.result_seq > 0),"
    " (SELECT COUNT(*) FROM exchange_rejection r WHERE r.system_id = s.system_id)"
    " FROM exchange_system s WHERE s.system_id <> $1 ORDER BY s.system_id";

static const char SQL_X_OUTBOX_ADD[] =
    "INSERT INTO exchange_outbox (kind, application_no, body, status, created_at)"
    " VALUES ($1, $2, $3, 'pending', $4)";
static const char SQL_X_OUTBOX_PENDING[] =
    "SELECT id, kind, application_no, body, attempts FROM exchange_outbox"
    " WHERE status = 'pending' ORDER BY id LIMIT $1";
static const char SQL_X_OUTBOX_CLOSE[] =
    "UPDATE exchange_outbox SET status = $2, last_error = $3, sent_at = $4, attempts = attempts + 1"
    " WHERE id = $1 AND status = 'pending'";
static const char SQL_X_OUTBOX_FAILED[] =
    "UPDATE exchange_outbox SET attempts = attempts + 1, last_error = $2"
    " WHERE status = 'pending' AND id <= $1";
static const char SQL_X_OUTBOX_STATS[] =
    "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0),"
    " COALESCE(MIN(CASE WHEN status = 'pending' THEN created_at END), 0),"
    " COALESCE(MAX(CASE WHEN status = 'pending' THEN attempts END), 0)"
    " FROM exchange_outbox";

/* --- registry ------------------------------------------------------------------------- */

int store_x_system_put(struct store_conn *c, const char *system_id, const char *public_key,
                       int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_SYSTEM_PUT);
    store_q_text(q, 1, system_id);
    store_q_text(q, 2, public_key);
    store_q_int(q, 3, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_system_key(struct store_conn *c, const char *system_id, char *out, size_t n)
{
    struct store_q *q = store_q_open(c, SQL_X_SYSTEM_KEY);
    store_q_text(q, 1, system_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        const char *k = store_q_col_text(q, 0);
        snprintf(out, n, "%s", k ? k : "");
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_x_system_seen(struct store_conn *c, const char *system_id, int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_SYSTEM_SEEN);
    store_q_text(q, 1, system_id);
    store_q_int(q, 2, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_systems_each(struct store_conn *c, int (*fn)(const struct x_system_row *r, void *arg),
                         void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_SYSTEMS);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct x_system_row r = {
            .system_id = store_q_col_text(q, 0),
            .public_key = store_q_col_text(q, 1),
            .created_at = store_q_col_int(q, 2),
            .last_seen_at = store_q_col_int(q, 3),
        };
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_x_route_put(struct store_conn *c, const char *prefix, const char *system_id)
{
    struct store_q *q = store_q_open(c, SQL_X_ROUTE_PUT);
    store_q_text(q, 1, prefix);
    store_q_text(q, 2, system_id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_routes_each(struct store_conn *c,
                        int (*fn)(const char *prefix, const char *system_id, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_ROUTES);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        n++;
        if (fn(store_q_col_text(q, 0), store_q_col_text(q, 1), arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

/* --- cases ---------------------------------------------------------------------------- */

static void store_x__bind_text(struct store_q *q, int i, const char *s)
{
    store_q_text(q, i, s && *s ? s : NULL);
}

int store_x_case_insert(struct store_conn *c, const struct x_case *k, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_X_CASE_INSERT);
    store_x__bind_text(q, 1, k->national_no);
    store_x__bind_text(q, 2, k->local_no);
    store_q_text(q, 3, k->system_id);
    store_q_text(q, 4, k->register_region);
    store_q_text(q, 5, k->channel);
    store_q_text(q, 6, k->status);
    store_q_text(q, 7, k->query_code_hash);
    store_q_text(q, 8, k->payload ? k->payload : "");
    store_q_text(q, 9, k->deadline);
    store_q_int(q, 10, k->submitted_at);
    store_q_int(q, 11, k->submitted_ms);
    store_x__bind_text(q, 12, k->decision_reason);
    store_x__bind_text(q, 13, k->registration_no);
    store_x__bind_text(q, 14, k->decided_at);
    store_q_int(q, 15, k->result_seq);
    if (k->result_seq > 0)
        store_q_int(q, 16, k->submitted_at);
    else
        store_q_null(q, 16);
    return store_q_one_int(q, id, -ERR_CONFLICT);
}

static const char *store_x__dup(struct arena *ar, struct store_q *q, int col)
{
    const char *s = store_q_col_text(q, col);
    return s ? arena_strdup(ar, s) : NULL;
}

static void store_x__case_row(struct store_q *q, struct arena *ar, struct x_case *k)
{
    k->id = store_q_col_int(q, 0);
    k->national_no = store_x__dup(ar, q, 1);
    k->local_no = store_x__dup(ar, q, 2);
    k->system_id = store_x__dup(ar, q, 3);
    k->register_region = store_x__dup(ar, q, 4);
    k->channel = store_x__dup(ar, q, 5);
    k->status = store_x__dup(ar, q, 6);
    k->query_code_hash = store_x__dup(ar, q, 7);
    k->payload = store_x__dup(ar, q, 8);
    k->deadline = store_x__dup(ar, q, 9);
    k->decision_reason = store_x__dup(ar, q, 10);
    k->registration_no = store_x__dup(ar, q, 11);
    k->decided_at = store_x__dup(ar, q, 12);
    k->submitted_at = store_q_col_int(q, 13);
    k->submitted_ms = store_q_col_int(q, 14);
    k->acked_at = store_q_col_int(q, 15);
    k->result_seq = store_q_col_int(q, 16);
    k->exit_reason = store_x__dup(ar, q, 17);
    k->exit_date = store_x__dup(ar, q, 18);
}

static int store_x__case_one(struct store_q *q, struct arena *ar, struct x_case *out)
{
    memset(out, 0, sizeof *out);
    int rc = store_q_step(q);
    if (rc == 1) {
        store_x__case_row(q, ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_x_case_get(struct store_conn *c, const char *no, bool by_local, struct arena *ar,
                     struct x_case *out)
{
    struct store_q *q = store_q_open(c, by_local ? SQL_X_CASE_BY_LOCAL : SQL_X_CASE_BY_NATIONAL);
    store_q_text(q, 1, no);
    return store_x__case_one(q, ar, out);
}

int store_x_case_by_code(struct store_conn *c, const char *no, const char *code_hash,
                         struct arena *ar, struct x_case *out)
{
    struct store_q *q = store_q_open(c, SQL_X_CASE_BY_CODE);
    store_q_text(q, 1, no);
    store_q_text(q, 2, code_hash);
    return store_x__case_one(q, ar, out);
}

int store_x_case_pending(struct store_conn *c, const char *system_id, int64_t after_id, int limit,
                         int (*fn)(const struct x_case *k, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_CASE_PENDING);
    store_q_text(q, 1, system_id);
    store_q_int(q, 2, after_id);
    store_q_int(q, 3, limit);
    struct arena ar;
    arena_init(&ar);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct x_case k;
        store_x__case_row(q, &ar, &k);
        n++;
        int stop = fn(&k, arg);
        arena_reset(&ar);
        if (stop)
            break;
    }
    store_q_close(q);
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

int store_x_case_ack(struct store_conn *c, int64_t id, const char *status, const char *local_no,
                     const char *deadline, const char *reason, int64_t now, int64_t now_ms)
{
    struct store_q *q = store_q_open(c, SQL_X_CASE_ACK);
    store_q_int(q, 1, id);
    store_q_text(q, 2, status);
    store_x__bind_text(q, 3, local_no);
    store_x__bind_text(q, 4, deadline);
    store_x__bind_text(q, 5, reason);
    store_q_int(q, 6, now);
    store_q_int(q, 7, now_ms);
    return store_q_done(q);
}

int store_x_case_result(struct store_conn *c, int64_t id, const struct x_result *r, int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_CASE_RESULT);
    store_q_int(q, 1, id);
    store_q_text(q, 2, r->status);
    store_x__bind_text(q, 3, r->decision_reason);
    store_x__bind_text(q, 4, r->registration_no);
    store_x__bind_text(q, 5, r->decided_at);
    store_x__bind_text(q, 6, r->local_no);
    store_x__bind_text(q, 7, r->deadline);
    store_q_int(q, 8, r->seq);
    store_q_int(q, 9, now);
    store_x__bind_text(q, 10, r->exit_reason);
    store_x__bind_text(q, 11, r->exit_date);
    return store_q_done(q);
}

/* --- messages ------------------------------------------------------------------------- */

int store_x_message_claim(struct store_conn *c, const char *message_id, const char *sender_id,
                          const char *action, const char *digest, int64_t now, int64_t expires)
{
    struct store_q *q = store_q_open(c, SQL_X_MESSAGE_CLAIM);
    store_q_text(q, 1, message_id);
    store_q_text(q, 2, sender_id);
    store_q_text(q, 3, action);
    store_q_text(q, 4, digest);
    store_q_int(q, 5, now);
    store_q_int(q, 6, expires);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc > 0 ? 1 : 0;
}

int store_x_message_get(struct store_conn *c, const char *message_id, char *digest, char **response)
{
    struct store_q *q = store_q_open(c, SQL_X_MESSAGE_GET);
    store_q_text(q, 1, message_id);
    *response = NULL;
    int rc = store_q_step(q);
    if (rc == 1) {
        const char *d = store_q_col_text(q, 0), *r = store_q_col_text(q, 1);
        snprintf(digest, 129, "%s", d ? d : "");
        *response = strdup(r ? r : "");
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_x_message_respond(struct store_conn *c, const char *message_id, const char *response)
{
    struct store_q *q = store_q_open(c, SQL_X_MESSAGE_RESPOND);
    store_q_text(q, 1, message_id);
    store_q_text(q, 2, response);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_message_prune(struct store_conn *c, int64_t before)
{
    struct store_q *q = store_q_open(c, SQL_X_MESSAGE_PRUNE);
    store_q_int(q, 1, before);
    return store_q_done(q);
}

int store_x_rejection_add(struct store_conn *c, const char *system_id, const char *message_id,
                          const char *action, const char *item_key, const char *reason_code,
                          int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_REJECTION_ADD);
    store_q_text(q, 1, system_id);
    store_q_text(q, 2, message_id);
    store_q_text(q, 3, action);
    store_q_text(q, 4, item_key ? item_key : "");
    store_q_text(q, 5, reason_code);
    store_q_int(q, 6, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* --- agencies ------------------------------------------------------------------------- */

int store_x_agency_clear(struct store_conn *c, const char *system_id)
{
    struct store_q *q = store_q_open(c, SQL_X_AGENCY_CLEAR);
    store_q_text(q, 1, system_id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_agency_insert(struct store_conn *c, const struct x_agency *g, int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_AGENCY_INSERT);
    store_q_text(q, 1, g->system_id);
    store_q_int(q, 2, g->agency_id);
    store_q_text(q, 3, g->name);
    store_q_text(q, 4, g->region);
    store_q_text(q, 5, g->kind);
    store_q_text(q, 6, g->address ? g->address : "");
    store_q_text(q, 7, g->phone ? g->phone : "");
    store_q_text(q, 8, g->items ? g->items : "[]");
    store_q_int(q, 9, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_agency_each(struct store_conn *c, const char *prefix, int limit,
                        int (*fn)(const struct x_agency *g, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_AGENCY_EACH);
    store_q_text(q, 1, prefix);
    store_q_int(q, 2, limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct x_agency g = {
            .system_id = store_q_col_text(q, 0),
            .agency_id = store_q_col_int(q, 1),
            .name = store_q_col_text(q, 2),
            .region = store_q_col_text(q, 3),
            .kind = store_q_col_text(q, 4),
            .address = store_q_col_text(q, 5),
            .phone = store_q_col_text(q, 6),
            .items = store_q_col_text(q, 7),
        };
        n++;
        if (fn(&g, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

/* --- timeliness ----------------------------------------------------------------------- */

int store_x_timeliness_each(struct store_conn *c, const char *self, int64_t late_before,
                            const char *today,
                            int (*fn)(const struct x_timeliness_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_TIMELINESS);
    store_q_text(q, 1, self);
    store_q_int(q, 2, late_before);
    store_q_text(q, 3, today);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct x_timeliness_row r = {
            .system_id = store_q_col_text(q, 0),
            .last_seen_at = store_q_col_int(q, 1),
            .waiting = store_q_col_int(q, 2),
            .late_download = store_q_col_int(q, 3),
            .open = store_q_col_int(q, 4),
            .overdue = store_q_col_int(q, 5),
            .decided = store_q_col_int(q, 6),
            .rejected = store_q_col_int(q, 7),
        };
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

/* --- outbox --------------------------------------------------------------------------- */

int store_x_outbox_add(struct store_conn *c, const char *kind, const char *application_no,
                       const char *body, int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_OUTBOX_ADD);
    store_q_text(q, 1, kind);
    store_q_text(q, 2, application_no);
    store_q_text(q, 3, body);
    store_q_int(q, 4, now);
    int rc = store_q_later(q);
    return rc < 0 ? rc : 0;
}

int store_x_outbox_pending(struct store_conn *c, int limit,
                           int (*fn)(const struct x_outbox_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_X_OUTBOX_PENDING);
    store_q_int(q, 1, limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct x_outbox_row r = {
            .id = store_q_col_int(q, 0),
            .kind = store_q_col_text(q, 1),
            .application_no = store_q_col_text(q, 2),
            .body = store_q_col_text(q, 3),
            .attempts = store_q_col_int(q, 4),
        };
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_x_outbox_close(struct store_conn *c, int64_t id, const char *status, const char *reason,
                         int64_t now)
{
    struct store_q *q = store_q_open(c, SQL_X_OUTBOX_CLOSE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, status);
    store_q_text(q, 3, reason ? reason : "");
    store_q_int(q, 4, now);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_outbox_failed(struct store_conn *c, int64_t up_to_id, const char *error)
{
    struct store_q *q = store_q_open(c, SQL_X_OUTBOX_FAILED);
    store_q_int(q, 1, up_to_id);
    store_q_text(q, 2, error ? error : "");
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_x_outbox_stats(struct store_conn *c, struct x_outbox_stats *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_X_OUTBOX_STATS);
    int rc = store_q_step(q);
    if (rc == 1) {
        out->pending = store_q_col_int(q, 0);
        out->succeeded = store_q_col_int(q, 1);
        out->rejected = store_q_col_int(q, 2);
        out->oldest_pending_at = store_q_col_int(q, 3);
        out->max_attempts = store_q_col_int(q, 4);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_INTERNAL;
    }
    store_q_close(q);
    return rc;
}
