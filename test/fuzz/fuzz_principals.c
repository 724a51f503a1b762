/* Fuzz target: the bytes are a tenant's users and teams with their
 * security roles (a Dataverse Web API systemusers or teams page, a
 * Configuration Migration data.xml or a zip holding it, told apart by
 * content); a set that loads is walked, with each user's effective roles,
 * and each user and team looked up again. */
#include "fuzz_common.h"

#include <rolecheck/tenant.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_principals *p = NULL;
  const char *path = fuzz_write("principals.json", data, size);
  int error;
  FUZZ_CHECK(rc_principals_new(&p) == RC_OK);
  error = rc_principals_add_file(p, ctx, path);
  if (error < 0)
    fuzz_check_error(ctx, error);
  {
    size_t i, k, n;
    for (i = 0; i < rc_principals_user_count(p); i++) {
      const rc_principal_user *u = rc_principals_user(p, i);
      const rc_role_grant *g = rc_principals_effective_roles(p, u, &n);
      fuzz_touch(u->upn);
      fuzz_touch(u->business_unit);
      for (k = 0; k < u->team_count; k++)
        fuzz_touch(u->teams[k]);
      for (k = 0; k < n; k++) {
        fuzz_touch(g[k].role_id);
        fuzz_touch(g[k].root_role_id);
        fuzz_touch(g[k].name);
        fuzz_touch(g[k].team_id);
      }
      FUZZ_CHECK(n >= u->role_count);
      FUZZ_CHECK(rc_principals_find_user(p, u->id) != NULL);
    }
    for (i = 0; i < rc_principals_team_count(p); i++) {
      const rc_principal_team *t = rc_principals_team(p, i);
      fuzz_touch(t->name);
      for (k = 0; k < t->role_count; k++)
        fuzz_touch(t->roles[k].role_id);
      FUZZ_CHECK(rc_principals_find_team(p, t->id) == t);
    }
  }
  rc_principals_free(p);
  rc_ctx_free(ctx);
  return 0;
}
