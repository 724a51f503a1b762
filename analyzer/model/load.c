/* Loading one input: pick its documents, parse each, and turn the parser's
 * events into tables, roles, grants, apps and profiles. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parse/handler.h"
#include "parse/record.h"
#include "parse/xml.h"
#include "source/inputs.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct {
  int type; /* 11 web role, 18 table permission */
  char id[64];
  rc_record record;
} cmt_pending;

typedef struct {
  rc_model *m;
  rc_ctx *ctx;
  const char *doc; /* display name of the document being parsed */
  long role;       /* current role index, -1 outside */
  /* pending entity */
  int in_entity;
  char entity_name[RC_NAME_MAX];
  char entity_info_name[RC_NAME_MAX];
  rc_table_shape entity_shape;
  rc_ownership entity_ownership;
  int entity_activity;
  int entity_bpf;
  unsigned long entity_line;
  /* pending app */
  long app; /* index being filled, -1 outside */
  int app_duplicate;
  /* pending field security profile */
  long profile;
  /* pending Power Pages component */
  int in_ppc;
  char ppc_id[64];
  char *ppc_name;
  int ppc_type;
  unsigned long ppc_line, ppc_content_line;
  rc_buf ppc_content;
  /* Configuration Migration records, linked at the end of data.xml */
  int cmt_type; /* 11 web role, 18 permission, 0 other entity */
  int cmt_in_record;
  cmt_pending *cmt;
  size_t ncmt, cmt_cap;
  char cmt_source[64];
  int cmt_link_dir; /* 1: source is a permission, 2: source is a web role */
} loader;

static char *span_dup(rc_model *m, rc_span span)
{
  return rc_arena_strndup(&m->arena, span.s ? span.s : "",
                          span.s ? span.len : 0);
}

static int flag_of(rc_span span)
{
  const char *s = span.s;
  size_t len = span.len;
  if (!s)
    return -1;
  if (len == 1 && s[0] == '1')
    return 1;
  if (len == 1 && s[0] == '0')
    return 0;
  if (len == 4 && !strncmp(s, "true", 4))
    return 1;
  if (len == 5 && !strncmp(s, "false", 5))
    return 0;
  return -1;
}

/* A languagecode of 1033 (English), preferred for display names. */
static int is_1033(rc_span code)
{
  return code.s && code.len == 4 && !strncmp(code.s, "1033", 4);
}

/* Component type 1: a table. */
static int is_table_type(rc_span type)
{
  return type.s && type.len == 1 && type.s[0] == '1';
}

/* The join key of a role id: normalised GUID, or the trimmed id lowercased
 * without braces when it is not a GUID. */
static void role_key(char *key, size_t cap, const char *id, size_t len)
{
  if (len && rc_guid_normalize(key, id, len) == 0)
    return;
  if (len >= 2 && id[0] == '{' && id[len - 1] == '}') {
    id++;
    len -= 2;
  }
  if (rc_ascii_lower(key, cap, id, len) < 0)
    key[0] = '\0';
}

static int role_begin(loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_span id = ev->role.id;
  char key[RC_NAME_MAX];
  size_t idx;
  int added, error;
  role_key(key, sizeof(key), id.s ? id.s : "", id.s ? id.len : 0);
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
    r->pub.id = span_dup(m, id);
    r->pub.guid = m->role_ids.keys[idx];
    r->pub.name = span_dup(m, ev->role.name);
    r->pub.file = rc_arena_strdup(&m->arena, L->doc);
    r->pub.line = ev->line;
    r->pub.is_inherited = flag_of(ev->role.is_inherited);
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

static int privilege(loader *L, const rc_event *ev)
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

static void copy_span(char *dst, size_t cap, rc_span span)
{
  const char *s = span.s;
  size_t len = span.len;
  if (!s || len >= cap)
    len = 0;
  if (s && len)
    memcpy(dst, s, len);
  dst[len] = '\0';
}

static rc_ownership ownership_of(rc_span span)
{
  static const struct {
    const char *name;
    rc_ownership own;
  } map[] = {{"UserOwned", RC_OWNERSHIP_USER},
             {"TeamOwned", RC_OWNERSHIP_USER},
             {"OrgOwned", RC_OWNERSHIP_ORG},
             {"OrganizationOwned", RC_OWNERSHIP_ORG},
             {"BusinessOwned", RC_OWNERSHIP_BUSINESS},
             {"None", RC_OWNERSHIP_NONE}};
  size_t i;
  for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    if (strlen(map[i].name) == span.len &&
        !strncmp(map[i].name, span.s, span.len))
      return map[i].own;
  }
  return RC_OWNERSHIP_UNKNOWN;
}

