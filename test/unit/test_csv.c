/*
 * test_csv.c — the streaming CSV reader: RFC 4180 syntax, line numbers, UTF-8/GB18030 decoding
 * across read boundaries, limits and errors.
 *
 * Most tests render every record as "LINE:[f1][f2]..|" and compare strings, and run the same
 * input at several read sizes (csv_open_mem_chunked), since every boundary (inside a quoted
 * field, between CR and LF, inside a multibyte character) must give the same records.
 */
#include "testutil.h"

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read all records of data[0, n) into out as "LINE:[f1][f2]|" and return the final status
   (0 at a clean end, or the error). With err_line, also report csv_line() at the end. */
static int render(const char *data, size_t n, enum csv_encoding enc, size_t chunk, struct buf *out,
                  long *err_line)
{
    struct csv_reader *r =
        chunk ? csv_open_mem_chunked(data, n, enc, chunk) : csv_open_mem(data, n, enc);
    struct csv_record rec;
    int rc;
    buf_reset(out);
    while ((rc = csv_next(r, &rec)) == 1) {
        assert_true(rec.n_fields >= 1);
        buf_printf(out, "%ld:", rec.line);
        for (size_t i = 0; i < rec.n_fields; i++) {
            assert_int_equal(strlen(rec.fields[i]), rec.lens[i]); /* terminated, no NUL inside */
            buf_putc(out, '[');
            buf_append(out, rec.fields[i], rec.lens[i]);
            buf_putc(out, ']');
        }
        buf_putc(out, '|');
        assert_int_equal(csv_line(r), rec.line);
    }
    if (err_line)
        *err_line = csv_line(r);
    /* Errors and the end are final. */
    assert_int_equal(csv_next(r, &rec), rc);
    csv_close(r);
    return rc;
}

/* Expect `want` (records) and status `want_rc` for every read size from 1 to 9 and the default. */
static void expect_all_chunks(const char *data, size_t n, enum csv_encoding enc, const char *want,
                              int want_rc, long want_line)
{
    struct buf out = {0};
    static const size_t chunks[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 64};
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
        long line = -1;
        int rc = render(data, n, enc, chunks[i], &out, &line);
        if (strcmp(buf_cstr(&out), want) != 0 || rc != want_rc)
            fail_msg("chunk %zu: got \"%s\" rc %d, want \"%s\" rc %d", chunks[i], buf_cstr(&out),
                     rc, want, want_rc);
        if (want_rc < 0)
            assert_int_equal(line, want_line);
    }
    buf_free(&out);
}

#define EXPECT(lit, enc, want) expect_all_chunks(lit, sizeof(lit) - 1, enc, want, 0, 0)
#define EXPECT_ERR(lit, enc, want, rc, line)                                                       \
    expect_all_chunks(lit, sizeof(lit) - 1, enc, want, rc, line)

/* --- RFC 4180 syntax ------------------------------------------------------------------------ */

static void plain_records_split_on_commas_and_line_ends(void **state)
{
    (void)state;
    EXPECT("id_number,event_date\n110101199003071234,2024-03-15\n", CSV_AUTO,
           "1:[id_number][event_date]|2:[110101199003071234][2024-03-15]|");
}

static void quoted_fields_hold_commas_escaped_quotes_and_line_breaks(void **state)
{
    (void)state;
    /* RFC 4180 §2.6: fields with line breaks, quotes and commas are enclosed in quotes;
       §2.7: a quote inside is escaped by another quote. */
    EXPECT("\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\"\nnext\n", CSV_AUTO,
           "1:[a,b][say \"hi\"][l1\nl2]|3:[next]|");
    EXPECT("\"\"\"\",\"\",x\n", CSV_AUTO, "1:[\"][][x]|");
    /* A CRLF inside quotes is data, kept verbatim. */
    EXPECT("\"a\r\nb\"\r\nc\r\n", CSV_AUTO, "1:[a\r\nb]|3:[c]|");
}

static void crlf_lf_and_lone_cr_all_end_a_line(void **state)
{
    (void)state;
    EXPECT("a\r\nb\nc\rd\r\n", CSV_AUTO, "1:[a]|2:[b]|3:[c]|4:[d]|");
    EXPECT("a,\"q\"\r\nb,\"q\"\rc,\"q\"\n", CSV_AUTO, "1:[a][q]|2:[b][q]|3:[c][q]|");
}

