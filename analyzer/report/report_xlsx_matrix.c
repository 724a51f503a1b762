/* The xlsx workbook's Matrix sheet: one group of columns per role (its
 * name, solution and id above), one row per table or other privilege, the
 * same cells as the matrix CSV; printed one role per page. */
#include <stdlib.h>
#include <string.h>

#include "report/xlsx.h"
#include "util/alloc.h"
#include "util/error.h"

#define MATRIX_HEAD 4 /* header rows: role, solution, id, columns */
#define ROLE_COLS   (RC_RIGHT_COUNT + 1) /* the rights, then privilege depth */
/* columns: A the table or privilege, B its display name, C its origin, D its
 * product, then a group of ROLE_COLS per role */
#define COL_DISPLAY    1
#define COL_ORIGIN     2
#define COL_PRODUCT    3
#define FIRST_ROLE_COL 4

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
  size_t width;         /* widest name, in characters */
  size_t display_width; /* widest display name */
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
  static const char *const labels[MATRIX_HEAD] = {"Role", "Solution", "Role id",
                                                  "Table"};
  char note[128];
  size_t row, r, k;
  int error = RC_OK;
  if (x->left_out)
    snprintf(note, sizeof(note), "%zu roles left out: Excel allows %lu columns",
             x->left_out, (unsigned long)XL_COLS);
  for (row = 0; !error && row < MATRIX_HEAD; row++) {
    error =
        rc_xl__put(x->b, x->ws, row, 0,
                   row == 0 && x->left_out ? note : labels[row], x->b->bold);
    if (row == 3 && !error)
      error =
          rc_xl__put(x->b, x->ws, row, COL_DISPLAY, "Display name", x->b->bold);
    if (row == 3 && !error)
      error = rc_xl__put(x->b, x->ws, row, COL_ORIGIN, "Origin", x->b->bold);
    if (row == 3 && !error)
      error = rc_xl__put(x->b, x->ws, row, COL_PRODUCT, "Product", x->b->bold);
    for (r = 0; !error && r < x->nroles; r++) {
      const mrole *ro = &x->roles[r];
      const rc_role *role = rc_model_role(ro->m, ro->r);
      size_t col = FIRST_ROLE_COL + r * ROLE_COLS;
      if (row == 0)
        error = rc_xl__merge(x->b, x->ws, row, col, ROLE_COLS, role->name);
      else if (row == 1)
        error = rc_xl__merge(x->b, x->ws, row, col, ROLE_COLS,
                             rc_view__solution_label(ro->m));
      else if (row == 2)
        error = rc_xl__merge(x->b, x->ws, row, col, ROLE_COLS, role->id);
      for (k = 0; row == 3 && !error && k < ROLE_COLS; k++)
        error = rc_xl__put(x->b, x->ws, row, col + k,
                           k < RC_RIGHT_COUNT ? rc_right_name((rc_right)k)
                                              : "Privilege depth",
                           x->b->bold);
    }
  }
  return error;
}

/* One table row: its display name, origin and product (as the first input
 * holding it says), then each kept role's depth per right. */
