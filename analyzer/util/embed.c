/* Lookup of the files compiled into the binary. */
#include "util/embed.h"

#include <string.h>

const rc_embedded *rc_embed_find(const char *name)
{
  size_t i;
  for (i = 0; i < rc_embed_index_count; i++) {
    if (!strcmp(rc_embed_index[i].name, name))
      return &rc_embed_index[i];
  }
  return NULL;
}
