/*
 * test_pii.c — personal data at rest (store/pii, store/person): the key file, the AEAD binding
 * of each value to its table, column, row and key version, the blind index, the key check that
 * refuses a database written under another key, and re-encryption under a new key version.
 */
#include "testutil.h"
#include "testapp.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "rules/intake.h"
#include "store/application.h"
#include "store/dataset.h"
#include "store/meta.h"
#include "store/person.h"
#include "store/pii.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint8_t key_a[32] = {1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t key_b[32] = {9, 9, 9};

static void a_value_opens_only_in_its_own_row_column_table_and_version(void **state)
{
    (void)state;
    store_pii_set_master(key_a);
    struct buf b = {0};
    struct arena ar;
    arena_init(&ar);
    const char *out;
    store__pii_seal("person", "id_number", 42, 1, "11010119900101123X", &b);
    assert_null(strstr(buf_cstr(&b), "11010119900101123X"));
    assert_int_equal(store__pii_open("person", "id_number", 42, 1, buf_cstr(&b), &ar, &out), 0);
    assert_string_equal(out, "11010119900101123X");
    /* moved to another row, another column, another table, relabelled with another version */
    assert_int_equal(store__pii_open("person", "id_number", 43, 1, buf_cstr(&b), &ar, &out),
                     -ERR_PII_DECRYPT);
    assert_string_equal(out, "");
    assert_int_equal(store__pii_open("person", "phone", 42, 1, buf_cstr(&b), &ar, &out),
                     -ERR_PII_DECRYPT);
    assert_int_equal(store__pii_open("application", "id_number", 42, 1, buf_cstr(&b), &ar, &out),
                     -ERR_PII_DECRYPT);
    assert_int_equal(store__pii_open("person", "id_number", 42, 2, buf_cstr(&b), &ar, &out),
                     -ERR_PII_DECRYPT);
    /* one character changed */
    char *bad = strdup(buf_cstr(&b));
    bad[30] = bad[30] == 'A' ? 'B' : 'A';
    assert_int_equal(store__pii_open("person", "id_number", 42, 1, bad, &ar, &out),
                     -ERR_PII_DECRYPT);
    free(bad);
    /* another master key */
    store_pii_set_master(key_b);
    assert_int_equal(store__pii_open("person", "id_number", 42, 1, buf_cstr(&b), &ar, &out),
                     -ERR_PII_DECRYPT);
    store_pii_set_master(key_a);
    /* the same value sealed twice differs (fresh nonce); version 0 is plaintext as written */
    char *first = strdup(buf_cstr(&b));
    store__pii_seal("person", "id_number", 42, 1, "11010119900101123X", &b);
    assert_string_not_equal(first, buf_cstr(&b));
    free(first);
    assert_int_equal(store__pii_open("person", "name", 7, 0, "张三", &ar, &out), 0);
    assert_string_equal(out, "张三");
    assert_int_equal(store__pii_open("person", "name", 7, 999, "x", &ar, &out), -ERR_PII_DECRYPT);
    /* empty values and long ones (the details JSON) */
    store__pii_seal("application", "details", 1, 3, "", &b);
    assert_int_equal(store__pii_open("application", "details", 1, 3, buf_cstr(&b), &ar, &out), 0);
    assert_string_equal(out, "");
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    store__pii_seal("application", "details", 1, 3, big, &b);
    assert_int_equal(store__pii_open("application", "details", 1, 3, buf_cstr(&b), &ar, &out), 0);
    assert_string_equal(out, big);
    buf_free(&b);
    arena_free(&ar);
}

static void the_blind_index_is_keyed_fixed_length_and_passes_through(void **state)
{
    (void)state;
    char x[STORE_PII_INDEX_SIZE], y[STORE_PII_INDEX_SIZE], z[STORE_PII_INDEX_SIZE];
    store_pii_set_master(key_a);
    store_pii_index("C:11010119900101123X", x);
    store_pii_index("C:11010119900101123X", y);
    assert_string_equal(x, y);
    assert_int_equal(strlen(x), 20);
    assert_int_equal(x[0], '#');
    assert_true(store_pii_is_index(x));
    assert_false(store_pii_is_index("C:11010119900101123X"));
    assert_null(strstr(x, "1101"));
    store_pii_index(x, z); /* already an index: unchanged */
    assert_string_equal(x, z);
    store_pii_index("C:110101199001011231", y);
    assert_string_not_equal(x, y);
    store_pii_set_master(key_b);
    store_pii_index("C:11010119900101123X", y);
    assert_string_not_equal(x, y);
    store_pii_set_master(key_a);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    chmod(path, mode);
}