static void the_last_line_may_lack_its_line_end(void **state)
{
    (void)state;
    EXPECT("a,b\nc,d", CSV_AUTO, "1:[a][b]|2:[c][d]|");
    EXPECT("a,b\n\"c\"", CSV_AUTO, "1:[a][b]|2:[c]|");
    EXPECT("x", CSV_AUTO, "1:[x]|");
    EXPECT("", CSV_AUTO, "");
}

static void empty_fields_and_a_trailing_comma_make_empty_fields(void **state)
{
    (void)state;
    EXPECT(",a,,\n", CSV_AUTO, "1:[][a][][]|");
    EXPECT("a,\nb", CSV_AUTO, "1:[a][]|2:[b]|");
    EXPECT("a,", CSV_AUTO, "1:[a][]|");
    EXPECT(",", CSV_AUTO, "1:[][]|");
    EXPECT("\"\",\"\"", CSV_AUTO, "1:[][]|");
}

static void empty_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    EXPECT("\n\na\n\n\r\n\r\rb\n\n", CSV_AUTO, "3:[a]|8:[b]|");
    EXPECT("\n\n\n", CSV_AUTO, "");
    /* A line holding only "" is a record of one empty field, not an empty line; spaces are data. */
    EXPECT("a\n\"\"\n \nb", CSV_AUTO, "1:[a]|2:[]|3:[ ]|4:[b]|");
}

static void records_after_multiline_fields_know_their_physical_line(void **state)
{
    (void)state;
    /* For reject files: "line N" must be the line an editor shows. */
    EXPECT("h1,h2\r\n\"x\r\ny\r\nz\",1\r\nnext,2\r\n\"a\nb\rc\",3\nlast,4\n", CSV_AUTO,
           "1:[h1][h2]|2:[x\r\ny\r\nz][1]|5:[next][2]|6:[a\nb\rc][3]|9:[last][4]|");
    EXPECT("\"\n\n\n\"\nx", CSV_AUTO, "1:[\n\n\n]|5:[x]|");
    /* A quoted CR at the end of a field followed by the line end: two lines, not one. */
    EXPECT("\"a\r\"\nb", CSV_AUTO, "1:[a\r]|3:[b]|");
}

static void fields_are_not_trimmed_and_inner_quotes_stay(void **state)
{
    (void)state;
    EXPECT(" a , b \n", CSV_AUTO, "1:[ a ][ b ]|");
    /* A quote inside an unquoted field is not RFC 4180, but common: it is kept as data. */
    EXPECT("5\"3,x\"\"y\n", CSV_AUTO, "1:[5\"3][x\"\"y]|");
}

static void unbalanced_quote_fails_with_the_line_the_record_started(void **state)
{
    (void)state;
    EXPECT_ERR("a\nb\n\"open,\nmore\nlines", CSV_AUTO, "1:[a]|2:[b]|", -ERR_CSV_QUOTE, 3);
    EXPECT_ERR("x,\"", CSV_AUTO, "", -ERR_CSV_QUOTE, 1);
    EXPECT_ERR("a\n\n\"\"\"", CSV_AUTO, "1:[a]|", -ERR_CSV_QUOTE, 3);
}

static void text_after_a_closing_quote_is_a_quote_error(void **state)
{
    (void)state;
    EXPECT_ERR("ok\n\"ab\"c,d\n", CSV_AUTO, "1:[ok]|", -ERR_CSV_QUOTE, 2);
    EXPECT_ERR("\"ab\" ,d\n", CSV_AUTO, "", -ERR_CSV_QUOTE, 1);
    /* One step back from the error: the same closing quote followed by a comma is fine. */
    EXPECT("\"ab\",d\n", CSV_AUTO, "1:[ab][d]|");
}

static void comment_lines_are_records_unless_asked(void **state)
{
    (void)state;
    /* The caller decides what '#' means by default. */
    EXPECT("# source: State Council notice\n#x,\"y\"\nh1,h2\n", CSV_AUTO,
           "1:[# source: State Council notice]|2:[#x][y]|3:[h1][h2]|");
}

