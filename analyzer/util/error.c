/* The analysis context: limits, the last error message and warnings. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/intern.h"

int rc_ctx_new(rc_ctx **out)
{
  static const rc_limits defaults = RC_LIMITS_INIT;
  rc_ctx *ctx = rc_calloc(1, sizeof(*ctx));
  *out = NULL;
  if (!ctx)
    return RC_ENOMEM;
  ctx->limits = defaults;
  *out = ctx;
  return RC_OK;
}

void rc_ctx_free(rc_ctx *ctx)
{
  rc_free(ctx);
}

const char *rc_ctx_error(const rc_ctx *ctx)
{
  return ctx->errbuf;
}

void rc_ctx_set_limits(rc_ctx *ctx, const rc_limits *limits)
{
  ctx->limits = *limits;
}

const rc_limits *rc_ctx_limits(const rc_ctx *ctx)
{
  return &ctx->limits;
}

size_t rc_ctx_warning_count(const rc_ctx *ctx)
{
  return ctx->warnings;
}

void rc_ctx_set_keep_going(rc_ctx *ctx, int on)
{
  ctx->keep_going = on;
}

void rc_ctx_set_warn(rc_ctx *ctx, rc_warn_fn fn, void *payload)
{
  ctx->warn = fn;
  ctx->warn_payload = payload;
}

/* Messages are one line: control characters become spaces. */
static void one_line(char *s)
{
  for (; *s; s++) {
    if ((unsigned char)*s < 0x20)
      *s = ' ';
  }
}

int rc_fail(rc_ctx *ctx, int code, const char *fmt, ...)
{
  /* formatted aside first: an argument may be the previous message */
  char msg[sizeof(ctx->errbuf)];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  memcpy(ctx->errbuf, msg, sizeof(msg));
  one_line(ctx->errbuf);
  return code;
}

int rc_fail_nomem(rc_ctx *ctx)
{
  return rc_fail(ctx, RC_ENOMEM, "out of memory");
}

void rc_warn(rc_ctx *ctx, const char *fmt, ...)
{
  char msg[RC_ERRBUF_SIZE];
  va_list ap;
  ctx->warnings++;
  if (!ctx->warn)
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  one_line(msg);
  ctx->warn(msg, ctx->warn_payload);
}

int rc_ascii_casecmp(const char *a, const char *b)
{
  for (;; a++, b++) {
    int ca = rc_ascii_tolower((unsigned char)*a);
    int cb = rc_ascii_tolower((unsigned char)*b);
    if (ca != cb || !ca)
      return ca - cb;
  }
}

int rc_ascii_lower(char *dst, size_t cap, const char *src, size_t len)
{
  size_t i;
  if (len >= cap)
    return -1;
  for (i = 0; i < len; i++)
    dst[i] = (char)rc_ascii_tolower((unsigned char)src[i]);
  dst[len] = '\0';
  return 0;
}

int rc_guid_normalize(char dst[37], const char *src, size_t len)
{
  size_t i;
  while (len && rc_ascii_isspace((unsigned char)*src)) {
    src++;
    len--;
  }
  while (len && rc_ascii_isspace((unsigned char)src[len - 1]))
    len--;
  if (len == 38 && src[0] == '{' && src[37] == '}') {
    src++;
    len -= 2;
  }
  if (len != 36)
    return -1;
  for (i = 0; i < 36; i++) {
    int c = (unsigned char)src[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return -1;
    } else if (!rc_ascii_isxdigit(c)) {
      return -1;
    }
    dst[i] = (char)rc_ascii_tolower(c);
  }
  dst[36] = '\0';
  return 0;
}

/* RC_VERSION is a compile definition made from the project version. */
#ifndef RC_VERSION
#define RC_VERSION "0.0.0"
#endif

const char *rc_version(void)
{
  return RC_VERSION;
}

void rc_guid_derive(char dst[37], const char *name, size_t len)
{
  unsigned char b[16];
  uint64_t h1 = rc_fnv1a64(name, len), h2 = UINT64_C(0xcbf29ce484222325);
  size_t i;
  /* the second hash: the same name, its first byte replaced */
  for (i = 0; i < len; i++) {
    h2 ^= i ? (unsigned char)name[i] : (unsigned char)'R';
    h2 *= UINT64_C(0x100000001b3);
  }
  for (i = 0; i < 8; i++) {
    b[i] = (unsigned char)(h1 >> (56 - 8 * i));
    b[8 + i] = (unsigned char)(h2 >> (56 - 8 * i));
  }
  b[6] = (unsigned char)(0x80u | (b[6] & 0x0fu));
  b[8] = (unsigned char)(0x80u | (b[8] & 0x3fu));
  snprintf(dst, 37,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x"
           "%02x",
           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
           b[11], b[12], b[13], b[14], b[15]);
}
