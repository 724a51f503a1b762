/* Fuzz target: the bytes are Roles/Fuzz Role.xml of an unpacked solution
 * (SolutionPackager layout) whose Other/Solution.xml is fixed; the folder is
 * classified and loaded as rolecheck does, then checked and analysed. */
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int ready;
  rc_ctx *ctx = fuzz_ctx_new();
  if (!ready) {
    fuzz_write("unpacked/Other/Solution.xml", fuzz_sample_manifest,
               strlen(fuzz_sample_manifest));
    ready = 1;
  }
  fuzz_write("unpacked/Roles/Fuzz Role.xml", data, size);
  fuzz_load_and_check(ctx, "unpacked");
  rc_ctx_free(ctx);
  return 0;
}
