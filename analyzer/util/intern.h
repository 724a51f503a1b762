/* String interning: maps byte strings to dense indexes 0..n-1. Keys are
 * copied into the caller's arena; the hash index itself is on the heap. */
#ifndef RC_UTIL_INTERN_H
#define RC_UTIL_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct {
  const char **keys; /* index -> key (NUL-terminated, arena-owned) */
  size_t count;
  size_t keys_cap;
  uint32_t *slots; /* open addressing: index + 1, 0 = empty */
  size_t nslots;   /* power of two */
} rc_intern;

void rc_intern_init(rc_intern *in);
void rc_intern_dispose(rc_intern *in);
/* Index of key, or -1 if absent. */
long rc_intern_find(const rc_intern *in, const char *key, size_t len);
/* Index of key, adding it (copied into arena) if absent. Sets *added.
 * Returns RC_OK or RC_ENOMEM. */
int rc_intern_add(rc_intern *in, rc_arena *arena, const char *key, size_t len,
                  size_t *index, int *added);
/* The same, with hash = rc_fnv1a64(key, len) already computed. */
int rc_intern_add_hashed(rc_intern *in, rc_arena *arena, const char *key,
                         size_t len, uint64_t hash, size_t *index, int *added);
uint64_t rc_fnv1a64(const void *data, size_t len);

#endif
