/* Folder inputs (unpacked and extracted solutions) and single files: the
 * documents are plain files streamed with read(2), opened read-only. */
#include "source/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

typedef struct {
  rc_stream base;
  int fd;
  char *buf; /* one chunk, allocated on first use */
} file_stream;

static int file_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len)
{
  file_stream *fs = (file_stream *)s;
  long n;
  *len = 0;
  *data = NULL;
  if (!fs->buf && !(fs->buf = rc_malloc(RC_CHUNK_SIZE)))
    return rc_fail_nomem(ctx);
  do {
    n = rc_sys_read(fs->fd, fs->buf, RC_CHUNK_SIZE);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", s->display, strerror(errno));
  *data = fs->buf;
  *len = (size_t)n;
  return rc_stream__account(s, ctx, *len);
}

static void file_close_stream(rc_stream *s)
{
  file_stream *fs = (file_stream *)s;
  if (fs->fd >= 0)
    close(fs->fd);
  rc_free(fs->buf);
  rc_free(s->display);
  rc_free(fs);
}

/* Open a plain file for streaming, named display. A symbolic link is
 * refused unless follow (a path the user named). */
static int file_stream_open(rc_stream **out, rc_ctx *ctx, const char *fs_path,
                            const char *display, int follow)
{
  file_stream *fs = rc_calloc(1, sizeof(*fs));
  *out = NULL;
  if (!fs)
    return rc_fail_nomem(ctx);
  fs->fd = -1;
  fs->base.next = file_next;
  fs->base.close = file_close_stream;
  fs->base.display = rc_strndup(display, strlen(display));
  if (!fs->base.display) {
    file_close_stream(&fs->base);
    return rc_fail_nomem(ctx);
  }
  fs->fd = rc_sys_open_read(fs_path,
                            RC_SYS_NONBLOCK | (follow ? 0 : RC_SYS_NOFOLLOW));
  if (fs->fd >= 0) {
    /* only regular files: a FIFO or device named in place of a document
     * would block or never end */
    struct stat st;
    if (fstat(fs->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
      int rc = rc_fail(ctx, RC_EINPUT, "%s: not a regular file", display);
      file_close_stream(&fs->base);
      return rc;
    }
  }
  if (fs->fd < 0) {
    int rc = rc_fail(ctx, RC_EINPUT, "%s: %s", display, strerror(errno));
    file_close_stream(&fs->base);
    return rc;
  }
  *out = &fs->base;
  return RC_OK;
}

static void dir_close(rc_container *c)
{
  rc_container__free_docs(c);
  rc_free(c);
}

/* Where the link at path leads, if that is inside the folder root:
 * *real (malloc'd) is then the target; *real is NULL for a link to nothing.
 * A link out of the folder is an RC_EINPUT error. */
static int link_inside(rc_ctx *ctx, const char *root, const char *path,
                       char **real)
{
  char *top = rc_sys_realpath(root);
  size_t n;
  int inside;
  *real = NULL;
  if (!top)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", root, strerror(errno));
  *real = rc_sys_realpath(path);
  if (!*real) {
    int lost = errno == ENOENT || errno == ELOOP;
    free(top);
    return lost ? RC_OK
                : rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  }
  n = strlen(top);
  inside = !strncmp(*real, top, n) &&
           (top[n - 1] == '/' || (*real)[n] == '/' || !(*real)[n]);
  free(top);
  if (!inside) {
    free(*real);
    *real = NULL;
    return rc_fail(ctx, RC_EINPUT,
                   "%s: symbolic link leads out of the input folder, refused",
                   path);
  }
  return RC_OK;
}

static int dir_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c, size_t i)
{
  char *p = rc_path_join(c->path, c->docs[i]);
  char *real = NULL;
  struct stat st;
  int error = RC_OK;
  if (!p)
    return rc_fail_nomem(ctx);
  /* a link listed as a document led inside the folder; check again, then
   * open its target */
  if (!rc_sys_lstat(p, &st) && rc_sys_is_link(&st)) {
    error = link_inside(ctx, c->path, p, &real);
    if (!error && !real)
      error = rc_fail(ctx, RC_EINPUT, "%s: symbolic link to nothing", p);
  }
  if (!error)
    error = file_stream_open(out, ctx, real ? real : p, p, 0);
  if (!error)
    (*out)->container = c;
  free(real);
  rc_free(p);
  return error;
}

static const rc_container_ops dir_ops = {dir_close, dir_open_doc};

/* List regular files down to max_depth levels, as '/'-joined relative names.
 * A link to a file inside the folder counts as that file; a link out of the
 * folder is refused; links to folders are not followed (no loops). */
static int list_dir(rc_container *c, rc_ctx *ctx, const char *rel,
                    unsigned depth, unsigned max_depth, size_t *visited)
{
  char *abs = rel[0] ? rc_path_join(c->path, rel)
                     : rc_strndup(c->path, strlen(c->path));
  DIR *d;
  struct dirent *e;
  int error = RC_OK;
  if (!abs)
    return rc_fail_nomem(ctx);
  d = opendir(abs);
  if (!d) {
    error = rc_fail(ctx, RC_EINPUT, "%s: cannot read directory: %s", abs,
                    strerror(errno));
    rc_free(abs);
    return error;
  }
  while (!error && (e = readdir(d)) != NULL) {
    struct stat st;
    char *child_abs, *child_rel;
    if (e->d_name[0] == '.' &&
        (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
      continue;
    if (++*visited > ctx->limits.max_files) {
      error = rc_fail(ctx, RC_ELIMIT, "%s: more than %u files (--max-files)",
                      c->path, ctx->limits.max_files);
      break;
    }
    child_abs = rc_path_join(abs, e->d_name);
    child_rel = rel[0] ? rc_path_join(rel, e->d_name)
                       : rc_strndup(e->d_name, strlen(e->d_name));
    if (!child_abs || !child_rel) {
      error = rc_fail_nomem(ctx);
    } else if (rc_sys_lstat(child_abs, &st) < 0) {
      error = rc_fail(ctx, RC_EINPUT, "%s: %s", child_abs, strerror(errno));
    } else if (rc_sys_is_link(&st)) {
      char *real;
      struct stat target;
      error = link_inside(ctx, c->path, child_abs, &real);
      if (!error && (!real || stat(real, &target) < 0))
        rc_warn(ctx, "%s: symbolic link to nothing, skipped", child_abs);
      else if (!error && S_ISREG(target.st_mode)) {
        if (rc_container__add_doc(c, child_rel, strlen(child_rel)) < 0)
          error = rc_fail_nomem(ctx);
      } else if (!error && S_ISDIR(target.st_mode))
        rc_warn(ctx, "%s: symbolic link to a folder, not followed", child_abs);
      free(real);
    } else if (S_ISREG(st.st_mode)) {
      if (rc_container__add_doc(c, child_rel, strlen(child_rel)) < 0)
        error = rc_fail_nomem(ctx);
    } else if (S_ISDIR(st.st_mode) && depth + 1 < max_depth) {
      error = list_dir(c, ctx, child_rel, depth + 1, max_depth, visited);
    }
    rc_free(child_abs);
    rc_free(child_rel);
  }
  closedir(d);
  rc_free(abs);
  return error;
}

int rc_dir__open(rc_container **out, rc_ctx *ctx, const char *path,
                 unsigned max_depth)
{
  rc_container *c = rc_calloc(1, sizeof(*c));
  size_t visited = 0;
  int error;
  *out = NULL;
  if (!c)
    return rc_fail_nomem(ctx);
  c->ops = &dir_ops;
  c->path = rc_strndup(path, strlen(path));
  if (!c->path) {
    dir_close(c);
    return rc_fail_nomem(ctx);
  }
  error = list_dir(c, ctx, "", 0, max_depth, &visited);
  if (error < 0) {
    dir_close(c);
    return error;
  }
  rc_container__sort_docs(c);
  *out = c;
  return RC_OK;
}

/* A bare file is a container whose only document is the file itself. */
static int single_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c,
                           size_t i)
{
  int error;
  (void)i;
  error = file_stream_open(out, ctx, c->path, c->path, 1);
  if (!error)
    (*out)->container = c;
  return error;
}

static const rc_container_ops single_ops = {dir_close, single_open_doc};

int rc_file__open(rc_container **out, rc_ctx *ctx, const char *path)
{
  rc_container *c = rc_calloc(1, sizeof(*c));
  const char *base = strrchr(path, '/');
  *out = NULL;
  if (!c)
    return rc_fail_nomem(ctx);
  c->ops = &single_ops;
  c->path = rc_strndup(path, strlen(path));
  c->disk = rc_strndup(path, strlen(path));
  base = base ? base + 1 : path;
  if (!c->path || !c->disk ||
      rc_container__add_doc(c, base, strlen(base)) < 0) {
    dir_close(c);
    return rc_fail_nomem(ctx);
  }
  *out = c;
  return RC_OK;
}
