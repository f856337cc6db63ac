/*
 * match.c — one person's matches and the batch. See match.h.
 *
 * The server's index (struct match_cache, one per app) is guarded by a read-write lock:
 * searches share it; a rebuild (the vacancies' version or the day changed) takes it
 * exclusively, loads the open vacancies from the primary and swaps the index in, with what a
 * match shows of each vacancy (title, employer, pay, openings, validity) beside it, so that a
 * request reads nothing of the vacancies: its one statement is the registration's, which brings
 * the vacancies' version along. Searches need a scratch as large as the index (a stamp per
 * vacancy); the cache keeps a few for reuse.
 */
#include "app/match.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/progress.h"
#include "base/xalloc.h"
#include "rules/region.h"
#include "store/match.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MATCH__PAGE 10000   /* vacancies or registrations read per query */
#define MATCH__SCRATCHES 16 /* kept for reuse by the server */

/* What a match shows of a vacancy besides what the index keeps (strings in the cache's arena). */
struct match__shown {
    const char *title, *employer, *valid_from, *valid_until, *status;
    int64_t salary_min, openings;
};

struct match_cache {
    pthread_rwlock_t lock;
    struct match_index *ix;     /* NULL until first built */
    struct match__shown *shown; /* one per vacancy of ix, by its index */
    struct arena ar;            /* the strings of shown */
    int64_t version;
    int32_t day;
    pthread_mutex_t pool_mu;
    struct match_scratch *pool[MATCH__SCRATCHES];
    int n_pool;
};

/* --- loading the open vacancies ----------------------------------------------------------- */

struct match__load {
    struct match_index *ix;
    FILE *export; /* jobs.csv of --export, or NULL */
    int64_t last;
    struct match__shown *shown; /* the server's (NULL for the batch), grown as rows come */
    size_t cap;
    struct arena *ar;
};

/* Write s as one CSV field (quoted when it holds a comma, quote or line break). */
static void match__csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int match__load_row(const struct job *j, void *arg)
{
    struct match__load *l = arg;
    l->last = j->id;
    int i = match_index_add(l->ix, j->id, j->occupation, j->region, (int32_t)j->salary_min,
                            (int32_t)j->salary_max, j->skills);
    if (i >= 0 && l->ar) {
        if ((size_t)i == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 1024;
            l->shown = xrealloc(l->shown, l->cap * sizeof *l->shown);
        }
        l->shown[i] = (struct match__shown){arena_strdup(l->ar, j->title),
                                            arena_strdup(l->ar, j->employer),
                                            arena_strdup(l->ar, j->valid_from),
                                            arena_strdup(l->ar, j->valid_until),
                                            arena_strdup(l->ar, j->status),
                                            j->salary_min,
                                            j->openings};
    }
    if (i >= 0 && l->export) {
        fprintf(l->export, "%lld,%s,%s,%lld,%lld,", (long long)j->id, j->occupation, j->region,
                (long long)j->salary_min, (long long)j->salary_max);
        match__csv_field(l->export, j->skills);
        fputc('\n', l->export);
    }
    return 0;
}

/* A new index of the vacancies open on `day`; NULL with *rc on a store error. With `ar`, what
 * matches show of each vacancy into *shown (strings from `ar`; free *shown). */
static struct match_index *match__build(struct store_conn *c, int32_t day, FILE *export,
                                        struct arena *ar, struct match__shown **shown, int *rc)
{
    char d[DATE_STRLEN];
    struct match__load l = {match_index_new(), export, 0, NULL, 0, ar};
    date_format(day, d);
    if (export)
        fputs("job_id,occupation,region,salary_min,salary_max,skills\n", export);
    do {
        *rc = store_job_open_page(c, d, l.last, MATCH__PAGE, match__load_row, &l);
    } while (*rc == MATCH__PAGE);
    if (*rc < 0) {
        match_index_free(l.ix);
        free(l.shown);
        return NULL;
    }
    match_index_build(l.ix);
    if (shown)
        *shown = l.shown;
    *rc = 0;
    return l.ix;
}

