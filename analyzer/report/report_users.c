/* The users report (`rolecheck users`): every user's verdict with the
 * licences held, the roles and the licence they need; the roles that put
 * users out of licence; the ways out (--fix-plan). Here what every format
 * shows of a user, the text report, and the CSV and workbook rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/location.h"
#include "report/users_view.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/intern.h"

/* ---- what every format shows ---- */

void rc_view__u_who_of(rc_user_who *w, const rc_user_verdict *v, int redact)
{
  const rc_principal_user *u = v->user;
  if (!redact) {
    w->upn = u->upn[0] ? u->upn : v->licence ? v->licence->upn : "";
    w->name = u->full_name[0] ? u->full_name
              : v->licence    ? v->licence->display_name
                              : "";
    w->object_id = u->object_id;
    w->id = u->id;
    return;
  }
  rc_users_pseudonym(w->pseudonym, sizeof(w->pseudonym),
                     u->upn[0] ? u->upn : u->id);
  w->upn = w->pseudonym;
  w->name = w->object_id = w->id = "";
}

/* The label a list shows for a user: the UPN, else the id. */
const char *rc_view__u_label_of(const rc_user_who *w)
{
  return w->upn[0] ? w->upn : w->id;
}

const char *rc_view__u_role_name(rc_model *const *models, const rc_user_role *r)
{
  if (r->join != RC_JOIN_NONE)
    return rc_model_role(models[r->model], r->role)->name;
  return r->grant->name[0] ? r->grant->name : r->grant->role_id;
}

/* "Case Worker*; Service Reader (team Sales EMEA); 5d1e... (not in the
 * inputs)": a user's roles, * marking those that cause the verdict. */
void rc_view__u_roles_text(rc_buf *b, rc_model *const *models,
                           const rc_user_verdict *v, int mark)
{
  size_t i;
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    rc_buf_puts(b, i ? "; " : "");
    rc_buf_puts(b, rc_view__u_role_name(models, r));
    if (mark && r->causes)
      rc_buf_puts(b, "*");
    if (r->team[0]) {
      rc_buf_puts(b, " (team ");
      rc_buf_puts(b, r->team);
      rc_buf_puts(b, ")");
    }
    if (r->join == RC_JOIN_NONE)
      rc_buf_puts(b, " (not in the inputs)");
    else if (r->join == RC_JOIN_NAME)
      rc_buf_puts(b, " (joined by name)");
  }
}

/* The causing roles, "; "-joined. */
void rc_view__u_causes_text(rc_buf *b, rc_model *const *models,
                            const rc_user_verdict *v)
{
  size_t i;
  int first = 1;
  for (i = 0; i < v->role_count; i++) {
    if (!v->roles[i].causes)
      continue;
    rc_buf_puts(b, first ? "" : "; ");
    rc_buf_puts(b, rc_view__u_role_name(models, &v->roles[i]));
    first = 0;
  }
}

void rc_view__u_rules_text(rc_buf *b, const rc_user_verdict *v, const char *sep)
{
  size_t i;
  for (i = 0; i < v->rule_count; i++) {
    rc_buf_puts(b, i ? sep : "");
    rc_buf_puts(b, v->rules[i]);
  }
}

/* "TM" ("TM; attach without a base: SE") for the licences held. */
void rc_view__u_held_text(rc_buf *b, const rc_user_verdict *v)
{
  char classes[160];
  if (!v->licence) {
    rc_buf_puts(b, "not in the licence exports");
    return;
  }
  rc_buf_puts(b, rc_licence_classes_text(classes, sizeof(classes), v->classes));
  if (v->attach_without_base) {
    rc_buf_puts(b, " (attach without a base: ");
    rc_buf_puts(b, rc_licence_classes_text(classes, sizeof(classes),
                                           v->attach_without_base));
    rc_buf_puts(b, ")");
  }
}

const char *rc_view__u_needs_of(const rc_user_verdict *v)
{
  return v->fit ? v->fit->minimum : "";
}

