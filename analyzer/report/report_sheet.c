/* The findings and the licence fit as sheets: a header row and rows of text
 * cells. The CSV forms and the xlsx workbook both walk these rows, so a
 * spreadsheet and a CSV of the same run hold the same cells. */
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "util/error.h"

int rc_view__findings_rows(rc_model *const *models, const rc_analysis *an,
                           rc_sheet_row_fn row, void *sink)
{
  static const char *const header[RC_FINDINGS_COLS] = {
      "severity", "state",     "rule",    "rule_name", "solution", "role_kind",
      "role_id",  "role_name", "table",   "privilege", "depth",    "scope",
      "app",      "location",  "message", "reason"};
  size_t i;
  int error = row(sink, header, RC_FINDINGS_COLS);
  for (i = 0; !error && i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    const rc_model *m = models[f->model];
    char location[4096];
    const char *cells[RC_FINDINGS_COLS];
    snprintf(location, sizeof(location), "%s:%lu", f->file, f->line);
    cells[0] = rc_severity_name(f->severity);
    cells[1] = rc_view__state_name(f->state);
    cells[2] = f->rule->id;
    cells[3] = f->rule->name;
    cells[4] = rc_view__solution_label(m);
    cells[5] = f->webrole ? "webrole" : "role";
    cells[6] = rc_view__subject_id(m, f->role, f->webrole);
    cells[7] = f->role_name;
    cells[8] = f->table;
    cells[9] = f->privilege;
    cells[10] = f->depth ? rc_depth_name(f->depth) : "";
    cells[11] = f->scope;
    cells[12] = f->app;
    cells[13] = location;
    cells[14] = f->message;
    cells[15] = f->reason ? f->reason : "";
    error = row(sink, cells, RC_FINDINGS_COLS);
  }
  return error;
}

/* The fit sheet has a column per licence, up to this many. */
#define MAX_LICENCES 64

size_t rc_view__fit_cols(const rc_rulepack *pack)
{
  size_t nlic = rc_rulepack_licence_count(pack);
  return RC_FIT_FIXED_COLS + (nlic > MAX_LICENCES ? MAX_LICENCES : nlic);
}

int rc_view__fit_rows(rc_model *const *models, const rc_rulepack *pack,
                      const rc_analysis *an, const rc_prices *prices,
                      rc_sheet_row_fn row, void *sink)
{
  size_t n = rc_view__fit_cols(pack), nlic = n - RC_FIT_FIXED_COLS;
  const char *cells[RC_FIT_FIXED_COLS + MAX_LICENCES];
  char reasons[8192], cost[32];
  size_t i, k;
  int error;
  cells[0] = "solution";
  cells[1] = "role_kind";
  cells[2] = "role_id";
  cells[3] = "role_name";
  cells[4] = "profile";
  cells[5] = "profile_origin";
  for (k = 0; k < nlic; k++)
    cells[6 + k] = rc_rulepack_licence(pack, k)->name;
  cells[6 + nlic] = "smallest";
  cells[7 + nlic] = "reasons";
  cells[8 + nlic] = "cost_per_user_month";
  cells[9 + nlic] = "cost_licences";
  error = row(sink, cells, n);
  for (i = 0; !error && i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *f = rc_analysis_fit(an, i);
    const rc_model *m = models[f->model];
    size_t used = 0;
    cells[0] = rc_view__solution_label(m);
    cells[1] = f->webrole ? "webrole" : "role";
    cells[2] = rc_view__subject_id(m, f->role, f->webrole);
    cells[3] = rc_view__subject_name(m, f->role, f->webrole);
    cells[4] = f->profile ? f->profile : "";
    cells[5] = f->profile_origin ? f->profile_origin : "";
    for (k = 0; k < nlic; k++)
      cells[6 + k] = rc_fit_name(f->fit[k]);
    cells[6 + nlic] = f->minimum;
    reasons[0] = 0;
    for (k = 0; k < f->reason_count && used < sizeof(reasons); k++) {
      int w = snprintf(reasons + used, sizeof(reasons) - used, "%s%s",
                       k ? "; " : "", f->reasons[k]);
      if (w < 0)
        break;
      used += (size_t)w;
    }
    cells[7 + nlic] = reasons;
    /* the cheapest licence that covers the role (web roles: none) */
    {
      rc_licence_cost c;
      rc_view__role_cost(models, pack, prices, f, &c);
      cost[0] = '\0';
      if (c.per_user_month >= 0)
        snprintf(cost, sizeof(cost), "%.2f", c.per_user_month);
      cells[8 + nlic] = cost;
      cells[9 + nlic] = c.per_user_month >= 0 ? c.label : "";
      error = row(sink, cells, n);
    }
  }
  return error;
}

int rc_view__csv_row(void *sink, const char *const *cells, size_t n)
{
  FILE *out = sink;
  size_t i;
  for (i = 0; i < n; i++) {
    if (i)
      fputc(',', out);
    rc_put_csv(out, cells[i]);
  }
  fputs("\r\n", out);
  return ferror(out) ? RC_ERROR : RC_OK;
}

int rc_render__sheet_csv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  rc_format format = rd->format;
  int error;
  /* UTF-8 BOM so spreadsheets show non-ASCII names */
  fputs("\xef\xbb\xbf", out);
  if (format == RC_FORMAT_FIT_CSV)
    error = rc_view__fit_rows(models, pack, an, rd->check->prices,
                              rc_view__csv_row, out);
  else
    error = rc_view__findings_rows(models, an, rc_view__csv_row, out);
  return error == RC_ERROR ? rc_fail(ctx, error, "cannot write the CSV output")
                           : error;
}
