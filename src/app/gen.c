/*
 * gen.c — synthetic data for `ureg gen` and `ureg demo`. See gen.h.
 *
 * Two passes. First every person's slot (channel and submission instant) is drawn and the slots
 * are sorted by instant, so people are numbered and stored in the order they applied. Then each
 * person is made (app/synth), checked against the intake rules like a real submission, and
 * written: open-case claim, person, application, and for a decided one the registration or the
 * release, then the decision; its dataset rows go to the CSV files. Memory: 16 bytes a person
 * for the slots and 16 for the key set (about 32 MB for a million).
 */
#include "app/gen.h"
#include "app/jobs.h"

#include "app/app_priv.h"
#include "app/case.h"
#include "app/form.h"
#include "app/intake.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/intake.h"
#include "rules/region.h"
#include "app/synth.h"
#include "app/followup.h"
#include "store/agency.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/user.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN__BATCH 10000

const char *app_gen_file(enum verify_source s)
{
    static const char *const files[VERIFY_SRC__COUNT] = {
        "ssc_holders.csv",       "insurance.csv", "employment_filings.csv",
        "business_licences.csv", "pensions.csv",  "deaths.csv",
        "custody.csv",
    };
    return (unsigned)s < VERIFY_SRC__COUNT ? files[s] : NULL;
}

struct gen__agency {
    int64_t id;
    char region[16];
    char kind[16];
};

struct gen__run {
    const struct app *a; /* the calendar and policies */
    const struct gen_options *o;
    struct gen_counts *n;
    int32_t today;
    int64_t staff_agency;         /* the agency of o->staff_id, or 0 */
    struct gen__agency *agencies; /* in region order */
    int n_agencies, cap_agencies;
    FILE *files[VERIFY_SRC__COUNT];
};

static int gen__agency_row(const struct agency *ag, void *arg)
{
    struct gen__run *g = arg;
    if (g->n_agencies == g->cap_agencies) {
        g->cap_agencies = g->cap_agencies ? g->cap_agencies * 2 : 16;
        g->agencies = xrealloc(g->agencies, (size_t)g->cap_agencies * sizeof *g->agencies);
    }
    struct gen__agency *x = &g->agencies[g->n_agencies++];
    x->id = ag->id;
    snprintf(x->region, sizeof x->region, "%s", ag->region);
    snprintf(x->kind, sizeof x->kind, "%s", ag->kind);
    return 0;
}

/*
 * The agency accepting a counter application in `county`: one inside the county (the
 * county's public employment service agency most often, a street or community platform
 * sometimes, the disabled persons' agency for a disabled applicant), chosen by `pick`; NULL when
 * the county has none. With `pes_only`, the county-level agency a registration belongs to.
 */
