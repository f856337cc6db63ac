/*
 * match.h — job matching (notice §4(三): 精准匹配岗位信息): occupation codes, skill words, the
 * score of one vacancy for one person, and an in-memory index of the open vacancies that
 * finds a person's best ones without scoring every vacancy.
 *
 * Occupation codes are those of the national occupational classification (国家职业分类大典,
 * 2022 edition): "X-XX-XX-XX" is a 细类 (occupation), "X-XX-XX" its 小类 (minor group),
 * "X-XX" its 中类 and "X" its 大类 (major group, 1..8, the code table `occupation`). A job
 * intent or a vacancy may name a group instead of an occupation ("4-01": any occupation of
 * that 中类). Only the major groups ship as a table (data/codes.csv); finer codes are checked by
 * form and by their major group.
 *
 * The score (0..100) is the sum of four parts, each a documented weight (docs/decisions.md):
 *   occupation  40 the vacancy lies within the intent (exactly the occupation, or inside the
 *                  intended group); else by the levels the two codes share: 30 the same 小类,
 *                  20 the same 中类, 10 the same 大类. Sharing nothing: not a candidate. A person
 *                  without a coded intent gets 0 here and every vacancy of the province is a
 *                  candidate.
 *   place       30 the same county, 20 the same city, 10 the same province (6, 4, 2 leading
 *                  digits), comparing the vacancy's region with the intent region, else the
 *                  registration's register region. Another province: not a candidate.
 *   pay         20 the vacancy's top pay reaches the intended minimum, 10 it comes within 20 %
 *                  of it, or either side states no pay, 0 below that.
 *   skills       5 for each skill word the two share, at most 10.
 * Ranking is by score, best first; at an equal score the better-paid vacancy (salary_max) first,
 * then the older (lower id). Pure: no I/O, no clock;
 * "open today" is the caller's business (it builds the index from the vacancies open today).
 *
 * Load: a province's 200,000 open vacancies and a million people. The index keeps, for every
 * pair (occupation prefix, region prefix) a vacancy falls under, the list of those vacancies;
 * a person's search walks the pairs it shares with the intent from the best possible score
 * down, each list by pay descending, and stops once no unvisited vacancy can beat the tenth
 * found, so a person costs the vacancies near the intent, not all of them.
 */
#ifndef UREG_RULES_MATCH_H
#define UREG_RULES_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MATCH_OCC_SIZE 16   /* "4-01-02-01" and its NUL, with room */
#define MATCH_SKILLS_MAX 16 /* skill words kept per person or vacancy */
#define MATCH_TOKEN_MAX 63  /* bytes of one skill word; longer words are dropped */
#define MATCH_TOP_MAX 100   /* the most results one search returns */
#define MATCH_SCORE_MAX 100

/* The weights (see the file comment). */
enum {
    MATCH_W_OCC_EXACT = 40,
    MATCH_W_OCC_MINOR = 30,
    MATCH_W_OCC_MIDDLE = 20,
    MATCH_W_OCC_MAJOR = 10,
    MATCH_W_PLACE_COUNTY = 30,
    MATCH_W_PLACE_CITY = 20,
    MATCH_W_PLACE_PROVINCE = 10,
    MATCH_W_PAY_MEETS = 20,
    MATCH_W_PAY_NEAR = 10,
    MATCH_W_SKILL = 5,
    MATCH_W_SKILLS_MAX = 10,
};

/*
 * The depth of an occupation code by its form: 1 for "X", 2 "X-XX", 3 "X-XX-XX", 4
 * "X-XX-XX-XX" (X a digit 1..9, XX two digits); 0 for NULL, "" or any other form.
 */
int match_occupation_depth(const char *code);

/*
 * Check an occupation code: 0 when its form is one of those above and its major group is in
 * the code table `occupation`; -ERR_OCCUPATION_INVALID otherwise (NULL and "" too).
 */
int match_occupation_validate(const char *code);

/* How many leading levels two valid codes share (0..4); 0 when either is not a valid code. */
int match_occupation_common(const char *a, const char *b);

/*
 * Split skill text ("电工、焊接，Java") into words: separated by 、，；（）　／ and ASCII space,
 * tab , ; / ( ) | +, ASCII letters lower-cased, empty words and words over MATCH_TOKEN_MAX bytes
 * dropped, each word kept once, at most MATCH_SKILLS_MAX in text order. Writes the words
 * NUL-terminated one after another into buf (bufsz bytes; words that do not fit are dropped)
 * and pointers to them into words[]. Returns the number of words. NULL text gives 0.
 */
int match_skills_split(const char *text, char *buf, size_t bufsz,
                       const char *words[MATCH_SKILLS_MAX]);

/* A vacancy as the index keeps it. Skill words are ids of the index's dictionary. */
struct match_job {
    int64_t id;
    char occupation[MATCH_OCC_SIZE];
    char region[8]; /* 6 digits */
    int32_t salary_min, salary_max;
    uint8_t occ_depth, n_skills;
    int32_t skills[MATCH_SKILLS_MAX];
};

