/* The xlsx workbook (libxlsxwriter): Licence fit, Findings and Matrix sheets
 * (after Users and Roles held for the users report),
 * built in a temporary file in $TMPDIR and copied to the output. No clock time
 * goes into the file, so the same run always gives the same bytes. */
#include "report/view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

#define XL_STR_MAX  32767 /* bytes kept of a cell's text (Excel: characters) */
#define XL_ROWS     LXW_ROW_MAX
#define XL_COLS     LXW_COL_MAX
#define MATRIX_HEAD 4 /* Matrix header rows: solution, role, id, columns */
#define ROLE_COLS   (RC_RIGHT_COUNT + 1) /* the rights, then privilege_depth */
/* Matrix columns: A the table or privilege, B its origin, C its product,
 * then a group of ROLE_COLS per role */
#define FIRST_ROLE_COL 3
#define WIDTH_MIN      8
#define WIDTH_MAX      80
/* Document dates: 1980-01-01, the earliest a zip entry can hold (the entry
 * dates libxlsxwriter writes), up to 9999-12-31T23:59:59Z. */
#define DATE_MIN 315532800LL
#define DATE_MAX 253402300799LL

typedef struct {
  rc_ctx *ctx;
  lxw_workbook *wb;
  lxw_format *bold;     /* header rows */
  lxw_format *group;    /* Matrix: a role's headers, merged over its columns */
  lxw_format *fit[3];   /* yes, review, no */
  lxw_format *sev[3];   /* note, warning, error */
  lxw_format *depth[4]; /* Basic, Local, Deep, Global (conditional) */
  char *text;           /* scratch for repaired or truncated cell text */
  lxw_worksheet *sheets[5];
  size_t nsheets;
  const rc_pattern *role; /* Matrix: only the roles it matches (--role) */
} book;

static int xl_fail(rc_ctx *ctx, lxw_error e)
{
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return rc_fail_nomem(ctx);
  return rc_fail(ctx, RC_ERROR, "cannot write the xlsx workbook: %s",
                 lxw_strerror(e));
}

/* Length of the valid UTF-8 character at p, or 0 if it is not one (the
 * terminating NUL is never a continuation byte, so it stops the scan). */
static size_t utf8_char(const unsigned char *p)
{
  unsigned long cp;
  size_t n, i;
  if (p[0] < 0x80)
    return 1;
  if (p[0] >= 0xc2 && p[0] <= 0xdf) {
    n = 2;
    cp = p[0] & 0x1fu;
  } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
    n = 3;
    cp = p[0] & 0x0fu;
  } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
    n = 4;
    cp = p[0] & 0x07u;
  } else {
    return 0;
  }
  for (i = 1; i < n; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (p[i] & 0x3fu);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
    return 0;
  if (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
    return 0;
  return n;
}

/* Characters of s, for column widths (stops counting at WIDTH_MAX). */
static size_t text_width(const char *s)
{
  size_t w = 0;
  for (; *s && w < WIDTH_MAX; s++) {
    if ((*s & 0xc0) != 0x80)
      w++;
  }
  return w;
}

/* s as Excel takes it: valid UTF-8 (a bad byte becomes U+FFFD) of at most
 * XL_STR_MAX bytes, cut at a character boundary. s itself when it already
 * is; else b->text; NULL when out of memory. */
static const char *cell_text(book *b, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t used = 0, n;
  while (*p) {
    n = utf8_char(p);
    if (!n || (size_t)((const char *)p - s) + n > XL_STR_MAX)
      break;
    p += n;
  }
  if (!*p)
    return s;
  if (!b->text) {
    b->text = rc_malloc(XL_STR_MAX + 1);
    if (!b->text)
      return NULL;
  }
  for (p = (const unsigned char *)s; *p; p += n ? n : 1) {
    const char *from = (const char *)p;
    size_t len;
    n = utf8_char(p);
    if (!n)
      from = "\xef\xbf\xbd"; /* U+FFFD */
    len = n ? n : 3;
    if (used + len > XL_STR_MAX)
      break;
    memcpy(b->text + used, from, len);
    used += len;
  }
  b->text[used] = 0;
  return b->text;
}

static int put(book *b, lxw_worksheet *ws, size_t row, size_t col,
               const char *s, lxw_format *f)
{
  const char *t;
  lxw_error e;
  if (!s[0])
    return RC_OK; /* an empty cell stays blank */
  t = cell_text(b, s);
  if (!t)
    return rc_fail_nomem(b->ctx);
  e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, f);
  return e ? xl_fail(b->ctx, e) : RC_OK;
}

