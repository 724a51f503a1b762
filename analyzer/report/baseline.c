/* Baselines: accepted findings keyed by the finding key of rules/analysis.c
 * (rule, role id, table, privilege, app, scope, table list; never lines or
 * paths), read and written as JSON with jansson, written atomically. An
 * entry of a role that none of the inputs holds is kept as it is. */
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
  char *rule, *role_id, *table, *privilege, *app;
  char *scope, *tables; /* NULL: absent from the file, matches anything */
  char *solution, *role_name, *severity; /* for readers and for "outside" */
  int matched;
  int outside; /* the role is in none of the inputs: neither matched nor
                  stale */
} entry;

struct rc_baseline {
  entry *entries;
  size_t count;
  char **stale;
  size_t nstale;
  size_t noutside;
};

static void free_entry(entry *e)
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
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr), *list;
  rc_baseline *b;
  json_int_t version;
  size_t i;
  int error = RC_OK;

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
static rc_finding_key entry_key(const entry *e)
{
  rc_finding_key k = {e->rule, e->role_id, e->table, e->privilege,
                      e->app,  e->scope,   e->tables};
  return k;
}

/* "TM008 <id> - - (26 tables)" */
static char *stale_text(const entry *e)
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
    entry *e = &b->entries[i];
    rc_finding_key want = entry_key(e);
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
    const entry *e = &b->entries[i];
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

/* ---- writing ---- */

typedef struct {
  rc_finding_key key; /* scope, tables: NULL for "any" (kept as read) */
  const char *solution, *role_name, *severity;
} out_entry;

typedef struct {
  out_entry *items;
  size_t n, cap;
} out_list;

static int cmp_out(const void *a, const void *b)
{
  const out_entry *x = a, *y = b;
  rc_finding_key kx = x->key, ky = y->key;
  int c;
  kx.scope = kx.scope ? kx.scope : "";
  kx.tables = kx.tables ? kx.tables : "";
  ky.scope = ky.scope ? ky.scope : "";
  ky.tables = ky.tables ? ky.tables : "";
  if ((c = rc_finding_key__cmp(&kx, &ky)) != 0)
    return c;
  /* "any" is not "none" */
  if (!x->key.scope != !y->key.scope)
    return x->key.scope ? 1 : -1;
  if (!x->key.tables != !y->key.tables)
    return x->key.tables ? 1 : -1;
  return 0;
}

static int push_out(out_list *l, const rc_finding_key *key,
                    const char *solution, const char *role_name,
                    const char *severity)
{
  void *items = l->items;
  if (rc_array_reserve(&items, &l->cap, l->n + 1, sizeof(*l->items)) < 0)
    return RC_ENOMEM;
  l->items = items;
  l->items[l->n].key = *key;
  l->items[l->n].solution = solution;
  l->items[l->n].role_name = role_name;
  l->items[l->n].severity = severity;
  l->n++;
  return RC_OK;
}

static json_t *tables_json(const char *tables)
{
  json_t *a = json_array();
  const char *p = tables;
  while (a && *p) {
    size_t n = strcspn(p, ",");
    if (json_array_append_new(a, json_stringn(p, n))) {
      json_decref(a);
      return NULL;
    }
    p += n;
    p += *p == ',';
  }
  return a;
}

static json_t *entry_json(const out_entry *e)
{
  const rc_finding_key *k = &e->key;
  json_t *o =
      json_pack("{s:s, s:s, s:s, s:s}", "rule", k->rule, "role_id", k->role_id,
                "table", k->table, "privilege", k->privilege);
  if (o && k->app[0] && json_object_set_new(o, "app", json_string(k->app)))
    goto fail;
  if (o && k->scope && k->scope[0] &&
      json_object_set_new(o, "scope", json_string(k->scope)))
    goto fail;
  if (o && k->tables && k->tables[0] &&
      json_object_set_new(o, "tables", tables_json(k->tables)))
    goto fail;
  if (o && e->solution[0] &&
      json_object_set_new(o, "solution", json_string(e->solution)))
    goto fail;
  if (o && (json_object_set_new(o, "role_name", json_string(e->role_name)) ||
            json_object_set_new(o, "severity", json_string(e->severity))))
    goto fail;
  return o;
fail:
  json_decref(o);
  return NULL;
}

/* The entries to write: see rc_baseline_write(). */
static int collect(out_list *l, const rc_analysis *an, const rc_baseline *keep,
                   int add_new)
{
  size_t i, k;
  int error = RC_OK;
  for (i = 0; keep && i < keep->count && !error; i++) {
    const entry *e = &keep->entries[i];
    rc_finding_key want = entry_key(e);
    if (e->outside) {
      error = push_out(l, &want, e->solution, e->role_name, e->severity);
      continue;
    }
    if (!e->matched)
      continue;
    /* each finding it still matches, with its key: an entry without a
     * scope or table list (version 1) gets the finding's */
    for (k = 0; k < an->nfindings && !error; k++) {
      const rc_finding *f = &an->findings[k];
      rc_finding_key have;
      if (f->state == RC_STATE_SUPPRESSED || !rc_finding_key__match(&want, f))
        continue;
      rc_finding_key__of(&have, f);
      error = push_out(l, &have,
                       e->solution[0] ? e->solution
                                      : rc_analysis__solution(an, f->model),
                       e->role_name, e->severity);
    }
  }
  for (i = 0; i < an->nfindings && !error; i++) {
    const rc_finding *f = &an->findings[i];
    rc_finding_key have;
    if (f->state == RC_STATE_SUPPRESSED)
      continue;
    if (keep && (!add_new || f->state != RC_STATE_NEW))
      continue;
    rc_finding_key__of(&have, f);
    error = push_out(l, &have, rc_analysis__solution(an, f->model),
                     f->role_name, rc_severity_name(f->severity));
  }
  return error;
}

int rc_baseline_write(rc_ctx *ctx, const char *path,
                      const rc_analysis *analysis, const rc_baseline *keep,
                      int add_new, size_t *written)
{
  out_list l = {NULL, 0, 0};
  size_t i, k;
  json_t *root = NULL, *list;
  char *text = NULL;
  rc_output *file = NULL;
  int error;

  if (collect(&l, analysis, keep, add_new) < 0) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  if (l.n)
    qsort(l.items, l.n, sizeof(*l.items), cmp_out);
  root = json_object();
  list = json_array();
  if (!root || !list || json_object_set_new(root, "version", json_integer(2)) ||
      json_object_set_new(root, "entries", list)) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  for (i = 0, k = 0; i < l.n; i++) {
    json_t *o;
    if (i && !cmp_out(&l.items[i - 1], &l.items[i]))
      continue; /* one entry per key */
    o = entry_json(&l.items[i]);
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
  if (keep && keep->noutside)
    rc_warn(ctx, "baseline: kept %lu entries of roles not in these inputs",
            (unsigned long)keep->noutside);
done:
  rc_output_abort(file);
  free(text);
  json_decref(root);
  rc_free(l.items);
  return error;
}
