/* The analysis's private layout: findings (those reported, and those only
 * used for licence fit), fits, and the assignment list. */
#ifndef RC_RULES_ANALYSIS_H
#define RC_RULES_ANALYSIS_H

#include "rolecheck/rules.h"
#include "rules/pack.h"
#include "util/arena.h"

typedef struct {
  rc_pattern *name; /* NULL when matching by id */
  char guid[37];
  const char *profile;
  const char *origin;
} rc_assignment;

/* One line of a Team Members app the tenant uses (rolecheck.xml's
 * <team-members-app>): a role it maps (by name or id), a table it lists,
 * or neither (the app alone). */
typedef struct {
  const char *app;   /* unique name as written */
  rc_pattern *name;  /* a role by name, or NULL */
  char guid[37];     /* a role by id, or "" */
  const char *table; /* a lowercase logical name, or NULL */
  const char *origin;
} rc_app_map;

struct rc_assignments {
  rc_arena arena;
  rc_assignment *items;
  size_t count, cap;
  rc_app_map *apps;
  size_t napps, apps_cap;
  const char *assume;
  const char *assume_origin;
};

/* What a reported finding flags (rc_flag, below the finding key). */
typedef struct rc_flag rc_flag;

struct rc_analysis {
  rc_arena arena;
  const rc_rulepack *pack;
  rc_finding *findings; /* reported */
  size_t nfindings, findings_cap;
  rc_role_fit *fits;
  size_t nfits, fits_cap;
  /* what was read: the ids of every role and web role, sorted
   * (case-insensitively), and each model's solution unique name ("" for
   * none), so that a baseline can tell an entry of a role that is gone from
   * one of an input this analysis did not read */
  const char **role_ids;
  size_t nrole_ids;
  const char **solutions;
  size_t nsolutions;
  /* what the reported findings flag, in the order they were found */
  rc_flag *flags;
  size_t nflags, flags_cap;
};

/* A finding's identity, the one key that baselines, suppressions, diff and
 * SARIF fingerprints share: rule, role id, table, privilege, app (TM009),
 * web-role scope (PP001-PP003) and the table list of findings that list
 * tables (TM008's count, PP004). Never a line, a path, a name or the
 * severity. In a pattern, a NULL field matches anything. The web-role flag
 * is not part of it: a rule runs on roles or on web roles, never on both,
 * so the rule id already says which. */
typedef struct {
  const char *rule, *role_id, *table, *privilege, *app, *scope, *tables;
} rc_finding_key;

/* What a reported finding flags, for rolecheck fix: one grant of a role
 * (its index in rc_model_grant()), or one table permission of a web role
 * and the rights the clause matched. The finding is found again by its
 * role and key. */
struct rc_flag {
  const rc_clause *clause;
  size_t model, role;
  int webrole;
  rc_finding_key key; /* the finding's */
  size_t grant;       /* roles: the grant flagged */
  size_t permission;  /* web roles: the permission flagged */
  unsigned perm_rights;
};

/* The key of f; its strings are borrowed from f. */
void rc_finding_key__of(rc_finding_key *out, const rc_finding *f);
/* Order of two keys (no NULL fields), field by field: rule and app
 * exactly, the others ignoring ASCII case. 0 means the same finding. */
int rc_finding_key__cmp(const rc_finding_key *a, const rc_finding_key *b);
/* Does f have this key? NULL fields of the pattern match anything, the
 * others compare as rc_finding_key__cmp() does. */
int rc_finding_key__match(const rc_finding_key *pattern, const rc_finding *f);
/* FNV-1a-64 of the key's canonical text (rule and app as they are, the
 * other fields lowercased, separated by 0x1f; scope and table list only
 * when not empty): equal keys give equal fingerprints. */
uint64_t rc_finding_key__fingerprint(const rc_finding_key *k);
/* Canonical table list: split on commas and white space, lowercase, sort,
 * drop repeats, join with ",". NULL on ENOMEM; free with rc_free(). */
char *rc_finding_key__tables(const char *list);
/* Is role_id the id of a role or web role the analysis read? */
int rc_analysis__read_role(const rc_analysis *an, const char *role_id);
/* Is solution (a unique name, not "") one the analysis read? */
int rc_analysis__read_solution(const rc_analysis *an, const char *solution);
/* The solution unique name of model i ("" for none). */
const char *rc_analysis__solution(const rc_analysis *an, size_t model);
/* Record what was read, for baselines: every role and web role id, and
 * each model's solution. RC_OK or RC_ENOMEM. */
int rc_analysis__record_inputs(rc_analysis *an, rc_ctx *ctx,
                               rc_model *const *models, size_t count);
/* Keep the findings of all[0..n) whose reported flag is set (every one
 * when reported is NULL), in the analysis's order. RC_OK or RC_ENOMEM. */
int rc_analysis__keep(rc_analysis *an, rc_ctx *ctx, const rc_finding *all,
                      const int *reported, size_t n);

/* rc_analyze() keeping every finding of every rule, whatever the profile
 * of the role (the solution's own rules included): what a role would be
 * told under each profile at once, in one pass. */
int rc_analyze__every(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
                      const rc_assignments *assign, rc_model *const *models,
                      size_t count);

/* A thread other than the one that compiled the patterns gets its own
 * match data for rc_pattern_match() between these two (RC_OK or
 * RC_ENOMEM); the rule engine may then run on several threads at once. */
int rc_pattern__thread_begin(void);
void rc_pattern__thread_end(void);

/* Are the rule's findings reported for a role evaluated as profile (NULL
 * for none)? The rule pack's <profiles> say which are always reported. */
int rc_rule__reported_for(const rc_rule *rule, const char *profile);

/* Resolve the profile of a role: the profile (or NULL) and where it came
 * from. */
const char *rc_assignments__profile(const rc_assignments *a,
                                    const rc_role *role, const char **origin);

/* Where a configured Team Members app named app (compared ignoring ASCII
 * case; NULL: any app) maps role (the origin of its first such line), or
 * NULL. */
const char *rc_assignments__app_maps(const rc_assignments *a, const char *app,
                                     const rc_role *role);
/* Where app was first named, or NULL when no configured app has that
 * name. */
const char *rc_assignments__app_origin(const rc_assignments *a,
                                       const char *app);

#endif
