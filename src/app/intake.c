/*
 * intake.c — accepting applications. See intake.h.
 *
 * The handler thread does everything that needs no database (validation, the query code, the
 * deadline); the part that writes runs in the group-commit thread (intake__write), so a burst
 * of submissions costs one fsync per batch instead of one each.
 */
#include "app/intake.h"

#include "app/app_priv.h"
#include "app/verify.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/log.h"
#include "rules/region.h"
#include "rules/workday.h"
#include "store/agency.h"
#include "store/application.h"
#include "store/batch.h"
#include "store/person.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Query codes avoid characters that are easy to misread (0/O, 1/I/L). */
static const char intake__alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

void app_intake_code_hash(const char *query_code, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)query_code, strlen(query_code), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

struct intake__job {
    struct app *app;
    const struct actor *by;
    const struct intake_submission *s;
    const struct intake_checked *checked;
    struct intake_receipt *out;
    struct err_ctx *ec;
    const char *scope_region;
    char code_hash[65];
    char existing_app[INTAKE_NO_SIZE], existing_reg[INTAKE_NO_SIZE];
};

void app_intake_person(const struct intake_form *f, const struct intake_checked *ck, char *sex,
                       char *birth, struct person *out)
{
    sex[0] = ck->sex;
    sex[1] = '\0';
    birth[0] = '\0';
    if (ck->has_birth)
        date_format(ck->birth, birth);
    *out = (struct person){
        .person_key = ck->id.person_key,
        .id_type = f->id_type,
        .id_number = ck->id.number,
        .name = f->name,
        .sex = sex,
        .birth_date = birth,
        .phone = f->phone,
        .ethnicity = f->ethnicity,
        .education = f->education,
        .hukou_type = f->hukou_type,
        .hukou_region = f->hukou_region,
        .hukou_address = f->hukou_address,
        .residence_region = f->residence_region,
        .residence_address = f->residence_address,
    };
}

/* Runs in the group-commit thread, inside the shared transaction. */
static int intake__write(struct store_conn *c, void *arg)
{
    struct intake__job *j = arg;
    const struct intake_form *f = j->s->form;
    char serial_name[48], now[CLOCK_STRLEN], accepted[DATE_STRLEN], deadline[DATE_STRLEN];
    char since[DATE_STRLEN], birth[DATE_STRLEN];
    long serial;
    int rc;

    date_format(j->out->accepted_on, accepted);
    snprintf(serial_name, sizeof serial_name, "app:%s:%s", f->register_region, accepted);
    rc = store_serial_next(c, serial_name, &serial);
    if (rc == 0)
        rc = intake_application_no(f->register_region, j->out->accepted_on, serial,
                                   j->out->application_no);
    if (rc < 0)
        return rc;
    rc = store_open_claim(c, j->checked->id.person_key, j->out->application_no, j->existing_app,
                          j->existing_reg);
    if (rc == -ERR_CONFLICT) {
        bool registered = j->existing_reg[0] != '\0';
        j->ec->field = "id_number";
        j->ec->ref = registered ? j->existing_reg : j->existing_app;
        return registered ? -ERR_ALREADY_REGISTERED : -ERR_APPLICATION_PENDING;
    }
    if (rc < 0)
        return rc;

    char sex[2];
    struct person p;
    app_intake_person(f, j->checked, sex, birth, &p);
    int64_t person_id, app_id;
    rc = store_person_upsert(c, &p, &person_id);
    if (rc < 0)
        return rc;

    char difficulty[256] = "[";
    for (int i = 0; i < f->n_difficulty; i++)
        snprintf(difficulty + strlen(difficulty), sizeof difficulty - strlen(difficulty),
                 "%s\"%s\"", i ? "," : "", f->difficulty[i]);
    strncat(difficulty, "]", sizeof difficulty - strlen(difficulty) - 1);
    clock_format(clock_now(), now);
    date_format(j->checked->unemployed_since, since);
    date_format(j->out->deadline, deadline);
    struct application a = {
        .application_no = j->out->application_no,
        .national_no = j->s->national_no,
        .person_id = person_id,
        .channel = j->s->channel,
        .status = "pending_review",
        .register_region = f->register_region,
        .scope_region = j->scope_region,
        .register_basis = f->register_basis,
        .agency_id = j->s->agency_id,
        .accepted_by = j->by->kind == ACTOR_STAFF ? j->by->user_id : 0,
        .unemployed_since = since,
        .unemployment_reason = f->unemployment_reason,
        .commitment_at = now,
        .ui_benefit = f->ui_benefit,
        .difficulty = difficulty,
        .details = j->s->details,
        .query_code_hash = j->code_hash,
        .submitted_at = now,
        .accepted_on = accepted,
        .deadline = deadline,
    };
    rc = store_app_insert(c, &a, &app_id);
    if (rc == -ERR_CONFLICT) { /* the national number was handed over before */
        j->ec->field = "national_no";
        return -ERR_CONFLICT;
    }
    if (rc < 0)
        return rc;

    struct verify_summary vs = {0};
    rc = verify_application(c, app_id, j->checked->id.person_key, j->checked->unemployed_since,
                            j->scope_region, j->out->accepted_on, &vs);
    if (rc < 0)
        return rc;
    j->out->verify_fail = vs.fail;
    j->out->verify_unknown = vs.unknown;

    char detail[160];
    snprintf(detail, sizeof detail,
             "{\"channel\":\"%s\",\"commitment\":true,\"verify\":{\"fail\":%d,\"unknown\":%d}}",
             j->s->channel, vs.fail, vs.unknown);
    return app_audit(c, j->by, "application.submit", "application", j->out->application_no, detail);
}

