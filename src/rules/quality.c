/*
 * quality.c — the data-quality bulletin's rules. See quality.h.
 *
 * The weights (percent) stand for what the notice names: the record's data (§6 数据质量, 25),
 * answering applications within the deadline (§3, §8 服务响应逾期, 20), the first contact of 79号
 * (15), the monthly follow-up of §5 (15), the evidence an exit rests on (§5 注销, 10), and the
 * results uploaded to the national platform (§7 实时同步, §8 更新不及时, 15).
 */
#include "rules/quality.h"

#include "rules/codes.h"
#include "rules/region.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *key, *name;
    int weight;
} quality__inds[QUALITY__COUNT] = {
    [QUALITY_FIELDS] = {"fields", "登记信息缺项或无效", 25},
    [QUALITY_DECISIONS] = {"decisions", "逾期办结或逾期未办结", 20},
    [QUALITY_FIRST_CONTACT] = {"first_contact", "首次联系逾期", 15},
    [QUALITY_FOLLOWUP] = {"followup", "定期联系逾期", 15},
    [QUALITY_EXIT_EVIDENCE] = {"exit_evidence", "注销无依据", 10},
    [QUALITY_UPLOAD] = {"upload", "审核结果未上传全国平台", 15},
};

const char *quality_ind_key(enum quality_ind i)
{
    return i >= 0 && i < QUALITY__COUNT ? quality__inds[i].key : "";
}

const char *quality_ind_name(enum quality_ind i)
{
    return i >= 0 && i < QUALITY__COUNT ? quality__inds[i].name : "";
}

int quality_ind_weight(enum quality_ind i)
{
    return i >= 0 && i < QUALITY__COUNT ? quality__inds[i].weight : 0;
}

int64_t quality_rate_bp(int64_t n, int64_t d)
{
    if (d <= 0 || n <= 0)
        return 0;
    if (n > d)
        n = d;
    return (n * 20000 + d) / (2 * d);
}

int64_t quality_score_bp(const struct quality_ratio r[QUALITY__COUNT])
{
    int64_t sum = 0;
    for (int i = 0; i < QUALITY__COUNT; i++)
        sum += quality__inds[i].weight * quality_rate_bp(r[i].n, r[i].d);
    return 10000 - (sum + 50) / 100;
}

int quality_rank_cmp(int64_t score_a, const char *code_a, int64_t score_b, const char *code_b)
{
    if (score_a != score_b)
        return score_a < score_b ? -1 : 1;
    return strcmp(code_a ? code_a : "", code_b ? code_b : "");
}

const char *quality_field_key(enum quality_field f)
{
    static const char *const keys[QUALITY_F__COUNT] = {"education", "unemployment_reason", "phone",
                                                       "residence_region"};
    return f >= 0 && f < QUALITY_F__COUNT ? keys[f] : "";
}

enum quality_check quality_code_check(const char *table, const char *code)
{
    if (!code || !*code)
        return QUALITY_MISSING;
    return codes_find(table, code) ? QUALITY_OK : QUALITY_INVALID;
}

enum quality_check quality_region_check(const char *code)
{
    if (!code || !*code)
        return QUALITY_MISSING;
    return region_find(code) ? QUALITY_OK : QUALITY_INVALID;
}

bool quality_overdue(const char *due, const char *done, const char *as_of)
{
    if (!due || !*due || strcmp(due, as_of) >= 0)
        return false;
    return !(done && *done && strcmp(done, as_of) <= 0);
}

char *quality_bp_text(int64_t bp, char *buf, int size)
{
    snprintf(buf, (size_t)size, "%s%lld.%02lld", bp < 0 ? "-" : "",
             (long long)((bp < 0 ? -bp : bp) / 100), (long long)((bp < 0 ? -bp : bp) % 100));
    return buf;
}
