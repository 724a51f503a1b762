/* GitHub Actions workflow commands and Azure DevOps logging commands: the
 * most severe counted findings as annotations on the right file and line,
 * the rest as plain lines. */
#include <string.h>

#include "report/escape.h"
#include "report/location.h"
#include "report/view.h"
#include "util/error.h"

#define MAX_PER_KIND 10 /* GitHub shows 10 of each kind per step */

static void github_one(FILE *out, const rc_finding *f, const rc_location *loc)
{
  const char *cmd = f->severity == RC_SEVERITY_ERROR     ? "error"
                    : f->severity == RC_SEVERITY_WARNING ? "warning"
                                                         : "notice";
  char title[128];
  fprintf(out, "::%s file=", cmd);
  rc_put_cmd(out,
             loc->in_root ? rc_buf_cstr(&loc->rel) : rc_buf_cstr(&loc->abs),
             RC_ESC_GITHUB_PROP);
  if (!loc->entry)
    fprintf(out, ",line=%lu", f->line ? f->line : 1);
  snprintf(title, sizeof(title), "%s %s", f->rule->id, f->rule->name);
  fputs(",title=", out);
  rc_put_cmd(out, title, RC_ESC_GITHUB_PROP);
  fputs("::", out);
  if (loc->entry) {
    char where[64];
    rc_put_cmd(out, loc->entry, RC_ESC_GITHUB_DATA);
    snprintf(where, sizeof(where), ":%lu: ", f->line);
    fputs(where, out);
  }
  rc_put_cmd(out, f->message, RC_ESC_GITHUB_DATA);
  fputc('\n', out);
}

static void azure_one(FILE *out, const rc_finding *f, const rc_location *loc)
{
  if (f->severity == RC_SEVERITY_NOTE) {
    /* Azure has no note level: a plain log line */
    fprintf(out, "%s: ", f->rule->id);
    rc_put_cmd(out, f->message, RC_ESC_AZURE_DATA);
    fputc('\n', out);
    return;
  }
  fprintf(out, "##vso[task.logissue type=%s;sourcepath=",
          f->severity == RC_SEVERITY_ERROR ? "error" : "warning");
  rc_put_cmd(out, rc_buf_cstr(&loc->abs), RC_ESC_AZURE_PROP);
  if (!loc->entry)
    fprintf(out, ";linenumber=%lu;columnnumber=1", f->line ? f->line : 1);
  fprintf(out, ";code=%s;]", f->rule->id);
  if (loc->entry) {
    char where[64];
    rc_put_cmd(out, loc->entry, RC_ESC_AZURE_DATA);
    snprintf(where, sizeof(where), ":%lu: ", f->line);
    fputs(where, out);
  }
  rc_put_cmd(out, f->message, RC_ESC_AZURE_DATA);
  fputc('\n', out);
}

static void plain_line(FILE *out, const rc_finding *f, rc_esc_kind kind)
{
  char where[64];
  fprintf(out, "%s %s ", rc_severity_name(f->severity), f->rule->id);
  rc_put_cmd(out, f->file, kind);
  snprintf(where, sizeof(where), ":%lu: ", f->line);
  fputs(where, out);
  rc_put_cmd(out, f->message, kind);
  fputc('\n', out);
}

int rc_render__annotations(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  char cwd[4096];
  const char *root = opts->source_root;
  int github = opts->format == RC_FORMAT_GITHUB;
  size_t shown[4] = {0}, i, counted = 0, rest = 0;
  int sev;
  rc_location_cwd(cwd, sizeof(cwd));
  if (!root)
    root = cwd;
  /* most severe first */
  for (sev = RC_SEVERITY_ERROR; sev >= (int)RC_SEVERITY_NOTE; sev--) {
    for (i = 0; i < rc_analysis_finding_count(an); i++) {
      const rc_finding *f = rc_analysis_finding(an, i);
      rc_location loc;
      if (f->state != RC_STATE_NEW || (int)f->severity != sev)
        continue;
      counted++;
      if (github && shown[sev] >= MAX_PER_KIND) {
        rest++;
        continue;
      }
      if (rc_location_init(&loc, f->file, root, cwd) < 0)
        return rc_fail_nomem(ctx);
      if (github)
        github_one(out, f, &loc);
      else
        azure_one(out, f, &loc);
      rc_location_dispose(&loc);
      shown[sev]++;
    }
  }
  if (github && counted) {
    if (rest)
      fprintf(out,
              "::notice::rolecheck: %lu more findings not annotated; see the "
              "SARIF or job summary\n",
              (unsigned long)rest);
    fputs("::group::rolecheck findings\n", out);
    for (i = 0; i < rc_analysis_finding_count(an); i++) {
      const rc_finding *f = rc_analysis_finding(an, i);
      if (f->state == RC_STATE_NEW)
        plain_line(out, f, RC_ESC_GITHUB_DATA);
    }
    fputs("::endgroup::\n", out);
  }
  if (!github) {
    rc_check_counts c;
    rc_check_count(an, opts->fail_on, &c);
    if (opts->md_path) {
      fputs("##vso[task.uploadsummary]", out);
      rc_put_cmd(out, opts->md_path, RC_ESC_AZURE_DATA);
      fputc('\n', out);
    }
    if (counted && !c.failing)
      fputs("##vso[task.complete result=SucceededWithIssues;]\n", out);
  }
  return RC_OK;
}
