/* The HTML report: one self-contained page (inline CSS and script, no
 * request of any kind) with the licence fit, the role x table matrix as a
 * filterable heatmap, the findings, the web roles and the pages of the rules
 * that fired (report_html_rules.c). The fit, findings, web roles and rules
 * are plain HTML, so they
 * read without script; the matrix is drawn by the script from a JSON island,
 * which keeps a 50-role x 2,000-table report small and quick to open. */
#include <stdlib.h>
#include <string.h>

#include "report/digest.h"
#include "report/escape.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/alloc.h"
#include "util/embed.h"
#include "util/error.h"

/* ---- the matrix rows: the union of every input's tables and privileges */

enum { ROW_TABLE = 0 }; /* other kinds: rc_priv_kind values */

typedef struct {
  const char *name;    /* logical name, or privilege name */
  const char *display; /* table SchemaName as written */
  int kind;            /* ROW_TABLE or an rc_priv_kind */
  const char *origin;  /* tables: rc_table_origin_name(); else NULL */
  const char *product; /* tables: rc_table.product */
  const char *title;   /* tables: rc_table.display_name; else NULL */
} hrow;

typedef struct {
  hrow *rows;
  size_t count, cap;
} hrows;

static int row_cmp(const void *a, const void *b)
{
  const hrow *x = a, *y = b;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return strcmp(x->name, y->name);
}

static int row_push(hrows *h, const char *name, const char *display, int kind,
                    const rc_table *table)
{
  if (rc_array_reserve((void **)&h->rows, &h->cap, h->count + 1,
                       sizeof(*h->rows)) < 0)
    return RC_ENOMEM;
  h->rows[h->count++] =
      (hrow){name,
             display,
             kind,
             table ? rc_table_origin_name(table->origin) : NULL,
             table ? table->product : NULL,
             table ? table->display_name : NULL};
  return RC_OK;
}

static long row_find(const hrows *h, const char *name, int kind)
{
  hrow key = {name, NULL, kind, NULL, NULL, NULL};
  const hrow *r = bsearch(&key, h->rows, h->count, sizeof(*h->rows), row_cmp);
  return r ? (long)(r - h->rows) : -1;
}

/* The matrix's columns: column[role_base[model] + role] is the role's
 * column, or NOT_SHOWN (check --role). */
#define NOT_SHOWN ((size_t)-1)

static int collect_rows(hrows *h, rc_model *const *models, size_t count,
                        const size_t *role_base, const size_t *column)
{
  size_t mi, t, r, g, i, n = 0;
  for (mi = 0; mi < count; mi++) {
    const rc_model *m = models[mi];
    const size_t *col = column + role_base[mi];
    for (t = 0; t < rc_model_table_count(m); t++) {
      const rc_table *tb = rc_model_table(m, t);
      for (r = 0; r < rc_model_role_count(m); r++) {
        if (rc_model_cell(m, r, t) && col[r] != NOT_SHOWN)
          break;
      }
      if (r < rc_model_role_count(m) &&
          row_push(h, tb->logical_name, tb->name, ROW_TABLE, tb) < 0)
        return RC_ENOMEM;
    }
    for (r = 0; r < rc_model_role_count(m); r++) {
      if (col[r] == NOT_SHOWN)
        continue;
      for (g = 0; g < rc_model_role(m, r)->grant_count; g++) {
        const rc_privilege *p =
            rc_model_privilege(m, rc_model_grant(m, r, g)->privilege);
        if (p->kind != RC_PRIV_TABLE &&
            row_push(h, p->name, p->name, (int)p->kind, NULL) < 0)
          return RC_ENOMEM;
      }
    }
  }
  if (h->count)
    qsort(h->rows, h->count, sizeof(*h->rows), row_cmp);
  for (i = 0; i < h->count; i++) {
    if (n && !row_cmp(&h->rows[n - 1], &h->rows[i]))
      continue;
    h->rows[n++] = h->rows[i];
  }
  h->count = n;
  return RC_OK;
}

/* ---- the JSON island the script draws the matrix from ---- */

static const char *kind_code(int kind)
{
  switch (kind) {
  case ROW_TABLE:
    return "table";
  case RC_PRIV_METADATA:
    return "metadata";
  case RC_PRIV_MISC:
    return "misc";
  default:
    return "unresolved";
  }
}

