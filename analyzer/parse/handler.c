/* State machine over the element stack of Dataverse documents. Only the few
 * paths rolecheck needs are followed; every other subtree (forms, views,
 * ribbons, attributes) is skipped without lookups. */
#include "parse/handler.h"

#include <stdint.h>
#include <string.h>

#include "parse/xml.h"
#include "util/buf.h"
#include "util/error.h"

/* Element ids for the names we follow. */
enum {
  E_OTHER = 0,
  E_IMPORTEXPORT,
  E_MANIFEST,
  E_UNIQUENAME,
  E_LOCALIZEDNAMES,
  E_LOCALIZEDNAME,
  E_VERSION,
  E_MANAGED,
  E_PUBLISHER,
  E_PREFIX,
  E_ROOTCOMPONENTS,
  E_ROOTCOMPONENT,
  E_MISSINGDEPS,
  E_MISSINGDEP,
  E_REQUIRED,
  E_ENTITIES,
  E_ENTITY,
  E_NAME,
  E_ENTITYINFO,
  E_ENTITY_LC, /* <entity> inside <EntityInfo> */
  E_OWNERSHIP,
  E_ISACTIVITY,
  E_ISBPF,
  E_ROLES,
  E_ROLE,
  E_ROLEPRIVILEGES,
  E_ROLEPRIVILEGE,
  E_AUTOASSIGNED,
  E_APPMODULES,
  E_APPMODULE,
  E_APPCOMPONENTS,
  E_APPCOMPONENT,
  E_APPROLEMAPS,
  E_FSPS,
  E_FSP,
  E_FIELDPERMISSIONS,
  E_FIELDPERMISSION,
  E_PPC,
  E_PPC_CONTENT,
  E_PPC_NAME,
  E_PPC_TYPE,
  E_CMT_ENTITIES,
  E_CMT_RECORDS,
  E_CMT_RECORD,
  E_CMT_FIELD,
  E_CMT_M2MS,
  E_CMT_M2M,
  E_CMT_TARGETIDS,
  E_CMT_TARGETID,
};

static const struct {
  const char *name;
  int id;
} element_names[] = {
    {"ImportExportXml", E_IMPORTEXPORT},
    {"SolutionManifest", E_MANIFEST},
    {"UniqueName", E_UNIQUENAME},
    {"LocalizedNames", E_LOCALIZEDNAMES},
    {"LocalizedName", E_LOCALIZEDNAME},
    {"Version", E_VERSION},
    {"Managed", E_MANAGED},
    {"Publisher", E_PUBLISHER},
    {"CustomizationPrefix", E_PREFIX},
    {"RootComponents", E_ROOTCOMPONENTS},
    {"RootComponent", E_ROOTCOMPONENT},
    {"MissingDependencies", E_MISSINGDEPS},
    {"MissingDependency", E_MISSINGDEP},
    {"Required", E_REQUIRED},
    {"Entities", E_ENTITIES},
    {"Entity", E_ENTITY},
    {"Name", E_NAME},
    {"EntityInfo", E_ENTITYINFO},
    {"entity", E_ENTITY_LC},
    {"OwnershipTypeMask", E_OWNERSHIP},
    {"IsActivity", E_ISACTIVITY},
    {"IsBPFEntity", E_ISBPF},
    {"Roles", E_ROLES},
    {"Role", E_ROLE},
    {"RolePrivileges", E_ROLEPRIVILEGES},
    {"RolePrivilege", E_ROLEPRIVILEGE},
    {"IsAutoAssigned", E_AUTOASSIGNED},
    {"AppModules", E_APPMODULES},
    {"AppModule", E_APPMODULE},
    {"AppModuleComponents", E_APPCOMPONENTS},
    {"AppModuleComponent", E_APPCOMPONENT},
    {"AppModuleRoleMaps", E_APPROLEMAPS},
    {"FieldSecurityProfiles", E_FSPS},
    {"FieldSecurityProfile", E_FSP},
    {"FieldPermissions", E_FIELDPERMISSIONS},
    {"FieldPermission", E_FIELDPERMISSION},
    {"powerpagecomponent", E_PPC},
    {"content", E_PPC_CONTENT},
    {"name", E_PPC_NAME},
    {"powerpagecomponenttype", E_PPC_TYPE},
    {"entities", E_CMT_ENTITIES},
    {"records", E_CMT_RECORDS},
    {"record", E_CMT_RECORD},
    {"field", E_CMT_FIELD},
    {"m2mrelationships", E_CMT_M2MS},
    {"m2mrelationship", E_CMT_M2M},
    {"targetids", E_CMT_TARGETIDS},
    {"targetid", E_CMT_TARGETID},
};

