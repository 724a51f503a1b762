/**
 * @file fix.h
 * @brief `rolecheck fix`: the corrected roles a licence profile asks for
 * (the plan, rules layer), and the files that carry them (the writers,
 * report layer): an unmanaged solution zip or unpacked folder holding only
 * the corrected roles, and corrected Power Pages table permissions.
 *
 * Ownership: a plan is freed with rc_fix_free(); everything its getters
 * return is borrowed from it. The writers read caller-owned descriptions
 * and never write over an input.
 */
#ifndef RC_FIX_H
#define RC_FIX_H

#include "rolecheck/model.h"
#include "rolecheck/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- what the writers write ---- */

/** One RolePrivilege of a written role. */
typedef struct {
  const char *name; /**< privilege name, as the input wrote it */
  rc_depth depth;   /**< Basic to Global */
} rc_fix_privilege;

/** A security role to write. */
typedef struct {
  const char *id;       /**< normalised GUID (lowercase, no braces) */
  const char *name;     /**< the role's name */
  int is_inherited;     /**< the isinherited attribute: 1, 0, or -1 to omit */
  int is_auto_assigned; /**< <IsAutoAssigned>: 1, 0, or -1 to omit */
  /** the file name of Roles/<file>.xml in the unpacked layout, without
   * ".xml" (the role name with characters a file name cannot hold
   * replaced); NULL: made from the name */
  const char *file_name;
  size_t privilege_count;
  const rc_fix_privilege *privileges; /**< in the order to write */
} rc_fix_role_out;

/** An unmanaged solution holding only roles. */
typedef struct {
  const char *unique_name;  /**< [A-Za-z_][A-Za-z0-9_]* */
  const char *display_name; /**< LocalizedName, language 1033 */
  const char *version;      /**< "1.0.0.0" */
  const char *publisher;    /**< publisher unique name */
  const char *publisher_display;
  const char *prefix;          /**< CustomizationPrefix */
  unsigned long option_prefix; /**< CustomizationOptionValuePrefix */
  size_t role_count;
  const rc_fix_role_out *roles; /**< written in this order */
} rc_fix_solution_out;

/**
 * Write @p solution as an exported solution zip: `customizations.xml`
 * (Roles, and the empty sections of a real export), `solution.xml` (the
 * manifest with one type-20 root component per role), `[Content_Types].xml`,
 * in that entry order, with the elements, attributes and order of a real
 * Dataverse export. Written to a temporary file beside @p path and renamed
 * over it when complete; the same description gives the same bytes.
 * @return RC_OK, RC_EINPUT (cannot write; the message names the path) or
 * RC_ENOMEM.
 */
int rc_fix_write_zip(rc_ctx *ctx, const char *path,
                     const rc_fix_solution_out *solution);

/**
 * Write @p solution in the SolutionPackager / `pac solution unpack` layout
 * under @p dir (created when missing): `Other/Solution.xml`,
 * `Other/Customizations.xml` (with an empty Roles element) and one
 * `Roles/<file name>.xml` per role, each file written atomically. Files of
 * @p dir the solution does not name are left alone.
 * @return RC_OK, RC_EINPUT or RC_ENOMEM.
 */
int rc_fix_write_unpacked(rc_ctx *ctx, const char *dir,
                          const rc_fix_solution_out *solution);

/** A correction of one Power Pages table permission of a `pac pages
 * download` site (YAML, current or adx_ keys). */
typedef struct {
  const char *file; /**< the permission's .tablepermission.yml on disk */
  /** the same file's path relative to the site folder, where it is
   * written under the output folder */
  const char *relative;
  unsigned clear_rights; /**< RC_PERM_* bits to set to false */
  size_t detach_count;
  const char *const *detach; /**< web-role ids to unlink from it */
} rc_fix_permission_edit;

/**
 * Write a corrected copy of each edited table permission under @p dir, at
 * its relative path: the source file with the cleared rights set to false
 * and the detached web roles removed from its web-role list, every other
 * line as written. Atomic per file.
 * @return RC_OK, RC_EUSAGE (an output that is a source, or a relative path
 * leaving @p dir), RC_EINPUT (cannot read a source or write a file, or a
 * source whose keys are not those of a table permission) or RC_ENOMEM.
 */
int rc_fix_write_site(rc_ctx *ctx, const char *dir,
                      const rc_fix_permission_edit *edits, size_t count);

/* ---- the plan ---- */

/** What a change does to one privilege. */
typedef enum {
  RC_FIX_REMOVE = 0, /**< removed from the role */
  RC_FIX_LOWER,      /**< kept at a lower depth */
  RC_FIX_MOVE,       /**< moved to the role's admin part (--split-admin) */
  RC_FIX_DETACH,     /**< web roles: unlinked from a table permission */
} rc_fix_action;

/** @return "remove", "lower", "move" or "detach". */
const char *rc_fix_action_name(rc_fix_action action);

/** One privilege removed, lowered or moved; for a web role, one table
 * permission whose rights are removed or that the web role is unlinked
 * from. */
