/* The xlsx workbook's parts (report_xlsx*.c): the workbook being built,
 * the sheets of text rows (Licence fit, Findings, Users), and the helpers
 * every sheet writes its cells with. */
#ifndef RC_REPORT_XLSX_H
#define RC_REPORT_XLSX_H

#include <xlsxwriter.h>

#include "report/digest.h"
#include "report/render.h"
#include "report/view.h"

#define XL_STR_MAX 32767 /* bytes kept of a cell's text (Excel: characters) */
#define XL_ROWS    LXW_ROW_MAX
#define XL_COLS    LXW_COL_MAX
#define XL_SHEETS  8

typedef struct {
  rc_ctx *ctx;
  lxw_workbook *wb;
  lxw_format *bold;     /* header rows */
  lxw_format *group;    /* Matrix: a role's headers, merged over its columns */
  lxw_format *title;    /* Summary: the first line */
  lxw_format *wrap;     /* long text, wrapped in its column */
  lxw_format *fit[3];   /* yes, review, no */
  lxw_format *sev[3];   /* note, warning, error */
  lxw_format *depth[4]; /* Basic, Local, Deep, Global (conditional) */
  char *text;           /* scratch for repaired or truncated cell text */
  lxw_worksheet *sheets[XL_SHEETS];
  size_t nsheets;
  const rc_pattern *role; /* Matrix: only the roles it matches (--role) */
  char header[256];       /* printed pages' header: the inputs */
} book;

/* A sheet of text rows (rc_sheet_row_fn): the header row, then data. When
 * order is set, column j of the sheet is cell order[j] of each row, and
 * the header says labels[j] (or the row's own text where labels[j] is
 * NULL). */
typedef struct {
  book *b;
  lxw_worksheet *ws;
  size_t rows;         /* rows written */
  size_t skipped;      /* rows past Excel's last row */
  size_t cols;         /* columns of the sheet */
  size_t *width;       /* widest cell of each column, in characters */
  size_t fit_first;    /* Licence fit: the yes/review/no columns */
  size_t fit_end;      /* (0, 0 for Findings) */
  int severity_column; /* Findings: column 0 is the severity */
  const size_t *order;
  const char *const *labels;
  size_t ncols;      /* columns in order[] */
  size_t wrap_from;  /* columns from here on wrap (0: none) */
  size_t wrap_width; /* their width, in characters */
} sheet;

int rc_xl__fail(rc_ctx *ctx, lxw_error e);
/* Characters of s, for column widths (at most the widest column). */
size_t rc_xl__text_width(const char *s);
int rc_xl__put(book *b, lxw_worksheet *ws, size_t row, size_t col,
               const char *s, lxw_format *f);
int rc_xl__merge(book *b, lxw_worksheet *ws, size_t row, size_t col,
                 size_t ncols, const char *s);
int rc_xl__set_width(book *b, lxw_worksheet *ws, size_t col, size_t chars,
                     lxw_row_col_options *opt);
int rc_xl__add_sheet(book *b, lxw_worksheet **out, const char *name);
/* Landscape A4, the first repeat rows on every page, the book's header
 * and the page number; fit to one page wide when fit_width. */
void rc_xl__page_setup(book *b, lxw_worksheet *ws, size_t repeat_rows,
                       int fit_width);
int rc_xl__sheet_row(void *sink, const char *const *cells, size_t n);
int rc_xl__sheet_finish(sheet *s);

int rc_xl__matrix_sheet(book *b, rc_model *const *models, size_t count);
/* Summary and Fix list (report_xlsx_digest.c), for check. */
int rc_xl__summary_sheet(book *b, const rc_render *rd, const rc_digest *d);
/* The users report's Summary: the users by verdict. */
int rc_xl__users_summary_sheet(book *b, const rc_render *rd);
int rc_xl__fix_sheet(book *b, const rc_render *rd, const rc_digest *d);

#endif
