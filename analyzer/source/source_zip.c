/* Solution zips read in place with libzip (the only libzip reader): entries are
 * listed, checked, and streamed with zip_fread; nothing is extracted. */
#include "source/source.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/sys.h"

typedef struct {
  rc_container base;
  zip_t *zip;
  zip_uint64_t *index; /* docs[i] -> zip entry index */
  char *mem;           /* the bytes of a zip read from inside another */
} zip_container;

/* Zips inside zips (a Package Deployer package's PkgFolder/x.zip, a
 * package inside a package): how deep rc_zip__scan looks. */
#define NEST_MAX 3

/* The inflate ring: a second thread inflates into full slots while the
 * parser consumes them (performance reference: the parse is the
 * bottleneck, so inflating alongside hides it). With one CPU the stream
 * inflates inline into slot 0. */
#define RING_SLOTS 8

typedef struct {
  rc_stream base;
  zip_file_t *file;
  char *slots[RING_SLOTS];
  size_t lens[RING_SLOTS];
  int threaded;
  /* what the central directory declares; an entry that inflates past it
   * (or past the ratio) is stopped as it streams */
  int sized;
  zip_uint64_t declared, comp_size, inflated;
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t filled, emptied;
  unsigned head, count; /* next slot to consume, full slots */
  int held;             /* a slot is lent to the consumer */
  int done, failed, stop;
  char errmsg[256];
} zip_stream;

static void *inflate_thread(void *arg)
{
  zip_stream *zs = arg;
  unsigned tail = 0;
  for (;;) {
    zip_int64_t n;
    pthread_mutex_lock(&zs->mu);
    while (zs->count == RING_SLOTS && !zs->stop)
      pthread_cond_wait(&zs->emptied, &zs->mu);
    if (zs->stop) {
      pthread_mutex_unlock(&zs->mu);
      break;
    }
    pthread_mutex_unlock(&zs->mu);
    /* the slot at tail is free: only this thread writes it */
    n = zip_fread(zs->file, zs->slots[tail], RC_CHUNK_SIZE);
    pthread_mutex_lock(&zs->mu);
    if (n < 0) {
      zs->failed = 1;
      snprintf(zs->errmsg, sizeof(zs->errmsg), "%s",
               zip_file_strerror(zs->file));
    } else if (n == 0) {
      zs->done = 1;
    } else {
      zs->lens[tail] = (size_t)n;
      tail = (tail + 1) % RING_SLOTS;
      zs->count++;
    }
    pthread_cond_signal(&zs->filled);
    if (n <= 0) {
      pthread_mutex_unlock(&zs->mu);
      break;
    }
    pthread_mutex_unlock(&zs->mu);
  }
  return NULL;
}

/* Count n more inflated bytes: a lying header or a bomb ends here. */
static int zip_grew(zip_stream *zs, rc_ctx *ctx, size_t n)
{
  rc_stream *s = &zs->base;
  zs->inflated += n;
  if (zs->sized && zs->inflated > zs->declared)
    return rc_fail(ctx, RC_EINPUT,
                   "%s: inflates past its declared size of %llu bytes "
                   "(damaged or hostile zip)",
                   s->display, (unsigned long long)zs->declared);
  if (zs->inflated > (1u << 20) &&
      zs->inflated / (zs->comp_size ? zs->comp_size : 1) >
          ctx->limits.max_ratio)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: compression ratio over %u:1 "
                   "(--max-ratio)",
                   s->display, ctx->limits.max_ratio);
  return rc_stream__account(s, ctx, n);
}

