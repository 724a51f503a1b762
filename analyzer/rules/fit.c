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

/* Items of a list a brief reason names before "... (+N)". */
#define BRIEF_ITEMS 5

/* Append ", ... (+N)" when shown of count items were written. */
static void put_more(rc_buf *line, size_t shown, size_t count)
{
  char more[48];
  if (shown >= count)
    return;
  snprintf(more, sizeof(more), ", ... (+%lu)", (unsigned long)(count - shown));
  rc_buf_puts(line, more);
}

/* The licences of mask: a single one by name ("Field Service"), several
 * by their short names ("CSE or FS or PO"). */
static void put_licences(rc_buf *line, const rc_rulepack *pack, uint32_t mask)
{
  size_t k;
  int first = 1, single = !(mask & (mask - 1));
  for (k = 0; k < pack->nlicences; k++) {
    if (!(mask & (1u << k)))
      continue;
    rc_buf_puts(line, first ? "" : " or ");
    rc_buf_puts(line, single ? pack->licences[k].info.name
                             : pack->licences[k].info.short_name);
    first = 0;
  }
}

/* put_needs() for a terminal: more than BRIEF_ITEMS + 1 distinct tables
 * grouped by the licences that cover them, the largest group first, each
 * cut to BRIEF_ITEMS:
 * "55 tables: Field Service (49): bookableresource, ... (+44); CSE (6):
 * ...". */
