/*
 * test_config.c — the configuration file parser, precedence file < environment < flags, where
 * each value comes from, masking of secrets, and ureg's own table of keys (cli/config.c).
 */
#include "testutil.h"

#include "base/config.h"
#include "base/err.h"
#include "cli/cli.h"

static const char *check_count(const char *v)
{
    return strspn(v, "0123456789") == strlen(v) ? NULL : "must be a whole number";
}

static const struct config_key keys[] = {
    {"db", "T_DB", "db", NULL, "var/ureg.db", false, NULL, "PATH", "the database"},
    {"threads", "T_THREADS", "threads", "serve", "0", false, check_count, "N", "threads"},
    {"token", "T_TOKEN", "token", "serve", NULL, true, NULL, "TOKEN", "a secret"},
};
#define N_KEYS (sizeof keys / sizeof *keys)

static int parse(struct config *cf, const char *text, char *err)
{
    return config_parse(cf, "/etc/t.conf", text, strlen(text), err, 256);
}

static void keys_values_comments_and_blanks(void **state)
{
    (void)state;
    struct config cf;
    char err[256] = "";
    config_init(&cf, keys, N_KEYS);
    assert_int_equal(parse(&cf,
                           "\xEF\xBB\xBF# a comment\n"
                           "\n"
                           "   db   =   /srv/u#1.db   # the file's '#' follows no blank\r\n"
                           "\t# indented comment\n"
                           "threads=4",
                           err),
                     0);
    assert_string_equal(config_get_key(&cf, "db"), "/srv/u#1.db");
    assert_string_equal(config_get_key(&cf, "threads"), "4");
    assert_null(config_get_key(&cf, "token"));
    char src[64];
    config_source_name(&cf, 0, src, sizeof src);
    assert_string_equal(src, "/etc/t.conf:3");
    config_source_name(&cf, 1, src, sizeof src);
    assert_string_equal(src, "/etc/t.conf:5");
    config_source_name(&cf, 2, src, sizeof src);
    assert_string_equal(src, "default");
    config_free(&cf);
}

/* Each error names the file and the line, and leaves every value as it was. */
static void errors_name_file_and_line_and_change_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *text, *err;
    } cases[] = {
        {"db = a\nfoo = 1\n", "/etc/t.conf:2: unknown key \"foo\" (the keys are in `ureg help`)"},
        {"db = a\n\njust words\n", "/etc/t.conf:3: expected `key = value`"},
        {"= 1\n", "/etc/t.conf:1: expected `key = value`: the key is missing"},
        {"DB = 1\n", "/etc/t.conf:1: a key is lower-case letters, digits and `_`"},
        {"db =\n", "/etc/t.conf:1: db: a value is required (leave the key out for its default)"},
        {"db = a\nthreads = 2\ndb = b\n", "/etc/t.conf:3: db is set twice (first on line 1)"},
        {"db = a\nthreads = four\n", "/etc/t.conf:2: threads: must be a whole number"},
        {"threads = 1 # 2\nthreads = x\n", "/etc/t.conf:2: threads is set twice (first on line 1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct config cf;
        char err[256] = "";
        config_init(&cf, keys, N_KEYS);
        assert_int_equal(config_set(&cf, 0, "kept", CONFIG_FLAG, 0, err, sizeof err), 0);
        assert_int_equal(parse(&cf, cases[i].text, err), -ERR_USAGE);
        assert_string_equal(err, cases[i].err);
        assert_string_equal(config_get_key(&cf, "db"), "kept");
        assert_string_equal(config_get_key(&cf, "threads"), "0");
        assert_null(cf.path);
        config_free(&cf);
    }
}

static const char *fake_env(const char *name)
{
    if (strcmp(name, "T_THREADS") == 0)
        return "8";
    if (strcmp(name, "T_DB") == 0)
        return ""; /* empty: as if unset */
    return NULL;
}

static const char *bad_env(const char *name)
{
    return strcmp(name, "T_THREADS") == 0 ? "-1" : NULL;
}