static int entity_end(loader *L)
{
  rc_model *m = L->m;
  const char *schema = L->entity_name[0] ? L->entity_name : L->entity_info_name;
  char logical[RC_NAME_MAX];
  size_t idx;
  int added;
  rc_table *t;
  L->in_entity = 0;
  if (!schema[0]) {
    rc_warn(L->ctx, "%s:%lu: entity without a name", L->doc, L->entity_line);
    return RC_OK;
  }
  if (rc_ascii_lower(logical, sizeof(logical), schema, strlen(schema)) < 0)
    return RC_OK;
  if (rc_model__table(m, logical, strlen(logical), &idx, &added) < 0)
    return rc_fail_nomem(L->ctx);
  t = &m->tables[idx];
  if (t->defined_in != RC_DEFINED_INPUT || L->entity_shape > t->shape) {
    t->name = rc_arena_strdup(&m->arena, schema);
    t->file = rc_arena_strdup(&m->arena, L->doc);
    if (!t->name || !t->file)
      return rc_fail_nomem(L->ctx);
    t->line = L->entity_line;
    t->shape = L->entity_shape;
  }
  t->defined_in = RC_DEFINED_INPUT;
  if (L->entity_ownership != RC_OWNERSHIP_UNKNOWN)
    t->ownership = L->entity_ownership;
  if (L->entity_activity >= 0)
    t->is_activity = L->entity_activity;
  if (L->entity_bpf >= 0)
    t->is_bpf = L->entity_bpf;
  return RC_OK;
}

static int push_str(const char ***items, size_t *n, size_t *cap, const char *s)
{
  void *p = (void *)*items;
  if (rc_array_reserve(&p, cap, *n + 1, sizeof(char *)) < 0)
    return RC_ENOMEM;
  *items = p;
  (*items)[(*n)++] = s;
  return RC_OK;
}

/* An <AppModule> whose end never came (a malformed or truncated
 * document): it was never counted, so its lists are freed here. */
static void drop_open_app(loader *L)
{
  if (L->app >= 0) {
    rc_free(L->m->apps[L->app].tables);
    rc_free(L->m->apps[L->app].roles);
    L->m->apps[L->app].tables = NULL;
    L->m->apps[L->app].roles = NULL;
    L->app = -1;
  }
}