/* --- the server's index ------------------------------------------------------------------- */

static struct match_cache *match__cache(struct app *a)
{
    static pthread_mutex_t create = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&create);
    if (!a->match) {
        struct match_cache *m = xcalloc(1, sizeof *m);
        pthread_rwlock_init(&m->lock, NULL);
        pthread_mutex_init(&m->pool_mu, NULL);
        a->match = m;
    }
    pthread_mutex_unlock(&create);
    return a->match;
}

static void match__pool_clear(struct match_cache *m)
{
    pthread_mutex_lock(&m->pool_mu);
    for (int i = 0; i < m->n_pool; i++)
        match_scratch_free(m->pool[i]);
    m->n_pool = 0;
    pthread_mutex_unlock(&m->pool_mu);
}

void app__match_cache_free(struct app *a)
{
    struct match_cache *m = a->match;
    if (!m)
        return;
    match__pool_clear(m);
    match_index_free(m->ix);
    free(m->shown);
    arena_free(&m->ar);
    pthread_rwlock_destroy(&m->lock);
    pthread_mutex_destroy(&m->pool_mu);
    free(m);
    a->match = NULL;
}

/* Make the index current for (version, day); returns with the read lock held, or an error
 * with no lock held. */
static int match__current(struct app *a, struct match_cache *m, int64_t version, int32_t day)
{
    pthread_rwlock_rdlock(&m->lock);
    if (m->ix && m->version == version && m->day == day)
        return 0;
    pthread_rwlock_unlock(&m->lock);
    pthread_rwlock_wrlock(&m->lock);
    int rc = 0;
    if (!m->ix || m->version != version || m->day != day) {
        struct arena ar;
        struct match__shown *shown = NULL;
        arena_init(&ar);
        struct store_conn *c = store_acquire(a->store);
        struct match_index *ix = match__build(c, day, NULL, &ar, &shown, &rc);
        store_release(a->store, c);
        if (!ix)
            arena_free(&ar);
        if (ix) {
            match__pool_clear(m); /* scratches are sized for the old index */
            match_index_free(m->ix);
            free(m->shown);
            arena_free(&m->ar);
            m->ix = ix;
            m->shown = shown;
            m->ar = ar;
            m->version = version;
            m->day = day;
        }
    }
    pthread_rwlock_unlock(&m->lock);
    if (rc < 0)
        return rc;
    pthread_rwlock_rdlock(&m->lock);
    return 0;
}

static struct match_scratch *match__scratch_get(struct match_cache *m)
{
    struct match_scratch *sc = NULL;
    pthread_mutex_lock(&m->pool_mu);
    if (m->n_pool > 0)
        sc = m->pool[--m->n_pool];
    pthread_mutex_unlock(&m->pool_mu);
    return sc ? sc : match_scratch_new(m->ix);
}

static void match__scratch_put(struct match_cache *m, struct match_scratch *sc)
{
    pthread_mutex_lock(&m->pool_mu);
    if (m->n_pool < MATCH__SCRATCHES) {
        m->pool[m->n_pool++] = sc;
        sc = NULL;
    }
    pthread_mutex_unlock(&m->pool_mu);
    match_scratch_free(sc);
}