static int zip_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len)
{
  zip_stream *zs = (zip_stream *)s;
  *data = NULL;
  *len = 0;
  if (!zs->threaded) {
    zip_int64_t n = zip_fread(zs->file, zs->slots[0], RC_CHUNK_SIZE);
    if (n < 0)
      return rc_fail(ctx, RC_EINPUT, "%s: cannot inflate: %s", s->display,
                     zip_file_strerror(zs->file));
    *data = zs->slots[0];
    *len = (size_t)n;
    return zip_grew(zs, ctx, *len);
  }
  pthread_mutex_lock(&zs->mu);
  if (zs->held) {
    /* the slot lent last time comes back */
    zs->head = (zs->head + 1) % RING_SLOTS;
    zs->count--;
    zs->held = 0;
    pthread_cond_signal(&zs->emptied);
  }
  while (!zs->count && !zs->done && !zs->failed)
    pthread_cond_wait(&zs->filled, &zs->mu);
  if (zs->count) {
    *data = zs->slots[zs->head];
    *len = zs->lens[zs->head];
    zs->held = 1;
  } else if (zs->failed) {
    pthread_mutex_unlock(&zs->mu);
    return rc_fail(ctx, RC_EINPUT, "%s: cannot inflate: %s", s->display,
                   zs->errmsg);
  }
  pthread_mutex_unlock(&zs->mu);
  return zip_grew(zs, ctx, *len);
}

static void zip_close_stream(rc_stream *s)
{
  zip_stream *zs = (zip_stream *)s;
  size_t i;
  if (zs->threaded) {
    pthread_mutex_lock(&zs->mu);
    zs->stop = 1;
    pthread_cond_signal(&zs->emptied);
    pthread_mutex_unlock(&zs->mu);
    pthread_join(zs->thread, NULL);
    pthread_cond_destroy(&zs->filled);
    pthread_cond_destroy(&zs->emptied);
    pthread_mutex_destroy(&zs->mu);
  }
  if (zs->file)
    zip_fclose(zs->file);
  for (i = 0; i < RING_SLOTS; i++)
    rc_free(zs->slots[i]);
  rc_free(s->display);
  rc_free(zs);
}

/* Start the ring (or inline inflation with one CPU). */
static int start_stream(zip_stream *zs, rc_ctx *ctx)
{
  long cpus = rc_sys_cpus();
  size_t i, n;
  zs->threaded = cpus > 1;
  n = zs->threaded ? RING_SLOTS : 1;
  for (i = 0; i < n; i++) {
    zs->slots[i] = rc_malloc(RC_CHUNK_SIZE);
    if (!zs->slots[i])
      return rc_fail_nomem(ctx);
  }
  if (!zs->threaded)
    return RC_OK;
  if (pthread_mutex_init(&zs->mu, NULL)) {
    zs->threaded = 0;
    return rc_fail(ctx, RC_ERROR, "cannot create a mutex");
  }
  pthread_cond_init(&zs->filled, NULL);
  pthread_cond_init(&zs->emptied, NULL);
  if (pthread_create(&zs->thread, NULL, inflate_thread, zs)) {
    pthread_cond_destroy(&zs->filled);
    pthread_cond_destroy(&zs->emptied);
    pthread_mutex_destroy(&zs->mu);
    zs->threaded = 0; /* inline from slot 0, which exists */
  }
  return RC_OK;
}

static int open_zip(zip_t **out, rc_ctx *ctx, const char *path)
{
  int code = 0;
  zip_error_t err;
  zip_t *z = zip_open(path, ZIP_RDONLY, &code);
  *out = NULL;
  if (!z) {
    int rc;
    zip_error_init_with_code(&err, code);
    rc = rc_fail(ctx, RC_EINPUT, "%s: cannot open zip: %s", path,
                 zip_error_strerror(&err));
    zip_error_fini(&err);
    return rc;
  }
  *out = z;
  return RC_OK;
}