typedef struct {
  const char *privilege; /**< as written; web roles: the permission's name */
  const char *table;     /**< lowercase logical name, or "" (misc) */
  int right;             /**< an rc_right, or -1 for a misc privilege */
  rc_depth before;
  rc_depth after; /**< RC_DEPTH_NONE when removed or moved */
  rc_fix_action action;
  const char
      *rules; /**< the rules that asked for it: "TM004" or "TM001 TM008" */
  const char *file; /**< where the input grants it */
  unsigned long line;
  /** web roles (RC_FIX_REMOVE): the RC_PERM_* rights removed */
  unsigned perm_rights;
  /** web roles: the other web roles the permission also serves, which
   * the change reaches too (RC_FIX_REMOVE); "" when none */
  const char *shared_with;
} rc_fix_change;

/** Something editing the role cannot fix, or a finding fix leaves alone. */
typedef struct {
  const char *rule;   /**< rule id */
  const char *kind;   /**< "tables" (TM008 without --keep-tables, or still
                           over the limit), "app" (an app change), "review"
                           (the rule asks for a decision the matrix cannot
                           show), "suppressed" (an accepted finding) */
  const char *table;  /**< or "" */
  const char *detail; /**< one sentence: what stays and what to do */
} rc_fix_open;

/** The plan for one role (or web role). */
typedef struct {
  size_t model;
  size_t role; /**< role (or web-role) index in that model */
  int webrole;
  const char *profile; /**< the profile it was fixed for */
  const char *source_id, *source_name;
  /** the role written: the same id and name with in-place, else a new
   * GUID and "<Name> (<licence>)"; NULL when nothing changes */
  const char *id, *name;
  size_t change_count;
  const rc_fix_change *changes; /**< by table, right, privilege */
  size_t open_count;
  const rc_fix_open *open;
  /** the corrected role's privileges, in the input's order */
  size_t privilege_count;
  const rc_fix_privilege *privileges;
  /** --split-admin: the admin part ("<Name> (admin part)"), or NULL */
  const char *admin_id, *admin_name;
  size_t admin_count;
  const rc_fix_privilege *admin_privileges;
  /** web roles: the table permissions to correct */
  size_t edit_count;
  const rc_fix_permission_edit *edits;
} rc_fix_role;

/** How to fix. */
typedef struct {
  int in_place;    /**< keep role ids and names (default: copies) */
  int split_admin; /**< move admin privileges to "<Name> (admin part)" */
  /** TM008: the tables that keep write access; the others lose
   * Create/Write/Delete. NULL: the tables are listed and left. */
  const rc_pattern *keep_tables;
  const rc_pattern *role; /**< only roles whose name matches; NULL: all */
} rc_fix_options;

#define RC_FIX_OPTIONS_INIT                                                    \
  {                                                                            \
    0, 0, NULL, NULL                                                           \
  }

typedef struct rc_fix rc_fix;

/**
 * Plan the corrections of every role of @p models that @p analysis
 * evaluated under a profile: each privilege a reported, unsuppressed
 * finding of a rule of that profile flags is removed, lowered or moved as
 * the rule's clause says (rule pack attribute `repair`); every other
 * privilege stays as written. What a role edit cannot fix is listed.
 * @param[out] out free with rc_fix_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_fix_plan(rc_fix **out, rc_ctx *ctx, const rc_rulepack *pack,
                const rc_analysis *analysis, rc_model *const *models,
                size_t count, const rc_fix_options *opts);
/** Free. NULL-safe. */
void rc_fix_free(rc_fix *fix);
/** @return the number of roles and web roles planned (every role with a
 * profile, changed or not), by input, then role, then web role. */
size_t rc_fix_role_count(const rc_fix *fix);
/** @return role plan @p i. Borrowed. */
const rc_fix_role *rc_fix_role_at(const rc_fix *fix, size_t i);
/** @return the plan of role @p role of model @p model, or NULL when it has
 * none (no profile). Borrowed. */
const rc_fix_role *rc_fix_find(const rc_fix *fix, size_t model, size_t role);
/**
 * The solution holding the changed roles (and admin parts), in plan
 * order, a role id written once, with the publisher of the first input
 * that has one. @p unique_name, @p version: NULL for the defaults
 * ("<Input>_<Licence>", "1.0.0.0").
 * @param[out] out borrowed from the plan; valid until rc_fix_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_fix_solution(const rc_fix *fix, rc_ctx *ctx, const char *unique_name,
                    const char *version, const rc_fix_solution_out **out);
/**
 * The table-permission corrections of every web role of the plan, one per
 * permission file (several web roles' edits of one file merged), for
 * rc_fix_write_site(); only permissions read from a pac pages download
 * site's .tablepermission.yml files.
 * @param[out] count how many.
 * @return borrowed from the plan, or NULL when none.
 */
const rc_fix_permission_edit *rc_fix_site_edits(const rc_fix *fix,
                                                size_t *count);

#ifdef __cplusplus
}
#endif
#endif