/* Search the current index for the subject row; results and shared words into items. */
static int match__search(struct match_cache *m, const struct match_subject_row *row, int k,
                         struct arena *ar, struct match_item *items, struct match_subject *subject)
{
    struct match_result res[MATCH_TOP_MAX];
    match_subject_make(m->ix, row->intent_occupation, row->intent_region, row->register_region,
                       row->intent_salary_min, row->skills, subject);
    struct match_scratch *sc = match__scratch_get(m);
    int n = match_index_top(m->ix, subject, sc, k, res, NULL);
    match__scratch_put(m, sc);
    for (int i = 0; i < n; i++) {
        memset(&items[i], 0, sizeof items[i]);
        items[i].r = res[i];
        const struct match_job *j = match_index_job(m->ix, (size_t)res[i].job_index);
        const struct match__shown *sh = &m->shown[res[i].job_index];
        items[i].job = (struct job){.id = j->id,
                                    .title = arena_strdup(ar, sh->title),
                                    .employer = arena_strdup(ar, sh->employer),
                                    .occupation = arena_strdup(ar, j->occupation),
                                    .region = arena_strdup(ar, j->region),
                                    .salary_min = sh->salary_min,
                                    .salary_max = j->salary_max,
                                    .openings = sh->openings,
                                    .valid_from = arena_strdup(ar, sh->valid_from),
                                    .valid_until = arena_strdup(ar, sh->valid_until),
                                    .education_min = "",
                                    .skills = "",
                                    .requirements = "",
                                    .status = arena_strdup(ar, sh->status),
                                    .scope_region = "",
                                    .created_at = "",
                                    .source = ""};
        int w = 0;
        for (int x = 0; x < subject->n_skills; x++)
            for (int y = 0; y < j->n_skills; y++)
                if (subject->skills[x] == j->skills[y] && w < MATCH_SKILLS_MAX) {
                    items[i].shared[w++] = arena_strdup(ar, match_index_word(m->ix, j->skills[y]));
                    break;
                }
    }
    return n;
}

int app_match_for(struct app *a, const struct actor *by, const char *reg_no, int k,
                  struct arena *ar, struct match_item *items, int *n, struct match_subject *subject)
{
    struct match_subject_row row;
    *n = 0;
    memset(subject, 0, sizeof *subject);
    if (k < 1 || k > MATCH_TOP_MAX)
        return -ERR_FIELD_INVALID;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_match_subject(c, by->scope, reg_no, ar, &row);
    store_release(a->store, c);
    if (rc == 0 && strcmp(row.status, "active") != 0)
        rc = -ERR_REGISTRATION_NOT_ACTIVE;
    if (rc < 0)
        return rc;
    struct match_cache *m = match__cache(a);
    if ((rc = match__current(a, m, row.jobs_version, clock_today())) < 0)
        return rc;
    *n = match__search(m, &row, k, ar, items, subject);
    pthread_rwlock_unlock(&m->lock);
    return 0;
}

const char *app_match_reason(const struct match_result *r, int part)
{
    switch (part) {
    case 0:
        return match_occ_reason((enum match_occ_level)r->occ_level);
    case 1:
        return match_place_reason((enum match_place_level)r->place_level);
    case 2:
        return match_pay_reason((enum match_pay_level)r->pay_level);
    default:
        return r->n_shared ? "skills_shared" : "skills_none";
    }
}

int app_match_referable(struct app *a, const struct actor *by, const char *reg_no, int64_t job_id,
                        struct arena *ar, struct job *job)
{
    struct match_subject_row row;
    char today[DATE_STRLEN];
    memset(job, 0, sizeof *job);
    date_format(clock_today(), today);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_match_subject(c, by->scope, reg_no, ar, &row);
    if (rc == 0 && strcmp(row.status, "active") != 0)
        rc = -ERR_REGISTRATION_NOT_ACTIVE;
    if (rc == 0)
        rc = store_job_get(c, "", job_id, ar, job);
    store_release(a->store, c);
    if (rc < 0)
        return rc;
    return app__job_offered(job, row.intent_region, row.register_region, today);
}

int app__job_offered(const struct job *job, const char *intent_region, const char *register_region,
                     const char *today)
{
    const char *place =
        intent_region && strlen(intent_region) == 6 ? intent_region : register_region;
    if (strncmp(place, job->region, 2) != 0)
        return -ERR_NOT_FOUND;
    if (strcmp(job->status, "open") != 0 || job->openings < 1 ||
        strcmp(job->valid_from, today) > 0 || strcmp(job->valid_until, today) < 0)
        return -ERR_JOB_NOT_OPEN;
    return 0;
}

/* --- the batch ---------------------------------------------------------------------------- */

struct match__person {
    char reg_no[32];
    struct match_subject s;
    const struct match_result *res; /* its list: the memo's, or its own in the page */
    const int *n;
};

