/* rc_users_judge: each user of the role exports, their roles joined to the
 * solutions' roles, the union of those roles judged as one role by the
 * rule engine (rc_model_union + rc_analyze, in batches, each distinct set
 * of roles once), and the verdict against the licences the user holds. */
#include "rules/users_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "rules/emit.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/intern.h"

const char *rc_verdict_name(rc_verdict verdict)
{
  static const char *const names[RC_VERDICT_COUNT] = {
      "out-of-licence", "unlicensed", "review",       "unknown-role",
      "over-licensed",  "ok",         "not-evaluated"};
  return (unsigned)verdict < RC_VERDICT_COUNT ? names[verdict] : "";
}

int rc_verdict_severity(rc_verdict verdict)
{
  switch (verdict) {
  case RC_VERDICT_OUT:
  case RC_VERDICT_UNLICENSED:
    return RC_SEVERITY_ERROR;
  case RC_VERDICT_REVIEW:
  case RC_VERDICT_UNKNOWN_ROLE:
    return RC_SEVERITY_WARNING;
  case RC_VERDICT_OVER:
    return RC_SEVERITY_NOTE;
  default:
    return 0;
  }
}

const char *rc_users_pseudonym(char *buf, size_t cap, const char *text)
{
  char lower[512];
  size_t len = strlen(text);
  uint64_t h;
  if (len >= sizeof(lower))
    len = sizeof(lower) - 1;
  rc_ascii_lower(lower, sizeof(lower), text, len);
  h = rc_fnv1a64(lower, len);
  snprintf(buf, cap, "user-%012llx",
           (unsigned long long)(h & UINT64_C(0xffffffffffff)));
  return buf;
}

const char *rc_skip_name(rc_skip_reason reason)
{
  static const char *const names[RC_SKIP_COUNT] = {
      "",        "application",     "non-interactive",
      "support", "delegated-admin", "disabled",
      "no-roles"};
  return (unsigned)reason < RC_SKIP_COUNT ? names[reason] : "";
}

const char *rc_role_join_name(rc_role_join join)
{
  switch (join) {
  case RC_JOIN_ROOT:
    return "root-id";
  case RC_JOIN_ID:
    return "id";
  case RC_JOIN_NAME:
    return "name";
  case RC_JOIN_NONE:
    break;
  }
  return "none";
}

const char *rc_licence_classes_text(char *buf, size_t cap, unsigned classes)
{
  size_t len = 0;
  unsigned bit;
  if (!cap)
    return buf;
  buf[0] = '\0';
  for (bit = 1; bit && bit <= RC_LIC_ALL; bit <<= 1) {
    const char *name = (classes & bit) ? rc_licence_class_name(bit) : NULL;
    int w;
    if (!name)
      continue;
    w = snprintf(buf + len, cap - len, "%s%s", len ? "+" : "", name);
    if (w < 0 || (size_t)w >= cap - len)
      break;
    len += (size_t)w;
  }
  if (!len)
    snprintf(buf, cap, "none");
  return buf;
}

/* ---- indexes ---- */

static int cmp_role_key(const void *a, const void *b)
{
  const role_key *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (!c)
    c = (x->model > y->model) - (x->model < y->model);
  return c ? c : (x->role > y->role) - (x->role < y->role);
}

static int cmp_role_name(const void *a, const void *b)
{
  const role_key *x = a, *y = b;
  int c = rc_ascii_casecmp(x->key, y->key);
  if (!c)
    c = (x->model > y->model) - (x->model < y->model);
  return c ? c : (x->role > y->role) - (x->role < y->role);
}

/* The first role (in input order) with this key, or NULL. */
static const role_key *find_role(const role_key *keys, size_t n,
                                 const char *key, int by_name)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = by_name ? rc_ascii_casecmp(keys[mid].key, key)
                    : strcmp(keys[mid].key, key);
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == n || (by_name ? rc_ascii_casecmp(keys[lo].key, key)
                          : strcmp(keys[lo].key, key)))
    return NULL;
  return &keys[lo];
}

