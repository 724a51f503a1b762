/* The xlsx workbook (libxlsxwriter): Licence fit, Findings and Matrix. */
#include "report/view.h"
#include "util/error.h"

int rc_view__xlsx(FILE *out, rc_ctx *ctx, rc_model *const *models,
                  size_t count, const rc_rulepack *pack, const rc_analysis *an,
                  const rc_check_options *opts)
{
  (void)out, (void)models, (void)count, (void)pack, (void)an, (void)opts;
  return rc_fail(ctx, RC_EUSAGE, "xlsx: not available yet");
}
