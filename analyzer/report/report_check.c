/* The `check` view: findings grouped by input and role with their location
 * and fix, the licence-fit table, and a summary; or the versioned JSON
 * document (shape documented in docs/check-json.md). */
#include <string.h>

#include "report/digest.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/error.h"

static const char *state_tag(const rc_finding *f)
{
  return f->state == RC_STATE_BASELINED    ? " [baselined]"
         : f->state == RC_STATE_SUPPRESSED ? " [suppressed]"
                                           : "";
}

static void text_findings(FILE *out, rc_model *const *models,
                          const rc_analysis *an, size_t mi, int color)
{
  const rc_model *m = models[mi];
  size_t i;
  long last_role = -1;
  int last_kind = -1;
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    if (f->model != mi)
      continue;
    if ((long)f->role != last_role || f->webrole != last_kind) {
      const rc_role_fit *fit =
          rc_analysis_role_fit(an, mi, f->role, f->webrole);
      fprintf(out, "  %s %s %s", f->webrole ? "web role" : "role",
              rc_view__subject_name(m, f->role, f->webrole),
              rc_view__subject_id(m, f->role, f->webrole));
      if (fit && fit->profile && !f->webrole)
        fprintf(out, ", evaluated as %s (%s)", fit->profile,
                fit->profile_origin);
      fputc('\n', out);
      last_role = (long)f->role;
      last_kind = f->webrole;
    }
    fputs("    ", out);
    rc_view__put_severity(out, f->severity, color, 7);
    fprintf(out, " %s%s", f->rule->id, state_tag(f));
    rc_view__finding_subject(out, f);
    fprintf(out, " at %s:%lu\n", f->file, f->line);
    fprintf(out, "      %s\n", f->message);
    if (f->state == RC_STATE_SUPPRESSED && f->reason)
      fprintf(out, "      suppressed: %s\n", f->reason);
    else
      fprintf(out, "      fix: %s\n", f->fix);
  }
}

/* "  ...   what if: remove prvA and Power Apps is enough: 20.00, saves
 * 85.00" */
static void text_what_if(FILE *out, const rc_rulepack *pack,
                         const rc_what_if_role *w, size_t width)
{
  char text[1024];
  if (!w)
    return;
  rc_view__what_if_text(text, sizeof(text), pack, w);
  fprintf(out, "  %*s   what if: %s\n", (int)width, "", text);
}

/* Each role's cheapest licence and its cost per user and month. */
static void text_cost(FILE *out, rc_model *const *models,
                      const rc_rulepack *pack, const rc_analysis *an,
                      const rc_check_options *opts, size_t width)
{
  const rc_prices *prices = opts->prices;
  const rc_what_if *what_if = opts->what_if;
  size_t i;
  int any = 0;
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *f = rc_analysis_fit(an, i);
    rc_licence_cost c;
    if (f->webrole)
      continue;
    if (!any++) {
      char text[512];
      rc_view__prices_text(text, sizeof(text), prices);
      fprintf(out, "\nLicence cost per user and month (%s%s)\n", text,
              strcmp(rc_prices_source(prices), "built-in")
                  ? ""
                  : "; --prices FILE for yours");
    }
    rc_view__role_cost(models, pack, prices, f, &c);
    fprintf(out, "  %-*.*s ", (int)width, (int)width,
            rc_view__subject_name(models[f->model], f->role, 0));
    if (c.per_user_month >= 0) {
      const rc_role *ro = rc_model_role(models[f->model], f->role);
      long users = rc_role_users_count(opts->role_users, ro->id, ro->name);
      fprintf(out, "%10.2f  %s", c.per_user_month, c.label);
      if (users >= 0)
        fprintf(out, "  x %ld user%s = %.2f a month", users,
                users == 1 ? "" : "s", c.per_user_month * (double)users);
      fputc('\n', out);
    } else
      fprintf(out, "%10s  %s\n", "-", "no price for the licences that fit");
    text_what_if(out, pack, rc_what_if_find(what_if, f->model, f->role), width);
  }
}

