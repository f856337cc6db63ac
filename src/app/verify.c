/*
 * verify.c (app) — verification by comparison for one application, and `ureg compare`. See
 * app/verify.h; the rules are rules/verify's.
 *
 * Records are read per source newest first, and reading a source stops after its first record
 * dated on or before today: every rule needs only that record and the ones after today (the
 * latest event, the latest event on or before a day that is not after today, the earliest
 * future event), so a person with decades of monthly contributions costs one row per source,
 * not hundreds.
 */
#include "app/verify.h"

#include "app/app_priv.h"
#include "app/falseinfo.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/verify.h"
#include "store/compare.h"
#include "store/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What rules/verify does not see of a record: where it came from, for the evidence. */
struct verify__info {
    char event_date[DATE_STRLEN];
    char *extra; /* owned */
    int64_t import_id;
    long line;
};

struct verify__records {
    struct verify_record *recs;
    struct verify__info *info;
    size_t n, cap;
    enum verify_source source; /* the source being read */
    int32_t today;
};

static int verify__on_record(const struct ref_record_row *r, void *arg)
{
    struct verify__records *v = arg;
    int32_t day;
    if (!r->event_date || date_parse(r->event_date, strlen(r->event_date), &day) < 0)
        return 0; /* written only by import, which normalised it */
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->recs = xrealloc(v->recs, v->cap * sizeof *v->recs);
        v->info = xrealloc(v->info, v->cap * sizeof *v->info);
    }
    v->recs[v->n] = (struct verify_record){.source = v->source, .event_date = day};
    struct verify__info *in = &v->info[v->n];
    date_format(day, in->event_date);
    in->extra = xstrdup(r->extra ? r->extra : "");
    in->import_id = r->import_id;
    in->line = r->line;
    v->n++;
    return day <= v->today; /* see the file comment */
}

static int verify__on_loaded(const char *source, void *arg)
{
    bool *loaded = arg;
    enum verify_source s;
    if (verify_source_parse(source, &s) == 0)
        loaded[s] = true;
    return 0;
}

/* The evidence object for one outcome, as JSON text (owned by the caller). */
static char *verify__evidence(const struct verify__records *v, const struct verify_outcome *o)
{
    json_t *j = json_object();
    if (o->evidence >= 0) {
        const struct verify__info *in = &v->info[o->evidence];
        json_object_set_new(j, "source",
                            json_string(verify_source_name(v->recs[o->evidence].source)));
        json_object_set_new(j, "event_date", json_string(in->event_date));
        json_object_set_new(j, "line", json_integer(in->line));
        json_object_set_new(j, "extra", json_string(in->extra));
        json_object_set_new(j, "import_id", json_integer(in->import_id));
    }
    json_object_set_new(j, "basis", json_string(o->basis));
    char *s = json_dump(j);
    json_decref(j);
    return s;
}

/* Add the verification row unless the latest one of this check says the same (result and
 * evidence): the history keeps changes only. Returns 0 or a negative error. */
static int verify__add_if_changed(struct store_conn *c, int64_t application_id, const char *check,
                                  const char *result, const char *source, const char *evidence,
                                  int64_t now)
{
    char last[16];
    char *last_evidence = NULL;
    int rc = store_verification_last(c, application_id, check, last, sizeof last, &last_evidence);
    bool same = rc == 1 && strcmp(last, result) == 0 && strcmp(last_evidence, evidence) == 0;
    free(last_evidence);
    if (rc < 0)
        return rc;
    if (same)
        return 0;
    rc = store_verification_add(c, application_id, check, result, source, evidence, now);
    return rc < 0 ? rc : 0;
}

