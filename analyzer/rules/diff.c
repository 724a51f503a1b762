/* The difference between two analysed versions: roles matched by id,
 * privileges by name, findings by their key (rc_finding_compare(), the one
 * baselines and SARIF use), and the licence fit of each role. */
#include <stdlib.h>
#include <string.h>

#include "rolecheck/diff.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

struct rc_diff {
  rc_role_delta *roles;
  size_t role_count, role_cap;
  rc_privilege_change *changes;
  size_t change_count, change_cap;
  rc_finding_delta *findings;
  size_t finding_count, finding_cap;
  rc_fit_change *fits;
  size_t fit_count, fit_cap;
  rc_app_change *apps;
  size_t app_count, app_cap;
};

const char *rc_role_status_name(rc_role_status status)
{
  static const char *const names[] = {"kept", "renamed", "added", "removed"};
  return (unsigned)status < 4 ? names[status] : "kept";
}

const char *rc_grant_change_name(rc_grant_change change)
{
  static const char *const names[] = {"added", "removed", "raised", "lowered",
                                      "rescoped"};
  return (unsigned)change < 5 ? names[change] : "added";
}

/* ---- one side's roles, in matching order ---- */

typedef struct {
  const char *id;       /* normalised GUID */
  const char *solution; /* unique name: the same id in two solutions */
  const char *name;
  size_t model, index;
  int webrole;
  size_t occurrence; /* among the same (webrole, id) on this side */
} side_role;

static int side_cmp(const void *a, const void *b)
{
  const side_role *x = a, *y = b;
  int c;
  if (x->webrole != y->webrole)
    return x->webrole - y->webrole;
  if ((c = strcmp(x->id, y->id)) != 0)
    return c;
  if ((c = strcmp(x->solution, y->solution)) != 0)
    return c;
  if (x->model != y->model)
    return x->model < y->model ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static side_role *side_roles(rc_model *const *models, size_t count, size_t *n)
{
  size_t mi, r, total = 0, k = 0, i;
  side_role *out;
  for (mi = 0; mi < count; mi++)
    total +=
        rc_model_role_count(models[mi]) + rc_model_webrole_count(models[mi]);
  out = rc_malloc((total ? total : 1) * sizeof(*out));
  if (!out)
    return NULL;
  for (mi = 0; mi < count; mi++) {
    const rc_model *m = models[mi];
    const char *sol = rc_model_solution(m)->unique_name;
    for (r = 0; r < rc_model_role_count(m); r++) {
      const rc_role *role = rc_model_role(m, r);
      out[k++] = (side_role){role->guid, sol, role->name, mi, r, 0, 0};
    }
    for (r = 0; r < rc_model_webrole_count(m); r++) {
      const rc_webrole *w = rc_model_webrole(m, r);
      out[k++] = (side_role){w->id, sol, w->name, mi, r, 1, 0};
    }
  }
  if (k)
    qsort(out, k, sizeof(*out), side_cmp);
  for (i = 1; i < k; i++) {
    if (out[i].webrole == out[i - 1].webrole &&
        !strcmp(out[i].id, out[i - 1].id))
      out[i].occurrence = out[i - 1].occurrence + 1;
  }
  *n = k;
  return out;
}

/* Matching order: web role flag, id, occurrence. */
static int match_cmp(const side_role *x, const side_role *y)
{
  int c;
  if (x->webrole != y->webrole)
    return x->webrole - y->webrole;
  if ((c = strcmp(x->id, y->id)) != 0)
    return c;
  return x->occurrence < y->occurrence ? -1 : x->occurrence > y->occurrence;
}

/* ---- privileges of one role ---- */

typedef struct {
  const rc_privilege *p;
  const rc_grant *g;
  const rc_model *m;
  const char *file; /* the role's document */
} side_grant;

/* the same privilege on both sides */
static int grant_cmp(const side_grant *x, const side_grant *y)
{
  return rc_ascii_casecmp(x->p->name, y->p->name);
}

/* The role's grants in the model's grant order (by name, one case rule). */
static side_grant *role_grants(const rc_model *m, size_t r, size_t *n)
{
  size_t g, count = rc_model_role(m, r)->grant_count, *order;
  side_grant *out;
  if (rc_model_grant_order(&order, m, r) < 0)
    return NULL;
  out = rc_malloc((count ? count : 1) * sizeof(*out));
  for (g = 0; out && g < count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, order[g]);
    out[g] = (side_grant){rc_model_privilege(m, gr->privilege), gr, m,
                          rc_model_role(m, r)->file};
  }
  rc_model_order_free(order);
  *n = count;
  return out;
}

