/*
 * match.c — occupation codes, skill words, the score and the index of open vacancies. See
 * match.h.
 *
 * The index: every vacancy falls under up to 15 lists, one per pair (occupation prefix of depth
 * 0..its own depth, region prefix of 2, 4 or 6 digits); depth 0 is "any occupation", for
 * people without a coded intent. The lists are one array of vacancy indices sorted by
 * (pair key, index), with an open-addressing table from key to slice. A search visits the
 * pairs of the person's intent and place from the highest bound (the pair's occupation and
 * place points plus the most pay and skills can add) down, scores each vacancy once (a stamp
 * per vacancy in the scratch) and stops when the bound falls below the tenth best score found:
 * every vacancy not yet scored lies only under pairs of lower bounds. Ties at the bound are
 * still visited, so the order by id among equal scores is exact.
 */
#include "rules/match.h"

#include "base/err.h"
#include "base/xalloc.h"
#include "rules/codes.h"

#include <stdlib.h>
#include <string.h>

/* --- occupation codes --------------------------------------------------------------------- */

static bool match__digit(char c)
{
    return c >= '0' && c <= '9';
}

int match_occupation_depth(const char *code)
{
    if (!code || code[0] < '1' || code[0] > '9')
        return 0;
    size_t n = strlen(code);
    if (n != 1 && n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 1; i < n; i += 3)
        if (code[i] != '-' || !match__digit(code[i + 1]) || !match__digit(code[i + 2]))
            return 0;
    return (int)(n + 2) / 3;
}

int match_occupation_validate(const char *code)
{
    char major[2];
    if (match_occupation_depth(code) == 0)
        return -ERR_OCCUPATION_INVALID;
    major[0] = code[0];
    major[1] = '\0';
    return codes_find("occupation", major) ? 0 : -ERR_OCCUPATION_INVALID;
}

int match_occupation_common(const char *a, const char *b)
{
    int da = match_occupation_depth(a), db = match_occupation_depth(b);
    int n = da < db ? da : db, c = 0;
    if (n == 0 || a[0] != b[0])
        return 0;
    for (c = 1; c < n; c++)
        if (a[3 * c - 1] != b[3 * c - 1] || a[3 * c] != b[3 * c])
            break;
    return c;
}

/* The digits of the first `depth` levels as one number ("4-01-02" at depth 2 → 401). */
static uint32_t match__occ_number(const char *code, int depth)
{
    uint32_t v = depth > 0 ? (uint32_t)(code[0] - '0') : 0;
    for (int l = 1; l < depth; l++)
        v = v * 100 + (uint32_t)(code[3 * l - 1] - '0') * 10 + (uint32_t)(code[3 * l] - '0');
    return v;
}

/* --- skill words -------------------------------------------------------------------------- */

/* The byte length of a separator at s, or 0. */
static size_t match__separator(const unsigned char *s)
{
    static const char *const wide[] = {"、", "，", "；", "（", "）", "　", "／"};
    if (strchr(" \t,;/()|+", s[0]) && s[0])
        return 1;
    if (s[0] == '\r' || s[0] == '\n')
        return 1;
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (strncmp((const char *)s, wide[i], 3) == 0)
            return 3;
    return 0;
}

/* Append word w (n bytes, lower-cased) unless it is there already or does not fit. */
static int match__add_word(const char *w, size_t n, char *buf, size_t bufsz, size_t *used,
                           const char *words[], int nw)
{
    if (n == 0 || n > MATCH_TOKEN_MAX || nw >= MATCH_SKILLS_MAX || *used + n + 1 > bufsz)
        return nw;
    char *dst = buf + *used;
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    dst[n] = '\0';
    for (int i = 0; i < nw; i++)
        if (strcmp(words[i], dst) == 0)
            return nw;
    words[nw] = dst;
    *used += n + 1;
    return nw + 1;
}

