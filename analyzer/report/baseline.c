/* Baselines: accepted findings keyed by rule, role id, table and privilege
 * (never lines or paths), read and written as JSON with jansson, written
 * atomically. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolecheck/report.h"
#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

typedef struct {
  char *rule, *role_id, *table, *privilege, *app, *role_name, *severity;
  int matched;
} entry;

struct rc_baseline {
  entry *entries;
  size_t count;
  char **stale;
  size_t nstale;
};

static void free_entry(entry *e)
{
  rc_free(e->rule);
  rc_free(e->role_id);
  rc_free(e->table);
  rc_free(e->privilege);
  rc_free(e->app);
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

static char *dup_field(json_t *obj, const char *key, int *bad)
{
  json_t *v = json_object_get(obj, key);
  const char *s;
  if (!v)
    return rc_strndup("", 0);
  if (!json_is_string(v)) {
    *bad = 1;
    return NULL;
  }
  s = json_string_value(v);
  return rc_strndup(s, strlen(s));
}

int rc_baseline_load(rc_baseline **out, rc_ctx *ctx, const char *path)
{
  json_error_t jerr;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr), *list;
  rc_baseline *b;
  size_t i;
  int error = RC_OK;

  *out = NULL;
  if (!root)
    return rc_fail(ctx, RC_EUSAGE, "%s:%d: not a baseline: %s", path, jerr.line,
                   jerr.text);
  list = json_object_get(root, "entries");
  if (!json_is_object(root) ||
      json_integer_value(json_object_get(root, "version")) != 1 ||
      !json_is_array(list)) {
    json_decref(root);
    return rc_fail(ctx, RC_EUSAGE,
                   "%s: not a baseline: expected {\"version\": 1, "
                   "\"entries\": [...]}",
                   path);
  }
  b = rc_calloc(1, sizeof(*b));
  if (b)
    b->entries = rc_calloc(json_array_size(list) + 1, sizeof(entry));
  if (!b || !b->entries) {
    rc_baseline_free(b);
    json_decref(root);
    return rc_fail_nomem(ctx);
  }
  for (i = 0; i < json_array_size(list); i++) {
    json_t *o = json_array_get(list, i);
    entry *e = &b->entries[b->count];
    int bad = !json_is_object(o) ||
              !json_is_string(json_object_get(o, "rule")) ||
              !json_is_string(json_object_get(o, "role_id"));
    char guid[37];
    if (!bad) {
      e->rule = dup_field(o, "rule", &bad);
      e->role_id = dup_field(o, "role_id", &bad);
      e->table = dup_field(o, "table", &bad);
      e->privilege = dup_field(o, "privilege", &bad);
      e->app = dup_field(o, "app", &bad);
      e->role_name = dup_field(o, "role_name", &bad);
      e->severity = dup_field(o, "severity", &bad);
      b->count++;
    }
    if (bad) {
      error = rc_fail(ctx, RC_EUSAGE,
                      "%s: entry %lu: needs string fields rule and role_id "
                      "(and optionally table, privilege)",
                      path, (unsigned long)i + 1);
      break;
    }
    if (!e->rule || !e->role_id || !e->table || !e->privilege || !e->app ||
        !e->role_name || !e->severity) {
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

size_t rc_analysis_apply_baseline(rc_analysis *analysis,
                                  const rc_baseline *baseline)
{
  rc_baseline *b = (rc_baseline *)baseline;
  size_t i, k;
  for (i = 0; i < b->count; i++) {
    entry *e = &b->entries[i];
    for (k = 0; k < analysis->nfindings; k++) {
      rc_finding *f = &analysis->findings[k];
      if (f->state == RC_STATE_SUPPRESSED ||
          !rc_finding__matches(f, e->rule, e->role_id, e->table, e->privilege,
                               e->app, 0))
        continue;
      e->matched = 1;
      if (f->state == RC_STATE_NEW)
        f->state = RC_STATE_BASELINED;
    }
  }
  for (i = 0; i < b->nstale; i++)
    rc_free(b->stale[i]);
  b->nstale = 0;
  rc_free(b->stale);
  b->stale = rc_calloc(b->count + 1, sizeof(char *));
  for (i = 0; b->stale && i < b->count; i++) {
    const entry *e = &b->entries[i];
    size_t n;
    char *s;
    if (e->matched)
      continue;
    n = strlen(e->rule) + strlen(e->role_id) + strlen(e->table) +
        strlen(e->privilege) + strlen(e->app) + 8;
    s = rc_malloc(n);
    if (!s)
      break;
    snprintf(s, n, "%s %s %s %s%s%s", e->rule, e->role_id,
             e->table[0] ? e->table : "-", e->privilege[0] ? e->privilege : "-",
             e->app[0] ? " " : "", e->app);
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

/* ---- writing ---- */

