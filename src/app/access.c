/*
 * access.c — the role table. See access.h. A role is a line of rules/vocab.def (with the
 * migration that admits it) and its row of permissions here; a permission is one bit.
 */
#include "app/access.h"

#include "rules/vocab.h"

#include <stdio.h>
#include <string.h>

/* The permissions of each role of rules/vocab.def: bit per enum perm. */
static const unsigned access__roles[ROLE__COUNT] = {
#define P(x) (1u << PERM_##x)
    [ROLE_ADMIN] = P(PUBLIC) | P(STAFF) | P(ADMIN) | P(CATALOG) | P(AUDIT),
    [ROLE_SUPERVISOR] = P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(CATALOG) | P(STATS),
    [ROLE_CASEWORKER] = P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(CASE_EDIT),
    [ROLE_STATISTICIAN] = P(PUBLIC) | P(STAFF) | P(STATS),
    [ROLE_AUDITOR] = P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(AUDIT),
#undef P
};

static const char *const access__perm_names[PERM__COUNT] = {
    [PERM_PUBLIC] = "public",       [PERM_STAFF] = "staff",     [PERM_CASE_READ] = "case_read",
    [PERM_CASE_EDIT] = "case_edit", [PERM_CATALOG] = "catalog", [PERM_STATS] = "stats",
    [PERM_AUDIT] = "audit",         [PERM_ADMIN] = "admin",     [PERM_METRICS] = "metrics",
};

static unsigned access__perms_of(const char *role)
{
    int r = vocab_role_parse(role);
    return r < 0 ? 0 : access__roles[r];
}

bool access_role_valid(const char *role)
{
    return role && access__perms_of(role) != 0;
}

bool access_allows(const struct actor *a, enum perm p)
{
    if (p == PERM_PUBLIC || a->kind == ACTOR_SYSTEM)
        return true;
    if (a->kind != ACTOR_STAFF || (unsigned)p >= PERM__COUNT)
        return false;
    return (access__perms_of(a->role) >> p) & 1u;
}

const char *access_perm_name(int p)
{
    return p >= 0 && p < PERM__COUNT ? access__perm_names[p] : "?";
}

void access_system_actor(struct actor *a, const char *command)
{
    memset(a, 0, sizeof *a);
    a->kind = ACTOR_SYSTEM;
    snprintf(a->username, sizeof a->username, "system:%s", command);
    snprintf(a->remote, sizeof a->remote, "cli");
}
