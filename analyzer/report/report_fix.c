/* The fix report (`rolecheck fix`) in text, JSON, Markdown and HTML: for
 * each role, the privileges removed, lowered or moved with the depth
 * before and after and the rules that asked, what stays open, and the
 * files written. Every format says the same things in the same order. */
#include <jansson.h>
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/embed.h"
#include "util/error.h"

/* ---- shared texts ---- */

/* "Create", "Read", ... for a table privilege, "" for a misc one. */
const char *rc_view__fix_right_text(const rc_fix_change *c)
{
  return c->right < 0 ? "" : rc_right_name((rc_right)c->right);
}

/* "Global -> Basic", "Global -> removed", "Global -> admin part",
 * "Write removed", "unlinked". */
void rc_view__fix_change_text(char *buf, size_t cap, const rc_fix_change *c)
{
  char rights[64];
  switch (c->action) {
  case RC_FIX_LOWER:
    snprintf(buf, cap, "%s -> %s", rc_depth_name(c->before),
             rc_depth_name(c->after));
    break;
  case RC_FIX_MOVE:
    snprintf(buf, cap, "%s -> admin part", rc_depth_name(c->before));
    break;
  case RC_FIX_DETACH:
    snprintf(buf, cap, "web role unlinked");
    break;
  default:
    if (c->right < 0 && c->before == RC_DEPTH_NONE && c->perm_rights) {
      rc_perm_rights_text(rights, sizeof(rights), c->perm_rights);
      snprintf(buf, cap, "%s removed", rights);
    } else {
      snprintf(buf, cap, "%s -> removed", rc_depth_name(c->before));
    }
    break;
  }
}

typedef struct {
  size_t planned, changed, unchanged, open, changes, webroles;
} fix_counts;

static void count_plan(const rc_fix *fix, fix_counts *n)
{
  size_t i;
  memset(n, 0, sizeof(*n));
  for (i = 0; i < rc_fix_role_count(fix); i++) {
    const rc_fix_role *r = rc_fix_role_at(fix, i);
    n->planned++;
    n->webroles += (size_t)r->webrole;
    n->changed += r->change_count > 0;
    n->unchanged += r->change_count == 0;
    n->open += r->open_count;
    n->changes += r->change_count;
  }
}

/* What to do after importing the roles. */
#define AFTER_COPY                                                             \
  "After import: assign each new role to the users and teams that hold the "   \
  "old one, then remove the old role from them (and from the apps' role "      \
  "maps when the new role should open the same apps)."
#define AFTER_IN_PLACE                                                         \
  "After import: the roles keep their ids, so their users and teams keep "     \
  "them with the corrected privileges; an import of an unmanaged role over "   \
  "a managed one adds an unmanaged layer on top of it."

/* ---- text ---- */

static void text_role(FILE *out, rc_model *const *models, const rc_fix_role *r)
{
  size_t k;
  const rc_model *m = models[r->model];
  fprintf(out, "%s %s %s (%s)\n", r->webrole ? "web role" : "role",
          r->source_name, r->source_id, rc_view__solution_label(m));
  if (!r->change_count && !r->open_count) {
    fprintf(out, "  needs no change as %s\n", r->profile);
    return;
  }
  if (r->change_count && !r->webrole)
    fprintf(out, "  -> %s %s\n", r->name, r->id);
  for (k = 0; k < r->change_count; k++) {
    const rc_fix_change *c = &r->changes[k];
    char what[96];
    rc_view__fix_change_text(what, sizeof(what), c);
    if (r->webrole)
      fprintf(out, "  %-7s permission '%s' (%s): %s  %s%s%s\n",
              rc_fix_action_name(c->action), c->privilege, c->table, what,
              c->rules, c->shared_with[0] ? "; also serves " : "",
              c->shared_with);
    else
      fprintf(out, "  %-7s %-8s %-20s %-30s %-20s %s\n",
              rc_fix_action_name(c->action),
              c->right < 0 ? "-" : rc_view__fix_right_text(c),
              c->table[0] ? c->table : "-", c->privilege, what, c->rules);
  }
  if (r->admin_count)
    fprintf(out, "  admin part -> %s %s (%lu privilege%s)\n", r->admin_name,
            r->admin_id, (unsigned long)r->admin_count,
            r->admin_count == 1 ? "" : "s");
  for (k = 0; k < r->open_count; k++) {
    const rc_fix_open *o = &r->open[k];
    fprintf(out, "  open    %s %s%s%s: %s\n", o->rule[0] ? o->rule : "-",
            o->kind, o->table[0] ? " " : "", o->table, o->detail);
  }
}

