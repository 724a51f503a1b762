/* SARIF 2.1.0 for GitHub code scanning and Azure DevOps: every enabled rule
 * with its page, every result on the real file and line (zip entries as
 * "zip!/entry"), fingerprints from the finding key (rc_finding_fingerprint,
 * the key baselines, suppressions and diff use). */
#include <stdio.h>
#include <string.h>

#include "report/location.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/ascii.h"
#include "util/embed.h"
#include "util/error.h"
#include "util/intern.h"

static const char *level_of(rc_severity s)
{
  return s == RC_SEVERITY_ERROR     ? "error"
         : s == RC_SEVERITY_WARNING ? "warning"
                                    : "note";
}

static const char *precision_of(const char *confidence)
{
  if (!strncmp(confidence, "confirmed", 9))
    return "high";
  if (!strncmp(confidence, "uncertain", 9))
    return "low";
  return "medium";
}

/* The rule page's text, without its title line. */
static const char *page_of(const char *id, char *name, size_t cap)
{
  const rc_embedded *e;
  snprintf(name, cap, "rules/%s.md", id);
  e = rc_embed_find(name);
  return e ? (const char *)e->data : NULL;
}

static json_t *rule_json(const rc_rule_info *r, const char *docs_base)
{
  char url[1024], name[64], full[1025];
  const char *page = page_of(r->id, name, sizeof(name));
  json_t *o, *tags;
  snprintf(url, sizeof(url), "%s%s.md", docs_base, r->id);
  snprintf(full, sizeof(full), "%s", r->why[0] ? r->why : r->summary);
  tags = json_pack("[s, s]", "licensing", r->profile);
  o = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:s, s:{s:s}, "
                "s:{s:o, s:s, s:s, s:s, s:s}}",
                "id", r->id, "name", r->name, "shortDescription", "text",
                r->summary, "fullDescription", "text", full, "help", "text",
                page ? page : r->summary, "markdown", page ? page : r->summary,
                "helpUri", url, "defaultConfiguration", "level",
                level_of(r->severity), "properties", "tags", tags, "precision",
                precision_of(r->confidence), "problem.severity",
                r->severity == RC_SEVERITY_NOTE ? "recommendation"
                                                : level_of(r->severity),
                "confidence", r->confidence, "asOf", r->as_of);
  /* only real security rules carry a security severity */
  if (o && r->security_severity && r->security_severity[0]) {
    json_t *props = json_object_get(o, "properties");
    if (json_object_set_new(props, "security-severity",
                            json_string(r->security_severity))) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

static json_t *result_json(const rc_finding *f, size_t rule_index,
                           const char *root, const char *cwd)
{
  rc_location loc;
  char hash[17], line_hash[24], text[8192];
  json_t *o, *physical;
  unsigned long line = f->line ? f->line : 1;
  if (rc_location_init(&loc, f->file, root, cwd) < 0)
    return NULL;
  snprintf(hash, sizeof(hash), "%016llx",
           (unsigned long long)rc_finding_fingerprint(f));
  snprintf(line_hash, sizeof(line_hash), "%s:1", hash);
  /* GitHub cannot open archives: the message names the entry and line */
  if (loc.entry)
    snprintf(text, sizeof(text), "%s %s:%lu.", f->message, loc.entry, line);
  else
    snprintf(text, sizeof(text), "%s", f->message);
  physical =
      json_pack("{s:{s:s}, s:{s:I}}", "artifactLocation", "uri",
                rc_buf_cstr(&loc.uri), "region", "startLine", (json_int_t)line);
  if (physical && loc.in_root &&
      json_object_set_new(json_object_get(physical, "artifactLocation"),
                          "uriBaseId", json_string("%SRCROOT%"))) {
    json_decref(physical);
    physical = NULL;
  }
  o = physical
          ? json_pack("{s:s, s:I, s:s, s:{s:s}, s:[{s:o}], s:{s:s, s:s}, "
                      "s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
                      "ruleId", f->rule->id, "ruleIndex",
                      (json_int_t)rule_index, "level", level_of(f->severity),
                      "message", "text", text, "locations", "physicalLocation",
                      physical, "partialFingerprints",
                      "primaryLocationLineHash", line_hash, "rolecheck/v1",
                      hash, "properties", "roleKind",
                      f->webrole ? "webrole" : "role", "roleId", f->role_id,
                      "roleName", f->role_name, "table", f->table, "privilege",
                      f->privilege, "scope", f->scope)
          : NULL;
  if (o && f->state != RC_STATE_NEW) {
    json_t *sup = json_pack("[{s:s, s:s}]", "kind", "external", "justification",
                            f->state == RC_STATE_BASELINED ? "baselined"
                            : f->reason                    ? f->reason
                                                           : "suppressed");
    if (!sup || json_object_set_new(o, "suppressions", sup) ||
        json_object_set_new(o, "baselineState", json_string("unchanged"))) {
      json_decref(o);
      o = NULL;
    }
  }
  rc_location_dispose(&loc);
  return o;
}

int rc_render__sarif(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_rulepack *pack = rd->pack;
  const rc_analysis *an = rd->analysis;
  const rc_check_options *opts = rd->check;
  char cwd[4096], root_uri[8192];
  const char *root = opts->source_root;
  json_t *rules = json_array(), *results = json_array(), *log;
  size_t i, k, n = 0;
  size_t index[256];
  rc_location_cwd(cwd, sizeof(cwd));
  if (!root)
    root = cwd;
  if (!rules || !results)
    goto nomem;
  /* every enabled rule, in id order; results point into this list */
  for (i = 0; i < rc_rulepack_rule_count(pack); i++) {
    const rc_rule_info *r = rc_rulepack_rule(pack, i);
    index[i < 256 ? i : 255] = (size_t)-1;
    if (!r->enabled)
      continue;
    if (json_array_append_new(rules, rule_json(r, opts->docs_base)))
      goto nomem;
    if (i < 256)
      index[i] = n;
    n++;
  }
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    size_t ri = 0;
    json_t *res;
    if (f->state != RC_STATE_NEW && !opts->include_suppressed)
      continue;
    if (opts->only && !opts->only[i])
      continue;
    for (k = 0; k < rc_rulepack_rule_count(pack) && k < 256; k++) {
      if (rc_rulepack_rule(pack, k) == f->rule)
        ri = index[k];
    }
    res = result_json(f, ri, root, cwd);
    /* diff: every result shown is one the change brings */
    if (res && opts->only && !json_object_get(res, "baselineState") &&
        json_object_set_new(res, "baselineState", json_string("new"))) {
      json_decref(res);
      res = NULL;
    }
    if (json_array_append_new(results, res))
      goto nomem;
  }
  if (rc_location_root_uri(root_uri, sizeof(root_uri), root, cwd) < 0)
    goto nomem;
  log = json_pack(
      "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:o, s:{s:s, s:s}}}, "
      "s:{s:{s:s}}, s:[{s:b}], s:o}]}",
      "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version",
      "2.1.0", "runs", "tool", "driver", "name", "rolecheck", "semanticVersion",
      rc_version(), "version", rc_version(), "informationUri",
      "https://github.com/rolecheck/rolecheck", "rules", rules, "properties",
      "rulePackVersion", rc_rulepack_version(pack), "rulePackAsOf",
      rc_rulepack_as_of(pack), "originalUriBaseIds", "%SRCROOT%", "uri",
      root_uri, "invocations", "executionSuccessful", opts->complete, "results",
      results);
  if (!log)
    return rc_fail_nomem(ctx);
  return rc_view__dump_json(out, ctx, log, "SARIF");
nomem:
  json_decref(rules);
  json_decref(results);
  return rc_fail_nomem(ctx);
}