static int push_change(rc_diff *d, size_t role, const side_grant *s,
                       rc_grant_change change, rc_depth from, rc_depth to)
{
  const rc_privilege *p = s->p;
  rc_privilege_change *c;
  if (rc_array_reserve((void **)&d->changes, &d->change_cap,
                       d->change_count + 1, sizeof(*d->changes)) < 0)
    return RC_ENOMEM;
  c = &d->changes[d->change_count++];
  c->change = change;
  c->role = role;
  c->privilege = p->name;
  c->kind = p->kind;
  c->table = p->kind == RC_PRIV_TABLE && p->table >= 0
                 ? rc_model_table(s->m, (size_t)p->table)->logical_name
                 : "";
  c->right = p->kind == RC_PRIV_TABLE ? (int)p->right : -1;
  c->from = from;
  c->to = to;
  c->scope_from = c->scope_to = NULL;
  c->file = s->file;
  c->line = s->g->line;
  return RC_OK;
}

/* ---- the table permissions of one web role ---- */

static int perm_cmp(const void *a, const void *b)
{
  const rc_table_permission *x = *(const rc_table_permission *const *)a;
  const rc_table_permission *y = *(const rc_table_permission *const *)b;
  return strcmp(x->id, y->id);
}

static const rc_table_permission **webrole_perms(const rc_model *m, size_t w,
                                                 size_t *n)
{
  const char *id = rc_model_webrole(m, w)->id;
  size_t count = rc_model_permission_count(m), i, used = 0;
  const rc_table_permission **out =
      rc_malloc((count ? count : 1) * sizeof(*out));
  if (!out)
    return NULL;
  for (i = 0; i < count; i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    if (rc_permission_has_webrole(p, id))
      out[used++] = p;
  }
  if (used)
    qsort(out, used, sizeof(*out), perm_cmp);
  *n = used;
  return out;
}

static const char *scope_of(const rc_table_permission *p)
{
  return p->scope ? rc_scope_name(p->scope) : "none";
}

static int push_perm(rc_diff *d, size_t role, const rc_table_permission *p,
                     rc_grant_change change, int right, const char *from,
                     const char *to)
{
  rc_privilege_change *c;
  if (rc_array_reserve((void **)&d->changes, &d->change_cap,
                       d->change_count + 1, sizeof(*d->changes)) < 0)
    return RC_ENOMEM;
  c = &d->changes[d->change_count++];
  memset(c, 0, sizeof(*c));
  c->change = change;
  c->role = role;
  c->privilege = p->name;
  c->kind = RC_PRIV_TABLE;
  c->table = p->table;
  c->right = right;
  c->scope_from = from;
  c->scope_to = to;
  c->file = p->file;
  c->line = p->line;
  return RC_OK;
}

/* Each right of a permission on one side only is added or removed; a
 * permission on both sides may change its rights and its scope. */
static int diff_perm_pair(rc_diff *d, size_t role, rc_role_delta *dr,
                          const rc_table_permission *b,
                          const rc_table_permission *h)
{
  int k, error = RC_OK;
  for (k = 0; !error && k <= RC_RIGHT_APPENDTO; k++) {
    unsigned bit = 1u << k;
    int in_b = b && (b->rights & bit), in_h = h && (h->rights & bit);
    if (in_b && !in_h) {
      error = push_perm(d, role, b, RC_GRANT_REMOVED, k, scope_of(b), NULL);
      dr->removed++;
    } else if (in_h && !in_b) {
      error = push_perm(d, role, h, RC_GRANT_ADDED, k, NULL, scope_of(h));
      dr->added++;
    }
  }
  if (!error && b && h && b->scope != h->scope) {
    error =
        push_perm(d, role, h, RC_GRANT_RESCOPED, -1, scope_of(b), scope_of(h));
    dr->rescoped++;
  }
  return error;
}