static int index_roles(judge *J)
{
  const rc_users_input *in = J->in;
  size_t m, r, n = 0, i;
  J->offset = rc_calloc(in->model_count + 1, sizeof(*J->offset));
  if (!J->offset)
    return RC_ENOMEM;
  for (m = 0; m < in->model_count; m++) {
    J->offset[m] = n;
    n += rc_model_role_count(in->models[m]);
  }
  J->offset[in->model_count] = n;
  J->nroles = n;
  J->by_id = rc_calloc(n + 1, sizeof(*J->by_id));
  J->by_name = rc_calloc(n + 1, sizeof(*J->by_name));
  J->own_fit = rc_calloc(n + 1, sizeof(*J->own_fit));
  J->stats = rc_calloc(n + 1, sizeof(*J->stats));
  if (!J->by_id || !J->by_name || !J->own_fit || !J->stats)
    return RC_ENOMEM;
  for (m = 0, i = 0; m < in->model_count; m++) {
    for (r = 0; r < rc_model_role_count(in->models[m]); r++, i++) {
      const rc_role *role = rc_model_role(in->models[m], r);
      J->by_id[i] = (role_key){role->guid, m, r};
      J->by_name[i] = (role_key){role->name, m, r};
    }
  }
  qsort(J->by_id, n, sizeof(*J->by_id), cmp_role_key);
  qsort(J->by_name, n, sizeof(*J->by_name), cmp_role_name);
  for (i = 0; in->analysis && i < rc_analysis_fit_count(in->analysis); i++) {
    const rc_role_fit *f = rc_analysis_fit(in->analysis, i);
    if (!f->webrole && f->model < in->model_count &&
        f->role < rc_model_role_count(in->models[f->model]))
      J->own_fit[J->offset[f->model] + f->role] = f;
  }
  return RC_OK;
}

