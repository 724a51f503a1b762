/* Writing a baseline: the findings to accept (and the entries kept) as
 * JSON with jansson, written atomically. Reading and applying one is
 * rules/baseline.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolecheck/report.h"
#include "rules/baseline.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

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
    const rc_baseline_entry *e = &keep->entries[i];
    rc_finding_key want = rc_baseline__entry_key(e);
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
