/*
 * stats_quality.c — the data-quality and timeliness bulletin of a region and the ranking of the
 * regions below it (issue 10; notice §6 通报, §8 monitoring). See stats.h.
 *
 * The period, region and jurisdiction are the report's (stats__resolve): a province ranks its
 * cities, a city its counties. The bulletin looks at day as_of, the period's last day or today
 * when the period is under way, and at the moment T that ends it (the end of that day, or now):
 *   - the records in stock at as_of, each checked for a missing or invalid education,
 *     unemployment reason, phone and residence region (rules/quality), and for a first contact
 *     (registration.first_contact_due) or a monthly follow-up (next_contact_due) overdue at as_of;
 *   - the applications decided in [start, as_of] (late when decided on a day after their
 *     deadline, the working-day deadline the row carries) and those still open at as_of past it;
 *   - the exits in force dated in the period, and those without evidence;
 *   - the results in the exchange outbox not accepted by the national platform by T although
 *     queued before T minus the exchange's time limit (policy exchange_download_minutes, the one
 *     §7 limit the exchange defines), and those the platform rejected or accepted in the period.
 * One walk over the stock and three grouped reads (store/quality.h); rows are added to the
 * total and to the region below holding them, or to "direct". Each region gets the indicators'
 * rates and the score of rules/quality, and the regions below are ranked worst first.
 */
#include "app/stats.h"
#include "app/stats_priv.h"

#include "app/app_priv.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/sheet.h"
#include "base/xalloc.h"
#include "rules/quality.h"
#include "rules/region.h"
#include "store/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct quality__figs {
    int64_t records, defective;
    int64_t missing[QUALITY_F__COUNT], invalid[QUALITY_F__COUNT];
    int64_t decided, decided_late, pending_overdue;
    int64_t first_contact_overdue, followup_overdue;
    int64_t exits, exits_no_evidence;
    int64_t unsent, rejected, sent;
};

struct quality__bulletin {
    struct stats__report rep; /* period, region, scope, children (counts unused) */
    char as_of[DATE_STRLEN];
    int64_t t_from, t_as_of, late_before;
    int limit_minutes;
    struct quality__figs total, direct;
    struct quality__figs *child; /* rep.n_children */
};

static struct quality__figs *quality__slot(struct quality__bulletin *q, const char *scope_region)
{
    for (int i = 0; i < q->rep.n_children; i++) {
        size_t n = strlen(q->rep.child_scope[i]);
        if (n && strncmp(scope_region, q->rep.child_scope[i], n) == 0)
            return &q->child[i];
    }
    return &q->direct;
}

static int quality__rec(const struct store_quality_rec *r, void *arg)
{
    struct quality__bulletin *q = arg;
    enum quality_check ck[QUALITY_F__COUNT] = {
        [QUALITY_F_EDUCATION] = quality_code_check("education", r->education),
        [QUALITY_F_REASON] = quality_code_check("unemployment_reason", r->reason),
        [QUALITY_F_PHONE] = r->phone_missing ? QUALITY_MISSING : QUALITY_OK,
        [QUALITY_F_RESIDENCE] = quality_region_check(r->residence_region),
    };
    bool bad = false;
    for (int f = 0; f < QUALITY_F__COUNT; f++)
        bad = bad || ck[f] != QUALITY_OK;
    bool fc = quality_overdue(r->first_contact_due, r->first_contact_on, q->as_of);
    bool fu = quality_overdue(r->next_contact_due, "", q->as_of);
    struct quality__figs *to[] = {&q->total, quality__slot(q, r->scope_region)};
    for (int i = 0; i < 2; i++) {
        to[i]->records++;
        to[i]->defective += bad;
        for (int f = 0; f < QUALITY_F__COUNT; f++) {
            to[i]->missing[f] += ck[f] == QUALITY_MISSING;
            to[i]->invalid[f] += ck[f] == QUALITY_INVALID;
        }
        to[i]->first_contact_overdue += fc;
        to[i]->followup_overdue += fu;
    }
    return 0;
}

static int quality__app(const char *scope_region, int64_t decided, int64_t late,
                        int64_t pending_overdue, void *arg)
{
    struct quality__bulletin *q = arg;
    struct quality__figs *to[] = {&q->total, quality__slot(q, scope_region)};
    for (int i = 0; i < 2; i++) {
        to[i]->decided += decided;
        to[i]->decided_late += late;
        to[i]->pending_overdue += pending_overdue;
    }
    return 0;
}

