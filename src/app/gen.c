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

#include "app/app_priv.h"
#include "app/form.h"
#include "app/intake.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "rules/intake.h"
#include "rules/region.h"
#include "app/synth.h"
#include "store/agency.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/person.h"
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

/* Write one person's claim, person row, application and decision. 1: skipped. */
static int gen__store(struct gen__run *g, struct store_conn *c, struct synth_person *sp,
                      const struct intake_checked *ck)
{
    const struct intake_form *f = &sp->form;
    char accepted[DATE_STRLEN], deadline[DATE_STRLEN], since[DATE_STRLEN], birth[DATE_STRLEN];
    char serial_name[48], app_no[INTAKE_NO_SIZE], reg_no[INTAKE_NO_SIZE] = "";
    char existing_app[INTAKE_NO_SIZE], existing_reg[INTAKE_NO_SIZE];
    char submitted[CLOCK_STRLEN], code_hash[65];
    long serial;
    int64_t person_id, app_id;

    date_format(sp->accepted_on, accepted);
    snprintf(serial_name, sizeof serial_name, "app:%s:%s", f->register_region, accepted);
    int rc = store_serial_next(c, serial_name, &serial);
    if (rc == 0)
        rc = intake_application_no(f->register_region, sp->accepted_on, serial, app_no);
    if (rc < 0)
        return rc;
    rc = store_open_claim(c, ck->id.person_key, app_no, existing_app, existing_reg);
    if (rc == -ERR_CONFLICT)
        return 1;
    if (rc < 0)
        return rc;

    clock_set(sp->submitted);
    char sex[2];
    struct person p;
    app_intake_person(f, ck, sex, birth, &p);
    rc = store_person_upsert(c, &p, &person_id);
    if (rc < 0)
        return rc;

    bool disabled = strcmp(f->health, "disabled") == 0;
    const struct gen__agency *ag = NULL;
    if (sp->channel == SYNTH_COUNTER)
        ag = gen__agency_for(g, f->register_region, sp->agency_pick, disabled, false);
    const char *scope =
        ag && region_contains(f->register_region, ag->region) ? ag->region : f->register_region;
    json_t *dj = form_details_json(f);
    char *details = json_dump(dj);
    json_decref(dj);
    clock_format(sp->submitted, submitted);
    date_format(ck->unemployed_since, since);
    date_format(sp->deadline, deadline);
    app_intake_code_hash(sp->query_code, code_hash);
    bool counter = sp->channel == SYNTH_COUNTER;
    struct application a = {
        .application_no = app_no,
        .national_no = sp->national_no,
        .person_id = person_id,
        .channel = synth_channel_name(sp->channel),
        .status = "pending_review",
        .register_region = f->register_region,
        .scope_region = scope,
        .register_basis = f->register_basis,
        .agency_id = ag ? ag->id : 0,
        .accepted_by = counter && ag && ag->id == g->staff_agency ? g->o->staff_id : 0,
        .unemployed_since = since,
        .unemployment_reason = f->unemployment_reason,
        .commitment_at = submitted,
        .ui_benefit = f->ui_benefit,
        .difficulty = sp->difficulty_json,
        .details = details,
        .query_code_hash = code_hash,
        .submitted_at = submitted,
        .accepted_on = accepted,
        .deadline = deadline,
    };
    rc = store_app_insert(c, &a, &app_id);
    free(details);
    if (rc == -ERR_CONFLICT) { /* a national number handed over before (an earlier run) */
        rc = store_open_release(c, ck->id.person_key);
        return rc < 0 ? rc : 1;
    }
    if (rc < 0)
        return rc;

    if (sp->outcome == SYNTH_PENDING)
        return 0;
    clock_set(sp->decided);
    int32_t decided_day = clock_date_of(sp->decided);
    if (sp->outcome == SYNTH_APPROVED) {
        int y;
        char registered[DATE_STRLEN];
        date_to_ymd(decided_day, &y, NULL, NULL);
        snprintf(serial_name, sizeof serial_name, "reg:%s:%d", f->register_region, y);
        rc = store_serial_next(c, serial_name, &serial);
        if (rc == 0)
            rc = intake_registration_no(f->register_region, y, serial, reg_no);
        const struct gen__agency *home =
            ag ? ag : gen__agency_for(g, f->register_region, 0, false, true);
        struct registration r = {
            .registration_no = reg_no,
            .application_id = app_id,
            .person_id = person_id,
            .register_region = f->register_region,
            .scope_region = scope,
            .agency_id = home ? home->id : 0,
            .caseworker_id = g->o->staff_id,
            .status = "active",
            .registered_on = date_format(decided_day, registered),
            .ui_benefit = f->ui_benefit,
            .difficulty = sp->difficulty_json,
        };
        int64_t reg_id;
        if (rc == 0)
            rc = store_reg_insert(c, &r, &reg_id);
        if (rc == 0)
            rc = store_open_set_registration(c, ck->id.person_key, reg_no);
    } else {
        rc = store_open_release(c, ck->id.person_key);
    }
    const char *status = sp->outcome == SYNTH_APPROVED ? "approved" : "rejected";
    if (rc == 0)
        rc = store_app_decide(c, "", app_id, status, sp->reject_reason, g->o->staff_id, reg_no);
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
}

