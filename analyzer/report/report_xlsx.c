/* The xlsx workbook (libxlsxwriter): for check, the Summary, Licence fit,
 * Fix list, Findings and Matrix sheets; for users, Users and Roles held
 * first. Each prints landscape on A4 with its header rows on every page.
 * Built in a temporary file in $TMPDIR and copied to the output. No clock
 * time goes into the file, so the same run always gives the same bytes. */
#include "report/xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

#define WIDTH_MIN 8
#define WIDTH_MAX 80
/* Document dates: 1980-01-01, the earliest a zip entry can hold (the entry
 * dates libxlsxwriter writes), up to 9999-12-31T23:59:59Z. */
#define DATE_MIN 315532800LL
#define DATE_MAX 253402300799LL

int rc_xl__fail(rc_ctx *ctx, lxw_error e)
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
size_t rc_xl__text_width(const char *s)
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

int rc_xl__put(book *b, lxw_worksheet *ws, size_t row, size_t col,
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
  return e ? rc_xl__fail(b->ctx, e) : RC_OK;
}

int rc_xl__merge(book *b, lxw_worksheet *ws, size_t row, size_t col,
                 size_t ncols, const char *s)
{
  const char *t = cell_text(b, s);
  lxw_error e;
  if (!t)
    return rc_fail_nomem(b->ctx);
  e = worksheet_merge_range(ws, (lxw_row_t)row, (lxw_col_t)col, (lxw_row_t)row,
                            (lxw_col_t)(col + ncols - 1), t, b->group);
  return e ? rc_xl__fail(b->ctx, e) : RC_OK;
}