static int app_event(loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_app_rec *a;
  if (ev->kind == RC_EV_APP_BEGIN) {
    void *apps = m->apps;
    drop_open_app(L);
    if (rc_array_reserve(&apps, &m->apps_cap, m->napps + 1, sizeof(*m->apps)) <
        0)
      return rc_fail_nomem(L->ctx);
    m->apps = apps;
    a = &m->apps[m->napps];
    memset(a, 0, sizeof(*a));
    a->pub.file = rc_arena_strdup(&m->arena, L->doc);
    a->pub.line = ev->line;
    a->pub.unique_name = "";
    if (!a->pub.file)
      return rc_fail_nomem(L->ctx);
    L->app = (long)m->napps;
    L->app_duplicate = 0;
    return RC_OK;
  }
  if (L->app < 0)
    return RC_OK;
  a = &m->apps[L->app];
  switch (ev->kind) {
  case RC_EV_APP_NAME: {
    size_t idx;
    int added;
    if (rc_intern_add(&m->app_names, &m->arena, ev->text.s, ev->text.len, &idx,
                      &added) < 0)
      return rc_fail_nomem(L->ctx);
    a->pub.unique_name = m->app_names.keys[idx];
    L->app_duplicate = !added; /* a _managed twin: counted once */
    break;
  }
  case RC_EV_APP_DISPLAY: {
    int lang = is_1033(ev->localized.language);
    if (ev->localized.description.s &&
        (!a->pub.display_name || (lang && !a->display_lang))) {
      a->pub.display_name = span_dup(m, ev->localized.description);
      a->display_lang = lang;
      if (!a->pub.display_name)
        return rc_fail_nomem(L->ctx);
    }
    break;
  }
  case RC_EV_APP_COMPONENT:
    if (is_table_type(ev->component.type) && ev->component.schema_name.s) {
      char logical[RC_NAME_MAX];
      const char *s;
      if (rc_ascii_lower(logical, sizeof(logical), ev->component.schema_name.s,
                         ev->component.schema_name.len) < 0)
        break;
      s = rc_arena_strdup(&m->arena, logical);
      if (!s ||
          push_str(&a->tables, &a->pub.table_count, &a->tables_cap, s) < 0)
        return rc_fail_nomem(L->ctx);
      a->pub.tables = a->tables;
    }
    break;
  case RC_EV_APP_ROLE:
    if (ev->app_role.id.s) {
      char key[RC_NAME_MAX];
      const char *s;
      role_key(key, sizeof(key), ev->app_role.id.s, ev->app_role.id.len);
      s = rc_arena_strdup(&m->arena, key);
      if (!s || push_str(&a->roles, &a->pub.role_count, &a->roles_cap, s) < 0)
        return rc_fail_nomem(L->ctx);
      a->pub.role_ids = a->roles;
    }
    break;
  case RC_EV_APP_END:
    L->app = -1;
    if (L->app_duplicate || !a->pub.unique_name[0]) {
      rc_free(a->tables);
      rc_free(a->roles);
    } else {
      m->napps++;
    }
    break;
  default:
    break;
  }
  return RC_OK;
}

static int profile_event(loader *L, const rc_event *ev)
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
      fp->id = span_dup(m, ev->profile.id);
    fp->name = span_dup(m, ev->profile.name);
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

static int manifest_event(loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_solution *s = &m->solution;
  const char **field;
  rc_span value;
  switch (ev->kind) {
  case RC_EV_MANIFEST_NAME:
  case RC_EV_MANIFEST_VERSION:
  case RC_EV_PUBLISHER_NAME:
  case RC_EV_PUBLISHER_PREFIX:
    field = ev->kind == RC_EV_MANIFEST_NAME      ? &s->unique_name
            : ev->kind == RC_EV_MANIFEST_VERSION ? &s->version
            : ev->kind == RC_EV_PUBLISHER_NAME   ? &s->publisher
                                                 : &s->prefix;
    value = ev->text;
    break;
  case RC_EV_MANIFEST_MANAGED:
    value = ev->text;
    s->managed = value.len == 1 && value.s[0] >= '0' && value.s[0] <= '2'
                     ? value.s[0] - '0'
                     : -1;
    return RC_OK;
  case RC_EV_MANIFEST_DISPLAY: {
    int lang = is_1033(ev->localized.language);
    value = ev->localized.description;
    if (!value.s || (s->display_name[0] && (!lang || m->solution_lang)))
      return RC_OK;
    m->solution_lang = lang;
    field = &s->display_name;
    break;
  }
  case RC_EV_ROOT_COMPONENT:
    value = ev->component.type;
    s->root_component_count++;
    /* component type 300: a canvas app */
    if (value.s && value.len == 3 && !strncmp(value.s, "300", 3))
      s->canvas_app_count++;
    return RC_OK;
  case RC_EV_DEPENDENCY:
    /* only tables (component type 1) say whose a table is */
    if (!is_table_type(ev->dependency.type))
      return RC_OK;
    return rc_model__dependency(
        m, L->ctx, ev->dependency.schema_name.s, ev->dependency.schema_name.len,
        ev->dependency.solution.s, ev->dependency.solution.len);
  default:
    return RC_OK;
  }
  *field = span_dup(m, value);
  return *field ? RC_OK : rc_fail_nomem(L->ctx);
}

/* A record that cannot be read: an input error, or with --keep-going a
 * warning and the component is skipped. */
static int record_error(loader *L, int error)
{
  if (error == RC_EINPUT && L->ctx->keep_going) {
    rc_warn(L->ctx, "%s; skipped (--keep-going)", rc_ctx_error(L->ctx));
    return RC_OK;
  }
  return error;
}

