/* The one-line text of a libxml2 error, shared by the streaming parser and
 * the small-document loader (both in parse/, the only libxml2 users). */
#ifndef RC_PARSE_XMLERR_H
#define RC_PARSE_XMLERR_H

#include <libxml/xmlerror.h>
#include <stdio.h>
#include <string.h>

/* Copy err's message into dst without its trailing newline. */
static inline void rc_xmlerr_text(char *dst, size_t cap, xmlErrorPtr err)
{
  size_t n;
  snprintf(dst, cap, "%s", err && err->message ? err->message : "parse error");
  n = strlen(dst);
  while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
    dst[--n] = '\0';
}

static inline void rc_xmlerr_ignore(void *ud, const char *msg, ...)
{
  (void)ud;
  (void)msg;
}

/* libxml2 prints some errors (out of memory among them) through its
 * generic handler, per thread: errors reach the user as one rolecheck
 * line, never as libxml2's own text. */
static inline void rc_xmlerr_quiet(void)
{
  xmlSetGenericErrorFunc(NULL, rc_xmlerr_ignore);
}

#endif
