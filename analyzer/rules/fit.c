/* Licence fit: Team Members and Power Apps from their rules' findings, each
 * Dynamics 365 app licence from the restricted tables the Power Apps rules
 * flagged, then the smallest sufficient licence or combination. */
#include "rules/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"

const char *rc_fit_name(rc_fit_level level)
{
  switch (level) {
  case RC_FIT_YES:
    return "yes";
  case RC_FIT_REVIEW:
    return "review";
  case RC_FIT_NO:
    break;
  }
  return "no";
}

static rc_fit_level worse(rc_fit_level a, rc_fit_level b)
{
  return a > b ? a : b;
}

static rc_fit_level level_of(rc_severity s)
{
  return s == RC_SEVERITY_ERROR     ? RC_FIT_NO
         : s == RC_SEVERITY_WARNING ? RC_FIT_REVIEW
                                    : RC_FIT_YES;
}

/* Custom, ISV and accelerator tables the role can create, write or
 * delete: what the Professional licences' custom-table allowance counts
 * (the origin of each table, model/origin.c). */
static size_t custom_cud_tables(const rc_model *m, size_t ri)
{
  size_t t, n = 0;
  for (t = 0; t < rc_model_table_count(m); t++) {
    const rc_table *tb = rc_model_table(m, t);
    uint32_t cell = rc_model_cell(m, ri, t);
    if (!rc_table_counts_as_custom(tb))
      continue;
    if (rc_cell_depth(cell, RC_RIGHT_CREATE) ||
        rc_cell_depth(cell, RC_RIGHT_WRITE) ||
        rc_cell_depth(cell, RC_RIGHT_DELETE))
      n++;
  }
  return n;
}

typedef struct {
  const char *table;
  uint32_t ok; /* licences that are YES or REVIEW for this table */
} need;

/* Append (table, ok) to *list. Returns RC_OK or RC_ENOMEM. */
static int push_need(need **list, size_t *n, size_t *cap, const char *table,
                     uint32_t ok)
{
  void *grown = *list;
  if (rc_array_reserve(&grown, cap, *n + 1, sizeof(**list)) < 0)
    return RC_ENOMEM;
  *list = grown;
  (*list)[*n].table = table;
  (*list)[*n].ok = ok;
  (*n)++;
  return RC_OK;
}

/* "table: A or B; table2: C": the licences that cover each table, each
 * table once (needs are sorted by table). */
static void put_needs(rc_buf *line, const rc_rulepack *pack, const need *needs,
                      size_t nneeds)
{
  size_t i, k;
  for (i = 0; i < nneeds; i++) {
    int first = 1;
    if (i && !strcmp(needs[i].table, needs[i - 1].table))
      continue;
    rc_buf_puts(line, i ? "; " : "");
    rc_buf_puts(line, needs[i].table);
    rc_buf_puts(line, ": ");
    for (k = 0; k < pack->nlicences; k++) {
      if (!(needs[i].ok & (1u << k)))
        continue;
      rc_buf_puts(line, first ? "" : " or ");
      rc_buf_puts(line, pack->licences[k].info.short_name);
      first = 0;
    }
  }
}

/* Append fit (its minimum copied from the text of minimum) to the
 * analysis. Returns RC_OK or RC_ENOMEM. */
static int push_fit(rc_analysis *an, const rc_role_fit *fit,
                    const rc_buf *minimum)
{
  void *items = an->fits;
  rc_role_fit *rf;
  if (rc_array_reserve(&items, &an->fits_cap, an->nfits + 1,
                       sizeof(*an->fits)) < 0)
    return RC_ENOMEM;
  an->fits = items;
  rf = &an->fits[an->nfits];
  *rf = *fit;
  rf->minimum = rc_buf_copy(minimum, &an->arena);
  if (!rf->minimum)
    return RC_ENOMEM;
  an->nfits++;
  return RC_OK;
}

