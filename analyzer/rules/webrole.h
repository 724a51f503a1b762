/* The rules on Power Pages web roles (PP001-PP004): the <permissions>
 * clauses over the table permissions linked to a web role. */
#ifndef RC_RULES_WEBROLE_H
#define RC_RULES_WEBROLE_H

#include "rules/emit.h"

/* Every <permissions> clause of rule on web role wi of model mi. RC_OK or
 * an error. */
int rc_webrole__eval(rc_engine *E, const rc_rule *rule, size_t mi, size_t wi);

#endif
