/* rc_users_plan_new (users --fix-plan): the out-of-licence users grouped
 * by the roles and licences they hold, and for each group the two ways
 * out: the changes rolecheck fix makes to the roles that cause it, under
 * the group's licence, or the licence that covers the roles as they are. */
#include "rolecheck/fix.h"
#include "rolecheck/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "rules/emit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/intern.h"

struct rc_users_plan {
  rc_arena arena;
  rc_plan_group *groups;
  size_t n, cap;
};

/* The fix plans of the inputs under one profile, made when first needed. */
typedef struct {
  const char *profile;
  rc_analysis *an;
  rc_fix *fix;
} profile_plan;

/* The fix plan of models under profile: the run's assignments (its
 * designated Team Members apps), with every role evaluated as that
 * licence, as fix --to does. */
static int plan_models(rc_ctx *ctx, const rc_users_input *in,
                       const char *profile, rc_model *const *models,
                       size_t count, rc_analysis **an, rc_fix **fix)
{
  rc_assignments *a = in->setup->assign;
  const char *assume = a ? a->assume : NULL, *origin = NULL;
  rc_fix_options opts = RC_FIX_OPTIONS_INIT;
  int error;
  if (a) {
    origin = a->assume_origin;
    a->assume = profile;
    a->assume_origin = "--fix-plan";
  }
  error = rc_analyze(an, ctx, in->setup->pack, a, models, count);
  if (a) {
    a->assume = assume;
    a->assume_origin = origin;
  }
  if (!error)
    error = rc_fix_plan(fix, ctx, in->setup->pack, *an, models, count, &opts);
  return error;
}

static int plan_for(rc_ctx *ctx, const rc_users_input *in, profile_plan *p)
{
  if (p->fix)
    return RC_OK;
  return plan_models(ctx, in, p->profile, in->models, in->model_count, &p->an,
                     &p->fix);
}

/* Is table one a Dynamics 365 licence of held leaves uncovered (the
 * union's needs)? */
static int uncovered(const rc_role_fit *fit, const char *table, uint32_t held)
{
  size_t i;
  for (i = 0; i < fit->need_count; i++) {
    if (!strcmp(fit->needs[i].table, table) && !(fit->needs[i].covers & held))
      return 1;
  }
  return 0;
}

static const char *change_text(rc_arena *A, const rc_fix_change *c)
{
  char buf[512];
  snprintf(buf, sizeof(buf), "%s %s -> %s (%s)", c->privilege,
           rc_depth_name(c->before),
           c->action == RC_FIX_MOVE    ? "admin part"
           : c->after == RC_DEPTH_NONE ? "removed"
                                       : rc_depth_name(c->after),
           c->rules);
  return rc_arena_strdup(A, buf);
}

static const char *open_text(rc_arena *A, const rc_fix_open *o)
{
  char buf[1024];
  snprintf(buf, sizeof(buf), "%s%s%s: %s", o->rule, o->table[0] ? " " : "",
           o->table, o->detail);
  return rc_arena_strdup(A, buf);
}

/* The way out by role for one role of a group. d365: the Dynamics 365
 * licences held (0: Team Members or Power Apps, every change counts). */
static int role_way(rc_users_plan *P, rc_plan_role *out, const rc_fix_role *r,
                    const rc_user_verdict *v, uint32_t d365)
{
  const char **changes, **open;
  size_t k;
  if (!r)
    return RC_OK;
  changes = rc_arena_alloc(&P->arena, (r->change_count + 1) * sizeof(char *));
  open = rc_arena_alloc(&P->arena, (r->open_count + 1) * sizeof(char *));
  if (!changes || !open)
    return RC_ENOMEM;
  for (k = 0; k < r->change_count; k++) {
    const rc_fix_change *c = &r->changes[k];
    if (d365 && (!c->table[0] || !uncovered(v->fit, c->table, d365)))
      continue;
    if (!(changes[out->change_count++] = change_text(&P->arena, c)))
      return RC_ENOMEM;
  }
  for (k = 0; k < r->open_count && !d365; k++) {
    if (!(open[out->open_count++] = open_text(&P->arena, &r->open[k])))
      return RC_ENOMEM;
  }
  out->changes = changes;
  out->open = open;
  return RC_OK;
}