int rc_xl__set_width(book *b, lxw_worksheet *ws, size_t col, size_t chars,
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
  return e ? rc_xl__fail(b->ctx, e) : RC_OK;
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
  b->title = workbook_add_format(b->wb);
  b->wrap = workbook_add_format(b->wb);
  if (!b->bold || !b->group || !b->title || !b->wrap)
    return rc_fail_nomem(b->ctx);
  format_set_bold(b->title);
  format_set_font_size(b->title, 14);
  format_set_text_wrap(b->wrap);
  format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
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
  /* depths: one blue, deeper as the depth reaches further; red is kept
   * for what does not fit */
  b->depth[0] = colour(b, 0xEEF4FC, 0x0B2545);
  b->depth[1] = colour(b, 0xD6E6F8, 0x0B2545);
  b->depth[2] = colour(b, 0xB4CFF0, 0x0B2545);
  b->depth[3] = colour(b, 0x8DB5E6, 0x0B2545);
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

static lxw_format *sheet_format(const sheet *s, size_t col, const char *v)
{
  size_t i;
  if (!s->rows)
    return s->b->bold;
  if (s->wrap_from && col >= s->wrap_from)
    return s->b->wrap;
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

int rc_xl__sheet_row(void *sink, const char *const *cells, size_t n)
{
  sheet *s = sink;
  size_t c;
  int error;
  if (!s->cols) {
    s->cols = s->order ? s->ncols : n;
    s->width = rc_calloc(s->cols ? s->cols : 1, sizeof(*s->width));
    if (!s->width)
      return rc_fail_nomem(s->b->ctx);
  }
  /* the last row is kept for the note saying how many were left out */
  if (s->rows >= XL_ROWS - 1) {
    s->skipped++;
    return RC_OK;
  }
  if (s->wrap_from && s->rows) {
    /* wrapped text: the row as high as its longest wrapped cell (rows
     * stream out, so no reader would size them) */
    size_t lines = 1, len;
    for (c = s->wrap_from; c < s->cols; c++) {
      size_t at = s->order ? s->order[c] : c;
      len = at < n ? strlen(cells[at]) : 0;
      if (s->wrap_width && (len + s->wrap_width - 1) / s->wrap_width > lines)
        lines = (len + s->wrap_width - 1) / s->wrap_width;
    }
    if (lines > 1)
      worksheet_set_row(s->ws, (lxw_row_t)s->rows,
                        15.0 * (double)(lines > 20 ? 20 : lines), NULL);
  }
  for (c = 0; c < s->cols; c++) {
    const char *v;
    size_t w;
    if (s->order) {
      v = s->order[c] < n ? cells[s->order[c]] : "";
      if (!s->rows && s->labels[c])
        v = s->labels[c];
    } else {
      v = c < n ? cells[c] : "";
    }
    w = rc_xl__text_width(v);
    error = rc_xl__put(s->b, s->ws, s->rows, c, v, sheet_format(s, c, v));
    if (error < 0)
      return error;
    if (w > s->width[c])
      s->width[c] = w;
  }
  s->rows++;
  return RC_OK;
}

void rc_xl__page_setup(book *b, lxw_worksheet *ws, size_t repeat_rows,
                       int fit_width)
{
  char footer[] = "&L&A&RPage &P of &N";
  lxw_header_footer_options none;
  memset(&none, 0, sizeof(none));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  if (repeat_rows)
    worksheet_repeat_rows(ws, 0, (lxw_row_t)(repeat_rows - 1));
  if (fit_width)
    worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_header_opt(ws, b->header, &none);
  worksheet_set_footer_opt(ws, footer, &none);
}

/* Note, widths, frozen header row and autofilter, once the rows are in. */
int rc_xl__sheet_finish(sheet *s)
{
  size_t c;
  int error = RC_OK;
  if (s->skipped) {
    char note[128];
    snprintf(note, sizeof(note),
             "%zu more rows left out: Excel allows %lu rows", s->skipped,
             (unsigned long)XL_ROWS);
    error = rc_xl__put(s->b, s->ws, XL_ROWS - 1, 0, note, s->b->bold);
    s->rows = XL_ROWS;
  }
  for (c = 0; !error && c < s->cols; c++)
    /* the header gets room for the autofilter button */
    error = rc_xl__set_width(
        s->b, s->ws, c,
        s->wrap_from && c >= s->wrap_from ? s->wrap_width : s->width[c] + 2,
        NULL);
  if (error < 0)
    return error;
  worksheet_freeze_panes(s->ws, 1, s->order ? 1 : 0);
  rc_xl__page_setup(s->b, s->ws, 1, 1);
  if (s->cols) {
    lxw_error e = worksheet_autofilter(s->ws, 0, 0,
                                       (lxw_row_t)(s->rows ? s->rows - 1 : 0),
                                       (lxw_col_t)(s->cols - 1));
    if (e)
      return rc_xl__fail(s->b->ctx, e);
  }
  return RC_OK;
}

int rc_xl__add_sheet(book *b, lxw_worksheet **out, const char *name)
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

/* Licence fit: the fit CSV's columns with the role name first and the id
 * last, under the names people use. */
static int fit_sheet(book *b, rc_model *const *models, const rc_rulepack *pack,
                     const rc_analysis *an, const rc_prices *prices)
{
  size_t n = rc_view__fit_cols(pack), nlic = n - RC_FIT_FIXED_COLS, k, c = 0;
  size_t *order = rc_malloc(n * sizeof(*order));
  const char **labels = rc_calloc(n, sizeof(*labels));
  char cost[64];
  sheet s;
  int error;
  if (!order || !labels) {
    rc_free(order);
    rc_free(labels);
    return rc_fail_nomem(b->ctx);
  }
  snprintf(cost, sizeof(cost), "Cost per user and month%s%s%s",
           prices ? " (" : "", prices ? rc_prices_currency(prices) : "",
           prices ? ")" : "");
#define COL(i, label) (order[c] = (i), labels[c++] = (label))
  COL(3, "Role");
  COL(1, "Kind");
  COL(0, "Solution");
  COL(4, "Evaluated as");
  COL(5, "Assigned by");
  for (k = 0; k < nlic; k++)
    COL(6 + k, NULL); /* the licence's own name */
  COL(6 + nlic, "Smallest licence");
  COL(8 + nlic, cost);
  COL(9 + nlic, "Cost basis");
  COL(7 + nlic, "Why");
  COL(2, "Role id");
#undef COL
  memset(&s, 0, sizeof(s));
  s.b = b;
  s.order = order;
  s.labels = labels;
  s.ncols = c;
  s.fit_first = 5;
  s.fit_end = 5 + nlic;
  error = rc_xl__add_sheet(b, &s.ws, "Licence fit");
  if (!error)
    error = rc_view__fit_rows(models, pack, an, prices, rc_xl__sheet_row, &s);
  if (!error)
    error = rc_xl__sheet_finish(&s);
  rc_free(s.width);
  rc_free(order);
  rc_free(labels);
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
  error = rc_xl__add_sheet(b, &s.ws, "Users");
  if (!error)
    error = rc_view__users_rows(models, users, redact, rc_xl__sheet_row, &s);
  if (!error)
    error = rc_xl__sheet_finish(&s);
  rc_free(s.width);
  if (error)
    return error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  error = rc_xl__add_sheet(b, &s.ws, "Roles held");
  if (!error)
    error = rc_view__user_roles_rows(models, users, rc_xl__sheet_row, &s);
  if (!error)
    error = rc_xl__sheet_finish(&s);
  rc_free(s.width);
  return error;
}

/* Findings: the findings CSV's columns, the role's name before its kind
 * and solution, the message before the location, the id last. */
static int findings_sheet(book *b, rc_model *const *models,
                          const rc_analysis *an)
{
  static const size_t order[RC_FINDINGS_COLS] = {0, 1,  2,  3,  7,  5,  4,  8,
                                                 9, 10, 11, 12, 14, 15, 13, 6};
  static const char *const labels[RC_FINDINGS_COLS] = {
      "Severity", "State",    "Rule",    "Rule name",          "Role",
      "Kind",     "Solution", "Table",   "Privilege",          "Depth",
      "Scope",    "App",      "Finding", "Suppression reason", "Location",
      "Role id"};
  sheet s;
  int error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  s.severity_column = 1;
  s.order = order;
  s.labels = labels;
  s.ncols = RC_FINDINGS_COLS;
  error = rc_xl__add_sheet(b, &s.ws, "Findings");
  if (!error)
    error = rc_view__findings_rows(models, an, rc_xl__sheet_row, &s);
  if (!error)
    error = rc_xl__sheet_finish(&s);
  rc_free(s.width);
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

/* The printed pages' header: the inputs on the left, the rule pack on the
 * right ("&" doubled, as header codes start with it; cut to Excel's 255
 * characters). */
static void page_header(book *b, const rc_render *rd)
{
  size_t at = 0, i, cap = sizeof(b->header) - 64;
  const char *s;
  memcpy(b->header, "&L", 2);
  at = 2;
  for (i = 0; i < rd->count && at < cap; i++) {
    const rc_solution *sol = rc_model_solution(rd->models[i]);
    char part[512];
    snprintf(part, sizeof(part), "%s%s%s%s",
             i ? ", " : "rolecheck: ", rc_view__solution_label(rd->models[i]),
             sol->version[0] ? " " : "", sol->version);
    for (s = part; *s && at < cap; s++) {
      if (*s == '&')
        b->header[at++] = '&';
      b->header[at++] = *s;
    }
  }
  if (rd->pack)
    snprintf(b->header + at, sizeof(b->header) - at, "&RRule pack %s as of %s",
             rc_rulepack_version(rd->pack), rc_rulepack_as_of(rd->pack));
  else
    b->header[at] = '\0';
}

static int build(book *b, const char *path, char *tmpdir, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  lxw_workbook_options wo;
  lxw_doc_properties props;
  rc_digest *digest = NULL;
  size_t i;
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
  page_header(b, rd);
  e = workbook_set_properties(b->wb, &props);
  if (e)
    error = rc_xl__fail(b->ctx, e);
  else
    error = add_formats(b);
  if (!error && rd->check)
    error =
        rc_digest_acquire(&digest, b->ctx, rd) ? rc_fail_nomem(b->ctx) : RC_OK;
  if (!error && digest)
    error = rc_xl__summary_sheet(b, rd, digest);
  if (!error && rd->users)
    error = rc_xl__users_summary_sheet(b, rd);
  if (!error && rd->users)
    error = users_sheets(b, models, rd->users, rd->users_opts->redact);
  if (!error)
    error =
        fit_sheet(b, models, pack, an, rd->check ? rd->check->prices : NULL);
  if (!error && digest)
    error = rc_xl__fix_sheet(b, rd, digest);
  if (!error)
    error = findings_sheet(b, models, an);
  if (!error)
    error = rc_xl__matrix_sheet(b, models, count);
  if (digest)
    rc_digest_release(rd, digest);
  if (error < 0) {
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
  return e ? rc_xl__fail(b->ctx, e) : RC_OK;
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
