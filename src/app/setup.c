/*
 * setup.c — reference data, holiday-schedule import and demo data. See setup.h.
 *
 * Load: init writes ~45,000 region rows in one transaction (about a second on SQLite).
 */
#include "app/setup.h"

#include "app/accounts.h"
#include "app/app_priv.h"
#include "app/gen.h"
#include "app/lists.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/err.h"
#include "rules/codes.h"
#include "rules/region.h"
#include "rules/workday.h"
#include "store/agency.h"
#include "store/refdata.h"
#include "store/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Depth-first over the shipped regions so parents are written before children. */
static int setup__regions(struct store_conn *c, const char *parent, int *count)
{
    int n = region_children(parent, NULL, 0);
    if (n <= 0)
        return 0;
    const struct region **kids = calloc((size_t)n, sizeof *kids);
    if (!kids)
        return -ERR_INTERNAL;
    region_children(parent, kids, n);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        rc = store_region_upsert(c, kids[i]->code, kids[i]->name, kids[i]->parent,
                                 (int)kids[i]->level);
        if (rc == 0) {
            (*count)++;
            rc = setup__regions(c, kids[i]->code, count);
        }
    }
    free(kids);
    return rc;
}

static int setup__codes(struct store_conn *c, int *count)
{
    for (const char *const *t = codes_tables(); *t; t++) {
        const struct code_entry *list[512];
        int n = codes_list(*t, list, 512);
        for (int i = 0; i < n && i < 512; i++) {
            int rc = store_code_upsert(c, list[i]->table, list[i]->code, list[i]->name_zh,
                                       list[i]->name_en);
            if (rc < 0)
                return rc;
            (*count)++;
        }
    }
    return 0;
}

int app_setup_refdata(struct app *a, const struct actor *by, struct setup_counts *out)
{
    memset(out, 0, sizeof *out);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    rc = setup__regions(c, NULL, &out->regions);
    if (rc == 0)
        rc = setup__codes(c, &out->codes);
    if (rc == 0) {
        rc = app_audit(c, by, clock_now(), "refdata.load", "refdata", "shipped",
                       json_pack("{s:i, s:i}", "regions", out->regions, "codes", out->codes));
    }
    rc = store_tx_end(c, rc);
out:
    store_release(a->store, c);
    return rc;
}

struct setup__row {
    char day[DATE_STRLEN];
    bool is_workday;
    char *name_zh, *name_en;
};

/* Append a checked calendar row (names copied) to *rows and widen out's year range. */
static void setup__row_add(struct setup__row **rows, size_t *n_rows, size_t *cap, int32_t day,
                           bool is_workday, const struct csv_record *rec, struct setup_counts *out)
{
    if (*n_rows == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *rows = realloc(*rows, *cap * sizeof **rows);
        if (!*rows)
            abort();
    }
    struct setup__row *row = &(*rows)[(*n_rows)++];
    date_format(day, row->day);
    row->is_workday = is_workday;
    row->name_zh = strdup(rec->fields[2]);
    row->name_en = strdup(rec->fields[3]);
    int y;
    date_to_ymd(day, &y, NULL, NULL);
    if (!out->first_year || y < out->first_year)
        out->first_year = y;
    if (y > out->last_year)
        out->last_year = y;
}