/* "Case Worker + Service Reader": a user's known roles. */
static const char *roles_text(rc_arena *A, const rc_users_input *in,
                              const rc_user_verdict *v, int causes_only)
{
  rc_buf b;
  const char *out;
  size_t i;
  rc_buf_init(&b, RC_TEXT_MAX);
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    if (r->join == RC_JOIN_NONE || (causes_only && !r->causes))
      continue;
    rc_buf_puts(&b, b.len ? " + " : "");
    rc_buf_puts(&b, rc_model_role(in->models[r->model], r->role)->name);
  }
  out = rc_buf_copy(&b, A);
  rc_buf_dispose(&b);
  return out;
}

/* Only the roles together put the group out of licence (TM008 over their
 * union): the fix plan of their union, as one role. */
static int together_way(rc_users_plan *P, rc_ctx *ctx, const rc_users_input *in,
                        rc_plan_group *g, const rc_user_verdict *v,
                        const char *profile, uint32_t d365)
{
  rc_role_ref *refs = rc_calloc(v->role_count + 1, sizeof(*refs));
  rc_plan_role *way = (rc_plan_role *)&g->change_roles[0];
  rc_model *u = NULL;
  rc_analysis *an = NULL;
  rc_fix *fix = NULL;
  size_t k, n = 0;
  int error;
  if (!refs)
    return RC_ENOMEM;
  memset(way, 0, sizeof(*way));
  for (k = 0; k < v->role_count; k++) {
    const rc_user_role *r = &v->roles[k];
    if (!r->causes)
      continue;
    if (!n) {
      way->model = r->model;
      way->role = r->role;
    }
    refs[n].model = in->models[r->model];
    refs[n++].role = r->role;
  }
  way->name = roles_text(&P->arena, in, v, 1);
  way->together = 1;
  error = way->name ? rc_model_union(&u, ctx, refs, n,
                                     "00000000-0000-8000-8000-000000000000",
                                     way->name)
                    : RC_ENOMEM;
  if (!error)
    error = plan_models(ctx, in, profile, &u, 1, &an, &fix);
  if (!error) {
    g->role_count = 1;
    error = role_way(P, way, rc_fix_find(fix, 0, 0), v, d365);
  }
  rc_fix_free(fix);
  rc_analysis_free(an);
  rc_model_free(u);
  rc_free(refs);
  return error;
}

static int add_group(rc_users_plan *P, rc_ctx *ctx, const rc_users_input *in,
                     const rc_user_verdict *v, profile_plan *plans)
{
  const rc_rulepack *pack = in->setup->pack;
  rc_plan_group *g;
  profile_plan *pp;
  uint32_t d365 = 0;
  size_t k, n = 0;
  int pa = 0, error;
  void *grown = P->groups;
  for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
    const rc_licence_info *li = rc_rulepack_licence(pack, k);
    if (!(v->licences & (1u << k)))
      continue;
    if (li->is_d365)
      d365 |= 1u << k;
    else if (strcmp(li->id, "team-member"))
      pa = 1;
  }
  /* a Power Apps licence covers what a Dynamics 365 one would need
   * changed: judge by Power Apps then, every change counting */
  if (pa)
    d365 = 0;
  pp = &plans[d365 || pa ? 1 : 0];
  error = plan_for(ctx, in, pp);
  if (error)
    return error;
  if (rc_array_reserve(&grown, &P->cap, P->n + 1, sizeof(*P->groups)) < 0)
    return RC_ENOMEM;
  P->groups = grown;
  g = &P->groups[P->n++];
  memset(g, 0, sizeof(*g));
  g->users = 1;
  g->held = v->judged_as;
  g->licence = v->fit ? v->fit->minimum : "";
  g->roles = roles_text(&P->arena, in, v, 0);
  if (!g->roles)
    return RC_ENOMEM;
  for (k = 0; k < v->role_count; k++)
    n += v->roles[k].causes;
  g->change_roles =
      rc_arena_alloc(&P->arena, (n + 1) * sizeof(*g->change_roles));
  if (!g->change_roles)
    return RC_ENOMEM;
  if (v->combination)
    return together_way(P, ctx, in, g, v, pp->profile, d365);
  for (k = 0; k < v->role_count && !error; k++) {
    const rc_user_role *r = &v->roles[k];
    rc_plan_role *way;
    if (!r->causes)
      continue;
    way = (rc_plan_role *)&g->change_roles[g->role_count++];
    memset(way, 0, sizeof(*way));
    way->model = r->model;
    way->role = r->role;
    way->name = rc_model_role(in->models[r->model], r->role)->name;
    error = role_way(P, way, rc_fix_find(pp->fix, r->model, r->role), v, d365);
  }
  return error;
}

