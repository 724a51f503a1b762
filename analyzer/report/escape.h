/* Output escaping shared by the renderers. */
#ifndef RC_REPORT_ESCAPE_H
#define RC_REPORT_ESCAPE_H

#include <stdio.h>

/* One TSV field: tabs, CR and LF become spaces. */
void rc_put_tsv(FILE *out, const char *s);
/* One RFC 4180 CSV field, quoted when needed; a leading = + - @ gets a '
 * so spreadsheets do not run it as a formula. */
void rc_put_csv(FILE *out, const char *s);

#endif