/* The role's cells: 8 depth digits per row ('0'..'4'); a privilege row
 * holds its depth in the first digit. */
static json_t *role_cells(const rc_model *m, size_t r, const hrows *h)
{
  size_t len = h->count * RC_RIGHT_COUNT, t, g, k;
  char *s = rc_malloc(len + 1);
  json_t *j;
  if (!s)
    return NULL;
  memset(s, '0', len);
  s[len] = '\0';
  for (t = 0; t < rc_model_table_count(m); t++) {
    uint32_t cell = rc_model_cell(m, r, t);
    long row;
    if (!cell)
      continue;
    row = row_find(h, rc_model_table(m, t)->logical_name, ROW_TABLE);
    for (k = 0; row >= 0 && k < RC_RIGHT_COUNT; k++)
      s[(size_t)row * RC_RIGHT_COUNT + k] =
          (char)('0' + rc_cell_depth(cell, (rc_right)k));
  }
  for (g = 0; g < rc_model_role(m, r)->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, g);
    const rc_privilege *p = rc_model_privilege(m, gr->privilege);
    long row;
    if (p->kind == RC_PRIV_TABLE)
      continue;
    row = row_find(h, p->name, (int)p->kind);
    if (row >= 0)
      s[(size_t)row * RC_RIGHT_COUNT] = (char)('0' + gr->depth);
  }
  j = json_stringn(s, len);
  rc_free(s);
  return j;
}

/* Where a finding sits in the matrix: row and right, or -1. */
static void finding_cell(const rc_finding *f, const hrows *h, long *row,
                         long *right)
{
  rc_privilege_info info;
  int kind;
  *row = *right = -1;
  if (f->webrole)
    return;
  if (f->privilege[0]) {
    rc_privilege_resolve(&info, f->privilege, NULL, NULL);
    if (info.kind == RC_PRIV_TABLE && f->table[0]) {
      *row = row_find(h, f->table, ROW_TABLE);
      if (*row >= 0)
        *right = (long)info.right;
      return;
    }
    for (kind = RC_PRIV_METADATA; kind <= RC_PRIV_UNRESOLVED && *row < 0;
         kind++)
      *row = row_find(h, f->privilege, kind);
    if (*row >= 0)
      *right = 0;
    return;
  }
  if (f->table[0])
    *row = row_find(h, f->table, ROW_TABLE);
}

/* Every finding left is of a shown role. */
static json_t *island(rc_model *const *models, size_t count,
                      const rc_analysis *an, const hrows *h,
                      const size_t *role_base, const size_t *column)
{
  json_t *rights = json_array(), *roles = json_array(), *rows = json_array(),
         *cells = json_array(), *finds = json_array();
  size_t mi, r, k, i;
  if (!rights || !roles || !rows || !cells || !finds)
    goto fail;
  for (k = 0; k < RC_RIGHT_COUNT; k++) {
    if (json_array_append_new(rights, json_string(rc_right_name((rc_right)k))))
      goto fail;
  }
  for (mi = 0; mi < count; mi++) {
    const rc_model *m = models[mi];
    for (r = 0; r < rc_model_role_count(m); r++) {
      const rc_role *ro = rc_model_role(m, r);
      if (column[role_base[mi] + r] == NOT_SHOWN)
        continue;
      if (json_array_append_new(roles, json_pack("{s:s, s:s, s:s}", "n",
                                                 ro->name, "id", ro->id, "s",
                                                 rc_view__solution_label(m))) ||
          json_array_append_new(cells, role_cells(m, r, h)))
        goto fail;
    }
  }
  for (i = 0; i < h->count; i++) {
    const hrow *w = &h->rows[i];
    /* tables: "o" the origin, "p" its product, "t" its display name */
    if (json_array_append_new(
            rows, w->origin ? json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "n",
                                        w->name, "d", w->display, "k",
                                        kind_code(w->kind), "o", w->origin, "p",
                                        w->product, "t", w->title)
                            : json_pack("{s:s, s:s, s:s}", "n", w->name, "d",
                                        w->display, "k", kind_code(w->kind))))
      goto fail;
  }
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    long row, right;
    finding_cell(f, h, &row, &right);
    if (json_array_append_new(
            finds,
            json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "r",
                      f->webrole
                          ? (json_int_t)-1
                          : (json_int_t)column[role_base[f->model] + f->role],
                      "w", (json_int_t)row, "k", (json_int_t)right, "id",
                      f->rule->id, "s", rc_severity_name(f->severity), "st",
                      f->state == RC_STATE_NEW ? "new" : "accepted", "m",
                      f->message)))
      goto fail;
  }
  /* json_pack steals every "o" value, also when it fails */
  return json_pack("{s:o, s:o, s:o, s:o, s:o}", "rights", rights, "roles",
                   roles, "rows", rows, "cells", cells, "findings", finds);
