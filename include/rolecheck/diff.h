/**
 * @file diff.h
 * @brief What a change does to roles and licences: the difference between
 * two analysed versions of the same solutions.
 *
 * Roles are matched by id (a rename keeps its id), privileges by name,
 * findings by rule, role id, table, privilege, app and scope. Everything
 * here is borrowed from the models and analyses given to rc_diff_new(),
 * which must outlive the diff.
 */
#ifndef RC_DIFF_H
#define RC_DIFF_H

#include "rolecheck/model.h"
#include "rolecheck/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What happened to a role between base and head. */
typedef enum {
  RC_ROLE_KEPT = 0, /**< on both sides with the same name */
  RC_ROLE_RENAMED,  /**< on both sides, the name changed */
  RC_ROLE_ADDED,    /**< only in head */
  RC_ROLE_REMOVED,  /**< only in base */
} rc_role_status;

/** @return "kept", "renamed", "added" or "removed". */
const char *rc_role_status_name(rc_role_status status);

/** A security role or web role on either side. */
typedef struct {
  rc_role_status status;
  int webrole;                            /**< 1: a Power Pages web role */
  const char *id;                         /**< normalised GUID */
  const char *base_name;                  /**< NULL when added */
  const char *head_name;                  /**< NULL when removed */
  size_t base_model, base_index;          /**< valid unless added */
  size_t head_model, head_index;          /**< valid unless removed */
  size_t added, removed, raised, lowered; /**< privilege changes */
  size_t rescoped; /**< web roles: table permissions whose scope changed */
  size_t apps_added, apps_removed; /**< app access changes */
} rc_role_delta;

/** What happened to one privilege of a role. */
typedef enum {
  RC_GRANT_ADDED = 0,
  RC_GRANT_REMOVED,
  RC_GRANT_RAISED,
  RC_GRANT_LOWERED,
  RC_GRANT_RESCOPED, /**< web roles: a table permission's scope changed */
} rc_grant_change;

/** @return "added", "removed", "raised", "lowered" or "rescoped". */
const char *rc_grant_change_name(rc_grant_change change);

/**
 * One privilege change of one role. For a web role, each right of a table
 * permission linked to it is a privilege: `privilege` is the permission's
 * name, `right` one of Create..AppendTo, and the scopes say where it
 * applies (depths stay NONE).
 */
typedef struct {
  rc_grant_change change;
  size_t role;           /**< index for rc_diff_role() */
  const char *privilege; /**< as written (head; base when removed) */
  rc_priv_kind kind;
  const char *table; /**< TABLE: lowercase logical name; else "" */
  int right;         /**< TABLE: an rc_right; else -1 */
  rc_depth from, to; /**< NONE on the side it is missing */
  /** Web roles: the permission's scope before and after ("Global", ...);
   * NULL on the side it is missing, and for security roles. */
  const char *scope_from, *scope_to;
  const char *file; /**< where it is (head; base when removed) */
  unsigned long line;
} rc_privilege_change;

/** A role that can now open an app, or no longer can: an app module's
 * AppModuleRoleMaps gained or lost the role (or the role or app is new or
 * gone). Security roles only. */
typedef struct {
  size_t role;      /**< index for rc_diff_role() */
  int added;        /**< 1: access given; 0: access taken away */
  const char *app;  /**< the app module's unique name */
  const char *file; /**< the app module (head; base when taken away) */
  unsigned long line;
} rc_app_change;

/** Whether a finding is new, resolved or on both sides. */
typedef enum {
  RC_FINDING_NEW = 0,  /**< only in head */
  RC_FINDING_RESOLVED, /**< only in base */
  RC_FINDING_UNCHANGED,
} rc_finding_change;

/** One finding of the diff. */
typedef struct {
  rc_finding_change change;
  const rc_finding *finding; /**< head's (base's when resolved) */
  size_t index;              /**< its index in that side's analysis */
} rc_finding_delta;

/** A role whose licence fit changed (or that exists on one side only). */
typedef struct {
  size_t role;             /**< index for rc_diff_role() */
  const rc_role_fit *base; /**< NULL when the role was added */
  const rc_role_fit *head; /**< NULL when the role was removed */
} rc_fit_change;

/** The difference between two versions. */
typedef struct rc_diff rc_diff;

/**
 * Compare head with base. Both analyses must come from the same rule pack
 * and assignments.
 * @param[out] out free with rc_diff_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_diff_new(rc_diff **out, rc_ctx *ctx, const rc_rulepack *pack,
                rc_model *const *base, size_t base_count,
                const rc_analysis *base_analysis, rc_model *const *head,
                size_t head_count, const rc_analysis *head_analysis);
/** Free a diff. NULL-safe. */
void rc_diff_free(rc_diff *diff);

/** @return the number of roles with a change (renamed, added, removed, a
 * privilege or app access changed), sorted by name, then id. */
size_t rc_diff_role_count(const rc_diff *diff);
/** @return role @p i. Borrowed. */
const rc_role_delta *rc_diff_role(const rc_diff *diff, size_t i);
/** @return the number of privilege changes, by role, then table, right and
 * privilege name. */
size_t rc_diff_change_count(const rc_diff *diff);
/** @return change @p i. Borrowed. */
const rc_privilege_change *rc_diff_change(const rc_diff *diff, size_t i);
/** @return the number of app access changes, by role, then app name. */
size_t rc_diff_app_change_count(const rc_diff *diff);
/** @return app access change @p i. Borrowed. */
const rc_app_change *rc_diff_app_change(const rc_diff *diff, size_t i);
/** @return the number of findings (new, then resolved, then unchanged; each
 * in analysis order). */
size_t rc_diff_finding_count(const rc_diff *diff);
/** @return finding @p i. Borrowed. */
const rc_finding_delta *rc_diff_finding(const rc_diff *diff, size_t i);
/** @return the number of licence-fit changes, in role order. */
size_t rc_diff_fit_count(const rc_diff *diff);
/** @return fit change @p i. Borrowed. */
const rc_fit_change *rc_diff_fit(const rc_diff *diff, size_t i);

#ifdef __cplusplus
}
#endif
#endif