/* A zip held in memory (len bytes at mem, still owned by the caller). */
static int open_zip_mem(zip_t **out, rc_ctx *ctx, const char *display,
                        const char *mem, size_t len)
{
  zip_error_t err;
  zip_source_t *src;
  zip_t *z = NULL;
  *out = NULL;
  zip_error_init(&err);
  src = zip_source_buffer_create(mem, len, 0, &err);
  if (src) {
    z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!z)
      zip_source_free(src);
  }
  if (!z) {
    int rc = zip_error_code_zip(&err) == ZIP_ER_MEMORY
                 ? rc_fail_nomem(ctx)
                 : rc_fail(ctx, RC_EINPUT, "%s: cannot open zip: %s", display,
                           zip_error_strerror(&err));
    zip_error_fini(&err);
    return rc;
  }
  zip_error_fini(&err);
  *out = z;
  return RC_OK;
}

/* Untrusted names: no absolute paths, no "..", no backslash tricks. */
static int bad_entry_name(const char *name)
{
  const char *p = name;
  if (name[0] == '/' || name[0] == '\\')
    return 1;
  if ((name[0] >= 'A' && name[0] <= 'Z' && name[1] == ':') ||
      (name[0] >= 'a' && name[0] <= 'z' && name[1] == ':'))
    return 1;
  while (*p) {
    const char *seg = p;
    size_t n;
    while (*p && *p != '/' && *p != '\\')
      p++;
    n = (size_t)(p - seg);
    if (n == 2 && seg[0] == '.' && seg[1] == '.')
      return 1;
    if (*p)
      p++;
  }
  return 0;
}

/* 1: a solution zip; 2: Configuration Migration data; 0: neither. */
static int classify(zip_t *z)
{
  if (zip_name_locate(z, "solution.xml", ZIP_FL_NOCASE) >= 0 &&
      zip_name_locate(z, "customizations.xml", ZIP_FL_NOCASE) >= 0)
    return 1;
  /* Configuration Migration data (portal records of classic sites) */
  if (zip_name_locate(z, "data.xml", ZIP_FL_NOCASE) >= 0 &&
      zip_name_locate(z, "data_schema.xml", ZIP_FL_NOCASE) >= 0)
    return 2;
  return 0;
}

static void zip_close_container(rc_container *c)
{
  zip_container *zc = (zip_container *)c;
  if (zc->zip)
    zip_discard(zc->zip);
  rc_free(zc->mem);
  rc_free(zc->index);
  rc_container__free_docs(c);
  rc_free(zc);
}

static int zip_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c, size_t i)
{
  zip_container *zc = (zip_container *)c;
  zip_stat_t st;
  zip_stream *zs;
  char *display;
  zip_uint64_t idx = zc->index[i];

  if (zip_stat_index(zc->zip, idx, 0, &st) < 0)
    return rc_fail(ctx, RC_EINPUT, "%s!/%s: cannot read entry: %s", c->path,
                   c->docs[i], zip_strerror(zc->zip));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      st.encryption_method != ZIP_EM_NONE)
    return rc_fail(ctx, RC_EINPUT, "%s!/%s: entry is encrypted", c->path,
                   c->docs[i]);
  if ((st.valid & ZIP_STAT_COMP_METHOD) &&
      !zip_compression_method_supported(st.comp_method, 0))
    return rc_fail(ctx, RC_EINPUT, "%s!/%s: unsupported compression method %d",
                   c->path, c->docs[i], (int)st.comp_method);
  if ((st.valid & ZIP_STAT_SIZE) && st.size > ctx->limits.max_entry_size)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s!/%s: entry is %llu bytes uncompressed, over the limit "
                   "of %llu (--max-entry-size)",
                   c->path, c->docs[i], (unsigned long long)st.size,
                   (unsigned long long)ctx->limits.max_entry_size);
  if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
      st.size > (1u << 20) &&
      st.size / (st.comp_size ? st.comp_size : 1) > ctx->limits.max_ratio)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s!/%s: compression ratio over %u:1 (--max-ratio)", c->path,
                   c->docs[i], ctx->limits.max_ratio);

  zs = rc_calloc(1, sizeof(*zs));
  display = rc_malloc(strlen(c->path) + strlen(c->docs[i]) + 3);
  if (!zs || !display) {
    rc_free(zs);
    rc_free(display);
    return rc_fail_nomem(ctx);
  }
  strcpy(display, c->path);
  strcat(display, "!/");
  strcat(display, c->docs[i]);
  zs->base.next = zip_next;
  zs->base.close = zip_close_stream;
  zs->base.container = c;
  zs->base.display = display;
  zs->sized = (st.valid & ZIP_STAT_SIZE) != 0;
  zs->declared = st.size;
  zs->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  zs->file = zip_fopen_index(zc->zip, idx, 0);
  if (!zs->file) {
    int rc = rc_fail(ctx, RC_EINPUT, "%s: cannot open entry: %s", display,
                     zip_strerror(zc->zip));
    zip_close_stream(&zs->base);
    return rc;
  }
  {
    int rc = start_stream(zs, ctx);
    if (rc < 0) {
      zip_close_stream(&zs->base);
      return rc;
    }
  }
  *out = &zs->base;
  return RC_OK;
}