static int quality__exit(const char *scope_region, int64_t exits, int64_t no_evidence, void *arg)
{
    struct quality__bulletin *q = arg;
    struct quality__figs *to[] = {&q->total, quality__slot(q, scope_region)};
    for (int i = 0; i < 2; i++) {
        to[i]->exits += exits;
        to[i]->exits_no_evidence += no_evidence;
    }
    return 0;
}

static int quality__outbox(const char *scope_region, int64_t unsent, int64_t rejected, int64_t sent,
                           void *arg)
{
    struct quality__bulletin *q = arg;
    struct quality__figs *to[] = {&q->total, quality__slot(q, scope_region)};
    for (int i = 0; i < 2; i++) {
        to[i]->unsent += unsent;
        to[i]->rejected += rejected;
        to[i]->sent += sent;
    }
    return 0;
}

static int quality__read_fn(struct store_conn *c, void *arg)
{
    struct quality__bulletin *q = arg;
    const char *scope = q->rep.scope;
    int rc = store_quality_stock_each(c, scope, q->as_of, quality__rec, q);
    if (rc == 0)
        rc = store_quality_apps(c, scope, q->rep.start, q->as_of, quality__app, q);
    if (rc == 0)
        rc = store_quality_exits(c, scope, q->rep.start, q->as_of, quality__exit, q);
    if (rc == 0)
        rc = store_quality_outbox(c, scope, q->t_from, q->t_as_of, q->late_before, quality__outbox,
                                  q);
    return rc;
}

/* Resolve and count the bulletin into *q (free with quality__free). 0 or an error set in ec. */
static int quality__run(struct app *a, const struct actor *by, const char *period,
                        const char *region, struct quality__bulletin *q, struct err_ctx *ec)
{
    memset(q, 0, sizeof *q);
    int rc = stats__resolve(a, by, period, region, -1, &q->rep, ec);
    if (rc < 0)
        return rc;
    /* A region whose only child is a placeholder (北京市's 市辖区 110100) ranks the level below
     * that child: a municipality's bulletin ranks its districts. */
    if (q->rep.n_children == 1 && region_children(q->rep.children[0]->code, NULL, 0) > 0) {
        int n = region_children(q->rep.children[0]->code, q->rep.children, STATS__CHILDREN_MAX);
        q->rep.n_children = n < STATS__CHILDREN_MAX ? n : STATS__CHILDREN_MAX;
        for (int i = 0; i < q->rep.n_children; i++)
            region_prefix(q->rep.children[i]->code, q->rep.child_scope[i],
                          sizeof q->rep.child_scope[i]);
    }
    int32_t today = clock_today();
    int32_t as_of = q->rep.p.end < today ? q->rep.p.end : today;
    date_format(as_of, q->as_of);
    int64_t from = 0, end_day = 0;
    clock_parse(q->rep.start, &from);
    clock_parse(q->as_of, &end_day);
    q->t_from = from;
    q->t_as_of = q->rep.p.end < today ? end_day + 86400 - 1 : clock_now();
    q->limit_minutes = a->policy.exchange_download_minutes;
    q->late_before = q->t_as_of - (int64_t)q->limit_minutes * 60;
    q->child = xcalloc((size_t)(q->rep.n_children > 0 ? q->rep.n_children : 1), sizeof *q->child);
    rc = app__read(a, false, quality__read_fn, q);
    if (rc < 0)
        err_set(ec, rc, NULL);
    return rc;
}

static void quality__free(struct quality__bulletin *q)
{
    free(q->child);
    q->child = NULL;
    stats__report_free(&q->rep);
}

/* The indicators of f. */
static void quality__ratios(const struct quality__figs *f, struct quality_ratio r[QUALITY__COUNT])
{
    r[QUALITY_FIELDS] = (struct quality_ratio){f->defective, f->records};
    r[QUALITY_DECISIONS] = (struct quality_ratio){f->decided_late + f->pending_overdue,
                                                  f->decided + f->pending_overdue};
    r[QUALITY_FIRST_CONTACT] = (struct quality_ratio){f->first_contact_overdue, f->records};
    r[QUALITY_FOLLOWUP] = (struct quality_ratio){f->followup_overdue, f->records};
    r[QUALITY_EXIT_EVIDENCE] = (struct quality_ratio){f->exits_no_evidence, f->exits};
    r[QUALITY_UPLOAD] =
        (struct quality_ratio){f->unsent + f->rejected, f->unsent + f->rejected + f->sent};
}

static int64_t quality__score(const struct quality__figs *f)
{
    struct quality_ratio r[QUALITY__COUNT];
    quality__ratios(f, r);
    return quality_score_bp(r);
}

static json_t *quality__pct(int64_t bp)
{
    char t[24];
    return json_string(quality_bp_text(bp, t, sizeof t));
}

