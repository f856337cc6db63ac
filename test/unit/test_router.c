/*
 * test_router.c — the route table: pattern matching, 404 vs 405, decoding, validation, docs.
 */
#include "testutil.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "http/router.h"
#include "http/server.h"

#include <stdio.h>
#include <string.h>

static int h_dummy(struct http_req *req, struct http_resp *w)
{
    (void)req;
    (void)w;
    return 0;
}

enum { P_PUBLIC, P_READ, P_EDIT };

static const struct route table[] = {
    {"GET", "/healthz", P_PUBLIC, h_dummy, "Liveness", NULL, NULL, 0, NULL},
    {"POST", "/api/v1/applications", P_EDIT, h_dummy, "Submit at the counter", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications", P_READ, h_dummy, "List applications", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications/new", P_READ, h_dummy, "Blank form", NULL, NULL, 0, NULL},
    {"GET", "/api/v1/applications/{no}", P_READ, h_dummy, "One application", NULL, NULL, 0, NULL},
    {"POST", "/api/v1/applications/{no}/decision", P_EDIT, h_dummy, "Approve | reject", NULL, NULL,
     0, NULL},
    {"PUT", "/api/v1/policies/{id}", P_EDIT, h_dummy, NULL, NULL, NULL, 0, NULL},
    {"DELETE", "/api/v1/policies/{id}", P_EDIT, h_dummy, NULL, NULL, NULL, 0, NULL},
    {"GET", "/api/v1/a/{x}/b/{y}", P_READ, h_dummy, NULL, NULL, NULL, 0, NULL},
};
#define N_TABLE (sizeof table / sizeof table[0])

struct match_case {
    const char *method;
    const char *path;
    int rc;
    int row; /* expected row when rc == 0 */
    const char *param1_name, *param1_value, *param2_name, *param2_value;
};

