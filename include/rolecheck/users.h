/**
 * @file users.h
 * @brief Which people are out of licence: the users of a tenant's role
 * exports (rc_principals), the licences they hold (rc_licences) and the
 * roles of the solutions, judged together.
 *
 * Each user's roles, direct and through each team, join the solutions'
 * roles by root role id, then by role id, then by name (with a warning).
 * The roles a user holds are judged as one role (rc_model_union()), by the
 * same rules and licence fit as `check`: a licence must cover all of a
 * user's roles together, and TM008 counts over their union. That union's
 * fit, against the licences the user holds, gives the verdict.
 *
 * Ownership: everything returned by a getter is borrowed from the
 * rc_users and valid until rc_users_free(); it also borrows from the
 * models, the analysis, the principals and the licences it was made from,
 * which must outlive it.
 */
#ifndef RC_USERS_H
#define RC_USERS_H

#include "rolecheck/rules.h"
#include "rolecheck/tenant.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A user's verdict, in the order reports sort and count them. */
typedef enum {
  RC_VERDICT_OUT = 0,      /**< out-of-licence: the licences held fall short */
  RC_VERDICT_UNLICENSED,   /**< holds roles and none of the licences judged */
  RC_VERDICT_REVIEW,       /**< held licences cover it only with a review */
  RC_VERDICT_UNKNOWN_ROLE, /**< an assigned role is in no input */
  RC_VERDICT_OVER,         /**< over-licensed: a cost hint, never an error */
  RC_VERDICT_OK,
  RC_VERDICT_NOT_EVALUATED, /**< see rc_user_verdict.not_evaluated */
} rc_verdict;

/** Number of verdicts. */
#define RC_VERDICT_COUNT 7

/** "out-of-licence", "unlicensed", "review", "unknown-role",
 * "over-licensed", "ok", "not-evaluated". */
const char *rc_verdict_name(rc_verdict verdict);

/** Why a user is not evaluated, in the order reports list them. */
typedef enum {
  RC_SKIP_NONE = 0,
  RC_SKIP_APPLICATION,     /**< an application user (applicationid) */
  RC_SKIP_NON_INTERACTIVE, /**< accessmode 4 */
  RC_SKIP_SUPPORT,         /**< accessmode 3 */
  RC_SKIP_DELEGATED_ADMIN, /**< accessmode 5 */
  RC_SKIP_DISABLED, /**< disabled in Dataverse, or sign-in blocked in Entra */
  RC_SKIP_NO_ROLES, /**< holds no role in the exports read */
} rc_skip_reason;

#define RC_SKIP_COUNT 7

/** "", "application", "non-interactive", "support", "delegated-admin",
 * "disabled", "no-roles". */
const char *rc_skip_name(rc_skip_reason reason);

/** How an assigned role was found in the solutions. */
typedef enum {
  RC_JOIN_ROOT = 0, /**< by its root role id (_parentrootroleid_value) */
  RC_JOIN_ID,       /**< by its own role id */
  RC_JOIN_NAME,     /**< by name only: a warning says so */
  RC_JOIN_NONE,     /**< in no input solution */
} rc_role_join;

/** "root-id", "id", "name", "none". */
const char *rc_role_join_name(rc_role_join join);

/** One role a user holds, joined to a solution role. */
typedef struct {
  const rc_role_grant *grant; /**< as assigned (team_id "" when direct) */
  /** the team's name when held through a team ("" when direct or when the
   * team export does not name it: then its id) */
  const char *team;
  rc_role_join join;
  size_t model; /**< the solution role: input index ... */
  size_t role;  /**< ... and role index (unset when join is RC_JOIN_NONE) */
  int causes;   /**< 1: one of the roles that put the user out of licence */
} rc_user_role;

