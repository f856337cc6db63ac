/*
 * match.c — the registrations and intents job matching reads. See match.h.
 *
 * A registration without a profile row (made before migration 006) reads with empty intents.
 */
#include "store/match.h"

#include "base/err.h"

#include <string.h>

#define MATCH__COLS                                                                                \
    "r.id, r.registration_no, r.status, r.register_region,"                                        \
    " COALESCE(p.intent_occupation, ''), COALESCE(p.intent_region, ''), COALESCE(p.skills, ''),"   \
    " COALESCE(p.intent_salary_min, 0)"

static const char SQL_MATCH_SUBJECT[] =
    "SELECT " MATCH__COLS ", COALESCE((SELECT value FROM serial WHERE name = 'jobs'), 0)"
    " FROM registration r LEFT JOIN profile p ON p.registration_id = r.id"
    " WHERE r.registration_no = $1 AND r.scope_region BETWEEN $2 AND $2 || '~'";
/* The page's bound is on profile too: without it PostgreSQL merges the page with profile's key
 * read from its start, so the n-th page of a batch read n pages of profile (bench/match.sh). */
static const char SQL_MATCH_SUBJECT_PAGE[] =
    "SELECT " MATCH__COLS " FROM registration r"
    " LEFT JOIN profile p ON p.registration_id = r.id AND p.registration_id > $2"
    " WHERE r.status = 'active' AND r.scope_region BETWEEN $1 AND $1 || '~' AND r.id > $2"
    " ORDER BY r.id LIMIT $3";

static const char *match__s(const char *s)
{
    return s ? s : "";
}

static void match__row(struct store_q *q, struct arena *ar, struct match_subject_row *r)
{
    const char **text[] = {&r->registration_no,   &r->status,        &r->register_region,
                           &r->intent_occupation, &r->intent_region, &r->skills};
    memset(r, 0, sizeof *r);
    r->registration_id = store_q_col_int(q, 0);
    for (int i = 0; i < 6; i++) {
        const char *v = match__s(store_q_col_text(q, 1 + i));
        *text[i] = ar ? arena_strdup(ar, v) : v;
    }
    r->intent_salary_min = store_q_col_int(q, 7);
}

int store_match_subject(struct store_conn *c, const char *scope, const char *reg_no,
                        struct arena *ar, struct match_subject_row *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_MATCH_SUBJECT);
    store_q_text(q, 1, match__s(reg_no));
    store_q_text(q, 2, match__s(scope));
    int rc = store_q_step(q);
    if (rc == 1) {
        match__row(q, ar, out);
        out->jobs_version = store_q_col_int(q, 8);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_match_subject_page(struct store_conn *c, const char *scope, int64_t after_id, int limit,
                             int (*fn)(const struct match_subject_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_MATCH_SUBJECT_PAGE);
    store_q_text(q, 1, match__s(scope));
    store_q_int(q, 2, after_id);
    store_q_int(q, 3, limit);
    int rc, n = 0;
    struct match_subject_row r;
    while ((rc = store_q_step(q)) == 1) {
        match__row(q, NULL, &r);
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
