/* The rule engine: rc_analyze, one pass per role over its grants evaluating
 * each rule's clauses (grants on a set of tables at a depth, misc
 * privileges; the Team Members app clauses in tmapps.c, the built-in checks
 * in builtin.c), then the web roles (webrole.c) and the licence fit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/emit.h"
#include "rules/fit.h"
#include "rules/tmapps.h"
#include "rules/webrole.h"
#include "util/alloc.h"
#include "util/error.h"

/* A clause hit before it becomes a finding. */
typedef struct {
  const char *table; /* "" for misc privileges */
  size_t index;      /* the grant's index in rc_model_grant() */
  const rc_tgrant *grant;
  const char *privilege;
  rc_depth depth;
  unsigned long line;
  const rc_clause *clause;
} hit;

typedef struct {
  hit *items;
  size_t n, cap;
} hit_list;

static int push_hit(rc_engine *E, hit_list *l, hit h)
{
  void *items = l->items;
  if (rc_array_reserve(&items, &l->cap, l->n + 1, sizeof(*l->items)) < 0)
    return rc_fail_nomem(E->ctx);
  l->items = items;
  l->items[l->n++] = h;
  return RC_OK;
}

/* ---- clause evaluation ---- */

static int grant_hits(const rc_rulepack *pack, const rc_clause *c,
                      const rc_tgrant *g)
{
  uint32_t bit;
  if (!(c->rights & (1u << g->right)) || g->depth < c->min_depth)
    return 0;
  if (rc_emit__in_list(c->except, g->table))
    return 0;
  if (c->tables)
    return rc_emit__in_list(c->tables, g->table);
  bit = rc_emit__set_bit(pack, c->set_ptr);
  if (bit && !(g->sets & bit))
    return 0;
  return rc_set__has_table(c->set_ptr, g->table, g->right, g->depth);
}

/* A <grants> clause: the role's table grants it matches. */
static int table_hits(rc_engine *E, const rc_clause *c, const rc_role_view *rv,
                      hit_list *l)
{
  size_t g;
  int error = RC_OK;
  for (g = 0; g < rv->ngrants && !error; g++) {
    const rc_tgrant *t = &rv->grants[g];
    if (grant_hits(E->pack, c, t))
      error = push_hit(
          E, l,
          (hit){t->table, t->grant, t, t->privilege, t->depth, t->line, c});
  }
  return error;
}

/* A <privileges> clause: the role's misc privileges it names. */
static int misc_hits(rc_engine *E, const rc_clause *c, const rc_role_view *rv,
                     hit_list *l)
{
  size_t g;
  int error = RC_OK;
  for (g = 0; g < rv->role->grant_count && !error; g++) {
    const rc_grant *gr = rc_model_grant(rv->m, rv->ri, g);
    const rc_privilege *p = rc_model_privilege(rv->m, gr->privilege);
    /* table privileges are not misc privileges */
    if (p->kind == RC_PRIV_TABLE)
      continue;
    if (c->names
            ? rc_emit__in_list(c->names, p->name)
            : rc_set__has_privilege(c->set_ptr, p->name, (rc_depth)gr->depth))
      error =
          push_hit(E, l, (hit){"", g, NULL, p->name, gr->depth, gr->line, c});
  }
  return error;
}

/* ---- hits to findings ---- */

static const char *const right_labels[] = {"Create", "Read",   "Write",
                                           "Delete", "Append", "AppendTo",
                                           "Assign", "Share"};

static int cmp_hits(const void *a, const void *b)
{
  const hit *ha = a, *hb = b;
  int c = strcmp(ha->table, hb->table);
  if (c)
    return c;
  c = strcmp(ha->privilege, hb->privilege);
  if (c)
    return c;
  if (ha->grant && hb->grant && ha->grant->right != hb->grant->right)
    return ha->grant->right < hb->grant->right ? -1 : 1;
  /* a total order: qsort is not stable everywhere (Windows' is not) */
  if (ha->depth != hb->depth)
    return ha->depth < hb->depth ? -1 : 1;
  return (ha->line > hb->line) - (ha->line < hb->line);
}

/* End of the group of sorted hits that starts at i: the hits of one table,
 * or of one misc privilege. */
static size_t group_end(const hit *h, size_t n, size_t i)
{
  size_t j = i + 1;
  if (h[i].table[0]) {
    while (j < n && !strcmp(h[j].table, h[i].table))
      j++;
  } else {
    while (j < n && !h[j].table[0] && !strcmp(h[j].privilege, h[i].privilege))
      j++;
  }
  return j;
}

