/* The distinct sets of roles of rc_users_judge(): each set once (by its
 * inputs' role indexes), made into one role (rc_model_union) and judged by
 * the rule engine in batches, every finding of the Team Members and Power
 * Apps rules kept, the batches spread over threads. */
#include "rules/users_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "rules/emit.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/sys.h"

/* ---- the distinct sets of roles ---- */

/* A known role of a user: input index, role index. */
typedef struct {
  size_t model, role;
} held;

static int cmp_held(const void *a, const void *b)
{
  const held *x = a, *y = b;
  if (x->model != y->model)
    return x->model < y->model ? -1 : 1;
  return (x->role > y->role) - (x->role < y->role);
}

int rc_users__union_of(judge *J, const rc_user_verdict *v, size_t *out)
{
  rc_role_ref *refs;
  held *roles;
  size_t i, n = 0, index = 0;
  int added, error;
  rc_buf key;
  refs = rc_malloc((v->role_count + 1) * sizeof(*refs));
  roles = rc_malloc((v->role_count + 1) * sizeof(*roles));
  if (!refs || !roles) {
    rc_free(refs);
    rc_free(roles);
    return RC_ENOMEM;
  }
  for (i = 0; i < v->role_count; i++) {
    if (v->roles[i].join == RC_JOIN_NONE)
      continue;
    roles[n].model = v->roles[i].model;
    roles[n++].role = v->roles[i].role;
  }
  /* input order: the same set gives the same union, whatever the order of
   * its assignments */
  qsort(roles, n, sizeof(*roles), cmp_held);
  rc_buf_init(&key, 1u << 20);
  rc_buf_puts(&key, "u");
  for (i = 0; i < n; i++) {
    char item[64];
    refs[i].model = J->in->models[roles[i].model];
    refs[i].role = roles[i].role;
    snprintf(item, sizeof(item), ";%lu.%lu", (unsigned long)roles[i].model,
             (unsigned long)roles[i].role);
    rc_buf_puts(&key, item);
  }
  rc_free(roles);
  error = rc_buf_error(&key) < 0
              ? RC_ENOMEM
              : rc_intern_add(&J->union_keys, &J->U->arena, rc_buf_cstr(&key),
                              key.len, &index, &added);
  if (!error && added) {
    void *grown = J->unions;
    if (rc_array_reserve(&grown, &J->unions_cap, J->nunions + 1,
                         sizeof(*J->unions)) < 0) {
      error = RC_ENOMEM;
    } else {
      uni *u;
      J->unions = grown;
      u = &J->unions[J->nunions++];
      memset(u, 0, sizeof(*u));
      u->refs = refs;
      u->nrefs = n;
      rc_guid_derive(u->guid, rc_buf_cstr(&key), key.len);
      refs = NULL;
    }
  }
  rc_buf_dispose(&key);
  rc_free(refs);
  *out = index;
  return error;
}

/* The configured designated Team Members apps (rolecheck.xml) of the run,
 * restated for the unions of one batch: an app that maps one of a union's
 * roles maps the union. */
static int restate_app_maps(judge *J, rc_ctx *ctx, rc_assignments *a,
                            size_t first, size_t n)
{
  const rc_assignments *from = J->in->setup ? J->in->setup->assign : NULL;
  size_t k, i, r;
  int error = RC_OK;
  for (k = 0; from && k < from->napps && !error; k++) {
    const rc_app_map *it = &from->apps[k];
    if (it->table || (!it->name && !it->guid[0])) {
      error = rc_assignments_map_app(a, ctx, J->pack, it->app, NULL, NULL,
                                     it->table, it->origin);
      continue;
    }
    for (i = first; i < first + n && !error; i++) {
      const uni *u = &J->unions[i];
      for (r = 0; r < u->nrefs; r++) {
        const rc_role *role = rc_model_role(u->refs[r].model, u->refs[r].role);
        if (it->name ? rc_pattern_match(it->name, role->name)
                     : !strcmp(it->guid, role->guid))
          break;
      }
      if (r < u->nrefs)
        error = rc_assignments_map_app(a, ctx, J->pack, it->app, NULL, u->guid,
                                       NULL, it->origin);
    }
  }
  return error;
}

