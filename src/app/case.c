/*
 * case.c — the one write path of an application and its decision. See case.h.
 *
 * Load: a creation is one serial update, one claim insert, one person upsert and one
 * application insert; a decision one or two more rows. Intake runs it in the group-commit
 * thread, gen 10,000 at a time in one transaction.
 */
#include "app/case.h"

#include "app/intake.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "rules/region.h"
#include "store/application.h"
#include "store/person.h"
#include "store/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *app__case_scope(const char *register_region, const char *agency_region)
{
    if (agency_region && region_contains(register_region, agency_region))
        return agency_region;
    return register_region;
}

char *app__case_difficulty(const struct intake_form *f)
{
    json_t *arr = json_array();
    for (int i = 0; i < f->n_difficulty; i++)
        json_array_append_new(arr, json_string(f->difficulty[i]));
    char *text = json_dump(arr);
    json_decref(arr);
    return text;
}

/*
 * The claim of a verified submission is held by the pending application out->existing: set it
 * aside when it is unverified and hand the claim over. 0 (out->set_aside names it), or
 * -ERR_CONFLICT when it is verified itself (or no longer open), or a store error.
 */
static int case__set_aside(struct store_conn *c, const struct app_case_new *n, struct app_case *out)
{
    int rc = store_app_set_aside(c, out->existing, out->application_no, APP_CASE_SET_ASIDE_REASON,
                                 n->now);
    if (rc == 0)
        rc = store_open_reassign(c, n->checked->id.person_key, out->application_no);
    if (rc == 0)
        snprintf(out->set_aside, sizeof out->set_aside, "%s", out->existing);
    return rc;
}

int app__case_create(struct store_conn *c, const struct app_case_new *n, struct app_case *out,
                     struct err_ctx *ec)
{
    const struct intake_form *f = n->form;
    const struct intake_checked *ck = n->checked;
    char serial_name[48], now[CLOCK_STRLEN], accepted[DATE_STRLEN], deadline[DATE_STRLEN];
    char since[DATE_STRLEN], birth[DATE_STRLEN], sex[2], existing_reg[INTAKE_NO_SIZE];
    char *difficulty = NULL;
    long serial;
    memset(out, 0, sizeof *out);
    out->scope_region = app__case_scope(f->register_region, n->agency_region);

    date_format(n->accepted_on, accepted);
    snprintf(serial_name, sizeof serial_name, "app:%s:%s", f->register_region, accepted);
    int rc = store_serial_next(c, serial_name, &serial);
    if (rc == 0)
        rc = intake_application_no(f->register_region, n->accepted_on, serial, out->application_no);
    if (rc < 0)
        goto out;
    rc = store_open_claim(c, ck->id.person_key, out->application_no, out->existing, existing_reg);
    if (rc == -ERR_CONFLICT && !existing_reg[0] && n->identity_verified)
        rc = case__set_aside(c, n, out);
    if (rc == -ERR_CONFLICT) {
        bool registered = existing_reg[0] != '\0';
        if (registered)
            snprintf(out->existing, sizeof out->existing, "%s", existing_reg);
        ec->field = "id_number";
        ec->ref = out->existing;
        rc = registered ? -ERR_ALREADY_REGISTERED : -ERR_APPLICATION_PENDING;
        goto out;
    }
    out->existing[0] = '\0';
    if (rc < 0)
        goto out;

    struct person p;
    app_intake_person(f, ck, sex, birth, &p);
    rc = store_person_upsert(c, &p, n->now, &out->person_id);
    if (rc < 0)
        goto out;

