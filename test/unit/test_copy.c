/*
 * test_copy.c — the whole-database copy (`ureg migrate`): its table catalogue is in step with
 * the migrations, a schema it does not know stops it, the copy is verified row for row, and the
 * checksum tells NULL from empty and notices a changed value.
 */
#include "testutil.h"

#include "base/err.h"
#include "base/log.h"
#include "store/copy.h"
#include "store/db.h"

#include <stdlib.h>
#include <unistd.h>

static const char SQL_T_EXTRA_TABLE[] = "CREATE TABLE stray_table (id INTEGER PRIMARY KEY)";
static const char SQL_T_EXTRA_COLUMN[] = "ALTER TABLE agency ADD COLUMN fax TEXT";
static const char SQL_T_REGION[] =
    "INSERT INTO region (code, name, parent, level) VALUES ('110000', '北京市', NULL, 1)";
static const char SQL_T_AGENCY[] =
    "INSERT INTO agency (id, name, region, kind, created_at)"
    " VALUES (7, '东城区公共就业服务中心', '110000', 'pes', '2026-03-02T08:00:00+08:00')";
static const char SQL_T_PARENT_EMPTY[] = "UPDATE region SET parent = '' WHERE code = '110000'";
static const char SQL_T_PHONE[] = "UPDATE agency SET phone = '010-1' WHERE id = 7";

struct fixture {
    char dir[64];
    char a[96], b[96], c[96];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ureg-copy-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->a, sizeof f->a, "%s/a.db", f->dir);
    snprintf(f->b, sizeof f->b, "%s/b.db", f->dir);
    snprintf(f->c, sizeof f->c, "%s/c.db", f->dir);
    log_set_level(LOG_ERROR);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* Open `path` migrated, run the scripts given (NULL-terminated), and check its schema. */
static int prepare(const char *path, const char *const *scripts)
{
    struct store *s;
    assert_int_equal(store_open(path, 1, &s), 0);
    assert_true(store_migrate(s) >= 0);
    struct store_conn *c = store_acquire(s);
    for (; scripts && *scripts; scripts++)
        assert_int_equal(store_exec_script(c, *scripts), 0);
    int rc = store_copy_check_schema(s, c);
    store_release(s, c);
    store_close(s);
    return rc;
}

static const struct store_copy_table *find(const struct store_copy_result *r, const char *t)
{
    for (int i = 0; i < r->n_tables; i++)
        if (strcmp(r->tables[i].table, t) == 0)
            return &r->tables[i];
    fail_msg("no table %s in the result", t);
    return NULL;
}

static void every_migrated_table_is_in_the_copy_catalogue(void **state)
{
    /* Fails the day a migration adds a table or column without its catalogue entry. */
    struct fixture *f = *state;
    assert_int_equal(prepare(f->a, NULL), 0);
}

static void a_table_the_catalogue_does_not_know_stops_the_copy(void **state)
{
    struct fixture *f = *state;
    const char *const extra[] = {SQL_T_EXTRA_TABLE, NULL};
    assert_int_equal(prepare(f->a, extra), -ERR_DB_SCHEMA_UNKNOWN);
    struct store_copy_result r;
    assert_int_equal(store_copy(f->a, f->b, false, NULL, NULL, &r), -ERR_DB_SCHEMA_UNKNOWN);
}

static void a_column_the_catalogue_does_not_know_stops_the_copy(void **state)
{
    struct fixture *f = *state;
    const char *const extra[] = {SQL_T_EXTRA_COLUMN, NULL};
    assert_int_equal(prepare(f->a, extra), -ERR_DB_SCHEMA_UNKNOWN);
}

static void a_database_without_migrations_is_not_a_ureg_database(void **state)
{
    struct fixture *f = *state;
    struct store *s;
    assert_int_equal(store_open(f->a, 1, &s), 0);
    struct store_conn *c = store_acquire(s);
    assert_int_equal(store_copy_check_schema(s, c), -ERR_DB_NOT_UREG);
    store_release(s, c);
    store_close(s);
    struct store_copy_result r;
    assert_int_equal(store_copy(f->a, f->b, false, NULL, NULL, &r), -ERR_DB_NOT_UREG);
}

static void a_copy_reads_back_equal_and_refuses_a_non_empty_target(void **state)
{
    struct fixture *f = *state;
    const char *const rows[] = {SQL_T_REGION, SQL_T_AGENCY, NULL};
    assert_int_equal(prepare(f->a, rows), 0);
    struct store_copy_result r;
    assert_int_equal(store_copy(f->a, f->b, false, NULL, NULL, &r), 0);
    const struct store_copy_table *ag = find(&r, "agency");
    assert_int_equal(ag->rows_from, 1);
    assert_int_equal(ag->rows_to, 1);
    assert_string_equal(ag->sum_from, ag->sum_to);
    assert_string_not_equal(ag->sum_from, find(&r, "region")->sum_from);
    /* The target now has rows: a second copy is refused, unless forced. */
    assert_int_equal(store_copy(f->a, f->b, false, NULL, NULL, &r), -ERR_DB_NOT_EMPTY);
    assert_int_equal(store_copy(f->a, f->b, true, NULL, NULL, &r), 0);
    assert_int_equal(find(&r, "agency")->rows_to, 1);
    /* An unknown source file is an error, and is not created by trying. */
    assert_int_equal(store_copy(f->c, f->b, true, NULL, NULL, &r), -ERR_IO);
    assert_int_equal(access(f->c, F_OK), -1);
}

static void the_checksum_tells_null_from_empty_and_sees_a_changed_value(void **state)
{
    struct fixture *f = *state;
    const char *const rows[] = {SQL_T_REGION, SQL_T_AGENCY, NULL};
    assert_int_equal(prepare(f->a, rows), 0);
    struct store_copy_result r1, r2, r3;
    assert_int_equal(store_copy(f->a, f->b, false, NULL, NULL, &r1), 0);
    const char *const change[] = {SQL_T_PARENT_EMPTY, SQL_T_PHONE, NULL};
    assert_int_equal(prepare(f->a, change), 0);
    assert_int_equal(store_copy(f->a, f->c, false, NULL, NULL, &r2), 0);
    /* region.parent NULL -> '' and agency.phone '' -> '010-1' change each table's sum. */
    assert_string_not_equal(find(&r1, "region")->sum_from, find(&r2, "region")->sum_from);
    assert_string_not_equal(find(&r1, "agency")->sum_from, find(&r2, "agency")->sum_from);
    assert_string_equal(find(&r1, "code_entry")->sum_from, find(&r2, "code_entry")->sum_from);
    /* The same data gives the same sums, whichever file holds it. */
    assert_int_equal(store_copy(f->c, f->b, true, NULL, NULL, &r3), 0);
    assert_string_equal(find(&r2, "agency")->sum_to, find(&r3, "agency")->sum_to);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_migrated_table_is_in_the_copy_catalogue, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_table_the_catalogue_does_not_know_stops_the_copy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_column_the_catalogue_does_not_know_stops_the_copy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_database_without_migrations_is_not_a_ureg_database, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_copy_reads_back_equal_and_refuses_a_non_empty_target,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_checksum_tells_null_from_empty_and_sees_a_changed_value,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
