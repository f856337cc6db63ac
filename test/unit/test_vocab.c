/*
 * test_vocab.c — the vocabulary of rules/vocab.def against the schema that stores it.
 *
 * Each list (application statuses, registration statuses, channels, roles, tracked service
 * kinds, list kinds) must equal the CHECK (column IN (...)) list of its column in the embedded
 * migrations, word for word and in order, so adding a word on one side alone fails here; the
 * roles must also equal the `role` code table of data/codes.csv (the names the UI shows).
 */
#include "testutil.h"

#include "base/embed.h"
#include "rules/codes.h"
#include "rules/vocab.h"

#include <stdio.h>
#include <string.h>

#define MAX_WORDS 32

/*
 * Find the CHECK list of `column` in `CREATE TABLE [IF NOT EXISTS] table (` of any migration and
 * copy its quoted words into words[]. Returns how many, or -1 when the table or its CHECK is
 * missing.
 */
static int schema_words(const char *table, const char *column, char words[][32])
{
    char head[96], head2[112], check[96];
    snprintf(head, sizeof head, "CREATE TABLE %s (", table);
    snprintf(head2, sizeof head2, "CREATE TABLE IF NOT EXISTS %s (", table);
    snprintf(check, sizeof check, "CHECK (%s IN (", column);
    for (const struct embed_file *f = embed_sql; f->name; f++) {
        const char *sql = (const char *)f->data;
        const char *t = strstr(sql, head);
        if (!t)
            t = strstr(sql, head2);
        if (!t)
            continue;
        const char *end = strstr(t, "\n);");
        const char *c = strstr(t, check);
        if (!c || (end && c > end))
            return -1;
        int n = 0;
        for (const char *p = c + strlen(check); *p && *p != ')'; p++) {
            if (*p != '\'')
                continue;
            const char *q = strchr(p + 1, '\'');
            if (!q || n == MAX_WORDS || q - p - 1 >= 32)
                return -1;
            snprintf(words[n++], 32, "%.*s", (int)(q - p - 1), p + 1);
            p = q;
        }
        return n;
    }
    return -1;
}

static void each_list_equals_the_check_list_of_its_column(void **state)
{
    (void)state;
    int n_lists = 0;
    for (const struct vocab_list *l = vocab_lists(); l->table; l++, n_lists++) {
        char words[MAX_WORDS][32];
        int n = schema_words(l->table, l->column, words);
        if (n != l->n)
            fail_msg("%s.%s: the schema lists %d words, vocab.def %d", l->table, l->column, n,
                     l->n);
        for (int i = 0; i < n; i++)
            if (strcmp(words[i], l->names[i]) != 0)
                fail_msg("%s.%s word %d: schema '%s', vocab.def '%s'", l->table, l->column, i,
                         words[i], l->names[i]);
    }
    assert_int_equal(n_lists, 7);
}

static void roles_equal_the_role_code_table(void **state)
{
    (void)state;
    const struct code_entry *list[16];
    int n = codes_list("role", list, 16);
    assert_int_equal(n, ROLE__COUNT);
    for (int i = 0; i < n; i++)
        assert_string_equal(list[i]->code, vocab_role_name((enum role)i));
}

static void names_and_parses_are_inverse_and_closed(void **state)
{
    (void)state;
    for (int s = 0; s < APP_STATUS__COUNT; s++)
        assert_int_equal(vocab_app_status_parse(vocab_app_status_name((enum app_status)s)), s);
    for (int c = 0; c < CHANNEL__COUNT; c++)
        assert_int_equal(vocab_channel_parse(vocab_channel_name((enum channel)c)), c);
    for (int r = 0; r < ROLE__COUNT; r++)
        assert_int_equal(vocab_role_parse(vocab_role_name((enum role)r)), r);
    for (int k = 0; k < LIST_KIND__COUNT; k++)
        assert_int_equal(vocab_list_kind_parse(vocab_list_kind_name((enum list_kind)k)), k);
    assert_null(vocab_list_kind_name(LIST_KIND__COUNT));
    assert_int_equal(vocab_list_kind_parse("agencies"), -1);
    assert_null(vocab_app_status_name(APP_STATUS__COUNT));
    assert_null(vocab_reg_status_name(REG_STATUS__COUNT));
    assert_int_equal(vocab_app_status_parse("Pending_review"), -1);
    assert_int_equal(vocab_channel_parse(NULL), -1);
    assert_int_equal(vocab_role_parse("caseworker "), -1);
}

static void only_undecided_statuses_are_open(void **state)
{
    /* notice §3: an application awaits a decision until approved, rejected or withdrawn. */
    (void)state;
    assert_true(vocab_app_status_is_open("submitted"));
    assert_true(vocab_app_status_is_open("verifying"));
    assert_true(vocab_app_status_is_open("pending_review"));
    assert_false(vocab_app_status_is_open("approved"));
    assert_false(vocab_app_status_is_open("rejected"));
    assert_false(vocab_app_status_is_open("withdrawn"));
    assert_false(vocab_app_status_is_open("active"));
    assert_false(vocab_app_status_is_open(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_list_equals_the_check_list_of_its_column),
        cmocka_unit_test(roles_equal_the_role_code_table),
        cmocka_unit_test(names_and_parses_are_inverse_and_closed),
        cmocka_unit_test(only_undecided_statuses_are_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
