/* What if (include/rolecheck/prices.h): for each role, the fewest
 * privilege changes that make a cheaper licence enough, made by the same
 * engine as `rolecheck fix --to` (every role analysed again as Team
 * Members and as Power Apps, then planned); toward a cheaper Dynamics 365
 * licence, the Power Apps plan's changes on the tables it does not cover. */
#include "rolecheck/prices.h"

#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "rules/pack.h"
#include "util/alloc.h"
#include "util/error.h"

/* The licences a role edit can reach: the fix profiles. */
static const char *const targets[] = {"team-member", "power-apps"};
#define TARGETS   (sizeof(targets) / sizeof(*targets))
#define TARGET_PA 1 /* targets[TARGET_PA] is Power Apps */

struct rc_what_if {
  rc_analysis *an[TARGETS];
  rc_fix *fix[TARGETS];
  rc_what_if_role *roles; /* sorted by model, then role */
  size_t n;
  /* the changes of what-ifs toward a Dynamics 365 licence: a part of the
   * Power Apps plan's, one block per role */
  rc_fix_change **owned;
  size_t nowned, owned_cap;
};

void rc_what_if_free(rc_what_if *w)
{
  size_t t;
  if (!w)
    return;
  for (t = 0; t < TARGETS; t++) {
    rc_fix_free(w->fix[t]);
    rc_analysis_free(w->an[t]);
  }
  for (t = 0; t < w->nowned; t++)
    rc_free(w->owned[t]);
  rc_free(w->owned);
  rc_free(w->roles);
  rc_free(w);
}

/* Does the plan leave something a role edit cannot settle? */
static int leaves_open(const rc_fix_role *r)
{
  size_t i;
  for (i = 0; i < r->open_count; i++) {
    if (strcmp(r->open[i].kind, "suppressed"))
      return 1;
  }
  return 0;
}

/* Analyse models as profile and plan its fix. */
static int plan(rc_ctx *ctx, const rc_rulepack *pack, rc_assignments *assign,
                rc_model *const *models, size_t count, const char *profile,
                rc_analysis **an, rc_fix **fix)
{
  rc_fix_options opts = RC_FIX_OPTIONS_INIT;
  const char *assume = assign->assume, *origin = assign->assume_origin;
  int error;
  assign->assume = profile;
  assign->assume_origin = "what if";
  error = rc_analyze(an, ctx, pack, assign, models, count);
  assign->assume = assume;
  assign->assume_origin = origin;
  if (!error)
    error = rc_fix_plan(fix, ctx, pack, *an, models, count, &opts);
  return error;
}

/* Is table one the role must drop for Dynamics 365 licence k: a table the
 * fit needs a Dynamics 365 licence for that k does not surely cover? */
static int drops(const rc_role_fit *f, uint32_t k, const char *table)
{
  size_t i;
  for (i = 0; table && table[0] && i < f->need_count; i++) {
    if (!(f->needs[i].covers & k) && !strcmp(f->needs[i].table, table))
      return 1;
  }
  return 0;
}

/* Toward Dynamics 365 licence k (cheaper than the role's cost now): the
 * changes of the Power Apps plan on the tables k does not cover, which
 * are the privileges the Power Apps rules flag there. Into *changes (the
 * caller frees) and *n; 0 when k is out of reach (a table with no change
 * or with a decision left open, a plan that is missing, a Professional
 * licence the role's custom tables already exceed). */
static int toward_d365(const rc_what_if *w, const rc_rulepack *pack,
                       const rc_role_fit *f, size_t k, rc_fix_change **changes,
                       size_t *n)
{
  uint32_t bit = (uint32_t)1 << k;
  const rc_fix_role *r;
  size_t i, j;
  *changes = NULL;
  *n = 0;
  if (pack->licences[k].professional && f->over_professional)
    return 0;
  r = rc_fix_find(w->fix[TARGET_PA], f->model, f->role);
  if (!r)
    return 0;
  /* a decision the plan leaves open on a table to drop (a review rule)
   * keeps the table a need */
  for (i = 0; i < r->open_count; i++) {
    if (strcmp(r->open[i].kind, "suppressed") &&
        drops(f, bit, r->open[i].table))
      return 0;
  }
  /* every table to drop must have a change */
  for (i = 0; i < f->need_count; i++) {
    if (f->needs[i].covers & bit)
      continue;
    for (j = 0; j < r->change_count; j++) {
      if (!strcmp(r->changes[j].table, f->needs[i].table))
        break;
    }
    if (j == r->change_count)
      return 0;
  }
  *changes = rc_malloc((r->change_count + 1) * sizeof(**changes));
  if (!*changes)
    return -1;
  for (j = 0; j < r->change_count; j++) {
    if (drops(f, bit, r->changes[j].table))
      (*changes)[(*n)++] = r->changes[j];
  }
  if (!*n) {
    rc_free(*changes);
    *changes = NULL;
    return 0;
  }
  return 1;
}

/* The cheapest change of fit f, into *out; 1 when there is one, -1 when
 * out of memory. */