static int ppc_event(loader *L, const rc_event *ev)
{
  rc_record rec;
  int error;
  switch (ev->kind) {
  case RC_EV_PPC_BEGIN:
    L->in_ppc = 1;
    copy_span(L->ppc_id, sizeof(L->ppc_id), ev->ppc.id);
    rc_free(L->ppc_name);
    L->ppc_name = NULL;
    L->ppc_type = 0;
    L->ppc_line = ev->line;
    rc_buf_clear(&L->ppc_content);
    return RC_OK;
  case RC_EV_PPC_CONTENT:
    L->ppc_content_line = ev->line;
    rc_buf_clear(&L->ppc_content);
    error = rc_buf_put(&L->ppc_content, ev->text.s, ev->text.len);
    return error < 0 ? rc_fail_nomem(L->ctx) : RC_OK;
  case RC_EV_PPC_NAME:
    rc_free(L->ppc_name);
    L->ppc_name = rc_strndup(ev->text.s, ev->text.len);
    return L->ppc_name ? RC_OK : rc_fail_nomem(L->ctx);
  case RC_EV_PPC_TYPE:
    L->ppc_type = ev->text.len && ev->text.len < 6 ? atoi(ev->text.s) : 0;
    return RC_OK;
  default:
    break;
  }
  /* the end: only web roles (11) and table permissions (18) matter */
  L->in_ppc = 0;
  if (!L->ppc_type && !L->ppc_content.len) {
    rc_warn(L->ctx, "%s:%lu: component without content or type skipped", L->doc,
            L->ppc_line);
    return RC_OK;
  }
  if (L->ppc_type != 11 && L->ppc_type != 18)
    return RC_OK;
  error = rc_parse_json_record(L->ctx, L->doc, L->ppc_content_line,
                               rc_buf_cstr(&L->ppc_content), L->ppc_content.len,
                               &L->m->arena, &rec);
  if (error < 0)
    return record_error(L, error);
  error = rc_model__portal_record(L->m, L->ctx, L->ppc_type, &rec,
                                  L->ppc_id[0] ? L->ppc_id : NULL, L->ppc_name,
                                  L->doc, L->ppc_line);
  rc_record_dispose(&rec);
  return error;
}

static cmt_pending *cmt_find(loader *L, int type, const char *id)
{
  size_t i;
  for (i = 0; i < L->ncmt; i++) {
    if (L->cmt[i].type == type && !rc_ascii_casecmp(L->cmt[i].id, id))
      return &L->cmt[i];
  }
  return NULL;
}

/* Configuration Migration data.xml: adx_webrole and adx_entitypermission
 * records, and the adx_entitypermission_webrole links between them, read in
 * either direction. */