static int diff_webrole(rc_diff *d, size_t role, rc_model *const *base,
                        rc_model *const *head)
{
  rc_role_delta *dr = &d->roles[role];
  const rc_table_permission **b = NULL, **h = NULL;
  size_t nb = 0, nh = 0, i = 0, j = 0;
  int error = RC_ENOMEM;
  if (dr->status != RC_ROLE_ADDED &&
      !(b = webrole_perms(base[dr->base_model], dr->base_index, &nb)))
    goto done;
  if (dr->status != RC_ROLE_REMOVED &&
      !(h = webrole_perms(head[dr->head_model], dr->head_index, &nh)))
    goto done;
  error = RC_OK;
  while (!error && (i < nb || j < nh)) {
    int c = i == nb ? 1 : j == nh ? -1 : strcmp(b[i]->id, h[j]->id);
    if (c < 0)
      error = diff_perm_pair(d, role, dr, b[i++], NULL);
    else if (c > 0)
      error = diff_perm_pair(d, role, dr, NULL, h[j++]);
    else
      error = diff_perm_pair(d, role, dr, b[i++], h[j++]);
  }
done:
  rc_free(b);
  rc_free(h);
  return error;
}

/* Privilege changes of role `role` (index into d->roles). */
static int diff_grants(rc_diff *d, size_t role, rc_model *const *base,
                       rc_model *const *head)
{
  rc_role_delta *dr = &d->roles[role];
  side_grant *b = NULL, *h = NULL;
  size_t nb = 0, nh = 0, i = 0, j = 0;
  int error = RC_ENOMEM;
  if (dr->webrole)
    return diff_webrole(d, role, base, head);
  if (dr->status != RC_ROLE_ADDED &&
      !(b = role_grants(base[dr->base_model], dr->base_index, &nb)))
    goto done;
  if (dr->status != RC_ROLE_REMOVED &&
      !(h = role_grants(head[dr->head_model], dr->head_index, &nh)))
    goto done;
  error = RC_OK;
  while (!error && (i < nb || j < nh)) {
    int c = i == nb ? 1 : j == nh ? -1 : grant_cmp(&b[i], &h[j]);
    if (c < 0) {
      error = push_change(d, role, &b[i], RC_GRANT_REMOVED,
                          (rc_depth)b[i].g->depth, RC_DEPTH_NONE);
      dr->removed++;
      i++;
    } else if (c > 0) {
      error = push_change(d, role, &h[j], RC_GRANT_ADDED, RC_DEPTH_NONE,
                          (rc_depth)h[j].g->depth);
      dr->added++;
      j++;
    } else {
      rc_depth from = (rc_depth)b[i].g->depth, to = (rc_depth)h[j].g->depth;
      if (from != to) {
        error = push_change(d, role, &h[j],
                            to > from ? RC_GRANT_RAISED : RC_GRANT_LOWERED,
                            from, to);
        if (to > from)
          dr->raised++;
        else
          dr->lowered++;
      }
      i++;
      j++;
    }
  }
done:
  rc_free(b);
  rc_free(h);
  return error;
}

/* ---- app access: the AppModuleRoleMaps that name a role ---- */

static int app_cmp(const void *a, const void *b)
{
  return strcmp((*(const rc_app *const *)a)->unique_name,
                (*(const rc_app *const *)b)->unique_name);
}

/* The apps of m whose role maps hold role r, by unique name, each once. */
static const rc_app **role_apps(const rc_model *m, size_t r, size_t *n)
{
  const char *id = rc_model_role(m, r)->guid;
  size_t count = rc_model_app_count(m), i, k, used = 0;
  const rc_app **out = rc_malloc((count ? count : 1) * sizeof(*out));
  if (!out)
    return NULL;
  for (i = 0; i < count; i++) {
    const rc_app *a = rc_model_app(m, i);
    for (k = 0; k < a->role_count; k++) {
      if (!rc_ascii_casecmp(a->role_ids[k], id)) {
        out[used++] = a;
        break;
      }
    }
  }
  if (used)
    qsort(out, used, sizeof(*out), app_cmp);
  for (i = 0, k = 0; i < used; i++)
    if (!k || strcmp(out[k - 1]->unique_name, out[i]->unique_name))
      out[k++] = out[i];
  *n = k;
  return out;
}

