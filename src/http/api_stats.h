/*
 * api_stats.h — the statistics over HTTP (issue 10): the monthly/quarterly report, its
 * consistency checks, submission (freeze) and recount, the series for charts, the employed
 * count and the report as a CSV or XLSX form. Permission PERM_STATS (statistician, supervisor);
 * the region is the caller's or one below it (app/stats.h).
 */
#ifndef UREG_HTTP_API_STATS_H
#define UREG_HTTP_API_STATS_H

#include "http/server.h"

int api_stats_monthly(struct http_req *req, struct http_resp *w);
int api_stats_export(struct http_req *req, struct http_resp *w);
int api_stats_check(struct http_req *req, struct http_resp *w);
int api_stats_series(struct http_req *req, struct http_resp *w);
int api_stats_freeze(struct http_req *req, struct http_resp *w);
int api_stats_recount(struct http_req *req, struct http_resp *w);
int api_stats_employed(struct http_req *req, struct http_resp *w);
int api_stats_quality(struct http_req *req, struct http_resp *w);
int api_stats_quality_export(struct http_req *req, struct http_resp *w);

#endif
