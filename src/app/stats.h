/*
 * stats.h — statistics straight from the records (issue 10, notice §6): the monthly and
 * quarterly report of a region, its consistency checks, the submitted (frozen) report and its
 * recount, the employed count a statistician enters, and the report as a statistics form (CSV,
 * XLSX).
 *
 * Every function takes the caller's actor: a staff user sees the reports of its agency's region
 * and of the regions below it; asking for another region is -ERR_STATS_REGION_SCOPE (the region
 * list is public, so naming a region is no disclosure; the figures are). The route's permission
 * (PERM_STATS) is the caller's check. `region` NULL or "" means the actor's own region; for the
 * system actor (the CLI), which has none, the smallest region holding every registration, or
 * the whole country (STATS_COUNTRY_CODE, "全国", the provinces below it) when they lie in several
 * provinces or there are none; the system actor may also name the country by its code. A
 * period ("2026-03", "2026-Q1") that has not begun is -ERR_STATS_PERIOD_FUTURE; one under way is
 * counted up to now and marked "partial". Nothing here decrypts personal data: the breakdowns
 * count the columns kept in clear (docs/statistics.md).
 */
#ifndef UREG_APP_STATS_H
#define UREG_APP_STATS_H

#include "app/access.h"
#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/json.h"

#include <stdint.h>

/* The code a report of the whole country carries as its region (not a GB/T 2260 code). */
#define STATS_COUNTRY_CODE "000000"

/*
 * The report of `region` for `period` into *out (a new reference): period, region, opening,
 * new, exits {reason: n}, closing, the breakdowns of the closing stock, the regions below and
 * the 城镇登记失业率 when an employed count is entered (the JSON of GET /api/v1/stats/monthly,
 * docs/api.md). 0, or -ERR_STATS_PERIOD / _FUTURE, -ERR_REGION_INVALID / _FORMAT (field
 * "region"), -ERR_STATS_REGION_SCOPE, a store error; ec says which field.
 */
int app_stats_report(struct app *a, const struct actor *by, const char *period, const char *region,
                     json_t **out, struct err_ctx *ec);

/*
 * The consistency checks of §6 for region and period into *out: the identity closing = opening +
 * new − exits for the region, each region below and the records registered at the region
 * itself; this period's closing against the next period's opening; the regions below (each
 * counted on its own) against the region. {"ok", "checks":[{"check","region","ok",...}],
 * "records":[the records that break the identity]}. Errors as app_stats_report.
 */
int app_stats_check(struct app *a, const struct actor *by, const char *period, const char *region,
                    json_t **out, struct err_ctx *ec);

/*
 * Submit (freeze) the report of region and period as counted now: the report and the records it
 * counted are stored; audit "stats.freeze". *out: the frozen report. -ERR_STATS_FROZEN when it
 * was submitted before; else as app_stats_report.
 */
int app_stats_freeze(struct app *a, const struct actor *by, const char *period, const char *region,
                     json_t **out, struct err_ctx *ec);

/*
 * The submitted report beside a recount now (under the cut-off it was counted with): {"frozen",
 * "frozen_at", "recount", "same", "differences":{figure: now − then}, "records":[{registration_no,
 * role, change, reason, cause}]} with at most `limit` records (1..1000). -ERR_STATS_NOT_FROZEN
 * when none was submitted; else as app_stats_report.
 */
int app_stats_recount(struct app *a, const struct actor *by, const char *period, const char *region,
                      int limit, json_t **out, struct err_ctx *ec);

/* Enter the 城镇从业人员 count of region and period (0..1e9, -ERR_STATS_EMPLOYED); audit
 * "stats.employed". Errors as app_stats_report otherwise. */
int app_stats_employed_set(struct app *a, const struct actor *by, const char *period,
                           const char *region, int64_t employed, struct err_ctx *ec);

/* The stock over the `n` (1..60) periods ending with `period`: {"region","items":[{"period",
 * "opening","new","exits","closing"}]} for the charts. Errors as app_stats_report. */
int app_stats_series(struct app *a, const struct actor *by, const char *period, const char *region,
                     int n, json_t **out, struct err_ctx *ec);

enum stats_format { STATS_FORMAT_JSON, STATS_FORMAT_CSV, STATS_FORMAT_XLSX };
/* Parse "json" | "csv" | "xlsx" (NULL or "": json). -ERR_FIELD_INVALID otherwise. */
int app_stats_format_parse(const char *s, enum stats_format *out);

/*
 * The report as a statistics form appended to `out`: title, region, period, unit, the figures and
 * breakdowns with the totals, the regions below, the preparer (the actor) and the date. JSON is
 * the report object. Errors as app_stats_report, or -ERR_IO (XLSX).
 */
int app_stats_export(struct app *a, const struct actor *by, const char *period, const char *region,
                     enum stats_format fmt, struct buf *out, struct err_ctx *ec);

/*
 * The data-quality and timeliness bulletin of `region` for `period` (notice §6 通报, §8) into *out
 * (a new reference): for the region (total), the records registered at the region itself
 * (direct) and each region below, ranked worst first: the records in stock at as_of (the
 * period's last day, or today while it runs) with missing or invalid fields, applications
 * decided late and pending past their deadline, first contacts and follow-ups overdue, exits
 * without evidence, results not accepted by the national platform; each indicator's rate and
 * the score (docs/statistics.md). Errors as app_stats_report.
 */
int app_stats_quality(struct app *a, const struct actor *by, const char *period, const char *region,
                      json_t **out, struct err_ctx *ec);

/* The bulletin as a form appended to `out` (title, region, period, unit, the ranking with the
 * direct and total rows, the score's formula, preparer, date); JSON is the bulletin object.
 * Errors as app_stats_quality, or -ERR_IO (XLSX). */
int app_stats_quality_export(struct app *a, const struct actor *by, const char *period,
                             const char *region, enum stats_format fmt, struct buf *out,
                             struct err_ctx *ec);

/* The shape of app_stats_report, app_stats_check and app_stats_quality, for the API's JSON routes.
 */
typedef int (*app_stats_object_fn)(struct app *a, const struct actor *by, const char *period,
                                   const char *region, json_t **out, struct err_ctx *ec);

/* The shape of app_stats_export and app_stats_quality_export, for the CLI and the API that serve
 * both the same way. */
typedef int (*app_stats_export_fn)(struct app *a, const struct actor *by, const char *period,
                                   const char *region, enum stats_format fmt, struct buf *out,
                                   struct err_ctx *ec);

#endif
