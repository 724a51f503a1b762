/* Team Members apps: TM008 counts the additional tables (outside the
 * excluded sets) per designated Team Members app, over the roles it maps
 * and the tables it lists; TM009 reports apps that map a role and are not
 * designated; and app access, which the licence fit uses. */
#include "rules/tmapps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

/* One table of TM008's count. */
typedef struct {
  const char *name; /* lowercase logical name */
  int custom;       /* rc_table_counts_as_custom */
} counted;

static int cmp_counted(const void *a, const void *b)
{
  return strcmp(((const counted *)a)->name, ((const counted *)b)->name);
}

typedef struct {
  counted *items;
  size_t n, cap;
} counted_list;

static int counted_push(rc_engine *E, counted_list *l, const char *name,
                        int custom)
{
  void *items = l->items;
  if (rc_array_reserve(&items, &l->cap, l->n + 1, sizeof(*l->items)) < 0)
    return rc_fail_nomem(E->ctx);
  l->items = items;
  l->items[l->n].name = name;
  l->items[l->n].custom = custom;
  l->n++;
  return RC_OK;
}

/* Whether one of the count's sets excludes the table for this right and
 * depth; sets: the table's set bits (all ones: check every set). */
static int count_excludes(rc_engine *E, const rc_clause *c, const char *table,
                          uint32_t sets, rc_right right, rc_depth depth)
{
  const rc_set *const *ex;
  for (ex = c->exclude_ptrs; ex && *ex; ex++) {
    uint32_t bit = rc_emit__set_bit(E->pack, *ex);
    if (bit && !(sets & bit))
      continue;
    if (rc_set__has_table(*ex, table, right, depth))
      return 1;
  }
  return 0;
}

/* The additional tables one role creates, writes or deletes. */
static int count_role(rc_engine *E, const rc_clause *c, const rc_role_view *rv,
                      counted_list *l)
{
  size_t g;
  for (g = 0; g < rv->ngrants; g++) {
    const rc_tgrant *t = &rv->grants[g];
    if (!(c->rights & (1u << t->right)) || t->depth == RC_DEPTH_NONE || !t->tb)
      continue;
    /* a business process flow table the metadata marks (IsBPFEntity): the
     * BPF set lists Microsoft's by name, never by a name pattern */
    if (t->tb->is_bpf)
      continue;
    if (count_excludes(E, c, t->table, t->sets, t->right, t->depth))
      continue;
    if (counted_push(E, l, t->tb->logical_name,
                     rc_table_counts_as_custom(t->tb)) < 0)
      return RC_ENOMEM;
  }
  return RC_OK;
}

/* One table an app lists (AppModuleComponent type 1, or a <table> of a
 * configured app) that counts as additional: the same sets decide, as for a
 * Write at Global. */
static int count_listed(rc_engine *E, const rc_clause *c, const rc_model *m,
                        const char *name, counted_list *l)
{
  const rc_table *tb = rc_model_table_by_name(m, name);
  const char *product;
  rc_table_origin origin;
  if (tb && (tb->is_bpf || tb->is_activity))
    return RC_OK;
  if (count_excludes(E, c, name, ~0u, RC_RIGHT_WRITE, RC_DEPTH_GLOBAL))
    return RC_OK;
  origin = tb ? tb->origin : rc_model_table_origin(m, name, &product);
  return counted_push(E, l, name, rc_origin_counts_as_custom(origin));
}

static int app_maps_role(const rc_app *app, const rc_role *role)
{
  size_t k;
  for (k = 0; k < app->role_count; k++) {
    if (!strcmp(app->role_ids[k], role->guid))
      return 1;
  }
  return 0;
}

/* A designated Team Members app of one input, for TM008's count: the
 * input's app module of that unique name (or NULL), and where rolecheck.xml
 * names it (or NULL); each may add roles to the other's role map. */