static void comment_lines_are_skipped_when_asked(void **state)
{
    (void)state;
    static const char data[] = "# source: State Council notice\r\n#x,\"y\nh1,h2\n \"#\",2\n#end";
    for (size_t chunk = 1; chunk < 8; chunk++) {
        struct csv_reader *r = csv_open_mem_chunked(data, sizeof data - 1, CSV_AUTO, chunk);
        csv_skip_comments(r, true);
        struct csv_record rec;
        assert_int_equal(csv_next(r, &rec), 1);
        assert_int_equal(rec.line, 3);
        assert_string_equal(rec.fields[0], "h1");
        assert_int_equal(csv_next(r, &rec), 1);
        assert_int_equal(rec.line, 4);
        assert_string_equal(rec.fields[0], " \"#\""); /* '#' not first: an ordinary record */
        assert_int_equal(csv_next(r, &rec), 0);
        csv_close(r);
    }
}

static void strict_quotes_make_a_stray_quote_an_error(void **state)
{
    (void)state;
    static const char data[] = "a,\"b,\"\"c\"\"\"\nd,e\"f\ng\n";
    for (size_t chunk = 1; chunk < 8; chunk++) {
        struct csv_reader *r = csv_open_mem_chunked(data, sizeof data - 1, CSV_AUTO, chunk);
        csv_strict_quotes(r, true);
        struct csv_record rec;
        assert_int_equal(csv_next(r, &rec), 1); /* quoted quotes are fine */
        assert_string_equal(rec.fields[1], "b,\"c\"");
        assert_int_equal(csv_next(r, &rec), -ERR_CSV_QUOTE); /* e"f */
        assert_int_equal(csv_line(r), 2);
        assert_int_equal(csv_next(r, &rec), -ERR_CSV_QUOTE); /* final */
        csv_close(r);
    }
    /* The same stray quote without strict mode is data. */
    EXPECT("d,e\"f\n", CSV_AUTO, "1:[d][e\"f]|");
}

static void data_files_are_utf8_with_comments_and_strict_quotes(void **state)
{
    (void)state;
    /* What the data/ CSV files and an operator's calendar are read with: BOM dropped, '#' skipped.
     */
    static const char data[] = "\xEF\xBB\xBF# source\ncode,name\n110000,北京市\n1,a\"b\n";
    static const char *const header[] = {"code", "name"};
    struct csv_reader *r = csv_open_data(data, sizeof data - 1);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(rec.line, 2);
    assert_true(csv_is_header(&rec, header, 2));
    assert_false(csv_is_header(&rec, header, 1)); /* exactly these columns, no more */
    assert_int_equal(csv_next(r, &rec), 1);
    assert_false(csv_is_header(&rec, header, 2));
    assert_string_equal(rec.fields[1], "北京市");
    assert_int_equal(csv_next(r, &rec), -ERR_CSV_QUOTE);
    assert_int_equal(csv_line(r), 4);
    csv_close(r);
    /* GB18030 bytes are not guessed at: a data file is UTF-8. */
    r = csv_open_data("\xB1\xB1\xBE\xA9\n", 5);
    assert_int_equal(csv_next(r, &rec), -ERR_CSV_ENCODING);
    csv_close(r);
}

/* --- encodings ------------------------------------------------------------------------------ */

static void utf8_bom_is_stripped(void **state)
{
    (void)state;
    EXPECT("\xEF\xBB\xBFid_number,event_date\n1,2\n", CSV_AUTO,
           "1:[id_number][event_date]|2:[1][2]|");
    EXPECT("\xEF\xBB\xBF", CSV_AUTO, "");
    EXPECT("\xEF\xBB\xBF\xE5\xBC\xA0", CSV_UTF8, "1:[\xE5\xBC\xA0]|");
    /* Only at the start: a BOM character later is data. */
    EXPECT("a\n\xEF\xBB\xBF"
           "b\n",
           CSV_AUTO,
           "1:[a]|2:[\xEF\xBB\xBF"
           "b]|");
    struct csv_reader *r = csv_open_mem("\xEF\xBB\xBFx", 4, CSV_AUTO);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(csv_detected(r), CSV_UTF8);
    csv_close(r);
}

