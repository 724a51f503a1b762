/* Open-addressing string interning table (FNV-1a). */
#include "util/intern.h"

#include <string.h>

#include "rolecheck/error.h"
#include "util/alloc.h"

uint64_t rc_fnv1a64(const void *data, size_t len)
{
  const unsigned char *p = data;
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= p[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

void rc_intern_init(rc_intern *in)
{
  memset(in, 0, sizeof(*in));
}

void rc_intern_dispose(rc_intern *in)
{
  rc_free(in->keys);
  rc_free(in->slots);
  memset(in, 0, sizeof(*in));
}

static size_t probe(const rc_intern *in, const char *key, size_t len,
                    uint64_t hash, int *found)
{
  size_t mask = in->nslots - 1;
  size_t i = (size_t)hash & mask;
  for (;;) {
    uint32_t s = in->slots[i];
    if (!s) {
      *found = 0;
      return i;
    }
    if (!strncmp(in->keys[s - 1], key, len) && in->keys[s - 1][len] == '\0') {
      *found = 1;
      return i;
    }
    i = (i + 1) & mask;
  }
}

long rc_intern_find(const rc_intern *in, const char *key, size_t len)
{
  int found;
  size_t i;
  if (!in->nslots)
    return -1;
  i = probe(in, key, len, rc_fnv1a64(key, len), &found);
  return found ? (long)in->slots[i] - 1 : -1;
}

static int rehash(rc_intern *in)
{
  size_t n = in->nslots ? in->nslots * 2 : 64;
  uint32_t *slots = rc_calloc(n, sizeof(*slots));
  size_t k;
  if (!slots)
    return RC_ENOMEM;
  rc_free(in->slots);
  in->slots = slots;
  in->nslots = n;
  for (k = 0; k < in->count; k++) {
    int found;
    size_t len = strlen(in->keys[k]);
    size_t i =
        probe(in, in->keys[k], len, rc_fnv1a64(in->keys[k], len), &found);
    in->slots[i] = (uint32_t)(k + 1);
  }
  return RC_OK;
}

int rc_intern_add(rc_intern *in, rc_arena *arena, const char *key, size_t len,
                  size_t *index, int *added)
{
  return rc_intern_add_hashed(in, arena, key, len, rc_fnv1a64(key, len), index,
                              added);
}

int rc_intern_add_hashed(rc_intern *in, rc_arena *arena, const char *key,
                         size_t len, uint64_t hash, size_t *index, int *added)
{
  int found;
  size_t i;
  char *copy;
  void *keys = in->keys;
  *added = 0;
  if ((in->count + 1) * 2 > in->nslots && rehash(in) < 0)
    return RC_ENOMEM;
  i = probe(in, key, len, hash, &found);
  if (found) {
    *index = in->slots[i] - 1;
    return RC_OK;
  }
  if (in->count >= UINT32_MAX - 1)
    return RC_ENOMEM;
  if (rc_array_reserve(&keys, &in->keys_cap, in->count + 1, sizeof(*in->keys)) <
      0)
    return RC_ENOMEM;
  in->keys = keys;
  copy = rc_arena_strndup(arena, key, len);
  if (!copy)
    return RC_ENOMEM;
  in->keys[in->count] = copy;
  in->slots[i] = (uint32_t)(in->count + 1);
  *index = in->count++;
  *added = 1;
  return RC_OK;
}