/* Copy fit into the users' arena (the batch's analysis goes away). */
static int keep_fit(judge *J, rc_arena *A, rc_role_fit **out,
                    const rc_role_fit *fit)
{
  rc_role_fit *to = rc_arena_alloc(A, sizeof(*to));
  size_t nl = rc_rulepack_licence_count(J->pack), i;
  rc_fit_level *levels = rc_arena_alloc(A, (nl + 1) * sizeof(*levels));
  const char **reasons =
      rc_arena_alloc(A, (fit->reason_count + 1) * sizeof(*reasons));
  const char **briefs =
      rc_arena_alloc(A, (fit->reason_count + 1) * sizeof(*briefs));
  rc_fit_need *needs =
      rc_arena_alloc(A, (fit->need_count + 1) * sizeof(*needs));
  if (!to || !levels || !reasons || !briefs || !needs)
    return RC_ENOMEM;
  *out = to;
  *to = *fit;
  memcpy(levels, fit->fit, nl * sizeof(*levels));
  to->fit = levels;
  to->profile = to->profile_origin = NULL;
  to->minimum = rc_arena_strdup(A, fit->minimum);
  if (!to->minimum)
    return RC_ENOMEM;
  for (i = 0; i < fit->reason_count; i++) {
    if (!(reasons[i] = rc_arena_strdup(A, fit->reasons[i])))
      return RC_ENOMEM;
    briefs[i] = fit->briefs && fit->briefs[i] != fit->reasons[i]
                    ? rc_arena_strdup(A, fit->briefs[i])
                    : reasons[i];
    if (!briefs[i])
      return RC_ENOMEM;
  }
  to->reasons = reasons;
  to->briefs = briefs;
  for (i = 0; i < fit->need_count; i++) {
    needs[i] = fit->needs[i];
    if (!(needs[i].table = rc_arena_strdup(A, fit->needs[i].table)))
      return RC_ENOMEM;
  }
  to->needs = needs;
  return RC_OK;
}

/* The findings of the Team Members and Power Apps rules of each union, kept
 * as briefs. */
static int keep_findings(judge *J, rc_arena *A, const rc_analysis *an,
                         size_t first, size_t n)
{
  size_t i, count = rc_analysis_finding_count(an);
  for (i = 0; i < count; i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    uni *u;
    if (f->model >= n || f->webrole)
      continue;
    u = &J->unions[first + f->model];
    if ((strcmp(f->rule->profile, "team-member") &&
         strcmp(f->rule->profile, "power-apps")) ||
        f->severity < RC_SEVERITY_WARNING)
      continue;
    if (!u->findings) {
      size_t k, total = 0;
      for (k = i; k < count && rc_analysis_finding(an, k)->model == f->model;
           k++)
        total++;
      u->findings = rc_arena_alloc(A, (total + 1) * sizeof(*u->findings));
      if (!u->findings)
        return RC_ENOMEM;
    }
    u->findings[u->nfindings].rule = f->rule->id;
    u->findings[u->nfindings].profile = f->rule->profile;
    u->findings[u->nfindings].table = rc_arena_strdup(A, f->table);
    u->findings[u->nfindings].level =
        f->severity == RC_SEVERITY_ERROR ? RC_FIT_NO : RC_FIT_REVIEW;
    if (!u->findings[u->nfindings++].table)
      return RC_ENOMEM;
  }
  return RC_OK;
}

/* "Salesperson + Team Reader": the name of a union, for messages. */
static char *union_name(const uni *u)
{
  rc_buf b;
  char *out;
  size_t i;
  rc_buf_init(&b, 512);
  for (i = 0; i < u->nrefs; i++) {
    rc_buf_puts(&b, i ? " + " : "");
    rc_buf_puts(&b, rc_model_role(u->refs[i].model, u->refs[i].role)->name);
  }
  out = rc_malloc(b.len + 1);
  if (out)
    memcpy(out, rc_buf_error(&b) < 0 ? "roles" : rc_buf_cstr(&b),
           rc_buf_error(&b) < 0 ? 6 : b.len + 1);
  rc_buf_dispose(&b);
  return out;
}

/* Judge unions [first, first + n) with the rule engine; what is kept goes
 * to arena A. */