int match_skills_split(const char *text, char *buf, size_t bufsz,
                       const char *words[MATCH_SKILLS_MAX])
{
    int nw = 0;
    size_t used = 0;
    if (!text)
        return 0;
    const unsigned char *p = (const unsigned char *)text, *start = p;
    while (*p) {
        size_t sep = match__separator(p);
        if (sep == 0) {
            p++;
            continue;
        }
        nw =
            match__add_word((const char *)start, (size_t)(p - start), buf, bufsz, &used, words, nw);
        p += sep;
        start = p;
    }
    return match__add_word((const char *)start, (size_t)(p - start), buf, bufsz, &used, words, nw);
}

/* --- the score ---------------------------------------------------------------------------- */

static int match__shared(const struct match_subject *s, const struct match_job *j)
{
    int n = 0;
    for (int a = 0; a < s->n_skills; a++)
        for (int b = 0; b < j->n_skills; b++)
            if (s->skills[a] == j->skills[b]) {
                n++;
                break;
            }
    return n;
}

static void match__occupation(const struct match_subject *s, int common, struct match_result *r)
{
    static const int16_t points[] = {0, MATCH_W_OCC_MAJOR, MATCH_W_OCC_MIDDLE, MATCH_W_OCC_MINOR};
    if (s->occ_depth == 0) {
        r->occ_level = MATCH_OCC_NOT_STATED;
        r->occ_points = 0;
    } else if (common == s->occ_depth) {
        r->occ_level = MATCH_OCC_EXACT;
        r->occ_points = MATCH_W_OCC_EXACT;
    } else {
        r->occ_level = (uint8_t)common; /* MAJOR 1, MIDDLE 2, MINOR 3 */
        r->occ_points = points[common];
    }
}

/* The pay points a vacancy paying up to `top` earns against the intended minimum `want`. */
static int match__pay_points(int64_t want, int64_t top)
{
    if (want <= 0 || top <= 0)
        return MATCH_W_PAY_NEAR;
    if (top >= want)
        return MATCH_W_PAY_MEETS;
    return top * 5 >= want * 4 ? MATCH_W_PAY_NEAR : 0;
}

static void match__pay(const struct match_subject *s, const struct match_job *j,
                       struct match_result *r)
{
    int64_t want = s->salary_min, top = j->salary_max;
    if (want <= 0 || top <= 0) {
        r->pay_level = MATCH_PAY_NOT_STATED;
        r->pay_points = MATCH_W_PAY_NEAR;
    } else if (top >= want) {
        r->pay_level = MATCH_PAY_MEETS;
        r->pay_points = MATCH_W_PAY_MEETS;
    } else if (top * 5 >= want * 4) {
        r->pay_level = MATCH_PAY_NEAR;
        r->pay_points = MATCH_W_PAY_NEAR;
    } else {
        r->pay_level = MATCH_PAY_BELOW;
        r->pay_points = 0;
    }
}

bool match_score(const struct match_subject *s, const struct match_job *j, struct match_result *out)
{
    memset(out, 0, sizeof *out);
    out->job_index = -1;
    if (memcmp(s->place, j->region, 2) != 0)
        return false;
    int common = 0;
    if (s->occ_depth > 0) {
        common = match_occupation_common(s->occupation, j->occupation);
        if (common == 0)
            return false;
    }
    out->job_id = j->id;
    out->salary_max = j->salary_max;
    match__occupation(s, common, out);
    if (memcmp(s->place, j->region, 6) == 0) {
        out->place_level = MATCH_PLACE_COUNTY;
        out->place_points = MATCH_W_PLACE_COUNTY;
    } else if (memcmp(s->place, j->region, 4) == 0) {
        out->place_level = MATCH_PLACE_CITY;
        out->place_points = MATCH_W_PLACE_CITY;
    } else {
        out->place_level = MATCH_PLACE_PROVINCE;
        out->place_points = MATCH_W_PLACE_PROVINCE;
    }
    match__pay(s, j, out);
    int shared = match__shared(s, j);
    out->n_shared = (uint8_t)shared;
    out->skill_points =
        (int16_t)(shared * MATCH_W_SKILL > MATCH_W_SKILLS_MAX ? MATCH_W_SKILLS_MAX
                                                              : shared * MATCH_W_SKILL);
    out->score =
        (int16_t)(out->occ_points + out->place_points + out->pay_points + out->skill_points);
    return true;
}