/* Order of rights in {ops}: the CUD ones first, as people read them. */
static int op_rank(rc_right r)
{
  static const int rank[] = {0, 5, 1, 2, 6, 7, 3, 4};
  return rank[r];
}

/* Append "Create(Basic), Write(Local)" for the hits of one table to b;
 * *primary: the hit of the first right listed. */
static void put_ops(rc_buf *b, const hit *h, size_t n, const hit **primary)
{
  size_t i, k, start = b->len;
  int used[RC_RIGHT_COUNT] = {0};
  *primary = NULL;
  for (k = 0; k < RC_RIGHT_COUNT; k++) {
    for (i = 0; i < n; i++) {
      const hit *x = &h[i];
      char item[64];
      if (!x->grant || op_rank(x->grant->right) != (int)k ||
          used[x->grant->right])
        continue;
      used[x->grant->right] = 1;
      if (!*primary)
        *primary = x;
      snprintf(item, sizeof(item), "%s%s(%s)", b->len > start ? ", " : "",
               right_labels[x->grant->right], rc_depth_name(x->depth));
      rc_buf_puts(b, item);
    }
  }
}

/* "prvPublishArticle(Global)" for a misc privilege's hit. */
static void misc_ops(char *buf, size_t cap, const hit *h)
{
  snprintf(buf, cap, "%s(%s)", h->privilege, rc_depth_name(h->depth));
}

/* The privileges of sorted hits, each once: "prvCreateA, prvWriteA". */
static const char *privileges_text(rc_engine *E, const hit *h, size_t n)
{
  rc_buf b;
  size_t i;
  const char *out;
  rc_buf_init(&b, RC_TEXT_MAX);
  for (i = 0; i < n; i++) {
    if (i && !strcmp(h[i].privilege, h[i - 1].privilege))
      continue;
    if (b.len)
      rc_buf_puts(&b, ", ");
    rc_buf_puts(&b, h[i].privilege);
  }
  out = rc_buf_copy(&b, &E->an->arena);
  rc_buf_dispose(&b);
  return out;
}

/* Record what the finding just emitted flags: the grants of its hits. */
static int flag_hits(rc_engine *E, const hit *h, size_t n)
{
  size_t i;
  int error = RC_OK;
  for (i = 0; i < n && !error; i++)
    error = rc_emit__flag(E, h[i].clause, h[i].index, 0, 0);
  return error;
}

/* One finding for the hits of one table. */
static int table_finding(rc_engine *E, const rc_rule *rule, size_t mi,
                         size_t ri, const hit *h, size_t n, rc_buf *ops,
                         int reported)
{
  const hit *primary;
  const char *licences = rc_emit__licences(E, h->table);
  const char *privs = privileges_text(E, h, n);
  rc_finding f;
  put_ops(ops, h, n, &primary);
  if (rc_buf_error(ops) < 0 || !licences || !privs)
    return rc_fail_nomem(E->ctx);
  {
    rc_var vars[] = {{"table", h->table},
                     {"ops", rc_buf_cstr(ops)},
                     {"licences", licences},
                     {"privilege", privs},
                     {"level", rc_depth_name(primary->depth)}};
    memset(&f, 0, sizeof(f));
    f.table = h->table;
    f.privilege = primary->privilege;
    f.depth = primary->depth;
    f.file = primary->grant->file;
    f.line = primary->line;
    if (rc_emit__finding(E, rule, primary->clause, mi, ri, &f, vars, 5,
                         reported) < 0)
      return RC_ENOMEM;
    return flag_hits(E, h, n);
  }
}

/* One finding for a misc privilege's hits (the first, the lowest depth). */
static int misc_finding(rc_engine *E, const rc_rule *rule, size_t mi, size_t ri,
                        const hit *h, size_t n, int reported)
{
  char ops[128];
  rc_finding f;
  misc_ops(ops, sizeof(ops), h);
  {
    rc_var vars[] = {{"table", ""},
                     {"ops", ops},
                     {"privilege", h->privilege},
                     {"level", rc_depth_name(h->depth)}};
    memset(&f, 0, sizeof(f));
    f.privilege = h->privilege;
    f.depth = h->depth;
    f.line = h->line;
    if (rc_emit__finding(E, rule, h->clause, mi, ri, &f, vars, 4, reported) < 0)
      return RC_ENOMEM;
    return flag_hits(E, h, n);
  }
}

