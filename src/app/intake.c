/*
 * intake.c — accepting applications. See intake.h.
 *
 * The handler thread does everything that needs no database (validation, the query code, the
 * deadline); the part that writes runs in the group-commit thread (intake__write), so a burst
 * of submissions costs one fsync per batch instead of one each.
 */
#include "app/intake.h"

#include "app/app_priv.h"
#include "app/case.h"
#include "app/realname.h"
#include "app/verify.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/log.h"
#include "rules/region.h"
#include "rules/vocab.h"
#include "rules/workday.h"
#include "store/agency.h"
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

void app_intake_new_code(char *out)
{
    for (int i = 0; i < INTAKE_QUERY_CODE_SIZE - 1; i++)
        out[i] = intake__alphabet[randombytes_uniform(sizeof intake__alphabet - 1)];
    out[INTAKE_QUERY_CODE_SIZE - 1] = '\0';
}

struct intake__job {
    const struct actor *by;
    const struct intake_submission *s;
    struct app_case_new n;
    struct app_case stored; /* ec->ref may point into it */
    struct intake_receipt *out;
    struct err_ctx *ec;
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
    int rc = app__case_create(c, &j->n, &j->stored, j->ec);
    if (rc < 0)
        return rc;
    snprintf(j->out->application_no, sizeof j->out->application_no, "%s", j->stored.application_no);
    snprintf(j->out->set_aside, sizeof j->out->set_aside, "%s", j->stored.set_aside);
    if (j->stored.set_aside[0]) {
        rc = app_audit(
            c, j->by, j->n.now, "application.set_aside", "application", j->stored.set_aside,
            json_pack("{s:s, s:s, s:s}", "reason", "identity_verified_application", "for",
                      j->stored.application_no, "provider", j->n.identity_provider));
        if (rc < 0)
            return rc;
    }

    struct verify_summary vs = {0};
    rc = verify_application(c, j->stored.application_id, j->n.checked->id.person_key,
                            j->n.checked->unemployed_since, j->stored.scope_region, j->n.now, &vs);
    if (rc < 0)
        return rc;
    j->out->verify_fail = vs.fail;
    j->out->verify_unknown = vs.unknown;
    return app_audit(
        c, j->by, j->n.now, "application.submit", "application", j->out->application_no,
        json_pack("{s:s, s:b, s:{s:i, s:i}, s:b, s:o}", "channel", j->s->channel, "commitment", 1,
                  "verify", "fail", vs.fail, "unknown", vs.unknown, "identity_verified",
                  j->n.identity_verified, "identity_provider",
                  j->n.identity_provider ? json_string(j->n.identity_provider) : json_null()));
}

/*
 * The accepting agency of a submission: the one named, or a caseworker's own. Fills *ag and
 * returns 1 when there is one, 0 when none (an online submission), or a negative error (an
 * unknown agency, with ec->field "agency_id").
 */
static int intake__agency(struct app *a, const struct actor *by, int64_t *agency_id,
                          struct agency *ag, struct err_ctx *ec)
{
    if (!*agency_id && by->kind == ACTOR_STAFF)
        *agency_id = by->agency_id;
    if (!*agency_id)
        return 0;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_agency_get(c, *agency_id, ag);
    store_release(a->store, c);
    return rc < 0 ? err_set(ec, rc, "agency_id") : 1;
}

/* The deadline (the Nth working day after acceptance) and a fresh query code in *out. */
static int intake__deadline_and_code(struct app *a, struct intake_receipt *out)
{
    int rc = workday_add(a->cal, out->accepted_on, a->policy.review_workdays, &out->deadline);
    if (rc < 0)
        return rc;
    if (rc == WORKDAY_BEYOND)
        log_warn("intake", "event=deadline_beyond_calendar last_year=%d",
                 workcal_last_year(a->cal));
    app_intake_new_code(out->query_code);
    return 0;
}

int app_intake_submit(struct app *a, const struct actor *by, const struct intake_submission *s,
                      struct intake_receipt *out, struct err_ctx *ec)
{
    const struct intake_form *f = s->form;
    struct intake_checked checked;
    struct agency ag;
    int64_t now = clock_now(); /* the one reading: acceptance, stamps, audit */
    memset(out, 0, sizeof *out);
    out->accepted_on = clock_date_of(now);
    int channel = vocab_channel_parse(s->channel);
    if (channel < 0)
        return err_set(ec, -ERR_FIELD_INVALID, "channel");

    int rc = intake_validate(f, out->accepted_on, &checked, ec);
    if (rc < 0)
        return rc;
    if (channel == CHANNEL_COUNTER && by->kind == ACTOR_STAFF &&
        !region_contains(by->region, f->register_region) &&
        !region_contains(f->register_region, by->region))
        return err_set(ec, -ERR_OUTSIDE_JURISDICTION, "register_region");

    bool verified = false;
    const char *provider = NULL;
    if (channel == CHANNEL_COUNTER && by->kind == ACTOR_STAFF) {
        verified = true; /* the caseworker saw the document (notice §3) */
        provider = "counter";
    } else {
        rc = app__realname_check(a, channel == CHANNEL_ONLINE, s->identity_token, &checked, now,
                                 &verified, &provider, ec);
        if (rc < 0)
            return rc;
    }

    struct intake_submission sub = *s;
    int have_agency = intake__agency(a, by, &sub.agency_id, &ag, ec);
    if (have_agency < 0)
        return have_agency;
    rc = intake__deadline_and_code(a, out);
    if (rc < 0)
        return rc;

    char code_hash[65];
    app_intake_code_hash(out->query_code, code_hash);
    struct intake__job job = {
        .by = by,
        .s = &sub,
        .n =
            {
                .form = f,
                .checked = &checked,
                .channel = (enum channel)channel,
                .national_no = sub.national_no,
                .agency_id = sub.agency_id,
                .agency_region = have_agency ? ag.region : NULL,
                .accepted_by = by->kind == ACTOR_STAFF ? by->user_id : 0,
                .details = sub.details,
                .code_hash = code_hash,
                .accepted_on = out->accepted_on,
                .deadline = out->deadline,
                .now = now,
                .identity_verified = verified,
                .identity_provider = provider,
            },
        .out = out,
        .ec = ec,
    };
    out->identity_verified = verified;
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