/* The one-sentence explanation of a verdict. */
void rc_view__u_why_text(rc_buf *b, rc_model *const *models,
                         const rc_user_verdict *v, int brief)
{
  const char *reason = brief && v->brief ? v->brief : v->reason;
  switch (v->verdict) {
  case RC_VERDICT_OUT:
  case RC_VERDICT_REVIEW:
    rc_buf_puts(b, reason && reason[0] ? reason : "");
    if (v->combination)
      rc_buf_puts(b, "; no role alone does this, their roles together do");
    break;
  case RC_VERDICT_UNLICENSED:
    rc_buf_puts(b, v->reason ? v->reason : "");
    break;
  case RC_VERDICT_UNKNOWN_ROLE: {
    size_t i;
    int first = 1;
    rc_buf_puts(b, "not in any input solution: ");
    for (i = 0; i < v->role_count; i++) {
      if (v->roles[i].join != RC_JOIN_NONE)
        continue;
      rc_buf_puts(b, first ? "" : ", ");
      rc_buf_puts(b, rc_view__u_role_name(models, &v->roles[i]));
      rc_buf_puts(b, " ");
      rc_buf_puts(b, v->roles[i].grant->role_id);
      first = 0;
    }
    break;
  }
  case RC_VERDICT_OVER:
    rc_buf_puts(b, "could drop ");
    rc_buf_puts(b, v->could_drop);
    rc_buf_puts(b, ": the roles need ");
    rc_buf_puts(b, rc_view__u_needs_of(v));
    break;
  case RC_VERDICT_NOT_EVALUATED:
    rc_buf_puts(b, rc_skip_name(v->not_evaluated));
    break;
  case RC_VERDICT_OK:
    break;
  }
}

const char *rc_view__u_solution_of(rc_model *const *models, size_t model)
{
  return rc_view__solution_label(models[model]);
}

/* "Create opportunity (usage.csv:2): granted by Sales Rep": one row of
 * the non-conformant usage report, joined. */
void rc_view__u_usage_text(rc_buf *b, const rc_usage_join *j)
{
  char where[64];
  rc_buf_puts(b, j->row->operation);
  rc_buf_puts(b, " ");
  rc_buf_puts(b, j->row->table);
  rc_buf_puts(b, " (");
  rc_buf_puts(b, j->row->file);
  snprintf(where, sizeof(where), ":%lu", j->row->line);
  rc_buf_puts(b, where);
  rc_buf_puts(b, j->row->date[0] ? ", " : "");
  rc_buf_puts(b, j->row->date);
  rc_buf_puts(b, "): ");
  if (j->user < 0)
    rc_buf_puts(b, "the user is in no role export");
  else if (!j->granted_by[0])
    rc_buf_puts(b, "no role of theirs grants it now");
  else {
    rc_buf_puts(b, "granted by ");
    rc_buf_puts(b, j->granted_by);
  }
}

/* The row's user: the report's label, or the row's own when the user is
 * in no role export (a pseudonym when redacted). */
const char *rc_view__u_usage_user(const rc_users *users, const rc_usage_join *j,
                                  int redact, rc_user_who *w)
{
  if (j->user >= 0) {
    rc_view__u_who_of(w, rc_users_at(users, (size_t)j->user), redact);
    return rc_view__u_label_of(w);
  }
  if (redact)
    return rc_users_pseudonym(w->pseudonym, sizeof(w->pseudonym),
                              j->row->user[0] ? j->row->user
                                              : j->row->user_name);
  return j->row->user[0] ? j->row->user : j->row->user_name;
}

/* ---- sheets: CSV and the workbook ---- */

static const char *const user_cols[RC_USERS_COLS] = {
    "verdict", "not_evaluated", "upn",        "name",         "object_id",
    "user_id", "licences",      "needs",      "rules",        "roles",
    "causes",  "why",           "could_drop", "licence_match"};

