/*
 * followup.c — the follow-up run's reads and writes. See followup.h.
 */
#include "store/followup.h"

#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

#define FOLLOWUP__REG_COLS                                                                         \
    "r.id, r.registration_no, r.scope_region, r.registered_on, r.next_contact_due,"                \
    " COALESCE(t.contact_days, 0)"                                                                 \
    " FROM registration r LEFT JOIN profile p ON p.registration_id = r.id"                         \
    " LEFT JOIN tier_policy t ON t.tier = p.tier"
static const char SQL_FOLLOWUP_REGS[] =
    "SELECT " FOLLOWUP__REG_COLS " WHERE r.id > $1 AND r.status = 'active'"
    " ORDER BY r.id LIMIT $2";
static const char SQL_FOLLOWUP_REG[] =
    "SELECT " FOLLOWUP__REG_COLS " WHERE r.id = $1 AND r.status = 'active'";
static const char SQL_FOLLOWUP_CONTACTS[] =
    "SELECT registration_id, id, contact_date, result FROM contact"
    " WHERE registration_id BETWEEN $1 AND $2";
static const char SQL_FOLLOWUP_SERVICES[] =
    "SELECT s.registration_id, s.id, s.service_date FROM service_record s"
    " WHERE s.registration_id BETWEEN $1 AND $2"
    " AND NOT EXISTS (SELECT 1 FROM service_record x WHERE x.corrects = s.id)";
static const char SQL_FOLLOWUP_SUPPRESS[] =
    "SELECT registration_id, reason_code, evidence FROM exit_event"
    " WHERE reverted_at IS NOT NULL AND reason_code IN ('31', '32')"
    " AND ($1 = 0 OR registration_id = $1)"
    " UNION ALL SELECT registration_id, reason_code, evidence FROM exit_proposal"
    " WHERE status = 'dismissed' AND reason_code IN ('31', '32')"
    " AND ($1 = 0 OR registration_id = $1)";
static const char SQL_FOLLOWUP_DUE_SET[] =
    "UPDATE registration SET next_contact_due = $2 WHERE id = $1";
static const char SQL_FOLLOWUP_REPORT[] =
    "UPDATE contact SET report_kind = $2, employer = $3 WHERE id = $1";
static const char SQL_FOLLOWUP_RUN_FIND[] =
    "SELECT id, last_registration_id, checked, exits, proposals, due_corrected FROM followup_run"
    " WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1";
static const char SQL_FOLLOWUP_RUN_NEW[] =
    "INSERT INTO followup_run (started_at, as_of) VALUES ($1, $2) RETURNING id";
static const char SQL_FOLLOWUP_RUN_SAVE[] =
    "UPDATE followup_run SET last_registration_id = $2, checked = $3, exits = $4, proposals = $5,"
    " due_corrected = $6, resumed = $7, finished_at = $8 WHERE id = $1";

static const char *followup__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

static void followup__reg_row(struct store_q *q, struct arena *ar, struct followup_reg *o)
{
    o->id = store_q_col_int(q, 0);
    o->registration_no = followup__dup(ar, store_q_col_text(q, 1));
    o->scope_region = followup__dup(ar, store_q_col_text(q, 2));
    o->registered_on = followup__dup(ar, store_q_col_text(q, 3));
    o->next_contact_due = followup__dup(ar, store_q_col_text(q, 4));
    o->contact_days = (int)store_q_col_int(q, 5);
}