static void utf8_chinese_passes_through(void **state)
{
    (void)state;
    /* "张三,失业登记" in UTF-8 */
    EXPECT("\xE5\xBC\xA0\xE4\xB8\x89,\xE5\xA4\xB1\xE4\xB8\x9A\xE7\x99\xBB\xE8\xAE\xB0\n", CSV_AUTO,
           "1:[\xE5\xBC\xA0\xE4\xB8\x89][\xE5\xA4\xB1\xE4\xB8\x9A\xE7\x99\xBB\xE8\xAE\xB0]|");
    struct csv_reader *r = csv_open_mem("\xE5\xBC\xA0", 3, CSV_AUTO);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(csv_detected(r), CSV_UTF8);
    csv_close(r);
}

static void gb18030_is_detected_and_converted_to_utf8(void **state)
{
    (void)state;
    /* "姓名,张三" as Excel (zh-CN) saves it: 张三 = D5 C5 C8 FD in GB18030 (GBK). */
    static const char gb[] = "id,\xD0\xD5\xC3\xFB\r\n1,\xD5\xC5\xC8\xFD\r\n";
    EXPECT(gb, CSV_AUTO, "1:[id][\xE5\xA7\x93\xE5\x90\x8D]|2:[1][\xE5\xBC\xA0\xE4\xB8\x89]|");
    EXPECT(gb, CSV_GB18030, "1:[id][\xE5\xA7\x93\xE5\x90\x8D]|2:[1][\xE5\xBC\xA0\xE4\xB8\x89]|");
    struct csv_reader *r = csv_open_mem(gb, sizeof gb - 1, CSV_AUTO);
    struct csv_record rec;
    assert_int_equal(csv_detected(r), CSV_UTF8); /* nothing read yet */
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(csv_detected(r), CSV_GB18030);
    csv_close(r);
}

static void gb18030_four_byte_sequences_are_converted(void **state)
{
    (void)state;
    /* GB 18030-2005 four-byte codes: 81 30 8B 37 = U+00FF (BMP), 95 32 82 36 = U+20000 (the first
       CJK Extension B character, a supplementary plane), 94 32 BE 34 = U+1D11E. */
    EXPECT("\x81\x30\x8B\x37,\x95\x32\x82\x36\xD5\xC5,\x94\x32\xBE\x34\n", CSV_GB18030,
           "1:[\xC3\xBF][\xF0\xA0\x80\x80\xE5\xBC\xA0][\xF0\x9D\x84\x9E]|");
    EXPECT("\x81\x30\x8B\x37,\x95\x32\x82\x36\xD5\xC5,\x94\x32\xBE\x34\n", CSV_AUTO,
           "1:[\xC3\xBF][\xF0\xA0\x80\x80\xE5\xBC\xA0][\xF0\x9D\x84\x9E]|");
}

static void gb18030_characters_split_across_reads_are_reassembled(void **state)
{
    (void)state;
    /* EXPECT runs read sizes 1..9: every 2- and 4-byte character is cut at every offset. */
    EXPECT("\xD5\xC5\xC8\xFD,\x95\x32\x82\x36\r\n\"\xC0\xEE\r\n\xCB\xC4\",\x81\x30\x8B\x37\r\n",
           CSV_GB18030,
           "1:[\xE5\xBC\xA0\xE4\xB8\x89][\xF0\xA0\x80\x80]|2:[\xE6\x9D\x8E\r\n\xE5\x9B\x9B]["
           "\xC3\xBF]|");
}

/* n rows "NNNNNN,ascii" (12 bytes each), a pure-ASCII block longer than the detection window. */
static void append_ascii_rows(struct buf *b, int n)
{
    for (int i = 0; i < n; i++)
        buf_printf(b, "%06d,ascii\n", i);
}

