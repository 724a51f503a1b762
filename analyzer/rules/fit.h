/* Licence fit (licensing-rules reference, section 8): for each role, which
 * licences suffice, derived from the findings of the licensing rules and the
 * RESTRICTED set, and the smallest licence (set) that covers the role. */
#ifndef RC_RULES_FIT_H
#define RC_RULES_FIT_H

#include "rules/analysis.h"

/* Compute and append the fit of role ri of model m, given every finding the
 * rules produced for it (reported or not). tm_blocked, when not NULL, is
 * why no Team Members user can reach the role's apps: Team Members is then
 * "no" with that reason, whatever the findings say. */
int rc_fit__role(rc_analysis *an, rc_ctx *ctx, const rc_rulepack *pack,
                 const rc_model *m, size_t mi, size_t ri, const char *profile,
                 const char *origin, const rc_finding *findings, size_t n,
                 const char *tm_blocked);

/* Fit of web role wi for internal users (external users are covered by
 * Power Pages capacity): from the restricted tables its permissions can
 * create, update or delete. */
int rc_fit__webrole(rc_analysis *an, rc_ctx *ctx, const rc_rulepack *pack,
                    const rc_model *m, size_t mi, size_t wi);

/* Privilege differences between two copies of a role. */
typedef struct {
  size_t added, removed, changed;
} rc_copy_delta;

int rc_fit__role_delta(const rc_model *a, size_t ra, const rc_model *b,
                       size_t rb, rc_copy_delta *out);

#endif