int app_calendar_import(struct app *a, const struct actor *by, const char *path,
                        struct setup_counts *out, int *bad_line)
{
    static const char *const header[] = {"date", "kind", "name_zh", "name_en"};
    struct setup__row *rows = NULL;
    size_t n_rows = 0, cap = 0;
    int rc = 0;
    memset(out, 0, sizeof *out);
    *bad_line = 0;
    struct csv_reader *r = csv_open_file(path, CSV_AUTO, &rc);
    if (!r)
        return rc;
    csv_skip_comments(r, true);
    struct csv_record rec;
    int got = csv_next(r, &rec);
    if (got == 1 && csv_header_check(&rec, header, 4) < 0)
        got = -ERR_CSV_HEADER;
    while (got == 1 && (got = csv_next(r, &rec)) == 1) {
        int32_t day;
        bool is_workday;
        /* The rules of the shipped file's loader, so that nothing stored is dropped at the
         * next start (a make-up day on a weekday, a name with control characters). */
        got = workcal_row_check(&rec, &day, &is_workday);
        if (got == 0) {
            got = 1;
            setup__row_add(&rows, &n_rows, &cap, day, is_workday, &rec, out);
        }
    }
    if (got < 0) {
        *bad_line = (int)csv_line(r);
        rc = got;
        goto out;
    }
    if (n_rows == 0) {
        rc = -ERR_CAL_FORMAT;
        goto out;
    }
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    for (size_t i = 0; i < n_rows && rc == 0; i++)
        rc = store_calendar_put(c, rows[i].day, rows[i].is_workday, rows[i].name_zh,
                                rows[i].name_en, base);
    if (rc == 0) {
        rc = app_audit(c, by, clock_now(), "calendar.import", "calendar", base,
                       json_pack("{s:I, s:i, s:i}", "rows", (json_int_t)n_rows, "first_year",
                                 out->first_year, "last_year", out->last_year));
    }
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    if (rc == 0) {
        out->rows = (int)n_rows;
        rc = app_reload_calendar(a);
    }
out:
    for (size_t i = 0; i < n_rows; i++) {
        free(rows[i].name_zh);
        free(rows[i].name_en);
    }
    free(rows);
    csv_close(r);
    return rc;
}

/* --- demo ------------------------------------------------------------------------------ */

struct setup__demo_agency {
    const char *key, *name, *region, *kind, *address, *phone;
};