static void gb18030_after_a_long_ascii_start_is_still_detected(void **state)
{
    (void)state;
    /* The header and the first 70 KiB are ASCII, which reads the same in both encodings: the
       decision waits for the first non-ASCII byte. */
    struct buf in = {0}, want = {0}, out = {0};
    buf_puts(&in, "id_number,event_date\n");
    append_ascii_rows(&in, 6000);
    buf_puts(&in, "1,\xD5\xC5\xC8\xFD\n2,\xC0\xEE\xCB\xC4");
    size_t chunks[] = {0, 1, 7, 4096};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        struct csv_reader *r = csv_open_mem_chunked(in.data, in.len, CSV_AUTO, chunks[c]);
        struct csv_record rec;
        long n = 0;
        while (csv_next(r, &rec) == 1)
            if (++n == 6002)
                assert_string_equal(rec.fields[1], "\xE5\xBC\xA0\xE4\xB8\x89");
        assert_int_equal(n, 6003);
        assert_int_equal(rec.line, 6003);
        assert_string_equal(rec.fields[1], "\xE6\x9D\x8E\xE5\x9B\x9B");
        assert_int_equal(csv_detected(r), CSV_GB18030);
        assert_int_equal(csv_bytes_read(r), in.len);
        csv_close(r);
    }
    buf_free(&in);
    buf_free(&want);
    buf_free(&out);
}

static void gb18030_split_at_the_detection_window_edge(void **state)
{
    (void)state;
    /* A long GB18030 file: the 64 KiB window and the reads cut characters in many places. */
    struct buf in = {0};
    for (int i = 0; i < 20000; i++)
        buf_printf(&in, "%d,\xD5\xC5\xC8\xFD\x95\x32\x82\x36%s\n", i, i % 3 ? "" : "\xC0\xEE");
    size_t chunks[] = {0, 3, 1000, 65537};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        struct csv_reader *r = csv_open_mem_chunked(in.data, in.len, CSV_AUTO, chunks[c]);
        struct csv_record rec;
        long n = 0;
        while (csv_next(r, &rec) == 1) {
            assert_int_equal(atol(rec.fields[0]), n);
            assert_string_equal(rec.fields[1], n % 3 ? "\xE5\xBC\xA0\xE4\xB8\x89\xF0\xA0\x80\x80"
                                                     : "\xE5\xBC\xA0\xE4\xB8\x89\xF0\xA0\x80\x80"
                                                       "\xE6\x9D\x8E");
            n++;
        }
        assert_int_equal(n, 20000);
        assert_int_equal(csv_line(r), 20000);
        csv_close(r);
    }
    buf_free(&in);
}

static void invalid_utf8_after_the_detection_window_fails_with_its_line(void **state)
{
    (void)state;
    /* Line 2 holds UTF-8 Chinese, so the file is UTF-8; line 6003, past the 64 KiB window, holds
       GB18030 bytes (C8 FD: a lead byte without its continuation). Not silently mangled. */
    struct buf in = {0};
    buf_puts(&in, "id,name\n1,\xE5\xBC\xA0\xE4\xB8\x89\n");
    append_ascii_rows(&in, 6000);
    buf_puts(&in, "x,\xD5\xC5\xC8\xFD\nlater,row\n");
    assert_true(in.len > 65536 + 100);
    size_t chunks[] = {0, 1, 5, 65536};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        struct csv_reader *r = csv_open_mem_chunked(in.data, in.len, CSV_AUTO, chunks[c]);
        struct csv_record rec;
        long n = 0;
        int rc;
        while ((rc = csv_next(r, &rec)) == 1)
            n++;
        assert_int_equal(rc, -ERR_CSV_ENCODING);
        assert_int_equal(n, 6002); /* every record before the bad line */
        assert_int_equal(csv_line(r), 6003);
        assert_int_equal(csv_detected(r), CSV_UTF8);
        assert_int_equal(csv_next(r, &rec), -ERR_CSV_ENCODING);
        csv_close(r);
    }
    buf_free(&in);
}

static void invalid_bytes_fail_with_the_line_of_the_bad_byte(void **state)
{
    (void)state;
    /* Line 3, inside a multi-line quoted field starting on line 2, is bad. */
    EXPECT_ERR("\xE5\xBC\xA0\n\"a\nb\xFF\nc\"\n", CSV_UTF8, "1:[\xE5\xBC\xA0]|", -ERR_CSV_ENCODING,
               3);
    /* Overlong forms, surrogates and code points above U+10FFFF are not UTF-8 (RFC 3629). */
    EXPECT_ERR("a\n\xC0\xAF\n", CSV_UTF8, "1:[a]|", -ERR_CSV_ENCODING, 2);
    EXPECT_ERR("a\n\xED\xA0\x80\n", CSV_UTF8, "1:[a]|", -ERR_CSV_ENCODING, 2);
    EXPECT_ERR("a\n\xF4\x90\x80\x80\n", CSV_UTF8, "1:[a]|", -ERR_CSV_ENCODING, 2);
    /* The largest valid ones pass. */
    EXPECT("\xF4\x8F\xBF\xBF,\xED\x9F\xBF\n", CSV_UTF8, "1:[\xF4\x8F\xBF\xBF][\xED\x9F\xBF]|");
    /* Invalid GB18030: 0xFF is no lead byte. */
    EXPECT_ERR("\xD5\xC5\r\n\xD5\xC5\xFF\r\n", CSV_GB18030, "1:[\xE5\xBC\xA0]|", -ERR_CSV_ENCODING,
               2);
}