static int gen__audit(struct app *a, const struct actor *by, const char *key,
                      const struct gen_options *o, const struct gen_counts *n)
{
    char detail[1024];
    int len = snprintf(detail, sizeof detail,
                       "{\"people\":%ld,\"skipped\":%ld,\"from\":\"%s\",\"to\":\"%s\","
                       "\"online\":%ld,\"counter\":%ld,\"national\":%ld,\"approved\":%ld,"
                       "\"rejected\":%ld,\"pending\":%ld,\"registrations\":%ld,\"csv\":%s,"
                       "\"rows\":{",
                       n->people, n->skipped, n->from, n->to, n->online, n->counter, n->national,
                       n->approved, n->rejected, n->pending, n->registrations,
                       o->out_dir ? "true" : "false");
    for (int s = 0; s < VERIFY_SRC__COUNT && len < (int)sizeof detail; s++)
        len += snprintf(detail + len, sizeof detail - (size_t)len, "%s\"%s\":%ld", s ? "," : "",
                        verify_source_name(s), n->rows[s]);
    if (len < (int)sizeof detail)
        snprintf(detail + len, sizeof detail - (size_t)len, "}}");
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = app_audit(c, by, "gen.run", "gen", key, detail);
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
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

int app_gen(struct app *a, const struct actor *by, const struct gen_options *o,
            struct gen_counts *out, struct err_ctx *ec)
{
    memset(out, 0, sizeof *out);
    struct gen__run g = {.o = o, .n = out, .today = clock_today()};
    const char *region = o->region ? o->region : GEN_DEFAULT_REGION;
    struct synth_plan *plan = NULL;
    struct synth_keys *keys = NULL;
    struct synth_slot *slots = NULL;
    struct synth_person *sp = NULL;
    bool fixed = clock_is_fixed();
    int64_t now = clock_now();
    char key[160];
    int32_t from;
    int rc;

    if (o->people < 1 || o->people > GEN_MAX_PEOPLE)
        return err_set(ec, -ERR_GEN_PEOPLE, "people");
    if (o->from) {
        rc = gen__from(o->from, g.today, &from);
        if (rc < 0)
            return err_set(ec, rc, "from");
    } else {
        int y, m;
        date_to_ymd(g.today, &y, &m, NULL);
        from = date_add_months(date_from_ymd(y, m, 1), -12);
    }
    struct synth_config cfg = {
        .region = region,
        .from = from,
        .today = g.today,
        .review_workdays = a->policy.review_workdays,
        .cal = a->cal,
        .seed = o->seed,
    };
    rc = synth_plan_new(&cfg, &plan);
    if (rc == -ERR_FIELD_INVALID)
        return err_set(ec, -ERR_GEN_FROM, "from");
    if (rc < 0)
        return err_set(ec, rc, "region");
    date_format(from, out->from);
    date_format(g.today - 1, out->to);

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

    slots = xmalloc((size_t)o->people * sizeof *slots);
    for (long i = 0; i < o->people; i++)
        synth_slot(plan, (uint32_t)i, &slots[i]);
    qsort(slots, (size_t)o->people, sizeof *slots, synth_slot_order);
    keys = synth_keys_new((size_t)o->people);
    sp = xmalloc(sizeof *sp);
    int batch = o->batch > 0 ? o->batch : GEN__BATCH;
    for (long i = 0; i < o->people && rc >= 0;) {
        rc = store_tx_begin(c, true);
        if (rc < 0)
            break;
        long end = i + batch < o->people ? i + batch : o->people;
        for (; i < end && rc >= 0; i++)
            rc = gen__person(&g, plan, keys, c, &slots[i], sp);
        if (fixed)
            clock_set(now);
        else
            clock_clear();
        if (rc >= 0)
            rc = store_tx_commit(c);
        else
            store_tx_rollback(c);
        if (rc >= 0 && o->progress)
            o->progress(i, o->people, o->progress_arg);
    }
    if (rc == -ERR_GEN_OUT)
        err_set(ec, rc, "out");
out:
    if (fixed)
        clock_set(now);
    else
        clock_clear();
    store_release(a->store, c);
    int crc = gen__close_files(&g);
    if (rc >= 0 && crc < 0)
        rc = err_set(ec, crc, "out");
    if (rc >= 0)
        rc = gen__audit(a, by, key, o, out);
    free(sp);
    free(slots);
    free(g.agencies);
    synth_keys_free(keys);
    synth_plan_free(plan);
    return rc < 0 ? rc : 0;
}
