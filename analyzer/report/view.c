/* Shared pieces of the roles and matrix views: counts, sort orders, the
 * solution summary in JSON. */
#include "report/view.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

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

static const rc_model *sort_model; /* qsort has no payload argument */
static size_t sort_role;

static int cmp_tables(const void *a, const void *b)
{
  return strcmp(rc_model_table(sort_model, *(const size_t *)a)->logical_name,
                rc_model_table(sort_model, *(const size_t *)b)->logical_name);
}

static int cmp_grants(const void *a, const void *b)
{
  const rc_grant *ga =
      rc_model_grant(sort_model, sort_role, *(const size_t *)a);
  const rc_grant *gb =
      rc_model_grant(sort_model, sort_role, *(const size_t *)b);
  return strcmp(rc_model_privilege(sort_model, ga->privilege)->name,
                rc_model_privilege(sort_model, gb->privilege)->name);
}

size_t *rc_view__sorted_tables(const rc_model *m)
{
  size_t n = rc_model_table_count(m), i;
  size_t *idx = rc_malloc((n ? n : 1) * sizeof(size_t));
  if (!idx)
    return NULL;
  for (i = 0; i < n; i++)
    idx[i] = i;
  sort_model = m;
  qsort(idx, n, sizeof(size_t), cmp_tables);
  return idx;
}

size_t *rc_view__sorted_grants(const rc_model *m, size_t r)
{
  size_t n = rc_model_role(m, r)->grant_count, i;
  size_t *idx = rc_malloc((n ? n : 1) * sizeof(size_t));
  if (!idx)
    return NULL;
  for (i = 0; i < n; i++)
    idx[i] = i;
  sort_model = m;
  sort_role = r;
  qsort(idx, n, sizeof(size_t), cmp_grants);
  return idx;
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

int rc_view__dump_json(FILE *out, json_t *root)
{
  int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (rc < 0)
    return -1;
  fputc('\n', out);
  return 0;
}
