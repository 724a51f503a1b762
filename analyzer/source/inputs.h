/* The input list: what each path named is (a solution zip, a folder form, a
 * bare file) and how an input is opened. inputs.c classifies paths, builds
 * the list and opens the back-ends, which build on source.c alone. */
#ifndef RC_SOURCE_INPUTS_H
#define RC_SOURCE_INPUTS_H

#include <stddef.h>

#include "rolecheck/source.h"
#include "source/source.h"

typedef struct {
  rc_input_kind kind;
  char *path; /* display path, as given or found ("p.zip!/In/x.zip" nested) */
  /* a solution or data zip inside a zip (a Package Deployer package): the
   * file on disk and the entries leading to it, '/'-separated, nesting
   * levels joined by "!/"; both NULL for an input that is a file or folder */
  char *file;
  char *entry;
  int scanned; /* found by a folder scan, not named: a failure is a warning */
} rc_input;

struct rc_input_list {
  rc_input *items;
  size_t count;
  size_t cap;
  size_t skipped; /* files a folder scan passed over (with a warning) */
};

/* What a bare file (named, neither a zip nor empty) is: read from doc, its
 * one document, as *kind; or < 0 with a message when it is no input. */
typedef int (*rc_input_file_fn)(rc_ctx *ctx, rc_stream *doc,
                                rc_input_kind *kind);

/* rc_input_list_add() (see rolecheck/source.h), with the bytes and names
 * judged here and a bare file's kind left to file_kind: the loader decides
 * what an XML document is (model/load.c). */
int rc_input_list__add(rc_input_list *list, rc_ctx *ctx, const char *path,
                       rc_input_file_fn file_kind);

/* Open an input of any kind. Bare files are containers of one document. */
int rc_container_open(rc_container **out, rc_ctx *ctx, const rc_input *input);

#endif
