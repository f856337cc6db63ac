/*
 * test_exchange.c — the exchange's keys, signatures and message handling inside one process
 * (app/exchange.c, app/hub.c): a hub and a local system's context on two databases. The
 * black-box tests of test/exchange/ drive the same through real servers; here each refusal is
 * pinned to its error code and the idempotence to the stored answer (notice §7, 附件3; DCI
 * conventions, docs/api.md).
 */
#include "testapp.h"

#include "app/exchange.h"
#include "app/exchange_priv.h"
#include "store/application.h"
#include "store/exchange.h"

#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

struct fixture {
    struct testapp hub, local;
    char hub_key[128], l1_key[128], hub_pub[64], l1_pub[64];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || testapp_open(&f->hub, "test") < 0 || testapp_open(&f->local, "test") < 0)
        return -1;
    snprintf(f->hub_key, sizeof f->hub_key, "%s/hub.key", f->hub.dir);
    snprintf(f->l1_key, sizeof f->l1_key, "%s/l1.key", f->local.dir);
    if (app_exchange_keygen(f->hub_key, f->hub_pub) < 0 ||
        app_exchange_keygen(f->l1_key, f->l1_pub) < 0)
        return -1;
    struct err_ctx ec = {0};
    struct exchange_config hub = {.role = APP_ROLE_NATIONAL, .key_file = f->hub_key};
    struct exchange_config loc = {.role = APP_ROLE_LOCAL,
                                  .system_id = "L1",
                                  .key_file = f->l1_key,
                                  .national_url = "http://127.0.0.1:9"};
    if (app_exchange_configure(&f->hub.app, &hub, &ec) < 0 ||
        app_exchange_configure(&f->local.app, &loc, &ec) < 0)
        return -1;
    if (app_exchange_register(&f->hub.app, &f->hub.sys, "L1", f->l1_pub, "1101", &ec) < 0 ||
        app_exchange_register(&f->local.app, &f->local.sys, "national", f->hub_pub, NULL, &ec) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    testapp_close(&f->local);
    testapp_close(&f->hub);
    free(f);
    return 0;
}

/* A signed download message from the local system: its body (malloc'd) and Signature. */
static char *signed_download(struct fixture *f, const char *message_id, json_int_t cursor,
                             int64_t at, char *sig)
{
    struct app_exchange *x = app__exchange(&f->local.app);
    json_t *env = exchange__envelope(
        x, "download", "national", 0,
        json_pack("{s:s, s:I, s:i}", "transaction_id", "t1", "cursor", cursor, "limit", 10), NULL,
        at, NULL);
    if (message_id)
        json_object_set_new(json_object_get(env, "header"), "message_id", json_string(message_id));
    char *body = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    exchange__sign(x, body, strlen(body), at, sig);
    return body;
}

/* The hub's answer to body+sig: HTTP status, and the error code of a NACK into code. */
static int receive(struct fixture *f, const char *body, const char *sig, char *code, char **answer)
{
    struct exchange_answer a;
    assert_int_equal(app_exchange_receive(&f->hub.app, body, strlen(body), sig, &a), 0);
    json_t *root = json_loads(a.body, 0, NULL);
    assert_non_null(root);
    const char *c = json_string_value(
        json_object_get(json_object_get(json_object_get(root, "message"), "error"), "code"));
    snprintf(code, 64, "%s", c ? c : "");
    /* every answer is signed by the hub, and verifies against its key */
    struct xmsg_sig parsed;
    char digest[EXCHANGE__DIGEST_B64];
    struct store_conn *c2 = store_acquire(f->local.app.store);
    assert_int_equal(exchange__verify(c2, app__exchange(&f->local.app), a.body, strlen(a.body),
                                      a.signature, clock_now(), &parsed, digest),
                     0);
    store_release(f->local.app.store, c2);
    assert_string_equal(parsed.key_id, "national");
    json_decref(root);
    if (answer)
        *answer = a.body;
    else
        free(a.body);
    return a.status;
}

