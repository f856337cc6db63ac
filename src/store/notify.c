/*
 * notify.c — the sender's reads and writes of notification rows. See notify.h. A sent row leaves
 * the due list for good (status sent), and a claimed one leaves it until its claim runs out, so
 * a notification is never sent twice (but after a sender died mid-send).
 */
#include "store/notify.h"

#include "base/clock.h"
#include "base/err.h"

#include <string.h>

static const char SQL_NOTIFY_DUE[] =
    "SELECT n.id, n.exit_id, n.registration_id, n.attempts, n.channel, n.text, r.person_id,"
    " r.registration_no"
    " FROM notification n JOIN registration r ON r.id = n.registration_id"
    " WHERE n.status IN ('pending', 'failed') AND n.next_attempt_at <= $1 ORDER BY n.id LIMIT $2";
static const char SQL_NOTIFY_OF_EXIT[] =
    "SELECT channel, status, attempts, last_error, sent_at, next_attempt_at, text FROM notification"
    " WHERE exit_id = $1";
static const char SQL_NOTIFY_CLAIM[] =
    "UPDATE notification SET next_attempt_at = $3"
    " WHERE id = $1 AND status IN ('pending', 'failed') AND next_attempt_at <= $2";
static const char SQL_NOTIFY_SENT[] =
    "UPDATE notification SET status = 'sent', sent_at = $2, attempts = attempts + 1,"
    " next_attempt_at = NULL, last_error = NULL, channel = $3"
    " WHERE id = $1 AND status IN ('pending', 'failed')";
static const char SQL_NOTIFY_REG[] =
    "UPDATE registration SET exit_notified = 1"
    " WHERE id = (SELECT registration_id FROM notification WHERE id = $1) AND status = 'exited'";
static const char SQL_NOTIFY_FAILED[] =
    "UPDATE notification SET status = 'failed', attempts = attempts + 1, next_attempt_at = $2,"
    " last_error = $3, channel = $4 WHERE id = $1 AND status IN ('pending', 'failed')";

int store_notify_due(struct store_conn *c, int64_t now_unix, int limit,
                     int (*fn)(const struct notify_row *n, void *arg), void *arg)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_NOTIFY_DUE);
    store_q_text(q, 1, clock_format(now_unix, now));
    store_q_int(q, 2, limit);
    int rc, count = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *ch = store_q_col_text(q, 4), *tx = store_q_col_text(q, 5),
                   *no = store_q_col_text(q, 7);
        struct notify_row n = {.id = store_q_col_int(q, 0),
                               .exit_id = store_q_col_int(q, 1),
                               .registration_id = store_q_col_int(q, 2),
                               .person_id = store_q_col_int(q, 6),
                               .attempts = (int)store_q_col_int(q, 3),
                               .channel = ch ? ch : "",
                               .text = tx ? tx : "",
                               .registration_no = no ? no : ""};
        rc = fn(&n, arg);
        if (rc < 0)
            break;
        count++;
    }
    store_q_close(q);
    return rc < 0 ? rc : count;
}

/* A copy of column i from ar, NULL for SQL NULL. */
static const char *notify__col(struct store_q *q, int i, struct arena *ar)
{
    const char *v = store_q_col_text(q, i);
    return v ? arena_strdup(ar, v) : NULL;
}

int store_notify_of_exit(struct store_conn *c, int64_t exit_id, struct arena *ar,
                         struct notify_view *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_NOTIFY_OF_EXIT);
    store_q_int(q, 1, exit_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        out->channel = notify__col(q, 0, ar);
        out->status = notify__col(q, 1, ar);
        out->attempts = (int)store_q_col_int(q, 2);
        out->last_error = notify__col(q, 3, ar);
        out->sent_at = notify__col(q, 4, ar);
        out->next_attempt_at = notify__col(q, 5, ar);
        out->text = notify__col(q, 6, ar);
    }
    store_q_close(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_NOT_FOUND : 0;
}

int store_notify_claim(struct store_conn *c, int64_t id, int64_t now_unix, int64_t until_unix)
{
    char now[CLOCK_STRLEN], until[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_NOTIFY_CLAIM);
    store_q_int(q, 1, id);
    store_q_text(q, 2, clock_format(now_unix, now));
    store_q_text(q, 3, clock_format(until_unix, until));
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_CONFLICT : 0;
}

int store_notify_sent(struct store_conn *c, int64_t id, const char *channel, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_NOTIFY_SENT);
    store_q_int(q, 1, id);
    store_q_text(q, 2, clock_format(now_unix, now));
    store_q_text(q, 3, channel);
    int rc = store_q_done(q);
    if (rc == 0)
        return -ERR_CONFLICT;
    if (rc < 0)
        return rc;
    q = store_q_open(c, SQL_NOTIFY_REG);
    store_q_int(q, 1, id);
    rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_notify_failed(struct store_conn *c, int64_t id, const char *channel, int64_t next_unix,
                        const char *error)
{
    char next[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_NOTIFY_FAILED);
    store_q_int(q, 1, id);
    store_q_text(q, 2, clock_format(next_unix, next));
    store_q_text(q, 3, error ? error : "");
    store_q_text(q, 4, channel);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_CONFLICT : 0;
}
