/* TSV and CSV field escaping. */
#include "report/escape.h"

#include <string.h>

void rc_put_tsv(FILE *out, const char *s)
{
  for (; *s; s++) {
    char c = *s;
    fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, out);
  }
}

void rc_put_csv(FILE *out, const char *s)
{
  int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
  int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (quote)
    fputc('"', out);
  if (formula)
    fputc('\'', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  if (quote)
    fputc('"', out);
}
