/* The built-in checks: SOL001 (privilege names that fit no rule) and
 * SOL002 (depths the table's ownership forbids) on each role; SOL003 (one
 * role id, different privileges in different inputs) and SOL004 (Microsoft
 * tables the catalogue lacks, once per table and input) over all inputs. */
#include "rules/builtin.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/fit.h"
#include "util/alloc.h"
#include "util/error.h"

static const char *ownership_text(rc_ownership o)
{
  return o == RC_OWNERSHIP_ORG ? "organization" : "business";
}

int rc_builtin__role(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     const rc_role_view *rv, size_t mi, int reported)
{
  size_t g;
  if (c->builtin != RC_BUILTIN_UNRESOLVED && c->builtin != RC_BUILTIN_OWNERSHIP)
    return RC_OK;
  for (g = 0; g < rv->role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(rv->m, rv->ri, g);
    const rc_privilege *p = rc_model_privilege(rv->m, gr->privilege);
    rc_finding f;
    int error;
    memset(&f, 0, sizeof(f));
    f.privilege = p->name;
    f.depth = gr->depth;
    f.line = gr->line;
    if (c->builtin == RC_BUILTIN_UNRESOLVED) {
      rc_var vars[] = {{"privilege", p->name},
                       {"level", rc_depth_name(gr->depth)}};
      if (p->kind != RC_PRIV_UNRESOLVED)
        continue;
      error = rc_emit__finding(E, rule, c, mi, rv->ri, &f, vars, 2, reported);
    } else {
      const rc_table *t;
      int bad;
      if (p->kind != RC_PRIV_TABLE)
        continue;
      t = rc_model_table(rv->m, (size_t)p->table);
      bad = (t->ownership == RC_OWNERSHIP_ORG &&
             (gr->depth != RC_DEPTH_GLOBAL || p->right == RC_RIGHT_ASSIGN ||
              p->right == RC_RIGHT_SHARE)) ||
            (t->ownership == RC_OWNERSHIP_BUSINESS &&
             gr->depth == RC_DEPTH_BASIC);
      if (!bad)
        continue;
      f.table = t->logical_name;
      {
        rc_var vars[] = {{"privilege", p->name},
                         {"level", rc_depth_name(gr->depth)},
                         {"table", t->logical_name},
                         {"ownership", ownership_text(t->ownership)}};
        error = rc_emit__finding(E, rule, c, mi, rv->ri, &f, vars, 4, reported);
      }
    }
    if (error < 0)
      return error;
  }
  return RC_OK;
}

/* SOL003: the same role id in several inputs with different privileges. */
static int copies_differ(rc_engine *E, const rc_rule *rule)
{
  size_t a, b, ra, rb;
  for (b = 1; b < E->nmodels; b++) {
    for (rb = 0; rb < rc_model_role_count(E->models[b]); rb++) {
      const rc_role *later = rc_model_role(E->models[b], rb);
      int done = 0;
      for (a = 0; a < b && !done; a++) {
        for (ra = 0; ra < rc_model_role_count(E->models[a]) && !done; ra++) {
          const rc_role *first = rc_model_role(E->models[a], ra);
          rc_copy_delta d;
          if (strcmp(first->guid, later->guid))
            continue;
          done = 1;
          if (rc_fit__role_delta(E->models[a], ra, E->models[b], rb, &d) < 0)
            return rc_fail_nomem(E->ctx);
          if (d.added || d.removed || d.changed) {
            char added[24], removed[24], changed[24];
            rc_finding f;
            const rc_solution *s1 = rc_model_solution(E->models[a]);
            const rc_solution *s2 = rc_model_solution(E->models[b]);
            snprintf(added, sizeof(added), "%lu", (unsigned long)d.added);
            snprintf(removed, sizeof(removed), "%lu", (unsigned long)d.removed);
            snprintf(changed, sizeof(changed), "%lu", (unsigned long)d.changed);
            {
              rc_var vars[] = {
                  {"solution", rc_emit__solution_name(E->models[a])},
                  {"version", s1->version},
                  {"solution2", rc_emit__solution_name(E->models[b])},
                  {"version2", s2->version},
                  {"added", added},
                  {"removed", removed},
                  {"changed", changed}};
              int error;
              memset(&f, 0, sizeof(f));
              f.file = later->file;
              f.line = later->line;
              error = rc_emit__finding(E, rule, NULL, b, rb, &f, vars, 7, 1);
              if (error < 0)
                return error;
            }
          }
        }
      }
    }
  }
  return RC_OK;
}

/* One privilege of a table SOL004 reports, for sorting by table. */
typedef struct {
  long table;
  const char *name;
} named_by;