/* The figures, rates and score of f as a new JSON object. */
static json_t *quality__figs_json(const struct quality__figs *f)
{
    json_t *missing = json_object(), *invalid = json_object(), *rates = json_object();
    for (int i = 0; i < QUALITY_F__COUNT; i++) {
        json_object_set_new(missing, quality_field_key(i), json_integer(f->missing[i]));
        if (i != QUALITY_F_PHONE) /* a sealed phone is checked for presence only */
            json_object_set_new(invalid, quality_field_key(i), json_integer(f->invalid[i]));
    }
    struct quality_ratio r[QUALITY__COUNT];
    quality__ratios(f, r);
    for (int i = 0; i < QUALITY__COUNT; i++)
        json_object_set_new(rates, quality_ind_key(i),
                            quality__pct(quality_rate_bp(r[i].n, r[i].d)));
    return json_pack(
        "{s:I,s:I,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "records",
        (json_int_t)f->records, "records_with_defects", (json_int_t)f->defective, "missing",
        missing, "invalid", invalid, "decided", (json_int_t)f->decided, "decided_late",
        (json_int_t)f->decided_late, "pending_overdue", (json_int_t)f->pending_overdue,
        "first_contact_overdue", (json_int_t)f->first_contact_overdue, "followup_overdue",
        (json_int_t)f->followup_overdue, "exits", (json_int_t)f->exits, "exits_without_evidence",
        (json_int_t)f->exits_no_evidence, "results_unsent", (json_int_t)f->unsent,
        "results_rejected", (json_int_t)f->rejected, "results_sent", (json_int_t)f->sent,
        "rates_percent", rates, "score", quality__pct(quality__score(f)));
}

/* The order of the regions below, worst first (rules/quality), into order[0..n-1]: an
 * insertion sort, a few dozen regions at most. */
static void quality__rank(const struct quality__bulletin *q, int *order)
{
    for (int i = 0; i < q->rep.n_children; i++)
        order[i] = i;
    for (int i = 1; i < q->rep.n_children; i++) {
        int k = order[i], j = i - 1;
        while (j >= 0 && quality_rank_cmp(
                             quality__score(&q->child[order[j]]), q->rep.children[order[j]]->code,
                             quality__score(&q->child[k]), q->rep.children[k]->code) > 0) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = k;
    }
}

static json_t *quality__json(const struct quality__bulletin *q)
{
    char name[256], now[CLOCK_STRLEN];
    region_path_name(q->rep.region->code, name, sizeof name);
    json_t *weights = json_object();
    for (int i = 0; i < QUALITY__COUNT; i++)
        json_object_set_new(weights, quality_ind_key(i), json_integer(quality_ind_weight(i)));
    int order[STATS__CHILDREN_MAX];
    quality__rank(q, order);
    json_t *regions = json_array();
    for (int k = 0; k < q->rep.n_children; k++) {
        int i = order[k];
        json_t *o = quality__figs_json(&q->child[i]);
        json_object_set_new(o, "rank", json_integer(k + 1));
        json_object_set_new(o, "region", json_string(q->rep.children[i]->code));
        json_object_set_new(o, "name", json_string(q->rep.children[i]->name));
        json_array_append_new(regions, o);
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:b,s:s,s:i,s:o,s:o,s:o,s:o}", "period",
                     q->rep.period, "region", q->rep.region->code, "region_name", name, "start",
                     q->rep.start, "end", q->rep.end, "as_of", q->as_of, "cutoff_day",
                     q->rep.cutoff, "partial", q->rep.partial, "counted_at",
                     clock_format(clock_now(), now), "upload_limit_minutes", q->limit_minutes,
                     "weights", weights, "total", quality__figs_json(&q->total), "direct",
                     quality__figs_json(&q->direct), "regions", regions);
}

int app_stats_quality(struct app *a, const struct actor *by, const char *period, const char *region,
                      json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    struct quality__bulletin q;
    int rc = quality__run(a, by, period, region, &q, ec);
    if (rc == 0)
        *out = quality__json(&q);
    quality__free(&q);
    return rc;
}

/* --- the form ----------------------------------------------------------------------------- */

#define QUALITY__COLS 15

static const char *const quality__headers[QUALITY__COLS] = {
    "排名",           "地区",          "代码",   "得分",       "在册人数",
    "缺项或无效记录", "缺项或无效率%", "办结数", "逾期办结",   "逾期未办结",
    "首次联系逾期",   "定期联系逾期",  "注销数", "注销无依据", "未上传或被退回"};