bool match_better(const struct match_result *a, const struct match_result *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->salary_max != b->salary_max)
        return a->salary_max > b->salary_max;
    return a->job_id < b->job_id;
}

const char *match_occ_reason(enum match_occ_level l)
{
    static const char *const names[] = {"occupation_none",        "occupation_same_major",
                                        "occupation_same_middle", "occupation_same_minor",
                                        "occupation_exact",       "occupation_not_stated"};
    return (unsigned)l < sizeof names / sizeof *names ? names[l] : "";
}

const char *match_place_reason(enum match_place_level l)
{
    static const char *const names[] = {"place_none", "place_same_province", "place_same_city",
                                        "place_same_county"};
    return (unsigned)l < sizeof names / sizeof *names ? names[l] : "";
}

const char *match_pay_reason(enum match_pay_level l)
{
    static const char *const names[] = {"pay_below_intent", "pay_near_intent", "pay_meets_intent",
                                        "pay_not_stated"};
    return (unsigned)l < sizeof names / sizeof *names ? names[l] : "";
}

/* --- the index ---------------------------------------------------------------------------- */

struct match__slot {
    uint64_t key; /* 0: empty (no real key is 0: region level is at least 1) */
    uint32_t start, count;
    bool has_unpaid; /* some vacancy of the list states no pay (salary_max 0) */
};

struct match__pair {
    uint64_t key;
    int32_t salary_max;
    uint32_t job;
};

struct match_index {
    struct match_job *jobs;
    size_t n_jobs, cap_jobs;
    /* the skill dictionary: words, and an open-addressing table of word ids */
    char **words;
    size_t n_words, cap_words;
    int32_t *dict; /* -1 empty */
    size_t dict_cap;
    /* the lists */
    uint32_t *lists;
    struct match__slot *slots;
    size_t slot_cap;
};

struct match_scratch {
    uint32_t *stamp;
    uint32_t now;
    size_t n;
};

static uint64_t match__hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

static uint64_t match__key(int occ_depth, uint32_t occ_number, int region_level,
                           uint32_t region_number)
{
    return ((uint64_t)occ_depth << 48) | ((uint64_t)occ_number << 22) |
           ((uint64_t)region_level << 20) | region_number;
}

static uint32_t match__region_number(const char *region, int level)
{
    uint32_t v = 0;
    for (int i = 0; i < 2 * level; i++)
        v = v * 10 + (uint32_t)(region[i] - '0');
    return v;
}

struct match_index *match_index_new(void)
{
    struct match_index *ix = xcalloc(1, sizeof *ix);
    ix->dict_cap = 1024;
    ix->dict = xmalloc(ix->dict_cap * sizeof *ix->dict);
    memset(ix->dict, 0xff, ix->dict_cap * sizeof *ix->dict);
    return ix;
}

void match_index_free(struct match_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n_words; i++)
        free(ix->words[i]);
    free(ix->words);
    free(ix->dict);
    free(ix->jobs);
    free(ix->lists);
    free(ix->slots);
    free(ix);
}

/* The id of word w, or -1; with `add`, a new word gets the next id. */
static int32_t match__word_id(struct match_index *ix, const char *w, bool add)
{
    size_t mask = ix->dict_cap - 1, i = match__hash(w, strlen(w)) & mask;
    for (; ix->dict[i] >= 0; i = (i + 1) & mask)
        if (strcmp(ix->words[ix->dict[i]], w) == 0)
            return ix->dict[i];
    if (!add)
        return -1;
    if (ix->n_words == ix->cap_words) {
        ix->cap_words = ix->cap_words ? 2 * ix->cap_words : 256;
        ix->words = xrealloc(ix->words, ix->cap_words * sizeof *ix->words);
    }
    int32_t id = (int32_t)ix->n_words;
    ix->words[ix->n_words++] = xstrdup(w);
    ix->dict[i] = id;
    if (2 * ix->n_words > ix->dict_cap) { /* grow and re-enter every word */
        free(ix->dict);
        ix->dict_cap *= 2;
        ix->dict = xmalloc(ix->dict_cap * sizeof *ix->dict);
        memset(ix->dict, 0xff, ix->dict_cap * sizeof *ix->dict);
        for (size_t k = 0; k < ix->n_words; k++) {
            size_t m = ix->dict_cap - 1;
            size_t h = match__hash(ix->words[k], strlen(ix->words[k])) & m;
            while (ix->dict[h] >= 0)
                h = (h + 1) & m;
            ix->dict[h] = (int32_t)k;
        }
    }
    return id;
}