static int merge(book *b, lxw_worksheet *ws, size_t row, size_t col,
                 size_t ncols, const char *s)
{
  const char *t = cell_text(b, s);
  lxw_error e;
  if (!t)
    return rc_fail_nomem(b->ctx);
  e = worksheet_merge_range(ws, (lxw_row_t)row, (lxw_col_t)col, (lxw_row_t)row,
                            (lxw_col_t)(col + ncols - 1), t, b->group);
  return e ? xl_fail(b->ctx, e) : RC_OK;
}

static int set_width(book *b, lxw_worksheet *ws, size_t col, size_t chars,
                     lxw_row_col_options *opt)
{
  double w = (double)(chars + 2);
  lxw_error e;
  if (w < WIDTH_MIN)
    w = WIDTH_MIN;
  if (w > WIDTH_MAX)
    w = WIDTH_MAX;
  e = worksheet_set_column_opt(ws, (lxw_col_t)col, (lxw_col_t)col, w, NULL,
                               opt);
  return e ? xl_fail(b->ctx, e) : RC_OK;
}

/* A fill and a dark text colour of the same hue (contrast above 4.5:1). */
static lxw_format *colour(book *b, lxw_color_t bg, lxw_color_t fg)
{
  lxw_format *f = workbook_add_format(b->wb);
  if (f) {
    format_set_bg_color(f, bg);
    format_set_font_color(f, fg);
  }
  return f;
}

static int add_formats(book *b)
{
  size_t i;
  b->bold = workbook_add_format(b->wb);
  b->group = workbook_add_format(b->wb);
  if (!b->bold || !b->group)
    return rc_fail_nomem(b->ctx);
  format_set_bold(b->bold);
  format_set_bold(b->group);
  format_set_align(b->group, LXW_ALIGN_CENTER);
  format_set_left(b->group, LXW_BORDER_THIN);
  format_set_right(b->group, LXW_BORDER_THIN);
  /* Excel's Good, Neutral and Bad cell styles */
  b->fit[RC_FIT_YES] = colour(b, 0xC6EFCE, 0x006100);
  b->fit[RC_FIT_REVIEW] = colour(b, 0xFFEB9C, 0x9C5700);
  b->fit[RC_FIT_NO] = colour(b, 0xFFC7CE, 0x9C0006);
  b->sev[0] = colour(b, 0xDDEBF7, 0x1F4E78);
  b->sev[1] = b->fit[RC_FIT_REVIEW];
  b->sev[2] = b->fit[RC_FIT_NO];
  /* depths: a heat scale from green (Basic) to dark red (Global) */
  b->depth[0] = colour(b, 0xE2EFDA, 0x375623);
  b->depth[1] = colour(b, 0xFFF2CC, 0x7F6000);
  b->depth[2] = colour(b, 0xF8CBAD, 0x833C0C);
  b->depth[3] = colour(b, 0xC00000, 0xFFFFFF);
  for (i = 0; i < 3; i++) {
    if (!b->fit[i] || !b->sev[i])
      return rc_fail_nomem(b->ctx);
  }
  for (i = 0; i < 4; i++) {
    if (!b->depth[i])
      return rc_fail_nomem(b->ctx);
  }
  return RC_OK;
}

/* ---- Licence fit and Findings: the rows of report_sheet.c ---- */

typedef struct {
  book *b;
  lxw_worksheet *ws;
  size_t rows;         /* rows written */
  size_t skipped;      /* rows past Excel's last row */
  size_t cols;         /* columns of the header row */
  size_t *width;       /* widest cell of each column, in characters */
  size_t fit_first;    /* Licence fit: the yes/review/no columns */
  size_t fit_end;      /* (0, 0 for Findings) */
  int severity_column; /* Findings: column 0 is the severity */
} sheet;

static lxw_format *sheet_format(const sheet *s, size_t col, const char *v)
{
  size_t i;
  if (!s->rows)
    return s->b->bold;
  if (col >= s->fit_first && col < s->fit_end) {
    for (i = RC_FIT_YES; i <= RC_FIT_NO; i++) {
      if (!strcmp(v, rc_fit_name((rc_fit_level)i)))
        return s->b->fit[i];
    }
  }
  if (s->severity_column && col == 0) {
    for (i = RC_SEVERITY_NOTE; i <= RC_SEVERITY_ERROR; i++) {
      if (!strcmp(v, rc_severity_name((rc_severity)i)))
        return s->b->sev[i - RC_SEVERITY_NOTE];
    }
  }
  return NULL;
}