static void text_fit(FILE *out, rc_model *const *models, size_t count,
                     const rc_rulepack *pack, const rc_analysis *an,
                     const rc_check_options *opts)
{
  size_t i, k, width = 4, ewidth = 12;
  size_t nlic = rc_rulepack_licence_count(pack);
  int webroles = 0;
  char evaluated[256];
  if (!rc_analysis_fit_count(an))
    return;
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *f = rc_analysis_fit(an, i);
    size_t w =
        strlen(rc_view__subject_name(models[f->model], f->role, f->webrole)) +
        (f->webrole ? 11 : 0);
    if (w > width)
      width = w;
    rc_view__evaluated_as(f, evaluated, sizeof(evaluated));
    if (strlen(evaluated) > ewidth)
      ewidth = strlen(evaluated);
    webroles |= f->webrole;
  }
  if (width > 40)
    width = 40;
  if (ewidth > 40)
    ewidth = 40;
  fprintf(out, "\nLicence fit (yes, review or no for each licence)\n");
  fprintf(out, "  %-*s %-*s", (int)width, "Role", (int)ewidth, "Evaluated as");
  for (k = 0; k < nlic; k++)
    fprintf(out, " %-6s", rc_rulepack_licence(pack, k)->short_name);
  fprintf(out, " Smallest\n");
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *f = rc_analysis_fit(an, i);
    char label[512];
    size_t r;
    (void)count;
    snprintf(label, sizeof(label), "%s%s",
             rc_view__subject_name(models[f->model], f->role, f->webrole),
             f->webrole ? " (web role)" : "");
    rc_view__evaluated_as(f, evaluated, sizeof(evaluated));
    fprintf(out, "  %-*.*s %-*.*s", (int)width, (int)width, label, (int)ewidth,
            (int)ewidth, evaluated);
    for (k = 0; k < nlic; k++)
      fprintf(out, " %-6s", rc_fit_name(f->fit[k]));
    fprintf(out, " %s\n", f->minimum);
    /* the brief reasons: the full lists are in JSON, HTML and xlsx */
    for (r = 0; r < f->reason_count; r++)
      fprintf(out, "    %s\n", f->briefs ? f->briefs[r] : f->reasons[r]);
  }
  if (webroles)
    fprintf(out, "  Web roles: the columns are for internal users; external "
                 "users are covered by Power Pages capacity.\n");
  fprintf(out, "  TM Team Members, PA Power Apps");
  for (k = 0; k < nlic; k++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, k);
    if (l->is_d365)
      fprintf(out, ", %s %s", l->id, l->name);
  }
  fputc('\n', out);
  if (opts->prices)
    text_cost(out, models, pack, an, opts, width);
}

/* Roles and web roles of m whose name matches role (check --role). */
static size_t matching_roles(const rc_model *m, const rc_pattern *role)
{
  size_t i, n = 0;
  for (i = 0; i < rc_model_role_count(m); i++)
    n += rc_pattern_match(role, rc_model_role(m, i)->name) > 0;
  for (i = 0; i < rc_model_webrole_count(m); i++)
    n += rc_pattern_match(role, rc_model_webrole(m, i)->name) > 0;
  return n;
}

int rc_render__check_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  (void)ctx;
  size_t mi;
  rc_check_counts c;
  for (mi = 0; mi < count; mi++) {
    const rc_solution *s = rc_model_solution(models[mi]);
    const rc_table *elsewhere;
    if (mi)
      fputc('\n', out);
    fprintf(out, "%s", rc_model_path(models[mi]));
    if (s->unique_name[0])
      fprintf(out, ": %s %s (%s)", s->unique_name, s->version,
              rc_view__managed(s->managed));
    fprintf(out, ", %lu roles", (unsigned long)rc_model_role_count(models[mi]));
    if (rc_model_webrole_count(models[mi]))
      fprintf(out, ", %lu web roles",
              (unsigned long)rc_model_webrole_count(models[mi]));
    if (opts->role)
      fprintf(out, "; %lu matching --role",
              (unsigned long)matching_roles(models[mi], opts->role));
    fputc('\n', out);
    elsewhere = rc_view__portal_data_elsewhere(models, count, mi);
    if (elsewhere)
      fprintf(out,
              "  note: defines %s but holds no web roles or table "
              "permissions;\n        " RC_VIEW_PORTAL_DATA "\n",
              elsewhere->logical_name);
    text_findings(out, models, an, mi, opts->color);
  }
  text_fit(out, models, count, pack, an, rd->check);
  rc_check_count(an, opts->fail_on, &c);
  fprintf(out,
          "\n%lu error%s, %lu warning%s, %lu note%s (%lu baselined, %lu "
          "suppressed); rule pack %s as of %s%s\n",
          (unsigned long)c.error, c.error == 1 ? "" : "s",
          (unsigned long)c.warning, c.warning == 1 ? "" : "s",
          (unsigned long)c.note, c.note == 1 ? "" : "s",
          (unsigned long)c.baselined, (unsigned long)c.suppressed,
          rc_rulepack_version(pack), rc_rulepack_as_of(pack),
          opts->complete ? "" : "; INCOMPLETE: an input could not be read");
  return RC_OK;
}