static const struct gen__agency *gen__agency_for(const struct gen__run *g, const char *county,
                                                 uint32_t pick, bool disabled, bool pes_only)
{
    uint32_t total = 0, w[64];
    const struct gen__agency *cand[64];
    int n = 0, lo = 0, hi = g->n_agencies;
    while (lo < hi) { /* the first agency at or after the county, in region order */
        int mid = lo + (hi - lo) / 2;
        if (strncmp(g->agencies[mid].region, county, 6) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < g->n_agencies && n < 64; i++) {
        const struct gen__agency *x = &g->agencies[i];
        if (strncmp(x->region, county, 6) != 0)
            break;
        bool pes = strcmp(x->kind, "pes") == 0;
        bool dis = strcmp(x->kind, "disabled") == 0;
        uint32_t wt = pes ? 7 : dis ? (disabled ? 50 : 0) : 2;
        if (pes_only)
            wt = pes && strlen(x->region) == 6 ? 1 : 0;
        if (!wt)
            continue;
        cand[n] = x;
        w[n++] = wt;
        total += wt;
    }
    if (!total)
        return NULL;
    uint32_t v = pick % total;
    for (int i = 0; i < n; i++) {
        if (v < w[i])
            return cand[i];
        v -= w[i];
    }
    return NULL;
}

/* The stored word of a synthetic channel. */
static enum channel gen__channel(enum synth_channel ch)
{
    return ch == SYNTH_COUNTER  ? CHANNEL_COUNTER
           : ch == SYNTH_ONLINE ? CHANNEL_ONLINE
                                : CHANNEL_NATIONAL;
}

/*
 * Write one person through the write path of intake and review (app/case.h), stamped with the
 * person's own instants: the application at its submission, the decision at its decision.
 * 1: skipped (an open case, or a national number handed over before).
 */
static int gen__store_with(struct gen__run *g, struct store_conn *c, const struct synth_person *sp,
                           const struct intake_checked *ck, const char *details)
{
    const struct intake_form *f = &sp->form;
    char code_hash[65], reg_no[INTAKE_NO_SIZE];
    const struct gen__agency *ag = NULL;
    if (sp->channel == SYNTH_COUNTER)
        ag = gen__agency_for(g, f->register_region, sp->agency_pick,
                             strcmp(f->health, "disabled") == 0, false);
    app_intake_code_hash(sp->query_code, code_hash);
    struct app_case_new n = {
        .form = f,
        .checked = ck,
        .channel = gen__channel(sp->channel),
        .national_no = sp->national_no,
        .agency_id = ag ? ag->id : 0,
        .agency_region = ag ? ag->region : NULL,
        .accepted_by = ag && ag->id == g->staff_agency ? g->o->staff_id : 0,
        .details = details,
        .code_hash = code_hash,
        .accepted_on = sp->accepted_on,
        .deadline = sp->deadline,
        .now = sp->submitted,
    };
    struct app_case stored;
    struct err_ctx ec = {0};
    int rc = app__case_create(c, &n, &stored, &ec);
    if (rc == -ERR_APPLICATION_PENDING || rc == -ERR_ALREADY_REGISTERED)
        return 1;              /* an open case from an earlier run */
    if (rc == -ERR_CONFLICT) { /* a national number handed over before (an earlier run) */
        rc = store_open_release(c, ck->id.person_key);
        return rc < 0 ? rc : 1;
    }
    if (rc < 0 || sp->outcome == SYNTH_PENDING)
        return rc;

    const struct gen__agency *home =
        ag ? ag : gen__agency_for(g, f->register_region, 0, false, true);
    char *difficulty = app__case_difficulty(f); /* what the application row holds */
    struct app_case_decision d = {
        .scope = "",
        .application_id = stored.application_id,
        .person_id = stored.person_id,
        .person_key = ck->id.person_key,
        .register_region = f->register_region,
        .scope_region = stored.scope_region,
        .approve = sp->outcome == SYNTH_APPROVED,
        .reason = sp->reject_reason,
        .agency_id = home ? home->id : 0,
        .decided_by = g->o->staff_id,
        .ui_benefit = f->ui_benefit,
        .difficulty = difficulty,
        .unemployment_reason = f->unemployment_reason,
        .details = details,
        .first_contact_due = app__first_contact_due(g->a, clock_date_of(sp->decided)),
        .now = sp->decided,
    };
    rc = app__case_decide(c, &d, reg_no);
    free(difficulty);
    if (rc == 0 && reg_no[0]) /* issue 9: the registration's contact history */
        rc = app__followup_gen(c, g->o->seed, sp->person_key, reg_no, clock_date_of(sp->decided),
                               g->today, &g->n->contacts);
    return rc;
}

/* gen__store_with over the form's details JSON (what the application row holds). */
static int gen__store(struct gen__run *g, struct store_conn *c, const struct synth_person *sp,
                      const struct intake_checked *ck)
{
    json_t *dj = form_details_json(&sp->form);
    char *details = json_dump(dj);
    json_decref(dj);
    int rc = gen__store_with(g, c, sp, ck, details);
    free(details);
    return rc;
}

static int gen__rows(struct gen__run *g, const struct synth_person *sp, const char *id_number)
{
    for (int i = 0; i < sp->n_events; i++) {
        const struct synth_event *e = &sp->events[i];
        FILE *f = g->files[e->source];
        char d[DATE_STRLEN];
        date_format(e->day, d);
        if (e->month)
            d[7] = '\0'; /* YYYY-MM: a contribution month */
        if (fprintf(f, "%s,%s,%s\n", id_number, d, e->extra) < 0)
            return -ERR_GEN_OUT;
        g->n->rows[e->source]++;
    }
    return 0;
}

static void gen__count(struct gen__run *g, const struct synth_person *sp)
{
    struct gen_counts *n = g->n;
    n->people++;
    if (sp->channel == SYNTH_ONLINE)
        n->online++;
    else if (sp->channel == SYNTH_COUNTER)
        n->counter++;
    else
        n->national++;
    if (sp->outcome == SYNTH_APPROVED) {
        n->approved++;
        n->registrations++;
    } else if (sp->outcome == SYNTH_REJECTED) {
        n->rejected++;
    } else {
        n->pending++;
        if (sp->deadline < g->today)
            n->overdue++;
    }
}

/* Parse the --from month "YYYY-MM" into its first day. */
static int gen__from(const char *s, int32_t today, int32_t *out)
{
    int y, m;
    char tail;
    if (strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2)
        return -ERR_GEN_FROM;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return -ERR_GEN_FROM;
    if (y < 2000 || m < 1 || m > 12)
        return -ERR_GEN_FROM;
    *out = date_from_ymd(y, m, 1);
    return *out < today ? 0 : -ERR_GEN_FROM;
}

static int gen__open_files(struct gen__run *g, const char *dir)
{
    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return -ERR_GEN_OUT;
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, app_gen_file(s)) >= sizeof path)
            return -ERR_GEN_OUT;
        g->files[s] = fopen(path, "w");
        if (!g->files[s])
            return -ERR_GEN_OUT;
        setvbuf(g->files[s], NULL, _IOFBF, 1 << 20);
        if (fprintf(g->files[s], "%s\n", synth_dataset_header(s)) < 0)
            return -ERR_GEN_OUT;
    }
    return 0;
}