static int sheet_row(void *sink, const char *const *cells, size_t n)
{
  sheet *s = sink;
  size_t c;
  int error;
  if (!s->cols) {
    s->cols = n;
    s->width = rc_calloc(n ? n : 1, sizeof(*s->width));
    if (!s->width)
      return rc_fail_nomem(s->b->ctx);
  }
  /* the last row is kept for the note saying how many were left out */
  if (s->rows >= XL_ROWS - 1) {
    s->skipped++;
    return RC_OK;
  }
  for (c = 0; c < n && c < s->cols; c++) {
    size_t w = text_width(cells[c]);
    error =
        put(s->b, s->ws, s->rows, c, cells[c], sheet_format(s, c, cells[c]));
    if (error < 0)
      return error;
    if (w > s->width[c])
      s->width[c] = w;
  }
  s->rows++;
  return RC_OK;
}

/* Note, widths, frozen header row and autofilter, once the rows are in. */
static int sheet_finish(sheet *s)
{
  size_t c;
  int error = RC_OK;
  if (s->skipped) {
    char note[128];
    snprintf(note, sizeof(note),
             "%zu more rows left out: Excel allows %lu rows", s->skipped,
             (unsigned long)XL_ROWS);
    error = put(s->b, s->ws, XL_ROWS - 1, 0, note, s->b->bold);
    s->rows = XL_ROWS;
  }
  for (c = 0; !error && c < s->cols; c++)
    /* the header gets room for the autofilter button */
    error = set_width(s->b, s->ws, c, s->width[c] + 2, NULL);
  if (error < 0)
    return error;
  worksheet_freeze_panes(s->ws, 1, 0);
  if (s->cols) {
    lxw_error e = worksheet_autofilter(s->ws, 0, 0,
                                       (lxw_row_t)(s->rows ? s->rows - 1 : 0),
                                       (lxw_col_t)(s->cols - 1));
    if (e)
      return xl_fail(s->b->ctx, e);
  }
  return RC_OK;
}

static int add_sheet(book *b, lxw_worksheet **out, const char *name)
{
  *out = workbook_add_worksheet(b->wb, name);
  /* a fixed, valid name: only running out of memory (or of temporary
   * files in constant-memory mode) makes this fail */
  if (!*out)
    return rc_fail(b->ctx, RC_ERROR,
                   "cannot write the xlsx workbook: cannot add sheet '%s'",
                   name);
  b->sheets[b->nsheets++] = *out;
  return RC_OK;
}

static int fit_sheet(book *b, rc_model *const *models, const rc_rulepack *pack,
                     const rc_analysis *an)
{
  sheet s;
  int error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  s.fit_first = RC_FIT_FIXED_COLS - 2;
  s.fit_end = rc_view__fit_cols(pack) - 2;
  error = add_sheet(b, &s.ws, "Licence fit");
  if (!error)
    error = rc_view__fit_rows(models, pack, an, sheet_row, &s);
  if (!error)
    error = sheet_finish(&s);
  rc_free(s.width);
  return error;
}

/* The users report's sheets: Users, then Roles held. */
static int users_sheets(book *b, rc_model *const *models, const rc_users *users,
                        int redact)
{
  sheet s;
  int error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  error = add_sheet(b, &s.ws, "Users");
  if (!error)
    error = rc_view__users_rows(models, users, redact, sheet_row, &s);
  if (!error)
    error = sheet_finish(&s);
  rc_free(s.width);
  if (error)
    return error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  error = add_sheet(b, &s.ws, "Roles held");
  if (!error)
    error = rc_view__user_roles_rows(models, users, sheet_row, &s);
  if (!error)
    error = sheet_finish(&s);
  rc_free(s.width);
  return error;
}

static int findings_sheet(book *b, rc_model *const *models,
                          const rc_analysis *an)
{
  sheet s;
  int error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  s.severity_column = 1;
  error = add_sheet(b, &s.ws, "Findings");
  if (!error)
    error = rc_view__findings_rows(models, an, sheet_row, &s);
  if (!error)
    error = sheet_finish(&s);
  rc_free(s.width);
  return error;
}