typedef struct {
  const char *rule, *role_id, *table, *privilege, *app, *role_name, *severity;
} out_entry;

static int cmp_out(const void *a, const void *b)
{
  const out_entry *x = a, *y = b;
  int c;
  if ((c = strcmp(x->rule, y->rule)) != 0)
    return c;
  if ((c = strcmp(x->role_id, y->role_id)) != 0)
    return c;
  if ((c = strcmp(x->table, y->table)) != 0)
    return c;
  if ((c = rc_ascii_casecmp(x->privilege, y->privilege)) != 0)
    return c;
  return strcmp(x->app, y->app);
}

static json_t *entry_json(const out_entry *e)
{
  json_t *o =
      json_pack("{s:s, s:s, s:s, s:s}", "rule", e->rule, "role_id", e->role_id,
                "table", e->table, "privilege", e->privilege);
  if (o && e->app[0] && json_object_set_new(o, "app", json_string(e->app)))
    goto fail;
  if (o && (json_object_set_new(o, "role_name", json_string(e->role_name)) ||
            json_object_set_new(o, "severity", json_string(e->severity))))
    goto fail;
  return o;
fail:
  json_decref(o);
  return NULL;
}

int rc_baseline_write(rc_ctx *ctx, const char *path,
                      const rc_analysis *analysis, const rc_baseline *keep,
                      int add_new, size_t *written)
{
  size_t n = 0, i, k, cap;
  out_entry *items;
  json_t *root = NULL, *list;
  char *text = NULL;
  rc_output *file = NULL;
  int error = RC_OK;

  cap = analysis->nfindings + (keep ? keep->count : 0) + 1;
  items = rc_calloc(cap, sizeof(*items));
  if (!items)
    return rc_fail_nomem(ctx);
  /* entries still matched by a current finding */
  for (i = 0; keep && i < keep->count; i++) {
    const entry *e = &keep->entries[i];
    if (!e->matched)
      continue;
    items[n].rule = e->rule;
    items[n].role_id = e->role_id;
    items[n].table = e->table;
    items[n].privilege = e->privilege;
    items[n].app = e->app;
    items[n].role_name = e->role_name;
    items[n].severity = e->severity;
    n++;
  }
  for (i = 0; i < analysis->nfindings; i++) {
    const rc_finding *fd = &analysis->findings[i];
    if (fd->state == RC_STATE_SUPPRESSED)
      continue;
    if (keep && (!add_new || fd->state != RC_STATE_NEW))
      continue;
    items[n].rule = fd->rule->id;
    items[n].role_id = fd->role_id;
    items[n].table = fd->table;
    items[n].privilege = fd->privilege;
    items[n].app = fd->app;
    items[n].role_name = fd->role_name;
    items[n].severity = rc_severity_name(fd->severity);
    n++;
  }
  qsort(items, n, sizeof(*items), cmp_out);
  root = json_object();
  list = json_array();
  if (!root || !list || json_object_set_new(root, "version", json_integer(1)) ||
      json_object_set_new(root, "entries", list)) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  for (i = 0, k = 0; i < n; i++) {
    json_t *o;
    if (i && !cmp_out(&items[i - 1], &items[i]))
      continue; /* one entry per key */
    o = entry_json(&items[i]);
    if (!o || json_array_append_new(list, o)) {
      error = rc_fail_nomem(ctx);
      goto done;
    }
    k++;
  }
  text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if (!text) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  error = rc_output_open(&file, ctx, path);
  if (error < 0)
    goto done;
  fputs(text, rc_output_file(file));
  fputc('\n', rc_output_file(file));
  error = rc_output_commit(file, ctx);
  file = NULL;
  if (error < 0)
    goto done;
  if (written)
    *written = k;
done:
  rc_output_abort(file);
  free(text);
  json_decref(root);
  rc_free(items);
  return error;
}
