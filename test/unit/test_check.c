/*
 * test_check.c — UREG_ASSERT (base/check.h) and an invariant it guards in the store.
 *
 * Unit-test binaries are compiled with -DUREG_ASSERTS, so the macro is on here; the library
 * under them has it on only in sanitizer builds (make unit-san). Each failing assertion runs in
 * a child process, whose exit and stderr the parent reads.
 */
#include "testutil.h"

#include "base/check.h"
#include "base/err.h"
#include "store/db.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run fn(arg) in a child with stderr captured into out; return the child's wait status. */
static int check__in_child(void (*fn)(void *), void *arg, char *out, size_t outsz)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        fn(arg);
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t k;
    while (n + 1 < outsz && (k = read(fds[0], out + n, outsz - 1 - n)) > 0)
        n += (size_t)k;
    out[n] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void check__false(void *arg)
{
    int x = *(int *)arg;
    UREG_ASSERT(x == 2);
}
static const int check__false_line = __LINE__ - 2; /* the line of the assertion above */

static void a_false_assertion_names_file_line_and_condition_and_aborts(void **state)
{
    (void)state;
    int x = 1;
    char err[512];
    int status = check__in_child(check__false, &x, err, sizeof err);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(err, "assertion failed: x == 2"));
    char where[64];
    snprintf(where, sizeof where, "test_check.c:%d: ", check__false_line);
    assert_non_null(strstr(err, where));
}

static void a_true_assertion_does_nothing(void **state)
{
    (void)state;
    int x = 2;
    char err[64];
    int status = check__in_child(check__false, &x, err, sizeof err);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_string_equal(err, "");
}

static void check__nested_tx(void *arg)
{
    struct store *s = NULL;
    if (store_open(arg, 1, &s) < 0)
        _exit(2);
    struct store_conn *c = store_acquire(s);
    if (store_tx_begin(c, false) < 0)
        _exit(2);
    int rc = store_tx_begin(c, false); /* aborts where asserts are compiled into the store */
    _exit(rc == -ERR_INTERNAL ? 3 : 4);
}

static void a_nested_transaction_is_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/ureg-check-XXXXXX", db[64], err[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/t.db", dir);
    int status = check__in_child(check__nested_tx, db, err, sizeof err);
    if (WIFSIGNALED(status)) { /* sanitizer build: the assertion in store/db.c */
        assert_int_equal(WTERMSIG(status), SIGABRT);
        assert_non_null(strstr(err, "db.c:"));
        assert_non_null(strstr(err, "assertion failed: !c->in_tx"));
    } else { /* release build of the store: the error return */
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 3);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_false_assertion_names_file_line_and_condition_and_aborts),
        cmocka_unit_test(a_true_assertion_does_nothing),
        cmocka_unit_test(a_nested_transaction_is_refused),
    };
    return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
