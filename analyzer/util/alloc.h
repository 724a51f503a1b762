/* One allocation hook for the whole library, so tests can fail the Nth
 * allocation and check that every path cleans up. */
#ifndef RC_UTIL_ALLOC_H
#define RC_UTIL_ALLOC_H

#include <stddef.h>

void *rc_malloc(size_t size);
void *rc_calloc(size_t n, size_t size);
void *rc_realloc(void *ptr, size_t size);
void rc_free(void *ptr);
char *rc_strndup(const char *s, size_t len);

/* Grow *items (element size elem) so that it holds at least need elements.
 * Returns 0 or RC_ENOMEM; *items is unchanged on failure. */
int rc_array_reserve(void **items, size_t *cap, size_t need, size_t elem);

/* Fail allocation number n (1-based) and every later one; 0 disables.
 * Returns the number of allocations made so far. */
unsigned long rc_alloc_fail_after(unsigned long n);
/* How many allocations the hook has failed so far: libxml2 does not always
 * say that an error was out of memory when its allocator is the hook. */
unsigned long rc_alloc_failures(void);
/* Stop (on) or resume (off) failing allocations on this thread, for
 * third-party code that cannot survive a failed allocation under the
 * sweep (libxml2 2.9's schema compiler). Calls nest. */
void rc_alloc_suspend(int on);

#endif
