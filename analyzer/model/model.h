/* The model's private layout. Invariants: every string lives in the arena;
 * tables are unique by logical name (table_names); privileges unique by name
 * (priv_names); roles unique by normalised id (role_ids); a role's grants
 * are unique by privilege; cells[r][t] is the packed max depth per right. */
#ifndef RC_MODEL_MODEL_H
#define RC_MODEL_MODEL_H

#include "rolecheck/model.h"
#include "util/arena.h"
#include "util/intern.h"

typedef struct {
  rc_role pub;
  rc_grant *grants;
  size_t ngrants;
  size_t grants_cap;
  uint32_t *cells; /* one per table once loaded */
} rc_role_rec;

typedef struct {
  rc_app pub;
  const char **tables;
  size_t tables_cap;
  const char **roles;
  size_t roles_cap;
  int display_lang; /* languagecode of display_name, for preferring 1033 */
} rc_app_rec;

struct rc_model {
  rc_arena arena;
  const char *path;
  rc_solution solution;
  int solution_lang;

  rc_intern table_names;
  rc_table *tables;
  size_t ntables;
  size_t tables_cap;

  rc_intern priv_names;
  rc_privilege *privs;
  size_t nprivs;
  size_t privs_cap;
  /* load-time dedup: the role that last granted each privilege, + 1 */
  uint32_t *priv_last_role;
  uint32_t *priv_last_grant;
  size_t priv_marks_cap;

  rc_intern role_ids;
  rc_role_rec *roles;
  size_t nroles;
  size_t roles_cap;

  rc_intern app_names;
  rc_app_rec *apps;
  size_t napps;
  size_t apps_cap;

  rc_field_profile *profiles;
  size_t nprofiles;
  size_t profiles_cap;

  size_t stats_elements; /* RolePrivilege elements */
  uint64_t stats_hash;   /* h = (h ^ fnv1a64(name)) * FNV prime */

  rc_webrole *webroles;
  size_t nwebroles;
  size_t webroles_cap;
  rc_table_permission *permissions;
  size_t npermissions;
  size_t permissions_cap;

  /* tables that solution.xml's MissingDependencies require (component
   * type 1): lowercase logical names, each with the unique name of the
   * solution that has it ("Active" for the unmanaged layer) */
  rc_intern dep_names;
  const char **dep_solutions;
  size_t dep_solutions_cap;

  /* the files on disk read for this input (arena strings; a file read for
   * several documents in a row is listed once) */
  const char **files;
  size_t nfiles;
  size_t files_cap;
};

struct rc_record_s;
/* Add a web role (type 11) or table permission (type 18) from a portal
 * record; id and name hints come from the container (component id, <name>)
 * and win over the record's own keys. */
/* Record that path (a file on disk) was read for this input. */
int rc_model__add_file(rc_model *m, rc_ctx *ctx, const char *path);
int rc_model__portal_record(rc_model *m, rc_ctx *ctx, int type,
                            const void *record, const char *id_hint,
                            const char *name_hint, const char *file,
                            unsigned long line);

/* Record a table (schemaName span) that a MissingDependency requires from
 * another solution (its "solution" attribute, "Name (version)"). */
int rc_model__dependency(rc_model *m, rc_ctx *ctx, const char *schema,
                         size_t schema_len, const char *solution,
                         size_t solution_len);
/* Whose each table is (origin.c): catalogue facts, origin and product, the
 * own flag and the display name. */
void rc_model__describe_tables(rc_model *m);

/* Find or add a table by lowercase logical name. */
int rc_model__table(rc_model *m, const char *logical, size_t len, size_t *index,
                    int *added);
/* Resolve privileges, fill catalogue facts and build the matrix. */
int rc_model__finish(rc_model *m, rc_ctx *ctx);

#endif