fail:
  json_decref(rights);
  json_decref(roles);
  json_decref(rows);
  json_decref(cells);
  json_decref(finds);
  return NULL;
}

/* The island inside <script>: "<", ">" and "&" as \u escapes, so no text
 * in it can end the script element or open a comment. */
static int put_island(FILE *out, json_t *root)
{
  char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  const char *p;
  if (!s)
    return RC_ENOMEM;
  for (p = s; *p; p++) {
    if (*p == '<')
      fputs("\\u003c", out);
    else if (*p == '>')
      fputs("\\u003e", out);
    else if (*p == '&')
      fputs("\\u0026", out);
    else
      fputc(*p, out);
  }
  free(s);
  return RC_OK;
}

/* ---- the static parts ---- */

static void put_embedded(FILE *out, const char *name)
{
  const rc_embedded *e = rc_embed_find(name);
  if (e)
    fwrite(e->data, 1, e->len, out);
}

/* s as the text of a CSS string: quotes, backslashes, line breaks and
 * "<" (which could end the style element) escaped. */
static void put_css_string(FILE *out, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\' || c == '<' || c < 0x20 || c == 0x7f)
      fprintf(out, "\\%x ", c);
    else
      fputc(c, out);
  }
}

/* The printed page's running header: the inputs and the rule pack; the
 * date printed is set by the script when the page opens, so the file
 * itself holds no time. */
static void put_page_header(FILE *out, rc_model *const *models, size_t count,
                            const rc_rulepack *pack)
{
  size_t i;
  fputs("@page { @top-left { content: \"rolecheck: ", out);
  for (i = 0; i < count && i < 3; i++) {
    const rc_solution *s = rc_model_solution(models[i]);
    if (i)
      fputs(", ", out);
    put_css_string(out, rc_view__solution_label(models[i]));
    if (s->version[0]) {
      fputc(' ', out);
      put_css_string(out, s->version);
    }
  }
  if (count > 3)
    fprintf(out, " (+%lu)", (unsigned long)(count - 3));
  fputs("\"; } @top-right { content: \"Rule pack ", out);
  put_css_string(out, rc_rulepack_version(pack));
  fputs(" as of ", out);
  put_css_string(out, rc_rulepack_as_of(pack));
  fputs("\"; } }\n", out);
}

static void put_head(FILE *out, rc_model *const *models, size_t count,
                     const rc_rulepack *pack)
{
  size_t i;
  fputs(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
      "img-src data:; base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n",
      out);
  fprintf(out, "<meta name=\"generator\" content=\"rolecheck %s\">\n",
          rc_version());
  fputs("<link rel=\"icon\" href=\"data:,\">\n<title>rolecheck: ", out);
  for (i = 0; i < count; i++) {
    if (i)
      fputs(", ", out);
    rc_put_xml(out, rc_view__solution_label(models[i]));
  }
  if (!count)
    fputs("no input", out);
  fputs("</title>\n<style>\n", out);
  put_embedded(out, "html/report.css");
  put_page_header(out, models, count, pack);
  fputs("</style>\n</head>\n", out);
}

