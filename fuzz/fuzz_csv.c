/*
 * fuzz_csv.c — libFuzzer harness for base/csv.
 *
 * Reads arbitrary bytes with csv_open_mem (CSV_AUTO) to the end or the first error, and checks
 * what the importer relies on: a result of 1, 0 or a CSV_* error; every field NUL-terminated at
 * its length, without NUL inside, valid UTF-8 and within CSV_MAX_FIELD; at least one and at most
 * CSV_MAX_FIELDS fields; record lines increasing and never beyond the lines the input has; the
 * end or the error repeating. Then it reads the same bytes again at a small read size (1..13
 * bytes, from the input length) and requires the very same records and outcome: read boundaries
 * inside characters, quotes and CRLF pairs must not matter. For one input in eight, both passes
 * are repeated with the input behind a 64 KiB line starting with a UTF-8 é, which puts the end of
 * the encoding detection window inside the fuzzed bytes. Any violation aborts.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Isrc -D_GNU_SOURCE fuzz/fuzz_csv.c \
 *       src/base/csv.c src/base/err.c src/base/xalloc.c -o build/fuzz_csv
 *   build/fuzz_csv -max_total_time=60 -max_len=4096
 */
#include "base/csv.h"
#include "base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own byte loops need no coverage feedback, and instrumenting them would make the
   64 KiB passes below crawl. */
#if defined(__clang__) && __clang_major__ >= 13
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else
#define FUZZ_NO_COVERAGE
#endif

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

/* Whether s[0, n) is well-formed UTF-8 (RFC 3629), written independently of csv.c. */
FUZZ_NO_COVERAGE static bool fuzz__utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t c = s[i];
        size_t len = c < 0x80           ? 1
                     : (c >> 5) == 0x6  ? 2
                     : (c >> 4) == 0xE  ? 3
                     : (c >> 3) == 0x1E ? 4
                                        : 0;
        if (len == 0 || i + len > n)
            return false;
        if (len > 1) {
            c &= 0x7Fu >> len;
            for (size_t k = 1; k < len; k++) {
                if ((s[i + k] & 0xC0) != 0x80)
                    return false;
                c = (c << 6) | (s[i + k] & 0x3F);
            }
            static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
            if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                return false;
        }
        i += len;
    }
    return true;
}

/* A digest of one pass: FNV-1a over every record's line and fields, the count and outcome. */
struct fuzz_pass {
    uint64_t hash;
    long records;
    int rc;
    long line;
    enum csv_encoding enc;
};

FUZZ_NO_COVERAGE static void fuzz__mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * UINT64_C(0x100000001b3);
}

/* Lines the input can have at most: every CR or LF ends one. */
FUZZ_NO_COVERAGE static long fuzz__max_line(const uint8_t *data, size_t size)
{
    long n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n' || data[i] == '\r';
    return n;
}

static struct fuzz_pass fuzz__read(const uint8_t *data, size_t size, size_t chunk)
{
    long max_line = fuzz__max_line(data, size);

    struct fuzz_pass p = {UINT64_C(0xcbf29ce484222325), 0, 0, 0, CSV_AUTO};
    struct csv_reader *r = chunk ? csv_open_mem_chunked((const char *)data, size, CSV_AUTO, chunk)
                                 : csv_open_mem((const char *)data, size, CSV_AUTO);
    struct csv_record rec;
    long prev = 0;
    int rc;
    while ((rc = csv_next(r, &rec)) == 1) {
        CHECK(rec.n_fields >= 1 && rec.n_fields <= CSV_MAX_FIELDS);
        CHECK(rec.line > prev && rec.line <= max_line);
        CHECK(csv_line(r) == rec.line);
        prev = rec.line;
        fuzz__mix(&p.hash, &rec.line, sizeof rec.line);
        fuzz__mix(&p.hash, &rec.n_fields, sizeof rec.n_fields);
        for (size_t i = 0; i < rec.n_fields; i++) {
            CHECK(rec.lens[i] <= CSV_MAX_FIELD);
            CHECK(rec.fields[i][rec.lens[i]] == '\0');
            CHECK(memchr(rec.fields[i], '\0', rec.lens[i]) == NULL);
            CHECK(fuzz__utf8_ok((const unsigned char *)rec.fields[i], rec.lens[i]));
            fuzz__mix(&p.hash, &rec.lens[i], sizeof rec.lens[i]);
            fuzz__mix(&p.hash, rec.fields[i], rec.lens[i]);
        }
        p.records++;
    }
    CHECK(rc == 0 || rc == -ERR_CSV_QUOTE || rc == -ERR_CSV_ENCODING || rc == -ERR_CSV_TOO_LONG);
    CHECK(csv_next(r, &rec) == rc); /* the end and errors are final */
    if (rc < 0)
        CHECK(csv_line(r) >= 1 && csv_line(r) <= max_line);
    CHECK(csv_bytes_read(r) <= size && csv_total_bytes(r) == size);
    if (rc == 0)
        CHECK(csv_bytes_read(r) == size);
    p.rc = rc;
    p.line = csv_line(r);
    p.enc = csv_detected(r);
    csv_close(r);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_pass whole = fuzz__read(data, size, 0);
    struct fuzz_pass bits = fuzz__read(data, size, 1 + size % 13);
    CHECK(whole.hash == bits.hash && whole.records == bits.records);
    CHECK(whole.rc == bits.rc && whole.line == bits.line && whole.enc == bits.enc);

    /* For one input in eight (it is slow): again behind a line (é and then ASCII) that
       ends 1..7 bytes before the 64 KiB detection window does, so the window's edge falls
       inside the fuzzed bytes. */
    if (size % 8 != 0)
        return 0;
    static uint8_t *buf;
    static size_t cap;
    size_t pre = 65536 - (1 + size % 7);
    if (cap < pre + size) {
        cap = pre + size;
        buf = realloc(buf, cap);
        CHECK(buf);
    }
    memcpy(buf, "\xC3\xA9", 2); /* é: decides UTF-8 over the window starting here */
    memset(buf + 2, 'x', pre - 3);
    buf[pre - 1] = '\n';
    if (size)
        memcpy(buf + pre, data, size);
    whole = fuzz__read(buf, pre + size, 0);
    bits = fuzz__read(buf, pre + size, 4093 + size % 11);
    CHECK(whole.hash == bits.hash && whole.records == bits.records);
    CHECK(whole.rc == bits.rc && whole.line == bits.line && whole.enc == bits.enc);
    CHECK(whole.records >= 1 || whole.rc < 0);
    return 0;
}