/** One user's answer. */
typedef struct {
  const rc_principal_user *user;
  /** the licence export's record, or NULL when the user is in none */
  const rc_licence_holder *licence;
  const char *matched_by; /**< "object id", "upn", or "" when not found */
  rc_verdict verdict;
  rc_skip_reason not_evaluated; /**< RC_SKIP_NONE unless not evaluated */
  /** rc_licence_class bits judged: an attach licence counts only with a
   * full Dynamics 365 base licence */
  unsigned classes;
  /** attach classes held without a base licence, not judged */
  unsigned attach_without_base;
  /** the same as licences of the rule pack (rc_rulepack_licence() bits) */
  uint32_t licences;
  const rc_user_role *roles; /**< direct, then through teams; each once */
  size_t role_count;
  size_t unknown_roles; /**< roles with RC_JOIN_NONE */
  /** the union of the known roles: its fit (NULL when not judged) */
  const rc_role_fit *fit;
  /** rules that put the user out of licence (or make it a review), sorted:
   * of the profile of the highest licence held (Team Members, Power Apps;
   * the Power Apps rules' restricted tables for Dynamics 365) */
  const char *const *rules;
  size_t rule_count;
  /** what falls short, one line ("Team Members no: TM004 (account)") */
  const char *reason;
  /** the same for a terminal: lists of more than six cut to five and a
   * count, as rc_role_fit.briefs */
  const char *brief;
  /** the held licence whose rules were used: "TM", "PA", "SE+CSE", ... */
  const char *judged_as;
  /** 1: no role alone puts the user out of licence; together they do */
  int combination;
  /** over-licensed: the held licences that could go ("SE"), else "" */
  const char *could_drop;
} rc_user_verdict;

/** One solution role and the people who hold it. */
typedef struct {
  size_t model, role;
  size_t users; /**< evaluated users holding it, directly or through a team */
  /** of them: out-of-licence users it causes (rc_user_role.causes) */
  size_t out_of_licence;
  size_t through_teams; /**< users holding it only through a team */
  /** users per licence held: "TM=12, PA=3, none=1" (classes joined by +) */
  const char *by_licence;
} rc_role_usage;

/** Options of rc_users_judge(). */
typedef struct {
  /** the rule set-up of the analysis (rule pack, assignments for the
   * designated Team Members apps of rolecheck.xml) */
  const rc_setup *setup;
  rc_model *const *models;
  size_t model_count;
  /** rc_analyze() of those models with setup: each role's own fit */
  const rc_analysis *analysis;
  const rc_principals *principals;
  const rc_licences *licences; /**< may be NULL: every user is unlicensed */
  /** the Power Platform admin center's non-conformant usage rows, joined
   * to the users and their roles; may be NULL */
  const rc_usage *usage;
  /** threads that judge the distinct sets of roles (0: one per CPU); the
   * answer does not depend on it */
  unsigned jobs;
} rc_users_input;

/** A row of the non-conformant usage report, joined: whose it is and which
 * of their roles grants what it says they did. */
typedef struct {
  const rc_usage_row *row;
  /** the user (an index of rc_users_at()), or -1 when the row names nobody
   * in the role exports */
  long user;
  /** the user's roles that grant the operation on the table, "; "-joined
   * ("Sales Rep (team Sales EMEA)"); "" when none does */
  const char *granted_by;
} rc_usage_join;

typedef struct rc_users rc_users;

/**
 * Judge every user of @p in->principals. Warnings through @p ctx: a role
 * found only by name, a role in no input (once per role).
 * @param[out] out free with rc_users_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_users_judge(rc_users **out, rc_ctx *ctx, const rc_users_input *in);

/** Free. NULL-safe. */
void rc_users_free(rc_users *users);

/** How many users; sorted by verdict, then UPN. */
size_t rc_users_count(const rc_users *users);
/** User @p i. Borrowed. */
const rc_user_verdict *rc_users_at(const rc_users *users, size_t i);
/** How many users have @p verdict. */
size_t rc_users_verdict_count(const rc_users *users, rc_verdict verdict);
/** How many users are not evaluated for @p reason. */
size_t rc_users_skip_count(const rc_users *users, rc_skip_reason reason);
/** How many licence holders are not among the users (people of the tenant
 * who do not use the environments exported), and how many of them hold a
 * licence judged here (a cost hint). */
