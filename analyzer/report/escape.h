/* Output escaping shared by the renderers. */
#ifndef RC_REPORT_ESCAPE_H
#define RC_REPORT_ESCAPE_H

#include <stdio.h>

#include "util/buf.h"

/* One TSV field: tabs, CR and LF become spaces. */
void rc_put_tsv(FILE *out, const char *s);
/* One RFC 4180 CSV field, quoted when needed; a leading = + - @ gets a '
 * so spreadsheets do not run it as a formula. */
void rc_put_csv(FILE *out, const char *s);
/* XML 1.0 text or attribute value: & < > " escaped, characters XML forbids
 * dropped. */
void rc_put_xml(FILE *out, const char *s);
/* A Markdown table cell: | \ * _ ` < > escaped, line breaks as spaces. */
void rc_put_md(FILE *out, const char *s);

typedef enum {
  RC_ESC_GITHUB_DATA, /* workflow command message */
  RC_ESC_GITHUB_PROP, /* workflow command property value */
  RC_ESC_AZURE_DATA,  /* logging command message */
  RC_ESC_AZURE_PROP,  /* logging command property value */
} rc_esc_kind;

/* Escape for GitHub workflow commands or Azure DevOps logging commands. */
void rc_put_cmd(FILE *out, const char *s, rc_esc_kind kind);

/* Append s percent-encoded per RFC 3986 (unreserved and "/" kept; "!" is
 * encoded, it separates a zip from its entry). */
int rc_uri_encode(rc_buf *b, const char *s, size_t len);

#endif