int rc_render__fix_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_fix_report_options *o = rd->fix_opts;
  const rc_fix_solution_out *s = o->solution;
  fix_counts n;
  size_t i;
  (void)ctx;
  count_plan(rd->fix, &n);
  for (i = 0; i < rc_fix_role_count(rd->fix); i++)
    text_role(out, rd->models, rc_fix_role_at(rd->fix, i));
  fprintf(out,
          "\n%lu roles planned: %lu changed (%lu privileges), %lu need no "
          "change; %lu open items\n",
          (unsigned long)n.planned, (unsigned long)n.changed,
          (unsigned long)n.changes, (unsigned long)n.unchanged,
          (unsigned long)n.open);
  if (s && s->role_count) {
    if (o->zip)
      fprintf(out, "%s %s: ", o->dry_run ? "would write" : "written", o->zip);
    fprintf(out, "solution %s %s, %lu roles (%s)\n", s->unique_name, s->version,
            (unsigned long)s->role_count,
            o->in_place ? "in place: the same role ids" : "as new roles");
    if (o->unpacked)
      fprintf(out, "%s %s: the same solution unpacked\n",
              o->dry_run ? "would write" : "written", o->unpacked);
    fprintf(out, "%s\n", o->in_place ? AFTER_IN_PLACE : AFTER_COPY);
  } else {
    fputs("no role needs a change: no solution written\n", out);
  }
  if (o->site)
    fprintf(out, "%s %s: the corrected table permissions\n",
            o->dry_run ? "would write" : "written", o->site);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the fix report")
                     : RC_OK;
}

/* ---- JSON ---- */

static json_t *privileges_json(const rc_fix_privilege *p, size_t n)
{
  json_t *a = json_array();
  size_t i;
  for (i = 0; a && i < n; i++) {
    if (json_array_append_new(a,
                              json_pack("{s:s, s:s}", "name", p[i].name,
                                        "depth", rc_depth_name(p[i].depth)))) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

json_t *rc_view__fix_change_json(const rc_fix_change *c, int webrole)
{
  char rights[64];
  json_t *o;
  if (webrole) {
    rc_perm_rights_text(rights, sizeof(rights), c->perm_rights);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "action",
                     rc_fix_action_name(c->action), "permission", c->privilege,
                     "table", c->table, "rightsRemoved", rights, "rules",
                     c->rules, "file", c->file ? c->file : "", "line",
                     (json_int_t)c->line, "alsoServes", c->shared_with);
  }
  o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "action",
                rc_fix_action_name(c->action), "privilege", c->privilege,
                "table", c->table, "right", rc_view__fix_right_text(c),
                "before", rc_depth_name(c->before), "after",
                rc_depth_name(c->after), "rules", c->rules, "file",
                c->file ? c->file : "", "line", (json_int_t)c->line);
  return o;
}