/*
 * The lists found so far by subject: people of the same intent, place, pay and skills have the
 * same list (a province's million people have some tens of thousands of such profiles), so each
 * is searched once. At most MATCH__MEMO_RESULTS results are kept; past that, people are
 * searched one by one.
 */
#define MATCH__MEMO_RESULTS (1 << 21)

struct match__memo {
    struct match_subject *subj;
    struct match_result *res; /* top per entry */
    int *n;                   /* found per entry */
    int32_t *slot;            /* entry or -1, open addressing */
    size_t cap, count, mask;
};

static void match__memo_init(struct match__memo *m, int top)
{
    m->cap = MATCH__MEMO_RESULTS / (size_t)top;
    for (m->mask = 1; m->mask < 2 * m->cap; m->mask *= 2)
        ;
    m->slot = xmalloc(m->mask * sizeof *m->slot);
    memset(m->slot, 0xff, m->mask * sizeof *m->slot);
    m->mask--;
    m->subj = xmalloc(m->cap * sizeof *m->subj);
    m->res = xmalloc(m->cap * (size_t)top * sizeof *m->res);
    m->n = xmalloc(m->cap * sizeof *m->n);
    m->count = 0;
}

static void match__memo_free(struct match__memo *m)
{
    free(m->slot);
    free(m->subj);
    free(m->res);
    free(m->n);
}

/* The entry of s: found (*added false), or new (*added true), or -1 when the memo is full. */
static int32_t match__memo_get(struct match__memo *m, const struct match_subject *s, bool *added)
{
    size_t i = match_subject_hash(s) & m->mask;
    *added = false;
    for (; m->slot[i] >= 0; i = (i + 1) & m->mask)
        if (match_subject_same(&m->subj[m->slot[i]], s))
            return m->slot[i];
    if (m->count == m->cap)
        return -1;
    m->subj[m->count] = *s;
    m->slot[i] = (int32_t)m->count;
    *added = true;
    return (int32_t)m->count++;
}

/* One search: subject s, its list into res[0..top) and its length into *n. */
struct match__task {
    const struct match_subject *s;
    struct match_result *res;
    int *n;
};

struct match__chunk {
    const struct match_index *ix;
    const struct match__task *tasks;
    int from, to, top;
    long scored;
};

static void *match__worker(void *arg)
{
    struct match__chunk *ch = arg;
    struct match_scratch *sc = match_scratch_new(ch->ix);
    for (int i = ch->from; i < ch->to; i++)
        *ch->tasks[i].n =
            match_index_top(ch->ix, ch->tasks[i].s, sc, ch->top, ch->tasks[i].res, &ch->scored);
    match_scratch_free(sc);
    return NULL;
}

struct match__batch {
    const struct match_index *ix;
    const struct match_run_opts *o;
    struct match_run_counts *out;
    FILE *results, *people_csv;
    struct match__person *people;
    int n, cap, top, threads;
    struct match_result *res; /* a list per person of the page, for those the memo cannot hold */
    int *found;
    struct match__task *tasks;
    struct match__memo memo;
    int64_t last;
};

