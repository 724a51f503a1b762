/* Escaping for TSV, CSV, XML, Markdown, CI logging commands and URIs. */
#include "report/escape.h"

#include <string.h>

#include "rolecheck/error.h"

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

void rc_put_xml(FILE *out, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  for (; *p; p++) {
    switch (*p) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    default:
      /* XML 1.0 forbids C0 controls but tab, LF and CR */
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        break;
      fputc(*p, out);
    }
  }
}

void rc_put_md(FILE *out, const char *s)
{
  for (; *s; s++) {
    if (strchr("|\\*_`<>[]", *s))
      fputc('\\', out);
    fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
  }
}

void rc_put_cmd(FILE *out, const char *s, rc_esc_kind kind)
{
  int github = kind == RC_ESC_GITHUB_DATA || kind == RC_ESC_GITHUB_PROP;
  int prop = kind == RC_ESC_GITHUB_PROP || kind == RC_ESC_AZURE_PROP;
  for (; *s; s++) {
    switch (*s) {
    case '%':
      fputs(github ? "%25" : "%AZP25", out);
      break;
    case '\r':
      fputs("%0D", out);
      break;
    case '\n':
      fputs("%0A", out);
      break;
    case ':':
      fputs(github && prop ? "%3A" : ":", out);
      break;
    case ',':
      fputs(github && prop ? "%2C" : ",", out);
      break;
    case ';':
      fputs(!github && prop ? "%3B" : ";", out);
      break;
    case ']':
      fputs(!github && prop ? "%5D" : "]", out);
      break;
    default:
      fputc(*s, out);
    }
  }
}

int rc_uri_encode(rc_buf *b, const char *s, size_t len)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
               c == '~' || c == '/';
    int error;
    if (keep) {
      error = rc_buf_putc(b, (char)c);
    } else {
      char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
      error = rc_buf_put(b, enc, 3);
    }
    if (error < 0)
      return error;
  }
  return RC_OK;
}
