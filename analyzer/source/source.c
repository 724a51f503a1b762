/* The container and stream base the back-ends (source_zip.c, source_dir.c)
 * build on: the document list, lookups, chunked reads and the size limits. */
#include "source/source.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

char *rc_path_join(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  int slash = la > 0 && a[la - 1] != '/';
  char *p = rc_malloc(la + (size_t)slash + lb + 1);
  if (!p)
    return NULL;
  memcpy(p, a, la);
  if (slash)
    p[la] = '/';
  memcpy(p + la + (size_t)slash, b, lb + 1);
  return p;
}

/* ---- containers ---- */

void rc_container_close(rc_container *c)
{
  if (c)
    c->ops->close(c);
}

char *rc_container_doc_file(const rc_container *c, size_t i)
{
  if (c->disk)
    return rc_strndup(c->disk, strlen(c->disk));
  return rc_path_join(c->path, c->docs[i]);
}

long rc_container_find(const rc_container *c, const char *rel)
{
  size_t i;
  for (i = 0; i < c->ndocs; i++) {
    if (!rc_ascii_casecmp(c->docs[i], rel))
      return (long)i;
  }
  return -1;
}

int rc_container_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c,
                          size_t i)
{
  *out = NULL;
  return c->ops->open_doc(out, ctx, c, i);
}

int rc_stream_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len)
{
  if (s->pending_len) {
    *data = s->pending;
    *len = s->pending_len;
    s->pending_len = 0;
    return RC_OK;
  }
  return s->next(s, ctx, data, len);
}

int rc_stream_read(rc_stream *s, rc_ctx *ctx, char *buf, size_t cap,
                   size_t *got)
{
  *got = 0;
  if (!s->pending_len) {
    int error = s->next(s, ctx, &s->pending, &s->pending_len);
    if (error < 0)
      return error;
  }
  *got = s->pending_len < cap ? s->pending_len : cap;
  memcpy(buf, s->pending, *got);
  s->pending += *got;
  s->pending_len -= *got;
  return RC_OK;
}

void rc_stream_close(rc_stream *s)
{
  if (s)
    s->close(s);
}

int rc_stream__account(rc_stream *s, rc_ctx *ctx, size_t got)
{
  s->read_bytes += got;
  s->container->total_read += got;
  if (s->read_bytes > ctx->limits.max_entry_size)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: larger than %llu bytes uncompressed "
                   "(--max-entry-size)",
                   s->display, (unsigned long long)ctx->limits.max_entry_size);
  if (s->container->total_read > ctx->limits.max_total_bytes)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: more than %llu bytes read from this input, "
                   "reading this entry (--max-total)",
                   s->display, (unsigned long long)ctx->limits.max_total_bytes);
  return RC_OK;
}

int rc_container__add_doc(rc_container *c, const char *name, size_t len)
{
  void *docs = c->docs;
  char *copy;
  if (rc_array_reserve(&docs, &c->docs_cap, c->ndocs + 1, sizeof(char *)) < 0)
    return RC_ENOMEM;
  c->docs = docs;
  copy = rc_strndup(name, len);
  if (!copy)
    return RC_ENOMEM;
  c->docs[c->ndocs++] = copy;
  return RC_OK;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void rc_container__sort_docs(rc_container *c)
{
  if (c->ndocs > 1)
    qsort(c->docs, c->ndocs, sizeof(char *), cmp_str);
}

void rc_container__free_docs(rc_container *c)
{
  size_t i;
  for (i = 0; i < c->ndocs; i++)
    rc_free(c->docs[i]);
  rc_free(c->docs);
  rc_free(c->path);
  rc_free(c->disk);
}

int rc_source__is_zip_name(const char *name)
{
  size_t n = strlen(name);
  return n > 4 && !rc_ascii_casecmp(name + n - 4, ".zip");
}
