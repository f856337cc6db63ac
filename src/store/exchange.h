/*
 * exchange.h — the exchange's tables (migration 020): the registry of systems and keys, the
 * hub's routes, cases, received messages, rejections and published agency lists, and a local
 * system's outbox. The only SQL of the exchange.
 *
 * The hub's cases hold no personal data but the form of an application not yet acknowledged
 * (`payload`), which the acknowledgement erases. Reads here are system reads of the exchange
 * (no jurisdiction scope): their callers are the signed-message handlers, which check the
 * sender's regions themselves, and the public status query, keyed by the query code's hash.
 * Every function runs on the caller's connection, in the caller's transaction when it has one,
 * and takes the times it writes from its caller.
 */
#ifndef UREG_STORE_EXCHANGE_H
#define UREG_STORE_EXCHANGE_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* --- the registry and the routes ------------------------------------------------------ */

/* Insert or replace the system's public key (base64). */
int store_x_system_put(struct store_conn *c, const char *system_id, const char *public_key,
                       int64_t now);
/* The public key of `system_id` into out (n bytes); -ERR_NOT_FOUND when not registered. */
int store_x_system_key(struct store_conn *c, const char *system_id, char *out, size_t n);
/* Stamp last_seen_at (a message of the system passed its checks). */
int store_x_system_seen(struct store_conn *c, const char *system_id, int64_t now);

struct x_system_row {
    const char *system_id, *public_key;
    int64_t created_at, last_seen_at; /* last_seen_at 0: never */
};
/* Call fn for every registered system, by id; returns how many or a negative error. */
int store_x_systems_each(struct store_conn *c, int (*fn)(const struct x_system_row *r, void *arg),
                         void *arg);

/* Insert or move the route of `prefix` to `system_id`. */
int store_x_route_put(struct store_conn *c, const char *prefix, const char *system_id);
/* Call fn(prefix, system_id) for every route, by prefix. */
int store_x_routes_each(struct store_conn *c,
                        int (*fn)(const char *prefix, const char *system_id, void *arg), void *arg);

/* --- the hub's cases ------------------------------------------------------------------ */

struct x_case {
    int64_t id;
    const char *national_no, *local_no, *system_id, *register_region, *channel, *status;
    const char *query_code_hash, *payload, *deadline, *decision_reason, *registration_no;
    const char *decided_at;
    const char *exit_reason, *exit_date; /* an uploaded exit of the registration, or NULL */
    int64_t submitted_at, submitted_ms, acked_at, result_seq;
};

/* Insert a case (id ignored); *id gets the new row id. -ERR_CONFLICT when its national or
 * local number exists (nothing written). NULL strings are stored as NULL. */
int store_x_case_insert(struct store_conn *c, const struct x_case *k, int64_t *id);

/* The case whose national_no (by_local false) or local_no (by_local true) is `no`; strings
 * from ar. -ERR_NOT_FOUND. */
int store_x_case_get(struct store_conn *c, const char *no, bool by_local, struct arena *ar,
                     struct x_case *out);

/* The case numbered `no` (national or local number) whose query-code hash is `code_hash`:
 * the public status query. -ERR_NOT_FOUND for any other pair. */
int store_x_case_by_code(struct store_conn *c, const char *no, const char *code_hash,
                         struct arena *ar, struct x_case *out);

/* Call fn for the national cases of `system_id` not acknowledged yet with id > after_id, in id
 * order, at most `limit`; returns how many or a negative error. */
int store_x_case_pending(struct store_conn *c, const char *system_id, int64_t after_id, int limit,
                         int (*fn)(const struct x_case *k, void *arg), void *arg);

/* The acknowledgement of case `id`: status, the local number and deadline, the reason of a
 * refusal (NULL), the form erased. Changes nothing when it was acknowledged before: returns
 * 1 when it changed the row, 0 when not. */
int store_x_case_ack(struct store_conn *c, int64_t id, const char *status, const char *local_no,
                     const char *deadline, const char *reason, int64_t now, int64_t now_ms);

/* A result for case `id` with the sender's order `seq`: applied only when seq is above the
 * last one applied (1 returned), else nothing changes (0). */
