/* Which tables are Microsoft's: each table's origin (platform, Microsoft
 * app, accelerator, ISV, custom) and product, from the catalogue, the
 * publisher prefixes, the input's publisher and its MissingDependencies. */
#include <string.h>

#include "model/catalog.h"
#include "model/model.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

const char *rc_table_origin_name(rc_table_origin origin)
{
  switch (origin) {
  case RC_ORIGIN_PLATFORM:
    return "platform";
  case RC_ORIGIN_MICROSOFT_APP:
    return "microsoft-app";
  case RC_ORIGIN_ACCELERATOR:
    return "accelerator";
  case RC_ORIGIN_ISV:
    return "isv";
  case RC_ORIGIN_CUSTOM:
    break;
  }
  return "custom";
}

int rc_origin_counts_as_custom(rc_table_origin origin)
{
  return origin == RC_ORIGIN_CUSTOM || origin == RC_ORIGIN_ISV ||
         origin == RC_ORIGIN_ACCELERATOR;
}

int rc_table_counts_as_custom(const rc_table *table)
{
  return rc_origin_counts_as_custom(table->origin);
}

int rc_model__dependency(rc_model *m, rc_ctx *ctx, const char *schema,
                         size_t schema_len, const char *solution,
                         size_t solution_len)
{
  char logical[RC_NAME_MAX];
  const char *paren;
  size_t index;
  int added;
  void *items = (void *)m->dep_solutions;
  if (!schema || !schema_len ||
      rc_ascii_lower(logical, sizeof(logical), schema, schema_len) < 0)
    return RC_OK;
  if (rc_intern_add(&m->dep_names, &m->arena, logical, schema_len, &index,
                    &added) < 0)
    return rc_fail_nomem(ctx);
  if (!added)
    return RC_OK; /* the first MissingDependency on a table names it */
  if (m->dep_names.count > ctx->limits.max_tables)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: more than %u missing dependencies (--max-tables)",
                   m->path, ctx->limits.max_tables);
  if (rc_array_reserve(&items, &m->dep_solutions_cap, index + 1,
                       sizeof(*m->dep_solutions)) < 0)
    return rc_fail_nomem(ctx);
  m->dep_solutions = items;
  /* "NonprofitCore (2.3.3.0)": the unique name before the version */
  if (!solution)
    solution_len = 0;
  paren = solution_len ? memchr(solution, '(', solution_len) : NULL;
  if (paren)
    solution_len = (size_t)(paren - solution);
  while (solution_len && solution[solution_len - 1] == ' ')
    solution_len--;
  m->dep_solutions[index] =
      rc_arena_strndup(&m->arena, solution_len ? solution : "", solution_len);
  return m->dep_solutions[index] ? RC_OK : rc_fail_nomem(ctx);
}

/* The solution another publisher's table comes from, when a
 * MissingDependency names one; NULL for none or the unmanaged layer. */
static const char *dependency_solution(const rc_model *m, const char *logical)
{
  long i = rc_intern_find(&m->dep_names, logical, strlen(logical));
  const char *s = i >= 0 ? m->dep_solutions[i] : NULL;
  return s && s[0] && strcmp(s, "Active") ? s : NULL;
}

/* Whose the table logical is (t: its entry in the model, or NULL). In
 * order: the catalogue; no prefix (only Microsoft makes such tables);
 * Microsoft's and the accelerators' prefixes; the input's own prefix or a
 * full definition in the input; a MissingDependency on another solution;
 * anything else is a custom table. */
static rc_table_origin origin_of(const rc_model *m, const char *logical,
                                 const rc_table *t, const char **product)
{
  const rc_catalog_table *c = rc_catalog_table_by_name(logical);
  const char *prefix = m->solution.prefix;
  size_t plen = prefix ? strlen(prefix) : 0;
  const char *solution;
  rc_table_origin origin;
  *product = "";
  if (c) {
    *product = c->product;
    return strcmp(c->product, "dataverse") ? RC_ORIGIN_MICROSOFT_APP
                                           : RC_ORIGIN_PLATFORM;
  }
  if (!strchr(logical, '_'))
    return RC_ORIGIN_PLATFORM;
  if (rc_catalog_prefix(logical, &origin, product))
    return origin; /* Microsoft app or accelerator, whoever defines it */
  if ((plen && !strncmp(logical, prefix, plen) && logical[plen] == '_') ||
      (t && t->shape == RC_SHAPE_FULL))
    return RC_ORIGIN_CUSTOM;
  solution = dependency_solution(m, logical);
  if (solution) {
    *product = solution;
    return RC_ORIGIN_ISV;
  }
  return RC_ORIGIN_CUSTOM;
}

rc_table_origin rc_model_table_origin(const rc_model *model,
                                      const char *logical_name,
                                      const char **product)
{
  const rc_table *t = rc_model_table_by_name(model, logical_name);
  if (t) {
    *product = t->product;
    return t->origin;
  }
  return origin_of(model, logical_name, NULL, product);
}

void rc_model__describe_tables(rc_model *m)
{
  const char *prefix = m->solution.prefix;
  size_t plen = prefix ? strlen(prefix) : 0;
  size_t i;
  for (i = 0; i < m->ntables; i++) {
    rc_table *t = &m->tables[i];
    const rc_catalog_table *c = rc_catalog_table_by_name(t->logical_name);
    if (c) {
      if (t->ownership == RC_OWNERSHIP_UNKNOWN)
        t->ownership = c->ownership;
      if (t->shape != RC_SHAPE_FULL)
        t->is_activity = c->is_activity;
      if (t->defined_in == RC_DEFINED_NOWHERE)
        t->defined_in = RC_DEFINED_CATALOG;
      if (!t->display_name[0])
        t->display_name = c->display_name;
    }
    /* tables without a prefix are named by logical name, prefixed ones by
     * SchemaName as written */
    if (!strchr(t->logical_name, '_'))
      t->name = t->logical_name;
    t->is_own = plen && !strncmp(t->logical_name, prefix, plen) &&
                t->logical_name[plen] == '_';
    t->origin = origin_of(m, t->logical_name, t, &t->product);
  }
}
