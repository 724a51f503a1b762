/* The users report (`rolecheck users`): every user's verdict with the
 * licences held, the roles and the licence they need; the roles that put
 * users out of licence; the ways out (--fix-plan). Text, JSON, CSV (and
 * the workbook's sheets, through the same rows), Markdown, HTML, SARIF and
 * CI annotations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/location.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/intern.h"

#define TEXT_MAX (1u << 20)

/* ---- what every format shows ---- */

/* The user's name fields as the report shows them: pseudonyms and nothing
 * else when redacted. */
typedef struct {
  char pseudonym[32];
  const char *upn, *name, *object_id, *id;
} who;

static void who_of(who *w, const rc_user_verdict *v, int redact)
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
static const char *label_of(const who *w)
{
  return w->upn[0] ? w->upn : w->id;
}

static const char *role_name(rc_model *const *models, const rc_user_role *r)
{
  if (r->join != RC_JOIN_NONE)
    return rc_model_role(models[r->model], r->role)->name;
  return r->grant->name[0] ? r->grant->name : r->grant->role_id;
}

/* "Case Worker*; Service Reader (team Sales EMEA); 5d1e... (not in the
 * inputs)": a user's roles, * marking those that cause the verdict. */
static void roles_text(rc_buf *b, rc_model *const *models,
                       const rc_user_verdict *v, int mark)
{
  size_t i;
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    rc_buf_puts(b, i ? "; " : "");
    rc_buf_puts(b, role_name(models, r));
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
static void causes_text(rc_buf *b, rc_model *const *models,
                        const rc_user_verdict *v)
{
  size_t i;
  int first = 1;
  for (i = 0; i < v->role_count; i++) {
    if (!v->roles[i].causes)
      continue;
    rc_buf_puts(b, first ? "" : "; ");
    rc_buf_puts(b, role_name(models, &v->roles[i]));
    first = 0;
  }
}

static void rules_text(rc_buf *b, const rc_user_verdict *v, const char *sep)
{
  size_t i;
  for (i = 0; i < v->rule_count; i++) {
    rc_buf_puts(b, i ? sep : "");
    rc_buf_puts(b, v->rules[i]);
  }
}

/* "TM" ("TM; attach without a base: SE") for the licences held. */
static void held_text(rc_buf *b, const rc_user_verdict *v)
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

static const char *needs_of(const rc_user_verdict *v)
{
  return v->fit ? v->fit->minimum : "";
}

/* The one-sentence explanation of a verdict. */
static void why_text(rc_buf *b, rc_model *const *models,
                     const rc_user_verdict *v)
{
  switch (v->verdict) {
  case RC_VERDICT_OUT:
  case RC_VERDICT_REVIEW:
    rc_buf_puts(b, v->reason && v->reason[0] ? v->reason : "");
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
      rc_buf_puts(b, role_name(models, &v->roles[i]));
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
    rc_buf_puts(b, needs_of(v));
    break;
  case RC_VERDICT_NOT_EVALUATED:
    rc_buf_puts(b, rc_skip_name(v->not_evaluated));
    break;
  case RC_VERDICT_OK:
    break;
  }
}

static const char *solution_of(rc_model *const *models, size_t model)
{
  return rc_view__solution_label(models[model]);
}

/* "Create opportunity (usage.csv:2): granted by Sales Rep": one row of
 * the non-conformant usage report, joined. */
static void usage_text(rc_buf *b, const rc_usage_join *j)
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
static const char *usage_user(const rc_users *users, const rc_usage_join *j,
                              int redact, who *w)
{
  if (j->user >= 0) {
    who_of(w, rc_users_at(users, (size_t)j->user), redact);
    return label_of(w);
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
  rc_buf_init(&held, TEXT_MAX);
  rc_buf_init(&rules, TEXT_MAX);
  rc_buf_init(&roles, TEXT_MAX);
  rc_buf_init(&causes, TEXT_MAX);
  rc_buf_init(&why, TEXT_MAX);
  for (i = 0; i < rc_users_count(users) && !error; i++) {
    const rc_user_verdict *v = rc_users_at(users, i);
    const char *cells[RC_USERS_COLS];
    who w;
    who_of(&w, v, redact);
    rc_buf_clear(&held);
    rc_buf_clear(&rules);
    rc_buf_clear(&roles);
    rc_buf_clear(&causes);
    rc_buf_clear(&why);
    held_text(&held, v);
    rules_text(&rules, v, " ");
    roles_text(&roles, models, v, 0);
    causes_text(&causes, models, v);
    why_text(&why, models, v);
    cells[0] = rc_verdict_name(v->verdict);
    cells[1] = rc_skip_name(v->not_evaluated);
    cells[2] = w.upn;
    cells[3] = w.name;
    cells[4] = w.object_id;
    cells[5] = w.id;
    cells[6] = rc_buf_cstr(&held);
    cells[7] = needs_of(v);
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
    cells[1] = solution_of(models, u->model);
    cells[2] = r->guid;
    cells[3] = n;
    cells[4] = out;
    cells[5] = teams;
    cells[6] = u->by_licence;
    error = row(sink, cells, RC_USER_ROLES_COLS);
  }
  return error;
}

static int csv_row(void *sink, const char *const *cells, size_t n)
{
  FILE *out = sink;
  size_t i;
  for (i = 0; i < n; i++) {
    if (i)
      fputc(',', out);
    rc_put_csv(out, cells[i]);
  }
  fputs("\r\n", out);
  return ferror(out) ? RC_ERROR : RC_OK;
}

int rc_render__users_csv(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  int error = rc_view__users_rows(rd->models, rd->users, rd->users_opts->redact,
                                  csv_row, out);
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
  rc_buf_init(&b, TEXT_MAX);
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
  who w;
  who_of(&w, v, rd->users_opts->redact);
  rc_buf_init(&b, TEXT_MAX);
  fprintf(out, "  %s", label_of(&w));
  if (w.name[0] && strcmp(w.name, label_of(&w)))
    fprintf(out, " (%s)", w.name);
  if (v->verdict == RC_VERDICT_NOT_EVALUATED) {
    fprintf(out, ": %s\n", rc_skip_name(v->not_evaluated));
    rc_buf_dispose(&b);
    return;
  }
  held_text(&b, v);
  fprintf(out, ": holds %s", rc_buf_cstr(&b));
  if (v->fit)
    fprintf(out, ", needs %s", needs_of(v));
  fputc('\n', out);
  if (v->verdict == RC_VERDICT_OK) {
    rc_buf_dispose(&b);
    return;
  }
  rc_buf_clear(&b);
  roles_text(&b, rd->models, v, v->verdict == RC_VERDICT_OUT);
  fprintf(out, "    roles: %s\n", rc_buf_cstr(&b));
  rc_buf_clear(&b);
  why_text(&b, rd->models, v);
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
            solution_of(rd->models, u->model), (unsigned long)u->users,
            u->users == 1 ? "" : "s", u->by_licence,
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
    who w;
    rc_buf_init(&b, TEXT_MAX);
    usage_text(&b, j);
    fprintf(out, "  %s", usage_user(users, j, rd->users_opts->redact, &w));
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

/* ---- JSON ---- */

static json_t *strings_json(const char *const *items, size_t n)
{
  json_t *a = json_array();
  size_t i;
  for (i = 0; a && i < n; i++) {
    if (json_array_append_new(a, json_string(items[i]))) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

static json_t *classes_json(unsigned classes)
{
  json_t *a = json_array();
  unsigned bit;
  for (bit = 1; a && bit <= RC_LIC_ALL; bit <<= 1) {
    if ((classes & bit) &&
        json_array_append_new(a, json_string(rc_licence_class_name(bit)))) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

static json_t *user_roles_json(rc_model *const *models,
                               const rc_user_verdict *v)
{
  json_t *a = json_array();
  size_t i;
  for (i = 0; a && i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "name", role_name(models, r),
        "id", r->grant->role_id, "rootId", r->grant->root_role_id, "team",
        r->team, "join", rc_role_join_name(r->join), "solution",
        r->join == RC_JOIN_NONE ? "" : solution_of(models, r->model), "causes",
        r->causes);
    if (json_array_append_new(a, o)) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

static json_t *user_json(const rc_render *rd, const rc_user_verdict *v)
{
  rc_buf why;
  json_t *o;
  who w;
  who_of(&w, v, rd->users_opts->redact);
  rc_buf_init(&why, TEXT_MAX);
  why_text(&why, rd->models, v);
  o = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:s, s:o, "
      "s:s, s:b, s:s, s:s}",
      "upn", w.upn, "name", w.name, "objectId", w.object_id, "userId", w.id,
      "verdict", rc_verdict_name(v->verdict), "notEvaluated",
      rc_skip_name(v->not_evaluated), "licences", classes_json(v->classes),
      "attachWithoutBase", classes_json(v->attach_without_base), "skus",
      v->licence ? strings_json(v->licence->skus, v->licence->sku_count)
                 : json_array(),
      "licenceMatch", v->matched_by, "roles", user_roles_json(rd->models, v),
      "needs", needs_of(v), "rules", strings_json(v->rules, v->rule_count),
      "why", rc_buf_error(&why) < 0 ? "" : rc_buf_cstr(&why), "combination",
      v->combination, "couldDrop", v->could_drop ? v->could_drop : "", "file",
      v->user->file);
  rc_buf_dispose(&why);
  return o;
}

static json_t *summary_json(const rc_users *users)
{
  json_t *verdicts = json_object(), *skips = json_object(), *o;
  size_t licensed, outside = rc_users_outside_count(users, &licensed);
  int i;
  for (i = 0; verdicts && i < RC_VERDICT_COUNT; i++) {
    if (json_object_set_new(verdicts, rc_verdict_name((rc_verdict)i),
                            json_integer((json_int_t)rc_users_verdict_count(
                                users, (rc_verdict)i))))
      goto nomem;
  }
  for (i = 1; skips && i < RC_SKIP_COUNT; i++) {
    if (json_object_set_new(skips, rc_skip_name((rc_skip_reason)i),
                            json_integer((json_int_t)rc_users_skip_count(
                                users, (rc_skip_reason)i))))
      goto nomem;
  }
  o = json_pack("{s:I, s:I, s:o, s:o, s:I, s:I}", "users",
                (json_int_t)rc_users_count(users), "roleSets",
                (json_int_t)rc_users_union_count(users), "verdicts", verdicts,
                "notEvaluated", skips, "licenceHoldersOutside",
                (json_int_t)outside, "licenceHoldersOutsideLicensed",
                (json_int_t)licensed);
  return o;
nomem:
  json_decref(verdicts);
  json_decref(skips);
  return NULL;
}

static json_t *plan_json(const rc_render *rd)
{
  const rc_users_plan *plan = rd->users_opts->plan;
  json_t *a = json_array();
  size_t i, k;
  for (i = 0; a && i < rc_users_plan_count(plan); i++) {
    const rc_plan_group *g = rc_users_plan_at(plan, i);
    json_t *roles = json_array(), *o;
    for (k = 0; roles && k < g->role_count; k++) {
      const rc_plan_role *r = &g->change_roles[k];
      if (json_array_append_new(
              roles,
              json_pack("{s:s, s:s, s:o, s:o}", "role", r->name, "solution",
                        solution_of(rd->models, r->model), "changes",
                        strings_json(r->changes, r->change_count), "open",
                        strings_json(r->open, r->open_count)))) {
        json_decref(roles);
        roles = NULL;
      }
    }
    o = json_pack("{s:I, s:s, s:s, s:o, s:s}", "users", (json_int_t)g->users,
                  "holds", g->held, "roles", g->roles, "changeRoles", roles,
                  "orLicence", g->licence);
    if (json_array_append_new(a, o)) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

/* The report with "users" last, one user per line, written as it goes: a
 * tree of 100,000 users would cost more memory than the judgement. */
static int dump_with_users(FILE *out, rc_ctx *ctx, const rc_render *rd,
                           json_t *root)
{
  const rc_users *users = rd->users;
  char *head;
  size_t len, i;
  int error = RC_OK;
  if (!root)
    return rc_fail_nomem(ctx);
  head = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (!head)
    return rc_fail_nomem(ctx);
  /* the object without its closing brace */
  len = strlen(head);
  while (len && (head[len - 1] == '}' || head[len - 1] == '\n'))
    len--;
  fwrite(head, 1, len, out);
  free(head);
  fputs(",\n  \"users\": [", out);
  for (i = 0; i < rc_users_count(users) && !error; i++) {
    json_t *u = user_json(rd, rc_users_at(users, i));
    fputs(i ? ",\n    " : "\n    ", out);
    if (!u || json_dumpf(u, out, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0)
      error = u ? RC_ERROR : RC_ENOMEM;
    json_decref(u);
  }
  fputs(i ? "\n  ]\n}\n" : "]\n}\n", out);
  if (error == RC_ENOMEM)
    return rc_fail_nomem(ctx);
  return error || ferror(out)
             ? rc_fail(ctx, RC_ERROR, "cannot write the JSON output")
             : RC_OK;
}

int rc_render__users_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  json_t *root, *roles = json_array();
  size_t i;
  for (i = 0; roles && i < rc_users_role_count(users); i++) {
    const rc_role_usage *u = rc_users_role(users, i);
    const rc_role *r = rc_model_role(rd->models[u->model], u->role);
    if (json_array_append_new(
            roles, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "name",
                             r->name, "id", r->guid, "solution",
                             solution_of(rd->models, u->model), "users",
                             (json_int_t)u->users, "outOfLicence",
                             (json_int_t)u->out_of_licence, "throughTeamsOnly",
                             (json_int_t)u->through_teams, "licencesHeld",
                             u->by_licence))) {
      json_decref(roles);
      roles = NULL;
    }
  }
  root = json_pack("{s:s, s:s, s:o, s:o, s:o}", "tool", rc_version(),
                   "rulePack", rc_rulepack_version(rd->pack), "tenantFiles",
                   strings_json(rd->users_opts->tenant_files,
                                rd->users_opts->tenant_file_count),
                   "summary", summary_json(users), "roles", roles);
  if (root && rc_users_usage_count(users)) {
    json_t *a = json_array();
    for (i = 0; a && i < rc_users_usage_count(users); i++) {
      const rc_usage_join *j = rc_users_usage_at(users, i);
      who w;
      const char *user = usage_user(users, j, rd->users_opts->redact, &w);
      if (json_array_append_new(
              a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s}", "user",
                           user, "operation", j->row->operation, "table",
                           j->row->table, "date", j->row->date, "file",
                           j->row->file, "line", (json_int_t)j->row->line,
                           "inRoleExports", j->user >= 0, "grantedBy",
                           j->granted_by))) {
        json_decref(a);
        a = NULL;
      }
    }
    if (json_object_set_new(root, "usage", a)) {
      json_decref(root);
      root = NULL;
    }
  }
  if (root && rd->users_opts->plan &&
      json_object_set_new(root, "plan", plan_json(rd))) {
    json_decref(root);
    root = NULL;
  }
  return dump_with_users(out, ctx, rd, root);
}

/* ---- Markdown ---- */

static void md_cell(FILE *out, const char *s)
{
  fputs("| ", out);
  rc_put_md(out, s);
  fputc(' ', out);
}

int rc_render__users_md(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  size_t i, k, j;
  int v;
  rc_buf b;
  rc_buf_init(&b, TEXT_MAX);
  fprintf(out,
          "## rolecheck users\n\n%lu users, %lu distinct sets of roles "
          "judged (rule pack %s).\n\n| verdict | users |\n|---|---:|\n",
          (unsigned long)rc_users_count(users),
          (unsigned long)rc_users_union_count(users),
          rc_rulepack_version(rd->pack));
  for (v = 0; v < RC_VERDICT_COUNT; v++)
    fprintf(out, "| %s | %lu |\n", rc_verdict_name((rc_verdict)v),
            (unsigned long)rc_users_verdict_count(users, (rc_verdict)v));
  fputs("\n| user | verdict | holds | needs | roles | why |\n"
        "|---|---|---|---|---|---|\n",
        out);
  for (i = 0; i < rc_users_count(users); i++) {
    const rc_user_verdict *u = rc_users_at(users, i);
    who w;
    if (u->verdict == RC_VERDICT_OK || u->verdict == RC_VERDICT_NOT_EVALUATED)
      continue;
    who_of(&w, u, rd->users_opts->redact);
    md_cell(out, label_of(&w));
    md_cell(out, rc_verdict_name(u->verdict));
    rc_buf_clear(&b);
    held_text(&b, u);
    md_cell(out, rc_buf_cstr(&b));
    md_cell(out, needs_of(u));
    rc_buf_clear(&b);
    roles_text(&b, rd->models, u, u->verdict == RC_VERDICT_OUT);
    md_cell(out, rc_buf_cstr(&b));
    rc_buf_clear(&b);
    why_text(&b, rd->models, u);
    md_cell(out, rc_buf_cstr(&b));
    fputs("|\n", out);
  }
  fputs("\n| role | solution | users | out of licence | licences held |\n"
        "|---|---|---:|---:|---|\n",
        out);
  for (i = 0; i < rc_users_role_count(users); i++) {
    const rc_role_usage *u = rc_users_role(users, i);
    char n[64];
    md_cell(out, rc_model_role(rd->models[u->model], u->role)->name);
    md_cell(out, solution_of(rd->models, u->model));
    snprintf(n, sizeof(n), "| %lu | %lu ", (unsigned long)u->users,
             (unsigned long)u->out_of_licence);
    fputs(n, out);
    md_cell(out, u->by_licence);
    fputs("|\n", out);
  }
  if (rc_users_usage_count(users))
    fputs("\n### Non-conformant usage\n\n| user | what, where, which "
          "role |\n|---|---|\n",
          out);
  for (i = 0; i < rc_users_usage_count(users); i++) {
    const rc_usage_join *uj = rc_users_usage_at(users, i);
    who w;
    md_cell(out, usage_user(users, uj, rd->users_opts->redact, &w));
    rc_buf_clear(&b);
    usage_text(&b, uj);
    md_cell(out, rc_buf_cstr(&b));
    fputs("|\n", out);
  }
  if (rd->users_opts->plan) {
    const rc_users_plan *plan = rd->users_opts->plan;
    fputs("\n### Ways out\n", out);
    for (i = 0; i < rc_users_plan_count(plan); i++) {
      const rc_plan_group *g = rc_users_plan_at(plan, i);
      fprintf(out, "\n- **%lu** user%s holding %s with ",
              (unsigned long)g->users, g->users == 1 ? "" : "s", g->held);
      rc_put_md(out, g->roles);
      fputs(": change the licence to ", out);
      rc_put_md(out, g->licence);
      fputs(", or change\n", out);
      for (k = 0; k < g->role_count; k++) {
        const rc_plan_role *r = &g->change_roles[k];
        fputs("  - ", out);
        rc_put_md(out, r->name);
        fputc('\n', out);
        for (j = 0; j < r->change_count; j++) {
          fputs("    - ", out);
          rc_put_md(out, r->changes[j]);
          fputc('\n', out);
        }
        for (j = 0; j < r->open_count; j++) {
          fputs("    - open: ", out);
          rc_put_md(out, r->open[j]);
          fputc('\n', out);
        }
      }
    }
  }
  rc_buf_dispose(&b);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the report")
                     : RC_OK;
}

/* ---- HTML ---- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>rolecheck users</title>\n<style>\n"
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b}\n"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f3f3f3}\n"
    "td.n{text-align:right}\n"
    ".v-out-of-licence td:first-child,.v-unlicensed td:first-child"
    "{border-left:4px solid #b00020}\n"
    ".v-review td:first-child,.v-unknown-role td:first-child"
    "{border-left:4px solid #b26a00}\n"
    ".v-over-licensed td:first-child{border-left:4px solid #00639b}\n"
    "#filters{margin:.5em 0}\n"
    "@media print{#filters{display:none}}\n"
    "</style>\n</head>\n<body>\n";

static const char html_script[] =
    "<script>\n"
    "(function(){var v=document.getElementById('verdict'),"
    "q=document.getElementById('q'),rows=document.querySelectorAll("
    "'#users tbody tr');function f(){var s=q.value.toLowerCase();"
    "rows.forEach(function(r){var ok=(!v.value||r.dataset.verdict===v.value)"
    "&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);r.hidden=!ok;});}"
    "v.addEventListener('change',f);q.addEventListener('input',f);})();\n"
    "</script>\n";

static void html_cell(FILE *out, const char *s)
{
  fputs("<td>", out);
  rc_put_xml(out, s);
  fputs("</td>", out);
}

int rc_render__users_html(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  size_t i, k, j;
  int v;
  rc_buf b;
  rc_buf_init(&b, TEXT_MAX);
  fputs(html_head, out);
  fprintf(out,
          "<h1>Which users are out of licence</h1>\n<p>rolecheck %s, rule "
          "pack %s: %lu users, %lu distinct sets of roles judged.</p>\n",
          rc_version(), rc_rulepack_version(rd->pack),
          (unsigned long)rc_users_count(users),
          (unsigned long)rc_users_union_count(users));
  fputs("<table id=\"summary\"><thead><tr><th>verdict</th><th>users</th>"
        "</tr></thead><tbody>\n",
        out);
  for (v = 0; v < RC_VERDICT_COUNT; v++)
    fprintf(out,
            "<tr class=\"v-%s\"><td>%s</td><td class=\"n\">%lu</td></tr>\n",
            rc_verdict_name((rc_verdict)v), rc_verdict_name((rc_verdict)v),
            (unsigned long)rc_users_verdict_count(users, (rc_verdict)v));
  fputs("</tbody></table>\n<h2>Users</h2>\n<div id=\"filters\"><label>"
        "verdict <select id=\"verdict\"><option value=\"\">all</option>",
        out);
  for (v = 0; v < RC_VERDICT_COUNT; v++)
    fprintf(out, "<option>%s</option>", rc_verdict_name((rc_verdict)v));
  fputs("</select></label> <label>search <input id=\"q\" type=\"search\">"
        "</label></div>\n<table id=\"users\"><thead><tr><th>user</th>"
        "<th>verdict</th><th>holds</th><th>needs</th><th>roles</th>"
        "<th>why</th></tr></thead><tbody>\n",
        out);
  for (i = 0; i < rc_users_count(users); i++) {
    const rc_user_verdict *u = rc_users_at(users, i);
    who w;
    who_of(&w, u, rd->users_opts->redact);
    fprintf(out, "<tr class=\"v-%s\" data-verdict=\"%s\">",
            rc_verdict_name(u->verdict), rc_verdict_name(u->verdict));
    html_cell(out, label_of(&w));
    html_cell(out, rc_verdict_name(u->verdict));
    rc_buf_clear(&b);
    held_text(&b, u);
    html_cell(out, rc_buf_cstr(&b));
    html_cell(out, needs_of(u));
    rc_buf_clear(&b);
    roles_text(&b, rd->models, u, u->verdict == RC_VERDICT_OUT);
    html_cell(out, rc_buf_cstr(&b));
    rc_buf_clear(&b);
    why_text(&b, rd->models, u);
    html_cell(out, rc_buf_cstr(&b));
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n<h2>Roles</h2>\n<table id=\"roles\"><thead><tr>"
        "<th>role</th><th>solution</th><th>users</th><th>out of licence</th>"
        "<th>licences held</th></tr></thead><tbody>\n",
        out);
  for (i = 0; i < rc_users_role_count(users); i++) {
    const rc_role_usage *u = rc_users_role(users, i);
    fputs("<tr>", out);
    html_cell(out, rc_model_role(rd->models[u->model], u->role)->name);
    html_cell(out, solution_of(rd->models, u->model));
    fprintf(out, "<td class=\"n\">%lu</td><td class=\"n\">%lu</td>",
            (unsigned long)u->users, (unsigned long)u->out_of_licence);
    html_cell(out, u->by_licence);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n", out);
  if (rc_users_usage_count(users))
    fputs("<h2>Non-conformant usage</h2>\n<table id=\"usage\"><thead><tr>"
          "<th>user</th><th>what, where, which role</th></tr></thead>"
          "<tbody>\n",
          out);
  for (i = 0; i < rc_users_usage_count(users); i++) {
    const rc_usage_join *uj = rc_users_usage_at(users, i);
    who w;
    fputs("<tr>", out);
    html_cell(out, usage_user(users, uj, rd->users_opts->redact, &w));
    rc_buf_clear(&b);
    usage_text(&b, uj);
    html_cell(out, rc_buf_cstr(&b));
    fputs("</tr>\n", out);
  }
  if (rc_users_usage_count(users))
    fputs("</tbody></table>\n", out);
  if (rd->users_opts->plan) {
    const rc_users_plan *plan = rd->users_opts->plan;
    fputs("<h2>Ways out</h2>\n<ul id=\"plan\">\n", out);
    for (i = 0; i < rc_users_plan_count(plan); i++) {
      const rc_plan_group *g = rc_users_plan_at(plan, i);
      fprintf(out, "<li>%lu user%s holding ", (unsigned long)g->users,
              g->users == 1 ? "" : "s");
      rc_put_xml(out, g->held);
      fputs(" with ", out);
      rc_put_xml(out, g->roles);
      fputs(": change the licence to ", out);
      rc_put_xml(out, g->licence);
      fputs(", or change<ul>\n", out);
      for (k = 0; k < g->role_count; k++) {
        const rc_plan_role *r = &g->change_roles[k];
        fputs("<li>", out);
        rc_put_xml(out, r->name);
        fputs("<ul>", out);
        for (j = 0; j < r->change_count; j++) {
          fputs("<li>", out);
          rc_put_xml(out, r->changes[j]);
          fputs("</li>", out);
        }
        for (j = 0; j < r->open_count; j++) {
          fputs("<li>open: ", out);
          rc_put_xml(out, r->open[j]);
          fputs("</li>", out);
        }
        fputs("</ul></li>\n", out);
      }
      fputs("</ul></li>\n", out);
    }
    fputs("</ul>\n", out);
  }
  fputs(html_script, out);
  fputs("</body>\n</html>\n", out);
  rc_buf_dispose(&b);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the report")
                     : RC_OK;
}

/* ---- SARIF and annotations: one result per user to act on ---- */

/* Where a user's result points: the first role that causes the verdict,
 * else the first known role, else the user's export. */
static void result_place(const rc_render *rd, const rc_user_verdict *v,
                         const char **file, unsigned long *line)
{
  size_t i;
  const rc_user_role *known = NULL;
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    if (r->join == RC_JOIN_NONE)
      continue;
    if (!known || (r->causes && !known->causes))
      known = r;
  }
  if (known) {
    const rc_role *role = rc_model_role(rd->models[known->model], known->role);
    *file = role->file;
    *line = role->line ? role->line : 1;
    return;
  }
  *file = v->user->file;
  *line = 1;
}

static void result_message(rc_buf *b, const rc_render *rd,
                           const rc_user_verdict *v)
{
  who w;
  who_of(&w, v, rd->users_opts->redact);
  rc_buf_puts(b, label_of(&w));
  rc_buf_puts(b, " is ");
  rc_buf_puts(b, rc_verdict_name(v->verdict));
  rc_buf_puts(b, ": holds ");
  held_text(b, v);
  if (v->fit) {
    rc_buf_puts(b, ", the roles need ");
    rc_buf_puts(b, needs_of(v));
  }
  rc_buf_puts(b, ". Roles: ");
  roles_text(b, rd->models, v, v->verdict == RC_VERDICT_OUT);
  rc_buf_puts(b, ". ");
  why_text(b, rd->models, v);
}

static int reported(const rc_user_verdict *v)
{
  return rc_verdict_severity(v->verdict) > 0;
}

int rc_render__users_sarif(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  const char *root = rd->users_opts->source_root;
  char cwd[4096];
  json_t *rules = json_array(), *results = json_array(), *log;
  size_t i;
  int v;
  rc_buf b;
  rc_location_cwd(cwd, sizeof(cwd));
  if (!root)
    root = cwd;
  for (v = 0; rules && v < RC_VERDICT_COUNT; v++) {
    int sev = rc_verdict_severity((rc_verdict)v);
    if (!sev)
      continue;
    if (json_array_append_new(
            rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}}", "id",
                             rc_verdict_name((rc_verdict)v), "name",
                             rc_verdict_name((rc_verdict)v), "shortDescription",
                             "text",
                             v == RC_VERDICT_OUT
                                 ? "A user's licences do not cover their roles."
                             : v == RC_VERDICT_UNLICENSED
                                 ? "A user holds roles and no licence judged."
                             : v == RC_VERDICT_REVIEW
                                 ? "A user's licences cover their roles only "
                                   "with a review."
                             : v == RC_VERDICT_UNKNOWN_ROLE
                                 ? "A user holds a role no input solution has."
                                 : "A user holds a licence their roles do not "
                                   "need.",
                             "defaultConfiguration", "level",
                             rc_severity_name((rc_severity)sev)))) {
      json_decref(rules);
      rules = NULL;
    }
  }
  rc_buf_init(&b, TEXT_MAX);
  for (i = 0; results && i < rc_users_count(users); i++) {
    const rc_user_verdict *u = rc_users_at(users, i);
    const char *file;
    unsigned long line;
    rc_location loc;
    char fp[32];
    json_t *res, *physical;
    if (!reported(u))
      continue;
    result_place(rd, u, &file, &line);
    if (rc_location_init(&loc, file, root, cwd) < 0)
      break;
    rc_buf_clear(&b);
    result_message(&b, rd, u);
    if (loc.entry) {
      char where[64];
      snprintf(where, sizeof(where), " (%s:%lu)", loc.entry, line);
      rc_buf_puts(&b, where);
    }
    snprintf(fp, sizeof(fp), "%016llx",
             (unsigned long long)rc_fnv1a64(u->user->id, strlen(u->user->id)));
    physical = json_pack("{s:{s:s}, s:{s:I}}", "artifactLocation", "uri",
                         rc_buf_cstr(&loc.uri), "region", "startLine",
                         (json_int_t)line);
    if (physical && loc.in_root)
      json_object_set_new(json_object_get(physical, "artifactLocation"),
                          "uriBaseId", json_string("%SRCROOT%"));
    res = physical ? json_pack("{s:s, s:s, s:{s:s}, s:[{s:o}], s:{s:s}}",
                               "ruleId", rc_verdict_name(u->verdict), "level",
                               rc_severity_name((
                                   rc_severity)rc_verdict_severity(u->verdict)),
                               "message", "text",
                               rc_buf_error(&b) < 0 ? "" : rc_buf_cstr(&b),
                               "locations", "physicalLocation", physical,
                               "partialFingerprints", "rolecheck/users/v1", fp)
                   : NULL;
    rc_location_dispose(&loc);
    if (json_array_append_new(results, res)) {
      json_decref(results);
      results = NULL;
    }
  }
  rc_buf_dispose(&b);
  if (!rules || !results) {
    json_decref(rules);
    json_decref(results);
    return rc_fail_nomem(ctx);
  }
  log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o, s:{s:s}}}, "
                  "s:o}]}",
                  "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                  "version", "2.1.0", "runs", "tool", "driver", "name",
                  "rolecheck", "semanticVersion", rc_version(), "version",
                  rc_version(), "rules", rules, "properties", "rulePackVersion",
                  rc_rulepack_version(rd->pack), "results", results);
  return rc_view__dump_json(out, ctx, log, "SARIF");
}