int store_followup_regs(struct store_conn *c, int64_t after_id, int limit, struct arena *ar,
                        struct followup_reg *out)
{
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_REGS);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, limit);
    int rc = 0, n = 0;
    while (n < limit && (rc = store_q_step(q)) == 1)
        followup__reg_row(q, ar, &out[n++]);
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_followup_reg(struct store_conn *c, int64_t id, struct arena *ar, struct followup_reg *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_REG);
    store_q_int(q, 1, id);
    int rc = store_q_step(q);
    if (rc == 1) {
        followup__reg_row(q, ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

/* A contact result as a counter event kind (an unknown one reads as reached: no counter). */
static enum followup_kind followup__kind(const char *result)
{
    if (result && strcmp(result, "unreachable") == 0)
        return FOLLOWUP_UNREACHABLE;
    if (result && strcmp(result, "refused") == 0)
        return FOLLOWUP_REFUSED;
    return FOLLOWUP_REACHED;
}

static int32_t followup__day(const char *s)
{
    int32_t d = 0;
    if (!s || date_parse(s, strlen(s), &d) < 0)
        return 0;
    return d;
}

int store_followup_events(struct store_conn *c, int64_t lo, int64_t hi,
                          int (*fn)(int64_t registration_id, const struct followup_event *e,
                                    void *arg),
                          void *arg)
{
    int rc = 0;
    for (int pass = 0; pass < 2 && rc >= 0; pass++) {
        struct store_q *q = store_q_open(c, pass ? SQL_FOLLOWUP_SERVICES : SQL_FOLLOWUP_CONTACTS);
        store_q_int(q, 1, lo);
        store_q_int(q, 2, hi);
        while ((rc = store_q_step(q)) == 1) {
            struct followup_event e = {
                .id = store_q_col_int(q, 1),
                .date = followup__day(store_q_col_text(q, 2)),
                .kind = pass ? FOLLOWUP_SERVICE : followup__kind(store_q_col_text(q, 3)),
            };
            int frc = fn(store_q_col_int(q, 0), &e, arg);
            if (frc < 0) {
                rc = frc;
                break;
            }
        }
        store_q_close(q);
    }
    return rc < 0 ? rc : 0;
}

int store_followup_suppressions(struct store_conn *c, int64_t registration_id,
                                int (*fn)(int64_t registration_id, const char *reason,
                                          const char *evidence, void *arg),
                                void *arg)
{
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_SUPPRESS);
    store_q_int(q, 1, registration_id);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        int frc = fn(store_q_col_int(q, 0), store_q_col_text(q, 1), store_q_col_text(q, 2), arg);
        if (frc < 0) {
            rc = frc;
            break;
        }
    }
    store_q_close(q);
    return rc < 0 ? rc : 0;
}

int store_followup_due_set(struct store_conn *c, int64_t id, const char *day)
{
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_DUE_SET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, day);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_followup_contact_report(struct store_conn *c, int64_t id, const char *kind,
                                  const char *employer)
{
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_REPORT);
    store_q_int(q, 1, id);
    store_q_text(q, 2, kind);
    store_q_text(q, 3, employer ? employer : "");
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_followup_run_open(struct store_conn *c, int64_t now, const char *as_of,
                            struct followup_run_row *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_RUN_FIND);
    int rc = store_q_step(q);
    if (rc == 1) {
        out->id = store_q_col_int(q, 0);
        out->last_registration_id = store_q_col_int(q, 1);
        out->checked = store_q_col_int(q, 2);
        out->exits = store_q_col_int(q, 3);
        out->proposals = store_q_col_int(q, 4);
        out->due_corrected = store_q_col_int(q, 5);
        out->resumed = true;
    }
    store_q_close(q);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    char at[CLOCK_STRLEN];
    q = store_q_open(c, SQL_FOLLOWUP_RUN_NEW);
    store_q_text(q, 1, clock_format(now, at));
    store_q_text(q, 2, as_of);
    return store_q_one_int(q, &out->id, -ERR_INTERNAL);
}

int store_followup_run_save(struct store_conn *c, const struct followup_run_row *r, bool finish,
                            int64_t now)
{
    char at[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_FOLLOWUP_RUN_SAVE);
    store_q_int(q, 1, r->id);
    store_q_int(q, 2, r->last_registration_id);
    store_q_int(q, 3, r->checked);
    store_q_int(q, 4, r->exits);
    store_q_int(q, 5, r->proposals);
    store_q_int(q, 6, r->due_corrected);
    store_q_int(q, 7, r->resumed ? 1 : 0);
    store_q_text(q, 8, finish ? clock_format(now, at) : NULL);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}