static int put_needs_brief(rc_buf *line, const rc_rulepack *pack,
                           const need *needs, size_t nneeds)
{
  size_t i, j, g, ngroups = 0, total = 0;
  char count[48];
  /* per group: its mask, its size, and whether it is written yet */
  struct group {
    uint32_t mask;
    size_t n;
    int done;
  } *groups = rc_calloc(nneeds + 1, sizeof(*groups));
  unsigned char *dup = rc_calloc(nneeds + 1, 1);
  if (!groups || !dup) {
    rc_free(groups);
    rc_free(dup);
    return RC_ENOMEM;
  }
  for (i = 0; i < nneeds; i++) {
    for (j = 0; j < i && !dup[i]; j++)
      dup[i] = !dup[j] && !strcmp(needs[j].table, needs[i].table);
    if (dup[i])
      continue;
    total++;
    for (g = 0; g < ngroups && groups[g].mask != needs[i].ok; g++)
      ;
    if (g == ngroups)
      groups[ngroups++].mask = needs[i].ok;
    groups[g].n++;
  }
  if (total <= BRIEF_ITEMS + 1) {
    /* short enough as it is */
    put_needs(line, pack, needs, nneeds);
    ngroups = 0;
  } else {
    snprintf(count, sizeof(count), "%lu tables: ", (unsigned long)total);
    rc_buf_puts(line, count);
  }
  for (j = 0; j < ngroups; j++) {
    size_t best = ngroups, shown = 0;
    for (g = 0; g < ngroups; g++) {
      if (!groups[g].done && (best == ngroups || groups[g].n > groups[best].n))
        best = g;
    }
    groups[best].done = 1;
    rc_buf_puts(line, j ? "; " : "");
    put_licences(line, pack, groups[best].mask);
    snprintf(count, sizeof(count), " (%lu): ", (unsigned long)groups[best].n);
    rc_buf_puts(line, count);
    for (i = 0; i < nneeds && shown < BRIEF_ITEMS; i++) {
      if (dup[i] || needs[i].ok != groups[best].mask)
        continue;
      rc_buf_puts(line, shown++ ? ", " : "");
      rc_buf_puts(line, needs[i].table);
    }
    put_more(line, shown, groups[best].n);
  }
  rc_free(groups);
  rc_free(dup);
  return RC_OK;
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

/* Append the text of line to reasons[*n], and of brief (NULL: the same
 * text) to briefs[*n]. Returns RC_OK or RC_ENOMEM (also when an append to
 * line or brief failed). */
static int push_reason(rc_analysis *an, const char **reasons,
                       const char **briefs, size_t *n, const rc_buf *line,
                       const rc_buf *brief)
{
  reasons[*n] = rc_buf_copy(line, &an->arena);
  briefs[*n] = brief ? rc_buf_copy(brief, &an->arena) : reasons[*n];
  return reasons[(*n)++] && briefs[*n - 1] ? RC_OK : RC_ENOMEM;
}

/* Push the reason "<head><the tables and their licences>", in full and
 * brief (line and brief: scratch buffers). RC_OK or RC_ENOMEM. */
static int push_needs(rc_analysis *an, const char **reasons,
                      const char **briefs, size_t *n, rc_buf *line,
                      rc_buf *brief, const char *head, const rc_rulepack *pack,
                      const need *needs, size_t nneeds)
{
  int error;
  rc_buf_clear(line);
  rc_buf_puts(line, head);
  put_needs(line, pack, needs, nneeds);
  rc_buf_clear(brief);
  rc_buf_puts(brief, head);
  error = put_needs_brief(brief, pack, needs, nneeds);
  return error ? error : push_reason(an, reasons, briefs, n, line, brief);
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
      if ((subset & ~d365) || rc_pack__bits(subset) != size)
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

/* Does finding f count against licence profile? */
static int falls_short(const rc_finding *f, const char *profile)
{
  return !strcmp(f->rule->profile, profile) &&
         level_of(f->severity) != RC_FIT_YES;
}

/* What a rule summary names of f ("" for nothing), and *kind its kind. */
static const char *subject_of(const rc_finding *f, const char **kind)
{
  *kind = f->table[0] ? "tables" : f->privilege[0] ? "privileges" : "apps";
  return f->table[0] ? f->table : f->privilege[0] ? f->privilege : f->app;
}

/* A piece of a subject: some findings name several ("prvA, prvB"). */
typedef struct {
  const char *s;
  size_t len;
} item;

/* Append the items of subject s to *items (grown as needed); RC_OK or
 * RC_ENOMEM. */
static int split_items(item **items, size_t *n, size_t *cap, const char *s)
{
  while (*s) {
    const char *end = strstr(s, ", ");
    size_t len = end ? (size_t)(end - s) : strlen(s);
    void *grown = *items;
    if (rc_array_reserve(&grown, cap, *n + 1, sizeof(**items)) < 0)
      return RC_ENOMEM;
    *items = grown;
    (*items)[*n].s = s;
    (*items)[(*n)++].len = len;
    s += len + (end ? 2 : 0);
  }
  return RC_OK;
}

/* "TM001 (entitlement, goal), TM004 (account), TM008" for the findings of
 * one licence profile that fall short, grouped by rule (findings sorted by
 * rule). brief: each rule's distinct items, more than BRIEF_ITEMS + 1 of
 * them cut after a count: "TM001 (12 tables: a, b, c, d, e, ... (+7))".
 * RC_OK or RC_ENOMEM. */
static int rule_summary(rc_buf *b, const rc_finding *findings, size_t n,
                        const char *profile, int brief)
{
  size_t i = 0, j, k, nitems = 0, cap = 0, limit;
  item *items = NULL;
  int rules = 0, error = RC_OK;
  while (i < n && !error) {
    const char *rule = findings[i].rule->id, *kind = NULL;
    size_t shown = 0, count = 0;
    int any = 0;
    nitems = 0;
    for (j = i; j < n && !strcmp(findings[j].rule->id, rule) && !error; j++) {
      const char *this_kind, *s = subject_of(&findings[j], &this_kind);
      if (!falls_short(&findings[j], profile))
        continue;
      any = 1;
      if (!s[0])
        continue;
      kind = !kind || !strcmp(kind, this_kind) ? this_kind : "items";
      if (brief)
        error = split_items(&items, &nitems, &cap, s);
    }
    if (!any || error) {
      i = j;
      continue;
    }
    rc_buf_puts(b, rules++ ? ", " : "");
    rc_buf_puts(b, rule);
    if (!brief) {
      /* every subject as the findings name it */
      for (k = i; k < j; k++) {
        const char *this_kind, *s = subject_of(&findings[k], &this_kind);
        if (!falls_short(&findings[k], profile) || !s[0])
          continue;
        rc_buf_puts(b, shown++ ? ", " : " (");
        rc_buf_puts(b, s);
      }
      rc_buf_puts(b, shown ? ")" : "");
      i = j;
      continue;
    }
    /* distinct items (sorted findings: repeats are next to each other) */
    for (k = 0; k < nitems; k++) {
      if (count && items[count - 1].len == items[k].len &&
          !memcmp(items[count - 1].s, items[k].s, items[k].len))
        continue;
      items[count++] = items[k];
    }
    if (count > BRIEF_ITEMS + 1) {
      char head[48];
      snprintf(head, sizeof(head), " (%lu %s: ", (unsigned long)count, kind);
      rc_buf_puts(b, head);
    }
    limit = count > BRIEF_ITEMS + 1 ? BRIEF_ITEMS : count;
    for (k = 0; k < limit; k++) {
      if (k || limit == count)
        rc_buf_puts(b, k ? ", " : " (");
      rc_buf_put(b, items[k].s, items[k].len);
      shown++;
    }
    if (count) {
      put_more(b, shown, count);
      rc_buf_puts(b, ")");
    }
    i = j;
  }
  rc_free(items);
  return error;
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
  int brief;
  const char **reasons;
  uint32_t d365 = 0;
  rc_finding *sorted = NULL;
  need *review = NULL; /* restricted tables a warning-level rule flags */
  size_t nreview = 0, review_cap = 0;
  rc_role_fit rf;
  rc_buf b, line, short_line;
  const char **briefs;
  int error = RC_OK;
  rc_fit_need *tneeds = NULL; /* for rc_role_fit_level() */
  size_t ntneeds = 0, tneeds_cap = 0;
  size_t custom = custom_cud_tables(m, ri);
  /* more custom tables than a Professional licence includes */
  int over = pack->professional_tables >= 0 &&
             custom > (size_t)pack->professional_tables;

  fit = rc_arena_alloc(&an->arena, (pack->nlicences + 1) * sizeof(*fit));
  reasons = rc_arena_alloc(&an->arena, (pack->nlicences + 4) * sizeof(char *));
  briefs = rc_arena_alloc(&an->arena, (pack->nlicences + 4) * sizeof(char *));
  sorted = rc_malloc((n + 1) * sizeof(*sorted));
  if (!fit || !reasons || !briefs || !sorted) {
    rc_free(sorted);
    return rc_fail_nomem(ctx);
  }
  if (n) {
    memcpy(sorted, findings, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_by_rule);
  }
  rc_buf_init(&b, 1u << 20);
  rc_buf_init(&line, 1u << 20);
  rc_buf_init(&short_line, 1u << 20);
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
    for (brief = 0; brief < 2 && !error; brief++) {
      rc_buf *to = brief ? &short_line : &line;
      size_t before;
      rc_buf_clear(to);
      rc_buf_puts(to, pack->licences[k].info.name);
      rc_buf_puts(to, fit[k] == RC_FIT_NO ? " no: " : " review: ");
      before = to->len;
      error = rule_summary(to, sorted, n, pack->licences[k].info.id, brief);
      if (tm_blocked && !strcmp(pack->licences[k].info.id, "team-member")) {
        rc_buf_puts(to, to->len > before ? "; " : "");
        rc_buf_puts(to, tm_blocked);
      }
    }
    if (!error)
      error = push_reason(an, reasons, briefs, &nreasons, &line, &short_line);
  }
  if (nneeds && !error)
    error = push_needs(an, reasons, briefs, &nreasons, &line, &short_line,
                       "Dynamics 365 needed for ", pack, needs, nneeds);
  /* every review cell has its reason: restricted tables a warning flags,
   * and the custom tables beyond a Professional licence's allowance */
  if (nreview && !error)
    error = push_needs(an, reasons, briefs, &nreasons, &line, &short_line,
                       "Dynamics 365 review for ", pack, review, nreview);
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
      error = push_reason(an, reasons, briefs, &nreasons, &line, NULL);
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
    rf.briefs = briefs;
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
  rc_buf_dispose(&short_line);
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
  rc_buf b, line, short_line;
  const char **briefs;
  int error = RC_OK;

  fit = rc_arena_alloc(&an->arena, (pack->nlicences + 1) * sizeof(*fit));
  reasons = rc_arena_alloc(&an->arena, 3 * sizeof(char *));
  briefs = rc_arena_alloc(&an->arena, 3 * sizeof(char *));
  if (!fit || !reasons || !briefs)
    return rc_fail_nomem(ctx);
  rc_buf_init(&b, 1u << 20);
  rc_buf_init(&line, 1u << 20);
  rc_buf_init(&short_line, 1u << 20);
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
  reasons[nreasons] = briefs[nreasons] = rc_arena_strdup(
      &an->arena, "Team Members review: no current licensing guide says "
                  "whether Team Members users may use a site");
  if (!reasons[nreasons++])
    error = RC_ENOMEM;
  rc_buf_puts(&b, "external: Power Pages capacity; internal: ");
  if (!nneeds) {
    rc_buf_puts(&b, "Power Pages capacity");
  } else {
    size_t before = b.len;
    if (!error)
      error = push_needs(an, reasons, briefs, &nreasons, &line, &short_line,
                         "internal members acting on your behalf need ", pack,
                         needs, nneeds);
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
    rf.briefs = briefs;
    rf.reason_count = nreasons;
    error = push_fit(an, &rf, &b);
  }
  rc_free(needs);
  rc_buf_dispose(&b);
  rc_buf_dispose(&line);
  rc_buf_dispose(&short_line);
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
