/* Small validated XML documents (rule packs, the config file): parsed with
 * libxml2, checked against an XSD, and copied into a read-only tree of
 * elements with their line numbers. Only for small files; solution documents
 * always go through the streaming handler. */
#ifndef RC_PARSE_XDOC_H
#define RC_PARSE_XDOC_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "util/arena.h"

typedef struct rc_xnode rc_xnode;
struct rc_xnode {
  const char *name;
  unsigned long line;
  const char **attrs; /* name, value, name, value, ... */
  size_t nattrs;
  const char *text; /* concatenated direct text, trimmed */
  rc_xnode **children;
  size_t nchildren;
};

typedef struct rc_xdoc rc_xdoc;

/* Parse data (named display in messages) and validate it against the XSD
 * in xsd. Errors are RC_EUSAGE with "display:line: message". */
int rc_xdoc_load(rc_xdoc **out, rc_ctx *ctx, const char *display,
                 const char *data, size_t len, const char *xsd, size_t xsd_len);
/* Read a file and load it as above. */
int rc_xdoc_load_file(rc_xdoc **out, rc_ctx *ctx, const char *path,
                      const char *xsd, size_t xsd_len);
void rc_xdoc_free(rc_xdoc *doc);
const rc_xnode *rc_xdoc_root(const rc_xdoc *doc);
const char *rc_xdoc_name(const rc_xdoc *doc);
/* The attribute's value, or NULL. */
const char *rc_xnode_attr(const rc_xnode *node, const char *name);

#endif
