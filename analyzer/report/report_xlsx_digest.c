/* The workbook's Summary and Fix list sheets, from the digest
 * (report/digest.h): the same content as the HTML report's sections. */
#include <stdio.h>
#include <string.h>

#include "report/xlsx.h"
#include "util/alloc.h"
#include "util/error.h"

/* Summary columns: A what, B-D figures, E the sentence. */
static const double summary_width[] = {34, 28, 12, 16, 90};
#define SUMMARY_COLS (sizeof(summary_width) / sizeof(*summary_width))

typedef struct {
  book *b;
  lxw_worksheet *ws;
  size_t row;
} lines;

/* One row of text cells (NULL: left empty); bold for a header row. */
static int line(lines *l, int header, const char *const *cells, size_t n)
{
  size_t c;
  int error = RC_OK;
  for (c = 0; !error && c < n; c++) {
    if (cells[c])
      error = rc_xl__put(l->b, l->ws, l->row, c, cells[c],
                         header                  ? l->b->bold
                         : c + 1 == SUMMARY_COLS ? l->b->wrap
                                                 : NULL);
  }
  l->row++;
  return error;
}

static int text_line(lines *l, const char *text, lxw_format *f)
{
  int error = rc_xl__put(l->b, l->ws, l->row, 0, text, f);
  l->row++;
  return error;
}

static int put_inputs(lines *l, const rc_render *rd)
{
  rc_check_counts c;
  char text[1024];
  size_t i;
  int error;
  rc_check_count(rd->analysis, rd->check->fail_on, &c);
  snprintf(
      text, sizeof(text),
      "rolecheck %s, rule pack %s as of %s. %lu error%s, %lu warning%s, "
      "%lu note%s (%lu baselined, %lu suppressed).",
      rc_version(), rc_rulepack_version(rd->pack), rc_rulepack_as_of(rd->pack),
      (unsigned long)c.error, c.error == 1 ? "" : "s", (unsigned long)c.warning,
      c.warning == 1 ? "" : "s", (unsigned long)c.note, c.note == 1 ? "" : "s",
      (unsigned long)c.baselined, (unsigned long)c.suppressed);
  error = text_line(l, "Security roles and licences", l->b->title);
  if (!error)
    error = text_line(l, text, NULL);
  for (i = 0; !error && i < rd->count; i++) {
    const rc_model *m = rd->models[i];
    const rc_solution *s = rc_model_solution(m);
    snprintf(text, sizeof(text), "%s: %s %s (%s), %lu roles", rc_model_path(m),
             s->display_name[0]  ? s->display_name
             : s->unique_name[0] ? s->unique_name
                                 : "no solution manifest",
             s->version, rc_view__managed(s->managed),
             (unsigned long)rc_model_role_count(m));
    error = text_line(l, text, NULL);
  }
  if (!error && !rd->check->complete)
    error = text_line(l,
                      "Incomplete: an input could not be read, so this "
                      "report does not cover it.",
                      l->b->bold);
  l->row++;
  return error;
}

static int put_licences(lines *l, const rc_digest *d, const rc_prices *p)
{
  char head[64], roles[32], cost[32], users[32], month[32];
  size_t i, n = p && d->have_users ? 5 : 3;
  int error;
  const char *cells[5] = {"Smallest licence", "Roles", head, "Users",
                          "Per month"};
  snprintf(head, sizeof(head), "Per user and month (%s)",
           p ? rc_prices_currency(p) : "no prices");
  error = text_line(l, "Roles by smallest licence", l->b->bold);
  if (!error)
    error = line(l, 1, cells, n);
  for (i = 0; !error && i < d->nlicences; i++) {
    const rc_digest_licence *x = &d->licences[i];
    snprintf(roles, sizeof(roles), "%lu", (unsigned long)x->roles);
    cost[0] = users[0] = month[0] = '\0';
    if (x->cost >= 0)
      rc_digest_cost_range(cost, sizeof(cost), x);
    if (x->users >= 0)
      snprintf(users, sizeof(users), "%ld", x->users);
    if (x->per_month >= 0)
      snprintf(month, sizeof(month), "%.2f", x->per_month);
    cells[0] = x->minimum;
    cells[1] = roles;
    cells[2] = cost;
    cells[3] = users;
    cells[4] = month;
    error = line(l, 0, cells, n);
  }
  l->row++;
  return error;
}

