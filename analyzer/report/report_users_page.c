/* The users report for people: Markdown (a job summary or a pull
 * request comment) and a self-contained HTML page, filterable. */
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
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
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
    rc_user_who w;
    if (u->verdict == RC_VERDICT_OK || u->verdict == RC_VERDICT_NOT_EVALUATED)
      continue;
    rc_view__u_who_of(&w, u, rd->users_opts->redact);
    md_cell(out, rc_view__u_label_of(&w));
    md_cell(out, rc_verdict_name(u->verdict));
    rc_buf_clear(&b);
    rc_view__u_held_text(&b, u);
    md_cell(out, rc_buf_cstr(&b));
    md_cell(out, rc_view__u_needs_of(u));
    rc_buf_clear(&b);
    rc_view__u_roles_text(&b, rd->models, u, u->verdict == RC_VERDICT_OUT);
    md_cell(out, rc_buf_cstr(&b));
    rc_buf_clear(&b);
    rc_view__u_why_text(&b, rd->models, u, 0);
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
    md_cell(out, rc_view__u_solution_of(rd->models, u->model));
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
    rc_user_who w;
    md_cell(out, rc_view__u_usage_user(users, uj, rd->users_opts->redact, &w));
    rc_buf_clear(&b);
    rc_view__u_usage_text(&b, uj);
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
  rc_buf_init(&b, RC_USERS_TEXT_MAX);
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
    rc_user_who w;
    rc_view__u_who_of(&w, u, rd->users_opts->redact);
    fprintf(out, "<tr class=\"v-%s\" data-verdict=\"%s\">",
            rc_verdict_name(u->verdict), rc_verdict_name(u->verdict));
    html_cell(out, rc_view__u_label_of(&w));
    html_cell(out, rc_verdict_name(u->verdict));
    rc_buf_clear(&b);
    rc_view__u_held_text(&b, u);
    html_cell(out, rc_buf_cstr(&b));
    html_cell(out, rc_view__u_needs_of(u));
    rc_buf_clear(&b);
    rc_view__u_roles_text(&b, rd->models, u, u->verdict == RC_VERDICT_OUT);
    html_cell(out, rc_buf_cstr(&b));
    rc_buf_clear(&b);
    rc_view__u_why_text(&b, rd->models, u, 0);
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
    html_cell(out, rc_view__u_solution_of(rd->models, u->model));
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
    rc_user_who w;
    fputs("<tr>", out);
    html_cell(out,
              rc_view__u_usage_user(users, uj, rd->users_opts->redact, &w));
    rc_buf_clear(&b);
    rc_view__u_usage_text(&b, uj);
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