struct x_result {
    const char *status, *decision_reason, *registration_no, *decided_at, *local_no, *deadline;
    const char *exit_reason, *exit_date; /* the registration's exit, NULL while active */
    int64_t seq;
};
int store_x_case_result(struct store_conn *c, int64_t id, const struct x_result *r, int64_t now);

/* --- messages received ---------------------------------------------------------------- */

/* Claim `message_id` for this message: 1 when it is new (inserted), 0 when it was received
 * before (then see store_x_message_get). */
int store_x_message_claim(struct store_conn *c, const char *message_id, const char *sender_id,
                          const char *action, const char *digest, int64_t now, int64_t expires);
/* The digest (out, 129 bytes) and stored answer (*response, malloc'd: the caller frees) of a
 * message received before; -ERR_NOT_FOUND. */
int store_x_message_get(struct store_conn *c, const char *message_id, char *digest,
                        char **response);
/* Store the answer of a message claimed in this transaction. */
int store_x_message_respond(struct store_conn *c, const char *message_id, const char *response);
/* Remove the messages that expired before `before` (they would be refused as expired). */
int store_x_message_prune(struct store_conn *c, int64_t before);

/* Record a rejected item of a system's message. */
int store_x_rejection_add(struct store_conn *c, const char *system_id, const char *message_id,
                          const char *action, const char *item_key, const char *reason_code,
                          int64_t now);

/* --- published agency lists ----------------------------------------------------------- */

struct x_agency {
    const char *system_id, *name, *region, *kind, *address, *phone, *items;
    int64_t agency_id;
};
/* Remove the list `system_id` published (before a new one is inserted). */
int store_x_agency_clear(struct store_conn *c, const char *system_id);
int store_x_agency_insert(struct store_conn *c, const struct x_agency *g, int64_t now);
/* Call fn for the published agencies whose region starts with `prefix` ("" for all), by
 * region, at most `limit`. */
int store_x_agency_each(struct store_conn *c, const char *prefix, int limit,
                        int (*fn)(const struct x_agency *g, void *arg), void *arg);

/* --- timeliness (hub) ----------------------------------------------------------------- */

struct x_timeliness_row {
    const char *system_id;
    int64_t last_seen_at;  /* 0: never */
    int64_t waiting;       /* national cases not acknowledged yet */
    int64_t late_download; /* ... of those, submitted before the download limit */
    int64_t open;          /* acknowledged, no decision yet */
    int64_t overdue;       /* ... of those, past their deadline */
    int64_t decided;       /* results received */
    int64_t rejected;      /* items of the system's messages the hub rejected */
};
/* One row per registered system but `self`: late_before is the Unix time before which a
 * waiting case is late, today the day (YYYY-MM-DD) after which a deadline is overdue. */
int store_x_timeliness_each(struct store_conn *c, const char *self, int64_t late_before,
                            const char *today,
                            int (*fn)(const struct x_timeliness_row *r, void *arg), void *arg);

/* --- a local system's outbox ---------------------------------------------------------- */

/* Queue an upload (status pending) in the caller's transaction. */
int store_x_outbox_add(struct store_conn *c, const char *kind, const char *application_no,
                       const char *body, int64_t now);

struct x_outbox_row {
    int64_t id;
    const char *kind, *application_no, *body;
    int64_t attempts;
};
/* Call fn for the pending uploads in id order, at most `limit`. */
int store_x_outbox_pending(struct store_conn *c, int limit,
                           int (*fn)(const struct x_outbox_row *r, void *arg), void *arg);
/* Close an upload: status succeeded or rejected (with the hub's reason code), sent at now. */
int store_x_outbox_close(struct store_conn *c, int64_t id, const char *status, const char *reason,
                         int64_t now);
/* A failed attempt at the pending uploads up to `up_to_id`: attempts + 1 and the error. */
int store_x_outbox_failed(struct store_conn *c, int64_t up_to_id, const char *error);

struct x_outbox_stats {
    int64_t pending, succeeded, rejected;
    int64_t oldest_pending_at; /* 0: none pending */
    int64_t max_attempts;      /* the most attempts of a pending upload */
};
int store_x_outbox_stats(struct store_conn *c, struct x_outbox_stats *out);

#endif