static void keygen_writes_a_private_file_and_refuses_to_overwrite(void **state)
{
    struct fixture *f = *state;
    struct stat st;
    assert_int_equal(stat(f->hub_key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char pub[64], path[160];
    snprintf(path, sizeof path, "%s.pub", f->hub_key);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char line[80];
    assert_non_null(fgets(line, sizeof line, in));
    fclose(in);
    line[strcspn(line, "\n")] = '\0';
    assert_string_equal(line, f->hub_pub);
    assert_int_equal(strlen(f->hub_pub), 44); /* base64 of 32 bytes */
    assert_int_equal(app_exchange_keygen(f->hub_key, pub), -ERR_X_KEY_FILE);
}

static void configuration_needs_a_key_and_an_id(void **state)
{
    struct fixture *f = *state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct err_ctx ec = {0};
    struct exchange_config c = {.role = APP_ROLE_NATIONAL};
    assert_int_equal(app_exchange_configure(&t.app, &c, &ec), -ERR_USAGE);
    assert_string_equal(ec.field, "key");
    app__fini(&t.app);
    assert_int_equal(app__init(&t.app, t.db, 2, true), 0);
    struct exchange_config bad = {.role = APP_ROLE_NATIONAL, .key_file = f->hub.db};
    assert_int_equal(app_exchange_configure(&t.app, &bad, &ec), -ERR_X_KEY_FILE);
    app__fini(&t.app);
    assert_int_equal(app__init(&t.app, t.db, 2, true), 0);
    struct exchange_config noid = {
        .role = APP_ROLE_LOCAL, .key_file = f->l1_key, .national_url = "http://127.0.0.1:9"};
    assert_int_equal(app_exchange_configure(&t.app, &noid, &ec), -ERR_USAGE);
    assert_string_equal(ec.field, "system-id");
    testapp_close(&t);
    clock_set(TESTAPP_NOW); /* closing t cleared the fixture's clock */
}

static void register_refuses_bad_keys_and_prefixes_and_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct err_ctx ec = {0};
    assert_int_equal(
        app_exchange_register(&f->hub.app, &f->hub.sys, "L9", "bm90IGEga2V5", "31", &ec),
        -ERR_X_PUBLIC_KEY);
    assert_int_equal(app_exchange_register(&f->hub.app, &f->hub.sys, "L9", f->l1_pub, "31,3x", &ec),
                     -ERR_FIELD_INVALID);
    assert_string_equal(ec.field, "regions");
    assert_int_equal(app_exchange_register(&f->hub.app, &f->hub.sys, "L 9", f->l1_pub, "31", &ec),
                     -ERR_FIELD_INVALID);
    json_t *sys;
    assert_int_equal(app_exchange_systems(&f->hub.app, &sys), 0);
    json_t *items = json_object_get(sys, "items");
    assert_int_equal(json_array_size(items), 1); /* L1 only: "31" was rolled back with L9 */
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(json_array_get(items, 0), "regions"), 0)),
        "1101");
    json_decref(sys);
}

static void a_message_is_applied_once_and_its_answer_repeated(void **state)
{
    struct fixture *f = *state;
    char sig[XMSG_HEADER_MAX], sig2[XMSG_HEADER_MAX], code[64];
    char *first, *again;
    char *body = signed_download(f, "m-0001", 0, clock_now(), sig);
    assert_int_equal(receive(f, body, sig, code, &first), 200);
    assert_string_equal(code, "");
    assert_non_null(strstr(first, "\"ack_status\":\"ACK\""));
    assert_non_null(strstr(first, "\"correlation_id\":\"m-0001\""));
    assert_int_equal(receive(f, body, sig, code, &again), 200);
    assert_string_equal(code, "");
    /* a download is read again (nothing to change); its answer names the same request */
    assert_non_null(strstr(again, "\"correlation_id\":\"m-0001\""));
    free(first);
    free(again);
    /* the same id with another body */
    char *other = signed_download(f, "m-0001", 5, clock_now(), sig2);
    assert_int_equal(receive(f, other, sig2, code, NULL), 409);
    assert_string_equal(code, "message_replayed");
    free(other);
    free(body);
}

