/* Baselines, read and applied beside the suppressions: accepted findings
 * keyed by the finding key of rules/analysis.c (rule, role id, table,
 * privilege, app, scope, table list; never lines or paths), read from JSON
 * with jansson. An entry of a role that none of the inputs holds is kept as
 * it is. Writing a baseline is a report (report/baseline.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/baseline.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

static void free_entry(rc_baseline_entry *e)
{
  rc_free(e->rule);
  rc_free(e->role_id);
  rc_free(e->table);
  rc_free(e->privilege);
  rc_free(e->app);
  rc_free(e->scope);
  rc_free(e->tables);
  rc_free(e->solution);
  rc_free(e->role_name);
  rc_free(e->severity);
}

void rc_baseline_free(rc_baseline *baseline)
{
  size_t i;
  if (!baseline)
    return;
  for (i = 0; i < baseline->count; i++)
    free_entry(&baseline->entries[i]);
  for (i = 0; i < baseline->nstale; i++)
    rc_free(baseline->stale[i]);
  rc_free(baseline->entries);
  rc_free(baseline->stale);
  rc_free(baseline);
}

/* A string field: "" when absent (or NULL when absent_any is set). */
static char *dup_field(json_t *obj, const char *key, int absent_any, int *bad,
                       int *nomem)
{
  json_t *v = json_object_get(obj, key);
  const char *s;
  char *out;
  if (!v && absent_any)
    return NULL;
  if (v && !json_is_string(v)) {
    *bad = 1;
    return NULL;
  }
  s = v ? json_string_value(v) : "";
  out = rc_strndup(s, strlen(s));
  *nomem |= !out;
  return out;
}

/* "tables": a list of strings, kept in the key form "a,b,c"; NULL when
 * absent. */
static char *dup_tables(json_t *obj, int *bad, int *nomem)
{
  json_t *v = json_object_get(obj, "tables"), *t;
  size_t i, len = 1;
  char *joined, *out;
  if (!v)
    return NULL;
  if (!json_is_array(v)) {
    *bad = 1;
    return NULL;
  }
  json_array_foreach(v, i, t)
  {
    if (!json_is_string(t) || !json_string_length(t) ||
        strchr(json_string_value(t), ',')) {
      *bad = 1;
      return NULL;
    }
    len += json_string_length(t) + 1;
  }
  joined = rc_malloc(len);
  if (!joined) {
    *nomem = 1;
    return NULL;
  }
  joined[0] = '\0';
  json_array_foreach(v, i, t)
  {
    if (i)
      strcat(joined, ",");
    strcat(joined, json_string_value(t));
  }
  out = rc_finding_key__tables(joined);
  rc_free(joined);
  *nomem |= !out;
  return out;
}

int rc_baseline_load(rc_baseline **out, rc_ctx *ctx, const char *path)
{
  json_error_t jerr;
  json_t *root, *list;
  rc_baseline *b;
  json_int_t version;
  size_t i;
  int error = RC_OK;

  RC_ASSERT_ARG(ctx, out && path);
  root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  *out = NULL;
  if (!root)
    return rc_fail(ctx, RC_EUSAGE, "%s:%d: not a baseline: %s", path, jerr.line,
                   jerr.text);
  list = json_object_get(root, "entries");
  version = json_integer_value(json_object_get(root, "version"));
  /* version 1 had no scope and no table list: its entries match any */
  if (!json_is_object(root) || (version != 1 && version != 2) ||
      !json_is_array(list)) {
    json_decref(root);
    return rc_fail(ctx, RC_EUSAGE,
                   "%s: not a baseline: expected {\"version\": 2, "
                   "\"entries\": [...]} (or version 1)",
                   path);
  }
  b = rc_calloc(1, sizeof(*b));
  if (b)
    b->entries =
        rc_calloc(json_array_size(list) + 1, sizeof(rc_baseline_entry));
  if (!b || !b->entries) {
    rc_baseline_free(b);
    json_decref(root);
    return rc_fail_nomem(ctx);
  }
  for (i = 0; i < json_array_size(list); i++) {
    json_t *o = json_array_get(list, i);
    rc_baseline_entry *e = &b->entries[b->count];
    int bad = !json_is_object(o) ||
              !json_is_string(json_object_get(o, "rule")) ||
              !json_is_string(json_object_get(o, "role_id"));
    int nomem = 0;
    char guid[37];
    if (!bad) {
      e->rule = dup_field(o, "rule", 0, &bad, &nomem);
      e->role_id = dup_field(o, "role_id", 0, &bad, &nomem);
      e->table = dup_field(o, "table", 0, &bad, &nomem);
      e->privilege = dup_field(o, "privilege", 0, &bad, &nomem);
      e->app = dup_field(o, "app", 0, &bad, &nomem);
      e->scope = dup_field(o, "scope", 1, &bad, &nomem);
      e->tables = dup_tables(o, &bad, &nomem);
      e->solution = dup_field(o, "solution", 0, &bad, &nomem);
      e->role_name = dup_field(o, "role_name", 0, &bad, &nomem);
      e->severity = dup_field(o, "severity", 0, &bad, &nomem);
      b->count++;
    }
    if (bad) {
      error = rc_fail(ctx, RC_EUSAGE,
                      "%s: entry %lu: needs string fields rule and role_id "
                      "(and optionally table, privilege, app, scope, "
                      "solution, and tables as a list of table names)",
                      path, (unsigned long)i + 1);
      break;
    }
    if (nomem) {
      error = rc_fail_nomem(ctx);
      break;
    }
    if (rc_guid_normalize(guid, e->role_id, strlen(e->role_id)) == 0)
      strcpy(e->role_id, guid);
  }
  json_decref(root);
  if (error < 0) {
    rc_baseline_free(b);
    return error;
  }
  *out = b;
  return RC_OK;
}