json_t *rc_view__finding_json(rc_model *const *models, const rc_finding *f)
{
  const rc_model *m = models[f->model];
  json_t *o = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, "
      "s:s, s:{s:s, s:I}, s:s, s:s}",
      "rule", f->rule->id, "ruleName", f->rule->name, "severity",
      rc_severity_name(f->severity), "state", rc_view__state_name(f->state),
      "input", rc_model_path(m), "solution", rc_model_solution(m)->unique_name,
      "role", "kind", f->webrole ? "webrole" : "role", "id",
      rc_view__subject_id(m, f->role, f->webrole), "name", f->role_name,
      "table", f->table, "privilege", f->privilege, "app", f->app, "scope",
      f->scope, "depth", f->depth ? rc_depth_name(f->depth) : "", "location",
      "file", f->file, "line", (json_int_t)f->line, "message", f->message,
      "fix", f->fix);
  if (o && f->table[0]) {
    /* whose the table is: the matrix's origin and product */
    const char *product;
    rc_table_origin origin = rc_model_table_origin(m, f->table, &product);
    if (json_object_set_new(o, "tableOrigin",
                            json_string(rc_table_origin_name(origin))) ||
        json_object_set_new(o, "tableProduct", json_string(product))) {
      json_decref(o);
      return NULL;
    }
  }
  if (o && f->reason &&
      json_object_set_new(o, "suppressionReason", json_string(f->reason))) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* {"to": "Power Apps", "perUserMonth": 20, "saving": 85, "changes": [...]}
 * or null */
static json_t *what_if_json(const rc_rulepack *pack, const rc_what_if_role *w)
{
  json_t *changes;
  size_t i;
  if (!w)
    return json_null();
  changes = json_array();
  for (i = 0; changes && i < w->change_count; i++) {
    const rc_fix_change *c = &w->changes[i];
    if (json_array_append_new(
            changes,
            json_pack(
                "{s:s, s:s, s:s, s:s?, s:s}", "privilege", c->privilege,
                "table", c->table, "before", rc_depth_name(c->before), "after",
                c->after == RC_DEPTH_NONE ? NULL : rc_depth_name(c->after),
                "rules", c->rules))) {
      json_decref(changes);
      return NULL;
    }
  }
  return json_pack("{s:s, s:s, s:f, s:f, s:o}", "to",
                   rc_rulepack_licence(pack, w->target)->id, "toName",
                   rc_rulepack_licence(pack, w->target)->name, "perUserMonth",
                   w->to, "saving", w->from - w->to, "changes", changes);
}

/* {"licences": ["CSE", "FS"], "label": ..., "perUserMonth": 125,
 * "whatIf": ... (--what-if)} or null */
static json_t *cost_json(rc_model *const *models, const rc_rulepack *pack,
                         const rc_prices *prices, const rc_what_if *what_if,
                         const rc_role_fit *f)
{
  rc_licence_cost c;
  json_t *names, *o;
  size_t k;
  rc_view__role_cost(models, pack, prices, f, &c);
  if (c.per_user_month < 0)
    return json_null();
  names = json_array();
  for (k = 0; names && k < rc_rulepack_licence_count(pack); k++) {
    if ((c.licences & (1u << k)) &&
        json_array_append_new(
            names, json_string(rc_rulepack_licence(pack, k)->short_name))) {
      json_decref(names);
      return NULL;
    }
  }
  o = json_pack("{s:o, s:s, s:f, s:I}", "licences", names, "label", c.label,
                "perUserMonth", c.per_user_month, "perAppPasses",
                (json_int_t)c.per_app);
  /* with --what-if only */
  if (o && what_if &&
      json_object_set_new(
          o, "whatIf",
          what_if_json(pack, rc_what_if_find(what_if, f->model, f->role)))) {
    json_decref(o);
    o = NULL;
  }
  return o;
}

