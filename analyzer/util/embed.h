/* Files compiled into the binary (rule pack, schemas, rule pages), generated
 * at build time by cmake/embed.cmake. */
#ifndef RC_UTIL_EMBED_H
#define RC_UTIL_EMBED_H

#include <stddef.h>

typedef struct {
  const char *name;          /* "rulepack.xml", "rules/TM001.md", ... */
  const unsigned char *data; /* NUL-terminated */
  size_t len;                /* without the NUL */
} rc_embedded;

extern const rc_embedded rc_embed_index[];
extern const size_t rc_embed_index_count;

/* The embedded file with this name, or NULL. */
const rc_embedded *rc_embed_find(const char *name);

#endif
