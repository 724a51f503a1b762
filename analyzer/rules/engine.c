/* The rule engine: one pass per role over its grants, evaluating each rule's
 * clauses (grants on a set of tables at a depth, misc privileges, a count
 * over tables, app role maps) plus the four built-in solution checks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "rules/fit.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"

/* One grant on a table or pseudo-entity, flattened for the clauses. */
typedef struct {
  const char *table;
  rc_right right;
  rc_depth depth;
  const char *privilege;
  const char *file;
  unsigned long line;
  const rc_table *tb; /* the table; NULL for a pseudo-entity */
  int metadata;  /* a pseudo-entity (Entity, Attribute, ...), not a table */
  uint32_t sets; /* sets naming the table (bit = set index), all ones when
                    not computed */
} tgrant;

/* A clause hit before it becomes a finding. */
typedef struct {
  const char *table; /* "" for misc privileges */
  const tgrant *grant;
  const char *privilege;
  rc_depth depth;
  unsigned long line;
  const rc_clause *clause;
} hit;

typedef struct {
  rc_ctx *ctx;
  rc_analysis *an;
  const rc_rulepack *pack;
  const rc_assignments *assign; /* the roles' profiles (TM008 per app) */
  rc_model *const *models;
  size_t nmodels;
  /* per model: which sets name each table (a set's qualifiers are checked
   * only when its bit is set) */
  uint32_t *table_sets;
  size_t table_sets_model;
  /* all findings, reported or not, for fit */
  rc_finding *all;
  size_t nall, all_cap;
  int *reported;
  size_t reported_cap;
} engine;

/* ---- message templates ---- */

typedef struct {
  const char *name;
  const char *value;
} var;

static const char *expand(engine *E, const char *tmpl, const var *vars,
                          size_t nvars)
{
  rc_buf b;
  const char *p = tmpl, *out;
  rc_buf_init(&b, 1u << 20);
  while (*p) {
    const char *close;
    size_t i;
    if (*p == '{' && (close = strchr(p, '}')) != NULL) {
      for (i = 0; i < nvars; i++) {
        size_t n = strlen(vars[i].name);
        if ((size_t)(close - p - 1) == n && !strncmp(p + 1, vars[i].name, n))
          break;
      }
      if (i < nvars) {
        if (rc_buf_puts(&b, vars[i].value ? vars[i].value : "") < 0)
          goto nomem;
        p = close + 1;
        continue;
      }
    }
    if (rc_buf_putc(&b, *p++) < 0)
      goto nomem;
  }
  out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&b));
  rc_buf_dispose(&b);
  return out;
nomem:
  rc_buf_dispose(&b);
  return NULL;
}

static const char *solution_name(const rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  return s->unique_name[0] ? s->unique_name : rc_model_path(m);
}

/* The key form of a list of tables ("a, b" -> "a,b", sorted), in the
 * analysis's arena; NULL on ENOMEM. */
static const char *key_tables(engine *E, const char *list)
{
  char *tables = rc_finding_key__tables(list);
  const char *out = tables ? rc_arena_strdup(&E->an->arena, tables) : NULL;
  rc_free(tables);
  return out;
}

static int push_finding(engine *E, const rc_finding *f, int reported)
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

/* Fill the fields every finding has and expand the message. */
static int emit(engine *E, const rc_rule *rule, const rc_clause *clause,
                size_t mi, size_t ri, rc_finding *f, var *vars, size_t nvars,
                int reported)
{
  const rc_model *m = E->models[mi];
  const rc_role *role = rc_model_role(m, ri);
  const rc_solution *s = rc_model_solution(m);
  var base[] = {{"role", role->name},
                {"solution", solution_name(m)},
                {"version", s->version},
                {"id", role->id}};
  var all[24];
  size_t n = 0, i;
  /* the caller's values first: expand() takes the first match, so SOL003's
   * {solution} and {version} (the first copy) win over the base ones */
  for (i = 0; i < nvars && n < 20; i++)
    all[n++] = vars[i];
  for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
    all[n++] = base[i];
  f->rule = &rule->info;
  f->severity = rule->info.severity;
  f->model = mi;
  f->role = ri;
  f->role_id = role->guid;
  f->role_name = role->name;
  if (!f->table)
    f->table = "";
  if (!f->privilege)
    f->privilege = "";
  if (!f->app)
    f->app = "";
  if (!f->file)
    f->file = role->file;
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

/* ---- clause evaluation ---- */

static int in_list(const char *const *list, const char *name)
{
  for (; list && *list; list++) {
    if ((*list)[0] == name[0] && !strcmp(*list, name))
      return 1;
  }
  return 0;
}

/* Bit of a set in tgrant.sets, or 0 when sets are too many to track. */
static uint32_t set_bit(const rc_rulepack *pack, const rc_set *set)
{
  size_t i = (size_t)(set - pack->sets);
  return pack->nsets <= 32 && i < 32 ? 1u << i : 0;
}

static int grant_hits(const rc_rulepack *pack, const rc_clause *c,
                      const tgrant *g)
{
  uint32_t bit;
  if (!(c->rights & (1u << g->right)) || g->depth < c->min_depth)
    return 0;
  if (in_list(c->except, g->table))
    return 0;
  if (c->tables)
    return in_list(c->tables, g->table);
  bit = set_bit(pack, c->set_ptr);
  if (bit && !(g->sets & bit))
    return 0;
  return rc_set__has_table(c->set_ptr, g->table, g->right, g->depth);
}

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

/* Order of rights in {ops}: the CUD ones first, as people read them. */
static int op_rank(rc_right r)
{
  static const int rank[] = {0, 5, 1, 2, 6, 7, 3, 4};
  return rank[r];
}

/* "Create(Basic), Write(Local)" for the hits of one table. */
static const char *ops_text(engine *E, const hit *h, size_t n,
                            const hit **primary)
{
  rc_buf b;
  size_t i, k;
  const char *out;
  int used[RC_RIGHT_COUNT] = {0};
  rc_buf_init(&b, 4096);
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
      snprintf(item, sizeof(item), "%s%s(%s)", b.len ? ", " : "",
               right_labels[x->grant->right], rc_depth_name(x->depth));
      rc_buf_puts(&b, item);
    }
  }
  out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&b));
  rc_buf_dispose(&b);
  return out;
}

