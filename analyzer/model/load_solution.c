/* What the solution is and the tables it defines: the manifest of
 * solution.xml (names, version, publisher, root components, missing
 * dependencies) and the entities of customizations.xml or Entity.xml. */
#include "model/load_solution.h"

#include <string.h>

#include "util/ascii.h"
#include "util/error.h"

int rc_load__solution_event(rc_loader *L, const rc_event *ev)
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
    int lang = rc_loader__is_1033(ev->localized.language);
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
    if (!rc_loader__is_table_type(ev->dependency.type))
      return RC_OK;
    return rc_model__dependency(
        m, L->ctx, ev->dependency.schema_name.s, ev->dependency.schema_name.len,
        ev->dependency.solution.s, ev->dependency.solution.len);
  default:
    return RC_OK;
  }
  *field = rc_loader__dup(L, value);
  return *field ? RC_OK : rc_fail_nomem(L->ctx);
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

static int entity_end(rc_loader *L)
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
  if (L->entity_display[0] && !t->display_name[0]) {
    t->display_name = rc_arena_strdup(&m->arena, L->entity_display);
    if (!t->display_name)
      return rc_fail_nomem(L->ctx);
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

int rc_load__entity_event(rc_loader *L, const rc_event *ev)
{
  switch (ev->kind) {
  case RC_EV_ENTITY_BEGIN:
    L->in_entity = 1;
    L->entity_name[0] = L->entity_info_name[0] = L->entity_display[0] = '\0';
    L->entity_shape = RC_SHAPE_NO_INFO;
    L->entity_ownership = RC_OWNERSHIP_UNKNOWN;
    L->entity_activity = -1;
    L->entity_bpf = -1;
    L->entity_line = ev->line;
    return RC_OK;
  case RC_EV_ENTITY_NAME:
    rc_loader__copy(L->entity_name, sizeof(L->entity_name), ev->text);
    return RC_OK;
  case RC_EV_ENTITY_DISPLAY:
    rc_loader__copy(L->entity_display, sizeof(L->entity_display),
                    ev->localized.description);
    return RC_OK;
  case RC_EV_ENTITY_INFO:
    rc_loader__copy(L->entity_info_name, sizeof(L->entity_info_name),
                    ev->entity_info.name);
    L->entity_shape = rc_loader__flag(ev->entity_info.unmodified) == 1
                          ? RC_SHAPE_STUB
                          : RC_SHAPE_FULL;
    return RC_OK;
  case RC_EV_ENTITY_OWNERSHIP:
    L->entity_ownership = ownership_of(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_ACTIVITY:
    L->entity_activity = rc_loader__flag(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_BPF:
    L->entity_bpf = rc_loader__flag(ev->text);
    return RC_OK;
  case RC_EV_ENTITY_END:
    return L->in_entity ? entity_end(L) : RC_OK;
  default:
    return RC_OK;
  }
}
