/*
 * test_sheet.c — base/sheet: the CSV that Excel opens as UTF-8 (a BOM), quoting by RFC 4180,
 * the title and header rows; an XLSX that is a ZIP archive. (The XLSX cells are read back by
 * the API test test/api/lists.test.mjs.)
 */
#include "testutil.h"

#include "base/buf.h"
#include "base/sheet.h"

#include <string.h>

static const char *const headers[] = {"序号", "名称", "备注"};
static const char *const cells[] = {
    "1", "甲,乙", "说\"明\"", "2", "多\n行", NULL,
};
static const bool numeric[] = {true, false, false};

static const struct sheet demo = {
    .title = "清单",
    .name = "清单",
    .n_cols = 3,
    .headers = headers,
    .numeric = numeric,
    .cells = cells,
    .n_rows = 2,
};

static void csv_has_a_bom_the_title_the_header_and_quoted_fields(void **state)
{
    (void)state;
    struct buf b = {0};
    sheet_csv(&demo, &b);
    const char *want = "\xEF\xBB\xBF"
                       "清单,,\r\n"
                       "序号,名称,备注\r\n"
                       "1,\"甲,乙\",\"说\"\"明\"\"\"\r\n"
                       "2,\"多\n行\",\r\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    buf_free(&b);
}

static void xlsx_is_a_zip_archive_appended_to_the_buffer(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "x");
    assert_int_equal(sheet_xlsx(&demo, &b), 0);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "xPK\x03\x04", 5);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_has_a_bom_the_title_the_header_and_quoted_fields),
        cmocka_unit_test(xlsx_is_a_zip_archive_appended_to_the_buffer),
    };
    return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