typedef struct {
  const char *name;
  const rc_app *app;
  const char *cfg;
} tm_app;

static int tm_maps(const rc_engine *E, const tm_app *t, const rc_role *role)
{
  return (t->app && app_maps_role(t->app, role)) ||
         (t->cfg && rc_assignments__app_maps(E->assign, t->name, role));
}

/* The designated Team Members apps of model m: its app modules in TM_APPS,
 * then the configured apps it does not hold. NULL with *n 0 for none. */
static int tm_apps(rc_engine *E, const rc_model *m, tm_app **out, size_t *n)
{
  const rc_set *set = rc_pack__set(E->pack, "TM_APPS");
  size_t a, k, cap = 0;
  void *items = NULL;
  *out = NULL;
  *n = 0;
  for (a = 0; a < rc_model_app_count(m) + (E->assign ? E->assign->napps : 0);
       a++) {
    tm_app t;
    if (a < rc_model_app_count(m)) {
      t.app = rc_model_app(m, a);
      t.name = t.app->unique_name;
      if (!rc_set__has_app(set, t.name))
        continue;
      t.cfg = rc_assignments__app_origin(E->assign, t.name);
    } else {
      t.app = NULL;
      t.name = E->assign->apps[a - rc_model_app_count(m)].app;
      t.cfg = E->assign->apps[a - rc_model_app_count(m)].origin;
    }
    for (k = 0; k < *n && rc_ascii_casecmp((*out)[k].name, t.name); k++)
      ;
    if (k < *n)
      continue;
    if (rc_array_reserve(&items, &cap, *n + 1, sizeof(t)) < 0) {
      rc_free(items);
      *out = NULL;
      *n = 0;
      return rc_fail_nomem(E->ctx);
    }
    *out = items;
    (*out)[(*n)++] = t;
  }
  return RC_OK;
}

/* Emits TM008 when the distinct tables of l are more than the clause's
 * maximum; t: the Team Members app counted, or NULL for the role alone;
 * roles: the roles counted with it ("'A', 'B'"). */
static int count_finding(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                         const rc_role_view *rv, size_t mi, int reported,
                         counted_list *l, const tm_app *t, const char *roles)
{
  size_t n, g, i, ncustom = 0;
  rc_buf b, scope, basis;
  char count[32], custom[32], microsoft[32];
  rc_finding f;
  int error;
  if (l->n)
    qsort(l->items, l->n, sizeof(*l->items), cmp_counted);
  for (g = i = 0; g < l->n; g++) {
    if (!i || strcmp(l->items[i - 1].name, l->items[g].name))
      l->items[i++] = l->items[g];
  }
  n = l->n = i;
  if (n <= c->max)
    return RC_OK;
  rc_buf_init(&b, RC_TEXT_MAX);
  rc_buf_init(&scope, RC_TEXT_MAX);
  rc_buf_init(&basis, RC_TEXT_MAX);
  for (i = 0; i < n; i++) {
    if (i)
      rc_buf_puts(&b, ", ");
    rc_buf_puts(&b, l->items[i].name);
    ncustom += (size_t)l->items[i].custom;
  }
  if (t) {
    rc_buf_puts(&scope, "is mapped to Team Members app '");
    rc_buf_puts(&scope, t->name);
    rc_buf_puts(&scope, "', whose Team Members roles and listed tables reach");
    rc_buf_puts(&basis, "counted per app");
    if (t->cfg) {
      rc_buf_puts(&basis, t->app ? " (its role map in the input and in "
                                 : " named in ");
      rc_buf_puts(&basis, t->cfg);
      rc_buf_puts(&basis, t->app ? ")" : "");
    }
    rc_buf_puts(&basis, ": the roles ");
    rc_buf_puts(&basis, roles);
    rc_buf_puts(&basis, " together, plus the tables the app lists");
  } else {
    rc_buf_puts(&scope, "grants create/update/delete on");
    rc_buf_puts(&basis, "counted for this role alone: no designated Team "
                        "Members app in its input or rolecheck.xml maps it");
  }
  snprintf(count, sizeof(count), "%lu", (unsigned long)n);
  snprintf(custom, sizeof(custom), "%lu", (unsigned long)ncustom);
  snprintf(microsoft, sizeof(microsoft), "%lu", (unsigned long)(n - ncustom));
  {
    rc_var vars[] = {{"count", count},
                     {"tables", rc_buf_cstr(&b)},
                     {"custom", custom},
                     {"microsoft", microsoft},
                     {"scope", rc_buf_cstr(&scope)},
                     {"counted", rc_buf_cstr(&basis)},
                     {"app", t ? t->name : ""}};
    memset(&f, 0, sizeof(f));
    f.file = rv->role->file;
    f.line = rv->role->line;
    /* the app counted is part of a per-app finding's identity */
    f.app = t ? t->name : NULL;
    /* the tables are the finding's identity: one more is a new finding */
    f.tables = rc_buf_error(&b) < 0 || rc_buf_error(&scope) < 0 ||
                       rc_buf_error(&basis) < 0
                   ? NULL
                   : rc_emit__key_tables(E, rc_buf_cstr(&b));
    error = f.tables ? rc_emit__finding(E, rule, c, mi, rv->ri, &f, vars, 7,
                                        reported)
                     : rc_fail_nomem(E->ctx);
  }
  rc_buf_dispose(&b);
  rc_buf_dispose(&scope);
  rc_buf_dispose(&basis);
  return error;
}

