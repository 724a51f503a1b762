/* RFC 4180 records of a CSV text in memory, as the admin centers write
 * their downloads: ',' or ';' as the delimiter, fields quoted with '"'
 * (a doubled quote inside), line breaks inside quotes, LF or CRLF. */
#ifndef RC_UTIL_CSV_H
#define RC_UTIL_CSV_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "util/buf.h"

#define RC_CSV_MAX_FIELDS 512

typedef struct {
  const char *p, *end;
  const char *file;          /* named in messages */
  unsigned long line;        /* the line the cursor is on */
  unsigned long record_line; /* the first line of the record read last */
  char delim;
  rc_buf text; /* the record's fields, each NUL-terminated */
  size_t off[RC_CSV_MAX_FIELDS];
  size_t n; /* fields in the record */
} rc_csv;

/* The delimiter of text[p..end): ';' when its first line holds more ';'
 * than ',' (a tenant in a comma-decimal locale), else ','. */
char rc_csv_delimiter(const char *p, const char *end);
/* Read text[p..end) of file (a BOM already skipped) from line 1, with
 * rc_csv_delimiter(). max caps one record's text. Dispose with
 * rc_csv_dispose(). */
void rc_csv_init(rc_csv *c, const char *file, const char *p, const char *end,
                 size_t max);
void rc_csv_dispose(rc_csv *c);
/* The next record into c->text / c->off; *eof when there is none. An
 * empty line is one empty field. RC_OK; RC_EINPUT (more than
 * RC_CSV_MAX_FIELDS fields, a quoted field not closed, text after a
 * closing quote: the message names the file and line); RC_ENOMEM. */
int rc_csv_record(rc_csv *c, rc_ctx *ctx, int *eof);
/* Field col of the record read last; "" when there is none (col < 0
 * included). */
const char *rc_csv_field(const rc_csv *c, int col);
/* s[0..len) without surrounding spaces and no-break spaces (the exports
 * pad cells, and Microsoft's own lists carry U+00A0). */
void rc_csv_trim(const char **s, size_t *len);
/* s[0..len) is name, ASCII case aside. */
int rc_csv_cell_is(const char *s, size_t len, const char *name);

#endif
