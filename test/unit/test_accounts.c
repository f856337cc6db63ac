/*
 * test_accounts.c — the store seam, agencies, users, logins, sessions, tokens, throttling and
 * the audit log, against a real SQLite database in a temporary directory.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/accounts.h"
#include "app/app.h"
#include "app/setup.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/err.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct fixture {
    struct testapp t;
    int64_t dc, xc; /* agencies in 东城区 and 西城区 */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testapp_open(&f->t, "test") < 0)
        return -1;
    struct setup_counts n;
    if (app_setup_refdata(&f->t.app, &f->t.sys, &n) < 0)
        return -1;
    struct agency dc = {.name = "东城区公共就业服务中心", .region = "110101", .kind = "pes"};
    struct agency xc = {.name = "西城区公共就业服务中心", .region = "110102", .kind = "pes"};
    if (app_agency_add(&f->t.app, &f->t.sys, &dc, &f->dc) < 0 ||
        app_agency_add(&f->t.app, &f->t.sys, &xc, &f->xc) < 0)
        return -1;
    if (app_user_add(&f->t.app, &f->t.sys, "li.ming", "correct horse", "caseworker", f->dc, NULL) <
        0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc = testapp_close(&f->t);
    free(f);
    return rc;
}

static void migrations_are_idempotent(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_migrate(f->t.app.store), 0); /* nothing left to apply */
    int highest = 0; /* the highest version among the embedded migration files */
    for (const struct embed_file *m = embed_sql; m->name; m++)
        highest = atoi(m->name) > highest ? atoi(m->name) : highest;
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_true(highest >= 3);
    assert_int_equal(store_schema_version(c), highest);
    store_release(f->t.app.store, c);
}

static void init_loads_regions_and_codes_twice_without_duplicates(void **state)
{
    struct fixture *f = *state;
    struct setup_counts a, b;
    assert_int_equal(app_setup_refdata(&f->t.app, &f->t.sys, &a), 0);
    assert_int_equal(app_setup_refdata(&f->t.app, &f->t.sys, &b), 0);
    assert_int_equal(a.regions, b.regions);
    assert_true(a.regions > 40000);
    assert_true(a.codes > 100);
}

static void agency_needs_a_real_region_and_kind(void **state)
{
    struct fixture *f = *state;
    int64_t id;
    struct agency bad_region = {.name = "x", .region = "999999", .kind = "pes"};
    struct agency bad_kind = {.name = "x", .region = "110101", .kind = "bank"};
    struct agency street = {.name = "东华门街道", .region = "110101001", .kind = "street"};
    assert_int_equal(app_agency_add(&f->t.app, &f->t.sys, &bad_region, &id), -ERR_REGION_INVALID);
    assert_int_equal(app_agency_add(&f->t.app, &f->t.sys, &bad_kind, &id), -ERR_AGENCY_KIND);
    assert_int_equal(app_agency_add(&f->t.app, &f->t.sys, &street, &id), 0);
}

static void user_add_checks_role_agency_password_and_uniqueness(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(
        app_user_add(&f->t.app, &f->t.sys, "u1", "long enough", "janitor", f->dc, NULL),
        -ERR_ROLE_INVALID);
    assert_int_equal(app_user_add(&f->t.app, &f->t.sys, "u1", "short", "auditor", f->dc, NULL),
                     -ERR_PASSWORD_WEAK);
    assert_int_equal(app_user_add(&f->t.app, &f->t.sys, "u1", "long enough", "auditor", 9999, NULL),
                     -ERR_AGENCY_NOT_FOUND);
    assert_int_equal(
        app_user_add(&f->t.app, &f->t.sys, "Bad Name", "long enough", "auditor", f->dc, NULL),
        -ERR_FIELD_INVALID);
    assert_int_equal(
        app_user_add(&f->t.app, &f->t.sys, "li.ming", "long enough", "auditor", f->xc, NULL),
        -ERR_USER_EXISTS);
}

static void password_is_stored_as_argon2id(void **state)
{
    (void)state;
    char h[128];
    assert_int_equal(accounts_hash_password("correct horse", h, sizeof h), 0);
    assert_non_null(strstr(h, "$argon2id$"));
    assert_null(strstr(h, "correct horse"));
}