/* The additional tables of one Team Members app t that maps the role of
 * rv: those of every role of the input it maps that is evaluated as a Team
 * Members role (and of rv's role), plus the tables it lists. roles gets
 * their names. */
static int count_tm_app(rc_engine *E, const rc_clause *c,
                        const rc_role_view *rv, size_t mi, const tm_app *t,
                        counted_list *l, rc_buf *roles)
{
  size_t r, k;
  int error = RC_OK;
  for (r = 0; r < rc_model_role_count(rv->m) && !error; r++) {
    const rc_role *other = rc_model_role(rv->m, r);
    const char *origin = NULL, *profile;
    rc_role_view ov;
    if (!tm_maps(E, t, other))
      continue;
    profile = rc_assignments__profile(E->assign, other, &origin);
    if (r != rv->ri && (!profile || strcmp(profile, "team-member")))
      continue;
    rc_buf_puts(roles, roles->len ? ", '" : "'");
    rc_buf_puts(roles, other->name);
    rc_buf_puts(roles, "'");
    if (r == rv->ri) {
      error = count_role(E, c, rv, l);
      continue;
    }
    memset(&ov, 0, sizeof(ov));
    ov.m = rv->m;
    ov.ri = r;
    ov.role = other;
    error = rc_emit__role_view(E, &ov, mi);
    if (!error)
      error = count_role(E, c, &ov, l);
    rc_free(ov.grants);
  }
  for (k = 0; t->app && k < t->app->table_count && !error; k++)
    error = count_listed(E, c, rv->m, t->app->tables[k], l);
  for (k = 0; t->cfg && k < E->assign->napps && !error; k++) {
    const rc_app_map *it = &E->assign->apps[k];
    if (it->table && !rc_ascii_casecmp(it->app, t->name))
      error = count_listed(E, c, rv->m, it->table, l);
  }
  return error;
}

/* TM008: CUD tables outside every excluded set, per designated Team Members
 * app (licensing-rules 3.3): for each such app that maps the role, in its
 * input or in rolecheck.xml, the tables of the roles it maps, plus the
 * tables the app lists; the finding goes to each mapped role. A role no
 * designated app maps is counted alone, and the message says so. {custom}
 * says how many of them count as custom (rc_table_counts_as_custom),
 * {microsoft} the others. */
