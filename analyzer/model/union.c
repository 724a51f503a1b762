/* A role that is several roles at once (rc_model_union): what a person
 * holding all of them can do, as a one-role model the rules can judge. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

/* The union's copy of table t of src: its facts, interned in u. */
static int copy_table(rc_model *u, const rc_model *src, size_t t, size_t *out)
{
  const rc_table *from = &src->tables[t];
  int added;
  int error = rc_model__table(u, from->logical_name, strlen(from->logical_name),
                              out, &added);
  if (error < 0 || !added)
    return error;
  {
    const char *key = u->tables[*out].logical_name;
    u->tables[*out] = *from;
    u->tables[*out].logical_name = key;
  }
  return RC_OK;
}

/* A table an app lists: the source's table when it has one, else a record
 * of its origin there (what TM008's count asks of a listed table). */
static int listed_table(rc_model *u, const rc_model *src, const char *name,
                        size_t *index)
{
  long t = rc_intern_find(&src->table_names, name, strlen(name));
  int added, error;
  if (t >= 0)
    return copy_table(u, src, (size_t)t, index);
  error = rc_model__table(u, name, strlen(name), index, &added);
  if (error < 0 || !added)
    return error;
  u->tables[*index].origin =
      rc_model_table_origin(src, name, &u->tables[*index].product);
  return RC_OK;
}

/* The union's index of privilege p of src (its table copied first). seen:
 * src's privileges already met (index + 1), or NULL. */
static int copy_privilege(rc_model *u, const rc_model *src, uint32_t p,
                          uint32_t *seen, uint32_t *out)
{
  const rc_privilege *from = &src->privs[p];
  size_t index, table = 0;
  int added, error;
  void *privs = u->privs;
  rc_privilege *to;
  if (seen && seen[p]) {
    *out = seen[p] - 1;
    return RC_OK;
  }
  error = rc_intern_add(&u->priv_names, &u->arena, from->name,
                        strlen(from->name), &index, &added);
  if (error < 0)
    return error;
  *out = (uint32_t)index;
  if (seen)
    seen[p] = (uint32_t)index + 1;
  /* met before, through another of the roles: nothing more to copy */
  if (!added)
    return RC_OK;
  if (rc_array_reserve(&privs, &u->privs_cap, u->nprivs + 1,
                       sizeof(*u->privs)) < 0)
    return RC_ENOMEM;
  u->privs = privs;
  to = &u->privs[u->nprivs++];
  *to = *from;
  to->name = u->priv_names.keys[index];
  if (from->table >= 0) {
    error = copy_table(u, src, (size_t)from->table, &table);
    to->table = (long)table;
  }
  return error;
}

/* Add the grants of role r of src to the union's role, each privilege once
 * at its highest depth. at[p] is the union grant of privilege p, + 1; seen
 * as for copy_privilege(). */
static int add_grants(rc_model *u, rc_role_rec *role, const rc_model *src,
                      size_t r, uint32_t *seen, uint32_t **at, size_t *at_cap)
{
  const rc_role_rec *from = &src->roles[r];
  size_t g;
  for (g = 0; g < from->ngrants; g++) {
    const rc_grant *gr = &from->grants[g];
    uint32_t p;
    int error = copy_privilege(u, src, gr->privilege, seen, &p);
    if (error < 0)
      return error;
    if (*at_cap < u->nprivs) {
      void *grown = *at;
      size_t old = *at_cap;
      if (rc_array_reserve(&grown, at_cap, u->nprivs, sizeof(**at)) < 0)
        return RC_ENOMEM;
      *at = grown;
      memset(*at + old, 0, (*at_cap - old) * sizeof(**at));
    }
    if ((*at)[p]) {
      rc_grant *have = &role->grants[(*at)[p] - 1];
      if (gr->depth > have->depth)
        have->depth = gr->depth;
      continue;
    }
    {
      void *grants = role->grants;
      if (rc_array_reserve(&grants, &role->grants_cap, role->ngrants + 1,
                           sizeof(*role->grants)) < 0)
        return RC_ENOMEM;
      role->grants = grants;
    }
    role->grants[role->ngrants] = *gr;
    role->grants[role->ngrants].privilege = p;
    role->grants[role->ngrants].duplicates = 0;
    (*at)[p] = (uint32_t)++role->ngrants;
  }
  return RC_OK;
}

static int maps_role(const rc_app *app, const char *guid)
{
  size_t k;
  for (k = 0; k < app->role_count; k++) {
    if (!strcmp(app->role_ids[k], guid))
      return 1;
  }
  return 0;
}

/* Append s to a heap array of strings, unless it is there. */
static int push_once(const char ***list, size_t *n, size_t *cap, const char *s)
{
  size_t k;
  void *grown = *list;
  for (k = 0; k < *n; k++) {
    if (!strcmp((*list)[k], s))
      return RC_OK;
  }
  if (rc_array_reserve(&grown, cap, *n + 1, sizeof(**list)) < 0)
    return RC_ENOMEM;
  *list = grown;
  (*list)[(*n)++] = s;
  return RC_OK;
}

/* The apps of src that map role r: in the union, one app per unique name
 * mapping the union's role, with every table they list. */
