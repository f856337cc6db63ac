/*
 * access.h — who may do what, and over which region.
 *
 * An actor is whoever makes a request: a logged-in staff user (cookie session or API token),
 * the public (online applicants, no login) or the system (CLI batches). A staff actor's scope
 * is the jurisdiction prefix of its agency's region (rules/region: 110000 → "11"), and every
 * store read of people or cases takes that prefix. Permissions come from one role table.
 */
#ifndef UREG_APP_ACCESS_H
#define UREG_APP_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum perm {
    PERM_PUBLIC,    /* anyone, no login */
    PERM_STAFF,     /* any logged-in staff user */
    PERM_CASE_READ, /* read applications, registrations (caseworker, supervisor, auditor) */
    PERM_CASE_EDIT, /* accept, decide, record services and exits (caseworker) */
    PERM_CATALOG,   /* edit policy and service lists (admin, supervisor) */
    PERM_STATS,     /* statistics (statistician, supervisor) */
    PERM_AUDIT,     /* read the audit log (auditor, admin) */
    PERM_ADMIN,     /* agencies and users (admin) */
    PERM_METRICS,   /* the operators' /metrics: by client address or metrics token, no role */
    PERM__COUNT
};

enum actor_kind { ACTOR_PUBLIC, ACTOR_STAFF, ACTOR_SYSTEM };

struct actor {
    enum actor_kind kind;
    int64_t user_id;
    char username[64];
    char role[16];
    int64_t agency_id;
    char region[16]; /* the agency's region code */
    char scope[16];  /* its jurisdiction prefix: every people/case read is limited to it */
    char remote[64]; /* client address, or "cli" */
    char csrf[72];   /* the session's CSRF token ("" for bearer tokens and the CLI) */
    bool via_cookie; /* cookie session: state-changing requests must carry X-CSRF-Token */
    bool limited;    /* a session that may only enrol the second factor its role requires */
    bool must_change_password; /* a session after an administrator's reset: it may only change
                                * the password (and read itself, log out) until the user does */
};

/* Whether `role` ("admin", "caseworker", ...) is one of the contract's roles. */
bool access_role_valid(const char *role);

/* Whether the actor holds `p`. The system actor holds everything; the public only PUBLIC. */
bool access_allows(const struct actor *a, enum perm p);

/* "public", "staff", "case_read", ... for docs and errors. */
const char *access_perm_name(int p);

/* An actor for a CLI batch: kind SYSTEM, username "system:<command>", scope "" (everything). */
void access_system_actor(struct actor *a, const char *command);

#endif
