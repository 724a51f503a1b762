/* The model: getters, table registry, and the final pass that resolves
 * privilege names and builds the packed role x table matrix. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

void rc_model_free(rc_model *model)
{
  size_t i;
  if (!model)
    return;
  for (i = 0; i < model->nroles; i++) {
    rc_free(model->roles[i].grants);
    rc_free(model->roles[i].cells);
  }
  for (i = 0; i < model->napps; i++) {
    rc_free(model->apps[i].tables);
    rc_free(model->apps[i].roles);
  }
  rc_free(model->roles);
  rc_free(model->apps);
  rc_free(model->tables);
  rc_free(model->privs);
  rc_free(model->profiles);
  rc_free(model->webroles);
  rc_free(model->files);
  rc_free(model->permissions);
  rc_free(model->priv_last_role);
  rc_free(model->priv_last_grant);
  rc_free(model->dep_solutions);
  rc_intern_dispose(&model->dep_names);
  rc_intern_dispose(&model->table_names);
  rc_intern_dispose(&model->priv_names);
  rc_intern_dispose(&model->role_ids);
  rc_intern_dispose(&model->app_names);
  rc_arena_dispose(&model->arena);
  rc_free(model);
}

void rc_model_stats(const rc_model *model, size_t *privileges, uint64_t *hash)
{
  *privileges = model->stats_elements;
  *hash = model->stats_hash;
}

const char *rc_model_path(const rc_model *model)
{
  return model->path;
}

const rc_solution *rc_model_solution(const rc_model *model)
{
  return &model->solution;
}

size_t rc_model_table_count(const rc_model *model)
{
  return model->ntables;
}

const rc_table *rc_model_table(const rc_model *model, size_t i)
{
  return i < model->ntables ? &model->tables[i] : NULL;
}

const rc_table *rc_model_table_by_name(const rc_model *model,
                                       const char *logical_name)
{
  long i =
      rc_intern_find(&model->table_names, logical_name, strlen(logical_name));
  return i >= 0 ? &model->tables[i] : NULL;
}

size_t rc_model_privilege_count(const rc_model *model)
{
  return model->nprivs;
}

const rc_privilege *rc_model_privilege(const rc_model *model, size_t i)
{
  return i < model->nprivs ? &model->privs[i] : NULL;
}

size_t rc_model_role_count(const rc_model *model)
{
  return model->nroles;
}

const rc_role *rc_model_role(const rc_model *model, size_t i)
{
  return i < model->nroles ? &model->roles[i].pub : NULL;
}

const rc_grant *rc_model_grant(const rc_model *model, size_t r, size_t g)
{
  if (r >= model->nroles || g >= model->roles[r].ngrants)
    return NULL;
  return &model->roles[r].grants[g];
}

uint32_t rc_model_cell(const rc_model *model, size_t r, size_t t)
{
  if (r >= model->nroles || t >= model->ntables || !model->roles[r].cells)
    return 0;
  return model->roles[r].cells[t];
}

size_t rc_model_app_count(const rc_model *model)
{
  return model->napps;
}

const rc_app *rc_model_app(const rc_model *model, size_t i)
{
  return i < model->napps ? &model->apps[i].pub : NULL;
}

size_t rc_model_profile_count(const rc_model *model)
{
  return model->nprofiles;
}

const rc_field_profile *rc_model_profile(const rc_model *model, size_t i)
{
  return i < model->nprofiles ? &model->profiles[i] : NULL;
}

size_t rc_model_webrole_count(const rc_model *model)
{
  return model->nwebroles;
}

const rc_webrole *rc_model_webrole(const rc_model *model, size_t i)
{
  return i < model->nwebroles ? &model->webroles[i] : NULL;
}

int rc_model__add_file(rc_model *m, rc_ctx *ctx, const char *path)
{
  void *files = m->files;
  /* the documents of a zip all come from one file, one after another; a
   * folder's documents are files of their own, each read once */
  if (m->nfiles && !strcmp(m->files[m->nfiles - 1], path))
    return RC_OK;
  if (rc_array_reserve(&files, &m->files_cap, m->nfiles + 1,
                       sizeof(*m->files)) < 0)
    return rc_fail_nomem(ctx);
  m->files = files;
  m->files[m->nfiles] = rc_arena_strdup(&m->arena, path);
  if (!m->files[m->nfiles])
    return rc_fail_nomem(ctx);
  m->nfiles++;
  return RC_OK;
}

size_t rc_model_file_count(const rc_model *model)
{
  return model->nfiles;
}