/*
 * The jurisdiction region of a new application: the register region, or the accepting
 * agency's region when that lies inside it and is more specific (a street platform's counter),
 * so the street's caseworkers see what they accepted.
 */
static const char *intake__scope_region(const struct intake_form *f, const struct agency *ag)
{
    if (ag && region_contains(f->register_region, ag->region))
        return ag->region;
    return f->register_region;
}

int app_intake_submit(struct app *a, const struct actor *by, const struct intake_submission *s,
                      struct intake_receipt *out, struct err_ctx *ec)
{
    const struct intake_form *f = s->form;
    struct intake_checked checked;
    struct agency ag;
    bool have_agency = false;
    memset(out, 0, sizeof *out);
    out->accepted_on = clock_today();

    int rc = intake_validate(f, out->accepted_on, &checked, ec);
    if (rc < 0)
        return rc;
    if (strcmp(s->channel, "counter") == 0 && by->kind == ACTOR_STAFF &&
        !region_contains(by->region, f->register_region) &&
        !region_contains(f->register_region, by->region))
        return err_set(ec, -ERR_OUTSIDE_JURISDICTION, "register_region");

    struct intake_submission sub = *s;
    if (!sub.agency_id && by->kind == ACTOR_STAFF)
        sub.agency_id = by->agency_id;
    if (sub.agency_id) {
        struct store_conn *c = store_acquire(a->store);
        rc = store_agency_get(c, sub.agency_id, &ag);
        store_release(a->store, c);
        if (rc < 0)
            return err_set(ec, rc, "agency_id");
        have_agency = true;
    }

    /* The deadline is counted from the day of acceptance: the Nth working day after it. */
    rc = workday_add(a->cal, out->accepted_on, a->policy.review_workdays, &out->deadline);
    if (rc < 0)
        return rc;
    if (rc == WORKDAY_BEYOND)
        log_warn("intake", "event=deadline_beyond_calendar last_year=%d",
                 workcal_last_year(a->cal));

    for (int i = 0; i < INTAKE_QUERY_CODE_SIZE - 1; i++)
        out->query_code[i] = intake__alphabet[randombytes_uniform(sizeof intake__alphabet - 1)];
    out->query_code[INTAKE_QUERY_CODE_SIZE - 1] = '\0';

    struct intake__job job = {
        .app = a,
        .by = by,
        .s = &sub,
        .checked = &checked,
        .out = out,
        .ec = ec,
        .scope_region = intake__scope_region(f, have_agency ? &ag : NULL),
    };
    app_intake_code_hash(out->query_code, job.code_hash);
    rc = store_batch_run(a->batcher, intake__write, &job);
    if (rc < 0) {
        /* ec->ref points into `job`, which dies here: keep the number in the receipt. */
        if (ec->ref) {
            snprintf(out->application_no, sizeof out->application_no, "%s", ec->ref);
            ec->ref = out->application_no;
        }
        memset(out->query_code, 0, sizeof out->query_code);
        return rc;
    }
    return 0;
}