/* Append a table a Dynamics 365 licence must cover to *list. Returns RC_OK
 * or RC_ENOMEM. */
static int push_table_need(rc_fit_need **list, size_t *n, size_t *cap,
                           const char *table, rc_fit_level level,
                           uint32_t covers, uint32_t uncertain)
{
  void *grown = *list;
  if (rc_array_reserve(&grown, cap, *n + 1, sizeof(**list)) < 0)
    return RC_ENOMEM;
  *list = grown;
  (*list)[*n].table = table;
  (*list)[*n].level = level;
  (*list)[*n].covers = covers;
  (*list)[*n].uncertain = uncertain;
  (*n)++;
  return RC_OK;
}

/* Append the text of line to reasons[*n]. Returns RC_OK or RC_ENOMEM (also
 * when an append to line failed). */
static int push_reason(rc_analysis *an, const char **reasons, size_t *n,
                       const rc_buf *line)
{
  reasons[*n] = rc_buf_copy(line, &an->arena);
  return reasons[(*n)++] ? RC_OK : RC_ENOMEM;
}

static int popcount(uint32_t v)
{
  int n = 0;
  for (; v; v &= v - 1)
    n++;
  return n;
}

/* "SE+CSE or SP+CSE": the smallest combinations of D365 licences that leave
 * no table uncovered. */
static void combos(rc_buf *b, const rc_rulepack *pack, const need *needs,
                   size_t nneeds, uint32_t d365)
{
  uint32_t subset, limit = 1u << pack->nlicences;
  int size, shown = 0;
  size_t i, k;
  for (size = 2; size <= 4 && !shown; size++) {
    for (subset = 1; subset < limit && shown < 3; subset++) {
      int covers = 1;
      if ((subset & ~d365) || popcount(subset) != size)
        continue;
      for (i = 0; i < nneeds && covers; i++)
        covers = (needs[i].ok & subset) != 0;
      if (!covers)
        continue;
      if (shown++)
        rc_buf_puts(b, " or ");
      for (k = 0, i = 0; k < pack->nlicences; k++) {
        if (!(subset & (1u << k)))
          continue;
        if (i++)
          rc_buf_puts(b, "+");
        rc_buf_puts(b, pack->licences[k].info.short_name);
      }
    }
  }
  if (!shown)
    rc_buf_puts(b, "no combination of the listed licences");
}

/* "TM001 (entitlement, goal), TM004 (account), TM008" for the findings of
 * one licence profile that fall short, grouped by rule. */
static void rule_summary(rc_buf *b, const rc_finding *findings, size_t n,
                         const char *profile)
{
  size_t i;
  const char *rule = NULL;
  int open = 0;
  for (i = 0; i < n; i++) {
    const rc_finding *f = &findings[i];
    const char *subject = f->table[0]       ? f->table
                          : f->privilege[0] ? f->privilege
                                            : f->app;
    if (strcmp(f->rule->profile, profile) ||
        level_of(f->severity) == RC_FIT_YES)
      continue;
    if (!rule || strcmp(rule, f->rule->id)) {
      if (open)
        rc_buf_puts(b, ")");
      if (rule)
        rc_buf_puts(b, ", ");
      rc_buf_puts(b, f->rule->id);
      rule = f->rule->id;
      open = 0;
    }
    if (subject[0]) {
      rc_buf_puts(b, open ? ", " : " (");
      rc_buf_puts(b, subject);
      open = 1;
    }
  }
  if (open)
    rc_buf_puts(b, ")");
}

