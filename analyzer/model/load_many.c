/* Loading every input of a list in parallel: a pool of threads takes the
 * inputs in turn, each with its own context (the caller's limits and
 * keep-going), and keeps each input's model, error and warnings in input
 * order, so the output never depends on the number of threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "rolecheck/model.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

#define MAX_THREADS 256

typedef struct {
  rc_load_result pub;
  char **warnings;
  size_t nwarnings, cap;
} result;

struct rc_load_results {
  result *items;
  size_t count;
};

typedef struct {
  const rc_input_list *inputs;
  result *results;
  const rc_limits *limits;
  int keep_going;
  atomic_size_t next;
} job;

static void keep_warning(const char *message, void *payload)
{
  result *r = payload;
  void *items = r->warnings;
  char *copy = rc_strndup(message, strlen(message));
  if (!copy || rc_array_reserve(&items, &r->cap, r->nwarnings + 1,
                                sizeof(*r->warnings)) < 0) {
    rc_free(copy);
    return;
  }
  r->warnings = items;
  r->warnings[r->nwarnings++] = copy;
}

static void *worker(void *arg)
{
  job *j = arg;
  size_t n = rc_input_list_count(j->inputs), i;
  while ((i = atomic_fetch_add(&j->next, 1)) < n) {
    result *r = &j->results[i];
    rc_ctx *ctx;
    if (rc_ctx_new(&ctx) < 0) {
      r->pub.error = RC_ENOMEM;
      continue;
    }
    rc_ctx_set_limits(ctx, j->limits);
    rc_ctx_set_keep_going(ctx, j->keep_going);
    rc_ctx_set_warn(ctx, keep_warning, r);
    r->pub.error = rc_model_load(&r->pub.model, ctx, j->inputs, i);
    if (r->pub.error < 0)
      r->pub.message = rc_strndup(rc_ctx_error(ctx), strlen(rc_ctx_error(ctx)));
    rc_ctx_free(ctx);
  }
  return NULL;
}

int rc_model_load_all(rc_load_results **out, rc_ctx *ctx,
                      const rc_input_list *inputs, unsigned jobs)
{
  rc_load_results *res;
  size_t n, i, nthreads, started = 0;
  pthread_t threads[MAX_THREADS];
  job j;
  RC_ASSERT_ARG(ctx, out && inputs);
  *out = NULL;
  n = rc_input_list_count(inputs);
  res = rc_calloc(1, sizeof(*res));
  if (!res || !(res->items = rc_calloc(n + 1, sizeof(*res->items)))) {
    rc_free(res);
    return rc_fail_nomem(ctx);
  }
  res->count = n;
  memset(&j, 0, sizeof(j));
  j.inputs = inputs;
  j.results = res->items;
  j.limits = rc_ctx_limits(ctx);
  j.keep_going = ctx->keep_going;
  atomic_init(&j.next, 0);
  nthreads = jobs ? jobs : (size_t)(rc_sys_cpus() < 1 ? 1 : rc_sys_cpus());
  if (nthreads > n)
    nthreads = n;
  if (nthreads > MAX_THREADS)
    nthreads = MAX_THREADS;
  /* the calling thread works too */
  for (i = 1; i < nthreads; i++) {
    if (pthread_create(&threads[started], NULL, worker, &j))
      break;
    started++;
  }
  worker(&j);
  for (i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  for (i = 0; i < n; i++) {
    res->items[i].pub.warnings = (const char *const *)res->items[i].warnings;
    res->items[i].pub.warning_count = res->items[i].nwarnings;
  }
  *out = res;
  return RC_OK;
}

size_t rc_load_results_count(const rc_load_results *results)
{
  return results->count;
}

rc_load_result *rc_load_results_get(rc_load_results *results, size_t i)
{
  return i < results->count ? &results->items[i].pub : NULL;
}

void rc_load_results_free(rc_load_results *results)
{
  size_t i, k;
  if (!results)
    return;
  for (i = 0; i < results->count; i++) {
    result *r = &results->items[i];
    rc_model_free(r->pub.model);
    rc_free((char *)r->pub.message);
    for (k = 0; k < r->nwarnings; k++)
      rc_free(r->warnings[k]);
    rc_free(r->warnings);
  }
  rc_free(results->items);
  rc_free(results);
}
