/* rolecheck fix, the plan: for every role evaluated under a profile, what
 * the reported findings of that profile's rules flag (the engine records
 * it, rc_flag) is removed, lowered or moved as the flagging clause's repair
 * says; TM008's count loses the tables --keep-tables does not keep; what no
 * role edit can do (an app map, a decision the matrix cannot show, an
 * accepted finding) is listed as open. Every other privilege stays as
 * written. Web roles get table-permission corrections the same way. */
#include "rolecheck/fix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/intern.h"

#define RULES_MAX 8 /* distinct rules asking for one privilege's change */

typedef struct {
  size_t model, role;
  int webrole;
  size_t index; /* finding or flag index */
} role_ref;

struct rc_fix {
  rc_arena arena;
  rc_ctx *ctx;
  const rc_rulepack *pack;
  const rc_analysis *an;
  rc_model *const *models;
  size_t count;
  rc_fix_options opts;
  rc_fix_role *roles;
  size_t nroles, roles_cap;
  /* findings and flags by role, for the plan of one role */
  role_ref *findings, *flags;
  size_t nfindings, nflags;
  /* the merged site edits */
  rc_fix_permission_edit *site;
  size_t nsite;
  /* rc_fix_solution()'s result */
  rc_fix_solution_out solution;
  int solution_done;
};

/* One grant of the role being planned. */
typedef struct {
  rc_depth after; /* the depth kept (NONE: removed or moved) */
  int move;       /* goes to the admin part */
  int changed;
  const char *rules[RULES_MAX];
  size_t nrules;
} gstate;

/* One table permission of the web role being planned. */
typedef struct {
  unsigned clear; /* rights removed */
  int detach;
  const char *rules[RULES_MAX];
  size_t nrules;
} pstate;

const char *rc_fix_action_name(rc_fix_action action)
{
  static const char *const names[] = {"remove", "lower", "move", "detach"};
  return (unsigned)action < 4 ? names[action] : "?";
}

/* ---- the analysis, by role ---- */