static int gen__close_files(struct gen__run *g)
{
    int rc = 0;
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        if (g->files[s] && fclose(g->files[s]) != 0)
            rc = -ERR_GEN_OUT;
        g->files[s] = NULL;
    }
    return rc;
}

static int gen__found(const struct audit_row *r, void *arg)
{
    (void)r;
    *(bool *)arg = true;
    return 1;
}

/* The audit object naming a run: its options, no personal data. */
static void gen__run_key(const struct gen_options *o, const char *region, char *out, size_t sz)
{
    snprintf(out, sz, "region=%s;seed=%llu;people=%ld;from=%s", region, (unsigned long long)o->seed,
             o->people, o->from ? o->from : "default");
    if (o->jobs > 0) /* runs without vacancies keep the key they always had */
        snprintf(out + strlen(out), sz - strlen(out), ";jobs=%ld", o->jobs);
}

/* The run's audit entry at `now` (the run's start): its counts as detail. */
static int gen__audit(struct app *a, const struct actor *by, int64_t now, int64_t started_ns,
                      const char *key, const struct gen_options *o, const struct gen_counts *n)
{
    json_t *rows = json_object();
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        json_object_set_new(rows, verify_source_name(s), json_integer(n->rows[s]));
    json_t *detail = json_pack(
        "{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o}", "people",
        (json_int_t)n->people, "skipped", (json_int_t)n->skipped, "from", n->from, "to", n->to,
        "online", (json_int_t)n->online, "counter", (json_int_t)n->counter, "national",
        (json_int_t)n->national, "approved", (json_int_t)n->approved, "rejected",
        (json_int_t)n->rejected, "pending", (json_int_t)n->pending, "registrations",
        (json_int_t)n->registrations, "csv", o->out_dir != NULL, "rows", rows);
    if (o->jobs > 0)
        json_object_set_new(detail, "jobs", json_integer(n->jobs));
    /* How long the run took (for /metrics), by the monotonic clock, not the run's `now`. */
    json_object_set_new(detail, "duration_ms",
                        json_integer((clock_mono_ns() - started_ns) / 1000000));
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = app_audit(c, by, now, "gen.run", "gen", key, detail);
    else
        json_decref(detail);
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    return rc;
}