static int judge_batch(judge *J, rc_ctx *ctx, rc_arena *A, size_t first,
                       size_t n)
{
  rc_model **models = rc_calloc(n + 1, sizeof(*models));
  rc_assignments *a = NULL;
  rc_analysis *an = NULL;
  size_t i;
  int error = models ? rc_assignments_new(&a) : RC_ENOMEM;
  for (i = 0; i < n && !error; i++) {
    uni *u = &J->unions[first + i];
    char *name = union_name(u);
    if (!name) {
      error = RC_ENOMEM;
      break;
    }
    error = rc_model_union(&models[i], ctx, u->refs, u->nrefs, u->guid, name);
    rc_free(name);
  }
  if (!error)
    error = restate_app_maps(J, ctx, a, first, n);
  if (!error)
    error = rc_analyze__every(&an, ctx, J->pack, a, models, n);
  for (i = 0; i < n && !error; i++) {
    const rc_role_fit *fit = rc_analysis_role_fit(an, i, 0, 0);
    error = fit ? keep_fit(J, A, &J->unions[first + i].fit, fit) : RC_ENOMEM;
  }
  if (!error)
    error = keep_findings(J, A, an, first, n);
  rc_analysis_free(an);
  rc_assignments_free(a);
  for (i = 0; models && i < n; i++)
    rc_model_free(models[i]);
  rc_free(models);
  return error;
}

/* The batches, shared by the threads that judge them. */
typedef struct {
  judge *J;
  atomic_size_t next; /* the first union of the next batch */
  atomic_int error;   /* the first error, or RC_OK */
} pool;

typedef struct {
  pool *P;
  rc_arena *arena; /* what this thread keeps */
  char message[512];
} worker;

/* Take batches until none is left or one fails. The calling thread uses
 * the run's context; the others their own, and a pattern's match data of
 * their own. */
static void work(worker *w, rc_ctx *ctx)
{
  pool *P = w->P;
  size_t first;
  while (!atomic_load(&P->error) &&
         (first = atomic_fetch_add(&P->next, BATCH)) < P->J->nunions) {
    size_t n = P->J->nunions - first < BATCH ? P->J->nunions - first : BATCH;
    int error = judge_batch(P->J, ctx, w->arena, first, n);
    int none = RC_OK;
    if (error && atomic_compare_exchange_strong(&P->error, &none, error))
      snprintf(w->message, sizeof(w->message), "%s", rc_ctx_error(ctx));
  }
}

static void *work_thread(void *arg)
{
  worker *w = arg;
  rc_ctx *ctx = NULL;
  int none = RC_OK;
  if (rc_ctx_new(&ctx) < 0 || rc_pattern__thread_begin() < 0) {
    atomic_compare_exchange_strong(&w->P->error, &none, RC_ENOMEM);
  } else {
    work(w, ctx);
  }
  rc_pattern__thread_end();
  rc_ctx_free(ctx);
  return NULL;
}

/* Every union, on up to jobs threads (0: one per CPU), the calling one
 * included; what each keeps stays in its arena, owned by the users. */
int rc_users__judge_all(judge *J)
{
  rc_users *U = J->U;
  worker w[MAX_JOBS];
  pthread_t threads[MAX_JOBS];
  size_t nthreads = J->in->jobs ? J->in->jobs : (size_t)rc_sys_cpus(), i;
  size_t started = 0, batches = (J->nunions + BATCH - 1) / BATCH;
  pool P;
  int error;
  if (nthreads < 1)
    nthreads = 1;
  if (nthreads > MAX_JOBS)
    nthreads = MAX_JOBS;
  if (nthreads > batches)
    nthreads = batches ? batches : 1;
  P.J = J;
  atomic_init(&P.next, 0);
  atomic_init(&P.error, RC_OK);
  for (i = 0; i < nthreads; i++) {
    w[i].P = &P;
    w[i].arena = &U->arenas[i];
    w[i].message[0] = '\0';
  }
  U->narenas = nthreads;
  for (i = 1; i < nthreads; i++) {
    if (pthread_create(&threads[started], NULL, work_thread, &w[i]))
      break;
    started++;
  }
  work(&w[0], J->ctx);
  for (i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  error = atomic_load(&P.error);
  if (!error)
    return RC_OK;
  if (error == RC_ENOMEM)
    return RC_ENOMEM;
  for (i = 1; i < nthreads; i++) {
    if (w[i].message[0])
      return rc_fail(J->ctx, error, "%s", w[i].message);
  }
  return error; /* the calling thread's, already in the run's context */
}
