/* Growable byte buffer with a hard cap. */
#include "util/buf.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rolecheck/error.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

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

int rc_buf_read_file(rc_buf *buf, rc_ctx *ctx, const char *path,
                     const char *what, int limit_error)
{
  struct stat st;
  char chunk[65536];
  int error = RC_OK, fd = rc_sys_open_read(path, RC_SYS_NONBLOCK);
  if (fd < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return rc_fail(ctx, RC_EINPUT, "%s: not a regular file", path);
  }
  for (;;) {
    long n = rc_sys_read(fd, chunk, sizeof(chunk));
    if (n < 0)
      error = rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
    if (n <= 0)
      break;
    error = rc_buf_put(buf, chunk, (size_t)n);
    if (error == RC_ELIMIT)
      error = rc_fail(ctx, limit_error, "%s: larger than %lu bytes: not %s",
                      path, (unsigned long)buf->max, what);
    else if (error < 0)
      error = rc_fail_nomem(ctx);
    if (error < 0)
      break;
  }
  close(fd);
  return error;
}
