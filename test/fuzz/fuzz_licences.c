/* Fuzz target: the bytes are a tenant's licence list (the admin center's
 * user export CSV or Microsoft Graph users JSON, told apart by content);
 * a list that loads is walked, and each user looked up again by UPN and
 * object id. */
#include "fuzz_common.h"

#include <rolecheck/tenant.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_licences *l = NULL;
  const char *path = fuzz_write("users.csv", data, size);
  int error;
  FUZZ_CHECK(rc_licences_new(&l) == RC_OK);
  error = rc_licences_add_file(l, ctx, path);
  if (error < 0)
    fuzz_check_error(ctx, error);
  {
    size_t i, k;
    for (i = 0; i < rc_licences_user_count(l); i++) {
      const rc_licence_holder *u = rc_licences_user(l, i);
      fuzz_touch(u->upn);
      fuzz_touch(rc_licence_class_name(u->classes & (0u - u->classes)));
      for (k = 0; k < u->sku_count; k++)
        fuzz_touch(u->skus[k]);
      for (k = 0; k < u->unknown_count; k++)
        fuzz_touch(u->unknown[k]);
      if (u->upn[0])
        FUZZ_CHECK(rc_licences_find(l, u->upn) != NULL);
    }
  }
  rc_licences_free(l);
  rc_ctx_free(ctx);
  return 0;
}