static const char *privileges_text(engine *E, const hit *h, size_t n)
{
  rc_buf b;
  size_t i;
  const char *out;
  rc_buf_init(&b, 4096);
  for (i = 0; i < n; i++) {
    if (i && !strcmp(h[i].privilege, h[i - 1].privilege))
      continue;
    if (b.len)
      rc_buf_puts(&b, ", ");
    rc_buf_puts(&b, h[i].privilege);
  }
  out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&b));
  rc_buf_dispose(&b);
  return out;
}

/* "Dynamics 365 Customer Service Enterprise, Field Service or Project
 * Operations": the licences the licence-fit table counts as sufficient for
 * the table (those the set names and those that probably also qualify), in
 * the rule pack's order, as fit.c lists them. */
static const char *licences_text(engine *E, const char *table)
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
  rc_buf_init(&b, 1024);
  rc_buf_puts(&b, "Dynamics 365 ");
  for (i = 0; i < E->pack->nlicences; i++) {
    if (!(ok & (1u << i)))
      continue;
    if (k)
      rc_buf_puts(&b, k + 1 == n ? " or " : ", ");
    rc_buf_puts(&b, E->pack->licences[i].info.name);
    k++;
  }
  out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&b));
  rc_buf_dispose(&b);
  return out;
}

/* Turn sorted hits into findings: one per table (table clauses) or per
 * privilege (misc clauses). */
static int hits_to_findings(engine *E, const rc_rule *rule, size_t mi,
                            size_t ri, hit *h, size_t n, int reported)
{
  size_t i = 0;
  qsort(h, n, sizeof(*h), cmp_hits);
  while (i < n) {
    size_t j = i + 1;
    rc_finding f;
    int error;
    memset(&f, 0, sizeof(f));
    if (h[i].table[0]) {
      const hit *primary;
      const char *ops;
      while (j < n && !strcmp(h[j].table, h[i].table))
        j++;
      ops = ops_text(E, h + i, j - i, &primary);
      {
        var vars[] = {{"table", h[i].table},
                      {"ops", ops},
                      {"licences", licences_text(E, h[i].table)},
                      {"privilege", privileges_text(E, h + i, j - i)},
                      {"level", rc_depth_name(primary->depth)}};
        f.table = h[i].table;
        f.privilege = primary->privilege;
        f.depth = primary->depth;
        f.file = primary->grant->file;
        f.line = primary->line;
        if (!ops || !vars[2].value || !vars[3].value)
          return rc_fail_nomem(E->ctx);
        error = emit(E, rule, primary->clause, mi, ri, &f, vars, 5, reported);
      }
    } else {
      char ops[128];
      while (j < n && !h[j].table[0] && !strcmp(h[j].privilege, h[i].privilege))
        j++;
      snprintf(ops, sizeof(ops), "%s(%s)", h[i].privilege,
               rc_depth_name(h[i].depth));
      {
        var vars[] = {{"table", ""},
                      {"ops", ops},
                      {"privilege", h[i].privilege},
                      {"level", rc_depth_name(h[i].depth)}};
        f.privilege = h[i].privilege;
        f.depth = h[i].depth;
        f.line = h[i].line;
        f.file = NULL;
        error = emit(E, rule, h[i].clause, mi, ri, &f, vars, 4, reported);
      }
    }
    if (error < 0)
      return error;
    i = j;
  }
  return RC_OK;
}

/* A rule with per="role" (TM006): every hit of the role makes one finding.
 * {ops} lists the grants table by table ("Create(Global), Write(Global) on
 * knowledgearticle; prvPublishKnowledgeArticle(Global)"), {privilege} and
 * the finding's privilege the privileges it covers, its table list the
 * tables: one problem, one finding (issue 18). */