const char *rc_model_file(const rc_model *model, size_t i)
{
  return i < model->nfiles ? model->files[i] : NULL;
}

const rc_table *rc_model_portal_data_elsewhere(const rc_model *model)
{
  static const char *const portal_tables[] = {
      "adx_entitypermission", "mspp_entitypermission", "powerpagecomponent",
      "adx_webrole", "mspp_webrole"};
  size_t i, k;
  if (model->nwebroles || model->npermissions)
    return NULL;
  /* in this order: the permissions table names the problem best */
  for (k = 0; k < sizeof(portal_tables) / sizeof(portal_tables[0]); k++) {
    for (i = 0; i < model->ntables; i++) {
      const rc_table *t = &model->tables[i];
      if (t->file && !strcmp(t->logical_name, portal_tables[k]))
        return t;
    }
  }
  return NULL;
}

size_t rc_model_permission_count(const rc_model *model)
{
  return model->npermissions;
}

const rc_table_permission *rc_model_permission(const rc_model *model, size_t i)
{
  return i < model->npermissions ? &model->permissions[i] : NULL;
}

int rc_permission_has_webrole(const rc_table_permission *permission,
                              const char *webrole_id)
{
  size_t i;
  for (i = 0; i < permission->webrole_count; i++) {
    if (!strcmp(permission->webroles[i], webrole_id))
      return 1;
  }
  return 0;
}

/* Grant order: the privilege name ignoring case, then exactly, then the
 * document order (qsort is not stable everywhere). */
typedef struct {
  const char *name;
  size_t index;
} named_grant;

static int cmp_named_grant(const void *a, const void *b)
{
  const named_grant *x = a, *y = b;
  int c = rc_ascii_casecmp(x->name, y->name);
  if (!c)
    c = strcmp(x->name, y->name);
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

int rc_model_grant_order(size_t **out, const rc_model *model, size_t role)
{
  size_t n = rc_model_role(model, role)->grant_count, i;
  named_grant *keys = rc_malloc((n ? n : 1) * sizeof(*keys));
  *out = rc_malloc((n ? n : 1) * sizeof(**out));
  if (!keys || !*out) {
    rc_free(keys);
    rc_free(*out);
    *out = NULL;
    return RC_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    keys[i].name =
        rc_model_privilege(model, rc_model_grant(model, role, i)->privilege)
            ->name;
    keys[i].index = i;
  }
  if (n)
    qsort(keys, n, sizeof(*keys), cmp_named_grant);
  for (i = 0; i < n; i++)
    (*out)[i] = keys[i].index;
  rc_free(keys);
  return RC_OK;
}

void rc_model_order_free(size_t *order)
{
  rc_free(order);
}

int rc_model__table(rc_model *m, const char *logical, size_t len, size_t *index,
                    int *added)
{
  void *tables = m->tables;
  rc_table *t;
  int error =
      rc_intern_add(&m->table_names, &m->arena, logical, len, index, added);
  if (error < 0 || !*added)
    return error;
  if (rc_array_reserve(&tables, &m->tables_cap, m->ntables + 1,
                       sizeof(*m->tables)) < 0)
    return RC_ENOMEM;
  m->tables = tables;
  t = &m->tables[m->ntables++];
  memset(t, 0, sizeof(*t));
  t->logical_name = m->table_names.keys[*index];
  t->name = t->logical_name;
  t->display_name = "";
  t->defined_in = RC_DEFINED_NOWHERE;
  t->origin = RC_ORIGIN_CUSTOM;
  t->product = "";
  return RC_OK;
}

static int table_known(const char *logical, void *payload)
{
  rc_model *m = payload;
  long i = rc_intern_find(&m->table_names, logical, strlen(logical));
  return i >= 0 && m->tables[i].defined_in == RC_DEFINED_INPUT;
}

/* Display name for a table first met through a privilege suffix: the suffix
 * when it spells the logical name, else the logical name (prvReadUser). */
static const char *suffix_display(rc_model *m, const char *priv,
                                  const char *logical)
{
  size_t plen = strlen(priv), llen = strlen(logical);
  const char *suffix;
  if (plen < llen)
    return logical;
  suffix = priv + plen - llen;
  if (!rc_ascii_casecmp(suffix, logical))
    return rc_arena_strndup(&m->arena, suffix, llen);
  return logical;
}

static int resolve_privileges(rc_model *m, rc_ctx *ctx)
{
  size_t i;
  for (i = 0; i < m->nprivs; i++) {
    rc_privilege *p = &m->privs[i];
    rc_privilege_info info;
    rc_privilege_resolve(&info, p->name, table_known, m);
    p->kind = info.kind;
    p->right = info.right;
    p->table = -1;
    if (info.kind == RC_PRIV_TABLE) {
      size_t t;
      int added;
      if (rc_model__table(m, info.table, strlen(info.table), &t, &added) < 0)
        return rc_fail_nomem(ctx);
      if (added) {
        const char *display =
            suffix_display(m, p->name, m->tables[t].logical_name);
        if (!display)
          return rc_fail_nomem(ctx);
        m->tables[t].name = display;
        m->tables[t].defined_in = info.defined_in;
      }
      p->table = (long)t;
    } else if (info.kind == RC_PRIV_METADATA) {
      p->target = rc_arena_strdup(&m->arena, info.table);
      if (!p->target)
        return rc_fail_nomem(ctx);
    }
  }
  if (m->ntables > ctx->limits.max_tables)
    return rc_fail(ctx, RC_ELIMIT, "%s: more than %u tables (--max-tables)",
                   m->path, ctx->limits.max_tables);
  return RC_OK;
}

static int build_matrix(rc_model *m, rc_ctx *ctx)
{
  size_t r, g;
  for (r = 0; r < m->nroles; r++) {
    rc_role_rec *role = &m->roles[r];
    role->cells = rc_calloc(m->ntables ? m->ntables : 1, sizeof(uint32_t));
    if (!role->cells)
      return rc_fail_nomem(ctx);
    for (g = 0; g < role->ngrants; g++) {
      const rc_grant *gr = &role->grants[g];
      const rc_privilege *p = &m->privs[gr->privilege];
      unsigned shift;
      uint32_t cur;
      if (p->kind != RC_PRIV_TABLE || p->table < 0)
        continue;
      shift = 3u * (unsigned)p->right;
      cur = (role->cells[p->table] >> shift) & 7u;
      if ((uint32_t)gr->depth > cur)
        role->cells[p->table] = (role->cells[p->table] & ~(7u << shift)) |
                                ((uint32_t)gr->depth << shift);
    }
  }
  return RC_OK;
}

static int cmp_webroles(const void *a, const void *b)
{
  const rc_webrole *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->id, y->id);
}