static int put_rules(lines *l, const rc_digest *d)
{
  char findings[32], roles[32];
  size_t i;
  int error;
  const char *head[5] = {"Rule", "Name", "Severity", "Findings", "Roles"};
  error = text_line(l, "New findings by rule", l->b->bold);
  if (!error)
    error = d->nrules ? line(l, 1, head, 5) : text_line(l, "None.", NULL);
  for (i = 0; !error && i < d->nrules; i++) {
    const rc_digest_rule *r = &d->rules[i];
    const char *row[5];
    snprintf(findings, sizeof(findings), "%lu", (unsigned long)r->findings);
    snprintf(roles, sizeof(roles), "%lu", (unsigned long)r->roles);
    row[0] = r->rule->id;
    row[1] = r->rule->name;
    row[2] = rc_severity_name(r->severity);
    row[3] = findings;
    row[4] = roles;
    error = line(l, 0, row, 5);
  }
  l->row++;
  return error;
}

static int put_top(lines *l, const rc_digest *d, const rc_prices *p)
{
  const char *head[5] = {"Role", "Solution", "Errors", "Smallest licence",
                         "What to do"};
  char errors[32], text[512];
  size_t i;
  int error = text_line(l, "Roles to fix first", l->b->bold);
  if (!error)
    error = d->ntop ? line(l, 1, head, 5)
                    : text_line(l,
                                "No role has an error or a cheaper licence "
                                "within reach.",
                                NULL);
  for (i = 0; !error && i < d->ntop; i++) {
    const rc_digest_role *r = &d->roles[d->top[i]];
    const char *row[5];
    snprintf(errors, sizeof(errors), "%lu", (unsigned long)r->errors);
    rc_digest_sentence(text, sizeof(text), r, p);
    row[0] = r->name;
    row[1] = r->solution;
    row[2] = errors;
    row[3] = r->fit->webrole ? "-" : r->fit->minimum;
    row[4] = text[0] ? text : "see the findings";
    error = line(l, 0, row, 5);
  }
  l->row++;
  return error;
}

int rc_xl__summary_sheet(book *b, const rc_render *rd, const rc_digest *d)
{
  const rc_prices *p = rd->check->prices;
  lines l = {b, NULL, 0};
  size_t c;
  int error = rc_xl__add_sheet(b, &l.ws, "Summary");
  for (c = 0; !error && c < SUMMARY_COLS; c++) {
    lxw_error e = worksheet_set_column(l.ws, (lxw_col_t)c, (lxw_col_t)c,
                                       summary_width[c], NULL);
    if (e)
      error = rc_xl__fail(b->ctx, e);
  }
  if (!error)
    error = put_inputs(&l, rd);
  if (!error)
    error = put_licences(&l, d, p);
  if (!error)
    error = put_rules(&l, d);
  if (!error)
    error = put_top(&l, d, p);
  if (!error && p && d->saving_month >= 0) {
    char text[128];
    snprintf(text, sizeof(text),
             "The fix lists save %.2f %s a month for the users counted.",
             d->saving_month, rc_prices_currency(p));
    error = text_line(&l, text, l.b->bold);
  }
  if (!error && p) {
    char text[512], line_text[600];
    rc_view__prices_text(text, sizeof(text), p);
    snprintf(line_text, sizeof(line_text), "Costs: %s, per user and month.",
             text);
    error = text_line(&l, line_text, NULL);
  }
  if (error)
    return error;
  rc_xl__page_setup(b, l.ws, 0, 0);
  worksheet_fit_to_pages(l.ws, 1, 1);
  return RC_OK;
}