static int cmp_ref(const void *a, const void *b)
{
  const role_ref *x = a, *y = b;
  if (x->webrole != y->webrole)
    return x->webrole - y->webrole;
  if (x->model != y->model)
    return x->model < y->model ? -1 : 1;
  if (x->role != y->role)
    return x->role < y->role ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* The first ref of role (model, role, webrole) in refs, and *n of them. */
static const role_ref *refs_of(const role_ref *refs, size_t count, size_t model,
                               size_t role, int webrole, size_t *n)
{
  size_t lo = 0, hi = count;
  role_ref key = {model, role, webrole, 0};
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_ref(&refs[mid], &key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  *n = 0;
  while (lo + *n < count && refs[lo + *n].model == model &&
         refs[lo + *n].role == role && refs[lo + *n].webrole == webrole)
    (*n)++;
  return refs + lo;
}

static int index_analysis(rc_fix *F)
{
  const rc_analysis *an = F->an;
  size_t i, n = rc_analysis_finding_count(an);
  F->findings = rc_calloc(n + 1, sizeof(*F->findings));
  F->flags = rc_calloc(an->nflags + 1, sizeof(*F->flags));
  if (!F->findings || !F->flags)
    return rc_fail_nomem(F->ctx);
  for (i = 0; i < n; i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    F->findings[i] = (role_ref){f->model, f->role, f->webrole, i};
  }
  for (i = 0; i < an->nflags; i++) {
    const rc_flag *x = &an->flags[i];
    F->flags[i] = (role_ref){x->model, x->role, x->webrole, i};
  }
  F->nfindings = n;
  F->nflags = an->nflags;
  qsort(F->findings, n, sizeof(*F->findings), cmp_ref);
  qsort(F->flags, an->nflags, sizeof(*F->flags), cmp_ref);
  return RC_OK;
}

/* Did the engine record flag x for finding f (of the same role)? */
static int flag_of(const rc_flag *x, const rc_finding *f)
{
  rc_finding_key k;
  rc_finding_key__of(&k, f);
  return !rc_finding_key__cmp(&x->key, &k);
}

/* ---- texts ---- */

static void add_rule(const char **rules, size_t *n, const char *id)
{
  size_t i;
  for (i = 0; i < *n; i++) {
    if (!strcmp(rules[i], id))
      return;
  }
  if (*n < RULES_MAX)
    rules[(*n)++] = id;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "TM001 TM008", sorted. */
static const char *rules_text(rc_fix *F, const char **rules, size_t n)
{
  rc_buf b;
  size_t i;
  const char *out;
  qsort(rules, n, sizeof(*rules), cmp_str);
  rc_buf_init(&b, 4096);
  for (i = 0; i < n; i++) {
    if (i)
      rc_buf_putc(&b, ' ');
    rc_buf_puts(&b, rules[i]);
  }
  out = rc_buf_copy(&b, &F->arena);
  rc_buf_dispose(&b);
  return out;
}

/* The licence a profile is named after ("Team Members"), or the profile. */
static const char *licence_name(const rc_rulepack *pack, const char *profile)
{
  int i = rc_pack__licence(pack, profile);
  return i < 0 ? profile : pack->licences[i].info.name;
}

/* A deterministic GUID for a copy of role guid fixed for profile (and its
 * admin part), derived from the names (rc_guid_derive). */
static const char *derived_guid(rc_fix *F, const char *guid,
                                const char *profile, const char *part)
{
  char name[512], *out;
  size_t len =
      (size_t)snprintf(name, sizeof(name), "rolecheck fix\x1f%s\x1f%s\x1f%s",
                       guid, profile, part);
  if (len >= sizeof(name))
    len = sizeof(name) - 1;
  out = rc_arena_alloc(&F->arena, 37);
  if (out)
    rc_guid_derive(out, name, len);
  return out;
}

static const char *joined(rc_fix *F, const char *a, const char *b,
                          const char *c)
{
  rc_buf buf;
  const char *out;
  if (!a || !b || !c)
    return NULL; /* a piece that could not be made */
  rc_buf_init(&buf, 1u << 20);
  rc_buf_puts(&buf, a);
  rc_buf_puts(&buf, b);
  rc_buf_puts(&buf, c);
  out = rc_buf_copy(&buf, &F->arena);
  rc_buf_dispose(&buf);
  return out;
}

/* A role name holds at most this many characters (role.name MaxLength). */
#define ROLE_NAME_MAX 100

/* base + suffix, base cut at a character boundary (and its trailing
 * spaces dropped) so that the name fits ROLE_NAME_MAX characters: the
 * suffix says what the copy is, so it is the part kept. NULL on ENOMEM. */
static const char *copy_name(rc_fix *F, const char *base, const char *suffix)
{
  size_t chars = 0, room, keep = 0;
  const char *p;
  if (!suffix)
    return NULL;
  for (p = suffix; *p; p++)
    chars += ((unsigned char)*p & 0xc0u) != 0x80u;
  room = chars < ROLE_NAME_MAX ? ROLE_NAME_MAX - chars : 0;
  for (p = base, chars = 0; *p; p++) {
    if (((unsigned char)*p & 0xc0u) != 0x80u && chars++ == room)
      break;
    keep = (size_t)(p - base) + 1;
  }
  while (keep && base[keep - 1] == ' ')
    keep--;
  {
    char *cut = rc_arena_strndup(&F->arena, base, keep);
    return cut ? joined(F, cut, suffix, "") : NULL;
  }
}

/* "a, b" for the key form "a,b" of a table list. */
static const char *readable(rc_fix *F, const char *tables)
{
  rc_buf b;
  const char *out;
  rc_buf_init(&b, 1u << 20);
  for (; tables && *tables; tables++) {
    if (*tables == ',')
      rc_buf_puts(&b, ", ");
    else
      rc_buf_putc(&b, *tables);
  }
  out = rc_buf_copy(&b, &F->arena);
  rc_buf_dispose(&b);
  return out;
}

/* ---- one role ---- */

typedef struct {
  rc_fix_open *items;
  size_t n, cap;
} open_list;

static int push_open(rc_fix *F, open_list *l, const char *rule,
                     const char *kind, const char *table, const char *detail)
{
  void *items = l->items;
  if (!detail ||
      rc_array_reserve(&items, &l->cap, l->n + 1, sizeof(*l->items)) < 0)
    return rc_fail_nomem(F->ctx);
  l->items = items;
  l->items[l->n++] = (rc_fix_open){rule, kind, table ? table : "", detail};
  return RC_OK;
}

/* The finding's count clause (TM008), or NULL. */
static const rc_clause *count_clause(const rc_rule *rule)
{
  size_t c;
  for (c = 0; c < rule->nclauses; c++) {
    if (rule->clauses[c].kind == RC_CLAUSE_COUNT)
      return &rule->clauses[c];
  }
  return NULL;
}

static int has_clause(const rc_rule *rule, rc_clause_kind kind)
{
  size_t c;
  for (c = 0; c < rule->nclauses; c++) {
    if (rule->clauses[c].kind == kind)
      return 1;
  }
  return 0;
}

/* Does grant clause c still match a grant at depth d? */
static int still_hits(const rc_clause *c, rc_depth d)
{
  return d != RC_DEPTH_NONE && d >= c->min_depth;
}

/* A finding's flagged grants, as their clauses repair them. */
static int repair_grants(rc_fix *F, const rc_finding *f, const role_ref *fl,
                         size_t nfl, const rc_model *m, size_t ri, gstate *gs,
                         open_list *open)
{
  size_t i;
  int stays = 0, flagged = 0;
  for (i = 0; i < nfl; i++) {
    const rc_flag *x = &F->an->flags[fl[i].index];
    const rc_grant *gr;
    gstate *s;
    rc_depth after;
    if (!flag_of(x, f))
      continue;
    flagged = 1;
    gr = rc_model_grant(m, ri, x->grant);
    s = &gs[x->grant];
    switch (x->clause->repair) {
    case RC_REPAIR_LOWER:
      after = x->clause->repair_depth < (rc_depth)gr->depth
                  ? x->clause->repair_depth
                  : (rc_depth)gr->depth;
      if (after < s->after)
        s->after = after;
      if (x->clause->kind == RC_CLAUSE_GRANTS && still_hits(x->clause, after))
        stays = 1;
      break;
    case RC_REPAIR_MOVE:
      s->after = RC_DEPTH_NONE;
      s->move |= F->opts.split_admin;
      break;
    case RC_REPAIR_REMOVE:
      s->after = RC_DEPTH_NONE;
      break;
    default:
      stays = 1;
      continue;
    }
    s->changed = 1;
    add_rule(s->rules, &s->nrules, f->rule->id);
  }
  if (!flagged || stays)
    return push_open(F, open, f->rule->id, "review", f->table,
                     flagged && f->fix ? f->fix : f->message);
  return RC_OK;
}

/* TM008: the counted tables that --keep-tables does not keep lose the
 * clause's rights; with no --keep-tables, or still over the limit, the
 * finding stays. */
static int repair_count(rc_fix *F, const rc_finding *f, const rc_clause *c,
                        const rc_model *m, size_t ri, gstate *gs,
                        open_list *open)
{
  const rc_role *role = rc_model_role(m, ri);
  char *list = rc_finding_key__tables(f->tables ? f->tables : "");
  char *next, *table;
  size_t kept = 0, total = 0, g;
  char detail[256];
  int error = RC_OK;
  if (!list)
    return rc_fail_nomem(F->ctx);
  for (table = list; table && *table; table = next) {
    next = strchr(table, ',');
    if (next)
      *next++ = '\0';
    total++;
    if (!F->opts.keep_tables || c->repair != RC_REPAIR_REMOVE ||
        rc_pattern_match(F->opts.keep_tables, table)) {
      kept++;
      continue;
    }
    for (g = 0; g < role->grant_count; g++) {
      const rc_grant *gr = rc_model_grant(m, ri, g);
      const rc_privilege *pv = rc_model_privilege(m, gr->privilege);
      if (pv->kind != RC_PRIV_TABLE || !(c->rights & (1u << pv->right)) ||
          strcmp(rc_model_table(m, (size_t)pv->table)->logical_name, table))
        continue;
      gs[g].after = RC_DEPTH_NONE;
      gs[g].changed = 1;
      add_rule(gs[g].rules, &gs[g].nrules, f->rule->id);
    }
  }
  rc_free(list);
  if (kept > c->max) {
    if (F->opts.keep_tables && c->repair == RC_REPAIR_REMOVE)
      snprintf(detail, sizeof(detail),
               "--keep-tables keeps write access to %zu of the %zu additional "
               "tables, over the limit of %u; keep fewer, or license these "
               "users fully.",
               kept, total, c->max);
    else
      snprintf(detail, sizeof(detail),
               "writes to %zu additional tables, over the limit of %u: choose "
               "the tables that keep write access with --keep-tables RE (the "
               "others keep Read), or license these users fully.",
               total, c->max);
    error = push_open(F, open, f->rule->id, "tables", "",
                      joined(F, detail, " Tables: ", readable(F, f->tables)));
  }
  return error;
}

static int cmp_change(const void *a, const void *b)
{
  const rc_fix_change *x = a, *y = b;
  int c;
  /* table privileges by table and right, then misc privileges by name */
  if (!x->table[0] != !y->table[0])
    return x->table[0] ? -1 : 1;
  c = strcmp(x->table, y->table);
  if (c)
    return c;
  if (x->right != y->right)
    return x->right < y->right ? -1 : 1;
  return strcmp(x->privilege, y->privilege);
}

/* The plan's changes, privileges and admin part from the grant states. */
static int finish_role(rc_fix *F, rc_fix_role *r, const rc_model *m, size_t ri,
                       const gstate *gs, open_list *open)
{
  const rc_role *role = rc_model_role(m, ri);
  rc_fix_change *changes;
  rc_fix_privilege *keep, *admin;
  size_t g, nc = 0, nk = 0, na = 0;
  changes =
      rc_arena_alloc(&F->arena, (role->grant_count + 1) * sizeof(*changes));
  keep = rc_arena_alloc(&F->arena, (role->grant_count + 1) * sizeof(*keep));
  admin = rc_arena_alloc(&F->arena, (role->grant_count + 1) * sizeof(*admin));
  if (!changes || !keep || !admin)
    return rc_fail_nomem(F->ctx);
  for (g = 0; g < role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, ri, g);
    const rc_privilege *p = rc_model_privilege(m, gr->privilege);
    const gstate *s = &gs[g];
    if (gr->depth == RC_DEPTH_NONE) {
      /* no level rolecheck can write: said, not guessed */
      int error = push_open(
          F, open, "", "review", "",
          joined(F, p->name,
                 " has no level Basic, Local, Deep or Global in the input and "
                 "is not written",
                 "."));
      if (error)
        return error;
      continue;
    }
    if (!s->changed || s->after >= (rc_depth)gr->depth) {
      keep[nk++] = (rc_fix_privilege){p->name, (rc_depth)gr->depth};
      continue;
    }
    {
      rc_fix_change *c = &changes[nc++];
      const char *rules[RULES_MAX];
      memcpy(rules, s->rules, sizeof(rules));
      memset(c, 0, sizeof(*c));
      c->privilege = p->name;
      c->table = p->kind == RC_PRIV_TABLE
                     ? rc_model_table(m, (size_t)p->table)->logical_name
                 : p->kind == RC_PRIV_METADATA ? p->target
                                               : "";
      c->right = p->kind == RC_PRIV_TABLE || p->kind == RC_PRIV_METADATA
                     ? (int)p->right
                     : -1;
      c->before = (rc_depth)gr->depth;
      c->after = s->after;
      c->action = s->move                     ? RC_FIX_MOVE
                  : s->after == RC_DEPTH_NONE ? RC_FIX_REMOVE
                                              : RC_FIX_LOWER;
      c->rules = rules_text(F, rules, s->nrules);
      c->file = role->file;
      c->line = gr->line;
      c->shared_with = "";
      if (!c->rules)
        return rc_fail_nomem(F->ctx);
    }
    if (s->move)
      admin[na++] = (rc_fix_privilege){p->name, (rc_depth)gr->depth};
    else if (s->after != RC_DEPTH_NONE)
      keep[nk++] = (rc_fix_privilege){p->name, s->after};
  }
  qsort(changes, nc, sizeof(*changes), cmp_change);
  r->changes = changes;
  r->change_count = nc;
  r->privileges = keep;
  r->privilege_count = nk;
  if (!nc)
    return RC_OK;
  if (F->opts.in_place) {
    r->id = role->guid;
    r->name = role->name;
  } else {
    r->id = derived_guid(F, role->guid, r->profile, "");
    r->name = copy_name(
        F, role->name, joined(F, " (", licence_name(F->pack, r->profile), ")"));
  }
  if (na) {
    r->admin_privileges = admin;
    r->admin_count = na;
    r->admin_id = derived_guid(F, role->guid, r->profile, "admin part");
    r->admin_name = copy_name(F, role->name, " (admin part)");
  }
  if (!r->id || !r->name || (na && (!r->admin_id || !r->admin_name)))
    return rc_fail_nomem(F->ctx);
  return RC_OK;
}

static int push_role(rc_fix *F, rc_fix_role **out)
{
  void *items = F->roles;
  if (rc_array_reserve(&items, &F->roles_cap, F->nroles + 1,
                       sizeof(*F->roles)) < 0)
    return rc_fail_nomem(F->ctx);
  F->roles = items;
  *out = &F->roles[F->nroles++];
  memset(*out, 0, sizeof(**out));
  return RC_OK;
}

/* Copy the open list into the arena (in the findings' order). */
static int keep_open(rc_fix *F, rc_fix_role *r, open_list *open)
{
  rc_fix_open *items = NULL;
  if (open->n) {
    items = rc_arena_alloc(&F->arena, open->n * sizeof(*items));
    if (!items)
      return rc_fail_nomem(F->ctx);
    memcpy(items, open->items, open->n * sizeof(*items));
  }
  r->open = items;
  r->open_count = open->n;
  return RC_OK;
}

/* An accepted finding is left as it is, and said. */
static int suppressed(rc_fix *F, const rc_finding *f, open_list *open)
{
  return push_open(F, open, f->rule->id, "suppressed", f->table,
                   joined(F, "suppressed in the configuration (",
                          f->reason ? f->reason : "no reason given",
                          "); left as written."));
}

static int plan_role(rc_fix *F, size_t mi, size_t ri)
{
  const rc_model *m = F->models[mi];
  const rc_role *role = rc_model_role(m, ri);
  const rc_role_fit *fit = rc_analysis_role_fit(F->an, mi, ri, 0);
  const role_ref *fr, *fl;
  size_t nfr, nfl, i;
  gstate *gs;
  open_list open = {NULL, 0, 0};
  rc_fix_role *r = NULL;
  int error;
  if (!fit || !fit->profile)
    return RC_OK;
  if (F->opts.role && !rc_pattern_match(F->opts.role, role->name))
    return RC_OK;
  gs = rc_calloc(role->grant_count + 1, sizeof(*gs));
  if (!gs)
    return rc_fail_nomem(F->ctx);
  for (i = 0; i < role->grant_count; i++)
    gs[i].after = (rc_depth)rc_model_grant(m, ri, i)->depth;
  error = push_role(F, &r);
  if (!error) {
    r->model = mi;
    r->role = ri;
    r->profile = fit->profile;
    r->source_id = role->guid;
    r->source_name = role->name;
  }
  fr = refs_of(F->findings, F->nfindings, mi, ri, 0, &nfr);
  fl = refs_of(F->flags, F->nflags, mi, ri, 0, &nfl);
  for (i = 0; i < nfr && !error; i++) {
    const rc_finding *f = rc_analysis_finding(F->an, fr[i].index);
    const rc_rule *rule = (const rc_rule *)(const void *)f->rule;
    const rc_clause *count;
    /* only the rules of the role's profile: solution checks are not
     * licence findings a role edit answers */
    if (strcmp(f->rule->profile, fit->profile))
      continue;
    if (f->state == RC_STATE_SUPPRESSED)
      error = suppressed(F, f, &open);
    else if ((count = count_clause(rule)) != NULL)
      error = repair_count(F, f, count, m, ri, gs, &open);
    else if (has_clause(rule, RC_CLAUSE_APPMAP))
      error = push_open(F, &open, f->rule->id, "app", "",
                        joined(F, f->message, " ", f->fix));
    else
      error = repair_grants(F, f, fl, nfl, m, ri, gs, &open);
  }
  if (!error)
    error = finish_role(F, &F->roles[F->nroles - 1], m, ri, gs, &open);
  if (!error)
    error = keep_open(F, &F->roles[F->nroles - 1], &open);
  rc_free(gs);
  rc_free(open.items);
  return error;
}

/* ---- web roles ---- */

/* The names of the other web roles permission p serves: "A, B", or "". */
static const char *others(rc_fix *F, const rc_model *m,
                          const rc_table_permission *p, const char *self)
{
  rc_buf b;
  size_t w;
  const char *out;
  rc_buf_init(&b, 1u << 20);
  for (w = 0; w < rc_model_webrole_count(m); w++) {
    const rc_webrole *x = rc_model_webrole(m, w);
    if (!strcmp(x->id, self) || !rc_permission_has_webrole(p, x->id))
      continue;
    if (b.len)
      rc_buf_puts(&b, ", ");
    rc_buf_puts(&b, x->name);
  }
  out = rc_buf_copy(&b, &F->arena);
  rc_buf_dispose(&b);
  return out;
}

static int plan_webrole(rc_fix *F, size_t mi, size_t wi)
{
  const rc_model *m = F->models[mi];
  const rc_webrole *w = rc_model_webrole(m, wi);
  const rc_role_fit *fit = rc_analysis_role_fit(F->an, mi, wi, 1);
  const role_ref *fr, *fl;
  size_t nfr, nfl, i, np = rc_model_permission_count(m), nc = 0;
  pstate *ps;
  open_list open = {NULL, 0, 0};
  rc_fix_role *r = NULL;
  rc_fix_change *changes;
  int error;
  if (!fit || !fit->profile)
    return RC_OK;
  if (F->opts.role && !rc_pattern_match(F->opts.role, w->name))
    return RC_OK;
  ps = rc_calloc(np + 1, sizeof(*ps));
  if (!ps)
    return rc_fail_nomem(F->ctx);
  error = push_role(F, &r);
  if (!error) {
    r->model = mi;
    r->role = wi;
    r->webrole = 1;
    r->profile = fit->profile;
    r->source_id = w->id;
    r->source_name = w->name;
  }
  fr = refs_of(F->findings, F->nfindings, mi, wi, 1, &nfr);
  fl = refs_of(F->flags, F->nflags, mi, wi, 1, &nfl);
  for (i = 0; i < nfr && !error; i++) {
    const rc_finding *f = rc_analysis_finding(F->an, fr[i].index);
    size_t k;
    int flagged = 0, stays = 0;
    if (strcmp(f->rule->profile, fit->profile))
      continue;
    if (f->state == RC_STATE_SUPPRESSED) {
      error = suppressed(F, f, &open);
      continue;
    }
    for (k = 0; k < nfl; k++) {
      const rc_flag *x = &F->an->flags[fl[k].index];
      const rc_table_permission *p;
      if (!flag_of(x, f))
        continue;
      flagged = 1;
      p = rc_model_permission(m, x->permission);
      if (x->clause->repair == RC_REPAIR_DETACH && !p->inherited)
        ps[x->permission].detach = 1;
      else if (x->clause->repair == RC_REPAIR_REMOVE)
        ps[x->permission].clear |= x->perm_rights;
      else {
        stays = 1;
        continue;
      }
      add_rule(ps[x->permission].rules, &ps[x->permission].nrules, f->rule->id);
    }
    if (!flagged || stays)
      error = push_open(F, &open, f->rule->id, "review", f->table,
                        joined(F, f->message, " ", f->fix));
  }
  changes =
      error ? NULL : rc_arena_alloc(&F->arena, (np + 1) * sizeof(*changes));
  if (!error && !changes)
    error = rc_fail_nomem(F->ctx);
  for (i = 0; i < np && !error; i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    rc_fix_change *c;
    if (!ps[i].detach && !ps[i].clear)
      continue;
    c = &changes[nc++];
    memset(c, 0, sizeof(*c));
    c->privilege = p->name;
    c->table = p->table;
    c->right = -1;
    c->action = ps[i].detach ? RC_FIX_DETACH : RC_FIX_REMOVE;
    c->perm_rights = ps[i].detach ? 0 : ps[i].clear;
    c->rules = rules_text(F, ps[i].rules, ps[i].nrules);
    c->file = p->file;
    c->line = p->line;
    c->shared_with = ps[i].detach ? "" : others(F, m, p, w->id);
    if (!c->rules || !c->shared_with)
      error = rc_fail_nomem(F->ctx);
  }
  if (!error) {
    r = &F->roles[F->nroles - 1];
    r->changes = changes;
    r->change_count = nc;
    if (nc) {
      r->id = w->id;
      r->name = w->name;
    }
    error = keep_open(F, r, &open);
  }
  rc_free(ps);
  rc_free(open.items);
  return error;
}

/* ---- site edits, merged by file ---- */

static int ends_with(const char *s, const char *suffix)
{
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && !rc_ascii_casecmp(s + a - b, suffix);
}

static int merge_site(rc_fix *F)
{
  size_t i, k, n = 0, cap = 0;
  rc_fix_permission_edit *edits = NULL;
  for (i = 0; i < F->nroles; i++) {
    const rc_fix_role *r = &F->roles[i];
    const char *root = rc_model_path(F->models[r->model]);
    size_t rl = strlen(root);
    if (!r->webrole)
      continue;
    while (rl > 1 && (root[rl - 1] == '/' || root[rl - 1] == '\\'))
      rl--;
    for (k = 0; k < r->change_count; k++) {
      const rc_fix_change *c = &r->changes[k];
      rc_fix_permission_edit *e = NULL;
      size_t j;
      if (!c->file || !ends_with(c->file, ".tablepermission.yml") ||
          strncmp(c->file, root, rl) ||
          (c->file[rl] != '/' && c->file[rl] != '\\'))
        continue;
      for (j = 0; j < n; j++) {
        if (!strcmp(edits[j].file, c->file))
          e = &edits[j];
      }
      if (!e) {
        void *items = edits;
        if (rc_array_reserve(&items, &cap, n + 1, sizeof(*edits)) < 0) {
          rc_free(edits);
          return rc_fail_nomem(F->ctx);
        }
        edits = items;
        e = &edits[n++];
        memset(e, 0, sizeof(*e));
        e->file = c->file;
        e->relative = c->file + rl + 1;
      }
      e->clear_rights |= c->perm_rights;
      if (c->action == RC_FIX_DETACH) {
        const char **ids =
            rc_arena_alloc(&F->arena, (e->detach_count + 1) * sizeof(*ids));
        if (!ids) {
          rc_free(edits);
          return rc_fail_nomem(F->ctx);
        }
        if (e->detach_count)
          memcpy(ids, e->detach, e->detach_count * sizeof(*ids));
        ids[e->detach_count++] = r->source_id;
        e->detach = ids;
      }
    }
  }
  if (n) {
    F->site = rc_arena_alloc(&F->arena, n * sizeof(*edits));
    if (!F->site) {
      rc_free(edits);
      return rc_fail_nomem(F->ctx);
    }
    memcpy(F->site, edits, n * sizeof(*edits));
  }
  F->nsite = n;
  rc_free(edits);
  return RC_OK;
}

/* ---- the plan ---- */

int rc_fix_plan(rc_fix **out, rc_ctx *ctx, const rc_rulepack *pack,
                const rc_analysis *analysis, rc_model *const *models,
                size_t count, const rc_fix_options *opts)
{
  static const rc_fix_options defaults = RC_FIX_OPTIONS_INIT;
  rc_fix *F;
  size_t mi, ri;
  int error;
  RC_ASSERT_ARG(ctx, out && pack && analysis && (models || !count));
  *out = NULL;
  F = rc_calloc(1, sizeof(*F));
  if (!F)
    return rc_fail_nomem(ctx);
  rc_arena_init(&F->arena);
  F->ctx = ctx;
  F->pack = pack;
  F->an = analysis;
  F->models = models;
  F->count = count;
  F->opts = opts ? *opts : defaults;
  error = index_analysis(F);
  for (mi = 0; mi < count && !error; mi++) {
    for (ri = 0; ri < rc_model_role_count(models[mi]) && !error; ri++)
      error = plan_role(F, mi, ri);
    for (ri = 0; ri < rc_model_webrole_count(models[mi]) && !error; ri++)
      error = plan_webrole(F, mi, ri);
  }
  if (!error)
    error = merge_site(F);
  rc_free(F->findings);
  rc_free(F->flags);
  F->findings = F->flags = NULL;
  if (error) {
    rc_fix_free(F);
    return error;
  }
  *out = F;
  return RC_OK;
}

void rc_fix_free(rc_fix *fix)
{
  if (!fix)
    return;
  rc_free(fix->roles);
  rc_arena_dispose(&fix->arena);
  rc_free(fix);
}

size_t rc_fix_role_count(const rc_fix *fix)
{
  return fix ? fix->nroles : 0;
}

const rc_fix_role *rc_fix_role_at(const rc_fix *fix, size_t i)
{
  return fix && i < fix->nroles ? &fix->roles[i] : NULL;
}

const rc_fix_role *rc_fix_find(const rc_fix *fix, size_t model, size_t role)
{
  size_t i;
  for (i = 0; fix && i < fix->nroles; i++) {
    const rc_fix_role *r = &fix->roles[i];
    if (!r->webrole && r->model == model && r->role == role)
      return r;
  }
  return NULL;
}

const rc_fix_permission_edit *rc_fix_site_edits(const rc_fix *fix,
                                                size_t *count)
{
  *count = fix ? fix->nsite : 0;
  return fix && fix->nsite ? fix->site : NULL;
}

/* ---- the solution ---- */

/* A unique-name piece: letters and digits of s ("Team Members" ->
 * "TeamMembers"). */
static void name_piece(rc_buf *b, const char *s)
{
  for (; *s; s++) {
    if (rc_ascii_isalnum((unsigned char)*s))
      rc_buf_putc(b, *s);
  }
}

int rc_fix_solution(const rc_fix *fix, rc_ctx *ctx, const char *unique_name,
                    const char *version, const rc_fix_solution_out **out)
{
  rc_fix *F = (rc_fix *)(uintptr_t)fix;
  rc_fix_solution_out *s = &F->solution;
  rc_fix_role_out *roles;
  const rc_solution *first = NULL;
  const char *profile = NULL, *label;
  size_t i, n = 0;
  rc_buf b;
  RC_ASSERT_ARG(ctx, fix && out);
  *out = NULL;
  roles = rc_arena_alloc(&F->arena, (2 * F->nroles + 1) * sizeof(*roles));
  if (!roles)
    return rc_fail_nomem(ctx);
  for (i = 0; i < F->nroles; i++) {
    const rc_fix_role *r = &F->roles[i];
    const rc_model *m = F->models[r->model];
    const rc_role *src;
    size_t k;
    int seen = 0;
    if (r->webrole || !r->change_count)
      continue;
    for (k = 0; k < n; k++)
      seen |= !rc_ascii_casecmp(roles[k].id, r->id);
    if (seen)
      continue; /* the same role in two inputs: written once */
    src = rc_model_role(m, r->role);
    if (!first && rc_model_solution(m)->publisher[0])
      first = rc_model_solution(m);
    profile = !profile || !strcmp(profile, r->profile) ? r->profile : "";
    roles[n++] = (rc_fix_role_out){r->id,
                                   r->name,
                                   src->is_inherited,
                                   src->is_auto_assigned,
                                   NULL,
                                   r->privilege_count,
                                   r->privileges};
    if (r->admin_count)
      roles[n++] =
          (rc_fix_role_out){r->admin_id, r->admin_name,  src->is_inherited,  0,
                            NULL,        r->admin_count, r->admin_privileges};
  }
  memset(s, 0, sizeof(*s));
  s->roles = roles;
  s->role_count = n;
  label = profile && profile[0] ? licence_name(F->pack, profile) : "Licence";
  rc_buf_init(&b, 4096);
  if (unique_name) {
    rc_buf_puts(&b, unique_name);
  } else {
    name_piece(&b,
               first && first->unique_name[0] ? first->unique_name : "Roles");
    rc_buf_putc(&b, '_');
    name_piece(&b, label);
  }
  s->unique_name = rc_buf_copy(&b, &F->arena);
  rc_buf_clear(&b);
  rc_buf_puts(&b, first && first->display_name[0]
                      ? first->display_name
                      : (first && first->unique_name[0] ? first->unique_name
                                                        : "Roles"));
  rc_buf_puts(&b, " (roles for ");
  rc_buf_puts(&b, label);
  rc_buf_puts(&b, ")");
  s->display_name = rc_buf_copy(&b, &F->arena);
  rc_buf_dispose(&b);
  s->version = version ? version : "1.0.0.0";
  s->publisher = first ? first->publisher : "rolecheck";
  s->publisher_display = s->publisher;
  s->prefix = first && first->prefix[0] ? first->prefix : "rcfix";
  /* a new publisher needs an option-value prefix; an existing one keeps
   * its own: 10000-99999 from the customization prefix */
  s->option_prefix =
      10000 +
      (unsigned long)(rc_fnv1a64(s->prefix, strlen(s->prefix)) % 90000u);
  if (!s->unique_name || !s->display_name)
    return rc_fail_nomem(ctx);
  F->solution_done = 1;
  *out = s;
  return RC_OK;
}
