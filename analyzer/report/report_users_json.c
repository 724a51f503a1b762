/* The users report in JSON (one user per line, written as it goes),
 * SARIF and CI annotations: one result per user to act on, at the role
 * that causes the verdict. */
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

/* A JSON string: quotes, backslashes and control characters escaped, valid
 * UTF-8 as it is, any other byte as U+FFFD (an export in another encoding
 * must not make the report invalid JSON). */
static void put_str(FILE *out, const char *s)
{
  const unsigned char *p = (const unsigned char *)s, *run = p;
  fputc('"', out);
  while (*p) {
    size_t n = *p < 0x80                           ? 1
               : (*p & 0xe0) == 0xc0 && *p >= 0xc2 ? 2
               : (*p & 0xf0) == 0xe0               ? 3
               : (*p & 0xf8) == 0xf0 && *p <= 0xf4 ? 4
                                                   : 0;
    size_t k;
    for (k = 1; k < n; k++) {
      if ((p[k] & 0xc0) != 0x80)
        n = 0;
    }
    if (n && *p != '"' && *p != '\\' && *p >= 0x20) {
      p += n; /* kept in the run, written at once */
      continue;
    }
    fwrite(run, 1, (size_t)(p - run), out);
    if (!n)
      fputs("\\ufffd", out);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else {
      fputc('\\', out);
      fputc(*p, out);
    }
    run = ++p;
  }
  fwrite(run, 1, (size_t)(p - run), out);
  fputc('"', out);
}

/* "key": "value" (after a comma unless first). */
static void put_pair(FILE *out, const char *key, const char *value, int first)
{
  /* not fprintf(): a pair per field of 100,000 users */
  fputs(first ? "\"" : ",\"", out);
  fputs(key, out);
  fputs("\":", out);
  put_str(out, value);
}

static void put_strings(FILE *out, const char *key, const char *const *items,
                        size_t n)
{
  size_t i;
  fprintf(out, ",\"%s\":[", key);
  for (i = 0; i < n; i++) {
    if (i)
      fputc(',', out);
    put_str(out, items[i]);
  }
  fputc(']', out);
}

static void put_classes(FILE *out, const char *key, unsigned classes)
{
  unsigned bit;
  int first = 1;
  fprintf(out, ",\"%s\":[", key);
  for (bit = 1; bit <= RC_LIC_ALL; bit <<= 1) {
    if (!(classes & bit))
      continue;
    fputs(first ? "" : ",", out);
    put_str(out, rc_licence_class_name(bit));
    first = 0;
  }
  fputc(']', out);
}

/* One user, compact, written directly: a tree per user costs more than the
 * judgement on a large tenant. */
