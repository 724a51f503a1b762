/* The rules on Power Pages web roles: each <permissions> clause matched
 * against the table permissions linked to a web role (rights, scope, the
 * default anonymous or authenticated role, a name pattern, tables), one
 * finding per permission or one per web role listing its tables. */
#include "rules/webrole.h"

#include <string.h>

#include "rules/fit.h"
#include "util/error.h"

/* Is w the site's anonymous (kind 1) or authenticated (kind 2) role? The
 * flags decide; names only when no role in the input carries the flag. */
static int webrole_is(const rc_model *m, const rc_webrole *w, int kind)
{
  size_t i;
  int flagged = 0;
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *x = rc_model_webrole(m, i);
    flagged |= kind == 1 ? x->anonymous : x->authenticated;
  }
  if (flagged)
    return kind == 1 ? w->anonymous : w->authenticated;
  return !strcmp(w->name,
                 kind == 1 ? "Anonymous Users" : "Authenticated Users");
}

static int perm_hits(const rc_clause *c, const rc_model *m, const rc_webrole *w,
                     const rc_table_permission *p)
{
  if (!rc_permission_has_webrole(p, w->id) || !(p->rights & c->perm_rights))
    return 0;
  if (c->scope && p->scope != c->scope)
    return 0;
  if (c->webrole_kind && !webrole_is(m, w, c->webrole_kind))
    return 0;
  if (c->webrole_name && !rc_pattern_match(c->webrole_name, w->name))
    return 0;
  if (c->set && !rc_set__names_table(c->set_ptr, p->table))
    return 0;
  if (c->tables && !rc_emit__in_list(c->tables, p->table))
    return 0;
  return !rc_emit__in_list(c->except, p->table);
}
/* A table the clause reports: one finding per permission. */
static int permission_finding(rc_engine *E, const rc_rule *rule,
                              const rc_clause *c, size_t mi, size_t wi,
                              size_t pi)
{
  const rc_table_permission *p = rc_model_permission(E->models[mi], pi);
  const char *licences = rc_emit__licences(E, p->table);
  char ops[128];
  rc_finding f;
  if (!licences)
    return rc_fail_nomem(E->ctx);
  rc_perm_rights_text(ops, sizeof(ops), p->rights & c->perm_rights);
  memset(&f, 0, sizeof(f));
  f.table = p->table;
  f.scope = rc_scope_name(p->scope);
  f.file = p->file;
  f.line = p->line;
  {
    rc_var vars[] = {{"table", p->table},
                     {"ops", ops},
                     {"scope", f.scope},
                     {"licences", licences},
                     {"privilege", p->name}};
    if (rc_emit__webrole(E, rule, c, mi, wi, &f, vars, 5) < 0)
      return RC_ENOMEM;
    return rc_emit__flag(E, c, 0, pi, p->rights & c->perm_rights);
  }
}

/* One clause on one web role. */
static int eval_clause(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                       size_t mi, size_t wi)
{
  const rc_model *m = E->models[mi];
  const rc_webrole *w = rc_model_webrole(m, wi);
  rc_buf tables;
  int listed = 0, error = RC_OK;
  size_t j;
  rc_buf_init(&tables, RC_TEXT_MAX);
  for (j = 0; j < rc_model_permission_count(m) && !error; j++) {
    const rc_table_permission *p = rc_model_permission(m, j);
    if (!perm_hits(c, m, w, p))
      continue;
    if (!c->per_webrole) {
      error = permission_finding(E, rule, c, mi, wi, j);
      continue;
    }
    /* one finding listing the tables (permissions are sorted) */
    if (listed && !strcmp(rc_model_permission(m, j - 1)->table, p->table))
      continue;
    listed = 1;
    if (tables.len)
      rc_buf_puts(&tables, ", ");
    rc_buf_puts(&tables, p->table);
  }
  if (!error && listed) {
    rc_finding f;
    rc_var vars[] = {{"tables", rc_buf_cstr(&tables)}};
    memset(&f, 0, sizeof(f));
    f.tables = rc_buf_error(&tables) < 0
                   ? NULL
                   : rc_emit__key_tables(E, rc_buf_cstr(&tables));
    error = f.tables ? rc_emit__webrole(E, rule, c, mi, wi, &f, vars, 1)
                     : rc_fail_nomem(E->ctx);
    /* every permission the finding lists */
    for (j = 0; j < rc_model_permission_count(m) && !error; j++) {
      const rc_table_permission *p = rc_model_permission(m, j);
      if (perm_hits(c, m, w, p))
        error = rc_emit__flag(E, c, 0, j, p->rights & c->perm_rights);
    }
  }
  rc_buf_dispose(&tables);
  return error;
}

int rc_webrole__eval(rc_engine *E, const rc_rule *rule, size_t mi, size_t wi)
{
  size_t c;
  int error = RC_OK;
  for (c = 0; c < rule->nclauses && !error; c++) {
    if (rule->clauses[c].kind == RC_CLAUSE_PERMISSIONS)
      error = eval_clause(E, rule, &rule->clauses[c], mi, wi);
  }
  return error;
}