static int cheapest(rc_what_if *w, const rc_rulepack *pack,
                    rc_model *const *models, const rc_prices *prices,
                    const rc_role_fit *f, rc_what_if_role *out)
{
  size_t apps = rc_model_role_app_count(models[f->model], f->role), t;
  rc_licence_cost now;
  int found = 0;
  rc_prices_role_cost(prices, pack, f, apps, &now);
  if (now.per_user_month < 0)
    return 0;
  for (t = 0; t < TARGETS; t++) {
    int k = rc_pack__licence(pack, targets[t]);
    const rc_fix_role *r;
    double to;
    size_t passes;
    if (k < 0 || f->fit[k] == RC_FIT_YES)
      continue;
    to = rc_prices_licence_cost(prices, pack, (size_t)k, apps, &passes);
    if (to < 0 || to >= now.per_user_month)
      continue;
    r = rc_fix_find(w->fix[t], f->model, f->role);
    if (!r || !r->change_count || leaves_open(r))
      continue;
    if (found && (r->change_count > out->change_count ||
                  (r->change_count == out->change_count &&
                   now.per_user_month - to <= out->from - out->to)))
      continue;
    out->model = f->model;
    out->role = f->role;
    out->target = (size_t)k;
    out->from = now.per_user_month;
    out->to = to;
    out->change_count = r->change_count;
    out->changes = r->changes;
    found = 1;
  }
  /* a cheaper Dynamics 365 licence: the role without the tables it does
   * not cover (CSE+FS to CSE without the Field Service tables) */
  for (t = 0; t < pack->nlicences; t++) {
    rc_fix_change *changes;
    size_t n, passes;
    double to;
    int got;
    if (!pack->licences[t].info.is_d365 || f->fit[t] == RC_FIT_YES)
      continue;
    to = rc_prices_licence_cost(prices, pack, t, apps, &passes);
    if (to < 0 || to >= now.per_user_month)
      continue;
    got = toward_d365(w, pack, f, t, &changes, &n);
    if (got < 0)
      return -1;
    if (!got)
      continue;
    if (found && (n > out->change_count ||
                  (n == out->change_count &&
                   now.per_user_month - to <= out->from - out->to))) {
      rc_free(changes);
      continue;
    }
    if (rc_array_reserve((void **)&w->owned, &w->owned_cap, w->nowned + 1,
                         sizeof(*w->owned)) < 0) {
      rc_free(changes);
      return -1;
    }
    w->owned[w->nowned++] = changes;
    out->model = f->model;
    out->role = f->role;
    out->target = t;
    out->from = now.per_user_month;
    out->to = to;
    out->change_count = n;
    out->changes = changes;
    found = 1;
  }
  return found;
}

/* By model, then role: a report looks each role up. */
static int cmp_role(const void *a, const void *b)
{
  const rc_what_if_role *x = a, *y = b;
  if (x->model != y->model)
    return x->model < y->model ? -1 : 1;
  return (x->role > y->role) - (x->role < y->role);
}

int rc_what_if_new(rc_what_if **out, rc_ctx *ctx, const rc_rulepack *pack,
                   rc_assignments *assign, rc_model *const *models,
                   size_t count, const rc_analysis *analysis,
                   const rc_prices *prices)
{
  rc_what_if *w = rc_calloc(1, sizeof(*w));
  rc_assignments *own = NULL;
  size_t t, i;
  int error = RC_OK;
  RC_ASSERT_ARG(ctx, out && pack && analysis && prices);
  *out = NULL;
  if (!w)
    return rc_fail_nomem(ctx);
  if (!assign && (error = rc_assignments_new(&own)) < 0) {
    rc_free(w);
    return rc_fail_nomem(ctx);
  }
  for (t = 0; t < TARGETS && !error; t++)
    error = plan(ctx, pack, assign ? assign : own, models, count, targets[t],
                 &w->an[t], &w->fix[t]);
  rc_assignments_free(own);
  w->roles =
      error ? NULL
            : rc_calloc(rc_analysis_fit_count(analysis) + 1, sizeof(*w->roles));
  if (!error && !w->roles)
    error = rc_fail_nomem(ctx);
  for (i = 0; !error && i < rc_analysis_fit_count(analysis); i++) {
    const rc_role_fit *f = rc_analysis_fit(analysis, i);
    int got =
        f->webrole ? 0 : cheapest(w, pack, models, prices, f, &w->roles[w->n]);
    if (got < 0)
      error = rc_fail_nomem(ctx);
    else if (got)
      w->n++;
  }
  if (error) {
    rc_what_if_free(w);
    return error;
  }
  if (w->n)
    qsort(w->roles, w->n, sizeof(*w->roles), cmp_role);
  *out = w;
  return RC_OK;
}

const rc_what_if_role *rc_what_if_find(const rc_what_if *w, size_t model,
                                       size_t role)
{
  rc_what_if_role key;
  if (!w || !w->n)
    return NULL;
  key.model = model;
  key.role = role;
  return bsearch(&key, w->roles, w->n, sizeof(*w->roles), cmp_role);
}
