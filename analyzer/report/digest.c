/* The consultant's digest of a check (report/digest.h). */
#include "report/digest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/view.h"
#include "util/alloc.h"
#include "util/error.h"

void rc_digest_free(rc_digest *d)
{
  if (!d)
    return;
  rc_free(d->roles);
  rc_free(d->licences);
  rc_free(d->rules);
  rc_free(d->top);
  rc_free(d->pairs);
  rc_fix_free(d->fix);
  rc_free(d);
}

/* ---- each role's line: findings, cost, fix list ---- */

static int subject_cmp(size_t m1, int w1, size_t r1, size_t m2, int w2,
                       size_t r2)
{
  if (m1 != m2)
    return m1 < m2 ? -1 : 1;
  if (w1 != w2)
    return w1 < w2 ? -1 : 1;
  return r1 < r2 ? -1 : r1 > r2;
}

static int role_cmp(const void *a, const void *b)
{
  const rc_role_fit *x = (*(const rc_digest_role *const *)a)->fit;
  const rc_role_fit *y = (*(const rc_digest_role *const *)b)->fit;
  return subject_cmp(x->model, x->webrole, x->role, y->model, y->webrole,
                     y->role);
}

/* The digest role of finding f, through roles sorted by subject. */
static rc_digest_role *role_of(rc_digest_role **sorted, size_t n,
                               const rc_finding *f)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const rc_role_fit *x = sorted[mid]->fit;
    int c = subject_cmp(x->model, x->webrole, x->role, f->model, f->webrole,
                        f->role);
    if (!c)
      return sorted[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Does plan p ask for something: a change, or an open point that is not
 * an accepted (suppressed) finding? */
static int asks(const rc_fix_role *p)
{
  size_t i;
  if (p->change_count)
    return 1;
  for (i = 0; i < p->open_count; i++) {
    if (strcmp(p->open[i].kind, "suppressed"))
      return 1;
  }
  return 0;
}

/* The fix list of role r: its profile's plan when that changes something,
 * else the what-if's cheaper licence. */
static void fix_list(rc_digest *d, rc_digest_role *r, const rc_render *rd)
{
  const rc_role_fit *f = r->fit;
  const rc_fix_role *p =
      f->profile ? rc_fix_find(d->fix, f->model, f->role) : NULL;
  const rc_what_if_role *w =
      f->webrole ? NULL
                 : rc_what_if_find(rd->check->what_if, f->model, f->role);
  if (p && p->webrole != f->webrole)
    p = NULL; /* rc_fix_find() looks at roles; a web role's plan is below */
  if (p && asks(p)) {
    long k = rc_rulepack_licence_find(rd->pack, f->profile);
    r->kind = RC_DIGEST_FIX;
    r->goal =
        k >= 0 ? rc_rulepack_licence(rd->pack, (size_t)k)->name : f->profile;
    r->change_count = p->change_count;
    r->changes = p->changes;
    r->open_count = p->open_count;
    r->open = p->open;
    if (k >= 0 && rd->check->prices && !f->webrole) {
      size_t passes;
      r->to = rc_prices_licence_cost(
          rd->check->prices, rd->pack, (size_t)k,
          rc_model_role_app_count(rd->models[f->model], f->role), &passes);
      if (r->to >= 0 && r->cost.per_user_month > r->to)
        r->saving = r->cost.per_user_month - r->to;
    }
  } else if (w && w->change_count) {
    r->kind = RC_DIGEST_SAVE;
    r->goal = rc_rulepack_licence(rd->pack, w->target)->name;
    r->change_count = w->change_count;
    r->changes = w->changes;
    r->to = w->to;
    r->saving = w->from - w->to;
  }
  if (r->kind)
    d->with_fix++;
}

/* Web roles' plans: rc_fix_find() gives roles only, so walk the plan. */
static void webrole_fix_lists(rc_digest *d, rc_digest_role **sorted, size_t n)
{
  size_t i;
  for (i = 0; i < rc_fix_role_count(d->fix); i++) {
    const rc_fix_role *p = rc_fix_role_at(d->fix, i);
    rc_finding key;
    rc_digest_role *r;
    if (!p->webrole || !asks(p))
      continue;
    memset(&key, 0, sizeof(key));
    key.model = p->model;
    key.role = p->role;
    key.webrole = 1;
    r = role_of(sorted, n, &key);
    if (!r || r->kind)
      continue;
    r->kind = RC_DIGEST_FIX;
    r->goal = NULL; /* the portal rules, not a licence */
    r->change_count = p->change_count;
    r->changes = p->changes;
    r->open_count = p->open_count;
    r->open = p->open;
    d->with_fix++;
  }
}

/* ---- the summary ---- */

void rc_digest_cost_range(char *buf, size_t cap, const rc_digest_licence *l)
{
  if (l->cost < 0)
    snprintf(buf, cap, "-");
  else if (l->cost_max > l->cost)
    snprintf(buf, cap, "%.2f-%.2f", l->cost, l->cost_max);
  else
    snprintf(buf, cap, "%.2f", l->cost);
}

static int licence_cmp(const void *a, const void *b)
{
  const rc_digest_licence *x = a, *y = b;
  if ((x->cost < 0) != (y->cost < 0))
    return x->cost < 0 ? 1 : -1;
  if (x->cost != y->cost)
    return x->cost < y->cost ? -1 : 1;
  return strcmp(x->minimum, y->minimum);
}

static int by_licence(rc_digest *d)
{
  size_t i, k;
  d->licences = rc_calloc(d->nroles ? d->nroles : 1, sizeof(*d->licences));
  if (!d->licences)
    return RC_ENOMEM;
  for (i = 0; i < d->nroles; i++) {
    const rc_digest_role *r = &d->roles[i];
    if (r->fit->webrole)
      continue;
    for (k = 0; k < d->nlicences; k++) {
      if (!strcmp(d->licences[k].minimum, r->fit->minimum))
        break;
    }
    if (k == d->nlicences) {
      d->licences[k].minimum = r->fit->minimum;
      d->licences[k].cost = d->licences[k].cost_max = r->cost.per_user_month;
      d->licences[k].users = -1;
      d->licences[k].per_month = -1;
      d->nlicences++;
    }
    d->licences[k].roles++;
    if (r->cost.per_user_month >= 0) {
      rc_digest_licence *l = &d->licences[k];
      if (l->cost < 0 || r->cost.per_user_month < l->cost)
        l->cost = r->cost.per_user_month;
      if (r->cost.per_user_month > l->cost_max)
        l->cost_max = r->cost.per_user_month;
    }
    if (r->users >= 0) {
      rc_digest_licence *l = &d->licences[k];
      l->users = (l->users < 0 ? 0 : l->users) + r->users;
      if (r->cost.per_user_month >= 0)
        l->per_month = (l->per_month < 0 ? 0 : l->per_month) +
                       r->cost.per_user_month * (double)r->users;
    }
  }
  if (d->nlicences)
    qsort(d->licences, d->nlicences, sizeof(*d->licences), licence_cmp);
  return RC_OK;
}

static int rule_cmp(const void *a, const void *b)
{
  const rc_digest_rule *x = a, *y = b;
  if (x->severity != y->severity)
    return x->severity > y->severity ? -1 : 1;
  if (x->findings != y->findings)
    return x->findings > y->findings ? -1 : 1;
  return strcmp(x->rule->id, y->rule->id);
}

static int rule_id_cmp(const void *a, const void *b)
{
  const rc_finding *x = *(const rc_finding *const *)a;
  const rc_finding *y = *(const rc_finding *const *)b;
  int c = strcmp(x->rule->id, y->rule->id);
  return c ? c
           : subject_cmp(x->model, x->webrole, x->role, y->model, y->webrole,
                         y->role);
}

/* New findings by rule, with the roles each reaches. */
static int by_rule(rc_digest *d, const rc_analysis *an)
{
  size_t n = rc_analysis_finding_count(an), i, k = 0;
  const rc_finding **f = rc_malloc((n ? n : 1) * sizeof(*f));
  if (!f)
    return RC_ENOMEM;
  for (i = 0; i < n; i++) {
    const rc_finding *x = rc_analysis_finding(an, i);
    if (x->state == RC_STATE_NEW)
      f[k++] = x;
  }
  n = k;
  if (n)
    qsort(f, n, sizeof(*f), rule_id_cmp);
  d->rules = rc_calloc(n ? n : 1, sizeof(*d->rules));
  if (!d->rules) {
    rc_free(f);
    return RC_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    rc_digest_rule *r = d->nrules ? &d->rules[d->nrules - 1] : NULL;
    if (!r || strcmp(r->rule->id, f[i]->rule->id)) {
      r = &d->rules[d->nrules++];
      r->rule = f[i]->rule;
    }
    if (f[i]->severity > r->severity)
      r->severity = f[i]->severity;
    r->findings++;
    if (!i || rule_id_cmp(&f[i - 1], &f[i]))
      r->roles++;
  }
  rc_free(f);
  if (d->nrules)
    qsort(d->rules, d->nrules, sizeof(*d->rules), rule_cmp);
  return RC_OK;
}

/* The roles to fix first: errors, then the larger saving, then the fewer
 * changes, then by name. Only roles with errors or a fix list. */
static int top_cmp(const void *a, const void *b)
{
  const rc_digest_role *x = *(const rc_digest_role *const *)a;
  const rc_digest_role *y = *(const rc_digest_role *const *)b;
  int c;
  if (x->errors != y->errors)
    return x->errors > y->errors ? -1 : 1;
  if (x->saving != y->saving)
    return x->saving > y->saving ? -1 : 1;
  if (x->change_count != y->change_count)
    return x->change_count < y->change_count ? -1 : 1;
  c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->solution, y->solution);
}

