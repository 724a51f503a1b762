/* A growable byte buffer with a hard cap (curl's dynbuf): growing past the
 * cap fails with RC_ELIMIT and leaves the contents as they were. A failed
 * append is also remembered (the sticky error), so code that appends many
 * pieces may check once, with rc_buf_error(), before it uses the text. */
#ifndef RC_UTIL_BUF_H
#define RC_UTIL_BUF_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "util/arena.h"

typedef struct {
  char *ptr; /* NUL-terminated when len > 0 or after rc_buf_cstr() */
  size_t len;
  size_t cap;
  size_t max; /* hard cap on len */
  int failed; /* the first failed append's code (RC_ENOMEM or RC_ELIMIT),
                 0 when none: kept until rc_buf_init() or rc_buf_dispose() */
} rc_buf;

void rc_buf_init(rc_buf *buf, size_t max);
void rc_buf_dispose(rc_buf *buf);
/* Empty the buffer; the sticky error stays. */
void rc_buf_clear(rc_buf *buf);
/* Returns RC_OK, RC_ENOMEM or RC_ELIMIT. A failed append leaves the
 * contents as they were and sets the sticky error; later appends still
 * run. */
int rc_buf_put(rc_buf *buf, const char *data, size_t len);
int rc_buf_putc(rc_buf *buf, char c);
int rc_buf_puts(rc_buf *buf, const char *s);
/* Always a valid string ("" when empty). */
const char *rc_buf_cstr(const rc_buf *buf);
/* RC_OK when every append since rc_buf_init() succeeded, else the first
 * failure's code (RC_ENOMEM or RC_ELIMIT): the text then lacks a piece. */
int rc_buf_error(const rc_buf *buf);
/* Append the whole file at path to buf: opened without blocking (a FIFO
 * in its place does not hang), a regular file only, read up to buf's cap.
 * RC_OK; RC_EINPUT (cannot open or read, not a regular file: the message
 * names path); limit_error ("path: larger than N bytes: not WHAT") when the
 * file passes the cap; RC_ENOMEM. */
int rc_buf_read_file(rc_buf *buf, rc_ctx *ctx, const char *path,
                     const char *what, int limit_error);
/* A copy of the text in arena; NULL when an append failed (the sticky
 * error: the text lacks a piece) or the copy does. */
char *rc_buf_copy(const rc_buf *buf, rc_arena *arena);

#endif
