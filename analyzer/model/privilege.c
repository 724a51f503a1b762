/* The privilege-name grammar: prv + verb + suffix, or a misc name. */
#include <string.h>

#include "model/catalog.h"
#include "rolecheck/model.h"
#include "util/ascii.h"

static const struct {
  const char *verb;
  size_t len;
  rc_right right;
} verbs[] = {
    /* AppendTo must be tried before Append */
    {"AppendTo", 8, RC_RIGHT_APPENDTO}, {"Append", 6, RC_RIGHT_APPEND},
    {"Create", 6, RC_RIGHT_CREATE},     {"Read", 4, RC_RIGHT_READ},
    {"Write", 5, RC_RIGHT_WRITE},       {"Delete", 6, RC_RIGHT_DELETE},
    {"Assign", 6, RC_RIGHT_ASSIGN},     {"Share", 5, RC_RIGHT_SHARE},
};

static int lower_into(rc_privilege_info *out, const char *s, size_t len)
{
  return rc_ascii_lower(out->table, sizeof(out->table), s, len);
}

/* A table's name as privileges spell it: an ASCII letter, then letters,
 * digits and underscores (publisher prefixes and schema names are). */
static int is_name(const char *s, size_t len)
{
  size_t i;
  if (!rc_ascii_isalpha((unsigned char)s[0]))
    return 0;
  for (i = 1; i < len; i++) {
    if (!rc_ascii_isalnum((unsigned char)s[i]) && s[i] != '_')
      return 0;
  }
  return 1;
}

/* Resolve a suffix into out (kind, table, defined_in). */
static void resolve_suffix(rc_privilege_info *out, const char *s, size_t len,
                           rc_table_known_fn known, void *payload)
{
  const char *logical;
  const rc_catalog_table *entry;
  int pseudo;

  out->kind = RC_PRIV_UNRESOLVED;
  out->table[0] = '\0';
  if (!len)
    return;
  logical = rc_catalog_irregular(s, len);
  if (logical) {
    out->kind = RC_PRIV_TABLE;
    out->defined_in = RC_DEFINED_CATALOG;
    strcpy(out->table, logical);
    return;
  }
  pseudo = rc_catalog_pseudo(s, len);
  if (pseudo) {
    out->kind = pseudo == RC_PSEUDO_METADATA ? RC_PRIV_METADATA : RC_PRIV_MISC;
    if (lower_into(out, s, len) < 0)
      out->kind = RC_PRIV_UNRESOLVED;
    return;
  }
  if (!is_name(s, len) || lower_into(out, s, len) < 0) {
    out->table[0] = '\0';
    return;
  }
  out->kind = RC_PRIV_TABLE;
  if (known && known(out->table, payload)) {
    out->defined_in = RC_DEFINED_INPUT;
    return;
  }
  entry = rc_catalog_table_by_suffix(s, len);
  if (entry) {
    out->defined_in = RC_DEFINED_CATALOG;
    strcpy(out->table, entry->logical_name);
    return;
  }
  /* named exactly by its SchemaName: a prefixed table the input does not
   * define, or (no prefix) a Microsoft table the catalogue lacks */
  out->defined_in = RC_DEFINED_NOWHERE;
}

static int is_known_table(const rc_privilege_info *info)
{
  return info->kind == RC_PRIV_TABLE && info->defined_in != RC_DEFINED_NOWHERE;
}

void rc_privilege_resolve(rc_privilege_info *out, const char *name,
                          rc_table_known_fn known, void *payload)
{
  const char *rest;
  size_t i, len;

  memset(out, 0, sizeof(*out));
  out->kind = RC_PRIV_UNRESOLVED;
  if (rc_misc_privilege_known(name)) {
    out->kind = RC_PRIV_MISC;
    return;
  }
  if (strncmp(name, "prv", 3))
    return;
  rest = name + 3;
  len = strlen(rest);
  for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
    if (len <= verbs[i].len || strncmp(rest, verbs[i].verb, verbs[i].len))
      continue;
    resolve_suffix(out, rest + verbs[i].len, len - verbs[i].len, known,
                   payload);
    out->right = verbs[i].right;
    /* prvAppendtoCategory: a lowercase "to" still means AppendTo when what
     * follows is a known table and "to..." itself is not */
    if (verbs[i].right == RC_RIGHT_APPEND && !is_known_table(out) && len > 8 &&
        rest[6] == 't' && rest[7] == 'o') {
      rc_privilege_info alt;
      memset(&alt, 0, sizeof(alt));
      resolve_suffix(&alt, rest + 8, len - 8, known, payload);
      if (is_known_table(&alt)) {
        *out = alt;
        out->right = RC_RIGHT_APPENDTO;
      }
    }
    if (out->kind == RC_PRIV_UNRESOLVED)
      out->right = RC_RIGHT_CREATE;
    return;
  }
}

const char *rc_right_name(rc_right right)
{
  static const char *const names[] = {"Create", "Read",     "Write",  "Delete",
                                      "Append", "AppendTo", "Assign", "Share"};
  return (unsigned)right < RC_RIGHT_COUNT ? names[right] : "?";
}

const char *rc_depth_name(rc_depth depth)
{
  static const char *const names[] = {"None", "Basic", "Local", "Deep",
                                      "Global"};
  return (unsigned)depth <= RC_DEPTH_GLOBAL ? names[depth] : "?";
}

int rc_depth_parse(const char *s, size_t len, rc_depth *out)
{
  int d;
  for (d = RC_DEPTH_BASIC; d <= RC_DEPTH_GLOBAL; d++) {
    const char *name = rc_depth_name((rc_depth)d);
    if (strlen(name) == len && !strncmp(name, s, len)) {
      *out = (rc_depth)d;
      return 0;
    }
  }
  *out = RC_DEPTH_NONE;
  return -1;
}

const char *rc_ownership_name(rc_ownership ownership)
{
  switch (ownership) {
  case RC_OWNERSHIP_NONE:
    return "None";
  case RC_OWNERSHIP_USER:
    return "UserOwned";
  case RC_OWNERSHIP_ORG:
    return "OrgOwned";
  case RC_OWNERSHIP_BUSINESS:
    return "BusinessOwned";
  case RC_OWNERSHIP_UNKNOWN:
    break;
  }
  return "Unknown";
}

const char *rc_priv_kind_name(rc_priv_kind kind)
{
  switch (kind) {
  case RC_PRIV_TABLE:
    return "table";
  case RC_PRIV_METADATA:
    return "metadata";
  case RC_PRIV_MISC:
    return "misc";
  case RC_PRIV_UNRESOLVED:
    break;
  }
  return "unresolved";
}