int verify_application(struct store_conn *c, int64_t application_id, const char *person_key,
                       int32_t unemployed_since, const char *scope_region, int64_t now,
                       struct verify_summary *out)
{
    int32_t today = clock_date_of(now);
    struct verify_summary sum = {0};
    struct verify__records v = {.today = today};
    struct verify_facts f = {.unemployed_since = unemployed_since, .today = today};
    int rc = store_ref_loaded_each(c, verify__on_loaded, f.loaded);
    for (int s = 0; s < VERIFY_SRC__COUNT && rc >= 0; s++) {
        v.source = (enum verify_source)s;
        rc = store_ref_record_each(c, verify_source_name(v.source), person_key, verify__on_record,
                                   &v);
    }
    if (rc < 0)
        goto out;
    f.records = v.recs;
    f.n_records = v.n;
    struct verify_outcome res[VERIFY_CHECK__COUNT];
    verify_decide(&f, res);
    /* A new application has no tasks yet: only look for ones to close when some are open. */
    int open_tasks = store_task_open_count(c, application_id);
    if (open_tasks < 0) {
        rc = open_tasks;
        goto out;
    }
    /* issue 9: false information — was the promise untrue on the day of applying? */
    rc =
        falseinfo_consider(c, now, application_id, person_key, unemployed_since, v.recs, v.n, NULL);
    for (int k = 0; k < VERIFY_CHECK__COUNT && rc == 0; k++) {
        const struct verify_outcome *o = &res[k];
        const char *check = verify_check_name(o->check);
        char *evidence = verify__evidence(&v, o);
        const char *source = o->evidence >= 0 ? verify_source_name(v.recs[o->evidence].source) : "";
        rc = verify__add_if_changed(c, application_id, check, verify_result_name(o->result), source,
                                    evidence, now);
        free(evidence);
        if (rc < 0)
            break;
        if (o->result != VERIFY_UNKNOWN && open_tasks > 0) {
            rc = store_task_close_decided(c, application_id, check, now);
            if (rc > 0)
                sum.tasks_closed += rc;
            rc = rc < 0 ? rc : 0;
        }
        if (o->result == VERIFY_PASS) {
            sum.pass++;
        } else if (o->result == VERIFY_FAIL) {
            sum.fail++;
        } else {
            sum.unknown++;
            rc = store_task_open_investigation(c, application_id, scope_region, check, now);
            if (rc > 0)
                sum.tasks_opened++;
            rc = rc < 0 ? rc : 0;
        }
    }
out:
    for (size_t i = 0; i < v.n; i++)
        free(v.info[i].extra);
    free(v.recs);
    free(v.info);
    if (out)
        *out = sum;
    return rc;
}

/* One pending application of `ureg compare`: verified, counted into *out. */
static int verify__compare_one(struct store_conn *c, const struct compare_case *k, int64_t now,
                               struct compare_counts *out)
{
    int32_t since;
    if (date_parse(k->unemployed_since, strlen(k->unemployed_since), &since) < 0) {
        log_warn("verify", "event=compare_skip application=%lld why=unemployed_since",
                 (long long)k->application_id);
        return 0;
    }
    struct verify_summary s;
    int rc =
        verify_application(c, k->application_id, k->person_key, since, k->scope_region, now, &s);
    if (rc < 0)
        return rc;
    out->checked++;
    out->applications++;
    out->pass += s.pass;
    out->fail += s.fail;
    out->unknown += s.unknown;
    out->tasks_opened += s.tasks_opened;
    out->tasks_closed += s.tasks_closed;
    return 0;
}

int verify_compare_pending(struct store_conn *c, int64_t now, struct compare_counts *out,
                           void (*progress)(int64_t checked, void *arg), void *arg)
{
    struct compare_case *cases = xcalloc(VERIFY_COMPARE_BATCH, sizeof *cases);
    int64_t after = 0;
    int rc;
    for (;;) {
        rc = store_tx_begin(c, true);
        if (rc < 0)
            break;
        int n = store_app_pending_batch_system(c, after, cases, VERIFY_COMPARE_BATCH);
        rc = n < 0 ? n : 0;
        for (int i = 0; i < n && rc == 0; i++)
            rc = verify__compare_one(c, &cases[i], now, out);
        if (rc < 0) {
            store_tx_rollback(c);
            break;
        }
        rc = store_tx_commit(c);
        if (rc == 0 && progress)
            progress(out->checked, arg);
        if (rc < 0 || n < VERIFY_COMPARE_BATCH)
            break;
        after = cases[n - 1].key;
    }
    free(cases);
    return rc;
}