static json_t *role_json(rc_model *const *models, const rc_fix_role *r)
{
  json_t *o, *changes = json_array(), *open = json_array();
  size_t k;
  int bad = !changes || !open;
  for (k = 0; !bad && k < r->change_count; k++)
    bad = json_array_append_new(changes, rc_view__fix_change_json(
                                             &r->changes[k], r->webrole)) != 0;
  for (k = 0; !bad && k < r->open_count; k++) {
    const rc_fix_open *x = &r->open[k];
    bad = json_array_append_new(open,
                                json_pack("{s:s, s:s, s:s, s:s}", "rule",
                                          x->rule, "kind", x->kind, "table",
                                          x->table, "detail", x->detail)) != 0;
  }
  o = bad ? NULL
          : json_pack("{s:s, s:b, s:s, s:s, s:s, s:s}", "input",
                      rc_model_path(models[r->model]), "webRole", r->webrole,
                      "role", r->source_name, "id", r->source_id, "profile",
                      r->profile, "status",
                      r->change_count ? "changed" : "unchanged");
  if (o && r->change_count && !r->webrole) {
    json_t *w = json_pack("{s:s, s:s, s:o*}", "id", r->id, "name", r->name,
                          "privileges",
                          privileges_json(r->privileges, r->privilege_count));
    bad = !w || json_object_set_new(o, "written", w);
  }
  if (o && !bad && r->admin_count) {
    json_t *w = json_pack("{s:s, s:s, s:o*}", "id", r->admin_id, "name",
                          r->admin_name, "privileges",
                          privileges_json(r->admin_privileges, r->admin_count));
    bad = !w || json_object_set_new(o, "adminPart", w);
  }
  if (!o || bad || json_object_set(o, "changes", changes) ||
      json_object_set(o, "open", open)) {
    json_decref(o);
    o = NULL;
  }
  json_decref(changes);
  json_decref(open);
  return o;
}

int rc_render__fix_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_fix_report_options *o = rd->fix_opts;
  const rc_fix_solution_out *s = o->solution;
  json_t *root, *roles = json_array(), *sol = NULL;
  fix_counts n;
  size_t i;
  int bad = !roles;
  count_plan(rd->fix, &n);
  for (i = 0; !bad && i < rc_fix_role_count(rd->fix); i++)
    bad = json_array_append_new(
              roles, role_json(rd->models, rc_fix_role_at(rd->fix, i))) != 0;
  if (!bad && s && s->role_count)
    bad = !(sol = json_pack("{s:s, s:s, s:s, s:s, s:I}", "uniqueName",
                            s->unique_name, "displayName", s->display_name,
                            "version", s->version, "publisher", s->publisher,
                            "roles", (json_int_t)s->role_count));
  if (bad) {
    json_decref(roles);
    json_decref(sol);
    return rc_fail_nomem(ctx);
  }
  /* json_pack takes sol and roles */
  root = json_pack(
      "{s:i, s:{s:s, s:s}, s:s, s:b, s:b, s:s*, s:{s:s*, s:s*, s:s*}, s:o*, "
      "s:{s:I, s:I, s:I, s:I, s:I}, s:o}",
      "version", 1, "tool", "name", "rolecheck", "version", rc_version(),
      "mode", o->in_place ? "in-place" : "copy", "splitAdmin", o->split_admin,
      "dryRun", o->dry_run, "keepTables", o->keep_tables, "outputs", "zip",
      s && s->role_count ? o->zip : NULL, "unpacked",
      s && s->role_count ? o->unpacked : NULL, "site", o->site, "solution", sol,
      "counts", "planned", (json_int_t)n.planned, "changed",
      (json_int_t)n.changed, "unchanged", (json_int_t)n.unchanged, "changes",
      (json_int_t)n.changes, "open", (json_int_t)n.open, "roles", roles);
  return rc_view__dump_json(out, ctx, root, "fix");
}

/* ---- Markdown ---- */

