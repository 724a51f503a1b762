/* Folder inputs (unpacked and extracted solutions) and single files: the
 * documents are plain files streamed with read(2), opened read-only. */
#include "source/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"

typedef struct {
  rc_stream base;
  int fd;
  char *buf; /* one chunk, allocated on first use */
} file_stream;

static int file_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len)
{
  file_stream *fs = (file_stream *)s;
  ssize_t n;
  *len = 0;
  *data = NULL;
  if (!fs->buf && !(fs->buf = rc_malloc(RC_CHUNK_SIZE)))
    return rc_fail_nomem(ctx);
  do {
    n = read(fs->fd, fs->buf, RC_CHUNK_SIZE);
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

int rc_file__stream(rc_stream **out, rc_ctx *ctx, const char *fs_path,
                    const char *display)
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
  fs->fd = open(fs_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
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

static int dir_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c, size_t i)
{
  char *p = rc_path_join(c->path, c->docs[i]);
  int error;
  if (!p)
    return rc_fail_nomem(ctx);
  error = rc_file__stream(out, ctx, p, p);
  if (!error)
    (*out)->container = c;
  rc_free(p);
  return error;
}

static const rc_container_ops dir_ops = {dir_close, dir_open_doc};

/* List regular files down to max_depth levels, as '/'-joined relative names.
 * Links are not followed, so nothing outside the folder is read. */
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
    } else if (lstat(child_abs, &st) < 0) {
      error = rc_fail(ctx, RC_EINPUT, "%s: %s", child_abs, strerror(errno));
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
  error = rc_file__stream(out, ctx, c->path, c->path);
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
  base = base ? base + 1 : path;
  if (!c->path || rc_container__add_doc(c, base, strlen(base)) < 0) {
    dir_close(c);
    return rc_fail_nomem(ctx);
  }
  *out = c;
  return RC_OK;
}
