/* The HTML report's summary and fix list, from the digest (report/digest.h):
 * the first printed page and the list a client works through. */
#include <string.h>

#include "report/digest.h"
#include "report/escape.h"
#include "report/view.h"

/* Rules shown in the summary; the rest are counted ("and 4 more rules"). */
#define SUMMARY_RULES 8

static void put_cost(FILE *out, double cost)
{
  if (cost < 0)
    fputs("-", out);
  else
    fprintf(out, "%.2f", cost);
}

static void put_licences(FILE *out, const rc_digest *d, const rc_prices *p)
{
  size_t i;
  fputs("<div class=\"sum-part\"><h3>Roles by smallest licence</h3>\n"
        "<table class=\"sum\"><thead><tr><th scope=\"col\">Smallest "
        "licence</th><th scope=\"col\" class=\"num\">Roles</th>",
        out);
  if (p) {
    fputs("<th scope=\"col\" class=\"num\">Per user / month (", out);
    rc_put_xml(out, rc_prices_currency(p));
    fputs(")</th>", out);
  }
  if (p && d->have_users)
    fputs("<th scope=\"col\" class=\"num\">Users</th><th scope=\"col\" "
          "class=\"num\">Per month</th>",
          out);
  fputs("</tr></thead>\n<tbody>\n", out);
  for (i = 0; i < d->nlicences; i++) {
    const rc_digest_licence *l = &d->licences[i];
    fputs("<tr><th scope=\"row\">", out);
    rc_put_xml(out, l->minimum);
    fprintf(out, "</th><td class=\"num\">%lu</td>", (unsigned long)l->roles);
    if (p) {
      char cost[64];
      rc_digest_cost_range(cost, sizeof(cost), l);
      fprintf(out, "<td class=\"num\">%s</td>", cost);
    }
    if (p && d->have_users) {
      if (l->users >= 0)
        fprintf(out, "<td class=\"num\">%ld</td>", l->users);
      else
        fputs("<td class=\"num\">-</td>", out);
      fputs("<td class=\"num\">", out);
      put_cost(out, l->per_month);
      fputs("</td>", out);
    }
    fputs("</tr>\n", out);
  }
  if (!d->nlicences)
    fprintf(out, "<tr><td colspan=\"%d\">No security roles.</td></tr>\n",
            p ? (d->have_users ? 5 : 3) : 2);
  fputs("</tbody></table></div>\n", out);
}

static void put_rules(FILE *out, const rc_digest *d)
{
  size_t i, shown = d->nrules < SUMMARY_RULES ? d->nrules : SUMMARY_RULES;
  fputs("<div class=\"sum-part\"><h3>New findings by rule</h3>\n", out);
  if (!d->nrules) {
    fputs("<p>None.</p></div>\n", out);
    return;
  }
  fputs("<table class=\"sum\"><thead><tr><th scope=\"col\">Rule</th><th "
        "scope=\"col\">Severity</th><th scope=\"col\" "
        "class=\"num\">Findings</th><th scope=\"col\" "
        "class=\"num\">Roles</th></tr></thead>\n<tbody>\n",
        out);
  for (i = 0; i < shown; i++) {
    const rc_digest_rule *r = &d->rules[i];
    const char *sev = rc_severity_name(r->severity);
    fputs("<tr><th scope=\"row\"><a href=\"#rule-", out);
    rc_put_xml(out, r->rule->id);
    fputs("\">", out);
    rc_put_xml(out, r->rule->id);
    fputs("</a> <span class=\"rule-name\">", out);
    rc_put_xml(out, r->rule->name);
    fprintf(out,
            "</span></th><td class=\"sev-%s\">%s</td><td "
            "class=\"num\">%lu</td><td class=\"num\">%lu</td></tr>\n",
            sev, sev, (unsigned long)r->findings, (unsigned long)r->roles);
  }
  fputs("</tbody></table>\n", out);
  if (shown < d->nrules)
    fprintf(out,
            "<p class=\"more\">and %lu more rule%s: see <a "
            "href=\"#findings\">Findings</a>.</p>\n",
            (unsigned long)(d->nrules - shown),
            d->nrules - shown == 1 ? "" : "s");
  fputs("</div>\n", out);
}