int rc_view__users_rows(rc_model *const *models, const rc_users *users,
                        int redact, rc_sheet_row_fn row, void *sink)
{
  size_t i;
  int error = row(sink, user_cols, RC_USERS_COLS);
  rc_buf held, rules, roles, causes, why;
  rc_buf_init(&held, RC_USERS_TEXT_MAX);
  rc_buf_init(&rules, RC_USERS_TEXT_MAX);
  rc_buf_init(&roles, RC_USERS_TEXT_MAX);
  rc_buf_init(&causes, RC_USERS_TEXT_MAX);
  rc_buf_init(&why, RC_USERS_TEXT_MAX);
  for (i = 0; i < rc_users_count(users) && !error; i++) {
    const rc_user_verdict *v = rc_users_at(users, i);
    const char *cells[RC_USERS_COLS];
    rc_user_who w;
    rc_view__u_who_of(&w, v, redact);
    rc_buf_clear(&held);
    rc_buf_clear(&rules);
    rc_buf_clear(&roles);
    rc_buf_clear(&causes);
    rc_buf_clear(&why);
    rc_view__u_held_text(&held, v);
    rc_view__u_rules_text(&rules, v, " ");
    rc_view__u_roles_text(&roles, models, v, 0);
    rc_view__u_causes_text(&causes, models, v);
    rc_view__u_why_text(&why, models, v, 0);
    cells[0] = rc_verdict_name(v->verdict);
    cells[1] = rc_skip_name(v->not_evaluated);
    cells[2] = w.upn;
    cells[3] = w.name;
    cells[4] = w.object_id;
    cells[5] = w.id;
    cells[6] = rc_buf_cstr(&held);
    cells[7] = rc_view__u_needs_of(v);
    cells[8] = rc_buf_cstr(&rules);
    cells[9] = rc_buf_cstr(&roles);
    cells[10] = rc_buf_cstr(&causes);
    cells[11] = rc_buf_cstr(&why);
    cells[12] = v->could_drop ? v->could_drop : "";
    cells[13] = v->matched_by;
    error = row(sink, cells, RC_USERS_COLS);
  }
  rc_buf_dispose(&held);
  rc_buf_dispose(&rules);
  rc_buf_dispose(&roles);
  rc_buf_dispose(&causes);
  rc_buf_dispose(&why);
  return error;
}

int rc_view__user_roles_rows(rc_model *const *models, const rc_users *users,
                             rc_sheet_row_fn row, void *sink)
{
  static const char *const head[RC_USER_ROLES_COLS] = {
      "role",           "solution",           "role_id",      "users",
      "out_of_licence", "through_teams_only", "licences_held"};
  size_t i;
  int error = row(sink, head, RC_USER_ROLES_COLS);
  for (i = 0; i < rc_users_role_count(users) && !error; i++) {
    const rc_role_usage *u = rc_users_role(users, i);
    const rc_role *r = rc_model_role(models[u->model], u->role);
    char n[32], out[32], teams[32];
    const char *cells[RC_USER_ROLES_COLS];
    snprintf(n, sizeof(n), "%lu", (unsigned long)u->users);
    snprintf(out, sizeof(out), "%lu", (unsigned long)u->out_of_licence);
    snprintf(teams, sizeof(teams), "%lu", (unsigned long)u->through_teams);
    cells[0] = r->name;
    cells[1] = rc_view__u_solution_of(models, u->model);
    cells[2] = r->guid;
    cells[3] = n;
    cells[4] = out;
    cells[5] = teams;
    cells[6] = u->by_licence;
    error = row(sink, cells, RC_USER_ROLES_COLS);
  }
  return error;
}

int rc_render__users_csv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  int error;
  /* UTF-8 BOM so spreadsheets show non-ASCII names, as the other CSVs */
  fputs("\xef\xbb\xbf", out);
  error = rc_view__users_rows(rd->models, rd->users, rd->users_opts->redact,
                              rc_view__csv_row, out);
  return error ? rc_fail(ctx, error, "cannot write the CSV output") : RC_OK;
}

