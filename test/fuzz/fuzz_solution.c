/* Fuzz target: the bytes are solution.xml (the manifest) of an extracted
 * solution folder whose customizations.xml is fixed; the folder is
 * classified and loaded as rolecheck does, then checked and analysed. */
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int ready;
  rc_ctx *ctx = fuzz_ctx_new();
  if (!ready) {
    fuzz_write("extracted/customizations.xml", fuzz_sample_customizations,
               strlen(fuzz_sample_customizations));
    ready = 1;
  }
  fuzz_write("extracted/solution.xml", data, size);
  fuzz_load_and_check(ctx, "extracted");
  rc_ctx_free(ctx);
  return 0;
}