static void put_summary(FILE *out, rc_model *const *models, size_t count,
                        const rc_rulepack *pack, const rc_analysis *an,
                        const rc_check_options *opts)
{
  rc_check_counts c;
  const rc_table *elsewhere;
  size_t i;
  rc_check_count(an, opts->fail_on, &c);
  fputs(
      "<a class=\"skip\" href=\"#matrix\">Skip to the matrix</a>\n"
      "<header>\n<h1>Security roles and licences</h1>\n<ul class=\"inputs\">\n",
      out);
  for (i = 0; i < count; i++) {
    const rc_solution *s = rc_model_solution(models[i]);
    fputs("<li><span class=\"path\">", out);
    rc_put_xml(out, rc_model_path(models[i]));
    fputs("</span>", out);
    if (s->unique_name[0]) {
      fputs(": <strong>", out);
      rc_put_xml(out, s->display_name[0] ? s->display_name : s->unique_name);
      fputs("</strong> ", out);
      rc_put_xml(out, s->version);
      fprintf(out, " (%s)", rc_view__managed(s->managed));
    }
    fprintf(out, ", %lu role%s", (unsigned long)rc_model_role_count(models[i]),
            rc_model_role_count(models[i]) == 1 ? "" : "s");
    if (rc_model_webrole_count(models[i]))
      fprintf(out, ", %lu web roles",
              (unsigned long)rc_model_webrole_count(models[i]));
    elsewhere = rc_view__portal_data_elsewhere(models, count, i);
    if (elsewhere) {
      fputs("<br><span class=\"note\">Note: defines <code>", out);
      rc_put_xml(out, elsewhere->logical_name);
      fputs("</code> but holds no web roles or table "
            "permissions; " RC_VIEW_PORTAL_DATA ".</span>",
            out);
    }
    fputs("</li>\n", out);
  }
  fputs("</ul>\n", out);
  if (!opts->complete)
    fputs("<p class=\"incomplete\" role=\"alert\"><strong>Incomplete:</strong> "
          "an input could not be read, so this report does not cover it.</p>\n",
          out);
  fprintf(out,
          "<p class=\"counts\"><span class=\"sev-error\">%lu error%s</span>, "
          "<span class=\"sev-warning\">%lu warning%s</span>, "
          "<span class=\"sev-note\">%lu note%s</span> (%lu baselined, %lu "
          "suppressed); --fail-on %s. Rule pack %s as of %s; rolecheck "
          "%s.</p>\n",
          (unsigned long)c.error, c.error == 1 ? "" : "s",
          (unsigned long)c.warning, c.warning == 1 ? "" : "s",
          (unsigned long)c.note, c.note == 1 ? "" : "s",
          (unsigned long)c.baselined, (unsigned long)c.suppressed,
          opts->fail_on ? rc_severity_name(opts->fail_on) : "never",
          rc_rulepack_version(pack), rc_rulepack_as_of(pack), rc_version());
  fputs("<nav aria-label=\"Sections\"><ul><li><a "
        "href=\"#summary\">Summary</a></li><li><a href=\"#fit\">Licence "
        "fit</a></li><li><a href=\"#fixes\">Fix list</a></li><li><a "
        "href=\"#matrix\">Matrix</a></li><li><a "
        "href=\"#findings\">Findings</a></li>",
        out);
  for (i = 0; i < count; i++) {
    if (rc_model_webrole_count(models[i])) {
      fputs("<li><a href=\"#webroles\">Web roles</a></li>", out);
      break;
    }
  }
  fputs("<li><a href=\"#rules\">Rules</a></li></ul></nav>\n</header>\n", out);
}

