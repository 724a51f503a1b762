/* The HTML report's Rules section: the page of each rule that fired,
 * rendered from the embedded Markdown (cmark-gfm; without it, the Markdown
 * as preformatted text), links between rule pages kept inside the report. */
#include <stdlib.h>
#include <string.h>

#ifdef RC_HAVE_CMARK
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#endif

#include "report/escape.h"
#include "report/view.h"
#include "util/alloc.h"
#include "util/embed.h"
#include "util/error.h"

/* ---- rule pages, rendered from the embedded Markdown ---- */

#ifdef RC_HAVE_CMARK
/* Write rendered HTML: headings two levels down (the page's h1 becomes an
 * h3 under "Rules"), and links to other rule pages point inside the report
 * when the report holds that page. */
static void put_rule_html(FILE *out, const char *html, const char *docs_base,
                          const char *const *ids, size_t nids)
{
  const char *p = html;
  while (*p) {
    if (p[0] == '<' && (p[1] == 'h' || (p[1] == '/' && p[2] == 'h'))) {
      const char *d = p + (p[1] == '/' ? 3 : 2);
      if (*d >= '1' && *d <= '4' && (d[1] == '>' || d[1] == ' ')) {
        fwrite(p, 1, (size_t)(d - p), out);
        fputc(*d + 2, out);
        p = d + 1;
        continue;
      }
    }
    if (!strncmp(p, "href=\"", 6)) {
      const char *s = p + 6, *e = s;
      size_t i;
      while ((*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9'))
        e++;
      if (e > s && !strncmp(e, ".md\"", 4)) {
        for (i = 0; i < nids; i++) {
          if (strlen(ids[i]) == (size_t)(e - s) &&
              !strncmp(ids[i], s, (size_t)(e - s)))
            break;
        }
        if (i < nids)
          fprintf(out, "href=\"#rule-%.*s\"", (int)(e - s), s);
        else
          fprintf(out, "href=\"%s%.*s.md\"", docs_base ? docs_base : "",
                  (int)(e - s), s);
        p = e + 4;
        continue;
      }
    }
    fputc(*p++, out);
  }
}

static int render_page(FILE *out, const rc_embedded *page,
                       const char *docs_base, const char *const *ids,
                       size_t nids)
{
  cmark_parser *parser;
  cmark_node *doc;
  cmark_syntax_extension *table;
  char *html;
  cmark_gfm_core_extensions_ensure_registered();
  parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  if (!parser)
    return RC_ENOMEM;
  table = cmark_find_syntax_extension("table");
  if (table)
    cmark_parser_attach_syntax_extension(parser, table);
  cmark_parser_feed(parser, (const char *)page->data, page->len);
  doc = cmark_parser_finish(parser);
  html = doc ? cmark_render_html(doc, CMARK_OPT_DEFAULT,
                                 cmark_parser_get_syntax_extensions(parser))
             : NULL;
  if (html) {
    put_rule_html(out, html, docs_base, ids, nids);
    cmark_get_default_mem_allocator()->free(html);
  }
  if (doc)
    cmark_node_free(doc);
  cmark_parser_free(parser);
  return html ? RC_OK : RC_ENOMEM;
}
#else
/* Built without cmark-gfm: the page as preformatted Markdown. */
static int render_page(FILE *out, const rc_embedded *page,
                       const char *docs_base, const char *const *ids,
                       size_t nids)
{
  (void)docs_base, (void)ids, (void)nids;
  fputs("<pre class=\"md\">", out);
  rc_put_xml(out, (const char *)page->data);
  fputs("</pre>\n", out);
  return RC_OK;
}
#endif

static int id_cmp(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int rc_view__html_rules(FILE *out, const rc_analysis *an,
                        const rc_check_options *opts)
{
  size_t n = rc_analysis_finding_count(an), i, nids = 0;
  const char **ids = rc_malloc((n ? n : 1) * sizeof(*ids));
  int error = RC_OK;
  if (!ids)
    return RC_ENOMEM;
  for (i = 0; i < n; i++)
    ids[nids++] = rc_analysis_finding(an, i)->rule->id;
  if (nids)
    qsort(ids, nids, sizeof(*ids), id_cmp);
  for (i = n = 0; i < nids; i++) {
    if (!n || strcmp(ids[n - 1], ids[i]))
      ids[n++] = ids[i];
  }
  nids = n;
  fputs("<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 "
        "id=\"rules-h\">Rules</h2>\n",
        out);
  if (!nids)
    fputs("<p>No rule fired.</p>\n", out);
  for (i = 0; !error && i < nids; i++) {
    char name[96];
    const rc_embedded *page;
    snprintf(name, sizeof(name), "rules/%s.md", ids[i]);
    page = rc_embed_find(name);
    fputs("<section class=\"rule\" id=\"rule-", out);
    rc_put_xml(out, ids[i]);
    fputs("\">\n", out);
    if (page) {
      error = render_page(out, page, opts->docs_base, ids, nids);
    } else {
      /* a rule from a --rules pack: no page, only what the pack says */
      fputs("<h3>", out);
      rc_put_xml(out, ids[i]);
      fputs("</h3>\n<p>This rule comes from a rule pack given with --rules; "
            "it has no documentation page.</p>\n",
            out);
    }
    fputs("</section>\n", out);
  }
  fputs("</section>\n", out);
  rc_free(ids);
  return error;
}