/* Look-up only: the index is read-only once built. */
static int32_t match__word_find(const struct match_index *ix, const char *w)
{
    return match__word_id((struct match_index *)(uintptr_t)ix, w, false);
}

static uint8_t match__skill_ids(struct match_index *ix, const char *skills, bool add,
                                int32_t ids[MATCH_SKILLS_MAX])
{
    char buf[1024];
    const char *words[MATCH_SKILLS_MAX];
    int n = match_skills_split(skills, buf, sizeof buf, words), k = 0;
    for (int i = 0; i < n; i++) {
        int32_t id = add ? match__word_id(ix, words[i], true) : match__word_find(ix, words[i]);
        if (id >= 0)
            ids[k++] = id;
    }
    return (uint8_t)k;
}

static bool match__region6(const char *r)
{
    if (!r || strlen(r) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        if (!match__digit(r[i]))
            return false;
    return true;
}

int match_index_add(struct match_index *ix, int64_t id, const char *occupation, const char *region,
                    int32_t salary_min, int32_t salary_max, const char *skills)
{
    int depth = match_occupation_depth(occupation);
    if (depth == 0 || !match__region6(region))
        return -1;
    if (ix->n_jobs == ix->cap_jobs) {
        ix->cap_jobs = ix->cap_jobs ? 2 * ix->cap_jobs : 1024;
        ix->jobs = xrealloc(ix->jobs, ix->cap_jobs * sizeof *ix->jobs);
    }
    struct match_job *j = &ix->jobs[ix->n_jobs];
    memset(j, 0, sizeof *j);
    j->id = id;
    memcpy(j->occupation, occupation, strlen(occupation) + 1);
    memcpy(j->region, region, 7);
    j->salary_min = salary_min;
    j->salary_max = salary_max;
    j->occ_depth = (uint8_t)depth;
    j->n_skills = match__skill_ids(ix, skills, true, j->skills);
    return (int)ix->n_jobs++;
}

/* Lists in (key, pay descending, index ascending) order: the order of ties in the ranking. */
static int match__pair_cmp(const void *a, const void *b)
{
    const struct match__pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->salary_max != y->salary_max)
        return x->salary_max > y->salary_max ? -1 : 1;
    return x->job < y->job ? -1 : x->job > y->job;
}

/* Enter the slice [start, start+count) of key into the slot table. */
static void match__slot_put(struct match_index *ix, uint64_t key, uint32_t start, uint32_t count,
                            bool has_unpaid)
{
    size_t mask = ix->slot_cap - 1, i = match__hash(&key, sizeof key) & mask;
    while (ix->slots[i].key != 0)
        i = (i + 1) & mask;
    ix->slots[i] = (struct match__slot){key, start, count, has_unpaid};
}