static int cmp_permissions(const void *a, const void *b)
{
  const rc_table_permission *x = a, *y = b;
  int c = strcmp(x->table, y->table);
  if (!c)
    c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->id, y->id);
}

/* A child permission (Parent scope) linked to no web role applies to the
 * web roles of its parent, and so on up the chain. */
static void inherit_webroles(rc_model *m)
{
  size_t i, k;
  int depth;
  for (i = 0; i < m->npermissions; i++) {
    rc_table_permission *p = &m->permissions[i];
    const rc_table_permission *up = p;
    if (p->webrole_count || !p->parent)
      continue;
    for (depth = 0; depth < 16 && up->parent && !up->webrole_count; depth++) {
      const rc_table_permission *next = NULL;
      for (k = 0; k < m->npermissions && !next; k++) {
        if (!strcmp(m->permissions[k].id, up->parent))
          next = &m->permissions[k];
      }
      if (!next)
        break;
      up = next;
    }
    if (up != p && up->webrole_count) {
      p->webroles = up->webroles;
      p->webrole_count = up->webrole_count;
      p->inherited = 1;
    }
  }
}

int rc_model__finish(rc_model *m, rc_ctx *ctx)
{
  size_t r;
  int error = resolve_privileges(m, ctx);
  if (error < 0)
    return error;
  rc_model__describe_tables(m);
  if (m->nwebroles > 1)
    qsort(m->webroles, m->nwebroles, sizeof(*m->webroles), cmp_webroles);
  if (m->npermissions > 1)
    qsort(m->permissions, m->npermissions, sizeof(*m->permissions),
          cmp_permissions);
  inherit_webroles(m);
  for (r = 0; r < m->nroles; r++)
    m->roles[r].pub.template_name = rc_role_template_name(m->roles[r].pub.guid);
  rc_free(m->priv_last_role);
  rc_free(m->priv_last_grant);
  m->priv_last_role = m->priv_last_grant = NULL;
  return build_matrix(m, ctx);
}

size_t rc_model_role_app_count(const rc_model *m, size_t role)
{
  const char *id = m->roles[role].pub.guid;
  size_t a, k, n = 0;
  for (a = 0; a < m->napps; a++) {
    const rc_app *app = rc_model_app(m, a);
    for (k = 0; k < app->role_count; k++) {
      if (!strcmp(app->role_ids[k], id)) {
        n++;
        break;
      }
    }
  }
  return n;
}