static void login_gives_a_session_scoped_to_the_agency_region(void **state)
{
    struct fixture *f = *state;
    struct login_result lr;
    assert_int_equal(app_login(&f->t.app, "li.ming", "correct horse", NULL, "10.0.0.1", &lr), 0);
    assert_int_equal(strlen(lr.token), 64);
    assert_int_equal(strlen(lr.csrf), 64);
    assert_string_equal(lr.actor.role, "caseworker");
    assert_string_equal(lr.actor.region, "110101");
    assert_string_equal(lr.actor.scope, "110101");

    struct actor me;
    assert_int_equal(app_session_actor(&f->t.app, lr.token, "10.0.0.1", &me), 0);
    assert_string_equal(me.username, "li.ming");
    assert_true(me.via_cookie);
    assert_true(accounts_token_equal(me.csrf, lr.csrf));

    /* The session expires after the policy's lifetime. */
    clock_set(clock_now() + f->t.app.policy.session_ttl + 1);
    assert_int_equal(app_session_actor(&f->t.app, lr.token, "10.0.0.1", &me), -ERR_UNAUTHENTICATED);
}

static void logout_ends_the_session(void **state)
{
    struct fixture *f = *state;
    struct login_result lr;
    struct actor me;
    assert_int_equal(app_login(&f->t.app, "li.ming", "correct horse", NULL, "10.0.0.1", &lr), 0);
    assert_int_equal(app_logout(&f->t.app, lr.token, &lr.actor), 0);
    assert_int_equal(app_session_actor(&f->t.app, lr.token, "10.0.0.1", &me), -ERR_UNAUTHENTICATED);
}

static void wrong_password_and_unknown_user_get_the_same_error(void **state)
{
    struct fixture *f = *state;
    struct login_result lr;
    assert_int_equal(app_login(&f->t.app, "li.ming", "wrong horse", NULL, "10.0.0.2", &lr),
                     -ERR_LOGIN_FAILED);
    assert_int_equal(app_login(&f->t.app, "nobody", "correct horse", NULL, "10.0.0.2", &lr),
                     -ERR_LOGIN_FAILED);
    assert_int_equal(lr.token[0], '\0');
}

static void five_failures_lock_the_username_until_the_window_passes(void **state)
{
    struct fixture *f = *state;
    struct login_result lr;
    for (int i = 0; i < f->t.app.policy.throttle_user_max; i++)
        assert_int_equal(app_login(&f->t.app, "li.ming", "guess", NULL, "10.0.0.3", &lr),
                         -ERR_LOGIN_FAILED);
    /* Even the right password is refused now. */
    assert_int_equal(app_login(&f->t.app, "li.ming", "correct horse", NULL, "10.0.0.4", &lr),
                     -ERR_LOGIN_THROTTLED);
    clock_set(clock_now() + f->t.app.policy.throttle_window + 1);
    assert_int_equal(app_login(&f->t.app, "li.ming", "correct horse", NULL, "10.0.0.4", &lr), 0);
}

static void bearer_tokens_resolve_until_expiry(void **state)
{
    struct fixture *f = *state;
    char tok[ACCOUNTS_TOKEN_HEX];
    struct actor me;
    assert_int_equal(app_token_issue(&f->t.app, &f->t.sys, "li.ming", "exchange", 1, tok), 0);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), 0);
    assert_false(me.via_cookie);
    assert_string_equal(me.scope, "110101");
    assert_int_equal(app_token_actor(&f->t.app, "0123", "10.0.0.5", &me), -ERR_UNAUTHENTICATED);
    clock_set(clock_now() + 86400 + 1);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), -ERR_UNAUTHENTICATED);
    assert_int_equal(app_token_issue(&f->t.app, &f->t.sys, "nobody", "x", 0, tok), -ERR_NOT_FOUND);
}

/* A running server keeps a token's check for token_cache_seconds: a token revoked in the store
 * (by another process, by hand) is refused once that has passed, at once with the policy 0. */