void match_index_build(struct match_index *ix)
{
    size_t n = 0, cap = ix->n_jobs * 15 + 1;
    struct match__pair *pairs = xmalloc(cap * sizeof *pairs);
    for (size_t i = 0; i < ix->n_jobs; i++) {
        const struct match_job *j = &ix->jobs[i];
        for (int d = 0; d <= j->occ_depth; d++)
            for (int l = 1; l <= 3; l++)
                pairs[n++] = (struct match__pair){match__key(d, match__occ_number(j->occupation, d),
                                                             l, match__region_number(j->region, l)),
                                                  j->salary_max, (uint32_t)i};
    }
    qsort(pairs, n, sizeof *pairs, match__pair_cmp);
    size_t keys = 0;
    for (size_t i = 0; i < n; i++)
        keys += i == 0 || pairs[i].key != pairs[i - 1].key;
    free(ix->lists);
    free(ix->slots);
    ix->lists = xmalloc((n + 1) * sizeof *ix->lists);
    for (ix->slot_cap = 16; ix->slot_cap < 2 * keys; ix->slot_cap *= 2)
        ;
    ix->slots = xcalloc(ix->slot_cap, sizeof *ix->slots);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        ix->lists[i] = pairs[i].job;
        if (i + 1 == n || pairs[i + 1].key != pairs[i].key) {
            /* pay descending: an unpaid vacancy (0) is last */
            match__slot_put(ix, pairs[i].key, (uint32_t)start, (uint32_t)(i + 1 - start),
                            pairs[i].salary_max <= 0);
            start = i + 1;
        }
    }
    free(pairs);
}

size_t match_index_count(const struct match_index *ix)
{
    return ix->n_jobs;
}

const struct match_job *match_index_job(const struct match_index *ix, size_t i)
{
    return i < ix->n_jobs ? &ix->jobs[i] : NULL;
}

const char *match_index_word(const struct match_index *ix, int32_t id)
{
    return id >= 0 && (size_t)id < ix->n_words ? ix->words[id] : "";
}

void match_subject_make(const struct match_index *ix, const char *occupation,
                        const char *intent_region, const char *register_region, int64_t salary_min,
                        const char *skills, struct match_subject *out)
{
    memset(out, 0, sizeof *out);
    int depth = match_occupation_validate(occupation) == 0 ? match_occupation_depth(occupation) : 0;
    if (depth > 0)
        memcpy(out->occupation, occupation, strlen(occupation) + 1);
    out->occ_depth = (uint8_t)depth;
    const char *place = match__region6(intent_region) ? intent_region : register_region;
    if (match__region6(place))
        memcpy(out->place, place, 7);
    out->salary_min = salary_min > 0 ? salary_min : 0;
    out->n_skills =
        match__skill_ids((struct match_index *)(uintptr_t)ix, skills, false, out->skills);
}

uint64_t match_subject_hash(const struct match_subject *s)
{
    uint64_t h[4] = {match__hash(s->occupation, strlen(s->occupation)),
                     match__hash(s->place, strlen(s->place)), (uint64_t)s->salary_min,
                     match__hash(s->skills, (size_t)s->n_skills * sizeof *s->skills)};
    return match__hash(h, sizeof h);
}

bool match_subject_same(const struct match_subject *a, const struct match_subject *b)
{
    return strcmp(a->occupation, b->occupation) == 0 && strcmp(a->place, b->place) == 0 &&
           a->salary_min == b->salary_min && a->n_skills == b->n_skills &&
           memcmp(a->skills, b->skills, (size_t)a->n_skills * sizeof *a->skills) == 0;
}

struct match_scratch *match_scratch_new(const struct match_index *ix)
{
    struct match_scratch *sc = xcalloc(1, sizeof *sc);
    sc->n = ix->n_jobs;
    sc->stamp = xcalloc(sc->n + 1, sizeof *sc->stamp);
    return sc;
}

void match_scratch_free(struct match_scratch *sc)
{
    if (!sc)
        return;
    free(sc->stamp);
    free(sc);
}

static const struct match__slot *match__slot_get(const struct match_index *ix, uint64_t key)
{
    if (!ix->slots)
        return NULL;
    size_t mask = ix->slot_cap - 1, i = match__hash(&key, sizeof key) & mask;
    for (; ix->slots[i].key != 0; i = (i + 1) & mask)
        if (ix->slots[i].key == key)
            return &ix->slots[i];
    return NULL;
}

/* Insert r into the ranked out[0..*n) of at most k entries, if it belongs there. */
static void match__offer(struct match_result *out, int *n, int k, const struct match_result *r)
{
    if (*n == k && !match_better(r, &out[k - 1]))
        return;
    int i = *n < k ? (*n)++ : k - 1;
    while (i > 0 && match_better(r, &out[i - 1])) {
        out[i] = out[i - 1];
        i--;
    }
    out[i] = *r;
}