static void put_fit(FILE *out, rc_model *const *models, const rc_rulepack *pack,
                    const rc_analysis *an, const rc_prices *prices,
                    const rc_what_if *what_if)
{
  size_t i, k, nlic = rc_rulepack_licence_count(pack);
  fputs("<section id=\"fit\" aria-labelledby=\"fit-h\">\n<h2 id=\"fit-h\">"
        "Licence fit</h2>\n<p>For each role, whether a user with only that "
        "licence may hold it: <span class=\"fit yes\">yes</span>, "
        "<span class=\"fit review\">review</span> (depends on how the role is "
        "used) or <span class=\"fit no\">no</span>. Web-role rows are for "
        "internal users; external users are covered by Power Pages "
        "capacity.</p>\n",
        out);
  if (!rc_analysis_fit_count(an)) {
    fputs("<p>No roles.</p>\n</section>\n", out);
    return;
  }
  fputs("<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
        "aria-label=\"Licence fit table\">\n<table id=\"fit-table\">\n"
        "<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">Solution</th>"
        "<th scope=\"col\">Evaluated as</th>",
        out);
  for (k = 0; k < nlic; k++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, k);
    fputs("<th scope=\"col\" class=\"lic\"><abbr title=\"", out);
    rc_put_xml(out, l->name);
    fputs("\">", out);
    rc_put_xml(out, l->short_name);
    fputs("</abbr></th>", out);
  }
  fputs(prices ? "<th scope=\"col\">Smallest licence</th><th "
                 "scope=\"col\">Cost / user / month</th><th "
                 "scope=\"col\">Why</th></tr></thead>\n<tbody>\n"
               : "<th scope=\"col\">Smallest licence</th><th "
                 "scope=\"col\">Why</th></tr></thead>\n<tbody>\n",
        out);
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *f = rc_analysis_fit(an, i);
    const rc_model *m = models[f->model];
    const rc_what_if_role *w =
        f->webrole ? NULL : rc_what_if_find(what_if, f->model, f->role);
    fputs("<tr><th scope=\"row\">", out);
    rc_put_xml(out, rc_view__subject_name(m, f->role, f->webrole));
    if (f->webrole)
      fputs(" <span class=\"tag\">web role</span>", out);
    fputs("</th><td>", out);
    rc_put_xml(out, rc_view__solution_label(m));
    fputs("</td><td>", out);
    if (f->profile) {
      rc_put_xml(out, f->profile);
      fputs(" <span class=\"origin\">(", out);
      rc_put_xml(out, f->profile_origin ? f->profile_origin : "");
      fputs(")</span>", out);
    } else {
      fputs("<span class=\"origin\">not assigned</span>", out);
    }
    fputs("</td>", out);
    for (k = 0; k < nlic; k++) {
      const char *name = rc_fit_name(f->fit[k]);
      fprintf(out, "<td class=\"fit %s\">%s</td>", name, name);
    }
    fputs("<td class=\"min\">", out);
    rc_put_xml(out, f->minimum);
    if (prices) {
      rc_licence_cost c;
      char text[1024];
      rc_view__role_cost(models, pack, prices, f, &c);
      rc_view__cost_text(text, sizeof(text), &c);
      fputs("</td><td class=\"cost\">", out);
      rc_put_xml(out, f->webrole ? "" : text);
    }
    fputs("</td><td>", out);
    if (w) {
      char text[1024];
      rc_view__what_if_text(text, sizeof(text), pack, w);
      fputs("<p class=\"what-if\">What if: ", out);
      rc_put_xml(out, text);
      fputs("</p>", out);
    }
    if (f->reason_count) {
      fputs("<ul class=\"reasons\">", out);
      for (k = 0; k < f->reason_count; k++) {
        fputs("<li>", out);
        rc_put_xml(out, f->reasons[k]);
        fputs("</li>", out);
      }
      fputs("</ul>", out);
    }
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody>\n</table>\n</div>\n<p class=\"legend\">", out);
  for (k = 0; k < nlic; k++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, k);
    if (k)
      fputs(", ", out);
    rc_put_xml(out, l->short_name);
    fputc(' ', out);
    rc_put_xml(out, l->name);
  }
  if (prices) {
    char text[512];
    rc_view__prices_text(text, sizeof(text), prices);
    fputs(". Costs: ", out);
    rc_put_xml(out, text);
  }
  fputs(".</p>\n</section>\n", out);
}

