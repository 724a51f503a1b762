/* The Dataverse document handler: knows what customizations.xml,
 * solution.xml, Roles/<name>.xml, Entity.xml, AppModule.xml and
 * FieldSecurityProfiles.xml look like, and reports what it sees as events.
 * It never allocates model objects; the model owns the event callback. */
#ifndef RC_PARSE_HANDLER_H
#define RC_PARSE_HANDLER_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "source/source.h"

/* A span into a parser buffer: valid for the call only, not NUL-terminated.
 * An absent attribute has s == NULL and len 0. */
typedef struct {
  const char *s;
  size_t len;
} rc_span;

/* What each kind carries: the rc_event member named after the colon. */
typedef enum {
  RC_EV_MANIFEST_NAME = 1, /* text: UniqueName */
  RC_EV_MANIFEST_DISPLAY,  /* localized: LocalizedName */
  RC_EV_MANIFEST_VERSION,  /* text: Version */
  RC_EV_MANIFEST_MANAGED,  /* text: Managed */
  RC_EV_PUBLISHER_NAME,    /* text: Publisher/UniqueName */
  RC_EV_PUBLISHER_PREFIX,  /* text: CustomizationPrefix */
  RC_EV_ROOT_COMPONENT,    /* component: RootComponent */
  RC_EV_DEPENDENCY,        /* dependency: MissingDependency/Required */
  RC_EV_ENTITY_BEGIN,      /* line only */
  RC_EV_ENTITY_NAME,       /* text: <Name> (SchemaName) */
  RC_EV_ENTITY_DISPLAY,    /* localized: <Name LocalizedName> */
  RC_EV_ENTITY_INFO,       /* entity_info: EntityInfo/entity */
  RC_EV_ENTITY_OWNERSHIP,  /* text: OwnershipTypeMask */
  RC_EV_ENTITY_ACTIVITY,   /* text: IsActivity */
  RC_EV_ENTITY_BPF,        /* text: IsBPFEntity */
  RC_EV_ENTITY_END,
  RC_EV_ROLE_BEGIN,        /* role: Role */
  RC_EV_ROLE_AUTOASSIGNED, /* text: IsAutoAssigned */
  RC_EV_PRIVILEGE,         /* privilege: RolePrivilege */
  RC_EV_ROLE_END,
  RC_EV_APP_BEGIN,     /* line only */
  RC_EV_APP_NAME,      /* text: UniqueName */
  RC_EV_APP_DISPLAY,   /* localized: LocalizedName */
  RC_EV_APP_COMPONENT, /* component: AppModuleComponent */
  RC_EV_APP_ROLE,      /* app_role: AppModuleRoleMaps/Role */
  RC_EV_APP_END,
  RC_EV_PROFILE_BEGIN, /* profile: FieldSecurityProfile */
  RC_EV_FIELD_PERMISSION,
  RC_EV_PROFILE_END,
  RC_EV_PPC_BEGIN,   /* ppc: powerpagecomponent */
  RC_EV_PPC_CONTENT, /* text: <content> (JSON), line */
  RC_EV_PPC_NAME,    /* text: <name> */
  RC_EV_PPC_TYPE,    /* text: <powerpagecomponenttype> */
  RC_EV_PPC_END,
  RC_EV_CMT_ENTITY,       /* cmt_entity: entity (Configuration Migration) */
  RC_EV_CMT_RECORD_BEGIN, /* cmt_record: record */
  RC_EV_CMT_FIELD,        /* cmt_field: field */
  RC_EV_CMT_RECORD_END,
  RC_EV_CMT_M2M,    /* cmt_m2m: m2mrelationship */
  RC_EV_CMT_TARGET, /* text: <targetid> */
} rc_event_kind;

/* One event. line: where the element (or the text's element) starts; 0 for
 * the *_END kinds. The payload is the member rc_event_kind names. */
typedef struct {
  rc_event_kind kind;
  unsigned long line;
  union {
    rc_span text; /* an element's text, trimmed */
    struct {
      rc_span description, language; /* @description, @languagecode */
    } localized;
    struct {
      rc_span type, schema_name, id; /* @type, @schemaName, @id */
    } component;
    struct {
      /* @type, @schemaName, @solution ("Name (version)") */
      rc_span type, schema_name, solution;
    } dependency;
    struct {
      rc_span name, unmodified; /* @Name, @unmodified */
    } entity_info;
    struct {
      rc_span id, name, is_inherited; /* @id, @name, @isinherited */
    } role;
    struct {
      rc_span name, level; /* @name, @level */
    } privilege;
    struct {
      rc_span id; /* @id */
    } app_role;
    struct {
      rc_span id, name; /* @fieldsecurityprofileid, @name */
    } profile;
    struct {
      rc_span id; /* @powerpagecomponentid */
    } ppc;
    struct {
      rc_span name; /* @name */
    } cmt_entity;
    struct {
      rc_span id; /* @id */
    } cmt_record;
    struct {
      rc_span name, value; /* @name, @value */
    } cmt_field;
    struct {
      /* @sourceid, @targetentityname, @m2mrelationshipname */
      rc_span source_id, target_entity, relationship;
    } cmt_m2m;
  };
} rc_event;

typedef int (*rc_event_fn)(void *payload, const rc_event *ev);

/* Parse one document, reporting events. Which elements count depends on the
 * root: <ImportExportXml> (customizations.xml or solution.xml), <Role>,
 * <Entity>, <AppModule>, <FieldSecurityProfiles>, <powerpagecomponent> or
 * <entities> (Configuration Migration data.xml). A root other than root
 * (when not NULL) is an RC_EINPUT error. */
int rc_parse_document(rc_ctx *ctx, rc_stream *stream, const char *root,
                      rc_event_fn fn, void *payload);

#endif