int rc_tmapps__count(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     const rc_role_view *rv, size_t mi, int reported)
{
  counted_list l = {NULL, 0, 0};
  tm_app *apps;
  size_t a, napps, nmapped = 0;
  int error = tm_apps(E, rv->m, &apps, &napps);
  for (a = 0; a < napps && !error; a++) {
    rc_buf roles;
    if (!tm_maps(E, &apps[a], rv->role))
      continue;
    nmapped++;
    l.n = 0;
    rc_buf_init(&roles, RC_TEXT_MAX);
    error = count_tm_app(E, c, rv, mi, &apps[a], &l, &roles);
    if (!error && rc_buf_error(&roles) < 0)
      error = rc_fail_nomem(E->ctx);
    if (!error)
      error = count_finding(E, rule, c, rv, mi, reported, &l, &apps[a],
                            rc_buf_cstr(&roles));
    rc_buf_dispose(&roles);
  }
  if (!error && !nmapped) {
    error = count_role(E, c, rv, &l);
    if (!error)
      error = count_finding(E, rule, c, rv, mi, reported, &l, NULL, NULL);
  }
  rc_free(apps);
  rc_free(l.items);
  return error;
}

/* App access, the one thing the platform enforces for Team Members: a role
 * mapped only to apps that are not designated Team Members apps, or shipped
 * in a solution whose only apps are canvas apps, cannot serve a Team
 * Members user (licensing-rules 3.2). A designated app of rolecheck.xml
 * that maps the role gives access. */
int rc_tmapps__block(rc_engine *E, const rc_model *m, const rc_role *role,
                     const char **out)
{
  const rc_set *set = rc_pack__set(E->pack, "TM_APPS");
  rc_buf b;
  size_t a, start, mapped = 0, designated = 0;
  *out = NULL;
  if (!set || rc_assignments__app_maps(E->assign, NULL, role))
    return RC_OK;
  rc_buf_init(&b, RC_TEXT_MAX);
  rc_buf_puts(&b, "mapped only to apps that are not designated Team "
                  "Members apps (");
  start = b.len;
  for (a = 0; a < rc_model_app_count(m); a++) {
    const rc_app *app = rc_model_app(m, a);
    if (!app_maps_role(app, role))
      continue;
    if (rc_set__has_app(set, app->unique_name)) {
      designated++;
      continue;
    }
    mapped++;
    rc_buf_puts(&b, b.len > start ? ", " : "");
    rc_buf_puts(&b, app->unique_name);
  }
  rc_buf_puts(&b, "), which Team Members licences bought since October "
                  "2018 cannot open");
  if (mapped && !designated) {
    *out = rc_buf_copy(&b, &E->an->arena);
    rc_buf_dispose(&b);
    return *out ? RC_OK : rc_fail_nomem(E->ctx);
  }
  rc_buf_dispose(&b);
  if (!rc_model_app_count(m) && rc_model_solution(m)->canvas_app_count)
    *out = "its solution's only apps are canvas apps, which Team Members "
           "licences bought since October 2018 cannot open";
  return RC_OK;
}

/* TM009: apps of the same input whose role map names the role. */
int rc_tmapps__appmap(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                      const rc_role_view *rv, size_t mi, int reported)
{
  size_t a;
  for (a = 0; a < rc_model_app_count(rv->m); a++) {
    const rc_app *app = rc_model_app(rv->m, a);
    if (app_maps_role(app, rv->role) &&
        !rc_set__has_app(c->set_ptr, app->unique_name)) {
      rc_finding f;
      rc_var vars[] = {
          {"app", app->display_name ? app->display_name : app->unique_name}};
      int error;
      memset(&f, 0, sizeof(f));
      f.app = app->unique_name;
      f.file = app->file;
      f.line = app->line;
      error = rc_emit__finding(E, rule, c, mi, rv->ri, &f, vars, 1, reported);
      if (error < 0)
        return error;
    }
  }
  return RC_OK;
}