static int cmp_holder_key(const void *a, const void *b)
{
  const holder_key *x = a, *y = b;
  int c = rc_ascii_casecmp(x->key, y->key);
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int index_holders(judge *J)
{
  const rc_licences *l = J->in->licences;
  size_t i, n = l ? rc_licences_user_count(l) : 0;
  J->nholders = n;
  J->by_oid = rc_calloc(n + 1, sizeof(*J->by_oid));
  J->by_upn = rc_calloc(n + 1, sizeof(*J->by_upn));
  J->holder_seen = rc_calloc(n + 1, 1);
  if (!J->by_oid || !J->by_upn || !J->holder_seen)
    return RC_ENOMEM;
  for (i = 0; i < n; i++) {
    const rc_licence_holder *h = rc_licences_user(l, i);
    J->by_oid[i] = (holder_key){h->object_id, i};
    J->by_upn[i] = (holder_key){h->upn, i};
  }
  qsort(J->by_oid, n, sizeof(*J->by_oid), cmp_holder_key);
  qsort(J->by_upn, n, sizeof(*J->by_upn), cmp_holder_key);
  return RC_OK;
}

/* The holder with this key ("" matches none), or -1. */
static long find_holder(const holder_key *keys, size_t n, const char *key)
{
  size_t lo = 0, hi = n;
  if (!key || !*key)
    return -1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rc_ascii_casecmp(keys[mid].key, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && !rc_ascii_casecmp(keys[lo].key, key) ? (long)keys[lo].index
                                                        : -1;
}

/* ---- licences ---- */

/* The pack's licences (bits of rc_rulepack_licence() indices) that
 * licence classes give. */
static uint32_t pack_licences(const rc_rulepack *pack, unsigned classes)
{
  uint32_t out = 0;
  size_t k;
  for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
    if (classes & rc_pack__licence_classes(pack, k))
      out |= 1u << k;
  }
  return out;
}

/* 0 Team Members, 1 Power Apps, 2 a Dynamics 365 application. */
static int tier(const rc_rulepack *pack, size_t k)
{
  const rc_licence_info *li = rc_rulepack_licence(pack, k);
  if (li->is_d365)
    return 2;
  return strcmp(li->id, "team-member") ? 1 : 0;
}

/* "TM", "SE+CSE": the short names of licence bits, in pack order. */
static const char *licences_text(judge *J, uint32_t bits)
{
  rc_buf b;
  const char *out;
  size_t k;
  rc_buf_init(&b, RC_TEXT_MAX);
  for (k = 0; k < rc_rulepack_licence_count(J->pack); k++) {
    if (!(bits & (1u << k)))
      continue;
    rc_buf_puts(&b, b.len ? "+" : "");
    rc_buf_puts(&b, rc_rulepack_licence(J->pack, k)->short_name);
  }
  out = rc_buf_copy(&b, &J->U->arena);
  rc_buf_dispose(&b);
  return out;
}

/* ---- joining roles ---- */

/* Note a role id in no input for the closing warning. */
static int note_unknown(judge *J, const char *id)
{
  size_t index;
  int added;
  if (rc_intern_add(&J->unknown, &J->U->arena, id, strlen(id), &index, &added) <
      0)
    return RC_ENOMEM;
  if (added) {
    void *grown = J->unknown_users;
    if (rc_array_reserve(&grown, &J->unknown_cap, index + 1,
                         sizeof(*J->unknown_users)) < 0)
      return RC_ENOMEM;
    J->unknown_users = grown;
    J->unknown_users[index] = 0;
  }
  J->unknown_users[index]++;
  return RC_OK;
}

/* The user's roles, joined and each once (a role met again through a team
 * keeps its first, direct, occurrence). */
static int join_roles(judge *J, rc_user_verdict *v)
{
  size_t n, i, k, kept = 0;
  const rc_role_grant *g =
      rc_principals_effective_roles(J->in->principals, v->user, &n);
  rc_user_role *roles = rc_arena_alloc(&J->U->arena, (n + 1) * sizeof(*roles));
  if (!roles)
    return RC_ENOMEM;
  for (i = 0; i < n; i++) {
    rc_user_role ur;
    const role_key *hit = NULL;
    memset(&ur, 0, sizeof(ur));
    ur.grant = &g[i];
    ur.join = RC_JOIN_NONE;
    ur.team = "";
    if (g[i].team_id[0]) {
      const rc_principal_team *t =
          rc_principals_find_team(J->in->principals, g[i].team_id);
      ur.team = t && t->name[0] ? t->name : g[i].team_id;
    }
    if (g[i].root_role_id[0] &&
        (hit = find_role(J->by_id, J->nroles, g[i].root_role_id, 0)))
      ur.join = RC_JOIN_ROOT;
    else if ((hit = find_role(J->by_id, J->nroles, g[i].role_id, 0)))
      ur.join = RC_JOIN_ID;
    else if (g[i].name[0] &&
             (hit = find_role(J->by_name, J->nroles, g[i].name, 1)))
      ur.join = RC_JOIN_NAME;
    if (hit) {
      ur.model = hit->model;
      ur.role = hit->role;
    }
    for (k = 0; k < kept; k++) {
      if (ur.join != RC_JOIN_NONE
              ? roles[k].join != RC_JOIN_NONE && roles[k].model == ur.model &&
                    roles[k].role == ur.role
              : roles[k].join == RC_JOIN_NONE &&
                    !strcmp(roles[k].grant->role_id, ur.grant->role_id))
        break;
    }
    if (k < kept)
      continue;
    if (ur.join == RC_JOIN_NAME) {
      role_stat *s = &J->stats[J->offset[ur.model] + ur.role];
      if (!s->named) {
        s->named = 1;
        rc_warn(J->ctx,
                "%s: role '%s' (%s) is joined to the solution's '%s' by "
                "name only: neither its id nor its root role id is in the "
                "inputs",
                v->user->file, g[i].name, g[i].role_id,
                rc_model_role(J->in->models[ur.model], ur.role)->name);
      }
    }
    if (ur.join == RC_JOIN_NONE) {
      v->unknown_roles++;
      if (note_unknown(J, g[i].role_id) < 0)
        return RC_ENOMEM;
    }
    roles[kept++] = ur;
  }
  v->roles = roles;
  v->role_count = kept;
  return RC_OK;
}

/* ---- verdicts ---- */

static rc_skip_reason skip_reason(const rc_principal_user *u,
                                  const rc_licence_holder *h)
{
  if (u->kinds & RC_USER_APPLICATION)
    return RC_SKIP_APPLICATION;
  if (u->kinds & RC_USER_NON_INTERACTIVE)
    return RC_SKIP_NON_INTERACTIVE;
  if (u->kinds & RC_USER_SUPPORT)
    return RC_SKIP_SUPPORT;
  if (u->kinds & RC_USER_DELEGATED_ADMIN)
    return RC_SKIP_DELEGATED_ADMIN;
  if ((u->kinds & RC_USER_DISABLED) || (h && h->enabled == 0))
    return RC_SKIP_DISABLED;
  return RC_SKIP_NONE;
}

/* The first pass over a user: licence, roles, what is judged. */
static int prepare_user(judge *J, rc_user_verdict *v, size_t *union_index)
{
  long h = find_holder(J->by_oid, J->nholders, v->user->object_id);
  int error;
  *union_index = (size_t)-1;
  v->matched_by = "";
  if (h >= 0) {
    v->matched_by = "object id";
  } else if ((h = find_holder(J->by_upn, J->nholders, v->user->upn)) >= 0) {
    v->matched_by = "upn";
  }
  if (h >= 0) {
    const rc_licence_holder *lh = rc_licences_user(J->in->licences, (size_t)h);
    unsigned attach = lh->attach_classes & ~lh->base_classes;
    v->licence = lh;
    J->holder_seen[h] = 1;
    v->classes = lh->base_classes;
    if (lh->base_classes & FULL_D365)
      v->classes |= attach;
    else
      v->attach_without_base = attach;
  }
  v->licences = pack_licences(J->pack, v->classes);
  error = join_roles(J, v);
  if (error)
    return error;
  v->not_evaluated = skip_reason(v->user, v->licence);
  if (!v->not_evaluated && !v->role_count)
    v->not_evaluated = RC_SKIP_NO_ROLES;
  if (v->not_evaluated) {
    v->verdict = RC_VERDICT_NOT_EVALUATED;
    return RC_OK;
  }
  if (v->role_count > v->unknown_roles)
    return rc_users__union_of(J, v, union_index);
  return RC_OK;
}

/* Is a table of a Dynamics 365 need left uncovered by the held licences? */
static int table_uncovered(const rc_role_fit *fit, const char *table,
                           uint32_t d365)
{
  size_t i;
  for (i = 0; i < fit->need_count; i++) {
    if (!strcmp(fit->needs[i].table, table) && !(fit->needs[i].covers & d365))
      return 1;
  }
  return 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The lines of the fit (lines: its reasons or their briefs) about the
 * licence judged, joined with "; "; NULL when out of memory. */
static const char *reason_lines(judge *J, const rc_role_fit *fit,
                                const char *const *lines, uint32_t d365,
                                int tm_only)
{
  rc_buf b;
  const char *out;
  size_t i;
  rc_buf_init(&b, RC_TEXT_MAX);
  for (i = 0; i < fit->reason_count; i++) {
    /* the full line says which licence it is about */
    const char *line = fit->reasons[i];
    int d = !strncmp(line, "Dynamics 365 ", 13);
    int mine = d365 ? d
                    : !strncmp(line, tm_only ? "Team Members " : "Power Apps ",
                               tm_only ? 13 : 11);
    if (!mine)
      continue;
    rc_buf_puts(&b, b.len ? "; " : "");
    rc_buf_puts(&b, lines[i]);
  }
  out = rc_buf_copy(&b, &J->U->arena);
  rc_buf_dispose(&b);
  return out;
}

/* The rules behind an out-of-licence or review verdict, and the fit's
 * reason lines for the licences held. */
static int explain(judge *J, rc_user_verdict *v, const uni *u, uint32_t d365,
                   int tm_only, rc_fit_level level)
{
  const char **rules =
      rc_arena_alloc(&J->U->arena, (u->nfindings + 1) * sizeof(*rules));
  size_t i, n = 0, k;
  if (!rules)
    return RC_ENOMEM;
  for (i = 0; i < u->nfindings; i++) {
    const brief *f = &u->findings[i];
    if (level == RC_FIT_NO && f->level != RC_FIT_NO)
      continue;
    /* the rules of the licence judged: Team Members', else Power Apps'
     * (a Dynamics 365 licence: the restricted tables they flag) */
    if (strcmp(f->profile, tm_only ? "team-member" : "power-apps"))
      continue;
    if (d365 && !(v->licences & ~d365) &&
        (!f->table[0] || !table_uncovered(u->fit, f->table, d365)))
      continue;
    rules[n++] = f->rule;
  }
  if (n)
    qsort(rules, n, sizeof(*rules), cmp_str);
  for (i = k = 0; i < n; i++) {
    if (!k || strcmp(rules[k - 1], rules[i]))
      rules[k++] = rules[i];
  }
  v->rules = rules;
  v->rule_count = k;
  /* the reason lines of the licence judged, in full and brief */
  v->reason = reason_lines(J, u->fit, u->fit->reasons, d365, tm_only);
  v->brief = u->fit->briefs
                 ? reason_lines(J, u->fit, u->fit->briefs, d365, tm_only)
                 : v->reason;
  return v->reason && v->brief ? RC_OK : RC_ENOMEM;
}

/* Held licences that could go, for an over-licensed user; "" for none. */
static const char *droppable(judge *J, const rc_user_verdict *v)
{
  const rc_role_fit *fit = v->fit;
  size_t k, nl = rc_rulepack_licence_count(J->pack);
  int need_tier = 3, held_tier = -1;
  uint32_t drop = 0;
  for (k = 0; k < nl; k++) {
    if (fit->fit[k] == RC_FIT_YES && tier(J->pack, k) < need_tier)
      need_tier = tier(J->pack, k);
    if ((v->licences & (1u << k)) && tier(J->pack, k) > held_tier)
      held_tier = tier(J->pack, k);
  }
  if (need_tier == 3)
    need_tier = 2; /* a combination of Dynamics 365 licences */
  for (k = 0; k < nl; k++) {
    uint32_t bit = 1u << k;
    if (!(v->licences & bit))
      continue;
    /* a cheaper kind of licence is enough, or the others cover it */
    if ((need_tier < held_tier && tier(J->pack, k) > need_tier) ||
        rc_role_fit_level(J->pack, fit, v->licences & ~bit) == RC_FIT_YES)
      drop |= bit;
  }
  return drop ? licences_text(J, drop) : "";
}

/* The second pass: the verdict from the union's fit. */
static int decide(judge *J, rc_user_verdict *v, const uni *u)
{
  rc_fit_level level;
  uint32_t d365 = 0;
  size_t k, i;
  int tm_only = 1, any_alone = 0;
  v->fit = u ? u->fit : NULL;
  for (k = 0; k < rc_rulepack_licence_count(J->pack); k++) {
    if (!(v->licences & (1u << k)))
      continue;
    if (tier(J->pack, k) == 2)
      d365 |= 1u << k;
    if (tier(J->pack, k))
      tm_only = 0;
  }
  v->judged_as = licences_text(J, v->licences);
  if (!v->judged_as)
    return RC_ENOMEM;
  if (!v->licences) {
    v->verdict = RC_VERDICT_UNLICENSED;
    v->reason = v->attach_without_base
                    ? "holds attach licences only, which count only with a "
                      "full Dynamics 365 base licence"
                    : "holds none of the licences judged here";
    return RC_OK;
  }
  if (!u) {
    v->verdict = RC_VERDICT_UNKNOWN_ROLE;
    return RC_OK;
  }
  level = rc_role_fit_level(J->pack, u->fit, v->licences);
  if (level == RC_FIT_YES) {
    v->could_drop = droppable(J, v);
    if (!v->could_drop)
      return RC_ENOMEM;
    v->verdict = v->unknown_roles ? RC_VERDICT_UNKNOWN_ROLE
                 : *v->could_drop ? RC_VERDICT_OVER
                                  : RC_VERDICT_OK;
    return RC_OK;
  }
  if (explain(J, v, u, d365, tm_only, level) < 0)
    return RC_ENOMEM;
  if (level == RC_FIT_REVIEW) {
    v->verdict = v->unknown_roles ? RC_VERDICT_UNKNOWN_ROLE : RC_VERDICT_REVIEW;
    return RC_OK;
  }
  v->verdict = RC_VERDICT_OUT;
  /* the roles that do it alone; else all of them together */
  for (i = 0; i < v->role_count; i++) {
    rc_user_role *r = (rc_user_role *)&v->roles[i];
    const rc_role_fit *own;
    if (r->join == RC_JOIN_NONE)
      continue;
    own = J->own_fit[J->offset[r->model] + r->role];
    r->causes =
        own && rc_role_fit_level(J->pack, own, v->licences) == RC_FIT_NO;
    any_alone |= r->causes;
  }
  v->combination = !any_alone;
  for (i = 0; !any_alone && i < v->role_count; i++) {
    rc_user_role *r = (rc_user_role *)&v->roles[i];
    r->causes = r->join != RC_JOIN_NONE;
  }
  return RC_OK;
}

/* ---- per role ---- */

static int count_role(role_stat *s, const rc_user_verdict *v,
                      const rc_user_role *r)
{
  size_t k;
  s->users++;
  s->out += v->verdict == RC_VERDICT_OUT && r->causes;
  s->teams_only += r->grant->team_id[0] != '\0';
  for (k = 0; k < s->nby && s->by[k].classes != v->classes; k++)
    ;
  if (k == s->nby) {
    void *grown = s->by;
    if (rc_array_reserve(&grown, &s->by_cap, s->nby + 1, sizeof(*s->by)) < 0)
      return RC_ENOMEM;
    s->by = grown;
    s->by[s->nby].classes = v->classes;
    s->by[s->nby++].users = 0;
  }
  s->by[k].users++;
  return RC_OK;
}

static int cmp_per_licence(const void *a, const void *b)
{
  const per_licence *x = a, *y = b;
  if (x->users != y->users)
    return x->users > y->users ? -1 : 1;
  return (x->classes > y->classes) - (x->classes < y->classes);
}

static int cmp_usage(const void *a, const void *b)
{
  const rc_role_usage *x = a, *y = b;
  if (x->out_of_licence != y->out_of_licence)
    return x->out_of_licence > y->out_of_licence ? -1 : 1;
  if (x->users != y->users)
    return x->users > y->users ? -1 : 1;
  if (x->model != y->model)
    return x->model < y->model ? -1 : 1;
  return (x->role > y->role) - (x->role < y->role);
}

static int role_usage(judge *J)
{
  rc_users *U = J->U;
  size_t m, r, n = 0, i;
  for (i = 0; i < J->nroles; i++)
    n += J->stats[i].users > 0;
  U->usage = rc_arena_alloc(&U->arena, (n + 1) * sizeof(*U->usage));
  if (!U->usage)
    return RC_ENOMEM;
  for (m = 0; m < J->in->model_count; m++) {
    for (r = 0; r < rc_model_role_count(J->in->models[m]); r++) {
      role_stat *s = &J->stats[J->offset[m] + r];
      rc_role_usage *ru;
      rc_buf b;
      size_t k;
      if (!s->users)
        continue;
      ru = &U->usage[U->nusage++];
      ru->model = m;
      ru->role = r;
      ru->users = s->users;
      ru->out_of_licence = s->out;
      ru->through_teams = s->teams_only;
      qsort(s->by, s->nby, sizeof(*s->by), cmp_per_licence);
      rc_buf_init(&b, RC_TEXT_MAX);
      for (k = 0; k < s->nby; k++) {
        char classes[160], count[32];
        rc_licence_classes_text(classes, sizeof(classes), s->by[k].classes);
        snprintf(count, sizeof(count), "=%lu", (unsigned long)s->by[k].users);
        rc_buf_puts(&b, k ? ", " : "");
        rc_buf_puts(&b, classes);
        rc_buf_puts(&b, count);
      }
      ru->by_licence = rc_buf_copy(&b, &U->arena);
      rc_buf_dispose(&b);
      if (!ru->by_licence)
        return RC_ENOMEM;
    }
  }
  if (U->nusage > 1)
    qsort(U->usage, U->nusage, sizeof(*U->usage), cmp_usage);
  return RC_OK;
}

static int cmp_verdict(const void *a, const void *b)
{
  const rc_user_verdict *x = a, *y = b;
  int c;
  if (x->verdict != y->verdict)
    return x->verdict < y->verdict ? -1 : 1;
  if (x->not_evaluated != y->not_evaluated)
    return x->not_evaluated < y->not_evaluated ? -1 : 1;
  c = rc_ascii_casecmp(x->user->upn, y->user->upn);
  return c ? c : strcmp(x->user->id, y->user->id);
}

static void unknown_warnings(judge *J)
{
  size_t i;
  for (i = 0; i < J->unknown.count; i++)
    rc_warn(J->ctx,
            "role %s, held by %lu user(s), is in no input solution: their "
            "verdict is unknown-role unless another role already puts them "
            "out of licence",
            J->unknown.keys[i], (unsigned long)J->unknown_users[i]);
}

static void judge_dispose(judge *J)
{
  size_t i;
  for (i = 0; i < J->nunions; i++)
    rc_free(J->unions[i].refs);
  for (i = 0; J->stats && i < J->nroles; i++)
    rc_free(J->stats[i].by);
  rc_free(J->unions);
  rc_free(J->by_id);
  rc_free(J->by_name);
  rc_free(J->offset);
  rc_free(J->own_fit);
  rc_free(J->stats);
  rc_free(J->by_oid);
  rc_free(J->by_upn);
  rc_free(J->holder_seen);
  rc_free(J->unknown_users);
  rc_intern_dispose(&J->union_keys);
  rc_intern_dispose(&J->unknown);
}

static int run(judge *J)
{
  rc_users *U = J->U;
  const rc_principals *p = J->in->principals;
  size_t n = p ? rc_principals_user_count(p) : 0, i, k;
  size_t *which;
  int error = index_roles(J);
  if (!error)
    error = index_holders(J);
  U->users = rc_arena_alloc(&U->arena, (n + 1) * sizeof(*U->users));
  which = rc_malloc((n + 1) * sizeof(*which));
  if (error || !U->users || !which) {
    rc_free(which);
    return RC_ENOMEM;
  }
  memset(U->users, 0, (n + 1) * sizeof(*U->users));
  U->n = n;
  for (i = 0; i < n && !error; i++) {
    U->users[i].user = rc_principals_user(p, i);
    error = prepare_user(J, &U->users[i], &which[i]);
  }
  if (!error)
    error = rc_users__judge_all(J);
  for (i = 0; i < n && !error; i++) {
    rc_user_verdict *v = &U->users[i];
    if (v->verdict == RC_VERDICT_NOT_EVALUATED)
      continue;
    error = decide(J, v, which[i] == (size_t)-1 ? NULL : &J->unions[which[i]]);
    for (k = 0; k < v->role_count && !error; k++) {
      const rc_user_role *r = &v->roles[k];
      if (r->join != RC_JOIN_NONE)
        error = count_role(&J->stats[J->offset[r->model] + r->role], v, r);
    }
  }
  rc_free(which);
  if (error)
    return error;
  for (i = 0; i < n; i++) {
    U->verdicts[U->users[i].verdict]++;
    U->skips[U->users[i].not_evaluated]++;
  }
  for (i = 0; i < J->nholders; i++) {
    const rc_licence_holder *h = rc_licences_user(J->in->licences, i);
    if (J->holder_seen[i])
      continue;
    U->outside++;
    U->outside_licensed += pack_licences(J->pack, h->base_classes) != 0;
  }
  U->nunions = J->nunions;
  if (n > 1)
    qsort(U->users, n, sizeof(*U->users), cmp_verdict);
  unknown_warnings(J);
  error = rc_users__join_usage(J);
  return error ? error : role_usage(J);
}

int rc_users_judge(rc_users **out, rc_ctx *ctx, const rc_users_input *in)
{
  judge J;
  size_t k;
  int error;
  RC_ASSERT_ARG(ctx, out && in && in->setup && in->setup->pack &&
                         (in->models || !in->model_count));
  *out = NULL;
  memset(&J, 0, sizeof(J));
  J.U = rc_calloc(1, sizeof(*J.U));
  if (!J.U)
    return rc_fail_nomem(ctx);
  rc_arena_init(&J.U->arena);
  for (k = 0; k < MAX_JOBS; k++)
    rc_arena_init(&J.U->arenas[k]);
  J.ctx = ctx;
  J.in = in;
  J.pack = in->setup->pack;
  error = run(&J);
  judge_dispose(&J);
  if (error < 0) {
    rc_users_free(J.U);
    return error == RC_ENOMEM ? rc_fail_nomem(ctx) : error;
  }
  *out = J.U;
  return RC_OK;
}

void rc_users_free(rc_users *users)
{
  size_t i;
  if (!users)
    return;
  for (i = 0; i < MAX_JOBS; i++)
    rc_arena_dispose(&users->arenas[i]);
  rc_arena_dispose(&users->arena);
  rc_free(users);
}

size_t rc_users_count(const rc_users *users)
{
  return users->n;
}

const rc_user_verdict *rc_users_at(const rc_users *users, size_t i)
{
  return i < users->n ? &users->users[i] : NULL;
}

size_t rc_users_verdict_count(const rc_users *users, rc_verdict verdict)
{
  return (unsigned)verdict < RC_VERDICT_COUNT ? users->verdicts[verdict] : 0;
}

size_t rc_users_skip_count(const rc_users *users, rc_skip_reason reason)
{
  return (unsigned)reason < RC_SKIP_COUNT ? users->skips[reason] : 0;
}

size_t rc_users_outside_count(const rc_users *users, size_t *licensed)
{
  if (licensed)
    *licensed = users->outside_licensed;
  return users->outside;
}

size_t rc_users_union_count(const rc_users *users)
{
  return users->nunions;
}

size_t rc_users_role_count(const rc_users *users)
{
  return users->nusage;
}

const rc_role_usage *rc_users_role(const rc_users *users, size_t i)
{
  return i < users->nusage ? &users->usage[i] : NULL;
}

size_t rc_users_usage_count(const rc_users *users)
{
  return users->njoins;
}

const rc_usage_join *rc_users_usage_at(const rc_users *users, size_t i)
{
  return i < users->njoins ? &users->joins[i] : NULL;
}
