/*
 * sheet.c — a table as XLSX or CSV. See sheet.h.
 *
 * libxlsxwriter 1.1 writes workbooks to files only, so the XLSX goes through a temporary file
 * made with mkstemp (mode 0600) and removed before returning, also on failure.
 */
#include "base/sheet.h"

#include "base/err.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *sheet__cell(const struct sheet *s, int row, int col)
{
    const char *v = s->cells[(size_t)row * (size_t)s->n_cols + (size_t)col];
    return v ? v : "";
}

/* One line of text across the columns at `row`. */
static lxw_error sheet__line(lxw_worksheet *ws, const struct sheet *s, lxw_row_t row,
                             const char *text, lxw_format *f)
{
    return s->n_cols > 1
               ? worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(s->n_cols - 1), text, f)
               : worksheet_write_string(ws, row, 0, text, f);
}

/* Write the title, the lines above, the header, the rows and the lines below into ws. */
static lxw_error sheet__fill(lxw_workbook *wb, lxw_worksheet *ws, const struct sheet *s)
{
    lxw_format *plain = workbook_add_format(wb);
    int top = 1 + s->n_above; /* the header's row */
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_align(head, LXW_ALIGN_CENTER);
    lxw_format *cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    lxw_error e = sheet__line(ws, s, 0, s->title, title);
    for (int i = 0; i < s->n_above && e == LXW_NO_ERROR; i++)
        e = sheet__line(ws, s, (lxw_row_t)(1 + i), s->above[i], plain);
    for (int c = 0; c < s->n_cols && e == LXW_NO_ERROR; c++) {
        if (s->widths)
            e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, s->widths[c], NULL);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, (lxw_row_t)top, (lxw_col_t)c, s->headers[c], head);
    }
    for (int r = 0; r < s->n_rows && e == LXW_NO_ERROR; r++) {
        for (int c = 0; c < s->n_cols && e == LXW_NO_ERROR; c++) {
            const char *v = sheet__cell(s, r, c);
            lxw_row_t row = (lxw_row_t)(r + top + 1);
            if (s->numeric && s->numeric[c] && *v)
                e = worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL), cell);
            else
                e = worksheet_write_string(ws, row, (lxw_col_t)c, v, cell);
        }
    }
    for (int i = 0; i < s->n_below && e == LXW_NO_ERROR; i++)
        e = sheet__line(ws, s, (lxw_row_t)(top + 1 + s->n_rows + i), s->below[i], plain);
    return e;
}

/* Read the whole file at `path` onto out. 0 or -ERR_IO. */
static int sheet__slurp(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -ERR_IO;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    int rc = ferror(f) ? -ERR_IO : 0;
    fclose(f);
    return rc;
}

int sheet_xlsx(const struct sheet *s, struct buf *out)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/ureg-sheet-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        log_error("sheet", "event=tmpfile_failed dir=%s", dir && *dir ? dir : "/tmp");
        return -ERR_IO;
    }
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, s->name) : NULL;
    lxw_error e = ws ? sheet__fill(wb, ws, s) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error closed = wb ? workbook_close(wb) : LXW_NO_ERROR;
    if (e == LXW_NO_ERROR)
        e = closed;
    size_t before = out->len;
    int rc = e == LXW_NO_ERROR ? sheet__slurp(path, out) : -ERR_IO;
    if (e != LXW_NO_ERROR)
        log_error("sheet", "event=xlsx_failed reason=\"%s\"", lxw_strerror(e));
    if (rc < 0)
        out->len = before;
    unlink(path);
    return rc;
}

/* One CSV field, quoted when it must be. */
static void sheet__csv_field(struct buf *out, const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        buf_puts(out, v);
        return;
    }
    buf_putc(out, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
}

static void sheet__csv_row(struct buf *out, const char *const *fields, int n)
{
    for (int c = 0; c < n; c++) {
        if (c)
            buf_putc(out, ',');
        sheet__csv_field(out, fields[c] ? fields[c] : "");
    }
    buf_puts(out, "\r\n");
}

/* One text in the first field of a line of n_cols fields. */
static void sheet__csv_line(struct buf *out, const char *text, int n_cols)
{
    sheet__csv_field(out, text);
    for (int c = 1; c < n_cols; c++)
        buf_putc(out, ',');
    buf_puts(out, "\r\n");
}

void sheet_csv(const struct sheet *s, struct buf *out)
{
    buf_puts(out, "\xEF\xBB\xBF");
    sheet__csv_line(out, s->title, s->n_cols);
    for (int i = 0; i < s->n_above; i++)
        sheet__csv_line(out, s->above[i], s->n_cols);
    sheet__csv_row(out, s->headers, s->n_cols);
    for (int r = 0; r < s->n_rows; r++)
        sheet__csv_row(out, s->cells + (size_t)r * (size_t)s->n_cols, s->n_cols);
    for (int i = 0; i < s->n_below; i++)
        sheet__csv_line(out, s->below[i], s->n_cols);
}
