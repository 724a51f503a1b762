/* Growable byte buffer with a hard cap. */
#include "util/buf.h"

#include <string.h>

#include "rolecheck/error.h"
#include "util/alloc.h"

void rc_buf_init(rc_buf *buf, size_t max)
{
  memset(buf, 0, sizeof(*buf));
  buf->max = max;
}

void rc_buf_dispose(rc_buf *buf)
{
  rc_free(buf->ptr);
  memset(buf, 0, sizeof(*buf));
}

void rc_buf_clear(rc_buf *buf)
{
  buf->len = 0;
  if (buf->ptr)
    buf->ptr[0] = '\0';
}

/* Remember the first failure (the sticky error) and pass it on. */
static int failed(rc_buf *buf, int error)
{
  if (!buf->failed)
    buf->failed = error;
  return error;
}

int rc_buf_put(rc_buf *buf, const char *data, size_t len)
{
  if (len > buf->max - buf->len)
    return failed(buf, RC_ELIMIT);
  if (buf->len + len + 1 > buf->cap) {
    void *p = buf->ptr;
    size_t cap = buf->cap;
    if (rc_array_reserve(&p, &cap, buf->len + len + 1, 1) < 0)
      return failed(buf, RC_ENOMEM);
    buf->ptr = p;
    buf->cap = cap;
  }
  memcpy(buf->ptr + buf->len, data, len);
  buf->len += len;
  buf->ptr[buf->len] = '\0';
  return RC_OK;
}

int rc_buf_putc(rc_buf *buf, char c)
{
  return rc_buf_put(buf, &c, 1);
}

int rc_buf_puts(rc_buf *buf, const char *s)
{
  return rc_buf_put(buf, s, strlen(s));
}

const char *rc_buf_cstr(const rc_buf *buf)
{
  return buf->ptr ? buf->ptr : "";
}

int rc_buf_error(const rc_buf *buf)
{
  return buf->failed;
}

char *rc_buf_copy(const rc_buf *buf, rc_arena *arena)
{
  if (buf->failed)
    return NULL;
  return rc_arena_strdup(arena, rc_buf_cstr(buf));
}