/* Findings of one role come rule by rule; group a licence's by rule id. */
/* A total order (qsort is not stable everywhere: Windows' is not). */
static int cmp_by_rule(const void *a, const void *b)
{
  const rc_finding *x = a, *y = b;
  int c = strcmp(x->rule->id, y->rule->id);
  if (!c && !(c = strcmp(x->table, y->table)) &&
      !(c = strcmp(x->privilege, y->privilege)) &&
      !(c = strcmp(x->app, y->app)))
    c = strcmp(x->scope, y->scope);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

int rc_fit__role(rc_analysis *an, rc_ctx *ctx, const rc_rulepack *pack,
                 const rc_model *m, size_t mi, size_t ri, const char *profile,
                 const char *origin, const rc_finding *findings, size_t n,
                 const char *tm_blocked)
{
  const rc_set *restricted = rc_pack__set(pack, "RESTRICTED");
  rc_fit_level *fit;
  need *needs = NULL;
  size_t nneeds = 0, needs_cap = 0, i, k, nreasons = 0;
  const char **reasons;
  uint32_t d365 = 0;
  rc_finding *sorted = NULL;
  need *review = NULL; /* restricted tables a warning-level rule flags */
  size_t nreview = 0, review_cap = 0;
  rc_role_fit rf;
  rc_buf b, line;
  int error = RC_OK;
  rc_fit_need *tneeds = NULL; /* for rc_role_fit_level() */
  size_t ntneeds = 0, tneeds_cap = 0;
  size_t custom = custom_cud_tables(m, ri);
  /* more custom tables than a Professional licence includes */
  int over = pack->professional_tables >= 0 &&
             custom > (size_t)pack->professional_tables;

  fit = rc_arena_alloc(&an->arena, (pack->nlicences + 1) * sizeof(*fit));
  reasons = rc_arena_alloc(&an->arena, (pack->nlicences + 4) * sizeof(char *));
  sorted = rc_malloc((n + 1) * sizeof(*sorted));
  if (!fit || !reasons || !sorted) {
    rc_free(sorted);
    return rc_fail_nomem(ctx);
  }
  if (n) {
    memcpy(sorted, findings, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_by_rule);
  }
  rc_buf_init(&b, 1u << 20);
  rc_buf_init(&line, 1u << 20);
  for (k = 0; k < pack->nlicences; k++) {
    fit[k] = RC_FIT_YES;
    if (pack->licences[k].info.is_d365)
      d365 |= 1u << k;
  }

  for (i = 0; i < n && !error; i++) {
    const rc_finding *f = &sorted[i];
    const char *prof = f->rule->profile;
    int lk = rc_pack__licence(pack, prof);
    rc_fit_level lv = level_of(f->severity);
    const rc_set_entry *e;
    uint32_t ok;
    /* Team Members and Power Apps: their own rules decide */
    if (lk >= 0)
      fit[lk] = worse(fit[lk], lv);
    /* a D365 app licence: each restricted table the Power Apps rules flag
     * needs one of the table's licences */
    if (strcmp(prof, "power-apps") || !f->table[0] || lv == RC_FIT_YES)
      continue;
    e = rc_set__entry(restricted, f->table);
    ok = e ? (e->licences | e->uncertain) : d365;
    for (k = 0; k < pack->nlicences; k++) {
      if (!(d365 & (1u << k)) || (e && (e->licences & (1u << k))))
        continue;
      fit[k] =
          worse(fit[k], e && (e->uncertain & (1u << k)) ? RC_FIT_REVIEW : lv);
    }
    if (!error)
      error = push_table_need(&tneeds, &ntneeds, &tneeds_cap, f->table, lv,
                              e ? e->licences : 0, e ? e->uncertain : 0);
    if (error)
      break;
    if (lv != RC_FIT_NO) {
      /* a review: which licences would settle it, for the reason line */
      error = push_need(&review, &nreview, &review_cap, f->table, ok);
      continue;
    }
    error = push_need(&needs, &nneeds, &needs_cap, f->table, ok);
  }
  for (k = 0; k < pack->nlicences; k++) {
    if (pack->licences[k].professional && over)
      fit[k] = worse(fit[k], RC_FIT_REVIEW);
  }
  /* app access: the platform enforces it, so no finding can make up for it
   * and "smallest: Team Members" never appears for such a role */
  if (tm_blocked) {
    int tm = rc_pack__licence(pack, "team-member");
    if (tm >= 0)
      fit[tm] = RC_FIT_NO;
  }

  /* why: one line per licence profile that falls short, then the tables */
  for (k = 0; k < pack->nlicences && !error; k++) {
    if (pack->licences[k].info.is_d365 || fit[k] == RC_FIT_YES)
      continue;
    rc_buf_clear(&line);
    rc_buf_puts(&line, pack->licences[k].info.name);
    rc_buf_puts(&line, fit[k] == RC_FIT_NO ? " no: " : " review: ");
    {
      size_t before = line.len;
      rule_summary(&line, sorted, n, pack->licences[k].info.id);
      if (tm_blocked && !strcmp(pack->licences[k].info.id, "team-member")) {
        rc_buf_puts(&line, line.len > before ? "; " : "");
        rc_buf_puts(&line, tm_blocked);
      }
    }
    error = push_reason(an, reasons, &nreasons, &line);
  }
  if (nneeds && !error) {
    rc_buf_clear(&line);
    rc_buf_puts(&line, "Dynamics 365 needed for ");
    put_needs(&line, pack, needs, nneeds);
    error = push_reason(an, reasons, &nreasons, &line);
  }
  /* every review cell has its reason: restricted tables a warning flags,
   * and the custom tables beyond a Professional licence's allowance */
  if (nreview && !error) {
    rc_buf_clear(&line);
    rc_buf_puts(&line, "Dynamics 365 review for ");
    put_needs(&line, pack, review, nreview);
    error = push_reason(an, reasons, &nreasons, &line);
  }
  if (over && !error) {
    char count[96];
    int first = 1;
    rc_buf_clear(&line);
    for (k = 0; k < pack->nlicences; k++) {
      if (!pack->licences[k].professional)
        continue;
      rc_buf_puts(&line, first ? "" : ", ");
      rc_buf_puts(&line, pack->licences[k].info.short_name);
      first = 0;
    }
    snprintf(count, sizeof(count),
             " review: creates, writes or deletes %lu custom tables; a "
             "Professional licence includes %ld",
             (unsigned long)custom, pack->professional_tables);
    rc_buf_puts(&line, count);
    if (!first)
      error = push_reason(an, reasons, &nreasons, &line);
  }

  /* the smallest sufficient licence */
  if (!error) {
    int tm = rc_pack__licence(pack, "team-member");
    int pa = rc_pack__licence(pack, "power-apps");
    if (tm >= 0 && fit[tm] == RC_FIT_YES) {
      rc_buf_puts(&b, pack->licences[tm].info.name);
    } else if (pa >= 0 && fit[pa] == RC_FIT_YES) {
      rc_buf_puts(&b, pack->licences[pa].info.name);
    } else {
      rc_fit_level want;
      for (want = RC_FIT_YES; want <= RC_FIT_REVIEW && !b.len; want++) {
        for (k = 0; k < pack->nlicences; k++) {
          if (!(d365 & (1u << k)) || fit[k] != want)
            continue;
          if (b.len)
            rc_buf_puts(&b, " or ");
          rc_buf_puts(&b, pack->licences[k].info.short_name);
        }
        if (b.len && want == RC_FIT_REVIEW)
          rc_buf_puts(&b, " (review)");
      }
      if (!b.len)
        combos(&b, pack, needs, nneeds, d365);
    }
  }

  if (!error) {
    memset(&rf, 0, sizeof(rf));
    rf.model = mi;
    rf.role = ri;
    rf.profile = profile;
    rf.profile_origin = origin;
    rf.fit = fit;
    rf.reasons = reasons;
    rf.reason_count = nreasons;
    rf.over_professional = over;
    rf.need_count = ntneeds;
    if (ntneeds) {
      rc_fit_need *kept = rc_arena_alloc(&an->arena, ntneeds * sizeof(*tneeds));
      if (kept)
        memcpy(kept, tneeds, ntneeds * sizeof(*tneeds));
      rf.needs = kept;
      error = kept ? RC_OK : RC_ENOMEM;
    }
    if (!error)
      error = push_fit(an, &rf, &b);
  }
  rc_free(tneeds);
  rc_free(sorted);
  rc_free(needs);
  rc_free(review);
  rc_buf_dispose(&b);
  rc_buf_dispose(&line);
  return error ? rc_fail_nomem(ctx) : RC_OK;
}

typedef struct {
  char name[RC_NAME_MAX + 8];
  rc_depth depth;
} named_depth;

static int cmp_named(const void *a, const void *b)
{
  const named_depth *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (int)x->depth - (int)y->depth;
}

static named_depth *role_set(const rc_model *m, size_t r, size_t *n)
{
  const rc_role *role = rc_model_role(m, r);
  named_depth *set = rc_calloc(role->grant_count + 1, sizeof(*set));
  size_t g;
  if (!set)
    return NULL;
  for (g = 0; g < role->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, g);
    const char *name = rc_model_privilege(m, gr->privilege)->name;
    size_t len = strlen(name);
    if (len >= sizeof(set[g].name))
      len = sizeof(set[g].name) - 1;
    rc_ascii_lower(set[g].name, sizeof(set[g].name), name, len);
    set[g].depth = gr->depth;
  }
  *n = role->grant_count;
  qsort(set, *n, sizeof(*set), cmp_named);
  return set;
}