/* Run n_tasks searches on the threads. */
static void match__search_all(struct match__batch *b, int n_tasks)
{
    pthread_t tid[8];
    bool started[8] = {false};
    struct match__chunk ch[8];
    int per = (n_tasks + b->threads - 1) / b->threads;
    for (int t = 0; t < b->threads; t++) {
        int from = t * per < n_tasks ? t * per : n_tasks;
        int to = from + per > n_tasks ? n_tasks : from + per;
        ch[t] = (struct match__chunk){b->ix, b->tasks, from, to, b->top, 0};
    }
    for (int t = 1; t < b->threads; t++)
        started[t] = pthread_create(&tid[t], NULL, match__worker, &ch[t]) == 0;
    for (int t = 0; t < b->threads; t++)
        if (!started[t])
            match__worker(&ch[t]); /* the first chunk, and any a thread could not take */
    for (int t = 1; t < b->threads; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    for (int t = 0; t < b->threads; t++)
        b->out->scored += ch[t].scored;
}

/* Append v in decimal and `sep` at p; returns the end. A result row is
 * formatted by hand: fprintf of ten million rows was a tenth of the batch. */
static char *match__num(char *p, long long v, char sep)
{
    char d[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    if (v < 0)
        *p++ = '-';
    do
        d[n++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    while (n > 0)
        *p++ = d[--n];
    *p++ = sep;
    return p;
}

/* Rank the people gathered so far (each profile not seen before searched once, on the threads)
 * and write their rows. */
static int match__flush(struct match__batch *b)
{
    int n_tasks = 0;
    size_t top = (size_t)b->top;
    for (int i = 0; i < b->n; i++) {
        struct match__person *p = &b->people[i];
        bool added;
        int32_t e = match__memo_get(&b->memo, &p->s, &added);
        struct match__task t = {&p->s, &b->res[(size_t)i * top], &b->found[i]};
        if (e >= 0)
            t = (struct match__task){&b->memo.subj[e], &b->memo.res[(size_t)e * top],
                                     &b->memo.n[e]};
        p->res = t.res;
        p->n = t.n;
        if (e < 0 || added)
            b->tasks[n_tasks++] = t;
    }
    match__search_all(b, n_tasks);
    for (int i = 0; i < b->n; i++) {
        const struct match__person *p = &b->people[i];
        b->out->with_match += *p->n > 0;
        b->out->rows += *p->n;
        size_t reg_len = strlen(p->reg_no);
        for (int r = 0; b->results && r < *p->n; r++) {
            const struct match_result *x = &p->res[r];
            char line[sizeof p->reg_no + 7 * 24], *e = line + reg_len;
            memcpy(line, p->reg_no, reg_len);
            *e++ = ',';
            long long v[7] = {r + 1,           x->job_id,     x->score,       x->occ_points,
                              x->place_points, x->pay_points, x->skill_points};
            for (int k = 0; k < 7; k++)
                e = match__num(e, v[k], k < 6 ? ',' : '\n');
            fwrite(line, 1, (size_t)(e - line), b->results);
        }
    }
    b->n = 0;
    if (b->results && ferror(b->results))
        return -ERR_MATCH_OUT;
    return 0;
}

static int match__person_row(const struct match_subject_row *r, void *arg)
{
    struct match__batch *b = arg;
    struct match__person *p = &b->people[b->n++];
    b->last = r->registration_id;
    snprintf(p->reg_no, sizeof p->reg_no, "%s", r->registration_no);
    match_subject_make(b->ix, r->intent_occupation, r->intent_region, r->register_region,
                       r->intent_salary_min, r->skills, &p->s);
    b->out->people++;
    if (b->people_csv) {
        fprintf(b->people_csv, "%s,%s,", r->registration_no, r->register_region);
        match__csv_field(b->people_csv, r->intent_occupation);
        fputc(',', b->people_csv);
        match__csv_field(b->people_csv, r->intent_region);
        fprintf(b->people_csv, ",%lld,", (long long)r->intent_salary_min);
        match__csv_field(b->people_csv, r->skills);
        fputc('\n', b->people_csv);
    }
    return 0;
}

/* Read the region's active registrations page by page, ranking every MATCH__PAGE. */
static int match__people(struct store_conn *c, const char *scope, struct match__batch *b)
{
    int rc;
    do {
        rc = store_match_subject_page(c, scope, b->last, MATCH__PAGE, match__person_row, b);
        if (rc >= 0) {
            int frc = match__flush(b);
            if (frc < 0)
                return frc;
            if (b->o->progress)
                b->o->progress(b->out->people, b->o->progress_arg);
        }
    } while (rc == MATCH__PAGE);
    return rc < 0 ? rc : 0;
}

/* Open DIR/name for writing (DIR created if absent); NULL when it cannot be. */
static FILE *match__open_in(const char *dir, const char *name)
{
    char path[4096];
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, "w");
}

static int match__close_all(FILE *f[3], int rc)
{
    for (int i = 0; i < 3; i++)
        if (f[i] && fclose(f[i]) != 0 && rc == 0)
            rc = -ERR_MATCH_OUT;
    return rc;
}

/* Open the output files of the run; -ERR_MATCH_OUT with ec->field when one cannot be. */
static int match__open_outputs(const struct match_run_opts *o, FILE *f[3], struct err_ctx *ec)
{
    f[0] = f[1] = f[2] = NULL;
    if (o->out_path && !(f[0] = fopen(o->out_path, "w")))
        return err_set(ec, -ERR_MATCH_OUT, "out");
    if (o->export_dir && (!(f[1] = match__open_in(o->export_dir, "jobs.csv")) ||
                          !(f[2] = match__open_in(o->export_dir, "people.csv")))) {
        match__close_all(f, 0);
        return err_set(ec, -ERR_MATCH_OUT, "export");
    }
    if (f[0])
        fputs("registration_no,rank,job_id,score,occupation_points,place_points,pay_points,"
              "skill_points\n",
              f[0]);
    if (f[2])
        fputs("registration_no,register_region,intent_occupation,intent_region,"
              "intent_salary_min,skills\n",
              f[2]);
    return 0;
}

static int match__audit(struct app *a, const struct actor *by, const struct match_run_opts *o,
                        const struct match_run_counts *n, int64_t now)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc =
            app_audit(c, by, now, "match.run", "match", o->region && *o->region ? o->region : "all",
                      json_pack("{s:I, s:I, s:I, s:I}", "jobs", (json_int_t)n->jobs, "people",
                                (json_int_t)n->people, "with_match", (json_int_t)n->with_match,
                                "rows", (json_int_t)n->rows));
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    return rc;
}

int app_match_run(struct app *a, const struct actor *by, const struct match_run_opts *o,
                  struct match_run_counts *out, struct err_ctx *ec)
{
    char scope[REGION_CODE_MAX] = "";
    FILE *f[3];
    int64_t now = clock_now();
    memset(out, 0, sizeof *out);
    if (o->region && *o->region) {
        int rc = region_validate6(o->region);
        if (rc < 0)
            return err_set(ec, rc, "region");
        region_prefix(o->region, scope, sizeof scope);
    }
    int rc = match__open_outputs(o, f, ec);
    if (rc < 0)
        return rc;
    double t0 = progress_clock();
    struct store_conn *c = store_acquire(a->store);
    struct match_index *ix = match__build(c, clock_today(), f[1], NULL, NULL, &rc);
    out->jobs = ix ? (long)match_index_count(ix) : 0;
    out->load_s = progress_clock() - t0;
    struct match__batch b = {.ix = ix, .o = o, .out = out, .results = f[0], .people_csv = f[2]};
    b.top = o->top > 0 && o->top <= MATCH_TOP_MAX ? o->top : MATCH_DEFAULT_TOP;
    b.threads = o->threads > 0 && o->threads <= 8 ? o->threads : 2;
    if (ix) {
        b.people = xmalloc(MATCH__PAGE * sizeof *b.people);
        b.res = xmalloc((size_t)MATCH__PAGE * (size_t)b.top * sizeof *b.res);
        b.found = xcalloc(MATCH__PAGE, sizeof *b.found);
        b.tasks = xmalloc(MATCH__PAGE * sizeof *b.tasks);
        match__memo_init(&b.memo, b.top);
        rc = match__people(c, scope, &b);
        match__memo_free(&b.memo);
    }
    store_release(a->store, c);
    out->rank_s = progress_clock() - t0 - out->load_s;
    free(b.people);
    free(b.res);
    free(b.found);
    free(b.tasks);
    match_index_free(ix);
    rc = match__close_all(f, rc);
    if (rc == -ERR_MATCH_OUT)
        err_set(ec, rc, "out");
    if (rc == 0)
        rc = match__audit(a, by, o, out, now);
    return rc;
}
