/*
 * sheet.h — one table written as a spreadsheet: XLSX (libxlsxwriter) or CSV (UTF-8 with a BOM,
 * so Excel reads the Chinese text right).
 *
 * The layout is the one of the notice's 附件 forms: a title row across every column, a header
 * row, then the rows. Cells are text; a column marked numeric holds whole numbers (序号) and is
 * written as numbers in XLSX. Everything is built in memory: meant for lists of up to some
 * tens of thousands of rows (a province's agency list is a few thousand).
 */
#ifndef UREG_BASE_SHEET_H
#define UREG_BASE_SHEET_H

#include "base/buf.h"

#include <stdbool.h>

struct sheet {
    const char *title;          /* the first row, merged across the columns */
    const char *name;           /* the worksheet's name (XLSX), at most 31 characters */
    int n_cols;                 /* 1..64 */
    const char *const *headers; /* n_cols header texts */
    const double *widths;       /* n_cols column widths in characters, or NULL */
    const bool *numeric;        /* n_cols flags, or NULL: no numeric column */
    const char *const *cells;   /* n_rows × n_cols texts, row after row; NULL cells are "" */
    int n_rows;
    /* Optional lines of a statistics form (issue 10), each across every column: under the
     * title (填报地区, 统计期, 计量单位) and after the rows (填报人, 填报日期). NULL/0: none. */
    const char *const *above;
    int n_above;
    const char *const *below;
    int n_below;
};

/*
 * Append the XLSX file of `s` to `out`. The workbook is written to a temporary file in
 * $TMPDIR (else /tmp), read back and removed. Returns 0, or -ERR_IO when the temporary file
 * cannot be made or libxlsxwriter fails (logged), leaving `out` as it was.
 */
int sheet_xlsx(const struct sheet *s, struct buf *out);

/* Append `s` as CSV to `out`: a UTF-8 BOM, the title row, the header row and the rows, every
 * field quoted when it holds a comma, a quote, CR or LF, lines ending in CRLF (RFC 4180). */
void sheet_csv(const struct sheet *s, struct buf *out);

#endif
