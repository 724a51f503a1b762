/* The analysis's findings, their order and getters; the one finding key
 * (compare, fingerprint, match) that baselines, suppressions, diff and
 * SARIF share; and what an analysis read, so that a baseline can leave
 * alone the entries of inputs it was not given. */
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/intern.h"

void rc_finding_key__of(rc_finding_key *out, const rc_finding *f)
{
  out->rule = f->rule->id;
  out->role_id = f->role_id;
  out->table = f->table;
  out->privilege = f->privilege;
  out->app = f->app;
  out->scope = f->scope ? f->scope : "";
  out->tables = f->tables ? f->tables : "";
}

/* Rule ids and app unique names compare exactly (as the first SARIF
 * fingerprints did); role ids, tables, privileges, scopes and table lists
 * ignore ASCII case. */
static int field_cmp(size_t i, const char *a, const char *b)
{
  return i == 0 || i == 4 ? strcmp(a, b) : rc_ascii_casecmp(a, b);
}

int rc_finding_key__cmp(const rc_finding_key *a, const rc_finding_key *b)
{
  const char *const x[] = {a->rule, a->role_id, a->table, a->privilege,
                           a->app,  a->scope,   a->tables};
  const char *const y[] = {b->rule, b->role_id, b->table, b->privilege,
                           b->app,  b->scope,   b->tables};
  size_t i;
  for (i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
    int c = field_cmp(i, x[i], y[i]);
    if (c)
      return c;
  }
  return 0;
}

int rc_finding_key__match(const rc_finding_key *pattern, const rc_finding *f)
{
  rc_finding_key k;
  const char *const want[] = {
      pattern->rule, pattern->role_id, pattern->table, pattern->privilege,
      pattern->app,  pattern->scope,   pattern->tables};
  size_t i;
  rc_finding_key__of(&k, f);
  {
    const char *const have[] = {k.rule, k.role_id, k.table, k.privilege,
                                k.app,  k.scope,   k.tables};
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
      if (want[i] && field_cmp(i, want[i], have[i]))
        return 0;
    }
  }
  return 1;
}

