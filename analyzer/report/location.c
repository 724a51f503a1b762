/* Finding locations for CI outputs: lexical normalisation of paths (no file
 * system access, so a location never depends on links), relative to the
 * source root, percent-encoded for SARIF. */
#include "report/location.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/escape.h"
#include "rolecheck/error.h"
#include "util/sys.h"

void rc_location_cwd(char *buf, size_t cap)
{
  if (!rc_sys_getcwd(buf, cap))
    snprintf(buf, cap, "/");
}

#define is_sep(c) RC_SYS_IS_SEP(c)
#ifdef _WIN32
/* Windows: "C:" starts an absolute path (read as the first segment of
 * "/C:/..."). */
#define is_abs(p)                                                              \
  (is_sep((p)[0]) ||                                                           \
   (((p)[0] | 0x20) >= 'a' && ((p)[0] | 0x20) <= 'z' && (p)[1] == ':'))
#else
#define is_abs(p) ((p)[0] == '/')
#endif

/* Join base and path (when path is relative) and fold "." and "..". */
static int normalise(rc_buf *out, const char *base, const char *path,
                     size_t len)
{
  rc_buf tmp;
  const char *p, *end;
  int error = RC_OK;
  rc_buf_init(&tmp, 1u << 16);
  if (!is_abs(path)) {
    error = rc_buf_puts(&tmp, base);
    if (!error)
      error = rc_buf_putc(&tmp, '/');
  }
  if (!error)
    error = rc_buf_put(&tmp, path, len);
  rc_buf_clear(out);
  p = rc_buf_cstr(&tmp);
  end = p + tmp.len;
  while (!error && p < end) {
    const char *seg;
    size_t n;
    while (p < end && is_sep(*p))
      p++;
    seg = p;
    while (p < end && !is_sep(*p))
      p++;
    n = (size_t)(p - seg);
    if (!n || (n == 1 && seg[0] == '.'))
      continue;
    if (n == 2 && seg[0] == '.' && seg[1] == '.') {
      char *slash = out->len ? strrchr(out->ptr, '/') : NULL;
      if (slash) {
        out->len = (size_t)(slash - out->ptr);
        out->ptr[out->len] = '\0';
      }
      continue;
    }
    error = rc_buf_putc(out, '/');
    if (!error)
      error = rc_buf_put(out, seg, n);
  }
  if (!error && !out->len)
    error = rc_buf_putc(out, '/');
  rc_buf_dispose(&tmp);
  return error;
}

int rc_location_init(rc_location *loc, const char *file, const char *root,
                     const char *cwd)
{
  const char *bang = strstr(file, "!/");
  size_t len = bang ? (size_t)(bang - file) : strlen(file);
  rc_buf nroot;
  int error;
  memset(loc, 0, sizeof(*loc));
  rc_buf_init(&loc->abs, 1u << 16);
  rc_buf_init(&loc->rel, 1u << 16);
  rc_buf_init(&loc->uri, 1u << 18);
  rc_buf_init(&nroot, 1u << 16);
  loc->entry = bang ? bang + 2 : NULL;
  error = normalise(&loc->abs, cwd, file, len);
  if (!error)
    error = normalise(&nroot, cwd, root, strlen(root));
  if (!error) {
    size_t rl = nroot.len;
    const char *a = rc_buf_cstr(&loc->abs), *r = rc_buf_cstr(&nroot);
    if (rl == 1 && r[0] == '/')
      rl = 0; /* the root directory */
    if (!strncmp(a, r, rl) && a[rl] == '/') {
      loc->in_root = 1;
      error = rc_buf_puts(&loc->rel, a + rl + 1);
    }
  }
  if (!error && loc->in_root) {
    error = rc_uri_encode(&loc->uri, loc->rel.ptr, loc->rel.len);
  } else if (!error) {
    /* "file:///C:/dir": the drive's colon stays as it is */
    size_t drive = loc->abs.len > 2 && loc->abs.ptr[2] == ':' ? 3 : 0;
    error = rc_buf_puts(&loc->uri, "file://");
    if (!error)
      error = rc_buf_put(&loc->uri, loc->abs.ptr, drive);
    if (!error)
      error =
          rc_uri_encode(&loc->uri, loc->abs.ptr + drive, loc->abs.len - drive);
  }
  if (!error && loc->entry) {
    error = rc_buf_puts(&loc->uri, "!/");
    if (!error)
      error = rc_uri_encode(&loc->uri, loc->entry, strlen(loc->entry));
  }
#ifdef _WIN32
  /* "/C:/dir" is the URI's path; the absolute path is "C:/dir" */
  if (!error && loc->abs.len > 2 && loc->abs.ptr[2] == ':') {
    memmove(loc->abs.ptr, loc->abs.ptr + 1, loc->abs.len);
    loc->abs.len--;
  }
#endif
  rc_buf_dispose(&nroot);
  if (error)
    rc_location_dispose(loc);
  return error;
}

void rc_location_dispose(rc_location *loc)
{
  rc_buf_dispose(&loc->abs);
  rc_buf_dispose(&loc->rel);
  rc_buf_dispose(&loc->uri);
}

int rc_location_root_uri(char *buf, size_t cap, const char *root,
                         const char *cwd)
{
  rc_location rl;
  if (rc_location_init(&rl, root, root, cwd) < 0)
    return RC_ENOMEM;
  snprintf(buf, cap, "%s/",
           strcmp(rc_buf_cstr(&rl.uri), "file:///") ? rc_buf_cstr(&rl.uri)
                                                    : "file://");
  rc_location_dispose(&rl);
  return RC_OK;
}