/* ---- Matrix: one group of columns per role, one row per table or other
 * privilege, the same cells as the matrix CSV ---- */

typedef struct {
  const rc_model *m;
  size_t r;
  size_t *grants; /* its non-table grants, sorted by privilege name */
  size_t ngrants, next;
} mrole;

typedef struct {
  const rc_model *m;
  size_t *tables; /* tables a kept role has rights on, sorted by name */
  size_t ntables, next;
  size_t first, count; /* its kept roles in roles[] */
} mmodel;

typedef struct {
  book *b;
  lxw_worksheet *ws;
  rc_model *const *models;
  size_t count;
  mmodel *mm;
  mrole *roles;
  size_t nroles, left_out;
  const char **names; /* table rows, then privilege rows */
  size_t ntables, nprivs;
  size_t width; /* widest name, in characters */
} matrix;

static int cmp_name(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort names and drop repeats; returns the new count. */
static size_t sort_unique(const char **names, size_t n)
{
  size_t i, k = 0;
  if (n)
    qsort(names, n, sizeof(*names), cmp_name);
  for (i = 0; i < n; i++) {
    if (!k || strcmp(names[k - 1], names[i]))
      names[k++] = names[i];
  }
  return k;
}

static const char *grant_name(const mrole *ro, size_t g)
{
  const rc_grant *gr = rc_model_grant(ro->m, ro->r, ro->grants[g]);
  return rc_model_privilege(ro->m, gr->privilege)->name;
}

static const char *table_name(const mmodel *mm, size_t t)
{
  return rc_model_table(mm->m, mm->tables[t])->logical_name;
}

/* Pick the roles that fit in Excel's columns, their other privileges, and
 * the tables each model's kept roles have rights on. */
static int matrix_collect(matrix *x)
{
  size_t i, r, t, g, total = 0, kept, nnames;
  for (i = 0; i < x->count; i++)
    for (r = 0; r < rc_model_role_count(x->models[i]); r++)
      total +=
          rc_pattern_match(x->b->role, rc_model_role(x->models[i], r)->name);
  kept = (XL_COLS - FIRST_ROLE_COL) / ROLE_COLS;
  if (total < kept)
    kept = total;
  x->left_out = total - kept;
  x->mm = rc_calloc(x->count ? x->count : 1, sizeof(*x->mm));
  x->roles = rc_calloc(kept ? kept : 1, sizeof(*x->roles));
  if (!x->mm || !x->roles)
    return rc_fail_nomem(x->b->ctx);
  for (i = 0; i < x->count; i++) {
    mmodel *mm = &x->mm[i];
    mm->m = x->models[i];
    mm->first = x->nroles;
    for (r = 0; r < rc_model_role_count(mm->m) && x->nroles < kept; r++) {
      mrole *ro;
      if (!rc_pattern_match(x->b->role, rc_model_role(mm->m, r)->name))
        continue;
      ro = &x->roles[x->nroles++];
      ro->m = mm->m;
      ro->r = r;
      if (rc_model_grant_order(&ro->grants, mm->m, r) < 0)
        return rc_fail_nomem(x->b->ctx);
      for (g = 0; g < rc_model_role(mm->m, r)->grant_count; g++) {
        const rc_grant *gr = rc_model_grant(mm->m, r, ro->grants[g]);
        if (rc_model_privilege(mm->m, gr->privilege)->kind != RC_PRIV_TABLE)
          ro->grants[ro->ngrants++] = ro->grants[g];
      }
      mm->count++;
    }
    mm->tables = rc_view__sorted_tables(mm->m);
    if (!mm->tables)
      return rc_fail_nomem(x->b->ctx);
    for (t = 0; t < rc_model_table_count(mm->m); t++) {
      for (r = 0; r < mm->count; r++) {
        if (rc_model_cell(mm->m, x->roles[mm->first + r].r, mm->tables[t])) {
          mm->tables[mm->ntables++] = mm->tables[t];
          break;
        }
      }
    }
  }
  nnames = 0;
  for (i = 0; i < x->count; i++)
    nnames += x->mm[i].ntables;
  for (r = 0; r < x->nroles; r++)
    nnames += x->roles[r].ngrants;
  x->names = rc_malloc((nnames ? nnames : 1) * sizeof(*x->names));
  if (!x->names)
    return rc_fail_nomem(x->b->ctx);
  for (i = 0; i < x->count; i++) {
    for (t = 0; t < x->mm[i].ntables; t++)
      x->names[x->ntables++] = table_name(&x->mm[i], t);
  }
  x->ntables = sort_unique(x->names, x->ntables);
  for (r = 0; r < x->nroles; r++) {
    for (g = 0; g < x->roles[r].ngrants; g++)
      x->names[x->ntables + x->nprivs++] = grant_name(&x->roles[r], g);
  }
  x->nprivs = sort_unique(x->names + x->ntables, x->nprivs);
  return RC_OK;
}

static int matrix_header(matrix *x)
{
  static const char *const labels[MATRIX_HEAD] = {"solution", "role", "role_id",
                                                  "table"};
  char note[128];
  size_t row, r, k;
  int error = RC_OK;
  if (x->left_out)
    snprintf(note, sizeof(note), "%zu roles left out: Excel allows %lu columns",
             x->left_out, (unsigned long)XL_COLS);
  for (row = 0; !error && row < MATRIX_HEAD; row++) {
    error = put(x->b, x->ws, row, 0,
                row == 0 && x->left_out ? note : labels[row], x->b->bold);
    if (row == 3 && !error)
      error = put(x->b, x->ws, row, 1, "origin", x->b->bold);
    if (row == 3 && !error)
      error = put(x->b, x->ws, row, 2, "product", x->b->bold);
    for (r = 0; !error && r < x->nroles; r++) {
      const mrole *ro = &x->roles[r];
      const rc_role *role = rc_model_role(ro->m, ro->r);
      size_t col = FIRST_ROLE_COL + r * ROLE_COLS;
      if (row == 0)
        error = merge(x->b, x->ws, row, col, ROLE_COLS,
                      rc_view__solution_label(ro->m));
      else if (row == 1)
        error = merge(x->b, x->ws, row, col, ROLE_COLS, role->name);
      else if (row == 2)
        error = merge(x->b, x->ws, row, col, ROLE_COLS, role->id);
      for (k = 0; row == 3 && !error && k < ROLE_COLS; k++)
        error = put(x->b, x->ws, row, col + k,
                    k < RC_RIGHT_COUNT ? rc_right_name((rc_right)k)
                                       : "privilege_depth",
                    x->b->bold);
    }
  }
  return error;
}

/* One table row: its origin and product (as the first input holding it
 * says), then each kept role's depth per right. */
static int matrix_table_row(matrix *x, size_t row, const char *name)
{
  size_t i, r, k;
  int error = RC_OK;
  for (i = 0; i < x->count; i++) {
    const rc_table *t = rc_model_table_by_name(x->mm[i].m, name);
    if (!t)
      continue;
    error = put(x->b, x->ws, row, 1, rc_table_origin_name(t->origin), NULL);
    if (!error && t->product[0])
      error = put(x->b, x->ws, row, 2, t->product, NULL);
    break;
  }
  for (i = 0; !error && i < x->count; i++) {
    mmodel *mm = &x->mm[i];
    while (mm->next < mm->ntables && strcmp(table_name(mm, mm->next), name) < 0)
      mm->next++;
    if (mm->next >= mm->ntables || strcmp(table_name(mm, mm->next), name))
      continue;
    for (r = 0; !error && r < mm->count; r++) {
      size_t col = FIRST_ROLE_COL + (mm->first + r) * ROLE_COLS;
      uint32_t cell =
          rc_model_cell(mm->m, x->roles[mm->first + r].r, mm->tables[mm->next]);
      for (k = 0; !error && k < RC_RIGHT_COUNT; k++) {
        rc_depth d = rc_cell_depth(cell, (rc_right)k);
        if (d)
          error = put(x->b, x->ws, row, col + k, rc_depth_name(d), NULL);
      }
    }
  }
  return error;
}

/* One privilege row: the depth in privilege_depth of each role holding it. */
static int matrix_priv_row(matrix *x, size_t row, const char *name)
{
  size_t r;
  int error = RC_OK;
  for (r = 0; !error && r < x->nroles; r++) {
    mrole *ro = &x->roles[r];
    const rc_grant *gr;
    while (ro->next < ro->ngrants && strcmp(grant_name(ro, ro->next), name) < 0)
      ro->next++;
    if (ro->next >= ro->ngrants || strcmp(grant_name(ro, ro->next), name))
      continue;
    gr = rc_model_grant(ro->m, ro->r, ro->grants[ro->next]);
    error =
        put(x->b, x->ws, row, FIRST_ROLE_COL + r * ROLE_COLS + RC_RIGHT_COUNT,
            rc_depth_name((rc_depth)gr->depth), NULL);
  }
  return error;
}

static int matrix_rows(matrix *x, size_t *last)
{
  size_t n = x->ntables + x->nprivs, room = XL_ROWS - MATRIX_HEAD, i;
  size_t shown = n > room ? room - 1 : n;
  int error = RC_OK;
  for (i = 0; !error && i < shown; i++) {
    size_t row = MATRIX_HEAD + i, w = text_width(x->names[i]);
    if (w > x->width)
      x->width = w;
    error = put(x->b, x->ws, row, 0, x->names[i], NULL);
    if (error)
      break;
    if (i < x->ntables)
      error = matrix_table_row(x, row, x->names[i]);
    else
      error = matrix_priv_row(x, row, x->names[i]);
  }
  *last = MATRIX_HEAD + shown - 1;
  if (!error && shown < n) {
    char note[128];
    snprintf(note, sizeof(note),
             "%zu more rows left out: Excel allows %lu rows", n - shown,
             (unsigned long)XL_ROWS);
    *last = XL_ROWS - 1;
    error = put(x->b, x->ws, *last, 0, note, x->b->bold);
  }
  return error;
}

/* Widths, outline, frozen headers and the depth colours. */
static int matrix_finish(matrix *x, size_t last)
{
  static const char *const depths[4] = {"\"Basic\"", "\"Local\"", "\"Deep\"",
                                        "\"Global\""};
  lxw_row_col_options detail = {0, 1, 0};
  size_t r, k, d;
  int error = set_width(x->b, x->ws, 0, x->width, NULL);
  if (!error)
    error = set_width(x->b, x->ws, 1, strlen("microsoft-app"), NULL);
  if (!error)
    error = set_width(x->b, x->ws, 2, strlen("project-operations"), NULL);
  /* Each role's rights are outline level 1 and its privilege_depth column
   * stays at level 0: adjacent level-1 columns would form one outline
   * group, and a role could not be collapsed on its own. */
  for (r = 0; !error && r < x->nroles; r++) {
    size_t col = FIRST_ROLE_COL + r * ROLE_COLS;
    for (k = 0; !error && k < RC_RIGHT_COUNT; k++)
      error = set_width(x->b, x->ws, col + k,
                        strlen(rc_right_name((rc_right)k)), &detail);
    if (!error)
      error = set_width(x->b, x->ws, col + RC_RIGHT_COUNT,
                        strlen("privilege_depth"), NULL);
  }
  if (error < 0)
    return error;
  worksheet_freeze_panes(x->ws, MATRIX_HEAD, 1);
  if (!x->nroles || last < MATRIX_HEAD)
    return RC_OK;
  for (d = 0; d < 4; d++) {
    lxw_conditional_format cf;
    char value[16];
    lxw_error e;
    memset(&cf, 0, sizeof(cf));
    snprintf(value, sizeof(value), "%s", depths[d]);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value_string = value;
    cf.format = x->b->depth[d];
    e = worksheet_conditional_format_range(
        x->ws, MATRIX_HEAD, FIRST_ROLE_COL, (lxw_row_t)last,
        (lxw_col_t)(FIRST_ROLE_COL - 1 + x->nroles * ROLE_COLS), &cf);
    if (e)
      return xl_fail(x->b->ctx, e);
  }
  return RC_OK;
}

static int matrix_sheet(book *b, rc_model *const *models, size_t count)
{
  matrix x;
  size_t i, last = 0;
  int error;
  memset(&x, 0, sizeof(x));
  x.b = b;
  x.models = models;
  x.count = count;
  x.width = strlen("role_id");
  error = add_sheet(b, &x.ws, "Matrix");
  if (!error)
    error = matrix_collect(&x);
  if (!error)
    error = matrix_header(&x);
  if (!error)
    error = matrix_rows(&x, &last);
  if (!error)
    error = matrix_finish(&x, last);
  for (i = 0; x.mm && i < count; i++)
    rc_free(x.mm[i].tables);
  for (i = 0; x.roles && i < x.nroles; i++)
    rc_model_order_free(x.roles[i].grants);
  rc_free(x.mm);
  rc_free(x.roles);
  rc_free(x.names);
  return error;
}

/* ---- the workbook ---- */

/* SOURCE_DATE_EPOCH when set and valid, else 1980-01-01; never the clock
 * (libxlsxwriter takes the current time for 0). */
static time_t created_date(void)
{
  const char *s = getenv("SOURCE_DATE_EPOCH");
  long long v = DATE_MIN;
  if (s && *s >= '0' && *s <= '9') {
    char *end;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end)
      v = DATE_MIN;
  }
  if (v < DATE_MIN)
    v = DATE_MIN;
  if (v > DATE_MAX)
    v = DATE_MAX;
  return (time_t)v;
}