static const rc_container_ops zip_ops = {zip_close_container, zip_open_doc};

typedef struct {
  const char *name;
  zip_uint64_t index;
} named_index;

static int cmp_named(const void *a, const void *b)
{
  const named_index *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* List the entries of zc->zip as the container's documents: names
 * checked, backslashes (Package Deployer packages) read as '/', sorted. */
static int list_entries(zip_container *zc, rc_ctx *ctx)
{
  const char *path = zc->base.path;
  named_index *names = NULL;
  char **copies = NULL; /* the names rewritten with '/' */
  zip_int64_t n = zip_get_num_entries(zc->zip, 0);
  zip_uint64_t i;
  size_t k = 0, ncopies = 0;
  int error = RC_OK;

  if (n < 0 || (zip_uint64_t)n > ctx->limits.max_entries)
    return rc_fail(ctx, RC_ELIMIT, "%s: more than %u entries (--max-entries)",
                   path, ctx->limits.max_entries);
  names = rc_calloc((size_t)n + 1, sizeof(*names));
  copies = rc_calloc((size_t)n + 1, sizeof(*copies));
  zc->index = rc_calloc((size_t)n + 1, sizeof(*zc->index));
  if (!names || !copies || !zc->index) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  for (i = 0; i < (zip_uint64_t)n; i++) {
    const char *name = zip_get_name(zc->zip, i, ZIP_FL_ENC_GUESS);
    size_t len;
    if (!name) {
      error = rc_fail(ctx, RC_EINPUT, "%s: entry %llu: %s", path,
                      (unsigned long long)i, zip_strerror(zc->zip));
      goto done;
    }
    if (bad_entry_name(name)) {
      error =
          rc_fail(ctx, RC_EINPUT, "%s: entry '%s' has an absolute or '..' path",
                  path, name);
      goto done;
    }
    len = strlen(name);
    if (!len || name[len - 1] == '/' || name[len - 1] == '\\')
      continue; /* directory entries carry nothing */
    if (strchr(name, '\\')) {
      /* "PkgFolder\x.zip" is "PkgFolder/x.zip" */
      char *p = rc_strndup(name, len), *q;
      if (!p) {
        error = rc_fail_nomem(ctx);
        goto done;
      }
      for (q = p; *q; q++) {
        if (*q == '\\')
          *q = '/';
      }
      copies[ncopies++] = p;
      name = p;
    }
    names[k].name = name;
    names[k].index = i;
    k++;
  }
  qsort(names, k, sizeof(*names), cmp_named);
  for (i = 0; i < k; i++) {
    if (rc_container__add_doc(&zc->base, names[i].name, strlen(names[i].name)) <
        0) {
      error = rc_fail_nomem(ctx);
      goto done;
    }
    zc->index[i] = names[i].index;
  }
done:
  for (i = 0; i < ncopies; i++)
    rc_free(copies[i]);
  rc_free(copies);
  rc_free(names);
  return error;
}

/* path: the display path; disk: the zip file it lives in. */
static int new_container(zip_container **out, rc_ctx *ctx, const char *path,
                         const char *disk)
{
  zip_container *zc = rc_calloc(1, sizeof(*zc));
  *out = NULL;
  if (!zc)
    return rc_fail_nomem(ctx);
  zc->base.ops = &zip_ops;
  zc->base.path = rc_strndup(path, strlen(path));
  zc->base.disk = rc_strndup(disk, strlen(disk));
  if (!zc->base.path || !zc->base.disk) {
    zip_close_container(&zc->base);
    return rc_fail_nomem(ctx);
  }
  *out = zc;
  return RC_OK;
}

/* The zip file at path, its entries listed. */
static int open_file_zip(zip_container **out, rc_ctx *ctx, const char *path)
{
  zip_container *zc;
  int error = new_container(&zc, ctx, path, path);
  *out = NULL;
  if (error < 0)
    return error;
  error = open_zip(&zc->zip, ctx, path);
  if (!error)
    error = list_entries(zc, ctx);
  if (error < 0) {
    zip_close_container(&zc->base);
    return error;
  }
  *out = zc;
  return RC_OK;
}

int rc_zip__open(rc_container **out, rc_ctx *ctx, const char *path)
{
  zip_container *zc;
  int error = open_file_zip(&zc, ctx, path);
  *out = error < 0 ? NULL : &zc->base;
  return error;
}

/* Read document i of c whole into a new buffer, within the size limits
 * its stream enforces. */
static int read_whole(rc_ctx *ctx, rc_container *c, size_t i, char **out,
                      size_t *len)
{
  rc_stream *s;
  char *buf = NULL;
  size_t cap = 0;
  int error = rc_container_open_doc(&s, ctx, c, i);
  *out = NULL;
  *len = 0;
  if (error < 0)
    return error;
  for (;;) {
    const char *data;
    size_t got;
    error = rc_stream_next(s, ctx, &data, &got);
    if (error < 0 || !got)
      break;
    if (*len + got > cap) {
      size_t grown = cap ? cap * 2 : 65536;
      char *p;
      while (grown < *len + got)
        grown *= 2;
      p = rc_realloc(buf, grown);
      if (!p) {
        error = rc_fail_nomem(ctx);
        break;
      }
      buf = p;
      cap = grown;
    }
    memcpy(buf + *len, data, got);
    *len += got;
  }
  rc_stream_close(s);
  if (error < 0) {
    rc_free(buf);
    *len = 0;
    return error;
  }
  *out = buf;
  return RC_OK;
}

/* Open the zip held by document i of parent, named display; what was read
 * of the parent counts toward the new container's total. */
static int open_inner(zip_container **out, rc_ctx *ctx, rc_container *parent,
                      size_t i, const char *display)
{
  zip_container *zc;
  size_t len;
  int error = new_container(&zc, ctx, display, parent->disk);
  *out = NULL;
  if (error < 0)
    return error;
  error = read_whole(ctx, parent, i, &zc->mem, &len);
  if (!error)
    error = open_zip_mem(&zc->zip, ctx, display, zc->mem, len);
  if (!error)
    error = list_entries(zc, ctx);
  if (error < 0) {
    zip_close_container(&zc->base);
    return error;
  }
  zc->base.total_read = parent->total_read;
  *out = zc;
  return RC_OK;
}

int rc_zip__open_nested(rc_container **out, rc_ctx *ctx, const char *file,
                        const char *entry, const char *display)
{
  rc_container *c = NULL;
  char *chain = rc_strndup(entry, strlen(entry));
  char *seg, *next;
  int error;
  *out = NULL;
  if (!chain)
    return rc_fail_nomem(ctx);
  error = rc_zip__open(&c, ctx, file);
  for (seg = chain; !error && seg; seg = next) {
    zip_container *inner;
    long i;
    next = strstr(seg, "!/");
    if (next) {
      *next = '\0';
      next += 2;
    }
    i = rc_container_find(c, seg);
    if (i < 0) {
      error = rc_fail(ctx, RC_EINPUT, "%s!/%s: no such entry", c->path, seg);
      break;
    }
    /* the innermost level is named display; the levels above it are
     * named by their own chain, for messages */
    if (next) {
      char *name = rc_malloc(strlen(c->path) + strlen(seg) + 3);
      if (!name) {
        error = rc_fail_nomem(ctx);
        break;
      }
      sprintf(name, "%s!/%s", c->path, seg);
      error = open_inner(&inner, ctx, c, (size_t)i, name);
      rc_free(name);
    } else {
      error = open_inner(&inner, ctx, c, (size_t)i, display);
    }
    rc_container_close(c);
    c = error < 0 ? NULL : &inner->base;
  }
  rc_free(chain);
  if (error < 0) {
    rc_container_close(c);
    return error;
  }
  *out = c;
  return RC_OK;
}

/* ---- classifying a zip, and the packages that hold zips ---- */

typedef struct {
  rc_zip_found_fn found;
  void *payload;
  int count;
} scan_state;

static int has_zips(const zip_container *zc)
{
  size_t i;
  for (i = 0; i < zc->base.ndocs; i++) {
    if (rc_source__is_zip_name(zc->base.docs[i]))
      return 1;
  }
  return 0;
}

static int scan_container(scan_state *st, rc_ctx *ctx, zip_container *zc,
                          const char *chain, unsigned depth)
{
  size_t i;
  int kind = classify(zc->zip), error = RC_OK;
  if (kind) {
    st->count++;
    return st->found(ctx, kind == 2 ? RC_INPUT_CMT_DATA : RC_INPUT_ZIP, chain,
                     zc->base.path, st->payload);
  }
  if (depth >= NEST_MAX) {
    if (has_zips(zc))
      rc_warn(ctx, "%s: not read: zips nested more than %d deep", zc->base.path,
              NEST_MAX);
    return RC_OK;
  }
  /* a Package Deployer package, or a zip of solutions: look inside */
  for (i = 0; !error && i < zc->base.ndocs; i++) {
    const char *doc = zc->base.docs[i];
    char *display, *inner_chain;
    zip_container *inner;
    int before = st->count;
    if (!rc_source__is_zip_name(doc))
      continue;
    display = rc_malloc(strlen(zc->base.path) + strlen(doc) + 3);
    inner_chain = rc_malloc((chain ? strlen(chain) + 2 : 0) + strlen(doc) + 1);
    if (!display || !inner_chain) {
      rc_free(display);
      rc_free(inner_chain);
      return rc_fail_nomem(ctx);
    }
    sprintf(display, "%s!/%s", zc->base.path, doc);
    sprintf(inner_chain, "%s%s%s", chain ? chain : "", chain ? "!/" : "", doc);
    error = open_inner(&inner, ctx, &zc->base, i, display);
    if (!error) {
      error = scan_container(st, ctx, inner, inner_chain, depth + 1);
      /* a package inside says for itself what it skipped */
      if (!error && st->count == before && !has_zips(inner))
        rc_warn(ctx,
                "%s: skipped, a zip without solution.xml and "
                "customizations.xml",
                display);
      zip_close_container(&inner->base);
    }
    rc_free(display);
    rc_free(inner_chain);
  }
  return error;
}

int rc_zip__scan(rc_ctx *ctx, const char *path, rc_zip_found_fn found,
                 void *payload)
{
  zip_container *zc;
  scan_state st;
  int error = open_file_zip(&zc, ctx, path);
  if (error < 0)
    return error;
  st.found = found;
  st.payload = payload;
  st.count = 0;
  error = scan_container(&st, ctx, zc, NULL, 0);
  zip_close_container(&zc->base);
  return error < 0 ? error : st.count;
}
