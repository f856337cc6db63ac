/*
 * exit.c — exits in the store. See exit.h.
 *
 * Scope test as everywhere (`scope_region BETWEEN $scope AND $scope || '~'`). The one exit in
 * force per registration and the one open proposal per reason are partial unique indexes
 * (040): an insert that would make a second fails with -ERR_CONFLICT (exit) or does nothing
 * (proposal: ON CONFLICT DO NOTHING, then the open one is read).
 */
#include "store/exit.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

#define EXIT__REG_READ                                                                             \
    "SELECT r.id, r.registration_no, r.scope_region, r.registered_on, r.status,"                   \
    " COALESCE(g.name, ''), a.application_no, a.id FROM registration r"                            \
    " JOIN application a ON a.id = r.application_id LEFT JOIN agency g ON g.id = r.agency_id"      \
    " WHERE r.scope_region BETWEEN $2 AND $2 || '~' AND "
static const char SQL_EXIT_REG_GET[] = EXIT__REG_READ "r.id = $1";
/* Many registrations at once ($1 a list of ids, store_ids_param), locked on PostgreSQL until the
 * transaction ends, as SQLite's write transaction locks them: their status read here holds. */
static const char SQL_EXIT_REGS_GET_SQLITE[] =
    EXIT__REG_READ STORE_IDS_IN_SQLITE("r.id") " ORDER BY r.id";
static const char SQL_EXIT_REGS_GET_PG[] =
    EXIT__REG_READ STORE_IDS_IN_PG("r.id") " ORDER BY r.id FOR UPDATE OF r";
/* The ids exit_event's next inserts would take: PostgreSQL's identity sequence, SQLite's
 * rowid (the largest + 1, in the write transaction that holds the lock). */
static const char SQL_EXIT_IDS_PG[] =
    "SELECT nextval(pg_get_serial_sequence('exit_event', 'id')) FROM generate_series(1, $1)";
static const char SQL_EXIT_IDS_SQLITE[] = "SELECT COALESCE(MAX(id), 0) FROM exit_event";
#define EXIT__INSERT                                                                               \
    "INSERT INTO exit_event (registration_id, scope_region, reason_code, subkind, exit_date,"      \
    " source, evidence, note, notify, decided_by, decided_at"
static const char SQL_EXIT_INSERT[] =
    EXIT__INSERT ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char SQL_EXIT_INSERT_ID[] =
    EXIT__INSERT ", id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
static const char SQL_EXIT_REG_CLOSE[] =
    "UPDATE registration SET status = 'exited', exit_reason = $2, exit_date = $3, exit_note = $4,"
    " exit_notified = $5 WHERE id = $1 AND status = 'active'";
static const char SQL_EXIT_RELEASE_OPEN[] =
    "DELETE FROM person_open WHERE person_key ="
    " (SELECT p.person_key FROM registration r JOIN person p ON p.id = r.person_id"
    " WHERE r.id = $1)"
    " AND registration_no = (SELECT registration_no FROM registration WHERE id = $1)";
static const char SQL_EXIT_IN_FORCE[] =
    "SELECT id, registration_id, COALESCE(decided_by, 0), scope_region, reason_code, subkind,"
    " exit_date, source, evidence, note, decided_at, notify FROM exit_event"
    " WHERE registration_id = $1 AND reverted_at IS NULL";
static const char SQL_EXIT_PROPOSE[] =
    "INSERT INTO exit_proposal (registration_id, scope_region, reason_code, subkind, exit_date,"
    " source, evidence, status, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_EXIT_PROPOSAL_OPEN[] =
    "SELECT id FROM exit_proposal WHERE registration_id = $1 AND reason_code = $2"
    " AND status = 'open'";
static const char SQL_EXIT_PROPOSALS_CLOSE[] =
    "UPDATE exit_proposal SET status = CASE WHEN reason_code = $2 THEN 'confirmed'"
    " ELSE 'dismissed' END, decision_note = CASE WHEN reason_code = $2 THEN decision_note"
    " ELSE 'superseded' END, exit_id = $3, decided_by = $4, decided_at = $5"
    " WHERE registration_id = $1 AND status = 'open'";
static const char SQL_NOTIFICATION_INSERT[] =
    "INSERT INTO notification (exit_id, registration_id, scope_region, channel, text, status,"
    " next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)";
static const char SQL_EXIT_POLICY_MODE[] = "SELECT mode FROM exit_policy WHERE reason_code = $1";
static const char SQL_EXIT_POLICY_SET[] =
    "INSERT INTO exit_policy (reason_code, mode, updated_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (reason_code) DO UPDATE SET mode = $2, updated_at = $3";
static const char SQL_EXIT_POLICY_LIST[] =
    "SELECT reason_code, mode FROM exit_policy ORDER BY reason_code";
static const char SQL_INCOME_THRESHOLD[] =
    "SELECT monthly_yuan FROM exit_income_threshold WHERE substr($1, 1, length(region)) = region"
    " ORDER BY length(region) DESC LIMIT 1";