static int add_apps(rc_model *u, const rc_model *src, size_t r)
{
  const char *guid = src->roles[r].pub.guid;
  size_t a, k;
  for (a = 0; a < src->napps; a++) {
    const rc_app *from = &src->apps[a].pub;
    rc_app_rec *to;
    size_t index;
    int added, error;
    if (!maps_role(from, guid))
      continue;
    error = rc_intern_add(&u->app_names, &u->arena, from->unique_name,
                          strlen(from->unique_name), &index, &added);
    if (error < 0)
      return error;
    if (added) {
      void *apps = u->apps;
      if (rc_array_reserve(&apps, &u->apps_cap, u->napps + 1,
                           sizeof(*u->apps)) < 0)
        return RC_ENOMEM;
      u->apps = apps;
      to = &u->apps[u->napps++];
      memset(to, 0, sizeof(*to));
      to->pub = *from;
      to->pub.unique_name = u->app_names.keys[index];
      to->pub.tables = NULL;
      to->pub.table_count = 0;
      to->pub.role_ids = NULL;
      to->pub.role_count = 0;
      to->roles = NULL;
      to->tables = NULL;
      error = push_once(&to->roles, &to->pub.role_count, &to->roles_cap,
                        u->roles[0].pub.guid);
      to->pub.role_ids = to->roles;
      if (error < 0)
        return error;
    }
    to = &u->apps[index];
    for (k = 0; k < from->table_count; k++) {
      size_t t;
      error = listed_table(u, src, from->tables[k], &t);
      if (!error)
        error = push_once(&to->tables, &to->pub.table_count, &to->tables_cap,
                          u->tables[t].logical_name);
      if (error < 0)
        return error;
    }
    to->pub.tables = to->tables;
  }
  return RC_OK;
}

/* The packed max depth per right of each table the role reaches. */
static int fill_cells(rc_model *u, rc_role_rec *role)
{
  size_t g;
  role->cells = rc_calloc(u->ntables ? u->ntables : 1, sizeof(uint32_t));
  if (!role->cells)
    return RC_ENOMEM;
  for (g = 0; g < role->ngrants; g++) {
    const rc_grant *gr = &role->grants[g];
    const rc_privilege *p = &u->privs[gr->privilege];
    unsigned shift;
    uint32_t *cell;
    if (p->kind != RC_PRIV_TABLE || p->table < 0)
      continue;
    shift = 3u * (unsigned)p->right;
    cell = &role->cells[p->table];
    if ((uint32_t)gr->depth > ((*cell >> shift) & 7u))
      *cell = (*cell & ~(7u << shift)) | ((uint32_t)gr->depth << shift);
  }
  return RC_OK;
}

static int build(rc_model *u, const rc_role_ref *roles, size_t n,
                 const char *guid, const char *name)
{
  rc_role_rec *role;
  uint32_t *at = NULL, *seen = NULL;
  const rc_model *seen_src = NULL;
  size_t i, at_cap = 0, index;
  int added, error, canvas_only = 1;
  u->roles = rc_calloc(1, sizeof(*u->roles));
  if (!u->roles)
    return RC_ENOMEM;
  u->roles_cap = 1;
  u->nroles = 1;
  role = &u->roles[0];
  error = rc_intern_add(&u->role_ids, &u->arena, guid, strlen(guid), &index,
                        &added);
  if (error < 0)
    return error;
  role->pub = roles[0].model->roles[roles[0].role].pub;
  role->pub.guid = u->role_ids.keys[index];
  role->pub.id = role->pub.guid;
  role->pub.name = rc_arena_strdup(&u->arena, name);
  role->pub.is_inherited = role->pub.is_auto_assigned = -1;
  role->pub.template_name = NULL;
  if (!role->pub.name)
    return RC_ENOMEM;
  for (i = 0; i < n && !error; i++) {
    const rc_model *src = roles[i].model;
    /* the roles of one source share its privileges: met once by index,
     * not by name (NULL: by name only, when the map cannot be had) */
    if (src != seen_src) {
      rc_free(seen);
      seen = rc_calloc(src->nprivs + 1, sizeof(*seen));
      seen_src = src;
    }
    error = add_grants(u, role, src, roles[i].role, seen, &at, &at_cap);
    if (!error)
      error = add_apps(u, src, roles[i].role);
    canvas_only &= !src->napps && src->solution.canvas_app_count > 0;
  }
  rc_free(at);
  rc_free(seen);
  if (error < 0)
    return error;
  role->pub.grant_count = role->pub.element_count = role->ngrants;
  u->stats_elements = role->ngrants;
  u->solution = roles[0].model->solution;
  u->solution.canvas_app_count = canvas_only ? 1 : 0;
  return fill_cells(u, role);
}

int rc_model_union(rc_model **out, rc_ctx *ctx, const rc_role_ref *roles,
                   size_t n, const char *id, const char *name)
{
  rc_model *u;
  char guid[37];
  size_t i;
  int error;
  RC_ASSERT_ARG(ctx, out && id && name && (roles || !n));
  *out = NULL;
  if (!n || rc_guid_normalize(guid, id, strlen(id)) < 0)
    return rc_fail(ctx, RC_EUSAGE, "a union of roles needs roles and a GUID");
  for (i = 0; i < n; i++) {
    if (!roles[i].model || roles[i].role >= roles[i].model->nroles)
      return rc_fail(ctx, RC_EUSAGE, "role %lu of a union is out of range",
                     (unsigned long)i);
  }
  u = rc_calloc(1, sizeof(*u));
  if (!u)
    return rc_fail_nomem(ctx);
  rc_arena_init(&u->arena);
  u->path = roles[0].model->path;
  u->stats_hash = UINT64_C(0xcbf29ce484222325);
  error = build(u, roles, n, guid, name);
  if (error < 0) {
    rc_model_free(u);
    return rc_fail_nomem(ctx);
  }
  *out = u;
  return RC_OK;
}