static void file_then_environment_then_flags(void **state)
{
    (void)state;
    struct config cf;
    char err[256] = "", src[64];
    config_init(&cf, keys, N_KEYS);
    assert_int_equal(parse(&cf, "db = /from/file\nthreads = 2\ntoken = s3cret\n", err), 0);
    assert_int_equal(config_apply_env(&cf, fake_env, err, sizeof err), 0);
    assert_string_equal(config_get_key(&cf, "db"), "/from/file");
    assert_string_equal(config_get_key(&cf, "threads"), "8");
    config_source_name(&cf, 1, src, sizeof src);
    assert_string_equal(src, "env T_THREADS");
    int k = config_find_flag(&cf, "serve", "threads");
    assert_int_equal(k, 1);
    assert_int_equal(config_set(&cf, (size_t)k, "16", CONFIG_FLAG, 0, err, sizeof err), 0);
    assert_string_equal(config_get_key(&cf, "threads"), "16");
    config_source_name(&cf, 1, src, sizeof src);
    assert_string_equal(src, "flag --threads");
    /* A bad flag value is refused and the value in force stays. */
    assert_int_equal(config_set(&cf, (size_t)k, "x", CONFIG_FLAG, 0, err, sizeof err), -ERR_USAGE);
    assert_string_equal(err, "threads: must be a whole number");
    assert_string_equal(config_get_key(&cf, "threads"), "16");
    /* Options are found by their command: --threads is serve's, --db is global. */
    assert_int_equal(config_find_flag(&cf, NULL, "threads"), -1);
    assert_int_equal(config_find_flag(&cf, NULL, "db"), 0);
    assert_int_equal(config_find_flag(&cf, "serve", "db"), -1);
    assert_int_equal(config_find(&cf, "nope"), -1);
    assert_int_equal(config_apply_env(&cf, bad_env, err, sizeof err), -ERR_USAGE);
    assert_string_equal(err, "$T_THREADS: must be a whole number");
    config_free(&cf);
}

static void missing_file_is_fine_unless_named(void **state)
{
    (void)state;
    char dir[64], path[96], err[256] = "";
    assert_int_equal(testutil_tmpdir_make(dir, path, "ureg.conf"), 0);
    struct config cf;
    config_init(&cf, keys, N_KEYS);
    assert_int_equal(config_read_file(&cf, path, false, err, sizeof err), 0);
    assert_null(cf.path);
    assert_int_equal(config_read_file(&cf, path, true, err, sizeof err), -ERR_USAGE);
    assert_non_null(strstr(err, "No such file"));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# t\nthreads = 3\n", f);
    fclose(f);
    assert_int_equal(config_read_file(&cf, path, true, err, sizeof err), 0);
    assert_string_equal(cf.path, path);
    assert_string_equal(config_get_key(&cf, "threads"), "3");
    config_free(&cf);
    testutil_tmpdir_remove(dir);
}

static void secrets_and_passwords_are_masked(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool secret;
        const char *out;
    } cases[] = {
        {"s3cret", true, "********"},
        {"", true, ""},
        {NULL, false, ""},
        {"var/ureg.db", false, "var/ureg.db"},
        {"postgresql://ureg:pa:ss@db.example:5432/ureg", false,
         "postgresql://ureg:********@db.example:5432/ureg"},
        {"postgresql://ureg:p@ss@db/ureg?sslmode=require", false,
         "postgresql://ureg:********@db/ureg?sslmode=require"},
        {"postgresql://ureg@db/ureg", false, "postgresql://ureg@db/ureg"},
        {"postgresql://db/ureg?user=u&password=x&sslmode=require", false,
         "postgresql://db/ureg?user=u&password=********&sslmode=require"},
        {"host=db password=x dbname=ureg", false, "host=db password=******** dbname=ureg"},
        {"password=x", false, "password=********"},
        {"/srv/no_password=x", false, "/srv/no_password=x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[128];
        config_mask(cases[i].in, cases[i].secret, out, sizeof out);
        assert_string_equal(out, cases[i].out);
    }
}

/* ureg's table: keys and flags unique, help for each, and every default passes its check. */
static void the_ureg_table_is_consistent(void **state)
{
    (void)state;
    struct config cf;
    char err[256];
    config_init(&cf, cli_config_keys, cli_config_n);
    assert_true(cli_config_n >= 6);
    for (size_t i = 0; i < cli_config_n; i++) {
        const struct config_key *k = &cli_config_keys[i];
        assert_non_null(k->flag);
        assert_non_null(k->arg);
        assert_true(k->help && strlen(k->help) > 10);
        assert_int_equal(config_find(&cf, k->key), (int)i);
        assert_int_equal(config_find_flag(&cf, k->command, k->flag), (int)i);
        if (k->def)
            assert_int_equal(config_set(&cf, i, k->def, CONFIG_FILE, 1, err, sizeof err), 0);
    }
    assert_non_null(config_get_key(&cf, "db"));
    assert_int_equal(config_find(&cf, "key_file") >= 0, 1);
    config_free(&cf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_values_comments_and_blanks),
        cmocka_unit_test(errors_name_file_and_line_and_change_nothing),
        cmocka_unit_test(file_then_environment_then_flags),
        cmocka_unit_test(missing_file_is_fine_unless_named),
        cmocka_unit_test(secrets_and_passwords_are_masked),
        cmocka_unit_test(the_ureg_table_is_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