static void put_matrix(FILE *out)
{
  fputs(
      "<section id=\"matrix\" aria-labelledby=\"matrix-h\">\n<h2 "
      "id=\"matrix-h\">Privilege matrix</h2>\n"
      "<form id=\"filters\" role=\"search\" aria-label=\"Filter the matrix\">\n"
      "<div><label for=\"f-role\">Role</label> <input id=\"f-role\" "
      "type=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
      "aria-describedby=\"f-help\"></div>\n"
      "<div><label for=\"f-table\">Table</label> <input id=\"f-table\" "
      "type=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
      "aria-describedby=\"f-help\"></div>\n"
      "<div><input id=\"f-custom\" type=\"checkbox\"> <label "
      "for=\"f-custom\">Custom, ISV and accelerator tables only</label>"
      "</div>\n"
      "<div><input id=\"f-cud\" type=\"checkbox\"> <label "
      "for=\"f-cud\">Create, write or delete only</label></div>\n"
      "<div><input id=\"f-findings\" type=\"checkbox\"> <label "
      "for=\"f-findings\">Rows with findings only</label></div>\n"
      "<p id=\"f-help\" class=\"help\">Role and table take text or a regular "
      "expression, matched without regard to case.</p>\n"
      "</form>\n"
      "<p id=\"matrix-status\" role=\"status\" aria-live=\"polite\"></p>\n"
      "<p class=\"legend\" aria-hidden=\"true\"><span class=\"g d0\"></span> "
      "none <span class=\"g d1\"></span> Basic (User) <span class=\"g "
      "d2\"></span> Local (Business Unit) <span class=\"g d3\"></span> Deep "
      "(Parent: Child BU) <span class=\"g d4\"></span> Global (Organization) "
      "<span class=\"fm-key\">!</span> finding; a table's origin is "
      "tagged: <span class=\"tag\">microsoft-app</span> a Dynamics 365 or "
      "Power Platform app, <span class=\"tag\">accelerator</span> an "
      "industry accelerator, <span class=\"tag\">isv</span> another "
      "publisher's solution, <span class=\"tag\">custom</span> custom; "
      "untagged: the Dataverse platform</p>\n"
      "<noscript><p>The matrix needs JavaScript; the licence fit, findings "
      "and rules read without it.</p></noscript>\n"
      "<div id=\"grid-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Privilege matrix; scroll with the arrow keys\">\n"
      "<table id=\"matrix-grid\"><caption class=\"sr\">Depth of each access "
      "right, by table and role</caption><thead></thead><tbody></tbody>"
      "</table>\n</div>\n<div id=\"matrix-print\"></div>\n</section>\n",
      out);
}

static void put_findings(FILE *out, rc_model *const *models,
                         const rc_analysis *an)
{
  size_t i, n = rc_analysis_finding_count(an);
  fputs("<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 "
        "id=\"findings-h\">Findings</h2>\n",
        out);
  if (!n) {
    fputs("<p>No findings.</p>\n</section>\n", out);
    return;
  }
  fputs("<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
        "aria-label=\"Findings table\">\n<table id=\"findings-table\">\n"
        "<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th>"
        "<th scope=\"col\">Role</th><th scope=\"col\">Table</th><th "
        "scope=\"col\">Privilege</th><th scope=\"col\">Depth</th><th "
        "scope=\"col\">Finding</th><th scope=\"col\">Where</th></tr></thead>\n"
        "<tbody>\n",
        out);
  for (i = 0; i < n; i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    fprintf(out,
            "<tr id=\"finding-%lu\" class=\"%s\"><td class=\"sev "
            "sev-%s\">%s",
            (unsigned long)i, rc_view__state_name(f->state),
            rc_severity_name(f->severity), rc_severity_name(f->severity));
    if (f->state != RC_STATE_NEW)
      fprintf(out, " <span class=\"tag\">%s</span>",
              rc_view__state_name(f->state));
    fputs("</td><td><a href=\"#rule-", out);
    rc_put_xml(out, f->rule->id);
    fputs("\">", out);
    rc_put_xml(out, f->rule->id);
    fputs("</a></td><td>", out);
    rc_put_xml(out, f->role_name);
    if (f->webrole)
      fputs(" <span class=\"tag\">web role</span>", out);
    fputs("<br><span class=\"sol\">", out);
    rc_put_xml(out, rc_view__solution_label(models[f->model]));
    fputs("</span></td><td>", out);
    rc_put_xml(out, f->table[0] ? f->table : f->app);
    fputs("</td><td>", out);
    rc_put_xml(out, f->privilege[0] ? f->privilege : f->scope);
    fputs("</td><td>", out);
    if (f->depth)
      rc_put_xml(out, rc_depth_name(f->depth));
    fputs("</td><td>", out);
    rc_put_xml(out, f->message);
    fputs("<br><span class=\"fix\">", out);
    if (f->state == RC_STATE_SUPPRESSED && f->reason) {
      fputs("Suppressed: ", out);
      rc_put_xml(out, f->reason);
    } else {
      fputs("Fix: ", out);
      rc_put_xml(out, f->fix);
    }
    fputs("</span></td><td class=\"loc\">", out);
    rc_put_xml(out, f->file);
    fprintf(out, ":%lu</td></tr>\n", f->line);
  }
  fputs("</tbody>\n</table>\n</div>\n</section>\n", out);
}