static void tampered_expired_and_unknown_messages_are_refused(void **state)
{
    struct fixture *f = *state;
    char sig[XMSG_HEADER_MAX], code[64];
    char *body = signed_download(f, NULL, 0, clock_now(), sig);
    char *p = strstr(body, "\"cursor\":0");
    assert_non_null(p);
    p[9] = '1'; /* cursor 1 after signing */
    assert_int_equal(receive(f, body, sig, code, NULL), 401);
    assert_string_equal(code, "signature_invalid");
    free(body);

    /* signed an hour ago (beyond ttl + skew), and an hour ahead */
    body = signed_download(f, NULL, 0, clock_now() - 3600, sig);
    assert_int_equal(receive(f, body, sig, code, NULL), 401);
    assert_string_equal(code, "message_expired");
    free(body);
    body = signed_download(f, NULL, 0, clock_now() + 3600, sig);
    assert_int_equal(receive(f, body, sig, code, NULL), 401);
    assert_string_equal(code, "message_expired");
    free(body);
    /* within the skew: accepted */
    body = signed_download(f, NULL, 0, clock_now() - 500, sig);
    assert_int_equal(receive(f, body, sig, code, NULL), 200);
    free(body);

    /* no signature, a key the hub does not know */
    body = signed_download(f, NULL, 0, clock_now(), sig);
    assert_int_equal(receive(f, body, NULL, code, NULL), 401);
    assert_string_equal(code, "signature_invalid");
    char *k = strstr(sig, "keyId=\"L1\"");
    assert_non_null(k);
    k[8] = '2'; /* keyId="L2" */
    assert_int_equal(receive(f, body, sig, code, NULL), 401);
    assert_string_equal(code, "unknown_sender");
    free(body);

    /* a local system is not a hub */
    struct exchange_answer a;
    assert_int_equal(app_exchange_receive(&f->local.app, "{}", 2, "", &a), -ERR_X_WRONG_ROLE);
}

/* A signed upload of one local-channel result with `seq` and `status`. */
/* An upload of application 11010120260301000009's result; with exit_reason (and its day, and a
 * registration number) the registration's exit. */
static char *signed_upload_exit(struct fixture *f, json_int_t seq, const char *status,
                                const char *exit_reason, const char *exit_date, char *sig)
{
    struct app_exchange *x = app__exchange(&f->local.app);
    json_t *item =
        json_pack("{s:I, s:s, s:n, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", seq, "application_no",
                  "11010120260301000009", "national_no", "register_region", "110101", "channel",
                  "counter", "status", status, "decided_at", "2026-03-02T08:00:00+08:00",
                  "deadline", "2026-03-10", "query_code_hash", "h");
    if (exit_reason) {
        json_object_set_new(item, "exit_reason", json_string(exit_reason));
        json_object_set_new(item, "registration_no", json_string("110101202600000001"));
    }
    if (exit_date)
        json_object_set_new(item, "exit_date", json_string(exit_date));
    json_t *env =
        exchange__envelope(x, "upload", "national", 1,
                           json_pack("{s:s, s:[o]}", "transaction_id", "t2", "results", item), NULL,
                           clock_now(), NULL);
    char *body = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    exchange__sign(x, body, strlen(body), clock_now(), sig);
    return body;
}

static char *signed_upload(struct fixture *f, json_int_t seq, const char *status, char *sig)
{
    return signed_upload_exit(f, seq, status, NULL, NULL, sig);
}

/* The upload's answer for its one item: "succeeded", or the rejection's reason code. */
static void upload_answer(struct fixture *f, char *body, const char *sig, const char *want)
{
    char code[64], *answer = NULL;
    assert_int_equal(receive(f, body, sig, code, &answer), 200);
    assert_non_null(strstr(answer, want));
    free(answer);
    free(body);
}

static void an_exit_upload_is_kept_and_its_revert_clears_it(void **state)
{
    struct fixture *f = *state;
    char sig[XMSG_HEADER_MAX];
    upload_answer(f, signed_upload(f, 1, "approved", sig), sig, "\"status\":\"succeeded\"");
    /* an exit without its day, with an unknown reason, or on a rejected application: refused */
    upload_answer(f, signed_upload_exit(f, 2, "approved", "11", NULL, sig), sig, "rejected");
    upload_answer(f, signed_upload_exit(f, 3, "approved", "77", "2026-03-20", sig), sig,
                  "rejected");
    upload_answer(f, signed_upload_exit(f, 4, "rejected", "11", "2026-03-20", sig), sig,
                  "rejected");
    upload_answer(f, signed_upload_exit(f, 5, "approved", "11", "2026-03-20", sig), sig,
                  "\"status\":\"succeeded\"");
    struct arena ar;
    struct x_case k;
    arena_init(&ar);
    struct store_conn *c = store_acquire(f->hub.app.store);
    assert_int_equal(store_x_case_get(c, "11010120260301000009", true, &ar, &k), 0);
    assert_string_equal(k.exit_reason, "11");
    assert_string_equal(k.exit_date, "2026-03-20");
    assert_string_equal(k.status, "approved");
    store_release(f->hub.app.store, c);
    /* the revert: the same result without an exit */
    upload_answer(f, signed_upload(f, 6, "approved", sig), sig, "\"status\":\"succeeded\"");
    c = store_acquire(f->hub.app.store);
    assert_int_equal(store_x_case_get(c, "11010120260301000009", true, &ar, &k), 0);
    assert_null(k.exit_reason);
    assert_null(k.exit_date);
    store_release(f->hub.app.store, c);
    arena_free(&ar);
}