static const char SQL_INCOME_THRESHOLD_SET[] =
    "INSERT INTO exit_income_threshold (region, monthly_yuan, updated_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (region) DO UPDATE SET monthly_yuan = $2, updated_at = $3";

static const char *exit__s(const char *s)
{
    return s ? s : "";
}

static const char *exit__dup(struct arena *ar, struct store_q *q, int col)
{
    return arena_strdup(ar, exit__s(store_q_col_text(q, col)));
}

/* Parameters 1-7 of an exit and of a proposal: what ends which registration, when, and why. */
static void exit__bind_what(struct store_q *q, int64_t registration_id, const char *scope_region,
                            const char *reason, const char *subkind, const char *date,
                            const char *source, const char *evidence)
{
    store_q_int(q, 1, registration_id);
    store_q_text(q, 2, scope_region);
    store_q_text(q, 3, reason);
    store_q_text(q, 4, exit__s(subkind));
    store_q_text(q, 5, date);
    store_q_text(q, 6, source);
    store_q_text(q, 7, evidence && *evidence ? evidence : "{}");
}

static void exit__reg_row(struct store_q *q, struct arena *ar, struct exit_reg *out)
{
    *out = (struct exit_reg){.id = store_q_col_int(q, 0),
                             .registration_no = exit__dup(ar, q, 1),
                             .scope_region = exit__dup(ar, q, 2),
                             .registered_on = exit__dup(ar, q, 3),
                             .status = exit__dup(ar, q, 4),
                             .agency_name = exit__dup(ar, q, 5),
                             .application_no = exit__dup(ar, q, 6),
                             .application_id = store_q_col_int(q, 7)};
}

int store_exit_reg_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                       struct exit_reg *out)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_REG_GET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, exit__s(scope));
    int rc = store_q_step(q);
    if (rc == 1) {
        exit__reg_row(q, ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_exit_regs_get(struct store_conn *c, const char *scope, const int64_t *ids, size_t n,
                        struct arena *ar, int (*fn)(const struct exit_reg *r, void *arg), void *arg)
{
    struct buf list = {0};
    bool pg = strcmp(store_conn_dialect(c), "pg") == 0;
    struct store_q *q = store_q_open(c, pg ? SQL_EXIT_REGS_GET_PG : SQL_EXIT_REGS_GET_SQLITE);
    store_q_text(q, 1, store_ids_param(c, ids, n, &list));
    store_q_text(q, 2, exit__s(scope));
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct exit_reg r;
        exit__reg_row(q, ar, &r);
        if ((rc = fn(&r, arg)) != 0)
            break;
    }
    store_q_close(q);
    buf_free(&list);
    return rc < 0 ? rc : 0;
}

int store_exit_ids_take(struct store_conn *c, size_t n, int64_t *ids)
{
    if (n == 0)
        return 0;
    if (strcmp(store_conn_dialect(c), "pg") != 0) {
        int64_t last = 0;
        int rc = store_q_one_int(store_q_open(c, SQL_EXIT_IDS_SQLITE), &last, -ERR_INTERNAL);
        for (size_t i = 0; i < n && rc == 0; i++)
            ids[i] = last + 1 + (int64_t)i;
        return rc;
    }
    struct store_q *q = store_q_open(c, SQL_EXIT_IDS_PG);
    store_q_int(q, 1, (int64_t)n);
    size_t got = 0;
    int rc;
    while ((rc = store_q_step(q)) == 1 && got < n)
        ids[got++] = store_q_col_int(q, 0);
    store_q_close(q);
    return rc < 0 ? rc : got == n ? 0 : -ERR_INTERNAL;
}

int store_exit_insert(struct store_conn *c, const struct exit_row *e, int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, e->id > 0 ? SQL_EXIT_INSERT_ID : SQL_EXIT_INSERT);
    exit__bind_what(q, e->registration_id, e->scope_region, e->reason_code, e->subkind,
                    e->exit_date, e->source, e->evidence);
    store_q_text(q, 8, exit__s(e->note));
    store_q_int(q, 9, e->notify ? 1 : 0);
    if (e->decided_by > 0)
        store_q_int(q, 10, e->decided_by);
    else
        store_q_null(q, 10);
    store_q_text(q, 11, clock_format(now_unix, now));
    if (e->id <= 0)
        return store_q_one_int(q, id, -ERR_INTERNAL);
    store_q_int(q, 12, e->id);
    *id = e->id;
    int rc = store_q_later(q);
    return rc < 0 ? rc : 0;
}

static int exit__reg_close(struct store_conn *c, int64_t id, const char *reason, const char *date,
                           const char *note, int notified, bool locked)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_REG_CLOSE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, reason);
    store_q_text(q, 3, date);
    store_q_text(q, 4, exit__s(note));
    if (notified >= 0)
        store_q_int(q, 5, notified);
    else
        store_q_null(q, 5);
    if (locked) {
        int rc = store_q_later(q);
        return rc < 0 ? rc : 0;
    }
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_CONFLICT : 0;
}

