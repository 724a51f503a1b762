/* JUnit XML: one testsuite per input, one testcase per (role, rule) pair
 * evaluated; counted findings at or above --fail-on fail it, accepted ones
 * skip it, an unreadable input is an error. */
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "util/error.h"
#include "util/sys.h"

typedef struct {
  size_t tests, failures, errors, skipped;
} counts;

/* One testcase; returns its outcome in c. */
static void testcase(FILE *out, const rc_model *m, size_t mi,
                     const rc_role_fit *fit, const rc_rule_info *r,
                     const rc_analysis *an, const rc_check_options *opts,
                     counts *c)
{
  size_t i, failing = 0, passing = 0, accepted = 0;
  const rc_finding *first_fail = NULL, *first_accepted = NULL;
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    if (f->model != mi || f->role != fit->role || f->webrole != fit->webrole ||
        f->rule != r)
      continue;
    if (f->state != RC_STATE_NEW) {
      accepted++;
      if (!first_accepted)
        first_accepted = f;
    } else if (opts->fail_on && f->severity >= opts->fail_on) {
      failing++;
      if (!first_fail)
        first_fail = f;
    } else {
      passing++;
    }
  }
  c->tests++;
  fputs("    <testcase classname=\"", out);
  rc_put_xml(out, rc_view__subject_name(m, fit->role, fit->webrole));
  fprintf(out, "\" name=\"%s %s\" time=\"0\"", r->id, r->name);
  if (!failing && !passing && !accepted) {
    fputs("/>\n", out);
    return;
  }
  fputs(">", out);
  if (failing) {
    c->failures++;
    fprintf(out, "<failure type=\"%s\" message=\"",
            rc_severity_name(first_fail->severity));
    rc_put_xml(out, first_fail->message);
    fputs("\">", out);
  } else if (!passing) {
    c->skipped++;
    fputs("<skipped message=\"", out);
    rc_put_xml(out, first_accepted->state == RC_STATE_BASELINED
                        ? "baselined"
                        : "suppressed: ");
    if (first_accepted->state == RC_STATE_SUPPRESSED && first_accepted->reason)
      rc_put_xml(out, first_accepted->reason);
    fputs("\"/></testcase>\n", out);
    return;
  } else {
    fputs("<system-out>", out);
  }
  /* every finding of the pair, one per line */
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    char line[64];
    if (f->model != mi || f->role != fit->role || f->webrole != fit->webrole ||
        f->rule != r || f->state != RC_STATE_NEW)
      continue;
    fprintf(out, "%s ", rc_severity_name(f->severity));
    rc_put_xml(out, f->file);
    snprintf(line, sizeof(line), ":%lu ", f->line);
    fputs(line, out);
    if (f->privilege[0]) {
      rc_put_xml(out, f->privilege);
      fprintf(out, " %s: ", rc_depth_name(f->depth));
    }
    rc_put_xml(out, f->message);
    fputc('\n', out);
  }
  fputs(failing ? "</failure></testcase>\n" : "</system-out></testcase>\n",
        out);
}

int rc_render__junit(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  counts total;
  size_t mi, i, k;
  FILE *body = rc_sys_tmpfile();
  int c;
  if (!body)
    return rc_fail(ctx, RC_ERROR, "cannot create a temporary file");
  memset(&total, 0, sizeof(total));
  for (mi = 0; mi < count; mi++) {
    counts suite;
    FILE *cases = rc_sys_tmpfile();
    if (!cases) {
      fclose(body);
      return rc_fail(ctx, RC_ERROR, "cannot create a temporary file");
    }
    memset(&suite, 0, sizeof(suite));
    for (i = 0; i < rc_analysis_fit_count(an); i++) {
      const rc_role_fit *fit = rc_analysis_fit(an, i);
      if (fit->model != mi)
        continue;
      for (k = 0; k < rc_rulepack_rule_count(pack); k++) {
        const rc_rule_info *r = rc_rulepack_rule(pack, k);
        if (rc_analysis_rule_ran(an, fit, r))
          testcase(cases, models[mi], mi, fit, r, an, opts, &suite);
      }
    }
    fputs("  <testsuite name=\"", body);
    rc_put_xml(body, rc_model_path(models[mi]));
    fprintf(body,
            "\" tests=\"%lu\" failures=\"%lu\" errors=\"0\" skipped=\"%lu\" "
            "time=\"0\">\n",
            (unsigned long)suite.tests, (unsigned long)suite.failures,
            (unsigned long)suite.skipped);
    rewind(cases);
    while ((c = fgetc(cases)) != EOF)
      fputc(c, body);
    fclose(cases);
    fputs("  </testsuite>\n", body);
    total.tests += suite.tests;
    total.failures += suite.failures;
    total.skipped += suite.skipped;
  }
  for (i = 0; i < opts->failed_count; i++) {
    fputs("  <testsuite name=\"", body);
    rc_put_xml(body, opts->failed_paths[i]);
    fputs("\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" "
          "time=\"0\">\n    <testcase classname=\"input\" name=\"read\" "
          "time=\"0\"><error type=\"input\" message=\"",
          body);
    rc_put_xml(body, opts->failed_messages[i]);
    fputs("\"/></testcase>\n  </testsuite>\n", body);
    total.tests++;
    total.errors++;
  }
  fprintf(out,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "
          "name=\"rolecheck\" tests=\"%lu\" failures=\"%lu\" errors=\"%lu\" "
          "skipped=\"%lu\" time=\"0\">\n",
          (unsigned long)total.tests, (unsigned long)total.failures,
          (unsigned long)total.errors, (unsigned long)total.skipped);
  rewind(body);
  while ((c = fgetc(body)) != EOF)
    fputc(c, out);
  fclose(body);
  fputs("</testsuites>\n", out);
  return RC_OK;
}
