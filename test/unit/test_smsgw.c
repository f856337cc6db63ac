/*
 * test_smsgw.c — the SMS gateway's request and the reading of its answer (app/smsgw, the
 * exact form in docs/operations.md "The SMS gateway"): the body carries the notification's
 * stable id, the phone, the text and the configured sign and template; a 2xx with
 * "accepted": true alone is a delivery, and a failure's reason never repeats what the gateway
 * wrote beyond a short code (its message may echo the number).
 */
#include "testutil.h"

#include "app/smsgw.h"
#include "base/buf.h"

static void body_carries_id_phone_text_sign_and_template(void **state)
{
    (void)state;
    struct smsgw_config cfg = {.url = "http://x", .sign = "东城区人社局", .template_id = "SMS_1"};
    struct buf b = {0};
    assert_int_equal(smsgw_request_body(&cfg, 42, "13800138000", "您的失业登记已注销\"。", &b), 0);
    assert_string_equal(buf_cstr(&b),
                        "{\"id\":\"ureg-notification-42\",\"phone\":\"13800138000\","
                        "\"text\":\"您的失业登记已注销\\\"。\",\"sign\":\"东城区人社局\","
                        "\"template\":\"SMS_1\"}");
    buf_free(&b);
}

static void body_leaves_out_sign_and_template_when_unset(void **state)
{
    (void)state;
    struct smsgw_config cfg = {.url = "http://x", .sign = "", .template_id = NULL};
    struct buf b = {0};
    assert_int_equal(smsgw_request_body(&cfg, 7, "13900000000", "t", &b), 0);
    assert_string_equal(
        buf_cstr(&b), "{\"id\":\"ureg-notification-7\",\"phone\":\"13900000000\",\"text\":\"t\"}");
    buf_free(&b);
}

static void body_refuses_text_that_is_not_utf8(void **state)
{
    (void)state;
    struct smsgw_config cfg = {.url = "http://x"};
    struct buf b = {0};
    assert_int_equal(smsgw_request_body(&cfg, 1, "13900000000", "\xff\xfe", &b), -ERR_INTERNAL);
    buf_free(&b);
}

static int answer(long status, const char *body, char *err)
{
    return smsgw_read_answer(status, body, body ? strlen(body) : 0, err, 80);
}

static void only_a_2xx_with_accepted_true_is_delivered(void **state)
{
    (void)state;
    char err[80];
    assert_int_equal(answer(200, "{\"accepted\":true,\"message_id\":\"m1\"}", err), 0);
    assert_int_equal(answer(202, "{\"accepted\":true}", err), 0);
    assert_int_equal(answer(299, "{\"accepted\":true}", err), 0);
    /* the boundaries of 2xx, both sides */
    assert_int_equal(answer(199, "{\"accepted\":true}", err), -ERR_IO);
    assert_string_equal(err, "gateway http 199");
    assert_int_equal(answer(300, "{\"accepted\":true}", err), -ERR_IO);
    assert_string_equal(err, "gateway http 300");
    assert_int_equal(answer(500, "{\"accepted\":true}", err), -ERR_IO);
    assert_string_equal(err, "gateway http 500");
    /* a 2xx without the accepted answer */
    assert_int_equal(answer(200, "{\"accepted\":false}", err), -ERR_IO);
    assert_string_equal(err, "gateway refused");
    assert_int_equal(answer(200, "{\"accepted\":1}", err), -ERR_IO);
    assert_int_equal(answer(200, "{}", err), -ERR_IO);
    assert_int_equal(answer(200, "OK", err), -ERR_IO);
    assert_string_equal(err, "gateway answer unreadable");
    assert_int_equal(answer(200, "[true]", err), -ERR_IO);
    assert_string_equal(err, "gateway answer unreadable");
    assert_int_equal(answer(204, NULL, err), -ERR_IO);
    assert_string_equal(err, "gateway answer unreadable");
    assert_int_equal(answer(0, NULL, err), -ERR_IO);
    assert_string_equal(err, "gateway gave no answer");
}

static void a_refusal_names_a_short_code_never_the_message(void **state)
{
    (void)state;
    char err[80];
    assert_int_equal(answer(200,
                            "{\"accepted\":false,\"code\":\"isv.MOBILE_NUMBER_ILLEGAL\","
                            "\"message\":\"13800138000 无效\"}",
                            err),
                     -ERR_IO);
    assert_string_equal(err, "gateway refused: isv.MOBILE_NUMBER_ILLEGAL");
    assert_int_equal(answer(200, "{\"accepted\":false,\"code\":1001}", err), -ERR_IO);
    assert_string_equal(err, "gateway refused: 1001");
    /* a code that could carry the number, or anything else, is left out */
    assert_int_equal(answer(200, "{\"accepted\":false,\"code\":\"bad 13800138000\"}", err),
                     -ERR_IO);
    assert_string_equal(err, "gateway refused");
    assert_int_equal(
        answer(200, "{\"accepted\":false,\"code\":\"abcdefghijklmnopqrstuvwxyz0123456\"}", err),
        -ERR_IO); /* 33 characters */
    assert_string_equal(err, "gateway refused");
    assert_int_equal(
        answer(200, "{\"accepted\":false,\"code\":\"abcdefghijklmnopqrstuvwxyz012345\"}", err),
        -ERR_IO); /* 32 */
    assert_string_equal(err, "gateway refused: abcdefghijklmnopqrstuvwxyz012345");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_carries_id_phone_text_sign_and_template),
        cmocka_unit_test(body_leaves_out_sign_and_template_when_unset),
        cmocka_unit_test(body_refuses_text_that_is_not_utf8),
        cmocka_unit_test(only_a_2xx_with_accepted_true_is_delivered),
        cmocka_unit_test(a_refusal_names_a_short_code_never_the_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
