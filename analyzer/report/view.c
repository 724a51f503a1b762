/* Shared pieces of the roles and matrix views: counts, sort orders, the
 * solution summary in JSON. */
#include "report/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

void rc_view__counts(const rc_model *m, size_t r, rc_role_counts *out)
{
  const rc_role *role = rc_model_role(m, r);
  size_t g, t;
  memset(out, 0, sizeof(*out));
  for (t = 0; t < rc_model_table_count(m); t++) {
    if (rc_model_cell(m, r, t))
      out->tables++;
  }
  for (g = 0; g < role->grant_count; g++) {
    const rc_privilege *p =
        rc_model_privilege(m, rc_model_grant(m, r, g)->privilege);
    if (p->kind == RC_PRIV_METADATA)
      out->metadata++;
    else if (p->kind == RC_PRIV_MISC)
      out->misc++;
    else if (p->kind == RC_PRIV_UNRESOLVED)
      out->unresolved++;
  }
}

/* Indexes ordered by a name, ties by index, without global sort state. */
typedef struct {
  const char *key;
  size_t index;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
  const keyed *ka = a, *kb = b;
  int c = strcmp(ka->key, kb->key);
  if (c)
    return c;
  return ka->index < kb->index ? -1 : ka->index > kb->index;
}

static size_t *sort_keys(keyed *keys, size_t n)
{
  size_t *idx = rc_malloc((n ? n : 1) * sizeof(size_t)), i;
  if (idx) {
    qsort(keys, n, sizeof(*keys), cmp_keyed);
    for (i = 0; i < n; i++)
      idx[i] = keys[i].index;
  }
  rc_free(keys);
  return idx;
}

size_t *rc_view__sorted_tables(const rc_model *m)
{
  size_t n = rc_model_table_count(m), i;
  keyed *keys = rc_malloc((n ? n : 1) * sizeof(*keys));
  if (!keys)
    return NULL;
  for (i = 0; i < n; i++) {
    keys[i].key = rc_model_table(m, i)->logical_name;
    keys[i].index = i;
  }
  return sort_keys(keys, n);
}

int rc_view__each_role(FILE *out, rc_ctx *ctx, rc_model *const *models,
                       size_t count, const rc_view_options *opts,
                       rc_view_role_fn fn, void *payload)
{
  size_t i, r;
  for (i = 0; i < count; i++) {
    const rc_model *m = models[i];
    size_t *tables = rc_view__sorted_tables(m);
    if (!tables)
      return rc_fail_nomem(ctx);
    for (r = 0; r < rc_model_role_count(m); r++) {
      size_t *grants;
      int error;
      if (!rc_pattern_match(opts->role, rc_model_role(m, r)->name))
        continue;
      if (rc_model_grant_order(&grants, m, r) < 0) {
        rc_free(tables);
        return rc_fail_nomem(ctx);
      }
      error = fn(out, m, r, tables, grants, opts, payload);
      rc_model_order_free(grants);
      if (error < 0) {
        rc_free(tables);
        return error;
      }
    }
    rc_free(tables);
  }
  return RC_OK;
}

const char *rc_view__managed(int managed)
{
  switch (managed) {
  case 0:
    return "unmanaged";
  case 1:
    return "managed";
  case 2:
    return "both";
  default:
    return "unknown";
  }
}

json_t *rc_view__solution_json(const rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "uniqueName",
                   s->unique_name, "displayName", s->display_name, "version",
                   s->version, "managed", rc_view__managed(s->managed),
                   "publisher", s->publisher, "prefix", s->prefix);
}

int rc_view__dump_json(FILE *out, rc_ctx *ctx, json_t *root, const char *what)
{
  int rc;
  if (!root)
    return rc_fail_nomem(ctx);
  rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  /* jansson fails on a write error or when it cannot allocate */
  if (rc < 0)
    return ferror(out)
               ? rc_fail(ctx, RC_ERROR, "cannot write the %s output", what)
               : rc_fail_nomem(ctx);
  fputc('\n', out);
  return RC_OK;
}

void rc_view__finding_subject(FILE *out, const rc_finding *f)
{
  if (f->table[0])
    fprintf(out, " %s", f->table);
  if (f->privilege[0])
    fprintf(out, " %s %s", f->privilege, rc_depth_name(f->depth));
  if (f->app[0])
    fprintf(out, " app %s", f->app);
  if (f->scope[0])
    fprintf(out, " scope %s", f->scope);
}