/* FNV-1a-64, continued over s lowercased (or as is). */
static uint64_t fnv_more(uint64_t h, const char *s, int lower)
{
  for (; *s; s++) {
    h ^= (unsigned char)(lower ? rc_ascii_tolower((unsigned char)*s) : *s);
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

uint64_t rc_finding_key__fingerprint(const rc_finding_key *k)
{
  /* rule \x1f role \x1f table \x1f privilege \x1f app: the text of the
   * first fingerprints, so findings without a scope or table list keep
   * theirs */
  uint64_t h = rc_fnv1a64("", 0);
  h = fnv_more(h, k->rule, 0);
  h = fnv_more(h, "\x1f", 0);
  h = fnv_more(h, k->role_id, 1);
  h = fnv_more(h, "\x1f", 0);
  h = fnv_more(h, k->table, 1);
  h = fnv_more(h, "\x1f", 0);
  h = fnv_more(h, k->privilege, 1);
  h = fnv_more(h, "\x1f", 0);
  h = fnv_more(h, k->app, 0);
  if (k->scope[0]) {
    h = fnv_more(h, "\x1fscope=", 0);
    h = fnv_more(h, k->scope, 1);
  }
  if (k->tables[0]) {
    h = fnv_more(h, "\x1ftables=", 0);
    h = fnv_more(h, k->tables, 1);
  }
  return h;
}

static int cmp_name(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *rc_finding_key__tables(const char *list)
{
  size_t len = strlen(list), n = 0, i, k;
  char *copy = rc_malloc(len + 1), *out = rc_malloc(len + 1), *p;
  char **names = rc_malloc((len / 2 + 2) * sizeof(char *));
  if (!copy || !out || !names)
    goto fail;
  for (i = 0; i <= len; i++)
    copy[i] = (char)rc_ascii_tolower((unsigned char)list[i]);
  for (p = copy; *p;) {
    size_t w = strcspn(p, ", \t\r\n");
    if (w) {
      names[n++] = p;
      p += w;
      if (!*p)
        break;
      *p++ = '\0';
    } else {
      p++;
    }
  }
  if (n)
    qsort(names, n, sizeof(*names), cmp_name);
  out[0] = '\0';
  for (i = 0, k = 0; i < n; i++) {
    if (i && !strcmp(names[i - 1], names[i]))
      continue;
    if (k)
      out[k++] = ',';
    memcpy(out + k, names[i], strlen(names[i]) + 1);
    k += strlen(names[i]);
  }
  rc_free(copy);
  rc_free(names);
  return out;
fail:
  rc_free(copy);
  rc_free(out);
  rc_free(names);
  return NULL;
}

static int cmp_id(const void *a, const void *b)
{
  return rc_ascii_casecmp(*(const char *const *)a, *(const char *const *)b);
}

int rc_analysis__read_role(const rc_analysis *an, const char *role_id)
{
  return an->nrole_ids && bsearch(&role_id, an->role_ids, an->nrole_ids,
                                  sizeof(*an->role_ids), cmp_id) != NULL;
}

int rc_analysis__read_solution(const rc_analysis *an, const char *solution)
{
  size_t i;
  for (i = 0; solution[0] && i < an->nsolutions; i++) {
    if (!rc_ascii_casecmp(an->solutions[i], solution))
      return 1;
  }
  return 0;
}

const char *rc_analysis__solution(const rc_analysis *an, size_t model)
{
  return model < an->nsolutions ? an->solutions[model] : "";
}

int rc_analysis__record_inputs(rc_analysis *an, rc_ctx *ctx,
                               rc_model *const *models, size_t count)
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
    qsort(an->role_ids, an->nrole_ids, sizeof(*an->role_ids), cmp_id);
  return RC_OK;
}

/* The order of reported findings: input, roles before web roles, role,
 * rule, then the key's fields, line and message. */
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

int rc_analysis__keep(rc_analysis *an, rc_ctx *ctx, const rc_finding *all,
                      const int *reported, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    void *items = an->findings;
    if (reported && !reported[i])
      continue;
    if (rc_array_reserve(&items, &an->findings_cap, an->nfindings + 1,
                         sizeof(*an->findings)) < 0)
      return rc_fail_nomem(ctx);
    an->findings = items;
    an->findings[an->nfindings++] = all[i];
  }
  if (an->nfindings > 1)
    qsort(an->findings, an->nfindings, sizeof(*an->findings), cmp_findings);
  return RC_OK;
}

/* ---- public ---- */

int rc_finding_compare(const rc_finding *a, const rc_finding *b)
{
  rc_finding_key x, y;
  rc_finding_key__of(&x, a);
  rc_finding_key__of(&y, b);
  return rc_finding_key__cmp(&x, &y);
}

uint64_t rc_finding_fingerprint(const rc_finding *f)
{
  rc_finding_key k;
  rc_finding_key__of(&k, f);
  return rc_finding_key__fingerprint(&k);
}
void rc_analysis_free(rc_analysis *analysis)
{
  if (!analysis)
    return;
  rc_free(analysis->findings);
  rc_free(analysis->fits);
  rc_free(analysis->role_ids);
  rc_free(analysis->solutions);
  rc_free(analysis->flags);
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

void rc_check_count(const rc_analysis *analysis, rc_severity fail_on,
                    rc_check_counts *out)
{
  size_t i;
  memset(out, 0, sizeof(*out));
  for (i = 0; i < rc_analysis_finding_count(analysis); i++) {
    const rc_finding *f = rc_analysis_finding(analysis, i);
    if (f->state == RC_STATE_BASELINED) {
      out->baselined++;
      continue;
    }
    if (f->state == RC_STATE_SUPPRESSED) {
      out->suppressed++;
      continue;
    }
    if (f->severity == RC_SEVERITY_ERROR)
      out->error++;
    else if (f->severity == RC_SEVERITY_WARNING)
      out->warning++;
    else
      out->note++;
    if (fail_on && f->severity >= fail_on)
      out->failing = 1;
  }
}

int rc_rule__reported_for(const rc_rule *rule, const char *profile)
{
  if (rule->report_always)
    return 1;
  return profile && !strcmp(rule->info.profile, profile);
}

int rc_analysis_rule_ran(const rc_analysis *analysis, const rc_role_fit *fit,
                         const rc_rule_info *rule)
{
  /* the info is the first member of the pack's rule */
  const rc_rule *r = (const rc_rule *)(const void *)rule;
  (void)analysis;
  if (!rule->enabled)
    return 0;
  if (fit->webrole)
    return r->on_webroles;
  return rc_rule__reported_for(r, fit->profile);
}
