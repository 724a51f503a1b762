/* PCRE2 filters on role and table names (the only PCRE2 user). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rolecheck/rules.h"
#include "util/alloc.h"
#include "util/error.h"

struct rc_pattern {
  pcre2_code *code;
  pcre2_match_data *match;
};

int rc_pattern_new(rc_pattern **out, rc_ctx *ctx, const char *pattern)
{
  int errcode;
  PCRE2_SIZE offset;
  rc_pattern *p = rc_calloc(1, sizeof(*p));
  *out = NULL;
  if (!p)
    return rc_fail_nomem(ctx);
  p->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP, &errcode, &offset, NULL);
  if (!p->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(errcode, msg, sizeof(msg));
    rc_free(p);
    return rc_fail(ctx, RC_EUSAGE, "bad pattern '%s' at offset %lu: %s",
                   pattern, (unsigned long)offset, (const char *)msg);
  }
  p->match = pcre2_match_data_create_from_pattern(p->code, NULL);
  if (!p->match) {
    rc_pattern_free(p);
    return rc_fail_nomem(ctx);
  }
  *out = p;
  return RC_OK;
}

void rc_pattern_free(rc_pattern *pattern)
{
  if (!pattern)
    return;
  pcre2_match_data_free(pattern->match);
  pcre2_code_free(pattern->code);
  rc_free(pattern);
}

int rc_pattern_match(const rc_pattern *pattern, const char *subject)
{
  if (!pattern)
    return 1;
  return pcre2_match(pattern->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
                     pattern->match, NULL) >= 0;
}
