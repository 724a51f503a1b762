/* Locale-independent ASCII helpers (never <ctype.h>). */
#ifndef RC_UTIL_ASCII_H
#define RC_UTIL_ASCII_H

#include <stddef.h>

static inline int rc_ascii_isupper(int c)
{
  return c >= 'A' && c <= 'Z';
}

static inline int rc_ascii_isdigit(int c)
{
  return c >= '0' && c <= '9';
}

static inline int rc_ascii_isxdigit(int c)
{
  return rc_ascii_isdigit(c) || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

static inline int rc_ascii_isalpha(int c)
{
  return rc_ascii_isupper(c) || (c >= 'a' && c <= 'z');
}

static inline int rc_ascii_isalnum(int c)
{
  return rc_ascii_isalpha(c) || rc_ascii_isdigit(c);
}

static inline int rc_ascii_isspace(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int rc_ascii_tolower(int c)
{
  return rc_ascii_isupper(c) ? c + ('a' - 'A') : c;
}

/* strcasecmp for ASCII only. */
int rc_ascii_casecmp(const char *a, const char *b);
/* Lowercase src[0..len) into dst (capacity cap, NUL added). Returns 0, or -1
 * if it does not fit. */
int rc_ascii_lower(char *dst, size_t cap, const char *src, size_t len);
/* Normalise a GUID: strip braces, lowercase, check the 8-4-4-4-12 shape.
 * dst needs 37 bytes. Returns 0 or -1 if the shape is wrong. */
int rc_guid_normalize(char dst[37], const char *src, size_t len);
/* A deterministic GUID for a name: RFC 9562 version 8 from two FNV-1a-64
 * hashes of name[0..len) (the second with its first byte replaced by 'R').
 * dst needs 37 bytes. */
void rc_guid_derive(char dst[37], const char *name, size_t len);

#endif
