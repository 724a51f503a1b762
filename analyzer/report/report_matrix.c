/* The `matrix` view: per role, one row per table with a depth glyph per
 * access right (as the Dynamics role editor shows it), then metadata, misc
 * and unresolved privileges; or CSV for spreadsheets, or JSON. */
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "util/alloc.h"
#include "util/error.h"

static const char *const glyphs[] = {"\xe2\x97\x8b", "\xe2\x97\x94",
                                     "\xe2\x97\x91", "\xe2\x97\x95",
                                     "\xe2\x97\x8f"}; /* ○ ◔ ◑ ◕ ● */
static const char *const letters[] = {"-", "B", "L", "D", "G"};

static int table_shown(const rc_table *t, const rc_view_options *opts)
{
  return rc_pattern_match(opts->table, t->logical_name) ||
         rc_pattern_match(opts->table, t->name) ||
         (t->display_name[0] && rc_pattern_match(opts->table, t->display_name));
}

static void pad(FILE *out, size_t n)
{
  while (n--)
    fputc(' ', out);
}

/* "custom", "microsoft-app (field-service)", "isv (ContosoInspections)":
 * the origin, and its product except the platform's "dataverse". */
static const char *origin_label(const rc_table *t, char *buf, size_t cap)
{
  const char *origin = rc_table_origin_name(t->origin);
  if (t->origin == RC_ORIGIN_PLATFORM || !t->product[0])
    return origin;
  snprintf(buf, cap, "%s (%s)", origin, t->product);
  return buf;
}

static int text_role(FILE *out, const rc_model *m, size_t r,
                     const size_t *order, const size_t *grant_order,
                     const rc_view_options *opts, void *payload)
{
  size_t *shown = payload;
  const rc_role *role = rc_model_role(m, r);
  size_t width = 5, owidth = 6, i, k, g, rows = 0;
  char label[RC_NAME_MAX + 32];
  const char *const *mark = opts->ascii ? letters : glyphs;
  rc_priv_kind kind;

  const rc_solution *sol = rc_model_solution(m);

  if ((*shown)++)
    fputc('\n', out);
  fprintf(out, "role %s %s", role->name, role->id);
  if (role->template_name)
    fprintf(out, " (customises %s)", role->template_name);
  fputc('\n', out);
  if (sol->unique_name[0])
    fprintf(out, "  solution %s %s, ", sol->unique_name, sol->version);
  else
    fputs("  ", out);
  fprintf(out, "at %s:%lu\n", role->file, role->line);

  for (i = 0; i < rc_model_table_count(m); i++) {
    const rc_table *t = rc_model_table(m, i);
    size_t w = strlen(t->name);
    size_t ow = strlen(origin_label(t, label, sizeof(label)));
    if (!rc_model_cell(m, r, i) || !table_shown(t, opts))
      continue;
    if (w > width)
      width = w;
    if (ow > owidth)
      owidth = ow;
  }
  fprintf(out, "  Table");
  pad(out, width - 5);
  fprintf(out, "  Origin");
  pad(out, owidth - 6);
  for (k = 0; k < RC_RIGHT_COUNT; k++)
    fprintf(out, "  %s", rc_right_name((rc_right)k));
  fputc('\n', out);
  for (i = 0; i < rc_model_table_count(m); i++) {
    const rc_table *t = rc_model_table(m, order[i]);
    uint32_t cell = rc_model_cell(m, r, order[i]);
    const char *origin;
    if (!cell || !table_shown(t, opts))
      continue;
    origin = origin_label(t, label, sizeof(label));
    fprintf(out, "  %s", t->name);
    pad(out, width - strlen(t->name));
    fprintf(out, "  %s", origin);
    pad(out, owidth - strlen(origin));
    for (k = 0; k < RC_RIGHT_COUNT; k++) {
      size_t col = strlen(rc_right_name((rc_right)k));
      fputs("  ", out);
      pad(out, (col - 1) / 2);
      fputs(mark[rc_cell_depth(cell, (rc_right)k)], out);
      if (k + 1 < RC_RIGHT_COUNT)
        pad(out, col - 1 - (col - 1) / 2);
    }
    fputc('\n', out);
    rows++;
  }
  if (!rows)
    fprintf(out, "  (no table privileges%s)\n",
            opts->table ? " matching --table" : "");

  /* privileges outside the matrix, grouped by kind, sorted by name */
  for (kind = RC_PRIV_METADATA; kind <= RC_PRIV_UNRESOLVED; kind++) {
    int header = 0;
    for (g = 0; g < role->grant_count; g++) {
      const rc_grant *gr = rc_model_grant(m, r, grant_order[g]);
      const rc_privilege *p = rc_model_privilege(m, gr->privilege);
      if (p->kind != kind)
        continue;
      if (!header) {
        fprintf(out, "  %s privileges:\n",
                kind == RC_PRIV_METADATA ? "Metadata"
                : kind == RC_PRIV_MISC   ? "Miscellaneous"
                                         : "Unresolved");
        header = 1;
      }
      fprintf(out, "    %s %s %s\n", mark[gr->depth], p->name,
              rc_depth_name(gr->depth));
    }
  }
  return RC_OK;
}

