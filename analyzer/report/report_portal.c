/* Web roles and table permissions in the roles and matrix views: a web
 * role's rows give the rights and the scope per table. */
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "util/alloc.h"
#include "util/error.h"

static const char *const perm_names[] = {"Create", "Read",   "Write",
                                         "Delete", "Append", "AppendTo"};

static const char *default_tag(const rc_webrole *w)
{
  return w->anonymous       ? " (Anonymous Users: every visitor)"
         : w->authenticated ? " (Authenticated Users: every signed-in contact)"
                            : "";
}

static size_t linked(const rc_model *m, const char *id)
{
  size_t i, n = 0;
  for (i = 0; i < rc_model_permission_count(m); i++)
    n += rc_permission_has_webrole(rc_model_permission(m, i), id);
  return n;
}

void rc_view__webroles_list(FILE *out, const rc_model *m,
                            const rc_view_options *opts)
{
  size_t i;
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    if (!rc_pattern_match(opts->role, w->name))
      continue;
    fprintf(out, "  web role %s %s%s: %lu table permissions\n", w->name, w->id,
            default_tag(w), (unsigned long)linked(m, w->id));
  }
  if (rc_model_permission_count(m))
    fprintf(out, "  %lu table permissions\n",
            (unsigned long)rc_model_permission_count(m));
}

/* ---- TSV: web roles and table permissions in document order ---- */

/* A web role (kind 0) or a table permission (kind 1), placed by the file
 * and line it was read from. Documents are read in sorted name order, so
 * (file, line) is the order of the components in the input. */
typedef struct {
  const char *file;
  unsigned long line;
  int kind;
  size_t index;
} portal_item;

static int cmp_portal_item(const void *a, const void *b)
{
  const portal_item *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* With --role, a permission is listed when a web role it applies to
 * (its own or its parent's) is. */
static int permission_selected(const rc_model *m, const rc_table_permission *p,
                               const rc_view_options *opts)
{
  size_t i;
  if (!opts->role)
    return 1;
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    if (rc_permission_has_webrole(p, w->id) &&
        rc_pattern_match(opts->role, w->name))
      return 1;
  }
  return 0;
}

static void put_ids(FILE *out, const char *const *ids, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    if (i)
      fputc(';', out);
    rc_put_tsv(out, ids[i]);
  }
}

static void webrole_tsv(FILE *out, const rc_model *m, const rc_webrole *w)
{
  rc_put_tsv(out, rc_model_path(m));
  fputs("\twebrole\t", out);
  rc_put_tsv(out, w->id);
  fputc('\t', out);
  rc_put_tsv(out, w->name);
  fprintf(out, "\t\t\t\t\t%s%s%s\t\t\t\n", w->anonymous ? "anon" : "",
          w->anonymous && w->authenticated ? "," : "",
          w->authenticated ? "auth" : "");
}

static void permission_tsv(FILE *out, const rc_model *m,
                           const rc_table_permission *p)
{
  static const char letters[] = "crwdat"; /* RC_PERM_* bit order */
  /* an inherited list is the parent's: the permission has none of its own */
  size_t own = p->inherited ? 0 : p->webrole_count, k;
  rc_put_tsv(out, rc_model_path(m));
  fputs("\ttablepermission\t", out);
  rc_put_tsv(out, p->id);
  fputc('\t', out);
  rc_put_tsv(out, p->name);
  fputc('\t', out);
  rc_put_tsv(out, p->table);
  fputc('\t', out);
  if (p->scope)
    fprintf(out, "%ld", p->scope);
  fputc('\t', out);
  for (k = 0; k < 6; k++) {
    if (p->rights & (1u << k))
      fputc(letters[k], out);
  }
  fprintf(out, "\t%lu\t\t", (unsigned long)own);
  put_ids(out, p->webroles, own);
  fputc('\t', out);
  put_ids(out, p->webroles, p->webrole_count);
  fputc('\t', out);
  if (p->parent)
    rc_put_tsv(out, p->parent);
  fputc('\n', out);
}

int rc_view__webroles_tsv(FILE *out, rc_ctx *ctx, const rc_model *m,
                          const rc_view_options *opts)
{
  size_t nw = rc_model_webrole_count(m), np = rc_model_permission_count(m);
  size_t n = 0, i;
  portal_item *items;
  if (!nw && !np)
    return RC_OK;
  items = rc_malloc((nw + np) * sizeof(*items));
  if (!items)
    return rc_fail_nomem(ctx);
  for (i = 0; i < nw; i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    if (!rc_pattern_match(opts->role, w->name))
      continue;
    items[n++] = (portal_item){w->file, w->line, 0, i};
  }
  for (i = 0; i < np; i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    if (!permission_selected(m, p, opts))
      continue;
    items[n++] = (portal_item){p->file, p->line, 1, i};
  }
  qsort(items, n, sizeof(*items), cmp_portal_item);
  for (i = 0; i < n; i++) {
    if (items[i].kind)
      permission_tsv(out, m, rc_model_permission(m, items[i].index));
    else
      webrole_tsv(out, m, rc_model_webrole(m, items[i].index));
  }
  rc_free(items);
  return RC_OK;
}