static int element_id(const char *name)
{
  size_t i;
  for (i = 0; i < sizeof(element_names) / sizeof(element_names[0]); i++) {
    if (element_names[i].name[0] == name[0] &&
        !strcmp(element_names[i].name, name))
      return element_names[i].id;
  }
  return E_OTHER;
}

/* Enough for every path we follow; deeper elements are always skipped. */
#define PATH_MAX_DEPTH 8

typedef struct {
  rc_ctx *ctx;
  rc_event_fn fn;
  void *payload;
  const char *display;
  const char *root;         /* required root element, or NULL */
  int path[PATH_MAX_DEPTH]; /* element ids of the followed ancestors */
  /* text collection */
  int collect; /* event kind to emit at the element's end, 0 = none */
  unsigned collect_depth;
  unsigned long collect_line;
  rc_buf text;
  /* libxml2 interns element names per parser, so a name's pointer
   * identifies it: a small direct-mapped cache of pointer -> id */
  struct {
    const char *name;
    int id;
  } ids[64];
} handler_state;

/* The value of attribute name as a span (s NULL when it is absent). */
static rc_span attr(const rc_xml_attr *attrs, size_t n, const char *name)
{
  rc_span span = {NULL, 0};
  size_t i;
  for (i = 0; i < n; i++) {
    if (attrs[i].name[0] == name[0] && !strcmp(attrs[i].name, name)) {
      span.s = attrs[i].value;
      span.len = attrs[i].len;
      break;
    }
  }
  return span;
}

static int cached_id(handler_state *hs, const char *name)
{
  size_t slot = ((uintptr_t)name >> 4) & 63;
  if (hs->ids[slot].name != name) {
    hs->ids[slot].name = name;
    hs->ids[slot].id = element_id(name);
  }
  return hs->ids[slot].id;
}

static int emit(handler_state *hs, rc_event_kind kind, rc_event *ev)
{
  ev->kind = kind;
  return hs->fn(hs->payload, ev);
}

/* Parent id at relative offset k above the new element (1 = parent). */
static int up(const handler_state *hs, unsigned depth, unsigned k)
{
  return depth >= k ? hs->path[depth - k] : -1;
}

/* Which element of the document model is this, given its ancestors? Returns
 * 1 to follow it, 0 to skip its subtree, -1 for a component (role, entity,
 * app) whose begin event the caller emits. Emits the other events. */