static int cmt_event(loader *L, const rc_event *ev)
{
  rc_arena *a = &L->m->arena;
  char id[64], name[128], value[4096];
  cmt_pending *p;
  switch (ev->kind) {
  case RC_EV_CMT_ENTITY:
    copy_span(name, sizeof(name), ev->cmt_entity.name);
    L->cmt_type = !rc_ascii_casecmp(name, "adx_webrole")            ? 11
                  : !rc_ascii_casecmp(name, "adx_entitypermission") ? 18
                                                                    : 0;
    return RC_OK;
  case RC_EV_CMT_RECORD_BEGIN: {
    void *items = L->cmt;
    L->cmt_in_record = 0;
    if (!L->cmt_type)
      return RC_OK;
    if (rc_array_reserve(&items, &L->cmt_cap, L->ncmt + 1, sizeof(*L->cmt)) < 0)
      return rc_fail_nomem(L->ctx);
    L->cmt = items;
    p = &L->cmt[L->ncmt++];
    memset(p, 0, sizeof(*p));
    p->type = L->cmt_type;
    copy_span(p->id, sizeof(p->id), ev->cmt_record.id);
    p->record.line = ev->line;
    L->cmt_in_record = 1;
    return RC_OK;
  }
  case RC_EV_CMT_FIELD:
    if (!L->cmt_in_record || !ev->cmt_field.name.s)
      return RC_OK;
    copy_span(name, sizeof(name), ev->cmt_field.name);
    copy_span(value, sizeof(value), ev->cmt_field.value);
    return rc_record_set(&L->cmt[L->ncmt - 1].record, a, name, value) < 0
               ? rc_fail_nomem(L->ctx)
               : RC_OK;
  case RC_EV_CMT_RECORD_END:
    L->cmt_in_record = 0;
    return RC_OK;
  case RC_EV_CMT_M2M:
    copy_span(name, sizeof(name), ev->cmt_m2m.relationship);
    L->cmt_link_dir = 0;
    if (rc_ascii_casecmp(name, "adx_entitypermission_webrole"))
      return RC_OK;
    copy_span(L->cmt_source, sizeof(L->cmt_source), ev->cmt_m2m.source_id);
    L->cmt_link_dir = L->cmt_type == 18 ? 1 : L->cmt_type == 11 ? 2 : 0;
    return RC_OK;
  default: /* RC_EV_CMT_TARGET */
    if (!L->cmt_link_dir)
      return RC_OK;
    copy_span(id, sizeof(id), ev->text);
    p = L->cmt_link_dir == 1 ? cmt_find(L, 18, L->cmt_source)
                             : cmt_find(L, 18, id);
    if (!p) {
      rc_warn(L->ctx, "%s:%lu: link to an unknown table permission %s", L->doc,
              ev->line, L->cmt_link_dir == 1 ? L->cmt_source : id);
      return RC_OK;
    }
    return rc_record_push(&p->record, a, "adx_entitypermission_webrole",
                          L->cmt_link_dir == 1 ? id : L->cmt_source) < 0
               ? rc_fail_nomem(L->ctx)
               : RC_OK;
  }
}

static void cmt_clear(loader *L)
{
  size_t i;
  for (i = 0; i < L->ncmt; i++)
    rc_record_dispose(&L->cmt[i].record);
  rc_free(L->cmt);
  L->cmt = NULL;
  L->ncmt = L->cmt_cap = 0;
}

