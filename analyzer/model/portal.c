/* Power Pages web roles and table permissions from portal records, whatever
 * their source (enhanced-model component JSON, pac pages YAML,
 * Configuration Migration data): keys are looked up as mspp_<key>,
 * adx_<key>, then <key>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parse/record.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

const char *rc_scope_name(long scope)
{
  switch (scope) {
  case RC_SCOPE_GLOBAL:
    return "Global";
  case RC_SCOPE_CONTACT:
    return "Contact";
  case RC_SCOPE_ACCOUNT:
    return "Account";
  case RC_SCOPE_PARENT:
    return "Parent";
  case RC_SCOPE_SELF:
    return "Self";
  default:
    /* 756150005 is sometimes called Custom (FetchXML); unconfirmed */
    return "Unknown";
  }
}

static const char *scalar(const rc_record *r, const char *key)
{
  const rc_field *f = rc_record_get(r, key);
  return f && f->value ? f->value : NULL;
}

static int truthy(const rc_record *r, const char *key)
{
  const char *v = scalar(r, key);
  return v && (!rc_ascii_casecmp(v, "true") || !strcmp(v, "1") ||
               !rc_ascii_casecmp(v, "yes"));
}

/* A GUID normalised into the arena; other text is kept lowercased. */
static const char *guid(rc_model *m, const char *v)
{
  char g[37];
  if (!v)
    return NULL;
  if (rc_guid_normalize(g, v, strlen(v)) == 0)
    return rc_arena_strdup(&m->arena, g);
  return rc_arena_strdup(&m->arena, v);
}

static const char *copy(rc_model *m, const char *v)
{
  return v ? rc_arena_strdup(&m->arena, v) : NULL;
}

static int add_webrole(rc_model *m, rc_ctx *ctx, const rc_record *r,
                       const char *id_hint, const char *name_hint,
                       const char *file, unsigned long line)
{
  void *items = m->webroles;
  rc_webrole *w;
  const char *id = id_hint ? id_hint : scalar(r, "webroleid");
  if (!id)
    id = scalar(r, "id");
  if (rc_array_reserve(&items, &m->webroles_cap, m->nwebroles + 1,
                       sizeof(*m->webroles)) < 0)
    return rc_fail_nomem(ctx);
  m->webroles = items;
  w = &m->webroles[m->nwebroles];
  memset(w, 0, sizeof(*w));
  w->id = guid(m, id ? id : "");
  w->name = copy(m, name_hint           ? name_hint
                    : scalar(r, "name") ? scalar(r, "name")
                                        : "");
  w->anonymous = truthy(r, "anonymoususersrole");
  w->authenticated = truthy(r, "authenticatedusersrole");
  w->file = copy(m, file);
  w->line = line;
  if (!w->id || !w->name || !w->file)
    return rc_fail_nomem(ctx);
  m->nwebroles++;
  return RC_OK;
}

/* The rights in bit order (RC_PERM_CREATE is bit 0). */
static const char *const perm_keys[] = {"create", "read",   "write",
                                        "delete", "append", "appendto"};
static const char *const perm_names[] = {"Create", "Read",   "Write",
                                         "Delete", "Append", "AppendTo"};
#define RC_PERM_COUNT (sizeof(perm_keys) / sizeof(perm_keys[0]))

const char *rc_perm_key(unsigned bit)
{
  size_t i;
  for (i = 0; i < RC_PERM_COUNT; i++) {
    if (bit == 1u << i)
      return perm_keys[i];
  }
  return NULL;
}

void rc_perm_rights_text(char *buf, size_t cap, unsigned rights)
{
  size_t i, len = 0;
  if (!cap)
    return;
  buf[0] = '\0';
  for (i = 0; i < RC_PERM_COUNT; i++) {
    int n;
    if (!(rights & (1u << i)) || len + 1 >= cap)
      continue;
    n = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", perm_names[i]);
    len = n < 0 ? len : len + (size_t)n < cap ? len + (size_t)n : cap - 1;
  }
}

static int add_permission(rc_model *m, rc_ctx *ctx, const rc_record *r,
                          const char *id_hint, const char *name_hint,
                          const char *file, unsigned long line)
{
  void *items = m->permissions;
  rc_table_permission *p;
  const rc_field *roles;
  const char *id = id_hint ? id_hint : scalar(r, "entitypermissionid");
  const char *table = scalar(r, "entitylogicalname");
  const char *scope = scalar(r, "scope");
  char lower[RC_NAME_MAX];
  size_t i;
  if (!id)
    id = scalar(r, "id");
  if (rc_array_reserve(&items, &m->permissions_cap, m->npermissions + 1,
                       sizeof(*m->permissions)) < 0)
    return rc_fail_nomem(ctx);
  m->permissions = items;
  p = &m->permissions[m->npermissions];
  memset(p, 0, sizeof(*p));
  p->id = guid(m, id ? id : "");
  if (!name_hint)
    name_hint =
        scalar(r, "entityname") ? scalar(r, "entityname") : scalar(r, "name");
  p->name = copy(m, name_hint ? name_hint : "");
  if (!table || rc_ascii_lower(lower, sizeof(lower), table, strlen(table)))
    lower[0] = '\0';
  p->table = copy(m, lower);
  p->scope = scope ? strtol(scope, NULL, 10) : 0;
  for (i = 0; i < RC_PERM_COUNT; i++) {
    if (truthy(r, rc_perm_key(1u << i)))
      p->rights |= 1u << i;
  }
  p->parent = guid(m, scalar(r, "parententitypermission"));
  p->parent_relationship = copy(m, scalar(r, "parentrelationship"));
  p->contact_relationship = copy(m, scalar(r, "contactrelationship"));
  p->account_relationship = copy(m, scalar(r, "accountrelationship"));
  roles = rc_record_get(r, "entitypermission_webrole");
  if (roles && roles->nlist) {
    const char **ids =
        rc_arena_alloc(&m->arena, (roles->nlist + 1) * sizeof(char *));
    if (!ids)
      return rc_fail_nomem(ctx);
    for (i = 0; i < roles->nlist; i++) {
      ids[i] = guid(m, roles->list[i]);
      if (!ids[i])
        return rc_fail_nomem(ctx);
    }
    ids[roles->nlist] = NULL;
    p->webroles = ids;
    p->webrole_count = roles->nlist;
  } else if (roles && roles->value) {
    const char **ids = rc_arena_alloc(&m->arena, 2 * sizeof(char *));
    if (!ids || !(ids[0] = guid(m, roles->value)))
      return rc_fail_nomem(ctx);
    ids[1] = NULL;
    p->webroles = ids;
    p->webrole_count = 1;
  }
  p->file = copy(m, file);
  p->line = line;
  if (!p->id || !p->name || !p->table || !p->file)
    return rc_fail_nomem(ctx);
  if (!p->table[0])
    rc_warn(ctx, "%s:%lu: table permission '%s' names no table", file, line,
            p->name);
  m->npermissions++;
  return RC_OK;
}

int rc_model__portal_record(rc_model *m, rc_ctx *ctx, int type,
                            const void *record, const char *id_hint,
                            const char *name_hint, const char *file,
                            unsigned long line)
{
  const rc_record *r = record;
  if (type == 11)
    return add_webrole(m, ctx, r, id_hint, name_hint, file, line);
  if (type == 18)
    return add_permission(m, ctx, r, id_hint, name_hint, file, line);
  return RC_OK;
}
