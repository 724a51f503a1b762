/* PCRE2 filters on role and table names (the only PCRE2 user). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "rolecheck/rules.h"
#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/error.h"

struct rc_pattern {
  pcre2_code *code;
  pcre2_match_data *match;
};

/* How much of a pattern a message quotes (bytes), and how much of that may
 * follow the offset PCRE2 reports. */
#define SHOWN       48
#define SHOWN_AFTER 16

/* The part of a pattern a message quotes: all of it when short, else a
 * SHOWN-byte window that holds the error offset, cut at UTF-8 character
 * starts, with "..." where text was left out. */
static void excerpt(char *buf, size_t cap, const char *pattern, size_t offset)
{
  size_t len = strlen(pattern), start = 0, end = len;
  if (offset > len)
    offset = len;
  if (len > SHOWN) {
    if (offset > SHOWN - SHOWN_AFTER)
      start = offset - (SHOWN - SHOWN_AFTER);
    if (start > len - SHOWN)
      start = len - SHOWN;
    end = start + SHOWN;
    while (start < len && ((unsigned char)pattern[start] & 0xC0) == 0x80)
      start++;
    while (end > start && end < len &&
           ((unsigned char)pattern[end] & 0xC0) == 0x80)
      end--;
  }
  snprintf(buf, cap, "%s%.*s%s", start ? "..." : "", (int)(end - start),
           pattern + start, end < len ? "..." : "");
}

int rc_pattern_new_from(rc_pattern **out, rc_ctx *ctx, const char *pattern,
                        const char *origin)
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
    char shown[SHOWN + 8];
    pcre2_get_error_message(errcode, msg, sizeof(msg));
    rc_free(p);
    excerpt(shown, sizeof(shown), pattern, offset);
    /* the reason first: a long pattern must not push it off the line */
    return rc_fail(ctx, RC_EUSAGE, "%s: %s at offset %lu in '%s'",
                   origin ? origin : "bad pattern", (const char *)msg,
                   (unsigned long)offset, shown);
  }
  p->match = pcre2_match_data_create_from_pattern(p->code, NULL);
  if (!p->match) {
    rc_pattern_free(p);
    return rc_fail_nomem(ctx);
  }
  *out = p;
  return RC_OK;
}

int rc_pattern_new(rc_pattern **out, rc_ctx *ctx, const char *pattern)
{
  return rc_pattern_new_from(out, ctx, pattern, NULL);
}

void rc_pattern_free(rc_pattern *pattern)
{
  if (!pattern)
    return;
  pcre2_match_data_free(pattern->match);
  pcre2_code_free(pattern->code);
  rc_free(pattern);
}

/* A thread's own match data, between rc_pattern__thread_begin() and _end():
 * a pattern's own is for the thread that made it. Only whether a pattern
 * matches is asked, so one pair of offsets is enough (pcre2_match() then
 * returns 0 on a match with more groups). */
static _Thread_local pcre2_match_data *scratch;

int rc_pattern__thread_begin(void)
{
  scratch = pcre2_match_data_create(1, NULL);
  return scratch ? RC_OK : RC_ENOMEM;
}

void rc_pattern__thread_end(void)
{
  pcre2_match_data_free(scratch);
  scratch = NULL;
}

int rc_pattern_match(const rc_pattern *pattern, const char *subject)
{
  if (!pattern)
    return 1;
  return pcre2_match(pattern->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
                     scratch ? scratch : pattern->match, NULL) >= 0;
}
