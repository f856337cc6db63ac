/*
 * referral.h — job referrals in one click and their results, and the lists handed to a person
 * (人社厅发〔2020〕3号 §4(二)(三); issue 8's closure).
 *
 * Both are service records (app/services.h), written through app_services_add, so they obey its
 * rules (date neither in the future nor before the registration, active registration in the
 * actor's jurisdiction, corrections by a new record) and are audited as registration.service.
 * What is added here:
 *   - a job_referral linking a vacancy (link_kind "vacancy") names one offered today in the
 *     person's province (app__job_offered: -ERR_JOB_NOT_OPEN past its validity, closed,
 *     withdrawn or full; -ERR_JOB_UNKNOWN absent or in another province), and is followed up on a
 *     due day (policy referral_followup_workdays after the referral, 10 by default) — on the
 *     due list until its result is recorded;
 *   - its result is a referral_result record linking the referral (link_kind "service") with the
 *     outcome a code of table referral_result (hired, interviewed, rejected, no_show); a
 *     referral has one result in force (another is -ERR_REFERRAL_HAS_RESULT; a correction of the
 *     result replaces it), and nothing but a result follows a referral up (-ERR_REFERRAL_LINK);
 *   - lists_handed names the lists handed (policy, service, agency) and, per entry, the version
 *     in force on the day for the person's register region: the entries on that region, on the
 *     regions above it and below it (a county's person gets the province's policies, the city's
 *     and the county's, and the street platforms of the county).
 */
#ifndef UREG_APP_REFERRAL_H
#define UREG_APP_REFERRAL_H

#include "app/access.h"
#include "app/app.h"
#include "app/services.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "store/job.h"
#include "store/record.h"

#include <stdbool.h>
#include <stdint.h>

/* A referral as the caller gives it: the vacancy, the day (0: today), what was said (NULL or
 * ""), the follow-up day (0: the policy's working days after the referral). */
struct referral_new {
    int64_t job_id;
    int32_t date;
    const char *content;
    int32_t followup_due;
};

/*
 * Refer registration `reg_no` to vacancy rn->job_id. *id gets the record's id and due_out (at
 * least DATE_STRLEN bytes) its follow-up day. Errors as app_services_add, with the vacancy's
 * named on field "job_id" (-ERR_JOB_UNKNOWN, -ERR_JOB_NOT_OPEN); nothing is written then.
 */
int app_referral_add(struct app *a, const struct actor *by, const char *reg_no,
                     const struct referral_new *rn, int64_t *id, char *due_out, struct err_ctx *ec);

/*
 * Record the result `result` (code table referral_result: field "result") of referral
 * `referral_id` of `reg_no`, on `date` (0: today), with an optional note; `corrects` names the
 * result it replaces (0: none). *id gets the new record's id. -ERR_NOT_FOUND when referral_id is
 * not a job referral of that registration; -ERR_REFERRAL_HAS_RESULT; else as app_services_add.
 */
int app_referral_result(struct app *a, const struct actor *by, const char *reg_no,
                        int64_t referral_id, const char *result, int32_t date, const char *note,
                        int64_t corrects, int64_t *id, struct err_ctx *ec);

/* One referral of a person: the record, its result in force (NULL while due), the vacancy (NULL
 * when the referral names none or it is gone), and whether its follow-up day has passed with no
 * result. Valid during the callback. */
struct referral_view {
    const struct service_row *ref;
    const struct service_row *result;
    const struct job *job;
    bool overdue;
};

/* Call fn for every job referral in force (not corrected) of `reg_no` within by's
 * jurisdiction, newest first. -ERR_NOT_FOUND outside it. Returns 0 or an error. */
int app_referral_list(struct app *a, const struct actor *by, const char *reg_no,
                      int (*fn)(const struct referral_view *v, void *arg), void *arg);

/* The lists a lists_handed record can name, as bits of `lists`. */
enum { HANDED_POLICY = 1, HANDED_SERVICE = 2, HANDED_AGENCY = 4, HANDED_ALL = 7 };

/* One entry handed: its list kind ("policy", "service", "agency"), id, version and name. */
struct handed_entry {
    const char *kind;
    int64_t id;
    int version;
    const char *name;
};

/* What a lists_handed record named. Arrays and strings from the caller's arena. */
struct handed {
    int64_t id;           /* the service record */
    char on[DATE_STRLEN]; /* the day: the versions in force then */
    const char *region;   /* the person's register region */
    struct handed_entry *entries;
    int n;
};

/*
 * Record that the lists `lists` (HANDED_* bits, not 0: -ERR_FIELD_INVALID on "lists") were
 * handed to `reg_no` on `date` (0: today), naming in the record's content every entry with its
 * version in force that day (see above); `note` goes to the outcome. *out gets what was named
 * (from `ar`). Errors as app_services_add; nothing is written then.
 */
int app_lists_handed(struct app *a, const struct actor *by, const char *reg_no, unsigned lists,
                     int32_t date, const char *note, struct arena *ar, struct handed *out,
                     struct err_ctx *ec);

/*
 * Cross-file private (app/services.c, inside app_services_add's transaction on `c`): the rules
 * above for a new service `n` of registration *r with profile *p: a vacancy link, a result's
 * link and outcome, a referral's one result. 0, or an error with ec->field.
 */
int app__referral_links(struct store_conn *c, const struct actor *by, const struct reg_view *r,
                        const struct profile *p, const struct services_new *n, struct arena *ar,
                        struct err_ctx *ec);

#endif
