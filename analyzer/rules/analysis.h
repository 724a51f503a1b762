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

struct rc_assignments {
  rc_arena arena;
  rc_assignment *items;
  size_t count, cap;
  const char *assume;
  const char *assume_origin;
};

struct rc_analysis {
  rc_arena arena;
  const rc_rulepack *pack;
  rc_finding *findings; /* reported */
  size_t nfindings, findings_cap;
  rc_role_fit *fits;
  size_t nfits, fits_cap;
};

/* Canonical table list: split on commas and white space, lowercase, sort,
 * drop repeats, join with ",". NULL on ENOMEM; free with rc_free(). */
char *rc_finding_key__tables(const char *list);

/* Resolve the profile of a role: the profile (or NULL) and where it came
 * from. */
const char *rc_assignments__profile(const rc_assignments *a,
                                    const rc_role *role, const char **origin);
/* Case-insensitive key comparison of a finding with rule/role/table/
 * privilege/app/table-list values; NULL or "" pattern fields match anything
 * when wildcard is set; a NULL table list always matches any. */
int rc_finding__matches(const rc_finding *f, const char *rule,
                        const char *role_id, const char *table,
                        const char *privilege, const char *app,
                        const char *tables, int wildcard);

#endif
