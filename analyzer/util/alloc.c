/* The library's allocation hook: every heap allocation goes through here. */
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rolecheck/error.h"

/* Counted atomically: inputs may load on several threads (-j). */
static _Atomic unsigned long alloc_count;
static _Atomic unsigned long alloc_fail_at;
static _Atomic unsigned long alloc_failures;

unsigned long rc_alloc_failures(void)
{
  return alloc_failures;
}

unsigned long rc_alloc_fail_after(unsigned long n)
{
  unsigned long seen = alloc_count;
  alloc_fail_at = n;
  alloc_count = 0;
  return seen;
}

/* Spans where failures are not injected (and not counted), per thread. */
static _Thread_local int suspended;

void rc_alloc_suspend(int on)
{
  suspended += on ? 1 : -1;
}

static int should_fail(void)
{
  unsigned long n;
  if (suspended)
    return 0;
  n = ++alloc_count;
  unsigned long at = alloc_fail_at;
  if (at && n >= at) {
    alloc_failures++;
    return 1;
  }
  return 0;
}

void *rc_malloc(size_t size)
{
  if (should_fail())
    return NULL;
  return malloc(size ? size : 1);
}

void *rc_calloc(size_t n, size_t size)
{
  if (should_fail())
    return NULL;
  return calloc(n ? n : 1, size ? size : 1);
}

void *rc_realloc(void *ptr, size_t size)
{
  if (should_fail())
    return NULL;
  return realloc(ptr, size ? size : 1);
}

void rc_free(void *ptr)
{
  free(ptr);
}

char *rc_strndup(const char *s, size_t len)
{
  char *copy = rc_malloc(len + 1);
  if (!copy)
    return NULL;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

int rc_array_reserve(void **items, size_t *cap, size_t need, size_t elem)
{
  size_t ncap;
  void *grown;
  if (need <= *cap)
    return RC_OK;
  ncap = *cap ? *cap : 8;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / elem)
      return RC_ENOMEM;
    ncap *= 2;
  }
  grown = rc_realloc(*items, ncap * elem);
  if (!grown)
    return RC_ENOMEM;
  *items = grown;
  *cap = ncap;
  return RC_OK;
}