static void a_revoked_token_is_refused_once_its_check_is_no_longer_kept(void **state)
{
    struct fixture *f = *state;
    char tok[ACCOUNTS_TOKEN_HEX];
    struct actor me;
    assert_int_equal(f->t.app.policy.token_cache_seconds, 2);
    f->t.app.policy.token_cache_seconds = 1;
    assert_int_equal(app_token_issue(&f->t.app, &f->t.sys, "li.ming", "exchange", 0, tok), 0);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), 0);
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_exec_script(c, "UPDATE api_token SET revoked_at = 1"), 0);
    store_release(f->t.app.store, c);
    /* Kept: the same actor, with this request's address. */
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.6", &me), 0);
    assert_string_equal(me.username, "li.ming");
    assert_string_equal(me.scope, "110101");
    assert_string_equal(me.remote, "10.0.0.6");
    struct timespec pause = {1, 100000000};
    nanosleep(&pause, NULL);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), -ERR_UNAUTHENTICATED);

    f->t.app.policy.token_cache_seconds = 0;
    assert_int_equal(app_token_issue(&f->t.app, &f->t.sys, "li.ming", "b", 0, tok), 0);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), 0);
    c = store_acquire(f->t.app.store);
    assert_int_equal(store_exec_script(c, "UPDATE api_token SET revoked_at = 1"), 0);
    store_release(f->t.app.store, c);
    assert_int_equal(app_token_actor(&f->t.app, tok, "10.0.0.5", &me), -ERR_UNAUTHENTICATED);
}

/* The cache itself: a hit within the ttl and before the token's expiry, for that hash only. */
static void the_token_cache_keeps_an_entry_for_its_ttl_and_not_past_the_token(void **state)
{
    (void)state;
    static struct token_cache tc;
    token_cache_init(&tc);
    char h1[ACCOUNTS_TOKEN_HEX], h2[ACCOUNTS_TOKEN_HEX], h3[ACCOUNTS_TOKEN_HEX];
    accounts_token_hash("one", h1);
    accounts_token_hash("two", h2);
    memcpy(h3, h1, sizeof h3); /* the same slot, another token */
    h3[63] = h3[63] == '0' ? '1' : '0';
    struct actor a = {.kind = ACTOR_STAFF,
                      .user_id = 7,
                      .username = "u",
                      .scope = "1101",
                      .remote = "10.0.0.1"},
                 out;
    const int64_t s = 1000000000, now = 1800000000;
    token_cache_put(&tc, h1, &a, now + 60, 0, 2);
    assert_true(token_cache_get(&tc, h1, now, 2 * s - 1, &out));
    assert_int_equal(out.user_id, 7);
    assert_string_equal(out.remote, "");
    assert_false(token_cache_get(&tc, h1, now, 2 * s, &out));  /* the ttl is over */
    assert_false(token_cache_get(&tc, h1, now + 60, 0, &out)); /* the token has expired */
    assert_false(token_cache_get(&tc, h2, now, 0, &out));      /* never put */
    assert_false(token_cache_get(&tc, h3, now, 0, &out));      /* same slot, other hash */
    assert_false(token_cache_get(&tc, "", now, 0, &out));
    token_cache_put(&tc, h3, &a, 0, 0, 2);                             /* replaces h1 */
    assert_true(token_cache_get(&tc, h3, now + 86400 * 365, 0, &out)); /* 0: no expiry */
    assert_false(token_cache_get(&tc, h1, now, 0, &out));
    token_cache_put(&tc, h2, &a, 0, 0, 0); /* ttl 0 keeps nothing */
    assert_false(token_cache_get(&tc, h2, now, 0, &out));
    token_cache_clear(&tc);
    assert_false(token_cache_get(&tc, h3, now, 0, &out));
    token_cache_fini(&tc);
}

static int count_rows(const struct audit_row *r, void *arg)
{
    (void)r;
    (*(int *)arg)++;
    return 0;
}

static void audit_log_records_changes_and_refuses_edits(void **state)
{
    struct fixture *f = *state;
    struct login_result lr;
    assert_int_equal(app_login(&f->t.app, "li.ming", "correct horse", NULL, "10.0.0.6", &lr), 0);
    int n = 0;
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_true(store_audit_each(c, "user", "li.ming", 100, count_rows, &n) >= 1);
    assert_true(n >= 1);
    /* Append-only, enforced by the database itself. */
    assert_int_equal(store_exec_script(c, "UPDATE audit_log SET actor = 'x'"), -ERR_INTERNAL);
    assert_int_equal(store_exec_script(c, "DELETE FROM audit_log"), -ERR_INTERNAL);
    store_release(f->t.app.store, c);
}