static const struct setup__demo_agency setup__demo_agencies[] = {
    {"bj", "北京市公共就业服务中心", "110000", "pes", "北京市示例路1号", "010-12333"},
    {"dc", "东城区公共就业服务中心", "110101", "pes", "东城区示例街2号", "010-12333"},
    {"dhm", "东华门街道社区服务中心就业服务站", "110101001", "street", "东华门街道示例胡同3号",
     "010-12333"},
    {"dc-dis", "东城区残疾人就业服务中心", "110101", "disabled", "东城区示例街4号", "010-12333"},
    {"xc", "西城区公共就业服务中心", "110102", "pes", "西城区示例街5号", "010-12333"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/*
 * Demo entries of the policy and service lists of 北京市 (110000). The texts summarise national
 * rules in force (失业保险条例 第十四条 for the benefit's conditions; 就业促进法 and the notice
 * §4(二) for the services); a real deployment keeps its own lists.
 */
static const struct list_input setup__demo_policies[] = {
    {.name = "失业保险金",
     .target = "参加失业保险、非因本人意愿中断就业的失业人员",
     .content = "按月领取失业保险金，领取期间享受基本医疗保险待遇",
     .conditions = "失业前用人单位和本人已缴纳失业保险费满一年；非因本人意愿中断就业；"
                   "已进行失业登记并有求职要求",
     .accepting = "社会保险经办机构（可在公共就业服务机构一并办理）"},
    {.name = "职业培训补贴",
     .target = "登记失业人员",
     .content = "参加职业技能培训并取得证书的，按规定给予职业培训补贴",
     .conditions = "已进行失业登记；参加培训后取得职业资格证书或职业技能等级证书",
     .accepting = "区人力资源和社会保障局、公共就业服务机构"},
    {.name = "创业担保贷款",
     .target = "有创业意愿的登记失业人员",
     .content = "按规定申请创业担保贷款并享受财政贴息",
     .conditions = "已进行失业登记；在本地创业并取得营业执照；符合当地创业担保贷款条件",
     .accepting = "公共就业服务机构（创业服务窗口）"},
    {.name = NULL},
};
static const struct list_input setup__demo_services[] = {
    {.name = "政策法规咨询",
     .target = "劳动者、登记失业人员",
     .content = "介绍就业创业政策、失业保险政策和失业登记、注销条件"},
    {.name = "职业介绍",
     .target = "有就业意愿的登记失业人员",
     .content = "按求职意向推荐岗位信息，并回访求职结果"},
    {.name = "职业指导", .target = "登记失业人员", .content = "求职技巧指导、职业规划和心理疏导"},
    {.name = NULL},
};

static int setup__count_entry(const struct list_entry_view *e, void *arg)
{
    (void)e;
    ++*(int *)arg;
    return 1;
}

/* Add the demo policies and services unless 北京市 has list entries of that kind already. */
static int setup__demo_list(struct app *a, const struct actor *by, enum list_kind k,
                            const struct list_input *rows)
{
    struct err_ctx ec = {0};
    struct list_filter f = {.region = "110000", .limit = 1};
    int n = 0;
    int rc = app_list_history(a, by, k, 0, &f, setup__count_entry, &n, &ec);
    for (const struct list_input *r = rows; rc >= 0 && n == 0 && r->name; r++) {
        struct list_input in = *r;
        struct list_result res;
        in.region = "110000";
        rc = app_list_add(a, by, k, &in, &res, &ec);
    }
    return rc < 0 ? rc : 0;
}

static int setup__demo_lists(struct app *a, const struct actor *by)
{
    int rc = setup__demo_list(a, by, LIST_KIND_POLICY, setup__demo_policies);
    return rc < 0 ? rc : setup__demo_list(a, by, LIST_KIND_SERVICE, setup__demo_services);
}

static const struct demo_login setup__demo_logins[] = {
    {"admin", "admin-demo-2026", "admin", "bj"},
    {"supervisor", "super-demo-2026", "supervisor", "bj"},
    {"statistician", "stats-demo-2026", "statistician", "bj"},
    {"auditor", "audit-demo-2026", "auditor", "bj"},
    {"caseworker", "case-demo-2026", "caseworker", "dc"},
    {"street", "street-demo-2026", "caseworker", "dhm"},
    {"disabled", "disab-demo-2026", "caseworker", "dc-dis"},
    {"caseworker2", "case2-demo-2026", "caseworker", "xc"},
    {NULL, NULL, NULL, NULL},
};

const struct demo_login *app_demo_logins(void)
{
    return setup__demo_logins;
}

int app_demo(struct app *a, const struct actor *by)
{
    int64_t ids[sizeof setup__demo_agencies / sizeof *setup__demo_agencies] = {0};
    int created = 0, rc = 0;
    for (size_t i = 0; setup__demo_agencies[i].key && rc >= 0; i++) {
        const struct setup__demo_agency *d = &setup__demo_agencies[i];
        struct store_conn *c = store_acquire(a->store);
        rc = store_agency_find(c, d->name, d->region, &ids[i]);
        store_release(a->store, c);
        if (rc == -ERR_NOT_FOUND) {
            /* Through the agency list, so the demo agencies show their opening hours. */
            struct list_input in = {
                .region = d->region,
                .agency_kind = d->kind,
                .name = d->name,
                .address = d->address,
                .phone = d->phone,
                .items = "[\"失业登记\",\"职业介绍\",\"职业指导\",\"政策咨询\"]",
                .hours = "周一至周五 9:00-12:00、13:30-17:00（法定节假日除外）",
            };
            struct list_result res;
            struct err_ctx ec = {0};
            rc = app_list_add(a, by, LIST_KIND_AGENCY, &in, &res, &ec);
            ids[i] = res.id;
            created += rc == 0;
        }
    }
    if (rc >= 0)
        rc = setup__demo_lists(a, by);
    for (const struct demo_login *l = setup__demo_logins; l->username && rc >= 0; l++) {
        size_t k = 0;
        while (strcmp(setup__demo_agencies[k].key, l->agency) != 0)
            k++;
        rc = app_user_add(a, by, l->username, l->password, l->role, ids[k], NULL);
        if (rc == -ERR_USER_EXISTS)
            rc = 0;
        else
            created += rc == 0;
    }
    /* A small synthetic population in the two demo districts (app/gen, fixed seeds), decided by
     * each district's caseworker; `once` makes a second demo a no-op. */
    static const struct {
        const char *region, *caseworker;
        uint64_t seed;
    } people[] = {{"110101", "caseworker", 20200303}, {"110102", "caseworker2", 20200304}};
    for (size_t i = 0; i < sizeof people / sizeof *people && rc >= 0; i++) {
        struct user u;
        struct store_conn *c = store_acquire(a->store);
        int64_t staff = store_user_by_name(c, people[i].caseworker, &u) == 0 ? u.id : 0;
        store_release(a->store, c);
        struct gen_options o = {.people = 150,
                                .seed = people[i].seed,
                                .region = people[i].region,
                                .staff_id = staff,
                                .once = true,
                                .history = true, /* contacts and exits, as a year would leave */
                                .contact_months = 6};
        struct gen_counts n;
        struct err_ctx ec = {0};
        rc = app_gen(a, by, &o, &n, &ec);
    }
    return rc < 0 ? rc : created;
}
