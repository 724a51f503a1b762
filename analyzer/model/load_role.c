/* Security roles and field security profiles: Roles/<name>.xml or the
 * <Roles> of customizations.xml (a role, its privileges at their depths,
 * duplicates merged), and FieldSecurityProfiles.xml. */
#include "model/load_role.h"

#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

/* A role begins: added, or merged with the same role met before in this
 * input. */
static int role_begin(rc_loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_span id = ev->role.id;
  char key[RC_NAME_MAX];
  size_t idx;
  int added, error;
  rc_loader__role_key(key, sizeof(key), id.s ? id.s : "", id.s ? id.len : 0);
  error =
      rc_intern_add(&m->role_ids, &m->arena, key, strlen(key), &idx, &added);
  if (error < 0)
    return rc_fail_nomem(L->ctx);
  if (added) {
    void *roles = m->roles;
    rc_role_rec *r;
    if (m->nroles >= L->ctx->limits.max_roles)
      return rc_fail(L->ctx, RC_ELIMIT,
                     "%s:%lu: more than %u roles (--max-roles)", L->doc,
                     ev->line, L->ctx->limits.max_roles);
    if (rc_array_reserve(&roles, &m->roles_cap, m->nroles + 1,
                         sizeof(*m->roles)) < 0)
      return rc_fail_nomem(L->ctx);
    m->roles = roles;
    r = &m->roles[m->nroles++];
    memset(r, 0, sizeof(*r));
    r->pub.id = rc_loader__dup(L, id);
    r->pub.guid = m->role_ids.keys[idx];
    r->pub.name = rc_loader__dup(L, ev->role.name);
    r->pub.file = rc_arena_strdup(&m->arena, L->doc);
    r->pub.line = ev->line;
    r->pub.is_inherited = rc_loader__flag(ev->role.is_inherited);
    r->pub.is_auto_assigned = -1;
    if (!r->pub.id || !r->pub.name || !r->pub.file)
      return rc_fail_nomem(L->ctx);
    if (!id.s)
      rc_warn(L->ctx, "%s:%lu: role '%s' has no id", L->doc, ev->line,
              r->pub.name);
  } else {
    /* the same role again in this input: merge, and re-mark its grants so
     * duplicates are still found */
    rc_role_rec *r = &m->roles[idx];
    size_t g;
    for (g = 0; g < r->ngrants; g++) {
      m->priv_last_role[r->grants[g].privilege] = (uint32_t)idx + 1;
      m->priv_last_grant[r->grants[g].privilege] = (uint32_t)g;
    }
  }
  L->role = (long)idx;
  return RC_OK;
}

/* One RolePrivilege of the open role: a new grant, or a repeat whose
 * highest depth is kept. */