static int classify(handler_state *hs, int id, unsigned d,
                    const rc_xml_attr *attrs, size_t n, unsigned long line,
                    int *error)
{
  rc_event ev;
  int p1 = up(hs, d, 1), p2 = up(hs, d, 2);
  memset(&ev, 0, sizeof(ev));
  ev.line = line;
  *error = 0;

  if (d == 0) {
    /* a component file (Roles/x.xml, Entity.xml, AppModule.xml) is itself
     * the component; customizations.xml and FieldSecurityProfiles.xml hold
     * them */
    if (id == E_ROLE || id == E_ENTITY || id == E_APPMODULE || id == E_PPC)
      return -1;
    return id == E_IMPORTEXPORT || id == E_FSPS || id == E_CMT_ENTITIES;
  }

  /* Configuration Migration data.xml: entities/entity/records/record/field
   * and entities/entity/m2mrelationships/m2mrelationship/targetids */
  if (up(hs, d, d) == E_CMT_ENTITIES) {
    if (d == 1 && id == E_ENTITY_LC) {
      ev.cmt_entity.name = attr(attrs, n, "name");
      *error = emit(hs, RC_EV_CMT_ENTITY, &ev);
      return 1;
    }
    if (d == 2)
      return id == E_CMT_RECORDS || id == E_CMT_M2MS;
    if (d == 3 && p1 == E_CMT_RECORDS && id == E_CMT_RECORD) {
      ev.cmt_record.id = attr(attrs, n, "id");
      *error = emit(hs, RC_EV_CMT_RECORD_BEGIN, &ev);
      return 1;
    }
    if (d == 4 && p1 == E_CMT_RECORD && id == E_CMT_FIELD) {
      ev.cmt_field.name = attr(attrs, n, "name");
      ev.cmt_field.value = attr(attrs, n, "value");
      *error = emit(hs, RC_EV_CMT_FIELD, &ev);
      return 0;
    }
    if (d == 3 && p1 == E_CMT_M2MS && id == E_CMT_M2M) {
      ev.cmt_m2m.source_id = attr(attrs, n, "sourceid");
      ev.cmt_m2m.target_entity = attr(attrs, n, "targetentityname");
      ev.cmt_m2m.relationship = attr(attrs, n, "m2mrelationshipname");
      *error = emit(hs, RC_EV_CMT_M2M, &ev);
      return 1;
    }
    if (d == 4 && p1 == E_CMT_M2M)
      return id == E_CMT_TARGETIDS;
    if (d == 5 && p1 == E_CMT_TARGETIDS && id == E_CMT_TARGETID) {
      hs->collect = RC_EV_CMT_TARGET;
      return 1;
    }
    return 0;
  }

  if (p1 == E_IMPORTEXPORT && d == 1)
    return id == E_MANIFEST || id == E_ENTITIES || id == E_ROLES ||
           id == E_APPMODULES || id == E_FSPS;

  /* a Power Pages component: its JSON payload, name and type */
  if (p1 == E_PPC && d == 1) {
    if (id == E_PPC_CONTENT || id == E_PPC_NAME || id == E_PPC_TYPE) {
      hs->collect = id == E_PPC_CONTENT ? RC_EV_PPC_CONTENT
                    : id == E_PPC_NAME  ? RC_EV_PPC_NAME
                                        : RC_EV_PPC_TYPE;
      return 1;
    }
    return 0;
  }

  /* the solution manifest */
  if (p1 == E_MANIFEST) {
    if (id == E_UNIQUENAME || id == E_VERSION || id == E_MANAGED) {
      hs->collect = id == E_UNIQUENAME ? RC_EV_MANIFEST_NAME
                    : id == E_VERSION  ? RC_EV_MANIFEST_VERSION
                                       : RC_EV_MANIFEST_MANAGED;
      return 1;
    }
    return id == E_LOCALIZEDNAMES || id == E_PUBLISHER ||
           id == E_ROOTCOMPONENTS || id == E_MISSINGDEPS;
  }
  /* what the solution needs from others: MissingDependency/Required */
  if (p2 == E_MISSINGDEPS && p1 == E_MISSINGDEP) {
    if (id == E_REQUIRED) {
      ev.dependency.type = attr(attrs, n, "type");
      ev.dependency.schema_name = attr(attrs, n, "schemaName");
      ev.dependency.solution = attr(attrs, n, "solution");
      *error = emit(hs, RC_EV_DEPENDENCY, &ev);
    }
    return 0;
  }
  if (p2 == E_MANIFEST) {
    if (p1 == E_MISSINGDEPS)
      return id == E_MISSINGDEP;
    if (p1 == E_LOCALIZEDNAMES && id == E_LOCALIZEDNAME) {
      ev.localized.description = attr(attrs, n, "description");
      ev.localized.language = attr(attrs, n, "languagecode");
      *error = emit(hs, RC_EV_MANIFEST_DISPLAY, &ev);
      return 0;
    }
    if (p1 == E_PUBLISHER && (id == E_UNIQUENAME || id == E_PREFIX)) {
      hs->collect =
          id == E_UNIQUENAME ? RC_EV_PUBLISHER_NAME : RC_EV_PUBLISHER_PREFIX;
      return 1;
    }
    if (p1 == E_ROOTCOMPONENTS && id == E_ROOTCOMPONENT) {
      ev.component.type = attr(attrs, n, "type");
      ev.component.schema_name = attr(attrs, n, "schemaName");
      ev.component.id = attr(attrs, n, "id");
      *error = emit(hs, RC_EV_ROOT_COMPONENT, &ev);
    }
    return 0;
  }

  /* containers holding components */
  if ((p1 == E_ENTITIES && id == E_ENTITY) || (p1 == E_ROLES && id == E_ROLE) ||
      (p1 == E_APPMODULES && id == E_APPMODULE))
    return p2 == E_IMPORTEXPORT ? -1 : 0;
  if (p1 == E_FSPS && id == E_FSP) {
    ev.profile.id = attr(attrs, n, "fieldsecurityprofileid");
    ev.profile.name = attr(attrs, n, "name");
    *error = emit(hs, RC_EV_PROFILE_BEGIN, &ev);
    return 1;
  }
  if (p1 == E_FSP)
    return id == E_FIELDPERMISSIONS;
  if (p1 == E_FIELDPERMISSIONS && p2 == E_FSP) {
    if (id == E_FIELDPERMISSION)
      *error = emit(hs, RC_EV_FIELD_PERMISSION, &ev);
    return 0;
  }

  /* inside an entity */
  if (p1 == E_ENTITY) {
    if (id == E_NAME) {
      ev.localized.description = attr(attrs, n, "LocalizedName");
      *error = emit(hs, RC_EV_ENTITY_DISPLAY, &ev);
      hs->collect = RC_EV_ENTITY_NAME;
      return 1;
    }
    return id == E_ENTITYINFO;
  }
  if (p1 == E_ENTITYINFO && id == E_ENTITY_LC) {
    ev.entity_info.name = attr(attrs, n, "Name");
    ev.entity_info.unmodified = attr(attrs, n, "unmodified");
    *error = emit(hs, RC_EV_ENTITY_INFO, &ev);
    return 1;
  }
  if (p1 == E_ENTITY_LC && p2 == E_ENTITYINFO) {
    if (id == E_OWNERSHIP || id == E_ISACTIVITY || id == E_ISBPF) {
      hs->collect = id == E_OWNERSHIP    ? RC_EV_ENTITY_OWNERSHIP
                    : id == E_ISACTIVITY ? RC_EV_ENTITY_ACTIVITY
                                         : RC_EV_ENTITY_BPF;
      return 1;
    }
    return 0;
  }

  /* inside a security role */
  if (p1 == E_ROLE) {
    if (id == E_AUTOASSIGNED) {
      hs->collect = RC_EV_ROLE_AUTOASSIGNED;
      return 1;
    }
    return id == E_ROLEPRIVILEGES;
  }
  if (p1 == E_ROLEPRIVILEGES && p2 == E_ROLE) {
    if (id == E_ROLEPRIVILEGE) {
      ev.privilege.name = attr(attrs, n, "name");
      ev.privilege.level = attr(attrs, n, "level");
      *error = emit(hs, RC_EV_PRIVILEGE, &ev);
    }
    return 0;
  }

  /* inside an app module */
  if (p1 == E_APPMODULE) {
    if (id == E_UNIQUENAME) {
      hs->collect = RC_EV_APP_NAME;
      return 1;
    }
    return id == E_APPCOMPONENTS || id == E_APPROLEMAPS ||
           id == E_LOCALIZEDNAMES;
  }
  if (p2 == E_APPMODULE) {
    if (p1 == E_APPCOMPONENTS && id == E_APPCOMPONENT) {
      ev.component.type = attr(attrs, n, "type");
      ev.component.schema_name = attr(attrs, n, "schemaName");
      ev.component.id = attr(attrs, n, "id");
      *error = emit(hs, RC_EV_APP_COMPONENT, &ev);
    } else if (p1 == E_APPROLEMAPS && id == E_ROLE) {
      ev.app_role.id = attr(attrs, n, "id");
      *error = emit(hs, RC_EV_APP_ROLE, &ev);
    } else if (p1 == E_LOCALIZEDNAMES && id == E_LOCALIZEDNAME) {
      ev.localized.description = attr(attrs, n, "description");
      ev.localized.language = attr(attrs, n, "languagecode");
      *error = emit(hs, RC_EV_APP_DISPLAY, &ev);
    }
    return 0;
  }
  return 0;
}

