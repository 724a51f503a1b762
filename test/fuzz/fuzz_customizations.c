/* Fuzz target: the bytes are a bare customizations.xml, classified and
 * loaded as rolecheck does (SAX2 push parser, Dataverse handler, model),
 * then checked and analysed with the built-in rule pack. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  fuzz_write("customizations.xml", data, size);
  fuzz_load_and_check(ctx, "customizations.xml");
  rc_ctx_free(ctx);
  return 0;
}