/* One row of the form from the arena. */
static void quality__form_row(struct arena *ar, const char **row, const char *rank,
                              const char *name, const char *code, const struct quality__figs *f)
{
    char t[24];
    int64_t v[] = {f->records,
                   f->defective,
                   0,
                   f->decided,
                   f->decided_late,
                   f->pending_overdue,
                   f->first_contact_overdue,
                   f->followup_overdue,
                   f->exits,
                   f->exits_no_evidence,
                   f->unsent + f->rejected};
    row[0] = rank;
    row[1] = name;
    row[2] = code;
    row[3] = arena_strdup(ar, quality_bp_text(quality__score(f), t, sizeof t));
    for (int i = 0; i < 11; i++)
        row[4 + i] = arena_printf(ar, "%lld", (long long)v[i]);
    row[6] =
        arena_strdup(ar, quality_bp_text(quality_rate_bp(f->defective, f->records), t, sizeof t));
}

static int quality__form(const struct quality__bulletin *q, const struct actor *by,
                         enum stats_format fmt, struct buf *out)
{
    struct arena ar;
    arena_init(&ar);
    int n_rows = q->rep.n_children + 2;
    const char **cells = xcalloc((size_t)n_rows * QUALITY__COLS, sizeof *cells);
    int order[STATS__CHILDREN_MAX];
    quality__rank(q, order);
    for (int k = 0; k < q->rep.n_children; k++) {
        int i = order[k];
        quality__form_row(&ar, cells + (size_t)k * QUALITY__COLS, arena_printf(&ar, "%d", k + 1),
                          q->rep.children[i]->name, q->rep.children[i]->code, &q->child[i]);
    }
    quality__form_row(&ar, cells + (size_t)q->rep.n_children * QUALITY__COLS, "", "本级直接登记",
                      q->rep.region->code, &q->direct);
    quality__form_row(&ar, cells + (size_t)(q->rep.n_children + 1) * QUALITY__COLS, "", "合计",
                      q->rep.region->code, &q->total);
    char name[256], today[DATE_STRLEN];
    region_path_name(q->rep.region->code, name, sizeof name);
    struct buf w = {0};
    for (int i = 0; i < QUALITY__COUNT; i++)
        buf_printf(&w, "%s%s %d%%", i ? "，" : "", quality_ind_name(i), quality_ind_weight(i));
    const char *above[] = {
        arena_printf(&ar, "填报地区：%s（%s）", name, q->rep.region->code),
        arena_printf(&ar, "统计期：%s（%s 至 %s）%s", q->rep.period, q->rep.start, q->rep.end,
                     q->rep.partial ? "，统计期未结束，截至填报日" : ""),
        "计量单位：件、人；得分满分100，按得分由低到高排名",
    };
    const char *below[] = {
        arena_printf(&ar, "得分 = 100 − 加权平均逾期率或差错率（权重：%s）", buf_cstr(&w)),
        arena_printf(&ar, "填报人：%s", by->username[0] ? by->username : "system"),
        arena_printf(&ar, "填报日期：%s", date_format(clock_today(), today)),
        "数据来源：由失业登记信息系统根据登记记录直接生成（人社厅发〔2020〕3号 第六条、第八条）",
    };
    static const double widths[QUALITY__COLS] = {6,  18, 10, 8,  10, 12, 12, 8,
                                                 10, 10, 12, 12, 8,  10, 14};
    static const bool numeric[QUALITY__COLS] = {true, false, false, false, true, true, false, true,
                                                true, true,  true,  true,  true, true, true};
    struct sheet s = {
        .title = "失业登记数据质量和办理时效通报",
        .name = "数据质量通报",
        .n_cols = QUALITY__COLS,
        .headers = quality__headers,
        .widths = widths,
        .numeric = numeric,
        .cells = cells,
        .n_rows = n_rows,
        .above = above,
        .n_above = 3,
        .below = below,
        .n_below = 4,
    };
    int rc = 0;
    if (fmt == STATS_FORMAT_XLSX)
        rc = sheet_xlsx(&s, out);
    else
        sheet_csv(&s, out);
    buf_free(&w);
    free(cells);
    arena_free(&ar);
    return rc;
}

int app_stats_quality_export(struct app *a, const struct actor *by, const char *period,
                             const char *region, enum stats_format fmt, struct buf *out,
                             struct err_ctx *ec)
{
    struct quality__bulletin q;
    int rc = quality__run(a, by, period, region, &q, ec);
    if (rc == 0 && fmt == STATS_FORMAT_JSON) {
        json_t *o = quality__json(&q);
        char *text = json_dump(o);
        buf_puts(out, text);
        free(text);
        json_decref(o);
    } else if (rc == 0) {
        rc = quality__form(&q, by, fmt, out);
        if (rc < 0)
            err_set(ec, rc, NULL);
    }
    quality__free(&q);
    return rc;
}