struct match__tier {
    uint64_t key;
    int bound; /* the occupation and place points every unscored vacancy of the list earns */
};

/* The (occupation, place) pairs of a subject, highest bound first. Returns how many. */
static int match__tiers(const struct match_subject *s, struct match__tier t[15])
{
    static const int occ_points[] = {0, MATCH_W_OCC_MAJOR, MATCH_W_OCC_MIDDLE, MATCH_W_OCC_MINOR};
    static const int place_points[] = {0, MATCH_W_PLACE_PROVINCE, MATCH_W_PLACE_CITY,
                                       MATCH_W_PLACE_COUNTY};
    int n = 0;
    int lo = s->occ_depth > 0 ? 1 : 0;
    for (int d = s->occ_depth; d >= lo; d--) {
        int op = d == s->occ_depth && d > 0 ? MATCH_W_OCC_EXACT : occ_points[d];
        for (int l = 3; l >= 1; l--) {
            struct match__tier x = {match__key(d, match__occ_number(s->occupation, d), l,
                                               match__region_number(s->place, l)),
                                    op + place_points[l]};
            int i = n++;
            while (i > 0 && t[i - 1].bound < x.bound) {
                t[i] = t[i - 1];
                i--;
            }
            t[i] = x;
        }
    }
    return n;
}

/*
 * Whether no vacancy from list position `pos` on can enter a full ranking whose last entry is
 * `last`: those vacancies pay at most what the one at `pos` pays (lists are by pay descending,
 * then index), so they score at most `base` + the pay points of that pay + the skill bound, and
 * at an equal score they lose on pay or index.
 */
static bool match__rest_loses(const struct match_job *at, bool has_unpaid, int base, int64_t want,
                              int skill_bound, const struct match_result *last)
{
    int pay = match__pay_points(want, at->salary_max);
    if (has_unpaid && pay < MATCH_W_PAY_NEAR)
        pay = MATCH_W_PAY_NEAR;
    int bound = base + pay + skill_bound;
    if (bound != last->score)
        return bound < last->score;
    if (at->salary_max != last->salary_max)
        return at->salary_max < last->salary_max;
    return at->id > last->job_id;
}

int match_index_top(const struct match_index *ix, const struct match_subject *s,
                    struct match_scratch *sc, int k, struct match_result *out, long *n_scored)
{
    struct match__tier tiers[15];
    int found = 0;
    long scored = 0;
    if (k < 1 || k > MATCH_TOP_MAX || !match__region6(s->place))
        return 0;
    if (++sc->now == 0) { /* the stamps wrapped: start again */
        memset(sc->stamp, 0, (sc->n + 1) * sizeof *sc->stamp);
        sc->now = 1;
    }
    int skill_bound = s->n_skills * MATCH_W_SKILL > MATCH_W_SKILLS_MAX
                          ? MATCH_W_SKILLS_MAX
                          : s->n_skills * MATCH_W_SKILL;
    int nt = match__tiers(s, tiers);
    for (int t = 0; t < nt; t++) {
        if (found == k && tiers[t].bound + MATCH_W_PAY_MEETS + skill_bound < out[k - 1].score)
            break;
        const struct match__slot *sl = match__slot_get(ix, tiers[t].key);
        for (uint32_t i = 0; sl && i < sl->count; i++) {
            uint32_t j = ix->lists[sl->start + i];
            if (found == k && match__rest_loses(&ix->jobs[j], sl->has_unpaid, tiers[t].bound,
                                                s->salary_min, skill_bound, &out[k - 1]))
                break;
            if (sc->stamp[j] == sc->now)
                continue;
            sc->stamp[j] = sc->now;
            struct match_result r;
            scored++;
            if (!match_score(s, &ix->jobs[j], &r))
                continue;
            r.job_index = (int32_t)j;
            match__offer(out, &found, k, &r);
        }
    }
    if (n_scored)
        *n_scored += scored;
    return found;
}