static int hits_to_role_finding(engine *E, const rc_rule *rule, size_t mi,
                                size_t ri, hit *h, size_t n, int reported)
{
  rc_buf ops, tables;
  const char *privs, *ops_out;
  rc_finding f;
  size_t i = 0, j;
  rc_depth depth = RC_DEPTH_NONE;
  int error;
  qsort(h, n, sizeof(*h), cmp_hits);
  rc_buf_init(&ops, 1u << 20);
  rc_buf_init(&tables, 1u << 20);
  while (i < n) {
    j = i + 1;
    if (ops.len)
      rc_buf_puts(&ops, "; ");
    if (h[i].table[0]) {
      const hit *primary;
      while (j < n && !strcmp(h[j].table, h[i].table))
        j++;
      rc_buf_puts(&ops, ops_text(E, h + i, j - i, &primary));
      rc_buf_puts(&ops, " on ");
      rc_buf_puts(&ops, h[i].table);
      if (tables.len)
        rc_buf_puts(&tables, ", ");
      rc_buf_puts(&tables, h[i].table);
    } else {
      char item[128];
      while (j < n && !h[j].table[0] && !strcmp(h[j].privilege, h[i].privilege))
        j++;
      snprintf(item, sizeof(item), "%s(%s)", h[i].privilege,
               rc_depth_name(h[i].depth));
      rc_buf_puts(&ops, item);
    }
    i = j;
  }
  for (i = 0; i < n; i++) {
    if (h[i].depth > depth)
      depth = h[i].depth;
  }
  privs = privileges_text(E, h, n);
  ops_out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&ops));
  memset(&f, 0, sizeof(f));
  f.privilege = privs;
  f.depth = depth;
  f.line = h[0].line;
  f.tables = tables.len ? key_tables(E, rc_buf_cstr(&tables)) : "";
  rc_buf_dispose(&ops);
  rc_buf_dispose(&tables);
  if (!privs || !ops_out || !f.tables)
    return rc_fail_nomem(E->ctx);
  {
    var vars[] = {{"table", ""},
                  {"ops", ops_out},
                  {"privilege", privs},
                  {"level", rc_depth_name(depth)}};
    error = emit(E, rule, NULL, mi, ri, &f, vars, 4, reported);
  }
  return error;
}

typedef struct {
  const rc_model *m;
  size_t ri;
  const rc_role *role;
  tgrant *grants; /* tables and pseudo-entities */
  size_t ngrants;
} role_view;

static int misc_hits(engine *E, const rc_clause *c, const role_view *rv,
                     hit **h, size_t *n, size_t *cap)
{
  size_t g;
  for (g = 0; g < rv->role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(rv->m, rv->ri, g);
    const rc_privilege *p = rc_model_privilege(rv->m, gr->privilege);
    int match;
    /* table privileges are not misc privileges */
    if (p->kind == RC_PRIV_TABLE)
      continue;
    match = c->names ? in_list(c->names, p->name)
                     : rc_set__has_privilege(c->set_ptr, p->name,
                                             (rc_depth)gr->depth);
    if (match) {
      void *items = *h;
      if (rc_array_reserve(&items, cap, *n + 1, sizeof(**h)) < 0)
        return rc_fail_nomem(E->ctx);
      *h = items;
      (*h)[*n].table = "";
      (*h)[*n].grant = NULL;
      (*h)[*n].privilege = p->name;
      (*h)[*n].depth = gr->depth;
      (*h)[*n].line = gr->line;
      (*h)[*n].clause = c;
      (*n)++;
    }
  }
  return RC_OK;
}

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