static int top_roles(rc_digest *d)
{
  size_t i, n = 0;
  const rc_digest_role **p =
      rc_malloc((d->nroles ? d->nroles : 1) * sizeof(*p));
  d->top = rc_malloc((d->nroles ? d->nroles : 1) * sizeof(*d->top));
  if (!p || !d->top) {
    rc_free(p);
    return RC_ENOMEM;
  }
  for (i = 0; i < d->nroles; i++) {
    if (d->roles[i].errors || d->roles[i].kind)
      p[n++] = &d->roles[i];
  }
  if (n)
    qsort(p, n, sizeof(*p), top_cmp);
  d->ntop = n < RC_DIGEST_TOP ? n : RC_DIGEST_TOP;
  for (i = 0; i < d->ntop; i++)
    d->top[i] = (size_t)(p[i] - d->roles);
  rc_free(p);
  return RC_OK;
}

int rc_digest_new(rc_digest **out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_analysis *an = rd->analysis;
  rc_fix_options fo = RC_FIX_OPTIONS_INIT;
  rc_digest *d = rc_calloc(1, sizeof(*d));
  rc_digest_role **sorted = NULL;
  size_t i, n = rc_analysis_fit_count(an);
  int error = RC_ENOMEM;
  *out = NULL;
  if (!d)
    return RC_ENOMEM;
  fo.role = rd->check->role;
  if (rc_fix_plan(&d->fix, ctx, rd->pack, an, rd->models, rd->count, &fo) < 0)
    goto done;
  d->roles = rc_calloc(n ? n : 1, sizeof(*d->roles));
  sorted = rc_malloc((n ? n : 1) * sizeof(*sorted));
  if (!d->roles || !sorted)
    goto done;
  d->nroles = n;
  for (i = 0; i < n; i++) {
    rc_digest_role *r = &d->roles[i];
    const rc_model *m;
    r->fit = rc_analysis_fit(an, i);
    m = rd->models[r->fit->model];
    r->name = rc_view__subject_name(m, r->fit->role, r->fit->webrole);
    r->id = rc_view__subject_id(m, r->fit->role, r->fit->webrole);
    r->solution = rc_view__solution_label(m);
    r->to = r->saving = -1;
    r->users = r->fit->webrole
                   ? -1
                   : rc_role_users_count(rd->check->role_users, r->id, r->name);
    rc_view__role_cost(rd->models, rd->pack, rd->check->prices, r->fit,
                       &r->cost);
    sorted[i] = r;
  }
  if (n)
    qsort(sorted, n, sizeof(*sorted), role_cmp);
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    rc_digest_role *r;
    if (f->state != RC_STATE_NEW || !(r = role_of(sorted, n, f)))
      continue;
    if (f->severity == RC_SEVERITY_ERROR)
      r->errors++;
    else if (f->severity == RC_SEVERITY_WARNING)
      r->warnings++;
    else
      r->notes++;
  }
  for (i = 0; i < n; i++) {
    if (!d->roles[i].fit->webrole)
      fix_list(d, &d->roles[i], rd);
  }
  webrole_fix_lists(d, sorted, n);
  d->have_users = rd->check->role_users != NULL;
  d->saving_month = -1;
  for (i = 0; i < n; i++) {
    const rc_digest_role *r = &d->roles[i];
    if (r->kind && r->users >= 0 && r->saving > 0)
      d->saving_month = (d->saving_month < 0 ? 0 : d->saving_month) +
                        r->saving * (double)r->users;
  }
  if (by_licence(d) == RC_OK && by_rule(d, an) == RC_OK &&
      top_roles(d) == RC_OK && rc_digest__compare(d, rd) == RC_OK)
    error = RC_OK;
