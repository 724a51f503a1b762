/* A growable byte buffer with a hard cap (curl's dynbuf): growing past the
 * cap fails with RC_ELIMIT and leaves the contents as they were. */
#ifndef RC_UTIL_BUF_H
#define RC_UTIL_BUF_H

#include <stddef.h>

typedef struct {
  char *ptr; /* NUL-terminated when len > 0 or after rc_buf_cstr() */
  size_t len;
  size_t cap;
  size_t max; /* hard cap on len */
} rc_buf;

void rc_buf_init(rc_buf *buf, size_t max);
void rc_buf_dispose(rc_buf *buf);
void rc_buf_clear(rc_buf *buf);
/* Returns RC_OK, RC_ENOMEM or RC_ELIMIT. */
int rc_buf_put(rc_buf *buf, const char *data, size_t len);
int rc_buf_putc(rc_buf *buf, char c);
int rc_buf_puts(rc_buf *buf, const char *s);
/* Always a valid string ("" when empty). */
const char *rc_buf_cstr(const rc_buf *buf);

#endif