/* The name of permission id in m, or NULL. */
static const char *permission_name(const rc_model *m, const char *id)
{
  size_t i;
  for (i = 0; id && i < rc_model_permission_count(m); i++) {
    if (!strcmp(rc_model_permission(m, i)->id, id))
      return rc_model_permission(m, i)->name;
  }
  return NULL;
}

/* Links to the findings about web role w of model mi on table. */
static void put_webrole_findings(FILE *out, const rc_analysis *an, size_t mi,
                                 size_t w, const char *table)
{
  size_t i;
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    if (!f->webrole || f->model != mi || f->role != w ||
        strcmp(f->table, table))
      continue;
    fprintf(out, "<a class=\"fl sev-%s\" href=\"#finding-%lu\" title=\"",
            rc_severity_name(f->severity), (unsigned long)i);
    rc_put_xml(out, f->message);
    fputs("\">", out);
    rc_put_xml(out, f->rule->id);
    fputs("</a> ", out);
  }
}

static void put_webroles(FILE *out, rc_model *const *models, size_t count,
                         const rc_analysis *an, const rc_pattern *role)
{
  static const struct {
    unsigned bit;
    const char *name;
  } perms[] = {{RC_PERM_CREATE, "Create"}, {RC_PERM_READ, "Read"},
               {RC_PERM_WRITE, "Write"},   {RC_PERM_DELETE, "Delete"},
               {RC_PERM_APPEND, "Append"}, {RC_PERM_APPENDTO, "AppendTo"}};
  size_t mi, w, p, k, total = 0;
  for (mi = 0; mi < count; mi++)
    for (w = 0; w < rc_model_webrole_count(models[mi]); w++)
      total += rc_pattern_match(role, rc_model_webrole(models[mi], w)->name);
  if (!total)
    return;
  fputs("<section id=\"webroles\" aria-labelledby=\"webroles-h\">\n<h2 "
        "id=\"webroles-h\">Web roles</h2>\n<p>Power Pages web roles and the "
        "table permissions linked to them, with their scope.</p>\n",
        out);
  for (mi = 0; mi < count; mi++) {
    const rc_model *m = models[mi];
    for (w = 0; w < rc_model_webrole_count(m); w++) {
      const rc_webrole *wr = rc_model_webrole(m, w);
      size_t shown = 0;
      if (!rc_pattern_match(role, wr->name))
        continue;
      fputs("<div class=\"scroll\"><table class=\"webrole\"><caption>", out);
      rc_put_xml(out, wr->name);
      if (wr->anonymous)
        fputs(" <span class=\"tag\">every visitor</span>", out);
      if (wr->authenticated)
        fputs(" <span class=\"tag\">every signed-in user</span>", out);
      fputs(" <span class=\"sol\">", out);
      rc_put_xml(out, rc_view__solution_label(m));
      fputs("</span></caption>\n<thead><tr><th scope=\"col\">Table</th><th "
            "scope=\"col\">Permission</th><th scope=\"col\">Scope</th>",
            out);
      for (k = 0; k < sizeof(perms) / sizeof(perms[0]); k++)
        fprintf(out, "<th scope=\"col\">%s</th>", perms[k].name);
      fputs("<th scope=\"col\">Parent permission</th><th "
            "scope=\"col\">Findings</th></tr></thead>\n<tbody>\n",
            out);
      for (p = 0; p < rc_model_permission_count(m); p++) {
        const rc_table_permission *tp = rc_model_permission(m, p);
        if (!rc_permission_has_webrole(tp, wr->id))
          continue;
        shown++;
        fputs("<tr><th scope=\"row\">", out);
        rc_put_xml(out, tp->table);
        fputs("</th><td>", out);
        rc_put_xml(out, tp->name);
        fprintf(out, "</td><td class=\"scope scope-%s\">%s</td>",
                tp->scope ? rc_scope_name(tp->scope) : "none",
                tp->scope ? rc_scope_name(tp->scope) : "(none)");
        for (k = 0; k < sizeof(perms) / sizeof(perms[0]); k++)
          fputs(tp->rights & perms[k].bit
                    ? "<td class=\"yes\"><span aria-hidden=\"true\">&#10003;"
                      "</span><span class=\"sr\">yes</span></td>"
                    : "<td></td>",
                out);
        fputs("<td", out);
        if (tp->parent_relationship) {
          fputs(" title=\"through ", out);
          rc_put_xml(out, tp->parent_relationship);
          fputc('"', out);
        }
        fputc('>', out);
        if (tp->parent) {
          const char *pn = permission_name(m, tp->parent);
          rc_put_xml(out, pn ? pn : tp->parent);
        }
        if (tp->inherited)
          fputs(" <span class=\"tag\">web roles inherited</span>", out);
        fputs("</td><td class=\"fx\">", out);
        put_webrole_findings(out, an, mi, w, tp->table);
        fputs("</td></tr>\n", out);
      }
      if (!shown)
        fputs("<tr><td colspan=\"11\">No table permissions.</td></tr>\n", out);
      fputs("</tbody></table></div>\n", out);
    }
  }
  fputs("</section>\n", out);
}

