/* Embedding the rolecheck library: read the solutions named on the command
 * line, evaluate every role as a Team Members role, and print each role's
 * smallest licence and its findings.
 *
 *   cc licence_fit.c $(pkg-config --cflags --libs rolecheck) -o licence_fit
 *   ./licence_fit Contoso_1_0_0_3.zip src/
 *
 * Exit status: 0 no findings, 1 findings, 2 an input could not be read or
 * another error. */
#include <stdio.h>

#include <rolecheck/rolecheck.h>

static int failed(rc_ctx *ctx, const char *what)
{
  fprintf(stderr, "licence_fit: %s: %s\n", what, rc_ctx_error(ctx));
  return 2;
}

int main(int argc, char **argv)
{
  rc_ctx *ctx = NULL;
  rc_input_list *inputs = NULL;
  rc_model *models[64];
  rc_rulepack *pack = NULL;
  rc_assignments *assign = NULL;
  rc_analysis *analysis = NULL;
  size_t count = 0, i;
  int status = 0, a;

  if (argc < 2) {
    fputs("usage: licence_fit INPUT...\n", stderr);
    return 2;
  }
  if (rc_ctx_new(&ctx) < 0 || rc_input_list_new(&inputs) < 0) {
    fputs("licence_fit: out of memory\n", stderr);
    rc_ctx_free(ctx);
    return 2;
  }
  /* a folder may hold several solutions: each becomes an input */
  for (a = 1; a < argc; a++) {
    if (rc_input_list_add(inputs, ctx, argv[a]) < 0) {
      status = failed(ctx, argv[a]);
      goto done;
    }
  }
  for (i = 0; i < rc_input_list_count(inputs) && count < 64; i++) {
    if (rc_model_load(&models[count], ctx, inputs, i) < 0) {
      status = failed(ctx, rc_input_list_path(inputs, i));
      goto done;
    }
    count++;
  }
  /* the built-in rule pack; every role evaluated as Team Members */
  if (rc_rulepack_load(&pack, ctx, NULL) < 0 ||
      rc_assignments_new(&assign) < 0 ||
      rc_assignments_assume(assign, ctx, pack, "team-member") < 0 ||
      rc_analyze(&analysis, ctx, pack, assign, models, count) < 0) {
    status = failed(ctx, "analysis");
    goto done;
  }
  printf("rule pack %s (as of %s)\n", rc_rulepack_version(pack),
         rc_rulepack_as_of(pack));
  for (i = 0; i < rc_analysis_fit_count(analysis); i++) {
    const rc_role_fit *fit = rc_analysis_fit(analysis, i);
    const rc_model *m = models[fit->model];
    const char *name = fit->webrole ? rc_model_webrole(m, fit->role)->name
                                    : rc_model_role(m, fit->role)->name;
    size_t f, n = 0;
    for (f = 0; f < rc_analysis_finding_count(analysis); f++) {
      const rc_finding *finding = rc_analysis_finding(analysis, f);
      n += finding->model == fit->model && finding->role == fit->role &&
           finding->webrole == fit->webrole;
    }
    printf("%s%s: smallest licence %s, %zu finding%s\n", name,
           fit->webrole ? " (web role)" : "", fit->minimum, n,
           n == 1 ? "" : "s");
  }
  for (i = 0; i < rc_analysis_finding_count(analysis); i++) {
    const rc_finding *f = rc_analysis_finding(analysis, i);
    printf("  %s %s %s: %s\n", rc_severity_name(f->severity), f->rule->id,
           f->role_name, f->message);
    status = 1;
  }
done:
  rc_analysis_free(analysis);
  rc_assignments_free(assign);
  rc_rulepack_free(pack);
  for (i = 0; i < count; i++)
    rc_model_free(models[i]);
  rc_input_list_free(inputs);
  rc_ctx_free(ctx);
  return status;
}
