/* The engine's bottom layer: message templates, turning what a clause found
 * into a finding (of a role or a web role), the texts several rules print,
 * and a role's grants flattened for the clauses. */
#include "rules/emit.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

/* ---- texts ---- */

/* tmpl with each {name} of vars replaced by its value (the first of that
 * name wins); other braces stay as written. NULL on ENOMEM. */
static const char *expand(rc_engine *E, const char *tmpl, const rc_var *vars,
                          size_t nvars)
{
  rc_buf b;
  const char *p = tmpl, *out;
  rc_buf_init(&b, RC_TEXT_MAX);
  while (*p) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    size_t i = nvars;
    if (close) {
      for (i = 0; i < nvars; i++) {
        size_t n = strlen(vars[i].name);
        if ((size_t)(close - p - 1) == n && !strncmp(p + 1, vars[i].name, n))
          break;
      }
    }
    if (i < nvars) {
      rc_buf_puts(&b, vars[i].value ? vars[i].value : "");
      p = close + 1;
    } else {
      rc_buf_putc(&b, *p++);
    }
  }
  out = rc_buf_copy(&b, &E->an->arena);
  rc_buf_dispose(&b);
  return out;
}

const char *rc_emit__solution_name(const rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  return s->unique_name[0] ? s->unique_name : rc_model_path(m);
}

const char *rc_emit__key_tables(rc_engine *E, const char *list)
{
  char *tables = rc_finding_key__tables(list);
  const char *out = tables ? rc_arena_strdup(&E->an->arena, tables) : NULL;
  rc_free(tables);
  return out;
}

/* "Dynamics 365 Customer Service Enterprise, Field Service or Project
 * Operations": the licences the licence-fit table counts as sufficient for
 * the table (those the set names and those that probably also qualify), in
 * the rule pack's order, as fit.c lists them. */
const char *rc_emit__licences(rc_engine *E, const char *table)
{
  const rc_set_entry *e =
      rc_set__entry(rc_pack__set(E->pack, "RESTRICTED"), table);
  rc_buf b;
  size_t i, n = 0, k = 0;
  uint32_t ok;
  const char *out;
  if (!e || !e->licences)
    return "a Dynamics 365 app licence";
  ok = e->licences | e->uncertain;
  for (i = 0; i < E->pack->nlicences; i++)
    n += (ok >> i) & 1u;
  rc_buf_init(&b, RC_TEXT_MAX);
  rc_buf_puts(&b, "Dynamics 365 ");
  for (i = 0; i < E->pack->nlicences; i++) {
    if (!(ok & (1u << i)))
      continue;
    if (k)
      rc_buf_puts(&b, k + 1 == n ? " or " : ", ");
    rc_buf_puts(&b, E->pack->licences[i].info.name);
    k++;
  }
  out = rc_buf_copy(&b, &E->an->arena);
  rc_buf_dispose(&b);
  return out;
}

/* ---- findings ---- */

static int push_finding(rc_engine *E, const rc_finding *f, int reported)
{
  void *items = E->all, *flags = E->reported;
  size_t cap = E->reported_cap;
  if (rc_array_reserve(&items, &E->all_cap, E->nall + 1, sizeof(*E->all)) < 0)
    return rc_fail_nomem(E->ctx);
  E->all = items;
  if (rc_array_reserve(&flags, &cap, E->nall + 1, sizeof(int)) < 0)
    return rc_fail_nomem(E->ctx);
  E->reported = flags;
  E->reported_cap = cap;
  E->all[E->nall] = *f;
  E->reported[E->nall] = reported;
  E->nall++;
  return RC_OK;
}

int rc_emit__flag(rc_engine *E, const rc_clause *c, size_t g, size_t p,
                  unsigned perm_rights)
{
  const rc_finding *f = &E->all[E->nall - 1];
  rc_analysis *an = E->an;
  void *items = an->flags;
  rc_flag *x;
  if (!E->reported[E->nall - 1])
    return RC_OK;
  if (rc_array_reserve(&items, &an->flags_cap, an->nflags + 1,
                       sizeof(*an->flags)) < 0)
    return rc_fail_nomem(E->ctx);
  an->flags = items;
  x = &an->flags[an->nflags++];
  x->clause = c;
  x->model = f->model;
  x->role = f->role;
  x->webrole = f->webrole;
  rc_finding_key__of(&x->key, f);
  x->grant = g;
  x->permission = p;
  x->perm_rights = perm_rights;
  return RC_OK;
}

/* What both kinds of finding share: the rule, the empty fields, the
 * expanded message and fix; then record it. */
static int finish(rc_engine *E, const rc_rule *rule, const rc_clause *clause,
                  rc_finding *f, const rc_var *all, size_t n, int reported)
{
  f->rule = &rule->info;
  f->severity = rule->info.severity;
  if (!f->table)
    f->table = "";
  if (!f->privilege)
    f->privilege = "";
  if (!f->app)
    f->app = "";
  if (!f->scope)
    f->scope = "";
  if (!f->tables)
    f->tables = "";
  f->message = expand(
      E, clause && clause->message ? clause->message : rule->info.message, all,
      n);
  f->fix = expand(E, rule->info.fix, all, n);
  f->state = RC_STATE_NEW;
  if (!f->message || !f->fix)
    return rc_fail_nomem(E->ctx);
  return push_finding(E, f, reported);
}