static int begin_component(handler_state *hs, int id, const rc_xml_attr *attrs,
                           size_t n, unsigned long line)
{
  rc_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.line = line;
  if (id == E_ROLE) {
    ev.role.id = attr(attrs, n, "id");
    ev.role.name = attr(attrs, n, "name");
    ev.role.is_inherited = attr(attrs, n, "isinherited");
    return emit(hs, RC_EV_ROLE_BEGIN, &ev);
  }
  if (id == E_PPC) {
    ev.ppc.id = attr(attrs, n, "powerpagecomponentid");
    return emit(hs, RC_EV_PPC_BEGIN, &ev);
  }
  return emit(hs, id == E_ENTITY ? RC_EV_ENTITY_BEGIN : RC_EV_APP_BEGIN, &ev);
}

static int on_start(void *payload, const char *name, unsigned depth,
                    const rc_xml_attr *attrs, size_t nattrs, unsigned long line)
{
  handler_state *hs = payload;
  int id, follow, error;
  if (hs->collect) {
    /* an element inside a text field: not a field we understand */
    hs->collect = 0;
  }
  if (depth >= PATH_MAX_DEPTH)
    return RC_XML_SKIP;
  if (!depth && hs->root && strcmp(name, hs->root))
    return rc_fail(hs->ctx, RC_EINPUT,
                   "%s:%lu: not a solution document (root element <%s>, "
                   "expected <%s>)",
                   hs->display, line, name, hs->root);
  id = cached_id(hs, name);
  follow = classify(hs, id, depth, attrs, nattrs, line, &error);
  if (error < 0)
    return error;
  if (follow < 0) {
    error = begin_component(hs, id, attrs, nattrs, line);
    if (error < 0)
      return error;
    follow = 1;
  }
  if (!follow) {
    hs->collect = 0;
    return RC_XML_SKIP;
  }
  hs->path[depth] = id;
  if (hs->collect) {
    hs->collect_depth = depth;
    hs->collect_line = line;
    rc_buf_clear(&hs->text);
    return RC_XML_TEXT;
  }
  return RC_XML_FOLLOW;
}