size_t rc_users_outside_count(const rc_users *users, size_t *licensed);
/** How many distinct sets of roles were judged. */
size_t rc_users_union_count(const rc_users *users);

/** How many rows of non-conformant usage were read; in file order. */
size_t rc_users_usage_count(const rc_users *users);
/** Usage row @p i, joined. Borrowed. */
const rc_usage_join *rc_users_usage_at(const rc_users *users, size_t i);

/** How many solution roles at least one user holds; sorted by
 * out-of-licence users (most first), then users, then name. */
size_t rc_users_role_count(const rc_users *users);
/** Role @p i. Borrowed. */
const rc_role_usage *rc_users_role(const rc_users *users, size_t i);

/** The severity a verdict counts at for --fail-on and SARIF: error for
 * out-of-licence and unlicensed, warning for review and unknown-role, note
 * for over-licensed, 0 for ok and not-evaluated. */
int rc_verdict_severity(rc_verdict verdict);

/** A stable pseudonym for a name, UPN or id in a redacted report:
 * "user-" and 12 hex digits of the FNV-1a-64 of its lower-case form, the
 * same for the same text in every run (a pseudonym, not an anonymisation:
 * whoever holds the list of names can recompute it). Written to @p buf
 * (at least 18 bytes); returns buf. */
const char *rc_users_pseudonym(char *buf, size_t cap, const char *text);

/* ---- the ways out (users --fix-plan) ---- */

/** One way out of an out-of-licence group by changing a role: the
 * privileges rolecheck fix would change on it for the group's licence. */
typedef struct {
  /** the role that causes it ("Stock Clerk + Bin Clerk" when only the
   * roles together do: then model and role are those of the first) */
  const char *name;
  int together; /**< 1: the roles together, changed as one */
  size_t model, role;
  size_t change_count;        /**< privileges removed, lowered or moved */
  const char *const *changes; /**< "prvWriteAccount Local -> none (TM004)" */
  size_t open_count;          /**< what a role edit cannot settle */
  const char *const *open;    /**< "TM008: 22 tables; choose those to keep" */
} rc_plan_role;

/** Users who hold the same roles and the same licences and are out of
 * licence: the two ways out. */
typedef struct {
  size_t users;
  const char *held;  /**< the licences held, "TM" */
  const char *roles; /**< their roles, "Case Worker + Service Reader" */
  size_t role_count; /**< the roles to change (the ones that cause it) */
  const rc_plan_role *change_roles;
  /** or change the licence: the smallest that covers the roles as they
   * are (the union's minimum), "CSE" */
  const char *licence;
} rc_plan_group;

/** The ways out of every out-of-licence group. */
typedef struct rc_users_plan rc_users_plan;

/**
 * Plan the ways out for the out-of-licence users of @p users: group them
 * by roles and licences held; for each group, the changes rolecheck fix
 * would make to each role that causes it, under the group's licence (Team
 * Members, Power Apps; for a Dynamics 365 licence, the Power Apps changes
 * on the tables it does not cover), and the licence that would cover the
 * roles unchanged. Groups are sorted by users, most first.
 * @param[out] out free with rc_users_plan_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_users_plan_new(rc_users_plan **out, rc_ctx *ctx, const rc_users *users,
                      const rc_users_input *in);
/** Free. NULL-safe. */
void rc_users_plan_free(rc_users_plan *plan);
/** How many groups. */
size_t rc_users_plan_count(const rc_users_plan *plan);
/** Group @p i. Borrowed. */
const rc_plan_group *rc_users_plan_at(const rc_users_plan *plan, size_t i);

/** "TM+PA-PREMIUM" for classes (rc_licence_class_name() joined by "+"),
 * "none" for 0. Written to @p buf (at least 96 bytes); returns buf. */
const char *rc_licence_classes_text(char *buf, size_t cap, unsigned classes);

#ifdef __cplusplus
}
#endif

#endif
