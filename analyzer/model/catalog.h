/* Built-in data: Microsoft's tables, publisher prefixes, pseudo-entities,
 * irregular privilege suffixes, misc privileges and role templates. All of it
 * is data in the .def files beside catalog.c; this is the lookup side. */
#ifndef RC_MODEL_CATALOG_H
#define RC_MODEL_CATALOG_H

#include <stddef.h>

#include "rolecheck/model.h"

typedef struct {
  const char *logical_name;
  const char *suffix; /* privilege suffix, NULL: no privileges of its own */
  rc_ownership ownership;
  int is_activity;
  const char *product;      /* "dataverse" (the platform), "sales", ... */
  const char *display_name; /* English, from the reference; "" if none */
} rc_catalog_table;

/* The catalogue entry for a lowercase logical name, or NULL. */
const rc_catalog_table *rc_catalog_table_by_name(const char *logical_name);
/* The catalogue entry that s[0..len) names as a privilege suffix, ignoring
 * ASCII case: its schema name, or an alias (Note -> annotation); or NULL. */
const rc_catalog_table *rc_catalog_table_by_suffix(const char *s, size_t len);
/* Origin and product that the publisher prefix of a lowercase logical name
 * (the part before its first underscore) says (prefixes.def): 1, or 0 when
 * the prefix is no Microsoft or accelerator prefix. */
int rc_catalog_prefix(const char *logical_name, rc_table_origin *origin,
                      const char **product);
size_t rc_catalog_table_count(void);
const rc_catalog_table *rc_catalog_table_at(size_t i);

/* Irregular suffix (exact case) -> logical name, or NULL. */
const char *rc_catalog_irregular(const char *s, size_t len);

typedef enum {
  RC_PSEUDO_METADATA = 1, /* Entity, Attribute, ...: customization metadata */
  RC_PSEUDO_MISC,         /* License, OwnCalendar, ...: misc-like */
} rc_pseudo_kind;

/* Pseudo-entity suffix (exact case) -> its kind, or 0. */
int rc_catalog_pseudo(const char *s, size_t len);

#endif
