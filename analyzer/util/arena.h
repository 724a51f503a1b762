/* A bump arena: the model lives in one and is freed in one call. With
 * RC_DEBUG_ARENA every allocation is a plain malloc, so ASan sees it. */
#ifndef RC_UTIL_ARENA_H
#define RC_UTIL_ARENA_H

#include <stddef.h>

typedef struct rc_arena_block rc_arena_block;

typedef struct {
  rc_arena_block *head;
  size_t used; /* bytes used in head */
  size_t size; /* bytes available in head */
} rc_arena;

void rc_arena_init(rc_arena *arena);
void rc_arena_dispose(rc_arena *arena);
/* Aligned, uninitialised memory, or NULL. */
void *rc_arena_alloc(rc_arena *arena, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL. */
char *rc_arena_strndup(rc_arena *arena, const char *s, size_t len);
char *rc_arena_strdup(rc_arena *arena, const char *s);

#endif
