/* The CSV tokenizer the tenant export readers share (util/csv.h): one
 * record at a time into a capped buffer, with the line it started on. */
#include "util/csv.h"

#include <string.h>

#include "util/ascii.h"
#include "util/error.h"

char rc_csv_delimiter(const char *p, const char *end)
{
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  const char *q;
  size_t commas = 0, semis = 0;
  for (q = p; q < (nl ? nl : end); q++) {
    commas += *q == ',';
    semis += *q == ';';
  }
  return semis > commas ? ';' : ',';
}

void rc_csv_init(rc_csv *c, const char *file, const char *p, const char *end,
                 size_t max)
{
  memset(c, 0, sizeof(*c));
  c->p = p;
  c->end = end;
  c->file = file;
  c->line = 1;
  c->delim = rc_csv_delimiter(p, end);
  rc_buf_init(&c->text, max);
}

void rc_csv_dispose(rc_csv *c)
{
  rc_buf_dispose(&c->text);
}

int rc_csv_record(rc_csv *c, rc_ctx *ctx, int *eof)
{
  *eof = c->p >= c->end;
  if (*eof)
    return RC_OK;
  c->record_line = c->line;
  c->n = 0;
  rc_buf_clear(&c->text);
  for (;;) {
    if (c->n == RC_CSV_MAX_FIELDS)
      return rc_fail(ctx, RC_EINPUT, "%s:%lu: more than %d fields", c->file,
                     c->record_line, RC_CSV_MAX_FIELDS);
    c->off[c->n++] = c->text.len;
    if (c->p < c->end && *c->p == '"') {
      c->p++;
      for (;;) {
        char ch;
        if (c->p >= c->end)
          return rc_fail(ctx, RC_EINPUT, "%s:%lu: a quoted field is not closed",
                         c->file, c->record_line);
        ch = *c->p++;
        if (ch == '"') {
          if (c->p < c->end && *c->p == '"') {
            c->p++;
          } else {
            break;
          }
        } else if (ch == '\n') {
          c->line++;
        }
        rc_buf_putc(&c->text, ch);
      }
      if (c->p < c->end && *c->p != c->delim && *c->p != '\n' &&
          !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') &&
          !(*c->p == '\r' && c->p + 1 == c->end))
        return rc_fail(ctx, RC_EINPUT,
                       "%s:%lu: text after the closing quote of a field",
                       c->file, c->line);
    } else {
      while (c->p < c->end && *c->p != c->delim && *c->p != '\n')
        rc_buf_putc(&c->text, *c->p++);
    }
    rc_buf_putc(&c->text, '\0');
    if (c->p < c->end && *c->p == c->delim) {
      c->p++;
      continue;
    }
    if (c->p < c->end && *c->p == '\r')
      c->p++;
    if (c->p < c->end && *c->p == '\n') {
      c->p++;
      c->line++;
    }
    break;
  }
  if (rc_buf_error(&c->text))
    return rc_fail_nomem(ctx);
  return RC_OK;
}

const char *rc_csv_field(const rc_csv *c, int col)
{
  if (col < 0 || (size_t)col >= c->n)
    return "";
  return c->text.ptr + c->off[col];
}

void rc_csv_trim(const char **s, size_t *len)
{
  const unsigned char *p = (const unsigned char *)*s;
  size_t n = *len;
  for (;;) {
    if (n && rc_ascii_isspace(p[0])) {
      p++;
      n--;
    } else if (n >= 2 && p[0] == 0xc2 && p[1] == 0xa0) {
      p += 2;
      n -= 2;
    } else {
      break;
    }
  }
  for (;;) {
    if (n && rc_ascii_isspace(p[n - 1]))
      n--;
    else if (n >= 2 && p[n - 2] == 0xc2 && p[n - 1] == 0xa0)
      n -= 2;
    else
      break;
  }
  *s = (const char *)p;
  *len = n;
}

int rc_csv_cell_is(const char *s, size_t len, const char *name)
{
  size_t i;
  if (strlen(name) != len)
    return 0;
  for (i = 0; i < len; i++)
    if (rc_ascii_tolower((unsigned char)s[i]) !=
        rc_ascii_tolower((unsigned char)name[i]))
      return 0;
  return 1;
}