static int matrix_table_row(matrix *x, size_t row, const char *name)
{
  size_t i, r, k;
  int error = RC_OK;
  for (i = 0; i < x->count; i++) {
    const rc_table *t = rc_model_table_by_name(x->mm[i].m, name);
    size_t w;
    if (!t)
      continue;
    w = rc_xl__text_width(t->display_name);
    if (w > x->display_width)
      x->display_width = w;
    if (t->display_name[0])
      error = rc_xl__put(x->b, x->ws, row, COL_DISPLAY, t->display_name, NULL);
    if (!error)
      error = rc_xl__put(x->b, x->ws, row, COL_ORIGIN,
                         rc_table_origin_name(t->origin), NULL);
    if (!error && t->product[0])
      error = rc_xl__put(x->b, x->ws, row, COL_PRODUCT, t->product, NULL);
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
          error = rc_xl__put(x->b, x->ws, row, col + k, rc_depth_name(d), NULL);
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
    error = rc_xl__put(x->b, x->ws, row,
                       FIRST_ROLE_COL + r * ROLE_COLS + RC_RIGHT_COUNT,
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
    size_t row = MATRIX_HEAD + i, w = rc_xl__text_width(x->names[i]);
    if (w > x->width)
      x->width = w;
    error = rc_xl__put(x->b, x->ws, row, 0, x->names[i], NULL);
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
    error = rc_xl__put(x->b, x->ws, *last, 0, note, x->b->bold);
  }
  return error;
}

/* A column's width in characters, as rc_xl__set_width() makes it. */
static size_t col_chars(size_t text)
{
  size_t w = text + 2;
  return w < 8 ? 8 : w > 80 ? 80 : w;
}

/* The display name column's width: its widest name, at most 30 characters
 * (the cell holds a longer one whole), never narrower than its header. */
static size_t display_cols(const matrix *x)
{
  size_t w = x->display_width > 30 ? 30 : x->display_width;
  return w < strlen("Display name") ? strlen("Display name") : w;
}

/* On paper: a page per role (a break before each role's group, the table
 * columns and header rows repeated), at the scale that fits the widest
 * group on an A4 landscape page. */
static int print_setup(matrix *x)
{
  /* characters across an A4 landscape page at 100 %, less the margins */
  const double page = 95.0;
  size_t chars = col_chars(x->width) + col_chars(display_cols(x)) +
                 col_chars(strlen("microsoft-app")) +
                 col_chars(strlen("project-operations")) +
                 col_chars(strlen("Privilege depth")),
         k;
  lxw_col_t *breaks;
  size_t r, n = x->nroles > 1 ? x->nroles - 1 : 0;
  double scale;
  for (k = 0; k < RC_RIGHT_COUNT; k++)
    chars += col_chars(strlen(rc_right_name((rc_right)k)));
  scale = 100.0 * page / (double)chars;
  rc_xl__page_setup(x->b, x->ws, MATRIX_HEAD, 0);
  worksheet_repeat_columns(x->ws, 0, FIRST_ROLE_COL - 1);
  worksheet_set_print_scale(x->ws, scale >= 100 ? 100
                                   : scale < 25 ? 25
                                                : (uint16_t)scale);
  if (n > 1022)
    n = 1022; /* Excel's limit of manual breaks */
  if (!n)
    return RC_OK;
  breaks = rc_calloc(n + 1, sizeof(*breaks));
  if (!breaks)
    return rc_fail_nomem(x->b->ctx);
  for (r = 0; r < n; r++)
    breaks[r] = (lxw_col_t)(FIRST_ROLE_COL + (r + 1) * ROLE_COLS);
  worksheet_set_v_pagebreaks(x->ws, breaks);
  rc_free(breaks);
  return RC_OK;
}

/* Widths, outline, frozen headers and the depth colours. */
static int matrix_finish(matrix *x, size_t last)
{
  static const char *const depths[4] = {"\"Basic\"", "\"Local\"", "\"Deep\"",
                                        "\"Global\""};
  lxw_row_col_options detail = {0, 1, 0};
  size_t r, k, d;
  int error = rc_xl__set_width(x->b, x->ws, 0, x->width, NULL);
  if (!error)
    error = rc_xl__set_width(x->b, x->ws, COL_DISPLAY, display_cols(x), NULL);
  if (!error)
    error = rc_xl__set_width(x->b, x->ws, COL_ORIGIN, strlen("microsoft-app"),
                             NULL);
  if (!error)
    error = rc_xl__set_width(x->b, x->ws, COL_PRODUCT,
                             strlen("project-operations"), NULL);
  /* Each role's rights are outline level 1 and its privilege_depth column
   * stays at level 0: adjacent level-1 columns would form one outline
   * group, and a role could not be collapsed on its own. */
  for (r = 0; !error && r < x->nroles; r++) {
    size_t col = FIRST_ROLE_COL + r * ROLE_COLS;
    for (k = 0; !error && k < RC_RIGHT_COUNT; k++)
      error = rc_xl__set_width(x->b, x->ws, col + k,
                               strlen(rc_right_name((rc_right)k)), &detail);
    if (!error)
      error = rc_xl__set_width(x->b, x->ws, col + RC_RIGHT_COUNT,
                               strlen("Privilege depth"), NULL);
  }
  if (error < 0)
    return error;
  worksheet_freeze_panes(x->ws, MATRIX_HEAD, 1);
  error = print_setup(x);
  if (error < 0)
    return error;
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
      return rc_xl__fail(x->b->ctx, e);
  }
  return RC_OK;
}

int rc_xl__matrix_sheet(book *b, rc_model *const *models, size_t count)
{
  matrix x;
  size_t i, last = 0;
  int error;
  memset(&x, 0, sizeof(x));
  x.b = b;
  x.models = models;
  x.count = count;
  x.width = strlen("role_id");
  error = rc_xl__add_sheet(b, &x.ws, "Matrix");
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