int rc_fit__role_delta(const rc_model *a, size_t ra, const rc_model *b,
                       size_t rb, rc_copy_delta *out)
{
  size_t na, nb, i = 0, j = 0;
  named_depth *sa = role_set(a, ra, &na), *sb = role_set(b, rb, &nb);
  memset(out, 0, sizeof(*out));
  if (!sa || !sb) {
    rc_free(sa);
    rc_free(sb);
    return RC_ENOMEM;
  }
  while (i < na || j < nb) {
    int c = i == na ? 1 : j == nb ? -1 : strcmp(sa[i].name, sb[j].name);
    if (c < 0) {
      out->removed++;
      i++;
    } else if (c > 0) {
      out->added++;
      j++;
    } else {
      out->changed += sa[i].depth != sb[j].depth;
      i++;
      j++;
    }
  }
  rc_free(sa);
  rc_free(sb);
  return RC_OK;
}

int rc_fit__webrole(rc_analysis *an, rc_ctx *ctx, const rc_rulepack *pack,
                    const rc_model *m, size_t mi, size_t wi)
{
  const rc_webrole *w = rc_model_webrole(m, wi);
  const rc_set *restricted = rc_pack__set(pack, "RESTRICTED");
  rc_fit_level *fit;
  const char **reasons;
  need *needs = NULL;
  size_t nneeds = 0, needs_cap = 0, j, k, nreasons = 0;
  uint32_t d365 = 0;
  rc_buf b, line;
  int error = RC_OK;

  fit = rc_arena_alloc(&an->arena, (pack->nlicences + 1) * sizeof(*fit));
  reasons = rc_arena_alloc(&an->arena, 3 * sizeof(char *));
  if (!fit || !reasons)
    return rc_fail_nomem(ctx);
  rc_buf_init(&b, 1u << 20);
  rc_buf_init(&line, 1u << 20);
  for (k = 0; k < pack->nlicences; k++) {
    const char *id = pack->licences[k].info.id;
    fit[k] = RC_FIT_YES;
    if (pack->licences[k].info.is_d365)
      d365 |= 1u << k;
    /* Team Members and portals: the current guides are silent */
    if (!strcmp(id, "team-member"))
      fit[k] = RC_FIT_REVIEW;
  }
  for (j = 0; j < rc_model_permission_count(m) && !error; j++) {
    const rc_table_permission *p = rc_model_permission(m, j);
    const rc_set_entry *e;
    if (!rc_permission_has_webrole(p, w->id) ||
        !(p->rights & (RC_PERM_CREATE | RC_PERM_WRITE | RC_PERM_DELETE)))
      continue;
    e = rc_set__entry(restricted, p->table);
    /* Power Apps users may create cases (the restricted-tables page's
     * footnote), and so may every licence that includes Power Apps rights:
     * creating cases alone needs no Dynamics 365 licence */
    if (!e || (!strcmp(p->table, "incident") &&
               !(p->rights & (RC_PERM_WRITE | RC_PERM_DELETE))))
      continue;
    for (k = 0; k < pack->nlicences; k++) {
      if (e->licences & (1u << k))
        continue;
      if (!strcmp(pack->licences[k].info.id, "team-member"))
        continue;
      fit[k] =
          worse(fit[k], (e->uncertain & (1u << k)) ? RC_FIT_REVIEW : RC_FIT_NO);
    }
    error = push_need(&needs, &nneeds, &needs_cap, p->table,
                      e->licences | e->uncertain);
  }
  /* the Team Members cell is a review for every web role: say why */
  reasons[nreasons] = rc_arena_strdup(
      &an->arena, "Team Members review: no current licensing guide says "
                  "whether Team Members users may use a site");
  if (!reasons[nreasons++])
    error = RC_ENOMEM;
  rc_buf_puts(&b, "external: Power Pages capacity; internal: ");
  if (!nneeds) {
    rc_buf_puts(&b, "Power Pages capacity");
  } else {
    size_t before = b.len;
    rc_buf_puts(&line, "internal members acting on your behalf need ");
    put_needs(&line, pack, needs, nneeds);
    if (!error)
      error = push_reason(an, reasons, &nreasons, &line);
    for (k = 0; k < pack->nlicences; k++) {
      if ((d365 & (1u << k)) && fit[k] == RC_FIT_YES) {
        if (b.len > before)
          rc_buf_puts(&b, " or ");
        rc_buf_puts(&b, pack->licences[k].info.short_name);
      }
    }
    if (b.len == before)
      combos(&b, pack, needs, nneeds, d365);
  }
  if (!error) {
    rc_role_fit rf;
    memset(&rf, 0, sizeof(rf));
    rf.model = mi;
    rf.role = wi;
    rf.webrole = 1;
    rf.profile = pack->webrole_profile;
    rf.profile_origin = "web role";
    rf.fit = fit;
    rf.reasons = reasons;
    rf.reason_count = nreasons;
    error = push_fit(an, &rf, &b);
  }
  rc_free(needs);
  rc_buf_dispose(&b);
  rc_buf_dispose(&line);
  return error ? rc_fail_nomem(ctx) : RC_OK;
}

rc_fit_level rc_role_fit_level(const rc_rulepack *pack, const rc_role_fit *fit,
                               uint32_t held)
{
  rc_fit_level best = RC_FIT_NO, all = RC_FIT_YES;
  uint32_t d365 = 0;
  int professional_only = 1;
  size_t k, i;
  for (k = 0; k < pack->nlicences; k++) {
    if (!(held & (1u << k)))
      continue;
    if (fit->fit[k] < best)
      best = fit->fit[k];
    if (pack->licences[k].info.is_d365) {
      d365 |= 1u << k;
      professional_only &= pack->licences[k].professional != 0;
    }
  }
  if (!d365 || d365 == (d365 & -d365) || fit->webrole)
    return best; /* one Dynamics 365 licence at most: its own fit */
  /* several: each table needs one of them, as fit does for one */
  for (i = 0; i < fit->need_count; i++) {
    const rc_fit_need *n = &fit->needs[i];
    if (n->covers & d365)
      continue;
    all = worse(all, (n->uncertain & d365) ? RC_FIT_REVIEW : n->level);
  }
  if (fit->over_professional && professional_only)
    all = worse(all, RC_FIT_REVIEW);
  return all < best ? all : best;
}