static void the_key_file_is_made_0600_and_checked(void **state)
{
    (void)state;
    char dir[64], path[96];
    assert_int_equal(testutil_tmpdir_make(dir, path, "ureg.key"), 0);
    bool created = true;
    assert_int_equal(store_pii_load_key(path, false, &created), -ERR_KEY_MISSING);
    assert_false(created);
    assert_int_equal(store_pii_load_key(path, true, &created), 0);
    assert_true(created);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);
    char a[STORE_PII_INDEX_SIZE], b[STORE_PII_INDEX_SIZE];
    store_pii_index("C:11010119900101123X", a);
    /* loaded again: the same key, not a new one */
    assert_int_equal(store_pii_load_key(path, true, &created), 0);
    assert_false(created);
    store_pii_index("C:11010119900101123X", b);
    assert_string_equal(a, b);
    chmod(path, 0640);
    assert_int_equal(store_pii_load_key(path, false, NULL), -ERR_KEY_MODE);
    chmod(path, 0604);
    assert_int_equal(store_pii_load_key(path, false, NULL), -ERR_KEY_MODE);
    write_file(path, "not a key\n", 0600);
    assert_int_equal(store_pii_load_key(path, true, NULL), -ERR_KEY_INVALID);
    write_file(path, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", 0600);
    assert_int_equal(store_pii_load_key(path, false, NULL), -ERR_KEY_INVALID); /* 63 digits */
    write_file(path, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", 0600);
    assert_int_equal(store_pii_load_key(path, false, NULL), 0);
    assert_int_equal(testutil_tmpdir_remove(dir), 0);
    store_pii_set_master(key_a);
}

/* A person with every personal field set, written in its own transaction. */
static int64_t put_person(struct store_conn *c, const char *number, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, "C:%s", number);
    struct person p = {.person_key = key,
                       .id_type = "resident_id",
                       .id_number = number,
                       .name = name,
                       .sex = "M",
                       .birth_date = "1990-01-01",
                       .phone = "13800138000",
                       .hukou_address = "北京市东城区某街1号",
                       .residence_region = "110101",
                       .residence_address = "北京市东城区某路2号"};
    int64_t id = 0;
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_tx_end(c, store_person_upsert(c, &p, TESTAPP_NOW, &id)), 0);
    return id;
}

static void a_person_is_stored_encrypted_and_read_back_plain(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct store_conn *c = store_acquire(t.app.store);
    int64_t id = put_person(c, "11010119900101123X", "张三丰");
    assert_int_equal(put_person(c, "11010119900101123X", "张三丰"), id); /* found by its index */
    struct arena ar;
    arena_init(&ar);
    struct person p;
    assert_int_equal(store_person_get(c, id, true, &ar, &p), 0);
    assert_string_equal(p.id_number, "11010119900101123X");
    assert_string_equal(p.name, "张三丰");
    assert_string_equal(p.phone, "13800138000");
    assert_string_equal(p.birth_date, "1990-01-01");
    assert_string_equal(p.residence_address, "北京市东城区某路2号");
    assert_true(store_pii_is_index(p.person_key));
    assert_int_equal(store_person_get(c, id, false, &ar, &p), 0);
    assert_string_equal(p.id_number, "110101********123X");
    assert_string_equal(p.phone, "138****8000");
    store_release(t.app.store, c);
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

static void a_database_written_under_another_key_is_refused_unchanged(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0); /* key_a */
    char check[80];
    struct store_conn *c = store_acquire(t.app.store);
    assert_int_equal(store_meta_get(c, "pii_key_check", check, sizeof check), 0);
    store_release(t.app.store, c);
    app__fini(&t.app);
    store_pii_set_master(key_b);
    struct app other;
    assert_int_equal(app__init(&other, t.db, 1, true), -ERR_KEY_MISMATCH);
    store_pii_forget();
    assert_int_equal(app__init(&other, t.db, 1, true), -ERR_KEY_MISSING);
    store_pii_set_master(key_a);
    assert_int_equal(app__init(&t.app, t.db, 1, true), 0);
    char again[80];
    c = store_acquire(t.app.store);
    assert_int_equal(store_meta_get(c, "pii_key_check", again, sizeof again), 0);
    assert_string_equal(check, again);
    store_release(t.app.store, c);
    assert_int_equal(testapp_close(&t), 0);
}