static int counted_push(engine *E, counted_list *l, const char *name,
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
static int count_excludes(engine *E, const rc_clause *c, const char *table,
                          uint32_t sets, rc_right right, rc_depth depth)
{
  const rc_set *const *ex;
  for (ex = c->exclude_ptrs; ex && *ex; ex++) {
    uint32_t bit = set_bit(E->pack, *ex);
    if (bit && !(sets & bit))
      continue;
    if (rc_set__has_table(*ex, table, right, depth))
      return 1;
  }
  return 0;
}

/* The additional tables one role creates, writes or deletes. */
static int count_role(engine *E, const rc_clause *c, const role_view *rv,
                      counted_list *l)
{
  size_t g;
  for (g = 0; g < rv->ngrants; g++) {
    const tgrant *t = &rv->grants[g];
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
static int count_listed(engine *E, const rc_clause *c, const rc_model *m,
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
  return counted_push(E, l, name,
                      origin == RC_ORIGIN_CUSTOM || origin == RC_ORIGIN_ISV ||
                          origin == RC_ORIGIN_ACCELERATOR);
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

static int tm_maps(const engine *E, const tm_app *t, const rc_role *role)
{
  return (t->app && app_maps_role(t->app, role)) ||
         (t->cfg && rc_assignments__app_maps(E->assign, t->name, role));
}

/* The designated Team Members apps of model m: its app modules in TM_APPS,
 * then the configured apps it does not hold. NULL with *n 0 for none. */
static int tm_apps(engine *E, const rc_model *m, tm_app **out, size_t *n)
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
static int count_finding(engine *E, const rc_rule *rule, const rc_clause *c,
                         const role_view *rv, size_t mi, int reported,
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
  rc_buf_init(&b, 1u << 20);
  rc_buf_init(&scope, 1u << 20);
  rc_buf_init(&basis, 1u << 20);
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
    var vars[] = {{"count", count},
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
    f.tables = key_tables(E, rc_buf_cstr(&b));
    error = f.tables ? emit(E, rule, c, mi, rv->ri, &f, vars, 7, reported)
                     : rc_fail_nomem(E->ctx);
  }
  rc_buf_dispose(&b);
  rc_buf_dispose(&scope);
  rc_buf_dispose(&basis);
  return error;
}

static int build_view(engine *E, role_view *rv, size_t mi);

/* The additional tables of one Team Members app t that maps the role of
 * rv: those of every role of the input it maps that is evaluated as a Team
 * Members role (and of rv's role), plus the tables it lists. roles gets
 * their names. */
static int count_tm_app(engine *E, const rc_clause *c, const role_view *rv,
                        size_t mi, const tm_app *t, counted_list *l,
                        rc_buf *roles)
{
  size_t r, k;
  int error = RC_OK;
  for (r = 0; r < rc_model_role_count(rv->m) && !error; r++) {
    const rc_role *other = rc_model_role(rv->m, r);
    const char *origin = NULL, *profile;
    role_view ov;
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
    error = build_view(E, &ov, mi);
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
static int count_clause(engine *E, const rc_rule *rule, const rc_clause *c,
                        const role_view *rv, size_t mi, int reported)
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
    rc_buf_init(&roles, 1u << 20);
    error = count_tm_app(E, c, rv, mi, &apps[a], &l, &roles);
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
 * that maps the role gives access. The reason, or NULL when access is
 * possible or unknown; in the analysis's arena. */
static const char *tm_app_block(engine *E, const rc_model *m,
                                const rc_role *role)
{
  const rc_set *set = rc_pack__set(E->pack, "TM_APPS");
  rc_buf names;
  size_t a, mapped = 0, designated = 0;
  const char *out = NULL;
  if (!set || rc_assignments__app_maps(E->assign, NULL, role))
    return NULL;
  rc_buf_init(&names, 1u << 20);
  for (a = 0; a < rc_model_app_count(m); a++) {
    const rc_app *app = rc_model_app(m, a);
    if (!app_maps_role(app, role))
      continue;
    mapped++;
    if (rc_set__has_app(set, app->unique_name)) {
      designated++;
      continue;
    }
    rc_buf_puts(&names, names.len ? ", " : "");
    rc_buf_puts(&names, app->unique_name);
  }
  if (mapped && !designated) {
    rc_buf b;
    rc_buf_init(&b, 1u << 20);
    rc_buf_puts(&b, "mapped only to apps that are not designated Team "
                    "Members apps (");
    rc_buf_puts(&b, rc_buf_cstr(&names));
    rc_buf_puts(&b, "), which Team Members licences bought since October "
                    "2018 cannot open");
    out = rc_arena_strdup(&E->an->arena, rc_buf_cstr(&b));
    rc_buf_dispose(&b);
  } else if (!rc_model_app_count(m) && rc_model_solution(m)->canvas_app_count) {
    out = "its solution's only apps are canvas apps, which Team Members "
          "licences bought since October 2018 cannot open";
  }
  rc_buf_dispose(&names);
  return out;
}

/* TM009: apps of the same input whose role map names the role. */
static int appmap_clause(engine *E, const rc_rule *rule, const rc_clause *c,
                         const role_view *rv, size_t mi, int reported)
{
  const rc_set *set = c->set_ptr;
  size_t a, k;
  for (a = 0; a < rc_model_app_count(rv->m); a++) {
    const rc_app *app = rc_model_app(rv->m, a);
    int mapped = 0;
    for (k = 0; k < app->role_count; k++)
      mapped |= !strcmp(app->role_ids[k], rv->role->guid);
    if (mapped && !rc_set__has_app(set, app->unique_name)) {
      rc_finding f;
      var vars[] = {
          {"app", app->display_name ? app->display_name : app->unique_name}};
      int error;
      memset(&f, 0, sizeof(f));
      f.app = app->unique_name;
      f.file = app->file;
      f.line = app->line;
      error = emit(E, rule, c, mi, rv->ri, &f, vars, 1, reported);
      if (error < 0)
        return error;
    }
  }
  return RC_OK;
}

static const char *ownership_text(rc_ownership o)
{
  return o == RC_OWNERSHIP_ORG ? "organization" : "business";
}

static int builtin_clause(engine *E, const rc_rule *rule, const rc_clause *c,
                          const role_view *rv, size_t mi, int reported)
{
  size_t g;
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
      var vars[] = {{"privilege", p->name},
                    {"level", rc_depth_name(gr->depth)}};
      if (p->kind != RC_PRIV_UNRESOLVED)
        continue;
      error = emit(E, rule, c, mi, rv->ri, &f, vars, 2, reported);
    } else if (c->builtin == RC_BUILTIN_OWNERSHIP) {
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
        var vars[] = {{"privilege", p->name},
                      {"level", rc_depth_name(gr->depth)},
                      {"table", t->logical_name},
                      {"ownership", ownership_text(t->ownership)}};
        error = emit(E, rule, c, mi, rv->ri, &f, vars, 4, reported);
      }
    } else {
      continue;
    }
    if (error < 0)
      return error;
  }
  return RC_OK;
}

/* ---- per role ---- */

/* Which sets name each table of model mi, once per model. */
static int table_sets(engine *E, size_t mi)
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
    for (s = 0; s < E->pack->nsets && s < 32; s++) {
      if (E->pack->sets[s].kind == RC_SET_TABLES &&
          rc_set__names_table(&E->pack->sets[s], name))
        E->table_sets[t] |= 1u << s;
    }
  }
  return RC_OK;
}

static int build_view(engine *E, role_view *rv, size_t mi)
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
    tgrant *t;
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
    t->metadata = p->kind == RC_PRIV_METADATA;
    /* pseudo-entities are rare: no shortcut for them */
    t->sets = p->kind == RC_PRIV_TABLE ? E->table_sets[p->table] : ~0u;
  }
  return RC_OK;
}