    difficulty = app__case_difficulty(f);
    clock_format(n->now, now);
    date_format(ck->unemployed_since, since);
    date_format(n->deadline, deadline);
    struct application a = {
        .application_no = out->application_no,
        .national_no = n->national_no,
        .person_id = out->person_id,
        .channel = vocab_channel_name(n->channel),
        .status = vocab_app_status_name(APP_STATUS_PENDING_REVIEW),
        .register_region = f->register_region,
        .scope_region = out->scope_region,
        .register_basis = f->register_basis,
        .agency_id = n->agency_id,
        .accepted_by = n->accepted_by,
        .unemployed_since = since,
        .unemployment_reason = f->unemployment_reason,
        .commitment_at = now,
        .ui_benefit = f->ui_benefit,
        .difficulty = difficulty,
        .details = n->details,
        .query_code_hash = n->code_hash,
        .submitted_at = now,
        .accepted_on = accepted,
        .deadline = deadline,
        .identity_verified = n->identity_verified,
        .identity_provider = n->identity_provider,
    };
    rc = store_app_insert(c, &a, &out->application_id);
    if (rc == -ERR_CONFLICT) /* the national number was handed over before */
        ec->field = "national_no";
out:
    free(difficulty);
    return rc;
}

static const char *case__json_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The new registration's profile, from what the applicant wrote on the form (details JSON as
 * form_details_json makes it; a missing or unreadable one seeds an empty profile). */
static int case__profile_seed(struct store_conn *c, const struct app_case_decision *d,
                              int64_t reg_id)
{
    json_t *det = d->details ? json_loads(d->details, 0, NULL) : NULL;
    json_t *job = json_object_get(det, "job_intent");
    json_int_t salary = json_integer_value(json_object_get(job, "salary_min"));
    struct profile p = {
        .registration_id = reg_id,
        .updated_by = d->decided_by,
        .scope_region = d->scope_region,
        .unemployment_reason = d->unemployment_reason,
        .skills = case__json_str(det, "skills"),
        .certificates = case__json_str(det, "certificates"),
        .intent_occupation = case__json_str(job, "occupation"),
        .intent_region = case__json_str(job, "region"),
        .intent_salary_min = salary > 0 ? salary : 0,
        .training_intent = json_is_true(json_object_get(det, "training_intent")),
        .startup_intent = json_is_true(json_object_get(det, "startup_intent")),
    };
    int rc = store_profile_insert(c, &p, d->now);
    json_decref(det);
    return rc;
}

int app__case_decide(struct store_conn *c, const struct app_case_decision *d, char *reg_no)
{
    int64_t reg_id;
    return app__case_decide_id(c, d, reg_no, &reg_id);
}

int app__case_decide_id(struct store_conn *c, const struct app_case_decision *d, char *reg_no,
                        int64_t *reg_id)
{
    int32_t day = clock_date_of(d->now);
    char serial_name[48], registered[DATE_STRLEN], contact_due[DATE_STRLEN];
    int rc = 0;
    reg_no[0] = '\0';
    *reg_id = 0;
    if (d->approve) {
        int y;
        long serial;
        date_to_ymd(day, &y, NULL, NULL);
        snprintf(serial_name, sizeof serial_name, "reg:%s:%d", d->register_region, y);
        rc = store_serial_next(c, serial_name, &serial);
        if (rc == 0)
            rc = intake_registration_no(d->register_region, y, serial, reg_no);
        struct registration r = {
            .registration_no = reg_no,
            .application_id = d->application_id,
            .person_id = d->person_id,
            .register_region = d->register_region,
            .scope_region = d->scope_region,
            .agency_id = d->agency_id,
            .caseworker_id = d->decided_by,
            .status = vocab_reg_status_name(REG_STATUS_ACTIVE),
            .registered_on = date_format(day, registered),
            .ui_benefit = d->ui_benefit,
            .difficulty = d->difficulty,
            .first_contact_due =
                d->first_contact_due ? date_format(d->first_contact_due, contact_due) : NULL,
        };
        if (rc == 0)
            rc = store_reg_insert(c, &r, reg_id);
        if (rc == 0)
            rc = case__profile_seed(c, d, *reg_id);
        if (rc == 0)
            rc = store_open_set_registration(c, d->person_key, reg_no);
    } else {
        rc = store_open_release(c, d->person_key);
    }
    if (rc == 0)
        rc = store_app_decide(
            c, d->scope, d->application_id,
            vocab_app_status_name(d->approve ? APP_STATUS_APPROVED : APP_STATUS_REJECTED),
            d->reason, d->decided_by, d->now, reg_no);
    if (rc < 0) {
        reg_no[0] = '\0';
        *reg_id = 0;
    }
    return rc;
}