static void reencryption_moves_every_row_to_the_new_version(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct store_conn *c = store_acquire(t.app.store);
    char number[32];
    int64_t ids[30];
    for (int i = 0; i < 30; i++) {
        snprintf(number, sizeof number, "1101011990010%05d", i);
        ids[i] = put_person(c, number, "李四");
    }
    int64_t n = 0, last = 0;
    assert_int_equal(store_person_stale_count(c, 2, &n), 0);
    assert_int_equal(n, 30);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_pii_set_version(c, 2), 0);
    int rc = store_person_reseal_batch(c, 2, 0, 10, &last); /* a first batch only */
    assert_int_equal(store_tx_end(c, rc), 10);
    assert_int_equal(last, ids[9]);
    assert_int_equal(store_person_stale_count(c, 2, &n), 0);
    assert_int_equal(n, 20);
    /* a new write goes under version 2 already */
    put_person(c, "110101199001019999", "王五");
    assert_int_equal(store_person_stale_count(c, 2, &n), 0);
    assert_int_equal(n, 20);
    /* resumed from the start: only the stale rows are rewritten */
    assert_int_equal(store_tx_begin(c, true), 0);
    rc = store_person_reseal_batch(c, 2, 0, 100, &last);
    assert_int_equal(store_tx_end(c, rc), 20);
    assert_int_equal(store_person_stale_count(c, 2, &n), 0);
    assert_int_equal(n, 0);
    struct arena ar;
    arena_init(&ar);
    struct person p;
    for (int i = 0; i < 30; i++) {
        assert_int_equal(store_person_get(c, ids[i], true, &ar, &p), 0);
        snprintf(number, sizeof number, "1101011990010%05d", i);
        assert_string_equal(p.id_number, number);
        assert_string_equal(p.name, "李四");
    }
    /* the same person is still found by its index after the rewrite */
    assert_int_equal(put_person(c, "110101199001000003", "李四"), ids[3]);
    store_release(t.app.store, c);
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

static int count_record(const struct ref_record_row *r, void *arg)
{
    (void)r;
    ++*(int *)arg;
    return 0;
}

/* As a database made before migration 030 holds them: plain keys and plaintext fields. */
static const char SQL_T_LEGACY[] =
    "DELETE FROM meta WHERE key LIKE 'pii%';"
    "INSERT INTO person (person_key, id_type, id_number, name, phone, residence_region,"
    " residence_address, updated_at) VALUES ('C:11010119900101123X', 'resident_id',"
    " '11010119900101123X', '张三丰', '13800138000', '110101', '某路2号', '2026-03-01');"
    "INSERT INTO person_open (person_key, application_no) VALUES ('C:11010119900101123X', 'A1');"
    "INSERT INTO ref_import (source, file_name, file_sha256, started_at, finished_at)"
    " VALUES ('insurance', 'f.csv', 'x', '2026-03-01', '2026-03-01');"
    "INSERT INTO ref_record (source, person_key, event_date, extra, import_id, line)"
    " VALUES ('insurance', 'C:11010119900101123X', '2026-01-01', '', 1, 2);";

static void a_database_from_before_encryption_is_converted_when_opened(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct store_conn *c = store_acquire(t.app.store);
    assert_int_equal(store_exec_script(c, SQL_T_LEGACY), 0);
    store_release(t.app.store, c);
    app__fini(&t.app);
    assert_int_equal(app__init(&t.app, t.db, 1, true), 0); /* converts */
    c = store_acquire(t.app.store);
    bool legacy = true;
    assert_int_equal(store_pii_legacy(c, &legacy), 0);
    assert_false(legacy);
    int64_t n = 0;
    assert_int_equal(store_person_stale_count(c, 1, &n), 0);
    assert_int_equal(n, 0);
    struct arena ar;
    arena_init(&ar);
    struct person p;
    assert_int_equal(store_person_get(c, 1, true, &ar, &p), 0);
    assert_string_equal(p.id_number, "11010119900101123X");
    assert_string_equal(p.name, "张三丰");
    assert_true(store_pii_is_index(p.person_key));
    /* the open case and the record are found through the blind index now */
    char app_no[INTAKE_NO_SIZE], reg_no[INTAKE_NO_SIZE];
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_open_claim(c, "C:11010119900101123X", "A2", app_no, reg_no),
                     -ERR_CONFLICT);
    store_tx_rollback(c);
    assert_string_equal(app_no, "A1");
    int records = 0;
    assert_int_equal(
        store_ref_record_each(c, "insurance", "C:11010119900101123X", count_record, &records), 1);
    assert_int_equal(records, 1);
    store_release(t.app.store, c);
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_value_opens_only_in_its_own_row_column_table_and_version),
        cmocka_unit_test(the_blind_index_is_keyed_fixed_length_and_passes_through),
        cmocka_unit_test(the_key_file_is_made_0600_and_checked),
        cmocka_unit_test(a_person_is_stored_encrypted_and_read_back_plain),
        cmocka_unit_test(a_database_written_under_another_key_is_refused_unchanged),
        cmocka_unit_test(reencryption_moves_every_row_to_the_new_version),
        cmocka_unit_test(a_database_from_before_encryption_is_converted_when_opened),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