static void put_top(FILE *out, const rc_digest *d, const rc_prices *p)
{
  size_t i;
  fputs("<div class=\"sum-part wide\"><h3>Roles to fix first</h3>\n", out);
  if (!d->ntop) {
    fputs("<p>No role has an error or a cheaper licence within reach.</p>"
          "</div>\n",
          out);
    return;
  }
  fputs("<table class=\"sum\"><thead><tr><th scope=\"col\">Role</th><th "
        "scope=\"col\" class=\"num\">Errors</th><th scope=\"col\">Smallest "
        "licence</th><th scope=\"col\">What to do</th></tr></thead>\n"
        "<tbody>\n",
        out);
  for (i = 0; i < d->ntop; i++) {
    const rc_digest_role *r = &d->roles[d->top[i]];
    char text[512];
    rc_digest_sentence(text, sizeof(text), r, p);
    fputs("<tr><th scope=\"row\">", out);
    if (r->kind)
      fprintf(out, "<a href=\"#fix-%lu\">", (unsigned long)d->top[i]);
    rc_put_xml(out, r->name);
    if (r->kind)
      fputs("</a>", out);
    if (r->fit->webrole)
      fputs(" <span class=\"tag\">web role</span>", out);
    fputs(" <span class=\"sol\">", out);
    rc_put_xml(out, r->solution);
    fprintf(out, "</span></th><td class=\"num%s\">%lu</td><td>",
            r->errors ? " sev-error" : "", (unsigned long)r->errors);
    rc_put_xml(out, r->fit->webrole ? "-" : r->fit->minimum);
    fputs("</td><td>", out);
    if (text[0]) {
      /* a sentence: capitalised */
      char first[2] = {text[0], 0};
      if (first[0] >= 'a' && first[0] <= 'z')
        first[0] = (char)(first[0] - 'a' + 'A');
      rc_put_xml(out, first);
      rc_put_xml(out, text + 1);
      fputc('.', out);
    } else {
      fputs("See the findings.", out);
    }
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n", out);
  if (d->with_fix > d->ntop)
    fprintf(out,
            "<p class=\"more\">%lu roles in all have a <a href=\"#fixes\">fix "
            "list</a>.</p>\n",
            (unsigned long)d->with_fix);
  fputs("</div>\n", out);
}

void rc_digest_html_summary(FILE *out, const rc_digest *d, const rc_render *rd)
{
  const rc_prices *p = rd->check->prices;
  fputs("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 "
        "id=\"summary-h\">Summary</h2>\n<div class=\"sum-grid\">\n",
        out);
  put_licences(out, d, p);
  put_rules(out, d);
  put_top(out, d, p);
  fputs("</div>\n", out);
  if (p && d->saving_month >= 0)
    fprintf(out,
            "<p class=\"saving\">The fix lists save %.2f %s a month for the "
            "users counted.</p>\n",
            d->saving_month, rc_prices_currency(p));
  if (p) {
    char text[512];
    rc_view__prices_text(text, sizeof(text), p);
    fputs("<p class=\"legend\">Costs: ", out);
    rc_put_xml(out, text);
    fputs(d->have_users ? ", per user and month; users per role from "
                        : ", per user and month.",
          out);
    if (d->have_users) {
      rc_put_xml(out, rc_role_users_file(rd->check->role_users));
      fputc('.', out);
    }
    fputs("</p>\n", out);
  }
  fputs("</section>\n", out);
}

/* One role's changes, a row group per table. */
static void put_changes(FILE *out, const rc_digest_role *r)
{
  size_t i = 0, j, k;
  fputs("<table class=\"fixlist\"><thead><tr><th scope=\"col\">Table</th><th "
        "scope=\"col\">Privilege</th><th scope=\"col\">Right</th><th "
        "scope=\"col\">Change</th><th scope=\"col\">Rules</th></tr></thead>\n",
        out);
  while (i < r->change_count) {
    const char *table = r->changes[i].table;
    for (j = i + 1; j < r->change_count && !strcmp(r->changes[j].table, table);
         j++)
      ;
    fputs("<tbody>\n", out);
    for (k = i; k < j; k++) {
      const rc_fix_change *c = &r->changes[k];
      char what[96];
      rc_view__fix_change_text(what, sizeof(what), c);
      fputs("<tr>", out);
      if (k == i) {
        fprintf(out, "<th scope=\"rowgroup\" rowspan=\"%lu\">",
                (unsigned long)(j - i));
        rc_put_xml(out, table[0] ? table : "(other privileges)");
        fputs("</th>", out);
      }
      fputs("<td>", out);
      rc_put_xml(out, c->privilege);
      fputs("</td><td>", out);
      rc_put_xml(out, rc_view__fix_right_text(c));
      fputs("</td><td>", out);
      rc_put_xml(out, what);
      fputs("</td><td>", out);
      rc_put_xml(out, c->rules);
      fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n", out);
    i = j;
  }
  fputs("</table>\n", out);
}

void rc_digest_html_fixes(FILE *out, const rc_digest *d, const rc_render *rd)
{
  size_t i;
  fputs("<section id=\"fixes\" aria-labelledby=\"fixes-h\">\n<h2 "
        "id=\"fixes-h\">Fix list</h2>\n",
        out);
  if (!d->with_fix) {
    fputs("<p>No role needs a change: each fits the licence it is evaluated "
          "as, and no cheaper licence is within reach.</p>\n</section>\n",
          out);
    return;
  }
  fputs("<p>For each role, the privileges to remove or lower, by table, with "
        "the rules asking for it: to fit the licence the role is evaluated "
        "as, or to make a cheaper licence enough. <code>rolecheck fix</code> "
        "writes the changed roles.</p>\n",
        out);
  for (i = 0; i < d->nroles; i++) {
    const rc_digest_role *r = &d->roles[i];
    char text[512];
    if (!r->kind)
      continue;
    rc_digest_sentence(text, sizeof(text), r, rd->check->prices);
    fprintf(out, "<section class=\"fixrole\" id=\"fix-%lu\">\n<h3>",
            (unsigned long)i);
    rc_put_xml(out, r->name);
    if (r->fit->webrole)
      fputs(" <span class=\"tag\">web role</span>", out);
    fputs(" <span class=\"sol\">", out);
    rc_put_xml(out, r->solution);
    fputs("</span></h3>\n<p class=\"sentence\">", out);
    if (r->kind == RC_DIGEST_FIX && !r->fit->webrole) {
      fputs("Evaluated as ", out);
      rc_put_xml(out, r->goal);
      fputs(", it needs ", out);
      rc_put_xml(out, r->fit->minimum);
      fputs(" today: ", out);
    } else if (r->kind == RC_DIGEST_SAVE) {
      fputs("Needs ", out);
      rc_put_xml(out, r->fit->minimum);
      fputs(" today: ", out);
    }
    rc_put_xml(out, text);
    fputs(".</p>\n", out);
    if (r->change_count)
      put_changes(out, r);
    rc_view__fix_open_html(out, r->open, r->open_count);
    fputs("</section>\n", out);
  }
  fputs("</section>\n", out);
}

/* Pairs shown; the JSON has them all. */
#define SHOWN_PAIRS 20

void rc_digest_html_compare(FILE *out, const rc_digest *d)
{
  size_t i, shown = d->npairs < SHOWN_PAIRS ? d->npairs : SHOWN_PAIRS;
  if (!d->npairs)
    return;
  fputs("<section id=\"compare\" aria-labelledby=\"compare-h\">\n<h2 "
        "id=\"compare-h\">Roles compared</h2>\n<p>Roles that are the same, "
        "one another plus a few privileges, or mostly the same (a grant is "
        "the same privilege at the same depth): the roles to merge before "
        "a licence review.</p>\n<div class=\"scroll\"><table "
        "id=\"compare-table\"><thead><tr><th scope=\"col\">Role</th><th "
        "scope=\"col\">Role</th><th scope=\"col\" class=\"num\">Same</th>"
        "<th scope=\"col\">How they differ</th></tr></thead>\n<tbody>\n",
        out);
  for (i = 0; i < shown; i++) {
    const rc_digest_pair *p = &d->pairs[i];
    char text[1024];
    rc_digest_pair_text(text, sizeof(text), p);
    fputs("<tr><td>", out);
    rc_put_xml(out, p->a_name);
    fputs(" <span class=\"sol\">", out);
    rc_put_xml(out, p->a_solution);
    fputs("</span></td><td>", out);
    rc_put_xml(out, p->b_name);
    fputs(" <span class=\"sol\">", out);
    rc_put_xml(out, p->b_solution);
    fprintf(out, "</span></td><td class=\"num\">%.0f %%</td><td>",
            100.0 * p->share);
    rc_put_xml(out, text);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table></div>\n", out);
  if (shown < d->npairs)
    fprintf(out,
            "<p class=\"more\">and %lu more pairs (the JSON report's "
            "similarRoles).</p>\n",
            (unsigned long)(d->npairs - shown));
  fputs("</section>\n", out);
}