static int cmp_named_by(const void *a, const void *b)
{
  const named_by *x = a, *y = b;
  if (x->table != y->table)
    return x->table < y->table ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* A Microsoft table (platform or app, never custom) that only a privilege
 * names, that the catalogue does not list and that no set of the rule pack
 * names either (the restricted-tables page prints a few names that are in
 * no table reference, such as "journey"). */
static int unknown_microsoft_table(const rc_rulepack *pack, const rc_table *t)
{
  size_t s;
  if (t->defined_in != RC_DEFINED_NOWHERE || rc_table_counts_as_custom(t))
    return 0;
  for (s = 0; s < pack->nsets; s++) {
    if (pack->sets[s].kind == RC_SET_TABLES &&
        rc_set__entry(&pack->sets[s], t->logical_name))
      return 0;
  }
  return 1;
}

/* Which roles grant each table: the first (document order), the line of
 * its first grant, and how many. */
typedef struct {
  long first; /* role index, -1 for none */
  unsigned long line;
  size_t roles;
  size_t last; /* last role counted, + 1 */
} granted_by;

/* SOL004 for one table: by[0..n) are its privileges. The finding sits on
 * the first role granting one of them; the message names every privilege
 * and counts the roles. */
static int unknown_table_finding(rc_engine *E, const rc_rule *rule,
                                 const rc_clause *c, size_t mi,
                                 const named_by *by, size_t n,
                                 const granted_by *gb)
{
  const rc_model *m = E->models[mi];
  const rc_table *t = rc_model_table(m, (size_t)by[0].table);
  rc_buf privs, roles;
  char more[64];
  rc_finding f;
  size_t k;
  int error;
  if (gb->first < 0)
    return RC_OK;
  /* no cap that real names reach: only running out of memory fails */
  rc_buf_init(&privs, SIZE_MAX);
  rc_buf_init(&roles, SIZE_MAX);
  for (k = 0; k < n; k++) {
    rc_buf_puts(&privs, k ? ", " : "");
    rc_buf_puts(&privs, by[k].name);
  }
  rc_buf_puts(&roles, "'");
  rc_buf_puts(&roles, rc_model_role(m, (size_t)gb->first)->name);
  rc_buf_puts(&roles, "'");
  if (gb->roles > 1) {
    snprintf(more, sizeof(more), " and %lu other role%s",
             (unsigned long)(gb->roles - 1), gb->roles > 2 ? "s" : "");
    rc_buf_puts(&roles, more);
  }
  if (rc_buf_error(&privs) < 0 || rc_buf_error(&roles) < 0) {
    rc_buf_dispose(&privs);
    rc_buf_dispose(&roles);
    return rc_fail_nomem(E->ctx);
  }
  memset(&f, 0, sizeof(f));
  f.table = t->logical_name;
  f.line = gb->line;
  {
    rc_var vars[] = {{"table", t->name},
                     {"privilege", rc_buf_cstr(&privs)},
                     {"roles", rc_buf_cstr(&roles)},
                     {"origin", rc_table_origin_name(t->origin)}};
    error = rc_emit__finding(E, rule, c, mi, (size_t)gb->first, &f, vars, 4, 1);
  }
  rc_buf_dispose(&privs);
  rc_buf_dispose(&roles);
  return error;
}

/* Fill gb (one per table of m) from every grant, in one pass. */
static void tables_granted_by(const rc_model *m, granted_by *gb)
{
  size_t t, r, g;
  for (t = 0; t < rc_model_table_count(m); t++) {
    gb[t].first = -1;
    gb[t].roles = gb[t].last = 0;
  }
  for (r = 0; r < rc_model_role_count(m); r++) {
    const rc_role *role = rc_model_role(m, r);
    for (g = 0; g < role->grant_count; g++) {
      const rc_grant *gr = rc_model_grant(m, r, g);
      const rc_privilege *p = rc_model_privilege(m, gr->privilege);
      granted_by *x;
      if (p->kind != RC_PRIV_TABLE || p->table < 0)
        continue;
      x = &gb[p->table];
      if (x->last == r + 1)
        continue;
      if (x->first < 0) {
        x->first = (long)r;
        x->line = gr->line;
      }
      x->last = r + 1;
      x->roles++;
    }
  }
}

/* SOL004: each input's Microsoft tables that the catalogue lacks, once per
 * table per input rather than once per role (issue 18). */
static int unknown_tables(rc_engine *E, const rc_rule *rule, const rc_clause *c)
{
  size_t mi, p, n, i, j;
  int error = RC_OK;
  for (mi = 0; mi < E->nmodels && !error; mi++) {
    const rc_model *m = E->models[mi];
    size_t nprivs = rc_model_privilege_count(m);
    named_by *by = rc_malloc((nprivs + 1) * sizeof(*by));
    granted_by *gb = rc_malloc((rc_model_table_count(m) + 1) * sizeof(*gb));
    if (!by || !gb) {
      rc_free(by);
      rc_free(gb);
      return rc_fail_nomem(E->ctx);
    }
    for (p = n = 0; p < nprivs; p++) {
      const rc_privilege *pr = rc_model_privilege(m, p);
      if (pr->kind != RC_PRIV_TABLE || pr->table < 0 ||
          !unknown_microsoft_table(E->pack,
                                   rc_model_table(m, (size_t)pr->table)))
        continue;
      by[n].table = pr->table;
      by[n++].name = pr->name;
    }
    if (n) {
      tables_granted_by(m, gb);
      qsort(by, n, sizeof(*by), cmp_named_by);
    }
    /* one finding per table: by is sorted by table */
    for (i = 0; i < n && !error; i = j) {
      j = i + 1;
      while (j < n && by[j].table == by[i].table)
        j++;
      error = unknown_table_finding(E, rule, c, mi, by + i, j - i,
                                    &gb[by[i].table]);
    }
    rc_free(by);
    rc_free(gb);
  }
  return error;
}

int rc_builtin__pack(rc_engine *E, const rc_rule *rule)
{
  const rc_clause *c = rule->nclauses ? &rule->clauses[0] : NULL;
  if (!c || c->kind != RC_CLAUSE_BUILTIN)
    return RC_OK;
  if (c->builtin == RC_BUILTIN_COPIES)
    return copies_differ(E, rule);
  if (c->builtin == RC_BUILTIN_UNKNOWN_TABLE)
    return unknown_tables(E, rule, c);
  return RC_OK;
}
