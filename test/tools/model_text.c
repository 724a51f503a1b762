/* A model as text (model_text.h). */
#include "model_text.h"

#include <stdint.h>
#include <stdlib.h>

static const char *str(const char *s)
{
  return s ? s : "(null)";
}

static void tables_text(FILE *out, const rc_model *m)
{
  size_t i;
  for (i = 0; i < rc_model_table_count(m); i++) {
    const rc_table *t = rc_model_table(m, i);
    fprintf(out,
            "table %s name=%s display=%s own=%s defined=%d shape=%d "
            "activity=%d is_own=%d file=%s line=%lu origin=%s product=%s "
            "bpf=%d\n",
            t->logical_name, t->name, t->display_name,
            rc_ownership_name(t->ownership), (int)t->defined_in, (int)t->shape,
            t->is_activity, t->is_own, str(t->file), t->line,
            rc_table_origin_name(t->origin), t->product, t->is_bpf);
  }
  for (i = 0; i < rc_model_privilege_count(m); i++) {
    const rc_privilege *p = rc_model_privilege(m, i);
    fprintf(out, "privilege %s kind=%s right=%d table=%ld target=%s\n", p->name,
            rc_priv_kind_name(p->kind), (int)p->right, p->table,
            str(p->target));
  }
}

static void roles_text(FILE *out, const rc_model *m)
{
  size_t r, g;
  for (r = 0; r < rc_model_role_count(m); r++) {
    const rc_role *ro = rc_model_role(m, r);
    fprintf(out,
            "role %s guid=%s name=%s file=%s line=%lu inherited=%d auto=%d "
            "template=%s grants=%zu elements=%zu apps=%zu\n",
            ro->id, ro->guid, ro->name, ro->file, ro->line, ro->is_inherited,
            ro->is_auto_assigned, str(ro->template_name), ro->grant_count,
            ro->element_count, rc_model_role_app_count(m, r));
    for (g = 0; g < ro->grant_count; g++) {
      const rc_grant *gr = rc_model_grant(m, r, g);
      fprintf(out, "  grant %s depth=%s line=%lu duplicates=%u\n",
              rc_model_privilege(m, gr->privilege)->name,
              rc_depth_name((rc_depth)gr->depth), (unsigned long)gr->line,
              (unsigned)gr->duplicates);
    }
  }
}

static void apps_text(FILE *out, const rc_model *m)
{
  size_t i, k;
  for (i = 0; i < rc_model_app_count(m); i++) {
    const rc_app *a = rc_model_app(m, i);
    fprintf(out, "app %s display=%s file=%s line=%lu\n", a->unique_name,
            str(a->display_name), str(a->file), a->line);
    for (k = 0; k < a->table_count; k++)
      fprintf(out, "  table %s\n", a->tables[k]);
    for (k = 0; k < a->role_count; k++)
      fprintf(out, "  role %s\n", a->role_ids[k]);
  }
  for (i = 0; i < rc_model_profile_count(m); i++) {
    const rc_field_profile *p = rc_model_profile(m, i);
    fprintf(out, "profile %s name=%s file=%s line=%lu permissions=%zu\n", p->id,
            str(p->name), str(p->file), p->line, p->permission_count);
  }
}

static void portal_text(FILE *out, const rc_model *m)
{
  size_t i, k;
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    fprintf(out,
            "webrole %s name=%s anonymous=%d authenticated=%d file=%s "
            "line=%lu\n",
            w->id, str(w->name), w->anonymous, w->authenticated, str(w->file),
            w->line);
  }
  for (i = 0; i < rc_model_permission_count(m); i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    fprintf(out,
            "permission %s name=%s table=%s scope=%ld rights=%u parent=%s "
            "rel=%s contact=%s account=%s inherited=%d file=%s line=%lu\n",
            p->id, str(p->name), str(p->table), p->scope, p->rights,
            str(p->parent), str(p->parent_relationship),
            str(p->contact_relationship), str(p->account_relationship),
            p->inherited, str(p->file), p->line);
    for (k = 0; k < p->webrole_count; k++)
      fprintf(out, "  webrole %s\n", p->webroles[k]);
  }
}

int rc_test_model_text(FILE *out, rc_ctx *ctx, const rc_rulepack *pack,
                       rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  rc_assignments *assign = NULL;
  rc_analysis *an = NULL;
  rc_check_options co = RC_CHECK_OPTIONS_INIT;
  size_t i, privileges;
  uint64_t hash;
  int error;
  fprintf(out,
          "path %s\nsolution %s display=%s version=%s managed=%d "
          "publisher=%s prefix=%s roots=%zu canvas=%zu\n",
          rc_model_path(m), s->unique_name, s->display_name, s->version,
          s->managed, s->publisher, s->prefix, s->root_component_count,
          s->canvas_app_count);
  for (i = 0; i < rc_model_file_count(m); i++)
    fprintf(out, "file %s\n", rc_model_file(m, i));
  rc_model_stats(m, &privileges, &hash);
  fprintf(out, "stats %zu %016llx\n", privileges, (unsigned long long)hash);
  tables_text(out, m);
  roles_text(out, m);
  apps_text(out, m);
  portal_text(out, m);
  error = rc_assignments_new(&assign);
  if (!error)
    error = rc_analyze(&an, ctx, pack, assign, &m, 1);
  if (!error) {
    co.format = RC_FORMAT_JSON;
    co.fail_on = 0;
    error = rc_view_check(out, ctx, &m, 1, pack, an, &co);
  }
  rc_analysis_free(an);
  rc_assignments_free(assign);
  return error;
}

int rc_test_load_text(char **text, rc_ctx *ctx, const rc_rulepack *pack,
                      const rc_input_list *inputs, size_t i, int strict)
{
  rc_limits limits = *rc_ctx_limits(ctx);
  rc_model *m = NULL;
  size_t size = 0;
  FILE *out;
  int error;
  *text = NULL;
  limits.strict_xml = (uint32_t)strict;
  rc_ctx_set_limits(ctx, &limits);
  error = rc_model_load(&m, ctx, inputs, i);
  if (error < 0)
    return error;
  out = open_memstream(text, &size);
  if (!out) {
    rc_model_free(m);
    return RC_ENOMEM;
  }
  error = rc_test_model_text(out, ctx, pack, m);
  fclose(out);
  rc_model_free(m);
  if (error < 0) {
    free(*text);
    *text = NULL;
  }
  return error;
}