/* A person as a search sees them: intent occupation (maybe uncoded), place, pay, skill ids. */
struct match_subject {
    char occupation[MATCH_OCC_SIZE]; /* "" when the intent has no valid code */
    char place[8];                   /* 6 digits: the intent region, else the register region */
    int64_t salary_min;              /* 0: not stated */
    uint8_t occ_depth, n_skills;
    int32_t skills[MATCH_SKILLS_MAX];
};

/* What a score is made of: the points of each part and the level that earned them. */
enum match_occ_level {
    MATCH_OCC_NONE,
    MATCH_OCC_MAJOR,
    MATCH_OCC_MIDDLE,
    MATCH_OCC_MINOR,
    MATCH_OCC_EXACT,
    MATCH_OCC_NOT_STATED
};
enum match_place_level {
    MATCH_PLACE_NONE,
    MATCH_PLACE_PROVINCE,
    MATCH_PLACE_CITY,
    MATCH_PLACE_COUNTY
};
enum match_pay_level { MATCH_PAY_BELOW, MATCH_PAY_NEAR, MATCH_PAY_MEETS, MATCH_PAY_NOT_STATED };

struct match_result {
    int64_t job_id;
    int32_t salary_max; /* the vacancy's: the first tie-break */
    int32_t job_index;  /* in the index, or -1 */
    int16_t score, occ_points, place_points, pay_points, skill_points;
    uint8_t occ_level, place_level, pay_level, n_shared;
};

/*
 * Score vacancy j for subject s into *out. Returns true when j is a candidate (same province,
 * and when s has a coded intent at least the same major group), false otherwise (*out zeroed
 * then). Never allocates.
 */
bool match_score(const struct match_subject *s, const struct match_job *j,
                 struct match_result *out);

/* Whether result a ranks before b (higher score, then higher salary_max, then lower id). */
bool match_better(const struct match_result *a, const struct match_result *b);

/* The stable code of each part's level, for the API's reasons ("occupation_exact", ...). */
const char *match_occ_reason(enum match_occ_level l);
const char *match_place_reason(enum match_place_level l);
const char *match_pay_reason(enum match_pay_level l);

/* --- the index ---------------------------------------------------------------------------- */

struct match_index;

/* A new, empty index (free with match_index_free). Never NULL (aborts on out-of-memory). */
struct match_index *match_index_new(void);
void match_index_free(struct match_index *ix);

/*
 * Add a vacancy (before match_index_build). The occupation must be a valid code and the region
 * 6 digits: anything else is not added and -1 is returned; else its index (0, 1, ...). Skill
 * words are split from `skills` and entered in the dictionary. Add vacancies in ascending id
 * order (the index relies on it for the order of ties).
 */
int match_index_add(struct match_index *ix, int64_t id, const char *occupation, const char *region,
                    int32_t salary_min, int32_t salary_max, const char *skills);

/* Build the lists; after it the index is read-only and may be searched from many threads. */
void match_index_build(struct match_index *ix);

/* The number of vacancies and the i-th (0 <= i < count). */
size_t match_index_count(const struct match_index *ix);
const struct match_job *match_index_job(const struct match_index *ix, size_t i);

/* The dictionary word of a skill id (from a match_job or match_subject), or "". */
const char *match_index_word(const struct match_index *ix, int32_t id);

/*
 * Fill *out for a person: the intent occupation (kept when it is a valid code, else ""), the
 * place (intent_region when it is 6 digits, else register_region), the intended minimum pay
 * (negative counts as 0) and the skill words found in the index's dictionary (a word no vacancy
 * names cannot be shared and is left out). NULL strings count as "".
 */
void match_subject_make(const struct match_index *ix, const char *occupation,
                        const char *intent_region, const char *register_region, int64_t salary_min,
                        const char *skills, struct match_subject *out);

/* A hash of what a search depends on in s (occupation, place, pay, skill ids), and whether two
 * subjects are the same to a search (then match_index_top gives them the same list). */
uint64_t match_subject_hash(const struct match_subject *s);
bool match_subject_same(const struct match_subject *a, const struct match_subject *b);

/* Per-thread working memory of a search (which vacancies it has scored). */
struct match_scratch;
struct match_scratch *match_scratch_new(const struct match_index *ix);
void match_scratch_free(struct match_scratch *sc);

/*
 * The best `k` (1..MATCH_TOP_MAX) candidates for s, best first, into out[0..]. Returns how many
 * (≤ k). Exactly what scoring every vacancy with match_score and ranking by match_better would
 * give. `sc` must come from this index and not be used by two threads at once. Optionally counts
 * the vacancies scored into *n_scored (NULL: not counted).
 */
int match_index_top(const struct match_index *ix, const struct match_subject *s,
                    struct match_scratch *sc, int k, struct match_result *out, long *n_scored);

#endif
