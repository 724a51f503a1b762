/* Fuzz target: the skim against the full parse. The bytes are a bare
 * customizations.xml, loaded with --strict-xml and with the skim: when the
 * full parse reads it, the skim must give the same model text (tables,
 * roles, grants and their lines, findings: test/tools/model_text.h); when
 * the full parse rejects it, the skim may read it or not, never crash. */
#include <stdlib.h>
#include <string.h>

#include "../tools/model_text.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_input_list *inputs = NULL;
  size_t i;
  fuzz_write("customizations.xml", data, size);
  FUZZ_CHECK(rc_input_list_new(&inputs) == RC_OK);
  if (rc_input_list_add(inputs, ctx, fuzz_path("customizations.xml")) ==
      RC_OK) {
    for (i = 0; i < rc_input_list_count(inputs); i++) {
      char *full = NULL, *skim = NULL;
      int ef = rc_test_load_text(&full, ctx, fuzz_builtin_pack(), inputs, i, 1);
      int es = rc_test_load_text(&skim, ctx, fuzz_builtin_pack(), inputs, i, 0);
      if (ef == RC_OK) {
        FUZZ_CHECK(es == RC_OK);
        FUZZ_CHECK(!strcmp(full, skim));
      }
      free(full);
      free(skim);
    }
  }
  rc_input_list_free(inputs);
  rc_ctx_free(ctx);
  return 0;
}
