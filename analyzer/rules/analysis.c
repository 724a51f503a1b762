/* The one finding key (compare, fingerprint, match) that baselines,
 * suppressions, diff and SARIF share, and what an analysis read, so that a
 * baseline can leave alone the entries of inputs it was not given. */
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"
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

int rc_analysis_rule_ran(const rc_analysis *analysis, const rc_role_fit *fit,
                         const rc_rule_info *rule)
{
  (void)analysis;
  if (!rule->enabled)
    return 0;
  if (fit->webrole)
    return !strcmp(rule->profile, "portal");
  return rc_rule__runs_for(rule, fit->profile);
}

int rc_rule__runs_for(const rc_rule_info *rule, const char *profile)
{
  if (!strcmp(rule->profile, "solution"))
    return 1;
  return profile && !strcmp(rule->profile, profile);
}