static int cmp_group(const void *a, const void *b)
{
  const rc_plan_group *x = a, *y = b;
  int c;
  if (x->users != y->users)
    return x->users > y->users ? -1 : 1;
  c = strcmp(x->roles, y->roles);
  return c ? c : strcmp(x->held, y->held);
}

static int build(rc_users_plan *P, rc_ctx *ctx, const rc_users *users,
                 const rc_users_input *in, profile_plan *plans)
{
  rc_intern keys;
  size_t i, *group_of = NULL, cap = 0;
  int error = RC_OK;
  rc_intern_init(&keys);
  for (i = 0; i < rc_users_count(users) && !error; i++) {
    const rc_user_verdict *v = rc_users_at(users, i);
    char key[4096];
    size_t index;
    int added;
    if (v->verdict != RC_VERDICT_OUT || !v->fit)
      continue;
    /* the same roles and the same licences: the union's fit, and the
     * licences held */
    snprintf(key, sizeof(key), "%p|%s", (const void *)v->fit, v->judged_as);
    error = rc_intern_add(&keys, &P->arena, key, strlen(key), &index, &added);
    if (error)
      break;
    if (!added) {
      P->groups[group_of[index]].users++;
      continue;
    }
    {
      void *grown = group_of;
      if (rc_array_reserve(&grown, &cap, index + 1, sizeof(*group_of)) < 0) {
        error = RC_ENOMEM;
        break;
      }
      group_of = grown;
      group_of[index] = P->n;
    }
    error = add_group(P, ctx, in, v, plans);
  }
  rc_free(group_of);
  rc_intern_dispose(&keys);
  if (!error && P->n > 1)
    qsort(P->groups, P->n, sizeof(*P->groups), cmp_group);
  return error;
}

int rc_users_plan_new(rc_users_plan **out, rc_ctx *ctx, const rc_users *users,
                      const rc_users_input *in)
{
  profile_plan plans[2] = {{"team-member", NULL, NULL},
                           {"power-apps", NULL, NULL}};
  rc_users_plan *P;
  size_t k;
  int error;
  RC_ASSERT_ARG(ctx, out && users && in && in->setup && in->setup->pack);
  *out = NULL;
  P = rc_calloc(1, sizeof(*P));
  if (!P)
    return rc_fail_nomem(ctx);
  rc_arena_init(&P->arena);
  error = build(P, ctx, users, in, plans);
  for (k = 0; k < 2; k++) {
    rc_fix_free(plans[k].fix);
    rc_analysis_free(plans[k].an);
  }
  if (error < 0) {
    rc_users_plan_free(P);
    return error == RC_ENOMEM ? rc_fail_nomem(ctx) : error;
  }
  *out = P;
  return RC_OK;
}

void rc_users_plan_free(rc_users_plan *plan)
{
  if (!plan)
    return;
  rc_free(plan->groups);
  rc_arena_dispose(&plan->arena);
  rc_free(plan);
}

size_t rc_users_plan_count(const rc_users_plan *plan)
{
  return plan->n;
}

const rc_plan_group *rc_users_plan_at(const rc_users_plan *plan, size_t i)
{
  return i < plan->n ? &plan->groups[i] : NULL;
}