static void trim(const char **s, size_t *len)
{
  while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\n' ||
                  (*s)[0] == '\r')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
                  (*s)[*len - 1] == '\n' || (*s)[*len - 1] == '\r'))
    (*len)--;
}

static int on_end(void *payload, const char *name, unsigned depth)
{
  handler_state *hs = payload;
  rc_event ev;
  int id;
  (void)name;
  memset(&ev, 0, sizeof(ev));
  if (hs->collect && depth == hs->collect_depth) {
    int kind = hs->collect;
    hs->collect = 0;
    ev.text.s = rc_buf_cstr(&hs->text);
    ev.text.len = hs->text.len;
    ev.line = hs->collect_line;
    trim(&ev.text.s, &ev.text.len);
    return emit(hs, (rc_event_kind)kind, &ev);
  }
  id = hs->path[depth];
  /* a component ends where it began: at the root or under its container */
  if ((id == E_ROLE || id == E_ENTITY || id == E_APPMODULE) &&
      (depth == 0 || (depth == 2 && hs->path[0] == E_IMPORTEXPORT))) {
    return emit(hs,
                id == E_ROLE     ? RC_EV_ROLE_END
                : id == E_ENTITY ? RC_EV_ENTITY_END
                                 : RC_EV_APP_END,
                &ev);
  }
  if (id == E_FSP)
    return emit(hs, RC_EV_PROFILE_END, &ev);
  if (id == E_PPC && depth == 0)
    return emit(hs, RC_EV_PPC_END, &ev);
  if (id == E_CMT_RECORD && depth == 3 && hs->path[0] == E_CMT_ENTITIES)
    return emit(hs, RC_EV_CMT_RECORD_END, &ev);
  return RC_OK;
}

static int on_text(void *payload, const char *s, size_t len)
{
  handler_state *hs = payload;
  int error;
  if (!hs->collect)
    return RC_OK;
  error = rc_buf_put(&hs->text, s, len);
  if (error == RC_ELIMIT)
    return rc_fail(hs->ctx, RC_ELIMIT,
                   "%s:%lu: text longer than %u bytes (--max-text)",
                   hs->display, hs->collect_line, hs->ctx->limits.max_text_len);
  if (error < 0)
    return rc_fail_nomem(hs->ctx);
  return RC_OK;
}

/* The bulk of customizations.xml that no event comes from: entity
 * attribute metadata, forms, views, charts, ribbons, relationships, option
 * sets, site maps, web resources and processes (performance.md). */
static const char *const skim_candidates[] = {
    "attributes",     "FormXml",           "SavedQueries",
    "Visualizations", "RibbonDiffXml",     "EntityRelationships",
    "optionsets",     "AppModuleSiteMaps", "SiteMap",
    "WebResources",   "Workflows",         "CustomControlDefaultConfigs",
    "Dashboards",     "Languages",         "EntityMaps",
};
#define NSKIM (sizeof(skim_candidates) / sizeof(skim_candidates[0]))

/* The candidates the handler knows no element of that name for, so that
 * it skips them wherever they are: only those may be emptied unread. */
static void skim_names(const char **names)
{
  size_t i, n = 0;
  for (i = 0; i < NSKIM; i++) {
    if (element_id(skim_candidates[i]) == E_OTHER)
      names[n++] = skim_candidates[i];
  }
  names[n] = NULL;
}

int rc_parse_document(rc_ctx *ctx, rc_stream *stream, const char *root,
                      rc_event_fn fn, void *payload)
{
  const char *names[NSKIM + 1];
  rc_xml_handler h = {on_start, on_end, on_text, names};
  handler_state hs;
  int error;
  skim_names(names);
  memset(&hs, 0, sizeof(hs));
  hs.ctx = ctx;
  hs.fn = fn;
  hs.payload = payload;
  hs.display = stream->display;
  hs.root = root;
  rc_buf_init(&hs.text, ctx->limits.max_text_len);
  error = rc_xml_parse(ctx, stream, &h, &hs);
  rc_buf_dispose(&hs.text);
  return error;
}