static int push_app(rc_diff *d, size_t role, const rc_app *a, int added)
{
  if (rc_array_reserve((void **)&d->apps, &d->app_cap, d->app_count + 1,
                       sizeof(*d->apps)) < 0)
    return RC_ENOMEM;
  d->apps[d->app_count++] =
      (rc_app_change){role, added, a->unique_name, a->file, a->line};
  if (added)
    d->roles[role].apps_added++;
  else
    d->roles[role].apps_removed++;
  return RC_OK;
}

static int diff_apps(rc_diff *d, size_t role, rc_model *const *base,
                     rc_model *const *head)
{
  const rc_role_delta *dr = &d->roles[role];
  const rc_app **b = NULL, **h = NULL;
  size_t nb = 0, nh = 0, i = 0, j = 0;
  int error = RC_ENOMEM;
  if (dr->webrole)
    return RC_OK;
  if (dr->status != RC_ROLE_ADDED &&
      !(b = role_apps(base[dr->base_model], dr->base_index, &nb)))
    goto done;
  if (dr->status != RC_ROLE_REMOVED &&
      !(h = role_apps(head[dr->head_model], dr->head_index, &nh)))
    goto done;
  error = RC_OK;
  while (!error && (i < nb || j < nh)) {
    int c = i == nb   ? 1
            : j == nh ? -1
                      : strcmp(b[i]->unique_name, h[j]->unique_name);
    if (c < 0)
      error = push_app(d, role, b[i++], 0);
    else if (c > 0)
      error = push_app(d, role, h[j++], 1);
    else
      i++, j++;
  }
done:
  rc_free(b);
  rc_free(h);
  return error;
}

/* ---- findings ---- */

typedef struct {
  const rc_finding *f;
  size_t index;
} keyed_finding;

static int keyed_cmp(const void *a, const void *b)
{
  const keyed_finding *x = a, *y = b;
  int c = rc_finding_compare(x->f, y->f);
  if (c)
    return c;
  return x->index < y->index ? -1 : x->index > y->index;
}

static keyed_finding *sorted_findings(const rc_analysis *an, size_t *n)
{
  size_t count = rc_analysis_finding_count(an), i;
  keyed_finding *out = rc_malloc((count ? count : 1) * sizeof(*out));
  if (!out)
    return NULL;
  for (i = 0; i < count; i++)
    out[i] = (keyed_finding){rc_analysis_finding(an, i), i};
  if (count)
    qsort(out, count, sizeof(*out), keyed_cmp);
  *n = count;
  return out;
}

static int push_finding(rc_diff *d, rc_finding_change change,
                        const keyed_finding *k)
{
  if (rc_array_reserve((void **)&d->findings, &d->finding_cap,
                       d->finding_count + 1, sizeof(*d->findings)) < 0)
    return RC_ENOMEM;
  d->findings[d->finding_count++] = (rc_finding_delta){change, k->f, k->index};
  return RC_OK;
}

