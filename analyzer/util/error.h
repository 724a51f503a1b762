/* The context struct behind rc_ctx and the rc_fail() helper. */
#ifndef RC_UTIL_ERROR_H
#define RC_UTIL_ERROR_H

#include "rolecheck/error.h"

#define RC_ERRBUF_SIZE 1024

struct rc_ctx {
  rc_limits limits;
  char errbuf[RC_ERRBUF_SIZE];
  size_t warnings;
  rc_warn_fn warn;
  void *warn_payload;
  int keep_going;
};

#if defined(__GNUC__)
#define RC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RC_PRINTF(a, b)
#endif

/* Record a one-line message (CR/LF replaced) and return code. */
int rc_fail(rc_ctx *ctx, int code, const char *fmt, ...) RC_PRINTF(3, 4);
/* Report a warning through the context's callback. */
void rc_warn(rc_ctx *ctx, const char *fmt, ...) RC_PRINTF(2, 3);
/* The out-of-memory failure. */
int rc_fail_nomem(rc_ctx *ctx);

/* The library version, "MAJOR.MINOR.PATCH". Users find rc_version() in
 * rolecheck/rolecheck.h; util declares it here as well because it stays
 * below that header, which names every layer. */
const char *rc_version(void);

/* Debug builds assert; release builds return RC_ERROR. */
#ifdef NDEBUG
#define RC_ASSERT_ARG(ctx, expr)                                               \
  do {                                                                         \
    if (!(expr))                                                               \
      return rc_fail((ctx), RC_ERROR, "invalid argument: '%s'", #expr);        \
  } while (0)
#else
#include <assert.h>
#define RC_ASSERT_ARG(ctx, expr) assert(expr)
#endif

#endif