static const struct match_case cases[] = {
    {"GET", "/healthz", 0, 0, NULL, NULL, NULL, NULL},
    {"HEAD", "/healthz", 0, 0, NULL, NULL, NULL, NULL}, /* HEAD is served by GET rows */
    {"POST", "/api/v1/applications", 0, 1, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications", 0, 2, NULL, NULL, NULL, NULL},
    /* The literal row comes first in the table, so it wins over {no}. */
    {"GET", "/api/v1/applications/new", 0, 3, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/N110101202400001", 0, 4, "no", "N110101202400001", NULL, NULL},
    {"POST", "/api/v1/applications/N1/decision", 0, 5, "no", "N1", NULL, NULL},
    {"PUT", "/api/v1/policies/7", 0, 6, "id", "7", NULL, NULL},
    {"DELETE", "/api/v1/policies/7", 0, 7, "id", "7", NULL, NULL},
    {"GET", "/api/v1/a/1/b/2", 0, 8, "x", "1", "y", "2"},
    /* Percent-decoding of parameters: 张 is E5 BC A0 in UTF-8; a space; a literal '+'. */
    {"GET", "/api/v1/applications/%E5%BC%A0", 0, 4, "no", "\xe5\xbc\xa0", NULL, NULL},
    {"GET", "/api/v1/applications/a%20b", 0, 4, "no", "a b", NULL, NULL},
    {"GET", "/api/v1/applications/a+b", 0, 4, "no", "a+b", NULL, NULL},
    /* Trailing slash policy: "/a/" does not match "/a", and the other way round. */
    {"GET", "/healthz/", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"POST", "/api/v1/applications/N1/decision/", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    /* A parameter is one non-empty segment. */
    {"GET", "/api/v1/applications/N1/extra", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/a//b/2", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    /* An encoded slash or NUL, or a malformed escape, is not a segment: 404. */
    {"GET", "/api/v1/applications/a%2Fb", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/a%2fb", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/a%00b", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/a%zzb", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/a%4", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/%", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    /* Literal segments are compared as sent, case-sensitively. */
    {"GET", "/API/v1/applications", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/%61pplications", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "/nothing", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    {"GET", "", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
    /* The path exists, the method does not: 405. */
    {"DELETE", "/api/v1/applications", -ERR_METHOD_NOT_ALLOWED, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/applications/N1/decision", -ERR_METHOD_NOT_ALLOWED, 0, NULL, NULL, NULL, NULL},
    {"GET", "/api/v1/policies/7", -ERR_METHOD_NOT_ALLOWED, 0, NULL, NULL, NULL, NULL},
    {"POST", "/healthz", -ERR_METHOD_NOT_ALLOWED, 0, NULL, NULL, NULL, NULL},
    {"get", "/healthz", -ERR_METHOD_NOT_ALLOWED, 0, NULL, NULL, NULL, NULL}, /* case matters */
    /* 405 needs a decodable parameter too: an encoded slash stays 404 for every method. */
    {"GET", "/api/v1/policies/a%2Fb", -ERR_NOT_FOUND, 0, NULL, NULL, NULL, NULL},
};

static void patterns_match_by_table_with_params_decoded(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct match_case *c = &cases[i];
        struct http_req req = {0};
        arena_init(&req.arena);
        req.n_params = 99;                           /* must be reset on every outcome */
        const struct route *r = &table[N_TABLE - 1]; /* must be reset to NULL on failure */
        int rc = router_match(table, N_TABLE, c->method, c->path, &req, &r);
        if (rc != c->rc)
            fail_msg("case %zu: %s %s gave %d, want %d", i, c->method, c->path, rc, c->rc);
        if (c->rc == 0) {
            assert_ptr_equal(r, &table[c->row]);
            int want_params = c->param2_name ? 2 : c->param1_name ? 1 : 0;
            assert_int_equal(req.n_params, want_params);
            if (c->param1_name)
                assert_string_equal(http_param(&req, c->param1_name), c->param1_value);
            if (c->param2_name)
                assert_string_equal(http_param(&req, c->param2_name), c->param2_value);
            assert_null(http_param(&req, "absent"));
        } else {
            assert_null(r);
            assert_int_equal(req.n_params, 0);
        }
        arena_free(&req.arena);
    }
}

static void allow_lists_each_method_of_the_path_once_with_head_after_get(void **state)
{
    (void)state;
    struct buf b = {0};
    assert_int_equal(router_allow(table, N_TABLE, "/api/v1/applications", &b), 3);
    assert_string_equal(buf_cstr(&b), "POST, GET, HEAD");
    buf_reset(&b);
    assert_int_equal(router_allow(table, N_TABLE, "/api/v1/policies/9", &b), 2);
    assert_string_equal(buf_cstr(&b), "PUT, DELETE");
    buf_reset(&b);
    /* "new" matches both the literal row and the {no} row: GET and HEAD once each. */
    assert_int_equal(router_allow(table, N_TABLE, "/api/v1/applications/new", &b), 2);
    assert_string_equal(buf_cstr(&b), "GET, HEAD");
    buf_reset(&b);
    assert_int_equal(router_allow(table, N_TABLE, "/nothing", &b), 0);
    assert_string_equal(buf_cstr(&b), "");
    buf_free(&b);
}

static void validate_accepts_the_table_and_refuses_malformed_patterns(void **state)
{
    (void)state;
    assert_int_equal(router_validate(table, N_TABLE), 0);
    assert_int_equal(router_validate(table, 0), 0);
    log_set_level(LOG_OFF); /* the refusals log; keep the test output clean */
    static const char *const bad[] = {
        "api/v1/x",                             /* not absolute */
        "/api/{",                               /* unterminated */
        "/api/}",                               /* stray close */
        "/api/{}",                              /* empty name */
        "/api/x{id}",                           /* not a whole segment */
        "/api/{id}x",                           /* not a whole segment */
        "/api/{a{b}",                           /* nested */
        "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", /* nine params: one too many */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct route r = {"GET", bad[i], 0, h_dummy, NULL, NULL, NULL, 0, NULL};
        if (router_validate(&r, 1) != -ERR_INTERNAL)
            fail_msg("pattern %s was accepted", bad[i]);
    }
    /* Eight parameters is the limit, inclusive. */
    struct route eight = {
        "GET", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", 0, h_dummy, NULL, NULL, NULL, 0, NULL};
    assert_int_equal(router_validate(&eight, 1), 0);
    struct route no_handler = {"GET", "/x", 0, NULL, NULL, NULL, NULL, 0, NULL};
    assert_int_equal(router_validate(&no_handler, 1), -ERR_INTERNAL);
    struct route no_method = {NULL, "/x", 0, h_dummy, NULL, NULL, NULL, 0, NULL};
    assert_int_equal(router_validate(&no_method, 1), -ERR_INTERNAL);
    log_set_level(LOG_INFO);
}

static void eight_params_are_all_returned(void **state)
{
    (void)state;
    struct route eight = {
        "GET", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", 0, h_dummy, NULL, NULL, NULL, 0, NULL};
    struct http_req req = {0};
    arena_init(&req.arena);
    const struct route *r;
    assert_int_equal(router_match(&eight, 1, "GET", "/1/2/3/4/5/6/7/8", &req, &r), 0);
    assert_int_equal(req.n_params, 8);
    assert_string_equal(http_param(&req, "a"), "1");
    assert_string_equal(http_param(&req, "h"), "8");
    assert_int_equal(router_match(&eight, 1, "GET", "/1/2/3/4/5/6/7", &req, &r), -ERR_NOT_FOUND);
    arena_free(&req.arena);
}

static const char *perm_name(int perm)
{
    static const char *const names[] = {"public", "case_read", "case_edit"};
    return perm >= 0 && perm <= P_EDIT ? names[perm] : NULL;
}

static void markdown_lists_every_route_with_permission_names(void **state)
{
    (void)state;
    struct buf b = {0};
    assert_int_equal(router_markdown(table, 6, &b, perm_name), 0);
    assert_string_equal(buf_cstr(&b),
                        "| Method | Path | Permission | Summary |\n"
                        "|---|---|---|---|\n"
                        "| GET | `/healthz` | public | Liveness |\n"
                        "| POST | `/api/v1/applications` | case_edit | Submit at the counter |\n"
                        "| GET | `/api/v1/applications` | case_read | List applications |\n"
                        "| GET | `/api/v1/applications/new` | case_read | Blank form |\n"
                        "| GET | `/api/v1/applications/{no}` | case_read | One application |\n"
                        "| POST | `/api/v1/applications/{no}/decision` | case_edit | "
                        "Approve \\| reject |\n");
    /* Without a name function (or an unknown perm) the number is printed; no summary is empty. */
    buf_reset(&b);
    struct route odd = {"PUT", "/x", 42, h_dummy, NULL, NULL, NULL, 0, NULL};
    router_markdown(&odd, 1, &b, NULL);
    assert_non_null(strstr(buf_cstr(&b), "| PUT | `/x` | 42 |  |\n"));
    buf_reset(&b);
    router_markdown(&odd, 1, &b, perm_name);
    assert_non_null(strstr(buf_cstr(&b), "| PUT | `/x` | 42 |  |\n"));
    buf_free(&b);
}

static void pct_decode_handles_form_plus_and_rejects_nul(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(router__pct_decode(&a, "a+b%2B", 6, true), "a b+");
    assert_string_equal(router__pct_decode(&a, "a+b%2B", 6, false), "a+b+");
    assert_string_equal(router__pct_decode(&a, "%e5%BC%a0", 9, false), "\xe5\xbc\xa0");
    assert_string_equal(router__pct_decode(&a, "", 0, false), "");
    /* Only n bytes are read: a cut in the middle of an escape is malformed. */
    assert_null(router__pct_decode(&a, "%41", 2, false));
    assert_string_equal(router__pct_decode(&a, "%41", 3, false), "A");
    assert_null(router__pct_decode(&a, "%00", 3, false));
    assert_null(router__pct_decode(&a, "%g1", 3, false));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patterns_match_by_table_with_params_decoded),
        cmocka_unit_test(allow_lists_each_method_of_the_path_once_with_head_after_get),
        cmocka_unit_test(validate_accepts_the_table_and_refuses_malformed_patterns),
        cmocka_unit_test(eight_params_are_all_returned),
        cmocka_unit_test(markdown_lists_every_route_with_permission_names),
        cmocka_unit_test(pct_decode_handles_form_plus_and_rejects_nul),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