/* Turn hits into findings: one per table (table clauses) or per privilege
 * (misc clauses). */
static int hits_to_findings(rc_engine *E, const rc_rule *rule, size_t mi,
                            size_t ri, hit *h, size_t n, int reported)
{
  size_t i, j;
  rc_buf ops;
  int error = RC_OK;
  qsort(h, n, sizeof(*h), cmp_hits);
  rc_buf_init(&ops, RC_TEXT_MAX);
  for (i = 0; i < n && !error; i = j) {
    j = group_end(h, n, i);
    rc_buf_clear(&ops);
    error = h[i].table[0]
                ? table_finding(E, rule, mi, ri, h + i, j - i, &ops, reported)
                : misc_finding(E, rule, mi, ri, h + i, j - i, reported);
  }
  rc_buf_dispose(&ops);
  return error;
}

/* A rule with per="role" (TM006): every hit of the role makes one finding.
 * {ops} lists the grants table by table ("Create(Global), Write(Global) on
 * knowledgearticle; prvPublishKnowledgeArticle(Global)"), {privilege} and
 * the finding's privilege the privileges it covers, its table list the
 * tables: one problem, one finding (issue 18). */
static int hits_to_role_finding(rc_engine *E, const rc_rule *rule, size_t mi,
                                size_t ri, hit *h, size_t n, int reported)
{
  rc_buf ops, tables;
  const char *privs;
  rc_finding f;
  size_t i, j;
  rc_depth depth = RC_DEPTH_NONE;
  int error;
  qsort(h, n, sizeof(*h), cmp_hits);
  rc_buf_init(&ops, RC_TEXT_MAX);
  rc_buf_init(&tables, RC_TEXT_MAX);
  for (i = 0; i < n; i = j) {
    j = group_end(h, n, i);
    if (ops.len)
      rc_buf_puts(&ops, "; ");
    if (h[i].table[0]) {
      const hit *primary;
      put_ops(&ops, h + i, j - i, &primary);
      rc_buf_puts(&ops, " on ");
      rc_buf_puts(&ops, h[i].table);
      if (tables.len)
        rc_buf_puts(&tables, ", ");
      rc_buf_puts(&tables, h[i].table);
    } else {
      char item[128];
      misc_ops(item, sizeof(item), &h[i]);
      rc_buf_puts(&ops, item);
    }
  }
  for (i = 0; i < n; i++) {
    if (h[i].depth > depth)
      depth = h[i].depth;
  }
  privs = privileges_text(E, h, n);
  memset(&f, 0, sizeof(f));
  f.privilege = privs;
  f.depth = depth;
  f.line = h[0].line;
  f.tables = "";
  if (tables.len && rc_buf_error(&tables) == RC_OK)
    f.tables = rc_emit__key_tables(E, rc_buf_cstr(&tables));
  if (!privs || rc_buf_error(&ops) < 0 || rc_buf_error(&tables) < 0 ||
      !f.tables) {
    error = rc_fail_nomem(E->ctx);
  } else {
    rc_var vars[] = {{"table", ""},
                     {"ops", rc_buf_cstr(&ops)},
                     {"privilege", privs},
                     {"level", rc_depth_name(depth)}};
    error = rc_emit__finding(E, rule, NULL, mi, ri, &f, vars, 4, reported);
    if (!error)
      error = flag_hits(E, h, n);
  }
  rc_buf_dispose(&ops);
  rc_buf_dispose(&tables);
  return error;
}