struct login_audit {
    const char *typed; /* must appear in no entry */
    int failed_public; /* session.login_failed entries by "public" */
    int hashed;        /* ... whose object is a hash prefix "#<16 hex>" */
};

static int check_login_entry(const struct audit_row *r, void *arg)
{
    struct login_audit *la = arg;
    assert_null(strstr(r->actor, la->typed));
    assert_null(strstr(r->object_id, la->typed));
    assert_null(strstr(r->detail, la->typed));
    if (strcmp(r->action, "session.login_failed") == 0 && strcmp(r->actor, "public") == 0) {
        la->failed_public++;
        la->hashed += r->object_id[0] == '#' && strlen(r->object_id) == 17;
    }
    return 0;
}

static void a_failed_login_is_counted_and_audited_without_the_typed_username(void **state)
{
    /* The text in the username box may be a password typed in the wrong place: it is never
     * recorded as such; an existing account is named, anything else by a hash prefix. */
    struct fixture *f = *state;
    struct login_result lr;
    const char *typed = "hunter2\"secret";
    assert_int_equal(app_login(&f->t.app, typed, "correct horse", NULL, "10.0.0.7", &lr),
                     -ERR_LOGIN_FAILED);
    assert_int_equal(app_login(&f->t.app, "li.ming", "wrong horse", NULL, "10.0.0.7", &lr),
                     -ERR_LOGIN_FAILED);
    struct login_audit la = {.typed = "hunter2"};
    assert_true(app_audit_list(&f->t.app, NULL, NULL, 100, check_login_entry, &la) > 0);
    assert_int_equal(la.failed_public, 2);
    assert_int_equal(la.hashed, 1);
    int n = 0;
    assert_true(app_audit_list(&f->t.app, "user", "li.ming", 100, count_rows, &n) >= 1);
    assert_int_equal(n, 1); /* the wrong password, under the account's name */
    /* Both attempts were counted against the address: 30 would throttle it. */
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_login_failure_count(c, "a:10.0.0.7", 0), 2);
    store_release(f->t.app.store, c);
}

static void roles_hold_the_permissions_of_the_table(void **state)
{
    (void)state;
    struct actor cw = {.kind = ACTOR_STAFF, .role = "caseworker"};
    struct actor st = {.kind = ACTOR_STAFF, .role = "statistician"};
    struct actor pub = {.kind = ACTOR_PUBLIC};
    assert_true(access_allows(&cw, PERM_CASE_EDIT));
    assert_false(access_allows(&cw, PERM_ADMIN));
    assert_false(access_allows(&st, PERM_CASE_READ));
    assert_true(access_allows(&st, PERM_STATS));
    assert_true(access_allows(&pub, PERM_PUBLIC));
    assert_false(access_allows(&pub, PERM_STAFF));
    assert_true(access_role_valid("auditor"));
    assert_false(access_role_valid("root"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(migrations_are_idempotent),
        T(init_loads_regions_and_codes_twice_without_duplicates),
        T(agency_needs_a_real_region_and_kind),
        T(user_add_checks_role_agency_password_and_uniqueness),
        cmocka_unit_test(password_is_stored_as_argon2id),
        T(login_gives_a_session_scoped_to_the_agency_region),
        T(logout_ends_the_session),
        T(wrong_password_and_unknown_user_get_the_same_error),
        T(five_failures_lock_the_username_until_the_window_passes),
        T(bearer_tokens_resolve_until_expiry),
        T(a_revoked_token_is_refused_once_its_check_is_no_longer_kept),
        cmocka_unit_test(the_token_cache_keeps_an_entry_for_its_ttl_and_not_past_the_token),
        T(audit_log_records_changes_and_refuses_edits),
        T(a_failed_login_is_counted_and_audited_without_the_typed_username),
        cmocka_unit_test(roles_hold_the_permissions_of_the_table),
    };
#undef T
    return cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
}