int rc_render__matrix_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_view_options *opts = rd->opts;
  size_t shown = 0;
  const char *const *mark = opts->ascii ? letters : glyphs;
  size_t i;
  int error =
      rc_view__each_role(out, ctx, models, count, opts, text_role, &shown);
  size_t roles_shown = shown;
  for (i = 0; !error && i < count; i++)
    error = rc_view__webroles_matrix(out, models[i], opts, &shown);
  /* the depth legend belongs to security roles only */
  if (error < 0 || !roles_shown)
    return error;
  fprintf(out,
          "\n%s none  %s Basic (User)  %s Local (Business Unit)  "
          "%s Deep (Parent: Child BU)  %s Global (Organization)\n"
          "Origin: platform (Dataverse), microsoft-app (a Dynamics 365 or "
          "Power Platform app), accelerator (an industry accelerator), isv "
          "(another publisher's solution), custom\n",
          mark[0], mark[1], mark[2], mark[3], mark[4]);
  return RC_OK;
}

static void csv_row_head(FILE *out, const rc_model *m, const rc_role *role,
                         const char *table)
{
  rc_put_csv(out, rc_view__solution_label(m));
  fputc(',', out);
  rc_put_csv(out, role->id);
  fputc(',', out);
  rc_put_csv(out, role->name);
  fputc(',', out);
  rc_put_csv(out, table);
}

static int csv_role(FILE *out, const rc_model *m, size_t r, const size_t *order,
                    const size_t *grants, const rc_view_options *opts,
                    void *payload)
{
  const rc_role *role = rc_model_role(m, r);
  size_t t, k, g;
  (void)payload;
  for (t = 0; t < rc_model_table_count(m); t++) {
    const rc_table *tb = rc_model_table(m, order[t]);
    uint32_t cell = rc_model_cell(m, r, order[t]);
    if (!cell || !table_shown(tb, opts))
      continue;
    csv_row_head(out, m, role, tb->logical_name);
    for (k = 0; k < RC_RIGHT_COUNT; k++) {
      rc_depth d = rc_cell_depth(cell, (rc_right)k);
      fprintf(out, ",%s", d ? rc_depth_name(d) : "");
    }
    fprintf(out, ",,%s,", rc_table_origin_name(tb->origin));
    rc_put_csv(out, tb->product);
    fputc(',', out);
    rc_put_csv(out, tb->display_name);
    fputs("\r\n", out);
  }
  /* privileges outside the matrix: the privilege name is the table */
  for (g = 0; g < role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, grants[g]);
    const rc_privilege *p = rc_model_privilege(m, gr->privilege);
    if (p->kind == RC_PRIV_TABLE)
      continue;
    csv_row_head(out, m, role, p->name);
    fprintf(out, ",,,,,,,,,%s,,,\r\n", rc_depth_name(gr->depth));
  }
  return RC_OK;
}