int rc_render__html(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  rc_model *const *models = rd->models;
  size_t count = rd->count;
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  hrows h = {NULL, 0, 0};
  rc_digest *digest = NULL;
  size_t *role_base = rc_calloc(count ? count : 1, sizeof(*role_base));
  size_t *column = NULL, mi, roles = 0;
  json_t *data = NULL;
  int error;
  if (!role_base)
    return rc_fail_nomem(ctx);
  for (mi = 0; mi < count; mi++) {
    role_base[mi] = roles;
    roles += rc_model_role_count(models[mi]);
  }
  column = rc_malloc((roles ? roles : 1) * sizeof(*column));
  if (column) {
    size_t r, next = 0;
    for (mi = 0; mi < count; mi++)
      for (r = 0; r < rc_model_role_count(models[mi]); r++)
        column[role_base[mi] + r] =
            rc_pattern_match(opts->role, rc_model_role(models[mi], r)->name)
                ? next++
                : NOT_SHOWN;
  }
  error =
      column ? collect_rows(&h, models, count, role_base, column) : RC_ENOMEM;
  if (!error && !(data = island(models, count, an, &h, role_base, column)))
    error = RC_ENOMEM;
  if (!error)
    error = rc_digest_acquire(&digest, ctx, rd);
  if (!error) {
    put_head(out, models, count, pack);
    fputs("<body>\n", out);
    put_summary(out, models, count, pack, an, opts);
    fputs("<main>\n", out);
    rc_digest_html_summary(out, digest, rd);
    put_fit(out, models, pack, an, opts->prices, opts->what_if);
    rc_digest_html_fixes(out, digest, rd);
    rc_digest_html_compare(out, digest);
    put_matrix(out);
    put_findings(out, models, an);
    put_webroles(out, models, count, an, opts->role);
    error = rc_view__html_rules(out, an, opts);
  }
  if (!error) {
    fputs("</main>\n<footer><p>Made by rolecheck from the exported files, "
          "offline. A finding means a role would break the licence named if "
          "given to a user who holds only that licence.</p></footer>\n"
          "<script type=\"application/json\" id=\"rc-data\">",
          out);
    error = put_island(out, data);
  }
  if (!error) {
    fputs("</script>\n<script>\n", out);
    put_embedded(out, "html/report.js");
    fputs("</script>\n</body>\n</html>\n", out);
  }
  json_decref(data);
  if (digest)
    rc_digest_release(rd, digest);
  rc_free(h.rows);
  rc_free(role_base);
  rc_free(column);
  if (error == RC_ENOMEM)
    return rc_fail_nomem(ctx);
  if (error < 0)
    return rc_fail(ctx, error, "cannot write the HTML report");
  return ferror(out) ? rc_fail(ctx, RC_ERROR, "cannot write the HTML report")
                     : RC_OK;
}
