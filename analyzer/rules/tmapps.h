/* The Team Members app clauses: TM008's count of additional tables per
 * designated Team Members app (<count>), TM009's apps that are not
 * designated (<app-map>), and app access for the licence fit. */
#ifndef RC_RULES_TMAPPS_H
#define RC_RULES_TMAPPS_H

#include "rules/emit.h"

/* A <count> clause c of rule on role rv of model mi. RC_OK or an error. */
int rc_tmapps__count(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     const rc_role_view *rv, size_t mi, int reported);
/* An <app-map> clause: one finding per app of the role's input that maps
 * the role and is not in the clause's set. RC_OK or an error. */
int rc_tmapps__appmap(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                      const rc_role_view *rv, size_t mi, int reported);
/* Why no Team Members user can reach role's apps (*out, in the analysis's
 * arena or static), or *out NULL when access is possible or unknown.
 * RC_OK or RC_ENOMEM. */
int rc_tmapps__block(rc_engine *E, const rc_model *m, const rc_role *role,
                     const char **out);

#endif