int rc_render__fix_md(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_fix_report_options *o = rd->fix_opts;
  const rc_fix_solution_out *s = o->solution;
  fix_counts n;
  size_t i, k;
  count_plan(rd->fix, &n);
  fprintf(out,
          "## rolecheck fix\n\n%lu roles planned: %lu changed (%lu "
          "privileges), %lu need no change; %lu open items.\n\n",
          (unsigned long)n.planned, (unsigned long)n.changed,
          (unsigned long)n.changes, (unsigned long)n.unchanged,
          (unsigned long)n.open);
  if (s && s->role_count) {
    if (o->zip) {
      fprintf(out, "%s `", o->dry_run ? "Would write" : "Written:");
      rc_put_md(out, o->zip);
      fputs("`: ", out);
    }
    fputs("Solution `", out);
    rc_put_md(out, s->unique_name);
    fprintf(out, "` %s, %lu roles (%s).\n\n%s\n\n", s->version,
            (unsigned long)s->role_count,
            o->in_place ? "in place: the same role ids" : "as new roles",
            o->in_place ? AFTER_IN_PLACE : AFTER_COPY);
  }
  for (i = 0; i < rc_fix_role_count(rd->fix); i++) {
    const rc_fix_role *r = rc_fix_role_at(rd->fix, i);
    fprintf(out, "### %s ", r->webrole ? "Web role" : "Role");
    rc_put_md(out, r->source_name);
    fputs("\n\n", out);
    if (!r->change_count && !r->open_count) {
      fprintf(out, "Needs no change as %s.\n\n", r->profile);
      continue;
    }
    if (r->change_count && !r->webrole) {
      fputs("Written as **", out);
      rc_put_md(out, r->name);
      fprintf(out, "** `%s`.\n\n", r->id);
    }
    if (r->change_count) {
      fputs("| action | table | right | privilege | change | rules |\n"
            "|---|---|---|---|---|---|\n",
            out);
      for (k = 0; k < r->change_count; k++) {
        const rc_fix_change *c = &r->changes[k];
        char what[96];
        rc_view__fix_change_text(what, sizeof(what), c);
        fprintf(out, "| %s | ", rc_fix_action_name(c->action));
        rc_put_md(out, c->table[0] ? c->table : "-");
        fprintf(out, " | %s | ", r->webrole ? "" : rc_view__fix_right_text(c));
        rc_put_md(out, c->privilege);
        fputs(" | ", out);
        rc_put_md(out, what);
        fprintf(out, " | %s |\n", c->rules);
      }
      fputc('\n', out);
    }
    if (r->admin_count) {
      fputs("Admin part: **", out);
      rc_put_md(out, r->admin_name);
      fprintf(out, "** `%s`, %lu privilege%s.\n\n", r->admin_id,
              (unsigned long)r->admin_count, r->admin_count == 1 ? "" : "s");
    }
    for (k = 0; k < r->open_count; k++) {
      const rc_fix_open *x = &r->open[k];
      fprintf(out, "- open: **%s** %s ", x->rule[0] ? x->rule : "-", x->kind);
      rc_put_md(out, x->table);
      fputs(": ", out);
      rc_put_md(out, x->detail);
      fputc('\n', out);
    }
    if (r->open_count)
      fputc('\n', out);
  }
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the fix report")
                     : RC_OK;
}

/* ---- HTML ---- */

static void put_embedded(FILE *out, const char *name)
{
  const rc_embedded *e = rc_embed_find(name);
  if (e)
    fwrite(e->data, 1, e->len, out);
}

void rc_view__fix_open_html(FILE *out, const rc_fix_open *open, size_t n)
{
  size_t k;
  if (!n)
    return;
  fputs("<ul class=\"open\">\n", out);
  for (k = 0; k < n; k++) {
    const rc_fix_open *x = &open[k];
    fputs("<li><strong>", out);
    rc_put_xml(out, x->rule[0] ? x->rule : "-");
    fputs("</strong> ", out);
    rc_put_xml(out, x->kind);
    fputs(x->table[0] ? " " : "", out);
    rc_put_xml(out, x->table);
    fputs(": ", out);
    rc_put_xml(out, x->detail);
    fputs("</li>\n", out);
  }
  fputs("</ul>\n", out);
}