int rc_emit__finding(rc_engine *E, const rc_rule *rule, const rc_clause *clause,
                     size_t mi, size_t ri, rc_finding *f, const rc_var *vars,
                     size_t nvars, int reported)
{
  const rc_model *m = E->models[mi];
  const rc_role *role = rc_model_role(m, ri);
  const rc_solution *s = rc_model_solution(m);
  rc_var base[] = {{"role", role->name},
                   {"solution", rc_emit__solution_name(m)},
                   {"version", s->version},
                   {"id", role->id}};
  rc_var all[24];
  size_t n = 0, i;
  /* the caller's values first: expand() takes the first match, so SOL003's
   * {solution} and {version} (the first copy) win over the base ones */
  for (i = 0; i < nvars && n < 20; i++)
    all[n++] = vars[i];
  for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
    all[n++] = base[i];
  f->model = mi;
  f->role = ri;
  f->role_id = role->guid;
  f->role_name = role->name;
  if (!f->file)
    f->file = role->file;
  return finish(E, rule, clause, f, all, n, reported);
}

int rc_emit__webrole(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     size_t mi, size_t wi, rc_finding *f, const rc_var *vars,
                     size_t nvars)
{
  const rc_model *m = E->models[mi];
  const rc_webrole *w = rc_model_webrole(m, wi);
  const rc_solution *s = rc_model_solution(m);
  rc_var all[16];
  size_t n = 0, i;
  /* the web role's values first: a clause cannot change {role} */
  all[n++] = (rc_var){"webrole", w->name};
  all[n++] = (rc_var){"role", w->name};
  all[n++] = (rc_var){"solution", rc_emit__solution_name(m)};
  all[n++] = (rc_var){"version", s->version};
  all[n++] = (rc_var){"id", w->id};
  for (i = 0; i < nvars && n < sizeof(all) / sizeof(all[0]); i++)
    all[n++] = vars[i];
  f->model = mi;
  f->role = wi;
  f->webrole = 1;
  f->role_id = w->id;
  f->role_name = w->name;
  f->privilege = "";
  f->app = "";
  if (!f->file) {
    f->file = w->file;
    f->line = w->line;
  }
  return finish(E, rule, c, f, all, n, 1);
}

/* ---- clauses and role views ---- */

int rc_emit__in_list(const char *const *list, const char *name)
{
  for (; list && *list; list++) {
    if ((*list)[0] == name[0] && !strcmp(*list, name))
      return 1;
  }
  return 0;
}

uint32_t rc_emit__set_bit(const rc_rulepack *pack, const rc_set *set)
{
  size_t i = (size_t)(set - pack->sets);
  return pack->nsets <= 32 && i < 32 ? 1u << i : 0;
}

/* Which sets name each table of model mi, once per model. */
static int table_sets(rc_engine *E, size_t mi)
{
  const rc_model *m = E->models[mi];
  size_t t, s, n = rc_model_table_count(m);
  if (E->table_sets && E->table_sets_model == mi)
    return RC_OK;
  rc_free(E->table_sets);
  E->table_sets = rc_calloc(n + 1, sizeof(uint32_t));
  if (!E->table_sets)
    return rc_fail_nomem(E->ctx);
  E->table_sets_model = mi;
  for (t = 0; t < n; t++) {
    const char *name = rc_model_table(m, t)->logical_name;
    size_t at;
    int added;
    if (rc_intern_add(&E->set_names, &E->set_names_arena, name, strlen(name),
                      &at, &added) ||
        rc_array_reserve((void **)&E->name_sets, &E->name_sets_cap, at + 1,
                         sizeof(*E->name_sets)))
      return rc_fail_nomem(E->ctx);
    if (added) {
      E->name_sets[at] = 0;
      for (s = 0; s < E->pack->nsets && s < 32; s++) {
        if (E->pack->sets[s].kind == RC_SET_TABLES &&
            rc_set__names_table(&E->pack->sets[s], name))
          E->name_sets[at] |= 1u << s;
      }
    }
    E->table_sets[t] = E->name_sets[at];
  }
  return RC_OK;
}

int rc_emit__role_view(rc_engine *E, rc_role_view *rv, size_t mi)
{
  size_t g;
  if (table_sets(E, mi) < 0)
    return RC_ENOMEM;
  rv->grants = rc_calloc(rv->role->grant_count + 1, sizeof(*rv->grants));
  if (!rv->grants)
    return rc_fail_nomem(E->ctx);
  rv->ngrants = 0;
  for (g = 0; g < rv->role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(rv->m, rv->ri, g);
    const rc_privilege *p = rc_model_privilege(rv->m, gr->privilege);
    rc_tgrant *t;
    if (p->kind != RC_PRIV_TABLE && p->kind != RC_PRIV_METADATA)
      continue;
    if (gr->depth == RC_DEPTH_NONE)
      continue;
    t = &rv->grants[rv->ngrants++];
    t->tb = p->kind == RC_PRIV_TABLE ? rc_model_table(rv->m, (size_t)p->table)
                                     : NULL;
    t->table = t->tb ? t->tb->logical_name : p->target;
    t->right = p->right;
    t->depth = gr->depth;
    t->privilege = p->name;
    t->file = rv->role->file;
    t->line = gr->line;
    t->grant = g;
    t->metadata = p->kind == RC_PRIV_METADATA;
    /* pseudo-entities are rare: no shortcut for them */
    t->sets = p->kind == RC_PRIV_TABLE ? E->table_sets[p->table] : ~0u;
  }
  return RC_OK;
}