int rc_render__matrix_csv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_view_options *opts = rd->opts;
  size_t k;
  /* UTF-8 BOM so spreadsheets show non-ASCII names */
  fputs("\xef\xbb\xbfsolution,role_id,role_name,table", out);
  for (k = 0; k < RC_RIGHT_COUNT; k++)
    fprintf(out, ",%s", rc_right_name((rc_right)k));
  fputs(",privilege_depth,origin,product,display_name\r\n", out);
  return rc_view__each_role(out, ctx, models, count, opts, csv_role, NULL);
}

static json_t *role_matrix_json(const rc_model *m, size_t r,
                                const size_t *order,
                                const rc_view_options *opts)
{
  const rc_role *role = rc_model_role(m, r);
  json_t *tables = json_array(), *other = json_array();
  size_t t, k, g;
  size_t *grants = NULL;
  if (!tables || !other || rc_model_grant_order(&grants, m, r) < 0)
    goto fail;
  for (t = 0; t < rc_model_table_count(m); t++) {
    const rc_table *tb = rc_model_table(m, order[t]);
    uint32_t cell = rc_model_cell(m, r, order[t]);
    json_t *row;
    if (!cell || !table_shown(tb, opts))
      continue;
    row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "table", tb->logical_name,
                    "name", tb->name, "displayName", tb->display_name, "origin",
                    rc_table_origin_name(tb->origin), "product", tb->product,
                    "ownership", rc_ownership_name(tb->ownership));
    for (k = 0; row && k < RC_RIGHT_COUNT; k++) {
      char key[16];
      size_t n = strlen(rc_right_name((rc_right)k)), j;
      for (j = 0; j <= n; j++) {
        char c = rc_right_name((rc_right)k)[j];
        key[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
      if (json_object_set_new(row, key,
                              json_string(rc_depth_name(
                                  rc_cell_depth(cell, (rc_right)k)))) < 0) {
        json_decref(row);
        row = NULL;
      }
    }
    if (!row || json_array_append_new(tables, row) < 0)
      goto fail;
  }
  for (g = 0; g < role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, grants[g]);
    const rc_privilege *p = rc_model_privilege(m, gr->privilege);
    if (p->kind == RC_PRIV_TABLE)
      continue;
    if (json_array_append_new(
            other, json_pack("{s:s, s:s, s:s, s:I}", "privilege", p->name,
                             "kind", rc_priv_kind_name(p->kind), "depth",
                             rc_depth_name(gr->depth), "line",
                             (json_int_t)gr->line)) < 0)
      goto fail;
  }
  rc_model_order_free(grants);
  return json_pack("{s:s, s:s, s:s?, s:s, s:I, s:o, s:o}", "id", role->id,
                   "name", role->name, "template", role->template_name, "file",
                   role->file, "line", (json_int_t)role->line, "tables", tables,
                   "otherPrivileges", other);
fail:
  rc_model_order_free(grants);
  json_decref(tables);
  json_decref(other);
  return NULL;
}

static json_t *input_matrix_json(const rc_model *m, const rc_view_options *opts)
{
  json_t *roles = json_array();
  size_t *order = rc_view__sorted_tables(m);
  size_t r;
  if (!roles || !order)
    goto fail;
  for (r = 0; r < rc_model_role_count(m); r++) {
    if (!rc_pattern_match(opts->role, rc_model_role(m, r)->name))
      continue;
    if (json_array_append_new(roles, role_matrix_json(m, r, order, opts)) < 0)
      goto fail;
  }
  rc_free(order);
  return json_pack("{s:s, s:o, s:o, s:o}", "path", rc_model_path(m), "solution",
                   rc_view__solution_json(m), "roles", roles, "webRoles",
                   rc_view__webroles_json(m, opts));
fail:
  rc_free(order);
  json_decref(roles);
  return NULL;
}

int rc_render__matrix_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  return rc_view__inputs_json(out, ctx, rd->models, rd->count, rd->opts,
                              input_matrix_json);
}

/* check --csv: the role matrix of the roles check --role keeps. */
int rc_render__check_csv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_view_options vo = RC_VIEW_OPTIONS_INIT;
  rc_render mr = *rd;
  vo.format = RC_FORMAT_CSV;
  vo.role = rd->check->role;
  mr.view = RC_VIEW_MATRIX;
  mr.opts = &vo;
  return rc_render__matrix_csv(out, ctx, &mr);
}
