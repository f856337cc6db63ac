/*
 * test_metrics.c — the Prometheus text format of base/metrics: HELP/TYPE lines, label and help
 * escaping, histograms (buckets on both sides of a bound, cumulative, +Inf = _count, _sum),
 * and concurrent observations losing none.
 */
#include "testutil.h"

#include "base/metrics.h"

#include <pthread.h>
#include <string.h>

static void family_lines_escape_help_and_labels(void **state)
{
    (void)state;
    struct buf b = {0}, lb = {0};
    metrics_family(&b, "ureg_x_total", "counter", "a \\ b\nc \"q\"");
    metrics_label(&lb, "route", "/a/{no}");
    metrics_label(&lb, "odd", "q\"uo\\te\nnl");
    metrics_sample(&b, "ureg_x_total", buf_cstr(&lb), 3);
    metrics_sample(&b, "ureg_y", NULL, 0.25);
    metrics_sample(&b, "ureg_z", "", 1e15);
    assert_string_equal(buf_cstr(&b),
                        "# HELP ureg_x_total a \\\\ b\\nc \"q\"\n"
                        "# TYPE ureg_x_total counter\n"
                        "ureg_x_total{route=\"/a/{no}\",odd=\"q\\\"uo\\\\te\\nnl\"} 3\n"
                        "ureg_y 0.25\n"
                        "ureg_z 1000000000000000\n");
    buf_free(&b);
    buf_free(&lb);
}

static void histogram_buckets_are_cumulative_with_inf_equal_to_count(void **state)
{
    (void)state;
    static const double bounds[] = {1, 2, 4};
    struct metrics_hist h;
    metrics_hist_init(&h, bounds, 3);
    /* On a bound counts in that bucket (le = less or equal); just above, in the next. */
    metrics_hist_observe(&h, 1);
    metrics_hist_observe(&h, 1.000001);
    metrics_hist_observe(&h, 4);
    metrics_hist_observe(&h, 9);
    metrics_hist_observe(&h, 0.5);
    struct buf b = {0};
    metrics_hist_write(&b, "ureg_h", "route=\"/x\"", &h);
    assert_string_equal(buf_cstr(&b), "ureg_h_bucket{route=\"/x\",le=\"1\"} 2\n"
                                      "ureg_h_bucket{route=\"/x\",le=\"2\"} 3\n"
                                      "ureg_h_bucket{route=\"/x\",le=\"4\"} 4\n"
                                      "ureg_h_bucket{route=\"/x\",le=\"+Inf\"} 5\n"
                                      "ureg_h_sum{route=\"/x\"} 15.500001\n"
                                      "ureg_h_count{route=\"/x\"} 5\n");
    buf_free(&b);
    metrics_hist_write(&b, "ureg_h", NULL, &h);
    assert_non_null(strstr(buf_cstr(&b), "ureg_h_bucket{le=\"+Inf\"} 5\n"));
    assert_non_null(strstr(buf_cstr(&b), "\nureg_h_count 5\n"));
    buf_free(&b);
}

static void *observe_many(void *arg)
{
    for (int i = 0; i < 100000; i++)
        metrics_hist_observe(arg, (i % 3) * 0.004);
    return NULL;
}

static void concurrent_observations_are_all_counted(void **state)
{
    (void)state;
    struct metrics_hist h;
    metrics_hist_init(&h, metrics_latency_bounds, metrics_latency_n);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, observe_many, &h), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    struct buf b = {0};
    metrics_hist_write(&b, "h", NULL, &h);
    assert_non_null(strstr(buf_cstr(&b), "h_count 400000\n"));
    /* 0 s: ≤ 0.001; 0.004 s: ≤ 0.005; 0.008 s: ≤ 0.01 — a third each, cumulative. */
    assert_non_null(strstr(buf_cstr(&b), "h_bucket{le=\"0.001\"} 133336\n"));
    assert_non_null(strstr(buf_cstr(&b), "h_bucket{le=\"0.005\"} 266668\n"));
    assert_non_null(strstr(buf_cstr(&b), "h_bucket{le=\"0.01\"} 400000\n"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(family_lines_escape_help_and_labels),
        cmocka_unit_test(histogram_buckets_are_cumulative_with_inf_equal_to_count),
        cmocka_unit_test(concurrent_observations_are_all_counted),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