int store_exit_reg_close(struct store_conn *c, int64_t id, const char *reason, const char *date,
                         const char *note, int notified)
{
    return exit__reg_close(c, id, reason, date, note, notified, false);
}

int store_exit_reg_close_locked(struct store_conn *c, int64_t id, const char *reason,
                                const char *date, const char *note, int notified)
{
    return exit__reg_close(c, id, reason, date, note, notified, true);
}

int store_exit_release_open(struct store_conn *c, int64_t id)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_RELEASE_OPEN);
    store_q_int(q, 1, id);
    int rc = store_q_later(q);
    return rc < 0 ? rc : 0;
}

int store_exit_in_force(struct store_conn *c, int64_t registration_id, struct arena *ar,
                        struct exit_row *out)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_IN_FORCE);
    store_q_int(q, 1, registration_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        *out = (struct exit_row){.id = store_q_col_int(q, 0),
                                 .registration_id = store_q_col_int(q, 1),
                                 .decided_by = store_q_col_int(q, 2),
                                 .scope_region = exit__dup(ar, q, 3),
                                 .reason_code = exit__dup(ar, q, 4),
                                 .subkind = exit__dup(ar, q, 5),
                                 .exit_date = exit__dup(ar, q, 6),
                                 .source = exit__dup(ar, q, 7),
                                 .evidence = exit__dup(ar, q, 8),
                                 .note = exit__dup(ar, q, 9),
                                 .decided_at = exit__dup(ar, q, 10),
                                 .notify = store_q_col_int(q, 11) != 0};
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_exit_propose(struct store_conn *c, const struct exit_proposal_row *p, int64_t now_unix,
                       int64_t *id, bool *created)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_EXIT_PROPOSE);
    exit__bind_what(q, p->registration_id, p->scope_region, p->reason_code, p->subkind,
                    p->exit_date, p->source, p->evidence);
    store_q_text(q, 8, clock_format(now_unix, now));
    int rc = store_q_one_int(q, id, -ERR_NOT_FOUND);
    *created = rc == 0;
    if (rc != -ERR_NOT_FOUND)
        return rc;
    q = store_q_open(c, SQL_EXIT_PROPOSAL_OPEN);
    store_q_int(q, 1, p->registration_id);
    store_q_text(q, 2, p->reason_code);
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

int store_exit_proposals_close(struct store_conn *c, int64_t registration_id, const char *reason,
                               int64_t exit_id, int64_t by, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_EXIT_PROPOSALS_CLOSE);
    store_q_int(q, 1, registration_id);
    store_q_text(q, 2, reason);
    store_q_int(q, 3, exit_id);
    if (by > 0)
        store_q_int(q, 4, by);
    else
        store_q_null(q, 4);
    store_q_text(q, 5, clock_format(now_unix, now));
    int rc = store_q_later(q);
    return rc < 0 ? rc : 0;
}

int store_notification_insert(struct store_conn *c, int64_t exit_id, int64_t registration_id,
                              const char *scope_region, const char *channel, const char *text,
                              int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_NOTIFICATION_INSERT);
    store_q_int(q, 1, exit_id);
    store_q_int(q, 2, registration_id);
    store_q_text(q, 3, scope_region);
    store_q_text(q, 4, channel);
    store_q_text(q, 5, text);
    store_q_text(q, 6, clock_format(now_unix, now));
    int rc = store_q_later(q);
    return rc < 0 ? rc : 0;
}

int store_exit_policy_mode(struct store_conn *c, const char *reason, char out[8])
{
    struct store_q *q = store_q_open(c, SQL_EXIT_POLICY_MODE);
    store_q_text(q, 1, exit__s(reason));
    int rc = store_q_step(q);
    snprintf(out, 8, "%s", rc == 1 ? exit__s(store_q_col_text(q, 0)) : "propose");
    store_q_close(q);
    return rc < 0 ? rc : 0;
}

int store_exit_policy_set(struct store_conn *c, const char *reason, const char *mode,
                          int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_EXIT_POLICY_SET);
    store_q_text(q, 1, reason);
    store_q_text(q, 2, mode);
    store_q_text(q, 3, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_exit_policy_list(struct store_conn *c,
                           int (*fn)(const char *reason, const char *mode, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_POLICY_LIST);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        n++;
        if (fn(exit__s(store_q_col_text(q, 0)), exit__s(store_q_col_text(q, 1)), arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_income_threshold(struct store_conn *c, const char *region, int64_t *yuan)
{
    *yuan = 0;
    struct store_q *q = store_q_open(c, SQL_INCOME_THRESHOLD);
    store_q_text(q, 1, exit__s(region));
    int rc = store_q_one_int(q, yuan, 0);
    return rc < 0 ? rc : 0;
}

int store_income_threshold_set(struct store_conn *c, const char *region, int64_t yuan,
                               int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_INCOME_THRESHOLD_SET);
    store_q_text(q, 1, region);
    store_q_int(q, 2, yuan);
    store_q_text(q, 3, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}