static json_t *fit_json(rc_model *const *models, const rc_rulepack *pack,
                        const rc_check_options *opts, const rc_role_fit *f)
{
  const rc_model *m = models[f->model];
  json_t *fits = json_object(), *reasons = json_array();
  size_t k;
  for (k = 0; fits && k < rc_rulepack_licence_count(pack); k++) {
    if (json_object_set_new(fits, rc_rulepack_licence(pack, k)->id,
                            json_string(rc_fit_name(f->fit[k]))))
      goto fail;
  }
  for (k = 0; reasons && k < f->reason_count; k++) {
    if (json_array_append_new(reasons, json_string(f->reasons[k])))
      goto fail;
  }
  if (!fits || !reasons)
    goto fail;
  return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:s?, s:s?, s:o, s:s, "
                   "s:o, s:o*}",
                   "input", rc_model_path(m), "solution",
                   rc_model_solution(m)->unique_name, "role", "kind",
                   f->webrole ? "webrole" : "role", "id",
                   rc_view__subject_id(m, f->role, f->webrole), "name",
                   rc_view__subject_name(m, f->role, f->webrole), "profile",
                   f->profile, "profileOrigin", f->profile_origin, "fit", fits,
                   "smallest", f->minimum, "reasons", reasons, "cost",
                   opts->prices && !f->webrole
                       ? cost_json(models, pack, opts->prices, opts->what_if, f)
                       : NULL);
fail:
  json_decref(fits);
  json_decref(reasons);
  return NULL;
}

int rc_render__check_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  json_t *inputs = json_array(), *findings = json_array(), *fits = json_array(),
         *root;
  rc_check_counts c;
  size_t i;
  if (!inputs || !findings || !fits)
    goto nomem;
  for (i = 0; i < count; i++) {
    const rc_table *elsewhere =
        rc_view__portal_data_elsewhere(models, count, i);
    json_t *in = json_pack("{s:s, s:o, s:I}", "path", rc_model_path(models[i]),
                           "solution", rc_view__solution_json(models[i]),
                           "roles", (json_int_t)rc_model_role_count(models[i]));
    if (in && elsewhere &&
        json_object_set_new(in, "portalDataElsewhere",
                            json_string(elsewhere->logical_name)) < 0) {
      json_decref(in);
      goto nomem;
    }
    if (json_array_append_new(inputs, in))
      goto nomem;
  }
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    if (json_array_append_new(
            findings,
            rc_view__finding_json(models, rc_analysis_finding(an, i))))
      goto nomem;
  }
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    if (json_array_append_new(
            fits, fit_json(models, pack, opts, rc_analysis_fit(an, i))))
      goto nomem;
  }
  rc_check_count(an, opts->fail_on, &c);
  root = json_pack(
      "{s:i, s:{s:s, s:s}, s:{s:s, s:s}, s:b, s:s, s:o, s:o, s:o, "
      "s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
      "version", 1, "tool", "name", "rolecheck", "version", rc_version(),
      "rulePack", "version", rc_rulepack_version(pack), "asOf",
      rc_rulepack_as_of(pack), "complete", opts->complete, "failOn",
      opts->fail_on ? rc_severity_name(opts->fail_on) : "never", "inputs",
      inputs, "findings", findings, "licenseFit", fits, "summary", "error",
      (json_int_t)c.error, "warning", (json_int_t)c.warning, "note",
      (json_int_t)c.note, "baselined", (json_int_t)c.baselined, "suppressed",
      (json_int_t)c.suppressed, "staleBaseline",
      (json_int_t)opts->stale_baseline, "staleSuppressions",
      (json_int_t)opts->stale_suppressions);
  if (root && opts->prices &&
      json_object_set_new(root, "prices",
                          json_pack("{s:s, s:s, s:s}", "source",
                                    rc_prices_source(opts->prices), "currency",
                                    rc_prices_currency(opts->prices), "asOf",
                                    rc_prices_as_of(opts->prices)))) {
    json_decref(root);
    root = NULL;
  }
  if (root) {
    rc_digest *d = NULL;
    json_t *fixes = NULL;
    if (rc_digest_acquire(&d, ctx, rd) < 0 ||
        !(fixes = rc_digest_json(d, rd)) ||
        json_object_set_new(root, "fixList", fixes) ||
        json_object_set_new(root, "similarRoles", rc_digest_pairs_json(d))) {
      json_decref(root);
      root = NULL;
    }
    rc_digest_release(rd, d);
  }
  if (!root)
    return rc_fail_nomem(ctx);
  return rc_view__dump_json(out, ctx, root, "JSON");
nomem:
  json_decref(inputs);
  json_decref(findings);
  json_decref(fits);
  return rc_fail_nomem(ctx);
}