static void a_character_cut_by_the_end_of_the_file_is_an_encoding_error(void **state)
{
    (void)state;
    /* (With CSV_AUTO a short file like this is not UTF-8, and E5 BC alone is GB18030.) */
    EXPECT_ERR("a\nb,\xE5\xBC", CSV_UTF8, "1:[a]|", -ERR_CSV_ENCODING, 2);
    EXPECT_ERR("a\nb,\xD5", CSV_GB18030, "1:[a]|", -ERR_CSV_ENCODING, 2);
    EXPECT_ERR("a\nb,\x95\x32\x82", CSV_GB18030, "1:[a]|", -ERR_CSV_ENCODING, 2);
}

static void nul_bytes_and_utf16_files_are_refused(void **state)
{
    (void)state;
    EXPECT_ERR("a,b\nc,d\0e\n", CSV_AUTO, "1:[a][b]|", -ERR_CSV_ENCODING, 2);
    EXPECT_ERR("a\n\"x\ny\0\"\n", CSV_AUTO, "1:[a]|", -ERR_CSV_ENCODING, 3);
    /* Excel's "Unicode text" is UTF-16LE with a BOM: neither UTF-8 nor GB18030. */
    EXPECT_ERR("\xFF\xFEi\0d\0\r\0\n\0", CSV_AUTO, "", -ERR_CSV_ENCODING, 1);
    /* Without a BOM the NULs give it away. */
    EXPECT_ERR("i\0d\0\r\0\n\0", CSV_AUTO, "", -ERR_CSV_ENCODING, 1);
}

static void a_forced_encoding_is_obeyed(void **state)
{
    (void)state;
    /* GB18030 bytes read as forced UTF-8 fail on their line... */
    EXPECT_ERR("ok\n\xD5\xC5\xC8\xFD\n", CSV_UTF8, "1:[ok]|", -ERR_CSV_ENCODING, 2);
    /* ...UTF-8 bytes forced as GB18030 are converted as GB18030 (E5 BC A0 E4 B8 89 is valid
       GB18030: 寮犱笁, the classic mojibake), so forcing is the caller's responsibility. */
    EXPECT("\xE5\xBC\xA0\xE4\xB8\x89", CSV_GB18030, "1:[\xE5\xAF\xAE\xE7\x8A\xB1\xE7\xAC\x81]|");
    /* The GB18030 BOM (84 31 95 33, U+FEFF) is dropped. */
    EXPECT("\x84\x31\x95\x33\xD5\xC5", CSV_GB18030, "1:[\xE5\xBC\xA0]|");
    EXPECT("\x84\x31\x95\x33\xD5\xC5", CSV_AUTO, "1:[\xE5\xBC\xA0]|");
}

/* --- limits, files, helpers ----------------------------------------------------------------- */

static void a_field_of_one_mib_is_read_and_one_byte_more_is_refused(void **state)
{
    (void)state;
    size_t n = CSV_MAX_FIELD;
    char *data = malloc(n + 16);
    for (int quoted = 0; quoted < 2; quoted++) {
        for (int extra = 0; extra < 2; extra++) {
            size_t len = 0;
            memcpy(data, "a\n", 2);
            len = 2;
            if (quoted)
                data[len++] = '"';
            memset(data + len, 'x', n + (size_t)extra);
            len += n + (size_t)extra;
            if (quoted)
                data[len++] = '"';
            memcpy(data + len, ",b\n", 3);
            len += 3;
            struct csv_reader *r = csv_open_mem(data, len, CSV_AUTO);
            struct csv_record rec;
            assert_int_equal(csv_next(r, &rec), 1);
            if (extra) {
                assert_int_equal(csv_next(r, &rec), -ERR_CSV_TOO_LONG);
                assert_int_equal(csv_line(r), 2);
            } else {
                assert_int_equal(csv_next(r, &rec), 1);
                assert_int_equal(rec.lens[0], n);
                assert_string_equal(rec.fields[1], "b");
                assert_int_equal(csv_next(r, &rec), 0);
            }
            csv_close(r);
        }
    }
    free(data);
}