static int build(book *b, const char *path, char *tmpdir, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  lxw_workbook_options wo;
  lxw_doc_properties props;
  char title[] = "rolecheck report";
  char creator[] = "rolecheck";
  lxw_error e;
  int error;
  memset(&wo, 0, sizeof(wo));
  /* rows stream to a temporary file: a large export's matrix would not
   * fit in memory as cells */
  wo.constant_memory = LXW_TRUE;
  wo.tmpdir = tmpdir;
  /* no ZIP64: some readers reject it, and no sheet comes near 4 GB */
  b->wb = workbook_new_opt(path, &wo);
  if (!b->wb)
    return rc_fail_nomem(b->ctx);
  memset(&props, 0, sizeof(props));
  props.title = title;
  props.author = creator;
  props.created = created_date();
  e = workbook_set_properties(b->wb, &props);
  if (e)
    error = xl_fail(b->ctx, e);
  else
    error = add_formats(b);
  if (!error && rd->users)
    error = users_sheets(b, models, rd->users, rd->users_opts->redact);
  if (!error)
    error = fit_sheet(b, models, pack, an);
  if (!error)
    error = findings_sheet(b, models, an);
  if (!error)
    error = matrix_sheet(b, models, count);
  if (error < 0) {
    size_t i;
    /* lxw_workbook_free() leaves the sheets' row files open (only
     * workbook_close() closes them); they are already unlinked */
    for (i = 0; i < b->nsheets; i++) {
      if (b->sheets[i]->optimize_tmpfile)
        fclose(b->sheets[i]->optimize_tmpfile);
      b->sheets[i]->optimize_tmpfile = NULL;
      b->sheets[i]->file = NULL;
    }
    lxw_workbook_free(b->wb);
    b->wb = NULL;
    return error;
  }
  e = workbook_close(b->wb); /* frees the workbook */
  b->wb = NULL;
  return e ? xl_fail(b->ctx, e) : RC_OK;
}

