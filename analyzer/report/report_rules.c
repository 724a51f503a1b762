/* `rolecheck rules` and `rolecheck explain ID`: the rule list and the rule
 * pages compiled into the binary. */
#include <string.h>

#include "report/view.h"
#include "util/ascii.h"
#include "util/embed.h"
#include "util/error.h"

int rc_render__rules(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_rulepack *pack = rd->pack;
  rc_format format = rd->format;
  const char *docs_base = rd->docs_base;
  size_t i;
  json_t *list = NULL;
  if (format == RC_FORMAT_JSON && !(list = json_array()))
    return rc_fail_nomem(ctx);
  for (i = 0; i < rc_rulepack_rule_count(pack); i++) {
    const rc_rule_info *r = rc_rulepack_rule(pack, i);
    char url[1024];
    snprintf(url, sizeof(url), "%s%s.md", docs_base, r->id);
    if (list) {
      if (json_array_append_new(
              list, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}",
                              "id", r->id, "name", r->name, "severity",
                              rc_severity_name(r->severity), "profile",
                              r->profile, "enabled", r->enabled, "confidence",
                              r->confidence, "asOf", r->as_of, "summary",
                              r->summary, "docs", url))) {
        json_decref(list);
        return rc_fail_nomem(ctx);
      }
      continue;
    }
    fprintf(out, "%-6s %-7s %-11s %s%s\n       %s\n", r->id,
            rc_severity_name(r->severity), r->profile, r->name,
            r->enabled ? "" : " (disabled)", r->summary);
  }
  if (list) {
    json_t *root = json_pack("{s:s, s:s, s:o}", "rulePackVersion",
                             rc_rulepack_version(pack), "asOf",
                             rc_rulepack_as_of(pack), "rules", list);
    int error = rc_view__dump_json(out, ctx, root, "JSON");
    if (error < 0)
      return error;
  } else {
    fprintf(out, "\nrule pack %s as of %s; rolecheck explain ID for details\n",
            rc_rulepack_version(pack), rc_rulepack_as_of(pack));
  }
  return RC_OK;
}

/* Edit distance, ASCII case-insensitive, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b), i, j;
  size_t row[64];
  if (la > 60 || lb > 60)
    return 99;
  for (j = 0; j <= lb; j++)
    row[j] = j;
  for (i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t cost = rc_ascii_tolower((unsigned char)a[i - 1]) !=
                    rc_ascii_tolower((unsigned char)b[j - 1]);
      size_t best = prev + cost;
      if (row[j] + 1 < best)
        best = row[j] + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      prev = cur;
    }
  }
  return row[lb];
}

int rc_explain(FILE *out, rc_ctx *ctx, const char *id)
{
  char name[96], upper[64], near[256] = "";
  size_t i, best = 99;
  const rc_embedded *page;
  RC_ASSERT_ARG(ctx, out && id);
  for (i = 0; id[i] && i + 1 < sizeof(upper); i++)
    upper[i] = (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
  upper[i] = '\0';
  snprintf(name, sizeof(name), "rules/%s.md", upper);
  page = strchr(upper, '/') ? NULL : rc_embed_find(name);
  if (page && strcmp(upper, "README")) {
    fwrite(page->data, 1, page->len, out);
    return RC_OK;
  }
  /* the nearest ids */
  for (i = 0; i < rc_embed_index_count; i++) {
    const char *n = rc_embed_index[i].name;
    char cand[64];
    size_t d, len;
    if (strncmp(n, "rules/", 6) || !strcmp(n, "rules/README.md"))
      continue;
    len = strlen(n + 6) - 3;
    if (len >= sizeof(cand))
      continue;
    memcpy(cand, n + 6, len);
    cand[len] = '\0';
    d = distance(upper, cand);
    if (d < best) {
      best = d;
      near[0] = '\0';
    }
    if (d == best && strlen(near) + len + 3 < sizeof(near)) {
      if (near[0])
        strcat(near, ", ");
      strcat(near, cand);
    }
  }
  return rc_fail(ctx, RC_EUSAGE, "unknown rule '%s'; did you mean %s?", id,
                 near[0] ? near : "one listed by rolecheck rules");
}