/* The users report's Summary: its inputs and the users by verdict. */
int rc_xl__users_summary_sheet(book *b, const rc_render *rd)
{
  const rc_users *u = rd->users;
  lines l = {b, NULL, 0};
  const char *head[2] = {"Verdict", "Users"};
  char text[1024], count[32];
  size_t i;
  int error = rc_xl__add_sheet(b, &l.ws, "Summary"), v;
  for (i = 0; !error && i < SUMMARY_COLS; i++) {
    lxw_error e = worksheet_set_column(l.ws, (lxw_col_t)i, (lxw_col_t)i,
                                       summary_width[i], NULL);
    if (e)
      error = rc_xl__fail(b->ctx, e);
  }
  if (!error)
    error = text_line(&l, "Users and their licences", l.b->title);
  snprintf(text, sizeof(text),
           "rolecheck %s, rule pack %s as of %s. %lu users.", rc_version(),
           rc_rulepack_version(rd->pack), rc_rulepack_as_of(rd->pack),
           (unsigned long)rc_users_count(u));
  if (!error)
    error = text_line(&l, text, NULL);
  for (i = 0; !error && i < rd->count; i++) {
    snprintf(text, sizeof(text), "%s: %s, %lu roles",
             rc_model_path(rd->models[i]),
             rc_view__solution_label(rd->models[i]),
             (unsigned long)rc_model_role_count(rd->models[i]));
    error = text_line(&l, text, NULL);
  }
  l.row++;
  if (!error)
    error = text_line(&l, "Users by verdict", l.b->bold);
  if (!error)
    error = line(&l, 1, head, 2);
  for (v = 0; !error && v < RC_VERDICT_COUNT; v++) {
    const char *row[2];
    snprintf(count, sizeof(count), "%lu",
             (unsigned long)rc_users_verdict_count(u, (rc_verdict)v));
    row[0] = rc_verdict_name((rc_verdict)v);
    row[1] = count;
    error = line(&l, 0, row, 2);
  }
  if (error)
    return error;
  rc_xl__page_setup(b, l.ws, 0, 0);
  worksheet_fit_to_pages(l.ws, 1, 1);
  return RC_OK;
}

/* ---- Fix list: a row per change, the role's columns repeated so that the
 * autofilter can pick a role ---- */

/* the header, which sets the columns */
static const char *const fix_head[] = {
    "Role",  "Solution",       "Why",   "Needs today", "Enough after", "Saving",
    "Users", "Saving a month", "Table", "Privilege",   "Right",        "Rules",
    "Change"};
#define FIX_COLS (sizeof(fix_head) / sizeof(*fix_head))

int rc_xl__fix_sheet(book *b, const rc_render *rd, const rc_digest *d)
{
  const rc_prices *p = rd->check->prices;
  sheet s;
  size_t i, k;
  char saving_head[64];
  const char *cells[FIX_COLS];
  int error;
  memset(&s, 0, sizeof(s));
  s.b = b;
  s.wrap_from = FIX_COLS - 1; /* Change: what to do, wrapped */
  s.wrap_width = 60;
  error = rc_xl__add_sheet(b, &s.ws, "Fix list");
  memcpy(cells, fix_head, sizeof(cells));
  snprintf(saving_head, sizeof(saving_head), "Saving (%s per user and month)",
           p ? rc_prices_currency(p) : "no prices");
  cells[5] = saving_head;
  if (!error)
    error = rc_xl__sheet_row(&s, cells, FIX_COLS);
  for (i = 0; !error && i < d->nroles; i++) {
    const rc_digest_role *r = &d->roles[i];
    char saving[32], users[32], month[32], what[1024];
    if (!r->kind)
      continue;
    saving[0] = users[0] = month[0] = '\0';
    if (r->saving > 0)
      snprintf(saving, sizeof(saving), "%.2f", r->saving);
    if (r->users >= 0)
      snprintf(users, sizeof(users), "%ld", r->users);
    if (r->users >= 0 && r->saving > 0)
      snprintf(month, sizeof(month), "%.2f", r->saving * (double)r->users);
    cells[0] = r->name;
    cells[1] = r->solution;
    cells[2] = r->kind == RC_DIGEST_SAVE ? "a cheaper licence"
               : r->fit->webrole         ? "breaks the portal rules"
                                         : "breaks its licence";
    cells[3] = r->fit->webrole ? "" : r->fit->minimum;
    cells[4] = r->goal ? r->goal : "the portal rules";
    cells[5] = saving;
    cells[6] = users;
    cells[7] = month;
    for (k = 0; !error && k < r->change_count; k++) {
      const rc_fix_change *c = &r->changes[k];
      rc_view__fix_change_text(what, sizeof(what), c);
      cells[8] = c->table;
      cells[9] = c->privilege;
      cells[10] = rc_view__fix_right_text(c);
      cells[11] = c->rules;
      cells[12] = what;
      error = rc_xl__sheet_row(&s, cells, FIX_COLS);
    }
    for (k = 0; !error && k < r->open_count; k++) {
      const rc_fix_open *o = &r->open[k];
      snprintf(what, sizeof(what), "open (%s): %s", o->kind, o->detail);
      cells[8] = o->table;
      cells[9] = "";
      cells[10] = "";
      cells[11] = o->rule;
      cells[12] = what;
      error = rc_xl__sheet_row(&s, cells, FIX_COLS);
    }
  }
  if (!error)
    error = rc_xl__sheet_finish(&s);
  rc_free(s.width);
  return error;
}