void rc_view__fix_role_html(FILE *out, const rc_fix_role *r, int level)
{
  size_t k;
  fprintf(out, "<section class=\"fix\" id=\"fix-%s\">\n<h%d>", r->source_id,
          level);
  fputs(r->webrole ? "Web role " : "Role ", out);
  rc_put_xml(out, r->source_name);
  fprintf(out, "</h%d>\n", level);
  if (!r->change_count && !r->open_count) {
    fputs("<p>Needs no change as ", out);
    rc_put_xml(out, r->profile);
    fputs(".</p>\n</section>\n", out);
    return;
  }
  if (r->change_count && !r->webrole) {
    fputs("<p>Written as <strong>", out);
    rc_put_xml(out, r->name);
    fprintf(out, "</strong> <code>%s</code>.</p>\n", r->id);
  }
  if (r->change_count) {
    fputs("<table>\n<thead><tr><th>Action</th><th>Table</th><th>Right</th>"
          "<th>Privilege</th><th>Change</th><th>Rules</th></tr></thead>\n"
          "<tbody>\n",
          out);
    for (k = 0; k < r->change_count; k++) {
      const rc_fix_change *c = &r->changes[k];
      char what[96];
      rc_view__fix_change_text(what, sizeof(what), c);
      fprintf(out, "<tr><td>%s</td><td>", rc_fix_action_name(c->action));
      rc_put_xml(out, c->table[0] ? c->table : "-");
      fprintf(out, "</td><td>%s</td><td>",
              r->webrole ? "" : rc_view__fix_right_text(c));
      rc_put_xml(out, c->privilege);
      fputs("</td><td>", out);
      rc_put_xml(out, what);
      fputs("</td><td>", out);
      rc_put_xml(out, c->rules);
      fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
  }
  if (r->admin_count) {
    fputs("<p>Admin part: <strong>", out);
    rc_put_xml(out, r->admin_name);
    fprintf(out, "</strong> <code>%s</code>, %lu privilege%s.</p>\n",
            r->admin_id, (unsigned long)r->admin_count,
            r->admin_count == 1 ? "" : "s");
  }
  if (r->open_count) {
    fprintf(out, "<h%d>Open</h%d>\n", level + 1, level + 1);
    rc_view__fix_open_html(out, r->open, r->open_count);
  }
  fputs("</section>\n", out);
}

int rc_render__fix_html(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_fix_report_options *o = rd->fix_opts;
  const rc_fix_solution_out *s = o->solution;
  fix_counts n;
  size_t i;
  count_plan(rd->fix, &n);
  fputs(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action "
      "'none'\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n",
      out);
  fprintf(out, "<meta name=\"generator\" content=\"rolecheck %s\">\n",
          rc_version());
  fputs("<link rel=\"icon\" href=\"data:,\">\n<title>rolecheck fix: ", out);
  for (i = 0; i < rd->count; i++) {
    if (i)
      fputs(", ", out);
    rc_put_xml(out, rc_view__solution_label(rd->models[i]));
  }
  fputs("</title>\n<style>\n", out);
  put_embedded(out, "html/report.css");
  fputs("</style>\n</head>\n<body>\n<header>\n<h1>Corrected security "
        "roles</h1>\n<p>",
        out);
  fprintf(out,
          "%lu roles planned: %lu changed (%lu privileges), %lu need no "
          "change; %lu open items.</p>\n",
          (unsigned long)n.planned, (unsigned long)n.changed,
          (unsigned long)n.changes, (unsigned long)n.unchanged,
          (unsigned long)n.open);
  if (s && s->role_count) {
    fputs("<p>", out);
    if (o->zip) {
      fputs(o->dry_run ? "Would write <code>" : "Written: <code>", out);
      rc_put_xml(out, o->zip);
      fputs("</code>: ", out);
    }
    fputs("solution <code>", out);
    rc_put_xml(out, s->unique_name);
    fprintf(out, "</code> %s, %lu roles (%s).</p>\n<p>%s</p>\n", s->version,
            (unsigned long)s->role_count,
            o->in_place ? "in place: the same role ids" : "as new roles",
            o->in_place ? AFTER_IN_PLACE : AFTER_COPY);
  }
  fputs("</header>\n<main>\n", out);
  for (i = 0; i < rc_fix_role_count(rd->fix); i++)
    rc_view__fix_role_html(out, rc_fix_role_at(rd->fix, i), 2);
  fputs("</main>\n</body>\n</html>\n", out);
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the fix report")
                     : RC_OK;
}
