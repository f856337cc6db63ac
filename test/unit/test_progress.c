/*
 * test_progress.c — the progress line: its text from counts and elapsed time, and when lines
 * are written on a terminal and elsewhere.
 */
#include "testutil.h"

#include "base/progress.h"

static void line_names_done_total_rate_and_time_left(void **state)
{
    (void)state;
    char s[256];
    size_t n = progress_format(s, sizeof s, "ureg import", "storing", "rows", 250000, 1000000, 5.0);
    assert_string_equal(s, "ureg import: storing 250000 / 1000000 rows (25%), 50000 rows/s, "
                           "5.0 s elapsed, 15 s left");
    assert_int_equal(n, strlen(s));
}

static void unknown_total_has_no_percentage_and_no_time_left(void **state)
{
    (void)state;
    char s[256];
    progress_format(s, sizeof s, "ureg compare", NULL, "cases", 3000, 0, 12.0);
    assert_string_equal(s, "ureg compare: 3000 cases, 250 cases/s, 12 s elapsed");
}

static void no_rate_before_a_tenth_of_a_second(void **state)
{
    (void)state;
    char s[256];
    progress_format(s, sizeof s, "ureg gen", NULL, "people", 0, 100, 0.05);
    assert_string_equal(s, "ureg gen: 0 / 100 people (0%)");
    progress_format(s, sizeof s, "ureg gen", NULL, "people", 10, 100, 0.1);
    assert_string_equal(s,
                        "ureg gen: 10 / 100 people (10%), 100 people/s, 0.1 s elapsed, 1 s left");
}

static void done_at_total_is_100_percent_without_time_left(void **state)
{
    (void)state;
    char s[256];
    progress_format(s, sizeof s, NULL, NULL, "rows", 7, 7, 2.0);
    assert_string_equal(s, "7 / 7 rows (100%), 4 rows/s, 2.0 s elapsed");
    /* More done than announced (a total that was an estimate) stays at 100%. */
    progress_format(s, sizeof s, NULL, NULL, "rows", 9, 7, 2.0);
    assert_string_equal(s, "9 / 7 rows (100%), 4 rows/s, 2.0 s elapsed");
}

static void long_durations_in_minutes_and_hours(void **state)
{
    (void)state;
    char s[256];
    /* 1 a second, 10000 to go: 2 h 46 min left; 125 s elapsed: 2 min 5 s. */
    progress_format(s, sizeof s, NULL, NULL, "rows", 125, 10125, 125.0);
    assert_string_equal(s, "125 / 10125 rows (1%), 1 rows/s, 2 min 5 s elapsed, 2 h 46 min left");
    /* 59.6 s rounds to one minute: 1 min 0 s. */
    progress_format(s, sizeof s, NULL, NULL, "rows", 10, 20, 59.6);
    assert_string_equal(s, "10 / 20 rows (50%), 0 rows/s, 1 min 0 s elapsed, 1 min 0 s left");
}

static void a_short_buffer_is_cut_and_terminated(void **state)
{
    (void)state;
    char s[12];
    size_t n = progress_format(s, sizeof s, "ureg import", "storing", "rows", 1, 2, 1.0);
    assert_int_equal(n, sizeof s - 1);
    assert_int_equal(strlen(s), sizeof s - 1);
    assert_memory_equal(s, "ureg import", 11);
    assert_int_equal(progress_format(s, 0, "x", NULL, "rows", 1, 2, 1.0), 0);
}

/* Run `fn` on a progress writing to a memory stream; return what was written (free it). */
static char *captured(bool tty, void (*fn)(struct progress *p))
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct progress p;
    progress_begin_on(&p, f, tty, "ureg gen", "people", 100);
    p.start = p.last = 1000.0;
    fn(&p);
    fclose(f);
    return text;
}

static void plain_run_shorter_than_the_interval(struct progress *p)
{
    progress_update_at(p, 50, 1000.0 + PROGRESS_PLAIN_INTERVAL / 2);
    progress_end_at(p, 100, 1000.0 + PROGRESS_PLAIN_INTERVAL - 1);
}