/* Make, check, store and write one person. */
static int gen__person(struct gen__run *g, const struct synth_plan *plan, struct synth_keys *keys,
                       struct store_conn *c, const struct synth_slot *slot, struct synth_person *sp)
{
    int rc = synth_person(plan, keys, slot, sp);
    if (rc < 0) {
        log_error("gen", "event=keys_exhausted index=%u", slot->index);
        return rc;
    }
    struct intake_checked ck;
    struct err_ctx ec = {0};
    rc = intake_validate(&sp->form, sp->accepted_on, &ck, &ec);
    if (rc < 0) { /* a generator bug: every made person must pass the intake rules */
        log_error("gen", "event=invalid_person index=%u code=%s field=%s", slot->index,
                  err_info(rc)->code, ec.field ? ec.field : "-");
        return -ERR_INTERNAL;
    }
    rc = gen__store(g, c, sp, &ck);
    if (rc == 1) {
        g->n->skipped++;
        return 0;
    }
    if (rc < 0)
        return rc;
    gen__count(g, sp);
    return g->files[0] ? gen__rows(g, sp, ck.id.number) : 0;
}

/* Check the options and draw the run's plan: people, --from (default: twelve months back),
 * region. Fills out->from and out->to; *plan is the caller's to free. */
static int gen__plan(struct app *a, const struct gen_options *o, const char *region, int32_t today,
                     struct gen_counts *out, struct synth_plan **plan, struct err_ctx *ec)
{
    int32_t from;
    int rc;
    if (o->people < 1 || o->people > GEN_MAX_PEOPLE)
        return err_set(ec, -ERR_GEN_PEOPLE, "people");
    if (o->from) {
        rc = gen__from(o->from, today, &from);
        if (rc < 0)
            return err_set(ec, rc, "from");
    } else {
        int y, m;
        date_to_ymd(today, &y, &m, NULL);
        from = date_add_months(date_from_ymd(y, m, 1), -12);
    }
    struct synth_config cfg = {
        .region = region,
        .from = from,
        .today = today,
        .review_workdays = a->policy.review_workdays,
        .cal = a->cal,
        .seed = o->seed,
    };
    rc = synth_plan_new(&cfg, plan);
    if (rc == -ERR_FIELD_INVALID)
        return err_set(ec, -ERR_GEN_FROM, "from");
    if (rc < 0)
        return err_set(ec, rc, "region");
    date_format(from, out->from);
    date_format(today - 1, out->to);
    return 0;
}

/* Make and store every person of the plan in submission order, `batch` people a transaction,
 * reporting progress after each commit. */
static int gen__people(struct gen__run *g, struct store_conn *c, const struct synth_plan *plan)
{
    const struct gen_options *o = g->o;
    struct synth_slot *slots = xmalloc((size_t)o->people * sizeof *slots);
    for (long i = 0; i < o->people; i++)
        synth_slot(plan, (uint32_t)i, &slots[i]);
    qsort(slots, (size_t)o->people, sizeof *slots, synth_slot_order);
    struct synth_keys *keys = synth_keys_new((size_t)o->people);
    struct synth_person *sp = xmalloc(sizeof *sp);
    int batch = o->batch > 0 ? o->batch : GEN__BATCH;
    int rc = 0;
    for (long i = 0; i < o->people && rc >= 0;) {
        rc = store_tx_begin(c, true);
        if (rc < 0)
            break;
        long end = i + batch < o->people ? i + batch : o->people;
        for (; i < end && rc >= 0; i++)
            rc = gen__person(g, plan, keys, c, &slots[i], sp);
        rc = store_tx_end(c, rc);
        if (rc >= 0 && o->progress)
            o->progress(i, o->people, o->progress_arg);
    }
    free(sp);
    free(slots);
    synth_keys_free(keys);
    return rc;
}

