/*
 * access.c — the role table. See access.h. Adding a role or permission is one row here.
 */
#include "app/access.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *role;
    unsigned perms; /* bit per enum perm */
} access__roles[] = {
#define P(x) (1u << PERM_##x)
    {"admin", P(PUBLIC) | P(STAFF) | P(ADMIN) | P(CATALOG) | P(AUDIT)},
    {"supervisor", P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(CATALOG) | P(STATS)},
    {"caseworker", P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(CASE_EDIT)},
    {"statistician", P(PUBLIC) | P(STAFF) | P(STATS)},
    {"auditor", P(PUBLIC) | P(STAFF) | P(CASE_READ) | P(AUDIT)},
#undef P
};

static const char *const access__perm_names[PERM__COUNT] = {
    [PERM_PUBLIC] = "public",       [PERM_STAFF] = "staff",     [PERM_CASE_READ] = "case_read",
    [PERM_CASE_EDIT] = "case_edit", [PERM_CATALOG] = "catalog", [PERM_STATS] = "stats",
    [PERM_AUDIT] = "audit",         [PERM_ADMIN] = "admin",
};

static unsigned access__perms_of(const char *role)
{
    for (size_t i = 0; i < sizeof access__roles / sizeof *access__roles; i++)
        if (strcmp(access__roles[i].role, role) == 0)
            return access__roles[i].perms;
    return 0;
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
