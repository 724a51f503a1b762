/* Fuzz target: the bytes are a baseline file (JSON read with jansson); a
 * baseline that loads is applied to an analysis of the sample model and its
 * stale entries are listed. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_baseline *baseline = NULL;
  rc_analysis *an = NULL;
  rc_assignments *assign = NULL;
  rc_model *sample = fuzz_sample_model();
  const char *path = fuzz_write("baseline.json", data, size);
  int error = rc_baseline_load(&baseline, ctx, path);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(baseline == NULL);
  } else {
    size_t i, stale;
    FUZZ_CHECK(rc_assignments_new(&assign) == RC_OK);
    FUZZ_CHECK(rc_analyze(&an, ctx, fuzz_builtin_pack(), assign, &sample, 1) ==
               RC_OK);
    stale = rc_analysis_apply_baseline(an, baseline);
    FUZZ_CHECK(stale == rc_baseline_stale_count(baseline));
    for (i = 0; i < stale; i++)
      fuzz_touch(rc_baseline_stale(baseline, i));
  }
  rc_analysis_free(an);
  rc_assignments_free(assign);
  rc_baseline_free(baseline);
  rc_ctx_free(ctx);
  return 0;
}