void rc_view__put_severity(FILE *out, rc_severity severity, int color,
                           int width)
{
  static const char *const ansi[] = {"", "\033[36m", "\033[33m",
                                     "\033[1;31m"}; /* note warning error */
  const char *name = rc_severity_name(severity);
  int pad = width - (int)strlen(name);
  if (color && (unsigned)severity < 4)
    fprintf(out, "%s%s\033[0m", ansi[severity], name);
  else
    fputs(name, out);
  while (pad-- > 0)
    fputc(' ', out);
}

const char *rc_view__solution_label(const rc_model *m)
{
  const rc_solution *s = rc_model_solution(m);
  return s->unique_name[0] ? s->unique_name : rc_model_path(m);
}

const char *rc_view__state_name(rc_finding_state state)
{
  return state == RC_STATE_BASELINED    ? "baselined"
         : state == RC_STATE_SUPPRESSED ? "suppressed"
                                        : "new";
}

void rc_view__evaluated_as(const rc_role_fit *f, char *buf, size_t cap)
{
  if (f->profile)
    snprintf(buf, cap, "%s (%s)", f->profile,
             f->profile_origin ? f->profile_origin : "");
  else
    snprintf(buf, cap, "not assigned");
}

const char *rc_view__subject_name(const rc_model *m, size_t r, int webrole)
{
  return webrole ? rc_model_webrole(m, r)->name : rc_model_role(m, r)->name;
}

const char *rc_view__subject_id(const rc_model *m, size_t r, int webrole)
{
  return webrole ? rc_model_webrole(m, r)->id : rc_model_role(m, r)->id;
}

const rc_table *rc_view__portal_data_elsewhere(rc_model *const *models,
                                               size_t count, size_t mi)
{
  size_t i;
  for (i = 0; i < count; i++) {
    if (rc_model_webrole_count(models[i]) ||
        rc_model_permission_count(models[i]))
      return NULL;
  }
  return rc_model_portal_data_elsewhere(models[mi]);
}

void rc_view__role_cost(rc_model *const *models, const rc_rulepack *pack,
                        const rc_prices *prices, const rc_role_fit *f,
                        rc_licence_cost *out)
{
  memset(out, 0, sizeof(*out));
  out->per_user_month = -1;
  if (!prices || f->webrole)
    return;
  rc_prices_role_cost(prices, pack, f,
                      rc_model_role_app_count(models[f->model], f->role), out);
}

void rc_view__what_if_text(char *buf, size_t cap, const rc_rulepack *pack,
                           const rc_what_if_role *w)
{
  size_t i, at = 0;
#define PUT(...)                                                               \
  do {                                                                         \
    int n_ = snprintf(buf + at, cap - at, __VA_ARGS__);                        \
    at = n_ < 0 || (size_t)n_ >= cap - at ? cap - 1 : at + (size_t)n_;         \
  } while (0)
  buf[0] = '\0';
  for (i = 0; i < w->change_count && i < 5; i++) {
    const rc_fix_change *c = &w->changes[i];
    if (c->after == RC_DEPTH_NONE)
      PUT("%sremove %s", i ? ", " : "", c->privilege);
    else
      PUT("%slower %s to %s", i ? ", " : "", c->privilege,
          rc_depth_name(c->after));
  }
  if (w->change_count > 5)
    PUT(", ... (+%lu)", (unsigned long)(w->change_count - 5));
  PUT(" and %s is enough: %.2f, saves %.2f",
      rc_rulepack_licence(pack, w->target)->name, w->to, w->from - w->to);
#undef PUT
}

void rc_view__cost_text(char *buf, size_t cap, const rc_licence_cost *c)
{
  if (c->per_user_month < 0)
    snprintf(buf, cap, "-");
  else
    snprintf(buf, cap, "%.2f %s", c->per_user_month, c->label);
}

void rc_view__prices_text(char *buf, size_t cap, const rc_prices *prices)
{
  const char *as_of = rc_prices_as_of(prices);
  snprintf(buf, cap, "%s prices in %s%s%s",
           strcmp(rc_prices_source(prices), "built-in") ? "your"
                                                        : "Microsoft list",
           rc_prices_currency(prices), *as_of ? " as of " : "", as_of);
}