static void permission_row(FILE *out, const rc_model *m,
                           const rc_table_permission *p, size_t width,
                           int ascii)
{
  size_t k;
  const char *yes = ascii ? "x" : "\xe2\x9c\x93"; /* ✓ */
  fprintf(out, "  %-*s", (int)width, p->table);
  for (k = 0; k < 6; k++) {
    size_t col = strlen(perm_names[k]);
    fprintf(out, "  %*s%s%*s", (int)((col - 1) / 2), "",
            (p->rights & (1u << k)) ? yes : "-", (int)(col - 1 - (col - 1) / 2),
            "");
  }
  fprintf(out, "  %-7s %s", rc_scope_name(p->scope), p->name);
  if (p->parent) {
    size_t i;
    const char *parent = p->parent;
    for (i = 0; i < rc_model_permission_count(m); i++) {
      if (!strcmp(rc_model_permission(m, i)->id, p->parent))
        parent = rc_model_permission(m, i)->name;
    }
    fprintf(out, " (under '%s'%s%s%s)", parent,
            p->parent_relationship ? " via " : "",
            p->parent_relationship ? p->parent_relationship : "",
            p->inherited ? ", its web roles" : "");
  }
  fputc('\n', out);
}

static void header(FILE *out, size_t width)
{
  size_t k;
  fprintf(out, "  %-*s", (int)width, "Table");
  for (k = 0; k < 6; k++)
    fprintf(out, "  %s", perm_names[k]);
  fprintf(out, "  Scope   Permission\n");
}

int rc_view__webroles_matrix(FILE *out, const rc_model *m,
                             const rc_view_options *opts, size_t *shown)
{
  size_t i, j, width = 5;
  for (j = 0; j < rc_model_permission_count(m); j++) {
    const rc_table_permission *p = rc_model_permission(m, j);
    if (strlen(p->table) > width)
      width = strlen(p->table);
  }
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    size_t rows = 0;
    if (!rc_pattern_match(opts->role, w->name))
      continue;
    if ((*shown)++)
      fputc('\n', out);
    fprintf(out, "web role %s %s%s\n  at %s:%lu\n", w->name, w->id,
            default_tag(w), w->file, w->line);
    header(out, width);
    for (j = 0; j < rc_model_permission_count(m); j++) {
      const rc_table_permission *p = rc_model_permission(m, j);
      if (!rc_permission_has_webrole(p, w->id) ||
          !(rc_pattern_match(opts->table, p->table)))
        continue;
      permission_row(out, m, p, width, opts->ascii);
      rows++;
    }
    if (!rows)
      fprintf(out, "  (no table permissions)\n");
  }
  /* permissions no web role in the input grants */
  {
    int head = 0;
    for (j = 0; !opts->role && j < rc_model_permission_count(m); j++) {
      const rc_table_permission *p = rc_model_permission(m, j);
      if (p->webrole_count || !rc_pattern_match(opts->table, p->table))
        continue;
      if (!head) {
        if ((*shown)++)
          fputc('\n', out);
        fprintf(out, "table permissions linked to no web role\n");
        header(out, width);
        head = 1;
      }
      permission_row(out, m, p, width, opts->ascii);
    }
  }
  return RC_OK;
}

json_t *rc_view__webroles_json(const rc_model *m, const rc_view_options *opts)
{
  json_t *list = json_array();
  size_t i, j, k;
  for (i = 0; list && i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    json_t *perms = json_array(), *o;
    if (!rc_pattern_match(opts->role, w->name)) {
      json_decref(perms);
      continue;
    }
    for (j = 0; perms && j < rc_model_permission_count(m); j++) {
      const rc_table_permission *p = rc_model_permission(m, j);
      json_t *po;
      if (!rc_permission_has_webrole(p, w->id) ||
          !rc_pattern_match(opts->table, p->table))
        continue;
      po = json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", p->id, "name", p->name,
                     "table", p->table, "scope", rc_scope_name(p->scope),
                     "scopeCode", (json_int_t)p->scope);
      for (k = 0; po && k < 6; k++) {
        char key[16];
        size_t n;
        snprintf(key, sizeof(key), "%s", perm_names[k]);
        for (n = 0; key[n]; n++)
          key[n] =
              (char)(key[n] >= 'A' && key[n] <= 'Z' ? key[n] + 32 : key[n]);
        if (json_object_set_new(po, key, json_boolean(p->rights & (1u << k)))) {
          json_decref(po);
          po = NULL;
        }
      }
      if (po && p->parent &&
          (json_object_set_new(po, "parent", json_string(p->parent)) ||
           json_object_set_new(po, "parentRelationship",
                               p->parent_relationship
                                   ? json_string(p->parent_relationship)
                                   : json_null()))) {
        json_decref(po);
        po = NULL;
      }
      if (!po || json_array_append_new(perms, po)) {
        json_decref(perms);
        perms = NULL;
      }
    }
    o = perms
            ? json_pack("{s:s, s:s, s:b, s:b, s:s, s:I, s:o}", "id", w->id,
                        "name", w->name, "anonymous", w->anonymous,
                        "authenticated", w->authenticated, "file", w->file,
                        "line", (json_int_t)w->line, "tablePermissions", perms)
            : NULL;
    if (!o || json_array_append_new(list, o)) {
      json_decref(list);
      return NULL;
    }
  }
  return list;
}