static int eval_rule(engine *E, const rc_rule *rule, const role_view *rv,
                     size_t mi, int reported)
{
  hit *h = NULL;
  size_t n = 0, cap = 0, c, g;
  int error = RC_OK;
  for (c = 0; c < rule->nclauses && !error; c++) {
    const rc_clause *cl = &rule->clauses[c];
    switch (cl->kind) {
    case RC_CLAUSE_GRANTS:
      for (g = 0; g < rv->ngrants; g++) {
        const tgrant *t = &rv->grants[g];
        void *items = h;
        if (!grant_hits(E->pack, cl, t))
          continue;
        if (rc_array_reserve(&items, &cap, n + 1, sizeof(*h)) < 0) {
          error = rc_fail_nomem(E->ctx);
          break;
        }
        h = items;
        h[n].table = t->table;
        h[n].grant = t;
        h[n].privilege = t->privilege;
        h[n].depth = t->depth;
        h[n].line = t->line;
        h[n].clause = cl;
        n++;
      }
      break;
    case RC_CLAUSE_PRIVILEGES:
      error = misc_hits(E, cl, rv, &h, &n, &cap);
      break;
    case RC_CLAUSE_COUNT:
      error = count_clause(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_APPMAP:
      error = appmap_clause(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_BUILTIN:
      if (cl->builtin == RC_BUILTIN_UNRESOLVED ||
          cl->builtin == RC_BUILTIN_OWNERSHIP)
        error = builtin_clause(E, rule, cl, rv, mi, reported);
      break;
    case RC_CLAUSE_PERMISSIONS:
      break; /* web roles only */
    }
  }
  if (!error && n)
    error = rule->per_role
                ? hits_to_role_finding(E, rule, mi, rv->ri, h, n, reported)
                : hits_to_findings(E, rule, mi, rv->ri, h, n, reported);
  rc_free(h);
  return error;
}

/* SOL003: the same role id in several inputs with different privileges. */
static int copies_differ(engine *E, const rc_rule *rule)
{
  size_t a, b, ra, rb;
  for (b = 1; b < E->nmodels; b++) {
    for (rb = 0; rb < rc_model_role_count(E->models[b]); rb++) {
      const rc_role *later = rc_model_role(E->models[b], rb);
      int done = 0;
      for (a = 0; a < b && !done; a++) {
        for (ra = 0; ra < rc_model_role_count(E->models[a]) && !done; ra++) {
          const rc_role *first = rc_model_role(E->models[a], ra);
          rc_role_delta d;
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
              var vars[] = {{"solution", solution_name(E->models[a])},
                            {"version", s1->version},
                            {"solution2", solution_name(E->models[b])},
                            {"version2", s2->version},
                            {"added", added},
                            {"removed", removed},
                            {"changed", changed}};
              int error;
              memset(&f, 0, sizeof(f));
              f.file = later->file;
              f.line = later->line;
              error = emit(E, rule, NULL, b, rb, &f, vars, 7, 1);
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
static int unknown_table_finding(engine *E, const rc_rule *rule, size_t mi,
                                 const named_by *by, size_t n,
                                 const granted_by *gb)
{
  const rc_model *m = E->models[mi];
  const rc_table *t = rc_model_table(m, (size_t)by[0].table);
  rc_buf privs, roles;
  char more[64];
  rc_finding f;
  size_t k;
  int error = RC_OK;
  if (gb->first < 0)
    return RC_OK;
  /* no cap that real names reach: only running out of memory fails */
  rc_buf_init(&privs, SIZE_MAX);
  rc_buf_init(&roles, SIZE_MAX);
  for (k = 0; k < n && !error; k++) {
    error = rc_buf_puts(&privs, k ? ", " : "");
    if (!error)
      error = rc_buf_puts(&privs, by[k].name);
  }
  if (!error)
    error = rc_buf_puts(&roles, "'");
  if (!error)
    error = rc_buf_puts(&roles, rc_model_role(m, (size_t)gb->first)->name);
  if (!error)
    error = rc_buf_puts(&roles, "'");
  if (!error && gb->roles > 1) {
    snprintf(more, sizeof(more), " and %lu other role%s",
             (unsigned long)(gb->roles - 1), gb->roles > 2 ? "s" : "");
    error = rc_buf_puts(&roles, more);
  }
  if (error < 0) {
    rc_buf_dispose(&privs);
    rc_buf_dispose(&roles);
    return rc_fail_nomem(E->ctx);
  }
  memset(&f, 0, sizeof(f));
  f.table = t->logical_name;
  f.line = gb->line;
  {
    var vars[] = {{"table", t->name},
                  {"privilege", rc_buf_cstr(&privs)},
                  {"roles", rc_buf_cstr(&roles)},
                  {"origin", rc_table_origin_name(t->origin)}};
    error =
        emit(E, rule, &rule->clauses[0], mi, (size_t)gb->first, &f, vars, 4, 1);
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
static int unknown_tables(engine *E, const rc_rule *rule)
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
      error =
          unknown_table_finding(E, rule, mi, by + i, j - i, &gb[by[i].table]);
    }
    rc_free(by);
    rc_free(gb);
  }
  return error;
}

/* ---- web roles (Power Pages) ---- */

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

static int linked_to(const rc_table_permission *p, const char *id)
{
  size_t i;
  for (i = 0; i < p->webrole_count; i++) {
    if (!strcmp(p->webroles[i], id))
      return 1;
  }
  return 0;
}

/* "Create, Write, Delete" for a permission's rights that the clause asks */
static void perm_ops(char *buf, size_t cap, unsigned rights)
{
  static const char *const names[] = {"Create", "Read",   "Write",
                                      "Delete", "Append", "AppendTo"};
  size_t k;
  buf[0] = '\0';
  for (k = 0; k < 6; k++) {
    if (!(rights & (1u << k)))
      continue;
    if (buf[0])
      strncat(buf, ", ", cap - strlen(buf) - 1);
    strncat(buf, names[k], cap - strlen(buf) - 1);
  }
}

static int perm_hits(const rc_clause *c, const rc_model *m, const rc_webrole *w,
                     const rc_table_permission *p)
{
  if (!linked_to(p, w->id) || !(p->rights & c->perm_rights))
    return 0;
  if (c->scope && p->scope != c->scope)
    return 0;
  if (c->webrole_kind && !webrole_is(m, w, c->webrole_kind))
    return 0;
  if (c->webrole_name && !rc_pattern_match(c->webrole_name, w->name))
    return 0;
  if (c->set && !rc_set__names_table(c->set_ptr, p->table))
    return 0;
  if (c->tables && !in_list(c->tables, p->table))
    return 0;
  return !in_list(c->except, p->table);
}

static int emit_webrole(engine *E, const rc_rule *rule, const rc_clause *c,
                        size_t mi, size_t wi, rc_finding *f, var *vars,
                        size_t nvars)
{
  const rc_model *m = E->models[mi];
  const rc_webrole *w = rc_model_webrole(m, wi);
  const rc_solution *s = rc_model_solution(m);
  var all[16];
  size_t n = 0, i;
  all[n++] = (var){"webrole", w->name};
  all[n++] = (var){"role", w->name};
  all[n++] = (var){"solution", solution_name(m)};
  all[n++] = (var){"version", s->version};
  all[n++] = (var){"id", w->id};
  for (i = 0; i < nvars && n < sizeof(all) / sizeof(all[0]); i++)
    all[n++] = vars[i];
  f->rule = &rule->info;
  f->severity = rule->info.severity;
  f->model = mi;
  f->role = wi;
  f->webrole = 1;
  f->role_id = w->id;
  f->role_name = w->name;
  if (!f->table)
    f->table = "";
  f->privilege = "";
  f->app = "";
  if (!f->scope)
    f->scope = "";
  if (!f->tables)
    f->tables = "";
  if (!f->file) {
    f->file = w->file;
    f->line = w->line;
  }
  f->message =
      expand(E, c && c->message ? c->message : rule->info.message, all, n);
  f->fix = expand(E, rule->info.fix, all, n);
  f->state = RC_STATE_NEW;
  if (!f->message || !f->fix)
    return rc_fail_nomem(E->ctx);
  return push_finding(E, f, 1);
}

static int eval_webrole(engine *E, const rc_rule *rule, size_t mi, size_t wi)
{
  const rc_model *m = E->models[mi];
  const rc_webrole *w = rc_model_webrole(m, wi);
  size_t c, j;
  int error = RC_OK;
  for (c = 0; c < rule->nclauses && !error; c++) {
    const rc_clause *cl = &rule->clauses[c];
    rc_buf tables;
    const rc_table_permission *first = NULL;
    if (cl->kind != RC_CLAUSE_PERMISSIONS)
      continue;
    rc_buf_init(&tables, 1u << 20);
    for (j = 0; j < rc_model_permission_count(m) && !error; j++) {
      const rc_table_permission *p = rc_model_permission(m, j);
      char ops[128];
      rc_finding f;
      if (!perm_hits(cl, m, w, p))
        continue;
      if (cl->per_webrole) {
        /* one finding listing the tables (permissions are sorted) */
        if (!first)
          first = p;
        else if (!strcmp(rc_model_permission(m, j - 1)->table, p->table))
          continue;
        if (tables.len)
          rc_buf_puts(&tables, ", ");
        rc_buf_puts(&tables, p->table);
        continue;
      }
      perm_ops(ops, sizeof(ops), p->rights & cl->perm_rights);
      memset(&f, 0, sizeof(f));
      f.table = p->table;
      f.scope = rc_scope_name(p->scope);
      f.file = p->file;
      f.line = p->line;
      {
        var vars[] = {{"table", p->table},
                      {"ops", ops},
                      {"scope", f.scope},
                      {"licences", licences_text(E, p->table)},
                      {"privilege", p->name}};
        error = emit_webrole(E, rule, cl, mi, wi, &f, vars, 5);
      }
    }
    if (!error && first) {
      rc_finding f;
      var vars[] = {{"tables", rc_buf_cstr(&tables)}};
      memset(&f, 0, sizeof(f));
      f.tables = key_tables(E, rc_buf_cstr(&tables));
      error = f.tables ? emit_webrole(E, rule, cl, mi, wi, &f, vars, 1)
                       : rc_fail_nomem(E->ctx);
    }
    rc_buf_dispose(&tables);
  }
  return error;
}

static int profile_runs(const rc_rule *rule, const char *profile)
{
  if (!strcmp(rule->info.profile, "solution"))
    return 1;
  return profile && !strcmp(rule->info.profile, profile);
}

static int cmp_findings(const void *a, const void *b)
{
  const rc_finding *fa = a, *fb = b;
  int c;
  if (fa->model != fb->model)
    return fa->model < fb->model ? -1 : 1;
  if (fa->webrole != fb->webrole)
    return fa->webrole < fb->webrole ? -1 : 1;
  if (fa->role != fb->role)
    return fa->role < fb->role ? -1 : 1;
  if ((c = strcmp(fa->rule->id, fb->rule->id)) != 0)
    return c;
  if ((c = strcmp(fa->table, fb->table)) != 0)
    return c;
  if ((c = strcmp(fa->privilege, fb->privilege)) != 0)
    return c;
  if ((c = strcmp(fa->app, fb->app)) != 0 ||
      (c = strcmp(fa->scope, fb->scope)) != 0 ||
      (c = strcmp(fa->tables, fb->tables)) != 0)
    return c;
  if (fa->line != fb->line)
    return fa->line < fb->line ? -1 : 1;
  return strcmp(fa->message, fb->message);
}

static int cmp_role_id(const void *a, const void *b)
{
  return rc_ascii_casecmp(*(const char *const *)a, *(const char *const *)b);
}

/* What was read, for baselines: every role and web role id, and each
 * model's solution. */
static int record_inputs(rc_analysis *an, rc_ctx *ctx, rc_model *const *models,
                         size_t count)
{
  size_t mi, r, n = 0;
  for (mi = 0; mi < count; mi++)
    n += rc_model_role_count(models[mi]) + rc_model_webrole_count(models[mi]);
  an->role_ids = rc_malloc((n + 1) * sizeof(*an->role_ids));
  an->solutions = rc_malloc((count + 1) * sizeof(*an->solutions));
  if (!an->role_ids || !an->solutions)
    return rc_fail_nomem(ctx);
  for (mi = 0; mi < count; mi++) {
    const rc_model *m = models[mi];
    for (r = 0; r < rc_model_role_count(m); r++)
      an->role_ids[an->nrole_ids++] = rc_model_role(m, r)->guid;
    for (r = 0; r < rc_model_webrole_count(m); r++)
      an->role_ids[an->nrole_ids++] = rc_model_webrole(m, r)->id;
    an->solutions[an->nsolutions++] = rc_model_solution(m)->unique_name;
  }
  if (an->nrole_ids > 1)
    qsort(an->role_ids, an->nrole_ids, sizeof(*an->role_ids), cmp_role_id);
  return RC_OK;
}

int rc_analyze(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
               const rc_assignments *assign, rc_model *const *models,
               size_t count)
{
  engine E;
  rc_analysis *an = rc_calloc(1, sizeof(*an));
  size_t mi, ri, k, i;
  int error = RC_OK;

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

  for (mi = 0; mi < count && !error; mi++) {
    for (ri = 0; ri < rc_model_role_count(models[mi]) && !error; ri++) {
      role_view rv;
      const char *origin = NULL;
      const char *profile;
      size_t first = E.nall;
      memset(&rv, 0, sizeof(rv));
      rv.m = models[mi];
      rv.ri = ri;
      rv.role = rc_model_role(rv.m, ri);
      profile = rc_assignments__profile(assign, rv.role, &origin);
      error = build_view(&E, &rv, mi);
      /* every licensing rule runs for licence fit; only those of the
       * role's profile (and the solution checks) are reported */
      for (k = 0; k < pack->nrules && !error; k++) {
        const rc_rule *rule = &pack->rules[k];
        if (!rule->info.enabled)
          continue;
        error = eval_rule(&E, rule, &rv, mi, profile_runs(rule, profile));
      }
      if (!error)
        error = rc_fit__role(an, ctx, pack, rv.m, mi, ri, profile, origin,
                             E.all ? E.all + first : NULL, E.nall - first,
                             tm_app_block(&E, rv.m, rv.role));
      rc_free(rv.grants);
    }
  }
  /* web roles: the portal rules, whatever --assume says */
  for (mi = 0; mi < count && !error; mi++) {
    for (ri = 0; ri < rc_model_webrole_count(models[mi]) && !error; ri++) {
      for (k = 0; k < pack->nrules && !error; k++) {
        if (pack->rules[k].info.enabled &&
            !strcmp(pack->rules[k].info.profile, "portal"))
          error = eval_webrole(&E, &pack->rules[k], mi, ri);
      }
      if (!error)
        error = rc_fit__webrole(an, ctx, pack, models[mi], mi, ri);
    }
  }
  for (k = 0; k < pack->nrules && !error; k++) {
    const rc_rule *rule = &pack->rules[k];
    if (!rule->info.enabled || !rule->nclauses ||
        rule->clauses[0].kind != RC_CLAUSE_BUILTIN)
      continue;
    if (rule->clauses[0].builtin == RC_BUILTIN_COPIES)
      error = copies_differ(&E, rule);
    else if (rule->clauses[0].builtin == RC_BUILTIN_UNKNOWN_TABLE)
      error = unknown_tables(&E, rule);
  }
  /* keep the reported findings, sorted */
  for (i = 0; !error && i < E.nall; i++) {
    void *items = an->findings;
    if (!E.reported[i])
      continue;
    if (rc_array_reserve(&items, &an->findings_cap, an->nfindings + 1,
                         sizeof(*an->findings)) < 0) {
      error = rc_fail_nomem(ctx);
      break;
    }
    an->findings = items;
    an->findings[an->nfindings++] = E.all[i];
  }
  if (!error)
    error = record_inputs(an, ctx, models, count);
  rc_free(E.all);
  rc_free(E.reported);
  rc_free(E.table_sets);
  if (error < 0) {
    rc_analysis_free(an);
    return error;
  }
  if (an->nfindings > 1)
    qsort(an->findings, an->nfindings, sizeof(*an->findings), cmp_findings);
  *out = an;
  return RC_OK;
}

void rc_analysis_free(rc_analysis *analysis)
{
  if (!analysis)
    return;
  rc_free(analysis->findings);
  rc_free(analysis->fits);
  rc_free(analysis->role_ids);
  rc_free(analysis->solutions);
  rc_arena_dispose(&analysis->arena);
  rc_free(analysis);
}

static int role_kept(rc_model *const *models, size_t model, size_t role,
                     int webrole, const rc_pattern *pattern)
{
  const rc_model *m = models[model];
  return rc_pattern_match(pattern, webrole ? rc_model_webrole(m, role)->name
                                           : rc_model_role(m, role)->name) > 0;
}

void rc_analysis_keep_roles(rc_analysis *an, rc_model *const *models,
                            const rc_pattern *role)
{
  size_t i, n = 0;
  if (!role)
    return;
  for (i = 0; i < an->nfindings; i++) {
    const rc_finding *f = &an->findings[i];
    if (role_kept(models, f->model, f->role, f->webrole, role))
      an->findings[n++] = *f;
  }
  an->nfindings = n;
  for (i = 0, n = 0; i < an->nfits; i++) {
    const rc_role_fit *f = &an->fits[i];
    if (role_kept(models, f->model, f->role, f->webrole, role))
      an->fits[n++] = *f;
  }
  an->nfits = n;
}

size_t rc_analysis_finding_count(const rc_analysis *analysis)
{
  return analysis->nfindings;
}

const rc_finding *rc_analysis_finding(const rc_analysis *analysis, size_t i)
{
  return i < analysis->nfindings ? &analysis->findings[i] : NULL;
}

size_t rc_analysis_fit_count(const rc_analysis *analysis)
{
  return analysis->nfits;
}

const rc_role_fit *rc_analysis_fit(const rc_analysis *analysis, size_t i)
{
  return i < analysis->nfits ? &analysis->fits[i] : NULL;
}

const rc_role_fit *rc_analysis_role_fit(const rc_analysis *analysis,
                                        size_t model, size_t role, int webrole)
{
  size_t i;
  for (i = 0; i < rc_analysis_fit_count(analysis); i++) {
    const rc_role_fit *f = rc_analysis_fit(analysis, i);
    if (f->model == model && f->role == role && f->webrole == webrole)
      return f;
  }
  return NULL;
}