static int eval_rule(rc_engine *E, const rc_rule *rule, const rc_role_view *rv,
                     size_t mi, int reported)
{
  hit_list hits = {NULL, 0, 0};
  size_t c;
  int error = RC_OK;
  for (c = 0; c < rule->nclauses && !error; c++) {
    const rc_clause *cl = &rule->clauses[c];
    switch (cl->kind) {
    case RC_CLAUSE_GRANTS:
      error = table_hits(E, cl, rv, &hits);
      break;
    case RC_CLAUSE_PRIVILEGES:
      error = misc_hits(E, cl, rv, &hits);
      break;
    case RC_CLAUSE_COUNT:
      error = rc_tmapps__count(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_APPMAP:
      error = rc_tmapps__appmap(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_BUILTIN:
      error = rc_builtin__role(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_PERMISSIONS:
      break; /* web roles only */
    }
  }
  if (!error && hits.n)
    error = rule->per_role ? hits_to_role_finding(E, rule, mi, rv->ri,
                                                  hits.items, hits.n, reported)
                           : hits_to_findings(E, rule, mi, rv->ri, hits.items,
                                              hits.n, reported);
  rc_free(hits.items);
  return error;
}

/* ---- the analysis ---- */

/* Role ri of model mi: every enabled rule, then its licence fit. */
static int eval_role(rc_engine *E, size_t mi, size_t ri)
{
  const rc_rulepack *pack = E->pack;
  rc_role_view rv;
  const char *origin = NULL, *profile, *blocked = NULL;
  size_t first = E->nall, k;
  int error;
  memset(&rv, 0, sizeof(rv));
  rv.m = E->models[mi];
  rv.ri = ri;
  rv.role = rc_model_role(rv.m, ri);
  profile = rc_assignments__profile(E->assign, rv.role, &origin);
  error = rc_emit__role_view(E, &rv, mi);
  /* every rule runs for licence fit; only those of the role's profile (and
   * those always reported: the solution checks) are reported */
  for (k = 0; k < pack->nrules && !error; k++) {
    const rc_rule *rule = &pack->rules[k];
    if (rule->info.enabled)
      error = eval_rule(E, rule, &rv, mi, rc_rule__reported_for(rule, profile));
  }
  if (!error)
    error = rc_tmapps__block(E, rv.m, rv.role, &blocked);
  if (!error)
    error =
        rc_fit__role(E->an, E->ctx, pack, rv.m, mi, ri, profile, origin,
                     E->all ? E->all + first : NULL, E->nall - first, blocked);
  rc_free(rv.grants);
  return error;
}

/* rc_analyze(); every: keep every finding, reported or not. */
static int analyze(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
                   const rc_assignments *assign, rc_model *const *models,
                   size_t count, int every)
{
  rc_engine E;
  rc_analysis *an;
  size_t mi, ri, k;
  int error = RC_OK;

  RC_ASSERT_ARG(ctx, out && pack && (models || !count));
  an = rc_calloc(1, sizeof(*an));
  *out = NULL;
  if (!an)
    return rc_fail_nomem(ctx);
  rc_arena_init(&an->arena);
  an->pack = pack;
  memset(&E, 0, sizeof(E));
  E.ctx = ctx;
  E.an = an;
  E.pack = pack;
  E.assign = assign;
  E.models = models;
  E.nmodels = count;
  rc_intern_init(&E.set_names);
  rc_arena_init(&E.set_names_arena);

  for (mi = 0; mi < count && !error; mi++) {
    for (ri = 0; ri < rc_model_role_count(models[mi]) && !error; ri++)
      error = eval_role(&E, mi, ri);
  }
  /* web roles: the rules of the web roles' profile (portal), whatever
   * --assume says */
  for (mi = 0; mi < count && !error; mi++) {
    for (ri = 0; ri < rc_model_webrole_count(models[mi]) && !error; ri++) {
      for (k = 0; k < pack->nrules && !error; k++) {
        if (pack->rules[k].info.enabled && pack->rules[k].on_webroles)
          error = rc_webrole__eval(&E, &pack->rules[k], mi, ri);
      }
      if (!error)
        error = rc_fit__webrole(an, ctx, pack, models[mi], mi, ri);
    }
  }
  for (k = 0; k < pack->nrules && !error; k++) {
    if (pack->rules[k].info.enabled)
      error = rc_builtin__pack(&E, &pack->rules[k]);
  }
  if (!error)
    error =
        rc_analysis__keep(an, ctx, E.all, every ? NULL : E.reported, E.nall);
  if (!error)
    error = rc_analysis__record_inputs(an, ctx, models, count);
  rc_free(E.all);
  rc_free(E.reported);
  rc_free(E.table_sets);
  rc_free(E.name_sets);
  rc_intern_dispose(&E.set_names);
  rc_arena_dispose(&E.set_names_arena);
  if (error < 0) {
    rc_analysis_free(an);
    return error;
  }
  *out = an;
  return RC_OK;
}

int rc_analyze(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
               const rc_assignments *assign, rc_model *const *models,
               size_t count)
{
  return analyze(out, ctx, pack, assign, models, count, 0);
}

int rc_analyze__every(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
                      const rc_assignments *assign, rc_model *const *models,
                      size_t count)
{
  return analyze(out, ctx, pack, assign, models, count, 1);
}