static int on_event(void *payload, const rc_event *ev)
{
  loader *L = payload;
  switch (ev->kind) {
  case RC_EV_CMT_ENTITY:
  case RC_EV_CMT_RECORD_BEGIN:
  case RC_EV_CMT_FIELD:
  case RC_EV_CMT_RECORD_END:
  case RC_EV_CMT_M2M:
  case RC_EV_CMT_TARGET:
    return cmt_event(L, ev);
  case RC_EV_PPC_BEGIN:
  case RC_EV_PPC_CONTENT:
  case RC_EV_PPC_NAME:
  case RC_EV_PPC_TYPE:
  case RC_EV_PPC_END:
    return ppc_event(L, ev);
  case RC_EV_ROLE_BEGIN:
    return role_begin(L, ev);
  case RC_EV_PRIVILEGE:
    return privilege(L, ev);
  case RC_EV_ROLE_AUTOASSIGNED:
    if (L->role >= 0)
      L->m->roles[L->role].pub.is_auto_assigned = flag_of(ev->text);
    return RC_OK;
  case RC_EV_ROLE_END:
    L->role = -1;
    return RC_OK;
  case RC_EV_ENTITY_BEGIN:
    L->in_entity = 1;
    L->entity_name[0] = L->entity_info_name[0] = '\0';
    L->entity_shape = RC_SHAPE_NO_INFO;
    L->entity_ownership = RC_OWNERSHIP_UNKNOWN;
    L->entity_activity = -1;
    L->entity_bpf = -1;
    L->entity_line = ev->line;
    return RC_OK;
  case RC_EV_ENTITY_NAME:
    copy_span(L->entity_name, sizeof(L->entity_name), ev->text);
    return RC_OK;
  case RC_EV_ENTITY_INFO:
    copy_span(L->entity_info_name, sizeof(L->entity_info_name),
              ev->entity_info.name);
    L->entity_shape = flag_of(ev->entity_info.unmodified) == 1 ? RC_SHAPE_STUB
                                                               : RC_SHAPE_FULL;
    return RC_OK;
  case RC_EV_ENTITY_OWNERSHIP:
    L->entity_ownership = ownership_of(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_ACTIVITY:
    L->entity_activity = flag_of(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_BPF:
    L->entity_bpf = flag_of(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_END:
    return L->in_entity ? entity_end(L) : RC_OK;
  case RC_EV_APP_BEGIN:
  case RC_EV_APP_NAME:
  case RC_EV_APP_DISPLAY:
  case RC_EV_APP_COMPONENT:
  case RC_EV_APP_ROLE:
  case RC_EV_APP_END:
    return app_event(L, ev);
  case RC_EV_PROFILE_BEGIN:
  case RC_EV_FIELD_PERMISSION:
  case RC_EV_PROFILE_END:
    return profile_event(L, ev);
  default:
    return manifest_event(L, ev);
  }
}

/* Remember the file document i of c is read from. */
static int note_file(loader *L, const rc_container *c, size_t i)
{
  char *file = rc_container_doc_file(c, i);
  int error;
  if (!file)
    return rc_fail_nomem(L->ctx);
  error = rc_model__add_file(L->m, L->ctx, file);
  rc_free(file);
  return error;
}

/* root: the element the document must start with. display (may be NULL)
 * receives a copy of the name the document was read under. */
static int parse_doc_named(loader *L, rc_container *c, size_t i,
                           const char *root, char **display)
{
  rc_stream *s;
  int error = rc_container_open_doc(&s, L->ctx, c, i);
  if (!error)
    error = note_file(L, c, i);
  if (!error && display) {
    *display = rc_strndup(s->display, strlen(s->display));
    if (!*display)
      error = rc_fail_nomem(L->ctx);
  }
  if (error < 0) {
    rc_stream_close(s);
    return error;
  }
  L->doc = s->display;
  L->role = -1;
  L->app = -1;
  L->profile = -1;
  L->in_entity = 0;
  error = rc_parse_document(L->ctx, s, root, on_event, L);
  drop_open_app(L);
  L->doc = NULL;
  rc_stream_close(s);
  return error;
}

static int parse_doc(loader *L, rc_container *c, size_t i, const char *root)
{
  return parse_doc_named(L, c, i, root, NULL);
}

/* Does name match dir/<one segment>/file (file "*" = any .xml), ignoring
 * case? dir_depth: 1 for Roles/x.xml, 2 for Entities/x/Entity.xml. */
static int doc_matches(const char *name, const char *dir, const char *file)
{
  size_t dl = strlen(dir);
  const char *rest, *slash;
  char head[64];
  if (strlen(name) <= dl || name[dl] != '/' || dl >= sizeof(head))
    return 0;
  memcpy(head, name, dl);
  head[dl] = '\0';
  if (rc_ascii_casecmp(head, dir))
    return 0;
  rest = name + dl + 1;
  slash = strchr(rest, '/');
  if (file[0] == '*') {
    /* "*.xml": any file with that extension directly in dir */
    size_t n = strlen(rest), e = strlen(file + 1);
    return !slash && n > e && !rc_ascii_casecmp(rest + n - e, file + 1);
  }
  return slash && !strchr(slash + 1, '/') && !rc_ascii_casecmp(slash + 1, file);
}

/* A "<x>_managed.xml" document whose "<x>.xml" twin is present. */
static int managed_twin(const rc_container *c, const char *name)
{
  size_t n = strlen(name);
  char twin[1024];
  if (n < 12 || n >= sizeof(twin) ||
      rc_ascii_casecmp(name + n - 12, "_managed.xml"))
    return 0;
  memcpy(twin, name, n - 12);
  memcpy(twin + n - 12, ".xml", 5);
  return rc_container_find(c, twin) >= 0;
}

static int parse_named(loader *L, rc_container *c, const char *rel,
                       int required, const char *root)
{
  long i = rc_container_find(c, rel);
  if (i < 0)
    return required ? rc_fail(L->ctx, RC_EINPUT, "%s: no %s", c->path, rel)
                    : RC_OK;
  return parse_doc(L, c, (size_t)i, root);
}

static int load_unpacked(loader *L, rc_container *c)
{
  size_t i;
  int error = parse_named(L, c, "Other/Solution.xml", 1, "ImportExportXml");
  if (!error)
    error = parse_named(L, c, "Other/Customizations.xml", 0, "ImportExportXml");
  if (!error)
    error = parse_named(L, c, "Other/FieldSecurityProfiles.xml", 0,
                        "FieldSecurityProfiles");
  /* documents are sorted by name, so Roles/ files come in name order */
  for (i = 0; !error && i < c->ndocs; i++) {
    const char *d = c->docs[i];
    if (managed_twin(c, d))
      continue;
    if (doc_matches(d, "Entities", "Entity.xml"))
      error = parse_doc(L, c, i, "Entity");
    else if (doc_matches(d, "Roles", "*.xml"))
      error = parse_doc(L, c, i, "Role");
    else if (doc_matches(d, "AppModules", "AppModule.xml"))
      error = parse_doc(L, c, i, "AppModule");
    else if (doc_matches(d, "powerpagecomponents", "powerpagecomponent.xml"))
      error = parse_doc(L, c, i, "powerpagecomponent");
  }
  return error;
}

/* Power Pages components of a zip or extracted folder. */
static int load_components(loader *L, rc_container *c)
{
  size_t i;
  int error = RC_OK;
  for (i = 0; !error && i < c->ndocs; i++) {
    if (doc_matches(c->docs[i], "powerpagecomponents",
                    "powerpagecomponent.xml"))
      error = parse_doc(L, c, i, "powerpagecomponent");
  }
  return error;
}

/* The whole document into buf (YAML records are small). */
static int read_doc(loader *L, rc_container *c, size_t i, rc_buf *buf,
                    char **display)
{
  rc_stream *s;
  char chunk[65536];
  size_t got;
  int error = rc_container_open_doc(&s, L->ctx, c, i);
  *display = NULL;
  if (!error)
    error = note_file(L, c, i);
  if (error < 0) {
    rc_stream_close(s);
    return error;
  }
  rc_buf_clear(buf);
  for (;;) {
    error = rc_stream_read(s, L->ctx, chunk, sizeof(chunk), &got);
    if (error < 0 || !got)
      break;
    error = rc_buf_put(buf, chunk, got);
    if (error == RC_ELIMIT)
      error = rc_fail(L->ctx, RC_ELIMIT,
                      "%s: larger than %u bytes "
                      "(--max-text)",
                      s->display, L->ctx->limits.max_text_len);
    else if (error < 0)
      error = rc_fail_nomem(L->ctx);
    if (error < 0)
      break;
  }
  if (!error) {
    *display = rc_strndup(s->display, strlen(s->display));
    if (!*display)
      error = rc_fail_nomem(L->ctx);
  }
  rc_stream_close(s);
  return error;
}

/* Configuration Migration data: data.xml holds the records. */
static int load_cmt(loader *L, rc_container *c)
{
  long i = rc_container_find(c, "data.xml");
  size_t k;
  int error;
  char *display = NULL;
  if (i < 0)
    return rc_fail(L->ctx, RC_EINPUT, "%s: no data.xml", c->path);
  /* the records are placed where the stream names data.xml
   * ("data.zip!/data.xml", "folder/data.xml") */
  error = parse_doc_named(L, c, (size_t)i, "entities", &display);
  if (error < 0) {
    rc_free(display);
    return error;
  }
  for (k = 0; !error && k < L->ncmt; k++) {
    cmt_pending *p = &L->cmt[k];
    error = rc_model__portal_record(L->m, L->ctx, p->type, &p->record, p->id,
                                    NULL, display, p->record.line);
  }
  rc_free(display);
  return error;
}

typedef struct {
  loader *L;
  int type;
  const char *display;
} yaml_target;

static int add_yaml_record(const rc_record *record, void *payload)
{
  yaml_target *t = payload;
  return rc_model__portal_record(t->L->m, t->L->ctx, t->type, record, NULL,
                                 NULL, t->display, record->line);
}

/* A pac pages download: web-roles/<name>.yml (or one webrole.yml listing
 * them, in older downloads) and table-permissions/<name>.yml. */
static int load_pages_site(loader *L, rc_container *c)
{
  rc_buf buf;
  size_t i;
  int error = RC_OK;
  rc_buf_init(&buf, L->ctx->limits.max_text_len);
  for (i = 0; !error && i < c->ndocs; i++) {
    const char *d = c->docs[i];
    yaml_target t;
    char *display;
    t.type = doc_matches(d, "web-roles", "*.yml") ||
                     !rc_ascii_casecmp(d, "webrole.yml")
                 ? 11
             : doc_matches(d, "table-permissions", "*.yml") ? 18
                                                            : 0;
    if (!t.type)
      continue;
    error = read_doc(L, c, i, &buf, &display);
    if (error < 0)
      break;
    t.L = L;
    t.display = display;
    error = rc_parse_yaml_records(L->ctx, display, rc_buf_cstr(&buf), buf.len,
                                  &L->m->arena, add_yaml_record, &t);
    error = record_error(L, error);
    rc_free(display);
  }
  rc_buf_dispose(&buf);
  return error;
}

/* A bare XML file is a customizations.xml or a role file, as its root
 * element says. */
static int bare_file_kind(rc_ctx *ctx, rc_stream *doc, rc_input_kind *kind)
{
  char root[64];
  int error = rc_xml_root(ctx, doc, root, sizeof(root));
  if (error < 0)
    return error;
  if (!strcmp(root, "ImportExportXml")) {
    *kind = RC_INPUT_CUSTOMIZATIONS;
    return RC_OK;
  }
  if (!strcmp(root, "Role")) {
    *kind = RC_INPUT_ROLE_FILE;
    return RC_OK;
  }
  return rc_fail(ctx, RC_EINPUT,
                 "%s: not a solution file (root element <%s>, expected "
                 "<ImportExportXml> or <Role>)",
                 doc->display, root);
}

int rc_input_list_add(rc_input_list *list, rc_ctx *ctx, const char *path)
{
  return rc_input_list__add(list, ctx, path, bare_file_kind);
}

int rc_model_load(rc_model **out, rc_ctx *ctx, const rc_input_list *inputs,
                  size_t index)
{
  const rc_input *in = &inputs->items[index];
  rc_container *c = NULL;
  rc_model *m = NULL;
  loader L;
  int error;

  *out = NULL;
  memset(&L, 0, sizeof(L));
  rc_buf_init(&L.ppc_content, ctx->limits.max_text_len);
  m = rc_calloc(1, sizeof(*m));
  if (!m)
    return rc_fail_nomem(ctx);
  rc_arena_init(&m->arena);
  m->solution.managed = -1;
  m->stats_hash = UINT64_C(0xcbf29ce484222325);
  m->solution.unique_name = m->solution.display_name = m->solution.version =
      m->solution.publisher = m->solution.prefix = "";
  m->path = rc_arena_strdup(&m->arena, in->path);
  if (!m->path) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  L.m = m;
  L.ctx = ctx;
  L.role = L.app = L.profile = -1;

  error = rc_container_open(&c, ctx, in);
  if (error < 0)
    goto done;
  switch (in->kind) {
  case RC_INPUT_ZIP:
  case RC_INPUT_EXTRACTED:
    error = parse_named(&L, c, "solution.xml", 1, "ImportExportXml");
    if (!error)
      error = parse_named(&L, c, "customizations.xml", 1, "ImportExportXml");
    if (!error)
      error = load_components(&L, c);
    break;
  case RC_INPUT_PAGES_SITE:
    error = load_pages_site(&L, c);
    break;
  case RC_INPUT_CMT_DATA:
    error = load_cmt(&L, c);
    break;
  case RC_INPUT_UNPACKED:
    error = load_unpacked(&L, c);
    break;
  case RC_INPUT_CUSTOMIZATIONS:
  case RC_INPUT_ROLE_FILE:
    error = parse_doc(
        &L, c, 0, in->kind == RC_INPUT_ROLE_FILE ? "Role" : "ImportExportXml");
    break;
  }
  if (error < 0)
    goto done;
  error = rc_model__finish(m, ctx);
  if (error < 0)
    goto done;
  *out = m;
  m = NULL;
done:
  rc_buf_dispose(&L.ppc_content);
  rc_free(L.ppc_name);
  cmt_clear(&L);
  rc_container_close(c);
  rc_model_free(m);
  return error;
}