static int put_user(FILE *out, const rc_render *rd, const rc_user_verdict *v,
                    rc_buf *why)
{
  rc_user_who w;
  size_t i;
  rc_view__u_who_of(&w, v, rd->users_opts->redact);
  rc_buf_clear(why);
  rc_view__u_why_text(why, rd->models, v, 0);
  if (rc_buf_error(why) < 0)
    return RC_ENOMEM;
  fputc('{', out);
  put_pair(out, "upn", w.upn, 1);
  put_pair(out, "name", w.name, 0);
  put_pair(out, "objectId", w.object_id, 0);
  put_pair(out, "userId", w.id, 0);
  put_pair(out, "verdict", rc_verdict_name(v->verdict), 0);
  put_pair(out, "notEvaluated", rc_skip_name(v->not_evaluated), 0);
  put_classes(out, "licences", v->classes);
  put_classes(out, "attachWithoutBase", v->attach_without_base);
  put_strings(out, "skus", v->licence ? v->licence->skus : NULL,
              v->licence ? v->licence->sku_count : 0);
  put_pair(out, "licenceMatch", v->matched_by, 0);
  fputs(",\"roles\":[", out);
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    fputs(i ? ",{" : "{", out);
    put_pair(out, "name", rc_view__u_role_name(rd->models, r), 1);
    put_pair(out, "id", r->grant->role_id, 0);
    put_pair(out, "rootId", r->grant->root_role_id, 0);
    put_pair(out, "team", r->team, 0);
    put_pair(out, "join", rc_role_join_name(r->join), 0);
    put_pair(out, "solution",
             r->join == RC_JOIN_NONE
                 ? ""
                 : rc_view__u_solution_of(rd->models, r->model),
             0);
    fprintf(out, ",\"causes\":%s}", r->causes ? "true" : "false");
  }
  fputc(']', out);
  put_pair(out, "needs", rc_view__u_needs_of(v), 0);
  put_strings(out, "rules", v->rules, v->rule_count);
  put_pair(out, "why", rc_buf_cstr(why), 0);
  fprintf(out, ",\"combination\":%s", v->combination ? "true" : "false");
  put_pair(out, "couldDrop", v->could_drop ? v->could_drop : "", 0);
  put_pair(out, "file", v->user->file, 0);
  fputc('}', out);
  return RC_OK;
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
                        rc_view__u_solution_of(rd->models, r->model), "changes",
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
  rc_buf why;
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
  rc_buf_init(&why, RC_USERS_TEXT_MAX);
  for (i = 0; i < rc_users_count(users) && !error; i++) {
    fputs(i ? ",\n    " : "\n    ", out);
    error = put_user(out, rd, rc_users_at(users, i), &why);
  }
  rc_buf_dispose(&why);
  fputs(i ? "\n  ]" : "]", out);
  /* the non-conformant usage rows, written the same way: a name in
   * another encoding must not stop the report */
  for (i = 0; i < rc_users_usage_count(users); i++) {
    const rc_usage_join *j = rc_users_usage_at(users, i);
    rc_user_who w;
    fputs(i ? ",\n    {" : ",\n  \"usage\": [\n    {", out);
    put_pair(out, "user",
             rc_view__u_usage_user(users, j, rd->users_opts->redact, &w), 1);
    put_pair(out, "operation", j->row->operation, 0);
    put_pair(out, "table", j->row->table, 0);
    put_pair(out, "date", j->row->date, 0);
    put_pair(out, "file", j->row->file, 0);
    fprintf(out, ",\"line\":%lu,\"inRoleExports\":%s", j->row->line,
            j->user >= 0 ? "true" : "false");
    put_pair(out, "grantedBy", j->granted_by, 0);
    fputc('}', out);
  }
  fputs(i ? "\n  ]\n}\n" : "\n}\n", out);
  if (error == RC_ENOMEM)
    return rc_fail_nomem(ctx);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the JSON output")
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
                             rc_view__u_solution_of(rd->models, u->model),
                             "users", (json_int_t)u->users, "outOfLicence",
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
  if (root && rd->users_opts->plan &&
      json_object_set_new(root, "plan", plan_json(rd))) {
    json_decref(root);
    root = NULL;
  }
  return dump_with_users(out, ctx, rd, root);
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
  rc_user_who w;
  rc_view__u_who_of(&w, v, rd->users_opts->redact);
  rc_buf_puts(b, rc_view__u_label_of(&w));
  rc_buf_puts(b, " is ");
  rc_buf_puts(b, rc_verdict_name(v->verdict));
  rc_buf_puts(b, ": holds ");
  rc_view__u_held_text(b, v);
  if (v->fit) {
    rc_buf_puts(b, ", the roles need ");
    rc_buf_puts(b, rc_view__u_needs_of(v));
  }
  rc_buf_puts(b, ". Roles: ");
  rc_view__u_roles_text(b, rd->models, v, v->verdict == RC_VERDICT_OUT);
  rc_buf_puts(b, ". ");
  rc_view__u_why_text(b, rd->models, v, 0);
}

static int reported(const rc_user_verdict *v)
{
  return rc_verdict_severity(v->verdict) > 0;
}

