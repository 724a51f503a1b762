/* Web roles and table permissions in the roles and matrix views: a web
 * role's rows give the rights and the scope per table. */
#include <string.h>

#include "report/view.h"
#include "util/error.h"

static const char *const perm_names[] = {"Create", "Read",   "Write",
                                         "Delete", "Append", "AppendTo"};

int rc_view__webrole_has(const rc_table_permission *p, const char *id)
{
  size_t i;
  for (i = 0; i < p->webrole_count; i++) {
    if (!strcmp(p->webroles[i], id))
      return 1;
  }
  return 0;
}

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
    n += rc_view__webrole_has(rc_model_permission(m, i), id);
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
      if (!rc_view__webrole_has(p, w->id) ||
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
      if (!rc_view__webrole_has(p, w->id) ||
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
