/* The `roles` view: one line per role, web role and table permission (TSV
 * contract), a readable list, or JSON with the solution, roles, apps and
 * field security profiles. */
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "util/error.h"

int rc_render__roles_tsv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_view_options *opts = rd->opts;
  size_t i, r;
  for (i = 0; i < count; i++) {
    int error;
    const rc_model *m = models[i];
    for (r = 0; r < rc_model_role_count(m); r++) {
      const rc_role *role = rc_model_role(m, r);
      if (!rc_pattern_match(opts->role, role->name))
        continue;
      rc_put_tsv(out, rc_model_path(m));
      fputs("\trole\t", out);
      rc_put_tsv(out, role->id);
      fputc('\t', out);
      rc_put_tsv(out, role->name);
      fprintf(out, "\t%lu\n", (unsigned long)role->grant_count);
    }
    error = rc_view__webroles_tsv(out, ctx, m, opts);
    if (error < 0)
      return error;
  }
  return RC_OK;
}

static void print_solution_line(FILE *out, const rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  fprintf(out, "%s\n", rc_model_path(m));
  if (s->unique_name[0])
    fprintf(out, "  solution %s %s (%s), publisher %s, prefix %s\n",
            s->unique_name, s->version[0] ? s->version : "?",
            rc_view__managed(s->managed), s->publisher[0] ? s->publisher : "?",
            s->prefix[0] ? s->prefix : "?");
  else
    fprintf(out, "  no solution manifest\n");
}

int rc_render__roles_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_view_options *opts = rd->opts;
  (void)ctx;
  size_t i, r, a;
  for (i = 0; i < count; i++) {
    const rc_model *m = models[i];
    size_t shown = 0;
    if (i)
      fputc('\n', out);
    print_solution_line(out, m);
    for (r = 0; r < rc_model_role_count(m); r++) {
      const rc_role *role = rc_model_role(m, r);
      rc_role_counts c;
      if (!rc_pattern_match(opts->role, role->name))
        continue;
      rc_view__counts(m, r, &c);
      fprintf(out, "  role %s %s\n", role->name, role->id);
      if (role->template_name)
        fprintf(out, "    customises the out-of-box role %s\n",
                role->template_name);
      fprintf(out,
              "    %lu privileges: %lu tables, %lu metadata, %lu misc, "
              "%lu unresolved\n",
              (unsigned long)role->grant_count, (unsigned long)c.tables,
              (unsigned long)c.metadata, (unsigned long)c.misc,
              (unsigned long)c.unresolved);
      fprintf(out, "    at %s:%lu\n", role->file, role->line);
      shown++;
    }
    if (!shown && !rc_model_webrole_count(m))
      fprintf(out, "  no roles\n");
    rc_view__webroles_list(out, m, opts);
    for (a = 0; a < rc_model_app_count(m); a++) {
      const rc_app *app = rc_model_app(m, a);
      fprintf(out, "  app %s%s%s%s: %lu tables, %lu role maps\n",
              app->unique_name, app->display_name ? " (" : "",
              app->display_name ? app->display_name : "",
              app->display_name ? ")" : "", (unsigned long)app->table_count,
              (unsigned long)app->role_count);
    }
    for (a = 0; a < rc_model_profile_count(m); a++) {
      const rc_field_profile *fp = rc_model_profile(m, a);
      fprintf(out, "  field security profile %s: %lu field permissions\n",
              fp->name, (unsigned long)fp->permission_count);
    }
  }
  return RC_OK;
}

static json_t *flag_json(int v)
{
  return v < 0 ? json_null() : json_boolean(v);
}

static json_t *role_json(const rc_model *m, size_t r)
{
  const rc_role *role = rc_model_role(m, r);
  rc_role_counts c;
  rc_view__counts(m, r, &c);
  return json_pack(
      "{s:s, s:s, s:s, s:s?, s:o, s:o, s:I, s:I, s:I, s:I, "
      "s:I, s:s, s:I}",
      "id", role->id, "guid", role->guid, "name", role->name, "template",
      role->template_name, "isInherited", flag_json(role->is_inherited),
      "isAutoAssigned", flag_json(role->is_auto_assigned), "privileges",
      (json_int_t)role->grant_count, "tables", (json_int_t)c.tables, "metadata",
      (json_int_t)c.metadata, "misc", (json_int_t)c.misc, "unresolved",
      (json_int_t)c.unresolved, "file", role->file, "line",
      (json_int_t)role->line);
}

static json_t *strings_json(const char *const *items, size_t n)
{
  json_t *arr = json_array();
  size_t i;
  for (i = 0; arr && i < n; i++) {
    if (json_array_append_new(arr, json_string(items[i])) < 0) {
      json_decref(arr);
      return NULL;
    }
  }
  return arr;
}

static json_t *input_json(const rc_model *m, const rc_view_options *opts)
{
  json_t *roles = json_array(), *apps = json_array(), *fsps = json_array();
  size_t r;
  if (!roles || !apps || !fsps)
    goto fail;
  for (r = 0; r < rc_model_role_count(m); r++) {
    if (!rc_pattern_match(opts->role, rc_model_role(m, r)->name))
      continue;
    if (json_array_append_new(roles, role_json(m, r)) < 0)
      goto fail;
  }
  for (r = 0; r < rc_model_app_count(m); r++) {
    const rc_app *a = rc_model_app(m, r);
    if (json_array_append_new(
            apps, json_pack("{s:s, s:s?, s:o, s:o, s:s, s:I}", "uniqueName",
                            a->unique_name, "displayName", a->display_name,
                            "tables", strings_json(a->tables, a->table_count),
                            "roleIds", strings_json(a->role_ids, a->role_count),
                            "file", a->file, "line", (json_int_t)a->line)) < 0)
      goto fail;
  }
  for (r = 0; r < rc_model_profile_count(m); r++) {
    const rc_field_profile *fp = rc_model_profile(m, r);
    if (json_array_append_new(
            fsps, json_pack("{s:s, s:s, s:I, s:s, s:I}", "id", fp->id, "name",
                            fp->name, "fieldPermissions",
                            (json_int_t)fp->permission_count, "file", fp->file,
                            "line", (json_int_t)fp->line)) < 0)
      goto fail;
  }
  return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "path", rc_model_path(m),
                   "solution", rc_view__solution_json(m), "roles", roles,
                   "apps", apps, "fieldSecurityProfiles", fsps, "webRoles",
                   rc_view__webroles_json(m, opts));
fail:
  json_decref(roles);
  json_decref(apps);
  json_decref(fsps);
  return NULL;
}

int rc_view__inputs_json(FILE *out, rc_ctx *ctx, rc_model *const *models,
                         size_t count, const rc_view_options *opts,
                         json_t *(*one)(const rc_model *,
                                        const rc_view_options *))
{
  json_t *inputs = json_array();
  size_t i;
  if (!inputs)
    return rc_fail_nomem(ctx);
  for (i = 0; i < count; i++) {
    json_t *item = one(models[i], opts);
    if (!item || json_array_append_new(inputs, item) < 0) {
      json_decref(inputs);
      return rc_fail_nomem(ctx);
    }
  }
  return rc_view__dump_json(
      out, ctx, json_pack("{s:s, s:o}", "tool", "rolecheck", "inputs", inputs),
      "JSON");
}

int rc_render__roles_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  return rc_view__inputs_json(out, ctx, rd->models, rd->count, rd->opts,
                              input_json);
}
