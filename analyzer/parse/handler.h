/* The Dataverse document handler: knows what customizations.xml,
 * solution.xml, Roles/<name>.xml, Entity.xml, AppModule.xml and
 * FieldSecurityProfiles.xml look like, and reports what it sees as events.
 * It never allocates model objects; the model owns the event callback. */
#ifndef RC_PARSE_HANDLER_H
#define RC_PARSE_HANDLER_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "source/source.h"

typedef enum {
  RC_EV_MANIFEST_NAME = 1, /* a: UniqueName */
  RC_EV_MANIFEST_DISPLAY,  /* a: LocalizedName/@description, b: languagecode */
  RC_EV_MANIFEST_VERSION,  /* a */
  RC_EV_MANIFEST_MANAGED,  /* a */
  RC_EV_PUBLISHER_NAME,    /* a */
  RC_EV_PUBLISHER_PREFIX,  /* a */
  RC_EV_ROOT_COMPONENT,    /* a: type, b: schemaName, c: id */
  RC_EV_DEPENDENCY,       /* MissingDependency/Required: a: type, b: schemaName,
                             c: solution ("Name (version)") */
  RC_EV_ENTITY_BEGIN,     /* line */
  RC_EV_ENTITY_NAME,      /* a: <Name> text (SchemaName) */
  RC_EV_ENTITY_INFO,      /* a: entity/@Name, b: @unmodified */
  RC_EV_ENTITY_OWNERSHIP, /* a: OwnershipTypeMask */
  RC_EV_ENTITY_ACTIVITY,  /* a: IsActivity */
  RC_EV_ENTITY_BPF,       /* a: IsBPFEntity */
  RC_EV_ENTITY_END,
  RC_EV_ROLE_BEGIN,        /* a: @id, b: @name, c: @isinherited, line */
  RC_EV_ROLE_AUTOASSIGNED, /* a */
  RC_EV_PRIVILEGE,         /* a: @name, b: @level, line */
  RC_EV_ROLE_END,
  RC_EV_APP_BEGIN,     /* line */
  RC_EV_APP_NAME,      /* a: UniqueName */
  RC_EV_APP_DISPLAY,   /* a: description, b: languagecode */
  RC_EV_APP_COMPONENT, /* a: type, b: schemaName, c: id */
  RC_EV_APP_ROLE,      /* a: id */
  RC_EV_APP_END,
  RC_EV_PROFILE_BEGIN, /* a: fieldsecurityprofileid, b: name, line */
  RC_EV_FIELD_PERMISSION,
  RC_EV_PROFILE_END,
  RC_EV_PPC_BEGIN,   /* a: powerpagecomponentid, line */
  RC_EV_PPC_CONTENT, /* a: <content> text (JSON), line */
  RC_EV_PPC_NAME,    /* a: <name> */
  RC_EV_PPC_TYPE,    /* a: <powerpagecomponenttype> */
  RC_EV_PPC_END,
  RC_EV_CMT_ENTITY,       /* a: entity/@name (Configuration Migration) */
  RC_EV_CMT_RECORD_BEGIN, /* a: record/@id, line */
  RC_EV_CMT_FIELD,        /* a: field/@name, b: field/@value */
  RC_EV_CMT_RECORD_END,
  RC_EV_CMT_M2M,    /* a: @sourceid, b: @targetentityname,
                       c: @m2mrelationshipname */
  RC_EV_CMT_TARGET, /* a: <targetid> text */
} rc_event_kind;

/* Spans into parser buffers: valid for the call only, not NUL-terminated.
 * An absent attribute has a == NULL. */
typedef struct {
  const char *a;
  size_t alen;
  const char *b;
  size_t blen;
  const char *c;
  size_t clen;
  unsigned long line;
} rc_event;

typedef int (*rc_event_fn)(void *payload, rc_event_kind kind,
                           const rc_event *ev);

/* Parse one document, reporting events. Which elements count depends on the
 * root: <ImportExportXml> (customizations.xml or solution.xml), <Role>,
 * <Entity>, <AppModule>, <FieldSecurityProfiles>, <powerpagecomponent> or
 * <entities> (Configuration Migration data.xml). A root other than root
 * (when not NULL) is an RC_EINPUT error. */
int rc_parse_document(rc_ctx *ctx, rc_stream *stream, const char *root,
                      rc_event_fn fn, void *payload);

#endif