/* The user guide's chapter, the help of every users result. */
#define USERS_HELP                                                             \
  "https://github.com/rolecheck/rolecheck/blob/main/docs/"                     \
  "user-guide.md#which-users-are-out-of-licence"

/* A verdict's SARIF rule: a stable id, and what it means. */
static const char *sarif_id(rc_verdict v)
{
  static const char *const ids[RC_VERDICT_COUNT] = {
      "USR001", "USR002", "USR003", "USR004", "USR005", "", ""};
  return (unsigned)v < RC_VERDICT_COUNT ? ids[v] : "";
}

static const struct {
  const char *summary, *full;
} sarif_text[RC_VERDICT_COUNT] = {
    {"A user's licences do not cover their roles together.",
     "The licences the user holds do not cover what their roles, direct and "
     "through teams, let them do together: change the role that causes it or "
     "the licence."},
    {"A user holds roles and no licence judged.",
     "An enabled, interactive user holds roles and no Team Members, Power "
     "Apps or Dynamics 365 licence (an attach licence counts only with a "
     "base licence)."},
    {"A user's licences cover their roles only with a review.",
     "A warning-level rule asks a question the roles cannot answer (such as "
     "self-service work orders); the user's licence covers the roles only "
     "if the answer is yes."},
    {"A user holds a role no input solution has.",
     "A role the user holds is in none of the solutions read, so their roles "
     "cannot be judged together: give the solution that holds it."},
    {"A user holds a licence their roles do not need.",
     "A cost hint: a cheaper kind of licence covers the user's roles, or the "
     "other licences they hold do."},
    {"", ""},
    {"", ""},
};

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
    char name[64];
    if (!sev)
      continue;
    snprintf(name, sizeof(name), "user-%s", rc_verdict_name((rc_verdict)v));
    if (json_array_append_new(
            rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:s, "
                             "s:{s:s}, s:{s:[s]}}",
                             "id", sarif_id((rc_verdict)v), "name", name,
                             "shortDescription", "text", sarif_text[v].summary,
                             "fullDescription", "text", sarif_text[v].full,
                             "help", "text", sarif_text[v].full, "markdown",
                             sarif_text[v].full, "helpUri", USERS_HELP,
                             "defaultConfiguration", "level",
                             rc_severity_name((rc_severity)sev), "properties",
                             "tags", "licensing"))) {
      json_decref(rules);
      rules = NULL;
    }
  }
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
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
    res = physical
              ? json_pack("{s:s, s:s, s:{s:s}, s:[{s:o}], s:{s:s}, s:{s:s}}",
                          "ruleId", sarif_id(u->verdict), "level",
                          rc_severity_name(
                              (rc_severity)rc_verdict_severity(u->verdict)),
                          "message", "text",
                          rc_buf_error(&b) < 0 ? "" : rc_buf_cstr(&b),
                          "locations", "physicalLocation", physical,
                          "partialFingerprints", "rolecheck/users/v1", fp,
                          "properties", "verdict", rc_verdict_name(u->verdict))
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
  {
    char root_uri[8192];
    if (rc_location_root_uri(root_uri, sizeof(root_uri), root, cwd) < 0) {
      json_decref(rules);
      json_decref(results);
      return rc_fail_nomem(ctx);
    }
    log = json_pack(
        "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:o, s:{s:s}}}, "
        "s:{s:{s:s}}, s:[{s:b}], s:o}]}",
        "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version",
        "2.1.0", "runs", "tool", "driver", "name", "rolecheck",
        "semanticVersion", rc_version(), "version", rc_version(),
        "informationUri", "https://github.com/rolecheck/rolecheck", "rules",
        rules, "properties", "rulePackVersion", rc_rulepack_version(rd->pack),
        "originalUriBaseIds", "%SRCROOT%", "uri", root_uri, "invocations",
        "executionSuccessful", 1, "results", results);
  }
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
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
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