done:
  rc_free(sorted);
  if (error)
    rc_digest_free(d);
  else
    *out = d;
  return error;
}

/* ---- shared by the renders of one check ---- */

struct rc_check_cache {
  rc_digest *digest[2]; /* without, with the what-if */
};

int rc_check_cache_new(rc_check_cache **out, rc_ctx *ctx)
{
  *out = rc_calloc(1, sizeof(rc_check_cache));
  return *out ? RC_OK : rc_fail_nomem(ctx);
}

void rc_check_cache_free(rc_check_cache *cache)
{
  if (!cache)
    return;
  rc_digest_free(cache->digest[0]);
  rc_digest_free(cache->digest[1]);
  rc_free(cache);
}

int rc_digest_acquire(rc_digest **out, rc_ctx *ctx, const rc_render *rd)
{
  rc_check_cache *cache = rd->check->cache;
  rc_digest **slot = cache ? &cache->digest[rd->check->what_if != NULL] : NULL;
  int error;
  if (slot && *slot) {
    *out = *slot;
    return RC_OK;
  }
  error = rc_digest_new(out, ctx, rd);
  if (!error && slot)
    *slot = *out;
  return error;
}

void rc_digest_release(const rc_render *rd, rc_digest *d)
{
  if (!rd->check->cache)
    rc_digest_free(d);
}