static int privilege(rc_loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_span name = ev->privilege.name, level = ev->privilege.level;
  rc_role_rec *r;
  size_t p;
  int added;
  rc_depth depth;
  uint64_t hash;
  if (L->role < 0)
    return RC_OK;
  r = &m->roles[L->role];
  r->pub.element_count++;
  /* one hash of the name serves interning and the parse statistics */
  hash = rc_fnv1a64(name.s ? name.s : "", name.s ? name.len : 0);
  m->stats_hash = (m->stats_hash ^ hash) * UINT64_C(0x100000001b3);
  m->stats_elements++;
  if (!name.s || !name.len) {
    rc_warn(L->ctx, "%s:%lu: RolePrivilege without a name", L->doc, ev->line);
    return RC_OK;
  }
  if (rc_intern_add_hashed(&m->priv_names, &m->arena, name.s, name.len, hash,
                           &p, &added) < 0)
    return rc_fail_nomem(L->ctx);
  if (added) {
    void *privs = m->privs;
    if (rc_array_reserve(&privs, &m->privs_cap, m->nprivs + 1,
                         sizeof(*m->privs)) < 0)
      return rc_fail_nomem(L->ctx);
    m->privs = privs;
    if (m->privs_cap > m->priv_marks_cap) {
      /* the dedup marks grow with the privilege table */
      uint32_t *last =
          rc_realloc(m->priv_last_role, m->privs_cap * sizeof(uint32_t));
      if (!last)
        return rc_fail_nomem(L->ctx);
      m->priv_last_role = last;
      last = rc_realloc(m->priv_last_grant, m->privs_cap * sizeof(uint32_t));
      if (!last)
        return rc_fail_nomem(L->ctx);
      m->priv_last_grant = last;
      m->priv_marks_cap = m->privs_cap;
    }
    memset(&m->privs[p], 0, sizeof(m->privs[p]));
    m->privs[p].name = m->priv_names.keys[p];
    m->privs[p].table = -1;
    m->priv_last_role[p] = 0;
    m->nprivs++;
  }
  if (rc_depth_parse(level.s ? level.s : "", level.s ? level.len : 0, &depth) <
      0)
    rc_warn(L->ctx,
            "%s:%lu: %s has level '%.*s', expected Basic, Local, Deep "
            "or Global",
            L->doc, ev->line, m->privs[p].name, (int)(level.s ? level.len : 0),
            level.s ? level.s : "");
  if (m->priv_last_role[p] == (uint32_t)L->role + 1) {
    rc_grant *g = &r->grants[m->priv_last_grant[p]];
    if (g->duplicates < UINT16_MAX)
      g->duplicates++;
    if (depth > g->depth)
      g->depth = (uint8_t)depth;
    rc_warn(L->ctx, "%s:%lu: role '%s' repeats %s; the highest depth is kept",
            L->doc, ev->line, r->pub.name, m->privs[p].name);
    return RC_OK;
  }
  if (r->ngrants >= L->ctx->limits.max_privileges)
    return rc_fail(L->ctx, RC_ELIMIT,
                   "%s:%lu: role '%s' has more than %u privileges "
                   "(--max-privileges)",
                   L->doc, ev->line, r->pub.name,
                   L->ctx->limits.max_privileges);
  {
    void *grants = r->grants;
    rc_grant *g;
    if (rc_array_reserve(&grants, &r->grants_cap, r->ngrants + 1,
                         sizeof(*r->grants)) < 0)
      return rc_fail_nomem(L->ctx);
    r->grants = grants;
    g = &r->grants[r->ngrants];
    g->privilege = (uint32_t)p;
    g->depth = (uint8_t)depth;
    g->line = ev->line > UINT32_MAX ? UINT32_MAX : (uint32_t)ev->line;
    g->duplicates = 0;
    m->priv_last_role[p] = (uint32_t)L->role + 1;
    m->priv_last_grant[p] = (uint32_t)r->ngrants;
    r->ngrants++;
    r->pub.grant_count = r->ngrants;
  }
  return RC_OK;
}

int rc_load__role_event(rc_loader *L, const rc_event *ev)
{
  switch (ev->kind) {
  case RC_EV_ROLE_BEGIN:
    return role_begin(L, ev);
  case RC_EV_PRIVILEGE:
    return privilege(L, ev);
  case RC_EV_ROLE_AUTOASSIGNED:
    if (L->role >= 0)
      L->m->roles[L->role].pub.is_auto_assigned = rc_loader__flag(ev->text);
    return RC_OK;
  case RC_EV_ROLE_END:
    L->role = -1;
    return RC_OK;
  default:
    return RC_OK;
  }
}

int rc_load__profile_event(rc_loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  if (ev->kind == RC_EV_PROFILE_BEGIN) {
    void *profiles = m->profiles;
    rc_field_profile *fp;
    char guid[37];
    if (rc_array_reserve(&profiles, &m->profiles_cap, m->nprofiles + 1,
                         sizeof(*m->profiles)) < 0)
      return rc_fail_nomem(L->ctx);
    m->profiles = profiles;
    fp = &m->profiles[m->nprofiles];
    memset(fp, 0, sizeof(*fp));
    if (ev->profile.id.s &&
        rc_guid_normalize(guid, ev->profile.id.s, ev->profile.id.len) == 0)
      fp->id = rc_arena_strdup(&m->arena, guid);
    else
      fp->id = rc_loader__dup(L, ev->profile.id);
    fp->name = rc_loader__dup(L, ev->profile.name);
    fp->file = rc_arena_strdup(&m->arena, L->doc);
    fp->line = ev->line;
    if (!fp->id || !fp->name || !fp->file)
      return rc_fail_nomem(L->ctx);
    L->profile = (long)m->nprofiles;
    return RC_OK;
  }
  if (L->profile < 0)
    return RC_OK;
  if (ev->kind == RC_EV_FIELD_PERMISSION) {
    m->profiles[L->profile].permission_count++;
  } else {
    m->nprofiles++;
    L->profile = -1;
  }
  return RC_OK;
}