static int copy_out(FILE *out, rc_ctx *ctx, const char *path)
{
  char buf[16384];
  size_t n;
  int bad;
  FILE *in = fopen(path, "rb");
  if (!in)
    return rc_fail(ctx, RC_ERROR, "cannot write the xlsx workbook: %s",
                   strerror(errno));
  while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
    if (fwrite(buf, 1, n, out) != n)
      break;
  bad = ferror(in) || ferror(out);
  fclose(in);
  return bad ? rc_fail(ctx, RC_ERROR, "cannot write the xlsx workbook: %s",
                       strerror(errno))
             : RC_OK;
}

/* The workbook and libxlsxwriter's own temporary files go to a private
 * folder in the temporary folder, removed afterwards; the workbook is then
 * copied to out. */
int rc_render__xlsx(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_check_options *opts = rd->check;
  const char *env = rc_sys_tmpdir();
  size_t n = strlen(env) + 32;
  char *dir = rc_malloc(n), *path = rc_malloc(n + 16);
  book b;
  int error;
  if (!dir || !path) {
    rc_free(dir);
    rc_free(path);
    return rc_fail_nomem(ctx);
  }
  snprintf(dir, n, "%s/rolecheck-xlsx-XXXXXX", env);
  if (rc_sys_mkdtemp(dir) < 0) {
    error = rc_fail(ctx, RC_ERROR,
                    "cannot write the xlsx workbook: cannot create a "
                    "temporary folder in %s: %s",
                    env, strerror(errno));
    rc_free(dir);
    rc_free(path);
    return error;
  }
  snprintf(path, n + 16, "%s/book.xlsx", dir);
  memset(&b, 0, sizeof(b));
  b.ctx = ctx;
  b.role = opts ? opts->role : NULL;
  error = build(&b, path, dir, rd);
  if (!error)
    error = copy_out(out, ctx, path);
  rc_sys_rmtree(dir);
  rc_free(b.text);
  rc_free(dir);
  rc_free(path);
  return error;
}
