/*
 * quality.h — the data-quality and timeliness bulletin's rules (issue 10; notice §6: 对辖区内各地市
 * 数据上报情况和数据质量进行通报, §8: 服务响应逾期、反馈数据不准及更新不及时): which record field
 * is missing or invalid, when a due day is overdue, the indicators' rates and the score that ranks
 * the regions below (docs/statistics.md "Data quality and timeliness").
 *
 * Pure: integers and text in, integers out. Rates are basis points (1/100 of a percent) rounded
 * half up, so that the score is exact and a test can recount it.
 */
#ifndef UREG_RULES_QUALITY_H
#define UREG_RULES_QUALITY_H

#include <stdbool.h>
#include <stdint.h>

/* The indicators of the score, each a count over a base. */
enum quality_ind {
    QUALITY_FIELDS,        /* records with a missing or invalid field / records in stock */
    QUALITY_DECISIONS,     /* decided late + pending past deadline / decided + pending past it */
    QUALITY_FIRST_CONTACT, /* first contacts overdue / records in stock */
    QUALITY_FOLLOWUP,      /* monthly follow-ups overdue / records in stock */
    QUALITY_EXIT_EVIDENCE, /* exits without evidence / exits */
    QUALITY_UPLOAD,        /* results unsent or rejected / unsent + rejected + sent */
    QUALITY__COUNT
};

struct quality_ratio {
    int64_t n, d;
};

/* The indicator's key in the JSON ("fields", "decisions", ...), static text. */
const char *quality_ind_key(enum quality_ind i);
/* Its Chinese name for the form, static text. */
const char *quality_ind_name(enum quality_ind i);
/* Its weight in percent; the weights add up to 100. */
int quality_ind_weight(enum quality_ind i);

/* n / d in basis points rounded half up (n clamped to 0..d); 0 when d <= 0. */
int64_t quality_rate_bp(int64_t n, int64_t d);

/* The score in basis points, 10000 (nothing late or wrong) down to 0: 10000 minus the weighted
 * mean of the indicators' rates, round(Σ weight·rate_bp / 100). */
int64_t quality_score_bp(const struct quality_ratio r[QUALITY__COUNT]);

/* Order of the ranking, worst first: the lower score first, then the region code. */
int quality_rank_cmp(int64_t score_a, const char *code_a, int64_t score_b, const char *code_b);

/* The fields a record is checked for. */
enum quality_field {
    QUALITY_F_EDUCATION,
    QUALITY_F_REASON,
    QUALITY_F_PHONE,
    QUALITY_F_RESIDENCE,
    QUALITY_F__COUNT
};
const char *quality_field_key(enum quality_field f); /* "education", ... static text */

enum quality_check { QUALITY_OK, QUALITY_MISSING, QUALITY_INVALID };
/* A code field: missing when empty, invalid when not in the code table `table` (rules/codes). */
enum quality_check quality_code_check(const char *table, const char *code);
/* The residence region: missing when empty, invalid when not a known region code. */
enum quality_check quality_region_check(const char *code);

/* Whether a due day ("YYYY-MM-DD"; "" none) is overdue at the end of day as_of: it is before
 * as_of and `done` ("" never) is not on or before as_of. */
bool quality_overdue(const char *due, const char *done, const char *as_of);

/* A basis-point value as percent text "12.34" into buf (at least 16 bytes); returns buf. */
char *quality_bp_text(int64_t bp, char *buf, int size);

#endif