/* Append to buf (cap bytes, at *at) a printf-formatted piece; cut short
 * when full. */
static void put(char *buf, size_t cap, size_t *at, const char *fmt, ...)
    RC_PRINTF(4, 5);
static void put(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
  va_list ap;
  int n;
  if (*at >= cap - 1)
    return;
  va_start(ap, fmt);
  n = vsnprintf(buf + *at, cap - *at, fmt, ap);
  va_end(ap);
  *at = n < 0 || (size_t)n >= cap - *at ? cap - 1 : *at + (size_t)n;
}

void rc_digest_sentence(char *buf, size_t cap, const rc_digest_role *r,
                        const rc_prices *prices)
{
  size_t removed = 0, lowered = 0, open = 0, i, at = 0, parts = 0, k;
  char part[3][256];
  buf[0] = '\0';
  if (!r->kind)
    return;
  for (i = 0; i < r->open_count; i++)
    open += strcmp(r->open[i].kind, "suppressed") != 0;
  for (i = 0; i < r->change_count; i++) {
    if (r->changes[i].action == RC_FIX_LOWER)
      lowered++;
    else
      removed++;
  }
  if (r->fit->webrole) {
    if (r->change_count)
      snprintf(part[parts++], sizeof(part[0]), "correct %lu table permission%s",
               (unsigned long)r->change_count, r->change_count == 1 ? "" : "s");
  } else {
    const rc_fix_change *one = r->change_count == 1 ? r->changes : NULL;
    /* a single change is named */
    if (one && one->action == RC_FIX_LOWER)
      snprintf(part[parts++], sizeof(part[0]), "lower %s to %s", one->privilege,
               rc_depth_name(one->after));
    else if (one)
      snprintf(part[parts++], sizeof(part[0]), "remove %s", one->privilege);
    else if (removed)
      snprintf(part[parts++], sizeof(part[0]), "remove %lu privilege%s",
               (unsigned long)removed, removed == 1 ? "" : "s");
    if (lowered && !one)
      snprintf(part[parts++], sizeof(part[0]), "lower %lu%s",
               (unsigned long)lowered,
               removed ? "" : (lowered == 1 ? " privilege" : " privileges"));
  }
  if (open)
    snprintf(part[parts++], sizeof(part[0]), "settle %lu open point%s",
             (unsigned long)open, open == 1 ? "" : "s");
  for (k = 0; k < parts; k++)
    put(buf, cap, &at, "%s%s", k ? (k + 1 == parts ? " and " : ", ") : "",
        part[k]);
  if (!r->goal)
    return;
  put(buf, cap, &at, "%s%s is enough", parts ? "; then " : "", r->goal);
  if (r->saving > 0 && prices) {
    put(buf, cap, &at, " (%.2f instead of %.2f %s per user and month", r->to,
        r->cost.per_user_month, rc_prices_currency(prices));
    if (r->users > 0)
      put(buf, cap, &at, "; %ld user%s: saves %.2f a month", r->users,
          r->users == 1 ? "" : "s", r->saving * (double)r->users);
    put(buf, cap, &at, ")");
  }
}