int rc_render__users_annotations(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_users *users = rd->users;
  const char *root = rd->users_opts->source_root;
  int github = rd->users_opts->format == RC_FORMAT_GITHUB;
  char cwd[4096];
  size_t i;
  rc_buf b;
  rc_location_cwd(cwd, sizeof(cwd));
  if (!root)
    root = cwd;
  rc_buf_init(&b, TEXT_MAX);
  for (i = 0; i < rc_users_count(users); i++) {
    const rc_user_verdict *u = rc_users_at(users, i);
    int sev = rc_verdict_severity(u->verdict);
    const char *file;
    unsigned long line;
    rc_location loc;
    if (!reported(u))
      continue;
    result_place(rd, u, &file, &line);
    if (rc_location_init(&loc, file, root, cwd) < 0) {
      rc_buf_dispose(&b);
      return rc_fail_nomem(ctx);
    }
    rc_buf_clear(&b);
    result_message(&b, rd, u);
    if (github) {
      fprintf(out, "::%s file=",
              sev == RC_SEVERITY_ERROR     ? "error"
              : sev == RC_SEVERITY_WARNING ? "warning"
                                           : "notice");
      rc_put_cmd(out,
                 loc.in_root ? rc_buf_cstr(&loc.rel) : rc_buf_cstr(&loc.abs),
                 RC_ESC_GITHUB_PROP);
      if (!loc.entry)
        fprintf(out, ",line=%lu", line);
      fputs(",title=", out);
      rc_put_cmd(out, rc_verdict_name(u->verdict), RC_ESC_GITHUB_PROP);
      fputs("::", out);
      rc_put_cmd(out, rc_buf_cstr(&b), RC_ESC_GITHUB_DATA);
    } else if (sev == RC_SEVERITY_NOTE) {
      fprintf(out, "%s: ", rc_verdict_name(u->verdict));
      rc_put_cmd(out, rc_buf_cstr(&b), RC_ESC_AZURE_DATA);
    } else {
      fprintf(out, "##vso[task.logissue type=%s;sourcepath=",
              sev == RC_SEVERITY_ERROR ? "error" : "warning");
      rc_put_cmd(out, rc_buf_cstr(&loc.abs), RC_ESC_AZURE_PROP);
      if (!loc.entry)
        fprintf(out, ";linenumber=%lu;columnnumber=1", line);
      fprintf(out, ";code=%s;]", rc_verdict_name(u->verdict));
      rc_put_cmd(out, rc_buf_cstr(&b), RC_ESC_AZURE_DATA);
    }
    fputc('\n', out);
    rc_location_dispose(&loc);
  }
  rc_buf_dispose(&b);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the report")
                     : RC_OK;
}
