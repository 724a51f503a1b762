/* Containers: an opened input whose documents (zip entries or files) can be
 * listed and streamed. source.c is the base; the back-ends source_zip.c (the
 * only libzip reader) and source_dir.c build on it, and inputs.c opens them. */
#ifndef RC_SOURCE_SOURCE_H
#define RC_SOURCE_SOURCE_H

#include <stddef.h>

#include "rolecheck/source.h"

typedef struct rc_container rc_container;
typedef struct rc_stream rc_stream;

/* Per-kind operations behind a container. */
typedef struct {
  void (*close)(rc_container *c);
  int (*open_doc)(rc_stream **out, rc_ctx *ctx, rc_container *c, size_t i);
} rc_container_ops;

struct rc_container {
  const rc_container_ops *ops;
  char *path; /* display path of the input */
  /* the file on disk its documents are read from (a zip, the outermost
   * zip of a nested one, or a bare file); NULL for a folder, whose
   * documents are files of their own */
  char *disk;
  char **docs; /* relative document names, '/'-separated, sorted */
  size_t ndocs;
  size_t docs_cap;
  unsigned long long total_read; /* bytes streamed, for max_total_bytes */
};

/* Streams hand out chunks they own (zip: slots of the inflate ring; files:
 * one buffer), so the parser is fed without copying. */
#define RC_CHUNK_SIZE (1u << 20)

struct rc_stream {
  /* The next chunk, valid until the next call or close; *len 0 at the end.
   * Enforces the size limits. */
  int (*next)(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len);
  void (*close)(rc_stream *s);
  rc_container *container;
  char *display; /* "x.zip!/customizations.xml" or "dir/Roles/A.xml" */
  unsigned long long read_bytes;
  /* what rc_stream_read has not handed out yet of the current chunk */
  const char *pending;
  size_t pending_len;
};

void rc_container_close(rc_container *c);
/* The file on disk that document i is read from, as a new heap string. */
char *rc_container_doc_file(const rc_container *c, size_t i);
/* Index of the document whose name equals rel (ASCII case-insensitive). */
long rc_container_find(const rc_container *c, const char *rel);
int rc_container_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c,
                          size_t i);
/* The next chunk of the document (see rc_stream.next). */
int rc_stream_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len);
/* Copies up to cap bytes; *got == 0 at end. */
int rc_stream_read(rc_stream *s, rc_ctx *ctx, char *buf, size_t cap,
                   size_t *got);
void rc_stream_close(rc_stream *s);

/* The base the back-ends share. */
int rc_container__add_doc(rc_container *c, const char *name, size_t len);
void rc_container__sort_docs(rc_container *c);
void rc_container__free_docs(rc_container *c);
int rc_stream__account(rc_stream *s, rc_ctx *ctx, size_t got);
/* Does the name end in ".zip" (any case)? */
int rc_source__is_zip_name(const char *name);

/* The back-ends, opened by inputs.c (see rc_container_open). */
int rc_zip__open(rc_container **out, rc_ctx *ctx, const char *path);
/* A zip inside the zip at file: entry is the chain of entries leading to it
 * ("PkgFolder/x.zip", levels joined by "!/"), each read into memory within
 * the size limits; display names the container. */
int rc_zip__open_nested(rc_container **out, rc_ctx *ctx, const char *file,
                        const char *entry, const char *display);

/* What a zip holds, for each solution or data set found by rc_zip__scan. */
typedef int (*rc_zip_found_fn)(rc_ctx *ctx, rc_input_kind kind,
                               const char *entry, const char *display,
                               void *payload);
/* Classify the zip at path: a solution zip (solution.xml and
 * customizations.xml at its root) or Configuration Migration data
 * (data.xml, data_schema.xml) is reported once with entry NULL; any other
 * zip is searched as a Package Deployer package: every zip inside it is
 * classified in turn (nested packages too, a few levels deep), and each
 * solution or data zip is reported with its entry chain. Zips inside that
 * hold neither are skipped with a warning.
 * @return the number reported, or < 0 (with message) if path cannot be
 *         read as a zip, or a nested solution is damaged. */
int rc_zip__scan(rc_ctx *ctx, const char *path, rc_zip_found_fn found,
                 void *payload);
int rc_dir__open(rc_container **out, rc_ctx *ctx, const char *path,
                 unsigned max_depth);
/* A bare file: a container whose only document is the file itself. */
int rc_file__open(rc_container **out, rc_ctx *ctx, const char *path);

/* Join a and b with one '/' into a new heap string. */
char *rc_path_join(const char *a, const char *b);

#endif