static void a_record_of_16384_fields_is_read_and_one_more_is_refused(void **state)
{
    (void)state;
    for (int extra = 0; extra < 2; extra++) {
        size_t n = CSV_MAX_FIELDS + (size_t)extra;
        char *data = malloc(2 * n);
        for (size_t i = 0; i < n; i++) {
            data[2 * i] = 'f';
            data[2 * i + 1] = i + 1 < n ? ',' : '\n';
        }
        struct csv_reader *r = csv_open_mem_chunked(data, 2 * n, CSV_AUTO, 1000);
        struct csv_record rec;
        if (extra) {
            assert_int_equal(csv_next(r, &rec), -ERR_CSV_TOO_LONG);
        } else {
            assert_int_equal(csv_next(r, &rec), 1);
            assert_int_equal(rec.n_fields, CSV_MAX_FIELDS);
            assert_string_equal(rec.fields[CSV_MAX_FIELDS - 1], "f");
        }
        csv_close(r);
        free(data);
    }
}

static void a_record_over_four_mib_is_refused(void **state)
{
    (void)state;
    /* Five fields of 1 MiB - 1 each: every field within its limit, the record not. */
    size_t f = CSV_MAX_FIELD - 1, len = 5 * (f + 1);
    char *data = malloc(len);
    memset(data, 'y', len);
    for (int i = 1; i <= 5; i++)
        data[i * (f + 1) - 1] = i < 5 ? ',' : '\n';
    struct csv_reader *r = csv_open_mem(data, len, CSV_AUTO);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), -ERR_CSV_TOO_LONG);
    assert_int_equal(csv_line(r), 1);
    csv_close(r);
    /* Four of them are fine. */
    data[4 * (f + 1) - 1] = '\n';
    r = csv_open_mem(data, 4 * (f + 1), CSV_AUTO);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(rec.n_fields, 4);
    csv_close(r);
    free(data);
}

static void fields_stay_valid_until_the_next_call(void **state)
{
    (void)state;
    static const char data[] = "alpha,beta\ngamma,delta\n";
    struct csv_reader *r = csv_open_mem_chunked(data, sizeof data - 1, CSV_AUTO, 3);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_string_equal(rec.fields[0], "alpha");
    assert_string_equal(rec.fields[1], "beta");
    assert_int_equal(csv_next(r, &rec), 1);
    assert_string_equal(rec.fields[0], "gamma");
    assert_string_equal(rec.fields[1], "delta");
    assert_int_equal(csv_next(r, &rec), 0);
    assert_int_equal(csv_next(r, &rec), 0); /* the end is final */
    assert_int_equal(csv_line(r), 2);
    csv_close(r);
}

static void files_are_read_with_their_size_and_progress(void **state)
{
    (void)state;
    char path[] = "/tmp/ureg-test-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct buf in = {0};
    buf_puts(&in, "\xEF\xBB\xBFid_number,event_date\r\n");
    for (int i = 0; i < 30000; i++) /* about 1 MiB: several 256 KiB reads */
        buf_printf(&in, "1101011990%08d,2024-01-%02d\r\n", i, i % 28 + 1);
    assert_int_equal(write(fd, in.data, in.len), (ssize_t)in.len);
    close(fd);

    int err = 1;
    struct csv_reader *r = csv_open_file(path, CSV_AUTO, &err);
    assert_non_null(r);
    assert_int_equal(err, 0);
    assert_int_equal(csv_total_bytes(r), in.len);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    static const char *const header[] = {"id_number", "event_date"};
    assert_int_equal(csv_header_check(&rec, header, 2), 0);
    assert_true(csv_bytes_read(r) > 0 && csv_bytes_read(r) < in.len);
    long n = 0;
    while (csv_next(r, &rec) == 1) {
        assert_int_equal(rec.line, n + 2);
        n++;
    }
    assert_int_equal(n, 30000);
    assert_string_equal(rec.fields[1], "2024-01-12"); /* 29999 % 28 + 1 */
    assert_int_equal(csv_bytes_read(r), in.len);
    csv_close(r);
    unlink(path);
    buf_free(&in);

    err = 0;
    assert_null(csv_open_file("/nonexistent/ureg/x.csv", CSV_AUTO, &err));
    assert_int_equal(err, -ERR_IO);
    csv_close(NULL);
}

