/*
 * track.c — the state machines of the tracked services. See track.h.
 *
 * One table of moves, one table of needs. A kind's statuses are the words its moves name, in
 * table order; its initial status is the `from` of its first move. A kind with a single status
 * would need a move to exist, so every kind here has at least one move. Lookups are linear over a
 * few dozen rows.
 */
#include "rules/track.h"

#include <stddef.h>
#include <string.h>

struct track__move {
    enum track_kind kind;
    const char *from, *to;
};

static const struct track__move track__moves[] = {
    {TRACK_KIND_TRAINING, "referred", "enrolled"},
    {TRACK_KIND_TRAINING, "referred", "declined"},
    {TRACK_KIND_TRAINING, "enrolled", "completed"},
    {TRACK_KIND_TRAINING, "enrolled", "dropped"},
    {TRACK_KIND_STARTUP_TRAINING, "referred", "enrolled"},
    {TRACK_KIND_STARTUP_TRAINING, "referred", "declined"},
    {TRACK_KIND_STARTUP_TRAINING, "enrolled", "completed"},
    {TRACK_KIND_STARTUP_TRAINING, "enrolled", "dropped"},
    {TRACK_KIND_STARTUP_SUPPORT, "arranged", "done"},
    {TRACK_KIND_STARTUP_SUPPORT, "arranged", "cancelled"},
    {TRACK_KIND_STARTUP_LOAN, "applied", "reviewed"},
    {TRACK_KIND_STARTUP_LOAN, "applied", "rejected"},
    {TRACK_KIND_STARTUP_LOAN, "reviewed", "guaranteed"},
    {TRACK_KIND_STARTUP_LOAN, "reviewed", "rejected"},
    {TRACK_KIND_STARTUP_LOAN, "guaranteed", "granted"},
    {TRACK_KIND_STARTUP_LOAN, "guaranteed", "rejected"},
    {TRACK_KIND_STARTUP_LOAN, "granted", "repaid"},
    {TRACK_KIND_DIFFICULTY, "recognised", "revoked"},
    {TRACK_KIND_PLAN, "open", "closed"},
    {TRACK_KIND_PLAN_STEP, "planned", "done"},
    {TRACK_KIND_PLAN_STEP, "planned", "cancelled"},
    {TRACK_KIND_PUBLIC_WELFARE_POST, "placed", "left"},
    {TRACK_KIND_POLICY_APPLICATION, "received", "forwarded"},
    {TRACK_KIND_POLICY_APPLICATION, "received", "approved"},
    {TRACK_KIND_POLICY_APPLICATION, "received", "rejected"},
    {TRACK_KIND_POLICY_APPLICATION, "forwarded", "approved"},
    {TRACK_KIND_POLICY_APPLICATION, "forwarded", "rejected"},
    {TRACK_KIND_UI_HANDOVER, "handed_over", "accepted"},
    {TRACK_KIND_UI_HANDOVER, "handed_over", "rejected"},
};
#define TRACK__N_MOVES (sizeof track__moves / sizeof *track__moves)

static const unsigned track__needs[TRACK_KIND__COUNT] = {
    [TRACK_KIND_TRAINING] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_STARTUP_TRAINING] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_STARTUP_SUPPORT] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_STARTUP_LOAN] = TRACK_NEEDS_SUBJECT | TRACK_NEEDS_AMOUNT,
    [TRACK_KIND_DIFFICULTY] = TRACK_NEEDS_CODE | TRACK_NEEDS_EVIDENCE,
    [TRACK_KIND_PLAN] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_PLAN_STEP] =
        TRACK_NEEDS_SUBJECT | TRACK_NEEDS_CODE | TRACK_NEEDS_PARENT | TRACK_NEEDS_DUE,
    [TRACK_KIND_PUBLIC_WELFARE_POST] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_POLICY_APPLICATION] = TRACK_NEEDS_SUBJECT,
    [TRACK_KIND_UI_HANDOVER] = TRACK_NEEDS_SUBJECT,
};

static const char *const track__step_types[] = {"counselling", "training", "job_referral",
                                                "public_welfare_post", "other"};

static bool track__kind_ok(enum track_kind k)
{
    return (int)k >= 0 && k < TRACK_KIND__COUNT;
}

unsigned track_needs(enum track_kind k)
{
    return track__kind_ok(k) ? track__needs[k] : 0;
}

const char *track_initial(enum track_kind k)
{
    for (size_t i = 0; track__kind_ok(k) && i < TRACK__N_MOVES; i++)
        if (track__moves[i].kind == k)
            return track__moves[i].from;
    return NULL;
}

bool track_move_allowed(enum track_kind k, const char *from, const char *to)
{
    for (size_t i = 0; from && to && i < TRACK__N_MOVES; i++)
        if (track__moves[i].kind == k && strcmp(track__moves[i].from, from) == 0 &&
            strcmp(track__moves[i].to, to) == 0)
            return true;
    return false;
}

bool track_status_valid(enum track_kind k, const char *status)
{
    for (size_t i = 0; status && i < TRACK__N_MOVES; i++)
        if (track__moves[i].kind == k &&
            (strcmp(track__moves[i].from, status) == 0 || strcmp(track__moves[i].to, status) == 0))
            return true;
    return false;
}

bool track_status_final(enum track_kind k, const char *status)
{
    if (!track_status_valid(k, status))
        return false;
    for (size_t i = 0; i < TRACK__N_MOVES; i++)
        if (track__moves[i].kind == k && strcmp(track__moves[i].from, status) == 0)
            return false;
    return true;
}

/* Add s to out[] (n so far) unless it is there already or out[] is full; the new count. */
static int track__add(const char **out, int max, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(out[i], s) == 0)
            return n;
    if (n < max)
        out[n++] = s;
    return n;
}

int track_statuses(enum track_kind k, const char **out, int max)
{
    int n = 0;
    for (size_t i = 0; i < TRACK__N_MOVES; i++) {
        if (track__moves[i].kind != k)
            continue;
        n = track__add(out, max, n, track__moves[i].from);
        n = track__add(out, max, n, track__moves[i].to);
    }
    return n;
}

bool track_step_type_valid(const char *code)
{
    for (size_t i = 0; code && i < sizeof track__step_types / sizeof *track__step_types; i++)
        if (strcmp(track__step_types[i], code) == 0)
            return true;
    return false;
}

int track_check_dates(int32_t on, int32_t due, int32_t not_before)
{
    if (on < not_before)
        return TRACK_E_BEFORE_LAST;
    if (due != INT32_MIN && due < on)
        return TRACK_E_DUE_BEFORE;
    return 0;
}
