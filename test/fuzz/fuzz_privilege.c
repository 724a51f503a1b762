/* Fuzz target: the bytes are a privilege name (prvCreatecontoso_Site,
 * prvAppendtoCategory, prvExportToExcel, ...) resolved by the grammar in
 * model/privilege.c, with and without tables of the input's own; and a
 * depth, a role-template id and a GUID read from the same bytes. */
#include <string.h>

#include "fuzz_common.h"
#include "util/ascii.h"

/* Tables an input could define: its own prefixed tables, and one that
 * shadows a catalogue name. */
static int known_table(const char *logical, void *payload)
{
  (void)payload;
  return !strncmp(logical, "contoso_", 8) || !strcmp(logical, "incident") ||
         !strcmp(logical, "category");
}

static void check_info(const rc_privilege_info *info, const char *name)
{
  size_t len = strnlen(info->table, sizeof(info->table));
  const char *p;
  FUZZ_CHECK(len < sizeof(info->table));
  FUZZ_CHECK(info->kind <= RC_PRIV_UNRESOLVED);
  FUZZ_CHECK(info->right < RC_RIGHT_COUNT);
  FUZZ_CHECK(strcmp(rc_right_name(info->right), "?") != 0);
  FUZZ_CHECK(strcmp(rc_priv_kind_name(info->kind), "") != 0);
  if (info->kind == RC_PRIV_TABLE || info->kind == RC_PRIV_METADATA) {
    /* a lowercase logical name, from a name that has the prv prefix */
    FUZZ_CHECK(len > 0 && !strncmp(name, "prv", 3));
    for (p = info->table; *p; p++)
      FUZZ_CHECK(!rc_ascii_isupper((unsigned char)*p));
  }
  if (info->kind == RC_PRIV_TABLE)
    FUZZ_CHECK(info->defined_in <= RC_DEFINED_NOWHERE);
  if (rc_misc_privilege_known(name))
    FUZZ_CHECK(info->kind == RC_PRIV_MISC);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char name[512], guid[37];
  size_t n = size < sizeof(name) ? size : sizeof(name) - 1;
  rc_privilege_info info;
  rc_depth depth;

  memcpy(name, data, n);
  name[n] = '\0';
  rc_privilege_resolve(&info, name, NULL, NULL);
  check_info(&info, name);
  rc_privilege_resolve(&info, name, known_table, NULL);
  check_info(&info, name);

  /* the same bytes as a level attribute: only the four names parse */
  if (rc_depth_parse((const char *)data, size, &depth) == 0) {
    FUZZ_CHECK(depth >= RC_DEPTH_BASIC && depth <= RC_DEPTH_GLOBAL);
    FUZZ_CHECK(strlen(rc_depth_name(depth)) == size &&
               !memcmp(rc_depth_name(depth), data, size));
  } else {
    FUZZ_CHECK(depth == RC_DEPTH_NONE);
  }

  /* ... and as a role id */
  if (rc_guid_normalize(guid, (const char *)data, size) == 0) {
    size_t i;
    FUZZ_CHECK(strlen(guid) == 36);
    for (i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        FUZZ_CHECK(guid[i] == '-');
      else
        FUZZ_CHECK(rc_ascii_isxdigit(guid[i]) && !rc_ascii_isupper(guid[i]));
    }
  }
  fuzz_touch(rc_role_template_name(name));
  return 0;
}