/* ---- text ---- */

static const char *verdict_colour(rc_verdict v)
{
  switch (rc_verdict_severity(v)) {
  case RC_SEVERITY_ERROR:
    return "\033[1;31m";
  case RC_SEVERITY_WARNING:
    return "\033[33m";
  case RC_SEVERITY_NOTE:
    return "\033[36m";
  default:
    return v == RC_VERDICT_OK ? "\033[32m" : "";
  }
}

/* "out-of-licence 3, unlicensed 2, ..., not evaluated 3 (application 1,
 * disabled 2)". */
static void counts_line(rc_buf *b, const rc_users *users)
{
  int v, s, first = 1;
  for (v = 0; v < RC_VERDICT_COUNT; v++) {
    char item[64];
    size_t n = rc_users_verdict_count(users, (rc_verdict)v);
    if (v == RC_VERDICT_NOT_EVALUATED)
      break;
    snprintf(item, sizeof(item), "%s%s %lu", first ? "" : ", ",
             rc_verdict_name((rc_verdict)v), (unsigned long)n);
    rc_buf_puts(b, item);
    first = 0;
  }
  {
    char item[64];
    int any = 0;
    snprintf(
        item, sizeof(item), ", not-evaluated %lu",
        (unsigned long)rc_users_verdict_count(users, RC_VERDICT_NOT_EVALUATED));
    rc_buf_puts(b, item);
    for (s = 1; s < RC_SKIP_COUNT; s++) {
      size_t n = rc_users_skip_count(users, (rc_skip_reason)s);
      if (!n)
        continue;
      snprintf(item, sizeof(item), "%s%s %lu", any ? ", " : " (",
               rc_skip_name((rc_skip_reason)s), (unsigned long)n);
      rc_buf_puts(b, item);
      any = 1;
    }
    if (any)
      rc_buf_puts(b, ")");
  }
}

static void text_header(FILE *out, const rc_render *rd)
{
  const rc_users *users = rd->users;
  size_t licensed, outside = rc_users_outside_count(users, &licensed);
  rc_buf b;
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
  counts_line(&b, users);
  fprintf(out, "%lu users; %lu distinct sets of roles judged (rule pack %s)\n",
          (unsigned long)rc_users_count(users),
          (unsigned long)rc_users_union_count(users),
          rc_rulepack_version(rd->pack));
  fprintf(out, "  %s\n", rc_buf_cstr(&b));
  if (outside)
    fprintf(out,
            "  %lu licence holders are in no role export (%lu of them with a "
            "licence judged here)\n",
            (unsigned long)outside, (unsigned long)licensed);
  rc_buf_dispose(&b);
}

static void text_user(FILE *out, const rc_render *rd, const rc_user_verdict *v)
{
  rc_buf b;
  rc_user_who w;
  rc_view__u_who_of(&w, v, rd->users_opts->redact);
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
  fprintf(out, "  %s", rc_view__u_label_of(&w));
  if (w.name[0] && strcmp(w.name, rc_view__u_label_of(&w)))
    fprintf(out, " (%s)", w.name);
  if (v->verdict == RC_VERDICT_NOT_EVALUATED) {
    fprintf(out, ": %s\n", rc_skip_name(v->not_evaluated));
    rc_buf_dispose(&b);
    return;
  }
  rc_view__u_held_text(&b, v);
  fprintf(out, ": holds %s", rc_buf_cstr(&b));
  if (v->fit)
    fprintf(out, ", needs %s", rc_view__u_needs_of(v));
  fputc('\n', out);
  if (v->verdict == RC_VERDICT_OK) {
    rc_buf_dispose(&b);
    return;
  }
  rc_buf_clear(&b);
  rc_view__u_roles_text(&b, rd->models, v, v->verdict == RC_VERDICT_OUT);
  fprintf(out, "    roles: %s\n", rc_buf_cstr(&b));
  rc_buf_clear(&b);
  rc_view__u_why_text(&b, rd->models, v, 1); /* a terminal: brief */
  if (b.len)
    fprintf(out, "    %s\n", rc_buf_cstr(&b));
  rc_buf_dispose(&b);
}

