/* The Markdown summary for $GITHUB_STEP_SUMMARY, Azure task.uploadsummary
 * and pull-request comments: verdict, counts, findings table, licence fit,
 * stale entries; capped below the 65,536-character comment limit. */
#include <string.h>

#include "report/digest.h"
#include "report/escape.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/error.h"

#define MD_CAP 60000

int rc_render__markdown(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  rc_check_counts c;
  size_t i, k, n[3][4];
  long start = ftell(out);
  int capped = 0;
  rc_check_count(an, opts->fail_on, &c);
  memset(n, 0, sizeof(n));
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    n[f->state][f->severity]++;
  }
  fprintf(out, "## rolecheck: %s at `--fail-on=%s`%s\n\n",
          c.failing ? "failing" : "passing",
          opts->fail_on ? rc_severity_name(opts->fail_on) : "never",
          opts->complete ? "" : " (incomplete: an input could not be read)");
  fprintf(out, "rolecheck %s, rule pack %s (as of %s)\n\n", rc_version(),
          rc_rulepack_version(pack), rc_rulepack_as_of(pack));
  fputs("| | error | warning | note |\n|---|---:|---:|---:|\n", out);
  fprintf(out, "| new | %lu | %lu | %lu |\n", (unsigned long)n[0][3],
          (unsigned long)n[0][2], (unsigned long)n[0][1]);
  fprintf(out, "| baselined | %lu | %lu | %lu |\n", (unsigned long)n[1][3],
          (unsigned long)n[1][2], (unsigned long)n[1][1]);
  fprintf(out, "| suppressed | %lu | %lu | %lu |\n\n", (unsigned long)n[2][3],
          (unsigned long)n[2][2], (unsigned long)n[2][1]);
  for (i = 0; i < count; i++) {
    const rc_table *elsewhere =
        rc_view__portal_data_elsewhere(models, count, i);
    if (!elsewhere)
      continue;
    fputs("> **Note:** `", out);
    rc_put_md(out, rc_model_path(models[i]));
    fprintf(out,
            "` defines `%s` but holds no web roles or table "
            "permissions; " RC_VIEW_PORTAL_DATA ".\n\n",
            elsewhere->logical_name);
  }

  if (c.error + c.warning + c.note) {
    size_t left = 0;
    fputs("### Findings\n\n| Severity | Rule | Role | Table | Privilege | "
          "Depth | Location |\n|---|---|---|---|---|---|---|\n",
          out);
    for (i = 0; i < rc_analysis_finding_count(an); i++) {
      const rc_finding *f = rc_analysis_finding(an, i);
      char loc[64];
      if (f->state != RC_STATE_NEW)
        continue;
      if (capped || (start >= 0 && ftell(out) - start > MD_CAP)) {
        capped = 1;
        left++;
        continue;
      }
      fprintf(out, "| %s | [%s](%s%s.md) | ", rc_severity_name(f->severity),
              f->rule->id, opts->docs_base ? opts->docs_base : "", f->rule->id);
      rc_put_md(out, f->role_name);
      fputs(f->webrole ? " (web role) | " : " | ", out);
      rc_put_md(out, f->table);
      fputs(" | ", out);
      rc_put_md(out, f->privilege);
      fprintf(out, " | %s | `",
              f->webrole ? f->scope
              : f->depth ? rc_depth_name(f->depth)
                         : "");
      rc_put_md(out, f->file);
      snprintf(loc, sizeof(loc), ":%lu` |\n", f->line);
      fputs(loc, out);
    }
    if (left)
      fprintf(out, "\n%lu more findings: see the SARIF/JSON report.\n",
              (unsigned long)left);
    fputc('\n', out);
  }

  if (rc_analysis_fit_count(an) && !capped) {
    char evaluated[256];
    fputs("### Licence fit\n\n| Role | Evaluated as |", out);
    for (k = 0; k < rc_rulepack_licence_count(pack); k++)
      fprintf(out, " %s |", rc_rulepack_licence(pack, k)->short_name);
    fputs(opts->prices ? " Smallest | Cost / user / month |\n|---|---|"
                       : " Smallest |\n|---|---|",
          out);
    for (k = 0; k < rc_rulepack_licence_count(pack); k++)
      fputs("---|", out);
    fputs(opts->prices ? "---|---|\n" : "---|\n", out);
    for (i = 0; i < rc_analysis_fit_count(an); i++) {
      const rc_role_fit *f = rc_analysis_fit(an, i);
      const rc_model *m = models[f->model];
      if (start >= 0 && ftell(out) - start > MD_CAP) {
        fputs("\nMore roles: see the JSON report.\n", out);
        break;
      }
      fputs("| ", out);
      rc_put_md(out, rc_view__subject_name(m, f->role, f->webrole));
      fputs(f->webrole ? " (web role) | " : " | ", out);
      rc_view__evaluated_as(f, evaluated, sizeof(evaluated));
      rc_put_md(out, evaluated);
      fputs(" |", out);
      for (k = 0; k < rc_rulepack_licence_count(pack); k++)
        fprintf(out, " %s |", rc_fit_name(f->fit[k]));
      fputs(" ", out);
      rc_put_md(out, f->minimum);
      if (opts->prices) {
        rc_licence_cost cost;
        const rc_what_if_role *w =
            rc_what_if_find(opts->what_if, f->model, f->role);
        char text[1024];
        rc_view__role_cost(models, pack, opts->prices, f, &cost);
        rc_view__cost_text(text, sizeof(text), &cost);
        fputs(" | ", out);
        rc_put_md(out, f->webrole ? "" : text);
        if (w) {
          rc_view__what_if_text(text, sizeof(text), pack, w);
          fputs("; what if: ", out);
          rc_put_md(out, text);
        }
      }
      fputs(" |\n", out);
    }
    fputs("\nTM Team Members, PA Power Apps; web roles: for internal users "
          "(external users are covered by Power Pages capacity).",
          out);
    if (opts->prices) {
      char text[512];
      rc_view__prices_text(text, sizeof(text), opts->prices);
      fputs(" Costs: ", out);
      rc_put_md(out, text);
      fputc('.', out);
    }
    fputs("\n\n", out);
  }

  if (!capped) {
    rc_digest *d = NULL;
    if (rc_digest_acquire(&d, ctx, rd) < 0)
      return rc_fail_nomem(ctx);
    rc_digest_md(out, d, rd, start, MD_CAP);
    rc_digest_release(rd, d);
  }

  if (opts->stale_count) {
    fputs("### Stale entries\n\n", out);
    for (i = 0; i < opts->stale_count; i++) {
      fputs("- ", out);
      rc_put_md(out, opts->stale[i]);
      fputc('\n', out);
    }
    fputc('\n', out);
  }
  return RC_OK;
}
