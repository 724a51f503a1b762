/* Fuzz target: the bytes are a project configuration (rolecheck.xml),
 * loaded and validated against config.xsd; a configuration that loads is
 * applied to a fresh built-in rule pack (rule settings, assignments with
 * their PCRE2 patterns) and its suppressions to an analysis of the sample
 * model. */
#include "fuzz_common.h"

static void check_info(const rc_config_info *info)
{
  size_t i;
  FUZZ_CHECK(info->path != NULL);
  FUZZ_CHECK(info->suppression_count == 0 || info->suppressions != NULL);
  for (i = 0; i < info->suppression_count; i++) {
    const rc_suppression *s = &info->suppressions[i];
    /* a suppression names its rule and says why */
    FUZZ_CHECK(s->rule && s->reason && s->file);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_config *config = NULL;
  rc_rulepack *pack = NULL;
  rc_assignments *assign = NULL;
  rc_model *sample = fuzz_sample_model();
  const char *path = fuzz_write("rolecheck.xml", data, size);
  int error = rc_config_load(&config, ctx, path);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(config == NULL);
    goto done;
  }
  check_info(rc_config_get(config));
  /* rc_config_apply() changes the pack's rules, so each input gets its own */
  FUZZ_CHECK(rc_rulepack_load(&pack, ctx, NULL) == RC_OK);
  FUZZ_CHECK(rc_assignments_new(&assign) == RC_OK);
  error = rc_config_apply(config, ctx, pack, assign);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    goto done;
  }
  fuzz_analyze(ctx, pack, assign, &sample, 1, config);
done:
  rc_assignments_free(assign);
  rc_rulepack_free(pack);
  rc_config_free(config);
  rc_ctx_free(ctx);
  return 0;
}
