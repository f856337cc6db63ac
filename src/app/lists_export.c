/*
 * lists_export.c — the agency list in the 附件4 layout (公共就业服务机构清单) as XLSX or CSV.
 * See app/lists.h.
 *
 * Columns: 序号, 所在地区 (the region's full name), then the fields the notice §4(二) names in
 * its order — 机构名称, 办公地址, 联系电话, 经办项目 (joined with 、) — and 办公时间. At most
 * LIST__EXPORT_MAX agencies (a province has a few thousand).
 */
#include "app/lists.h"

#include "base/arena.h"
#include "base/json.h"
#include "base/sheet.h"
#include "base/xalloc.h"
#include "rules/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST__EXPORT_MAX 20000
#define LIST__EXPORT_COLS 7

static const char *const list__export_headers[LIST__EXPORT_COLS] = {
    "序号", "所在地区", "机构名称", "办公地址", "联系电话", "经办项目", "办公时间",
};
static const double list__export_widths[LIST__EXPORT_COLS] = {6, 22, 32, 36, 16, 40, 28};
static const bool list__export_numeric[LIST__EXPORT_COLS] = {true};

struct list__export {
    struct arena ar;
    const char **cells;
    int n, cap;
};

/* 经办项目's JSON list as one text joined with 、, in `ar`. */
static const char *list__items_text(struct arena *ar, const char *items)
{
    json_t *arr = json_loads(items ? items : "[]", 0, NULL);
    struct buf b = {0};
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (!s)
            continue;
        if (b.len)
            buf_puts(&b, "、");
        buf_puts(&b, s);
    }
    json_decref(arr);
    const char *text = arena_strdup(ar, b.data ? b.data : "");
    buf_free(&b);
    return text;
}

static int list__export_row(const struct list_version *v, void *arg)
{
    struct list__export *x = arg;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->cells = xrealloc(x->cells, sizeof *x->cells * LIST__EXPORT_COLS * (size_t)x->cap);
    }
    char region[256];
    region_path_name(v->region, region, sizeof region);
    const char **row = x->cells + (size_t)x->n * LIST__EXPORT_COLS;
    row[0] = arena_printf(&x->ar, "%d", x->n + 1);
    row[1] = arena_strdup(&x->ar, region);
    row[2] = arena_strdup(&x->ar, v->name);
    row[3] = arena_strdup(&x->ar, v->address);
    row[4] = arena_strdup(&x->ar, v->phone);
    row[5] = list__items_text(&x->ar, v->items);
    row[6] = arena_strdup(&x->ar, v->hours);
    x->n++;
    return 0;
}

int app_list_agencies_export(struct app *a, const struct list_filter *f, enum list_format fmt,
                             struct buf *out, struct err_ctx *ec)
{
    struct list__export x = {0};
    arena_init(&x.ar);
    struct list_filter all = *f;
    all.limit = LIST__EXPORT_MAX;
    int rc = app_list_in_force(a, LIST_KIND_AGENCY, &all, list__export_row, &x, ec);
    if (rc >= 0) {
        struct sheet s = {
            .title = "公共就业服务机构清单",
            .name = "公共就业服务机构清单",
            .n_cols = LIST__EXPORT_COLS,
            .headers = list__export_headers,
            .widths = list__export_widths,
            .numeric = list__export_numeric,
            .cells = (const char *const *)x.cells,
            .n_rows = x.n,
        };
        if (fmt == LIST_FORMAT_XLSX)
            rc = sheet_xlsx(&s, out);
        else
            sheet_csv(&s, out);
    }
    free(x.cells);
    arena_free(&x.ar);
    return rc < 0 ? rc : 0;
}
