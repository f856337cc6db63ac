/*
 * stats_export.c — the report as a statistics form (CSV with a BOM, XLSX). See stats.h.
 *
 * The form is one table of three columns (项目, 分组, 人数) under the title, the 填报地区, the
 * 统计期 and the 计量单位, with the 填报人 and 填报日期 after it (base/sheet's lines above and
 * below): the flows and stocks first, each breakdown of the closing stock as rows whose counts
 * add up to the closing stock (a 合计 row each), then the 城镇登记失业率 and the regions below.
 * Codes are shown with their names from the code tables (rules/codes).
 */
#include "app/stats.h"
#include "app/stats_priv.h"

#include "base/arena.h"
#include "base/clock.h"
#include "base/sheet.h"
#include "base/xalloc.h"
#include "rules/codes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATS__COLS 3

int app_stats_format_parse(const char *s, enum stats_format *out)
{
    if (!s || !*s || strcmp(s, "json") == 0)
        *out = STATS_FORMAT_JSON;
    else if (strcmp(s, "csv") == 0)
        *out = STATS_FORMAT_CSV;
    else if (strcmp(s, "xlsx") == 0)
        *out = STATS_FORMAT_XLSX;
    else
        return -ERR_FIELD_INVALID;
    return 0;
}

/* The rows being built: cells from the arena. */
struct stats__form {
    struct arena ar;
    const char **cells;
    int n, cap;
};

static void stats__row(struct stats__form *f, const char *item, const char *group, int64_t n)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->cells = xrealloc(f->cells, sizeof *f->cells * STATS__COLS * (size_t)f->cap);
    }
    const char **row = f->cells + (size_t)f->n * STATS__COLS;
    row[0] = arena_strdup(&f->ar, item);
    row[1] = arena_strdup(&f->ar, group);
    row[2] = arena_printf(&f->ar, "%lld", (long long)n);
    f->n++;
}

/* "code 名称" of a code table, or the code alone. */
static const char *stats__code_name(struct stats__form *f, const char *table, const char *code)
{
    const struct code_entry *e = table ? codes_find(table, code) : NULL;
    return e ? arena_printf(&f->ar, "%s %s", code, e->name_zh) : code;
}

/* One tally as rows of `item` with a 合计 row. */
static void stats__tally_rows(struct stats__form *f, const char *item, const char *table,
                              const struct stats__tally *t)
{
    for (int i = 0; i < t->n; i++)
        stats__row(f, item, stats__code_name(f, table, t->keys[i]), t->v[i]);
    if (t->other)
        stats__row(f, item, "其他", t->other);
    stats__row(f, item, "合计", stats__tally_sum(t));
}

/* Enum-indexed bands as rows with their Chinese labels and a 合计 row. */
static void stats__band_rows(struct stats__form *f, const char *item, const char *const *labels,
                             const int64_t *v, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        stats__row(f, item, labels[i], v[i]);
        sum += v[i];
    }
    stats__row(f, item, "合计", sum);
}

static const char *const stats__age_labels[STATS_AGE__COUNT] = {
    "16-24岁", "25-34岁", "35-44岁", "45-54岁", "55岁及以上", "16岁以下", "不详"};
static const char *const stats__dur_labels[STATS_DUR__COUNT] = {"6个月以下", "6-12个月",
                                                                "12个月以上（长期失业）", "不详"};
static const char *const stats__hukou_labels[STATS_HUKOU__COUNT] = {"本地户籍", "非本地户籍",
                                                                    "港澳台居民", "不详"};
static const char *const stats__urban_labels[STATS_URBAN__COUNT] = {"城镇", "农村", "不详"};