static void an_upload_is_stored_once_and_an_older_result_changes_nothing(void **state)
{
    struct fixture *f = *state;
    char sig[XMSG_HEADER_MAX], code[64];
    char *first, *again;
    char *body = signed_upload(f, 7, "approved", sig);
    assert_int_equal(receive(f, body, sig, code, &first), 200);
    assert_int_equal(receive(f, body, sig, code, &again), 200);
    assert_string_equal(first, again); /* the stored answer, byte for byte */
    assert_non_null(strstr(first, "\"status\":\"succeeded\""));
    free(first);
    free(again);
    free(body);
    body = signed_upload(f, 6, "rejected", sig); /* an older result arriving late */
    assert_int_equal(receive(f, body, sig, code, NULL), 200);
    free(body);
    struct arena ar;
    struct x_case k;
    arena_init(&ar);
    struct store_conn *c = store_acquire(f->hub.app.store);
    assert_int_equal(store_x_case_get(c, "11010120260301000009", true, &ar, &k), 0);
    store_release(f->hub.app.store, c);
    assert_string_equal(k.status, "approved");
    assert_int_equal(k.result_seq, 7);
    assert_string_equal(k.system_id, "L1");
    arena_free(&ar);
}

static int outbox_row(const struct x_outbox_row *r, void *arg)
{
    json_t **out = arg;
    *out = json_loads(r->body, 0, NULL);
    assert_string_equal(r->kind, "decision");
    assert_string_equal(r->application_no, "11010120260302000001");
    return 1;
}

static void a_decision_is_queued_for_upload_in_the_callers_transaction(void **state)
{
    struct fixture *f = *state;
    struct application app = {.application_no = "11010120260302000001",
                              .national_no = "N202603020000001",
                              .register_region = "110101",
                              .channel = "national",
                              .deadline = "2026-03-11",
                              .query_code_hash = "abc"};
    struct store_conn *c = store_acquire(f->local.app.store);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(app__exchange_enqueue_decision(c, &app, "rejected", "已就业", "", clock_now()),
                     0);
    store_tx_rollback(c); /* a decision that fails queues nothing */
    struct x_outbox_stats st;
    assert_int_equal(store_x_outbox_stats(c, &st), 0);
    assert_int_equal(st.pending, 0);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(app__exchange_enqueue_decision(c, &app, "rejected", "已就业", "", clock_now()),
                     0);
    assert_int_equal(store_tx_end(c, 0), 0);
    json_t *body = NULL;
    assert_int_equal(store_x_outbox_pending(c, 10, outbox_row, &body), 1);
    store_release(f->local.app.store, c);
    assert_non_null(body);
    assert_string_equal(json_string_value(json_object_get(body, "status")), "rejected");
    assert_string_equal(json_string_value(json_object_get(body, "decision_reason")), "已就业");
    assert_true(json_is_null(json_object_get(body, "registration_no")));
    assert_string_equal(json_string_value(json_object_get(body, "national_no")),
                        "N202603020000001");
    assert_string_equal(json_string_value(json_object_get(body, "decided_at")),
                        "2026-03-02T08:00:00+08:00");
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keygen_writes_a_private_file_and_refuses_to_overwrite),
        cmocka_unit_test(configuration_needs_a_key_and_an_id),
        cmocka_unit_test(register_refuses_bad_keys_and_prefixes_and_changes_nothing),
        cmocka_unit_test(a_message_is_applied_once_and_its_answer_repeated),
        cmocka_unit_test(an_exit_upload_is_kept_and_its_revert_clears_it),
        cmocka_unit_test(tampered_expired_and_unknown_messages_are_refused),
        cmocka_unit_test(an_upload_is_stored_once_and_an_older_result_changes_nothing),
        cmocka_unit_test(a_decision_is_queued_for_upload_in_the_callers_transaction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
