/* Writes a sample of what `rolecheck fix` writes, with the library's
 * solution writers: two roles (one whose name needs escaping, one with
 * IsAutoAssigned) as an exported zip and as an unpacked folder.
 *   fixwrite_sample OUT.zip OUTDIR */
#include <stdio.h>

#include "rolecheck/fix.h"
#include "rolecheck/rolecheck.h"

static const rc_fix_privilege lead[] = {
    {"prvWritecontoso_SiteInspection", RC_DEPTH_LOCAL},
    {"prvReadAccount", RC_DEPTH_GLOBAL},
    {"prvCreatecontoso_SiteInspection", RC_DEPTH_BASIC},
    {"prvAppendTocontoso_SiteInspection", RC_DEPTH_DEEP},
    {"prvReadcontoso_SiteInspection", RC_DEPTH_GLOBAL},
};
static const rc_fix_privilege viewer[] = {
    {"prvReadcontoso_SiteInspection", RC_DEPTH_BASIC},
    {"prvReadAccount", RC_DEPTH_LOCAL},
};
static const rc_fix_role_out roles[] = {
    {"7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f",
     "Field \"Lead\" <R&D> Ops' (Team Member)", 1, -1, NULL,
     sizeof(lead) / sizeof(lead[0]), lead},
    {"0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b", "Field Viewer", -1, 0, NULL,
     sizeof(viewer) / sizeof(viewer[0]), viewer},
};
static const rc_fix_solution_out sample = {
    "ContosoFieldOps_TeamMember",
    "Contoso Field Ops (Team Member)",
    "1.0.0.0",
    "contoso",
    "Contoso",
    "contoso",
    10000,
    sizeof(roles) / sizeof(roles[0]),
    roles,
};

int main(int argc, char **argv)
{
  rc_ctx *ctx = NULL;
  int error;
  if (argc != 3) {
    fprintf(stderr, "usage: fixwrite_sample OUT.zip OUTDIR\n");
    return 2;
  }
  if (rc_ctx_new(&ctx) < 0)
    return 4;
  error = rc_fix_write_zip(ctx, argv[1], &sample);
  if (!error)
    error = rc_fix_write_unpacked(ctx, argv[2], &sample);
  if (error)
    fprintf(stderr, "fixwrite_sample: %s\n", rc_ctx_error(ctx));
  rc_ctx_free(ctx);
  return error ? 1 : 0;
}