static void header_check_wants_the_first_columns_exactly(void **state)
{
    (void)state;
    static const char *const want[] = {"id_number", "event_date"};
    const char *f1[] = {"id_number", "event_date", "extra"};
    size_t l1[] = {9, 10, 5};
    struct csv_record rec = {3, f1, l1, 1};
    assert_int_equal(csv_header_check(&rec, want, 2), 0); /* more columns are allowed */
    rec.n_fields = 1;
    assert_int_equal(csv_header_check(&rec, want, 2), -ERR_CSV_HEADER);
    const char *f2[] = {"id_number ", "event_date"};
    size_t l2[] = {10, 10};
    struct csv_record rec2 = {2, f2, l2, 1};
    assert_int_equal(csv_header_check(&rec2, want, 2), -ERR_CSV_HEADER);
    const char *f3[] = {"event_date", "id_number"};
    size_t l3[] = {10, 9};
    struct csv_record rec3 = {2, f3, l3, 1};
    assert_int_equal(csv_header_check(&rec3, want, 2), -ERR_CSV_HEADER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_records_split_on_commas_and_line_ends),
        cmocka_unit_test(quoted_fields_hold_commas_escaped_quotes_and_line_breaks),
        cmocka_unit_test(crlf_lf_and_lone_cr_all_end_a_line),
        cmocka_unit_test(the_last_line_may_lack_its_line_end),
        cmocka_unit_test(empty_fields_and_a_trailing_comma_make_empty_fields),
        cmocka_unit_test(empty_lines_are_skipped_but_counted),
        cmocka_unit_test(records_after_multiline_fields_know_their_physical_line),
        cmocka_unit_test(fields_are_not_trimmed_and_inner_quotes_stay),
        cmocka_unit_test(unbalanced_quote_fails_with_the_line_the_record_started),
        cmocka_unit_test(text_after_a_closing_quote_is_a_quote_error),
        cmocka_unit_test(comment_lines_are_records_unless_asked),
        cmocka_unit_test(comment_lines_are_skipped_when_asked),
        cmocka_unit_test(strict_quotes_make_a_stray_quote_an_error),
        cmocka_unit_test(data_files_are_utf8_with_comments_and_strict_quotes),
        cmocka_unit_test(utf8_bom_is_stripped),
        cmocka_unit_test(utf8_chinese_passes_through),
        cmocka_unit_test(gb18030_is_detected_and_converted_to_utf8),
        cmocka_unit_test(gb18030_four_byte_sequences_are_converted),
        cmocka_unit_test(gb18030_characters_split_across_reads_are_reassembled),
        cmocka_unit_test(gb18030_after_a_long_ascii_start_is_still_detected),
        cmocka_unit_test(gb18030_split_at_the_detection_window_edge),
        cmocka_unit_test(invalid_utf8_after_the_detection_window_fails_with_its_line),
        cmocka_unit_test(invalid_bytes_fail_with_the_line_of_the_bad_byte),
        cmocka_unit_test(a_character_cut_by_the_end_of_the_file_is_an_encoding_error),
        cmocka_unit_test(nul_bytes_and_utf16_files_are_refused),
        cmocka_unit_test(a_forced_encoding_is_obeyed),
        cmocka_unit_test(a_field_of_one_mib_is_read_and_one_byte_more_is_refused),
        cmocka_unit_test(a_record_of_16384_fields_is_read_and_one_more_is_refused),
        cmocka_unit_test(a_record_over_four_mib_is_refused),
        cmocka_unit_test(fields_stay_valid_until_the_next_call),
        cmocka_unit_test(files_are_read_with_their_size_and_progress),
        cmocka_unit_test(header_check_wants_the_first_columns_exactly),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