/* The entry as a key pattern (absent scope and table list match any). */
rc_finding_key rc_baseline__entry_key(const rc_baseline_entry *e)
{
  rc_finding_key k = {e->rule, e->role_id, e->table, e->privilege,
                      e->app,  e->scope,   e->tables};
  return k;
}

/* "TM008 <id> - - (26 tables)" */
static char *stale_text(const rc_baseline_entry *e)
{
  char more[64] = "";
  size_t n, ntables = 0;
  const char *p;
  char *s;
  if (e->tables && e->tables[0]) {
    for (ntables = 1, p = e->tables; *p; p++)
      ntables += *p == ',';
    snprintf(more, sizeof(more), " (%lu tables)", (unsigned long)ntables);
  }
  n = strlen(e->rule) + strlen(e->role_id) + strlen(e->table) +
      strlen(e->privilege) + strlen(e->app) +
      (e->scope ? strlen(e->scope) : 0) + strlen(more) + 16;
  s = rc_malloc(n);
  if (!s)
    return NULL;
  snprintf(s, n, "%s %s %s %s%s%s%s%s%s", e->rule, e->role_id,
           e->table[0] ? e->table : "-", e->privilege[0] ? e->privilege : "-",
           e->app[0] ? " " : "", e->app,
           e->scope && e->scope[0] ? " scope " : "",
           e->scope && e->scope[0] ? e->scope : "", more);
  return s;
}

size_t rc_analysis_apply_baseline(rc_analysis *analysis,
                                  const rc_baseline *baseline)
{
  rc_baseline *b = (rc_baseline *)baseline;
  size_t i, k;
  b->noutside = 0;
  for (i = 0; i < b->count; i++) {
    rc_baseline_entry *e = &b->entries[i];
    rc_finding_key want = rc_baseline__entry_key(e);
    e->matched = e->outside = 0;
    for (k = 0; k < analysis->nfindings; k++) {
      rc_finding *f = &analysis->findings[k];
      if (f->state == RC_STATE_SUPPRESSED || !rc_finding_key__match(&want, f))
        continue;
      e->matched = 1;
      if (f->state == RC_STATE_NEW)
        f->state = RC_STATE_BASELINED;
    }
    /* a role none of the inputs holds, of a solution none of them is (or
     * not recorded): these inputs cannot say whether it still applies */
    if (!e->matched && !rc_analysis__read_role(analysis, e->role_id) &&
        !rc_analysis__read_solution(analysis, e->solution)) {
      e->outside = 1;
      b->noutside++;
    }
  }
  for (i = 0; i < b->nstale; i++)
    rc_free(b->stale[i]);
  b->nstale = 0;
  rc_free(b->stale);
  b->stale = rc_calloc(b->count + 1, sizeof(char *));
  for (i = 0; b->stale && i < b->count; i++) {
    const rc_baseline_entry *e = &b->entries[i];
    char *s;
    if (e->matched || e->outside)
      continue;
    s = stale_text(e);
    if (!s)
      break;
    b->stale[b->nstale++] = s;
  }
  return b->nstale;
}

size_t rc_baseline_stale_count(const rc_baseline *baseline)
{
  return baseline->nstale;
}

const char *rc_baseline_stale(const rc_baseline *baseline, size_t i)
{
  return i < baseline->nstale ? baseline->stale[i] : NULL;
}

size_t rc_baseline_outside_count(const rc_baseline *baseline)
{
  return baseline->noutside;
}