static void text_plan(FILE *out, const rc_render *rd)
{
  const rc_users_plan *plan = rd->users_opts->plan;
  size_t i, k, j;
  fputs("\nWays out, by group of users with the same roles and licences\n",
        out);
  if (!rc_users_plan_count(plan))
    fputs("  nobody is out of licence\n", out);
  for (i = 0; i < rc_users_plan_count(plan); i++) {
    const rc_plan_group *g = rc_users_plan_at(plan, i);
    fprintf(out, "  %lu user%s holding %s with %s:\n", (unsigned long)g->users,
            g->users == 1 ? "" : "s", g->held, g->roles);
    for (k = 0; k < g->role_count; k++) {
      const rc_plan_role *r = &g->change_roles[k];
      fprintf(out, "    change the role%s %s%s: %lu privilege change%s%s\n",
              r->together ? "s" : "", r->name, r->together ? " together" : "",
              (unsigned long)r->change_count, r->change_count == 1 ? "" : "s",
              r->open_count ? ", and:" : "");
      for (j = 0; j < r->change_count; j++)
        fprintf(out, "      %s\n", r->changes[j]);
      for (j = 0; j < r->open_count; j++)
        fprintf(out, "      open: %s\n", r->open[j]);
    }
    fprintf(out, "    or change the licence to %s\n", g->licence);
  }
}

int rc_render__users_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  int color = rd->users_opts->color;
  size_t i, n = rc_users_count(users);
  (void)ctx;
  text_header(out, rd);
  for (i = 0; i < n; i++) {
    const rc_user_verdict *v = rc_users_at(users, i);
    if (!i || rc_users_at(users, i - 1)->verdict != v->verdict)
      fprintf(out, "\n%s%s%s (%lu%s)\n",
              color ? verdict_colour(v->verdict) : "",
              rc_verdict_name(v->verdict), color ? "\033[0m" : "",
              (unsigned long)rc_users_verdict_count(users, v->verdict),
              v->verdict == RC_VERDICT_OUT
                  ? "; * marks the roles that put them out of licence"
                  : "");
    text_user(out, rd, v);
  }
  if (rc_users_role_count(users))
    fputs("\nRoles, by users they put out of licence\n", out);
  for (i = 0; i < rc_users_role_count(users); i++) {
    const rc_role_usage *u = rc_users_role(users, i);
    fprintf(out, "  %s (%s): %lu user%s (%s), %lu out of licence",
            rc_model_role(rd->models[u->model], u->role)->name,
            rc_view__u_solution_of(rd->models, u->model),
            (unsigned long)u->users, u->users == 1 ? "" : "s", u->by_licence,
            (unsigned long)u->out_of_licence);
    if (u->through_teams)
      fprintf(out, ", %lu through a team", (unsigned long)u->through_teams);
    fputc('\n', out);
  }
  if (rc_users_usage_count(users))
    fputs("\nNon-conformant usage the Power Platform admin center reported\n",
          out);
  for (i = 0; i < rc_users_usage_count(users); i++) {
    const rc_usage_join *j = rc_users_usage_at(users, i);
    rc_buf b;
    rc_user_who w;
    rc_buf_init(&b, RC_USERS_TEXT_MAX);
    rc_view__u_usage_text(&b, j);
    fprintf(out, "  %s",
            rc_view__u_usage_user(users, j, rd->users_opts->redact, &w));
    if (j->user >= 0)
      fprintf(out, " (%s)",
              rc_verdict_name(rc_users_at(users, (size_t)j->user)->verdict));
    fprintf(out, ": %s\n", rc_buf_cstr(&b));
    rc_buf_dispose(&b);
  }
  if (rd->users_opts->plan)
    text_plan(out, rd);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the report")
                     : RC_OK;
}
