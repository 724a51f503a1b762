/* Lookups over the built-in data files: catalog_tables.def, suffixes.def,
 * misc_privileges.def and role_templates.def. */
#include "model/catalog.h"

#include <string.h>

#include "util/ascii.h"

#define USER     RC_OWNERSHIP_USER
#define ORG      RC_OWNERSHIP_ORG
#define BUSINESS RC_OWNERSHIP_BUSINESS
#define NONE     RC_OWNERSHIP_NONE
#define UNKNOWN  RC_OWNERSHIP_UNKNOWN

static const rc_catalog_table tables[] = {
#define RC_TABLE(logical, suffix, own, activity)                               \
  {logical, suffix, own, activity},
#include "model/catalog_tables.def"
#undef RC_TABLE
};

#undef USER
#undef ORG
#undef BUSINESS
#undef NONE
#undef UNKNOWN

static const struct {
  const char *suffix;
  const char *logical;
} irregular[] = {
#define RC_IRREGULAR(suffix, logical) {suffix, logical},
#define RC_PSEUDO(suffix, kind)
#include "model/suffixes.def"
#undef RC_IRREGULAR
#undef RC_PSEUDO
};

static const struct {
  const char *suffix;
  int kind;
} pseudo[] = {
#define RC_IRREGULAR(suffix, logical)
#define RC_PSEUDO(suffix, kind) {suffix, RC_PSEUDO_##kind},
#include "model/suffixes.def"
#undef RC_IRREGULAR
#undef RC_PSEUDO
};

static const char *const misc[] = {
#define RC_MISC(name) name,
#include "model/misc_privileges.def"
#undef RC_MISC
};

static const struct {
  const char *guid;
  const char *name;
} templates[] = {
#define RC_TEMPLATE(guid, name) {guid, name},
#include "model/role_templates.def"
#undef RC_TEMPLATE
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

size_t rc_catalog_table_count(void)
{
  return COUNT(tables);
}

const rc_catalog_table *rc_catalog_table_at(size_t i)
{
  return i < COUNT(tables) ? &tables[i] : NULL;
}

const rc_catalog_table *rc_catalog_table_by_name(const char *logical_name)
{
  size_t lo = 0, hi = COUNT(tables);
  /* the .def file is sorted by logical name */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(tables[mid].logical_name, logical_name);
    if (!c)
      return &tables[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

static int span_caseeq(const char *a, const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; i++) {
    if (!a[i] || rc_ascii_tolower((unsigned char)a[i]) !=
                     rc_ascii_tolower((unsigned char)s[i]))
      return 0;
  }
  return a[len] == '\0';
}

static int span_eq(const char *a, const char *s, size_t len)
{
  return !strncmp(a, s, len) && a[len] == '\0';
}

const rc_catalog_table *rc_catalog_table_by_suffix(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < COUNT(tables); i++) {
    if (tables[i].suffix && span_caseeq(tables[i].suffix, s, len))
      return &tables[i];
  }
  return NULL;
}

const char *rc_catalog_irregular(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < COUNT(irregular); i++) {
    if (span_eq(irregular[i].suffix, s, len))
      return irregular[i].logical;
  }
  return NULL;
}

int rc_catalog_pseudo(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < COUNT(pseudo); i++) {
    if (span_eq(pseudo[i].suffix, s, len))
      return pseudo[i].kind;
  }
  return 0;
}

int rc_misc_privilege_known(const char *name)
{
  size_t i;
  for (i = 0; i < COUNT(misc); i++) {
    if (!strcmp(misc[i], name))
      return 1;
  }
  return 0;
}

const char *rc_role_template_name(const char *guid)
{
  char norm[37];
  size_t i;
  if (!guid || rc_guid_normalize(norm, guid, strlen(guid)) < 0)
    return NULL;
  for (i = 0; i < COUNT(templates); i++) {
    if (!strcmp(templates[i].guid, norm))
      return templates[i].name;
  }
  return NULL;
}
