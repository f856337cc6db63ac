/*
 * csv.h — a streaming CSV reader for reference datasets and calendar files.
 *
 * `ureg import` reads social-insurance and other datasets of tens of millions of rows exported by
 * Excel or other systems, so the reader streams with bounded memory: a 256 KiB read buffer, a
 * decode buffer, and one record at a time (at most 1 MiB a field, 4 MiB and 16384 fields a
 * record). It never holds the whole file.
 *
 * Syntax (RFC 4180, leniently): fields separated by commas, records by CRLF, LF or a lone CR,
 * the last record may lack its line end. A field may be enclosed in double quotes, and then may
 * hold commas, quotes written as "" and line breaks (kept verbatim). A quote inside an unquoted
 * field is kept as an ordinary character (an error after csv_strict_quotes()); text after a closing
 * quote other than a comma or line end is an error (-ERR_CSV_QUOTE), as is a quoted field still
 * open at the end of the input. Empty lines are skipped (they are not records of one empty field;
 * write "" for that). A trailing comma means an empty last field. Fields are not trimmed. Lines
 * starting with '#' are ordinary records unless csv_skip_comments() was called.
 *
 * Encoding: UTF-8 with or without BOM, or GB18030 (a superset of GBK and GB2312), as Excel in
 * China saves it; fields come out as UTF-8. With CSV_AUTO the reader decides at the first byte
 * that is not ASCII (ASCII reads the same in both): if the 64 KiB from there are valid UTF-8 the
 * file is UTF-8, otherwise GB18030 converted with iconv. A UTF-8 BOM means UTF-8 and is dropped;
 * a GB18030 BOM (84 31 95 33) is dropped too. Invalid bytes after the decision are an error
 * (-ERR_CSV_ENCODING, with the line of the bad byte), never silently replaced; so are NUL bytes,
 * which no text CSV holds (a UTF-16 file, for instance). The caller can force an encoding.
 *
 * Line numbers are physical lines, 1-based, counting the header and the lines inside quoted
 * fields, so a reject file can say "line 1234: id_checksum".
 *
 * Errors are final: after a negative return every later csv_next() returns the same error.
 */
#ifndef UREG_BASE_CSV_H
#define UREG_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum csv_encoding { CSV_AUTO, CSV_UTF8, CSV_GB18030 };

#define CSV_MAX_FIELD ((size_t)1 << 20)  /* bytes of one field, as UTF-8 */
#define CSV_MAX_RECORD ((size_t)4 << 20) /* bytes of one record, as UTF-8 */
#define CSV_MAX_FIELDS 16384             /* fields of one record */

struct csv_reader;

/*
 * One record. fields[i] is a NUL-terminated UTF-8 string of lens[i] bytes (it holds no NUL).
 * Everything points into the reader and stays valid until the next csv_next() or csv_close().
 */
struct csv_record {
    size_t n_fields; /* at least 1 */
    const char *const *fields;
    const size_t *lens;
    long line; /* physical line the record starts on, 1-based */
};

/*
 * Open the file at `path` for reading with the given encoding (CSV_AUTO to detect). Returns the
 * reader, owned by the caller (csv_close), or NULL with *err = -ERR_IO when the file cannot be
 * opened (errno tells why). Nothing is read yet.
 */
struct csv_reader *csv_open_file(const char *path, enum csv_encoding enc, int *err);

/*
 * A reader over n bytes in memory. The bytes are not copied: they must stay unchanged until
 * csv_close(). Never NULL.
 */
struct csv_reader *csv_open_mem(const char *data, size_t n, enum csv_encoding enc);

/*
 * csv_open_mem() that pulls at most `chunk` bytes per read (minimum 1), for tests and fuzzing:
 * it puts read boundaries inside multibyte characters, quoted fields and CRLF pairs.
 */
struct csv_reader *csv_open_mem_chunked(const char *data, size_t n, enum csv_encoding enc,
                                        size_t chunk);

/*
 * Skip lines whose first byte is '#' (at a record start, not inside a quoted field) when `on`,
 * for data files with comment headers. Default off. Affects the records read afterwards.
 */
void csv_skip_comments(struct csv_reader *r, bool on);

/*
 * Make a quote inside an unquoted field an error (-ERR_CSV_QUOTE, the record's line) when `on`,
 * instead of an ordinary character: for data files whose writers always quote a field that
 * holds one, where a stray quote means a broken or foreign file. Default off.
 */
void csv_strict_quotes(struct csv_reader *r, bool on);

/*
 * A reader over a data file in memory as the project writes them (the data/ CSV files, a calendar
 * an operator loads): UTF-8 forced (a BOM dropped), '#' lines skipped, strict quotes. The bytes are
 * borrowed as by csv_open_mem(). Never NULL.
 */
struct csv_reader *csv_open_data(const char *data, size_t n);

/*
 * Read the next record into *rec. Returns 1 with a record, 0 at the end of the input, or a
 * negative error: -ERR_CSV_QUOTE (unbalanced or stray quote; csv_line() is the line the record
 * started on), -ERR_CSV_ENCODING (invalid or truncated byte sequence, or a NUL; csv_line() is the
 * line of the bad byte), -ERR_CSV_TOO_LONG (limits above; the record's line), -ERR_IO (read
 * failed), -ERR_INTERNAL (iconv has no GB18030). *rec is filled only when 1 is returned.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec);

/* The line of the last record returned, or of the error; 0 before the first record. */
long csv_line(const struct csv_reader *r);

/* Bytes read from the source so far, for progress display. */
uint64_t csv_bytes_read(const struct csv_reader *r);

/* Size of the source in bytes (file size or memory length), or 0 when unknown (a pipe). */
uint64_t csv_total_bytes(const struct csv_reader *r);

/*
 * The encoding in use: the forced one, or what CSV_AUTO decided. CSV_UTF8 while everything read
 * so far was ASCII (undecided, but ASCII is UTF-8).
 */
enum csv_encoding csv_detected(const struct csv_reader *r);

/*
 * Check that the record starts with exactly the columns `names[0..n)` (byte-equal, no trimming;
 * more columns after them are allowed). Returns 0 or -ERR_CSV_HEADER.
 */
int csv_header_check(const struct csv_record *rec, const char *const *names, size_t n);

/* Whether the record is exactly the n columns names[0..n) (a header line): csv_header_check()
 * with no columns after them. */
bool csv_is_header(const struct csv_record *rec, const char *const *names, size_t n);

/* Close the file and free the reader. NULL is allowed. */
void csv_close(struct csv_reader *r);

#endif