static int diff_finding_cmp(const void *a, const void *b)
{
  const rc_finding_delta *x = a, *y = b;
  if (x->change != y->change)
    return (int)x->change - (int)y->change;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int diff_findings(rc_diff *d, const rc_analysis *ab,
                         const rc_analysis *ah)
{
  size_t nb = 0, nh = 0, i = 0, j = 0;
  keyed_finding *b = sorted_findings(ab, &nb), *h = sorted_findings(ah, &nh);
  int error = b && h ? RC_OK : RC_ENOMEM;
  while (!error && (i < nb || j < nh)) {
    int c = i == nb ? 1 : j == nh ? -1 : rc_finding_compare(b[i].f, h[j].f);
    if (c < 0)
      error = push_finding(d, RC_FINDING_RESOLVED, &b[i++]);
    else if (c > 0)
      error = push_finding(d, RC_FINDING_NEW, &h[j++]);
    else {
      error = push_finding(d, RC_FINDING_UNCHANGED, &h[j++]);
      i++;
    }
  }
  if (!error && d->finding_count)
    qsort(d->findings, d->finding_count, sizeof(*d->findings),
          diff_finding_cmp);
  rc_free(b);
  rc_free(h);
  return error;
}

/* ---- licence fit ---- */

static int fit_differs(const rc_role_fit *a, const rc_role_fit *b, size_t nlic)
{
  size_t k;
  if (!a || !b)
    return a != b;
  if (strcmp(a->minimum, b->minimum))
    return 1;
  for (k = 0; k < nlic; k++) {
    if (a->fit[k] != b->fit[k])
      return 1;
  }
  return 0;
}

/* ---- roles ---- */

static int role_order(const void *a, const void *b)
{
  const rc_role_delta *x = a, *y = b;
  const char *nx = x->head_name ? x->head_name : x->base_name;
  const char *ny = y->head_name ? y->head_name : y->base_name;
  int c;
  if (x->webrole != y->webrole)
    return x->webrole - y->webrole;
  if ((c = strcmp(nx, ny)) != 0)
    return c;
  if ((c = strcmp(x->id, y->id)) != 0)
    return c;
  return x->head_model != y->head_model
             ? (x->head_model < y->head_model ? -1 : 1)
             : (x->base_model < y->base_model ? -1
                                              : x->base_model > y->base_model);
}

static int push_role(rc_diff *d, const side_role *b, const side_role *h)
{
  rc_role_delta *r;
  if (rc_array_reserve((void **)&d->roles, &d->role_cap, d->role_count + 1,
                       sizeof(*d->roles)) < 0)
    return RC_ENOMEM;
  r = &d->roles[d->role_count++];
  memset(r, 0, sizeof(*r));
  r->webrole = (b ? b : h)->webrole;
  r->id = (b ? b : h)->id;
  r->base_name = b ? b->name : NULL;
  r->head_name = h ? h->name : NULL;
  if (b) {
    r->base_model = b->model;
    r->base_index = b->index;
  }
  if (h) {
    r->head_model = h->model;
    r->head_index = h->index;
  }
  r->status = !b                         ? RC_ROLE_ADDED
              : !h                       ? RC_ROLE_REMOVED
              : strcmp(b->name, h->name) ? RC_ROLE_RENAMED
                                         : RC_ROLE_KEPT;
  return RC_OK;
}

static int match_roles(rc_diff *d, rc_model *const *base, size_t nbase,
                       rc_model *const *head, size_t nhead)
{
  size_t nb = 0, nh = 0, i = 0, j = 0;
  side_role *b = side_roles(base, nbase, &nb),
            *h = side_roles(head, nhead, &nh);
  int error = b && h ? RC_OK : RC_ENOMEM;
  while (!error && (i < nb || j < nh)) {
    int c = i == nb ? 1 : j == nh ? -1 : match_cmp(&b[i], &h[j]);
    if (c < 0)
      error = push_role(d, &b[i++], NULL);
    else if (c > 0)
      error = push_role(d, NULL, &h[j++]);
    else
      error = push_role(d, &b[i++], &h[j++]);
  }
  if (!error && d->role_count)
    qsort(d->roles, d->role_count, sizeof(*d->roles), role_order);
  rc_free(b);
  rc_free(h);
  return error;
}

static int change_order(const void *a, const void *b)
{
  const rc_privilege_change *x = a, *y = b;
  int c;
  if (x->role != y->role)
    return x->role < y->role ? -1 : 1;
  if ((x->kind == RC_PRIV_TABLE) != (y->kind == RC_PRIV_TABLE))
    return x->kind == RC_PRIV_TABLE ? -1 : 1;
  if ((c = strcmp(x->table, y->table)) != 0)
    return c;
  /* web roles: a permission's changes together, its scope first */
  if ((x->scope_from || x->scope_to) &&
      (c = strcmp(x->privilege, y->privilege)) != 0)
    return c;
  if (x->right != y->right)
    return x->right < y->right ? -1 : 1;
  return rc_ascii_casecmp(x->privilege, y->privilege);
}

int rc_diff_new(rc_diff **out, rc_ctx *ctx, const rc_rulepack *pack,
                rc_model *const *base, size_t base_count,
                const rc_analysis *base_analysis, rc_model *const *head,
                size_t head_count, const rc_analysis *head_analysis)
{
  rc_diff *d;
  size_t i, kept = 0, nlic;
  size_t *remap = NULL;
  int error;

  RC_ASSERT_ARG(ctx, out && pack && base_analysis && head_analysis);
  nlic = rc_rulepack_licence_count(pack);
  d = rc_calloc(1, sizeof(*d));
  *out = NULL;
  if (!d)
    return rc_fail_nomem(ctx);
  error = match_roles(d, base, base_count, head, head_count);
  for (i = 0; !error && i < d->role_count; i++)
    error = diff_grants(d, i, base, head);
  for (i = 0; !error && i < d->role_count; i++)
    error = diff_apps(d, i, base, head);
  if (!error)
    error = diff_findings(d, base_analysis, head_analysis);
  /* fit changes; then keep only the roles with a change */
  for (i = 0; !error && i < d->role_count; i++) {
    const rc_role_delta *r = &d->roles[i];
    const rc_role_fit *fb =
        r->status == RC_ROLE_ADDED
            ? NULL
            : rc_analysis_role_fit(base_analysis, r->base_model, r->base_index,
                                   r->webrole);
    const rc_role_fit *fh =
        r->status == RC_ROLE_REMOVED
            ? NULL
            : rc_analysis_role_fit(head_analysis, r->head_model, r->head_index,
                                   r->webrole);
    if (!fit_differs(fb, fh, nlic))
      continue;
    if (rc_array_reserve((void **)&d->fits, &d->fit_cap, d->fit_count + 1,
                         sizeof(*d->fits)) < 0)
      error = RC_ENOMEM;
    else
      d->fits[d->fit_count++] = (rc_fit_change){i, fb, fh};
  }
  if (!error && !(remap = rc_malloc((d->role_count + 1) * sizeof(*remap))))
    error = RC_ENOMEM;
  if (!error) {
    size_t f = 0;
    for (i = 0; i < d->role_count; i++) {
      const rc_role_delta *r = &d->roles[i];
      int fit = f < d->fit_count && d->fits[f].role == i;
      f += fit;
      remap[i] = kept;
      if (r->status != RC_ROLE_KEPT || r->added || r->removed || r->raised ||
          r->lowered || r->rescoped || r->apps_added || r->apps_removed || fit)
        d->roles[kept++] = *r;
    }
    for (i = 0; i < d->change_count; i++)
      d->changes[i].role = remap[d->changes[i].role];
    /* pushed role by role, each role's in app-name order: already sorted */
    for (i = 0; i < d->app_count; i++)
      d->apps[i].role = remap[d->apps[i].role];
    for (i = 0; i < d->fit_count; i++)
      d->fits[i].role = remap[d->fits[i].role];
    d->role_count = kept;
    if (d->change_count)
      qsort(d->changes, d->change_count, sizeof(*d->changes), change_order);
  }
  rc_free(remap);
  if (error) {
    rc_diff_free(d);
    return rc_fail_nomem(ctx);
  }
  *out = d;
  return RC_OK;
}

void rc_diff_free(rc_diff *d)
{
  if (!d)
    return;
  rc_free(d->roles);
  rc_free(d->changes);
  rc_free(d->findings);
  rc_free(d->fits);
  rc_free(d->apps);
  rc_free(d);
}

size_t rc_diff_role_count(const rc_diff *d)
{
  return d->role_count;
}

const rc_role_delta *rc_diff_role(const rc_diff *d, size_t i)
{
  return &d->roles[i];
}

size_t rc_diff_change_count(const rc_diff *d)
{
  return d->change_count;
}

const rc_privilege_change *rc_diff_change(const rc_diff *d, size_t i)
{
  return &d->changes[i];
}

size_t rc_diff_app_change_count(const rc_diff *d)
{
  return d->app_count;
}

const rc_app_change *rc_diff_app_change(const rc_diff *d, size_t i)
{
  return &d->apps[i];
}

size_t rc_diff_finding_count(const rc_diff *d)
{
  return d->finding_count;
}

const rc_finding_delta *rc_diff_finding(const rc_diff *d, size_t i)
{
  return &d->findings[i];
}

size_t rc_diff_fit_count(const rc_diff *d)
{
  return d->fit_count;
}

const rc_fit_change *rc_diff_fit(const rc_diff *d, size_t i)
{
  return &d->fits[i];
}