/* Make and store the run's vacancies, 10,000 to a transaction. */
static int gen__jobs(struct gen__run *g, struct store_conn *c, const struct synth_plan *plan,
                     int64_t now)
{
    enum { N = 10000 };
    struct job *jobs = xcalloc(N, sizeof *jobs);
    struct synth_job *sj = xcalloc(N, sizeof *sj);
    char(*dates)[2][DATE_STRLEN] = xcalloc(N, sizeof *dates);
    int rc = 0;
    for (long i = 0; i < g->o->jobs && rc >= 0;) {
        int n = 0;
        for (; n < N && i < g->o->jobs && rc >= 0; n++, i++) {
            rc = synth_job(plan, (uint32_t)i, &sj[n]);
            jobs[n] = (struct job){.title = sj[n].title,
                                   .employer = sj[n].employer,
                                   .occupation = sj[n].occupation,
                                   .region = sj[n].region,
                                   .salary_min = sj[n].salary_min,
                                   .salary_max = sj[n].salary_max,
                                   .openings = sj[n].openings,
                                   .valid_from = date_format(sj[n].valid_from, dates[n][0]),
                                   .valid_until = date_format(sj[n].valid_until, dates[n][1]),
                                   .skills = sj[n].skills,
                                   .scope_region = sj[n].region,
                                   .source = "gen"};
            g->n->jobs_lapsed += sj[n].valid_until < g->today;
        }
        if (rc < 0)
            break;
        if ((rc = store_tx_begin(c, true)) < 0)
            break;
        rc = store_tx_end(c, app__job_store_many(c, jobs, n, now));
        if (rc >= 0)
            g->n->jobs += n;
    }
    free(dates);
    free(sj);
    free(jobs);
    return rc;
}

int app_gen(struct app *a, const struct actor *by, const struct gen_options *o,
            struct gen_counts *out, struct err_ctx *ec)
{
    int64_t started_ns = clock_mono_ns();
    memset(out, 0, sizeof *out);
    struct gen__run g = {.a = a, .o = o, .n = out};
    const char *region = o->region ? o->region : GEN_DEFAULT_REGION;
    struct synth_plan *plan = NULL;
    int64_t now = clock_now(); /* the run's one clock reading: "today" and its audit entry */
    char key[160];

    g.today = clock_date_of(now);
    int rc = gen__plan(a, o, region, g.today, out, &plan, ec);
    if (rc < 0)
        return rc;

    gen__run_key(o, region, key, sizeof key);
    struct store_conn *c = store_acquire(a->store);
    if (o->once) {
        bool found = false;
        rc = store_audit_each(c, "gen", key, 1, gen__found, &found);
        if (rc >= 0 && found) {
            out->already = true;
            store_release(a->store, c);
            synth_plan_free(plan);
            return 0;
        }
    }
    struct user staff;
    if (o->staff_id && store_user_by_id(c, o->staff_id, &staff) == 0)
        g.staff_agency = staff.agency_id;
    char prefix[REGION_CODE_MAX];
    region_prefix(region, prefix, sizeof prefix);
    rc = store_agency_each(c, prefix, 100000, gen__agency_row, &g);
    if (rc < 0)
        goto out;
    if (o->out_dir && (rc = gen__open_files(&g, o->out_dir)) < 0) {
        err_set(ec, rc, "out");
        goto out;
    }
    rc = gen__people(&g, c, plan);
    if (rc == -ERR_GEN_OUT)
        err_set(ec, rc, "out");
    if (rc >= 0 && o->jobs > 0)
        rc = gen__jobs(&g, c, plan, now);
out:
    store_release(a->store, c);
    int crc = gen__close_files(&g);
    if (rc >= 0 && crc < 0)
        rc = err_set(ec, crc, "out");
    if (rc >= 0)
        rc = gen__audit(a, by, now, started_ns, key, o, out);
    free(g.agencies);
    synth_plan_free(plan);
    return rc < 0 ? rc : 0;
}