static void plain_run_of_three_intervals(struct progress *p)
{
    progress_update_at(p, 10, 1000.0 + PROGRESS_PLAIN_INTERVAL);
    progress_update_at(p, 15, 1000.0 + PROGRESS_PLAIN_INTERVAL + 1); /* too soon */
    progress_update_at(p, 20, 1000.0 + 2 * PROGRESS_PLAIN_INTERVAL);
    progress_end_at(p, 100, 1000.0 + 5 * PROGRESS_PLAIN_INTERVAL);
}

static void not_a_terminal_short_runs_write_nothing_long_ones_plain_lines(void **state)
{
    (void)state;
    char *t = captured(false, plain_run_shorter_than_the_interval);
    assert_string_equal(t, "");
    free(t);
    t = captured(false, plain_run_of_three_intervals);
    assert_string_equal(t, "ureg gen: 10 / 100 people (10%), 1 people/s, 10 s elapsed, 1 min 30 s "
                           "left\n"
                           "ureg gen: 20 / 100 people (20%), 1 people/s, 20 s elapsed, 1 min 20 s "
                           "left\n"
                           "ureg gen: 100 / 100 people (100%), 2 people/s, 50 s elapsed\n");
    assert_null(strchr(t, '\r'));
    free(t);
}

static void tty_run(struct progress *p)
{
    progress_update_at(p, 10, 1000.05); /* under the terminal interval: nothing */
    progress_update_at(p, 20, 1001.0);
    progress_end_at(p, 100, 1002.0);
    progress_end_at(p, 100, 1003.0); /* a second end writes nothing */
}

static void terminal_rewrites_one_line_and_ends_it(void **state)
{
    (void)state;
    char *t = captured(true, tty_run);
    assert_string_equal(t,
                        "\rureg gen: 20 / 100 people (20%), 20 people/s, 1.0 s elapsed, 4 s "
                        "left\033[K"
                        "\rureg gen: 100 / 100 people (100%), 50 people/s, 2.0 s elapsed\033[K\n");
    free(t);
}

static void tty_phases(struct progress *p)
{
    progress_update_at(p, 20, p->start + 1.0);
    progress_phase(p, "storing", "rows", 4);
    p->start = p->last = 2000.0;
    progress_end_at(p, 4, 2002.0);
}

static void a_new_phase_ends_the_terminal_line_and_restarts_the_rate(void **state)
{
    (void)state;
    char *t = captured(true, tty_phases);
    assert_string_equal(t,
                        "\rureg gen: 20 / 100 people (20%), 20 people/s, 1.0 s elapsed, 4 s "
                        "left\033[K\n"
                        "\rureg gen: storing 4 / 4 rows (100%), 2 rows/s, 2.0 s elapsed\033[K\n");
    free(t);
}

static void tty_aborted(struct progress *p)
{
    progress_update_at(p, 20, 1001.0);
    progress_abort(p);
    progress_end_at(p, 100, 1002.0); /* after an abort: nothing */
}

static void plain_aborted(struct progress *p)
{
    progress_abort(p);
}

static void an_abort_ends_the_line_without_counts(void **state)
{
    (void)state;
    char *t = captured(true, tty_aborted);
    assert_string_equal(t, "\rureg gen: 20 / 100 people (20%), 20 people/s, 1.0 s elapsed, 4 s "
                           "left\033[K\n");
    free(t);
    t = captured(false, plain_aborted);
    assert_string_equal(t, "");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_names_done_total_rate_and_time_left),
        cmocka_unit_test(unknown_total_has_no_percentage_and_no_time_left),
        cmocka_unit_test(no_rate_before_a_tenth_of_a_second),
        cmocka_unit_test(done_at_total_is_100_percent_without_time_left),
        cmocka_unit_test(long_durations_in_minutes_and_hours),
        cmocka_unit_test(a_short_buffer_is_cut_and_terminated),
        cmocka_unit_test(not_a_terminal_short_runs_write_nothing_long_ones_plain_lines),
        cmocka_unit_test(terminal_rewrites_one_line_and_ends_it),
        cmocka_unit_test(a_new_phase_ends_the_terminal_line_and_restarts_the_rate),
        cmocka_unit_test(an_abort_ends_the_line_without_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
