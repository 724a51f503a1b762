/* Bump arena with a debug mode that falls back to one malloc per object. */
#include "util/arena.h"

#include <string.h>

#include "util/alloc.h"

#define ARENA_BLOCK (64u * 1024u)
#define ARENA_ALIGN 16u

struct rc_arena_block {
  rc_arena_block *next;
  /* keep the payload aligned */
  union {
    max_align_t align;
    unsigned char bytes[1];
  } data;
};

void rc_arena_init(rc_arena *arena)
{
  memset(arena, 0, sizeof(*arena));
}

void rc_arena_dispose(rc_arena *arena)
{
  rc_arena_block *b = arena->head;
  while (b) {
    rc_arena_block *next = b->next;
    rc_free(b);
    b = next;
  }
  memset(arena, 0, sizeof(*arena));
}

#ifdef RC_DEBUG_ARENA
void *rc_arena_alloc(rc_arena *arena, size_t size)
{
  rc_arena_block *b = rc_malloc(offsetof(rc_arena_block, data) + size);
  if (!b)
    return NULL;
  b->next = arena->head;
  arena->head = b;
  return b->data.bytes;
}
#else
void *rc_arena_alloc(rc_arena *arena, size_t size)
{
  size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  void *p;
  if (!arena->head || arena->size - arena->used < need) {
    size_t bytes = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    rc_arena_block *b = rc_malloc(offsetof(rc_arena_block, data) + bytes);
    if (!b)
      return NULL;
    if (arena->head && need > ARENA_BLOCK) {
      /* an oversized object gets its own block behind the current one */
      b->next = arena->head->next;
      arena->head->next = b;
      return b->data.bytes;
    }
    b->next = arena->head;
    arena->head = b;
    arena->used = 0;
    arena->size = bytes;
  }
  p = arena->head->data.bytes + arena->used;
  arena->used += need;
  return p;
}
#endif

char *rc_arena_strndup(rc_arena *arena, const char *s, size_t len)
{
  char *copy = rc_arena_alloc(arena, len + 1);
  if (!copy)
    return NULL;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

char *rc_arena_strdup(rc_arena *arena, const char *s)
{
  return rc_arena_strndup(arena, s, strlen(s));
}