/* The rows of the whole report. */
static void stats__form_rows(struct stats__form *f, const struct stats__report *rep)
{
    const struct stats__counts *t = &rep->total;
    const struct stats__breakdown *b = &rep->b;
    stats__row(f, "期初登记失业人员", "", t->opening);
    stats__row(f, "本期新增登记失业人员", "", t->n_new);
    stats__tally_rows(f, "本期注销登记", "exit_reason", &t->exits);
    stats__row(f, "期末登记失业人员", "", t->closing);
    stats__tally_rows(f, "期末：性别", NULL, &b->sex);
    stats__band_rows(f, "期末：年龄", stats__age_labels, b->age, STATS_AGE__COUNT);
    stats__tally_rows(f, "期末：文化程度", "education", &b->education);
    stats__tally_rows(f, "期末：失业原因", "unemployment_reason", &b->reason);
    stats__band_rows(f, "期末：失业时长", stats__dur_labels, b->duration, STATS_DUR__COUNT);
    stats__tally_rows(f, "期末：就业困难人员类别（可多选）", "difficulty_category", &b->difficulty);
    stats__row(f, "期末：就业困难人员", "人数", b->difficulty_any);
    stats__row(f, "期末：领取失业保险金", "人数", b->ui_benefit);
    stats__tally_rows(f, "期末：按登记失业人员服务", "served_as", &b->served_as);
    stats__band_rows(f, "期末：户籍", stats__hukou_labels, b->hukou, STATS_HUKOU__COUNT);
    stats__band_rows(f, "期末：常住地", stats__urban_labels, b->urban, STATS_URBAN__COUNT);
    stats__row(f, "城镇登记失业人员", "", b->urban[STATS_URBAN]);
    if (rep->employed >= 0) {
        stats__row(f, "城镇从业人员（统计人员录入）", "", rep->employed);
        int64_t bp = stats_rate_bp(b->urban[STATS_URBAN], rep->employed);
        if (bp >= 0)
            stats__row(f, "城镇登记失业率（万分之）", "", bp);
    }
    for (int i = 0; i < rep->n_children; i++)
        stats__row(f, "下级地区：期末登记失业人员", rep->children[i]->name, rep->child[i].closing);
    stats__row(f, "本级直接登记：期末登记失业人员", "", rep->direct.closing);
}

/* Write rep as the form in fmt onto out. */
static int stats__form_write(const struct stats__report *rep, const struct actor *by,
                             enum stats_format fmt, struct buf *out)
{
    static const char *const headers[STATS__COLS] = {"项目", "分组", "人数"};
    static const double widths[STATS__COLS] = {34, 30, 12};
    static const bool numeric[STATS__COLS] = {false, false, true};
    struct stats__form f = {0};
    arena_init(&f.ar);
    stats__form_rows(&f, rep);
    char name[256], today[DATE_STRLEN];
    stats__region_name(rep, name, sizeof name);
    const char *above[] = {
        arena_printf(&f.ar, "填报地区：%s（%s）", name, rep->region->code),
        arena_printf(&f.ar, "统计期：%s（%s 至 %s）%s", rep->period, rep->start, rep->end,
                     rep->partial ? "，统计期未结束，截至填报日" : ""),
        "计量单位：人",
    };
    const char *below[] = {
        arena_printf(&f.ar, "填报人：%s", by->username[0] ? by->username : "system"),
        arena_printf(&f.ar, "填报日期：%s", date_format(clock_today(), today)),
        "数据来源：由失业登记信息系统根据登记记录直接生成（人社厅发〔2020〕3号 第六条）",
    };
    struct sheet s = {
        .title = "登记失业人员统计报表",
        .name = "登记失业人员统计",
        .n_cols = STATS__COLS,
        .headers = headers,
        .widths = widths,
        .numeric = numeric,
        .cells = f.cells,
        .n_rows = f.n,
        .above = above,
        .n_above = 3,
        .below = below,
        .n_below = 3,
    };
    int rc = 0;
    if (fmt == STATS_FORMAT_XLSX)
        rc = sheet_xlsx(&s, out);
    else
        sheet_csv(&s, out);
    free(f.cells);
    arena_free(&f.ar);
    return rc;
}

int app_stats_export(struct app *a, const struct actor *by, const char *period, const char *region,
                     enum stats_format fmt, struct buf *out, struct err_ctx *ec)
{
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc == 0)
        rc = stats__run(a, &rep, true);
    if (rc == 0 && fmt == STATS_FORMAT_JSON) {
        json_t *o = stats__report_json(&rep);
        char *text = json_dump(o);
        buf_puts(out, text);
        free(text);
        json_decref(o);
    } else if (rc == 0) {
        rc = stats__form_write(&rep, by, fmt, out);
        if (rc < 0)
            err_set(ec, rc, NULL);
    }
    stats__report_free(&rep);
    return rc;
}
